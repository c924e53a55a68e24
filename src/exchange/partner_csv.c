/* senda — the partner directory as CSV: one row per program, the partner's
 * columns repeated. Import reads UTF-8 or Windows-1252 (or a named
 * encoding), checks every row before it writes any, and writes all of them
 * in one transaction. Export writes UTF-8 or, through iconv, another
 * encoding. See doc/partners-csv.md. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "senda/conv.h"
#include "senda/csv.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/field.h"
#include "senda/partner.h"
#include "senda/text.h"
#include "senda/perm.h"

/* The file's columns: every field of the organization's table that has CSV
 * headers, then every such field of the program's, in table order. Column
 * names are data, not messages: both languages are always accepted,
 * whatever the interface language. A new field with csv_en and csv_es in
 * its table is a new column, with nothing to add here. */
struct column {
	const field_desc *f;
	bool program;           /* a program's field, else the organization's */
};

struct columns {
	struct column *c;
	size_t n;
	size_t partner_name;    /* the columns of the names that match rows to records */
	size_t program_name;
};

static void
columns_load(struct columns *cs)
{
	cs->c = xmalloc((partner_nfields + program_nfields) * sizeof *cs->c);
	cs->n = 0;
	const field_desc *pname = field_find(partner_fields, partner_nfields, "name");
	const field_desc *gname = field_find(program_fields, program_nfields, "name");
	for (int t = 0; t < 2; t++) {
		const field_desc *table = t ? program_fields : partner_fields;
		size_t n = t ? program_nfields : partner_nfields;
		for (size_t i = 0; i < n; i++) {
			if (!table[i].csv_en || !table[i].csv_es)
				continue;
			if (&table[i] == pname)
				cs->partner_name = cs->n;
			if (&table[i] == gname)
				cs->program_name = cs->n;
			cs->c[cs->n++] = (struct column){ &table[i], t == 1 };
		}
	}
}

static void
columns_free(struct columns *cs)
{
	free(cs->c);
	cs->c = NULL;
}

/* Column i's header in English (es: in Spanish). */
static const char *
column_name(const struct columns *cs, size_t i, bool es)
{
	return es ? cs->c[i].f->csv_es : cs->c[i].f->csv_en;
}

/* A header as typed -> its key: folded (case, accents), trimmed, spaces and
 * hyphens read as "_" ("Tipo de organización" stays unknown, "Tipo
 * organización" = tipo_organización). */
static char *
header_key(const char *s)
{
	char *f = text_fold(s);
	char *c = f ? text_clean(f) : NULL;
	free(f);
	for (char *p = c; p && *p; p++)
		if (*p == ' ' || *p == '-')
			*p = '_';
	return c;
}

static int
column_of(const struct columns *cs, const char *key)
{
	for (size_t i = 0; i < cs->n; i++) {
		char *en = header_key(column_name(cs, i, false));
		char *es = header_key(column_name(cs, i, true));
		bool match = (en && strcmp(key, en) == 0) || (es && strcmp(key, es) == 0);
		free(en);
		free(es);
		if (match)
			return (int)i;
	}
	return -1;
}

/* ---- import ------------------------------------------------------------ */

struct row {
	int number;             /* 1 = first data row */
	int line;               /* the file's line where it starts */
	char **cell;            /* one per column: what the row gives; NULL when empty or absent */
	size_t ncell;
	partner part;           /* validated, with defaults where nothing is given */
	program prog;
	bool has_program;
};

static void
row_free(struct row *r)
{
	for (size_t i = 0; i < r->ncell; i++)
		free(r->cell[i]);
	free(r->cell);
	partner_free(&r->part);
	program_free(&r->prog);
}

/* What a number column with labelled values takes, from its first value
 * to its last ("0 (none) to 6"), and what the cell had. A new string. */
static char *
int_range(const field_desc *f, const char *cell)
{
	const struct field_choice *first = &f->choices[0], *last = first;
	while (last[1].value)
		last++;
	char *from = strcmp(first->value, first->label) == 0 ? xstrdup(first->value)
		: xasprintf("%s (%s)", first->value, _(first->label));
	/* L10N: the values a number column of a CSV file takes, e.g. "0 (none)",
	   "6", and what a cell had instead */
	char *d = xasprintf(_("%s to %s, not “%s”"), from, last->value, cell);
	free(from);
	return d;
}

