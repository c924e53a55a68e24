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
#include "senda/text.h"
#include "senda/record.h"
#include "senda/uuid.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"

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

/* A program's minimum ESL level: none, or 1 to 6. */
static const struct field_choice level_choices[] = {
	/* L10N: minimum ESL level of a program: no requirement */
	{ "0", N_("none") },
	{ "1", "1" }, { "2", "2" }, { "3", "3" }, { "4", "4" }, { "5", "5" }, { "6", "6" },
	{ NULL, NULL }
};

/* The program's fields, in column order (the options are those of
 * programs add). Its partner is chosen apart, not edited as a field. */
#define GF(c, l, k, m, r, ch, o, en, es, fl) \
	{ #c, l, k, offsetof(program, c), m, r, ch, o, en, es, FT_LWW, fl }
const field_desc program_fields[] = {
	GF(name, N_("Program name"), FK_TEXT, PARTNER_NAME_MAX, true, NULL,
	   "name", "program", "programa", FF_FORM),
	/* L10N: the kind of a program (ESL class, GED, ...) */
	GF(kind, N_("Kind of program"), FK_CHOICE, 20, true, program_kind_choices,
	   "kind", "program_kind", "tipo_programa", FF_FORM | FF_OPEN_CHOICE | FF_BY_NAME),
	GF(min_esl_level, N_("Minimum ESL level"), FK_INT, 6, false, level_choices,
	   "min-level", "min_esl_level", "nivel_inglés_mínimo", FF_FORM | FF_ZERO_NULL),
	GF(needs_diploma, N_("Diploma needed"), FK_YESNO, 1, false, NULL,
	   "diploma", "needs_diploma", "requiere_diploma", FF_FORM),
	GF(documents, N_("Documents to bring"), FK_TEXT, PARTNER_TEXT_MAX * 2, false, NULL,
	   "documents", "documents", "documentos", FF_FORM),
	GF(schedule, N_("Schedule"), FK_TEXT, PARTNER_TEXT_MAX, false, NULL,
	   "schedule", "schedule", "horario", FF_FORM),
	GF(cost_cents, N_("Cost"), FK_MONEY, PROGRAM_COST_MAX, false, NULL,
	   "cost", "cost", "costo", FF_FORM | FF_FREE),
	/* L10N: the person a participant asks for at the program */
	GF(contact_name, N_("Whom to ask for"), FK_TEXT, PARTNER_NAME_MAX, false, NULL,
	   "contact", "program_contact", "contacto_programa", FF_FORM),
	/* L10N: what a program leads to, e.g. "Nurse Aide I" */
	GF(credential, N_("Credential"), FK_TEXT, PARTNER_NAME_MAX, false, NULL,
	   "credential", "credential", "credencial", FF_FORM),
};
const size_t program_nfields = sizeof program_fields / sizeof program_fields[0];
#define NPROGRAM (sizeof program_fields / sizeof program_fields[0])

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
	field_clear_all(partner_fields, NPARTNER, p);
	set(&p->kind, "other");
}

void
partner_free(partner *p)
{
	if (!p)
		return;
	field_free_all(partner_fields, NPARTNER, p);
}

void
program_init(program *p)
{
	memset(p, 0, sizeof *p);
	field_clear_all(program_fields, NPROGRAM, p);
	set(&p->kind, "other");
	p->needs_diploma = 0;
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
	field_free_all(program_fields, NPROGRAM, p);
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
		if (strcmp(fields[i].key, "kind") == 0 && !**AT(rec, &fields[i]))
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
	/* The kind's name ("organización comunitaria") becomes its code before
	 * the fields' checks measure it. */
	senda_err e = check_kind(&p->kind, partner_kind_from_text, partner_kinds,
				 partner_fields[1].label, err);
	return e == SENDA_OK ? check_fields(p, partner_fields, NPARTNER, err) : e;
}

senda_err
program_validate(program *p, senda_error *err)
{
	senda_err e = check_kind(&p->kind, program_kind_from_text, program_kinds,
				 program_fields[1].label, err);
	return e == SENDA_OK ? check_fields(p, program_fields, NPROGRAM, err) : e;
}

