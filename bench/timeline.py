#!/usr/bin/env python3
"""Summarises a HERALD_TIMELINE file (include/herald/timeline.h): per
thread, its first and last span, its busy wall time and CPU time, and its
labels; then, in time slices, how many threads were busy (CPU seconds per
wall second: on a 2-core machine 2.0 is both cores busy), so idle cores
show where they are.

usage: HERALD_TIMELINE=/tmp/tl.tsv herald ingest ...; bench/timeline.py /tmp/tl.tsv [SLICE_SECONDS]
"""
import collections
import sys


def main():
    path = sys.argv[1]
    step = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    spans = []
    with open(path) as f:
        for line in f:
            th, label, t0, t1, c0, c1 = line.rstrip("\n").split("\t")
            spans.append((th, label, float(t0), float(t1), float(c0), float(c1)))
    if not spans:
        print("no spans")
        return
    end = max(s[3] for s in spans)
    by_thread = collections.defaultdict(list)
    for s in spans:
        by_thread[s[0]].append(s)
    print(f"run: {end:.3f} s wall (from hd_tl_init)")
    print(f"{'thread':<10} {'first':>7} {'last':>7} {'busy':>7} {'cpu':>7}  labels (n, wall s, cpu s)")
    for th, ss in sorted(by_thread.items(), key=lambda kv: min(s[2] for s in kv[1])):
        labels = collections.OrderedDict()
        for s in ss:
            n, w, c = labels.get(s[1], (0, 0.0, 0.0))
            labels[s[1]] = (n + 1, w + s[3] - s[2], c + s[5] - s[4])
        # nested spans (main's phases) are counted once per label; busy = the top level
        busy = sum(w for _, w, _ in labels.values()) if th != "main" else None
        cpu = sum(c for _, _, c in labels.values()) if th != "main" else None
        lab = ", ".join(f"{k} ({n}, {w:.3f}, {c:.3f})" for k, (n, w, c) in labels.items())
        print(f"{th:<10} {min(s[2] for s in ss):7.3f} {max(s[3] for s in ss):7.3f} "
              f"{busy if busy is not None else float('nan'):7.3f} {cpu if cpu is not None else float('nan'):7.3f}  {lab}")
    # CPU per slice, from the spans' CPU spread evenly over their wall time
    n = int(end / step) + 1
    per = collections.defaultdict(lambda: [0.0] * n)
    for th, label, t0, t1, c0, c1 in spans:
        if th == "main" and label in ("read", "drain", "close", "pipeline-new", "store-open"):
            continue  # main's outer phases: their parts are spans of their own or other threads
        dur = max(t1 - t0, 1e-9)
        rate = (c1 - c0) / dur
        i = int(t0 / step)
        while i < n and i * step < t1:
            a, b = max(t0, i * step), min(t1, (i + 1) * step)
            if b > a:
                per[th][i] += rate * (b - a)
            i += 1
    names = sorted(per, key=lambda t: t)
    print(f"\nCPU seconds per {step} s slice (total / {step} = cores busy)")
    print(f"{'t':>6} {'cores':>5}  " + " ".join(f"{t:>8}" for t in names))
    for i in range(n):
        tot = sum(per[t][i] for t in names)
        print(f"{i * step:6.2f} {tot / step:5.2f}  " + " ".join(f"{per[t][i]:8.3f}" for t in names))


if __name__ == "__main__":
    main()
