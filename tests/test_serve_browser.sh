#!/usr/bin/env bash
# herald serve in headless Chromium: home, a typed search, a story (label,
# timeline chart, speakers and quotes), a person, an article with its
# quotation highlighted; phone width; JavaScript off. Screenshots in
# <build>/serve-screenshots/ (tests/serve/browser_test.py).
set -u
H=${1:?usage: test_serve_browser.sh HERALD}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "skip: no python3"; exit 77; }
cd "$(dirname "$0")/.."
exec "$PY" tests/serve/browser_test.py "$H"
