/* senda — the follow-up rules (from the call list, r; coordinators): when
 * calls are due, as data. Enter changes the selected rule's days (or
 * quarters), Space switches it on or off; the calls follow at the next look
 * at the list. The number of tries is changed with `senda call-rules set
 * RULE --attempts N`. No SQL here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/calls.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "ui/line.h"
#include "ui/term.h"

#define RULES_MAX 32

struct rules {
	call_rule r[RULES_MAX];
	int n, sel;
	bool editing;
	struct line amount;
};

static int
add_rule(const call_rule *r, void *ctx)
{
	struct rules *rs = ctx;
	if (rs->n == RULES_MAX)
		return 1;
	rs->r[rs->n++] = *r;
	return 0;
}

static void
load(struct view *v)
{
	struct rules *rs = v->priv;
	senda_error err = { 0 };
	rs->n = 0;
	if (call_rules_list(v->ui->db, add_rule, rs, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	if (rs->sel >= rs->n)
		rs->sel = rs->n ? rs->n - 1 : 0;
}

static bool
rules_open(struct view *v, const void *arg)
{
	(void)arg;
	struct rules *rs = xcalloc(1, sizeof *rs);
	line_init(&rs->amount, 4);
	v->priv = rs;
	load(v);
	return true;
}

static void
rules_close(struct view *v)
{
	struct rules *rs = v->priv;
	line_free(&rs->amount);
	free(rs);
}

static void
rules_draw(struct view *v, int y, int h)
{
	struct rules *rs = v->priv;
	int row = y + 1;
	v->cur_y = v->cur_x = -1;
	for (int i = 0; i < rs->n && row < y + h - 3; i++, row++) {
		char *text = call_rule_text(&rs->r[i]);
		/* L10N: a follow-up rule that is switched off, after its description */
		char *line = xasprintf("%-12s %s%s", rs->r[i].id, text, rs->r[i].active ? "" : _(" (off)"));
		term_put(row, 1, line, COLS - 2, i == rs->sel ? ST_SELECTED : ST_NORMAL, true);
		free(line);
		free(text);
	}
	row++;
	if (rs->editing) {
		/* L10N: the rules screen: the new number of days (or quarters, for an exit rule) */
		const char *label = _("Days (quarters for an exit rule):");
		int w = term_width(label);
		term_put(row, 2, label, w, ST_LABEL_FOCUS, false);
		v->cur_y = row;
		v->cur_x = line_draw(&rs->amount, row, 3 + w, 6, ST_FIELD_FOCUS);
		row += 2;
	}
	term_put_wrapped(row, y + h, rs->editing
			 ? _("Enter saves the new number; Esc leaves it as it was.")
			 : _("Enter changes the days (or quarters) of the selected rule; Space switches "
			     "it on or off. Calls already tried keep their day."), ST_HINT);
}

static bool
rules_typing(struct view *v)
{
	return ((struct rules *)v->priv)->editing;
}

static void
set_rule(struct view *v, int amount, int active)
{
	struct rules *rs = v->priv;
	senda_error err = { 0 };
	if (call_rule_set(v->ui->db, rs->r[rs->sel].id, amount, active, -1, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return;
	}
	/* L10N: %s is a follow-up rule's id */
	ui_msg(v->ui, MSG_OK, _("Rule %s changed; the calls follow it."), rs->r[rs->sel].id);
	load(v);
}

static bool
rules_handle(struct view *v, enum action act, int key)
{
	struct rules *rs = v->priv;
	if (rs->editing) {
		switch (act) {
		case ACT_NEXT_FIELD:
		case ACT_SAVE: {
			char *end;
			long n = strtol(line_text(&rs->amount), &end, 10);
			if (*end || end == line_text(&rs->amount)) {
				ui_msg(v->ui, MSG_ERROR, "%s", _("A whole number, please."));
				return true;
			}
			rs->editing = false;
			set_rule(v, (int)n, -1);
			return true;
		}
		case ACT_BACK: rs->editing = false; return true;
		case ACT_DEL_BACK: line_delete_back(&rs->amount); return true;
		case ACT_CLEAR: line_clear(&rs->amount); return true;
		case ACT_NONE: line_insert(&rs->amount, key); return true;
		default: return false;
		}
	}
	if (rs->n == 0)
		return false;
	switch (act) {
	case ACT_UP: if (rs->sel > 0) rs->sel--; return true;
	case ACT_DOWN: if (rs->sel + 1 < rs->n) rs->sel++; return true;
	case ACT_OPEN_ITEM: {
		char num[16];
		snprintf(num, sizeof num, "%d", rs->r[rs->sel].amount);
		line_set(&rs->amount, num);
		rs->editing = true;
		return true;
	}
	case ACT_SWITCH_RULE: {
		/* Asked first: switched off, the rule withdraws its calls not
		 * made yet; switched on, it makes them. */
		bool on = !rs->r[rs->sel].active;
		if (!ui_confirm_with(v->ui, on
				     /* L10N: Space on the rules screen; %s is a rule's id */
				     ? N_("Switch the rule %s on? Its calls are made again.")
				     /* L10N: Space on the rules screen; %s is a rule's id */
				     : N_("Switch the rule %s off? Its calls not made yet are withdrawn."),
				     rs->r[rs->sel].id))
			return true;
		set_rule(v, -1, on);
		return true;
	}
	default: return false;
	}
}

static const enum action rules_keys[] = {
	ACT_OPEN_ITEM, ACT_SWITCH_RULE, ACT_BACK, ACT_UP, ACT_DOWN, ACT_NONE
};
static const enum action rules_bar[] = { ACT_OPEN_ITEM, ACT_SWITCH_RULE, ACT_BACK, ACT_NONE };
static const enum action edit_keys[] = {
	ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_DEL_BACK, ACT_CLEAR, ACT_NONE
};
static const enum action edit_bar[] = { ACT_SAVE, ACT_BACK, ACT_NONE };

static const enum action *
rules_keys_now(struct view *v)
{
	return ((struct rules *)v->priv)->editing ? edit_keys : rules_keys;
}

static const enum action *
rules_bar_now(struct view *v)
{
	return ((struct rules *)v->priv)->editing ? edit_bar : rules_bar;
}

const struct view_ops call_rules_view = {
	.name = "call-rules",
	/* L10N: title of the screen of the follow-up rules */
	.title = N_("Follow-up rules"),
	.about = N_("When follow-up calls are due: 30, 60 and 90 days after a job starts; the "
		    "2nd and 4th quarter after a person's exit (90 days with no service); a "
		    "check-in when a referral has had no answer for 14 days. Enter changes the "
		    "days of the selected rule, Space switches it on or off; the open calls "
		    "not yet tried follow."),
	.keys = rules_keys,
	.bar = rules_bar,
	.open = rules_open,
	.close = rules_close,
	.draw = rules_draw,
	.handle = rules_handle,
	.typing = rules_typing,
	.keys_now = rules_keys_now,
	.bar_now = rules_bar_now,
};
