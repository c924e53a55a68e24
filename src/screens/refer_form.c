/* senda — the second step of a referral: the program is chosen (refer.c);
 * here the date and a note, then the consent and "refer again?" questions,
 * and after saving the offer to write the slip. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/referral.h"
#include "ui/record_form.h"
#include "ui/term.h"

struct rform {
	char *name, *program, *partner;
	eligibility e;
};

static bool
rform_open(struct record_form *rf, const void *arg, senda_error *err)
{
	(void)err;
	const struct refer_form_arg *a = arg;
	struct rform *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(a->name);
	r->program = xstrdup(a->program);
	r->partner = xstrdup(a->partner);
	r->e = a->e;
	rf->priv = r;
	referral *ref = rf->base;
	snprintf(ref->participant_id, sizeof ref->participant_id, "%s", a->participant_id);
	snprintf(ref->program_id, sizeof ref->program_id, "%s", a->program_id);
	date_to_iso(clock_today(), ref->referred_on);
	return true;
}

static void
rform_close(struct record_form *rf)
{
	struct rform *r = rf->priv;
	if (r) {
		free(r->name);
		free(r->program);
		free(r->partner);
		free(r);
	}
}

static char *
rform_heading(struct record_form *rf)
{
	/* L10N: above the referral screen; %s is the participant's name */
	return xasprintf(_("Refer %s"), ((struct rform *)rf->priv)->name);
}

static char *
rform_hint(struct record_form *rf)
{
	const struct rform *r = rf->priv;
	/* L10N: the program chosen for a referral, then its organization */
	return xasprintf(_("Program: %s — %s"), r->program, r->partner);
}

/* Whether the person can enter the program, under the form. */
static void
rform_below(struct record_form *rf, int y, int h)
{
	const struct rform *r = rf->priv;
	char why[200];
	if (h > 1)
		term_put(y + 1, 4, eligibility_text(&r->e, why, sizeof why), COLS - 6,
			 r->e.eligible ? ST_OK : ST_ERROR, false);
}

/* Without consent to share, or with the same referral still open, the
 * referral is made only when the user says so. */
static senda_err
rform_create(struct record_form *rf, void *rec, senda_error *err)
{
	struct ui *ui = rf->v->ui;
	referral *r = rec;
	int flags = 0;
	senda_err e;
	while ((e = referral_create(ui->db, r, *r->note ? r->note : NULL, flags, err)) != SENDA_OK) {
		if (e == SENDA_E_CONSENT && !(flags & REFER_CONSENT_GIVEN) &&
		    ui_confirm(ui, N_("This person has not agreed to share their information with "
				      "partner organizations, and a referral gives the partner their "
				      "name. Ask them now: do they agree? Yes records their consent, "
				      "dated today.")))
			flags |= REFER_CONSENT_GIVEN;
		/* L10N: %s says which referral, e.g. "already referred to this
		 * program (R-7KQ2MX, November 2, 2026) and still open" */
		else if (e == SENDA_E_CONFIRM && !(flags & REFER_AGAIN) &&
			 ui_confirm_with(ui, N_("This person was %s. Refer again?"), err->detail))
			flags |= REFER_AGAIN;
		else if (e == SENDA_E_CONSENT || e == SENDA_E_CONFIRM) {
			ui_msg(ui, MSG_ERROR, "%s", _("Nothing was saved."));
			return SENDA_E_CONFIRM;
		} else
			return e;
		senda_error_clear(err);
	}
	return SENDA_OK;
}

static void
rform_saved(struct record_form *rf, void *rec)
{
	struct ui *ui = rf->v->ui;
	const referral *r = rec;
	char id[UUID_LEN];
	snprintf(id, sizeof id, "%s", r->id);
	bool slip = ui_confirm_with(ui, N_("Referral %s is saved. Write the slip for the "
					   "participant to take along now?"), r->code);
	if (!slip)
		/* L10N: reference code, program, organization */
		ui_msg(ui, MSG_OK, _("Referral %s saved: %s (%s)."), r->code, r->program_name,
		       r->partner_name);
	/* This form, then the list of programs, give way. */
	ui_pop(ui);
	if (slip) {
		struct referral_arg arg = { id, true };
		ui_replace(ui, &referral_view, &arg);
	} else
		ui_pop(ui);
}

static const struct record_form_ops rform_form = {
	.kind = &referral_kind,
	.open = rform_open,
	.close = rform_close,
	.heading = rform_heading,
	.hint = rform_hint,
	.draw_below = rform_below,
	.create = rform_create,
	.saved = rform_saved,
	/* L10N: title of the screen that refers a participant to a program */
	.title_new = N_("Referral"),
};

const struct view_ops refer_form_view = RECORD_FORM_VIEW("refer-form",
	/* L10N: title of the screen that refers a participant to a program */
	N_("Referral"),
	N_("Check the date of the referral, add a note if you like, and save. A person who "
	   "has not agreed to share their information is asked first. senda then offers to "
	   "write the slip the participant takes along."),
	&rform_form);
