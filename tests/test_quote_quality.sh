#!/usr/bin/env bash
# Quality of cues, contents and sources a reader sees (issue 9), on
# hand-written articles with the committed models:
# - a source covers the whole name: a hyphenated one ("Q-Wave"), without
#   a trailing time word ("Q-Wave today said" -> "Q-Wave");
# - a relative pronoun is never a source ("an audit, which says ...":
#   the audit);
# - an adverbial clause is no content ("The Owls answered, as ...");
# - a cue that is no verb of saying reports no content set apart from it
#   by its own object ("sentenced the former treasurer to six years, the
#   harshest term ...");
# - a belief verb under a modal with a plain object is a forecast, not a
#   belief ("Households can expect higher bills");
# - a relative clause set off by a comma does not make a plain object a
#   statement ("noted the role of the late Sen. X, who backed ...");
# - an unquoted statement with no source is no record ("No single blow
#   appeared to cause serious damage");
# (session 7, from the held-out hand judgement:)
# - an apposition with no closing comma keeps its name ("Steven Marsh,
#   lead writer and executive producer says:");
# - a possessive before a noun is no source of a statement ("Their
#   demands included a new park");
# - a quotation's content does not reach into the sentence before it;
# - a statement relayed by an outlet is its inner speaker's ("..., police
#   said, according to the Valley Tribune"), and what follows "according
#   to" is never content;
# - a time phrase is no content ("the Coast Ledger reported on Monday");
# - a quotation nested in a statement goes to the inner speaker ("Officer
#   Lee said the driver told him, "...""); a source's own trailing comma
#   is not part of it;
# - an object pronoun is no two-word cue ("pulled him over"); appear/seem
#   before a preposition report nothing ("Her biography appears in the
#   museum's exhibition, "...""); the addressee of "said in a letter to X
#   that" is not content;
# - source boundaries: a second aside after a name's apposition is not
#   the source's, adverbs at its end are the cue's, "X who" is "who",
#   a source ending in he/she is the pronoun;
# - "the police" is an organisation whose name holds "police", not the
#   article's most named one (a school);
# - a quotation's content ends before a second report ("chanted "...,"
#   witnesses reported, before ..."); appear before a participle with no
#   clause after it reports nothing ("She appeared dressed in scrubs").
# (session 8, from the lead's third held-out hand judgement:)
# - a verb of accusation right before its preposition is a passive: the
#   accused is no source ("standing accused of firing");
# - a relative clause set off by commas before the cue is no content ("He
#   defended his budget, which foresees ..., and said ...");
# - a single quotation mark is no source ("'...,' said NAME");
# - a verb between a name and a noun cue is the cue's ("Mara Lind
#   discounted rumors that"); a content never starts inside a hyphenated
#   word ("according to Sgt. X, a 41-year-old man ...");
# - a quotation followed by "as ..." ends at the quotation ("chanted
#   "..." as they tried to ...");
# - "Lawyers for NAME" are people described, not NAME.
# (session 9, the learned cue gate: a cue whose lemma PolNeAR train seldom
#  marks as a cue, and no verb of saying or belief, makes no record:)
# - "attacked the problem", "approved a plan that ...", "posted pictures
#   of ... that ..." report nothing; "ruled that ..." (a lemma that is a
#   cue before "that") and "said" still do.
# - "AGENCY quoted PERSON as saying ...": the person is the source, "as
#   saying" the cue, what follows it the content (not for a passive);
# - a quotation that is the predicate of a naming verb ends the content
#   before "and then ..."/"and she ..." (not before "and a "..."");
# - a term or nickname in marks before the cue is no quotation; "known
#   as" gives a name, no statement; a particle after the verb ("blasted
#   off") is no content, and a cue ending in one that is no learned
#   two-word cue ("looked out") no report; "you" addressing the reader is
#   no source of a statement.
# - a learned two-word cue ending in a preposition is gated on its words
#   ("has never commented on reports that ..."); a rare lemma needs more
#   evidence ("titled the show "..."").
# - a bare noun of attitude and its topic after the cue state nothing
#   ("expressed worry for the fishermen", "did not respond to requests for
#   comment").
# (session 10, issue 9's error classes on fresh text:)
# - a content ends where a second report with its own subject and verb of
#   saying begins (", while the union said ...", "... but NAME said ..."),
#   and that report is a record of its own; a second predicate with no
#   subject of its own (", but will not resign ...") stays in the content.
# - the learned frame gate: a cue word whose lemma PolNeAR train seldom
#   marks as a cue in the frame it stands in (here a preposition after
#   "has informed the board") makes no record; "ordered that ..." (a
#   clause) still does.
# - a name and its apposition before a cue that addresses a medium
#   ("“...,” NAME, a doctor at ..., told AFP") is the source, not content;
#   the medium is the hearer;
# - an adverbial opener before ", according to X," is no content: the
#   clause after X is ("In fact, according to the union, ...");
# - a past participle opening the sentence ("Asked whether ..., X said")
#   is a passive adjunct, no report of X's.
# - no record inside a quotation continued over paragraphs ("...trip. ¶
#   "I guess ... I feel like ..."" are the quoted speaker's words).
# (session 11, cue edges learned from PolNeAR train:)
# - a verb keeps the particle it selects ("called on", "called for"),
#   also when the tagger began the content with it.
# - a credit line after a quoted sentence ("“...” ― NAME", "\"...\"
#   - NAME, PLACE", also on a line of its own) makes the record: the dash
#   its cue, the name its source; not after a phrase quoted in a clause.
set -u
H=${1:?usage: test_quote_quality.sh HERALD}
[ -f models/ner-en.bin ] && [ -f models/attrib-en.bin ] || { echo "skip: models missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi; }
cat > "$tmp/a.jsonl" <<'J'
{"id":"carrier","text":"Phone bills fell again in the spring. Q-Wave today said it would cut prices for families by ten percent."}
{"id":"sport","text":"The Hawks scored three runs in the eighth. The Owls answered, as Marlow hit a home run to left field."}
{"id":"court","text":"A judge on Friday sentenced the former treasurer to six years, the harshest term allowed under the law."}
{"id":"bills","text":"Heating oil rose again this month. Households can expect higher bills for heating this winter, as supplies are tight."}
{"id":"role","text":"Governor Ada Hale noted the role of the late Sen. Tom Avery, who backed the first version of the bill."}
{"id":"blow","text":"The boxer was taken to hospital after the fight. No single blow appeared to cause serious damage, but he was kept overnight."}
{"id":"memo","text":"The agency spent twice its budget, according to an audit, which says the money went to consultants."}
{"id":"apos","text":"The series returns in the autumn. Steven Marsh, lead writer and executive producer says: \"We have never had a bigger cast.\""}
{"id":"owner","text":"Protesters marched to the city hall. Their demands included a new park, and their songs were loud."}
{"id":"before","text":"The team lost again on Sunday. Fans booed the coach as he left the field. \"It was a bad day for all of us,\" the coach said after the game."}
{"id":"relay","text":"The bridge was closed for two days. Two workers were hurt when the crane fell, police said, according to the Valley Tribune."}
{"id":"relay2","text":"Police said the van was stolen, according to the Harbor Gazette."}
{"id":"when","text":"Officials said the dam was safe, the Coast Ledger reported on Monday."}
{"id":"inner","text":"The inquiry heard from two witnesses. Officer Lee said the driver told him, \"I never saw the light turn red,\" before the crash."}
{"id":"pull","text":"The driver fled from a checkpoint. Police pulled him over a few blocks away and say they had to break a window to arrest him."}
{"id":"exhibit","text":"Dr. Amara Osei trained in Ghana and Boston. Her biography appears in the museum's exhibition, \"Healers of the Coast.\""}
{"id":"letter","text":"The contract went to the old supplier again. Sunil Varma, said in a letter to the council that the tender had been \"written around the incumbent.\""}
{"id":"aside","text":"The port will expand next year. Ana Cole, the city's planning chief, one of three officials who backed the deal, said the work would start in March."}
{"id":"adverb","text":"The board met on Friday. Its chairman, who pointedly refused to answer questions, said the report was complete."}
{"id":"pron","text":"The budget is tight this year. Among the cuts are many new programs she said would have helped poor families."}
{"id":"police","text":"Jamal Price, a student at Lincoln High School, was stopped on his way home. Lincoln High School said he had left class early. Yesterday, the police explained that the stop was routine."}
{"id":"police2","text":"Two men were held after the raid. The Harbor City Police Department named both suspects. On Friday, the police said that a third man had fled."}
{"id":"chant","text":"The march reached the precinct at dusk. Protesters chanted \"City Hall / same old story,\" witnesses reported, before officers moved in."}
{"id":"dressed","text":"Dr. Lena Ford led the study. She appeared dressed in scrubs at the hearing."}
{"id":"comma","text":"The store opened a second branch. \"We sold out by noon,\" said Okafor, smiling."}
{"id":"accused","text":"The trial opened in Dover. With Marlow standing accused of firing six shots, the court was full."}
{"id":"aside2","text":"Paolo Ruiz met the unions on Monday. He defended his budget, which foresees cuts of 3 billion euros, and said the state would not raise taxes."}
{"id":"single","text":"The fire spread fast. 'There was smoke everywhere,' said Unity Barros, a neighbour."}
{"id":"rumor","text":"The firm posted a loss. Chief executive Mara Lind discounted rumors that the firm would be sold."}
{"id":"hyphen","text":"Two men were held. According to Dunmore police Sgt. Peter Olsen, a 41-year-old man from Avoca was driving the car."}
{"id":"asthey","text":"A crowd gathered outside the court. Protesters chanted \"Shame, shame!\" as they tried to push past the police line."}
{"id":"lawyers","text":"The hearing was moved to June. Lawyers for Keane said the tapes should not be shown to the jury."}
{"id":"fronted","text":"The barn burned for six hours on Sunday. At one time, Chief Dale Owens said, crews were pumping water from the pond behind the house."}
{"id":"fronted2","text":"The trial went on for weeks. At one point, the witness says, the lights in the hall went out."}
{"id":"gate1","text":"Deliveries were late all spring. Rena Voss attacked the problem of late deliveries by hiring six more drivers."}
{"id":"gate2","text":"The harbour board met on Monday. Its members approved a plan that lets ferries dock at night, and the mayor signed it."}
{"id":"gate3","text":"The storm passed at noon. Later, Ken Obi posted pictures of the flooded square that showed cars under water."}
{"id":"gate4","text":"The court heard the case in May. The judge ruled that the fence had to come down by the end of the year."}
{"id":"qas1","text":"The ferry sank near the island on Sunday. The Coast Wire agency quoted harbour master Pavel Orlan as saying that nine people had been rescued."}
{"id":"qas2","text":"The port reopened on Monday. The Coast Wire also quoted harbour master Pavel Orlan as saying that the channel was clear."}
{"id":"qas3","text":"The mine was closed. Local media quoted a police spokesman as saying: \"Two men are still missing.\""}
{"id":"name1","text":"\"It was a long night,\" Mayor Ian Pole said.\n\nHe called the storm \"the worst in fifty years\" and then left for the flooded district with two aides."}
{"id":"name2","text":"The chef left the city in May. Critics called her cooking \"bold and honest\" and she opened a second restaurant in the hills."}
{"id":"name3","text":"The port plan was published on Monday. Mayor Ian Pole condemned the plan as \"reckless\" and a \"threat to the coast\" in a statement."}
{"id":"term1","text":"\"It was a long night,\" Mayor Ian Pole said.\n\nThe so-called \"river tax\" will be voted on next month, and the council expects a close vote."}
{"id":"known1","text":"The farm was hit by floods. An outbreak of pests known as \"leaf hoppers\" or \"green flies\" ruined the rice."}
{"id":"blast1","text":"The launch was delayed twice. The rocket blasted off from the coast on Friday, carrying a weather satellite."}
{"id":"looked","text":"The storm hit at dawn. Farmer Olin Pike looked out his window and saw the barn roof lying in the road."}
{"id":"you","text":"The town has changed a lot. You remember the old mill by the river, where the children used to swim in the summer."}
{"id":"comm1","text":"Shares of the firm rose on Monday. Harbor Foods has never commented on reports that its owners met to discuss a sale of the company."}
{"id":"rare1","text":"The new store opened in May. Ana Ruiz titled the show \"Morning Light\" and hung it in the main hall."}
{"id":"att1","text":"The port will close for a month. Mayor Ian Pole expressed worry for the fishermen of the harbour on Monday."}
{"id":"split1","text":"The ferries stopped on Monday. The ferry company announced that the night service would end in May, while the harbour union said the company had planned the cuts for years."}
{"id":"split2","text":"The exchange met on Friday. The board has alleged that Corvane no longer meets the listing rules but Corvane said it can settle the dispute within a month."}
{"id":"split3","text":"The governor spoke on Tuesday. He said he will not seek a second term, but will not resign before the end of his term in the autumn."}
{"id":"frame1","text":"The bank posted a profit. Its chief executive has informed the board about the number of branches it plans to close in coming months."}
{"id":"frame2","text":"The judge was angry. She ordered that the fence be taken down by the end of the year."}
{"id":"medium1","text":"Dozens were hurt in the blast. \"The wards are full,\" Omar Haddad, a doctor at the city hospital, told AFP."}
{"id":"medium2","text":"Dozens were hurt in the blast. The wards are full and more patients are coming, Omar Haddad, a doctor at the city hospital, told Reuters."}
{"id":"acc1","text":"The plant closed in May. In fact, according to the union, the owners had planned the closure for two years."}
{"id":"acc2","text":"Sales fell again. However, according to Mara Lind, the firm will hire 200 workers next year."}
{"id":"ask1","text":"The mayor spoke on Friday. Asked whether the port would close, Mayor Ian Pole said: \"We have no plans for that.\""}
{"id":"inq1","text":"The coach spoke after the loss on Sunday.\n\n\"We lost a game we should have won,\" Dana Ruiz said. \"The players were tired after the long trip.\n\n\"I guess we just did not play well enough. I feel like we let the fans down.\"\n\nThe team plays again on Friday."}
{"id":"att2","text":"The port will close for a month. Harbor Lines did not immediately respond to requests for comment."}
{"id":"edge1","text":"The vote was close. The mayor of Lindenport called on residents to protest peacefully after the count on Tuesday."}
{"id":"credit1","text":"Readers wrote in after the vote.\n\n\u201cThe new road will cut the valley in half and nobody asked us.\u201d \u2015 Mara Quell \u201cI have driven that pass for thirty years.\u201d \u2015 Tomas Ebbe.\n\n\"We need the jobs more than we need the view.\" - Ilse Varga, Northfield.\n\n\"Nobody should be above the rules.\"\n\n-Councillor Ann Brody, writing after the meeting.\n\nThe vote is on Monday."}
{"id":"credit2","text":"The council met on Monday. Critics called the plan \"a waste of money.\" - Lena Dorn, a teacher, spoke first."}
{"id":"edge2","text":"The old bridge was shut in May. Harriet Vole called for a new bridge across the river, saying the old one was unsafe."}
J
"$H" annotate -q "$tmp/a.jsonl" > "$tmp/out" 2>/dev/null || { echo "FAIL: annotate"; exit 1; }
py() { python3 "$(dirname "$0")/lib/quote_query.py" "$tmp/out" "$@"; }
# the stage's records before the learned record filter (record_filter.h): for
# rule checks whose vehicle is a record the issue's definition does not count
# (a refusal states nothing); the filter's own checks are test_record_filter.sh
HERALD_RECORD_FILTER=off "$H" annotate -q "$tmp/a.jsonl" > "$tmp/out_rules" 2>/dev/null
pyr() { python3 "$(dirname "$0")/lib/quote_query.py" "$tmp/out_rules" "$@"; }
ok "a report after a fronted adverbial reports the clause after it" "$(py content_of fronted said)" "crews were pumping water from the pond behind the house"
ok "a report after a fronted adverbial (present tense)" "$(py content_of fronted2 says)" "the lights in the hall went out"
ok "a hyphenated name is the whole source, no time word" "$(py source_of carrier said)" "Q-Wave"
ok "a relative pronoun is no source: its antecedent is" "$(py source_of memo says)" "an audit"
ok "an adverbial clause is no content" "$(py cues sport)" ""
ok "an act with its own object reports no content" "$(py cues court)" ""
ok "a belief verb under a modal with a plain object is no belief" "$(py cues bills)" ""
ok "a relative clause is no statement" "$(py cues role)" ""
ok "no source, no unquoted statement" "$(py cues blow)" ""
ok "an apposition without its closing comma keeps the name" "$(py source_of apos says:)" "Steven Marsh, lead writer and executive producer"
ok "a possessive before a noun is no source" "$(py cues owner)" ""
ok "a quotation's content stays in its sentence" "$(py content_of before said)" '"It was a bad day for all of us,"'
ok "a relayed statement is the inner speaker's" "$(py sources relay)|$(py contents relay)" "police|Two workers were hurt when the crane fell"
ok "what follows according to is no content" "$(py cues relay2)" "said"
ok "a time phrase is no content" "$(py cues when)" "said"
ok "a nested quotation goes to the inner speaker" "$(py source_of inner 'told him')" "the driver"
ok "an object pronoun opens no two-word cue" "$(py cues pull | grep -c 'pulled him')" "0"
ok "appear before a preposition reports nothing" "$(py cues exhibit)" ""
ok "the addressee is not content" "$(py contents letter)" 'that the tender had been "written around the incumbent."'
ok "a second aside is not the source's" "$(py source_of aside said)" "Ana Cole, the city's planning chief,"
ok "an adverb at a source's end is not the source's" "$(pyr source_of adverb refused)" "who"
ok "a source ending in a pronoun is the pronoun" "$(py source_of pron said)" "she"
ok "the police are not the school" "$(py speaker_of police explained)" "None"
ok "the police are the police department" "$(py speaker_of police2 said)" "org:harbor_citi_police_department"
ok "a quotation ends before a second report" "$(py content_of chant chanted)" '"City Hall / same old story,"'
ok "appear before a participle reports nothing" "$(py cues dressed)" ""
ok "a source's trailing comma is not its own" "$(py source_of comma said)" "Okafor"
ok "the accused is no source" "$(py cues accused)" ""
ok "a relative clause before the cue is no content" "$(py content_of aside2 said)" "the state would not raise taxes"
ok "a single quotation mark is no source" "$(py source_of single said)" "Unity Barros"
ok "a verb after the name is the cue's" "$(py source_of rumor 'discounted rumors')" "Chief executive Mara Lind"
ok "a content never starts inside a hyphenated word" "$(py source_of hyphen 'According to')|$(py content_of hyphen 'According to')" "Dunmore police Sgt. Peter Olsen|a 41-year-old man from Avoca was driving the car"
ok "a quotation followed by as ... ends at the quotation" "$(py content_of asthey chanted)" '"Shame, shame!"'
ok "a cue seldom a cue in train reports nothing (attacked)" "$(py cues gate1)" ""
ok "a cue seldom a cue in train reports nothing (approved)" "$(py cues gate2)" ""
ok "a cue seldom a cue in train reports nothing (posted)" "$(py cues gate3)" ""
ok "a lemma that is a cue before that still reports" "$(py content_of gate4 ruled)" "that the fence had to come down by the end of the year"
ok "AGENCY quoted PERSON as saying: the person is the source" "$(py source_of qas1 'as saying')|$(py content_of qas1 'as saying')|$(py speaker_of qas1 'as saying')" "harbour master Pavel Orlan|that nine people had been rescued|per:orlan_pavel"
ok "AGENCY also quoted PERSON as saying" "$(py source_of qas2 'as saying')" "harbour master Pavel Orlan"
ok "AGENCY quoted a role as saying: a quotation" "$(py source_of qas3 'as saying')|$(py content_of qas3 'as saying')" 'a police spokesman|"Two men are still missing."'
ok "a naming quotation ends before the next act (and then)" "$(py content_of name1 called)" 'the storm "the worst in fifty years"'
ok "a naming quotation ends before the next act (and she)" "$(py content_of name2 called)" 'her cooking "bold and honest"'
ok "a second naming predicate stays" "$(py content_of name3 condemned)" 'the plan as "reckless" and a "threat to the coast" in a statement'
ok "a term in marks before the cue is no quotation" "$(py cues term1)" "said"
ok "known as gives a name, no statement" "$(py cues known1)" ""
ok "a particle after the verb is no content" "$(py cues blast1)" ""
ok "a phrasal verb of another sense reports nothing" "$(py cues looked)" ""
ok "the reader addressed is no source" "$(py cues you)" ""
ok "a two-word cue ending in a preposition is gated on its words" "$(py cues comm1)" ""
ok "a rare lemma needs more evidence" "$(py cues rare1)" ""
ok "an attitude and its topic state nothing" "$(py cues att1)|$(py cues att2)" "|"
ok "lawyers for a name are not the name" "$(py kind_of lawyers said)" "anonymous:None"
ok "a second report ends the first content (while)" "$(py content_of split1 announced)|$(py source_of split1 said)|$(py content_of split1 said)" "that the night service would end in May|the harbour union|the company had planned the cuts for years"
ok "a second report ends the first content (but, no comma)" "$(py content_of split2 'has alleged')|$(py source_of split2 said)|$(py content_of split2 said)" "that Corvane no longer meets the listing rules|Corvane|it can settle the dispute within a month"
ok "a second predicate with no subject stays in the content" "$(py cues split3)" "said"
ok "the frame gate: a cue in a frame train seldom marks reports nothing" "$(py cues frame1)" ""
ok "the frame gate: a clause after the cue keeps the record" "$(py content_of frame2 ordered)" "that the fence be taken down by the end of the year"
ok "a named speaker before a cue to a medium (quotation)" "$(py source_of medium1 told)|$(py content_of medium1 told)|$(py speaker_of medium1 told)" 'Omar Haddad, a doctor at the city hospital|"The wards are full,"|per:hadad_omar'
ok "a named speaker before a cue to a medium (no quotation)" "$(py source_of medium2 told)|$(py content_of medium2 told)" "Omar Haddad, a doctor at the city hospital|The wards are full and more patients are coming"
ok "an adverbial opener before according to is no content" "$(py source_of acc1 'according to')|$(py content_of acc1 'according to')" "the union|the owners had planned the closure for two years"
ok "according to NAME, then the clause" "$(py source_of acc2 'according to')|$(py content_of acc2 'according to')" "Mara Lind|the firm will hire 200 workers next year"
ok "an opening participle is no report" "$(py cues ask1)" "said:"
ok "no record inside a quotation continued over paragraphs" "$(py cues inq1)" "said"
ok "a verb keeps the particle it selects (called on)" "$(py cues edge1)|$(py content_of edge1 'called on')" "called on|residents to protest peacefully after the count on Tuesday"
ok "a credit line after a quotation names its speaker" "$(py cues credit1)|$(py sources credit1)" "―|―|-|-|Mara Quell|Tomas Ebbe|Ilse Varga|Councillor Ann Brody"
ok "a credit line's quotation is the content" "$(py content_of credit1 '-')" '"We need the jobs more than we need the view."|"Nobody should be above the rules."'
ok "a phrase quoted inside a clause takes no credit line" "$(py cues credit2)" "called"
ok "a verb keeps the particle it selects (called for)" "$(py cues edge2)|$(py content_of edge2 'called for')" "called for|a new bridge across the river"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
