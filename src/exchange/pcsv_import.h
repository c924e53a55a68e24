/* senda — what the participant import's files share (src/exchange only):
 * participant_import.c reads the header and writes the rows,
 * participant_rows.c checks the rows between. */
#ifndef SENDA_EXCHANGE_PCSV_IMPORT_H
#define SENDA_EXCHANGE_PCSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/csv.h"
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/participant.h"
#include "senda/pcsv.h"
#include "senda/strmap.h"

struct column {
	const field_desc *f;    /* the field it fills, or NULL */
	bool note;              /* a notes column: its cells go into the notes */
	bool kept;              /* a column without a field: kept in the notes as
				   "Column: value" */
	bool created;           /* the intake's date */
};

struct import {
	senda_db *db;
	const pcsv_import_opts *o;
	pcsv_import_report *rep;
	senda_error *err;
	char *text;
	size_t len;
	csv_record head;
	struct column *col;     /* one a header cell */
	const field_desc *notes; /* the participant's notes field */
	size_t ncol;
	enum pcsv_dates dates;
	sdate today;
	strmap *seen;           /* this file's people: key -> row number */
	strmap *near;           /* "d:date", "p:phone", "y:surname year" -> "good,row;..." */
	participant *good;      /* the rows to add */
	size_t ngood, capgood;
	csv_buf rejects;
	int64_t last_saved;     /* the newest person's rowid when the rows were checked */
	bool exact;             /* the last possible duplicate has the same names and
	                           birth date (never added, even with --add-anyway) */
};

/* The error's sentence as the report's message (participant_import.c). */
senda_err err_fail(struct import *im);
/* The reader past blank rows and the header: 1 at the first data row
 * (participant_import.c). */
int start(struct import *im, csv_reader *rd);
/* Second pass: every row checked; the good ones kept in im->good
 * (participant_rows.c). */
senda_err check_rows(struct import *im);

#endif
