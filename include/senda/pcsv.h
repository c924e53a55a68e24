/* senda — participants and their pathway as CSV for spreadsheets and
 * PostgreSQL (COPY ... CSV HEADER): export of participants, screenings,
 * referrals, placements or a flat report; import of a participant
 * spreadsheet. Headers, checks and how each value is written come from the
 * records' field tables (senda/field.h). The shapes are in doc/csv.md. No
 * curses. */
#ifndef SENDA_PCSV_H
#define SENDA_PCSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"

/* ---- export ------------------------------------------------------------ */

enum pcsv_table {
	PCSV_PARTICIPANTS,
	PCSV_REFERRALS,
	PCSV_PLACEMENTS,
	PCSV_SCREENINGS,
	PCSV_REPORT        /* one row a person: her pathway at a glance */
};

/* The table named (participants, referrals, placements, screenings,
 * report); false for another name. */
bool pcsv_table_named(const char *name, enum pcsv_table *t);

/* The headers of a table, in English (es: in Spanish), and the PostgreSQL
 * type of each column (for doc/csv.md and the tests): *n columns. The
 * arrays are static. */
void pcsv_columns(enum pcsv_table t, bool es, const char *const **names,
		  const char *const **pgtypes, size_t *n);

typedef struct pcsv_export_opts {
	enum pcsv_table table;
	const char *out;         /* the file; "-" standard output */
	int out_flags;           /* OUTFILE_FORCE */
	const char *encoding;    /* NULL, "" or UTF-8: UTF-8; else through iconv */
	bool excel;              /* UTF-8 with a byte-order mark, for Excel */
	bool translit;           /* characters the encoding lacks: nearest, else refuse */
	const char *to;          /* who the file is for, as senda export --to: a site
				    of this organization takes everyone; NULL (anyone)
				    or another leaves out people without consent */
} pcsv_export_opts;

typedef struct pcsv_export_report {
	int64_t rows;            /* data rows written */
	int64_t left_out;        /* people left out: no consent to share */
	int64_t rows_changed;    /* rows that lost characters (--translit) */
	size_t chars_changed;    /* characters the encoding lacks */
	int64_t first_row;       /* the first row with one (1 = under the header) */
	char first[8];           /* that character */
	char message[600];       /* on an error, what to tell the user */
} pcsv_export_report;

/* Write the table: headers in the interface language, RFC 4180 quoting
 * (CRLF), formula-looking cells defused (csv_put_field). Nothing is
 * written when a character cannot be carried without translit. */
SENDA_MUST_USE senda_err pcsv_export(senda_db *db, const pcsv_export_opts *o,
				     pcsv_export_report *rep, senda_error *err);

/* ---- import ------------------------------------------------------------ */

/* What a header names: a participant field's key ("given_names"), "note"
 * for another notes column (Comentarios, Observaciones: joined to the
 * notes), "id" or "created_at" for those of an export, or NULL.
 * English or Spanish, the files' own names (given_names, nombres) and the
 * common spellings of spreadsheets ("First Name", "Apellido Paterno",
 * "Fecha de Nacimiento", "DOB", "Teléfono"...); case, accents, spaces,
 * "_" and "-" do not matter. */
const char *pcsv_header_field(const char *header);

/* How the slashed dates of a file read: 0 = not known yet. */
enum pcsv_dates { PCSV_DATES_UNKNOWN = 0, PCSV_DATES_MDY, PCSV_DATES_DMY };

/* Parse a date cell in the file's order: ISO always; "3/4/1988" by order
 * (UNKNOWN: only when both readings are the same day or only one exists).
 * DATE_OK, else why not; *ambiguous set when the cell reads two ways. */
enum date_status pcsv_parse_date(const char *cell, enum pcsv_dates order, sdate *out,
				 bool *ambiguous);

typedef struct pcsv_import_opts {
	const char *path;        /* the file; "-" standard input */
	const char *encoding;    /* NULL: detect (UTF-8 with or without BOM, else
				    Windows-1252) */
	const char *const *map;  /* "COLUMN=field" (a field's key or CSV name, or "ignore") */
	size_t nmap;
	enum pcsv_dates dates;   /* UNKNOWN: from the file, asked when ambiguous */
	bool dry_run;            /* check everything, write nothing */
	const char *rejects;     /* NULL, or the file for the refused rows */
	int rejects_flags;       /* OUTFILE_FORCE */
	/* Rows (numbered as the dry run says them, 1 = the first under the
	 * header) to add even though they may be a person already known:
	 * twins, a father and a son of the same names and phone. A row refused
	 * for another reason stays refused. */
	const int *add_anyway;
	size_t nadd_anyway;
	/* Called now and then with the data rows read of the total (a terminal's
	 * progress line); may be NULL. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	void *ctx;
} pcsv_import_opts;

/* One row not imported: refused (reason) or a possible duplicate. */
typedef struct pcsv_row_note {
	int row;                 /* 1 = the first row under the header */
	int line;                /* the file's line where it starts */
	bool duplicate;          /* a possible duplicate rather than refused */
	char *reason;            /* in the user's language */
} pcsv_row_note;

typedef struct pcsv_import_report {
	char encoding[32];       /* what the file was read as */
	char sep;                /* ',' or ';' */
	int64_t rows;            /* data rows read */
	int64_t added;           /* new people (would be, on a dry run) */
	int64_t duplicates;      /* possible duplicates, not added */
	int64_t refused;         /* refused rows, not added */
	enum pcsv_dates dates;   /* the order used */
	char **mapping;          /* "Header → field label" a column, in the
				    user's language ("not imported" for ignored) */
	size_t nmapping;
	pcsv_row_note *notes;    /* every row not imported, in file order */
	size_t nnotes;
	/* Set when the import stopped because every slashed date reads two
	 * ways: a date of the file, to ask the order with (both readings). */
	char ask_dates[32];
	sdate ask_mdy, ask_dmy;
	char message[800];       /* on an error, what to tell the user */
} pcsv_import_report;

void pcsv_import_report_free(pcsv_import_report *rep);

/* Read, check, and (unless a dry run) add every good row that is no
 * possible duplicate, in one transaction: all or nothing. A file that is
 * not a readable CSV (binary, cut mid-quote, a cell over 64 KiB, more than
 * 100 columns, invalid UTF-8, empty, header only, a column named twice,
 * ambiguous dates without an order) adds
 * nothing and says why in rep->message. A column without a field is kept
 * in the notes ("Column: value") unless --map says otherwise. */
SENDA_MUST_USE senda_err pcsv_import(senda_db *db, const pcsv_import_opts *o,
				     pcsv_import_report *rep, senda_error *err);

#endif
