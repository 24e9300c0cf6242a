/*
 * name_gender.h: the first-name gender table (models/genders-en.txt),
 * learned from unlabelled text by `herald train genders` (train_genders.c):
 * for each first name with enough evidence and a clear majority, how often
 * he/his/him and she/her/hers referred back to a "Firstname Lastname" in
 * the training text. Names are stored as XXH3-64 hashes of their
 * lower-case form, never in the clear. The attribution stage uses it as
 * gender evidence for a person the article itself gives none
 * (attrib.c learn_genders), so "she" never goes to a person whose first
 * name is strongly male, nor "he" to a strongly female one.
 *
 * The table is read once per process (pthread_once) from
 * hd_model_path("genders-en.txt"); a missing file is an empty table.
 * Lookups are a binary search, O(log n), thread-safe (read-only).
 * The attribution trainer learns without it (hd_name_gender_disable).
 */
#ifndef HD_NAME_GENDER_H
#define HD_NAME_GENDER_H
#include <stddef.h>
#include <stdint.h>

#define HD_GENDERS_MAGIC "herald-genders 1"

/* The hash a name is stored under: XXH3-64 of its ASCII lower-case form;
 * 0 when the name is longer than 31 bytes. */
uint64_t hd_name_gender_key(const char *name, size_t n);

/* The learned gender of first name name[0, n): +1 male, -1 female, 0 not
 * in the table (too little evidence, no clear majority, or no model). */
int hd_name_gender(const char *name, size_t n);

/* Turns the table off for the rest of the process: `herald train quotes`
 * calls it first, so the attribution model (its speaker ranker, its
 * confidence) is learned without it and does not depend on this file. */
void hd_name_gender_disable(void);

#endif
