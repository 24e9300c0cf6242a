#!/usr/bin/env python3
"""Where story-clustering recall is lost: reads a labelled set and the
feature log and stream order that `herald eval cluster SET
--dump-features LOG --partition PART` wrote for it, and sorts every article whose gold story was already open into: joined
it; never saw it among the scored candidates (retrieval); saw it and
opened a new story (the decision); saw it and joined another story.
For the decision misses it prints the quartiles of the right
candidate's model probability, hand score and channel cosines.

    python3 scripts/cluster_misses.py SET.jsonl LOG PART [--label story]

PART gives the stream order (eval clusters dated sets in date order); not
for runs with --part. Prints one JSON object. Stories are the raw ids of the log's decision
lines ("D doc story"; "F doc story ct ce logn bi rare gap title num
month dense dense_avg prob hand"), so merges made after a decision are
not followed (rare: a few per thousand articles). O(articles +
log lines).
"""
import argparse
import collections
import json
import sys


def read_log(path):
    cands, decided = collections.defaultdict(list), {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            p = line.split()
            if not p:
                continue
            try:
                if p[0] == "F" and len(p) >= 16:
                    v = [float(x) for x in p[3:]]
                    cands[int(p[1])].append({"story": int(p[2]), "ct": v[0], "ce": v[1], "title": v[6],
                                             "prob": v[11], "hand": v[12]})
                elif p[0] == "D" and len(p) >= 3:
                    decided[int(p[1])] = int(p[2])
                else:
                    raise ValueError("not an F or D line")
            except ValueError as e:
                sys.exit("%s:%d: %s" % (path, lineno, e))
    return cands, decided


def quartiles(values):
    v = sorted(values)
    return [round(v[min(len(v) - 1, len(v) * k // 4)], 4) for k in (1, 2, 3)] if v else []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set")
    ap.add_argument("log")
    ap.add_argument("partition")
    ap.add_argument("--label", default="story")
    a = ap.parse_args()
    gold = []
    with open(a.set) as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    r = json.loads(line)
                except ValueError as e:
                    continue  # eval skips it too
                if isinstance(r, dict) and isinstance(r.get("text"), str) and r.get(a.label) is not None:
                    gold.append(r[a.label])
    order = []  # stream position -> record (eval's --partition: "record<TAB>story" in stream order)
    with open(a.partition) as f:
        for lineno, line in enumerate(f, 1):
            try:
                rec = int(line.split()[0])
                if not 0 <= rec < len(gold):
                    raise ValueError("record %d out of range" % rec)
            except (ValueError, IndexError) as e:
                sys.exit("%s:%d: %s" % (a.partition, lineno, e))
            order.append(rec)
    if len(order) != len(gold):
        sys.exit("%s: %d records for %d in %s" % (a.partition, len(order), len(gold), a.set))
    gold = [gold[r] for r in order]
    cands, decided = read_log(a.log)
    if len(decided) != len(gold):
        sys.exit("%s: %d decisions for %d records (the log of another set?)" % (a.log, len(decided), len(gold)))
    members = collections.defaultdict(set)  # story -> gold labels of its articles
    seen = set()
    out = collections.Counter()
    missed = []
    for doc in range(1, len(gold) + 1):
        g, chosen = gold[doc - 1], decided[doc]
        if g not in seen:
            out["first_of_story"] += 1
            if members[chosen]:
                out["first_joined_other"] += 1
        elif g in members[chosen]:
            out["joined_gold"] += 1
        else:
            right = [c for c in cands[doc] if g in members[c["story"]]]
            if not right:
                out["gold_not_candidate"] += 1
            elif members[chosen]:
                out["gold_candidate_other_story"] += 1
            else:
                out["gold_candidate_new_story"] += 1
                missed.append(max(right, key=lambda c: c["prob"]))
        seen.add(g)
        members[chosen].add(g)
    res = {"articles": len(gold)}
    for k in ("first_of_story", "first_joined_other", "joined_gold", "gold_not_candidate",
              "gold_candidate_new_story", "gold_candidate_other_story"):
        res[k] = out[k]
    res["new_story_quartiles"] = {k: quartiles([c[k] for c in missed]) for k in ("prob", "hand", "ct", "ce", "title")}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
