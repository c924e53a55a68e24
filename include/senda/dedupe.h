/* senda — the same person met twice: duplicate matching tuned to Latino
 * names (compound given names, nicknames, two surnames in any arrangement,
 * accents, day-first dates, +52 phones). The score is pure; candidates at
 * intake and the scan of the whole file use blocking, never n^2. No curses. */
#ifndef SENDA_DEDUPE_H
#define SENDA_DEDUPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/participant.h"
#include "senda/uuid.h"

typedef struct dedupe_match {
	char id[UUID_LEN];      /* the existing participant */
	int score;              /* 0..100; >= DEDUPE_THRESHOLD is a possible duplicate */
	char *evidence;         /* what matched, in the user's language, one line ("given name
	                           María = Maria; surnames Núñez Peña ~ Nunez; birth date day and
	                           month swapped") — xmalloc'd */
} dedupe_match;
#define DEDUPE_THRESHOLD 60 /* your review threshold */

/* What the score knows of the file: how common each folded name word is
 * (rare names weigh more) and the nickname groups (schema 008). Opaque. */
struct dedupe_weights;

/* Possible duplicates of p (not yet saved, or saved: p->id set is excluded), best first, at most
 * max, each with score >= DEDUPE_THRESHOLD. Under 100 ms at 500,000 people. */
senda_err dedupe_candidates(senda_db *db, const participant *p, size_t max,
			    dedupe_match **out, size_t *n, senda_error *err);
void dedupe_matches_free(dedupe_match *m, size_t n);
/* The score of two people (pure: no database; term weights from the file passed as w, or NULL
 * for defaults), with the evidence. */
int dedupe_score(const participant *a, const participant *b, const struct dedupe_weights *w,
		 char **evidence);

/* ---- additions ------------------------------------------------------------ */

/* The weights of the whole file: the nickname table and the count of every
 * folded name word among the live people (one pass over them). With NULL
 * weights dedupe_score uses the same nicknames as schema 008 seeds, and
 * gives every name the same, middling, weight. */
senda_err dedupe_weights_load(senda_db *db, struct dedupe_weights **out, senda_error *err);
void dedupe_weights_free(struct dedupe_weights *w);

/* Nicknames, kept as data (table nickname, schema 008): every name is
 * stored folded (no accents, no case) with the formal name of its group
 * ("pepe" -> "jose", "jose" -> "jose"). Two given names match as nicknames
 * when they share a group. */
typedef int (*dedupe_nickname_fn)(const char *name, const char *formal, void *ctx);
/* Every pair, by formal name then name. */
senda_err dedupe_nicknames(senda_db *db, dedupe_nickname_fn fn, void *ctx, senda_error *err);
/* Add name to the group of formal (made if new; both folded).
 * SENDA_E_EXISTS when the pair is there already. */
senda_err dedupe_nickname_add(senda_db *db, const char *formal, const char *name,
			      senda_error *err);
/* Remove name from the group of formal, or (formal NULL) from every group;
 * SENDA_E_NOTFOUND when it was in none. *removed: how many pairs went. */
senda_err dedupe_nickname_remove(senda_db *db, const char *name, const char *formal,
				 int *removed, senda_error *err);

/* One possible duplicate pair of the whole file (a_id < b_id). */
typedef struct dedupe_pair {
	char a[UUID_LEN], b[UUID_LEN];
	int score;
	char *evidence;         /* as in dedupe_match, a's words first */
} dedupe_pair;
void dedupe_pairs_free(dedupe_pair *p, size_t n);
typedef struct dedupe_scan_stats {
	int64_t people;         /* live people read */
	int64_t compared;       /* pairs scored (after blocking) */
	int64_t found;          /* pairs at or above the threshold */
	int64_t skipped;        /* people of blocks too large to compare (DEDUPE_BLOCK_MAX) */
} dedupe_scan_stats;
/* A block (people sharing a key) larger than this is not compared: a key
 * that many people share tells nothing. */
#define DEDUPE_BLOCK_MAX 2000
/* Every pair of live people at or above the threshold, by score (best
 * first) then ids, in *out (free it with dedupe_pairs_free). Blocking: only people who
 * share a phone, a birth date (or its day and month swapped), or a surname
 * with a given name (or nickname) and part of the birth date are compared.
 * stats may be NULL. */
senda_err dedupe_scan(senda_db *db, dedupe_pair **out, size_t *n, dedupe_scan_stats *stats,
		      senda_error *err);

/* ---- decisions (they travel in exchange bundles) ----------------------- */

/* "Same person": other is linked to keep (to the record keep is linked to,
 * if any), and so is whoever was linked to other. Both records and their
 * histories stay; a count of people counts them once. The link is a field
 * of the exchange (participant.linked_to), logged like an edit. Ids or
 * unique prefixes. A "different people" mark of the pair is taken back. */
senda_err dedupe_link(senda_db *db, const char *keep, const char *other, senda_error *err);
/* Take the link of id back; when id is the record others are linked to,
 * theirs. *unlinked (may be NULL): how many records came apart. */
senda_err dedupe_unlink(senda_db *db, const char *id, int *unlinked, senda_error *err);
/* "Different people": remembered in dedupe_distinct, exchanged, so that
 * the pair is never proposed again at any site. SENDA_E_EXISTS when it is
 * marked so already. */
senda_err dedupe_mark_different(senda_db *db, const char *a, const char *b, senda_error *err);
/* Take a "different people" mark of a and b back (a new edit, it travels):
 * the pair may be proposed again. SENDA_E_NOTFOUND when it is not marked. */
senda_err dedupe_forget_different(senda_db *db, const char *a, const char *b,
				  senda_error *err);
/* The other records of the person id (an id or a unique prefix): the one
 * she is linked to and every other record linked to it, oldest first, each
 * with the name of the site that made it ("" when unknown); fn returns
 * non-zero to stop. */
typedef int (*dedupe_linked_fn)(const char *id, const char *site, void *ctx);
senda_err dedupe_linked(senda_db *db, const char *id, dedupe_linked_fn fn, void *ctx,
			senda_error *err);
/* The id of the pair's row in dedupe_distinct: the same at every site,
 * whatever the order of a and b. */
void dedupe_pair_id(const char *a, const char *b, char out[UUID_LEN]);

#endif
