"""Every 400/404 (and 405, 414, 401) of `herald serve`, and its safety
headers and options.

Usage: errors_test.py HERALD
Each bad request gets its status and, under /api/, a JSON body
{"error": "<a message>"} (never an HTML error page); every response
carries the Content-Security-Policy and nosniff headers. Also: search
answers whatever a person types; no path outside the compiled-in assets
is served; --token requires the bearer token; a non-loopback address
warns; a missing store fails at start; SIGINT stops cleanly; the store
file is unchanged (checksum).
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, Server, ingest, run, sha256  # noqa: E402

herald = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
c = Checks()

BAD = [  # path, status, why
    ("/api/search", 400, "search without q"),
    ("/api/search?q=", 400, "search with an empty q"),
    ("/api/search?q=dam&limit=0", 400, "limit 0"),
    ("/api/search?q=dam&limit=101", 400, "limit over the cap"),
    ("/api/search?q=dam&limit=ten", 400, "limit not a number"),
    ("/api/search?q=dam&limit=-5", 400, "negative limit"),
    ("/api/search?q=dam&offset=-1", 400, "negative offset"),
    ("/api/search?q=dam&offset=1e3", 400, "offset not a whole number"),
    ("/api/search?q=dam&since=2025-13-40", 400, "since not a date"),
    ("/api/search?q=dam&until=yesterday", 400, "until not a date"),
    ("/api/search?q=dam&since=2025-02-30", 400, "a day that does not exist"),
    ("/api/search?q=%FF%FE", 400, "q not UTF-8"),
    ("/api/search?q=da%00m", 400, "q with a NUL byte"),
    ("/api/search?q=" + "a" * 1001, 400, "q over 1000 bytes"),
    ("/api/stories?since=soon", 400, "stories since not a date"),
    ("/api/stories?limit=1000", 400, "stories limit over the cap"),
    ("/api/stories/abc", 400, "story id not a number"),
    ("/api/stories/12abc", 400, "story id with letters"),
    ("/api/stories/-3", 400, "negative story id"),
    ("/api/stories/99999999999999999999999", 400, "story id too long"),
    ("/api/stories/987654", 404, "no such story"),
    ("/api/entities", 400, "entities without name"),
    ("/api/entities?name=Zzyzx%20Qwerty", 404, "no such entity"),
    ("/api/quotes", 400, "quotes without speaker"),
    ("/api/quotes?speaker=x&limit=500", 400, "quotes limit over the cap"),
    ("/api/articles/x1", 400, "article id not a number"),
    ("/api/articles/987654", 404, "no such article"),
    ("/api/nothing", 404, "unknown API path"),
    ("/api/stories/1/extra", 404, "a path below a story"),
    ("/api/search/x", 404, "a path below search"),  # bare /api answers the index (api_test.py)
    ("/assets/../CMakeLists.txt", 404, "dot-dot out of the assets"),
    ("/assets/%2e%2e%2fCMakeLists.txt", 404, "encoded dot-dot"),
    ("/assets/layout.html", 404, "a template is not an asset"),
    ("/assets/nothing.css", 404, "unknown asset"),
    ("/etc/passwd", 404, "a file system path"),
    ("/stories/abc", 400, "story page id not a number"),
    ("/stories/987654", 404, "story page not found"),
    ("/articles/987654", 404, "article page not found"),
    ("/entities/Zzyzx%20Qwerty", 404, "entity page not found"),
    ("/entities/%FF", 400, "entity page name not UTF-8"),
    ("/search?q=dam&since=never", 400, "search page bad date"),
]

ANY_TEXT = ["AT&T", "cease-fire", '"unbalanced', "(((", "NOT", "AND OR", "*", "dam*", "'", "\\", "<script>",
            "ê é 中文", "a" * 1000, "NEAR(", "col:dam", "^dam", "-dam"]

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "errors.db")
    ingest(herald, db, "corpus/articles.jsonl")
    before = sha256(db)
    with Server(herald, db) as srv:
        for path, want, why in BAD:
            st, h, body = srv.get(path)
            ok = st == want
            if path.startswith("/api"):
                try:
                    err = json.loads(body)
                    ok = ok and isinstance(err.get("error"), str) and len(err["error"]) > 5
                    ok = ok and h.get("content-type") == "application/json; charset=utf-8"
                except ValueError:
                    ok = False
            else:
                ok = ok and h.get("content-type", "").startswith("text/html") and b"error-box" in body
            c.ok(f"{why}: {path[:60]} -> {want}", ok, f"got {st} {body[:160]!r}")
            c.ok(f"{why}: security headers", "script-src 'self'" in h.get("content-security-policy", "")
                 and h.get("x-content-type-options") == "nosniff")
        # search answers anything a person types: 200, or 400 saying what is wrong
        for text in ANY_TEXT:
            st, h, body = srv.get("/api/search?q=" + urllib.parse.quote(text))
            try:
                d = json.loads(body)
                ok = (st == 200 and isinstance(d, list)) or (st == 400 and isinstance(d.get("error"), str))
            except ValueError:
                ok = False
            c.ok(f"search {text[:20]!r} answers", ok, f"{st} {body[:120]!r}")
            st, h, body = srv.get("/search?q=" + urllib.parse.quote(text))
            c.ok(f"search page {text[:20]!r} answers", st in (200, 400) and b"<!doctype html>" in body, str(st))
        # methods other than GET and HEAD
        st, h, body = srv.get("/api/stories", method="POST", data=b"x=1")
        c.ok("POST -> 405 JSON", st == 405 and "error" in json.loads(body) and "GET" in h.get("allow", ""))
        st, h, body = srv.get("/api/stories", method="DELETE")
        c.ok("DELETE -> 405", st == 405)
        # a request line over the cap
        st, h, body = srv.get("/api/search?q=" + "b" * 5000)
        c.ok("URI over 4096 bytes -> 414 JSON", st == 414 and "error" in json.loads(body), f"{st} {body[:100]!r}")
        # a raw request with a path outside the tree
        host, port = srv.url[len("http://"):].rstrip("/").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            raw = b""
            while chunk := s.recv(65536):
                raw += chunk
        c.ok("raw ../ path is not served", b" 404 " in raw.split(b"\r\n")[0] and b"root:" not in raw, raw[:80])
        # assets: the right types, cacheable
        for name, ctype in [("style.css", "text/css"), ("app.js", "text/javascript"), ("favicon.svg", "image/svg+xml")]:
            st, h, body = srv.get("/assets/" + name)
            c.ok(f"asset {name}", st == 200 and h.get("content-type", "").startswith(ctype) and len(body) > 50)
        st, h, body = srv.get("/")
        csp = h.get("content-security-policy", "")
        c.ok("pages forbid inline script and style", "script-src 'self'" in csp and "'unsafe-inline'" not in csp
             and "default-src 'none'" in csp, csp)
        c.ok("pages have no inline script", not re.search(rb"<script(?![^>]*\bsrc=)", body), body[:300])
        status = srv.stop(signal.SIGINT)
        c.ok("SIGINT stops the server with status 0", status == 0, str(status))
        c.ok("SIGINT is logged", "interrupted" in srv.stderr_text)
    # --token: every request needs the bearer token
    with Server(herald, db, "--token", "s3cret") as srv:
        st, h, body = srv.get("/api/stories")
        c.ok("no token -> 401 JSON", st == 401 and "error" in json.loads(body) and h.get("www-authenticate") == "Bearer")
        st, _, _ = srv.get("/api/stories", headers={"Authorization": "Bearer wrong"})
        c.ok("wrong token -> 401", st == 401)
        st, _, _ = srv.get("/api/stories", headers={"Authorization": "Bearer s3cret"})
        c.ok("right token -> 200", st == 200)
    # other addresses than loopback warn (bound on all addresses for a moment, port chosen by the kernel)
    p = subprocess.Popen([herald, "serve", "--db", db, "--host", "0.0.0.0", "--port", "0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first = p.stderr.readline()
    second = p.stderr.readline() if "warning" in first else ""
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=20)
    c.ok("0.0.0.0 warns that there is no authentication", "warning" in first and "no authentication" in first
         and "listening on http://0.0.0.0:" in second, first + second)
    # bad options and a missing store fail at start, with exit status 2 / 1
    rc, _, err = run(herald, "serve", "--db", os.path.join(tmp, "none.db"), "--port", "0", check=False)
    c.ok("a missing store fails at start", rc == 1 and "herald serve" in err, err)
    for args in (["--port", "70000"], ["--port", "x"], ["--threads", "0"], ["--bogus"], ["--host", "not a host!"]):
        rc, _, err = run(herald, "serve", "--db", db, *args, check=False)
        c.ok(f"serve {' '.join(args)} is a usage error", rc == 2 and err, f"{rc} {err}")
    c.ok("the store file is unchanged", sha256(db) == before)
sys.exit(c.finish())
