/* senda — the import screen: type the name of a participant spreadsheet
 * (CSV), see how its columns are read and what a dry run found (new,
 * possible duplicates, refused, with reasons), answer the date order once
 * when every date of the file reads two ways, then import with a progress
 * bar. The import is all or nothing (src/exchange/participant_import.c);
 * columns senda does not know are named, with --map on the command line. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "screens/screens.h"
#include "senda/date.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/pcsv.h"
#include "senda/text.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/term.h"

#define PATH_MAX_CHARS 1024

enum mode { FILE_NAME, ORDER, PREVIEW, RUNNING, DONE };

struct iv {
	enum mode mode;
	struct form form;          /* one field: the file's name */
	char *path;                /* the file being imported */
	enum pcsv_dates dates;     /* the order chosen on this screen */
	pcsv_import_report rep;    /* the dry run's, then the import's */
	bool have_rep;
	char *problem;             /* why the file cannot be imported, translated */
	int64_t done, total;       /* progress */
	struct timespec last;      /* the last progress redraw */
	struct stat shown;         /* the file as the dry run read it */
	size_t first;              /* the first row not imported shown (scrolled) */
	int page;                  /* how many of them the screen showed */
	bool checking;             /* the dry run is reading (its progress line) */
};

static bool
iv_open(struct view *v, const void *arg)
{
	(void)arg;
	struct iv *m = xcalloc(1, sizeof *m);
	const struct form_field defs[] = {
		/* L10N: on the import screen: the name of the CSV file to import */
		FORM_FIELD("path", N_("CSV file"), FIELD_TEXT, false, PATH_MAX_CHARS, NULL),
	};
	form_init(&m->form, defs, 1);
	m->form.enter_submits = true;
	v->priv = m;
	return true;
}

static void
drop_report(struct iv *m)
{
	if (m->have_rep)
		pcsv_import_report_free(&m->rep);
	m->have_rep = false;
}

static void
iv_close(struct view *v)
{
	struct iv *m = v->priv;
	form_free(&m->form);
	drop_report(m);
	free(m->path);
	free(m->problem);
	free(m);
}

static void
draw_file(struct view *v, struct iv *m, int y, int h)
{
	int last = y + h, row = y;
	row = form_draw_prompt(&m->form, _("Type the name of a spreadsheet saved as CSV and press Enter: "
				    "senda shows how it reads the columns and what it would do, "
				    "and writes nothing yet."),
			       row, last, &v->cur_y, &v->cur_x);
	if (m->problem && row < last) {
		row += term_put_wrapped(row, last, m->problem, ST_ERROR);
		row++;
		if (row < last)
			term_put_wrapped(row, last, _("Nothing was imported."), ST_NORMAL);
	}
}

static void
draw_order(struct iv *m, int y, int h)
{
	int last = y + h, row = y;
	char wm[48], wd[48];
	date_words(m->rep.ask_mdy, i18n_lang(), wm, sizeof wm);
	date_words(m->rep.ask_dmy, i18n_lang(), wd, sizeof wd);
	/* L10N: on the import screen; %s is a date as the file has it */
	char *t = xasprintf(_("The file's dates can be read two ways. How is “%s” read?"),
			    m->rep.ask_dates);
	row += term_put_wrapped(row, last, t, ST_HEADING);
	free(t);
	row++;
	/* L10N: one reading of an ambiguous date, the key to press for it */
	t = xasprintf(_("d  day first: %s"), wd);
	if (row < last)
		term_put(row++, 4, t, COLS - 6, ST_NORMAL, false);
	free(t);
	t = xasprintf(_("m  month first: %s"), wm);
	if (row < last)
		term_put(row++, 4, t, COLS - 6, ST_NORMAL, false);
	free(t);
	row++;
	if (row < last)
		term_put_wrapped(row, last, _("The answer holds for every date of this file."), ST_HINT);
}

