/* senda — the merge screen: choose bundle files from other sites, type the
 * passphrase when one is encrypted (not shown), watch the progress bar, read
 * what the merge did per table. A refused bundle (wrong passphrase, tampered,
 * cut short, this very site's, not a bundle, a newer senda's) says why, and
 * nothing is written. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "screens/screens.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/review.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/term.h"

#define PATH_MAX_CHARS 1024
#define PASS_MAX_CHARS 1024
#define MAX_FILES 64

enum mode { FILES, PASS, RUNNING, DONE };

struct mv {
	enum mode mode;
	struct form form;        /* one field: the next bundle's file name */
	char *files[MAX_FILES];
	bool enc[MAX_FILES];
	int nfiles;
	struct line pass;        /* typed, never drawn */
	char *refusal;           /* why the last merge was refused, translated */
	char *refused;           /* the file refused, or NULL */
	xc_report rep;
	int64_t conflicts;       /* conflicts waiting for review after the merge */
	int64_t held;
	int64_t done, total;     /* progress */
	struct timespec last;    /* the last progress redraw */
};

static void
make_form(struct mv *m)
{
	const struct form_field defs[] = {
		/* L10N: on the merge screen: the name of a bundle file to add to the list */
		FORM_FIELD("path", N_("Bundle file"), FIELD_TEXT, false, PATH_MAX_CHARS, NULL),
	};
	form_init(&m->form, defs, 1);
	m->form.enter_submits = true;
}

/* Wipe the passphrase from memory, not only forget it. */
static void
wipe_pass(struct mv *m)
{
	volatile char *p = m->pass.buf;
	for (size_t i = 0; p && i < m->pass.cap; i++)
		p[i] = 0;
	line_clear(&m->pass);
}

static bool
mv_open(struct view *v, const void *arg)
{
	(void)arg;
	struct mv *m = xcalloc(1, sizeof *m);
	make_form(m);
	line_init(&m->pass, PASS_MAX_CHARS);
	v->priv = m;
	return true;
}

static void
mv_close(struct view *v)
{
	struct mv *m = v->priv;
	wipe_pass(m);
	line_free(&m->pass);
	form_free(&m->form);
	for (int i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->refusal);
	free(m->refused);
	free(m);
}

