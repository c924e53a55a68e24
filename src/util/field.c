/* senda — field descriptors: one parse and one show function per type (see
 * senda/field.h). */
#include <config.h>

#include <stdarg.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/clock.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/money.h"
#include "senda/text.h"

#define SLOT(f, rec, type) ((type *)((char *)(rec) + (f)->off))
#define CSLOT(f, rec, type) ((const type *)((const char *)(rec) + (f)->off))

static bool
is_text(enum field_kind k)
{
	return k == FK_TEXT || k == FK_PHONE || k == FK_EMAIL || k == FK_CHOICE;
}

/* A text field's value (never NULL), and putting one: false when it
 * does not fit an inline field (nothing is changed then). */
static const char *
text_of(const field_desc *f, const void *rec)
{
	if (f->flags & FF_INLINE)
		return CSLOT(f, rec, char);
	const char *s = *CSLOT(f, rec, char *const);
	return s ? s : "";
}

static bool
text_put(const field_desc *f, void *rec, const char *v)
{
	if (f->flags & FF_INLINE) {
		size_t cap = (size_t)FIELD_INLINE(f->max);
		if (strlen(v) >= cap)
			return false;
		memcpy(SLOT(f, rec, char), v, strlen(v) + 1);
		return true;
	}
	char **slot = SLOT(f, rec, char *);
	char *copy = xstrdup(v);
	free(*slot);
	*slot = copy;
	return true;
}

const field_desc *
field_find(const field_desc *table, size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

enum date_order
field_date_order(void)
{
	return strcmp(i18n_lang(), "es") == 0 ? DATE_DMY : DATE_MDY;
}

const char *
field_choice_label(const struct field_choice *choices, const char *code)
{
	for (int i = 0; choices && code && choices[i].value; i++)
		if (strcmp(choices[i].value, code) == 0)
			return choices[i].label;
	return NULL;
}

/* ---- stored values ----------------------------------------------------- */

char *
field_stored(const field_desc *f, const void *rec)
{
	if (is_text(f->kind))
		return xstrdup(text_of(f, rec));
	switch (f->kind) {
	case FK_DATE:
		return xstrdup(CSLOT(f, rec, char));
	case FK_INT:
	case FK_YESNO: {
		int v = *CSLOT(f, rec, int);
		return v < 0 || (v == 0 && (f->flags & FF_ZERO_NULL)) ? xstrdup("")
			: xasprintf("%d", v);
	}
	case FK_MONEY: {
		int64_t v = *CSLOT(f, rec, int64_t);
		return v < 0 ? xstrdup("") : xasprintf("%" PRId64, v);
	}
	default:
		return xstrdup("");
	}
}

void
field_store(const field_desc *f, void *rec, const char *stored)
{
	const char *s = stored ? stored : "";
	if (is_text(f->kind)) {
		/* A stored value was checked when it was written: it fits. */
		if (!text_put(f, rec, s))
			text_put(f, rec, "");
		return;
	}
	switch (f->kind) {
	case FK_DATE:
		snprintf(SLOT(f, rec, char), 11, "%s", strlen(s) == 10 ? s : "");
		break;
	case FK_INT:
	case FK_YESNO:
		*SLOT(f, rec, int) = *s ? (int)strtol(s, NULL, 10)
			: f->flags & FF_ZERO_NULL ? 0 : -1;
		break;
	case FK_MONEY:
		*SLOT(f, rec, int64_t) = *s ? strtoll(s, NULL, 10) : -1;
		break;
	default:
		break;
	}
}

void
field_copy(const field_desc *f, void *dst, const void *src)
{
	char *v = field_stored(f, src);
	field_store(f, dst, v);
	free(v);
}

bool
field_same(const field_desc *f, const void *a, const void *b)
{
	char *x = field_stored(f, a), *y = field_stored(f, b);
	bool r = strcmp(x, y) == 0;
	free(x);
	free(y);
	return r;
}

void
field_clear(const field_desc *f, void *rec)
{
	field_store(f, rec, NULL);
}

void
field_clear_all(const field_desc *table, size_t n, void *rec)
{
	for (size_t i = 0; i < n; i++)
		field_clear(&table[i], rec);
}

void
field_free_all(const field_desc *table, size_t n, void *rec)
{
	for (size_t i = 0; i < n; i++)
		if (is_text(table[i].kind) && !(table[i].flags & FF_INLINE)) {
			char **slot = SLOT(&table[i], rec, char *);
			free(*slot);
			*slot = NULL;
		}
}

void
field_copy_all(const field_desc *table, size_t n, void *dst, const void *src)
{
	for (size_t i = 0; i < n; i++)
		field_copy(&table[i], dst, src);
}

/* ---- typed values ------------------------------------------------------ */

/* "free", "gratis" and the like, ignoring case and accents. */
static bool
money_free(const char *typed)
{
	static const char *const words[] = {
		"free", "gratis", "gratuito", "gratuita", "no cost", "sin costo", "sin costo alguno",
		"none", "ninguno", NULL
	};
	char *f = text_fold(typed);
	char *c = f ? text_clean(f) : NULL;
	bool r = false;
	for (int i = 0; c && words[i] && !r; i++)
		r = strcmp(c, words[i]) == 0;
	free(f);
	free(c);
	return r;
}

senda_err
field_fail(senda_error *err, senda_err code, const field_desc *f, const char *fmt, ...)
{
	char detail[sizeof err->detail];
	detail[0] = '\0';
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(detail, sizeof detail, fmt, ap);
		va_end(ap);
	}
	senda_fail(err, code, f->label, fmt ? "%s" : NULL, detail);
	if (err)
		err->key = f->key;
	return code;
}

