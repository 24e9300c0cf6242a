/* test_threads.c: the pipeline is thread-safe. Several threads annotate
 * the same articles at once on one shared hd_pipeline (each with its own
 * articles, so each with its own arenas and scopes) and sign them for
 * near-duplicates; every thread's JSON and signatures must equal a
 * sequential run's. The first calls race on purpose: the lazily filled
 * tables (the stop list, the MinHash seeds, the segmenter's classes) are
 * filled under pthread_once. Run it under -fsanitize=thread to see races
 * reported; here it checks that the outputs agree. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus/fingerprint.h"
#include "text/article.h"
#include "text/words.h"

#define THREADS 4

static const char *TEXTS[] = {
    "Mayor Ida Brun met Tom Walsh on Monday at the harbour office.\n\n"
    "\"We will appeal,\" Tom Walsh said after the meeting.\n\n"
    "Brun said the plan was final. \"There is no more money,\" she said.\n",
    "VALDMARK, March 4 (Sorrel Herald) - Dock workers at the port of Valdmark walked off the job on "
    "Monday over a night-shift bonus, union leader Elena Ruiz said.\n\nThe port authority said talks would "
    "resume on Thursday.\n",
    "Opinion | Why the ferry contract matters\n\nBy Janet Okoro\n\nThe council chose Lakeline Marine, and "
    "the city will pay for it for a decade, according to the budget office.\n",
};
#define N_TEXTS (sizeof TEXTS / sizeof *TEXTS)

typedef struct {
  hd_pipeline *p;
  char *json[N_TEXTS];
  hd_minhash sig[N_TEXTS];
  int stop; /* answers of hd_is_stopword on a few words */
} job;

static void run(job *j) {
  hd_fp_options fo;
  hd_fp_defaults(&fo);
  j->stop = hd_is_stopword("the", 3) * 4 + hd_is_stopword("said", 4) * 2 + hd_is_stopword("ferry", 5);
  for (size_t i = 0; i < N_TEXTS; i++) {
    hd_minhash_text(TEXTS[i], strlen(TEXTS[i]), &fo, &j->sig[i]);
    hd_article *a = hd_article_new(TEXTS[i], strlen(TEXTS[i]));
    hd_err err = {0};
    j->json[i] = a && hd_annotate(j->p, a, &err) == 0 ? hd_article_json(a, HD_JSON_TOKENS, NULL) : NULL;
    hd_article_free(a);
  }
}

static void *thread_main(void *arg) {
  run(arg);
  return NULL;
}

int main(void) {
  hd_err err = {0};
  hd_options o = {0};
  hd_pipeline *p = hd_pipeline_new(&o, &err);
  if (!p) { /* no model: the rules-only pipeline still exercises everything else */
    o.no_ner = 1;
    p = hd_pipeline_new(&o, &err);
  }
  CHECK(p != NULL);
  if (!p) return check_done();
  job jobs[THREADS], seq;
  memset(jobs, 0, sizeof jobs);
  memset(&seq, 0, sizeof seq);
  pthread_t t[THREADS];
  for (int k = 0; k < THREADS; k++) {
    jobs[k].p = p;
    CHECK(pthread_create(&t[k], NULL, thread_main, &jobs[k]) == 0);
  }
  for (int k = 0; k < THREADS; k++) pthread_join(t[k], NULL);
  seq.p = p;
  run(&seq);
  CHECK(seq.stop == 6); /* "the" and "said" are stop words, "ferry" is not */
  for (size_t i = 0; i < N_TEXTS; i++) {
    CHECK(seq.json[i] != NULL);
    CHECK(seq.sig[i].n_shingles > 0);
  }
  for (int k = 0; k < THREADS; k++) {
    CHECK(jobs[k].stop == seq.stop);
    for (size_t i = 0; i < N_TEXTS; i++) {
      CHECK(jobs[k].json[i] && seq.json[i] && !strcmp(jobs[k].json[i], seq.json[i]));
      CHECK(!memcmp(&jobs[k].sig[i], &seq.sig[i], sizeof seq.sig[i]));
      free(jobs[k].json[i]);
    }
  }
  for (size_t i = 0; i < N_TEXTS; i++) free(seq.json[i]);
  hd_pipeline_free(p);
  return check_done();
}