static void
draw_files(struct view *v, struct mv *m, int y, int h)
{
	int last = y + h, row = y;
	row = form_draw_prompt(&m->form, _("Type the name of a bundle file from another site and press "
				    "Enter to add it to the list; add as many as you have "
				    "(Backspace in the empty field takes the last one off). "
				    "F10 merges them all at once."),
			       row, last, &v->cur_y, &v->cur_x);
	if (m->refusal && row < last) {
		if (m->refused)
			term_put(row++, 2, m->refused, COLS - 4, ST_ERROR, false);
		row += term_put_wrapped(row, last, m->refusal, ST_ERROR);
		row++;
	}
	if (row >= last)
		return;
	if (m->nfiles == 0) {
		term_put_wrapped(row, last, _("No bundle in the list yet."), ST_NORMAL);
		return;
	}
	char *head = xasprintf(P_("%d bundle to merge:", "%d bundles to merge:",
				  (unsigned long)m->nfiles), m->nfiles);
	term_put(row++, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	for (int i = 0; i < m->nfiles && row < last; i++, row++) {
		/* L10N: after a bundle's file name on the merge screen */
		const char *how = m->enc[i] ? _("(encrypted)") : _("(not encrypted)");
		int hw = term_width(how);
		int x = 4 + term_put(row, 4, m->files[i], COLS - 6 - hw - 1, ST_NORMAL, false);
		term_put(row, x + 1, how, hw, ST_HINT, false);
	}
}

static void
draw_pass(struct view *v, int y, int h)
{
	int last = y + h, row = y;
	row += term_put_wrapped(row, last, _("The bundle is encrypted. Type its passphrase and press "
				    "Enter; what you type is not shown."), ST_HINT);
	row++;
	if (row >= last)
		return;
	/* L10N: on the merge screen, before the hidden passphrase */
	const char *label = _("Passphrase:");
	int x = 2 + term_put(row, 2, label, COLS - 4, ST_LABEL_FOCUS, false) + 1;
	term_fill(row, x, COLS - x - 2 > 0 ? COLS - x - 2 : 0, ST_FIELD_FOCUS);
	v->cur_y = row;
	v->cur_x = x;
}

static void
draw_bar_line(int row, int64_t done, int64_t total)
{
	/* L10N: the progress bar's label on the merge screen */
	term_progress(row, _("Merging"), done, total);
}

/* The summary: one line per table with something, six numbers each. */
static void
draw_done(struct view *v, struct mv *m, int y, int h)
{
	(void)v;
	int last = y + h, row = y;
	const xc_report *r = &m->rep;
	int64_t held = 0, conflicts = 0;
	for (size_t i = 0; i < xc_ntables; i++) {
		held += r->table[i].held;
		conflicts += r->table[i].conflicts;
	}
	char *head;
	if (xc_report_nothing_new(r) && held == 0)
		head = xstrdup(P_("Nothing new: every change in the bundle was here already.",
				  "Nothing new: every change in the bundles was here already.",
				  (unsigned long)r->bundles));
	else
		head = xc_report_merged(r);
	term_put(row++, 2, head, COLS - 4, ST_OK, false);
	free(head);
	row++;
	const char *cols[6] = {
		_("New"), _("Updated"), _("Unchanged"), _("Conflicts"), _("Held back"),
		_("Refused"),
	};
	int cw[6], sum = 0;
	for (int j = 0; j < 6; j++) {
		cw[j] = term_width(cols[j]);
		if (cw[j] < 5)
			cw[j] = 5;
		sum += cw[j] + 1;
	}
	int lw = COLS - 3 - sum;
	bool skip_unchanged = lw < 12;
	if (skip_unchanged)
		lw += cw[2] + 1;
	bool any = false;
	for (size_t i = 0; i < xc_ntables; i++) {
		const xc_counts *c = &r->table[i];
		any = any || c->created || c->updated || c->unchanged || c->conflicts || c->held ||
			c->refused;
	}
	if (any && row < last) {
		int x = 2 + lw;
		for (int j = 0; j < 6; j++) {
			if (j == 2 && skip_unchanged)
				continue;
			int w = term_width(cols[j]);
			term_put(row, x + 1 + cw[j] - w, cols[j], w, ST_HEADING, false);
			x += cw[j] + 1;
		}
		row++;
	}
	for (size_t i = 0; i < xc_ntables && row < last; i++) {
		const xc_counts *c = &r->table[i];
		int64_t n[6] = { c->created, c->updated, c->unchanged, c->conflicts, c->held,
				 c->refused };
		if (!n[0] && !n[1] && !n[2] && !n[3] && !n[4] && !n[5])
			continue;
		term_put(row, 2, _(xc_table_label(i)), lw, ST_NORMAL, false);
		int x = 2 + lw;
		for (int j = 0; j < 6; j++) {
			if (j == 2 && skip_unchanged)
				continue;
			char num[24];
			snprintf(num, sizeof num, "%*" PRId64, cw[j], n[j]);
			term_put(row, x + 1, num, cw[j], n[j] && (j == 3 || j == 4 || j == 5)
				 ? ST_ERROR : ST_NORMAL, false);
			x += cw[j] + 1;
		}
		row++;
	}
	row++;
	if (held > 0 && row < last)
		row += term_put_wrapped(row, last, _("Changes held back have a clock more than 24 hours "
					    "ahead of this computer's, or their record has not "
					    "arrived yet; they are tried again at every merge."),
			       ST_HINT);
	if (m->conflicts > 0 && row < last) {
		char *t = xasprintf(P_("%" PRId64 " conflict waits for review: press v to see it.",
				       "%" PRId64 " conflicts wait for review: press v to see them.",
				       (unsigned long)m->conflicts), m->conflicts);
		row += term_put_wrapped(row, last, t, ST_NORMAL);
		free(t);
	}
	(void)conflicts;
}

static void
mv_draw(struct view *v, int y, int h)
{
	struct mv *m = v->priv;
	switch (m->mode) {
	case FILES: draw_files(v, m, y + 1, h - 1); break;
	case PASS: draw_pass(v, y + 1, h - 1); break;
	case RUNNING:
		draw_bar_line(y + 2, m->done, m->total);
		break;
	case DONE: draw_done(v, m, y + 1, h - 1); break;
	}
}

static void
progress(void *ctx, int64_t done, int64_t total)
{
	struct view *v = ctx;
	struct mv *m = v->priv;
	m->done = done;
	m->total = total;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ms = (int64_t)(now.tv_sec - m->last.tv_sec) * 1000
		+ (now.tv_nsec - m->last.tv_nsec) / 1000000;
	/* Drawn at most 20 times a second: the bar moves, the merge is not slowed. */
	if (ms < 50 && done < total)
		return;
	m->last = now;
	ui_draw(v->ui);
}

static char *
expand(const char *typed)
{
	const char *home = getenv("HOME");
	return typed[0] == '~' && typed[1] == '/' && home ? xasprintf("%s%s", home, typed + 1)
		: xstrdup(typed);
}

static void
add_file(struct view *v)
{
	struct mv *m = v->priv;
	const char *typed = form_get(&m->form, "path");
	if (!typed || !*typed)
		return;
	if (m->nfiles == MAX_FILES) {
		ui_msg(v->ui, MSG_ERROR, _("At most %d bundles at once; merge these first."),
		       MAX_FILES);
		return;
	}
	char *path = expand(typed);
	if (access(path, R_OK) != 0) {
		/* L10N: %s is a file name typed on the merge screen */
		ui_msg(v->ui, MSG_ERROR, _("There is no file %s that can be read."), path);
		free(path);
		return;
	}
	for (int i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i], path) == 0) {
			/* L10N: %s is a file name */
			ui_msg(v->ui, MSG_INFO, _("%s is in the list already."), path);
			free(path);
			form_set(&m->form, "path", "");
			return;
		}
	m->enc[m->nfiles] = xc_bundle_encrypted(path);
	m->files[m->nfiles++] = path;
	form_set(&m->form, "path", "");
	free(m->refusal);
	free(m->refused);
	m->refusal = m->refused = NULL;
	/* L10N: %s is a file name */
	ui_msg(v->ui, MSG_OK, _("Added %s."), path);
}

