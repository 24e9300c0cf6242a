#!/usr/bin/env python3
"""Derives two word lists for the attribution stage from training text
(words and counts only, no corpus text is written):

data/lexicons/attrib_finite_verbs.txt: lower-case words that follow a
subject pronoun (I, he, she, we, they) at least MIN_VERB times and in at
least VERB_RATE of their occurrences: finite verbs, auxiliaries and the
adverbs between a subject and its verb ("he rarely", "they succeed"). A
content with one of them is a clause; "the accusation" is not.

data/lexicons/given_name_gender.txt: given names and their gender. The
names are the male and female given-name lists of the Debian package
`faker` (MIT licence; every locale that has both lists; `apt-get install
faker`, run this script with /usr/bin/python3): a name in a male list of
some locale and in no female list is m, and the other way round; a name
in both ("Andrea", "Jordan") is left out. The training text then votes:
for every capitalised two-word name "Given Surname" the next sentence
opening with He/His or She/Her, a ", he said" ending the sentence that
names it, and "Mr./Mrs./Ms. Given Surname" count one vote each; a name
with at least MIN_NAME votes of which at least NAME_RATE agree is added
(or, against the lists, left out). Columns: name, m or f.

data/lexicons/attrib_np_cues.txt (with --polnear DIR, PolNeAR train):
for every word heading (last word of) a gold cue whose content has no
quotation mark, how many of those contents are no clause by the test of
attrib.c's clausal_content (the same complementisers, subject pronouns,
finite-verb list and -ed words): "endorsed Clinton" counts, "said that
..." does not. Columns: word, plain-object contents, contents (>= 3).

usage: /usr/bin/python3 tools/gen_attrib_lexicons.py OUTDIR [--polnear DIR] TEXT_DIR_OR_JSONL...
  (PolNeAR train's text/ directory, allsides-train.jsonl, CoNLL-2003 train,
   Reuters-21578 *.sgm)
"""
import collections, glob, json, os, re, sys

MIN_VERB, VERB_RATE = 2, 0.01
MIN_NAME, NAME_RATE = 3, 0.85
SUBJ = {"i", "he", "she", "we", "they"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.!?]")
NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss)?\.?\s*\b([A-Z][a-z]{1,14}) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
SENT = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")
NOT_GIVEN = set("""The A An This That These Those In On At For From With By Of And But Or If When While
After Before As So Then Now Here There He She It We They I You His Her Its Our Their My Your Mr Mrs Ms
Miss Dr Sen Rep Gov President Secretary Senator Governor Judge General Prime Minister New North South
East West United Supreme White House Republican Democrat Democratic Republicans Democrats American
Former Vice Chief Police State City County National Federal Saint St Lord Lady Sir King Queen Prince
Princess Pope Father Mother Sister Brother Uncle Aunt Monday Tuesday Wednesday Thursday Friday
Saturday Sunday January February March April May June July August September October November December""".split())

def texts(paths):
    for p in paths:
        if os.path.isdir(p):
            for f in sorted(glob.glob(os.path.join(p, "*.txt"))):
                yield open(f, encoding="utf-8").read()
        elif p.endswith(".sgm"):  # Reuters-21578: the <BODY> of every <REUTERS>
            raw = open(p, encoding="latin-1").read()
            for b in re.findall(r"<BODY>(.*?)</BODY>", raw, re.S):
                yield b.replace("&lt;", "<").replace("&amp;", "&")
        elif p.endswith(".jsonl"):
            for line in open(p, encoding="utf-8"):
                d = json.loads(line)
                yield (d.get("title") or "") + ".\n" + (d.get("text") or "")
        else:  # CoNLL: one token per line, blank line between sentences
            words = []
            for line in open(p, encoding="utf-8"):
                if line.startswith("-DOCSTART-"):
                    if words: yield " ".join(words)
                    words = []
                elif line.strip(): words.append(line.split()[0])
            if words: yield " ".join(words)

def faker_names():
    import importlib, pkgutil
    import faker.providers.person as pp
    male, female = set(), set()
    for mod in pkgutil.iter_modules(pp.__path__):
        try:
            prov = importlib.import_module("faker.providers.person." + mod.name).Provider
        except Exception:
            continue
        fm, ff = getattr(prov, "first_names_male", None), getattr(prov, "first_names_female", None)
        if fm and ff:
            male.update(fm)
            female.update(ff)
    ok = re.compile(r"[A-Z][a-z]+(-[A-Z][a-z]+)?")
    g = {n: "m" for n in male - female if ok.fullmatch(n)}
    g.update({n: "f" for n in female - male if ok.fullmatch(n)})
    return g

TOK = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|\S")
OPENERS = {"that", "whether", "if", "how", "why", "what", "when", "where", "who", "whom", "which"}
POSS = {"his", "her", "their", "its", "'s", "’s"}

