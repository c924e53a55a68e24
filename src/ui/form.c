/* senda — the form widget. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/clock.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/money.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/term.h"

#define DATE_W 12       /* a date field */
#define WORDS_W 25      /* a date in words beside it: "30 de septiembre de 1990" */
#define CHOICE_W 28
#define TEXT_W 42       /* widest text field (longer text scrolls inside) */

void
form_init(struct form *fm, const struct form_field *defs, int n)
{
	memset(fm, 0, sizeof *fm);
	fm->f = xcalloc((size_t)n, sizeof *fm->f);
	fm->n = n;
	for (int i = 0; i < n; i++) {
		fm->f[i] = defs[i];
		struct form_field *fld = &fm->f[i];
		int max = fld->type == FIELD_TEXT || fld->type == FIELD_PHONE ? fld->max
			: fld->type == FIELD_DATE ? 10 : fld->type == FIELD_NUMBER ? 4 : 12;
		line_init(&fld->line, (size_t)max);
		fld->sel = 0;
		fld->other = fld->error = fld->orig = NULL;
	}
}

void
form_free(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		line_free(&fm->f[i].line);
		free(fm->f[i].other);
		free(fm->f[i].error);
		free(fm->f[i].orig);
	}
	free(fm->f);
	fm->f = NULL;
	fm->n = 0;
}

struct form_field *
form_find(struct form *fm, const char *key)
{
	for (int i = 0; i < fm->n; i++)
		if (strcmp(fm->f[i].key, key) == 0)
			return &fm->f[i];
	return NULL;
}

static const char *
field_value(const struct form_field *fld)
{
	if (fld->type != FIELD_CHOICE)
		return line_text(&fld->line);
	if (fld->sel < 0)
		return fld->other ? fld->other : "";
	return fld->choices[fld->sel].value;
}

void
form_set(struct form *fm, const char *key, const char *value)
{
	struct form_field *fld = form_find(fm, key);
	if (!fld)
		return;
	value = value ? value : "";
	if (fld->type != FIELD_CHOICE) {
		line_set(&fld->line, value);
		return;
	}
	for (int i = 0; fld->choices[i].value; i++)
		if (strcmp(fld->choices[i].value, value) == 0) {
			fld->sel = i;
			return;
		}
	fld->sel = -1;
	free(fld->other);
	fld->other = xstrdup(value);
}

const char *
form_get(struct form *fm, const char *key)
{
	struct form_field *fld = form_find(fm, key);
	return fld ? field_value(fld) : "";
}

const char *
form_shown(struct form *fm, const char *key)
{
	struct form_field *fld = form_find(fm, key);
	if (!fld)
		return "";
	if (fld->type == FIELD_CHOICE && fld->sel >= 0)
		return _(fld->choices[fld->sel].label);
	return field_value(fld);
}

void
form_mark_clean(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		free(fm->f[i].orig);
		fm->f[i].orig = xstrdup(field_value(&fm->f[i]));
	}
}

bool
form_dirty(const struct form *fm)
{
	for (int i = 0; i < fm->n; i++)
		if (!fm->f[i].orig || strcmp(fm->f[i].orig, field_value(&fm->f[i])) != 0)
			return true;
	return false;
}

static void
set_error(struct form_field *fld, const char *msg)
{
	free(fld->error);
	fld->error = msg ? xstrdup(msg) : NULL;
}

enum date_status
form_date(struct form_field *fld, sdate *out)
{
	return date_parse(line_text(&fld->line), field_date_order(), out);
}

static bool
blank(const char *s)
{
	return s[strspn(s, " ")] == '\0';
}

/* The year typed: the group of four digits, or -1. */
static int
typed_year(const char *v)
{
	for (const char *p = v; *p; ) {
		size_t n = strspn(p, "0123456789");
		if (n == 4)
			return atoi(p);
		p += n ? n : 1;
	}
	return -1;
}

/* A date that does not parse: say the order dates go in, with an example
 * (the day typed, in that order, when it exists so). */
