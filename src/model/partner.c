/* senda — the partner directory: organizations and their programs. Saving
 * validates, writes the row and its change log in one transaction. The CSV
 * import and export live in src/exchange/partner_csv.c. */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/field.h"
#include "senda/money.h"
#include "senda/partner.h"
#include "senda/strmap.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "db/stmt.h"

/* ---- structs ----------------------------------------------------------- */

/* One line a field: column, label, type, limit, required, choices, the
 * command-line option (of partners add), the CSV headers, how it travels,
 * flags. A kind is an open choice here: partner_validate turns the names
 * people type for it ("universidad") into its code. */
#define PT(c, l, k, m, r, ch, o, en, es, fl) \
	{ #c, l, k, offsetof(partner, c), m, r, ch, o, en, es, FT_LWW, fl }
const field_desc partner_fields[] = {
	PT(name, N_("Partner name"), FK_TEXT, PARTNER_NAME_MAX, true, NULL,
	   "name", "partner", "organización", FF_FORM),
	/* L10N: the kind of a partner organization (college, employer, ...) */
	PT(kind, N_("Kind of organization"), FK_CHOICE, 20, true, partner_kind_choices,
	   "kind", "partner_kind", "tipo_organización", FF_FORM | FF_OPEN_CHOICE | FF_BY_NAME),
	/* L10N: the person to talk to at a partner organization */
	PT(contact_name, N_("Contact person"), FK_TEXT, PARTNER_NAME_MAX, false, NULL,
	   "contact", "contact", "contacto", FF_FORM),
	PT(phone, N_("Phone"), FK_PHONE, 40, false, NULL, "phone", "phone", "teléfono", FF_FORM),
	PT(email, N_("E-mail"), FK_EMAIL, 120, false, NULL, "email", "email", "correo", FF_FORM),
	PT(address, N_("Address"), FK_TEXT, PARTNER_TEXT_MAX, false, NULL,
	   "address", "address", "dirección", FF_FORM),
	PT(city, N_("City"), FK_TEXT, 80, false, NULL, "city", "city", "ciudad", FF_FORM),
	PT(notes, N_("Notes"), FK_TEXT, PARTNER_NOTES_MAX, false, NULL, "notes", NULL, NULL, FF_FORM),
};
const size_t partner_nfields = sizeof partner_fields / sizeof partner_fields[0];
#define NPARTNER (sizeof partner_fields / sizeof partner_fields[0])

/* The program's text fields (its numbers are read and written apart). */
#define GT(c, l, m, r) { #c, l, FK_TEXT, offsetof(program, c), m, r, NULL, NULL, NULL, NULL, \
			 FT_LWW, 0 }
static const field_desc program_text[] = {
	GT(name, N_("Program name"), PARTNER_NAME_MAX, 1),
	/* L10N: the kind of a program (ESL class, GED, ...) */
	GT(kind, N_("Kind of program"), 20, 0),
	GT(documents, N_("Documents to bring"), PARTNER_TEXT_MAX * 2, 0),
	GT(schedule, N_("Schedule"), PARTNER_TEXT_MAX, 0),
	/* L10N: the person a participant asks for at the program */
	GT(contact_name, N_("Whom to ask for"), PARTNER_NAME_MAX, 0),
	/* L10N: what a program leads to, e.g. "Nurse Aide I" */
	GT(credential, N_("Credential"), PARTNER_NAME_MAX, 0),
};
#define NPROGRAM (sizeof program_text / sizeof program_text[0])

#define AT(p, f) ((char **)((char *)(p) + (f)->off))

static void
set(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v ? v : "");
}

void
partner_init(partner *p)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < NPARTNER; i++)
		*AT(p, &partner_fields[i]) = xstrdup("");
	set(&p->kind, "other");
}

void
partner_free(partner *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < NPARTNER; i++) {
		free(*AT(p, &partner_fields[i]));
		*AT(p, &partner_fields[i]) = NULL;
	}
}

void
program_init(program *p)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < NPROGRAM; i++)
		*AT(p, &program_text[i]) = xstrdup("");
	set(&p->kind, "other");
	p->cost_cents = -1;
	p->partner_name = xstrdup("");
	p->address = xstrdup("");
	p->city = xstrdup("");
	p->phone = xstrdup("");
}

