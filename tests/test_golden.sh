#!/usr/bin/env bash
# test_golden.sh HERALD: golden files per stage. tests/golden/STAGE/NAME.txt
# goes through `herald annotate` with the stages up to STAGE, and the
# fields that STAGE writes must equal tests/golden/STAGE/NAME.json:
#   clean      title, section, kind, byline, outlet, text, removed
#   segment    paragraphs, sentences and tokens, as their text
#   tag        entities: type, text, title
#   resolve    identities: id, type, name, aliases, titles
#   attribute  quotes: type, content, cue, source (as text), speaker, kind
# Adding a regression case = adding a NAME.txt (run with UPDATE=1 to write
# its NAME.json, and check that file by eye before committing).
# Needs python3 (else skipped, 77).
set -u
H=${1:?usage: test_golden.sh HERALD}
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
DIR=$(dirname "$0")/golden
FILTER='
import json, sys
stage = sys.argv[1]
d = json.loads(sys.stdin.readline())
t = d["text"].encode("utf-8")
def s(span): return None if span is None else t[span[0]:span[1]].decode("utf-8")
if stage == "clean":
    keep = {k: d[k] for k in ("title", "section", "kind", "byline", "outlet", "text", "removed")}
elif stage == "segment":
    keep = {"paragraphs": [s(p) for p in d["paragraphs"]], "sentences": [s(x) for x in d["sentences"]],
            "tokens": [s(x) for x in d["tokens"]]}
elif stage == "tag":
    keep = {"entities": [{k: e.get(k) for k in ("type", "text", "title")} for e in d["entities"]]}
elif stage == "resolve":
    keep = {"identities": d["identities"]}
else:
    keep = {"quotes": [{"type": q["type"], "content": s(q["content"]), "cue": s(q.get("cue")),
                        "source": s(q.get("source")), "speaker": q.get("speaker"), "kind": q.get("speaker_kind")}
                       for q in d["quotes"]]}
print(json.dumps(keep, indent=1, ensure_ascii=False, sort_keys=True))'
flags_for() {
  case $1 in
    clean) echo "--no-ner --no-quotes" ;;
    segment) echo "--no-ner --no-quotes --tokens" ;;
    tag|resolve) echo "--no-quotes" ;;
    *) echo "" ;;
  esac
}
pass=0; fail=0
for sdir in "$DIR"/*/; do
  stage=$(basename "$sdir")
  for in in "$sdir"*.txt; do
    [ -e "$in" ] || continue
    exp=${in%.txt}.json
    # shellcheck disable=SC2046
    got=$("$H" annotate $(flags_for "$stage") -q "$in" | python3 -c "$FILTER" "$stage")
    if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$got" >"$exp"; echo "wrote $exp"; continue; fi
    if [ ! -f "$exp" ]; then echo "FAIL: $exp missing (run with UPDATE=1)" >&2; fail=$((fail+1)); continue; fi
    if [ "$got" = "$(cat "$exp")" ]; then pass=$((pass+1))
    else
      echo "FAIL: $stage/$(basename "$in")" >&2
      diff <(printf '%s\n' "$got") "$exp" | head -40 >&2
      fail=$((fail+1))
    fi
  done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
