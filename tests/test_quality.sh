#!/usr/bin/env bash
# Page-quality flags (paywall, teaser, consent, truncated, listing,
# error_page) on fixture pages written for herald, flagged articles still
# written by annotate, and ingest --skip-quality.
set -u
H=${1:?usage: test_quality.sh HERALD}
F=tests/fixtures/quality
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
flags() { "$H" annotate --no-ner --no-quotes "$F/$1" 2>/dev/null | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(",".join(d.get("quality", [])) or "-", d["text"][:40].replace("\n", " "), sep="|")'; }
ok "paywall (JSON-LD isAccessibleForFree) and teaser" '[ "$(flags paywall.html | cut -d"|" -f1)" = "paywall,teaser" ]'
ok "paywalled article still written" 'flags paywall.html | grep -q "|Talks on the city budget stalled"'
ok "consent wall" '[ "$(flags consent.html | cut -d"|" -f1)" = "consent" ]'
ok "listing" '[ "$(flags listing.html | cut -d"|" -f1)" = "listing" ]'
ok "error page" '[ "$(flags error.html | cut -d"|" -f1)" = "error_page" ]'
ok "truncated page" '[ "$(flags truncated.html | cut -d"|" -f1)" = "truncated" ]'
ok "teaser ending in read more" '[ "$(flags teaser.html | cut -d"|" -f1)" = "teaser" ]'
for f in tests/fixtures/extract/*.html tests/fixtures/html/*.html; do
  ok "no flag on the article $f" '[ "$("$H" annotate --no-ner --no-quotes "$f" 2>/dev/null | grep -c "\"quality\"")" = 0 ]'
done
"$H" ingest --no-ner --no-quotes -q --db "$T/all.db" "$F" tests/fixtures/extract/jsonld.html; rc=$?
ok "ingest keeps flagged pages by default" '[ $rc = 0 ] && [ "$(sqlite3 "$T/all.db" "select count(*) from articles")" = 7 ]'
"$H" ingest --no-ner --no-quotes --skip-quality paywall,consent,listing,error_page --db "$T/some.db" "$F" tests/fixtures/extract/jsonld.html 2>"$T/err"; rc=$?
ok "skip-quality: exit 0" '[ $rc = 0 ]'
ok "skip-quality: flagged pages not stored" '[ "$(sqlite3 "$T/some.db" "select count(*) from articles")" = 3 ]'
ok "skip-quality: counted in the summary" 'grep -q "4 for quality" "$T/err" && grep -q " 0 failed" "$T/err"'
"$H" ingest --skip-quality paywal --db "$T/x.db" "$F" 2>/dev/null; rc=$?
ok "unknown flag is a usage error" '[ $rc = 2 ]'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
