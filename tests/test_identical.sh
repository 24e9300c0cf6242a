#!/usr/bin/env bash
# test_identical.sh HERALD: herald's outputs stay byte-identical across
# refactors. corpus/ (the project's own demo articles) is annotated three
# ways and compared with tests/identical/*, written by main before the
# stage table and the arena (commit 339135d). The seeds and the PolNeAR
# dev texts (../shared, skipped when absent) are compared by SHA-256 of the
# output, so no derived text enters the repo.
# A named bug fix that changes output regenerates the files (UPDATE=1) and
# says so in its commit.
set -u
H=${1:?usage: test_identical.sh HERALD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXP=$ROOT/tests/identical
SHARED=${HERALD_SHARED:-$ROOT/../shared}
[ -d "$SHARED" ] || SHARED=/work/shared
HABS=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
pass=0; fail=0
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
check() { # name, command...
  local name=$1; shift
  (cd "$ROOT" && "$@") >"$TMP/$name" 2>/dev/null; local rc=$?
  if [ "${UPDATE:-0}" = 1 ]; then cp "$TMP/$name" "$EXP/$name"; echo "wrote $name"; return; fi
  if [ $rc = 0 ] && cmp -s "$TMP/$name" "$EXP/$name"; then pass=$((pass+1))
  else echo "FAIL: $name differs (exit $rc)" >&2; diff "$TMP/$name" "$EXP/$name" | head -20 >&2; fail=$((fail+1)); fi
}
check corpus.json "$HABS" annotate -q --tokens corpus/articles.jsonl corpus/scraped
check corpus.conll "$HABS" annotate -q --format conll corpus/articles.jsonl corpus/scraped
check corpus_noner.json "$HABS" annotate -q --no-ner corpus/articles.jsonl corpus/scraped
hash_check() { # name, expected sha256, command...
  local name=$1 want=$2; shift 2
  local got
  got=$(cd "$SHARED" && HERALD_MODEL_DIR="$ROOT/models" "$@" 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ "$got" = "$want" ]; then pass=$((pass+1)); else echo "FAIL: $name: sha256 $got, want $want" >&2; fail=$((fail+1)); fi
}
if [ -d "$SHARED/seeds" ]; then
  hash_check seeds 717d84e6f974c8b0011669a5337165a51ed56263a42addb990ab4b6a02195048 "$HABS" annotate -q --tokens seeds
fi
if [ -d "$SHARED/data/polnear/dev/text" ]; then
  hash_check polnear-dev c6d5b924b2220e9ef7691540311762058ebaf78322f2a13209a27e5f1593f173 "$HABS" annotate -q --tokens data/polnear/dev/text
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
[ "$pass" -gt 0 ]
