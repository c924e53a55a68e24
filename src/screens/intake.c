/* senda — intake: a new participant, or changes to one. The cursor starts
 * in Given names; Tab goes to First surname, Second surname, then the rest,
 * consent questions included. Leaving with unsaved changes asks first. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "screens/intake_dupes.h"
#include "ui/record_form.h"

static char *
intake_name(const void *rec)
{
	return participant_name_new(rec);
}

static void
intake_saved(struct record_form *rf, void *rec)
{
	struct ui *ui = rf->v->ui;
	participant *p = rec;
	char *name = participant_name_new(p);
	if (rf->editing) {
		ui_msg(ui, MSG_OK, _("Saved the changes to %s."), name);
		ui_pop(ui);
	} else {
		ui_msg(ui, MSG_OK, _("Saved: %s."), name);
		ui_replace(ui, &record_view, p->id);
	}
	free(name);
}

/* A new participant: the people she may be are shown first. */
static senda_err
intake_create(struct record_form *rf, void *rec, senda_error *err)
{
	return intake_check_dupes(rf->v->ui, rec, err);
}

/* The form is the participant's field table's (FF_FORM fields, in order):
 * labels, limits and choices are the model's, so its errors find their
 * field by key. The cursor starts in Given names. */
static const struct record_form_ops intake_form = {
	.kind = &participant_kind,
	.by_id = true,
	.name = intake_name,
	.new_heading = N_("A new participant. Fields marked * are required."),
	.create = intake_create,
	.saved = intake_saved,
	/* L10N: title of the intake form */
	.title_new = N_("Intake"),
	/* L10N: title of the form that changes a participant's record */
	.title_edit = N_("Edit participant"),
};

const struct view_ops intake_view = RECORD_FORM_VIEW("intake", N_("Intake"),
	N_("Type the participant's information. Dates go in the order of the interface "
		    "language (month/day/year in English, day/month/year in Spanish) and are "
		    "repeated in words beside the field. In fields with choices, Left and Right "
		    "or Space change the answer, or type its first letter. Nothing is saved "
		    "until you save."),
	&intake_form);
