/*
 * cues.c: the word lists behind cues.h. Every table is kept in strcmp
 * order (tests/unit/test_attrib.c checks it) and searched with bsearch.
 * Written by hand; lists are general English reporting vocabulary.
 */
#include "attrib/cues.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *word; int cls; } cue_entry;
static const cue_entry CUES[] = {
    {"accused", HD_CUE_SPEECH},
    {"accuses", HD_CUE_SPEECH},
    {"acknowledge", HD_CUE_SPEECH},
    {"acknowledged", HD_CUE_SPEECH},
    {"acknowledges", HD_CUE_SPEECH},
    {"acknowledging", HD_CUE_SPEECH},
    {"add", HD_CUE_SPEECH},
    {"added", HD_CUE_SPEECH},
    {"adding", HD_CUE_SPEECH},
    {"adds", HD_CUE_SPEECH},
    {"admit", HD_CUE_SPEECH},
    {"admits", HD_CUE_SPEECH},
    {"admitted", HD_CUE_SPEECH},
    {"admitting", HD_CUE_SPEECH},
    {"agreed", HD_CUE_SPEECH},
    {"agrees", HD_CUE_SPEECH},
    {"alleged", HD_CUE_SPEECH},
    {"alleges", HD_CUE_SPEECH},
    {"announce", HD_CUE_SPEECH},
    {"announced", HD_CUE_SPEECH},
    {"announces", HD_CUE_SPEECH},
    {"announcing", HD_CUE_SPEECH},
    {"appeared", HD_CUE_SPEECH},
    {"appears", HD_CUE_SPEECH},
    {"argue", HD_CUE_SPEECH},
    {"argued", HD_CUE_SPEECH},
    {"argues", HD_CUE_SPEECH},
    {"arguing", HD_CUE_SPEECH},
    {"ask", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"asked", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"asking", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"asks", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"asserted", HD_CUE_SPEECH},
    {"asserts", HD_CUE_SPEECH},
    {"assured", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"believe", HD_CUE_BELIEF},
    {"believed", HD_CUE_BELIEF},
    {"believes", HD_CUE_BELIEF},
    {"blamed", HD_CUE_SPEECH},
    {"blames", HD_CUE_SPEECH},
    {"boasted", HD_CUE_SPEECH},
    {"called", HD_CUE_SPEECH},
    {"calling", HD_CUE_SPEECH},
    {"calls", HD_CUE_SPEECH},
    {"cautioned", HD_CUE_SPEECH},
    {"claim", HD_CUE_SPEECH},
    {"claimed", HD_CUE_SPEECH},
    {"claiming", HD_CUE_SPEECH},
    {"claims", HD_CUE_SPEECH},
    {"complained", HD_CUE_SPEECH},
    {"complains", HD_CUE_SPEECH},
    {"concede", HD_CUE_SPEECH},
    {"conceded", HD_CUE_SPEECH},
    {"concedes", HD_CUE_SPEECH},
    {"concluded", HD_CUE_SPEECH},
    {"confirm", HD_CUE_SPEECH},
    {"confirmed", HD_CUE_SPEECH},
    {"confirms", HD_CUE_SPEECH},
    {"contended", HD_CUE_SPEECH},
    {"contends", HD_CUE_SPEECH},
    {"continued", HD_CUE_SPEECH},
    {"countered", HD_CUE_SPEECH},
    {"criticised", HD_CUE_SPEECH},
    {"criticized", HD_CUE_SPEECH},
    {"declare", HD_CUE_SPEECH},
    {"declared", HD_CUE_SPEECH},
    {"declares", HD_CUE_SPEECH},
    {"declined", HD_CUE_SPEECH},
    {"denied", HD_CUE_SPEECH},
    {"denies", HD_CUE_SPEECH},
    {"deny", HD_CUE_SPEECH},
    {"denying", HD_CUE_SPEECH},
    {"described", HD_CUE_SPEECH},
    {"describes", HD_CUE_SPEECH},
    {"describing", HD_CUE_SPEECH},
    {"disclosed", HD_CUE_SPEECH},
    {"discussed", HD_CUE_SPEECH},
    {"doubt", HD_CUE_BELIEF},
    {"doubts", HD_CUE_BELIEF},
    {"emphasized", HD_CUE_SPEECH},
    {"endorsed", HD_CUE_SPEECH},
    {"estimated", HD_CUE_SPEECH},
    {"expect", HD_CUE_BELIEF},
    {"expected", HD_CUE_BELIEF},
    {"expects", HD_CUE_BELIEF},
    {"explain", HD_CUE_SPEECH},
    {"explained", HD_CUE_SPEECH},
    {"explaining", HD_CUE_SPEECH},
    {"explains", HD_CUE_SPEECH},
    {"expressed", HD_CUE_SPEECH},
    {"fear", HD_CUE_BELIEF},
    {"feared", HD_CUE_BELIEF},
    {"fears", HD_CUE_BELIEF},
    {"found", HD_CUE_SPEECH},
    {"hinted", HD_CUE_SPEECH},
    {"hoped", HD_CUE_BELIEF},
    {"hopes", HD_CUE_BELIEF},
    {"indicated", HD_CUE_SPEECH},
    {"informed", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"insist", HD_CUE_SPEECH},
    {"insisted", HD_CUE_SPEECH},
    {"insisting", HD_CUE_SPEECH},
    {"insists", HD_CUE_SPEECH},
    {"joked", HD_CUE_SPEECH},
    {"lamented", HD_CUE_SPEECH},
    {"mused", HD_CUE_SPEECH},
    {"noted", HD_CUE_SPEECH},
    {"notes", HD_CUE_SPEECH},
    {"noting", HD_CUE_SPEECH},
    {"observed", HD_CUE_SPEECH},
    {"opposed", HD_CUE_SPEECH},
    {"planned", HD_CUE_SPEECH},
    {"pledged", HD_CUE_SPEECH},
    {"praised", HD_CUE_SPEECH},
    {"predicted", HD_CUE_SPEECH},
    {"predicts", HD_CUE_SPEECH},
    {"preferred", HD_CUE_SPEECH},
    {"proclaimed", HD_CUE_SPEECH},
    {"promised", HD_CUE_SPEECH},
    {"promises", HD_CUE_SPEECH},
    {"proposed", HD_CUE_SPEECH},
    {"questioned", HD_CUE_SPEECH},
    {"quipped", HD_CUE_SPEECH},
    {"recalled", HD_CUE_SPEECH},
    {"recalls", HD_CUE_SPEECH},
    {"recounted", HD_CUE_SPEECH},
    {"refused", HD_CUE_SPEECH},
    {"reiterated", HD_CUE_SPEECH},
    {"remarked", HD_CUE_SPEECH},
    {"reminded", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"replied", HD_CUE_SPEECH},
    {"replies", HD_CUE_SPEECH},
    {"reply", HD_CUE_SPEECH},
    {"reported", HD_CUE_SPEECH},
    {"reports", HD_CUE_SPEECH},
    {"respond", HD_CUE_SPEECH},
    {"responded", HD_CUE_SPEECH},
    {"responds", HD_CUE_SPEECH},
    {"retorted", HD_CUE_SPEECH},
    {"revealed", HD_CUE_SPEECH},
    {"said", HD_CUE_SPEECH},
    {"say", HD_CUE_SPEECH},
    {"saying", HD_CUE_SPEECH},
    {"says", HD_CUE_SPEECH},
    {"seemed", HD_CUE_SPEECH},
    {"shouted", HD_CUE_SPEECH},
    {"showed", HD_CUE_SPEECH},
    {"shows", HD_CUE_SPEECH},
    {"signaled", HD_CUE_SPEECH},
    {"signalled", HD_CUE_SPEECH},
    {"sought", HD_CUE_SPEECH},
    {"stated", HD_CUE_SPEECH},
    {"stressed", HD_CUE_SPEECH},
    {"suggest", HD_CUE_SPEECH},
    {"suggested", HD_CUE_SPEECH},
    {"suggesting", HD_CUE_SPEECH},
    {"suggests", HD_CUE_SPEECH},
    {"supported", HD_CUE_SPEECH},
    {"suspect", HD_CUE_BELIEF},
    {"suspected", HD_CUE_BELIEF},
    {"suspects", HD_CUE_BELIEF},
    {"tell", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"telling", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"tells", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"testified", HD_CUE_SPEECH},
    {"thinks", HD_CUE_BELIEF},
    {"told", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"tweeted", HD_CUE_SPEECH},
    {"tweeting", HD_CUE_SPEECH},
    {"tweets", HD_CUE_SPEECH},
    {"urged", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"urges", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"vowed", HD_CUE_SPEECH},
    {"vows", HD_CUE_SPEECH},
    {"want", HD_CUE_SPEECH},
    {"wanted", HD_CUE_SPEECH},
    {"wants", HD_CUE_SPEECH},
    {"warn", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"warned", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"warning", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"warns", HD_CUE_SPEECH | HD_CUE_OBJECT},
    {"wondered", HD_CUE_SPEECH},
    {"write", HD_CUE_SPEECH},
    {"writes", HD_CUE_SPEECH},
    {"writing", HD_CUE_SPEECH},
    {"wrote", HD_CUE_SPEECH},
    {"yelled", HD_CUE_SPEECH},
};
static const char *const WL_AUX_ADV[] = {
    "again", "already", "also", "are", "been", "can", "could", "did", "do", "does", "earlier",
    "first", "flatly", "frequently", "had", "has", "have", "initially", "is", "just", "later",
    "long", "may", "might", "must", "never", "not", "often", "once", "openly", "previously",
    "privately", "publicly", "quickly", "recently", "repeatedly", "reportedly", "should", "simply",
    "since", "still", "then", "was", "were", "will", "would",
};
static const char *const WL_CLAUSE[] = {
    "after", "although", "and", "as", "because", "before", "but", "even", "if", "nor", "or",
    "since", "so", "than", "that", "though", "unless", "until", "when", "where", "whether", "which",
    "while", "whom", "whose", "yet",
};
static const char *const WL_PREP[] = {
    "about", "against", "among", "at", "between", "by", "during", "for", "from", "in", "into", "of",
    "on", "over", "through", "to", "under", "via", "with", "without",
};
static const char *const WL_TIME[] = {
    "afternoon", "at", "during", "earlier", "evening", "friday", "in", "last", "later", "monday",
    "month", "morning", "night", "on", "recently", "saturday", "sunday", "this", "thursday",
    "today", "tonight", "tuesday", "wednesday", "week", "year", "yesterday",
};
static const char *const WL_PRON_SUBJ[] = {
    "he", "i", "it", "she", "they", "we", "who", "you",
};
static const char *const WL_PRON_OBJ[] = {
    "her", "him", "journalists", "me", "reporters", "them", "us", "you",
};
static const char *const WL_ROLE[] = {
    "activist", "activists", "administrator", "adviser", "advisers", "advisor", "advisors", "aide",
    "aides", "analyst", "analysts", "critic", "critics", "diplomat", "diplomats", "economist",
    "economists", "expert", "experts", "insider", "insiders", "investigator", "investigators",
    "lawmaker", "lawmakers", "leader", "leaders", "member", "members", "negotiator", "negotiators",
    "observer", "observers", "officer", "officers", "official", "official's", "officials",
    "operative", "operatives", "opponent", "opponents", "people", "person", "prosecutor",
    "prosecutors", "representative", "representatives", "researcher", "researchers", "resident",
    "residents", "scientist", "scientists", "source", "sources", "spokesman", "spokespeople",
    "spokesperson", "spokeswoman", "staffer", "staffers", "strategist", "strategists", "supporter",
    "supporters", "voter", "voters", "witness", "witnesses", "worker", "workers",
};
static const char *const WL_ORG_HEAD[] = {
    "administration", "agency", "army", "association", "authorities", "authority", "bank", "board",
    "bureau", "cabinet", "campaign", "coalition", "commission", "committee", "company", "congress",
    "corporation", "council", "court", "department", "embassy", "firm", "foundation", "government",
    "group", "house", "institute", "magazine", "military", "ministry", "network", "newspaper",
    "office", "organisation", "organization", "paper", "parliament", "party", "police", "regime",
    "senate", "team", "union", "white",
};
static const char *const WL_DETERMINER[] = {
    "a", "all", "an", "another", "both", "each", "every", "few", "five", "four", "her", "his",
    "its", "many", "most", "my", "one", "other", "our", "senior", "several", "six", "some", "that",
    "the", "their", "these", "this", "those", "three", "top", "two",
};
static const char *const WL_TITLE[] = {
    "adm.", "admiral", "alderman", "alderwoman", "ambassador", "archbishop", "assemblyman",
    "assemblywoman", "attorney", "ayatollah", "baron", "baroness", "bishop", "capt.", "captain",
    "cardinal", "ceo", "chair", "chairman", "chairwoman", "chancellor", "chief", "col.",
    "commander", "commissioner", "comptroller", "congressman", "congresswoman", "councillor",
    "councilman", "councilmember", "councilor", "councilwoman", "dame", "defense", "del.",
    "delegate", "deputy", "detective", "dictator", "director", "dr.", "emir", "envoy", "foreign",
    "former", "gen.", "general", "gov", "gov.", "governor", "hon.", "imam", "inspector", "judge",
    "justice", "king", "lady", "leader", "lieutenant", "lord", "lt.", "magistrate", "maj.", "major",
    "mayor", "minister", "mr.", "mrs.", "ms.", "msgr.", "pope", "premier", "president", "prime",
    "prince", "prof.", "professor", "queen", "rabbi", "rep", "rep.", "representative", "rev.",
    "secretary", "sen", "sen.", "senator", "sergeant", "sgt.", "sheikh", "sheriff", "sir",
    "speaker", "special", "spokesman", "spokeswoman", "state", "strongman", "sultan",
    "superintendent", "treasurer", "vice",
};
static const struct { const char *const *v; size_t n; } LISTS[HD_WL_COUNT] = {
    {WL_AUX_ADV, sizeof WL_AUX_ADV / sizeof *WL_AUX_ADV},
    {WL_CLAUSE, sizeof WL_CLAUSE / sizeof *WL_CLAUSE},
    {WL_PREP, sizeof WL_PREP / sizeof *WL_PREP},
    {WL_TIME, sizeof WL_TIME / sizeof *WL_TIME},
    {WL_PRON_SUBJ, sizeof WL_PRON_SUBJ / sizeof *WL_PRON_SUBJ},
    {WL_PRON_OBJ, sizeof WL_PRON_OBJ / sizeof *WL_PRON_OBJ},
    {WL_ROLE, sizeof WL_ROLE / sizeof *WL_ROLE},
    {WL_ORG_HEAD, sizeof WL_ORG_HEAD / sizeof *WL_ORG_HEAD},
    {WL_DETERMINER, sizeof WL_DETERMINER / sizeof *WL_DETERMINER},
    {WL_TITLE, sizeof WL_TITLE / sizeof *WL_TITLE},
};