static char *
date_order_error(const char *what, const char *typed)
{
	enum date_order order = field_date_order();
	enum date_order other = order == DATE_MDY ? DATE_DMY : DATE_MDY;
	sdate d = { 1990, 12, 25 };
	char example[16];
	sdate swapped;
	if (date_parse(typed, other, &swapped) == DATE_OK)
		d = swapped;
	date_format(d, order, example, sizeof example);
	const char *words = order == DATE_MDY
		/* L10N: the order dates are typed in, in English */
		? _("month/day/year")
		/* L10N: the order dates are typed in, in Spanish */
		: _("day/month/year");
	/* L10N: a date that does not parse; "That day does not exist." or "This
	 * is not a date.", then the order (month/day/year) and an example */
	return xasprintf(_("%s Dates go %s, as in %s."), what, words, example);
}

/* The field's own rules; sets or clears its error. */
static bool
check_field(struct form_field *fld)
{
	const char *v = line_text(&fld->line);
	senda_err e = SENDA_OK;
	if (fld->type == FIELD_CHOICE)
		e = SENDA_OK;
	else if (blank(v))
		e = fld->required ? SENDA_E_REQUIRED : SENDA_OK;
	else if (fld->type == FIELD_DATE) {
		sdate d;
		switch (form_date(fld, &d)) {
		case DATE_OK:
			if (fld->before_today && date_cmp(d, clock_today()) > 0)
				e = SENDA_E_FUTURE;
			else if (fld->before_today && date_cmp(d, clock_today()) == 0) {
				set_error(fld, _("That is today: the date must be before today."));
				return false;
			}
			break;
		case DATE_EMPTY: break;
		case DATE_RANGE:
			e = typed_year(v) > clock_today().y ? SENDA_E_FUTURE : SENDA_E_TOOOLD;
			break;
		case DATE_INVALID:
		default: {
			char *msg = date_order_error(senda_strerror(form_date(fld, &d) == DATE_INVALID
								    ? SENDA_E_DATE_INVALID
								    : SENDA_E_DATE), v);
			set_error(fld, msg);
			free(msg);
			return false;
		}
		}
	} else if (fld->type == FIELD_PHONE) {
		if (!field_phone_ok(v))
			e = SENDA_E_PHONE;
	} else if (fld->type == FIELD_NUMBER) {
		if (fmt_parse_int(v, 1000000) < 0)
			e = SENDA_E_NUMBER;
		else if (fmt_parse_int(v, fld->max) < 0)
			e = SENDA_E_RANGE;
	} else if (fld->type == FIELD_MONEY) {
		int64_t c = money_parse(v);
		if (c < 0)
			e = SENDA_E_NUMBER;
		else if (c > (int64_t)fld->max * 100)
			e = SENDA_E_RANGE;
	}
	set_error(fld, e == SENDA_OK ? NULL : senda_strerror(e));
	return e == SENDA_OK;
}

bool
form_check(struct form *fm)
{
	int first = -1;
	for (int i = 0; i < fm->n; i++)
		if (!check_field(&fm->f[i]) && first < 0)
			first = i;
	if (first >= 0)
		fm->cur = fm->recent = first;
	return first < 0;
}

bool
form_set_error(struct form *fm, const char *key, const char *msg)
{
	for (int i = 0; key && i < fm->n; i++)
		if (!strcmp(fm->f[i].key, key)) {
			set_error(&fm->f[i], msg);
			fm->cur = i;
			return true;
		}
	return false;
}

bool
form_model_error(struct form *fm, const senda_error *err)
{
	char msg[400];
	if (err->detail[0])
		snprintf(msg, sizeof msg, "%s (%s)", senda_strerror(err->code), err->detail);
	else
		snprintf(msg, sizeof msg, "%s", senda_strerror(err->code));
	/* By the field's key: labels are for people. */
	return form_set_error(fm, err->key, msg);
}

/* A date typed only in part ("03/04", "03/04/202") when the language
 * changes: its first two numbers are day and month in one order and month
 * and day in the other, so they change places, and what is typed next
 * still means the day the user began (English and Spanish differ in that
 * order only). A whole date, and anything else, is left as typed. */
