/* senda — what each role may do (include/senda/perm.h). */
#include <config.h>

#include <string.h>

#include "senda/i18n.h"
#include "senda/perm.h"

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_ESL] = "esl",
	[ROLE_VOLUNTEER] = "volunteer",
	[ROLE_HUB] = "hub",
};

static const char *const role_labels[ROLE__COUNT] = {
	/* L10N: a user's role: runs the program at a site, may do everything */
	[ROLE_COORDINATOR] = N_("coordinator"),
	/* L10N: a user's role: the ESL office's staff, who screen English levels */
	[ROLE_ESL] = N_("ESL staff"),
	/* L10N: a user's role: makes follow-up calls only */
	[ROLE_VOLUNTEER] = N_("volunteer"),
	/* L10N: a user's role: the regional hub's staff (merge, review, reports) */
	[ROLE_HUB] = N_("hub"),
};

#define C (1u << ROLE_COORDINATOR)
#define E (1u << ROLE_ESL)
#define V (1u << ROLE_VOLUNTEER)
#define H (1u << ROLE_HUB)

static const struct {
	unsigned roles;
	const char *label;
} perms[PERM__COUNT] = {
	[PERM_PEOPLE_LIST] = {C | E, N_("browse and open people's records")},
	[PERM_PEOPLE_WRITE] = {C, N_("add or change people")},
	[PERM_CONTACT] = {C, N_("see people's phone numbers and addresses")},
	[PERM_SCREENING] = {C | E, N_("screen English levels")},
	[PERM_REFERRAL] = {C, N_("see or change referrals")},
	[PERM_PLACEMENT] = {C, N_("see jobs and wages")},
	[PERM_PARTNERS] = {C, N_("change partners and programs")},
	[PERM_CALLS] = {C | V, N_("make follow-up calls")},
	[PERM_CALL_RULES] = {C, N_("change the follow-up schedules")},
	[PERM_EXPORT] = {C | H, N_("export records")},
	[PERM_IMPORT] = {C, N_("import records")},
	[PERM_MERGE] = {C | H, N_("merge other sites' files")},
	[PERM_REVIEW] = {C | H, N_("review conflicts and duplicates")},
	[PERM_REPORTS] = {C | H, N_("see reports")},
	[PERM_USERS] = {C, N_("manage users")},
	[PERM_ERASE] = {C, N_("erase a person")},
	[PERM_ACCESS_LOG] = {C, N_("see the access log")},
	[PERM_ADMIN] = {C | H, N_("look after the file (check, backup, settings)")},
	[PERM_CALL_AGAIN] = {C, N_("let a person who asked not to be called be called again")},
};

#undef C
#undef E
#undef V
#undef H

int
role_from_name(const char *name)
{
	for (int r = 0; name && r < ROLE__COUNT; r++)
		if (strcmp(name, role_names[r]) == 0)
			return r;
	return -1;
}

const char *
role_name(enum senda_role r)
{
	return (unsigned)r < ROLE__COUNT ? role_names[r] : "";
}

const char *
role_label(enum senda_role r)
{
	return (unsigned)r < ROLE__COUNT ? _(role_labels[r]) : "";
}

bool
perm_allowed(enum senda_role r, enum senda_perm p)
{
	return (unsigned)r < ROLE__COUNT && (unsigned)p < PERM__COUNT &&
	       (perms[p].roles & (1u << r));
}

const char *
perm_label(enum senda_perm p)
{
	return (unsigned)p < PERM__COUNT ? _(perms[p].label) : "";
}

senda_err
perm_require(senda_db *db, enum senda_perm p, senda_error *err)
{
	int r = db_actor_role(db);
	if (perm_allowed((enum senda_role)r, p))
		return SENDA_OK;
	/* L10N: %s is a role ("volunteer", "ESL staff"), then what it may not
	 * do ("export records") */
	return senda_fail(err, SENDA_E_DENIED, NULL, _("the role %s may not %s"),
			  role_label((enum senda_role)r), perm_label(p));
}

senda_err
perm_require_any(senda_db *db, enum senda_perm p, enum senda_perm q, senda_error *err)
{
	if (perm_allowed((enum senda_role)db_actor_role(db), q))
		return SENDA_OK;
	return perm_require(db, p, err);
}