/* ---- reading ----------------------------------------------------------- */

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

/* The statements, made once from the field tables (db_prepare caches each
 * by its address). Only column names are formatted in, from the compiled-in
 * field tables through record_col_list and record_set_list, which stop the
 * program on any key that is not a plain identifier; every value is a bound
 * parameter (?N). */
enum { S_PARTNER_GET, S_PARTNER_LIST, S_PARTNER_INSERT, S_PARTNER_UPDATE,
       S_PROGRAM_GET, S_PROGRAM_LIST, S_PROGRAM_INSERT, S_PROGRAM_UPDATE, S_N };

/* The first field's column in a partner's and a program's SELECT. */
#define PARTNER_FIRST 1
#define PROGRAM_FIRST 2

static const char *
sql_of(int which)
{
	static char *sql[S_N];
	if (sql[which])
		return sql[which];
	char *pc = record_col_list(partner_fields, NPARTNER, NULL);
	char *gc = record_col_list(program_fields, NPROGRAM, "g.");
	char *gsel = xasprintf("SELECT g.id, g.partner_id, %s, o.name, o.address, o.city, o.phone"
			       " FROM program g JOIN partner o ON o.id = g.partner_id", gc);
	char *list;
	switch (which) {
	case S_PARTNER_GET:
		sql[which] = xasprintf("SELECT id, %s FROM partner WHERE id >= ?1 AND id < ?1 || '~'"
				       " AND deleted = 0 LIMIT 2", pc);
		break;
	case S_PARTNER_LIST:
		sql[which] = xasprintf("SELECT id, %s FROM partner WHERE deleted = 0", pc);
		break;
	case S_PARTNER_INSERT:
		list = record_param_list(NPARTNER);
		sql[which] = xasprintf("INSERT INTO partner (id, site_id, created_at, updated_at,"
				       " updated_by, %s) VALUES (?, ?, ?, ?, ?, %s)", pc, list);
		free(list);
		break;
	case S_PARTNER_UPDATE:
		list = record_set_list(partner_fields, NPARTNER, 3);
		sql[which] = xasprintf("UPDATE partner SET updated_at = ?1, updated_by = ?2, %s"
				       " WHERE id = ?%d", list, 3 + (int)NPARTNER);
		free(list);
		break;
	case S_PROGRAM_GET:
		sql[which] = xasprintf("%s WHERE g.id >= ?1 AND g.id < ?1 || '~' AND g.deleted = 0"
				       " LIMIT 2", gsel);
		break;
	case S_PROGRAM_LIST:
		sql[which] = xasprintf("%s WHERE g.deleted = 0 AND o.deleted = 0"
				       " AND (?1 IS NULL OR g.partner_id = ?1)", gsel);
		break;
	case S_PROGRAM_INSERT:
		free(gc);
		gc = record_col_list(program_fields, NPROGRAM, NULL);
		list = record_param_list(NPROGRAM);
		sql[which] = xasprintf("INSERT INTO program (id, site_id, created_at, updated_at,"
				       " updated_by, partner_id, %s) VALUES (?, ?, ?, ?, ?, ?, %s)",
				       gc, list);
		free(list);
		break;
	default:
		list = record_set_list(program_fields, NPROGRAM, 4);
		sql[which] = xasprintf("UPDATE program SET updated_at = ?1, updated_by = ?2,"
				       " partner_id = ?3, %s WHERE id = ?%d", list,
				       4 + (int)NPROGRAM);
		free(list);
		break;
	}
	free(pc);
	free(gc);
	free(gsel);
	return sql[which];
}

static void
read_partner(sqlite3_stmt *st, partner *p)
{
	partner_init(p);
	snprintf(p->id, sizeof p->id, "%s", col(st, 0));
	record_read_cols(st, PARTNER_FIRST, partner_fields, NPARTNER, p);
}