static void
run_merge(struct view *v)
{
	struct mv *m = v->priv;
	struct ui *ui = v->ui;
	bool enc = false;
	for (int i = 0; i < m->nfiles; i++)
		enc = enc || m->enc[i];
	if (enc && m->pass.len == 0) {
		m->mode = PASS;
		return;
	}
	m->mode = RUNNING;
	m->done = m->total = 0;
	memset(&m->last, 0, sizeof m->last);
	ui_msg_clear(ui);
	ui_draw(ui);
	xc_refusal why = XC_OK;
	size_t which = 0;
	senda_error err = { 0 };
	senda_err e = xc_merge(ui->db, (const char *const *)m->files, (size_t)m->nfiles,
			       enc ? line_text(&m->pass) : NULL, enc ? m->pass.len : 0, progress, v,
			       &m->rep, &why, &which, &err);
	wipe_pass(m);
	free(m->refusal);
	free(m->refused);
	m->refusal = m->refused = NULL;
	if (e != SENDA_OK) {
		m->mode = FILES;
		if (why != XC_OK) {
			if (which < (size_t)m->nfiles)
				m->refused = xstrdup(m->files[which]);
			m->refusal = xasprintf("%s %s", xc_refusal_text(why),
					       _("Nothing was written."));
			ui_msg(ui, MSG_ERROR, "%s", xc_refusal_text(why));
		} else {
			char buf[512];
			senda_error_text(&err, buf, sizeof buf);
			m->refusal = xstrdup(buf);
			ui_error(ui, &err);
		}
		return;
	}
	m->mode = DONE;
	if (xc_review_counts(ui->db, &m->conflicts, &m->held, &err) != SENDA_OK)
		ui_error(ui, &err);
	ui_msg(ui, MSG_OK, "%s", _("The merge is done."));
}

