#!/usr/bin/env bash
# gen.sh DIR: writes the worst-case inputs every stage must handle in
# linear time. Generated, not committed, so the repo stays small.
set -eu
D=${1:?usage: gen.sh DIR}
mkdir -p "$D"
# 100 MB with no newline (and no sentence end)
yes 'word' | tr -d '\n' | head -c 100000000 >"$D/no_newline.txt"
# 100,000 quote marks, curly and straight, unbalanced
{ printf 'He said '; for _ in $(seq 1 25000); do printf '“ " ‘ x'; done; printf '\n'; } >"$D/quotes.txt"
# 100,000 opening brackets, then as many closing ones
{ printf 'Start '; head -c 100000 /dev/zero | tr '\0' '('; printf ' middle '; head -c 100000 /dev/zero | tr '\0' ')'; printf '\n'; } >"$D/brackets.txt"
# 1,000,000 words with no sentence end in one paragraph
yes 'Alpha Beta said' | head -n 333334 | tr '\n' ' ' >"$D/no_sentence_end.txt"
# 100,000 abbreviations and initials in a row
yes 'Rep. J. K. U.S.' | head -n 25000 | tr '\n' ' ' >"$D/abbrevs.txt"
# JSON nested 100,000 deep inside a JSON line
{ printf '{"text":"ok","x":'; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}\n'; } >"$D/deep.jsonl"
# 100,000 debris-like placeholders
yes '{ad} Text {mosaic} more [[ad]] text.' | head -n 100000 | tr '\n' ' ' >"$D/placeholders.txt"
{ printf "<html><body>"; for i in $(seq 1 20000); do printf "<div>"; done; printf "<p>Deep text here.</p></body></html>\n"; } >"$D/deep.html"