size_t hd_word_lower(const char *w, size_t n, char *out, size_t cap) {
  if (n + 1 > cap) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = w[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[n] = 0;
  return n;
}

/* The learned lexicon: words that head PolNeAR training cues, with how
 * often they did and how often they occur (tools/gen_cue_lexicon.py). */
typedef struct {
  const char *word;
  int cues, occurrences;
} learned_cue;
static const learned_cue LEARNED[] = {
#include "attrib/cue_lexicon.inc"
};

/* A learned word counts as a cue when at least this share of its
 * training occurrences were cues (tuned on train). */
#define LEARNED_MIN_RATE 0.30
/* Below that and down to this share, a weak cue (HD_CUE_WEAK). */
#define LEARNED_WEAK_RATE 0.10

static int cmp_learned(const void *key, const void *elem) {
  return strcmp((const char *)key, ((const learned_cue *)elem)->word);
}

/* Learned "verb particle" cues (tools/gen_cue_lexicon.py). */
typedef struct {
  const char *w1, *w2;
  int cues, occurrences;
} learned_bigram;
static const learned_bigram BIGRAMS[] = {
#include "attrib/cue_bigrams.inc"
};

typedef struct {
  const char *w1, *w2;
} bigram_key;

static int cmp_bigram(const void *key, const void *elem) {
  const bigram_key *k = key;
  const learned_bigram *b = elem;
  int r = strcmp(k->w1, b->w1);
  return r ? r : strcmp(k->w2, b->w2);
}

static int cue_flags(const char *lower, int *first_of_bigram);

int hd_cue_bigram(const char *w1, const char *w2) {
  int first = 0;
  cue_flags(w1, &first);
  if (!first) return 0;
  bigram_key k = {w1, w2};
  return bsearch(&k, BIGRAMS, sizeof BIGRAMS / sizeof *BIGRAMS, sizeof *BIGRAMS, cmp_bigram) != NULL;
}

static int cmp_cue(const void *key, const void *elem) {
  return strcmp((const char *)key, ((const cue_entry *)elem)->word);
}


/* ---- a hash set over every cue word, built once ----
 * Most words are no cue: one hash probe answers them instead of binary
 * searches through three tables. */

#define CUE_SLOTS 8192 /* power of two, > 4 x the words in the tables */

typedef struct {
  const char *word;
  uint32_t hash; /* word_hash(word): compared before the strings */
  int cls;
  int first_of_bigram;
  uint32_t lists; /* bit l: the word is in word list l */
} cue_slot;

static cue_slot CUE_SET[CUE_SLOTS];
static pthread_once_t cue_set_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w) {
  uint32_t h = 2166136261u;
  for (; *w; w++) h = (h ^ (unsigned char)*w) * 16777619u;
  return h;
}

