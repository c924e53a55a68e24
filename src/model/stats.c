/* senda — the numbers on the home screen and in 'senda check'. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "senda/calls.h"
#include "senda/i18n.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/site.h"
#include "senda/stats.h"
#include "senda/perm.h"
#include "db/stmt.h"

senda_err
stats_home(senda_db *db, sdate today, struct home_stats *out, senda_error *err)
{
	PERM_CHECK(db, PERM_REPORTS, err);
	char week_start[11];
	memset(out, 0, sizeof *out);
	date_to_iso(date_from_days(date_to_days(today) - 6), week_start);
	senda_err e;
	int64_t linked = 0;
	/* the calls of the call list: of people who may be called */
	if ((e = calls_due_count(db, today, &out->calls_due, err)) != SENDA_OK ||
	    (e = referral_waiting_count(db, &out->referrals_waiting, err)) != SENDA_OK ||
	    /* Kept by the schema's triggers: 7 rows, not the week's intakes. */
	    (e = db_int(db, &out->intakes_week, err,
			"SELECT coalesce(sum(n), 0) FROM tally_day"
			" WHERE name = 'intake' AND day >= ?", "t", week_start)) != SENDA_OK ||
	    (e = participant_count(db, &out->participants, err)) != SENDA_OK ||
	    /* a person met at two sites and linked (dedupe_link) is one person */
	    /* (only when the one she is linked to is here and live: a bundle
	     * may carry the link without that record) */
	    (e = db_int(db, &linked, err, "SELECT count(*) FROM participant p"
			" WHERE p.linked_to IS NOT NULL AND p.deleted = 0 AND EXISTS (SELECT 1"
			" FROM participant o WHERE o.id = p.linked_to AND o.deleted = 0)",
			NULL)) != SENDA_OK ||
	    (e = referral_overdue_count(db, &out->referrals_overdue, err)) != SENDA_OK ||
	    (e = referral_overdue_days(db, &out->overdue_days, err)) != SENDA_OK) {
		memset(out, 0, sizeof *out);
		return e;
	}
	out->participants -= linked;
	return SENDA_OK;
}

/* What 'senda check' counts, in its order. */
static const struct {
	const char *label;
	const char *sql;
} file_counts[STATS_NCOUNTS] = {
	{ N_("Participants"), "SELECT count(*) FROM participant WHERE deleted = 0" },
	{ N_("Screenings"), "SELECT count(*) FROM screening WHERE deleted = 0" },
	{ N_("Referrals"), "SELECT count(*) FROM referral WHERE deleted = 0" },
	{ N_("Placements"), "SELECT count(*) FROM placement WHERE deleted = 0" },
	{ N_("Follow-up calls"), "SELECT count(*) FROM call_attempt WHERE deleted = 0" },
	{ N_("Changes logged"), "SELECT count(*) FROM change_log" },
	{ N_("Conflicts to review"), "SELECT count(*) FROM merge_conflict WHERE reviewed = 0" },
};

senda_err
stats_file(senda_db *db, struct file_stats *out, senda_error *err)
{
	PERM_CHECK(db, PERM_REPORTS, err);
	memset(out, 0, sizeof *out);
	for (int i = 0; i < STATS_NCOUNTS; i++)
		out->counts[i].label = file_counts[i].label;
	senda_err e = db_schema_version(db, &out->schema_version, err);
	if (e == SENDA_OK) {
		e = site_name(db, &out->site_name, err);
		if (e == SENDA_E_NOTFOUND)
			e = SENDA_OK;   /* not set up yet: site_name stays NULL */
	}
	for (int i = 0; i < STATS_NCOUNTS && e == SENDA_OK; i++)
		e = db_int(db, &out->counts[i].n, err, file_counts[i].sql, NULL);
	if (e != SENDA_OK) {
		/* Nothing read is kept: no number that might be taken for the file's. */
		free(out->site_name);
		out->site_name = NULL;
		out->schema_version = 0;
		for (int i = 0; i < STATS_NCOUNTS; i++)
			out->counts[i].n = 0;
		return e;
	}
	return SENDA_OK;
}

void
stats_file_free(struct file_stats *s)
{
	free(s->site_name);
	memset(s, 0, sizeof *s);
}
