#!/usr/bin/env python3
"""Error breakdown of herald's attributions against PolNeAR gold.

Reads the dump `herald eval quotes` writes with HERALD_EVAL_SPANS=FILE
(per article: "A n len", the text on one line, "G" gold events and "P"
records with byte offsets; docs/attribution.md "Evaluation") and prints:

1. content recall misses: no record overlaps the gold content at all, or a
   record overlaps it but one-to-one matching gave that record to another
   gold content; each by the part of speech class of the gold cue (verb,
   noun, "according to", colon, preposition, none);
2. for the gold events whose content a record claims one-to-one (the same
   maximum matching as the eval: Kuhn's augmenting paths, overlap = a
   shared word character), the cue and the source: exact, missing, no
   overlap (another phrase), or a boundary difference classed by the words
   one side has and the other lacks (auxiliary, negation, modal, particle,
   "according to", preposition, determiner, title, appositive, possessive,
   coordination, time word, adverb, punctuation, whole clause, ...), and
   for sources a pronoun predicted where the gold names someone.

Usage: HERALD_EVAL_SPANS=/tmp/s.txt build/herald eval quotes DIR >/dev/null
       python3 scripts/attrib_errors.py /tmp/s.txt [--examples N]
The dump holds the corpus's text: keep it outside the repository.
"""
import collections
import re
import sys

AUX = {"has", "have", "had", "is", "was", "were", "are", "am", "be", "been", "being", "do", "does", "did",
       "'s", "'ve", "'d", "’s", "’ve", "’d", "having", "get", "got", "gets"}
MODAL = {"will", "would", "can", "could", "may", "might", "must", "shall", "should", "'ll", "’ll"}
NEG = {"not", "n't", "n’t", "never", "no"}
DET = {"the", "a", "an", "this", "that", "these", "those", "some", "many", "most", "all", "both", "each",
       "several", "few", "other", "another", "any", "every", "his", "her", "their", "its", "our", "my", "your"}
PREP = {"in", "on", "at", "to", "for", "of", "with", "by", "from", "about", "during", "after", "before",
        "via", "through", "into", "over", "under", "against", "as", "like", "upon", "than", "since", "while"}
PARTICLE = {"out", "up", "down", "off", "back", "on", "in", "about", "for", "over", "away", "forward", "ahead"}
COORD = {"and", "or", "but", "nor", "&"}
TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
        "tonight", "week", "month", "year", "morning", "evening", "night", "afternoon", "recently", "later",
        "earlier", "last", "previously", "now", "then", "again", "once", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december"}
TITLES = {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "president", "senator", "secretary",
          "governor", "sen", "rep", "mr", "ms", "mrs", "dr", "former", "vice", "chairman", "director",
          "minister", "spokesman", "spokeswoman", "candidate", "nominee", "rev.", "judge", "speaker",
          "leader", "chief", "attorney", "general", "u.s.", "democratic", "republican", "gop"}
