"""quote_query.py OUT WHAT ID [ARG]: one question about the quotations
`herald annotate` wrote to OUT for article ID, printed as one line, for the
fixture tests of attribution (test_speakers.sh, test_quote_quality.sh)."""
import json, sys

arts = {d["id"]: d for d in map(json.loads, open(sys.argv[1]))}
what, aid = sys.argv[2], sys.argv[3]
d = arts[aid]; t = d["text"].encode()
span = lambda s: t[s[0]:s[1]].decode() if s else ""
if what == "speakers":   # speaker of each quote, by content start
    print(" ".join(str(q["speaker"]) for q in sorted(d["quotes"], key=lambda q: q["content"][0])))
elif what == "sources":
    print("|".join(span(q.get("source")) for q in d["quotes"]))
elif what == "source_of":  # source of the quote whose cue is argv[4]
    print("|".join(span(q.get("source")) for q in d["quotes"] if span(q.get("cue")) == sys.argv[4]))
elif what == "aliases":
    print("|".join(a for i in d["identities"] if i["id"] == sys.argv[4] for a in i["aliases"]))
elif what == "kind_of":  # speaker kind and speaker of the quote whose cue is argv[4]
    print(" ".join("%s:%s" % (q["speaker_kind"], q["speaker"]) for q in d["quotes"] if span(q.get("cue")) == sys.argv[4]))
elif what == "titles":
    print("|".join(a for i in d["identities"] if i["id"] == sys.argv[4] for a in i.get("titles", [])))
elif what == "cues":
    print("|".join(span(q.get("cue")) for q in d["quotes"]))
elif what == "pieces":  # content pieces of each record
    print(" ".join(str(len(q.get("content_pieces", [q["content"]]))) for q in d["quotes"]))
elif what == "piece_speakers":  # speaker of the record holding each piece, pieces by start
    ps = sorted((p[0], str(q["speaker"])) for q in d["quotes"] for p in q.get("content_pieces", [q["content"]]))
    print(" ".join(s for _, s in ps))
elif what == "contents":  # one content per line
    print("\n".join(span(q["content"]) for q in d["quotes"]))
elif what == "content_of":  # contents of the quotes whose cue is argv[4]
    print("|".join(span(q["content"]) for q in d["quotes"] if span(q.get("cue")) == sys.argv[4]))
elif what == "all_speakers":  # every record's speaker, in output order
    print(" ".join(str(q["speaker"]) for q in d["quotes"]))
elif what == "speaker_of":  # speaker of the quote whose cue is argv[4]
    print(" ".join(str(q["speaker"]) for q in d["quotes"] if span(q.get("cue")) == sys.argv[4]))
else:
    sys.exit("quote_query.py: unknown question " + what)
