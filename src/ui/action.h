/* senda — actions: what a key does, declared once with a translated label
 * and its default keys. The key bar and the help screen are made from this
 * table, so they cannot disagree with what the keys do. */
#ifndef SENDA_UI_ACTION_H
#define SENDA_UI_ACTION_H

#include <stdbool.h>
#include <stddef.h>

enum action {
	ACT_NONE = 0,
	/* everywhere */
	ACT_HELP, ACT_LANG, ACT_REDRAW,
	/* going places */
	ACT_QUIT, ACT_BACK, ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_OPEN, ACT_EDIT,
	ACT_SAVE,
	/* moving in lists and pages */
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	/* forms */
	ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT, ACT_LINE_START,
	ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	/* the pathway: screening, referrals, jobs, partners, ESL tables */
	ACT_SCREEN, ACT_REFER, ACT_PLACE, ACT_EDIT_JOB, ACT_CALL_AGAIN, ACT_NEXT_ITEM, ACT_PREV_ITEM, ACT_OPEN_ITEM,
	ACT_PARTNERS, ACT_LEVELS, ACT_NEW_PARTNER, ACT_EDIT_PARTNER, ACT_ADD_PROGRAM,
	ACT_STATUS, ACT_SLIP, ACT_RETIRE, ACT_CHOOSE,
	/* exchange between sites: merging bundles, reviewing conflicts */
	ACT_MERGE, ACT_REVIEW, ACT_MERGE_NOW, ACT_KEEP, ACT_TAKE,
	/* a participant spreadsheet brought in */
	ACT_IMPORT, ACT_IMPORT_NOW, ACT_DAY_FIRST, ACT_MONTH_FIRST,
	/* the same person met twice */
	ACT_DUPLICATES, ACT_SAME_PERSON, ACT_DIFFERENT, ACT_NEXT_PAIR, ACT_UNDO_PAIR,
	/* privacy: erasing a person, who opened her record */
	ACT_ERASE, ACT_ACCESS_LOG,
	/* the people who use senda here */
	ACT_USERS, ACT_NEW_USER, ACT_ROLE, ACT_PIN, ACT_DISABLE,
	/* follow-up calls: the list's filters, a call's outcome in one key */
	ACT_MINE, ACT_BY_LANG, ACT_BY_PURPOSE, ACT_REACHED, ACT_NO_ANSWER, ACT_VOICEMAIL,
	ACT_WRONG_NUMBER, ACT_DISCONNECTED, ACT_REFUSED, ACT_CALLBACK, ACT_DO_NOT_CALL, ACT_RULES,
	ACT_SWITCH_RULE,
	ACT__COUNT
};

#define ACTION_MAX_KEYS 4

struct action_def {
	const char *name;     /* stable English name, for configuration one day */
	const char *label;    /* N_(): short, for the key bar */
	const char *help;     /* N_(): one line for the help screen */
	int keys[ACTION_MAX_KEYS];   /* first = the one shown on the bar */
};

const struct action_def *action_def(enum action a);

/* The actions in groups, for the manual page (senda --help-keys): a group
 * runs from its first action to the next group's first (the last to
 * ACT__COUNT), so that every action is in one. NULL title ends the list. */
struct action_group {
	const char *title;    /* N_(): a heading */
	enum action first;
};
extern const struct action_group action_groups[];

/* What the acting user's role needs for a (an enum senda_perm), or -1 when
 * anyone may: the key bar and the help leave out what her role may not do,
 * and its keys only say so (the model would refuse it anyway). */
int action_perm(enum action a);

/* Actions offered on every screen (help, language, redraw). */
extern const enum action action_globals[];

/* The action a key means on a screen that offers `offered` (ACT_NONE
 * ended), or among the global ones; ACT_NONE if none. */
enum action action_for_key(const enum action *offered, int key);

/* The key to print on the bar for a: the first that this terminal has,
 * skipping plain characters when typing is true (they go into the text).
 * K_NONE when no key fits. */
int action_bar_key(enum action a, bool typing);

/* All keys of a, translated and joined: "F2, Alt-2, Esc 2". When typing,
 * plain characters are left out (they go into the text); "" if none is left. */
char *action_keys_text(enum action a, bool typing, char *buf, size_t n);
/* The same for a screen that offers `offered`: leaves out the keys that
 * mean another action there (j is Job in the record, not Down). */
char *action_keys_text_in(const enum action *offered, enum action a, bool typing,
			  char *buf, size_t n);

#endif
