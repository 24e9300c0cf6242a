#!/usr/bin/env bash
# herald serve with an article whose title, outlet, URL and text hold
# script: nothing runs in headless Chromium and the text shows as typed
# (tests/serve/hostile_test.py).
set -u
H=${1:?usage: test_serve_hostile.sh HERALD}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "skip: no python3"; exit 77; }
cd "$(dirname "$0")/.."
exec "$PY" tests/serve/hostile_test.py "$H"