static void
read_program(sqlite3_stmt *st, program *p)
{
	program_init(p);
	snprintf(p->id, sizeof p->id, "%s", col(st, 0));
	snprintf(p->partner_id, sizeof p->partner_id, "%s", col(st, 1));
	record_read_cols(st, PROGRAM_FIRST, program_fields, NPROGRAM, p);
	int o = PROGRAM_FIRST + (int)NPROGRAM;
	set(&p->partner_name, col(st, o));
	set(&p->address, col(st, o + 1));
	set(&p->city, col(st, o + 2));
	set(&p->phone, col(st, o + 3));
}

static void read_partner_v(sqlite3_stmt *st, void *p) { read_partner(st, p); }
static void read_program_v(sqlite3_stmt *st, void *p) { read_program(st, p); }
static void partner_free_v(void *p) { partner_free(p); }
static void program_free_v(void *p) { program_free(p); }

senda_err
partner_get(senda_db *db, const char *id, partner *out, senda_error *err)
{
	return record_get_sql(db, sql_of(S_PARTNER_GET), id, read_partner_v, partner_free_v, out,
			      err);
}

senda_err
program_get(senda_db *db, const char *id, program *out, senda_error *err)
{
	return record_get_sql(db, sql_of(S_PROGRAM_GET), id, read_program_v, program_free_v, out,
			      err);
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

/* Every live partner's and program's name key -> its id: KEY for a
 * partner, PARTNER-ID "\x01" KEY for a program, in a temporary table of
 * the connection (temp_store is FILE: the pages SQLite caches, not a copy
 * in memory of every name, however many there are). */
struct partner_index {
	senda_db *db;
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

static senda_err
index_add(partner_index *ix, const char *partner_id, const char *name, const char *id,
	  senda_error *err)
{
	char *ckey = index_name_key(ix, name);
	senda_err e = SENDA_OK;
	if (ckey) {
		char *k = index_key(partner_id, ckey);
		/* The oldest stays, as in find_name. */
		e = db_exec(ix->db, err, "INSERT OR IGNORE INTO temp.partner_name_index (key, id)"
			    " VALUES (?, ?)", "tt", k, id);
		free(k);
	}
	free(ckey);
	return e;
}

senda_err
partner_index_load(senda_db *db, partner_index **out, senda_error *err)
{
	*out = NULL;
	senda_err e = db_exec(db, err, "CREATE TEMP TABLE IF NOT EXISTS partner_name_index"
			      " (key TEXT PRIMARY KEY NOT NULL, id TEXT NOT NULL) WITHOUT ROWID", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "CREATE TEMP TABLE IF NOT EXISTS partner_import_state"
			    " (id TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL) WITHOUT ROWID", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.partner_name_index", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.partner_import_state", NULL);
	if (e != SENDA_OK)
		return e;
	partner_index *ix = xcalloc(1, sizeof *ix);
	ix->db = db;
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
		e = SENDA_OK;
		while (e == SENDA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			char *id = xstrdup(col(st, 0)), *pid = xstrdup(col(st, 1));
			char *name = xstrdup(col(st, 2));
			e = index_add(ix, pid, name, id, err);
			free(id);
			free(pid);
			free(name);
		}
		if (e == SENDA_OK && rc != SQLITE_DONE)
			e = db_error(db, err);
		sqlite3_reset(st);
		if (e != SENDA_OK) {
			partner_index_free(ix);
			return e;
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
	/* Its rows only: the table may have gone with a rolled-back transaction. */
	senda_err e = db_exec(ix->db, NULL, "DELETE FROM temp.partner_name_index", NULL);
	if (e == SENDA_OK)
		e = db_exec(ix->db, NULL, "DELETE FROM temp.partner_import_state", NULL);
	(void)e;
	for (int i = 0; i < 4; i++) {
		free(ix->memo[i].name);
		free(ix->memo[i].key);
	}
	free(ix);
}

senda_err
partner_index_state(partner_index *ix, const char *id, char state[8], senda_error *err)
{
	char *v = NULL;
	senda_error lerr = { 0 };   /* nothing yet is no error */
	senda_err e = db_text(ix->db, &v, &lerr, "SELECT state FROM temp.partner_import_state"
			      " WHERE id = ?", "t", id);
	snprintf(state, 8, "%s", e == SENDA_OK ? v : "");
	free(v);
	if (e == SENDA_E_NOTFOUND)
		return SENDA_OK;
	if (e != SENDA_OK && err)
		*err = lerr;
	return e;
}

senda_err
partner_index_set_state(partner_index *ix, const char *id, const char *state,
			senda_error *err)
{
	return db_exec(ix->db, err, "INSERT OR REPLACE INTO temp.partner_import_state (id, state)"
		       " VALUES (?, ?)", "tt", id, state);
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
		char *id = NULL;
		senda_error lerr = { 0 };   /* not found is no error here */
		senda_err e = db_text(db, &id, &lerr, "SELECT id FROM temp.partner_name_index"
				      " WHERE key = ?", "t", k);
		if (e == SENDA_OK && strcmp(id, except) != 0)
			snprintf(found, UUID_LEN, "%s", id);
		free(id);
		free(k);
		free(ckey);
		if (e == SENDA_E_NOTFOUND)
			return SENDA_OK;
		if (e != SENDA_OK && err)
			*err = lerr;
		return e;
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
	sqlite3_stmt *st = db_prepare(db, sql_of(S_PARTNER_LIST), err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	return deliver(db, st, fn, NULL, ctx, err);
}

senda_err
program_list(senda_db *db, const char *partner_id, program_fn fn, void *ctx,
	     senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, sql_of(S_PROGRAM_LIST), err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", partner_id);
	if (e != SENDA_OK)
		return e;
	return deliver(db, st, NULL, fn, ctx, err);
}

/* ---- writing ----------------------------------------------------------- */

static senda_err
end(senda_db *db, senda_err e, senda_error *err)
{
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

/* An UPDATE: bind the leading texts vals[0..lead), then the record's
 * fields t[0..n), then the id, and step. */
static senda_err
write_row(senda_db *db, int which, const field_desc *t, size_t n, const void *rec,
	  int lead, const char *const *vals, const char *id, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, sql_of(which), err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = SENDA_OK;
	for (int i = 0; i < lead && e == SENDA_OK; i++)
		e = db_bind_from(db, st, err, i + 1, "t", vals[i]);
	if (e == SENDA_OK)
		e = record_bind_cols(db, st, lead + 1, t, n, rec, err);
	if (e == SENDA_OK)
		e = db_bind_from(db, st, err, lead + 1 + (int)n, "t", id);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* Insert a new row (its id made here) or write over the stored one with the
 * change log: rec's fields t[0..n), and the program's partner. */
static senda_err
save_row(senda_db *db, const char *tbl, const field_desc *t, size_t n, void *rec,
	 const char *partner_id, senda_error *err)
{
	bool is_program = partner_id != NULL;
	char *id = rec, clock[HLC_LEN];
	senda_err e;
	if (!id[0]) {
		uuid_new(id);
		const char *extra[] = { partner_id };
		e = record_insert(db, tbl, sql_of(is_program ? S_PROGRAM_INSERT : S_PARTNER_INSERT), id,
				  extra, is_program ? 1 : 0, t, n, rec, err);
		if (e != SENDA_OK)
			id[0] = '\0';
		return e;
	}
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	union { partner p; program g; } old;
	e = is_program ? program_get(db, id, &old.g, err) : partner_get(db, id, &old.p, err);
	if (e != SENDA_OK)
		return end(db, e, err);
	const char *old_id = old.p.id, *old_partner = is_program ? old.g.partner_id : "";
	int changed = 0;
	if (strcmp(old_id, id) != 0)   /* the whole id, not a prefix */
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id);
	else if (is_program && strcmp(old_partner, partner_id) != 0) {
		changed++;
		if ((e = db_tick(db, clock, err)) == SENDA_OK)
			e = changelog_add(db, tbl, id, "partner_id", old_partner, partner_id, clock,
					  err);
	}
	if (e == SENDA_OK)
		e = record_log_changes(db, tbl, id, t, n, &old, rec, clock, &changed, err);
	if (is_program)
		program_free(&old.g);
	else
		partner_free(&old.p);
	if (e == SENDA_OK && changed) {
		const char *vals[] = { clock, db_actor_id(db), partner_id };
		e = write_row(db, is_program ? S_PROGRAM_UPDATE : S_PARTNER_UPDATE, t, n, rec,
			      is_program ? 3 : 2, vals, id, err);
	}
	return end(db, e, err);
}

senda_err
partner_save(senda_db *db, partner *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PARTNERS, err);
	return partner_save_in(db, NULL, p, err);
}

senda_err
partner_save_in(senda_db *db, partner_index *ix, partner *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PARTNERS, err);
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	senda_err e = partner_validate(p, err);
	if (e != SENDA_OK)
		return e;
	char other[UUID_LEN];
	if ((e = find_name(db, ix, "", p->name, p->id, other, err)) != SENDA_OK)
		return e;
	if (other[0])
		/* L10N: a partner with the same name (ignoring case and accents) exists */
		return senda_fail(err, SENDA_E_EXISTS, N_("Partner name"), "%s", p->name);
	if ((e = save_row(db, "partner", partner_fields, NPARTNER, p, NULL, err)) == SENDA_OK && ix)
		e = index_add(ix, "", p->name, p->id, err);
	return e;
}

senda_err
program_save(senda_db *db, program *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PARTNERS, err);
	return program_save_in(db, NULL, p, err);
}

senda_err
program_save_in(senda_db *db, partner_index *ix, program *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PARTNERS, err);
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
	char other[UUID_LEN];
	if ((e = find_name(db, ix, p->partner_id, p->name, p->id, other, err)) != SENDA_OK)
		return e;
	if (other[0])
		return senda_fail(err, SENDA_E_EXISTS, N_("Program name"), "%s", p->name);
	if ((e = save_row(db, "program", program_fields, NPROGRAM, p, p->partner_id, err)) ==
	    SENDA_OK && ix)
		e = index_add(ix, p->partner_id, p->name, p->id, err);
	return e;
}

/* ---- kinds of record (senda/record.h) ------------------------------------ */

static void partner_init_v(void *p) { partner_init(p); }
static void partner_copy_v(void *d, const void *s)
{
	partner_init(d);
	memcpy(d, s, UUID_LEN);
	field_copy_all(partner_fields, NPARTNER, d, s);
}
static senda_err partner_validate_v(void *p, senda_error *e) { return partner_validate(p, e); }
static senda_err partner_get_v(senda_db *db, const char *id, void *o, senda_error *e)
{
	return partner_get(db, id, o, e);
}
static senda_err partner_save_v(senda_db *db, void *p, senda_error *e)
{
	return partner_save(db, p, e);
}
const record_kind partner_kind = {
	"partner", partner_fields, NPARTNER, sizeof(partner), partner_init_v, partner_free_v,
	partner_copy_v, partner_validate_v, partner_get_v, partner_save_v, partner_save_v,
};

static void program_init_v(void *p) { program_init(p); }
static void program_copy_v(void *dst, const void *src)
{
	program *d = dst;
	const program *s = src;
	program_init(d);
	memcpy(d->id, s->id, sizeof d->id);
	memcpy(d->partner_id, s->partner_id, sizeof d->partner_id);
	field_copy_all(program_fields, NPROGRAM, d, s);
	set(&d->partner_name, s->partner_name);
	set(&d->address, s->address);
	set(&d->city, s->city);
	set(&d->phone, s->phone);
}
static senda_err program_validate_v(void *p, senda_error *e) { return program_validate(p, e); }
static senda_err program_get_v(senda_db *db, const char *id, void *o, senda_error *e)
{
	return program_get(db, id, o, e);
}
static senda_err program_save_v(senda_db *db, void *p, senda_error *e)
{
	return program_save(db, p, e);
}
const record_kind program_kind = {
	"program", program_fields, NPROGRAM, sizeof(program), program_init_v, program_free_v,
	program_copy_v, program_validate_v, program_get_v, program_save_v, program_save_v,
};

TYPED_UPDATE(partner, partner, partner_kind)
TYPED_UPDATE(program, program, program_kind)
