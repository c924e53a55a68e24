/* senda — the partner directory: organizations and their programs, with
 * entry requirements. */
#ifndef SENDA_PARTNER_H
#define SENDA_PARTNER_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/record.h"
#include "senda/uuid.h"

/* Kinds (codes stored; labels are N_() strings). */
extern const char *const partner_kinds[];   /* community, college, job_center, employer, other */
extern const char *const program_kinds[];   /* esl, ged, vocational, workshop, job_center, other */
const char *partner_kind_label(const char *code);
const char *program_kind_label(const char *code);
/* The code for what someone typed: a code ("job_center"), or an English or
 * Spanish name ("Job center", "centro de empleo"), any case and accents;
 * NULL when it is none of them. */
const char *partner_kind_from_text(const char *text);
const char *program_kind_from_text(const char *text);

/* The organization's fields, one descriptor each (senda/field.h), in column
 * order: its form, the options of partners add and the partners CSV's
 * columns (the fields with CSV headers) are made from it. */
extern const field_desc partner_fields[];
extern const size_t partner_nfields;
extern const struct field_choice partner_kind_choices[];
/* The program's fields, in column order: model, form, programs add and the
 * CSV's program columns, after the organization's. */
extern const field_desc program_fields[];
extern const size_t program_nfields;
extern const struct field_choice program_kind_choices[];
/* Organizations and programs as kinds of record (senda/record.h). */
extern const record_kind partner_kind;
extern const record_kind program_kind;

/* Longest text a field takes, in characters. */
#define PARTNER_NAME_MAX 120
#define PARTNER_TEXT_MAX 200
#define PARTNER_NOTES_MAX 1000
/* Highest cost senda takes: $1,000,000. */
#define PROGRAM_COST_MAX INT64_C(100000000)

typedef struct partner {
	char id[UUID_LEN];
	char *name;          /* required, <= 120 characters */
	char *kind;
	char *contact_name;
	char *phone;
	char *email;
	char *address;
	char *city;
	char *notes;
} partner;

typedef struct program {
	char id[UUID_LEN];
	char partner_id[UUID_LEN];
	char *name;          /* required */
	char *kind;
	int min_esl_level;   /* 1..6, or 0 for none */
	int needs_diploma;   /* 1: a high-school diploma or equivalent; 0 no */
	char *documents;     /* what to bring */
	char *schedule;
	int64_t cost_cents;  /* -1 unknown, 0 free */
	char *contact_name;  /* whom to ask for */
	char *credential;    /* e.g. Nurse Aide I */
	/* Filled by program_get/program_list from the partner, for display. */
	char *partner_name;
	char *address;
	char *city;
	char *phone;
} program;

void partner_init(partner *p);
void partner_free(partner *p);
void program_init(program *p);
void program_free(program *p);

/* Normalise (NFC, trimmed; empty kind -> "other", a kind's name -> its
 * code) and validate every field; err->field names the first problem. Does
 * not look at the database. */
senda_err partner_validate(partner *p, senda_error *err);
senda_err program_validate(program *p, senda_error *err);

/* A cost as typed: "150", "150.00", "$1,500", "150,50" -> cents; "free",
 * "gratis", "0" -> 0; "" -> -1 (unknown); -2 when it is not an amount. */
int64_t program_parse_cost(const char *text);

/* Validate (NFC, lengths, phone, e-mail, kind) then insert (id "") or
 * update (id set); the change log is written in the same transaction.
 * Names are unique, ignoring case and accents: partners among partners,
 * programs within their partner (SENDA_E_EXISTS). */
senda_err partner_save(senda_db *db, partner *p, senda_error *err);
senda_err program_save(senda_db *db, program *p, senda_error *err);

/* A change made in a form (record_update, senda/record.h): base is the record
 * as the form loaded it, p what the user wants. Fields the user left alone
 * keep what is stored now; a field another writer changed meanwhile to
 * something else than the user's returns SENDA_E_CONFLICT, nothing written,
 * and *conflict (when not NULL) names the columns and holds the stored
 * record (free with *_conflict_free). Then *_rebase makes p the values to
 * save against conflict->current: fields the user had not changed, and the
 * columns in theirs, take the stored values. */
typedef struct partner_conflict {
	int n;
	const char *cols[8];
	partner current;
} partner_conflict;
typedef struct program_conflict {
	int n;
	const char *cols[10];   /* name, kind, ..., min_esl_level, needs_diploma, cost_cents */
	program current;
} program_conflict;
senda_err partner_update(senda_db *db, const partner *base, partner *p,
			 partner_conflict *conflict, senda_error *err);