PRON = {"he", "she", "they", "it", "we", "i", "you", "who", "him", "her", "them", "us", "me", "which"}
REL = {"who", "which", "that", "whose", "whom"}
NOUN_CUES = re.compile(r"(tion|sion|ment|ance|ence|ism|ity|ness|ure|ies|s)$")
VERBISH = re.compile(r"(ed|es|s|ing|en|d|t)$")
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'’][A-Za-z0-9]+)*\.?|[’']s\b|n[’']t|[^\sA-Za-z0-9]")


def words(b):
    return TOKEN.findall(b.decode("utf-8", "replace"))


def parse(path):
    """Yields (text bytes, gold events, records) per article."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith(b"A\t"):
            i += 1
            continue
        text = lines[i + 1]
        i += 2
        gold, pred = [], []
        while i < len(lines) and lines[i][:1] in (b"G", b"P"):
            f = lines[i].split(b"\t")
            nums = [int(x) for x in f[1:9]]
            spans = [None if nums[k] < 0 else (nums[k], nums[k + 1]) for k in (0, 2, 4, 6)]
            (gold if f[0] == b"G" else pred).append(spans)
            i += 1
        yield text, gold, pred


def is_word(c):
    return c >= 0x80 or chr(c).isalnum()


def overlap(text, p, g):
    if p is None or g is None:
        return False
    if p == g:
        return True
    s, e = max(p[0], g[0]), min(p[1], g[1])
    return any(is_word(text[k]) for k in range(s, e))


def match(text, preds, golds):
    """Maximum bipartite matching (overlap); returns gold index -> pred index."""
    gold_of = [-1] * len(golds)

    def aug(i, seen):
        for j, g in enumerate(golds):
            if seen[j] or not overlap(text, preds[i], g):
                continue
            seen[j] = True
            if gold_of[j] < 0 or aug(gold_of[j], seen):
                gold_of[j] = i
                return True
        return False

    for i in range(len(preds)):
        aug(i, [False] * len(golds))
    return {j: i for j, i in enumerate(gold_of) if i >= 0}


def word_class(w, role):
    lw = w.lower()
    if lw in ("according",):
        return "according to"
    if lw in NEG:
        return "negation"
    if lw in MODAL:
        return "modal"
    if lw in AUX:
        return "auxiliary"
    if role == "cue" and lw in PARTICLE:
        return "particle/preposition"
    if lw in PREP:
        return "preposition"
    if lw in DET:
        return "determiner"
    if lw in COORD:
        return "coordination"
    if lw in TIME:
        return "time word"
    if lw in TITLES:
        return "title"
    if lw in ("’s", "'s", "'"):
        return "possessive"
    if lw in REL:
        return "relative"
    if lw.endswith("ly"):
        return "adverb"
    if lw in (",",):
        return "comma"
    if lw in (":",):
        return "colon"
    if not any(ch.isalnum() for ch in lw):
        return "punctuation"
    if w[:1].isupper():
        return "capitalised word"
    return "other word"


def diff_class(text, p, g, role):
    """The class of a boundary difference between overlapping spans p and g."""
    parts = []
    for side, (a, b), who in (("left", (min(p[0], g[0]), max(p[0], g[0])), "gold" if g[0] < p[0] else "pred"),
                              ("right", (min(p[1], g[1]), max(p[1], g[1])), "gold" if g[1] > p[1] else "pred")):
        if a >= b:
            continue
        ws = words(text[a:b])
        if not ws:
            continue
        if role == "source" and len(ws) > 4:
            cls = "long (clause/appositive)" if "," in ws else "long"
        elif "," in ws and role == "source":
            cls = "appositive"
        elif [w.lower() for w in ws[:2]] == ["according", "to"]:
            cls = "according to"
        else:
            cls = word_class(ws[0], role) if len(ws) == 1 else "+".join(
                sorted({word_class(w, role) for w in ws}))
        parts.append(f"{who} has more {side}: {cls}")
    return "; ".join(parts) if parts else "whitespace only"


def cue_pos(text, cue):
    if cue is None:
        return "no cue"
    ws = [w.lower() for w in words(text[cue[0]:cue[1]])]
    if not ws:
        return "other"
    if ws[:2] == ["according", "to"]:
        return "according to"
    if ws == [":"] or ws[-1] == ":":
        return "colon"
    if all(not any(ch.isalnum() for ch in w) for w in ws):
        return "punctuation (dash etc.)"
    head = [w for w in ws if w not in AUX and w not in MODAL and w not in NEG and not w.endswith("ly")]
    h = head[0] if head else ws[0]
    if h in PREP:
        return "preposition"
    if h in ("said", "says", "say", "told", "tell", "tells", "saying", "added", "adding", "asked", "stated"):
        return "verb of saying (say/tell/add/ask/state)"
    if h in DET or (len(ws) > 1 and ws[0] in DET):
        return "noun phrase (det + noun)"
    if re.search(r"(tion|sion|ment|ance|ence|ism|ity|ness|report|claim|claims|statement|remarks|comments)$", h):
        return "noun (-tion/-ment/statement...)"
    if re.search(r"(ed|es|s|ing)$", h) or h in ("told", "thought", "felt", "knew", "wrote", "spoke", "said"):
        return "other verb"
    return "other (base form / noun)"


def main():
    path = sys.argv[1]
    nex = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 0
    c = {"cue": collections.Counter(), "source": collections.Counter()}
    ex = collections.defaultdict(list)
    miss = collections.Counter()
    miss_pos = collections.Counter()
    all_pos = collections.Counter()
    n_gold = n_matched = 0
    for text, gold, pred in parse(path):
        # distinct gold contents, as the eval counts them
        gcont = []
        for ev in gold:
            for piece in (ev[0],):
                if piece and piece not in gcont:
                    gcont.append(piece)
        pc = [r[0] for r in pred]
        m = match(text, pc, gcont)
        for ev in gold:
            if ev[0] is None:
                continue
            n_gold += 1
            j = gcont.index(ev[0])
            pos = cue_pos(text, ev[2])
            all_pos[pos] += 1
            if j not in m:
                touched = [r for r in pred if overlap(text, r[0], ev[0])]
                kind = "content overlapped, record claimed by another gold" if touched else "no record touches it"
                miss[kind] += 1
                miss_pos[(kind, pos)] += 1
                continue
            n_matched += 1
            r = pred[m[j]]
            for role, gi, pi in (("cue", 2, 2), ("source", 3, 3)):
                g, p = ev[gi], r[pi]
                if g is None and p is None:
                    cls = "both none"
                elif g is None:
                    cls = "gold none, predicted one"
                elif p is None:
                    cls = "prediction missing"
                elif (p[0], p[1]) == g:
                    cls = "exact"
                elif not overlap(text, p, g):
                    cls = "no overlap (another phrase)"
                    if role == "source":
                        pw = [w.lower() for w in words(text[p[0]:p[1]])]
                        if len(pw) == 1 and pw[0] in PRON:
                            cls = "no overlap: pronoun predicted"
                else:
                    cls = diff_class(text, p, g, role)
                c[role][cls] += 1
                if cls != "exact" and len(ex[(role, cls)]) < nex:
                    gs = text[g[0]:g[1]].decode("utf-8", "replace") if g else "-"
                    ps = text[p[0]:p[1]].decode("utf-8", "replace") if p else "-"
                    ex[(role, cls)].append(f"gold [{gs}] pred [{ps}]")
    print(f"gold events with a content {n_gold}, content claimed one-to-one {n_matched}")
    print("\ncontent misses:")
    for k, v in miss.most_common():
        print(f"  {v:6d}  {k}")
    print("\ncontent misses by gold cue class (class: missed / all gold events with that cue class):")
    for pos, tot in all_pos.most_common():
        parts = ", ".join(f"{k.split(',')[0]} {miss_pos[(k, pos)]}" for k in miss)
        nm = sum(miss_pos[(k, pos)] for k in miss)
        print(f"  {pos:45s} {nm:6d} / {tot:6d}  ({parts})")
    for role in ("cue", "source"):
        tot = sum(c[role].values())
        print(f"\n{role} of the {tot} matched events:")
        for k, v in c[role].most_common():
            print(f"  {v:6d}  {100.0 * v / tot:5.1f}%  {k}")
            for e in ex[(role, k)]:
                print(f"          {e}")


if __name__ == "__main__":
    main()
