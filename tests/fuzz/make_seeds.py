#!/usr/bin/env python3
"""Writes the fuzz seeds: short news articles written for this purpose (no
text from ../shared), framed for each door of fuzz_input.h. The first byte
of a seed picks the door (sel % 7) and the options (sel // 28).
Usage: python3 tests/fuzz/make_seeds.py tests/fuzz/corpus"""
import gzip, os, sys, zlib

ARTICLES = [
    ("Mayor backs new bridge", "Oslo Courier", "2024-03-04",
     "OSLO (Courier) - The mayor of Oslo, Anne Lind, said on Monday that the new bridge "
     "would open in May. \"We are ready,\" Lind told reporters. Transport minister Jon Berg "
     "said the state would pay half of the cost, according to a statement.\n\n"
     "Critics, including the Green Party, said the plan was too expensive."),
    ("Bridge opening delayed", "Nordic Wire", "2024-03-06",
     "The opening of the new Oslo bridge has been delayed until June, Mayor Anne Lind said "
     "on Wednesday. \"Safety comes first,\" she said. Jon Berg, the transport minister, "
     "declined to comment."),
    ("Central bank holds rates", "Harbor Times", "2024-04-01",
     "FRANKFURT, April 1 - The European Central Bank kept interest rates unchanged on "
     "Thursday. ECB President Maria Costa told a news conference that inflation was "
     "\"moving in the right direction\". Economists at Deutsche Bank had expected the move."),
]

def text(i):
    return ARTICLES[i][3]

def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

def jsonl(arts):
    return "".join('{"text":"%s","title":"%s","source":"%s","date":"%s","id":"a%d","tags":["x",1]}\n'
                   % (esc(a[3]), esc(a[0]), a[1], a[2], i) for i, a in enumerate(arts))

def html(a):
    paras = "".join("<p>%s</p>" % p for p in a[3].split("\n\n"))
    return ('<!DOCTYPE html><html><head><title>%s | %s</title>'
            '<meta property="og:site_name" content="%s">'
            '<meta property="article:published_time" content="%sT10:00:00Z">'
            '<meta name="author" content="Kari Nord"><script>var x=1;</script></head>'
            '<body><nav><a href="/">Home</a></nav><article><h1>%s</h1>%s</article>'
            '<footer>Copyright</footer></body></html>' % (a[0], a[1], a[1], a[2], a[0], paras))

def warc(arts):
    out = b""
    for i, a in enumerate(arts):
        body = html(a).encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/%d\r\n"
                "WARC-Date: %sT00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                "Content-Length: %d\r\n\r\n" % (i, a[2], len(http))).encode()
        out += head + http + b"\r\n\r\n"
    return out

PREFIX = [b"", b"Text: ", b'{"', b"<html>", b"WARC/1."]

def framed(door, data, prefix_door=None):
    """The payload that fuzz_input.h turns back into `data` for `door`."""
    p = PREFIX[prefix_door if prefix_door is not None else door]
    assert data.startswith(p), (door, data[:10])
    return data[len(p):]

def write(d, name, sel, payload):
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes([sel]) + payload)

def main(root):
    rd, ing = os.path.join(root, "read"), os.path.join(root, "ingest")
    os.makedirs(rd, exist_ok=True)
    os.makedirs(ing, exist_ok=True)
    plain = ("Text: " + text(0)).encode()
    jl = jsonl(ARTICLES).encode()
    page = ("<html>" + html(ARTICLES[0])[len("<!DOCTYPE html><html>"):]).encode()
    wa = warc(ARTICLES[:2])
    docs = {1: plain, 2: jl, 3: page, 4: wa}
    for opts in (0, 1, 3):            # bare read; annotate; annotate with NER
        for door, data in docs.items():
            write(rd, "seed-door%d-opt%d" % (door, opts), opts * 28 + door, framed(door, data))
    write(rd, "seed-sniff-jsonl", 28, jl)                  # door 0: the sniffer decides
    write(rd, "seed-sniff-html", 28, html(ARTICLES[1]).encode())
    for k, door in enumerate((1, 2, 3, 4)):                # door 5: gzip of door 1..4
        write(rd, "seed-gzip%d" % door, 28 + 5 + 7 * k, framed(door, docs[door]))
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)          # door 6: hand-made deflate stream
    body = raw.compress(text(2).encode()) + raw.flush()
    trailer = zlib.crc32(text(2).encode()).to_bytes(4, "little") + len(text(2)).to_bytes(4, "little")
    write(rd, "seed-rawgzip", 28 + 6, body + trailer)
    # JSON Lines edge cases that once lost text: escapes and trailing content
    write(rd, "seed-escapes", 28 + 2,
          b'text":"NUL \\u0000 pair \\ud83d\\ude00 lone \\udc00 bad \\uZZ"}\n{"text":"a"}{"text":"b"}\n')
    for opts in (0, 2):                                     # batch 1 and 3
        write(ing, "seed-jsonl-b%d" % opts, opts * 28 + 2, framed(2, (jsonl(ARTICLES) + jsonl(ARTICLES[:1])).encode()))
        write(ing, "seed-warc-b%d" % opts, opts * 28 + 4, framed(4, wa))
    write(ing, "seed-html", 3, framed(3, page))
    write(ing, "seed-gzip-jsonl", 5 + 7, framed(2, jl))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus")
