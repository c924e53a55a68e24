/* senda — the possible duplicates of a new participant, asked about before
 * she is saved: the people already in the file who may be her (best
 * first, with what matched). Up and Down choose one, Enter opens her record
 * (the form stays as typed, under it), one key saves anyway, Esc goes back
 * to the form. No SQL: the look-up is the model's (dedupe_candidates). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "screens/screens.h"
#include "screens/intake_dupes.h"
#include "senda/clock.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "ui/action.h"
#include "ui/keys.h"
#include "ui/term.h"

#define SHOWN 4     /* candidates in the box */

struct dupes {
	dedupe_match *m;
	size_t n;
	char *name[SHOWN];
	int sel;
};

/* The key that saves anyway, in the language now. */
static int
save_key(void)
{
	/* L10N: the key that saves a new participant in spite of possible duplicates
	   (one letter; Spanish: g, of guardar) */
	const char *k = C_("save anyway", "s");
	wchar_t wc = 0;
	if (mbtowc(&wc, k, strlen(k)) <= 0)
		return 's';
	return (int)towlower((wint_t)wc);
}

static void
draw(const struct dupes *d)
{
	int w = COLS - 4 < 76 ? COLS - 4 : 76;
	/* each: the name, and what matched on up to three lines, fewer when
	 * the terminal is too short for them all */
	char ev[SHOWN][3][TERM_LINE];
	int nev[SHOWN], rows = 5;
	for (int most = 3; most >= 1; most--) {
		rows = 5;
		for (size_t i = 0; i < d->n; i++) {
			nev[i] = term_wrap(d->m[i].evidence, w - 9, ev[i], most);
			rows += 1 + nev[i];
		}
		if (rows <= LINES - 2)
			break;
	}
	int y0 = (LINES - rows) / 2 > 1 ? (LINES - rows) / 2 : 1, x0 = (COLS - w) / 2;
	for (int i = 0; i < rows; i++)
		term_fill(y0 + i, x0, w, ST_DIALOG);
	int y = y0 + 1;
	/* L10N: the heading of the box shown before a new participant is saved */
	term_put(y++, x0 + 2, _("Possible duplicates: this person may be in the file already."),
		 w - 4, ST_DIALOG, false);
	y++;
	for (size_t i = 0; i < d->n; i++) {
		/* L10N: a possible duplicate: match score (0-100), name */
		char *line = xasprintf(_("%3d  %s"), d->m[i].score, d->name[i]);
		term_put(y++, x0 + 2, line, w - 4, (int)i == d->sel ? ST_SELECTED : ST_DIALOG, true);
		free(line);
		for (int k = 0; k < nev[i]; k++)
			term_put(y++, x0 + 7, ev[i][k], w - 9, ST_DIALOG, false);
	}
	y++;
	/* L10N: the keys of the possible duplicates box; %s is the key that saves anyway */
	char key[8];
	snprintf(key, sizeof key, "%s", C_("save anyway", "s"));
	char *hint = xasprintf(_("Enter = open the one chosen   %s = save anyway   Esc = back to the form"),
			       key);
	term_put(y, x0 + 2, hint, w - 4, ST_DIALOG, false);
	free(hint);
	curs_set(0);
	refresh();
}

senda_err
intake_check_dupes(struct ui *ui, participant *p, senda_error *err)
{
	senda_err e = participant_validate(p, clock_today(), err);
	if (e != SENDA_OK)
		return e;
	struct dupes d = { 0 };
	if ((e = dedupe_candidates(ui->db, p, SHOWN, &d.m, &d.n, err)) != SENDA_OK)
		return e;
	if (d.n == 0)
		return participant_create(ui->db, p, err);
	for (size_t i = 0; i < d.n; i++) {
		participant q;
		participant_init(&q);
		if (participant_get(ui->db, d.m[i].id, &q, err) == SENDA_OK) {
			char buf[256];
			d.name[i] = xstrdup(participant_display_name(&q, buf, sizeof buf));
		} else {
			d.name[i] = xstrdup(d.m[i].id);
			senda_error_clear(err);
		}
		participant_free(&q);
	}
	enum { STAY, OPEN, SAVE } what = STAY;
	for (;;) {
		ui_draw(ui);
		if (!term_too_small())
			draw(&d);
		int k = ui_read_key(ui);
		if (k == K_FN(KEY_RESIZE))
			continue;
		enum action a = action_for_key(NULL, k);
		if (a == ACT_LANG) {
			ui_switch_lang(ui);
			continue;
		}
		if (a == ACT_REDRAW) {
			clearok(curscr, TRUE);
			continue;
		}
		if (term_too_small()) {
			beep();
			continue;
		}
		if (k == K_ESC)
			break;
		if (k == K_ENTER) {
			what = OPEN;
			break;
		}
		if (k == K_FN(KEY_UP) || k == K_CTRL('p')) {
			d.sel = d.sel > 0 ? d.sel - 1 : d.sel;
			continue;
		}
		if (k == K_FN(KEY_DOWN) || k == K_CTRL('n')) {
			d.sel = d.sel + 1 < (int)d.n ? d.sel + 1 : d.sel;
			continue;
		}
		if (key_is_text(k) && (int)towlower((wint_t)k) == save_key()) {
			what = SAVE;
			break;
		}
		beep();
	}
	char id[UUID_LEN];
	memcpy(id, d.m[d.sel].id, UUID_LEN);
	for (size_t i = 0; i < d.n; i++)
		free(d.name[i]);
	dedupe_matches_free(d.m, d.n);
	if (what == SAVE)
		return participant_create(ui->db, p, err);
	if (what == OPEN)
		/* her record over the form, which stays as typed */
		ui_push(ui, &record_view, id);
	return SENDA_E_CONFIRM;
}
