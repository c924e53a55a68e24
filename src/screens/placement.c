/* senda — a job placement: employer, title, sector, dates, hourly wage,
 * hours, benefits. An unusual wage (0, or $100 an hour or more) asks first.
 * After saving, the message line tells the change since the wage at intake. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "ui/fmt.h"
#include "ui/form.h"
#include "ui/term.h"

static const struct field_choice benefits_choices[] = {
	/* L10N: a choice in a form: the question was not answered */
	{ "", N_("(not given)") }, { "1", N_("Yes") }, { "0", N_("No") }, { NULL, NULL }
};

struct job {
	struct form form;
	char id[UUID_LEN];
	char *name;
	int64_t intake_wage;
};

static void
make_form(struct form *fm)
{
	/* Labels are the model's, so that its errors find their field. */
	const struct form_field defs[] = {
		FORM_FIELD("employer", N_("Employer"), FIELD_TEXT, true, 120, NULL),
		FORM_FIELD("job_title", N_("Job title"), FIELD_TEXT, false, 120, NULL),
		FORM_FIELD("sector", N_("Sector"), FIELD_TEXT, false, 80, NULL),
		FORM_FIELD("start_date", N_("Start date"), FIELD_DATE, true, 0, NULL),
		FORM_FIELD("wage", N_("Hourly wage"), FIELD_MONEY, true, 10000, NULL),
		FORM_FIELD("hours", N_("Hours a week"), FIELD_NUMBER, false, 100, NULL),
		FORM_FIELD("benefits", N_("Benefits"), FIELD_CHOICE, false, 0, benefits_choices),
		FORM_FIELD("end_date", N_("End date"), FIELD_DATE, false, 0, NULL),
	};
	form_init(fm, defs, (int)(sizeof defs / sizeof defs[0]));
}

static bool
job_open(struct view *v, const void *arg)
{
	participant p;
	senda_error err = { 0 };
	if (participant_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	struct job *j = xcalloc(1, sizeof *j);
	char name[512], iso[11], day[32];
	snprintf(j->id, sizeof j->id, "%s", p.id);
	j->name = xstrdup(participant_display_name(&p, name, sizeof name));
	j->intake_wage = p.wage_cents;
	participant_free(&p);
	make_form(&j->form);
	date_to_iso(clock_today(), iso);
	form_set(&j->form, "start_date", fmt_date(iso, day, sizeof day));
	form_mark_clean(&j->form);
	v->priv = j;
	return true;
}

static void
job_close(struct view *v)
{
	struct job *j = v->priv;
	form_free(&j->form);
	free(j->name);
	free(j);
}

static void
job_draw(struct view *v, int y, int h)
{
	struct job *j = v->priv;
	/* L10N: above the job form; %s is the participant's name */
	char *head = xasprintf(_("A job for %s"), j->name);
	term_put(y, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	char wage[32], *line;
	if (j->intake_wage >= 0)
		/* L10N: %s is an hourly wage, e.g. $12.50 */
		line = xasprintf(_("Hourly wage at intake: %s. Fields marked * are required."),
				 money_format(j->intake_wage, wage, sizeof wage));
	else
		line = xstrdup(_("No wage was recorded at intake. Fields marked * are required."));
	term_put(y + 1, 2, line, COLS - 4, ST_HINT, false);
	free(line);
	form_draw(&j->form, y + 3, h - 3, &v->cur_y, &v->cur_x);
}

static bool
iso_of(struct form *fm, const char *key, char iso[11])
{
	sdate d;
	iso[0] = '\0';
	if (form_date(form_find(fm, key), &d) != DATE_OK)
		return false;
	date_to_iso(d, iso);
	return true;
}

static void
from_form(struct form *fm, placement *p)
{
	xstrset(&p->employer, form_get(fm, "employer"));
	xstrset(&p->job_title, form_get(fm, "job_title"));
	xstrset(&p->sector, form_get(fm, "sector"));
	iso_of(fm, "start_date", p->start_date);
	iso_of(fm, "end_date", p->end_date);
	p->wage_cents = money_parse(form_get(fm, "wage"));
	const char *v = form_get(fm, "hours");
	p->hours_week = *v ? fmt_parse_int(v, 100) : -1;
	v = form_get(fm, "benefits");
	p->benefits = *v ? atoi(v) : -1;
}

static void
save(struct view *v)
{
	struct job *j = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&j->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	placement p;
	placement_init(&p);
	snprintf(p.participant_id, sizeof p.participant_id, "%s", j->id);
	from_form(&j->form, &p);
	senda_error err = { 0 };
	senda_err e = placement_create(ui->db, &p, false, &err);
	if (e == SENDA_E_CONFIRM) {
		char detail[sizeof err.detail];
		snprintf(detail, sizeof detail, "%s", err.detail);
		/* L10N: %s says what is odd, e.g. "a wage of $0.00 an hour" */
		if (!ui_confirm_with(ui, N_("%s — save anyway?"), detail)) {
			form_set_error(&j->form, "wage", detail);
			ui_msg(ui, MSG_INFO, "%s", _("Nothing was saved."));
			placement_free(&p);
			return;
		}
		e = placement_create(ui->db, &p, true, &err);
	}
	if (e != SENDA_OK) {
		form_model_error(&j->form, &err);
		ui_error(ui, &err);
		placement_free(&p);
		return;
	}
	char wage[32], before[32];
	double pct;
	money_format(p.wage_cents, wage, sizeof wage);
	if (placement_wage_change(j->intake_wage, p.wage_cents, &pct))
		/* L10N: employer, new hourly wage, change in percent (keep %+.1f%%), wage at
		 * intake */
		ui_msg(ui, MSG_OK, _("Job saved: %s, %s an hour, %+.1f%% since intake (%s)."),
		       p.employer, wage, pct, money_format(j->intake_wage, before, sizeof before));
	else
		/* L10N: employer, hourly wage */
		ui_msg(ui, MSG_OK, _("Job saved: %s, %s an hour (no wage at intake to compare)."),
		       p.employer, wage);
	placement_free(&p);
	ui_pop(ui);
}

static bool
job_handle(struct view *v, enum action act, int key)
{
	struct job *j = v->priv;
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (!form_dirty(&j->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&j->form, act, key);
	if (j->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", j->form.notice);
	return r != FORM_IGNORED;
}

static bool
job_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
job_lang_changed(struct view *v, enum date_order from)
{
	struct job *j = v->priv;
	form_relang(&j->form, from);
}

static const enum action job_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_PGUP, ACT_PGDN, ACT_NONE
};
static const enum action job_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops placement_view = {
	.name = "placement",
	/* L10N: title of the form for the job a participant got */
	.title = N_("Job placement"),
	.about = N_("Record the job the participant got. The employer, the start date and the "
		    "hourly wage are required; the end date stays empty while the job lasts. A "
		    "wage of $0 or of $100 an hour or more asks before saving. After saving, "
		    "the change since the wage at intake is shown in percent."),
	.keys = job_keys,
	.bar = job_bar,
	.open = job_open,
	.close = job_close,
	.draw = job_draw,
	.handle = job_handle,
	.typing = job_typing,
	.lang_changed = job_lang_changed,
};
