/* senda — first run: there is no file yet. Three lines (site name, your
 * name, your language) create it, then home. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/site.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/term.h"

static const struct field_choice ui_languages[] = {
	{ "en", N_("English") }, { "es", N_("Spanish") }, { NULL, NULL }
};

struct setup {
	struct form form;
};

static bool
setup_open(struct view *v, const void *arg)
{
	(void)arg;
	struct setup *s = xcalloc(1, sizeof *s);
	const struct form_field defs[] = {
		/* labels as the model names them, so that its errors find them */
		FORM_FIELD("site", N_("Site name"), FIELD_TEXT, true, 80, NULL),
		FORM_FIELD("user", N_("Your name"), FIELD_TEXT, true, 80, NULL),
		FORM_FIELD("lang", N_("Language"), FIELD_CHOICE, true, 0, ui_languages),
	};
	form_init(&s->form, defs, 3);
	form_set(&s->form, "lang", i18n_lang());
	form_mark_clean(&s->form);
	s->form.enter_submits = true;
	v->priv = s;
	return true;
}

static void
setup_close(struct view *v)
{
	struct setup *s = v->priv;
	form_free(&s->form);
	free(s);
}

static void
setup_draw(struct view *v, int y, int h)
{
	struct setup *s = v->priv;
	int row = y + 1;
	term_put(row, 2, _("Welcome to senda."), COLS - 4, ST_HEADING, false);
	row += 2;
	char lines[6][TERM_LINE];
	char *intro = xasprintf(_("There is no senda file at %s yet. Fill in these three "
				  "lines to create it; you can start working right after."),
				v->ui->path);
	int n = term_wrap(intro, COLS - 4, lines, 5);
	free(intro);
	for (int i = 0; i < n; i++)
		term_put(row++, 2, lines[i], COLS - 4, ST_NORMAL, false);
	row++;
	form_draw(&s->form, row, y + h - row - 2, &v->cur_y, &v->cur_x);
	n = term_wrap(_("The language is yours, not the participants': F2 changes it at any moment."),
		      COLS - 4, lines, 2);
	for (int i = 0; i < n; i++)
		term_put(y + h - 2 + i, 2, lines[i], COLS - 4, ST_HINT, false);
}

static void
create(struct view *v)
{
	struct setup *s = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&s->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	senda_error err = { 0 };
	const char *site = form_get(&s->form, "site"), *user = form_get(&s->form, "user");
	const char *lang = form_get(&s->form, "lang");
	/* A new file appears whole or not at all (and never through a link);
	 * one that is there already is set up in place. Nothing is removed. */
	senda_err e = ui->db ? site_setup(ui->db, site, user, lang, &err)
		: site_create_file(ui->path, site, user, lang, &ui->db, &err);
	if (e != SENDA_OK) {
		if (err.key)
			form_set_error(&s->form, err.key, senda_strerror(err.code));
		if (err.code == SENDA_E_IO && err.detail[0])   /* its own words fit the line */
			ui_msg(ui, MSG_ERROR, "%s", err.detail);
		else
			ui_error(ui, &err);
		return;
	}
	/* The language was asked for here: it is the user's choice now. */
	if (site_mark_lang_chosen(ui->db, &err) != SENDA_OK)
		ui_error(ui, &err);
	ui_load_names(ui);
	/* L10N: %s is the path of the new file */
	ui_msg(ui, MSG_OK, _("Created %s. Welcome!"), ui->path);
	ui_replace(ui, &home_view, NULL);
}

/* The language chosen in the form is the interface's at once. */
static void
follow_choice(struct view *v)
{
	struct setup *s = v->priv;
	const char *want = form_get(&s->form, "lang");
	if (strcmp(want, i18n_lang()) != 0)
		ui_switch_lang(v->ui);
}

static bool
setup_handle(struct view *v, enum action act, int key)
{
	struct setup *s = v->priv;
	switch (act) {
	case ACT_SAVE:
		create(v);
		return true;
	case ACT_BACK:
		/* The language alone is no work to lose. */
		if ((!*form_get(&s->form, "site") && !*form_get(&s->form, "user")) ||
		    ui_confirm(v->ui, N_("Leave without creating the file?")))
			ui_pop(v->ui);
		return true;
	default:
		break;
	}
	enum form_result r = form_handle(&s->form, act, key);
	if (s->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", s->form.notice);
	if (r == FORM_SUBMIT)
		create(v);
	else if (r == FORM_CHANGED)
		follow_choice(v);
	return r != FORM_IGNORED;
}

static bool
setup_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
setup_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	struct setup *s = v->priv;
	form_set(&s->form, "lang", i18n_lang());
}

static const enum action setup_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_NONE
};
static const enum action setup_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops setup_view = {
	.name = "setup",
	/* L10N: title of the first-run screen */
	.title = N_("First run"),
	.about = N_("senda keeps everything in one file on this computer. Give the name of "
		    "this site (your organization or office), your own name, and the language "
		    "you want senda to speak to you; then save to create the file."),
	.keys = setup_keys,
	.bar = setup_bar,
	.open = setup_open,
	.close = setup_close,
	.draw = setup_draw,
	.handle = setup_handle,
	.typing = setup_typing,
	.lang_changed = setup_lang_changed,
};
