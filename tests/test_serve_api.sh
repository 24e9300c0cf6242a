#!/usr/bin/env bash
# herald serve: every JSON endpoint equals the CLI's --json byte for byte,
# answers while `herald ingest` writes, leaves the store file unchanged and
# stops cleanly on SIGTERM (tests/serve/api_test.py).
set -u
H=${1:?usage: test_serve_api.sh HERALD}
PY=$(command -v /usr/bin/python3 || command -v python3) || { echo "skip: no python3"; exit 77; }
cd "$(dirname "$0")/.."
exec "$PY" tests/serve/api_test.py "$H"