static senda_err
fail(senda_error *err, senda_err code, const field_desc *f, const char *detail)
{
	return field_fail(err, code, f, detail ? "%s" : NULL, detail);
}

static senda_err
too_long(senda_error *err, const field_desc *f, const char *v)
{
	char *d = xasprintf(_("at most %d characters, this has %zu"), (int)f->max, text_chars(v));
	senda_err e = fail(err, SENDA_E_TOOLONG, f, d);
	free(d);
	return e;
}

/* The choice whose label, in English or in the interface language,
 * folded is t. */
static const char *
choice_by_label(const field_desc *f, const char *t, bool english)
{
	const char *found = NULL;
	for (int i = 0; f->choices && f->choices[i].value && !found; i++) {
		const struct field_choice *c = &f->choices[i];
		char *l = text_fold(english ? c->label : _(c->label));
		if (l && strcmp(t, l) == 0)
			found = c->value;
		free(l);
	}
	return found;
}

/* A choice by its code, or by its label in English or in Spanish (either,
 * whatever the interface language), ignoring case and accents. */
static const char *
choice_code(const field_desc *f, const char *typed)
{
	for (int i = 0; f->choices && f->choices[i].value; i++)
		if (strcmp(typed, f->choices[i].value) == 0)
			return f->choices[i].value;
	char *t = text_fold(typed);
	const char *found = NULL;
	if (t) {
		found = choice_by_label(f, t, true);
		if (!found && strcmp(i18n_lang(), "en") != 0)
			found = choice_by_label(f, t, false);
		if (!found && strcmp(i18n_lang(), "es") != 0) {
			/* The Spanish labels under an English interface: one switch
			 * there and back for the whole list. */
			char ui[8];
			snprintf(ui, sizeof ui, "%s", i18n_lang());
			i18n_set_lang("es");
			found = choice_by_label(f, t, false);
			i18n_set_lang(ui);
		}
	}
	free(t);
	return found;
}

