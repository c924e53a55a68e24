/* senda — what the file holds about people (see senda/privacy.h). */
#include <config.h>

#include <string.h>

#include "db/stmt.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/privacy.h"

senda_err
privacy_file(senda_db *db, privacy_counts *out, senda_error *err)
{
	memset(out, 0, sizeof *out);
	senda_err e = perm_require(db, PERM_REPORTS, err);
	struct { int64_t *n; const char *sql; } q[] = {
		{ &out->people, "SELECT count(*) FROM participant WHERE deleted = 0" },
		{ &out->share, "SELECT count(*) FROM participant WHERE deleted = 0 AND consent_share = 1" },
		{ &out->contact, "SELECT count(*) FROM participant WHERE deleted = 0"
				 " AND consent_contact = 1" },
		{ &out->screenings, "SELECT count(*) FROM screening WHERE deleted = 0" },
		{ &out->referrals, "SELECT count(*) FROM referral WHERE deleted = 0" },
		{ &out->placements, "SELECT count(*) FROM placement WHERE deleted = 0" },
		{ &out->followups, "SELECT count(*) FROM followup WHERE deleted = 0" },
		{ &out->calls, "SELECT count(*) FROM call_attempt WHERE deleted = 0" },
		{ &out->history, "SELECT count(*) FROM change_log" },
		{ &out->access, "SELECT count(*) FROM access_log" },
		{ &out->erased, "SELECT count(*) FROM erasure" },
		{ &out->sites, "SELECT count(*) FROM site WHERE deleted = 0 AND id <> ?" },
		{ &out->exports, "SELECT count(*) FROM export_log" },
		{ &out->backups, "SELECT count(*) FROM backup_made" },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0] && e == SENDA_OK; i++)
		e = strchr(q[i].sql, '?') ? db_int(db, q[i].n, err, q[i].sql, "t", db_site_id(db))
					  : db_int(db, q[i].n, err, q[i].sql, NULL);
	return e;
}

senda_err
privacy_person(senda_db *db, const char *id, privacy_counts *out, senda_error *err)
{
	memset(out, 0, sizeof *out);
	senda_err e = perm_require(db, PERM_PEOPLE_LIST, err);
	if (e == SENDA_OK)
		e = perm_require(db, PERM_CONTACT, err);
	if (e != SENDA_OK)
		return e;
	participant p;
	if ((e = participant_get(db, id, &p, err)) != SENDA_OK)
		return e;
	out->people = 1;
	out->share = p.consent_share;
	out->contact = p.consent_contact;
	struct { int64_t *n; const char *sql; } q[] = {
		{ &out->screenings, "SELECT count(*) FROM screening WHERE deleted = 0"
				    " AND participant_id = ?1" },
		{ &out->referrals, "SELECT count(*) FROM referral WHERE deleted = 0"
				   " AND participant_id = ?1" },
		{ &out->placements, "SELECT count(*) FROM placement WHERE deleted = 0"
				    " AND participant_id = ?1" },
		{ &out->followups, "SELECT count(*) FROM followup WHERE deleted = 0"
				   " AND participant_id = ?1" },
		{ &out->calls, "SELECT count(*) FROM call_attempt x JOIN followup f"
			       " ON f.id = x.followup_id WHERE x.deleted = 0 AND f.participant_id = ?1" },
		{ &out->history, "SELECT count(*) FROM change_log WHERE row_id = ?1 OR row_id IN"
				 " (SELECT id FROM screening WHERE participant_id = ?1 UNION ALL"
				 "  SELECT id FROM referral WHERE participant_id = ?1 UNION ALL"
				 "  SELECT id FROM placement WHERE participant_id = ?1)" },
		{ &out->access, "SELECT count(*) FROM access_log WHERE participant_id = ?1" },
		/* her other records: the same person, linked */
		{ &out->sites, "SELECT count(*) FROM participant WHERE deleted = 0 AND id <> ?1"
			       " AND (linked_to = ?1 OR id = (SELECT linked_to FROM participant"
			       " WHERE id = ?1))" },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0] && e == SENDA_OK; i++)
		e = db_int(db, q[i].n, err, q[i].sql, "t", p.id);
	participant_free(&p);
	return e;
}