/* The counts and the rows not imported, as many as fit. */
static int
draw_counts(struct iv *m, int row, int last, bool done)
{
	const pcsv_import_report *r = &m->rep;
	char *t = done
		? xasprintf(P_("Added %" PRId64 " participant.", "Added %" PRId64 " participants.",
			       (unsigned long)r->added), r->added)
		/* L10N: the dry run's result on the import screen */
		: xasprintf(P_("%" PRId64 " row: %" PRId64 " new, %" PRId64 " possible duplicate(s), %"
			       PRId64 " refused.",
			       "%" PRId64 " rows: %" PRId64 " new, %" PRId64 " possible duplicate(s), %"
			       PRId64 " refused.", (unsigned long)r->rows),
			    r->rows, r->added, r->duplicates, r->refused);
	row += term_put_wrapped(row, last, t, done ? ST_OK : ST_HEADING);
	free(t);
	if (done && row < last) {
		t = xasprintf(P_("%" PRId64 " row read: %" PRId64 " possible duplicate(s), %" PRId64
				 " refused, not added.",
				 "%" PRId64 " rows read: %" PRId64 " possible duplicate(s), %" PRId64
				 " refused, not added.", (unsigned long)r->rows),
			      r->rows, r->duplicates, r->refused);
		row += term_put_wrapped(row, last, t, ST_NORMAL);
		free(t);
	}
	/* The rows not imported, from the first scrolled to (Up, Down, PgUp,
	 * PgDn); the last line says how many more there are, either way. */
	if (m->first >= r->nnotes)
		m->first = r->nnotes ? r->nnotes - 1 : 0;
	int room = last - row;
	bool more = r->nnotes - m->first > (size_t)(room > 0 ? room : 0);
	int rows = more ? room - 1 : room;
	m->page = rows > 1 ? rows : 1;
	size_t i = m->first;
	for (; i < r->nnotes && rows > 0; i++, rows--) {
		char *why = text_inert(r->notes[i].reason);
		/* L10N: a row not imported: its number, its line in the file, why */
		t = xasprintf(_("row %d (line %d): %s"), r->notes[i].row, r->notes[i].line,
			      why ? why : "");
		term_put(row++, 4, t, COLS - 6, r->notes[i].duplicate ? ST_NORMAL : ST_ERROR, false);
		free(t);
		free(why);
	}
	if ((i < r->nnotes || m->first > 0) && row < last) {
		/* L10N: on the import screen, under the rows not imported shown:
		 * those before and after them; the keys that scroll */
		t = xasprintf(_("%zu more above, %zu more below (Up, Down, PgUp, PgDn)"), m->first,
			      r->nnotes - i);
		term_put(row++, 4, t, COLS - 6, ST_HINT, false);
		free(t);
	}
	return row;
}

static void
draw_preview(struct iv *m, int y, int h)
{
	int last = y + h, row = y;
	const pcsv_import_report *r = &m->rep;
	if (row < last)
		term_put(row++, 2, m->path, COLS - 4, ST_HEADING, false);
	for (size_t i = 0; i < r->nmapping && row < last; i++)
		term_put(row++, 4, r->mapping[i], COLS - 6, ST_NORMAL, false);
	if (r->encoding[0] && row < last) {
		/* L10N: on the import screen: the encoding the file was read in
		 * (UTF-8, WINDOWS-1252) */
		char *t = xasprintf(_("Read as %s."), r->encoding);
		term_put(row++, 4, t, COLS - 6, ST_NORMAL, false);
		free(t);
	}
	if (r->dates != PCSV_DATES_UNKNOWN && row < last)
		term_put(row++, 4, r->dates == PCSV_DATES_DMY
			 ? _("Dates are read day first (DD/MM/YYYY).")
			 : _("Dates are read month first (MM/DD/YYYY)."), COLS - 6, ST_NORMAL, false);
	row++;
	row = draw_counts(m, row, last - 1, false);
	if (row < last)
		term_put_wrapped(last - 1, last, r->added
			? _("Press F10 to add the new ones; the others are not added.")
			: _("There is nothing new to add."), ST_HINT);
}

static void
draw_bar_line(int row, int64_t done, int64_t total)
{
	/* L10N: the progress bar's label on the import screen */
	term_progress(row, _("Importing"), done, total);
}

static void
iv_draw(struct view *v, int y, int h)
{
	struct iv *m = v->priv;
	switch (m->mode) {
	case FILE_NAME: draw_file(v, m, y + 1, h - 1); break;
	case ORDER: draw_order(m, y + 1, h - 1); break;
	case PREVIEW: draw_preview(m, y + 1, h - 1); break;
	case RUNNING:
		if (m->checking)
			/* L10N: the progress bar's label while the rows are checked
			 * (before anything is added) */
			term_progress(y + 2, _("Checking"), m->done, m->total);
		else
			draw_bar_line(y + 2, m->done, m->total);
		break;
	case DONE: draw_counts(m, y + 1, y + h, true); break;
	}
}