def word_list(path):
    return set(l.split("\t")[0].strip() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#"))

def clausal(text, verbs, det, prep, subj):
    """attrib.c's clausal_content on an unquoted content (infinitives count)."""
    toks = TOK.findall(text)
    words = [i for i, x in enumerate(toks) if x[0].isalnum()]
    if not words: return False
    f = toks[words[0]].lower()
    if f in OPENERS or f == "to": return True
    if f in subj and len(words) > 1 and words[1] == words[0] + 1: return True
    for i in range(words[0] + 1, len(toks)):
        x = toks[i]
        if not x[0].isalpha(): continue
        p = toks[i - 1].lower()
        if p in det or p in prep or p in POSS: continue
        if x.lower() in verbs or (len(x) > 4 and x.endswith("ed") and not x[0].isupper()): return True
    return False

def np_cues(polnear, lexdir, verbs):
    det, prep = word_list(os.path.join(lexdir, "attrib_determiner.txt")), word_list(os.path.join(lexdir, "attrib_prep.txt"))
    subj = word_list(os.path.join(lexdir, "attrib_pron_subj.txt"))
    cnt = collections.defaultdict(lambda: [0, 0])
    for ann in sorted(glob.glob(os.path.join(polnear, "attributions", "*.ann"))):
        name = os.path.basename(ann).rsplit("_", 1)[0]
        text = open(os.path.join(polnear, "text", name + ".txt"), encoding="utf-8").read()
        spans, events = {}, []
        for line in open(ann, encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(p) > 1:
                offs = " ".join(p[1].split(" ")[1:]).split(";")
                spans[p[0]] = [tuple(map(int, o.split())) for o in offs]
            elif line.startswith("E") and len(p) > 1:
                events.append(dict(x.split(":", 1) for x in p[1].split(" ") if ":" in x))
        for e in events:
            cue, con = spans.get(e.get("Cue")), spans.get(e.get("Content"))
            if not cue or not con: continue
            content = " ".join(text[a:b] for a, b in con)
            if any(m in content for m in '"“”'): continue
            cue_words = re.findall(r"[a-z][a-z'’-]*", " ".join(text[a:b] for a, b in cue).lower())
            if not cue_words: continue
            c = cnt[cue_words[-1]]
            c[0] += 1
            c[1] += not clausal(content, verbs, det, prep, subj)
    with open(os.path.join(lexdir, "attrib_np_cues.txt"), "w") as f:
        f.write("# Cue words and how often the unquoted contents of the PolNeAR train cues they head are\n"
                "# no clause (a plain object: \"endorsed Clinton\"). Columns: word, plain-object contents,\n"
                "# contents (at least 3). Words and counts only. Generated by tools/gen_attrib_lexicons.py\n"
                "# --polnear ../shared/data/polnear/train; do not edit by hand. Read by src/attrib/attrib.c (np_cue).\n")
        for w in sorted(cnt):
            n, np_ = cnt[w]
            if n >= 3: f.write("%s\t%d\t%d\n" % (w, np_, n))

def main():
    out, paths = sys.argv[1], sys.argv[2:]
    polnear = None
    if paths[:1] == ["--polnear"]:
        polnear, paths = paths[1], paths[2:]
    occ, after = collections.Counter(), collections.Counter()
    votes = collections.defaultdict(collections.Counter)
    for t in texts(paths):
        toks = WORD.findall(t)
        for a, b in zip(toks, toks[1:]):
            lb = b.lower()
            occ[lb] += 1
            if a.lower() in SUBJ and lb not in SUBJ and b not in ".!?":
                after[lb] += 1
        sents = SENT.split(t)
        for i, s in enumerate(sents):
            names = [(m.group(1), m.group(2)) for m in NAME.finditer(s) if m.group(2) not in NOT_GIVEN]
            for title, given in names:
                if title == "Mr": votes[given]["m"] += 1
                elif title in ("Mrs", "Ms", "Miss"): votes[given]["f"] += 1
            if len(names) == 1:  # "..., he said." in the sentence that names one person
                tail = re.search(r",\s+(he|she)\s+(said|added|says|told)\b", s[s.find(names[0][1]):])
                if tail: votes[names[0][1]]["m" if tail.group(1) == "he" else "f"] += 1
            if len(names) == 1 and i + 1 < len(sents):
                first = re.match(r"[\"“‘']?([A-Za-z]+)", sents[i + 1])
                w = first.group(1) if first else ""
                if w in ("He", "His"): votes[names[0][1]]["m"] += 1
                elif w in ("She", "Her"): votes[names[0][1]]["f"] += 1
    with open(os.path.join(out, "attrib_finite_verbs.txt"), "w") as f:
        f.write("# Finite verbs, auxiliaries and pre-verb adverbs: lower-case words that follow a subject\n"
                "# pronoun (I, he, she, we, they) in training text at least %d times and in at least %.0f%%\n"
                "# of their occurrences. Columns: word, times after a pronoun, occurrences.\n"
                "# Generated by tools/gen_attrib_lexicons.py (see its header); do not edit by hand.\n"
                "# Read by src/attrib/attrib.c (clausal_content): an indirect content needs a clause.\n"
                % (MIN_VERB, 100 * VERB_RATE))
        for w in sorted(after):
            if after[w] >= MIN_VERB and after[w] >= VERB_RATE * occ[w] and re.fullmatch(r"[a-z'’-]+", w):
                f.write("%s\t%d\t%d\n" % (w, after[w], occ[w]))
    if polnear:
        verbs = set(w for w in after if after[w] >= MIN_VERB and after[w] >= VERB_RATE * occ[w] and re.fullmatch(r"[a-z'’-]+", w))
        np_cues(polnear, out, verbs)
    names = faker_names()
    for g in sorted(votes):
        v = votes[g]; n = v["m"] + v["f"]
        if n < MIN_NAME: continue
        k = "m" if v["m"] >= v["f"] else "f"
        if v[k] >= NAME_RATE * n: names[g] = k
        elif g in names: del names[g]
    with open(os.path.join(out, "given_name_gender.txt"), "w") as f:
        f.write("# Given names and their gender (m or f): the Debian package faker's male and female\n"
                "# given-name lists (names in both left out), with votes from training text (the pronoun\n"
                "# that refers back to a name, Mr./Mrs./Ms.) adding and vetoing names.\n"
                "# Generated by tools/gen_attrib_lexicons.py (see its header); do not edit by hand.\n"
                "# Read by src/attrib/attrib.c (learn_genders): he/she never take a person of the other gender.\n")
        for g in sorted(names):
            f.write("%s\t%s\n" % (g, names[g]))

main()
