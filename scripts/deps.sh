#!/usr/bin/env bash
# Installs the Debian packages herald builds against, saying what it installs.
# Only missing packages are installed; nothing is downloaded outside apt.
set -euo pipefail
# One line per feature, so branches that add packages do not collide.
PKGS="build-essential cmake pkg-config libsqlite3-dev sqlite3 libutf8proc-dev libstemmer-dev libxxhash-dev zlib1g-dev libcjson-dev libxml2-dev python3"
PKGS="$PKGS valgrind"                          # tests/test_valgrind.sh
PKGS="$PKGS libmicrohttpd-dev"                 # herald serve
PKGS="$PKGS chromium"                          # the browser tests of herald serve
PKGS="$PKGS chromium-driver python3-selenium"   # tests/test_serve_browser.sh, test_serve_hostile.sh drive Chromium through Selenium
PKGS="$PKGS python3-distributed python3-dask"  # scripts/herald-dask
PKGS="$PKGS libuchardet-dev libbrotli-dev"      # reading the web: charset detection, brotli HTTP bodies
PKGS="$PKGS postgresql libpq-dev"               # the PostgreSQL store (--db postgresql://...), tests/test_postgres.sh
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
