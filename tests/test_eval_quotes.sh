#!/usr/bin/env bash
# `herald eval quotes`: scoring against a PolNeAR-layout directory built
# here from hand-written text (brat offsets in code points, discontinuous
# spans, the first .ann in name order as gold, --json figures).
set -u
H=${1:?usage: test_eval_quotes.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d + "/text"); os.makedirs(d + "/attributions")
def article(name, text, rels, extra=None):
    open(f"{d}/text/{name}.txt", "w", encoding="utf-8").write(text)
    lines, t, e = [], 0, 0
    for rel in rels:
        ids = {}
        for role, parts in rel.items():
            offs = []
            for p in parts:
                s = text.index(p)  # code points, as brat counts
                offs.append(f"{s} {s + len(p)}")
            t += 1
            ids[role] = f"T{t}"
            lines.append(f"T{t}\t{role} {';'.join(offs)}\t{' '.join(parts)}")
        e += 1
        lines.append(f"E{e}\tAttribution:{ids['Cue']} " + " ".join(f"{r}:{i}" for r, i in ids.items()))
    open(f"{d}/attributions/{name}_a1.ann", "w", encoding="utf-8").write("\n".join(lines) + "\n")
    if extra:  # a second annotator, later in name order: must be ignored
        open(f"{d}/attributions/{name}_b2.ann", "w", encoding="utf-8").write(extra)
article("pier-one", "Café news — “We will reopen the pier,” Elena Ruiz said on Monday.\n\n"
        "The port authority has argued that the pier is unsafe.\n",
        [{"Content": ["“We will reopen the pier,”"], "Cue": ["said"], "Source": ["Elena Ruiz"]},
         {"Content": ["that the pier is unsafe"], "Cue": ["has argued"], "Source": ["The port authority"]}],
        extra="T1\tSource 0 4\tCafé\nT2\tCue 5 9\tnews\nT3\tContent 10 12\tx\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n")
article("pier-two", "“The pier is old,” Ruiz said. “It needs work.”\n\nOrlov grimaced at the plan.\n",
        [{"Content": ["“The pier is old,”", "“It needs work.”"], "Cue": ["said"], "Source": ["Ruiz"]},
         {"Content": ["the plan"], "Cue": ["grimaced at"], "Source": ["Orlov"]}])
PY
out=$("$H" eval quotes "$tmp" --json --no-ner 2>/dev/null); rc=$?
pass=0; fail=0
ok() { if python3 -c "import json,sys; j=json.loads(sys.argv[1]); sys.exit(0 if ($2) else 1)" "$out" 2>/dev/null; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
[ $rc = 0 ] || { echo "FAIL: exit $rc"; exit 1; }
ok "two articles scored" 'j["articles"] == 2 and j["skipped"] == 0'
ok "content exact: all predicted right" 'j["overall"]["content"]["exact"]["p"] == 1.0'
ok "content exact: 3 of 4 gold found" 'abs(j["overall"]["content"]["exact"]["r"] - 0.75) < 1e-9'
ok "cue exact 3 of 4" 'abs(j["overall"]["cue"]["exact"]["r"] - 0.75) < 1e-9 and j["overall"]["cue"]["exact"]["p"] == 1.0'
ok "source exact: 3 of 4" 'j["overall"]["source"]["exact"]["p"] == 1.0 and abs(j["overall"]["source"]["exact"]["r"] - 0.75) < 1e-9'
ok "direct quotes: both found exactly" 'j["direct"]["content"]["exact"]["f1"] == 1.0 and j["direct"]["content"]["exact"]["gold"] == 2'
ok "overlap >= exact" 'all(j["overall"][r]["overlap"]["f1"] >= j["overall"][r]["exact"]["f1"] for r in ("content", "cue", "source"))'
ok "one-to-one is the default, lenient reported too" 'j["matching"] == "one-to-one" and all(j["lenient"]["overall"][r][m]["f1"] >= j["overall"][r][m]["f1"] for r in ("content", "cue", "source") for m in ("exact", "overlap"))'
ok "speaker accuracy over matched gold with a source" 'j["speaker_scored"] == 3 and j["speaker_accuracy"] == 1.0'
ok "records, no overlapping pair, all with a speaker-like source" 'j["records"] == 3 and j["overlapping_records"] == 0 and 0 <= j["no_speaker_share"] <= 1'
ok "content precision is the one-to-one overlap precision" 'j["content_precision"] == j["overall"]["content"]["overlap"]["p"]'
ok "direct speaker" 'j["direct_speaker"]["found"] == 2 and j["direct_speaker"]["source_exact"] == 1.0'
"$H" eval quotes "$tmp/nowhere" >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: missing dir is a usage error" >&2; }
# train quotes on the same fixture: a word list for data/lexicons/ (comment
# header, then rows of key TAB frame TAB right TAB seen, if any)
tab=$("$H" train quotes "$tmp" --no-ner 2>/dev/null); trc=$?
if [ $trc = 0 ] && grep -q "^# from 2 training articles" <<<"$tab" && ! grep -v '^#' <<<"$tab" | grep -qvP '^[^\t]+\t[0-9]+\t[0-9]+\t[0-9]+$'; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: train quotes table" >&2; fi
"$H" train quotes "$tmp/nowhere" >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: train quotes on a missing dir is a usage error" >&2; }
# confidence on every record, --min-confidence filters, bad values are usage errors
txt='"We will reopen the pier," Elena Ruiz said on Monday. The port authority has argued that the pier is unsafe.'
j0=$(printf '%s\n' "$txt" | "$H" annotate -q --min-confidence 0 - 2>/dev/null)
j1=$(printf '%s\n' "$txt" | "$H" annotate -q --min-confidence 1 - 2>/dev/null)
if python3 -c "
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
qa=a['quotes']; qb=b['quotes']
assert qa and all(0 <= q['confidence'] <= 1 for q in qa)
assert len(qb) == sum(1 for q in qa if q['confidence'] >= 1)
" "$j0" "$j1" 2>/dev/null; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: confidence and --min-confidence" >&2; fi
printf 'x\n' | "$H" annotate -q --min-confidence 1.5 - >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --min-confidence 1.5 is a usage error" >&2; }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
