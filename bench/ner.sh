#!/usr/bin/env bash
# NER speed, one run: herald's tagger (`herald eval ner`, features +
# Viterbi, one core) against the npm package `compromise` (a rule-based JS
# tagger: people/places/organizations) on the same text: the CoNLL-2003
# valid.txt documents, tokens joined by spaces. compromise is installed
# with npm into a temp dir at run time and never committed.
set -u
H=${1:-build/herald}
cd "$(dirname "$0")/.."
V=../shared/data/conll2003/valid.txt
[ -f "$V" ] || { echo "bench/ner: $V absent; skipped"; exit 0; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
echo "== NER: herald vs compromise on CoNLL-2003 valid.txt =="
read -r h_tps h_cpu h_f1 h_tok < <("$H" eval ner "$V" --json --repeat 5 |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["tokens_per_s"], d["tokens_per_cpu_s"], d["f1"], d["tokens"])')
printf 'herald     %10.0f tokens/s  (%.0f per CPU second; best of 5 runs; dev F1 %.2f, %d tokens)\n' \
  "$h_tps" "$h_cpu" "$h_f1" "$h_tok"
awk '/^-DOCSTART-/{if(d!="")print d; d=""; next} NF{d=d (d==""?"":" ") $1} END{if(d!="")print d}' "$V" >"$T/docs.txt"
if ! command -v npm >/dev/null || ! (cd "$T" && npm init -y >/dev/null 2>&1 &&
     npm install --silent --no-audit --no-fund compromise >/dev/null 2>&1); then
  echo "compromise: npm install failed (offline?); no comparison"; exit 0
fi
cat >"$T/run.js" <<'JS'
const nlp = require('compromise');
const fs = require('fs');
const docs = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let tokens = 0, ents = 0;
for (const d of docs) tokens += d.split(' ').length;
const t0 = process.hrtime.bigint();
for (const d of docs) {
  const doc = nlp(d);
  ents += doc.people().length + doc.places().length + doc.organizations().length;
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${tokens / s} ${ents} ${tokens}`);
JS
read -r c_tps c_ents c_tok < <(node "$T/run.js" "$T/docs.txt")
printf 'compromise %10.0f tokens/s  (%d entities found, %d tokens)\n' "$c_tps" "$c_ents" "$c_tok"
awk -v a="$h_tps" -v b="$c_tps" 'BEGIN{printf "ratio      herald/compromise = %.1fx\n", a/b}'
