#!/usr/bin/env bash
# Speakers people can trust (issue 9): on hand-written articles, with the
# committed models: a Jr. is his own speaker, never an alias of his father;
# a date is never a source ("Comey in June sharply criticized"); a role
# description with a party modifier ("the Republican lawmaker") is the
# person the sentence before named; a bare surname whose mention NER missed
# goes to the person of that surname the article names; "It said" after a
# sentence whose subject is an organisation is that organisation; a plural
# group name ("Democrats said") is a group, not a named person; "the
# Republican nominee" is the person whose title holds "nominee"; a cue word
# that train rarely marks as speech or belief ("aimed") makes no record;
# "Donald Jr." (a given name with a suffix) is not an alias of Donald
# Trump; a title is cut after its last preposition ("former President",
# not "Justice Department under former President"); "X was on probation,
# he said": he is not X, named only inside the content. A cue that PolNeAR
# rarely marks ("approved", "went on", "known as") makes no record with a
# plain object ("the plan"), only with a clause; a straight closing mark
# written with a space before it (", \" said NAME") closes its quotation,
# so the post-posed NAME speaks it, not the person named before, and an
# unquoted clause in another sentence never takes a speaker with no cue
# and no source; "He" never goes to a woman (Barbara, a given name of the
# list data/lexicons/given_name_gender.txt), "She" never to a man.
# One statement, one record: a nested cue ("He said his supplier had
# promised a delivery") does not cut the outer statement; "A," she said.
# "B." is one record with two content_pieces. A passive cue with no agent
# ("Patients were told not to ...") and an anonymity clause ("who asked
# not to be named") make no record; the source of the main verb after a
# relative clause is the noun phrase before it (", who ..., said"; "A
# lawyer who advised cities on ferry tenders said"), "Several said" is
# anonymous, a role with a titled person in apposition ("..., Dr. Helen
# Kowalski,") is that person, "According to X, ..." has source X.
# "Reid's rep told" is not Reid; "..., said terminal manager Jasper Hall,
# ready to ..." is Hall's; the cue of "said Saturday" is "said"; a
# pronoun after a person in the same sentence tells that person's gender
# ("Lindsay Lohan ... her lawyer": a later "He" is not Lohan).
# A quotation continues the statement before it, never the one after
# ("A revealed ..., adding: "X." / "Y!" / B said: "Z"": Y is A's); "the
# 55-year-old said" is the person named before; "The company said" is the
# article's organisation; a
# dateline is no part of a source; "Lawmakers on Thursday accused" has
# source Lawmakers; "responded to the blaze" is no infinitive content.
# A passive cue makes no record whatever side its content is on ("...,
# because she was expected to ..., officials said"); the hearer after a
# cue ending in a preposition belongs to the cue ("agree with Putin that
# ..."); a source never ends in "cannot"; "whose ..." is no content.
# The learned speaker ranker (attrib/speaker_rank.c): a bare surname two
# family members share goes to the one whose full name the article gives
# most, and to the other one when the text gives that one's gender ("Marsh
# said he"); a pronoun with no speaker in its paragraph or the one before
# goes to the subject, not to a person named in passing ("a story by Dan
# Ruiz"); a role noun goes to the earlier person whose title fits, not the
# nearer one; a quotation continued in the next paragraph keeps its
# speaker, not a person named in passing in the source's relative clause.
# "..., the newspaper reported" is not the jail its content names; "the
# Herald quoted witness Mara Quist as saying" is Quist's statement.
# The first-name gender table (`herald train genders`, models/genders-en.txt)
# is learned from unlabelled text deterministically, stores no name in the
# clear, and keeps "she" from a person whose first name it knows as male
# (and "he" from a female one) when the article gives no gender evidence:
# trained here on invented text, the same articles give the pronoun to the
# person without the table and to no one with it.
# Session 9: a name set off by a comma and a person's title or role ("Faith Commons,
# director of the shelter,") is a person to the attribution stage whatever NER typed
# (its entity type and id stay NER's), so "she said" goes to her.
set -u
H=${1:?usage: test_speakers.sh HERALD}
[ -f models/ner-en.bin ] && [ -f models/attrib-en.bin ] || { echo "skip: models missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi; }
cat > "$tmp/a.jsonl" <<'J'
{"id":"jr","text":"Donald Trump spoke in Ohio on Monday. His son, Donald Trump Jr., said the campaign was strong. Trump said the polls were wrong."}
{"id":"june","text":"FBI Director James Comey faced questions from senators. Comey in June sharply criticized Clinton's use of a private email server, calling it extremely careless."}
{"id":"role","text":"Rep. Tom Harris criticized the bill on Tuesday. The Republican lawmaker told Fox News that the plan would fail."}
{"id":"it","text":"The Sierra Club sued the Interior Department on Friday. It said the new rules would harm wildlife in three states."}
{"id":"group","text":"The tax bill passed the House late on Thursday. Democrats said the plan would help the wealthy most."}
{"id":"aim","text":"Hillary Clinton spoke in Denver on Monday. Clinton aimed to hit high notes on the economy during the speech."}
{"id":"kids","text":"Donald Trump spoke in Ohio on Monday. Mr Trump's children, Ivanka, Eric, and Donald Jr. were there. The Justice Department under former President Barack Obama declined to act."}
{"id":"inner","text":"Coach Tom Reed spoke after the game. Vincent Jackson was on probation for a drunken driving arrest, he said."}
{"id":"nominee","text":"Republican presidential nominee Donald Trump spoke in Ohio on Monday. Later, the Republican nominee said that the polls were rigged against him."}
{"id":"approve","text":"The city council approved the plan by seven votes to four on Tuesday. Tom Hale went on to play for Boston. Hale, long known as a defensive expert, retired in May."}
{"id":"spaced","text":"Quake hits northern province\nAt least five people were injured in Marlow, the capital of the district, said Daniel Okafor of the National Relief Agency.\n\"I saw many houses collapse and their roofs fell onto people, \" said Maria Lopez, a 22 - year - old resident in Tomas village.\n\"Many people were hurt, but it is hard to move them. \"\nShe said people ran out of their houses in panic."}
{"id":"orphan","text":"Prosecutors argued that he was faking illness to avoid trial. A jury found Smith guilty in 1997 of fraud and theft."}
{"id":"he","text":"Thomas Brandt was charged with fraud last year. His lawyer, Barbara Walther, spoke to the court on Monday. He claimed that the documents had been forged by a rival."}
{"id":"nest","text":"Graham Whitby owns a pharmacy on Dock Street. He said his supplier had promised a delivery by Friday."}
{"id":"pieces","text":"\"We will rebuild the bridge,\" Mayor Ann Cole said. \"It will take two years.\""}
{"id":"nurse","text":"Hospitals were busy. Patients were told not to stop treatment. A nurse at the city's general hospital, who asked not to be named because staff were told not to speak to the press, said the emergency department had seen several patients with low blood sugar."}
{"id":"lawyer","text":"The case went to court on Monday. A procurement lawyer who has advised other cities on ferry tenders said courts usually defer to councils. Several said they had been told by local officials that wells would be drilled."}
{"id":"dr","text":"Meridia's chief medical officer, Dr. Helen Kowalski, said in a statement that patient safety came first. According to the port authority, ships were diverted to Kesten."}
{"id":"rep","text":"Tara Reid has entered a rehab program. Reid's rep told People magazine that the actress was doing well."}
{"id":"inv","text":"The fire started at 3 a.m. on Friday. A company employee was at the office within minutes, said terminal manager Jasper Hall, ready to move the trucks out of harm's way."}
{"id":"sat","text":"The team lost again on Friday. Coach Ed Stefanski said Saturday that the players needed a rest."}
{"id":"lohan","text":"Lindsay Lohan left the clinic on Monday after her lawyer called. He declined to say where the actress went next."}
{"id":"back","text":"Peter Capaldi revealed he was filming in Prague when he heard the news, adding: \"I had my phone on silent.\"\n\"I missed the call!\"\nBen Stephenson, controller of drama at the network, said: \"He is a wonderful actor.\""}
{"id":"age","text":"Peter Capaldi was named the new star of the series on Sunday. The 55-year-old said: \"It is so wonderful not to keep this secret.\""}
{"id":"co","text":"WASHINGTON (Capital Wire) - Meridia Pharmaceuticals said on Wednesday it was recalling 400,000 pens. Shares fell by a third. The company said it had received 37 reports of low blood sugar."}
{"id":"time","text":"Lawmakers on Thursday accused the company of waiting months before acting. Firefighters responded to the blaze at the church on Friday."}
{"id":"seed","text":"The prospect of Jane Doe being elected gave Kerry some leverage, because she was expected to pursue a tougher policy, officials said. Trump seems to agree with Putin that the opposition cannot be trusted. The United States and Russia cannot agree on how many fighters are in the city. The plan would require the rebel opposition to whose fighters would leave the city."}
{"id":"board","text":"The board approved the merger on Monday. Three board members who opposed the merger said they had not seen the final figures."}
{"id":"ward","text":"The hospital was busy all week. A ward manager who was not permitted to talk openly said the beds had been full since Sunday."}
{"id":"bare","text":"The mayor, Jane Ortiz, rejected the criticism and said the budget was sound. Councillor Sam Reyes has said little in public. The union says it did."}
{"id":"county","text":"Snow fell across Hollins County overnight. The county says the main roads were cleared by dawn."}
{"id":"lab","text":"Residents of Dunmore Street were told to boil their water. Lab tests found that the water contained lead."}
{"id":"seek","text":"Senator Rosa Vance hopes to win back the seat. Vance is leading a committee that seeks to end the strike before winter."}
{"id":"turns","text":"The senator spoke on the radio on Sunday.\n\nHOST: Senator, will you vote for the bill this week?\n\nMARLOWE: I will vote for it, because the farmers in my state need the money now.\n\nHOST: And if it fails?\n\nMARLOWE: Then we will start again in the spring."}
{"id":"dateline","text":"WASHINGTON: The Senate passed the farm bill on Tuesday by a wide margin."}
{"id":"head","text":"Governor Reyes Warns Farmers of Dry Summer Ahead\n\nThe state's reservoirs are at half their usual level."}
{"id":"known","text":"A fire destroyed a store on Sunday. The brick building on Main Street was known as the \"Old Mill.\" It burned for hours."}
{"id":"refuse","text":"Police arrested a man on Friday. Captain Lee Moss declined to say where the man was held. Moss said the inquiry would take weeks."}
{"id":"family","text":"Helen Marsh, a state senator, spoke in Albany on Monday. Helen Marsh has led the budget talks since March. Her son Robert Marsh runs a bakery in Troy. Marsh told reporters that the budget would pass."}
{"id":"family2","text":"Helen Marsh announced a run for governor on Monday. Helen Marsh, a two-term state senator, wants lower taxes. Her husband, Robert Marsh, is a builder. Marsh said he would keep running the family firm."}
{"id":"passing","text":"Governor Mark Tully toured the flooded town of Elmridge on Sunday, a visit first reported in a story by Dan Ruiz.\n\nHe promised that federal aid would arrive within a week."}
{"id":"titlefit","text":"Defense Secretary Carla Voss met Senator James Whitaker at the base on Tuesday. Whitaker had asked for the meeting.\n\nThe secretary said that the base would stay open."}
{"id":"contpara","text":"\"We will not close the plant,\" said Anna Berg, the chief executive of Norfeld Steel, which bought the site from Karl Weiss in 2010.\n\n\"Our workers can count on that.\""}
{"id":"paper","text":"Two guards were suspended at the Halden County Jail after an inmate escaped, the newspaper reported."}
{"id":"quoted","text":"A fire destroyed a warehouse in Halden on Monday. \"The flames were higher than the roof,\" the Halden Herald quoted witness Mara Quist as saying."}
{"id":"relwho","text":"The mayor faced tenants at a hall on Monday.\n\nMarisol Okafor, who runs the mayor's housing drive for young families, said, \"The rents have doubled and nobody has listened to these families for years.\""}
{"id":"we","text":"Norvale Foods said on Tuesday it would close its plant in Dayton. \"The decision is right for our customers,\" the company said in a statement. We believe that the market will recover, it added."}
{"id":"weperson","text":"Norvale Foods closed its plant in Dayton on Tuesday. Union leader Carla Mendes said the workers were angry. We believe that the company lied to us."}
{"id":"wetie","text":"Norvale Foods and Brightwell Farms signed a deal on Tuesday. Brightwell Farms said the deal would add jobs. Brightwell Farms will buy the plant. Norvale Foods said the sale was fair. Norvale Foods keeps its brand. We believe that the market will recover next year."}
{"id":"initial","text":"Neighbour Ruth Abel saw the flames first. The fire started at a bakery on W. 14th St. near the corner.\n\nShe said the owner had left an oven on."}
{"id":"platform","text":"A water main broke on Monday. Residents on Facebook reported that the street was flooded."}
{"id":"apposed","text":"The clinic opened in March. Faith Commons, director of the shelter, said the beds were full by April. Alan Thorne said he had seen the queue. \"We turn people away every night,\" she said."}
J
"$H" annotate -q "$tmp/a.jsonl" > "$tmp/out" 2>/dev/null || { echo "FAIL: annotate"; exit 1; }
py() { python3 "$(dirname "$0")/lib/quote_query.py" "$tmp/out" "$@"; }
# the stage's records before the learned record filter (record_filter.h): for
# rule checks whose vehicle is a record the filter judges no report by the
# issue's definition (an accusation whose content is its object, a headline
# line); the filter's own checks are test_record_filter.sh
HERALD_RECORD_FILTER=off "$H" annotate -q "$tmp/a.jsonl" > "$tmp/out_rules" 2>/dev/null
pyr() { python3 "$(dirname "$0")/lib/quote_query.py" "$tmp/out_rules" "$@"; }
ok "Jr. speaks for himself, the father for himself" "$(py speakers jr)" "per:trump_donald_jr per:trump_donald"
case "$(py aliases jr per:trump_donald)" in *Jr*) fail=$((fail+1)); echo "FAIL: Donald Trump Jr. is an alias of Donald Trump" >&2;; *) pass=$((pass+1));; esac
case "$(py sources june)" in *June*) fail=$((fail+1)); echo "FAIL: a date became a source" >&2;; *) pass=$((pass+1));; esac
ok "the Republican lawmaker is the person named before" "$(py speaker_of role told)" "per:haris_tom"
ok "It is the organisation of the sentence before" "$(py kind_of it said)" "organization:org:siera_club"
ok "a plural group is not a named person" "$(py kind_of group said)" "anonymous:None"
ok "the nominee is the person titled nominee" "$(py speaker_of nominee said)" "per:trump_donald"
case "|$(py cues aim)|" in *"|aimed|"*) fail=$((fail+1)); echo "FAIL: 'aimed' made an attribution" >&2;; *) pass=$((pass+1));; esac
case "$(py aliases kids per:trump_donald)" in *Jr*) fail=$((fail+1)); echo "FAIL: 'Donald Jr.' is an alias of Donald Trump" >&2;; *) pass=$((pass+1));; esac
ok "a title starts after its last preposition" "$(py titles kids per:obama_barack)" "former President"
ok "a pronoun source is never a person named only in the content" "$(py speaker_of inner said)" "per:red_tom"
ok "no record from approved / went on / known as with a plain object" "$(py cues approve)" ""
ok "a spaced closing mark: the post-posed name speaks, she is that woman" "$(py all_speakers spaced)" "per:okafor_daniel per:lopez_maria per:lopez_maria"
ok "an unquoted clause with no cue takes no speaker" "$(py all_speakers orphan)" "None"
ok "He is not the woman named just before" "$(py speaker_of he claimed)" "per:brandt_thomas"
ok "a nested cue does not cut the outer statement" "$(py cues nest)" "said"
ok "\"A,\" she said. \"B.\" is one record of two pieces" "$(py pieces pieces)" "2"
ok "no record from a passive cue or an anonymity clause; the nurse speaks" "$(py cues nurse)|$(py sources nurse)" "said|A nurse at the city's general hospital"
ok "the noun phrase a relative clause describes is the source; Several is anonymous" "$(py sources lawyer)|$(py kind_of lawyer said)" "A procurement lawyer|Several|anonymous:None anonymous:None"
ok "a role with a titled person in apposition is that person" "$(py speaker_of dr 'said in a statement')" "per:kowalski_helen"
case "|$(py sources dr)|" in *"|the port authority|"*) pass=$((pass+1));; *) fail=$((fail+1)); echo "FAIL: 'According to X,' has no source X: $(py sources dr)" >&2;; esac
ok "Reid's rep is not Reid" "$(py kind_of rep told)" "anonymous:None"
ok "a post-posed name with a role word before it speaks" "$(py speaker_of inv said)" "per:hal_jasper"
ok "the cue is the verb, not its time word" "$(py cues sat)" "said"
case "$(py speaker_of lohan 'declined to say')" in *lohan*) fail=$((fail+1)); echo "FAIL: He went to Lindsay Lohan" >&2;; *) pass=$((pass+1));; esac
ok "a quotation continues the statement before it, not the one after" "$(py piece_speakers back)" "per:capaldi_peter per:capaldi_peter per:capaldi_peter per:stefenson_ben"
ok "the 55-year-old is the person named before" "$(py speaker_of age said:)" "per:capaldi_peter"
ok "no dateline in a source; the company is Meridia Pharmaceuticals" "$(py sources co)|$(py all_speakers co)" "Meridia Pharmaceuticals|The company|org:meridia_farmaceuticals org:meridia_farmaceuticals"
ok "a time phrase between subject and verb; no record from 'responded to the blaze'" "$(pyr sources time)|$(pyr cues time)" "Lawmakers|accused"
case "|$(py cues seed)|" in *"was expected"*) fail=$((fail+1)); echo "FAIL: a passive cue made a record" >&2;; *) pass=$((pass+1));; esac
case "|$(py sources seed)|" in *cannot*) fail=$((fail+1)); echo "FAIL: a source ends in cannot" >&2;; *) pass=$((pass+1));; esac
py contents seed > "$tmp/c"; if grep -q "^Putin\|^whose" "$tmp/c"; then fail=$((fail+1)); echo "FAIL: the hearer or a relative clause opens a content: $(cat "$tmp/c")" >&2; else pass=$((pass+1)); fi
ok "a relative clause with no comma keeps its noun: the members speak, unnamed" "$(py sources board)|$(py kind_of board said)" "Three board members who opposed the merger|anonymous:None"
ok "a source before a relative clause up to the cue is an unnamed person" "$(py kind_of ward 'openly said')$(py kind_of ward said)" "anonymous:None"
ok "no record from 'rejected the criticism', 'said little in public', 'says it did'" "$(py cues bare)" "said"
ok "the county is an organisation, not an unnamed person" "$(py kind_of county says)" "organization:None"
ok "tests are no speaker" "$(py cues lab)" ""
ok "an aim is no statement; a committee that seeks is not its leader's voice" "$(py cues seek)" ""
ok "a transcript's turns: label is the source, colon the cue" "$(py sources turns)|$(py cues turns)" "HOST|MARLOWE|HOST|MARLOWE|:|:|:|:"
ok "a dateline is no speaker" "$(py sources dateline)" ""
ok "a title-case headline: name, verb of saying, content" "$(pyr sources head)|$(pyr cues head)" "Governor Reyes|Warns"
ok "'was known as' is a passive naming, no quotation of anyone" "$(py cues known)" ""
ok "a refusal to speak states nothing; the next sentence does" "$(py cues refuse)" "said"
ok "a bare surname goes to the family member named most in full" "$(py speaker_of family told)" "per:marsh_helen"
ok "a bare surname with 'he' goes to the man of the family" "$(py speaker_of family2 said)" "per:marsh_robert"
ok "a pronoun goes to the subject, not to a person named in passing" "$(py speaker_of passing promised)" "per:tuli_mark"
ok "a role noun goes to the person whose title fits" "$(py speaker_of titlefit said)" "per:vos_carla"
ok "a quotation continued in the next paragraph keeps its speaker" "$(py piece_speakers contpara)" "per:berg_ana per:berg_ana"
ok "'the newspaper' is no organisation named only inside its content" "$(py kind_of paper reported)" "organization:None"
ok "a name with a person's apposition is a speaker, whatever NER typed" "$(py all_speakers apposed)|$(py kind_of apposed said | cut -d' ' -f3)" "org:faith_comons per:thorne_alan org:faith_comons|pronoun:org:faith_comons"
ok "a mention made only of initials (a street's W.) is never a pronoun's speaker" "$(py speaker_of initial said)" "per:abel_ruth"
ok "X quoted Y as saying: Y speaks" "$(py speaker_of quoted quoted)" "per:quist_mara"
ok "a source that is the relative clause speaks for the name before ', who'" "$(py speaker_of relwho said)" "per:okafor_marisol"
ok "'We' is the organisation that issued the statement" "$(py kind_of we believe)" "organization:org:norvale_fods"
ok "'We' after a person spoke is no organisation" "$(py kind_of weperson believe)" "pronoun:None"
ok "'We' with two organisations named as often is no organisation" "$(py kind_of wetie believe)" "pronoun:None"
ok "'X on Facebook' is the people, not the platform" "$(py sources platform)|$(py kind_of platform reported)" "Residents on Facebook|anonymous:None"
# the first-name gender table, learned from invented text (names never written in the clear)
mkdir -p "$tmp/gt/text" "$tmp/gm" "$tmp/gm0"
cat > "$tmp/gt/text/a.txt" <<'T'
Yesterday Zorvan Keltic opened the new river bridge in the town of Amberlow. He cut the ribbon at noon. Later Keltic thanked the builders.

