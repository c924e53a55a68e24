/* senda — a program's form: what a partner offers and what it takes to
 * enter (minimum ESL level, diploma, documents, schedule, cost). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "ui/record_form.h"

struct gedit {
	char *partner_name;
	char *name;            /* the program's, when changing one */
};

static bool
gedit_open(struct record_form *rf, const void *arg, senda_error *err)
{
	const struct program_arg *a = arg;
	program *g = rf->base;
	partner p;
	if (partner_get(rf->v->ui->db, a->partner_id, &p, err) != SENDA_OK)
		return false;
	struct gedit *ge = xcalloc(1, sizeof *ge);
	ge->partner_name = xstrdup(p.name);
	rf->priv = ge;
	if (a->program_id) {
		if (program_get(rf->v->ui->db, a->program_id, g, err) != SENDA_OK) {
			partner_free(&p);
			return false;
		}
		rf->editing = true;
		ge->name = xstrdup(g->name);
	} else {
		snprintf(g->partner_id, sizeof g->partner_id, "%s", p.id);
		free(g->kind);
		g->kind = xstrdup("esl");
	}
	partner_free(&p);
	return true;
}

static void
gedit_close(struct record_form *rf)
{
	struct gedit *ge = rf->priv;
	if (ge) {
		free(ge->partner_name);
		free(ge->name);
		free(ge);
	}
}

static char *
gedit_heading(struct record_form *rf)
{
	struct gedit *ge = rf->priv;
	return rf->editing
		/* L10N: above a program's form: the program, then its organization */
		? xasprintf(_("Changing: %s — %s"), ge->name, ge->partner_name)
		/* L10N: above a new program's form; %s is the organization */
		: xasprintf(_("A new program of %s"), ge->partner_name);
}

static char *
gedit_hint(struct record_form *rf)
{
	(void)rf;
	return xstrdup(_("Cost: an amount, or \"free\"; empty when not known."));
}

static void
gedit_saved(struct record_form *rf, void *rec)
{
	/* L10N: %s is a program's name */
	ui_msg(rf->v->ui, MSG_OK, _("Saved: %s."), ((program *)rec)->name);
	ui_pop(rf->v->ui);
}

/* The program's field table: labels, limits and kinds are the model's. */
static const struct record_form_ops gedit_form = {
	.kind = &program_kind,
	.open = gedit_open,
	.close = gedit_close,
	.heading = gedit_heading,
	.hint = gedit_hint,
	.saved = gedit_saved,
	/* L10N: title of the form of a partner's program */
	.title_new = N_("Program"),
};

const struct view_ops program_edit_view = RECORD_FORM_VIEW("program-edit",
	/* L10N: title of the form of a partner's program */
	N_("Program"),
	N_("A program a partner offers, and what it takes to enter: the minimum ESL "
		    "level (none, or 1 to 6), whether a high-school diploma or GED is needed, "
		    "the documents to bring, the schedule, the cost, whom to ask for, and the "
		    "credential it leads to. The participant record uses these to show who can "
		    "enter now."),
	&gedit_form);