static bool
mv_handle(struct view *v, enum action act, int key)
{
	struct mv *m = v->priv;
	switch (m->mode) {
	case DONE:
		if (act == ACT_REVIEW) {
			ui_replace(v->ui, &review_view, NULL);
			return true;
		}
		return false;
	case RUNNING:
		return true;
	case PASS:
		if (act == ACT_BACK) {
			wipe_pass(m);
			m->mode = FILES;
			return true;
		}
		if (key == K_ENTER || act == ACT_MERGE_NOW) {
			if (m->pass.len == 0) {
				ui_msg(v->ui, MSG_ERROR, "%s", _("Type the passphrase first."));
				return true;
			}
			run_merge(v);
			return true;
		}
		if (act == ACT_DEL_BACK) {
			line_delete_back(&m->pass);
			return true;
		}
		if (act == ACT_CLEAR) {
			wipe_pass(m);
			return true;
		}
		if (act == ACT_NONE && key_is_text(key)) {
			if (!line_insert(&m->pass, key))
				beep();
			return true;
		}
		return true;
	case FILES:
		break;
	}
	if (act == ACT_MERGE_NOW || (key == K_ENTER && act != ACT_NONE)) {
		const char *typed = form_get(&m->form, "path");
		if (typed && *typed) {
			add_file(v);
			if (act != ACT_MERGE_NOW || (typed = form_get(&m->form, "path"), *typed))
				return true;
		}
		if (key == K_ENTER && act != ACT_MERGE_NOW && m->nfiles == 0)
			return true;
		if (m->nfiles == 0) {
			ui_msg(v->ui, MSG_ERROR, "%s",
			       _("Add a bundle file first: type its name and press Enter."));
			return true;
		}
		run_merge(v);
		return true;
	}
	if (act == ACT_BACK) {
		ui_pop(v->ui);
		return true;
	}
	if (act == ACT_DEL_BACK && m->nfiles > 0 && !*form_get(&m->form, "path")) {
		char *path = m->files[--m->nfiles];
		/* L10N: %s is a file name */
		ui_msg(v->ui, MSG_INFO, _("Took %s off the list."), path);
		free(path);
		free(m->refusal);
		free(m->refused);
		m->refusal = m->refused = NULL;
		return true;
	}
	enum form_result r = form_handle(&m->form, act, key);
	if (m->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", m->form.notice);
	return r != FORM_IGNORED;
}

static bool
mv_typing(struct view *v)
{
	struct mv *m = v->priv;
	return m->mode == FILES || m->mode == PASS;
}

static const enum action mv_keys[] = {
	ACT_MERGE_NOW, ACT_BACK, ACT_NEXT_FIELD, ACT_LEFT, ACT_RIGHT, ACT_LINE_START,
	ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action mv_bar[] = { ACT_MERGE_NOW, ACT_BACK, ACT_NONE };
static const enum action pass_keys[] = { ACT_MERGE_NOW, ACT_BACK, ACT_DEL_BACK, ACT_CLEAR,
					  ACT_NONE };
static const enum action done_keys[] = { ACT_REVIEW, ACT_BACK, ACT_NONE };
static const enum action done_bar[] = { ACT_REVIEW, ACT_BACK, ACT_NONE };
static const enum action no_keys[] = { ACT_NONE };
static const enum action back_keys[] = { ACT_BACK, ACT_NONE };

static const enum action *
mv_keys_now(struct view *v)
{
	struct mv *m = v->priv;
	switch (m->mode) {
	case PASS: return pass_keys;
	case DONE: return m->conflicts + m->held > 0 ? done_keys : back_keys;
	case RUNNING: return no_keys;
	default: return mv_keys;
	}
}

static const enum action *
mv_bar_now(struct view *v)
{
	struct mv *m = v->priv;
	switch (m->mode) {
	case PASS: return mv_bar;
	case DONE: return m->conflicts + m->held > 0 ? done_bar : back_keys;
	case RUNNING: return no_keys;
	default: return mv_bar;
	}
}

const struct view_ops merge_view = {
	.name = "merge",
	/* L10N: title of the merge screen */
	.title = N_("Merge bundles"),
	.about = N_("Bring in what other sites did: add each bundle file they sent (on a USB "
		    "stick, by mail) to the list, press F10, and type the passphrase when the "
		    "bundles are encrypted. The merge never loses an edit: when the same field "
		    "was changed at two sites, one value is kept everywhere and both go to the "
		    "review screen. A bundle that cannot be trusted (a wrong passphrase, a file "
		    "changed or cut short, this very site's own) is refused, and nothing is "
		    "written."),
	.keys = mv_keys,
	.bar = mv_bar,
	.open = mv_open,
	.close = mv_close,
	.draw = mv_draw,
	.handle = mv_handle,
	.typing = mv_typing,
	.keys_now = mv_keys_now,
	.bar_now = mv_bar_now,
};
