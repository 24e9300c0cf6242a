#!/usr/bin/env bash
# herald serve: each 400/404 (and 401/405/414), JSON errors under /api/,
# safety headers, no path outside the assets, --token, the non-loopback
# warning, clean stops (tests/serve/errors_test.py).
set -u
H=${1:?usage: test_serve_errors.sh HERALD}
PY=$(command -v /usr/bin/python3 || command -v python3) || { echo "skip: no python3"; exit 77; }
cd "$(dirname "$0")/.."
exec "$PY" tests/serve/errors_test.py "$H"
