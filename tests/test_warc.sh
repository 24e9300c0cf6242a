#!/usr/bin/env bash
# Crawl archives as they really are: WARC fixtures written by
# tests/warc_writer.py (one per case) are read, and the text, the errors
# and the summary are checked. Issue 8 items 6-7, issue 10 item 3.
set -u
H=${1:?usage: test_warc.sh HERALD}
H=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 tests/warc_writer.py "$T" || { echo "cannot write fixtures"; exit 1; }
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
run() { (cd "$T" && "$H" annotate --no-ner --no-quotes "$@" >"$T/out" 2>"$T/err"); echo $?; }
field() { python3 -c 'import json,sys
for l in open(sys.argv[1]): d=json.loads(l); print(d["input"]["line"], d["url"], d["title"], d["text"].replace("\n\n"," / "), sep="|")' "$T/out"; }

for f in basic.warc basic.warc.gz image-first.warc image-first.warc.gz; do
  rc=$(run "$f"); out=$(field)
  ok "$f: exit 0" '[ "$rc" = 0 ]'
  ok "$f: two pages" '[ "$(grep -c . <<<"$out")" = 2 ]'
  ok "$f: harbour page text" 'grep -q "|https://example.org/harbour|Harbour reopens|The harbour reopened on Monday after the storm, officials said. / Ferries will run" <<<"$out"'
  ok "$f: flood page text" 'grep -q "|https://example.org/flood|Flood recedes|The river fell below the flood mark" <<<"$out"'
  ok "$f: image counted, not an error" 'grep -q "0 failed; skipped: 1 not HTML" "$T/err"'
done
ok "basic: record numbers" 'grep -q "^4|" <<<"$out" || true; rc=$(run basic.warc.gz); field | cut -d"|" -f1 | tr "\n" " " | grep -q "^4 5 $"'

for f in codings.warc codings.warc.gz; do
  rc=$(run "$f"); out=$(field)
  ok "$f: exit 0" '[ "$rc" = 0 ]'
  ok "$f: de-chunked" 'grep -q "^1|https://example.org/chunked|Harbour reopens|The harbour reopened on Monday after the storm, officials said. / Ferries will run on the normal timetable from Tuesday.$" <<<"$out"'
  ok "$f: no chunk sizes in text" '! grep -q ";ext=1" "$T/out"'
  ok "$f: gzip body after the first 8 KiB" 'grep -q "^3|https://example.org/gzip|Flood recedes|The river fell below the flood mark overnight, the agency said.$" <<<"$out"'
  ok "$f: zlib deflate" 'grep -q "|Deflate zlib|Wrapped deflate body text here.$" <<<"$out"'
  ok "$f: raw deflate" 'grep -q "|Deflate raw|Raw deflate body text here.$" <<<"$out"'
  ok "$f: chunked gzip" 'grep -q "|Chunked gzip|Both codings at once here.$" <<<"$out"'
  if python3 -c 'import brotli' 2>/dev/null; then
    ok "$f: brotli" 'grep -q "|Brotli body|Brotli coded body text here.$" <<<"$out"'
  fi
done

rc=$(run status.warc.gz); out=$(field)
ok "status: one page" '[ "$(grep -c . <<<"$out")" = 1 ] && grep -q "^5|https://example.org/harbour|" <<<"$out"'
ok "status: no redirect text" '! grep -q "document has moved\|Not found" "$T/out"'
ok "status: summary counts" 'grep -q "skipped: 1 not HTML, 2 HTTP status not 2xx, 1 revisit" "$T/err"'
ok "status: empty page reported like a plain file" 'grep -q "^herald: status.warc.gz:6: offset [0-9]*: HTML page with no readable article text" "$T/err"'
ok "status: exit 1 for the empty page" '[ "$rc" = 1 ]'

rc=$(run loose.warc); out=$(field)
ok "loose: exit 0" '[ "$rc" = 0 ]'
ok "loose: response without WARC Content-Type" 'grep -q "^1|https://example.org/nowarcctype|Harbour reopens|The harbour reopened" <<<"$out"'
ok "loose: response without HTTP headers" 'grep -q "^2|https://example.org/nohttp|Flood recedes|The river fell" <<<"$out"'
ok "loose: html resource" 'grep -q "^3|https://example.org/resource|Resource page|A resource record holds this page text.$" <<<"$out"'

rc=$(run charsets.warc.gz); out=$(field)
ok "charsets: exit 0" '[ "$rc" = 0 ]'
ok "charsets: no U+FFFD" '! grep -q "�" <<<"$out"'
ok "charset from the HTTP header" 'grep -q "|Café HTTP|Le café de Müller a rouvert, déclare la mairie.$" <<<"$out"'
ok "charset from <meta charset>" 'grep -q "|Café meta|Le café de Müller a rouvert, déclare la mairie.$" <<<"$out"'
ok "charset from <meta http-equiv>" 'grep -q "|Café equiv|Le café de Müller a rouvert, déclare la mairie.$" <<<"$out"'
ok "gb2312 page" 'grep -q "|经济新闻|中国经济今年增长了百分之五，统计局周一表示。" <<<"$out"'
ok "utf-8 bytes under a Latin-1 header" 'grep -q "|Lying header|Ein Bär läuft über die Straße, sagte die Polizei.$" <<<"$out"'

rc=$(run damaged.warc.gz); out=$(field)
ok "damaged member: exit 1" '[ "$rc" = 1 ]'
ok "damaged member: nine of ten pages" '[ "$(grep -c . <<<"$out")" = 9 ] && ! grep -q "Page 3|" <<<"$out" && grep -q "|Page 9|Story number 9" <<<"$out"'
ok "damaged member: error names file, record, offset" 'grep -q "^herald: damaged.warc.gz:4: offset [1-9][0-9]*: damaged gzip member" "$T/err"'
# the same archive piped: standard input cannot seek, the reader goes on all the same
rc=$(cd "$T" && cat damaged.warc.gz | "$H" annotate --no-ner --no-quotes - >"$T/out" 2>"$T/err"; echo $?); out=$(field)
ok "piped damaged member: nine of ten pages, exit 1" '[ "$rc" = 1 ] && [ "$(grep -c . <<<"$out")" = 9 ] && ! grep -q "Page 3|" <<<"$out" && grep -q "|Page 9|Story number 9" <<<"$out"'
ok "piped damaged member: error names stdin, record, offset" 'grep -q "^herald: <stdin>:4: offset [1-9][0-9]*: damaged gzip member" "$T/err"'
rc=$(cd "$T" && cat late.warc.gz | "$H" annotate --no-ner --no-quotes - >"$T/out" 2>"$T/err"; echo $?); out=$(field)
ok "piped, past the first 8 KiB: 38 of 40 pages" '[ "$rc" = 1 ] && [ "$(grep -c . <<<"$out")" = 38 ] && ! grep -q "|Late 24|\||Big page|" <<<"$out" && grep -q "|Late 39|Paragraph 0 of story 39" <<<"$out"'
ok "piped, past the first 8 KiB: both damaged members named" '[ "$(grep -c "^herald: <stdin>:[0-9]*: offset [1-9][0-9]*: damaged gzip member" "$T/err")" = 2 ]'
rc=$(run late.warc.gz); out=$(field)
ok "the same file read by path: the same 38 pages" '[ "$rc" = 1 ] && [ "$(grep -c . <<<"$out")" = 38 ]'
rc=$(cd "$T" && gzip -c latin1.txt | "$H" annotate --no-ner --no-quotes - >"$T/out" 2>"$T/err"; echo $?); out=$(field)
ok "piped gzip text (not WARC) is read" '[ "$rc" = 0 ] && grep -q "Café said Müller" <<<"$out"'
rc=$(cd "$T" && printf "x" | "$H" annotate --no-ner --no-quotes - >"$T/out" 2>"$T/err"; echo $?); out=$(field)
ok "one byte on stdin is one article" '[ "$rc" = 0 ] && [ "$(grep -c . <<<"$out")" = 1 ]'
rc=$(run junk.warc.gz); out=$(field)
ok "junk between members: later members read" '[ "$rc" = 1 ] && grep -q "|Page 3|Story number 3" <<<"$out" && grep -q "not gzip" "$T/err"'
rc=$(run cutmember.warc.gz); out=$(field)
ok "cut member: error and the pages before it" '[ "$rc" = 1 ] && [ "$(grep -c . <<<"$out")" = 2 ] && grep -q "cutmember.warc.gz:3: offset [0-9]*: .*truncated gzip member" "$T/err"'

for f in small.warc small.warc.gz; do
  rc=$(run "$f"); out=$(field)
  ok "$f: exit 1" '[ "$rc" = 1 ]'
  ok "$f: every intact record after a short Content-Length read" '[ "$(field | cut -d"|" -f1 | tr "\n" " ")" = "1 3 5 6 " ]'
  ok "$f: short length reported with bytes skipped" 'grep -q "^herald: $f:2: offset [0-9]*: the bytes after this record.s Content-Length (40) are not a WARC record: [0-9]* bytes up to the next record skipped" "$T/err"'
  ok "$f: zero length reported" 'grep -q "^herald: $f:4: .*Content-Length (0)" "$T/err"'
done

rc=$(run truncated.warc); out=$(field)
ok "truncated: pages before it" '[ "$rc" = 1 ] && [ "$(grep -c . <<<"$out")" = 3 ]'
ok "truncated: named with record and offset" 'grep -q "^herald: truncated.warc:4: offset [1-9][0-9]*: truncated WARC record" "$T/err"'

rc=$(cd "$T" && gzip -dc codings.warc.gz | "$H" annotate --no-ner --no-quotes - 2>/dev/null | grep -c .)
ok "stdin warc" '[ "$rc" = 6 ]'

rc=$(run latin1.txt); out=$(field)
ok "latin-1 text is read, not refused" '[ "$rc" = 0 ] && grep -q "|Café said Müller. Café said Müller." <<<"$out" && ! grep -q "binary" "$T/err"'
ok "latin-1 converted, not repaired" 'grep -q "\"repaired_utf8\":0" "$T/out"'
rc=$(run binary.bin)
ok "binary still refused" '[ "$rc" = 1 ] && grep -q "binary file" "$T/err"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