static void
progress(void *ctx, int64_t done, int64_t total)
{
	struct view *v = ctx;
	struct iv *m = v->priv;
	m->done = done;
	m->total = total;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ms = (int64_t)(now.tv_sec - m->last.tv_sec) * 1000
		+ (now.tv_nsec - m->last.tv_nsec) / 1000000;
	if (ms < 50 && done < total)
		return;
	m->last = now;
	ui_draw(v->ui);
}

/* Read the file: a dry run (dry) or the import itself. */
static void
run(struct view *v, bool dry)
{
	struct iv *m = v->priv;
	struct ui *ui = v->ui;
	pcsv_import_opts o = { .path = m->path, .dates = m->dates, .dry_run = dry };
	/* Both show their progress: the check of a long file takes seconds. */
	enum mode was = m->mode;
	o.progress = progress;
	o.ctx = v;
	m->checking = dry;
	m->mode = RUNNING;
	m->done = 0;
	m->total = dry ? 0 : m->rep.rows;
	m->first = 0;
	memset(&m->last, 0, sizeof m->last);
	ui_msg_clear(ui);
	ui_draw(ui);
	drop_report(m);
	senda_error err = { 0 };
	senda_err e = pcsv_import(ui->db, &o, &m->rep, &err);
	m->have_rep = true;
	free(m->problem);
	m->problem = NULL;
	m->mode = was;
	if (e != SENDA_OK && dry && m->rep.ask_dates[0] && m->dates == PCSV_DATES_UNKNOWN) {
		m->mode = ORDER;
		return;
	}
	if (e != SENDA_OK) {
		m->problem = xstrdup(m->rep.message);
		m->mode = FILE_NAME;
		ui_msg(ui, MSG_ERROR, "%s", _("Nothing was imported."));
		return;
	}
	m->mode = dry ? PREVIEW : DONE;
	if (dry && stat(m->path, &m->shown) != 0)
		memset(&m->shown, 0, sizeof m->shown);
	if (!dry)
		ui_msg(ui, MSG_OK, "%s", _("The import is done."));
}

static void
choose_file(struct view *v)
{
	struct iv *m = v->priv;
	const char *typed = form_get(&m->form, "path");
	if (!typed || !*typed)
		return;
	const char *home = getenv("HOME");
	free(m->path);
	m->path = typed[0] == '~' && typed[1] == '/' && home ? xasprintf("%s%s", home, typed + 1)
		: xstrdup(typed);
	if (access(m->path, R_OK) != 0) {
		/* L10N: %s is a file name typed on the import screen */
		ui_msg(v->ui, MSG_ERROR, _("There is no file %s that can be read."), m->path);
		return;
	}
	m->dates = PCSV_DATES_UNKNOWN;
	run(v, true);
}

/* Up, Down, PgUp, PgDn, Home, End over the rows not imported. */
static bool
scroll_notes(struct iv *m, enum action act)
{
	size_t n = m->rep.nnotes, page = (size_t)(m->page > 0 ? m->page : 1);
	switch (act) {
	case ACT_UP: if (m->first > 0) m->first--; return true;
	case ACT_DOWN: if (m->first + 1 < n) m->first++; return true;
	case ACT_PGUP: m->first = m->first > page ? m->first - page : 0; return true;
	case ACT_PGDN: if (m->first + page < n) m->first += page; return true;
	case ACT_FIRST: m->first = 0; return true;
	case ACT_LAST: m->first = n > page ? n - page : 0; return true;
	default: return false;
	}
}

