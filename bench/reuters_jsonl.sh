#!/usr/bin/env bash
# reuters_jsonl.sh SRC_DIR OUT.jsonl: converts Reuters-21578 SGML to JSON
# Lines {"id","date","title","text"} for benchmarks (at bench time; the
# data never enters the repo). Uses perl, which every Debian has.
set -eu
SRC=${1:?usage: reuters_jsonl.sh SRC_DIR OUT.jsonl}
OUT=${2:?usage: reuters_jsonl.sh SRC_DIR OUT.jsonl}
cat "$SRC"/*.sgm | perl -e '
  local $/ = "</REUTERS>";
  sub esc { my $s = shift; $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&amp;/&/g;
            $s =~ s/&#\d+;//g; $s =~ s/\\/\\\\/g; $s =~ s/"/\\"/g; $s =~ s/\r//g;
            $s =~ s/\n/\\n/g; $s =~ s/\t/\\t/g; $s =~ s/[\x00-\x1f]//g; return $s; }
  while (my $doc = <STDIN>) {
    my ($id) = $doc =~ /NEWID="(\d+)"/ or next;
    my ($body) = $doc =~ /<BODY>(.*?)<\/BODY>/s or next;
    my ($title) = $doc =~ /<TITLE>(.*?)<\/TITLE>/s; $title //= "";
    my ($date) = $doc =~ /<DATE>\s*(.*?)\s*<\/DATE>/s; $date //= "";
    $body =~ s/\s*Reuter\s*$//s;
    printf "{\"id\":\"reuters-%s\",\"date\":\"%s\",\"source\":\"Reuters\",\"title\":\"%s\",\"text\":\"%s\"}\n",
      $id, esc($date), esc($title), esc($body);
  }' >"$OUT"
