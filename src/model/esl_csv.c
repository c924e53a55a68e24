/* senda — ESL cut-score tables in and out of CSV, so that a coordinator can
 * keep them in a spreadsheet and share a new version between sites. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/conv.h"
#include "senda/csv.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/text.h"
#include "senda/perm.h"
#include "db/stmt.h"

static const char *const header[] = {
	"instrument", "version", "effective_date", "source", "verified", "retired",
	"level", "min_score", "max_score"
};
#define NCOLS (sizeof header / sizeof header[0])

struct export_ctx {
	csv_buf out;
	int rows;
};

static int
export_table(const esl_table *t, void *ctx)
{
	struct export_ctx *x = ctx;
	for (int i = 0; i < t->nbands; i++) {
		char level[8], min[16] = "", max[16] = "";
		snprintf(level, sizeof level, "%d", t->bands[i].level);
		if (t->bands[i].min >= 0)
			snprintf(min, sizeof min, "%d", t->bands[i].min);
		if (t->bands[i].max >= 0)
			snprintf(max, sizeof max, "%d", t->bands[i].max);
		const char *f[NCOLS] = {
			t->instrument, t->version, t->effective_date, t->source,
			t->verified ? "yes" : "no", t->retired ? "yes" : "no", level, min, max
		};
		csv_put_record(&x->out, f, NCOLS, ',');
		x->rows++;
	}
	return 0;
}

senda_err
esl_tables_export_csv(senda_db *db, const char *path, int flags, int *rows, senda_error *err)
{
	struct export_ctx x = { { NULL, 0, 0 }, 0 };
	if (rows)
		*rows = 0;
	senda_err e = outfile_check(path, db_file(db), flags, err);
	if (e != SENDA_OK)
		return e;
	csv_put_record(&x.out, header, NCOLS, ',');
	e = esl_tables(db, true, export_table, &x, err);
	if (e == SENDA_OK)
		e = outfile_write(path, x.out.s, x.out.len, db_file(db), flags, err);
	if (rows)
		*rows = x.rows;
	csv_buf_free(&x.out);
	return e;
}

/* A whole number field, or -1 for empty; -2 when it is not a number. */
static int
number(const char *s)
{
	if (!*s)
		return -1;
	int v = esl_parse_score(s);
	return v < 0 ? -2 : v;
}

static int
yes(const char *s)
{
	return strcmp(s, "yes") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0;
}

