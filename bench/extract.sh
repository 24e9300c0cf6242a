#!/usr/bin/env bash
# Main-text extraction, herald beside readability-lxml, on a ground-truth
# set in either format of `herald eval extract` (default: the development
# set in ../shared/data/extraction). Prints F1 (and P, R) and pages per
# CPU-second for each. readability-lxml is Debian's python3-readability,
# installed here at run time when missing (never part of the repository).
#
# usage: bench/extract.sh [HERALD] [GROUND_TRUTH.json HTML_DIR]
set -euo pipefail
PY=/usr/bin/python3 # Debian's python, where python3-readability lives
H=${1:-build/herald}
GT=${2:-../shared/data/extraction/trafilatura-eval/ground-truth.json}
DIR=${3:-../shared/data/extraction/trafilatura-eval/html}
[ -f "$GT" ] && [ -d "$DIR" ] || { echo "bench/extract.sh: no ground truth at $GT (skipped)" >&2; exit 77; }
if ! $PY -c 'import readability' 2>/dev/null; then
  echo "bench/extract.sh: installing python3-readability (Debian) to compare" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-readability >&2
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

"$H" eval extract --json "$GT" "$DIR" >"$T/herald.json"

# readability-lxml: the same pages, timed by CPU time around the extraction
# only (reading and gunzipping the files are not counted), text from the
# summary's HTML as lxml's text_content().
$PY - "$GT" "$DIR" "$T/readability.pred.json" "$T/readability.cpu" <<'PY'
import gzip, json, os, sys, time, warnings
import lxml.html
from readability import Document
warnings.filterwarnings("ignore")
gt_path, html_dir, out_path, cpu_path = sys.argv[1:5]
gt = json.load(open(gt_path, encoding="utf-8"))
pred, cpu = {}, 0.0
for key in gt:
    path = os.path.join(html_dir, key + ".html")
    raw = None
    if os.path.exists(path):
        raw = open(path, "rb").read()
    elif os.path.exists(path + ".gz"):
        raw = gzip.open(path + ".gz").read()
    if raw is None:
        continue
    t0 = time.process_time()
    try:
        summary = Document(raw).summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    except Exception:
        text = ""
    cpu += time.process_time() - t0
    pred[key] = text
json.dump(pred, open(out_path, "w", encoding="utf-8"), ensure_ascii=False)
open(cpu_path, "w").write("%f %d" % (cpu, len(pred)))
PY
"$H" eval extract --pred "$T/herald.pred.json" "$GT" "$DIR" >/dev/null

# Both predictions scored by one scorer (this script's copy of the metrics
# herald eval extract implements: snippets summed, shingles averaged).
$PY - "$GT" "$T/herald.pred.json" "$T/readability.pred.json" "$T/herald.json" "$T/readability.cpu" <<'PY'
import json, re, sys
from collections import Counter
gt = json.load(open(sys.argv[1], encoding="utf-8"))
preds = {"herald": json.load(open(sys.argv[2], encoding="utf-8")),
         "readability-lxml": json.load(open(sys.argv[3], encoding="utf-8"))}
hspeed = json.load(open(sys.argv[4]))["pages_per_cpu_second"]
cpu, n = open(sys.argv[5]).read().split()
speeds = {"herald": hspeed, "readability-lxml": int(n) / float(cpu) if float(cpu) else 0}
ws = re.compile(r"\s+")
tok = re.compile(r"\w+")
def shingles(t):
    w = tok.findall(t or "")
    return Counter(" ".join(w[i:i + 4]) for i in range(max(1, len(w) - 3))) if w else Counter()
print("%-18s %8s %8s %8s %8s  %s" % ("tool", "P", "R", "F1", "pages/s", "metric"))
for name, pred in preds.items():
    tp = fp = fn = 0; sp = sr = 0.0; pages = 0; snippet = False
    for k, g in gt.items():
        text = pred.get(k) or ""
        if "articleBody" in g:
            a, b = shingles(g["articleBody"]), shingles(text)
            c = sum((a & b).values()); s = sum(a.values()) + sum(b.values()) - c
            t, f, m = (c / s, (sum(b.values()) - c) / s, (sum(a.values()) - c) / s) if s else (0, 0, 0)
            sp += t / (t + f) if t + f else (0 if m else 1); sr += t / (t + m) if t + m else 1; pages += 1
        else:
            snippet = True
            p = ws.sub(" ", text).strip()
            tp += sum(ws.sub(" ", s).strip() in p for s in g.get("with", []))
            fn += sum(ws.sub(" ", s).strip() not in p for s in g.get("with", []))
            fp += sum(ws.sub(" ", s).strip() in p for s in g.get("without", []))
    if snippet:
        P = tp / (tp + fp) if tp + fp else 0; R = tp / (tp + fn) if tp + fn else 0
        F = 2 * tp / (2 * tp + fp + fn) if tp else 0; metric = "snippets"
    else:
        P, R = sp / pages, sr / pages; F = 2 * P * R / (P + R) if P + R else 0; metric = "4-token shingles"
    print("%-18s %8.4f %8.4f %8.4f %8.1f  %s" % (name, P, R, F, speeds[name], metric))
PY
