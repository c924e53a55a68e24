/* senda — the tables that travel, their columns, and a content hash of them. */
#include <config.h>

#include <string.h>

#include <sodium.h>

#include "db/stmt.h"
#include "exchange/tables.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/esl.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/placement.h"
#include "senda/record.h"
#include "senda/referral.h"

const char *const xc_tables[] = {
	"site", "site_org", "user", "partner", "program", "esl_table", "esl_band",
	"participant", "screening", "referral", "referral_status", "placement",
	"followup", "call_attempt", "dedupe_distinct", "erasure",
};
const size_t xc_ntables = sizeof xc_tables / sizeof xc_tables[0];

/* Their names for people, in the same order (the merge summary, the review). */
static const char *const table_labels[] = {
	/* L10N: a table in the merge summary */
	N_("Sites"), N_("Site organizations"), N_("Users"), N_("Partners"), N_("Programs"),
	/* L10N: a table in the merge summary: the ESL cut-score tables */
	N_("ESL score tables"), N_("ESL score bands"), N_("Participants"), N_("Screenings"),
	N_("Referrals"), N_("Referral statuses"), N_("Placements"), N_("Follow-ups"),
	/* L10N: a table in the merge summary: phone calls of follow-ups */
	N_("Calls"),
	/* L10N: a table in the merge summary: pairs of records marked as two people */
	N_("Different people"),
	/* L10N: a table in the merge summary: people erased at their request
	 * (the notices that travel, holding no data of theirs) */
	N_("Erased people"),
};
_Static_assert(sizeof table_labels / sizeof table_labels[0] ==
	       sizeof xc_tables / sizeof xc_tables[0], "a label for every exchanged table");
_Static_assert(sizeof xc_tables / sizeof xc_tables[0] <=
	       sizeof ((xc_report *)0)->table / sizeof ((xc_report *)0)->table[0],
	       "room in a merge report for every exchanged table");

const char *
xc_table_label(size_t i)
{
	return i < xc_ntables ? table_labels[i] : "";
}

int
xc_table_index(const char *name)
{
	for (size_t i = 0; i < xc_ntables; i++)
		if (strcmp(xc_tables[i], name) == 0)
			return (int)i;
	return -1;
}

bool
xc_column_local(const char *col)
{
	return strcmp(col, "pin_hash") == 0 || strcmp(col, "sort_key") == 0;
}

/* The records people edit, whose field tables say how long each text may
 * be: what a form or a command refuses, a bundle must not bring either. */
static const record_kind *const limited[] = {
	&participant_kind, &partner_kind, &program_kind, &placement_kind, &referral_kind,
	&referral_status_kind, &screening_kind,
};

int64_t
xc_column_limit(const char *tbl, const char *col)
{
	for (size_t i = 0; i < sizeof limited / sizeof limited[0]; i++) {
		if (strcmp(limited[i]->table, tbl) != 0)
			continue;
		const field_desc *f = field_find(limited[i]->fields, limited[i]->nfields, col);
		if (f && f->max > 0 && (f->kind == FK_TEXT || f->kind == FK_PHONE ||
					f->kind == FK_EMAIL || f->kind == FK_CHOICE))
			return f->max;
		return -1;
	}
	return -1;
}

char *
xc_limits_sql(const xc_table_info *t, const char *json)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < t->ncols; i++) {
		int64_t max = xc_column_limit(t->name, t->cols[i]);
		if (max < 0)
			continue;
		/* The column is a name of the schema's, the limit a number. */
		char *more = xasprintf("%s AND coalesce(length(json_extract(%s, '$.%s')), 0) <= %lld",
				       s, json, t->cols[i], (long long)max);
		free(s);
		s = more;
	}
	return s;
}

static bool
is_meta(const char *col)
{
	static const char *const meta[] = { "id", "site_id", "created_at", "updated_at",
					    "updated_by" };
	for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
		if (strcmp(col, meta[i]) == 0)
			return true;
	return false;
}

bool
xc_table_has_field(const xc_table_info *t, const char *field)
{
	if (is_meta(field))
		return false;
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], field) == 0)
			return true;
	return false;
}

/* The columns come from the migrations built into this binary, which every
 * open file has run: read once, kept for the process. */
static xc_table_info *cached;

static void xc_table_infos_release(xc_table_info *t);

