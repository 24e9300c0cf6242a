#!/usr/bin/env bash
# -j N: annotate and ingest on several threads give exactly what one
# thread gives: annotate's output byte for byte and in input order, and
# the store's content (articles, identities, mentions, quotes,
# near-duplicate links, stories, search index, the full-text index's
# own bytes) table for table. Bad
# records in the middle keep their place in the messages.
set -u
H=${1:?usage: test_parallel.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

python3 tests/gen_articles.py 400 11 >"$T/gen.jsonl"
{ head -200 "$T/gen.jsonl"; printf '{"text": broken\n'; tail -n +201 "$T/gen.jsonl"; } >"$T/mixed.jsonl"
# annotate: identical bytes and messages for 1, 2 and 5 threads
for j in 1 2 5; do
  "$H" annotate -j $j corpus "$T/mixed.jsonl" >"$T/a$j.out" 2>"$T/a$j.err"; echo $? >"$T/a$j.rc"
done
ok "annotate writes every article" '[ "$(grep -c . "$T/a1.out")" = 415 ]'
ok "annotate -j 2 identical" 'cmp -s "$T/a1.out" "$T/a2.out"'
ok "annotate -j 5 identical" 'cmp -s "$T/a1.out" "$T/a5.out"'
ok "annotate messages identical" 'cmp -s "$T/a1.err" "$T/a2.err" && cmp -s "$T/a1.err" "$T/a5.err"'
ok "annotate exit 1 for the bad line" '[ "$(cat "$T/a1.rc")" = 1 ] && [ "$(cat "$T/a2.rc")" = 1 ]'

# ingest: the same store for 1 and 2 threads, also when re-run (skips)
. "$(dirname "$0")/lib/store_dump.sh"
dump() { store_dump "$1"; }
for j in 1 2; do
  "$H" ingest -q -j $j --batch 50 --db "$T/s$j.db" corpus "$T/gen.jsonl" 2>"$T/i$j.err"; echo $? >"$T/i$j.rc"
  "$H" ingest -q -j $j --db "$T/s$j.db" corpus "$T/gen.jsonl" 2>>"$T/i$j.err"
  dump "$T/s$j.db" >"$T/s$j.dump"
done
ok "ingest -j 1 exit 0" '[ "$(cat "$T/i1.rc")" = 0 ]'
ok "ingest -j 2 exit 0" '[ "$(cat "$T/i2.rc")" = 0 ]'
ok "store has articles and stories" 'grep -q "^== stories" "$T/s1.dump" && [ "$(sqlite3 "$T/s1.db" "SELECT count(*) FROM articles")" -ge 400 ]'
ok "ingest -j 2 store identical" 'cmp -s "$T/s1.dump" "$T/s2.dump"'
ok "search identical" '[ "$("$H" search --db "$T/s1.db" --json the)" = "$("$H" search --db "$T/s2.db" --json the)" ]'
# -j 2 tokenises the full-text entries on the annotating threads
# (src/store/fts_ahead.h): the index itself must be the same bytes
fts() { sqlite3 "$1" "SELECT id, hex(block) FROM articles_fts_data ORDER BY id; SELECT id, hex(sz) FROM articles_fts_docsize ORDER BY id"; }
ok "ingest -j 2 full-text index identical" '[ -n "$(fts "$T/s1.db")" ] && [ "$(fts "$T/s1.db")" = "$(fts "$T/s2.db")" ]'

# the writer thread of -j 2 (store.c): copies and near-copies of articles
# stored in earlier batches and in the same batch, exact repeats (skipped),
# a run that stops halfway and a re-run with another batch size that adds
# the rest: the same store as -j 1 at every step
python3 - "$T/gen.jsonl" >"$T/dups.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])][:240]
out = []
for i, r in enumerate(rows):
    out.append(r)
    if i % 9 == 4:
        out.append(r)  # the same input again: skipped
    if i >= 30 and i % 4 == 1:  # a near-copy of an earlier article, from another outlet
        c = dict(rows[i - 3 * (i % 11) - 1])
        c["id"] = "copy%d" % i
        c["source"] = "Copy Desk"
        c["text"] = c["text"] + " Editing by the copy desk."
        out.append(c)
for r in out:
    print(json.dumps(r))
PY
head -150 "$T/dups.jsonl" >"$T/dups_half.jsonl"
for j in 1 2; do
  "$H" ingest -q -j $j --batch 17 --db "$T/d$j.db" "$T/dups_half.jsonl" 2>"$T/d$j.err"; echo $? >"$T/d$j.rc"
  dump "$T/d$j.db" >"$T/d$j.half"
  "$H" ingest -q -j $j --batch 40 --db "$T/d$j.db" "$T/dups.jsonl" 2>>"$T/d$j.err" || echo 1 >"$T/d$j.rc"
  dump "$T/d$j.db" >"$T/d$j.dump"
done
ok "copies: ingest exit 0" '[ "$(cat "$T/d1.rc")" = 0 ] && [ "$(cat "$T/d2.rc")" = 0 ]'
ok "copies: stored as near-duplicates" '[ "$(sqlite3 "$T/d1.db" "SELECT count(dup_of) FROM articles")" -ge 40 ]'
ok "copies: -j 2 store identical after the first run" 'cmp -s "$T/d1.half" "$T/d2.half"'
ok "copies: -j 2 store identical after the re-run" 'cmp -s "$T/d1.dump" "$T/d2.dump"'

# HERALD_TIMELINE (include/herald/timeline.h): spans of every thread,
# written at exit, read by bench/timeline.py; the store is not changed
HERALD_TIMELINE="$T/tl.tsv" "$H" ingest -q -j 2 --batch 40 --db "$T/tl.db" "$T/dups_half.jsonl" 2>/dev/null
dump "$T/tl.db" >"$T/tl.dump"
ok "timeline: work, sink, writer and close spans" 'grep -q "^work0	work	" "$T/tl.tsv" && grep -q "^sink	sink	" "$T/tl.tsv" &&
  grep -q "^writer	w-commit	" "$T/tl.tsv" && grep -q "^main	identities	" "$T/tl.tsv"'
ok "timeline: summarised" 'python3 bench/timeline.py "$T/tl.tsv" 0.1 | grep -q "^writer "'
ok "timeline: the same store" 'cmp -s "$T/d1.half" "$T/tl.dump"'

# bad values
"$H" annotate -j 0 corpus >/dev/null 2>"$T/err"; rc=$?
ok "-j 0 is a usage error" '[ $rc -eq 2 ] && grep -q "\-j takes" "$T/err"'
"$H" ingest -j x --db "$T/x.db" corpus >/dev/null 2>&1; rc=$?
ok "-j x is a usage error" '[ $rc -eq 2 ]'
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