senda_err
esl_tables_import_csv(senda_db *db, const char *path, int *added, int *skipped,
		      senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	char *raw = NULL, *buf = NULL, used[32];
	size_t len = 0, blen = 0;
	*added = *skipped = 0;
	senda_err e = csv_load_file(path, &raw, &len, err);
	if (e != SENDA_OK)
		return e;
	e = conv_decode(raw, len, NULL, &buf, &blen, used, err);
	free(raw);
	if (e != SENDA_OK)
		return e;
	csv_reader r;
	csv_record rec;
	csv_reader_init(&r, buf, blen, 0);
	csv_record_init(&rec);
	int col[NCOLS];
	esl_table *tables = NULL;
	int ntables = 0, *first_line = NULL;
	if (csv_read(&r, &rec, err) != 1) {
		e = err && err->code ? err->code : senda_fail(err, SENDA_E_REQUIRED, N_("Header"), NULL);
		goto out;
	}
	for (size_t c = 0; c < NCOLS; c++) {
		col[c] = -1;
		for (size_t i = 0; i < rec.n; i++) {
			if (strcmp(rec.field[i], header[c]) != 0)
				continue;
			if (col[c] >= 0) {
				e = senda_fail(err, SENDA_E_FORMAT, NULL,
					       /* L10N: %s is a column name of a CSV file */
					       _("the column “%s” appears twice in the first row"),
					       header[c]);
				goto out;
			}
			col[c] = (int)i;
		}
		if (col[c] < 0) {
			e = senda_fail(err, SENDA_E_REQUIRED, N_("Header"),
				       /* L10N: %s is a column name of a CSV file */
				       _("the column '%s' is missing"), header[c]);
			goto out;
		}
	}
	/* A column senda does not know is refused, as partners import does:
	 * its data would be dropped without a word. Empty headers are ignored. */
	for (size_t i = 0; i < rec.n; i++) {
		bool known = !rec.field[i][0];
		for (size_t c = 0; c < NCOLS && !known; c++)
			known = strcmp(rec.field[i], header[c]) == 0;
		if (!known) {
			char *shown = text_inert(rec.field[i]);
			e = senda_fail(err, SENDA_E_FORMAT, NULL,
				       /* L10N: %s is a column name of a CSV file of ESL tables; the
					  column names stay in English */
				       _("the column “%s” is not one senda knows; the columns are "
					 "instrument, version, effective_date, source, verified, retired, "
					 "level, min_score, max_score"), shown ? shown : "");
			free(shown);
			goto out;
		}
	}
	size_t ncols = rec.n;
	int got;
	while ((got = csv_read(&r, &rec, err)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		size_t used_cells = csv_record_used(&rec);
		if (used_cells > ncols) {
			e = senda_fail(err, SENDA_E_FORMAT, NULL,
				       /* L10N: a CSV file: its line, the cells of that row, the
					  columns the first row names */
				       _("line %d: this row has %zu cells, but the first row has "
					 "%zu columns"), rec.line, used_cells, ncols);
			goto out;
		}
		const char *v[NCOLS];
		for (size_t c = 0; c < NCOLS; c++) {
			v[c] = (size_t)col[c] < rec.n ? rec.field[col[c]] : "";
			if ((size_t)col[c] < rec.n)
				csv_undo_defuse(rec.field[col[c]]);
		}
		/* The text columns go into fixed fields: refuse, never cut. */
		static const struct { int c; const char *label; size_t max; } limits[] = {
			{ 0, N_("Instrument"), sizeof ((esl_table *)0)->instrument - 1 },
			{ 1, N_("Version"), sizeof ((esl_table *)0)->version - 1 },
			{ 2, N_("Effective date"), sizeof ((esl_table *)0)->effective_date - 1 },
			{ 3, N_("Source"), sizeof ((esl_table *)0)->source - 1 },
		};
		for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
			size_t n = strlen(v[limits[i].c]);
			if (n > limits[i].max) {
				e = senda_fail(err, SENDA_E_TOOLONG, limits[i].label,
					       /* L10N: a CSV file: its line, the length of the text in
						  the file, the longest the field takes (both in bytes:
						  an accented letter takes two) */
					       _("line %d: it has %zu characters where at most %zu fit; "
						 "accented letters count as two"), rec.line, n, limits[i].max);
				goto out;
			}
		}
		esl_table *t = NULL;
		int first = 0;
		for (int i = 0; i < ntables; i++)
			if (strcmp(tables[i].instrument, v[0]) == 0 && strcmp(tables[i].version, v[1]) == 0) {
				t = &tables[i];
				first = first_line[i];
			}
		/* The table's columns repeat on each of its rows: they must agree,
		 * or one of them would be dropped without a word. */
		if (t && (strcmp(t->effective_date, v[2]) != 0 || strcmp(t->source, v[3]) != 0 ||
			  t->verified != yes(v[4]) || t->retired != yes(v[5]))) {
			char *ins = text_inert(v[0]), *ver = text_inert(v[1]);
			e = senda_fail(err, SENDA_E_FORMAT, NULL,
				       /* L10N: a CSV file of ESL tables: a line, the table's test and
					  version, the line of its first row. Column names stay in English */
				       _("line %d: %s %s has another effective_date, source, verified or "
					 "retired than on line %d; every row of a table must give the same"),
				       rec.line, ins ? ins : "", ver ? ver : "", first);
			free(ins);
			free(ver);
			goto out;
		}
		if (!t) {
			tables = xrealloc(tables, (size_t)(ntables + 1) * sizeof *tables);
			first_line = xrealloc(first_line, (size_t)(ntables + 1) * sizeof *first_line);
			first_line[ntables] = rec.line;
			t = &tables[ntables++];
			memset(t, 0, sizeof *t);
			snprintf(t->instrument, sizeof t->instrument, "%s", v[0]);
			snprintf(t->version, sizeof t->version, "%s", v[1]);
			snprintf(t->effective_date, sizeof t->effective_date, "%s", v[2]);
			snprintf(t->source, sizeof t->source, "%s", v[3]);
			t->verified = yes(v[4]);
			t->retired = yes(v[5]);
		}
		int level = number(v[6]), min = number(v[7]), max = number(v[8]);
		if (t->nbands >= 6 || level < 1 || min == -2 || max == -2) {
			e = senda_fail(err, SENDA_E_RANGE, N_("Score"),
				       /* L10N: %d is a line of a CSV file */
				       _("line %d: check the level and its scores"), rec.line);
			goto out;
		}
		t->bands[t->nbands++] = (esl_band){ level, min, max };
	}
	if (got < 0) {
		e = err ? err->code : SENDA_E_IO;
		goto out;
	}
	/* Every table is checked before the write lock is taken; an error names
	 * the line of the table's first row. */
	for (int i = 0; i < ntables; i++) {
		if ((e = esl_table_check(&tables[i], err)) == SENDA_OK)
			continue;
		if (err) {
			char *detail = err->detail[0]
				/* L10N: a line of a CSV file, then what is wrong there */
				? xasprintf(_("line %d: %s"), first_line[i], err->detail)
				/* L10N: a line of a CSV file */
				: xasprintf(_("line %d"), first_line[i]);
			senda_fail(err, err->code, err->field, "%s", detail);
			free(detail);
		}
		goto out;
	}
	/* All tables or none. */
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	for (int i = 0; i < ntables && e == SENDA_OK; i++) {
		int64_t same = 0;
		if ((e = db_int(db, &same, err, "SELECT count(*) FROM esl_table"
				" WHERE instrument = ? AND version = ?",
				"tt", tables[i].instrument, tables[i].version)) != SENDA_OK)
			break;
		if (same > 0) {
			(*skipped)++;
			continue;
		}
		e = esl_table_add(db, &tables[i], err);
		if (e == SENDA_OK && tables[i].retired)
			e = esl_table_retire(db, tables[i].id, true, err);
		if (e == SENDA_OK)
			(*added)++;
	}
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else {
		db_rollback(db);
		*added = 0;
	}
out:
	csv_record_free(&rec);
	free(tables);
	free(first_line);
	free(buf);
	return e;
}
