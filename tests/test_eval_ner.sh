#!/usr/bin/env bash
# `herald eval ner valid.txt --json` prints one well-formed JSON object
# with numeric precision/recall/F1, per-type figures and token counts.
# (A format check, not a speed or accuracy target.) Reads
# ../shared/data/conll2003; skipped (77) when absent.
set -u
H=${1:?usage: test_eval_ner.sh HERALD}
V=../shared/data/conll2003/valid.txt
[ -f "$V" ] || { echo "$V absent: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 absent: skipped"; exit 77; }
"$H" eval ner "$V" --json | python3 -c '
import json, sys
lines = sys.stdin.read().strip().split("\n")
assert len(lines) == 1, "one JSON line expected"
d = json.loads(lines[0])
for k in ("precision", "recall", "f1", "seconds", "tokens_per_s"):
    assert isinstance(d[k], (int, float)), k
assert 0 <= d["f1"] <= 100
assert d["tokens"] == 51362, d["tokens"]
assert set(d["per_type"]) == {"PER", "ORG", "LOC", "MISC"}
for t, v in d["per_type"].items():
    assert isinstance(v["f1"], (int, float)), t
print("ok: F1 %.2f" % d["f1"])
'
