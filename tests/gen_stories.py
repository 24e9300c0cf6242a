#!/usr/bin/env python3
"""Writes N synthetic articles as JSON Lines whose stories are hard to tell
apart: topics share most of their vocabulary and their people, so many
clustering decisions are close calls and depend on the clusterer's whole
state (document frequencies, posting lists). For the resume tests, where a
state reloaded from the store must decide exactly as the one in memory.
Deterministic (seeded). usage: gen_stories.py N [SEED] > out.jsonl"""
import json, random, sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
syll = ["ka", "lo", "ver", "mi", "dra", "sen", "tor", "ul", "bre", "fin", "gal", "ost", "rin", "pel", "zu", "am",
        "te", "nor", "vas", "qui"]
def word(k):
    return "".join(rng.choice(syll) for _ in range(k))
vocab = sorted({word(rng.choice((2, 3))) for _ in range(3000)})
rng.shuffle(vocab)
zipf = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
names = [word(3).capitalize() for _ in range(120)]
topics = [{"words": rng.sample(vocab[40:900], 8), "names": rng.sample(names, 3)} for _ in range(max(2, n // 5))]
outlets = ["Sorrel Herald", "Kesten Daily", "Coastal Times", "Lorvania Post"]
for i in range(n):
    t = topics[min(len(topics) - 1, int(rng.random() ** 1.5 * len(topics)))]
    sents = []
    for _ in range(rng.randint(2, 5)):
        ws = rng.choices(vocab, weights=zipf, k=rng.randint(7, 12))
        for _ in range(rng.randint(1, 3)):
            ws.insert(rng.randrange(len(ws)), rng.choice(t["words"]))
        ws.insert(rng.randrange(1, len(ws)), rng.choice(t["names"] if rng.random() < 0.7 else names))
        sents.append(" ".join(ws).capitalize() + ".")
    rec = {"id": "s%d" % i, "source": rng.choice(outlets),
           "title": " ".join(rng.sample(t["words"], 2) + rng.choices(vocab[:200], k=2)).capitalize(),
           "text": " ".join(sents)}
    if rng.random() < 0.5:
        rec["date"] = "2024-03-%02d" % (1 + i * 28 // n)
    print(json.dumps(rec))
