/* senda — participants: the people the program serves. Create, update, get,
 * list, search, history. Every change writes the change log in the same
 * transaction. No curses here. */
#ifndef SENDA_PARTICIPANT_H
#define SENDA_PARTICIPANT_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/date.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/record.h"
#include "senda/uuid.h"

/* Longest text a field takes, in characters. */
#define PARTICIPANT_NAME_MAX 80
#define PARTICIPANT_TEXT_MAX 200
#define PARTICIPANT_NOTES_MAX 2000

/* Unknown numbers and yes/no answers are -1. Text fields are never NULL
 * after participant_init or a successful get ("" when empty). */
typedef struct participant {
	char id[UUID_LEN];
	char site_id[UUID_LEN];
	char *created_at;
	char *updated_at;
	char *updated_by;
	int deleted;

	char *given_names;      /* required */
	char *first_surname;    /* required */
	char *second_surname;
	char *preferred_name;
	char birth_date[11];    /* YYYY-MM-DD or "" */
	char *phone;
	char *phone_alt;
	char *email;
	char *language;         /* participant's language: "es", "en", or another code */
	char *best_time;
	char *country;
	int years_in_us;
	char *schooling;        /* one of participant_schooling_codes, or "" */
	int employed;
	int64_t wage_cents;     /* hourly wage at intake */
	char *work_interests;
	char *heard_from;
	int consent_contact;    /* 0 or 1 */
	int consent_share;      /* 0 or 1 */
	char consent_date[11];
	char *notes;            /* free text, at most PARTICIPANT_NOTES_MAX characters */
} participant;

void participant_init(participant *p);
void participant_free(participant *p);
/* Replace one text field's value with a copy of v (NULL = ""). */
void participant_set(char **field, const char *v);

/* The participant's fields, one descriptor each (senda/field.h), in column
 * order: the model validates, reads and writes by it, and the form, the
 * command line's options and their --help are made from it. */
extern const field_desc participant_fields[];
extern const size_t participant_nfields;
/* The participant as a kind of record (senda/record.h). */
extern const record_kind participant_kind;
/* The choices of the language and schooling fields. */
extern const struct field_choice participant_languages[];
extern const struct field_choice participant_schooling[];

/* Schooling codes and their labels (N_() strings: translate when shown). */
extern const char *const participant_schooling_codes[];
const char *participant_schooling_label(const char *code);

/* Normalise (NFC, trimmed) and validate every field against today.
 * Returns SENDA_OK or the first problem, with err->field naming it. */
senda_err participant_validate(participant *p, sdate today, senda_error *err);

/* Validate a phone number: digits with optional + ( ) - . and spaces,
 * 7 to 15 digits. */
bool participant_phone_ok(const char *phone);

/* Create: validates, assigns id (unless set), clocks, writes the change log.
 * p->created_at "" means now; an earlier "YYYY-MM-DDTHH:MM:SSZ" keeps the
 * date of an intake made before (demo data, a spreadsheet brought in). */
senda_err participant_create(senda_db *db, participant *p, senda_error *err);

/* The number of fields a participant has (the model's field table). */
#define PARTICIPANT_NFIELDS 21

/* What a save found when another writer had changed, since the form was
 * loaded, a field the user changed too: the stored record now and the
 * columns where the stored value, the loaded one and the user's all differ. */
typedef struct participant_conflict {
	int n;
	const char *cols[PARTICIPANT_NFIELDS];  /* column keys, e.g. "phone" */
	participant current;                    /* the stored record now */
} participant_conflict;

void participant_conflict_free(participant_conflict *c);

/* Save the user's changes: base is the record as it was loaded (what the
 * user saw), p the values wanted. Only fields where p differs from base are
 * written; a field that nobody else changed meanwhile takes p's value, one
 * that another writer changed to the same value is left, and one that
 * another writer changed to something else is a conflict: nothing is
 * written, SENDA_E_CONFLICT is returned and *conflict (when not NULL) says
 * which fields and holds the stored record (free it with
 * participant_conflict_free). Logs each changed field. Giving consent (a
 * consent field turned to yes) dates it today unless the date was changed
 * too. On success p holds the whole record as stored. */
senda_err participant_update(senda_db *db, const participant *base, participant *p,
			     participant_conflict *conflict, senda_error *err);