void
program_free(program *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < NPROGRAM; i++) {
		free(*AT(p, &program_text[i]));
		*AT(p, &program_text[i]) = NULL;
	}
	free(p->partner_name);
	free(p->address);
	free(p->city);
	free(p->phone);
	p->partner_name = p->address = p->city = p->phone = NULL;
}

/* ---- validation -------------------------------------------------------- */

/* Clean every text field in place; the first problem fails. */
/* Each field by its type (senda/field.h: UTF-8, NFC, controls, required,
 * length, phone, e-mail). A kind is checked apart: names people type for it
 * become its code, and an empty one is "other". */
static senda_err
check_fields(void *rec, const field_desc *fields, size_t n, senda_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char **slot = (char **)((char *)rec + fields[i].off);
		if (strcmp(fields[i].key, "kind") == 0 && !**slot)
			continue;   /* no kind given: check_kind makes it "other" */
		senda_err e = field_check(&fields[i], rec, err);
		if (e != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}

static senda_err
check_kind(char **kind, const char *(*parse)(const char *), const char *const codes[],
	   const char *label, senda_error *err)
{
	if (!**kind) {
		set(kind, "other");
		return SENDA_OK;
	}
	const char *code = parse(*kind);
	if (!code) {
		char list[200] = "";
		for (int i = 0; codes[i]; i++) {
			if (i)
				strcat(list, ", ");
			strcat(list, codes[i]);
		}
		return senda_fail(err, SENDA_E_CHOICE, label, "%s", list);
	}
	set(kind, code);
	return SENDA_OK;
}

senda_err
partner_validate(partner *p, senda_error *err)
{
	senda_err e = check_fields(p, partner_fields, NPARTNER, err);
	if (e != SENDA_OK)
		return e;
	return check_kind(&p->kind, partner_kind_from_text, partner_kinds,
			  partner_fields[1].label, err);
}

senda_err
program_validate(program *p, senda_error *err)
{
	senda_err e = check_fields(p, program_text, NPROGRAM, err);
	if (e != SENDA_OK)
		return e;
	if ((e = check_kind(&p->kind, program_kind_from_text, program_kinds,
			    program_text[1].label, err)) != SENDA_OK)
		return e;
	if (p->min_esl_level < 0 || p->min_esl_level > 6)
		/* L10N: ESL levels 1 to 6, or 0 for none */
		return senda_fail(err, SENDA_E_RANGE, N_("Minimum ESL level"), "%s",
				  _("0 (none) to 6"));
	if (p->cost_cents < -1 || p->cost_cents > PROGRAM_COST_MAX)
		return senda_fail(err, SENDA_E_RANGE, N_("Cost"), "0–1,000,000");
	return SENDA_OK;
}

/* ---- reading ----------------------------------------------------------- */

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

#define PARTNER_COLS "id, name, kind, contact_name, phone, email, address, city, notes"

static void
read_partner(sqlite3_stmt *st, partner *p)
{
	partner_init(p);
	snprintf(p->id, sizeof p->id, "%s", col(st, 0));
	for (size_t i = 0; i < NPARTNER; i++)
		set(AT(p, &partner_fields[i]), col(st, 1 + (int)i));
}

#define PROGRAM_COLS "g.id, g.partner_id, g.name, g.kind, g.documents, g.schedule," \
	" g.contact_name, g.credential, g.min_esl_level, g.needs_diploma, g.cost_cents," \
	" o.name, o.address, o.city, o.phone FROM program g JOIN partner o ON o.id = g.partner_id"

static void
read_program(sqlite3_stmt *st, program *p)
{
	program_init(p);
	snprintf(p->id, sizeof p->id, "%s", col(st, 0));
	snprintf(p->partner_id, sizeof p->partner_id, "%s", col(st, 1));
	for (size_t i = 0; i < NPROGRAM; i++)
		set(AT(p, &program_text[i]), col(st, 2 + (int)i));
	p->min_esl_level = sqlite3_column_int(st, 8);
	p->needs_diploma = sqlite3_column_int(st, 9) != 0;
	p->cost_cents = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
	set(&p->partner_name, col(st, 11));
	set(&p->address, col(st, 12));
	set(&p->city, col(st, 13));
	set(&p->phone, col(st, 14));
}

static void read_partner_v(sqlite3_stmt *st, void *p) { read_partner(st, p); }
static void read_program_v(sqlite3_stmt *st, void *p) { read_program(st, p); }
static void partner_free_v(void *p) { partner_free(p); }
static void program_free_v(void *p) { program_free(p); }

senda_err
partner_get(senda_db *db, const char *id, partner *out, senda_error *err)
{
	char key[UUID_LEN];
	if (!uuid_prefix_key(id, key))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id ? id : "");
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " PARTNER_COLS " FROM partner WHERE id >= ?1 AND id < ?1 || '~'"
		" AND deleted = 0 LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", key);
	if (e != SENDA_OK)
		return e;
	e = db_step_one(db, st, id, read_partner_v, partner_free_v, out, err);
	if (e != SENDA_E_NOTFOUND || !uuid_suffix_key(id, key))
		return e;
	/* The short id of lists: the end of an id. */
	senda_error_clear(err);
	st = db_prepare(db, "SELECT " PARTNER_COLS " FROM partner"
			" WHERE substr(id, 37 - length(?1)) = ?1 AND deleted = 0 LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", key)) != SENDA_OK)
		return e;
	return db_step_one(db, st, id, read_partner_v, partner_free_v, out, err);
}

