#!/usr/bin/env bash
# test_memory.sh HERALD: an article that needs more memory than it may
# have fails alone, with a clear out-of-memory error naming its file and
# record, and the batch goes on (issue 8 item 3, docs/pipeline.md):
#  1. --max-memory (the per-article arena cap) in annotate and ingest;
#  2. a real allocation failure under `ulimit -v` (skipped under
#     sanitizers, which reserve terabytes of address space).
set -u
H=${1:?usage: test_memory.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

# three records, the middle one about 1.5 MB of prose
python3 - "$T/batch.jsonl" <<'PY'
import json, sys
s = "Mayor Ida Brun met Tom Walsh on Monday at the harbour office in Valdmark. "
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "small-1", "text": "Tom Walsh said the union would appeal the ruling."}) + "\n")
    f.write(json.dumps({"id": "huge", "text": s * 20000}) + "\n")
    f.write(json.dumps({"id": "small-2", "text": "Ida Brun said the plan was final."}) + "\n")
PY
"$H" annotate --max-memory 8M "$T/batch.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "annotate: exit 1 when a record failed" '[ $rc = 1 ]'
ok "annotate: the records before and after are written" '[ "$(python3 -c "import json,sys; print(\" \".join(json.loads(l)[\"id\"] for l in open(sys.argv[1])))" "$T/out")" = "small-1 small-2" ]'
ok "annotate: the error names file, record and out of memory" 'grep -q "batch.jsonl:2: .*out of memory" "$T/err"'
ok "annotate: the summary counts it" 'grep -q "3 read, 2 written, 1 failed" "$T/err"'
"$H" annotate --max-memory 1G "$T/batch.jsonl" >"$T/out2" 2>/dev/null; rc=$?
ok "annotate: under a large cap every record is written" '[ $rc = 0 ] && [ "$(wc -l <"$T/out2")" = 3 ]'
"$H" annotate --max-memory banana "$T/batch.jsonl" >/dev/null 2>&1; rc=$?
ok "annotate: a malformed --max-memory is a usage error" '[ $rc = 2 ]'

"$H" ingest -q --max-memory 8M --db "$T/s.db" "$T/batch.jsonl" 2>"$T/ierr"; rc=$?
ok "ingest: exit 1 when a record failed" '[ $rc = 1 ]'
ok "ingest: the error names the record" 'grep -q "batch.jsonl:2: .*out of memory" "$T/ierr"'
if command -v sqlite3 >/dev/null; then
  ok "ingest: the other records are stored" '[ "$(sqlite3 "$T/s.db" "SELECT count(*) FROM articles")" = 2 ]'
fi

# a real allocation failure: 40 MB of prose under a 300 MB address-space limit
if [ -n "${HERALD_SANITIZED:-}" ]; then
  echo "note: ulimit case skipped under sanitizers"
else
  python3 - "$T/ulimit.jsonl" <<'PY'
import json, sys
s = "Mayor Ida Brun met Tom Walsh on Monday at the harbour office in Valdmark. "
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "huge", "text": s * 540000}) + "\n")
    f.write(json.dumps({"id": "after", "text": "Tom Walsh said the union would appeal."}) + "\n")
PY
  # the limit is the address space herald maps before reading (libraries,
  # thread stacks: it grows with every library linked) plus 210 MB for the
  # record, so the failure is the record's whatever the binary links
  sleep 2 | "$H" annotate - >/dev/null 2>&1 & hp=$!
  sleep 1
  base=$(awk '/^VmSize/ {print $2}' "/proc/$hp/status" 2>/dev/null); wait $hp
  (ulimit -v $(( ${base:-90000} + 210000 )); "$H" annotate --max-bytes 100000000 "$T/ulimit.jsonl" >"$T/uout" 2>"$T/uerr"); rc=$?
  ok "ulimit: exit 1, no abort" '[ $rc = 1 ]'
  ok "ulimit: the next article is still written" 'grep -q "\"after\"" "$T/uout" && [ "$(wc -l <"$T/uout")" = 1 ]'
  ok "ulimit: a clear out-of-memory error naming the record" 'grep -q "ulimit.jsonl:1: .*out of memory" "$T/uerr"'
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
