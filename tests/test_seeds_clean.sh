#!/usr/bin/env bash
# test_seeds_clean.sh HERALD: the clean stage on the two seed articles in
# ../shared/seeds (not in the repo; skipped, 77, when absent): titles,
# kinds, byline and outlet of the opinion piece, and every piece of debris
# removed and listed with its reason. Needs python3 (else 77).
set -u
H=${1:?usage: test_seeds_clean.sh HERALD}
SEEDS=$(dirname "$0")/../../shared/seeds
[ -d "$SEEDS" ] || { echo "no ../shared/seeds: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
S0=$(ls "$SEEDS"/000_*.txt 2>/dev/null | head -1)
S4=$(ls "$SEEDS"/004_*.txt 2>/dev/null | head -1)
[ -n "$S0" ] && [ -n "$S4" ] || { echo "seed files missing: skipped"; exit 77; }
"$H" annotate --no-ner --no-quotes -q "$S0" "$S4" | python3 -c '
import json, sys
fails = 0
def check(cond, what):
    global fails
    if not cond:
        fails += 1
        print("FAIL:", what, file=sys.stderr)
def removed(d, reason, needle):
    return any(r["reason"] == reason and needle in r["text"] for r in d["removed"])
a, b = [json.loads(l) for l in sys.stdin]
# 000: section line, placeholder, trailing non-breaking spaces
check(a["title"] == "Kerry hopes to salvage frayed Syrian peace", "000 title: %r" % a["title"])
check(a["kind"] == "news", "000 kind")
check(a["section"] == "National Security", "000 section: %r" % a["section"])
check(removed(a, "section", "National Security"), "000 section line removed")
check(removed(a, "placeholder", "{mosads}") and "{mosads}" not in a["text"], "000 placeholder removed")
check(sum(r["reason"] == "whitespace" for r in a["removed"]) == 2 and "\u00a0" not in a["text"], "000 NBSP at line ends")
check(a["text"].startswith("Kerry hopes") and "\n\nAmerican diplomats" in a["text"], "000 body kept")
check("\n\n\u201cIt is simply physically impossible" in a["text"], "000 last paragraph kept")
# 004: masthead+slogan, fused section, caption, author promo, related links
check(b["title"] == "Inside Kerry\u2019s race to stop the siege of Aleppo", "004 title: %r" % b["title"])
check(b["kind"] == "opinion", "004 kind: %r" % b["kind"])
check(b["section"] == "Opinion", "004 section")
check(b["outlet"] == "The Washington Post", "004 outlet: %r" % b["outlet"])
check((b["byline"] or "").startswith("Josh Rogin"), "004 byline: %r" % b["byline"])
check(removed(b, "masthead", "Democracy Dies in Darkness"), "004 masthead removed")
check(removed(b, "section", "Opinion"), "004 fused section removed")
check(removed(b, "caption", "Getty Images)"), "004 caption removed")
check(removed(b, "author-promo", "archive"), "004 author promo removed")
check(removed(b, "related", "Read more on this topic"), "004 related header removed")
for item in ("Philip Gordon", "Omair Shaaban", "Louisa Loveluck", "frightening worldview"):
    check(removed(b, "related", item) and item not in b["text"], "004 related item " + item)
check(b["text"].startswith("Inside Kerry"), "004 text starts with the headline")
check(b["text"].rstrip().endswith("avoid that disaster."), "004 text ends with the body")
check("Democracy Dies" not in b["text"] and "Mark Ralston" not in b["text"], "004 debris gone")
print("seeds: %d failed checks" % fails)
sys.exit(1 if fails else 0)
'
