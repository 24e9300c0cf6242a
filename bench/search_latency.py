#!/usr/bin/env python3
"""Times `herald search` end to end (process start, open, query, print)
over Q queries drawn from the stored titles (one and two words, seeded),
and the same SQL in process (the query alone, without process start),
and prints p50/p99 in milliseconds. DB is a SQLite file or a
postgresql:// URI (then the query alone runs through libpq by ctypes,
the SQL of src/store/pg_backend.c).
usage: search_latency.py HERALD DB [Q]"""
import ctypes, ctypes.util, random, re, sqlite3, subprocess, sys, time

herald, db = sys.argv[1], sys.argv[2]
q = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rng = random.Random(5)
PG = db.startswith("postgres://") or db.startswith("postgresql://")
SQL = ("WITH top AS (SELECT articles_fts.rowid AS id, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts"
       " WHERE articles_fts MATCH ?1 AND articles_fts.rowid >= CASE WHEN 1000 > 0 THEN coalesce((SELECT min(rowid)"
       " FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1000)), 0) ELSE 0 END"
       " ORDER BY score LIMIT 10 OFFSET 0)"
       " SELECT a.id, a.date, a.outlet, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '...', 16), top.score"
       " FROM top CROSS JOIN articles_fts CROSS JOIN articles a"
       " WHERE articles_fts.rowid = top.id AND a.id = top.id AND articles_fts MATCH ?1 ORDER BY top.score")
# as src/store/sqlite_backend.c runs it without filters (SEARCH_FTS_SQL; window 1000, limit 10)
def pg_sql(t):  # t: article_search, or articles in a store written before it
    tsq = "websearch_to_tsquery('english', $1::text)"
    tier = lambda name, rng: (" %s AS MATERIALIZED (SELECT x.id FROM %s x WHERE x.tsv @@ %s%s"
                              " ORDER BY x.id DESC LIMIT 1000)," % (name, t, tsq, rng))
    sparse = lambda name, rng: (" %s AS MATERIALIZED (SELECT id FROM (SELECT x.id FROM %s x WHERE x.tsv @@ %s%s"
                                " OFFSET 0) f ORDER BY id DESC LIMIT 1000)," % (name, t, tsq, rng))
    return ("WITH q AS (SELECT " + tsq + " AS q), m AS (SELECT coalesce(max(id), 0) AS m FROM " + t + "),"
            + tier("w8", " AND x.id > (SELECT m FROM m) - 8000") + sparse("w64", " AND x.id > (SELECT m FROM m) - 64000")
            + sparse("wall", "") +
            " tier AS (SELECT CASE WHEN (SELECT count(*) FROM w8) >= 1000 THEN 8"
            " WHEN (SELECT count(*) FROM w64) >= 1000 THEN 64 ELSE 1 END AS k),"
            " win AS (SELECT id FROM w8 WHERE (SELECT k FROM tier) = 8 UNION ALL SELECT id FROM w64 WHERE"
            " (SELECT k FROM tier) = 64 UNION ALL SELECT id FROM wall WHERE (SELECT k FROM tier) = 1),"
            " top AS (SELECT c.id AS id, ts_rank_cd('{0.1, 0.2, 0.2, 1.0}', c.tsv, q.q) AS score"
            " FROM win JOIN " + t + " c ON c.id = win.id, q ORDER BY score DESC, c.id DESC LIMIT 10)"
            " SELECT a.id, a.date, a.outlet, a.title, a.story_id, ts_headline('english', a.text, q.q,"
            " 'StartSel=\"[\", StopSel=\"]\", MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=\"...\"'),"
            " top.score FROM top JOIN articles a ON a.id = top.id, q ORDER BY top.score DESC, a.id DESC")
# as src/store/pg_backend.c runs it without filters (window 1000, limit 10): prepared once per
# connection and planned per run for its words, as the backend does


class Libpq:
    """The few libpq calls this needs, by ctypes (no Python driver needed)."""
    def __init__(self, uri):
        lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
        lib.PQconnectdb.restype = ctypes.c_void_p
        lib.PQexecParams.restype = ctypes.c_void_p
        lib.PQexecParams.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p,
                                     ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        lib.PQntuples.argtypes = [ctypes.c_void_p]
        lib.PQgetvalue.restype = ctypes.c_char_p
        lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQclear.argtypes = [ctypes.c_void_p]
        lib.PQstatus.argtypes = [ctypes.c_void_p]
        lib.PQfinish.argtypes = [ctypes.c_void_p]
        self.lib, self.conn = lib, lib.PQconnectdb(uri.encode())
        if lib.PQstatus(self.conn) != 0:
            sys.exit("cannot connect to " + uri)

    def prepare(self, name, sql):
        self.lib.PQprepare.restype = ctypes.c_void_p
        self.lib.PQprepare.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
        self.lib.PQclear(self.lib.PQprepare(self.conn, name.encode(), sql.encode(), 0, None))
        self.lib.PQexecPrepared.restype = ctypes.c_void_p
        self.lib.PQexecPrepared.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                            ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]

    def run_prepared(self, name, *params):
        arr = (ctypes.c_char_p * max(1, len(params)))(*[str(p).encode() for p in params])
        r = self.lib.PQexecPrepared(self.conn, name.encode(), len(params), arr, None, None, 0)
        n = self.lib.PQntuples(r)
        self.lib.PQclear(r)
        return n

    def rows(self, sql, *params):
        arr = (ctypes.c_char_p * max(1, len(params)))(*[str(p).encode() for p in params])
        r = self.lib.PQexecParams(self.conn, sql.encode(), len(params), None, arr, None, None, 0)
        out = [self.lib.PQgetvalue(r, i, 0) for i in range(self.lib.PQntuples(r))]
        self.lib.PQclear(r)
        return out


if PG:
    pg = Libpq(db)
    n = int(pg.rows("select max(id) from articles")[0])
    title = lambda i: (pg.rows("select title from articles where id = $1::bigint", i) or [None])[0]
else:
    con = sqlite3.connect(db)
    n = con.execute("select max(id) from articles").fetchone()[0]
    title = lambda i: (con.execute("select title from articles where id = ?", (i,)).fetchone() or [None])[0]
words = []
while len(words) < 400:
    t = title(rng.randint(1, n))
    if t:
        t = t.decode() if isinstance(t, bytes) else t
        words += [w.lower() for w in re.findall(r"[A-Za-z]{4,}", t)]
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
inproc = []
if PG:
    pg.rows("SELECT set_config('plan_cache_mode', 'force_custom_plan', false)")  # as the backend does
    pg.prepare("search", pg_sql("articles" if pg.rows("SELECT to_regclass('article_search') IS NULL")[0] == b"t"
                                else "article_search"))
for query in queries:
    t = time.perf_counter()
    if PG:
        pg.run_prepared("search", query)
    else:
        con.execute(SQL, (query,)).fetchall()
    inproc.append((time.perf_counter() - t) * 1000)
report("search query (in process)", inproc)