senda_err
program_get(senda_db *db, const char *id, program *out, senda_error *err)
{
	char key[UUID_LEN];
	if (!uuid_prefix_key(id, key))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id ? id : "");
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " PROGRAM_COLS " WHERE g.id >= ?1 AND g.id < ?1 || '~'"
		" AND g.deleted = 0 LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", key);
	if (e != SENDA_OK)
		return e;
	e = db_step_one(db, st, id, read_program_v, program_free_v, out, err);
	if (e != SENDA_E_NOTFOUND || !uuid_suffix_key(id, key))
		return e;
	/* The short id of lists: the end of an id. */
	senda_error_clear(err);
	st = db_prepare(db, "SELECT " PROGRAM_COLS " WHERE substr(g.id, 37 - length(?1)) = ?1"
			" AND g.deleted = 0 LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", key)) != SENDA_OK)
		return e;
	return db_step_one(db, st, id, read_program_v, program_free_v, out, err);
}

/* The key names are compared by: folded (case, accents), then cleaned. */
static char *
name_key(const char *name)
{
	char *f = text_fold(name);
	char *c = f ? text_clean(f) : NULL;
	free(f);
	return c;
}

/* Every live partner's and program's name key -> its id: "\x01" KEY for a
 * partner, PARTNER-ID "\x01" KEY for a program. */
struct partner_index {
	strmap *ids;
	/* The last few names keyed: an import looks each name up, checks it
	 * and adds it, and folding is what costs most. */
	struct { char *name, *key; } memo[4];
	int next;
};

/* name_key(name), remembered by ix (NULL: computed); the caller frees it. */
static char *
index_name_key(partner_index *ix, const char *name)
{
	if (!ix)
		return name_key(name);
	for (int i = 0; i < 4; i++)
		if (ix->memo[i].name && strcmp(ix->memo[i].name, name) == 0)
			return xstrdup(ix->memo[i].key);
	char *key = name_key(name);
	if (!key)
		return NULL;
	int i = ix->next;
	ix->next = (ix->next + 1) % 4;
	free(ix->memo[i].name);
	free(ix->memo[i].key);
	ix->memo[i].name = xstrdup(name);
	ix->memo[i].key = xstrdup(key);
	return key;
}

static char *
index_key(const char *partner_id, const char *ckey)
{
	return xasprintf("%s\x01%s", partner_id, ckey);
}

