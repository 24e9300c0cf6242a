#!/usr/bin/env bash
# Attribution and resolution on the two shared seed articles (who said
# what, speaker kinds, identity keys shared across the two articles).
# Skipped (77) when ../shared/seeds, the NER model or python3 is absent.
# Quotes are found by short anchors of a few words; expectations are the
# issue's, checked against herald's JSON.
set -u
H=${1:?usage: test_seeds_quotes.sh HERALD}
S=../shared/seeds
[ -d "$S" ] || { echo "skip: $S absent"; exit 77; }
[ -f models/ner-en.bin ] || { echo "skip: models/ner-en.bin missing (needs the NER model)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
s0=$(ls "$S"/000_*.txt 2>/dev/null | head -1); s4=$(ls "$S"/004_*.txt 2>/dev/null | head -1)
[ -n "$s0" ] && [ -n "$s4" ] || { echo "skip: seeds 000/004 absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$H" annotate -q "$s0" > "$tmp/0.json" && "$H" annotate -q "$s4" > "$tmp/4.json" || { echo "FAIL: annotate"; exit 1; }
python3 - "$tmp/0.json" "$tmp/4.json" <<'PY'
import json, sys
A = [json.load(open(p)) for p in sys.argv[1:3]]
fails = 0
def check(name, cond):
    global fails
    if not cond:
        fails += 1
        print("FAIL:", name, file=sys.stderr)
def text(j, sp):
    return j["text"].encode()[sp[0]:sp[1]].decode() if sp else None
def quote(j, anchor):  # in any content piece: one statement may continue after its cue
    for q in j["quotes"]:
        if any(anchor in text(j, sp) for sp in q.get("content_pieces", [q["content"]])):
            return q
    return None
def ident(j, surname):
    for i in j["identities"]:
        if i["type"] == "PER" and i["name"].endswith(surname):
            return i
    return None
j0, j4 = A
kerry = ident(j0, "Kerry")
check("seed 000: a Kerry identity", kerry is not None)
kk = kerry and kerry["id"]
check("Kerry has the title Secretary of State", kerry and any("Secretary of State" in t for t in kerry["titles"]))
for anchor, kind in [("Literally thousands", "named"), ("spiraling out", "named"),
                     ("no solution to this", "pronoun"), ("horrific violence", "named"),
                     ("Our teams are", None), ("physically impossible", None)]:
    q = quote(j0, anchor)
    check("quote '%s' found" % anchor, q is not None)
    if q:
        check("'%s' -> Kerry (got %s)" % (anchor, q["speaker"]), q["speaker"] == kk)
        if kind: check("'%s' kind %s (got %s)" % (anchor, kind, q["speaker_kind"]), q["speaker_kind"] == kind)
q = quote(j0, "spiraling out")
check("'spiraling out' is partial", q and q["type"] == "partial")
q = quote(j0, "no solution to this")
check("'no solution' source is he", q and text(j0, q["source"]) == "he")
added = [q for q in j0["quotes"] if q["cue"] and text(j0, q["cue"]) == "added"]
check("the quote cued 'added' -> Kerry", len(added) == 1 and added[0]["speaker"] == kk)
argued = [q for q in j0["quotes"] if q["cue"] and text(j0, q["cue"]).endswith("argued")]
check("indirect 'argued' found", len(argued) == 1)
if argued:
    check("'argued' source is the Obama administration", text(j0, argued[0]["source"]) == "The Obama administration")
    check("'argued' is an organization", argued[0]["speaker_kind"] == "organization")
    check("'argued' is indirect", argued[0]["type"] == "indirect")
for anchor, src in [("actively trying to push", "one official"), ("not giving up", None),
                    ("force the city to surrender", "the official")]:
    q = quote(j4, anchor)
    check("quote '%s' found" % anchor, q is not None)
    if q:
        check("'%s' anonymous (got %s)" % (anchor, q["speaker_kind"]), q["speaker_kind"] == "anonymous")
        if src: check("'%s' source %s" % (anchor, src), text(j4, q["source"]) == src)
trump = ident(j4, "Trump")
q = quote(j4, "very strong ideas")
check("'very strong ideas' -> Donald Trump", q and trump and q["speaker"] == trump["id"])
desc = [q for q in j4["quotes"] if q["cue"] and text(j4, q["cue"]) == "described"]
check("'described' -> four administration officials, anonymous",
      len(desc) == 1 and text(j4, desc[0]["source"]).lower() == "four administration officials"
      and desc[0]["speaker_kind"] == "anonymous")
for surname in ["Kerry", "Lavrov", "Assad"]:
    x, y = ident(j0, surname), ident(j4, surname)
    check("%s: one key in both seeds (%s, %s)" % (surname, x and x["id"], y and y["id"]),
          x is not None and y is not None and x["id"] == y["id"])
print("seeds quotes: %d failed" % fails)
sys.exit(1 if fails else 0)
PY