/* The slot holding w, or the empty slot where it would go (its hash is
 * filled in, so that an insert only has to set the word). */
static cue_slot *cue_slot_for(const char *w) {
  uint32_t h = word_hash(w), i = h & (CUE_SLOTS - 1);
  while (CUE_SET[i].word && (CUE_SET[i].hash != h || strcmp(CUE_SET[i].word, w))) i = (i + 1) & (CUE_SLOTS - 1);
  return &CUE_SET[i];
}

static cue_slot *cue_slot_insert(const char *w) {
  cue_slot *s = cue_slot_for(w);
  if (!s->word) {
    s->word = w;
    s->hash = word_hash(w);
  }
  return s;
}

static int cue_class_slow(const char *lower);

static void build_cue_set(void) {
  for (size_t i = 0; i < sizeof CUES / sizeof *CUES; i++) cue_slot_insert(CUES[i].word);
  for (size_t i = 0; i < sizeof LEARNED / sizeof *LEARNED; i++) cue_slot_insert(LEARNED[i].word);
  for (size_t i = 0; i < sizeof BIGRAMS / sizeof *BIGRAMS; i++) cue_slot_insert(BIGRAMS[i].w1)->first_of_bigram = 1;
  for (size_t i = 0; i < CUE_SLOTS; i++)
    if (CUE_SET[i].word) CUE_SET[i].cls = cue_class_slow(CUE_SET[i].word);
  for (int l = 0; l < HD_WL_COUNT; l++) /* list words join the same set */
    for (size_t i = 0; i < LISTS[l].n; i++) {
      cue_slot_insert(LISTS[l].v[i])->lists |= 1u << l; /* cls stays 0 unless a cue */
    }
}