static bool
iv_handle(struct view *v, enum action act, int key)
{
	struct iv *m = v->priv;
	switch (m->mode) {
	case RUNNING:
		return true;
	case DONE:
		if (act == ACT_BACK) {
			ui_pop(v->ui);
			return true;
		}
		return scroll_notes(m, act);
	case ORDER:
		if (act == ACT_DAY_FIRST || act == ACT_MONTH_FIRST) {
			m->dates = act == ACT_DAY_FIRST ? PCSV_DATES_DMY : PCSV_DATES_MDY;
			run(v, true);
			return true;
		}
		if (act == ACT_BACK) {
			m->mode = FILE_NAME;
			return true;
		}
		return true;
	case PREVIEW:
		if (act == ACT_IMPORT_NOW) {
			if (m->rep.added == 0) {
				ui_msg(v->ui, MSG_INFO, "%s", _("There is nothing new to add."));
				return true;
			}
			struct stat now;
			if (stat(m->path, &now) != 0 || now.st_ino != m->shown.st_ino ||
			    now.st_size != m->shown.st_size ||
			    now.st_mtim.tv_sec != m->shown.st_mtim.tv_sec ||
			    now.st_mtim.tv_nsec != m->shown.st_mtim.tv_nsec) {
				/* what F10 adds is what the screen showed, or nothing */
				run(v, true);
				if (m->mode == PREVIEW)
					ui_msg(v->ui, MSG_INFO, "%s",
					       /* L10N: on the import screen, after F10 */
					       _("The file changed since it was read: this is what it "
						 "holds now. Press F10 again to add it."));
				return true;
			}
			run(v, false);
			return true;
		}
		if (act == ACT_BACK) {
			m->mode = FILE_NAME;
			return true;
		}
		return scroll_notes(m, act);
	case FILE_NAME:
		break;
	}
	if (key == K_ENTER && act != ACT_NONE) {
		choose_file(v);
		return true;
	}
	if (act == ACT_BACK) {
		ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&m->form, act, key);
	if (m->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", m->form.notice);
	return r != FORM_IGNORED;
}

static bool
iv_typing(struct view *v)
{
	struct iv *m = v->priv;
	return m->mode == FILE_NAME;
}

static const enum action file_keys[] = {
	ACT_BACK, ACT_NEXT_FIELD, ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END,
	ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action file_bar[] = { ACT_BACK, ACT_NONE };
static const enum action order_keys[] = { ACT_DAY_FIRST, ACT_MONTH_FIRST, ACT_BACK, ACT_NONE };
static const enum action preview_keys[] = {
	ACT_IMPORT_NOW, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action preview_bar[] = { ACT_IMPORT_NOW, ACT_BACK, ACT_NONE };
static const enum action back_keys[] = {
	ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action back_bar[] = { ACT_BACK, ACT_NONE };
static const enum action no_keys[] = { ACT_NONE };

static const enum action *
iv_keys_now(struct view *v)
{
	struct iv *m = v->priv;
	switch (m->mode) {
	case ORDER: return order_keys;
	case PREVIEW: return preview_keys;
	case RUNNING: return no_keys;
	case DONE: return back_keys;
	default: return file_keys;
	}
}

static const enum action *
iv_bar_now(struct view *v)
{
	struct iv *m = v->priv;
	switch (m->mode) {
	case ORDER: return order_keys;
	case PREVIEW: return preview_bar;
	case RUNNING: return no_keys;
	case DONE: return back_bar;
	default: return file_bar;
	}
}

/* F2: the dry run's reasons are sentences of the language they were made
 * in; a preview is read again to say them in the new one (it writes
 * nothing). The report of an import done stays as it was said. */
static void
iv_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	struct iv *m = v->priv;
	if (m->mode == PREVIEW)
		run(v, true);
}

const struct view_ops import_view = {
	.name = "import",
	/* L10N: title of the import screen */
	.title = N_("Import participants"),
	.about = N_("Bring in participants from a spreadsheet saved as CSV (UTF-8 or "
		    "Windows-1252, with headers such as Nombre, Apellido Paterno, Teléfono or "
		    "First Name, Last Name, Phone). senda first shows how it reads each column "
		    "and what it would do: each row is checked like an intake, and a row that may "
		    "be someone already saved, or an earlier row, is not added. F10 then adds the "
		    "new ones, all at once or, on an error, none."),
	.keys = file_keys,
	.bar = file_bar,
	.open = iv_open,
	.lang_changed = iv_lang_changed,
	.close = iv_close,
	.draw = iv_draw,
	.handle = iv_handle,
	.typing = iv_typing,
	.keys_now = iv_keys_now,
	.bar_now = iv_bar_now,
};
