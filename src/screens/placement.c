/* senda — a job placement: employer, title, sector, dates, hourly wage,
 * hours, benefits. An unusual wage (0, or $100 an hour or more) asks first.
 * After saving, the message line tells the change since the wage at intake. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "ui/record_form.h"

struct job {
	char *name;
	int64_t intake_wage;
};

static bool
job_open(struct record_form *rf, const void *arg, senda_error *err)
{
	participant p;
	if (participant_get(rf->v->ui->db, arg, &p, err) != SENDA_OK)
		return false;
	struct job *j = xcalloc(1, sizeof *j);
	j->name = participant_name_new(&p);
	j->intake_wage = p.wage_cents;
	rf->priv = j;
	placement *pl = rf->base;
	snprintf(pl->participant_id, sizeof pl->participant_id, "%s", p.id);
	date_to_iso(clock_today(), pl->start_date);
	participant_free(&p);
	return true;
}

static void
job_close(struct record_form *rf)
{
	struct job *j = rf->priv;
	if (j) {
		free(j->name);
		free(j);
	}
}

static char *
job_heading(struct record_form *rf)
{
	/* L10N: above the job form; %s is the participant's name */
	return xasprintf(_("A job for %s"), ((struct job *)rf->priv)->name);
}

static char *
job_hint(struct record_form *rf)
{
	const struct job *j = rf->priv;
	char wage[32];
	if (j->intake_wage < 0)
		return xstrdup(_("No wage was recorded at intake. Fields marked * are required."));
	/* L10N: %s is an hourly wage, e.g. $12.50 */
	return xasprintf(_("Hourly wage at intake: %s. Fields marked * are required."),
			 money_format(j->intake_wage, wage, sizeof wage));
}

/* A wage of $0, or of $100 an hour or more, is saved only when the user
 * says so. */
static senda_err
job_create(struct record_form *rf, void *rec, senda_error *err)
{
	struct ui *ui = rf->v->ui;
	senda_err e = placement_create(ui->db, rec, false, err);
	if (e != SENDA_E_CONFIRM)
		return e;
	char *detail = xstrdup(err->detail);
	/* L10N: %s says what is odd, e.g. "a wage of $0.00 an hour" */
	bool yes = ui_confirm_with(ui, N_("%s — save anyway?"), detail);
	if (!yes) {
		form_set_error(&rf->form, "wage_cents", detail);
		ui_msg(ui, MSG_INFO, "%s", _("Nothing was saved."));
	}
	free(detail);
	if (!yes)
		return SENDA_E_CONFIRM;
	senda_error_clear(err);
	return placement_create(ui->db, rec, true, err);
}

static void
job_saved(struct record_form *rf, void *rec)
{
	const struct job *j = rf->priv;
	const placement *p = rec;
	struct ui *ui = rf->v->ui;
	char wage[32], before[32];
	double pct;
	money_format(p->wage_cents, wage, sizeof wage);
	if (placement_wage_change(j->intake_wage, p->wage_cents, &pct))
		/* L10N: employer, new hourly wage, change in percent (keep %+.1f%%), wage at
		 * intake */
		ui_msg(ui, MSG_OK, _("Job saved: %s, %s an hour, %+.1f%% since intake (%s)."),
		       p->employer, wage, pct, money_format(j->intake_wage, before, sizeof before));
	else
		/* L10N: employer, hourly wage */
		ui_msg(ui, MSG_OK, _("Job saved: %s, %s an hour (no wage at intake to compare)."),
		       p->employer, wage);
	ui_pop(ui);
}

static const struct record_form_ops job_form = {
	.kind = &placement_kind,
	.open = job_open,
	.close = job_close,
	.heading = job_heading,
	.hint = job_hint,
	.create = job_create,
	.saved = job_saved,
	/* L10N: title of the form for the job a participant got */
	.title_new = N_("Job placement"),
};

const struct view_ops placement_view = RECORD_FORM_VIEW("placement",
	/* L10N: title of the form for the job a participant got */
	N_("Job placement"),
	N_("Record the job the participant got. The employer, the start date and the "
		    "hourly wage are required; the end date stays empty while the job lasts. A "
		    "wage of $0 or of $100 an hour or more asks before saving. After saving, "
		    "the change since the wage at intake is shown in percent."),
	&job_form);

/* ---- changing a job (J on the record: her newest) ---- */

/* rf->base is the stored job (by_id): her name and wage at intake. */
static bool
job_edit_open(struct record_form *rf, const void *arg, senda_error *err)
{
	(void)arg;
	const placement *pl = rf->base;
	participant p;
	if (participant_get(rf->v->ui->db, pl->participant_id, &p, err) != SENDA_OK)
		return false;
	struct job *j = xcalloc(1, sizeof *j);
	j->name = participant_name_new(&p);
	j->intake_wage = p.wage_cents;
	rf->priv = j;
	participant_free(&p);
	return true;
}

static char *
job_edit_heading(struct record_form *rf)
{
	/* L10N: above the form that changes a job; %s is the participant's name */
	return xasprintf(_("The job of %s"), ((struct job *)rf->priv)->name);
}

static const struct record_form_ops job_edit_form = {
	.kind = &placement_kind,
	.by_id = true,
	.open = job_edit_open,
	.close = job_close,
	.heading = job_edit_heading,
	.hint = job_hint,
	.saved = job_saved,
	.title_new = N_("Job placement"),
	/* L10N: title of the form that changes a job */
	.title_edit = N_("Change job"),
};

const struct view_ops placement_edit_view = RECORD_FORM_VIEW("placement-edit",
	/* L10N: title of the form that changes a job */
	N_("Change job"),
	N_("Change the job: its employer, start and end dates, hourly wage, hours. A moved "
	   "start moves the follow-up calls not made yet; the history keeps the old value."),
	&job_edit_form);
