/* senda — the other records of the same person in her record: see
 * record_linked.h. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/record_linked.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"

struct ids {
	char **id, **site;
	int n;
};

static int
add_id(const char *id, const char *site, void *ctx)
{
	struct ids *s = ctx;
	s->id = xrealloc(s->id, (size_t)(s->n + 1) * sizeof *s->id);
	s->site = xrealloc(s->site, (size_t)(s->n + 1) * sizeof *s->site);
	s->id[s->n] = xstrdup(id);
	s->site[s->n++] = xstrdup(site);
	return 0;
}

void
linked_load(struct ui *ui, const char *id, struct linked *l)
{
	memset(l, 0, sizeof *l);
	struct ids s = { 0 };
	senda_error err = { 0 };
	if (dedupe_linked(ui->db, id, add_id, &s, &err) != SENDA_OK)
		ui_error(ui, &err);
	l->p = xcalloc((size_t)(s.n ? s.n : 1), sizeof *l->p);
	l->pw = xcalloc((size_t)(s.n ? s.n : 1), sizeof *l->pw);
	l->site = xcalloc((size_t)(s.n ? s.n : 1), sizeof *l->site);
	for (int i = 0; i < s.n; i++) {
		participant_init(&l->p[l->n]);
		if (participant_get(ui->db, s.id[i], &l->p[l->n], &err) != SENDA_OK) {
			ui_error(ui, &err);
			senda_error_clear(&err);
		} else {
			pathway_load(ui, &l->p[l->n], &l->pw[l->n]);
			l->site[l->n] = xstrdup(s.site[i]);
			l->n++;
		}
		free(s.id[i]);
		free(s.site[i]);
	}
	free(s.id);
	free(s.site);
}

void
linked_free(struct linked *l)
{
	for (int i = 0; i < l->n; i++) {
		participant_free(&l->p[i]);
		pathway_free(&l->pw[i]);
		free(l->site[i]);
	}
	free(l->p);
	free(l->pw);
	free(l->site);
	memset(l, 0, sizeof *l);
}

void
linked_draw(struct canvas *c, const struct linked *l)
{
	for (int i = 0; i < l->n; i++) {
		char name[512];
		participant_display_name(&l->p[i], name, sizeof name);
		char *site = text_inert(l->site[i]);
		char *head = *l->site[i]
			/* L10N: in a record, above the pathway of another record of the same
			   person: her name there, the site that made it */
			? xasprintf(_("Same person, recorded as %s (%s):"), name, site ? site : "")
			/* L10N: the same, when the site is not known */
			: xasprintf(_("Same person, recorded as %s:"), name);
		free(site);
		c->row++;
		canvas_text(c, 1, head, ST_HEADING);
		free(head);
		int sel_row;
		pathway_draw(c, &l->pw[i], -1, &sel_row);
	}
}
