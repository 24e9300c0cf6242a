#!/usr/bin/env python3
"""Load on `herald serve`: CLIENTS concurrent clients (keep-alive HTTP/1.1,
127.0.0.1 only) mixing search, stories, story and entity requests for
SECONDS seconds on a Reuters-21578 store, while `herald ingest` adds the
last articles to the same store in small batches.

usage: bench/serve_load.py [HERALD] [SECONDS] [CLIENTS] [both|cache|nocache]
       (defaults build/herald 30 50 both: one run with the answer cache, one without)
Needs ../shared/data/reuters21578 (exit 77 without). The store is built in
a temporary folder (Reuters converted at run time, nothing committed).
The loop is bounded: each client stops at the deadline or after
MAX_REQUESTS requests. Reports requests/s, p50/p99/max latency per
request kind and overall, errors (any status but 200, or a failed
connection), and the server's memory (peak RSS) and CPU time.
Clients run in several processes (threads within each), so that
Python's interpreter lock does not cap the rate.
"""
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REUTERS = os.path.join(HERE, "..", "..", "shared", "data", "reuters21578")
MAX_REQUESTS = 2_000_000
PROCESSES = 5
LIVE_BATCH = 100  # articles per `herald ingest` run during the load


def percentile(v, p):
    return v[min(len(v) - 1, int(len(v) * p))] if v else float("nan")