senda_err
field_parse(const field_desc *f, void *rec, const char *typed, senda_error *err)
{
	const char *v = typed ? typed : "";
	if (!text_valid(v))
		return fail(err, SENDA_E_UTF8, f, NULL);
	while (*v == ' ' && f->kind != FK_TEXT)
		v++;
	if (!*v) {
		field_clear(f, rec);
		return SENDA_OK;
	}
	switch (f->kind) {
	case FK_TEXT:
	case FK_PHONE:
	case FK_EMAIL:
		return text_put(f, rec, v) ? SENDA_OK : too_long(err, f, v);
	case FK_CHOICE: {
		const char *code = choice_code(f, v);
		if (!code && !(f->flags & FF_OPEN_CHOICE))
			return fail(err, SENDA_E_CHOICE, f, NULL);
		return text_put(f, rec, code ? code : v) ? SENDA_OK : too_long(err, f, v);
	}
	case FK_DATE: {
		sdate d;
		char iso[11];
		switch (date_parse(v, field_date_order(), &d)) {
		case DATE_OK:
			date_to_iso(d, iso);
			field_store(f, rec, iso);
			return SENDA_OK;
		case DATE_INVALID: {
			/* Say the order: 25/12/1990 in English is a day/month swap. */
			char *t = xasprintf("%s: %s", v, _("use MM/DD/YYYY or YYYY-MM-DD"));
			senda_err e = fail(err, SENDA_E_DATE_INVALID, f, t);
			free(t);
			return e;
		}
		case DATE_RANGE: {
			/* Year 9999 is in the future, not too far in the past. The
			 * year is the group of four digits, whatever the separator. */
			int year = -1;
			for (const char *q = v; *q && year < 0;) {
				size_t n = strspn(q, "0123456789");
				if (n == 4)
					year = atoi(q);
				q += n ? n : 1;
			}
			return fail(err, year > clock_today().y ? SENDA_E_FUTURE : SENDA_E_TOOOLD, f, v);
		}
		default:
			/* L10N: the date formats accepted, in the user's order */
			return fail(err, SENDA_E_DATE, f, _("use MM/DD/YYYY or YYYY-MM-DD"));
		}
	}
	case FK_INT: {
		if (f->choices) {
			const char *code = choice_code(f, v);
			if (!code)
				return fail(err, SENDA_E_CHOICE, f, NULL);
			*SLOT(f, rec, int) = atoi(code);
			return SENDA_OK;
		}
		int64_t n = 0;
		int digits = 0;
		const char *s = v;
		for (; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (++digits > 9)
				return fail(err, SENDA_E_RANGE, f, NULL);
		}
		while (*s == ' ')
			s++;
		if (!digits || *s)
			return fail(err, SENDA_E_NUMBER, f, v);
		*SLOT(f, rec, int) = (int)n;   /* at most 9 digits: fits */
		return SENDA_OK;
	}
	case FK_MONEY: {
		if ((f->flags & FF_FREE) && money_free(v)) {
			*SLOT(f, rec, int64_t) = 0;
			return SENDA_OK;
		}
		int64_t c = money_parse(v);
		if (c < 0)
			return fail(err, SENDA_E_NUMBER, f, v);
		*SLOT(f, rec, int64_t) = c;
		return SENDA_OK;
	}
	case FK_YESNO: {
		int yn = text_yes_no(v);
		if (yn < 0 && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0))
			yn = v[0] - '0';
		if (yn < 0)
			/* L10N: the answers a yes/no field takes */
			return fail(err, SENDA_E_CHOICE, f, _("yes or no"));
		*SLOT(f, rec, int) = yn;
		return SENDA_OK;
	}
	}
	return SENDA_OK;
}

char *
field_typed(const field_desc *f, const void *rec)
{
	char *s = field_stored(f, rec);
	if (!*s)
		return s;
	char buf[40];
	if (f->kind == FK_DATE) {
		sdate d;
		if (date_from_iso(s, &d) == DATE_OK) {
			date_format(d, field_date_order(), buf, sizeof buf);
			free(s);
			return xstrdup(buf);
		}
	} else if (f->kind == FK_MONEY) {
		int64_t cents = strtoll(s, NULL, 10);
		if (cents == 0 && (f->flags & FF_FREE)) {
			free(s);
			/* L10N: a program's cost when it costs nothing; typed in the
			 * form, so it must be a word money_free() takes */
			return xstrdup(_("free"));
		}
		money_format(cents, buf, sizeof buf);
		free(s);
		return xstrdup(buf[0] == '$' ? buf + 1 : buf);
	}
	return s;
}

char *
field_written(const field_desc *f, const void *rec)
{
	char *s = field_stored(f, rec);
	char *w = field_written_stored(f, s);
	free(s);
	return w;
}

char *
field_written_stored(const field_desc *f, const char *stored)
{
	const char *s = stored ? stored : "";
	if (!*s || (f->kind == FK_INT && (f->flags & FF_ZERO_NULL) && strcmp(s, "0") == 0))
		return xstrdup("");
	if (f->kind == FK_MONEY) {
		int64_t cents = strtoll(s, NULL, 10);
		return xasprintf("%" PRId64 ".%02d", cents / 100, (int)(cents % 100));
	}
	if (f->kind == FK_YESNO)
		return xstrdup(strcmp(s, "1") == 0 ? "yes" : "no");
	return xstrdup(s);
}

char *
field_shown(const field_desc *f, const char *stored)
{
	const char *s = stored ? stored : "";
	if (!*s)
		return xstrdup("");
	char buf[40];
	switch (f->kind) {
	case FK_DATE: {
		sdate d;
		if (date_from_iso(s, &d) == DATE_OK)
			return xstrdup(date_format(d, field_date_order(), buf, sizeof buf));
		return xstrdup(s);
	}
	case FK_MONEY:
		return xstrdup(money_format(strtoll(s, NULL, 10), buf, sizeof buf));
	case FK_YESNO:
		/* L10N: an answer shown in forms and records */
		return xstrdup(strcmp(s, "1") == 0 ? _("Yes") : strcmp(s, "0") == 0 ? _("No") : s);
	case FK_INT:
	case FK_CHOICE: {
		const char *label = field_choice_label(f->choices, s);
		return xstrdup(label ? _(label) : s);
	}
	default: {
		char *inert = text_inert(s);
		return inert ? inert : xstrdup(s);
	}
	}
}

