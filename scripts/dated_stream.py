#!/usr/bin/env python3
"""dated_stream.py: turn an undated story-labelled JSONL set (allsides-*,
ecbplus) into a dated stream, so that `herald eval cluster` and `herald
train stories` see what ingest sees on a news feed: stories start in a
shuffled order at RATE new stories a day, and each story's articles are
dated from its start over SPREAD days (uniform), the stream sorted by date.
Deterministic for a seed. Usage:
  dated_stream.py IN.jsonl [--label story] [--rate 20] [--spread 2] [--seed 1] [--start 2024-01-01] > OUT.jsonl
"""
import argparse, datetime, json, random, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--label", default="story")
    ap.add_argument("--rate", type=float, default=20.0, help="new stories a day")
    ap.add_argument("--spread", type=int, default=2, help="days a story's articles are spread over")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", default="2024-01-01")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    recs = [json.loads(l) for l in open(a.path, encoding="utf-8") if l.strip()]
    labels = sorted({str(r[a.label]) for r in recs})
    rng.shuffle(labels)
    start = {lab: int(k / a.rate) for k, lab in enumerate(labels)}
    day0 = datetime.date.fromisoformat(a.start)
    out = []
    for r in recs:
        d = start[str(r[a.label])] + rng.randint(0, a.spread)
        r = dict(r)
        r["date"] = (day0 + datetime.timedelta(days=d)).isoformat()
        out.append((d, rng.random(), r))
    out.sort(key=lambda x: (x[0], x[1]))
    for _, _, r in out:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main()
