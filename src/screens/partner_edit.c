/* senda — a partner organization's form: a new one, or changes to one. */
#include <config.h>

#include <stdlib.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "ui/record_form.h"

/* A new organization is a community organization unless changed. */
static bool
pedit_open(struct record_form *rf, const void *arg, senda_error *err)
{
	(void)err;
	partner *p = rf->base;
	if (!arg)
		xstrset(&p->kind, "community");
	return true;
}

static char *
pedit_name(const void *rec)
{
	return xstrdup(((const partner *)rec)->name);
}

static void
pedit_saved(struct record_form *rf, void *rec)
{
	partner *p = rec;
	struct ui *ui = rf->v->ui;
	/* L10N: %s is an organization's name */
	ui_msg(ui, MSG_OK, _("Saved: %s."), p->name);
	if (rf->editing)
		ui_pop(ui);
	else
		ui_replace(ui, &partner_view, p->id);
}

/* The form is the organization's field table's: labels, limits and kinds
 * are the model's, so its errors find their field. */
static const struct record_form_ops pedit_form = {
	.kind = &partner_kind,
	.by_id = true,
	.open = pedit_open,
	.name = pedit_name,
	.new_heading = N_("A new partner organization. Fields marked * are required."),
	.saved = pedit_saved,
	/* L10N: title of the form of a partner organization */
	.title_new = N_("Organization"),
};

const struct view_ops partner_edit_view = RECORD_FORM_VIEW("partner-edit",
	/* L10N: title of the form of a partner organization */
	N_("Organization"),
	N_("A partner organization: its name (no two alike), what kind it is, whom to "
	   "talk to, and where it is. Nothing is saved until you save."),
	&pedit_form);
