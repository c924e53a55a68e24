/* senda — what dedupe.c (the score, the weights, the nicknames) and
 * dedupe_scan.c (candidates at intake, the scan of the file) share. */
#ifndef SENDA_MODEL_DEDUPE_INTERNAL_H
#define SENDA_MODEL_DEDUPE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/dedupe.h"

#define DD_TOK 6        /* name words kept of each kind */
#define DD_NOENT UINT32_MAX

/* A person as the score sees it: folded name words, the particles (de, del,
 * la, y...) left out, given names (and the preferred name) first, then the
 * surnames, each NUL-terminated, back to back from tok; the birth date as
 * yyyymmdd (0: none); the last ten digits of each phone (0: none). */
typedef struct dd_rec {
	const char *tok;
	uint16_t off[2 * DD_TOK + 1];   /* where each word starts in tok, and the end */
	const uint32_t *ent;        /* in a scan: each word's entry in the weights, or NULL */
	uint8_t ng, ns, n1;     /* given words, surname words, of them from the first surname */
	int32_t date;
	uint64_t ph[2];
} dd_rec;

/* s's words, folded, one space between, into out (cap bytes). */
void dd_fold_words(const char *s, char *out, size_t cap);

/* Words of the fields into buf (cap bytes), r->tok = buf; the bytes used. */
size_t dd_prep(const char *given, const char *preferred, const char *s1, const char *s2,
	       const char *birth, const char *phone, const char *phone_alt, char *buf,
	       size_t cap, dd_rec *r);
#define DD_BUF 1024

/* The last ten digits of a phone (+1, +52, +521 and punctuation gone), 0 when
 * it has fewer than seven digits. */
uint64_t dd_phone(const char *s);

/* One letter off (substituted, added, dropped, two swapped), words of four
 * letters or more. */
bool dd_typo(const char *a, const char *b);

/* The score of two prepared people; with evidence (a, b: their fields, for
 * the words shown) when ev is not NULL. */
int dd_score(const dd_rec *x, const dd_rec *y, const struct dedupe_weights *w,
	     const participant *a, const participant *b, char **ev);

/* The weights: a map from a folded word to its count and its nickname
 * groups. */
typedef struct dd_entry {
	char *key;
	int64_t count;
	char *groups;           /* formal names, space-separated, or NULL */
	double rare;            /* in a scan: rarity of the word, worked out once; else < 0 */
} dd_entry;
struct dedupe_weights {
	dd_entry *e;
	size_t cap, used;
	int64_t people;         /* 0: counts unknown (a middling weight for all) */
};
struct dedupe_weights *dd_weights_new(void);
dd_entry *dd_find(const struct dedupe_weights *w, const char *key);
dd_entry *dd_put(struct dedupe_weights *w, const char *key);
/* Nicknames from the table into w. */
senda_err dd_load_nicknames(senda_db *db, struct dedupe_weights *w, senda_error *err);
/* The nickname groups of the defaults (NULL weights). */
const struct dedupe_weights *dd_defaults(void);

#endif
