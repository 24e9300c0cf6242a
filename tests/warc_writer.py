#!/usr/bin/env python3
"""A small WARC writer for herald's tests: writes every WARC case that
tests/test_warc.sh checks into DIR (generated at test time, never stored).

usage: warc_writer.py DIR

Each record is written as WARC/1.1 with CRLF line ends; `gz` files hold
one gzip member per record, as Common Crawl writes them. The pages are
written for these tests.
"""
import gzip
import random
import os
import sys
import zlib

try:
    import brotli  # Debian python3-brotli; the br case is skipped without it
except ImportError:
    brotli = None


def page(title, *paras, extra_head=""):
    body = "".join("<p>%s</p>" % p for p in paras)
    return ("<!DOCTYPE html><html><head>%s<title>%s</title></head><body><nav>Home | World</nav>"
            "<article><h1>%s</h1>%s</article><footer>(c) Example News</footer></body></html>"
            % (extra_head, title, title, body))


def http(body, status="200 OK", ctype="text/html; charset=utf-8", headers=()):
    head = "HTTP/1.1 %s\r\n" % status
    if ctype:
        head += "Content-Type: %s\r\n" % ctype
    for h in headers:
        head += h + "\r\n"
    if isinstance(body, str):
        body = body.encode("utf-8")
    return head.encode("latin-1") + b"\r\n" + body


def record(wtype, block, uri="", ctype="application/http; msgtype=response", length=None, extra=()):
    if isinstance(block, str):
        block = block.encode("utf-8")
    head = "WARC/1.1\r\nWARC-Type: %s\r\n" % wtype
    if uri:
        head += "WARC-Target-URI: %s\r\n" % uri
    head += "WARC-Date: 2026-03-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:%08d>\r\n" % (len(block))
    if ctype:
        head += "Content-Type: %s\r\n" % ctype
    for e in extra:
        head += e + "\r\n"
    head += "Content-Length: %d\r\n\r\n" % (len(block) if length is None else length)
    return head.encode("latin-1") + block + b"\r\n\r\n"


def response(uri, body, **kw):
    return record("response", http(body, **kw), uri)


def warcinfo():
    return record("warcinfo", "software: herald tests\r\n", ctype="application/warc-fields")


def write(path, records, gz=True):
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r, mtime=0) if gz else r)


def chunked(data, size=7):
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\nX-Trailer: yes\r\n\r\n"


