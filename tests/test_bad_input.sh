#!/usr/bin/env bash
# Bad input: each case gets one clear stderr line naming the file (and
# line), the rest of the batch goes on, the summary counts read/written/
# failed, and the exit status is 0 (fine), 1 (some failed) or 2 (usage).
set -u
H=${1:?usage: test_bad_input.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
run() { "$H" annotate --no-ner "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
rc() { cat "$T/rc"; }
lines() { grep -c . "$T/out" || true; }

printf 'A good article.\n\nIt has two paragraphs.\n' >"$T/good.txt"

# invalid UTF-8: repaired to U+FFFD, reported as a warning, still written
printf 'Bad bytes \xff\xfe here, and a lone \xc3 too in na\xc3\xafve UTF-8.\n' >"$T/badutf8.txt"
run "$T/badutf8.txt"
ok "utf8 exit 0" '[ "$(rc)" = 0 ]'
ok "utf8 written" '[ "$(lines)" = 1 ]'
ok "utf8 warned with file name" 'grep -q "badutf8.txt: warning: 3 invalid UTF-8" "$T/err"'
ok "utf8 repaired count" 'grep -q "\"repaired_utf8\":3" "$T/out"'
ok "utf8 replacement char" 'grep -q "Bad bytes �� here" "$T/out"'

# a few NUL bytes inside text: repaired; mostly NULs: binary, rejected
printf 'Text with a NUL\000 byte in it.\n' >"$T/nul.txt"
head -c 4096 /dev/urandom >"$T/blob.bin"; printf '\000\000\000\000' >>"$T/blob.bin"
head -c 2000 /dev/zero >"$T/zeros.txt"
run "$T/nul.txt" "$T/blob.bin" "$T/zeros.txt" "$T/good.txt"
ok "nul/binary exit 1" '[ "$(rc)" = 1 ]'
ok "nul text written, good written" '[ "$(lines)" = 2 ]'
ok "binary named" 'grep -q "blob.bin: binary file" "$T/err"'
ok "zeros named" 'grep -q "zeros.txt: binary file" "$T/err"'
ok "summary" 'grep -q "4 read, 2 written, 2 failed" "$T/err"'

# text in other scripts is text, not binary
printf 'Кремль заявил, что переговоры продолжатся. 北京 上海 café — “quotes”.\n' >"$T/scripts.txt"
run "$T/scripts.txt"
ok "non-Latin text read" '[ "$(rc)" = 0 ] && [ "$(lines)" = 1 ]'

# empty file and whitespace-only file
: >"$T/empty.txt"; printf '\n \n\t\n' >"$T/blank.txt"
run "$T/empty.txt" "$T/blank.txt" "$T/good.txt"
ok "empty exit 1" '[ "$(rc)" = 1 ]'
ok "empty named" 'grep -q "empty.txt: empty file" "$T/err"'
ok "blank named" 'grep -q "blank.txt: empty article" "$T/err"'
ok "good still written" '[ "$(lines)" = 1 ]'

# unreadable and missing paths
printf 'secret\n' >"$T/locked.txt"; chmod 000 "$T/locked.txt"
run "$T/missing.txt" "$T/good.txt" "$T/locked.txt"
ok "missing exit 1" '[ "$(rc)" = 1 ]'
ok "missing named" 'grep -q "missing.txt: cannot read: No such file" "$T/err"'
if [ "$(id -u)" != 0 ]; then ok "locked named" 'grep -q "locked.txt: cannot open" "$T/err"'; fi
ok "good written" '[ "$(lines)" -ge 1 ]'

# malformed JSON lines: file:line named, the other lines go on
{ echo '{"id":"a","text":"First article text."}'
  echo '{"id":"b","text":"Broken'
  echo '{"id":"c","title":"no text"}'
  echo '[1,2,3]'
  echo ''
  echo '{"id":"d","text":"Fourth one.","lang":"en","tags":["x"]}'; } >"$T/feed.jsonl"
run "$T/feed.jsonl"
ok "jsonl exit 1" '[ "$(rc)" = 1 ]'
ok "jsonl two written" '[ "$(lines)" = 2 ]'
ok "line 2 named" 'grep -q "feed.jsonl:2: malformed JSON" "$T/err"'
ok "line 3 named" 'grep -q "feed.jsonl:3: JSON line has no string \"text\"" "$T/err"'
ok "line 4 named" 'grep -q "feed.jsonl:4: malformed JSON" "$T/err"'
ok "passthrough kept" 'grep -q "\"lang\":\"en\",\"tags\":\[\"x\"\]" "$T/out"'
ok "jsonl summary" 'grep -q "5 read, 2 written, 3 failed" "$T/err"'

# detection by content, not extension: JSONL named .txt, text named .jsonl
cp "$T/feed.jsonl" "$T/feed_as.txt"; cp "$T/good.txt" "$T/plain.jsonl"
run "$T/feed_as.txt" "$T/plain.jsonl"
ok "sniffed" '[ "$(lines)" = 3 ]'

# a directory walked recursively, and stdin
mkdir -p "$T/dir/sub"; cp "$T/good.txt" "$T/dir/a.txt"; cp "$T/good.txt" "$T/dir/sub/b.txt"
run "$T/dir"
ok "dir exit 0" '[ "$(rc)" = 0 ]'
ok "dir two articles" '[ "$(lines)" = 2 ]'
"$H" annotate --no-ner - <"$T/good.txt" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"
ok "stdin" '[ "$(rc)" = 0 ] && [ "$(lines)" = 1 ]'

# a 200 MB plain-text file: refused over the cap, memory stays bounded
yes 'A line of text that goes on and on in a very large file.' | head -c 200000000 >"$T/huge.txt"
if [ -z "${HERALD_SANITIZED:-}" ]; then
  ( ulimit -v 1000000; "$H" annotate --no-ner "$T/huge.txt" "$T/good.txt" >"$T/out" 2>"$T/err"; echo $? >"$T/rc" )
else
  run "$T/huge.txt" "$T/good.txt"
fi
ok "huge exit 1" '[ "$(rc)" = 1 ]'
ok "huge named" 'grep -q "huge.txt: article larger than the 67108864-byte cap" "$T/err"'
ok "huge: next file written" '[ "$(lines)" = 1 ]'

# usage errors exit 2
"$H" annotate --bogus >/dev/null 2>&1; ok "bad option exit 2" '[ $? = 2 ]'
"$H" nosuchverb >/dev/null 2>&1; ok "bad verb exit 2" '[ $? = 2 ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
