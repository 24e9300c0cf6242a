#!/usr/bin/env python3
"""Converts Reuters-21578 SGML (<REUTERS> documents) to JSON Lines with
id, date (ISO), title, source and text (dateline + body), sorted by date.
Run at bench time; nothing it writes is committed.
usage: reuters2jsonl.py DIR > reuters.jsonl"""
import html, json, os, re, sys
from datetime import datetime

DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
def field(tag, s):
    m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), s, re.S)
    return m.group(1) if m else ""
def clean(s):
    s = html.unescape(s)
    s = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", s)
    return re.sub(r"\s*\bReuter\s*$", "", s.strip())

rows = []
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".sgm"):
        continue
    raw = open(os.path.join(d, name), encoding="latin-1").read()
    for m in DOC.finditer(raw):
        doc = m.group(2)
        body = clean(field("BODY", doc))
        if not body:
            continue
        title = clean(field("TITLE", doc))
        dateline = clean(field("DATELINE", doc))
        dm = re.match(r"\s*(\d{1,2}-[A-Za-z]{3}-\d{4} \d\d:\d\d:\d\d)", field("DATE", doc))
        try:
            date = datetime.strptime(dm.group(1), "%d-%b-%Y %H:%M:%S").isoformat() if dm else None
        except ValueError:
            date = None
        text = (dateline + " " + body) if dateline else body
        rows.append({"id": "reuters-" + m.group(1), "date": date, "source": "Reuters", "title": title.title() if title.isupper() else title, "text": text})
rows.sort(key=lambda r: (r["date"] or "", r["id"]))
for r in rows:
    print(json.dumps(r))