/* ---- checks ------------------------------------------------------------ */

bool
field_phone_ok(const char *phone)
{
	int digits = 0;
	for (const char *s = phone; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+()-. ", *s))
			return false;
	}
	const char *plus = strchr(phone, '+');
	if (plus && (plus != phone || strchr(plus + 1, '+')))
		return false;
	return digits >= 7 && digits <= 15;
}

bool
field_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' ') || strchr(s, ','))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

senda_err
field_check_all(const field_desc *table, size_t n, void *rec, senda_error *err)
{
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < n && e == SENDA_OK; i++)
		e = field_check(&table[i], rec, err);
	return e;
}

senda_err
field_check(const field_desc *f, void *rec, senda_error *err)
{
	if (is_text(f->kind)) {
		const char *v = text_of(f, rec);
		if (!text_valid(v))
			return fail(err, SENDA_E_UTF8, f, NULL);
		char *cleaned = text_clean(v);
		/* NFC may lengthen a text: an inline field refuses what no longer fits. */
		bool fits = text_put(f, rec, cleaned);
		free(cleaned);
		if (!fits)
			return too_long(err, f, v);
		const char *clean = text_of(f, rec);
		if (text_has_control(clean))
			return fail(err, SENDA_E_CONTROL, f, NULL);
		if (f->required && !*clean)
			return fail(err, SENDA_E_REQUIRED, f, NULL);
		size_t n = text_chars(clean);
		if (f->max > 0 && (int64_t)n > f->max) {
			char *d = xasprintf(_("at most %d characters, this has %zu"), (int)f->max, n);
			senda_err e = fail(err, SENDA_E_TOOLONG, f, d);
			free(d);
			return e;
		}
		if (!*clean)
			return SENDA_OK;
		if (f->kind == FK_PHONE && !field_phone_ok(clean))
			return fail(err, SENDA_E_PHONE, f, NULL);
		if (f->kind == FK_EMAIL && !field_email_ok(clean))
			return fail(err, SENDA_E_EMAIL, f, NULL);
		if (f->kind == FK_CHOICE && !field_choice_label(f->choices, clean) &&
		    !(f->flags & FF_OPEN_CHOICE))
			return fail(err, SENDA_E_CHOICE, f, NULL);
		return SENDA_OK;
	}
	switch (f->kind) {
	case FK_DATE: {
		const char *iso = SLOT(f, rec, char);
		sdate d;
		if (f->required && !*iso)
			return fail(err, SENDA_E_REQUIRED, f, NULL);
		if (!*iso)
			return SENDA_OK;
		switch (date_from_iso(iso, &d)) {
		case DATE_OK:
			return SENDA_OK;
		case DATE_INVALID:
			return fail(err, SENDA_E_DATE_INVALID, f, iso);
		case DATE_RANGE:
			/* Year 9999 is in the future, not too far in the past. */
			return fail(err, atoi(iso) > clock_today().y ? SENDA_E_FUTURE : SENDA_E_TOOOLD,
				    f, iso);
		default:
			return fail(err, SENDA_E_DATE, f, iso);
		}
	}
	case FK_INT:
	case FK_YESNO: {
		int v = *SLOT(f, rec, int);
		int64_t max = f->kind == FK_YESNO ? 1 : f->max;
		if (f->required && v < 0)
			return fail(err, SENDA_E_REQUIRED, f, NULL);
		int min = f->flags & FF_ZERO_NULL ? 0 : -1;
		if (v < min || v > max) {
			char *d = xasprintf("0–%" PRId64, max);
			senda_err e = fail(err, f->kind == FK_YESNO ? SENDA_E_CHOICE : SENDA_E_RANGE, f, d);
			free(d);
			return e;
		}
		if (f->kind == FK_INT && f->choices && v >= 0) {
			char code[16];
			snprintf(code, sizeof code, "%d", v);
			if (!field_choice_label(f->choices, code))
				return fail(err, SENDA_E_CHOICE, f, NULL);
		}
		return SENDA_OK;
	}
	case FK_MONEY: {
		int64_t v = *SLOT(f, rec, int64_t);
		if (f->required && v < 0)
			return fail(err, SENDA_E_REQUIRED, f, NULL);
		if (v < -1 || v > f->max) {
			char *d = xasprintf("0–%" PRId64, f->max / 100);
			senda_err e = fail(err, SENDA_E_RANGE, f, d);
			free(d);
			return e;
		}
		return SENDA_OK;
	}
	default:
		return SENDA_OK;
	}
}