/* After a conflict: make p the values to save against c->current as the
 * new base. Fields the user had not changed (p equals base) take the stored
 * value; so do the conflicting fields named in theirs[0..ntheirs). */
void participant_rebase(participant *p, const participant *base,
			const participant *current, const char *const *theirs, int ntheirs);

/* A column's value as stored text ("" when empty): dates ISO, money in
 * cents, yes/no 1 or 0. NULL for an unknown column. Free it. */
char *participant_value(const participant *p, const char *column);

/* A deep copy of src into dst (which holds nothing). */
void participant_copy(participant *dst, const participant *src);

/* Get by id or by a unique id prefix of at least 4 characters. out is
 * initialised here (pass one that holds nothing); on an error it is left
 * untouched. */
senda_err participant_get(senda_db *db, const char *id, participant *out,
			  senda_error *err);

/* A callback gets each row; return non-zero to stop early. */
typedef int (*participant_fn)(const participant *p, void *ctx);

/* Live (not deleted) participants ordered by surname, given names. */
senda_err participant_list(senda_db *db, int64_t offset, int limit,
			   participant_fn fn, void *ctx, senda_error *err);
/* Where a page of the list starts. */
enum participant_page_from {
	PAGE_FIRST,   /* the first rows */
	PAGE_LAST,    /* the last rows */
	PAGE_AFTER,   /* the rows after the participant id */
	PAGE_AT,      /* the participant id (if live) and the rows after */
	PAGE_BEFORE,  /* the rows just before the participant id */
};
/* A page of the same list by key: up to limit rows, handed over in list
 * order whatever the direction, at a cost that does not grow with where
 * the page is (unlike an offset). id is a whole id, of a live participant
 * or not; one that names nobody is SENDA_E_NOTFOUND. */
senda_err participant_page(senda_db *db, enum participant_page_from from, const char *id,
			   int limit, participant_fn fn, void *ctx, senda_error *err);
/* Where a row stands in the list: its sort key and its id. A page of the
 * command line ends with one (in its "Next page" token), so that the next
 * page starts there even when that person was renamed or deleted since. */
typedef struct participant_pos {
	char *sort_key;          /* NULL: nothing yet */
	char id[UUID_LEN];
} participant_pos;
void participant_pos_free(participant_pos *pos);
/* The stored position of the participant id (a whole id, live or not);
 * an id of nobody is SENDA_E_NOTFOUND. */
senda_err participant_pos_of(senda_db *db, const char *id, participant_pos *pos,
			     senda_error *err);
/* Up to limit rows of the list (limit 0: all) after the position after
 * (NULL: from the first), in list order, by the list's index whether or
 * not anyone stands there now. While fn runs, *cur (when not NULL) is the
 * position of the row it was given. */
senda_err participant_page_pos(senda_db *db, const participant_pos *after, int limit,
			       participant_pos *cur, participant_fn fn, void *ctx,
			       senda_error *err);
/* How many live participants; a file that cannot be read is an error,
 * never 0. */
SENDA_MUST_USE senda_err participant_count(senda_db *db, int64_t *out, senda_error *err);

/* Search names, accent-, case- and order-insensitive; every word of text must
 * match the start of a word of the name. Gives the first `limit` matches in
 * name order (the list's: surnames, then given names), the alphabetical
 * first of all matches, at a cost that does not grow with the file. */
senda_err participant_search(senda_db *db, const char *text, int limit,
			     participant_fn fn, void *ctx, senda_error *err);

/* Where a page of search hits ended (sort_key NULL: before the first). */
typedef struct participant_mark {
	char *sort_key;
	int64_t row;
} participant_mark;
void participant_mark_free(participant_mark *m);

/* The next `limit` matches after *after (NULL or an empty mark: from the
 * first), in name order; *after then marks the last one given. */
senda_err participant_search_page(senda_db *db, const char *text, participant_mark *after,
				  int limit, participant_fn fn, void *ctx, senda_error *err);

/* How many people text matches, reading no more than
 * PARTICIPANT_COUNT_ROWS rows of the index, so that a common name costs no
 * more than a rare one: *exact then says whether *out is the count, or only
 * how many matched among the rows read (there are at least that many). */