/* A cell into its record's field, as its type reads what people type
 * (field_parse), and when that fails, the problem with what the column
 * takes and what the cell had: a spreadsheet's cell is not on the screen. A
 * number column with labelled values (a level) takes a number outside them,
 * for the record's check to say its range. */
static senda_err
parse_cell(const struct column *c, void *rec, const char *cell, senda_error *err)
{
	const field_desc *f = c->f;
	senda_err e = field_parse(f, rec, cell, NULL);
	if (e == SENDA_OK)
		return e;
	size_t digits = strspn(cell, "0123456789");
	if (f->kind == FK_INT && f->choices && digits == strlen(cell) && digits <= 9) {
		field_store(f, rec, cell);
		return SENDA_OK;
	}
	if (f->kind == FK_INT && f->choices) {
		char *d = int_range(f, cell);
		e = field_fail(err, digits == strlen(cell) ? SENDA_E_RANGE : SENDA_E_NUMBER, f,
			       "%s", d);
		free(d);
		return e;
	}
	if (f->kind == FK_YESNO && e == SENDA_E_CHOICE)
		return field_fail(err, e, f, _("yes or no, not “%s”"), cell);
	if (f->kind == FK_MONEY && (f->flags & FF_FREE) && e == SENDA_E_NUMBER)
		return field_fail(err, e, f,
				  _("an amount such as 150 or 150.00, or “free”; not “%s”"), cell);
	return field_parse(f, rec, cell, err);
}

/* Check one row on its own; fills r->part and r->prog. */
static senda_err
check_row(const struct columns *cs, struct row *r, senda_error *err)
{
	senda_err e = SENDA_OK;
	partner_init(&r->part);
	program_init(&r->prog);
	r->has_program = false;
	for (size_t i = 0; i < cs->n && e == SENDA_OK; i++) {
		if (!r->cell[i])
			continue;
		if (cs->c[i].program)
			r->has_program = true;   /* a row with no program cell is a partner alone */
		else
			e = parse_cell(&cs->c[i], &r->part, r->cell[i], err);
	}
	if (e == SENDA_OK)
		e = partner_validate(&r->part, err);
	if (e != SENDA_OK || !r->has_program)
		return e;
	for (size_t i = 0; i < cs->n && e == SENDA_OK; i++)
		if (r->cell[i] && cs->c[i].program)
			e = parse_cell(&cs->c[i], &r->prog, r->cell[i], err);
	return e == SENDA_OK ? program_validate(&r->prog, err) : e;
}

/* Give cur every field of the row's record (from) for which the row has a
 * cell, except the name it was matched by; true if any changed. */
static bool
take(const struct columns *cs, bool of_program, void *cur, const void *from,
     const struct row *r)
{
	bool changed = false;
	size_t name = of_program ? cs->program_name : cs->partner_name;
	for (size_t i = 0; i < cs->n; i++) {
		const field_desc *f = cs->c[i].f;
		if (cs->c[i].program != of_program || i == name || !r->cell[i] ||
		    field_same(f, cur, from))
			continue;
		field_copy(f, cur, from);
		changed = true;
	}
	return changed;
}

/* What the import did to each partner and program so far, by id: "new",
 * "changed" or "same" (programs only), so that each counts once however
 * many rows name it; kept beside the name index (partner_index_state). The
 * index finds names without a scan per row: the whole import is linear in
 * its rows, and neither grows in memory with them. */
struct seen {
	partner_index *ix;
};

static senda_err
seen_is(const struct seen *s, const char *id, const char *state, bool *is, senda_error *err)
{
	char v[8];
	senda_err e = partner_index_state(s->ix, id, v, err);
	*is = e == SENDA_OK && (state ? strcmp(v, state) == 0 : v[0] != '\0');
	return e;
}