static void
index_add(partner_index *ix, const char *partner_id, const char *name, const char *id)
{
	char *ckey = index_name_key(ix, name);
	if (ckey) {
		char *k = index_key(partner_id, ckey);
		if (!strmap_get(ix->ids, k))      /* the oldest stays, as in find_name */
			strmap_put(ix->ids, k, id);
		free(k);
	}
	free(ckey);
}

senda_err
partner_index_load(senda_db *db, partner_index **out, senda_error *err)
{
	partner_index *ix = xcalloc(1, sizeof *ix);
	ix->ids = strmap_new();
	*out = NULL;
	static const char *const sql[] = {
		"SELECT id, '', name FROM partner WHERE deleted = 0 ORDER BY created_at, id",
		"SELECT id, partner_id, name FROM program WHERE deleted = 0"
		" ORDER BY created_at, id",
	};
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_prepare(db, sql[i], err);
		if (!st) {
			partner_index_free(ix);
			return err ? err->code : SENDA_E_DB;
		}
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			index_add(ix, col(st, 1), col(st, 2), col(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			partner_index_free(ix);
			return db_error(db, err);
		}
	}
	*out = ix;
	return SENDA_OK;
}

void
partner_index_free(partner_index *ix)
{
	if (!ix)
		return;
	strmap_free(ix->ids);
	for (int i = 0; i < 4; i++) {
		free(ix->memo[i].name);
		free(ix->memo[i].key);
	}
	free(ix);
}

/* The id of a live row whose name folds to the same key as name, other than
 * except (may be ""); partner_id "" = among partners, else among that
 * partner's programs. Oldest first when several match. With ix, the index
 * answers instead of a scan of the table. */
static senda_err
find_name(senda_db *db, partner_index *ix, const char *partner_id, const char *name,
	  const char *except, char found[UUID_LEN], senda_error *err)
{
	found[0] = '\0';
	if (!text_valid(name))
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	char *ckey = index_name_key(ix, name);
	if (ix) {
		char *k = index_key(partner_id, ckey ? ckey : "");
		const char *id = strmap_get(ix->ids, k);
		if (id && strcmp(id, except) != 0)
			snprintf(found, UUID_LEN, "%s", id);
		free(k);
		free(ckey);
		return SENDA_OK;
	}
	sqlite3_stmt *st = *partner_id
		? db_prepare(db, "SELECT id, name FROM program WHERE partner_id = ? AND deleted = 0"
			     " ORDER BY created_at, id", err)
		: db_prepare(db, "SELECT id, name FROM partner WHERE deleted = 0"
			     " ORDER BY created_at, id", err);
	if (!st) {
		free(ckey);
		return err ? err->code : SENDA_E_DB;
	}
	senda_err e = *partner_id ? db_bind(db, st, err, "t", partner_id)
		: db_bind(db, st, err, NULL);
	if (e != SENDA_OK) {
		free(ckey);
		return e;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp(col(st, 0), except) == 0)
			continue;
		char *f = text_fold(col(st, 1));
		char *cf = f ? text_clean(f) : NULL;
		bool same = cf && strcmp(cf, ckey) == 0;
		free(f);
		free(cf);
		if (same) {
			snprintf(found, UUID_LEN, "%s", col(st, 0));
			break;
		}
	}
	sqlite3_reset(st);
	free(ckey);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SENDA_OK : db_error(db, err);
}

senda_err
partner_find_in(senda_db *db, partner_index *ix, const char *name, partner *out,
		senda_error *err)
{
	char id[UUID_LEN];
	senda_err e = find_name(db, ix, "", name, "", id, err);
	if (e != SENDA_OK)
		return e;
	if (!id[0])
		return senda_fail(err, SENDA_E_NOTFOUND, N_("Partner name"), "%s", name);
	return partner_get(db, id, out, err);
}

senda_err
partner_find(senda_db *db, const char *name, partner *out, senda_error *err)
{
	return partner_find_in(db, NULL, name, out, err);
}

senda_err
program_find_in(senda_db *db, partner_index *ix, const char *partner_id, const char *name,
		program *out, senda_error *err)
{
	char id[UUID_LEN];
	if (!partner_id || !*partner_id)
		return senda_fail(err, SENDA_E_NOTFOUND, N_("Partner name"), NULL);
	senda_err e = find_name(db, ix, partner_id, name, "", id, err);
	if (e != SENDA_OK)
		return e;
	if (!id[0])
		return senda_fail(err, SENDA_E_NOTFOUND, N_("Program name"), "%s", name);
	return program_get(db, id, out, err);
}

