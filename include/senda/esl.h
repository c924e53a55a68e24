/* senda — ESL levels: cut-score tables (data with a version and an
 * effective date), score lookup, screenings. */
#ifndef SENDA_ESL_H
#define SENDA_ESL_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/record.h"
#include "senda/uuid.h"

/* Instruments senda knows. "oral" has no scores: the screener picks. */
extern const char *const esl_instruments[];
const char *esl_instrument_label(const char *code);   /* N_() or NULL */
bool esl_instrument_known(const char *code);
/* The instruments as a field's choices (senda/field.h). */
extern const struct field_choice esl_instrument_choices[];

/* Level names and descriptors in the given language ("en"/"es") into *out,
 * malloc'd; no such level is SENDA_E_NOTFOUND, a file that cannot be read
 * its own error. */
SENDA_MUST_USE senda_err esl_level_name(senda_db *db, int level, const char *lang,
					char **out, senda_error *err);
SENDA_MUST_USE senda_err esl_level_descriptor(senda_db *db, int level, const char *lang,
					      char **out, senda_error *err);

enum esl_outcome {
	ESL_LEVEL,          /* the score falls in a level's range */
	ESL_EXITED,         /* above the top of level 6: has exited ESL */
	ESL_ABOVE_KNOWN,    /* above the table's last confirmed range (e.g.
	                       TABE CLAS-E level 6 is not confirmed) */
	ESL_BELOW           /* below the table's lowest score */
};

typedef struct esl_result {
	enum esl_outcome outcome;
	int level;                  /* 1..6 for ESL_LEVEL and ESL_EXITED (6) */
	char table_id[UUID_LEN];
	char version[64];
	int top_score;              /* highest score of the table's top band */
} esl_result;

/* Score -> level with the instrument's table in effect on `on` (the newest
 * not retired table whose effective date is not after it). */
senda_err esl_lookup(senda_db *db, const char *instrument, int score, sdate on,
		     esl_result *out, senda_error *err);

/* The highest score an instrument's scale can give (-1: none, e.g. oral);
 * a higher one is a typing mistake and refused. */
int esl_score_max(const char *instrument);

/* Parse a typed score: digits only, 0..9999. -1 when it is not one. */
int esl_parse_score(const char *s);

/* ---- tables (for viewing, import and export) ---- */

typedef struct esl_band {
	int level;
	int min, max;               /* -1 = open */
} esl_band;

typedef struct esl_table {
	char id[UUID_LEN];
	char instrument[32];
	char version[64];
	char effective_date[11];
	char source[256];
	bool verified;
	bool retired;
	int nbands;
	esl_band bands[6];
} esl_table;

typedef int (*esl_table_fn)(const esl_table *t, void *ctx);
senda_err esl_tables(senda_db *db, bool include_retired, esl_table_fn fn, void *ctx,
		     senda_error *err);

/* Add a new table version. Bands must be levels in increasing order, with
 * increasing, non-overlapping, contiguous ranges. */
senda_err esl_table_add(senda_db *db, esl_table *t, senda_error *err);
/* The checks of esl_table_add that need no database. */
senda_err esl_table_check(const esl_table *t, senda_error *err);
/* Retire (or bring back) a table by id or instrument+version. */
senda_err esl_table_retire(senda_db *db, const char *id, bool retired, senda_error *err);

/* CSV of the tables, one row per level: instrument, version, effective_date,
 * source, verified, retired, level, min_score, max_score (empty = open).
 * Export writes every table (retired ones too) as UTF-8, mode 0600, through
 * outfile (flags: OUTFILE_FORCE to replace a file; "-" is standard output).
 * Import adds the tables the file has that this file lacks (same instrument
 * and version are skipped and counted); every table is checked first, and
 * all are added or none. "-" reads standard input. */
senda_err esl_tables_export_csv(senda_db *db, const char *path, int flags, int *rows,
				senda_error *err);
senda_err esl_tables_import_csv(senda_db *db, const char *path, int *added, int *skipped,
				senda_error *err);

/* ---- screenings ---- */

/* Text fields are never NULL after screening_init or a read. */
typedef struct screening {
	char id[UUID_LEN];
	char participant_id[UUID_LEN];
	char *instrument;           /* one of esl_instruments */
	char table_id[UUID_LEN];    /* "" for oral */
	char version[64];
	int score;                  /* -1 for oral */
	int level;                  /* 1..6 (-1 = not given) */
	bool exited;
	char screened_on[11];
	char *screener;             /* a user's name: 80 characters; "" = the user's */
} screening;

/* The fields a person gives (senda/field.h): instrument, date, score,
 * level, screener. The table, its version and "exited" come from the
 * lookup. */
extern const field_desc screening_fields[];
extern const size_t screening_nfields;
/* The screening as a kind of record (senda/record.h): made, never edited. */
extern const record_kind screening_kind;

void screening_init(screening *s);
void screening_free(screening *s);

/* Screen a participant: for scored instruments the level comes from the
 * table; for "oral" s->level is the screener's choice. Fills id, level,
 * table. Refuses dates before birth or in the future, scores out of range. */
senda_err screening_create(senda_db *db, screening *s, senda_error *err);

typedef int (*screening_fn)(const screening *s, void *ctx);
/* Oldest first. */
senda_err screening_list(senda_db *db, const char *participant_id, screening_fn fn,
			 void *ctx, senda_error *err);
/* The level of the newest screening into *level, 0 when never screened;
 * a file that cannot be read is an error, never "never screened". */
SENDA_MUST_USE senda_err screening_current_level(senda_db *db, const char *participant_id,
						 int *level, senda_error *err);

#endif