static senda_err
write_row(senda_db *db, const struct columns *cs, struct row *r, struct seen *seen,
	  partner_import_report *rep, senda_error *err)
{
	partner cur;
	bool is = false;
	senda_err e = partner_find_in(db, seen->ix, r->part.name, &cur, err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		return e;
	if (e == SENDA_E_NOTFOUND) {
		cur = r->part;           /* take the row's partner over */
		partner_init(&r->part);
		cur.id[0] = '\0';
		if ((e = partner_save_in(db, seen->ix, &cur, err)) == SENDA_OK &&
		    (e = partner_index_set_state(seen->ix, cur.id, "new", err)) == SENDA_OK)
			rep->partners_added++;
	} else {
		bool changed = take(cs, false, &cur, &r->part, r);
		if (changed && (e = partner_save_in(db, seen->ix, &cur, err)) == SENDA_OK &&
		    (e = seen_is(seen, cur.id, NULL, &is, err)) == SENDA_OK && !is &&
		    (e = partner_index_set_state(seen->ix, cur.id, "changed", err)) == SENDA_OK)
			rep->partners_updated++;
	}
	if (e != SENDA_OK || !r->has_program) {
		partner_free(&cur);
		return e;
	}
	program g;
	const program *n = &r->prog;
	e = program_find_in(db, seen->ix, cur.id, n->name, &g, err);
	if (e == SENDA_E_NOTFOUND) {
		snprintf(r->prog.partner_id, sizeof r->prog.partner_id, "%s", cur.id);
		r->prog.id[0] = '\0';
		if ((e = program_save_in(db, seen->ix, &r->prog, err)) == SENDA_OK &&
		    (e = partner_index_set_state(seen->ix, r->prog.id, "new", err)) == SENDA_OK)
			rep->programs_added++;
	} else if (e == SENDA_OK) {
		bool changed = take(cs, true, &g, n, r);
		if (changed)
			e = program_save_in(db, seen->ix, &g, err);
		/* Each program counts once, however many rows name it. */
		char was[8] = "";
		if (e == SENDA_OK)
			e = partner_index_state(seen->ix, g.id, was, err);
		if (e == SENDA_OK && strcmp(was, "new") != 0 && strcmp(was, "changed") != 0) {
			bool same_before = strcmp(was, "same") == 0;
			if (changed) {
				e = partner_index_set_state(seen->ix, g.id, "changed", err);
				rep->programs_updated++;
				rep->programs_unchanged -= same_before;
			} else if (!same_before) {
				e = partner_index_set_state(seen->ix, g.id, "same", err);
				rep->programs_unchanged++;
			}
		}
		program_free(&g);
	}
	partner_free(&cur);
	return e;
}

/* Fill rep->message from err: the detail alone (a whole sentence) for
 * problems with the file itself, else the error's text; a row's number in
 * front when there is one. */
static senda_err
import_fail(partner_import_report *rep, const senda_error *err, bool detail_only, int line)
{
	char text[600];
	if (detail_only && err->detail[0])
		snprintf(text, sizeof text, "%s", err->detail);
	else
		senda_error_text(err, text, sizeof text);
	if (rep->bad_row > 0)
		/* L10N: a bad row of an imported file: its number (1 = the first row
		   under the header), the line of the file it starts on (= the row
		   number a spreadsheet shows), the problem */
		snprintf(rep->message, sizeof rep->message, _("row %d (line %d of the file): %s"),
			 rep->bad_row, line, text);
	else
		snprintf(rep->message, sizeof rep->message, "%s", text);
	return err->code;
}

/* Map the header to columns; a problem fills err and rep->message. */
static senda_err
read_header(const struct columns *cs, const csv_record *h, int map[],
	    partner_import_report *rep, senda_error *err)
{
	if (h->n > 256)
		return senda_fail(err, SENDA_E_RANGE, NULL, _("the file has %zu columns; senda takes "
				  "at most 256"), h->n);
	for (size_t i = 0; i < cs->n; i++)
		map[i] = -1;
	char unknown[400] = "";
	int nunknown = 0;
	for (size_t i = 0; i < h->n; i++) {
		char *key = header_key(h->field[i]);
		if (!key)
			return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
		if (!*key) {         /* an empty header: its column is ignored */
			free(key);
			continue;
		}
		int c = column_of(cs, key);
		free(key);
		if (c < 0) {
			char *shown = text_inert(h->field[i]);
			size_t len = strlen(unknown);
			snprintf(unknown + len, sizeof unknown - len, "%s“%s”", nunknown++ ? ", " : "",
				 shown ? shown : "");
			free(shown);
			continue;
		}
		if (map[c] >= 0)
			return senda_fail(err, SENDA_E_EXISTS, NULL,
					  /* L10N: %s is a column name of a CSV file */
					  _("the column “%s” appears twice in the first row"),
					  h->field[i]);
		map[c] = (int)i;
	}
	if (nunknown) {
		char *names = xstrdup("");
		for (size_t i = 0; i < cs->n; i++) {
			char *more = xasprintf("%s%s%s", names, i ? ", " : "", column_name(cs, i, false));
			free(names);
			names = more;
		}
		snprintf(rep->message, sizeof rep->message,
			 /* L10N: the first %s names the unknown columns, the second every
			    column senda takes, by its English name */
			 P_("The file has a column senda does not know: %s. The columns it "
			    "takes are: %s (or their Spanish names). Rename or delete that column.",
			    "The file has columns senda does not know: %s. The columns it "
			    "takes are: %s (or their Spanish names). Rename or delete those columns.",
			    (unsigned long)nunknown),
			 unknown, names);
		free(names);
		senda_fail(err, SENDA_E_CHOICE, NULL, "%s", unknown);
		return SENDA_E_CHOICE;
	}
	const size_t required[] = { cs->partner_name, cs->program_name };
	char missing[200] = "";
	int nmissing = 0;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		size_t c = required[i];
		if (map[c] >= 0)
			continue;
		size_t len = strlen(missing);
		snprintf(missing + len, sizeof missing - len, "%s%s (%s)", nmissing++ ? ", " : "",
			 column_name(cs, c, false), column_name(cs, c, true));
	}
	if (nmissing) {
		snprintf(rep->message, sizeof rep->message,
			 /* L10N: %s names the missing columns, e.g. "program (programa)" */
			 P_("The file has no %s column. Its first row must name the columns, and "
			    "partner and program are required.",
			    "The file has no %s columns. Its first row must name the columns, and "
			    "partner and program are required.",
			    (unsigned long)nmissing), missing);
		senda_fail(err, SENDA_E_REQUIRED, NULL, "%s", missing);
		return SENDA_E_REQUIRED;
	}
	return SENDA_OK;
}

