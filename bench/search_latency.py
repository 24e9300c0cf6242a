#!/usr/bin/env python3
"""Times `herald search` end to end (process start, open, query, print)
over Q queries drawn from the stored titles (one and two words, seeded),
and the same SQL in process (the query alone, without process start),
and prints p50/p99 in milliseconds (for a local PostgreSQL server whose
/proc is readable, also the server's CPU per query). DB is a SQLite file or a
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
REC = ("(x.tsv || array_to_tsvector(ARRAY['~12 ' || (x.id >> 12)::text, '~14 ' || (x.id >> 14)::text,"
       " '~16 ' || (x.id >> 16)::text, '~18 ' || (x.id >> 18)::text]))")  # HD_PG_RECENT_TSV("x.")
LO = "((SELECT m FROM m) - (SELECT r FROM est))"
COVER = (" cover AS MATERIALIZED (SELECT string_agg(format('''~%s %s''', k, b), ' | ')::tsquery AS q"
         " FROM (VALUES (12), (14), (16), (18)) v(k), LATERAL generate_series("
         "CASE WHEN k = 12 THEN " + LO + " >> 12 ELSE (" + LO + " + (1::bigint << k) - 1) >> k END,"
         " least(CASE WHEN k = 18 THEN (SELECT m FROM m) >> 18"
         " ELSE (((" + LO + " + (1::bigint << (k + 2)) - 1) >> (k + 2)) << 2) - 1 END, (SELECT m FROM m) >> k)) b),")


def pg_sql(layout):  # recent (article_search_recent), block (a store made before it), old (vectors in articles)
    t = "articles" if layout == "old" else "article_search"
    tsq = "websearch_to_tsquery('english', $1::text)"
    rank = "ts_rank_cd('{0.1, 0.2, 0.2, 1.0}', x.tsv, %s)" % tsq
    match = (REC if layout == "recent" else "x.tsv") + " @@ " + tsq
    rng = {"recent": match + " AND " + REC + " @@ (SELECT q FROM cover)",
           "block": match + " AND x.id / 256 >= ((SELECT m FROM m) - (SELECT r FROM est)) / 256",
           "old": match + " AND x.id > (SELECT m FROM m) - (SELECT r FROM est)"}[layout]
    walk = lambda name, span: (" %s AS MATERIALIZED (SELECT x.id, %s AS score FROM %s x WHERE (x.tsv @@ %s) IS TRUE AND x.id >"
                               " (SELECT m FROM m) - %s ORDER BY x.id DESC LIMIT $3::int)," % (name, rank, t, tsq, span))
    bitmap = lambda name, cond: (" %s AS MATERIALIZED (SELECT x.id, %s AS score FROM %s x WHERE x.ctid = ANY (ARRAY(SELECT t"
                                 " FROM (SELECT x.id, x.ctid AS t FROM %s x WHERE %s OFFSET 0) f ORDER BY id DESC"
                                 " LIMIT $3::int)))," % (name, rank, t, t, cond))
    return ("WITH m AS (SELECT coalesce(max(id), 0) AS m FROM " + t + "),"
            + walk("p2", "2 * $3::int::bigint")
            + " est AS MATERIALIZED (SELECT count(*) AS c, 4 * $3::int::bigint * $3::int / greatest(count(*), 1) AS r FROM p2),"
            + (COVER if layout == "recent" else "")
            + walk("wd", "(SELECT 4 * r FROM est)")
            + bitmap("ws", rng) + bitmap("wall", match) +
            " tier AS (SELECT CASE WHEN $3::int <= 0 THEN 0 WHEN c >= $3::int THEN 2"
            " WHEN c * 16 >= 2 * $3::int THEN CASE WHEN (SELECT count(*) FROM wd) >= $3::int THEN 3 ELSE 1 END"
            " WHEN r < (SELECT m FROM m) / 2 AND (SELECT count(*) FROM ws) >= $3::int THEN 4 ELSE 1 END AS k FROM est),"
            " win AS (SELECT id, score FROM p2 WHERE (SELECT k FROM tier) = 2"
            " UNION ALL SELECT id, score FROM wd WHERE (SELECT k FROM tier) = 3"
            " UNION ALL SELECT id, score FROM ws WHERE (SELECT k FROM tier) = 4"
            " UNION ALL SELECT id, score FROM wall WHERE (SELECT k FROM tier) = 1"
            " UNION ALL SELECT x.id, " + rank + " FROM " + t + " x WHERE $3::int <= 0 AND " + match + "),"
            " top AS (SELECT id, score FROM win ORDER BY score DESC, id DESC LIMIT $2::int OFFSET $4::int)"
            " SELECT a.id, a.date, a.outlet, a.title, a.story_id, ts_headline('english', a.text, " + tsq + ","
            " 'StartSel=\"[\", StopSel=\"]\", MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=\"...\"'),"
            " top.score FROM top JOIN articles a ON a.id = top.id ORDER BY top.score DESC, a.id DESC")
# as src/store/pg_backend.c runs it without filters (HD_PG_SEARCH_PLAIN_SQL; window 1000, limit 10):
# prepared once per connection and planned per run for its words, as `herald serve` does


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
inproc, cpu = [], []
backend_cpu = lambda: None  # the server backend's CPU ms (/proc/PID/schedstat), when the server is local and readable
if PG:
    pid = int(pg.rows("SELECT pg_backend_pid()")[0])
    try:
        open("/proc/%d/schedstat" % pid).read()
        backend_cpu = lambda: int(open("/proc/%d/schedstat" % pid).read().split()[0]) / 1e6
    except OSError:
        pass
    pg.rows("SELECT set_config('plan_cache_mode', 'force_custom_plan', false), set_config('jit', 'off', false),"
            " set_config('max_parallel_workers_per_gather', '0', false)")  # as the backend does
    layout = pg.rows("SELECT CASE WHEN to_regclass('article_search') IS NULL THEN 'old'"
                     " WHEN to_regclass('article_search_recent') IS NULL THEN 'block' ELSE 'recent' END")[0].decode()
    pg.prepare("search", pg_sql(layout))
for query in queries:
    c, t = backend_cpu(), time.perf_counter()
    if PG:
        pg.run_prepared("search", query, 10, 1000, 0)
    else:
        con.execute(SQL, (query,)).fetchall()
    inproc.append((time.perf_counter() - t) * 1000)
    if c is not None:
        cpu.append(backend_cpu() - c)
report("search query (in process)", inproc)
if cpu:  # steadier than wall time on a loaded machine
    report("search query (server CPU)", cpu)
