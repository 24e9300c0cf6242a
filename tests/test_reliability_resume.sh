#!/usr/bin/env bash
# Reliability regression (issue "No input crashes herald or loses data",
# item 9): a resumed ingest must give the stories of one pass. The
# clusterer's state reloaded from the store was not the state held in
# memory (document frequencies saved only when grown by a tenth, posting
# lists rebuilt from the stories' terms), so ingesting the first third and
# then everything, or a kill -9 and a re-run, gave other stories than one
# pass (on these fixtures: 1217 stories instead of 1238). Now the state is
# saved exactly; the story partition, the stories table and the
# clustering terms must equal a one-pass run's.
# Fixtures: tests/gen_stories.py (close-call stories). With ../shared,
# the same on 3,000 Reuters articles.
set -u
H=${1:?usage: test_reliability_resume.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
q() { sqlite3 "$1" "$2"; }
# the story partition: each story as its sorted article ids, one per line, sorted
partition() { q "$1" "select group_concat(ext_id, ',') from (select ext_id, story_id from articles order by ext_id)
                      group by story_id" | sort; }
stories() { q "$1" "select id, label, first, last, articles, outlets, merged_into, thread_id, hex(state)
                    from stories order by id"; }
terms() { q "$1" "select id, term from cluster_terms order by id; select id, hex(state) from cluster_chunks order by id"; }
n_stories() { q "$1" "select count(distinct story_id) from articles"; }
same_as() { # DB REF: same partition, stories and terms
  partition "$1" >"$T/p1"; partition "$2" >"$T/p2"
  stories "$1" >"$T/s1"; stories "$2" >"$T/s2"
  terms "$1" >"$T/t1"; terms "$2" >"$T/t2"
  cmp -s "$T/p1" "$T/p2" && cmp -s "$T/s1" "$T/s2" && cmp -s "$T/t1" "$T/t2"
}

N=3000
python3 "$(dirname "$0")/gen_stories.py" $N 1 >"$T/in.jsonl"
head -1000 "$T/in.jsonl" >"$T/first.jsonl"
ing() { "$H" ingest -q --no-ner "$@"; }

ing --batch 100 --db "$T/one.db" "$T/in.jsonl"
ing --batch 100 --db "$T/res.db" "$T/first.jsonl"
ing --batch 100 --db "$T/res.db" "$T/in.jsonl"
echo "one pass: $(n_stories "$T/one.db") stories; first 1000 then all: $(n_stories "$T/res.db")"
ok "resumed ingest: same story partition as one pass" 'partition "$T/res.db" | cmp -s - <(partition "$T/one.db")'
ok "resumed ingest: same stories and clustering terms" 'same_as "$T/res.db" "$T/one.db"'

# resumed again with another batch size, three times over
ing --batch 30 --db "$T/b.db" <(head -400 "$T/in.jsonl")
ing --batch 250 --db "$T/b.db" <(head -2100 "$T/in.jsonl")
ing --batch 100 --db "$T/b.db" "$T/in.jsonl"
ok "resumed twice, other batch sizes: same as one pass" 'same_as "$T/b.db" "$T/one.db"'

# kill -9 at random moments, re-run (possibly killed again), complete
# (the batch size does not change what one pass gives: a check of that)
ing --batch 50 --db "$T/one50.db" "$T/in.jsonl"
ok "one pass does not depend on the batch size" 'same_as "$T/one50.db" "$T/one.db"'
for trial in 1 2 3; do
  db="$T/k$trial.db"
  kills=""
  for round in 1 2; do
    "$H" ingest -q --no-ner --batch 50 --db "$db" "$T/in.jsonl" 2>/dev/null &
    pid=$!   # herald itself (not a subshell), so kill -9 hits the ingest
    sleep "0.$(( (RANDOM % 9) + 1 ))$(( RANDOM % 10 ))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    kills="$kills $(q "$db" "select count(*) from articles" 2>/dev/null || echo 0)"
  done
  ing --batch 50 --db "$db" "$T/in.jsonl"
  echo "trial $trial: killed with$kills articles stored, then completed"
  ok "kill -9 trial $trial: same stories as one pass" 'same_as "$db" "$T/one.db"'
done

# Reuters, when ../shared is there (without NER, to keep the test short:
# the resumed run differed there too, 1181 stories against 1190)
R=../shared/data/reuters21578
[ -d "$R" ] || R=$(dirname "$0")/../../shared/data/reuters21578
if [ -d "$R" ] && [ -z "${HERALD_SANITIZED:-}" ]; then
  python3 "$(dirname "$0")/../bench/reuters2jsonl.py" "$R" 2>/dev/null | head -3000 >"$T/r.jsonl"
  head -1000 "$T/r.jsonl" >"$T/r1.jsonl"
  "$H" ingest -q --no-ner --batch 100 --db "$T/rone.db" "$T/r.jsonl"
  "$H" ingest -q --no-ner --batch 100 --db "$T/rres.db" "$T/r1.jsonl"
  "$H" ingest -q --no-ner --batch 100 --db "$T/rres.db" "$T/r.jsonl"
  echo "Reuters: one pass $(n_stories "$T/rone.db") stories; first 1000 then all: $(n_stories "$T/rres.db")"
  ok "Reuters resumed: same stories as one pass" 'same_as "$T/rres.db" "$T/rone.db"'
else
  echo "Reuters variant skipped (no ../shared/data/reuters21578, or a sanitizer build)"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