senda_err
xc_table_infos(senda_db *db, xc_table_info **out, senda_error *err)
{
	if (cached) {
		*out = cached;
		return SENDA_OK;
	}
	xc_table_info *t = xcalloc(xc_ntables + 1, sizeof *t);
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < xc_ntables && e == SENDA_OK; i++) {
		t[i].name = xc_tables[i];
		sqlite3_stmt *st = db_prepare(db, "SELECT name, dflt_value FROM pragma_table_info(?)",
					      err);
		if (!st) {
			e = err->code;
			break;
		}
		if ((e = db_bind(db, st, err, "t", xc_tables[i])) != SENDA_OK)
			break;
		size_t cap = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(st, 0);
			if (!c || xc_column_local(c))
				continue;
			if (t[i].ncols == cap) {
				cap = cap ? cap * 2 : 16;
				t[i].cols = xrealloc(t[i].cols, cap * sizeof *t[i].cols);
				t[i].dflt = xrealloc(t[i].dflt, cap * sizeof *t[i].dflt);
			}
			const char *d = (const char *)sqlite3_column_text(st, 1);
			t[i].dflt[t[i].ncols] = d ? xstrdup(d) : NULL;
			t[i].cols[t[i].ncols++] = xstrdup(c);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			e = db_error(db, err);
			break;
		}
		st = db_prepare(db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", err);
		if (!st) {
			e = err->code;
			break;
		}
		if ((e = db_bind(db, st, err, "t", xc_tables[i])) != SENDA_OK)
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			t[i].fk_col = xrealloc(t[i].fk_col, (t[i].nfk + 1) * sizeof *t[i].fk_col);
			t[i].fk_table = xrealloc(t[i].fk_table, (t[i].nfk + 1) * sizeof *t[i].fk_table);
			t[i].fk_col[t[i].nfk] = xstrdup((const char *)sqlite3_column_text(st, 0));
			t[i].fk_table[t[i].nfk] = xstrdup((const char *)sqlite3_column_text(st, 1));
			t[i].nfk++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			e = db_error(db, err);
	}
	if (e != SENDA_OK) {
		xc_table_infos_release(t);
		t = NULL;
	}
	cached = t;
	*out = t;
	return e;
}

char *
xc_column_from_json(const xc_table_info *t, size_t i, const char *json)
{
	/* The column is a name of the schema's (pragma_table_info) and its
	 * default the schema's own SQL text, never a bundle's: json_type is
	 * NULL for a key that is not there, 'null' for a value that is. */
	if (!t->dflt[i])
		return xasprintf("json_extract(%s, '$.%s')", json, t->cols[i]);
	/* Most values are there and not null: one look into the JSON, a
	 * second only for a null, to tell a key not there. */
	return xasprintf("coalesce(json_extract(%s, '$.%s'), CASE WHEN json_type(%s, '$.%s')"
			 " IS NULL THEN (%s) END)", json, t->cols[i], json, t->cols[i],
			 t->dflt[i]);
}

void
xc_table_infos_free(xc_table_info *t)
{
	(void)t;   /* kept for the process (see cached) */
}

static void
xc_table_infos_release(xc_table_info *t)
{
	if (!t)
		return;
	for (size_t i = 0; t[i].name; i++) {
		for (size_t j = 0; j < t[i].ncols; j++) {
			free(t[i].cols[j]);
			free(t[i].dflt[j]);
		}
		free(t[i].cols);
		free(t[i].dflt);
		for (size_t j = 0; j < t[i].nfk; j++) {
			free(t[i].fk_col[j]);
			free(t[i].fk_table[j]);
		}
		free(t[i].fk_col);
		free(t[i].fk_table);
	}
	free(t);
}

static void
hash_u64(crypto_generichash_state *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

senda_err
xc_content_hash(senda_db *db, char out[65], senda_error *err)
{
	xc_table_info *t;
	senda_err e = xc_table_infos(db, &t, err);
	if (e != SENDA_OK)
		return e;
	crypto_generichash_state h;
	unsigned char sum[32];
	crypto_generichash_init(&h, NULL, 0, sizeof sum);
	sqlite3 *s = db_sqlite(db);
	for (size_t i = 0; i < xc_ntables && e == SENDA_OK; i++) {
		char *cols = xstrdup("");
		for (size_t j = 0; j < t[i].ncols; j++) {
			if (strcmp(t[i].cols[j], "updated_at") == 0 ||
			    strcmp(t[i].cols[j], "updated_by") == 0)
				continue;
			char *c = xasprintf("%s%s\"%s\"", cols, *cols ? ", " : "", t[i].cols[j]);
			free(cols);
			cols = c;
		}
		/* Names come from the schema, not from data. */
		char *sql = xasprintf("SELECT %s FROM \"%s\" ORDER BY id", cols, t[i].name);
		free(cols);
		sqlite3_stmt *st = NULL;
		crypto_generichash_update(&h, (const unsigned char *)t[i].name,
					  strlen(t[i].name) + 1);
		if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) != SQLITE_OK) {
			e = db_error(db, err);
			free(sql);
			break;
		}
		free(sql);
		int rc, n = sqlite3_column_count(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			for (int c = 0; c < n; c++) {
				unsigned char tag = (unsigned char)sqlite3_column_type(st, c);
				crypto_generichash_update(&h, &tag, 1);
				if (tag == SQLITE_INTEGER) {
					hash_u64(&h, (uint64_t)sqlite3_column_int64(st, c));
				} else if (tag != SQLITE_NULL) {
					const unsigned char *p = sqlite3_column_blob(st, c);
					size_t len = (size_t)sqlite3_column_bytes(st, c);
					hash_u64(&h, len);
					if (len)
						crypto_generichash_update(&h, p, len);
				}
			}
		if (rc != SQLITE_DONE)
			e = db_error(db, err);
		sqlite3_finalize(st);
	}
	crypto_generichash_final(&h, sum, sizeof sum);
	sodium_bin2hex(out, 65, sum, sizeof sum);
	xc_table_infos_free(t);
	return e;
}