This week Imrela Dostan won the regional chess final. She played the black pieces in every game. Dostan will defend the title next year.
T
cat > "$tmp/gt/text/b.txt" <<'T'
On the first day Zorvan Keltic walked along the old canal path. His dog ran ahead of the group. Keltic stopped at the lock.

Last night Imrela Dostan gave a talk at the library. Her talk was about opening moves. Dostan answered questions for an hour.
T
"$H" train genders -o "$tmp/gm/genders-en.txt" "$tmp/gt/text" 2>/dev/null || { fail=$((fail+1)); echo "FAIL: herald train genders" >&2; }
"$H" train genders -o "$tmp/gt/again.txt" "$tmp/gt/text" 2>/dev/null
if cmp -s "$tmp/gm/genders-en.txt" "$tmp/gt/again.txt"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: the gender table is not the same bytes twice" >&2; fi
ok "the table holds one he-name and one she-name" "$(grep -c $'^[0-9a-f]\{16\}\t2\t0$' "$tmp/gm/genders-en.txt")/$(grep -c $'^[0-9a-f]\{16\}\t0\t2$' "$tmp/gm/genders-en.txt")" "1/1"
if grep -qi "zorvan\|imrela" "$tmp/gm/genders-en.txt"; then fail=$((fail+1)); echo "FAIL: a name in the clear in the gender table" >&2; else pass=$((pass+1)); fi
"$H" train genders 2>/dev/null; ok "train genders without text is a usage error" "$?" "2"
ln -s "$PWD/models/ner-en.bin" "$PWD/models/attrib-en.bin" "$tmp/gm/"
ln -s "$PWD/models/ner-en.bin" "$PWD/models/attrib-en.bin" "$tmp/gm0/"
cat > "$tmp/g.jsonl" <<'J'
{"id":"gm","text":"Zorvan Keltic, the director of the harbour museum, opened the new wing on Tuesday. The Larkfield Trust paid for the building. \"We waited eleven years for this day,\" she said."}
{"id":"gf","text":"Imrela Dostan, the head of the rowing club, opened the new boathouse on Sunday. The city council paid for the roof. \"The boats will be safe here at last,\" he said."}
J
HERALD_MODEL_DIR="$tmp/gm0" "$H" annotate -q "$tmp/g.jsonl" > "$tmp/out" 2>/dev/null
ok "without the table, she goes to the only person" "$(py speakers gm) $(py speakers gf)" "per:keltic_zorvan per:dostan_imrela"
HERALD_MODEL_DIR="$tmp/gm" "$H" annotate -q "$tmp/g.jsonl" > "$tmp/out" 2>/dev/null
ok "she is no learned he-name, he no learned she-name" "$(py speakers gm) $(py speakers gf)" "None None"
# A he/she never goes to a name in passing earlier in its sentence (the
# object of a preposition, named nowhere before, no title: a person in a
# photo caption, a place NER typed as a person), but to the sentence's
# actor named before it.
# "the younger Marsh", "the elder Marsh" (two persons share the surname):
# the one the article calls a son or daughter, or a father or mother
# ("His son, Daniel Marsh,"), and the other of two when only one is
# called so; with no kin word, no guess.
# A capitalised pronoun right after a capitalised word inside its
# sentence ("Fans of Doctor Who", "The WHO") is a piece of a name, no
# pronoun source: it never takes a person or a place as its speaker.
cat > "$tmp/p.jsonl" <<'J'
{"id":"inpass","text":"Senator Tom Calder spoke in Ohio on Monday. Standing next to a photo of Mark Fenwick, he said the bill would pass."}
{"id":"inplace","text":"Governor Paul Haddon visited the coast on Monday. As the water rose in Karl-e Dorin, he said the state would pay for repairs."}
{"id":"young","text":"Robert Marsh founded the bakery in 1970 and ran it for forty years. His son, Daniel Marsh, took over in 2010. \"We will never sell,\" the younger Marsh said on Friday."}
{"id":"elder","text":"Robert Marsh founded the bakery in 1970 and ran it for forty years. His son, Daniel Marsh, took over in 2010. \"We worked every Sunday,\" the elder Marsh said on Friday."}
{"id":"nokin","text":"Robert Marsh and Daniel Marsh run the bakery. \"We worked every Sunday,\" the elder Marsh said on Friday."}
{"id":"whofans","text":"Ellen Park wrote the new series. Fans of Doctor Who said the wait was worth it."}
{"id":"whoorg","text":"The death toll rose to 40 in Peru on Monday. The WHO said there had been no new cases outside the capital."}
J
"$H" annotate -q "$tmp/p.jsonl" > "$tmp/out" 2>/dev/null
ok "a pronoun is not a person named in passing in its sentence" "$(py speaker_of inpass said)" "per:calder_tom"
ok "a pronoun is not a place named after a preposition" "$(py speaker_of inplace said)" "per:hadon_paul"
ok "the younger of a family is the one called son" "$(py speaker_of young said)" "per:marsh_daniel"
ok "the elder of two is the other one" "$(py speaker_of elder said)" "per:marsh_robert"
ok "the elder with no kin word is no one" "$(py speaker_of nokin said)" "None"
ok "a title's Who is no pronoun" "$(py kind_of whofans said)" "unknown:None"
ok "the WHO is no pronoun for a place" "$(py kind_of whoorg said)" "unknown:None"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
