/* senda — kinds of partner organizations and programs (codes, labels, the
 * names people type for them) and a program's cost as typed. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/field.h"
#include "senda/money.h"
#include "senda/partner.h"
#include "senda/text.h"

/* ---- kinds ------------------------------------------------------------- */

const char *const partner_kinds[] = {
	"community", "college", "job_center", "employer", "other", NULL
};
static const char *const partner_kind_labels[] = {
	N_("Community organization"),
	N_("College"),
	/* L10N: a public job center (One-Stop) */
	N_("Job center"),
	N_("Employer"),
	/* L10N: a kind of partner organization: none of the others */
	N_("Other organization"),
};

/* The kinds as a field's choices (senda/field.h), for forms and --help. */
const struct field_choice partner_kind_choices[] = {
	{ "community", N_("Community organization") },
	{ "college", N_("College") },
	{ "job_center", N_("Job center") },
	{ "employer", N_("Employer") },
	{ "other", N_("Other organization") },
	{ NULL, NULL }
};

const struct field_choice program_kind_choices[] = {
	{ "esl", N_("ESL class") },
	{ "ged", N_("GED") },
	{ "vocational", N_("Vocational course") },
	{ "workshop", N_("Job-search workshop") },
	{ "job_center", N_("Job center") },
	{ "other", N_("Other program") },
	{ NULL, NULL }
};

const char *const program_kinds[] = {
	"esl", "ged", "vocational", "workshop", "job_center", "other", NULL
};
static const char *const program_kind_labels[] = {
	N_("ESL class"),
	N_("GED"),
	/* L10N: a short job-training course (nurse aide, forklift, ...) */
	N_("Vocational course"),
	N_("Job-search workshop"),
	N_("Job center"),
	/* L10N: a kind of program: none of the others */
	N_("Other program"),
};

/* More names people type for a kind, already folded (see text_fold). */
static const struct { const char *text, *code; } partner_aliases[] = {
	{ "community", "community" }, { "community organization", "community" },
	{ "comunidad", "community" }, { "organizacion comunitaria", "community" },
	{ "organizacion de la comunidad", "community" }, { "community college", "college" },
	{ "colegio", "college" }, { "colegio comunitario", "college" },
	{ "universidad", "college" }, { "job center", "job_center" },
	{ "one-stop", "job_center" }, { "one stop", "job_center" },
	{ "centro de empleo", "job_center" }, { "employer", "employer" },
	{ "empleador", "employer" }, { "empresa", "employer" }, { "other", "other" },
	{ "otro", "other" }, { "otra", "other" }, { "otra organizacion", "other" },
};
static const struct { const char *text, *code; } program_aliases[] = {
	{ "esl", "esl" }, { "esl class", "esl" }, { "ingles", "esl" },
	{ "clase de ingles", "esl" }, { "ged", "ged" }, { "vocational", "vocational" },
	{ "vocational course", "vocational" }, { "training", "vocational" },
	{ "capacitacion", "vocational" }, { "curso vocacional", "vocational" },
	{ "workshop", "workshop" }, { "job search workshop", "workshop" },
	{ "job-search workshop", "workshop" }, { "taller", "workshop" },
	{ "taller de busqueda de empleo", "workshop" }, { "job center", "job_center" },
	{ "centro de empleo", "job_center" }, { "other", "other" }, { "otro", "other" },
	{ "otra", "other" }, { "otro programa", "other" },
};

static const char *
kind_label(const char *const codes[], const char *const labels[], const char *code)
{
	for (int i = 0; code && codes[i]; i++)
		if (strcmp(code, codes[i]) == 0)
			return labels[i];
	return NULL;
}

const char *
partner_kind_label(const char *code)
{
	return kind_label(partner_kinds, partner_kind_labels, code);
}

const char *
program_kind_label(const char *code)
{
	return kind_label(program_kinds, program_kind_labels, code);
}

/* Folded and with "_" read as a space, so that "Job_Center" = "job center". */
static char *
fold_key(const char *s)
{
	char *f = text_fold(s ? s : "");
	if (!f)
		return NULL;
	char *c = text_clean(f);
	free(f);
	for (char *p = c; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return c;
}

static const char *
kind_from_text(const char *const codes[], const char *const labels[],
	       const void *aliases, size_t naliases, const char *text)
{
	const struct { const char *text, *code; } *al = aliases;
	/* A code as it is (what exports and saved records hold): no folding,
	 * which costs more than the rest of a row's checks. */
	for (int i = 0; text && codes[i]; i++)
		if (strcmp(text, codes[i]) == 0)
			return codes[i];
	char *key = fold_key(text);
	const char *found = NULL;
	if (!key || !*key) {
		free(key);
		return NULL;
	}
	for (int i = 0; codes[i] && !found; i++) {
		char *c = fold_key(codes[i]);
		char *en = fold_key(labels[i]);
		/* Spanish whatever the interface language (English is the msgid). */
		char *tr = fold_key(i18n_gettext_in("es", labels[i]));
		if (strcmp(key, c) == 0 || strcmp(key, en) == 0 || strcmp(key, tr) == 0)
			found = codes[i];
		free(c);
		free(en);
		free(tr);
	}
	for (size_t i = 0; i < naliases && !found; i++)
		if (strcmp(key, al[i].text) == 0)
			found = al[i].code;
	free(key);
	return found;
}

const char *
partner_kind_from_text(const char *text)
{
	return kind_from_text(partner_kinds, partner_kind_labels, partner_aliases,
			      sizeof partner_aliases / sizeof partner_aliases[0], text);
}

const char *
program_kind_from_text(const char *text)
{
	return kind_from_text(program_kinds, program_kind_labels, program_aliases,
			      sizeof program_aliases / sizeof program_aliases[0], text);
}

int64_t
program_parse_cost(const char *text)
{
	/* The one money parser, through the cost's field ("free" is 0). */
	const field_desc *f = field_find(program_fields, program_nfields, "cost_cents");
	program g = { .cost_cents = -1 };
	if (field_parse(f, &g, text, NULL) != SENDA_OK)
		return -2;
	return g.cost_cents;
}