#define PARTICIPANT_COUNT_ROWS 500
senda_err participant_search_count(senda_db *db, const char *text, int64_t *out,
				   bool *exact, senda_error *err);

/* participant_search, then participant_search_count's figure for the same
 * text in the same pass (*count includes the people given): the count goes
 * on from the last person given, so that the rows shown are not read
 * twice, and stops where participant_search_count would (the same figure,
 * read once). Past the people given, one more match is looked for whatever
 * it costs, so that *count > limit says for sure that more match. What
 * `senda search` shows. */
senda_err participant_search_counted(senda_db *db, const char *text, int limit,
				     participant_fn fn, void *ctx, int64_t *count, bool *exact,
				     senda_error *err);

/* The rows of the name search index that searches, pages and counts read
 * since the last call (a seek counts as one): the work they did, the same
 * on every run and every machine, for tests to compare. */
int64_t participant_search_reads(void);

/* Bulk loads (demo data): create without touching the name search index,
 * then build the index for everyone once (participant_index_build), which
 * writes it in order instead of all over the file a row at a time. Until
 * then the people created so are not found by a search. */
senda_err participant_create_unindexed(senda_db *db, participant *p, senda_error *err);
senda_err participant_index_build(senda_db *db, senda_error *err);

/* Whether the name search index holds exactly what the model writes for
 * the live people as they are stored (compared as a sum of its rows, each
 * row as a 64-bit number: a difference is missed only by a chance of one
 * in 2^64). held: the index's rows; wanted: the rows the names give;
 * differ: true when the index is wrong (some search then misses someone,
 * or finds someone it should not). participant_index_build rebuilds it.
 * Reads only; about as long as reading the index and folding every name. */
typedef struct {
	int64_t held, wanted;
	bool differ;
} participant_index_state;
senda_err participant_index_check(senda_db *db, participant_index_state *st,
				  senda_error *err);

/* For a writer outside the model (a merge) that changes a stored person's
 * names or tombstone with its own SQL: call _before while the stored names
 * are still the old ones, and _after once they are written (also after a
 * new row): the list's sort key and the name search index follow. */
senda_err participant_names_before(senda_db *db, const char *id, senda_error *err);
senda_err participant_names_after(senda_db *db, const char *id, senda_error *err);
/* The same for many people at once (a merge of thousands): _touch instead
 * of _after for each (created: a row new in this transaction, never
 * indexed), then _flush once, in the same transaction, sets the sort keys
 * and the search index of all of them in one statement each. */
senda_err participant_names_touch(senda_db *db, const char *id, bool created,
				  senda_error *err);
senda_err participant_names_flush(senda_db *db, senda_error *err);
/* _touch for every person created whose id the query ids_sql gives (SQL
 * of the caller's, one column; never data), in one statement. */
senda_err participant_names_touch_created(senda_db *db, const char *ids_sql,
					  senda_error *err);

/* One change in a person's history: of the record itself (tbl
 * "participant") or of a screening, referral or job of theirs. field "" =
 * created. d1..d3 describe the screening (instrument, score, level), the
 * referral (code, program) or the job (employer, hourly wage in cents). */
typedef struct participant_change {
	const char *tbl;
	const char *clock;      /* HLC */
	const char *at;         /* UTC timestamp */
	const char *field;
	const char *old_value;
	const char *new_value;
	const char *user_name;  /* who, or "" */
	const char *site_id;
	const char *d1, *d2, *d3;
} participant_change;
typedef int (*participant_change_fn)(const participant_change *c, void *ctx);
/* Everything that happened to a person, newest first (src/model/history.c). */
senda_err participant_history(senda_db *db, const char *id,
			      participant_change_fn fn, void *ctx, senda_error *err);
/* A sentence for a change of a screening, referral or job, in the current
 * language ("Referral R-7KQ2MX: contacted → enrolled"), into buf; NULL for a
 * change of the participant's own fields (the caller shows field and values). */
char *participant_change_text(const participant_change *c, char *buf, size_t n);

/* The display label (N_() string) of a column name, for history lines. */
const char *participant_field_label(const char *column);

/* "Núñez Peña, María José" into buf (inert: no control characters). */
char *participant_display_name(const participant *p, char *buf, size_t n);
/* The same, newly allocated: never cut (for slips and other output). */
char *participant_name_new(const participant *p);

#endif