senda_err
program_find(senda_db *db, const char *partner_id, const char *name, program *out,
	     senda_error *err)
{
	return program_find_in(db, NULL, partner_id, name, out, err);
}

/* Rows are gathered first (a callback may use the database, whose cached
 * statements must not be reset under us), then sorted by folded name. */
struct sorted {
	char *key;
	void *rec;
};

static int
by_key(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static char *
sort_key(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	/* \x01 sorts before every character of a name. */
	char *k = xasprintf("%s\x01%s", fa ? fa : "", fb ? fb : "");
	free(fa);
	free(fb);
	return k;
}

/* Read every row of st (partners when pf is set, else programs), sort by
 * folded name, then hand them to the callback. */
static senda_err
deliver(senda_db *db, sqlite3_stmt *st, partner_fn pf, program_fn gf, void *ctx,
	senda_error *err)
{
	bool programs = pf == NULL;
	struct sorted *all = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		all = xrealloc(all, (n + 1) * sizeof *all);
		if (programs) {
			program *g = xmalloc(sizeof *g);
			read_program(st, g);
			char *k = sort_key(g->partner_name, g->partner_id);
			all[n].key = sort_key(k, g->name);
			all[n++].rec = g;
			free(k);
		} else {
			partner *p = xmalloc(sizeof *p);
			read_partner(st, p);
			all[n].key = sort_key(p->name, p->id);
			all[n++].rec = p;
		}
	}
	sqlite3_reset(st);
	senda_err e = rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
	if (n)
		qsort(all, n, sizeof *all, by_key);
	bool stop = e != SENDA_OK;
	for (size_t i = 0; i < n; i++) {
		if (!stop && (programs ? gf(all[i].rec, ctx) : pf(all[i].rec, ctx)))
			stop = true;
		if (programs)
			program_free(all[i].rec);
		else
			partner_free(all[i].rec);
		free(all[i].rec);
		free(all[i].key);
	}
	free(all);
	return e;
}

senda_err
partner_list(senda_db *db, partner_fn fn, void *ctx, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " PARTNER_COLS " FROM partner WHERE deleted = 0", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	return deliver(db, st, fn, NULL, ctx, err);
}

senda_err
program_list(senda_db *db, const char *partner_id, program_fn fn, void *ctx,
	     senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " PROGRAM_COLS " WHERE g.deleted = 0 AND o.deleted = 0"
		" AND (?1 IS NULL OR g.partner_id = ?1)", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", partner_id);
	if (e != SENDA_OK)
		return e;
	return deliver(db, st, NULL, fn, ctx, err);
}

/* ---- writing ----------------------------------------------------------- */

/* One field's old and new value, for the change log. */
struct diff {
	const char *col;
	char *old, *new;
};

static senda_err
log_diffs(senda_db *db, const char *tbl, const char *id, struct diff *d, size_t n,
	  const char *clock, senda_error *err)
{
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < n && e == SENDA_OK; i++)
		e = changelog_add(db, tbl, id, d[i].col, d[i].old, d[i].new, clock, err);
	return e;
}

static void
diffs_free(struct diff *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].old);
		free(d[i].new);
	}
}

/* Add a diff when a and b differ; "" and NULL both mean empty. */
static void
diff_text(struct diff *d, size_t *n, const char *column, const char *a, const char *b)
{
	if (strcmp(a ? a : "", b ? b : "") == 0)
		return;
	d[*n].col = column;
	d[*n].old = a && *a ? xstrdup(a) : NULL;
	d[*n].new = b && *b ? xstrdup(b) : NULL;
	(*n)++;
}

static senda_err
begin_tick(senda_db *db, char clock[HLC_LEN], senda_error *err)
{
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		db_rollback(db);
	return e;
}

