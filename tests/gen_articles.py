#!/usr/bin/env python3
"""Writes N small synthetic articles as JSON Lines (for the ingest tests
and benchmarks): topics built from invented words, dated over a year,
with a share of exact and lightly edited re-posts. Deterministic (seeded).
usage: gen_articles.py N [SEED] > out.jsonl"""
import json, random, sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
syll = ["ka", "lo", "ver", "mi", "dra", "sen", "tor", "ul", "bre", "fin", "gal", "ost", "rin", "pel", "zu", "am"]
def word(k=2):
    return "".join(rng.choice(syll) for _ in range(k))
common = [word(2) for _ in range(300)]
topics = []
for t in range(max(1, n // 8)):
    topics.append({"names": [word(3).capitalize() for _ in range(3)], "words": [word(3) for _ in range(12)]})
outlets = ["Sorrel Herald", "Kesten Daily", "Coastal Times", "Lorvania Post", "Meridia Tribune"]
made = []
for i in range(n):
    if made and rng.random() < 0.05:  # an exact or lightly edited re-post
        src = rng.choice(made)
        text = src["text"]
        if rng.random() < 0.5:
            ws = text.split(" ")
            ws[rng.randrange(len(ws))] = word(2)
            text = " ".join(ws)
        rec = {"id": "g%d" % i, "source": rng.choice(outlets), "date": src["date"], "title": src["title"], "text": text}
    else:
        t = topics[rng.randrange(len(topics))]
        sents = []
        for _ in range(rng.randint(3, 7)):
            ws = [rng.choice(common) for _ in range(rng.randint(6, 12))]
            for _ in range(3):
                ws.insert(rng.randrange(len(ws)), rng.choice(t["words"]))
            ws.insert(rng.randrange(1, len(ws)), rng.choice(t["names"]))
            sents.append(" ".join(ws).capitalize() + ".")
        day = 1 + rng.randrange(28)
        rec = {"id": "g%d" % i, "source": rng.choice(outlets), "date": "2024-%02d-%02d" % (1 + rng.randrange(12), day),
               "title": " ".join(rng.choice(t["words"]) for _ in range(4)).capitalize(), "text": " ".join(sents)}
    made.append(rec)
    print(json.dumps(rec))
