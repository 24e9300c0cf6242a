#!/usr/bin/env python3
"""Times `herald search` end to end (process start, open, query, print)
over Q queries drawn from the stored titles (one and two words, seeded),
and the same SQL in process (the query alone, without process start),
and prints p50/p99 in milliseconds.
usage: search_latency.py HERALD DB [Q]"""
import random, re, sqlite3, subprocess, sys, time

herald, db = sys.argv[1], sys.argv[2]
q = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rng = random.Random(5)
con = sqlite3.connect(db)
n = con.execute("select max(id) from articles").fetchone()[0]
words = []
while len(words) < 400:
    row = con.execute("select title from articles where id = ?", (rng.randint(1, n),)).fetchone()
    if row and row[0]:
        words += [w.lower() for w in re.findall(r"[A-Za-z]{4,}", row[0])]
con.close()
SQL = ("WITH top AS (SELECT a.id AS id, bm25(articles_fts, 5.0, 1.0) AS score"
       " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?1"
       " AND articles_fts.rowid >= coalesce((SELECT min(rowid) FROM (SELECT rowid FROM articles_fts"
       " WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1000)), 0) ORDER BY score LIMIT 10)"
       " SELECT a.id, a.date, a.outlet, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '...', 16), top.score"
       " FROM top JOIN articles_fts ON articles_fts.rowid = top.id JOIN articles a ON a.id = top.id"
       " WHERE articles_fts MATCH ?1 ORDER BY top.score")  # as cli/cmd_query.c runs it without filters
queries = [rng.choice(words) if i % 2 else "%s %s" % (rng.choice(words), rng.choice(words)) for i in range(q)]
def report(name, times):
    times.sort()
    print("%s: %d queries, p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (name, len(times), times[len(times) // 2], times[int(len(times) * 0.99) - 1], times[-1]))
cli = []
for query in queries:
    t = time.perf_counter()
    subprocess.run([herald, "search", "--db", db, "--limit", "10", query], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cli.append((time.perf_counter() - t) * 1000)
report("herald search (process)", cli)
con = sqlite3.connect(db)
inproc = []
for query in queries:
    t = time.perf_counter()
    con.execute(SQL, (query,)).fetchall()
    inproc.append((time.perf_counter() - t) * 1000)
report("search query (in process)", inproc)