static int cue_flags(const char *lower, int *first_of_bigram) {
  pthread_once(&cue_set_once, build_cue_set);
  const cue_slot *s = cue_slot_for(lower);
  if (first_of_bigram) *first_of_bigram = s->word ? s->first_of_bigram : 0;
  return s->word ? s->cls : 0;
}

int hd_cue_class(const char *lower) { return cue_flags(lower, NULL); }

static int cue_class_slow(const char *lower) {
  const cue_entry *e = bsearch(lower, CUES, sizeof CUES / sizeof *CUES, sizeof *CUES, cmp_cue);
  if (e) return e->cls;
  const learned_cue *l = bsearch(lower, LEARNED, sizeof LEARNED / sizeof *LEARNED, sizeof *LEARNED, cmp_learned);
  if (!l) return 0;
  if (l->cues >= LEARNED_MIN_RATE * l->occurrences) return HD_CUE_SPEECH | HD_CUE_LEARNED;
  return l->cues >= LEARNED_WEAK_RATE * l->occurrences ? HD_CUE_SPEECH | HD_CUE_WEAK | HD_CUE_LEARNED : 0;
}

uint32_t hd_wordlist_mask(const char *lower) {
  pthread_once(&cue_set_once, build_cue_set);
  const cue_slot *s = cue_slot_for(lower);
  return s->word ? s->lists : 0;
}

