/* senda — the referral slip: what the participant takes to the partner,
 * in her language first, written through the one safe writer. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"

/* ---- slip --------------------------------------------------------------- */

static void
append(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *piece = NULL;
	int n = vasprintf(&piece, fmt, ap);
	va_end(ap);
	if (n < 0)
		xalloc_die();
	*buf = xrealloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, piece, (size_t)n + 1);
	*len += (size_t)n;
	free(piece);
}

static void
slip_line(char **buf, size_t *len, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	char *safe = text_inert(value);
	/* L10N: one line of the referral slip: label, value */
	append(buf, len, _("%s: %s\n"), label, safe ? safe : value);
	free(safe);
}

static void
slip_one(char **buf, size_t *len, const participant *p, const program *g,
	 const referral *r, const char *lang)
{
	char day[64];
	sdate d;
	char *name = participant_name_new(p);
	date_from_iso(r->referred_on, &d);
	date_words(d, lang, day, sizeof day);
	append(buf, len, "%s\n", _("REFERRAL SLIP"));
	append(buf, len, "%s\n", "------------------------------------------------------------");
	slip_line(buf, len, _("For"), name);
	slip_line(buf, len, _("Program"), g->name);
	slip_line(buf, len, _("Where"), g->partner_name);
	char *addr = *g->city ? xasprintf("%s, %s", g->address, g->city) : xstrdup(g->address);
	slip_line(buf, len, _("Address"), addr);
	free(addr);
	slip_line(buf, len, _("When"), g->schedule);
	slip_line(buf, len, _("What to bring"), g->documents);
	slip_line(buf, len, _("Ask for"), g->contact_name);
	slip_line(buf, len, _("Phone"), g->phone);
	slip_line(buf, len, _("Reference code"), r->code);
	slip_line(buf, len, _("Referred on"), day);
	slip_line(buf, len, _("Referred by"), r->referred_by);
	append(buf, len, "\n");
	free(name);
}

char *
referral_slip(senda_db *db, const char *referral_id, senda_error *err)
{
	referral r;
	participant p;
	program g;
	if (referral_get(db, referral_id, &r, err) != SENDA_OK)
		return NULL;
	if (participant_get(db, r.participant_id, &p, err) != SENDA_OK)
		return NULL;
	/* The slip carries the person's name to the partner: not without
	 * consent to share (given, or withdrawn since the referral). */
	if (p.consent_share != 1) {
		participant_free(&p);
		senda_fail(err, SENDA_E_CONSENT, N_("Consent to share with partners"), "%s",
			   _("ask them first; record their consent only if they agree"));
		return NULL;
	}
	if (program_get(db, r.program_id, &g, err) != SENDA_OK) {
		participant_free(&p);
		return NULL;
	}
	char ui[3];
	snprintf(ui, sizeof ui, "%s", i18n_lang());
	const char *first = strcmp(p.language, "en") == 0 ? "en"
			  : strcmp(p.language, "es") == 0 ? "es" : ui;
	const char *second = strcmp(first, "es") == 0 ? "en" : "es";
	char *buf = NULL;
	size_t len = 0;
	i18n_set_lang(first);
	slip_one(&buf, &len, &p, &g, &r, first);
	i18n_set_lang(second);
	slip_one(&buf, &len, &p, &g, &r, second);
	i18n_set_lang(ui);
	participant_free(&p);
	program_free(&g);
	return buf;
}

senda_err
referral_slip_write(senda_db *db, const char *referral_id, const char *path, int flags,
		    senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	senda_err e = outfile_check(path, db_file(db), flags, err);
	if (e != SENDA_OK)
		return e;
	char *text = referral_slip(db, referral_id, err);
	if (!text)
		return err ? err->code : SENDA_E_NOTFOUND;
	e = outfile_write(path, text, strlen(text), db_file(db), flags, err);
	free(text);
	return e;
}

