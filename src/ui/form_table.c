/* senda — forms made from a record's field table (see ui/form_table.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "ui/form_table.h"

static const struct field_choice yes_no[] = {
	{ "0", N_("No") }, { "1", N_("Yes") }, { NULL, NULL }
};
static const struct field_choice yes_no_unknown[] = {
	/* L10N: a choice in a form: the question was not answered */
	{ "", N_("(not given)") }, { "1", N_("Yes") }, { "0", N_("No") }, { NULL, NULL }
};

/* A choice that may be left unanswered: "(not given)" first, then the
 * table's. Made once per field and kept for the program's life. */
static const struct field_choice *
with_not_given(const field_desc *f)
{
	static struct { const field_desc *f; struct field_choice *c; } made[32];
	static size_t nmade;
	for (size_t i = 0; i < nmade; i++)
		if (made[i].f == f)
			return made[i].c;
	size_t n = 0;
	while (f->choices[n].value)
		n++;
	struct field_choice *c = xcalloc(n + 2, sizeof *c);
	c[0] = (struct field_choice){ "", N_("(not given)") };
	memcpy(c + 1, f->choices, n * sizeof *c);
	if (nmade < sizeof made / sizeof made[0]) {
		made[nmade].f = f;
		made[nmade++].c = c;
	}
	return c;
}

void
form_init_table(struct form *fm, const field_desc *table, size_t n)
{
	struct form_field *defs = xcalloc(n ? n : 1, sizeof *defs);
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		const field_desc *f = &table[i];
		if (!(f->flags & FF_FORM))
			continue;
		struct form_field d = FORM_FIELD(f->key, f->label, FIELD_TEXT, f->required,
						 (int)f->max, NULL);
		switch (f->kind) {
		case FK_TEXT: case FK_EMAIL: break;
		case FK_PHONE: d.type = FIELD_PHONE; break;
		case FK_DATE: d.type = FIELD_DATE; d.max = 0; break;
		case FK_INT:
			/* A number from a short list (a level): a choice. */
			if (f->choices) {
				d.type = FIELD_CHOICE;
				d.choices = f->choices;
				d.max = 0;
			} else if (f->flags & FF_FORM_TEXT)
				d.max = 6;
			else
				d.type = FIELD_NUMBER;
			break;
		case FK_MONEY:
			/* A cost may be a word ("free", "gratis"): typed as text, and
			 * the model's one money parser reads it. */
			if (f->flags & FF_FREE) {
				d.max = 20;
				break;
			}
			d.type = FIELD_MONEY;
			d.max = (int)(f->max / 100);
			break;
		case FK_YESNO:
			d.type = FIELD_CHOICE;
			d.choices = f->flags & FF_NOT_GIVEN ? yes_no_unknown : yes_no;
			d.required = false;
			d.max = 0;
			break;
		case FK_CHOICE:
			d.type = FIELD_CHOICE;
			d.choices = f->required ? f->choices : with_not_given(f);
			d.max = 0;
			break;
		}
		d.before_today = f->flags & FF_BEFORE_TODAY;
		defs[k++] = d;
	}
	form_init(fm, defs, k);
	free(defs);
}

void
form_from_record(struct form *fm, const field_desc *table, size_t n, const void *rec)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].flags & FF_FORM) {
			const field_desc *f = &table[i];
			char *v = field_typed(f, rec);
			/* 0 is "not given" and the list's first choice ("none"). */
			if (f->kind == FK_INT && f->choices && !*v && (f->flags & FF_ZERO_NULL)) {
				free(v);
				v = xstrdup(f->choices[0].value);
			}
			form_set(fm, f->key, v);
			free(v);
		}
}

senda_err
form_to_record(struct form *fm, const field_desc *table, size_t n, void *rec,
	       senda_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!(table[i].flags & FF_FORM))
			continue;
		senda_err e = field_parse(&table[i], rec, form_get(fm, table[i].key), err);
		if (e != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}