/* Read and check the rows one at a time; each (when not NULL) is given
 * every good row, which is freed after it. The first bad row, or an error
 * of each, stops the reading. */
static senda_err
read_rows(csv_reader *rd, const struct columns *cs, const int map[], size_t ncols,
	  senda_err (*each)(struct row *, void *), void *ctx,
	  partner_import_report *rep, senda_error *err)
{
	csv_record rec;
	csv_record_init(&rec);
	senda_err e = SENDA_OK;
	int k, number = 0;
	while ((k = csv_read(rd, &rec, err)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		struct row row, *r = &row;
		memset(r, 0, sizeof *r);
		r->ncell = cs->n;
		r->cell = xmalloc(cs->n * sizeof *r->cell);
		for (size_t c = 0; c < cs->n; c++)
			r->cell[c] = NULL;
		partner_init(&r->part);
		program_init(&r->prog);
		r->number = ++number;
		r->line = rec.line;
		rep->rows = r->number;
		size_t used = csv_record_used(&rec);
		if (used > ncols)
			e = senda_fail(err, SENDA_E_FORMAT, NULL,
				       /* L10N: a CSV row's cells, the columns its first row names */
				       _("this row has %zu cells, but the first row has %zu columns"),
				       used, ncols);
		for (size_t c = 0; c < cs->n && e == SENDA_OK; c++) {
			if (map[c] < 0 || (size_t)map[c] >= rec.n)
				continue;
			char *v = rec.field[map[c]];
			csv_undo_defuse(v);
			char *clean = text_clean(v);
			if (!clean)
				e = senda_fail(err, SENDA_E_UTF8, NULL, NULL);
			else if (*clean)
				r->cell[c] = clean;
			else
				free(clean);
		}
		if (e == SENDA_OK) {
			partner_free(&r->part);
			program_free(&r->prog);
			e = check_row(cs, r, err);
		}
		if (e != SENDA_OK) {
			rep->bad_row = r->number;
			import_fail(rep, err, e == SENDA_E_FORMAT, r->line);
			row_free(r);
			break;
		}
		if (each && (e = each(r, ctx)) != SENDA_OK) {
			row_free(r);
			break;
		}
		row_free(r);
	}
	if (k < 0) {
		e = err->code;
		import_fail(rep, err, true, 0);   /* the reader names record and line */
		rep->bad_row = rd->record - 1;
	}
	csv_record_free(&rec);
	return e;
}

/* The reader past blank rows and the header: 1 at the first data row, 0
 * for an empty file, -1 on an error (err set). */
static int
skip_header(csv_reader *rd, csv_record *head, senda_error *err)
{
	int k;
	while ((k = csv_read(rd, head, err)) == 1 && csv_record_blank(head))
		;
	return k;
}

struct writing {
	senda_db *db;
	const struct columns *cs;
	struct seen *seen;
	partner_import_report *rep;
	senda_error *err;
	int bad_line;
};

static senda_err
write_each(struct row *r, void *ctx)
{
	struct writing *w = ctx;
	senda_err e = write_row(w->db, w->cs, r, w->seen, w->rep, w->err);
	if (e != SENDA_OK) {
		w->rep->bad_row = r->number;
		w->bad_line = r->line;
	}
	return e;
}

senda_err
partners_import_csv(senda_db *db, const char *path, const char *encoding,
		    partner_import_report *rep, senda_error *err)
{
	partner_import_report local;
	senda_error lerr = { 0 };
	if (!rep)
		rep = &local;
	if (!err)
		err = &lerr;
	memset(rep, 0, sizeof *rep);
	/* After the report is made empty: a refusal is told in it too. */
	if (perm_require(db, PERM_PARTNERS, err) != SENDA_OK)
		return import_fail(rep, err, false, 0);
	if (!db_site_id(db)[0]) {
		senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
		return import_fail(rep, err, false, 0);
	}
	char *text;
	size_t len;
	senda_err e = csv_load_file(path, &text, &len, err);
	if (e != SENDA_OK)
		return import_fail(rep, err, false, 0);
	/* Held once (a UTF-8 file is not copied): a big file is most of what
	 * the import keeps in memory. */
	if ((e = conv_decode_buffer(&text, &len, encoding, rep->encoding, err)) != SENDA_OK) {
		free(text);
		return import_fail(rep, err, true, 0);
	}

	csv_reader rd;
	csv_reader_init(&rd, text, len, 0);
	csv_record head;
	csv_record_init(&head);
	int k = skip_header(&rd, &head, err);
	struct columns cs;
	columns_load(&cs);
	int *map = xmalloc(cs.n * sizeof *map);
	if (k < 0)
		e = import_fail(rep, err, true, 0);
	else if (k == 0) {
		senda_fail(err, SENDA_E_REQUIRED, NULL, "%s",
			   _("the file is empty; its first row must name the columns "
			     "(partner, program, ...)"));
		e = import_fail(rep, err, true, 0);
	} else if ((e = read_header(&cs, &head, map, rep, err)) != SENDA_OK && !rep->message[0])
		import_fail(rep, err, true, 0);
	size_t ncols = head.n;

	/* First every row is read and checked, and none kept: the file is read
	 * twice rather than held as records (hundreds of bytes each). */
	if (e == SENDA_OK)
		e = read_rows(&rd, &cs, map, ncols, NULL, NULL, rep, err);
	int nrows = rep->rows;

	/* Every row is good: write them all, or (on a database error) none. The
	 * write lock is taken only now, after every row was read and checked. */
	struct seen seen = { NULL };
	struct writing w = { db, &cs, &seen, rep, err, 0 };
	if (e == SENDA_OK && nrows > 0 && (e = db_begin(db, err)) != SENDA_OK)
		import_fail(rep, err, false, 0);   /* e.g. another program holds the file */
	else if (e == SENDA_OK && nrows > 0) {
		e = partner_index_load(db, &seen.ix, err);
		if (e == SENDA_OK) {
			csv_reader_init(&rd, text, len, 0);
			if (skip_header(&rd, &head, err) != 1)
				e = err->code ? err->code : SENDA_E_FORMAT;
		}
		if (e == SENDA_OK)
			e = read_rows(&rd, &cs, map, ncols, write_each, &w, rep, err);
		if (e == SENDA_OK)
			e = db_commit(db, err);
		else
			db_rollback(db);
		if (e != SENDA_OK) {
			rep->partners_added = rep->partners_updated = 0;
			rep->programs_added = rep->programs_updated = rep->programs_unchanged = 0;
			import_fail(rep, err, false, w.bad_line);
		}
	}
	csv_record_free(&head);
	free(text);
	partner_index_free(seen.ix);
	free(map);
	columns_free(&cs);
	return e;
}

/* ---- export ------------------------------------------------------------ */

struct export {
	senda_db *db;
	const char *encoding;   /* NULL for UTF-8 */
	bool translit;
	csv_buf out;
	struct columns cols;
	const partner *cur;     /* the partner whose programs are listed */
	partner_export_report *rep;
	bool refused;           /* a character the encoding lacks, no translit */
	char first[8];          /* the first such character */
	senda_err e;
	senda_error *err;
};

static void
emit(struct export *x, const char *const *fields, bool header)
{
	csv_buf rec = { 0 };
	csv_put_record(&rec, fields, x->cols.n, ',');
	if (!header)
		x->rep->rows++;
	if (!x->encoding) {
		csv_buf_add(&x->out, rec.s, rec.len);
		csv_buf_free(&rec);
		return;
	}
	char *conv;
	size_t len;
	conv_loss loss;
	senda_error cerr = { 0 };
	senda_err e = conv_from_utf8(x->encoding, rec.s, rec.len, x->translit, &conv, &len,
				     &loss, &cerr);
	csv_buf_free(&rec);
	if (loss.chars) {
		if (!x->rep->first_row) {
			x->rep->first_row = x->rep->rows;
			snprintf(x->first, sizeof x->first, "%s", loss.first);
		}
		x->rep->chars_changed += loss.chars;
		x->rep->rows_changed++;
	}
	if (e == SENDA_OK)
		csv_buf_add(&x->out, conv, len);
	else if (loss.chars && !x->translit)
		x->refused = true;
	else if (x->e == SENDA_OK) {
		x->e = e;
		*x->err = cerr;
	}
	free(conv);
}

/* One row: the partner's columns, then the program's (empty when g is
 * NULL), each as a file writes its type (field_written). */
static void
emit_row(struct export *x, const partner *p, const program *g)
{
	const struct columns *cs = &x->cols;
	char **f = xmalloc(cs->n * sizeof *f);
	for (size_t i = 0; i < cs->n; i++)
		f[i] = !cs->c[i].program ? field_written(cs->c[i].f, p)
			: g ? field_written(cs->c[i].f, g) : xstrdup("");
	emit(x, (const char *const *)f, false);
	for (size_t i = 0; i < cs->n; i++)
		free(f[i]);
	free(f);
}

static int
export_program(const program *g, void *ctx)
{
	struct export *x = ctx;
	emit_row(x, x->cur, g);
	return x->e != SENDA_OK;
}

static int
count_program(const program *g, void *ctx)
{
	(void)g;
	(*(int *)ctx)++;
	return 1;
}

static int
export_partner(const partner *p, void *ctx)
{
	struct export *x = ctx;
	int programs = 0;
	senda_error err = { 0 };
	x->cur = p;
	if (program_list(x->db, p->id, count_program, &programs, &err) == SENDA_OK && programs)
		program_list(x->db, p->id, export_program, x, &err);
	else
		emit_row(x, p, NULL);
	if (err.code != SENDA_OK && x->e == SENDA_OK) {
		x->e = err.code;
		*x->err = err;
	}
	return x->e != SENDA_OK;
}

senda_err
partners_export_csv_translit(senda_db *db, const char *path, const char *encoding,
			     bool translit, int flags, partner_export_report *rep, senda_error *err)
{
	partner_export_report local;
	senda_error lerr = { 0 };
	if (!rep)
		rep = &local;
	if (!err)
		err = &lerr;
	memset(rep, 0, sizeof *rep);
	/* After the report is made empty: a refusal is told in it too. */
	if (perm_require(db, PERM_EXPORT, err) != SENDA_OK) {
		senda_error_text(err, rep->message, sizeof rep->message);
		return err->code;
	}
	struct export x = { db, NULL, translit, { 0 }, { 0 }, NULL, rep, false, "", SENDA_OK,
			    err };
	if (encoding && *encoding && !conv_is_utf8(encoding)) {
		if (!conv_known(encoding)) {
			/* L10N: %s is the encoding name the user gave */
			senda_fail(err, SENDA_E_CHOICE, N_("Encoding"),
				   _("senda does not know the encoding “%s”; try UTF-8 or WINDOWS-1252"),
				   encoding);
			senda_error_text(err, rep->message, sizeof rep->message);
			return err->code;
		}
		x.encoding = encoding;
	}
	if (outfile_check(path, db_file(db), flags, err) != SENDA_OK) {
		senda_error_text(err, rep->message, sizeof rep->message);
		return err->code;
	}
	if (!x.encoding)
		csv_buf_add(&x.out, "\xEF\xBB\xBF", 3);   /* so spreadsheets read UTF-8 */
	columns_load(&x.cols);
	const char **head = xmalloc(x.cols.n * sizeof *head);
	for (size_t i = 0; i < x.cols.n; i++)
		head[i] = column_name(&x.cols, i, false);
	emit(&x, head, true);
	free(head);
	senda_err e = partner_list(db, export_partner, &x, err);
	if (e == SENDA_OK)
		e = x.e;
	if (e == SENDA_OK && x.refused) {
		/* L10N: characters, encoding, the first such character and its row, rows */
		snprintf(rep->message, sizeof rep->message,
			 P_("%zu character cannot be written in %s: “%s” in row %d. Nothing was "
			    "written. Export in UTF-8, or let senda replace it with the nearest "
			    "letter (transliterate).",
			    "%zu characters cannot be written in %s; the first is “%s” in row %d. "
			    "Nothing was written. Export in UTF-8, or let senda replace them with the "
			    "nearest letters (transliterate).", (unsigned long)rep->chars_changed),
			 rep->chars_changed, encoding, x.first, rep->first_row);
		e = senda_fail(err, SENDA_E_IO, NULL, "%s", rep->message);
	} else if (e != SENDA_OK)
		senda_error_text(err, rep->message, sizeof rep->message);
	if (e == SENDA_OK &&
	    (e = outfile_write(path, x.out.s, x.out.len, db_file(db), flags, err)) != SENDA_OK)
		senda_error_text(err, rep->message, sizeof rep->message);
	csv_buf_free(&x.out);
	columns_free(&x.cols);
	return e;
}

senda_err
partners_export_csv(senda_db *db, const char *path, const char *encoding, int flags,
		    int *rows, senda_error *err)
{
	PERM_CHECK(db, PERM_EXPORT, err);
	char name[40] = "";
	bool translit = false;
	if (encoding) {
		snprintf(name, sizeof name, "%s", encoding);
		char *slash = strstr(name, "//");
		if (slash) {
			translit = strcasecmp(slash, "//TRANSLIT") == 0;
			*slash = '\0';
		}
	}
	partner_export_report rep;
	senda_err e = partners_export_csv_translit(db, path, name, translit, flags, &rep, err);
	if (rows)
		*rows = rep.rows;
	return e;
}