int hd_in_wordlist(hd_wordlist list, const char *lower) {
  if ((int)list < 0 || list >= HD_WL_COUNT) return 0;
  return (hd_wordlist_mask(lower) >> list) & 1;
}

/* For the unit test: are the tables sorted? Returns 1 when they are. */
int hd_cues_sorted(void) {
  for (size_t i = 1; i < sizeof BIGRAMS / sizeof *BIGRAMS; i++) {
    int r = strcmp(BIGRAMS[i - 1].w1, BIGRAMS[i].w1);
    if (r > 0 || (r == 0 && strcmp(BIGRAMS[i - 1].w2, BIGRAMS[i].w2) >= 0)) return 0;
  }
  for (size_t i = 1; i < sizeof LEARNED / sizeof *LEARNED; i++)
    if (strcmp(LEARNED[i - 1].word, LEARNED[i].word) >= 0) return 0;
  for (size_t i = 1; i < sizeof CUES / sizeof *CUES; i++)
    if (strcmp(CUES[i - 1].word, CUES[i].word) >= 0) return 0;
  for (int l = 0; l < HD_WL_COUNT; l++)
    for (size_t i = 1; i < LISTS[l].n; i++)
      if (strcmp(LISTS[l].v[i - 1], LISTS[l].v[i]) >= 0) return 0;
  return 1;
}
