/* senda — a participant spreadsheet brought in: headers in English or
 * Spanish in any order (the field tables' own CSV names and the common
 * spellings of spreadsheets), the encoding and separator detected, dates
 * read in the file's own order (asked when every one of them reads two
 * ways), each row checked as an intake (participant_validate) and against
 * the file and the database for a possible duplicate; then every good row
 * added in one transaction, or none. Refused rows and possible duplicates
 * go to a reject file with the reason. See doc/csv.md. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/stmt.h"
#include "senda/clock.h"
#include "senda/conv.h"
#include "senda/dedupe.h"
#include "senda/csv.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/pcsv.h"
#include "senda/strmap.h"
#include "senda/text.h"
#include "senda/perm.h"
#include "exchange/pcsv_internal.h"
#include "exchange/pcsv_import.h"

/* What a spreadsheet's file may hold: more is not a list of people. */
#define CELL_MAX (64 * 1024)
#define COLS_MAX 100


/* ---- the import -------------------------------------------------------- */

static senda_err
file_fail(struct import *im, senda_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static senda_err
file_fail(struct import *im, senda_err code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(im->rep->message, sizeof im->rep->message, fmt, ap);
	va_end(ap);
	senda_fail(im->err, code, NULL, "%s", im->rep->message);
	return code;
}

/* The error's sentence as the report's message. */
senda_err
err_fail(struct import *im)
{
	if (im->err->detail[0] && !im->err->field)
		snprintf(im->rep->message, sizeof im->rep->message, "%s", im->err->detail);
	else
		senda_error_text(im->err, im->rep->message, sizeof im->rep->message);
	return im->err->code ? im->err->code : SENDA_E_IO;
}

static void
add_mapping(pcsv_import_report *rep, const char *header, const char *what)
{
	rep->mapping = xrealloc(rep->mapping, (rep->nmapping + 1) * sizeof *rep->mapping);
	char *h = text_inert(header);
	/* L10N: a column of an imported file and the field it fills, e.g.
	   "“Apellido Paterno” → First surname" */
	rep->mapping[rep->nmapping++] = xasprintf(_("“%s” → %s"), h ? h : "", what);
	free(h);
}

/* --map COLUMN=FIELD for this header, or NULL: FIELD as a key, a CSV name,
 * "note" or "ignore". *bad: the target named no field. */
static const char *
mapped(const pcsv_import_opts *o, const char *header_folded, const char **bad)
{
	for (size_t i = 0; i < o->nmap; i++) {
		const char *eq = strrchr(o->map[i], '=');
		if (!eq)
			continue;
		char *col = xstrndup(o->map[i], (size_t)(eq - o->map[i]));
		char *ck = pcsv_header_key(col);
		free(col);
		bool match = ck && strcmp(ck, header_folded) == 0;
		free(ck);
		if (!match)
			continue;
		char *tk = pcsv_header_key(eq + 1);
		const char *r = NULL;
		if (tk && strcmp(tk, IGNORE_KEY) == 0)
			r = IGNORE_KEY;
		else if (tk && *tk)
			r = pcsv_field_of_key(tk);
		free(tk);
		if (!r)
			*bad = eq + 1;
		return r;
	}
	return NULL;
}

static senda_err
read_header(struct import *im)
{
	const csv_record *h = &im->head;
	pcsv_import_report *rep = im->rep;
	if (h->n > COLS_MAX)
		return file_fail(im, SENDA_E_FORMAT,
				 /* L10N: %zu are numbers of columns */
				 _("the first row has %zu columns; a participant spreadsheet has at "
				   "most %d. Is this the right file, and its separator “,” or “;”?"),
				 h->n, COLS_MAX);
	/* A --map whose column the file does not have (a typo: "Estado
	 * migratorio" for "Estatus migratorio") would leave that column
	 * kept in the notes without a word: refused, with the columns. */
	for (size_t m = 0; m < im->o->nmap; m++) {
		const char *eq = strrchr(im->o->map[m], '=');
		if (!eq)
			continue;
		char *col = xstrndup(im->o->map[m], (size_t)(eq - im->o->map[m]));
		char *ck = pcsv_header_key(col);
		bool found = false;
		for (size_t i = 0; i < h->n && ck && !found; i++) {
			char *k = pcsv_header_key(h->field[i]);
			found = k && strcmp(k, ck) == 0;
			free(k);
		}
		free(ck);
		if (found) {
			free(col);
			continue;
		}
		char *list = xstrdup("");
		for (size_t i = 0; i < h->n; i++) {
			char *more = xasprintf("%s%s“%s”", list, i ? ", " : "", h->field[i]);
			free(list);
			list = more;
		}
		char *c = text_inert(col), *l = text_inert(list);
		/* L10N: %s is the column --map named, then the file's columns */
		senda_err e = file_fail(im, SENDA_E_CHOICE,
					_("--map names the column “%s”, which this file does not have; "
					  "its columns are %s"), c ? c : "", l ? l : "");
		free(c);
		free(l);
		free(list);
		free(col);
		return e;
	}
	im->col = xmalloc((h->n ? h->n : 1) * sizeof *im->col);
	im->ncol = h->n;
	for (size_t i = 0; i < h->n; i++) {
		im->col[i] = (struct column){ NULL, false, false, false };
		if (strlen(h->field[i]) > 200)
			return file_fail(im, SENDA_E_FORMAT, "%s",
					 _("the first row holds a cell of more than 200 characters; it "
					   "must name the columns (Nombre, Apellido Paterno, Teléfono...)"));
		char *k = pcsv_header_key(h->field[i]);
		if (!k)
			return file_fail(im, SENDA_E_UTF8, "%s", _("the first row is not valid text"));
		if (!*k) {
			free(k);
			continue;           /* a column without a name: not imported */
		}
		const char *bad = NULL;
		const char *key = mapped(im->o, k, &bad);
		if (bad) {
			free(k);
			char *b = text_inert(bad);
			/* L10N: %s is what --map named after "=" */
			senda_err e = file_fail(im, SENDA_E_CHOICE,
					 _("--map names “%s”, which is no participant field; say a "
					   "field's name (see doc/csv.md) or “ignore”"), b ? b : "");
			free(b);
			return e;
		}
		if (!key)
			key = pcsv_field_of_key(k);
		free(k);
		/* "reason"/"motivo" is a reject file's own column only as its last
		 * one (where senda writes it); anywhere else it is the sheet's own
		 * ("Motivo": why she came), kept in the notes. */
		if (key && strcmp(key, REASON_KEY) == 0 && i + 1 != h->n)
			key = NULL;
		if (!key) {
			im->col[i].kept = true;
			char *shown = text_inert(h->field[i]);
			/* L10N: what the import does with a column it has no field for:
			   %s is the column's name */
			char *what = xasprintf(_("kept in the notes, as “%s: …”"), shown ? shown : "");
			add_mapping(rep, h->field[i], what);
			free(what);
			free(shown);
			continue;
		}
		if (strcmp(key, IGNORE_KEY) == 0) {
			add_mapping(rep, h->field[i], _("not imported (--map)"));
			continue;
		}
		if (strcmp(key, ID_KEY) == 0) {
			add_mapping(rep, h->field[i], _("not imported: each person gets a new id"));
			continue;
		}
		if (strcmp(key, REASON_KEY) == 0) {
			/* L10N: what the import does with the reason column of a reject file
			   imported again once its rows are mended */
			add_mapping(rep, h->field[i], _("not imported: why a reject file's row was refused"));
			continue;
		}
		if (strcmp(key, CREATED_KEY) == 0) {
			for (size_t j = 0; j < i; j++)
				if (im->col[j].created) {
					char *a = text_inert(h->field[j]), *b = text_inert(h->field[i]);
					senda_err e = file_fail(im, SENDA_E_EXISTS,
						_("the columns “%s” and “%s” both name %s; keep one, or say "
						  "which with --map “COLUMN=ignore”"), a ? a : "", b ? b : "",
						_("Intake date"));
					free(a);
					free(b);
					return e;
				}
			im->col[i].created = true;
			add_mapping(rep, h->field[i], _("Intake date"));
			continue;
		}
		if (strcmp(key, NOTE_KEY) == 0 || strcmp(key, "notes") == 0) {
			/* Notas, Comentarios...: each such column goes into the notes */
			im->col[i].note = true;
			add_mapping(rep, h->field[i], _(im->notes->label));
			continue;
		}
		const field_desc *f = field_find(participant_fields, participant_nfields, key);
		for (size_t j = 0; j < i; j++)
			if (im->col[j].f == f && pcsv_same_header(h->field[i], h->field[j])) {
				char *a = text_inert(h->field[i]);
				senda_err e = file_fail(im, SENDA_E_EXISTS,
					/* L10N: %s is a column name of a CSV file */
					_("the column “%s” appears twice in the first row"), a ? a : "");
				free(a);
				return e;
			} else if (im->col[j].f == f) {
				char *a = text_inert(h->field[j]), *b = text_inert(h->field[i]);
				senda_err e = file_fail(im, SENDA_E_EXISTS,
					/* L10N: two column names of a file, then a field's label */
					_("the columns “%s” and “%s” both name %s; keep one, or say which "
					  "with --map “COLUMN=ignore”"), a ? a : "", b ? b : "", _(f->label));
				free(a);
				free(b);
				return e;
			}
		im->col[i].f = f;
		add_mapping(rep, h->field[i], _(f->label));
	}
	/* The names are required in every row: a file without their columns is
	 * the wrong file (or a wrong separator), not a file of bad rows. */
	static const char *const required[] = { "given_names", "first_surname" };
	for (size_t r = 0; r < 2; r++) {
		const field_desc *f = field_find(participant_fields, participant_nfields,
						 required[r]);
		bool have = false;
		for (size_t i = 0; i < im->ncol; i++)
			have |= im->col[i].f == f;
		if (!have)
			return file_fail(im, SENDA_E_REQUIRED,
					 /* L10N: %s is a field's label, e.g. "Given names" */
					 _("the file has no column for %s (such as “Nombre” and “Apellido "
					   "Paterno”, or “First Name” and “Last Name”)"), _(f->label));
	}
	return SENDA_OK;
}

/* The reader past blank rows and the header: 1 at the first data row. */
int
start(struct import *im, csv_reader *rd)
{
	csv_reader_init(rd, im->text, im->len, 0);
	int k;
	while ((k = csv_read(rd, &im->head, im->err)) == 1 && csv_record_blank(&im->head))
		;
	return k;
}

/* A cell too big for any field: the file is not what it seems. */
static senda_err
check_cells(struct import *im, const csv_record *rec, int row)
{
	for (size_t i = 0; i < rec->n; i++)
		if (strlen(rec->field[i]) > CELL_MAX)
			return file_fail(im, SENDA_E_FORMAT,
				/* L10N: a row number, a line of the file, a size in KiB */
				_("row %d (line %d of the file) holds a cell of more than %d KiB: this "
				  "is not a participant spreadsheet, or a quote \" is missing before it"),
				row, rec->line, CELL_MAX / 1024);
	return SENDA_OK;
}

/* First pass: the whole file read as CSV (so that a file cut short or
 * with a runaway cell is refused before anything else), and the order of
 * its dates found. */
static senda_err
survey(struct import *im)
{
	csv_reader rd;
	int k = start(im, &rd);
	if (k < 0)
		return err_fail(im);
	if (k == 0)
		return file_fail(im, SENDA_E_REQUIRED, "%s",
				 _("the file is empty; its first row must name the columns (Nombre, "
				   "Apellido Paterno, Teléfono... or First Name, Last Name, Phone...)"));
	im->rep->sep = rd.sep;
	senda_err e = check_cells(im, &im->head, 0);
	if (e == SENDA_OK)
		e = read_header(im);
	if (e != SENDA_OK)
		return e;
	csv_record rec;
	csv_record_init(&rec);
	int rows = 0, mdy = 0, dmy = 0, amb = 0, mdy_row = 0, dmy_row = 0;
	char example[64] = "";
	while ((k = csv_read(&rd, &rec, im->err)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		rows++;
		if ((e = check_cells(im, &rec, rows)) != SENDA_OK)
			break;
		for (size_t i = 0; i < rec.n && i < im->ncol; i++) {
			const field_desc *f = im->col[i].f;
			if (!((f && f->kind == FK_DATE) || im->col[i].created) || !rec.field[i][0])
				continue;
			char *cell = text_clean(rec.field[i]);
			if (!cell)
				continue;
			sdate m, d;
			bool mo = date_parse(cell, DATE_MDY, &m) == DATE_OK;
			bool dm = date_parse(cell, DATE_DMY, &d) == DATE_OK;
			if (mo && dm && date_cmp(m, d) != 0) {
				if (!amb++)
					snprintf(example, sizeof example, "%s", cell);
			} else if (mo && !dm) {
				if (!mdy++)
					mdy_row = rows;
			} else if (dm && !mo) {
				if (!dmy++)
					dmy_row = rows;
			}
			free(cell);
		}
	}
	csv_record_free(&rec);
	if (k < 0)
		return err_fail(im);
	if (e != SENDA_OK)
		return e;
	if (rows == 0)
		return file_fail(im, SENDA_E_REQUIRED, "%s",
				 _("the file has its header row and no participants under it"));
	im->rep->rows = rows;
	im->dates = im->o->dates;
	if (im->dates != PCSV_DATES_UNKNOWN)
		;
	else if (mdy && dmy)
		return file_fail(im, SENDA_E_DATE,
				 /* L10N: two row numbers of a file */
				 _("the file's dates are in both orders: row %d has a date that can only "
				   "be month first, row %d one that can only be day first. Correct them, "
				   "or say the order with --date-order dmy or mdy"), mdy_row, dmy_row);
	else if (mdy)
		im->dates = PCSV_DATES_MDY;
	else if (dmy)
		im->dates = PCSV_DATES_DMY;
	else if (amb) {
		sdate m, d;
		char wm[48], wd[48];
		date_parse(example, DATE_MDY, &m);
		date_parse(example, DATE_DMY, &d);
		snprintf(im->rep->ask_dates, sizeof im->rep->ask_dates, "%s", example);
		im->rep->ask_mdy = m;
		im->rep->ask_dmy = d;
		const char *lang = i18n_lang();
		date_words(m, lang, wm, sizeof wm);
		date_words(d, lang, wd, sizeof wd);
		/* L10N: a date as the file has it, then its two readings in words */
		return file_fail(im, SENDA_E_DATE,
				 _("the file's dates can be read two ways: “%s” is %s month first, or "
				   "%s day first. Say which with --date-order mdy or --date-order dmy"),
				 example, wm, wd);
	}
	im->rep->dates = im->dates;
	return SENDA_OK;
}

/* From this many new people on, when they are at least a quarter of those
 * saved, the import is a bulk load: a rollback journal instead of the log
 * (each new page written once), and the name search index built once at
 * the end, in order, instead of a row at a time all over the file. */
#define BULK_FROM 2000

/* Every good row, in one transaction: all or none. */
static senda_err
write_rows(struct import *im)
{
	int64_t saved = 0;
	senda_err e = participant_count(im->db, &saved, im->err);
	if (e != SENDA_OK)
		return err_fail(im);
	bool bulk = im->ngood >= BULK_FROM && (int64_t)im->ngood * 4 >= saved;
	if (bulk && (e = db_bulk_load(im->db, true, im->err)) != SENDA_OK)
		return err_fail(im);
	if ((e = db_begin(im->db, im->err)) != SENDA_OK) {
		if (bulk) {
			senda_err again = db_bulk_load(im->db, false, NULL);
			(void)again;   /* the first error is the one told */
		}
		return err_fail(im);
	}
	/* The rows were checked against the people saved then, without a
	 * lock: someone saved since (another senda) may be one of them. */
	int64_t last = 0;
	if ((e = db_int(im->db, &last, im->err, "SELECT coalesce(max(rowid), 0) FROM participant",
			"")) == SENDA_OK && last != im->last_saved) {
		/* L10N: import-csv: another user added people between the check
		 * of the rows and their writing */
		e = senda_fail(im->err, SENDA_E_CONFLICT, NULL, "%s",
			       _("someone saved participants in this file while its rows were "
				 "checked, and one of them may be a row of the file: run the import "
				 "again (it checks against them)"));
	}
	for (size_t i = 0; i < im->ngood && e == SENDA_OK; i++) {
		e = bulk ? participant_create_unindexed(im->db, &im->good[i], im->err)
			: participant_create(im->db, &im->good[i], im->err);
		if (im->o->progress && (i + 1) % 1000 == 0)
			im->o->progress(im->o->ctx, (int64_t)(i + 1), (int64_t)im->ngood);
	}
	if (e == SENDA_OK && bulk)
		e = participant_index_build(im->db, im->err);
	if (e == SENDA_OK)
		e = db_commit(im->db, im->err);
	else
		db_rollback(im->db);
	if (bulk) {
		senda_err off = db_bulk_load(im->db, false, e == SENDA_OK ? im->err : NULL);
		if (e == SENDA_OK)
			e = off;
	}
	if (e != SENDA_OK)
		return err_fail(im);
	return SENDA_OK;
}

static senda_err
write_rejects(struct import *im)
{
	csv_buf out = { 0 };
	csv_buf_add(&out, "\xEF\xBB\xBF", 3);   /* so spreadsheets read UTF-8 */
	for (size_t i = 0; i < im->head.n; i++)
		csv_put_field(&out, im->head.field[i], im->rep->sep, i == 0);
	/* L10N: the header of the column of a reject file that says why a row
	   was not imported */
	csv_put_field(&out, _("reason"), im->rep->sep, im->head.n == 0);
	csv_buf_add(&out, "\r\n", 2);
	if (im->rejects.len)
		csv_buf_add(&out, im->rejects.s, im->rejects.len);
	senda_err e = outfile_write(im->o->rejects, out.s, out.len, db_file(im->db),
				    im->o->rejects_flags, im->err);
	csv_buf_free(&out);
	return e == SENDA_OK ? e : err_fail(im);
}

void
pcsv_import_report_free(pcsv_import_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->nmapping; i++)
		free(rep->mapping[i]);
	free(rep->mapping);
	for (size_t i = 0; i < rep->nnotes; i++)
		free(rep->notes[i].reason);
	free(rep->notes);
	rep->mapping = NULL;
	rep->notes = NULL;
	rep->nmapping = rep->nnotes = 0;
}

senda_err
pcsv_import(senda_db *db, const pcsv_import_opts *o, pcsv_import_report *rep,
	    senda_error *err)
{
	senda_error lerr = { 0 };
	if (!err)
		err = &lerr;
	memset(rep, 0, sizeof *rep);
	/* After the report is made empty: a refusal is told in it too (it was
	 * printed, and freed, unset). */
	if (perm_require(db, PERM_IMPORT, err) != SENDA_OK) {
		senda_error_text(err, rep->message, sizeof rep->message);
		return err->code;
	}
	struct import im = { .db = db, .o = o, .rep = rep, .err = err,
			     .notes = field_find(participant_fields, participant_nfields, "notes") };
	csv_record_init(&im.head);
	senda_err e = SENDA_OK;
	if (!db_site_id(db)[0]) {
		senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
		return err_fail(&im);
	}
	/* The reject file is checked first: it is written after the rows. */
	if (o->rejects &&
	    outfile_check(o->rejects, db_file(db), o->rejects_flags, err) != SENDA_OK)
		return err_fail(&im);
	struct stat in, out;
	if (o->rejects && strcmp(o->path, "-") != 0 && stat(o->path, &in) == 0 &&
	    stat(o->rejects, &out) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
		/* --force replaces a file, never the spreadsheet being read */
		senda_fail(err, SENDA_E_IO, NULL,
			   /* L10N: %s is the file named by --rejects */
			   _("the reject file %s is the spreadsheet being imported: name another file"),
			   o->rejects);
		return err_fail(&im);
	}
	if ((e = csv_load_file(o->path, &im.text, &im.len, err)) != SENDA_OK)
		return err_fail(&im);
	if (im.len == 0)
		e = file_fail(&im, SENDA_E_REQUIRED, "%s",
			      _("the file is empty; its first row must name the columns (Nombre, "
				"Apellido Paterno, Teléfono... or First Name, Last Name, Phone...)"));
	else if ((e = conv_decode_buffer(&im.text, &im.len, o->encoding, rep->encoding, err)) !=
		 SENDA_OK)
		err_fail(&im);
	im.today = clock_today();
	im.seen = strmap_new();
	im.near = strmap_new();
	if (e == SENDA_OK)
		e = survey(&im);
	if (e == SENDA_OK && (e = db_int(db, &im.last_saved, err, "SELECT coalesce(max(rowid), 0)"
					 " FROM participant", "")) != SENDA_OK)
		err_fail(&im);
	if (e == SENDA_OK)
		e = check_rows(&im);
	if (e == SENDA_OK && o->progress)
		o->progress(o->ctx, rep->rows, rep->rows);
	if (e == SENDA_OK && !o->dry_run && im.ngood)
		e = write_rows(&im);
	if (e == SENDA_OK)
		rep->added = (int64_t)im.ngood;
	if (e == SENDA_OK && o->rejects)
		e = write_rejects(&im);
	for (size_t i = 0; i < im.ngood; i++)
		participant_free(&im.good[i]);
	free(im.good);
	strmap_free(im.seen);
	strmap_free(im.near);
	csv_buf_free(&im.rejects);
	csv_record_free(&im.head);
	free(im.col);
	free(im.text);
	return e;
}
