/* senda — a kind of record that a user edits (participant, organization,
 * program, screening, referral, placement): its field table and the model's
 * functions for it, so that one form screen, one command-line parser, CSV
 * and merge serve every kind. Every record struct begins with its id
 * (char id[UUID_LEN]). No curses here. */
#ifndef SENDA_RECORD_H
#define SENDA_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"

/* The most fields a record has (record_conflict holds them all). */
#define RECORD_MAX_FIELDS 32

typedef struct record_kind {
	const char *table;               /* the SQL table, e.g. "partner" */
	const field_desc *fields;        /* the field table */
	size_t nfields;
	size_t size;                     /* sizeof the record's struct */
	void (*init)(void *rec);         /* empty, every field not given */
	void (*release)(void *rec);      /* free what the record owns */
	void (*copy)(void *dst, const void *src);   /* dst initialised or released */
	/* Normalise and check every field (field_check, then the record's own
	 * rules); err->key names the field. */
	senda_err (*validate)(void *rec, senda_error *err);
	senda_err (*get)(senda_db *db, const char *id, void *out, senda_error *err);
	/* A new record (id filled in); NULL when the kind is never changed
	 * after it is made. */
	senda_err (*create)(senda_db *db, void *rec, senda_error *err);
	/* Write rec over the stored record of its id, with the change log,
	 * inside the caller's transaction; NULL when the kind is not edited. */
	senda_err (*write)(senda_db *db, void *rec, senda_error *err);
} record_kind;

/* A record of kind k with nothing in it: every byte 0, then every field
 * not given (what k->init starts with). */
void record_blank(const record_kind *k, void *rec);

/* What a save found when another writer had changed, since the form was
 * loaded, fields the user changed too. */
typedef struct record_conflict {
	int n;
	const char *cols[RECORD_MAX_FIELDS];   /* field keys */
	void *current;                         /* the stored record now (owned) */
} record_conflict;

/* Save the user's changes: base is the record as the form loaded it, rec
 * what the user wants. Fields the user left alone keep what is stored now;
 * a field another writer changed meanwhile to something else than the
 * user's returns SENDA_E_CONFLICT with nothing written, and *conflict (when
 * not NULL) names the fields and holds the stored record. */
SENDA_MUST_USE senda_err record_update(senda_db *db, const record_kind *k, const void *base,
				       void *rec, record_conflict *conflict, senda_error *err);
/* After a conflict: rec becomes the values to save against current: fields
 * the user had not changed, and the fields in theirs, take current's. */
void record_rebase(const record_kind *k, void *rec, const void *base, const void *current,
		   const char *const *theirs, int ntheirs);
void record_conflict_free(const record_kind *k, record_conflict *c);

#endif