def client_process(host, port, deadline, threads, seed, plan, out):
    """Runs `threads` clients; puts {kind: [latency ms]}, errors on `out`."""
    lat = {}
    errors = []
    lock = threading.Lock()

    def client(k):
        rng = random.Random(seed * 1000 + k)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine = {}
        errs = []
        n = 0
        while time.time() < deadline and n < MAX_REQUESTS:
            kind = rng.choice(("search", "search", "stories", "story", "story", "entity"))
            path = plan[kind](rng)
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                if not ok:
                    errs.append(f"{resp.status} {path}")
            except Exception as e:  # a refused or dropped connection is an error, then reconnect
                errs.append(f"{type(e).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                ok = False
            ms = (time.perf_counter() - t) * 1000
            mine.setdefault(kind, []).append(ms)
            n += 1
        conn.close()
        with lock:
            for kind, v in mine.items():
                lat.setdefault(kind, []).extend(v)
            errors.extend(errs)

    ts = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put((lat, errors))


def make_plan(words, story_ids, names):
    q = urllib.parse.quote
    return {
        "search": lambda r: "/api/search?q=" + q(r.choice(words) if r.random() < .6 else
                                                  r.choice(words) + " " + r.choice(words)),
        "stories": lambda r: f"/api/stories?limit=20&offset={r.choice((0, 0, 20, 40))}",
        "story": lambda r: f"/api/stories/{r.choice(story_ids)}",
        "entity": lambda r: "/api/entities?name=" + q(r.choice(names)),
    }


def proc_stats(pid):
    """(peak RSS MB, CPU seconds) of a running process, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return hwm / 1024, (int(fields[11]) + int(fields[12])) / tick


def start_server(herald, db, cache_mb):
    serve = subprocess.Popen([herald, "serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
                              "--cache-mb", str(cache_mb)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ready = serve.stderr.readline()
    m = re.search(r"http://([\d.]+):(\d+)/", ready)
    if not m:
        raise RuntimeError("herald serve did not start: " + ready)
    threading.Thread(target=lambda: serve.stderr.read(), daemon=True).start()
    return serve, m.group(1), int(m.group(2))


def make_plan_args(host, port):
    """What the clients ask for: words of stored titles, story ids, names the store knows."""
    conn = http.client.HTTPConnection(host, port, timeout=30)

    def get(path):
        conn.request("GET", path)
        r = conn.getresponse()
        return json.loads(r.read())

    stories = get("/api/stories?limit=100") + get("/api/stories?limit=100&offset=100")
    story_ids = [s["id"] for s in stories]
    names, words = set(), []
    for sid in story_ids[:60]:
        s = get(f"/api/stories/{sid}")
        for e in s["timeline"][:5]:
            words += [w.lower() for w in re.findall(r"[A-Za-z]{4,}", e["title"] or "")]
        for sp in s["speakers"]:
            if sp["entity"] is not None:
                names.add(sp["speaker"])
    for name in sorted(names)[:20]:  # and who they appear with
        for co in get("/api/entities?name=" + urllib.parse.quote(name)).get("cooccurring", []):
            names.add(co["name"])
    conn.close()
    return (words or ["oil"], story_ids, sorted(names) or ["Reuters"])


def one_at_a_time(host, port, plan_args, n=50):
    """p50 of each request kind, one request at a time on one keep-alive connection."""
    plan = make_plan(*plan_args)
    rng = random.Random(11)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    parts = []
    for kind in ("stories", "story", "search", "entity"):
        ts = []
        for _ in range(n):
            t = time.perf_counter()
            conn.request("GET", plan[kind](rng))
            conn.getresponse().read()
            ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        parts.append(f"{kind} p50 {percentile(ts, .5):.2f} ms")
    conn.close()
    return ", ".join(parts)


def run_load(herald, db, cache_mb, batches, plan_args, seconds, clients):
    serve, host, port = start_server(herald, db, cache_mb)
    if plan_args is None:
        plan_args = make_plan_args(host, port)
    words, story_ids, names = plan_args
    mode = f"answer cache {cache_mb} MB" if cache_mb else "no answer cache (every request runs its queries)"
    print(f"\n== {mode}: {clients} clients for {seconds:.0f} s; {len(words)} title words, {len(story_ids)} stories, "
          f"{len(names)} names")
    if not cache_mb:
        print("one request at a time (no load, no cache): " + one_at_a_time(host, port, plan_args))
    rss0, cpu0 = proc_stats(serve.pid)
    deadline = time.time() + seconds
    out = mp.Queue()
    per = [clients // PROCESSES + (1 if i < clients % PROCESSES else 0) for i in range(PROCESSES)]
    procs = [mp.Process(target=run_clients, args=(host, port, deadline, n, i, plan_args, out))
             for i, n in enumerate(per) if n]
    t0 = time.time()
    for p in procs:
        p.start()
    # the writer: one `herald ingest` run after another, until the deadline or the batches run out
    ingested, ingest_runs = 0, 0
    todo = list(batches)
    while time.time() < deadline - 1 and todo:
        subprocess.run([herald, "ingest", "-q", "--db", db, todo.pop(0)], check=True)
        ingested += LIVE_BATCH
        ingest_runs += 1
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.time() - t0
    rss, cpu1 = proc_stats(serve.pid)
    serve.send_signal(signal.SIGTERM)
    status = serve.wait(timeout=30)
    lat, errors = {}, []
    for l, e in results:
        for k, v in l.items():
            lat.setdefault(k, []).extend(v)
        errors += e
    every = sorted(x for v in lat.values() for x in v)
    print(f"serve_load: {clients} clients, {wall:.1f} s, {len(every)} requests, "
          f"{len(every) / wall:.0f} req/s, errors {len(errors)}")
    for kind in sorted(lat):
        v = sorted(lat[kind])
        print(f"  {kind:8s} {len(v):7d} requests  p50 {percentile(v, .5):6.1f} ms  p99 {percentile(v, .99):6.1f} ms"
              f"  max {v[-1]:7.1f} ms")
    print(f"  {'all':8s} {len(every):7d} requests  p50 {percentile(every, .5):6.1f} ms"
          f"  p99 {percentile(every, .99):6.1f} ms  max {every[-1]:7.1f} ms")
    print(f"  while serving: {ingest_runs} `herald ingest` runs added {ingested} articles")
    print(f"  server: peak RSS {rss:.0f} MB (before the load {rss0:.0f} MB), CPU {cpu1 - cpu0:.1f} s"
          f" ({(cpu1 - cpu0) / wall * 100:.0f}% of one core), stopped with status {status}")
    if errors:
        print("  first errors: " + "; ".join(errors[:5]))
    return plan_args, (not errors and status == 0)


def main():
    herald = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/herald")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    modes = {"both": [64, 0], "cache": [64], "nocache": [0]}[sys.argv[4] if len(sys.argv) > 4 else "both"]
    if not os.path.isdir(REUTERS):
        print(f"skip: {os.path.normpath(REUTERS)} absent")
        return 77
    tmp = tempfile.mkdtemp(prefix="serve_load.")
    try:
        base = os.path.join(tmp, "base.db")
        src = os.path.join(tmp, "reuters.jsonl")
        with open(src, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "reuters2jsonl.py"), REUTERS], stdout=f, check=True)
        lines = open(src).read().splitlines()
        live = lines[-3000:]  # ingested during the load runs
        with open(os.path.join(tmp, "base.jsonl"), "w") as f:
            f.write("\n".join(lines[:-3000]) + "\n")
        t = time.time()
        subprocess.run([herald, "ingest", "-q", "--db", base, os.path.join(tmp, "base.jsonl")], check=True)
        print(f"store: {len(lines) - len(live)} Reuters articles ingested in {time.time() - t:.1f} s; up to "
              f"{len(live)} more are ingested during each load run, {LIVE_BATCH} per `herald ingest`")
        batches = []
        for i in range(0, len(live), LIVE_BATCH):
            p = os.path.join(tmp, f"live{i // LIVE_BATCH:03d}.jsonl")
            with open(p, "w") as f:
                f.write("\n".join(live[i:i + LIVE_BATCH]) + "\n")
            batches.append(p)
        plan_args, ok = None, True
        for cache_mb in modes:
            db = os.path.join(tmp, "run.db")
            for side in ("", "-wal", "-shm"):
                if os.path.exists(db + side):
                    os.remove(db + side)
            shutil.copy(base, db)
            plan_args, good = run_load(herald, db, cache_mb, batches, plan_args, seconds, clients)
            ok = ok and good
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_clients(host, port, deadline, threads, seed, plan_args, out):
    client_process(host, port, deadline, threads, seed, make_plan(*plan_args), out)


if __name__ == "__main__":
    sys.exit(main())