static senda_err
end(senda_db *db, senda_err e, senda_error *err)
{
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
partner_save(senda_db *db, partner *p, senda_error *err)
{
	return partner_save_in(db, NULL, p, err);
}

senda_err
partner_save_in(senda_db *db, partner_index *ix, partner *p, senda_error *err)
{
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	senda_err e = partner_validate(p, err);
	if (e != SENDA_OK)
		return e;
	char other[UUID_LEN], clock[HLC_LEN], now[21];
	if ((e = find_name(db, ix, "", p->name, p->id, other, err)) != SENDA_OK)
		return e;
	if (other[0])
		/* L10N: a partner with the same name (ignoring case and accents) exists */
		return senda_fail(err, SENDA_E_EXISTS, N_("Partner name"), "%s", p->name);
	clock_timestamp(now);
	if (!p->id[0]) {
		uuid_new(p->id);
		if ((e = begin_tick(db, clock, err)) != SENDA_OK)
			return e;
		e = db_exec(db, err,
			    "INSERT INTO partner (id, site_id, created_at, updated_at, updated_by,"
			    " name, kind, contact_name, phone, email, address, city, notes)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttttttttttttt",
			    p->id, db_site_id(db), now, clock, db_user_id(db), p->name, p->kind,
			    p->contact_name, p->phone, p->email, p->address, p->city, p->notes);
		if (e == SENDA_OK)
			e = changelog_add(db, "partner", p->id, "", NULL, NULL, clock, err);
		if (e != SENDA_OK)
			p->id[0] = '\0';
		if ((e = end(db, e, err)) == SENDA_OK && ix)
			index_add(ix, "", p->name, p->id);
		return e;
	}
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	partner old;
	if ((e = partner_get(db, p->id, &old, err)) != SENDA_OK)
		return end(db, e, err);
	if (strcmp(old.id, p->id) != 0) {   /* the whole id, not a prefix */
		partner_free(&old);
		return end(db, senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", p->id), err);
	}
	struct diff d[NPARTNER];
	size_t n = 0;
	for (size_t i = 0; i < NPARTNER; i++)
		diff_text(d, &n, partner_fields[i].key, *AT(&old, &partner_fields[i]),
			  *AT(p, &partner_fields[i]));
	partner_free(&old);
	if (n) {
		e = db_tick(db, clock, err);
		if (e == SENDA_OK)
			e = db_exec(db, err,
				    "UPDATE partner SET updated_at = ?, updated_by = ?, name = ?,"
				    " kind = ?, contact_name = ?, phone = ?, email = ?, address = ?,"
				    " city = ?, notes = ? WHERE id = ?", "ttttttttttt",
				    clock, db_user_id(db), p->name, p->kind, p->contact_name,
				    p->phone, p->email, p->address, p->city, p->notes, p->id);
		if (e == SENDA_OK)
			e = log_diffs(db, "partner", p->id, d, n, clock, err);
	}
	diffs_free(d, n);
	if ((e = end(db, e, err)) == SENDA_OK && ix)
		index_add(ix, "", p->name, p->id);
	return e;
}

static char *
int_text(int64_t v, bool null_below_zero)
{
	return null_below_zero && v < 0 ? NULL : xasprintf("%" PRId64, v);
}

senda_err
program_save(senda_db *db, program *p, senda_error *err)
{
	return program_save_in(db, NULL, p, err);
}

senda_err
program_save_in(senda_db *db, partner_index *ix, program *p, senda_error *err)
{
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	senda_err e = program_validate(p, err);
	if (e != SENDA_OK)
		return e;
	int64_t partners = 0;
	if ((e = db_int(db, &partners, err, "SELECT count(*) FROM partner"
			" WHERE id = ? AND deleted = 0", "t", p->partner_id)) != SENDA_OK)
		return e;
	if (partners != 1)
		return senda_fail(err, SENDA_E_NOTFOUND, N_("Partner name"), "%s", p->partner_id);
	char other[UUID_LEN], clock[HLC_LEN], now[21];
	if ((e = find_name(db, ix, p->partner_id, p->name, p->id, other, err)) != SENDA_OK)
		return e;
	if (other[0])
		return senda_fail(err, SENDA_E_EXISTS, N_("Program name"), "%s", p->name);
	clock_timestamp(now);
	/* 0 = no minimum, stored as NULL; so is an unknown cost. */
	char level[12] = "", cost[24] = "";
	if (p->min_esl_level > 0)
		snprintf(level, sizeof level, "%d", p->min_esl_level);
	if (p->cost_cents >= 0)
		snprintf(cost, sizeof cost, "%" PRId64, p->cost_cents);
	if (!p->id[0]) {
		uuid_new(p->id);
		if ((e = begin_tick(db, clock, err)) != SENDA_OK)
			return e;
		sqlite3_stmt *st = db_prepare(db,
			"INSERT INTO program (id, site_id, created_at, updated_at, updated_by,"
			" partner_id, name, kind, min_esl_level, needs_diploma, documents, schedule,"
			" cost_cents, contact_name, credential) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
			" CAST(nullif(?, '') AS INTEGER), ?, ?, ?, CAST(nullif(?, '') AS INTEGER),"
			" ?, ?)", err);
		if (!st)
			e = err ? err->code : SENDA_E_DB;
		else if ((e = db_bind(db, st, err, "tttttttttittttt", p->id, db_site_id(db), now,
				      clock, db_user_id(db), p->partner_id, p->name, p->kind, level,
				      p->needs_diploma ? 1 : 0, p->documents, p->schedule, cost,
				      p->contact_name, p->credential)) == SENDA_OK) {
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
		if (e == SENDA_OK)
			e = changelog_add(db, "program", p->id, "", NULL, NULL, clock, err);
		if (e != SENDA_OK)
			p->id[0] = '\0';
		if ((e = end(db, e, err)) == SENDA_OK && ix)
			index_add(ix, p->partner_id, p->name, p->id);
		return e;
	}
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	program old;
	if ((e = program_get(db, p->id, &old, err)) != SENDA_OK)
		return end(db, e, err);
	if (strcmp(old.id, p->id) != 0) {
		program_free(&old);
		return end(db, senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", p->id), err);
	}
	struct diff d[NPROGRAM + 4];
	size_t n = 0;
	diff_text(d, &n, "partner_id", old.partner_id, p->partner_id);
	for (size_t i = 0; i < NPROGRAM; i++)
		diff_text(d, &n, program_text[i].key, *AT(&old, &program_text[i]),
			  *AT(p, &program_text[i]));
	char *a = old.min_esl_level > 0 ? int_text(old.min_esl_level, false) : NULL;
	diff_text(d, &n, "min_esl_level", a, level);
	free(a);
	diff_text(d, &n, "needs_diploma", old.needs_diploma ? "1" : "0", p->needs_diploma ? "1" : "0");
	a = int_text(old.cost_cents, true);
	diff_text(d, &n, "cost_cents", a, cost);
	free(a);
	program_free(&old);
	if (n) {
		e = db_tick(db, clock, err);
		sqlite3_stmt *st = e == SENDA_OK ? db_prepare(db,
			"UPDATE program SET updated_at = ?, updated_by = ?, partner_id = ?, name = ?,"
			" kind = ?, min_esl_level = CAST(nullif(?, '') AS INTEGER), needs_diploma = ?,"
			" documents = ?, schedule = ?, cost_cents = CAST(nullif(?, '') AS INTEGER),"
			" contact_name = ?, credential = ? WHERE id = ?", err) : NULL;
		if (e == SENDA_OK && !st)
			e = err ? err->code : SENDA_E_DB;
		if (e == SENDA_OK)
			e = db_bind(db, st, err, "ttttttitttttt", clock, db_user_id(db),
				    p->partner_id, p->name, p->kind, level, p->needs_diploma ? 1 : 0,
				    p->documents, p->schedule, cost, p->contact_name, p->credential,
				    p->id);
		if (e == SENDA_OK) {
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
		if (e == SENDA_OK)
			e = log_diffs(db, "program", p->id, d, n, clock, err);
	}
	diffs_free(d, n);
	if ((e = end(db, e, err)) == SENDA_OK && ix)
		index_add(ix, p->partner_id, p->name, p->id);
	return e;
}