senda_err program_update(senda_db *db, const program *base, program *p,
			 program_conflict *conflict, senda_error *err);
void partner_rebase(partner *p, const partner *base, const partner *current,
		    const char *const *theirs, int ntheirs);
void program_rebase(program *p, const program *base, const program *current,
		    const char *const *theirs, int ntheirs);
void partner_conflict_free(partner_conflict *c);
void program_conflict_free(program_conflict *c);

/* Get by id or unique id prefix (>= 4 characters). */
senda_err partner_get(senda_db *db, const char *id, partner *out, senda_error *err);
senda_err program_get(senda_db *db, const char *id, program *out, senda_error *err);
/* A partner by its exact name (case- and accent-insensitive), or NOTFOUND. */
senda_err partner_find(senda_db *db, const char *name, partner *out, senda_error *err);
/* A partner's program by its name (case- and accent-insensitive), or NOTFOUND. */
senda_err program_find(senda_db *db, const char *partner_id, const char *name, program *out,
		       senda_error *err);

/* For work over many rows (an import): every live partner's and program's
 * name, looked up through an index (a temporary table of the connection,
 * whatever the number of names) instead of a scan per row. Load it inside
 * the transaction that writes; the _in functions below keep it up to date
 * (a rename keeps the old name in it too: rename with partner_save). */
typedef struct partner_index partner_index;
senda_err partner_index_load(senda_db *db, partner_index **out, senda_error *err);
void partner_index_free(partner_index *ix);
/* The same as partner_find, program_find, partner_save, program_save; ix
 * NULL = without an index. */
senda_err partner_find_in(senda_db *db, partner_index *ix, const char *name, partner *out,
			  senda_error *err);
senda_err program_find_in(senda_db *db, partner_index *ix, const char *partner_id,
			  const char *name, program *out, senda_error *err);
senda_err partner_save_in(senda_db *db, partner_index *ix, partner *p, senda_error *err);
senda_err program_save_in(senda_db *db, partner_index *ix, program *p, senda_error *err);
/* What the work did to a partner or program so far, by id, kept beside the
 * index (on disk, not in memory): a word of up to 7 letters of the
 * caller's ("new", "changed"...), "" for nothing yet. */
senda_err partner_index_state(partner_index *ix, const char *id, char state[8],
			      senda_error *err);
senda_err partner_index_set_state(partner_index *ix, const char *id, const char *state,
				  senda_error *err);

typedef int (*partner_fn)(const partner *p, void *ctx);
typedef int (*program_fn)(const program *p, void *ctx);
senda_err partner_list(senda_db *db, partner_fn fn, void *ctx, senda_error *err);
/* partner_id NULL = every program; ordered by partner name, program name. */
senda_err program_list(senda_db *db, const char *partner_id, program_fn fn, void *ctx,
		       senda_error *err);

/* CSV: one row per program, partner columns repeated (see doc/partners-csv.md).
 * Import converts the encoding (UTF-8, or Windows-1252 detected or named),
 * validates every row, and writes all rows or none. */
typedef struct partner_import_report {
	int rows;               /* data rows read */
	int partners_added;
	int programs_added;
	int programs_updated;
	char encoding[32];      /* what the file was read as */
	int bad_row;            /* first bad row (1 = first data row), 0 if none */
	int partners_updated;   /* partners that existed and changed */
	int programs_unchanged; /* programs that matched and needed no change */
	char message[1024];     /* on failure: the whole translated message */
} partner_import_report;

/* path "-" reads standard input. */
senda_err partners_import_csv(senda_db *db, const char *path, const char *encoding,
			      partner_import_report *rep, senda_error *err);
/* encoding NULL or "" = UTF-8 (with a byte-order mark, for spreadsheets);
 * "NAME//TRANSLIT" transliterates. Written through outfile: never onto the
 * database or a link, never over a file unless flags has OUTFILE_FORCE;
 * "-" is standard output. */
senda_err partners_export_csv(senda_db *db, const char *path, const char *encoding,
			      int flags, int *rows, senda_error *err);

typedef struct partner_export_report {
	int rows;               /* data rows written */
	size_t chars_changed;   /* characters transliterated or refused */
	int rows_changed;       /* rows with at least one of them */
	int first_row;          /* the first such row (1 = first data row) */
	char message[512];      /* on failure: the whole translated message */
} partner_export_report;

/* The same with transliteration as a flag and a report of what changed.
 * Without translit, characters the encoding lacks make it refuse, saying
 * how many there are, in how many rows, and the first. */
senda_err partners_export_csv_translit(senda_db *db, const char *path, const char *encoding,
				       bool translit, int flags, partner_export_report *rep,
				       senda_error *err);

#endif
