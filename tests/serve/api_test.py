"""The JSON API of `herald serve` against the CLI's --json, byte for byte.

Usage: api_test.py HERALD
Ingests corpus/articles.jsonl into a temporary store, starts the server,
and compares every endpoint with the verb the CLI has for it (stories,
story, search with each filter, entity, quotes, article): same status
(exit 0 <-> 200, a usage error <-> 400, not found <-> 404) and, when it
answers, the same bytes. Then it ingests corpus/scraped/ while the server
answers (WAL: readers never block the writer), checks that the new
articles appear, that parallel requests agree, that the store file is
unchanged by the server (checksum), and that SIGTERM stops it with 0.
"""
import concurrent.futures
import json
import os
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, Server, ingest, run, sha256  # noqa: E402

herald = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
c = Checks()
q = urllib.parse.quote


def cli_json(*args):
    """(exit status, stdout bytes) of `herald ARGS --db DB --json`."""
    rc, out, _ = run(herald, *args, "--db", db, "--json", check=False)
    return rc, out


def same(name, path, *cli_args):
    """The endpoint's answer equals the CLI's: status class and bytes."""
    status, headers, body = srv.get(path)
    rc, out = cli_json(*cli_args)
    want = {0: 200, 2: 400}.get(rc, 404)
    ctype = headers.get("content-type", "")
    c.ok(f"{name}: JSON content type", ctype == "application/json; charset=utf-8", ctype)
    if rc == 0:
        c.ok(f"{name}: 200 and the CLI's bytes", status == 200 and body == out,
             f"status {status}\nAPI {body[:300]!r}\nCLI {out[:300]!r}")
    else:
        ok = status in (400, 404) and status == want
        try:
            err = json.loads(body)
            ok = ok and isinstance(err.get("error"), str) and err["error"]
        except ValueError:
            ok = False
        c.ok(f"{name}: CLI exit {rc} -> HTTP {want} with a JSON error", ok, f"status {status} body {body[:200]!r}")
    return body


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "api.db")
    ingest(herald, db, "corpus/articles.jsonl")
    before = sha256(db)
    with Server(herald, db) as srv:
        # the index: every endpoint it lists answers (IDs and required names filled in)
        status, headers, body = srv.get("/api")
        index = json.loads(body) if status == 200 else {}
        paths = [e.get("path", "") for e in index.get("endpoints", [])]
        c.ok("GET /api lists the endpoints", len(paths) >= 6 and "/api/search" in paths, str(paths))
        for p in paths:
            url = p.replace("ID", "1") + ("?q=dam" if p.endswith("search") else "?name=Irena%20Voss"
                                          if p.endswith("entities") else "?speaker=Voss" if p.endswith("quotes") else "")
            st = srv.get(url)[0]
            c.ok(f"index endpoint {p} answers", st == 200, f"{url}: {st}")
        # stories, and every story
        same("stories", "/api/stories", "stories")
        same("stories limit", "/api/stories?limit=2", "stories", "--limit", "2")
        same("stories since", "/api/stories?since=2025-03-20", "stories", "--since", "2025-03-20")
        stories = json.loads(srv.get("/api/stories?limit=100")[2])
        c.ok("the store has stories", len(stories) >= 3, str(len(stories)))
        speakers, articles, outlets = set(), set(), set()
        for s in stories:
            body = same(f"story {s['id']}", f"/api/stories/{s['id']}", "story", str(s["id"]))
            story = json.loads(body)
            for e in story["timeline"]:
                articles.add(e["id"])
                outlets.add(e["outlet"])
                articles.update(x["id"] for x in e["copies"])
            speakers.update(sp["speaker"] for sp in story["speakers"] if sp["entity"] is not None)
        same("missing story", "/api/stories/987654", "story", "987654")
        # search, as people type it, and each filter
        for words in ["dam", "ferry contract", "Kestria", "cease-fire", "AT&T", '"unbalanced', "insulin OR pens",
                      "Asna*", "NOT", "zeppelin"]:
            same(f"search {words!r}", f"/api/search?q={q(words)}", "search", words)
        outlet = sorted(o for o in outlets if o)[0]
        same("search outlet", f"/api/search?q=the&outlet={q(outlet)}", "search", "the", "--outlet", outlet)
        same("search dates", "/api/search?q=the&since=2025-03-05&until=2025-03-20",
             "search", "the", "--since", "2025-03-05", "--until", "2025-03-20")
        same("search limit", "/api/search?q=the&limit=3", "search", "the", "--limit", "3")
        # entities and their quotations
        c.ok("stories name speakers", len(speakers) >= 2, str(speakers))
        for name in sorted(speakers):
            body = same(f"entity {name}", f"/api/entities?name={q(name)}", "entity", name)
            for co in json.loads(body).get("cooccurring", [])[:3]:
                same(f"entity {co['name']}", f"/api/entities?name={q(co['name'])}", "entity", co["name"])
            same(f"quotes {name}", f"/api/quotes?speaker={q(name)}", "quotes", "--speaker", name)
        same("unknown entity", "/api/entities?name=Nobody%20Atall", "entity", "Nobody Atall")
        same("quotes of nobody", "/api/quotes?speaker=Nobody%20Atall", "quotes", "--speaker", "Nobody Atall")
        # articles
        has_article_verb = run(herald, "article", "--help", check=False)[0] == 0
        for a in sorted(articles):
            if has_article_verb:
                same(f"article {a}", f"/api/articles/{a}", "article", str(a))
            else:
                st, art = srv.json(f"/api/articles/{a}")
                c.ok(f"article {a}", st == 200 and art["id"] == a and isinstance(art["text"], str))
        st, art = srv.json(f"/api/articles/{min(articles)}")
        c.ok("article has text, mentions and quotes", art["text"] and "mentions" in art and "quotes" in art)
        # HEAD: the same headers, no body
        st, h, body = srv.get("/api/stories", method="HEAD")
        c.ok("HEAD answers without a body", st == 200 and body == b"" and h.get("content-type", "").startswith("application/json"))
        # many requests at once agree with one
        paths = [f"/api/stories/{s['id']}" for s in stories] + ["/api/search?q=dam", "/api/stories", "/"] * 3
        want = {p: srv.get(p)[2] for p in paths}
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            got = list(pool.map(lambda p: (p, srv.get(p)), paths * 6))
        c.ok("parallel requests all answer the same", all(r[0] == 200 and r[2] == want[p] for p, r in got),
             str([(p, r[0]) for p, r in got if r[0] != 200 or r[2] != want[p]][:3]))
        # the server leaves the file alone
        c.ok("the store file is unchanged by serving", sha256(db) == before)
        # the answer cache: a repeated request is a hit, with the same bytes
        st1, h1, b1 = srv.get("/api/search?q=the&limit=100")
        st2, h2, b2 = srv.get("/api/search?q=the&limit=100")
        c.ok("a repeated request comes from the cache", h2.get("x-herald-cache") == "hit" and b1 == b2,
             str(h2.get("x-herald-cache")))
        c.ok("errors are not cached", srv.get("/api/stories/987654")[1].get("x-herald-cache") == "miss"
             and srv.get("/api/stories/987654")[1].get("x-herald-cache") == "miss")
        # ingest while serving: the server answers throughout and sees the new articles
        n_before = len(json.loads(srv.get("/api/search?q=the&limit=100")[2]))
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            job = pool.submit(ingest, herald, db, "corpus/scraped")
            answered = 0
            while not job.done() or answered < 20:
                answered += srv.get("/api/stories")[0] == 200
                if answered > 2000:
                    break
            job.result()
        c.ok("answers while ingest writes", answered >= 20)
        st, h, body = srv.get("/api/search?q=the&limit=100")
        n_after = len(json.loads(body))
        c.ok("the store changed: the cached answer is dropped", h.get("x-herald-cache") == "miss")
        c.ok("articles ingested while serving are found", n_after > n_before, f"{n_before} -> {n_after}")
        same("stories after ingest", "/api/stories", "stories")
        after = sha256(db)
        status = srv.stop()
        c.ok("SIGTERM stops the server with status 0", status == 0, str(status))
        c.ok("the stop is logged", "stopping" in srv.stderr_text, srv.stderr_text[-300:])
    c.ok("the store file is unchanged after the server stopped", sha256(db) == after)
sys.exit(c.finish())
