/* senda — participants, screenings, referrals, placements and a flat report
 * as CSV: the columns of each come from its record's field table (a new
 * field with CSV headers is a new column), headers in the interface
 * language, values as a file writes them (field_written_stored), RFC 4180
 * through csv_put_field, UTF-8 or another encoding through iconv. People
 * without consent to share are left out unless the file is for a site of
 * this organization, as in bundles. See doc/csv.md. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "senda/conv.h"
#include "senda/csv.h"
#include "senda/esl.h"
#include "senda/exchange.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/pcsv.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/perm.h"

/* One column: a SQL expression over the query's tables (compiled-in text
 * or made from a field's key, never from data), the field that says how
 * its value is written (NULL: as stored) and its headers. */
struct col {
	char *sql;
	const field_desc *f;
	const char *en, *es;
	const char *pg;         /* its PostgreSQL type */
};

struct shape {
	struct col *c;
	size_t n, cap;
	const char **names[2];  /* headers: [0] English, [1] Spanish */
	const char **pgtypes;
	char *select;           /* the whole query, made once (db_prepare caches it) */
};

static struct shape shapes[5];

static const char *
pg_type(const field_desc *f)
{
	switch (f->kind) {
	case FK_DATE: return "date";
	case FK_INT: return "integer";
	case FK_MONEY: return "numeric(12,2)";
	case FK_YESNO: return "boolean";
	default: return "text";
	}
}

static void
add(struct shape *s, char *sql, const field_desc *f, const char *en, const char *es,
    const char *pg)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->c = xrealloc(s->c, s->cap * sizeof *s->c);
	}
	s->c[s->n++] = (struct col){ sql, f, en ? en : f->csv_en, es ? es : f->csv_es,
				     pg ? pg : pg_type(f) };
}

/* Every field of table with CSV headers, as alias.key. */
static void
add_fields(struct shape *s, const char *alias, const field_desc *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].csv_en && t[i].csv_es)
			add(s, xasprintf("%s.%s", alias, t[i].key), &t[i], NULL, NULL, NULL);
}

static void
add_one(struct shape *s, const char *alias, const field_desc *t, size_t n, const char *key)
{
	const field_desc *f = field_find(t, n, key);
	add(s, xasprintf("%s.%s", alias, f->key), f, NULL, NULL, NULL);
}

#define PEOPLE "participant p"
#define CONSENT "p.deleted = 0 AND (?1 = 1 OR p.consent_share = 1)"
/* The records linked to p as the same person that this file may carry
 * (for the report: FROM ...). */
#define GROUP_OF "participant q WHERE q.linked_to = p.id AND q.deleted = 0" \
	" AND (?1 = 1 OR q.consent_share = 1)"
/* p is linked to a record that has a row of its own in the report. */
#define IN_A_GROUP "EXISTS (SELECT 1 FROM participant o WHERE o.id = p.linked_to" \
	" AND o.deleted = 0 AND (?1 = 1 OR o.consent_share = 1))"

