#!/usr/bin/env bash
# HTML pages: the body is found, menus/scripts/captions/asides are left
# out, metadata comes from <meta>/<link>/<h1>/<title>.
set -u
H=${1:?usage: test_html.sh HERALD}
F=tests/fixtures/html
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
out=$("$H" annotate --no-ner --no-quotes "$F/storm.html" 2>/dev/null)
ok "title from h1" 'grep -q "\"title\":\"Storm hits coast\"" <<<"$out"'
ok "outlet from og:site_name" 'grep -q "\"outlet\":\"The Daily Planet\"" <<<"$out"'
ok "byline from meta author" 'grep -q "\"byline\":\"Lois Lane\"" <<<"$out"'
ok "date" 'grep -q "\"date\":\"2026-03-01T10:00:00Z\"" <<<"$out"'
ok "canonical url" 'grep -q "\"url\":\"https://example.org/storm\"" <<<"$out"'
ok "body paragraphs" 'grep -q "A powerful storm struck the coast on Sunday, officials said.\\\\n\\\\n“We have never" <<<"$out"'
ok "whitespace folded" 'grep -q "left without power" <<<"$out"'
ok "no script" '! grep -q "not text" <<<"$out"'
ok "no nav/header/footer" '! grep -q "Subscribe\|Home\|©" <<<"$out"'
ok "no caption" '! grep -q "J. Olsen" <<<"$out"'
ok "three paragraphs" 'grep -q "\"paragraphs\":\[\[[0-9]*,[0-9]*\],\[[0-9]*,[0-9]*\],\[[0-9]*,[0-9]*\]\]" <<<"$out"'
out=$("$H" annotate --no-ner --no-quotes "$F/teasers.html" 2>/dev/null)
ok "og:title" 'grep -q "\"title\":\"Council approves the harbour plan\"" <<<"$out"'
ok "densest block wins over teaser articles" 'grep -q "The city council approved" <<<"$out" && ! grep -q "Teaser" <<<"$out"'
ok "blockquote kept" 'grep -q "We will keep fighting" <<<"$out"'
ok "related list dropped" '! grep -q "Harbour vote delayed" <<<"$out"'
# WARC crawl archive (gzip): HTML responses become articles, the rest is skipped
out=$("$H" annotate --no-ner --no-quotes "$F/crawl.warc.gz" 2>/dev/null); rc=$?
ok "warc exit 0" '[ $rc = 0 ]'
ok "warc two html responses" '[ "$(grep -c . <<<"$out")" = 2 ]'
ok "warc record numbers" 'grep -q "\"line\":3" <<<"$out" && grep -q "\"line\":5" <<<"$out"'
ok "warc second page" 'grep -q "Flood recedes" <<<"$out"'
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
gzip -dc "$F/crawl.warc.gz" | head -c 1500 >"$T/cut.warc"
"$H" annotate --no-ner --no-quotes "$T/cut.warc" >/dev/null 2>"$T/err"; rc=$?
ok "truncated warc exit 1" '[ $rc = 1 ]'
ok "truncated warc named with record" 'grep -q "cut.warc:3: offset [0-9]*: truncated WARC record" "$T/err"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