static void
swap_day_month(struct form_field *fld)
{
	const char *t = line_text(&fld->line);
	size_t a = strspn(t, "0123456789");
	if (a < 1 || a > 2 || !t[a] || !strchr("/-.", t[a]))
		return;
	size_t b = strspn(t + a + 1, "0123456789");
	const char *rest = t + a + 1 + b;
	if (b < 1 || b > 2 || (*rest && !strchr("/-.", *rest)))
		return;
	/* Only while the year is unfinished: a whole date that does not exist
	 * (31/02/1990) is the user's to correct, not to be turned round. */
	if (*rest && (strlen(rest + 1) > 3 || strspn(rest + 1, "0123456789") != strlen(rest + 1)))
		return;
	char *swapped = xasprintf("%.*s%c%.*s%s", (int)b, t + a + 1, t[a], (int)a, t,
				  t + a + 1 + b);
	bool was = fld->orig && !strcmp(fld->orig, t);
	line_set(&fld->line, swapped);
	if (was) {
		free(fld->orig);
		fld->orig = xstrdup(swapped);
	}
	free(swapped);
}

void
form_relang(struct form *fm, enum date_order from)
{
	enum date_order to = field_date_order();
	for (int i = 0; i < fm->n && from != to; i++) {
		struct form_field *fld = &fm->f[i];
		sdate d;
		if (fld->type != FIELD_DATE)
			continue;
		if (date_parse(line_text(&fld->line), from, &d) != DATE_OK) {
			swap_day_month(fld);
			continue;
		}
		char buf[16];
		bool was = fld->orig && !strcmp(fld->orig, line_text(&fld->line));
		line_set(&fld->line, date_format(d, to, buf, sizeof buf));
		if (was) {   /* the same day is not a change */
			free(fld->orig);
			fld->orig = xstrdup(buf);
		}
	}
	for (int i = 0; i < fm->n; i++)
		if (fm->f[i].error)
			check_field(&fm->f[i]);
}

/* Which typed characters a field takes. */

static int
count_choices(const struct form_field *fld)
{
	int n = 0;
	while (fld->choices[n].value)
		n++;
	return n;
}

static void
cycle(struct form_field *fld, int dir)
{
	int n = count_choices(fld);
	if (fld->sel < 0)
		fld->sel = dir > 0 ? 0 : n - 1;
	else
		fld->sel = (fld->sel + dir + n) % n;
}

/* Typing a letter in a choice field picks the next choice starting with it
 * (in the interface language: "s" is "Sí"). */
static bool
choose_by_letter(struct form_field *fld, int ch)
{
	char typed[8] = "";
	snprintf(typed, sizeof typed, "%lc", (wint_t)ch);
	char *t = text_fold(typed);
	int n = count_choices(fld);
	bool found = false;
	for (int k = 1; t && *t && k <= n && !found; k++) {
		int i = ((fld->sel < 0 ? -1 : fld->sel) + k + n) % n;
		char *l = text_fold(_(fld->choices[i].label));
		if (l && strncmp(l, t, strlen(t)) == 0) {
			fld->sel = i;
			found = true;
		}
		free(l);
	}
	free(t);
	return found;
}

static void
move_to(struct form *fm, int to)
{
	if (!check_field(&fm->f[fm->cur]))
		fm->recent = fm->cur;
	fm->cur = (to % fm->n + fm->n) % fm->n;
	line_end(&fm->f[fm->cur].line);
}

