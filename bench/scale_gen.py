#!/usr/bin/env python3
"""Builds N articles for the scale benchmark from Reuters JSON Lines (the
output of reuters2jsonl.py): the originals, perturbed copies (words
dropped, replaced or swapped, another outlet) and articles recombined
from paragraphs of several originals, dated in increasing order over
three years. Deterministic (seeded). Nothing it writes is committed.
usage: scale_gen.py REUTERS.jsonl N > out.jsonl"""
import json, random, sys
from datetime import datetime, timedelta

src = [json.loads(l) for l in open(sys.argv[1])]
n = int(sys.argv[2])
rng = random.Random(1987)
outlets = ["Reuters", "Wire A", "Wire B", "Daily C", "Post D", "Times E", "Herald F", "Journal G"]
start = datetime(1987, 1, 1)
span = timedelta(days=3 * 365).total_seconds()
vocab = [w for r in src[:2000] for w in r["text"].split()[:50]]

def perturb(text):
    ws = text.split(" ")
    for _ in range(max(1, len(ws) // 30)):
        i = rng.randrange(len(ws))
        op = rng.random()
        if op < 0.4 and len(ws) > 5:
            del ws[i]
        elif op < 0.8:
            ws[i] = rng.choice(vocab)
        elif i + 1 < len(ws):
            ws[i], ws[i + 1] = ws[i + 1], ws[i]
    return " ".join(ws)

def paragraphs(t):
    ps = [p for p in t.split("\n    ") if p.strip()]
    return ps if ps else [t]

out = sys.stdout
for i in range(n):
    date = (start + timedelta(seconds=span * i / n)).strftime("%Y-%m-%dT%H:%M:%S")
    r = rng.random()
    base = src[i % len(src)] if i < len(src) else src[rng.randrange(len(src))]
    if i < len(src):
        rec = {"id": "s%d" % i, "source": "Reuters", "title": base["title"], "text": base["text"]}
    elif r < 0.5:
        rec = {"id": "s%d" % i, "source": rng.choice(outlets), "title": base["title"], "text": perturb(base["text"])}
    else:
        parts = []
        for _ in range(rng.randint(2, 4)):
            ps = paragraphs(src[rng.randrange(len(src))]["text"])
            k = rng.randrange(len(ps))
            parts.extend(ps[k:k + rng.randint(1, 3)])
        rec = {"id": "s%d" % i, "source": rng.choice(outlets), "title": base["title"] + " (%d)" % i, "text": "\n    ".join(parts)}
    rec["date"] = date
    out.write(json.dumps(rec) + "\n")