static void
build(enum pcsv_table t)
{
	struct shape *s = &shapes[t];
	const char *from = NULL, *order = NULL;
	add(s, xstrdup(t == PCSV_PARTICIPANTS || t == PCSV_REPORT ? "p.id" : "x.id"), NULL,
	    "id", "id", "uuid");
	if (t != PCSV_PARTICIPANTS && t != PCSV_REPORT)
		add(s, xstrdup("x.participant_id"), NULL, "participant_id", "id_participante",
		    "uuid");
	switch (t) {
	case PCSV_PARTICIPANTS:
		add_fields(s, "p", participant_fields, participant_nfields);
		add(s, xstrdup("p.created_at"), NULL, "created_at", "creado", "timestamptz");
		from = PEOPLE " WHERE " CONSENT;
		order = "p.sort_key, p.id";
		break;
	case PCSV_SCREENINGS:
		add_fields(s, "x", screening_fields, screening_nfields);
		from = "screening x JOIN " PEOPLE " ON p.id = x.participant_id WHERE x.deleted = 0"
			" AND " CONSENT;
		order = "p.sort_key, p.id, x.screened_on, x.id";
		break;
	case PCSV_REFERRALS:
		add(s, xstrdup("x.code"), NULL, "code", "código", "text");
		add_one(s, "o", partner_fields, partner_nfields, "name");
		add_one(s, "g", program_fields, program_nfields, "name");
		add_one(s, "x", referral_fields, referral_nfields, "referred_on");
		/* status, its date and the credential are columns of referral too */
		add_one(s, "x", referral_status_fields, referral_status_nfields, "status");
		add_one(s, "x", referral_status_fields, referral_status_nfields, "status_on");
		add_one(s, "x", referral_status_fields, referral_status_nfields, "credential");
		from = "referral x JOIN " PEOPLE " ON p.id = x.participant_id"
			" LEFT JOIN program g ON g.id = x.program_id"
			" LEFT JOIN partner o ON o.id = g.partner_id WHERE x.deleted = 0 AND " CONSENT;
		order = "p.sort_key, p.id, x.referred_on, x.id";
		break;
	case PCSV_PLACEMENTS:
		add_fields(s, "x", placement_fields, placement_nfields);
		from = "placement x JOIN " PEOPLE " ON p.id = x.participant_id WHERE x.deleted = 0"
			" AND " CONSENT;
		order = "p.sort_key, p.id, x.start_date, x.id";
		break;
	case PCSV_REPORT: {
		static const char *const names[] = { "given_names", "first_surname",
						     "second_surname", "birth_date", "language",
						     "phone", "consent_contact" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			add_one(s, "p", participant_fields, participant_nfields, names[i]);
		add(s, xstrdup("substr(p.created_at, 1, 10)"), NULL, "intake_date",
		    "fecha_registro", "date");
		/* One row a person: a record linked to this one as the same person
		 * ("same person" on the duplicates' review) has no row of its own,
		 * and its screenings, referrals and jobs count here, as the home
		 * screen and the record count her once. */
		add(s, xstrdup("1 + (SELECT count(*) FROM " GROUP_OF ")"), NULL,
		    "records", "expedientes", "integer");
		add(s, xstrdup("(SELECT s.level FROM screening s WHERE s.participant_id IN "
			       "(SELECT p.id UNION ALL SELECT id FROM " GROUP_OF ")"
			       " AND s.deleted = 0 ORDER BY s.screened_on DESC, s.created_at DESC"
			       " LIMIT 1)"), NULL, "esl_level", "nivel_de_inglés", "integer");
		add(s, xstrdup("(SELECT count(*) FROM referral r WHERE r.participant_id IN "
			       "(SELECT p.id UNION ALL SELECT id FROM " GROUP_OF ")"
			       " AND r.deleted = 0)"), NULL, "referrals", "referidos", "integer");
		add(s, xstrdup("(SELECT count(*) FROM referral r WHERE r.participant_id IN "
			       "(SELECT p.id UNION ALL SELECT id FROM " GROUP_OF ")"
			       " AND r.deleted = 0 AND r.status = 'completed')"), NULL,
		    "referrals_completed", "referidos_completados", "integer");
		static const char *const job[] = { "employer", "start_date", "wage_cents" };
		static const char *const job_en[] = { "employer", "job_start", "job_hourly_wage" };
		static const char *const job_es[] = { "empleador", "inicio_empleo",
						      "salario_por_hora_empleo" };
		for (size_t i = 0; i < 3; i++) {
			const field_desc *f = field_find(placement_fields, placement_nfields, job[i]);
			add(s, xasprintf("(SELECT j.%s FROM placement j WHERE j.participant_id IN "
					 "(SELECT p.id UNION ALL SELECT id FROM " GROUP_OF ")"
					 " AND j.deleted = 0 ORDER BY j.start_date DESC, j.created_at"
					 " DESC LIMIT 1)", f->key), f, job_en[i], job_es[i], NULL);
		}
		const field_desc *w = field_find(participant_fields, participant_nfields,
						 "wage_cents");
		add(s, xstrdup("p.wage_cents"), w, "intake_hourly_wage", "salario_por_hora_registro",
		    NULL);
		from = PEOPLE " WHERE " CONSENT " AND NOT " IN_A_GROUP;
		order = "p.sort_key, p.id";
		break;
	}
	}
	char *list = xstrdup("");
	for (size_t i = 0; i < s->n; i++) {
		char *more = xasprintf("%s%s%s", list, i ? ", " : "", s->c[i].sql);
		free(list);
		list = more;
	}
	s->select = xasprintf("SELECT %s FROM %s ORDER BY %s", list, from, order);
	free(list);
	for (int l = 0; l < 2; l++) {
		s->names[l] = xmalloc(s->n * sizeof *s->names[l]);
		for (size_t i = 0; i < s->n; i++)
			s->names[l][i] = l ? s->c[i].es : s->c[i].en;
	}
	s->pgtypes = xmalloc(s->n * sizeof *s->pgtypes);
	for (size_t i = 0; i < s->n; i++)
		s->pgtypes[i] = s->c[i].pg;
}

static const struct shape *
shape_of(enum pcsv_table t)
{
	if (!shapes[t].select)
		build(t);
	return &shapes[t];
}

bool
pcsv_table_named(const char *name, enum pcsv_table *t)
{
	static const char *const names[] = { "participants", "referrals", "placements",
					     "screenings", "report" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (name && strcmp(name, names[i]) == 0) {
			*t = (enum pcsv_table)i;
			return true;
		}
	return false;
}

void
pcsv_columns(enum pcsv_table t, bool es, const char *const **names,
	     const char *const **pgtypes, size_t *n)
{
	const struct shape *s = shape_of(t);
	*names = (const char *const *)s->names[es ? 1 : 0];
	*pgtypes = (const char *const *)s->pgtypes;
	*n = s->n;
}

/* ---- writing ----------------------------------------------------------- */

struct out {
	outfile of;
	csv_buf buf;            /* what is not written yet */
	const char *encoding;   /* NULL: UTF-8 */
	bool translit;
	bool refused;           /* a character the encoding lacks, no translit */
	bool header_lost;       /* the first such character is in the header */
	pcsv_export_report *rep;
	senda_err e;
	senda_error *err;
};

#define FLUSH_AT (1u << 20)

static void
flush(struct out *o)
{
	if (o->e == SENDA_OK && !o->refused && o->buf.len)
		o->e = outfile_put(&o->of, o->buf.s, o->buf.len, o->err);
	o->buf.len = 0;
}

/* One record (UTF-8, with its CRLF) in the file's encoding. */
static void
emit(struct out *o, const csv_buf *rec, bool header)
{
	if (!o->encoding) {
		if (!o->refused)
			csv_buf_add(&o->buf, rec->s, rec->len);
	} else {
		char *conv = NULL;
		size_t len = 0;
		conv_loss loss;
		senda_error cerr = { 0 };
		senda_err e = conv_from_utf8(o->encoding, rec->s, rec->len, o->translit, &conv,
					     &len, &loss, &cerr);
		if (loss.chars) {
			if (!o->rep->first_row && !o->header_lost) {
				o->rep->first_row = header ? 0 : o->rep->rows + 1;
				o->header_lost = header;
				snprintf(o->rep->first, sizeof o->rep->first, "%s", loss.first);
			}
			o->rep->chars_changed += loss.chars;
			if (!header)   /* rows that lost characters: data rows */
				o->rep->rows_changed++;
		}
		if (e == SENDA_OK && !o->refused)
			csv_buf_add(&o->buf, conv, len);
		else if (e != SENDA_OK && loss.chars && !o->translit)
			o->refused = true;
		else if (e != SENDA_OK && o->e == SENDA_OK) {
			o->e = e;
			*o->err = cerr;
		}
		free(conv);
	}
	if (!header)
		o->rep->rows++;
	if (o->buf.len >= FLUSH_AT)
		flush(o);
}

static senda_err
left_out(senda_db *db, enum pcsv_table t, int64_t *n, senda_error *err)
{
	static const char *const sql[] = {
		[PCSV_PARTICIPANTS] = "SELECT count(*) FROM participant WHERE deleted = 0"
			" AND consent_share <> 1",
		[PCSV_REPORT] = "SELECT count(*) FROM participant WHERE deleted = 0"
			" AND consent_share <> 1",
		[PCSV_SCREENINGS] = "SELECT count(DISTINCT x.participant_id) FROM screening x"
			" JOIN participant p ON p.id = x.participant_id WHERE x.deleted = 0"
			" AND p.deleted = 0 AND p.consent_share <> 1",
		[PCSV_REFERRALS] = "SELECT count(DISTINCT x.participant_id) FROM referral x"
			" JOIN participant p ON p.id = x.participant_id WHERE x.deleted = 0"
			" AND p.deleted = 0 AND p.consent_share <> 1",
		[PCSV_PLACEMENTS] = "SELECT count(DISTINCT x.participant_id) FROM placement x"
			" JOIN participant p ON p.id = x.participant_id WHERE x.deleted = 0"
			" AND p.deleted = 0 AND p.consent_share <> 1",
	};
	return db_int(db, n, err, sql[t], NULL);
}

static senda_err
fail_msg(pcsv_export_report *rep, senda_error *err)
{
	senda_error_text(err, rep->message, sizeof rep->message);
	return err->code;
}

senda_err
pcsv_export(senda_db *db, const pcsv_export_opts *o, pcsv_export_report *rep,
	    senda_error *err)
{
	pcsv_export_report local;
	senda_error lerr = { 0 };
	if (!rep)
		rep = &local;
	if (!err)
		err = &lerr;
	memset(rep, 0, sizeof *rep);
	/* After the report is made empty: a refusal is told in it too (its
	 * message was printed unset). */
	if (perm_require(db, PERM_EXPORT, err) != SENDA_OK)
		return fail_msg(rep, err);
	struct out w = { .encoding = NULL, .translit = o->translit, .rep = rep, .e = SENDA_OK,
			 .err = err };
	const char *enc = o->encoding && *o->encoding && !conv_is_utf8(o->encoding)
		? o->encoding : NULL;
	if (enc && !conv_known(enc)) {
		/* L10N: %s is the encoding name the user gave */
		senda_fail(err, SENDA_E_CHOICE, N_("Encoding"),
			   _("senda does not know the encoding “%s”; try UTF-8 or WINDOWS-1252"), enc);
		return fail_msg(rep, err);
	}
	w.encoding = enc;
	bool same_org = false;
	senda_err e = xc_destination_same_org(db, o->to, &same_org, err);
	if (e == SENDA_OK && !same_org)
		e = left_out(db, o->table, &rep->left_out, err);
	if (e != SENDA_OK)
		return fail_msg(rep, err);

	const struct shape *s = shape_of(o->table);
	sqlite3_stmt *st = db_prepare(db, s->select, err);
	if (!st)
		return fail_msg(rep, err);
	if ((e = db_bind(db, st, err, "i", same_org ? 1 : 0)) != SENDA_OK) {
		db_reset(st);
		return fail_msg(rep, err);
	}
	if ((e = outfile_begin(&w.of, o->out, db_file(db), o->out_flags, err)) != SENDA_OK) {
		db_reset(st);
		return fail_msg(rep, err);
	}
	if (!enc && o->excel)
		csv_buf_add(&w.buf, "\xEF\xBB\xBF", 3);   /* so Excel reads UTF-8 */
	csv_buf rec = { 0 };
	bool es = strcmp(i18n_lang(), "es") == 0;
	for (size_t i = 0; i < s->n; i++)
		csv_put_field(&rec, s->names[es][i], ',', i == 0);
	csv_buf_add(&rec, "\r\n", 2);
	emit(&w, &rec, true);
	int rc;
	while (w.e == SENDA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rec.len = 0;
		for (size_t i = 0; i < s->n; i++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)i);
			if (s->c[i].f) {
				char *x = field_written_stored(s->c[i].f, v);
				csv_put_field(&rec, x, ',', i == 0);
				free(x);
			} else
				csv_put_field(&rec, v ? v : "", ',', i == 0);
		}
		csv_buf_add(&rec, "\r\n", 2);
		emit(&w, &rec, false);
	}
	if (w.e == SENDA_OK && rc != SQLITE_DONE)
		w.e = db_error(db, err);
	db_reset(st);
	csv_buf_free(&rec);
	flush(&w);
	csv_buf_free(&w.buf);
	e = w.e;
	if (e == SENDA_OK && w.refused && w.header_lost) {
		outfile_abort(&w.of);
		snprintf(rep->message, sizeof rep->message,
			 /* L10N: an encoding, a character of a header in the interface
			    language that it lacks */
			 _("The headers cannot be written in %s (“%s”). Nothing was written. "
			   "Export in UTF-8, or let senda replace such characters with the nearest "
			   "letters (transliterate)."), enc, rep->first);
		return senda_fail(err, SENDA_E_IO, NULL, "%s", rep->message);
	}
	if (e == SENDA_OK && w.refused) {
		outfile_abort(&w.of);
		snprintf(rep->message, sizeof rep->message,
			 /* L10N: characters, encoding, the first such character and its row */
			 P_("%zu character cannot be written in %s: “%s” in row %lld. Nothing was "
			    "written. Export in UTF-8, or let senda replace it with the nearest "
			    "letter (transliterate).",
			    "%zu characters cannot be written in %s; the first is “%s” in row %lld. "
			    "Nothing was written. Export in UTF-8, or let senda replace them with the "
			    "nearest letters (transliterate).", (unsigned long)rep->chars_changed),
			 rep->chars_changed, enc, rep->first, (long long)rep->first_row);
		return senda_fail(err, SENDA_E_IO, NULL, "%s", rep->message);
	}
	if (e != SENDA_OK) {
		outfile_abort(&w.of);
		return fail_msg(rep, err);
	}
	if ((e = outfile_commit(&w.of, err)) != SENDA_OK)
		return fail_msg(rep, err);
	return SENDA_OK;
}