enum form_result
form_handle(struct form *fm, enum action act, int key)
{
	struct form_field *fld = &fm->f[fm->cur];
	struct line *l = &fld->line;
	bool choice = fld->type == FIELD_CHOICE;
	bool changed = false;
	fm->notice[0] = '\0';
	if (act == ACT_NONE && key_is_text(key)) {
		if (choice) {
			if (key == ' ')
				cycle(fld, 1);
			else if (!choose_by_letter(fld, key))
				return FORM_HANDLED;
			changed = true;
		} else if (line_insert(l, key)) {
			/* Every character typed is kept, in number, money, date and
			 * phone fields too: dropping one would turn "3-4" into 34
			 * and "-5" into 5 without a word. The field's check then
			 * says what is wrong, beside it. */
			changed = true;
		} else {
			snprintf(fm->notice, sizeof fm->notice,
				 P_("This field takes at most %zu character.",
				    "This field takes at most %zu characters.", l->max), l->max);
			return FORM_HANDLED;
		}
	} else {
		switch (act) {
		case ACT_NEXT_FIELD:
			if (key == K_ENTER && fm->enter_submits && fm->cur == fm->n - 1) {
				check_field(fld);
				return FORM_SUBMIT;
			}
			move_to(fm, fm->cur + 1);
			return FORM_HANDLED;
		case ACT_PREV_FIELD: move_to(fm, fm->cur - 1); return FORM_HANDLED;
		case ACT_PGDN: move_to(fm, fm->cur + 6 < fm->n ? fm->cur + 6 : fm->n - 1);
			return FORM_HANDLED;
		case ACT_PGUP: move_to(fm, fm->cur > 6 ? fm->cur - 6 : 0); return FORM_HANDLED;
		case ACT_LEFT:
			if (choice) { cycle(fld, -1); changed = true; } else line_left(l);
			break;
		case ACT_RIGHT:
			if (choice) { cycle(fld, 1); changed = true; } else line_right(l);
			break;
		case ACT_CYCLE:
			if (choice) { cycle(fld, 1); changed = true; }
			break;
		case ACT_LINE_START: line_start(l); break;
		case ACT_LINE_END: line_end(l); break;
		case ACT_DEL_BACK: changed = !choice && line_delete_back(l); break;
		case ACT_DEL_FWD: changed = !choice && line_delete_fwd(l); break;
		case ACT_CLEAR:
			if (!choice && l->len) {
				line_clear(l);
				changed = true;
			}
			break;
		default:
			return FORM_IGNORED;
		}
	}
	if (changed) {
		set_error(fld, NULL);
		return FORM_CHANGED;
	}
	return FORM_HANDLED;
}

/* ---- drawing ----------------------------------------------------------- */

struct layout {
	int labelw, x, inputw;
};

static void
layout(const struct form *fm, struct layout *lo)
{
	int w = 0;
	for (int i = 0; i < fm->n; i++) {
		int lw = term_width(_(fm->f[i].label)) + (fm->f[i].required ? 2 : 0);
		if (lw > w)
			w = lw;
	}
	/* Labels may take what leaves a date and its words room beside it;
	 * errors that do not fit beside a field go on the line below. */
	int most = COLS - 4 - DATE_W - 2 - WORDS_W;
	if (most < COLS / 4)
		most = COLS / 4;
	lo->labelw = w < most ? w : most;
	lo->x = 2 + lo->labelw + 2;
	lo->inputw = COLS - lo->x - 2;
	if (lo->inputw > TEXT_W)
		lo->inputw = TEXT_W;
}

/* A choice field is wide enough for its longest choice, when there is room. */
static int
choice_width(const struct form_field *fld)
{
	int w = CHOICE_W;
	for (int i = 0; fld->choices && fld->choices[i].value; i++) {
		int cw = term_width(_(fld->choices[i].label)) + 4;
		if (cw > w)
			w = cw;
	}
	return w;
}

static int
input_width(const struct form_field *fld, const struct layout *lo)
{
	int want = fld->type == FIELD_CHOICE ? choice_width(fld) : fld->type == FIELD_DATE ? DATE_W
		: fld->type == FIELD_NUMBER ? 6 : fld->type == FIELD_MONEY ? 10
		: fld->max + 1;
	return want < lo->inputw ? want : lo->inputw;
}

/* The words beside a field: its error, or a date in words. */
static const char *
beside_text(struct form_field *fld, char *buf, size_t n, bool *is_error)
{
	*is_error = fld->error != NULL;
	if (fld->error)
		return fld->error;
	sdate d;
	if (fld->type == FIELD_DATE && form_date(fld, &d) == DATE_OK)
		return date_words(d, i18n_lang(), buf, n);
	if (fld->type == FIELD_DATE && blank(line_text(&fld->line)))
		return field_date_order() == DATE_MDY
			/* L10N: beside an empty date field in English: the order */
			? _("mm/dd/yyyy")
			/* L10N: beside an empty date field in Spanish: the order
			 * (aaaa: año) */
			: _("dd/mm/yyyy");
	return NULL;
}