def main(d):
    os.makedirs(d, exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    a = page("Harbour reopens", "The harbour reopened on Monday after the storm, officials said.",
             "Ferries will run on the normal timetable from Tuesday.")
    b = page("Flood recedes", "The river fell below the flood mark overnight, the agency said.")
    # mixed records: warcinfo, request, an image first among responses, html pages
    basic = [warcinfo(),
             record("request", "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", "https://example.org/",
                    ctype="application/http; msgtype=request"),
             response("https://example.org/logo.png", png, ctype="image/png"),
             response("https://example.org/harbour", a),
             response("https://example.org/flood", b)]
    write(os.path.join(d, "basic.warc.gz"), basic)
    write(os.path.join(d, "basic.warc"), basic, gz=False)
    # the image is the very first record of the file
    write(os.path.join(d, "image-first.warc.gz"), basic[2:])
    write(os.path.join(d, "image-first.warc"), basic[2:], gz=False)
    # HTTP codings
    big = page("Budget passes", *["Paragraph %d of the budget story, in which the council spends money." % i
                                  for i in range(300)])
    enc = [response("https://example.org/chunked", chunked(a.encode()), headers=["Transfer-Encoding: chunked"]),
           response("https://example.org/big", big),  # pushes what follows past the first 8 KiB
           response("https://example.org/gzip", gzip.compress(b.encode(), mtime=0),
                    headers=["Content-Encoding: gzip"]),
           response("https://example.org/deflate", zlib.compress(page("Deflate zlib", "Wrapped deflate body text here.").encode()),
                    headers=["Content-Encoding: deflate"]),
           response("https://example.org/rawdeflate",
                    zlib.compress(page("Deflate raw", "Raw deflate body text here.").encode())[2:-4],
                    headers=["Content-Encoding: deflate"]),
           response("https://example.org/both", chunked(gzip.compress(page("Chunked gzip", "Both codings at once here.").encode(), mtime=0)),
                    headers=["Content-Encoding: gzip", "Transfer-Encoding: chunked"])]
    if brotli:
        enc.append(response("https://example.org/br", brotli.compress(page("Brotli body", "Brotli coded body text here.").encode()),
                            headers=["Content-Encoding: br"]))
    write(os.path.join(d, "codings.warc.gz"), enc)
    write(os.path.join(d, "codings.warc"), enc, gz=False)
    # statuses, revisits, non-HTML payloads, empty pages
    status = [response("https://example.org/moved", "<html><body><p>The document has moved <a href=x>here</a>.</p></body></html>",
                       status="301 Moved Permanently", headers=["Location: https://example.org/x"]),
              response("https://example.org/missing", "<html><body><p>Not found, sorry about that.</p></body></html>",
                       status="404 Not Found"),
              record("revisit", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "https://example.org/harbour",
                     extra=["WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"]),
              response("https://example.org/data.json", '{"a": 1}', ctype="application/json"),
              response("https://example.org/harbour", a),
              response("https://example.org/empty", "<html><head><title>x</title></head><body><nav>Home</nav></body></html>")]
    write(os.path.join(d, "status.warc.gz"), status)
    # no WARC Content-Type; no HTTP headers at all; an HTML resource record
    loose = [record("response", http(a), "https://example.org/nowarcctype", ctype=None),
             record("response", b, "https://example.org/nohttp", ctype=None),
             record("resource", page("Resource page", "A resource record holds this page text."),
                    "https://example.org/resource", ctype="text/html")]
    write(os.path.join(d, "loose.warc"), loose, gz=False)
    # charsets
    cafe = "Le café de Müller a rouvert, déclare la mairie."
    cs = [response("https://example.org/http-cs", page("Café HTTP", cafe).encode("cp1252"), ctype="text/html; charset=windows-1252"),
          response("https://example.org/meta-cs", page("Café meta", cafe, extra_head='<meta charset="iso-8859-1">').encode("cp1252"),
                   ctype="text/html"),
          response("https://example.org/equiv-cs", page("Café equiv", cafe, extra_head='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">').encode("latin-1"),
                   ctype="text/html"),
          response("https://example.org/gb", page("经济新闻", "中国经济今年增长了百分之五，统计局周一表示。这是一个很长的句子，用来检测编码。").encode("gb2312"),
                   ctype="text/html; charset=gb2312"),
          response("https://example.org/lying", page("Lying header", "Ein Bär läuft über die Straße, sagte die Polizei.").encode("utf-8"),
                   ctype="text/html; charset=iso-8859-1")]
    write(os.path.join(d, "charsets.warc.gz"), cs)
    # ten pages; member 4 damaged in the middle of its deflate data
    ten = [response("https://example.org/p%d" % i, page("Page %d" % i, "Story number %d is about the harbour and the flood." % i))
           for i in range(10)]
    members = [gzip.compress(r, mtime=0) for r in ten]
    m = bytearray(members[3])
    for k in range(20, min(60, len(m) - 8)):
        m[k] ^= 0x5A
    members[3] = bytes(m)
    with open(os.path.join(d, "damaged.warc.gz"), "wb") as f:
        f.write(b"".join(members))
    # junk between members 2 and 3
    with open(os.path.join(d, "junk.warc.gz"), "wb") as f:
        f.write(b"".join(gzip.compress(r, mtime=0) for r in ten[:2]) + b"NOT GZIP AT ALL\n" * 5 +
                b"".join(gzip.compress(r, mtime=0) for r in ten[2:4]))
    # a member cut short at the end
    whole = b"".join(gzip.compress(r, mtime=0) for r in ten[:3])
    with open(os.path.join(d, "cutmember.warc.gz"), "wb") as f:
        f.write(whole[:-30])
    # for standard input, past the sniffer's first 8 KiB: forty pages, a
    # member damaged in the middle (record 25), and one page whose member
    # is larger than the pipe's 32 KiB rewind window, damaged too (record 33)
    forty = [response("https://example.org/q%d" % i,
                      page("Late %d" % i, *["Paragraph %d of story %d about the harbour, the flood and the council." % (j, i)
                                             for j in range(12)]))
             for i in range(40)]
    rnd = random.Random(7)
    noise = " ".join("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 9)))
                     for _ in range(12000))
    forty[32] = response("https://example.org/big", page("Big page", noise))
    members = [gzip.compress(r, mtime=0) for r in forty]
    for at in (24, 32):
        m = bytearray(members[at])
        mid = len(m) // 2
        for k in range(mid, mid + 40):
            m[k] ^= 0x5A
        members[at] = bytes(m)
    with open(os.path.join(d, "late.warc.gz"), "wb") as f:
        f.write(b"".join(members))
    # Content-Length too small (record 2) and 0 (record 4); uncompressed and gzip
    small = [ten[0],
             record("response", http(page("Short length", "Its Content-Length is too small.")), "https://example.org/short", length=40),
             ten[1],
             record("response", http(page("Zero length", "Its Content-Length is zero.")), "https://example.org/zero", length=0),
             ten[2], ten[3]]
    write(os.path.join(d, "small.warc"), small, gz=False)
    write(os.path.join(d, "small.warc.gz"), small)
    # a truncated last record
    with open(os.path.join(d, "truncated.warc"), "wb") as f:
        f.write(b"".join(ten[:3]) + ten[3][:len(ten[3]) // 2])
    # Latin-1 plain text (no NUL, no control bytes)
    with open(os.path.join(d, "latin1.txt"), "wb") as f:
        f.write(("Café said Müller. " * 200).encode("latin-1"))
    # binary file: still refused
    with open(os.path.join(d, "binary.bin"), "wb") as f:
        f.write(bytes(range(256)) * 64)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
