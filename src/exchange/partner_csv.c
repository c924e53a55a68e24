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
#include "senda/strmap.h"
#include "senda/text.h"

enum {
	C_PARTNER, C_PARTNER_KIND, C_CONTACT, C_PHONE, C_EMAIL, C_ADDRESS, C_CITY,
	C_PROGRAM, C_PROGRAM_KIND, C_MIN_LEVEL, C_DIPLOMA, C_DOCUMENTS, C_SCHEDULE,
	C_COST, C_PROGRAM_CONTACT, C_CREDENTIAL, NCOLS
};
#define FIRST_PROGRAM_COL C_PROGRAM

/* Column names are data, not messages: both languages are always accepted,
 * whatever the interface language. The organization's columns are named in
 * its field table (key -> csv_en, csv_es); the program's are here. */
static const struct { const char *key, *en, *es; } columns[NCOLS] = {
	{ "name", NULL, NULL },
	{ "kind", NULL, NULL },
	{ "contact_name", NULL, NULL },
	{ "phone", NULL, NULL },
	{ "email", NULL, NULL },
	{ "address", NULL, NULL },
	{ "city", NULL, NULL },
	{ NULL, "program", "programa" },
	{ NULL, "program_kind", "tipo_programa" },
	{ NULL, "min_esl_level", "nivel_inglés_mínimo" },
	{ NULL, "needs_diploma", "requiere_diploma" },
	{ NULL, "documents", "documentos" },
	{ NULL, "schedule", "horario" },
	{ NULL, "cost", "costo" },
	{ NULL, "program_contact", "contacto_programa" },
	{ NULL, "credential", "credencial" },
};

/* Column i's header in English (es: in Spanish). */
static const char *
column_name(int i, bool es)
{
	if (columns[i].key) {
		const field_desc *f = field_find(partner_fields, partner_nfields, columns[i].key);
		return f ? (es ? f->csv_es : f->csv_en) : columns[i].key;
	}
	return es ? columns[i].es : columns[i].en;
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
column_of(const char *key)
{
	for (int i = 0; i < NCOLS; i++) {
		char *en = header_key(column_name(i, false)), *es = header_key(column_name(i, true));
		bool match = strcmp(key, en) == 0 || strcmp(key, es) == 0;
		free(en);
		free(es);
		if (match)
			return i;
	}
	return -1;
}

/* ---- import ------------------------------------------------------------ */

struct row {
	int number;             /* 1 = first data row */
	int line;               /* the file's line where it starts */
	char *cell[NCOLS];      /* what the row gives; NULL when empty or absent */
	partner part;           /* validated, with defaults where nothing is given */
	program prog;
	bool has_program;
};

static void
row_free(struct row *r)
{
	for (int i = 0; i < NCOLS; i++)
		free(r->cell[i]);
	partner_free(&r->part);
	program_free(&r->prog);
}

static void
put(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v ? v : "");
}

/* Check one row on its own; fills r->part and r->prog. */
static senda_err
check_row(struct row *r, senda_error *err)
{
	char **c = r->cell;
	partner_init(&r->part);
	program_init(&r->prog);
	put(&r->part.name, c[C_PARTNER]);
	put(&r->part.kind, c[C_PARTNER_KIND]);
	put(&r->part.contact_name, c[C_CONTACT]);
	put(&r->part.phone, c[C_PHONE]);
	put(&r->part.email, c[C_EMAIL]);
	put(&r->part.address, c[C_ADDRESS]);
	put(&r->part.city, c[C_CITY]);
	senda_err e = partner_validate(&r->part, err);
	if (e != SENDA_OK)
		return e;
	r->has_program = false;
	for (int i = FIRST_PROGRAM_COL; i < NCOLS; i++)
		if (c[i])
			r->has_program = true;
	if (!r->has_program)     /* a partner without programs */
		return SENDA_OK;
	program *g = &r->prog;
	put(&g->name, c[C_PROGRAM]);
	put(&g->kind, c[C_PROGRAM_KIND]);
	put(&g->documents, c[C_DOCUMENTS]);
	put(&g->schedule, c[C_SCHEDULE]);
	put(&g->contact_name, c[C_PROGRAM_CONTACT]);
	put(&g->credential, c[C_CREDENTIAL]);
	if (c[C_MIN_LEVEL]) {
		const char *s = c[C_MIN_LEVEL];
		if (s[0] < '0' || s[0] > '9' || s[1])
			return senda_fail(err, strspn(s, "0123456789") == strlen(s)
					  ? SENDA_E_RANGE : SENDA_E_NUMBER,
					  N_("Minimum ESL level"), _("0 (none) to 6, not “%s”"), s);
		g->min_esl_level = s[0] - '0';
	}
	if (c[C_DIPLOMA]) {
		int yn = text_yes_no(c[C_DIPLOMA]);
		if (yn < 0)
			/* L10N: what the needs_diploma column takes */
			return senda_fail(err, SENDA_E_CHOICE, N_("Diploma needed"),
					  _("yes or no, not “%s”"), c[C_DIPLOMA]);
		g->needs_diploma = yn == 1;
	}
	if (c[C_COST]) {
		g->cost_cents = program_parse_cost(c[C_COST]);
		if (g->cost_cents == -2)
			/* L10N: how a cost may be written */
			return senda_fail(err, SENDA_E_NUMBER, N_("Cost"),
					  _("an amount such as 150 or 150.00, or “free”; not “%s”"),
					  c[C_COST]);
	}
	return program_validate(g, err);
}