/* Every field takes one line, whatever its message: a message never moves
 * the form. What does not fit beside its field is shown whole on the form's
 * last line (the cursor's field first, else the one refused last). */
int
form_lines(struct form *fm)
{
	return fm->n + 1;   /* the fields and the line for a long message */
}

static void
draw_choice(struct form_field *fld, int y, int x, int w, bool focus)
{
	const char *label = fld->sel < 0 ? (fld->other ? fld->other : "")
		: _(fld->choices[fld->sel].label);
	char *s = xasprintf("< %s >", label);
	term_put(y, x, s, w, focus ? ST_FIELD_FOCUS : ST_NORMAL, true);
	free(s);
}

void
form_draw(struct form *fm, int y, int h, int *cur_y, int *cur_x)
{
	struct layout lo;
	layout(fm, &lo);
	int msg_y = -1;
	if (h >= 2) {
		msg_y = y + h - 1;   /* kept for a long message, always */
		h--;
	}
	/* Keep the cursor's field in view. */
	int at, cur_at = fm->cur, total = fm->n;
	if (cur_at < fm->top)
		fm->top = cur_at;
	if (cur_at + 1 > fm->top + h)
		fm->top = cur_at + 1 - h;
	if (fm->top > 0 && total - fm->top < h)
		fm->top = total > h ? total - h : 0;
	term_scroll_marks(y, h, fm->top > 0, total > fm->top + h);
	char *long_cur = NULL;
	bool long_cur_err = false;
	struct form_field *long_other = NULL;
	at = 0;
	*cur_y = *cur_x = -1;
	for (int i = 0; i < fm->n; i++) {
		struct form_field *fld = &fm->f[i];
		int row = y + at - fm->top;
		at++;
		if (row < y || row >= y + h)
			continue;
		bool focus = i == fm->cur;
		int lw = term_put(row, 2, _(fld->label), lo.labelw - (fld->required ? 2 : 0),
				  focus ? ST_LABEL_FOCUS : ST_NORMAL, false);
		if (fld->required)
			term_put(row, 2 + lw + 1, "*", 1, ST_REQUIRED, false);
		int iw = input_width(fld, &lo);
		if (fld->type == FIELD_CHOICE) {
			draw_choice(fld, row, lo.x, iw, focus);
			if (focus) {
				*cur_y = row;
				*cur_x = lo.x;
			}
		} else {
			int cx = line_draw(&fld->line, row, lo.x, iw,
					   focus ? ST_FIELD_FOCUS : ST_FIELD);
			if (focus) {
				*cur_y = row;
				*cur_x = cx;
			}
		}
		char buf[64];
		bool err;
		const char *b = beside_text(fld, buf, sizeof buf, &err);
		if (!b)
			continue;
		int bx = lo.x + iw + 2;
		term_put(row, bx, b, COLS - bx - 1, err ? ST_ERROR : ST_HINT, false);
		if (term_width(b) <= COLS - bx - 1 || msg_y < 0)
			continue;
		if (focus) {
			free(long_cur);
			long_cur = xstrdup(b);
			long_cur_err = err;
		}
		else if (err && (!long_other || i == fm->recent))
			long_other = fld;
	}
	/* The whole message of the field with the cursor, or else of the first
	 * field whose error is cut beside it. */
	if (long_cur) {
		term_put(msg_y, 2, long_cur, COLS - 3, long_cur_err ? ST_ERROR : ST_HINT, false);
		free(long_cur);
	} else if (long_other) {
		/* L10N: on a form's last line: a field's label, its error */
		char *s = xasprintf(_("%s: %s"), _(long_other->label), long_other->error);
		/* The label when there is room; the whole message first. */
		term_put(msg_y, 2, term_width(s) <= COLS - 3 ? s : long_other->error, COLS - 3,
			 ST_ERROR, false);
		free(s);
	}
}

int
form_draw_prompt(struct form *fm, const char *hint, int y, int last, int *cur_y, int *cur_x)
{
	int row = y + term_put_wrapped(y, last, hint, ST_HINT) + 1;
	if (row + 1 < last)
		form_draw(fm, row, 2, cur_y, cur_x);
	return row + 2;
}