/* Overwrite dst's field with src's when the row gave it; true if it changed. */
static bool
take(char **dst, const char *src, const char *cell)
{
	if (!cell || strcmp(*dst, src) == 0)
		return false;
	put(dst, src);
	return true;
}

/* What the import did to each partner and program so far, by id: "new",
 * "changed" or "same" (programs only), so that each counts once however
 * many rows name it. The index finds names without a scan per row: the
 * whole import is linear in its rows. */
struct seen {
	strmap *state;
	partner_index *ix;
};

static bool
seen_is(const struct seen *s, const char *id, const char *state)
{
	const char *v = strmap_get(s->state, id);
	return v && strcmp(v, state) == 0;
}

static senda_err
write_row(senda_db *db, struct row *r, struct seen *seen, partner_import_report *rep,
	  senda_error *err)
{
	char **c = r->cell;
	partner cur;
	senda_err e = partner_find_in(db, seen->ix, r->part.name, &cur, err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		return e;
	if (e == SENDA_E_NOTFOUND) {
		cur = r->part;           /* take the row's partner over */
		partner_init(&r->part);
		cur.id[0] = '\0';
		if ((e = partner_save_in(db, seen->ix, &cur, err)) == SENDA_OK) {
			strmap_put(seen->state, cur.id, "new");
			rep->partners_added++;
		}
	} else {
		const partner *p = &r->part;
		bool changed = take(&cur.kind, p->kind, c[C_PARTNER_KIND]);
		changed |= take(&cur.contact_name, p->contact_name, c[C_CONTACT]);
		changed |= take(&cur.phone, p->phone, c[C_PHONE]);
		changed |= take(&cur.email, p->email, c[C_EMAIL]);
		changed |= take(&cur.address, p->address, c[C_ADDRESS]);
		changed |= take(&cur.city, p->city, c[C_CITY]);
		if (changed && (e = partner_save_in(db, seen->ix, &cur, err)) == SENDA_OK &&
		    !strmap_get(seen->state, cur.id)) {
			strmap_put(seen->state, cur.id, "changed");
			rep->partners_updated++;
		}
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
		if ((e = program_save_in(db, seen->ix, &r->prog, err)) == SENDA_OK) {
			strmap_put(seen->state, r->prog.id, "new");
			rep->programs_added++;
		}
	} else if (e == SENDA_OK) {
		bool changed = take(&g.kind, n->kind, c[C_PROGRAM_KIND]);
		changed |= take(&g.documents, n->documents, c[C_DOCUMENTS]);
		changed |= take(&g.schedule, n->schedule, c[C_SCHEDULE]);
		changed |= take(&g.contact_name, n->contact_name, c[C_PROGRAM_CONTACT]);
		changed |= take(&g.credential, n->credential, c[C_CREDENTIAL]);
		if (c[C_MIN_LEVEL] && g.min_esl_level != n->min_esl_level) {
			g.min_esl_level = n->min_esl_level;
			changed = true;
		}
		if (c[C_DIPLOMA] && g.needs_diploma != n->needs_diploma) {
			g.needs_diploma = n->needs_diploma;
			changed = true;
		}
		if (c[C_COST] && g.cost_cents != n->cost_cents) {
			g.cost_cents = n->cost_cents;
			changed = true;
		}
		if (changed)
			e = program_save_in(db, seen->ix, &g, err);
		/* Each program counts once, however many rows name it. */
		if (e == SENDA_OK && !seen_is(seen, g.id, "new") && !seen_is(seen, g.id, "changed")) {
			bool same_before = seen_is(seen, g.id, "same");
			if (changed) {
				strmap_put(seen->state, g.id, "changed");
				rep->programs_updated++;
				rep->programs_unchanged -= same_before;
			} else if (!same_before) {
				strmap_put(seen->state, g.id, "same");
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
read_header(const csv_record *h, int map[], partner_import_report *rep, senda_error *err)
{
	if (h->n > 256)
		return senda_fail(err, SENDA_E_RANGE, NULL, _("the file has %zu columns; senda takes "
				  "at most 256"), h->n);
	for (int i = 0; i < NCOLS; i++)
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
		int c = column_of(key);
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
		snprintf(rep->message, sizeof rep->message,
			 P_("The file has a column senda does not know: %s. The columns it "
			    "takes are: partner, partner_kind, contact, phone, email, address, city, "
			    "program, program_kind, min_esl_level, needs_diploma, documents, schedule, "
			    "cost, program_contact, credential (or their Spanish names). Rename or "
			    "delete that column.",
			    "The file has columns senda does not know: %s. The columns it "
			    "takes are: partner, partner_kind, contact, phone, email, address, city, "
			    "program, program_kind, min_esl_level, needs_diploma, documents, schedule, "
			    "cost, program_contact, credential (or their Spanish names). Rename or "
			    "delete those columns.", (unsigned long)nunknown),
			 unknown);
		senda_fail(err, SENDA_E_CHOICE, NULL, "%s", unknown);
		return SENDA_E_CHOICE;
	}
	static const int required[] = { C_PARTNER, C_PROGRAM };
	char missing[200] = "";
	int nmissing = 0;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		int c = required[i];
		if (map[c] >= 0)
			continue;
		size_t len = strlen(missing);
		snprintf(missing + len, sizeof missing - len, "%s%s (%s)", nmissing++ ? ", " : "",
			 column_name(c, false), column_name(c, true));
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
read_rows(csv_reader *rd, const int map[], size_t ncols,
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
		for (int c = 0; c < NCOLS && e == SENDA_OK; c++) {
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
			e = check_row(r, err);
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
	struct seen *seen;
	partner_import_report *rep;
	senda_error *err;
	int bad_line;
};

static senda_err
write_each(struct row *r, void *ctx)
{
	struct writing *w = ctx;
	senda_err e = write_row(w->db, r, w->seen, w->rep, w->err);
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
	if (!db_site_id(db)[0]) {
		senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
		return import_fail(rep, err, false, 0);
	}
	char *raw, *text;
	size_t rawlen, len;
	senda_err e = csv_load_file(path, &raw, &rawlen, err);
	if (e != SENDA_OK)
		return import_fail(rep, err, false, 0);
	e = conv_decode(raw, rawlen, encoding, &text, &len, rep->encoding, err);
	free(raw);
	if (e != SENDA_OK)
		return import_fail(rep, err, true, 0);

	csv_reader rd;
	csv_reader_init(&rd, text, len, 0);
	csv_record head;
	csv_record_init(&head);
	int k = skip_header(&rd, &head, err);
	int map[NCOLS];
	if (k < 0)
		e = import_fail(rep, err, true, 0);
	else if (k == 0) {
		senda_fail(err, SENDA_E_REQUIRED, NULL, "%s",
			   _("the file is empty; its first row must name the columns "
			     "(partner, program, ...)"));
		e = import_fail(rep, err, true, 0);
	} else if ((e = read_header(&head, map, rep, err)) != SENDA_OK && !rep->message[0])
		import_fail(rep, err, true, 0);
	size_t ncols = head.n;

	/* First every row is read and checked, and none kept: the file is read
	 * twice rather than held as records (hundreds of bytes each). */
	if (e == SENDA_OK)
		e = read_rows(&rd, map, ncols, NULL, NULL, rep, err);
	int nrows = rep->rows;

	/* Every row is good: write them all, or (on a database error) none. The
	 * write lock is taken only now, after every row was read and checked. */
	struct seen seen = { strmap_new(), NULL };
	struct writing w = { db, &seen, rep, err, 0 };
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
			e = read_rows(&rd, map, ncols, write_each, &w, rep, err);
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
	strmap_free(seen.state);
	partner_index_free(seen.ix);
	return e;
}

/* ---- export ------------------------------------------------------------ */

struct export {
	senda_db *db;
	const char *encoding;   /* NULL for UTF-8 */
	bool translit;
	csv_buf out;
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
	csv_put_record(&rec, fields, NCOLS, ',');
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

static int
export_program(const program *g, void *ctx)
{
	struct export *x = ctx;
	char level[12] = "", cost[32] = "";
	if (g->min_esl_level > 0)
		snprintf(level, sizeof level, "%d", g->min_esl_level);
	if (g->cost_cents >= 0)
		snprintf(cost, sizeof cost, "%" PRId64 ".%02d", g->cost_cents / 100,
			 (int)(g->cost_cents % 100));
	const partner *p = x->cur;
	const char *f[NCOLS] = {
		p->name, p->kind, p->contact_name, p->phone, p->email, p->address, p->city,
		g->name, g->kind, level, g->needs_diploma ? "yes" : "no", g->documents,
		g->schedule, cost, g->contact_name, g->credential,
	};
	emit(x, f, false);
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
	else {
		const char *f[NCOLS] = {
			p->name, p->kind, p->contact_name, p->phone, p->email, p->address, p->city,
		};
		for (int i = FIRST_PROGRAM_COL; i < NCOLS; i++)
			f[i] = "";
		emit(x, f, false);
	}
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
	struct export x = { db, NULL, translit, { 0 }, NULL, rep, false, "", SENDA_OK, err };
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
	const char *head[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		head[i] = column_name(i, false);
	emit(&x, head, true);
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
	return e;
}

senda_err
partners_export_csv(senda_db *db, const char *path, const char *encoding, int flags,
		    int *rows, senda_error *err)
{
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
