/* senda — the action table. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "senda/i18n.h"
#include "senda/perm.h"
#include "ui/action.h"
#include "ui/keys.h"

static const struct action_def table[ACT__COUNT] = {
	[ACT_NONE] = { "none", "", "", { 0 } },
	/* L10N: key bar label: open the help screen */
	[ACT_HELP] = { "help", N_("Help"), N_("Show the keys of this screen."),
		       { '?', K_FN(KEY_F(1)), K_ALT('1') } },
	/* L10N: key bar label: switch the interface language */
	[ACT_LANG] = { "language", N_("Language"),
		       N_("Switch the interface between English and Spanish; senda remembers your choice."),
		       { K_FN(KEY_F(2)), K_ALT('2') } },
	[ACT_REDRAW] = { "redraw", N_("Redraw"), N_("Draw the screen again."),
			 { K_CTRL('l') } },
	/* L10N: key bar label: leave senda */
	[ACT_QUIT] = { "quit", N_("Quit"), N_("Leave senda. Everything saved stays saved."),
		       { 'q' } },
	/* L10N: key bar label: go back to the previous screen */
	[ACT_BACK] = { "back", N_("Back"),
		       N_("Go back to the previous screen; asks first if there are unsaved changes."),
		       { K_ESC, 'q' } },
	/* L10N: key bar label: search participants */
	[ACT_SEARCH] = { "search", N_("Search"),
			 N_("Find participants as you type a name; accents, capitals and order do not matter."),
			 { '/' } },
	/* L10N: key bar label: start a new intake */
	[ACT_NEW] = { "new", N_("New intake"), N_("Start the intake of a new participant."),
		      { 'n' } },
	/* L10N: key bar label: the list of all participants */
	[ACT_PEOPLE] = { "people", N_("Participants"), N_("List every participant by surname."),
			 { 'p' } },
	/* L10N: key bar label: open the selected record */
	[ACT_OPEN] = { "open", N_("Open"), N_("Open the selected participant's record."),
		       { K_ENTER } },
	/* L10N: key bar label: change this record */
	[ACT_EDIT] = { "edit", N_("Edit"), N_("Change this participant's information."),
		       { 'e' } },
	/* L10N: key bar label: save the form */
	[ACT_SAVE] = { "save", N_("Save"), N_("Check and save the form."),
		       { K_CTRL('s'), K_FN(KEY_F(10)) } },
	/* Lists also move with the keys of mutt and tig: j, k, Ctrl-N, Ctrl-P,
	 * g and G (plain letters act only where no field takes text, and
	 * give way to a screen's own letter, e.g. j for a job in the record). */
	[ACT_UP] = { "up", N_("Up"), N_("Move up one line."),
		     { K_FN(KEY_UP), 'k', K_CTRL('p') } },
	[ACT_DOWN] = { "down", N_("Down"), N_("Move down one line."),
		       { K_FN(KEY_DOWN), 'j', K_CTRL('n') } },
	[ACT_PGUP] = { "page-up", N_("Page up"), N_("Move up one page."), { K_FN(KEY_PPAGE) } },
	[ACT_PGDN] = { "page-down", N_("Page down"), N_("Move down one page."),
		       { K_FN(KEY_NPAGE) } },
	[ACT_FIRST] = { "first", N_("First"), N_("Go to the first line."),
			{ K_FN(KEY_HOME), 'g' } },
	[ACT_LAST] = { "last", N_("Last"), N_("Go to the last line."), { K_FN(KEY_END), 'G' } },
	/* L10N: key bar label: go to the next field of the form */
	[ACT_NEXT_FIELD] = { "next-field", N_("Next field"), N_("Go to the next field."),
			     { K_TAB, K_ENTER, K_FN(KEY_DOWN) } },
	[ACT_PREV_FIELD] = { "previous-field", N_("Previous field"),
			     N_("Go to the previous field."), { K_FN(KEY_BTAB), K_FN(KEY_UP) } },
	[ACT_LEFT] = { "left", N_("Left"),
		       N_("Move one character left, or show the previous choice."),
		       { K_FN(KEY_LEFT) } },
	[ACT_RIGHT] = { "right", N_("Right"),
			N_("Move one character right, or show the next choice."),
			{ K_FN(KEY_RIGHT) } },
	[ACT_LINE_START] = { "line-start", N_("Start"), N_("Go to the start of the field."),
			     { K_FN(KEY_HOME), K_CTRL('a') } },
	[ACT_LINE_END] = { "line-end", N_("End"), N_("Go to the end of the field."),
			   { K_FN(KEY_END), K_CTRL('e') } },
	[ACT_DEL_BACK] = { "delete-back", N_("Delete back"),
			   N_("Delete the character before the cursor."),
			   { K_FN(KEY_BACKSPACE) } },
	[ACT_DEL_FWD] = { "delete", N_("Delete"), N_("Delete the character under the cursor."),
			  { K_FN(KEY_DC), K_CTRL('d') } },
	[ACT_CLEAR] = { "clear", N_("Clear"), N_("Empty the field."), { K_CTRL('u') } },
	[ACT_CYCLE] = { "cycle", N_("Next choice"),
			N_("In a field with choices, show the next one (or type its first letter)."),
			{ ' ' } },
	/* L10N: key bar label: record an English placement test */
	[ACT_SCREEN] = { "screen", N_("Screen"),
			 N_("Record an English placement test (ESL screening) for this participant."),
			 { 's' } },
	/* L10N: key bar label: refer the participant to a program */
	[ACT_REFER] = { "refer", N_("Refer"), N_("Refer this participant to a partner's program."),
			{ 'r' } },
	/* L10N: key bar label: record the job a participant got */
	[ACT_PLACE] = { "job", N_("Job"),
			N_("Record the job this participant got: employer, start date, hourly wage."),
			{ 'j' } },
	/* L10N: key bar label: change the participant's newest job */
	[ACT_EDIT_JOB] = { "edit-job", N_("Change job"),
			   N_("Change the newest job: its start, end, wage or hours. A moved start moves the follow-up calls not made yet."),
			   { 'J' } },
	/* L10N: key bar label: let a person who asked not to be called be called again */
	[ACT_CALL_AGAIN] = { "call-again", N_("Call again"),
			     N_("The person asked not to be called again: allow calls again (asks first; a coordinator's task)."),
			     { 'C' } },
	/* L10N: key bar label: select the next line (a referral, a program) */
	[ACT_NEXT_ITEM] = { "next-item", N_("Select"),
			    N_("Select the next referral; Enter opens it."), { K_TAB } },
	[ACT_PREV_ITEM] = { "previous-item", N_("Select previous"),
			    N_("Select the previous referral."), { K_FN(KEY_BTAB) } },
	/* L10N: key bar label: open the selected line */
	[ACT_OPEN_ITEM] = { "open-item", N_("Open"),
			    N_("Open the selected line."), { K_ENTER } },
	/* L10N: key bar label: the directory of partner organizations */
	[ACT_PARTNERS] = { "organizations", N_("Organizations"),
			   N_("The directory of partner organizations and the programs they offer."),
			   { 'o' } },
	/* L10N: key bar label: the ESL score tables */
	[ACT_LEVELS] = { "esl-tables", N_("ESL tables"),
			 N_("The ESL score tables: ranges, versions, sources; retire or restore one."),
			 { 'l' } },
	/* L10N: key bar label: add a partner organization */
	[ACT_NEW_PARTNER] = { "new-organization", N_("New organization"),
			      N_("Add a partner organization."), { 'n' } },
	/* L10N: key bar label: change this organization */
	[ACT_EDIT_PARTNER] = { "edit-organization", N_("Edit"),
			       N_("Change this organization's information."), { 'e' } },
	/* L10N: key bar label: add a program to this organization */
	[ACT_ADD_PROGRAM] = { "add-program", N_("Add program"),
			      N_("Add a program this organization offers."), { 'a' } },
	/* L10N: key bar label: move a referral to another status */
	[ACT_STATUS] = { "status", N_("Change status"),
			 N_("Move the referral along: contacted, enrolled, completed..."), { 'c' } },
	/* L10N: key bar label: write the referral slip to a file */
	[ACT_SLIP] = { "slip", N_("Write slip"),
		       N_("Write the referral slip to a file, in the participant's language first."),
		       { 'w' } },
	/* L10N: key bar label: retire an ESL table, or bring it back */
	[ACT_RETIRE] = { "retire", N_("Retire/restore"),
			 N_("Retire the selected table (new screenings stop using it), or bring it back."),
			 { 'r' } },
	/* L10N: key bar label: take the selected line (a program to refer to) */
	[ACT_CHOOSE] = { "choose", N_("Choose"), N_("Choose the selected line."), { K_ENTER } },
	/* L10N: key bar label: open the merge screen (bundle files from other sites) */
	[ACT_MERGE] = { "merge", N_("Merge"),
			N_("Merge the bundle files other sites sent."),
			{ 'm' } },
	/* L10N: key bar label: open the conflict review screen */
	[ACT_REVIEW] = { "review", N_("Review"),
			 N_("Review merge conflicts and changes held back."),
			 { 'v' } },
	/* L10N: key bar label: merge the chosen bundle files now */
	[ACT_MERGE_NOW] = { "merge-now", N_("Merge now"),
			    N_("Merge the bundle files in the list (asks for the passphrase when one is encrypted)."),
			    { K_FN(KEY_F(10)), K_CTRL('s') } },
	/* L10N: key bar label: keep the value that won the merge */
	[ACT_KEEP] = { "keep", N_("Keep winner"),
		       N_("Keep the value the merge kept; the conflict is marked reviewed."),
		       { 'w' } },
	/* L10N: key bar label: take the other site's value instead */
	[ACT_TAKE] = { "take", N_("Take other"),
		       N_("Take the other value instead: saved as a new change, it travels in the next export."),
		       { 't' } },
	/* L10N: key bar label: open the import screen (a spreadsheet of participants) */
	[ACT_IMPORT] = { "import", N_("Import"),
			 N_("Import participants from a spreadsheet (CSV)."), { 'i' } },
	/* L10N: key bar label: add the new participants the import screen shows */
	[ACT_IMPORT_NOW] = { "import-now", N_("Import now"),
			     N_("Add the new participants the dry run found, all at once."),
			     { K_FN(KEY_F(10)), K_CTRL('s') } },
	/* L10N: key bar label: the file's dates are day first (DD/MM/YYYY) */
	[ACT_DAY_FIRST] = { "day-first", N_("Day first"),
			    N_("Read the file's dates day first (DD/MM/YYYY)."), { 'd' } },
	/* L10N: key bar label: the file's dates are month first (MM/DD/YYYY) */
	[ACT_MONTH_FIRST] = { "month-first", N_("Month first"),
			      N_("Read the file's dates month first (MM/DD/YYYY)."), { 'm' } },
	/* L10N: key bar label: open the review of possible duplicates */
	[ACT_DUPLICATES] = { "duplicates", N_("Duplicates"),
			     N_("Review possible duplicates: the same person entered twice."),
			     { 'd' } },
	/* L10N: key bar label: the two records shown are one person */
	[ACT_SAME_PERSON] = { "same-person", N_("Same person"),
			      N_("The two records are the same person: link them (both kept; the link travels)."),
			      { 's' } },
	/* L10N: key bar label: the two records shown are two people */
	[ACT_DIFFERENT] = { "different-people", N_("Different people"),
			    N_("The two records are different people: the pair is not proposed again, at any site."),
			    { 'd' } },
	/* L10N: key bar label: leave this pair undecided, show the next */
	[ACT_NEXT_PAIR] = { "next-pair", N_("Next"),
			    N_("Leave this pair undecided and show the next one."),
			    { 'n', ' ' } },
	/* L10N: key bar label: take back the last decision of the duplicates review */
	[ACT_UNDO_PAIR] = { "undo-decision", N_("Undo"),
			    N_("Take back the last decision (same person or different people) and show its pair again."),
			    { 'u' } },
	/* L10N: key bar label: erase this person everywhere, at her request */
	[ACT_ERASE] = { "erase", N_("Erase person"),
			N_("Erase this person everywhere, at her request: asks twice, then for her name. A coordinator's task; it cannot be undone."),
			{ 'X' } },
	/* L10N: key bar label: who opened this record when */
	[ACT_ACCESS_LOG] = { "access-log", N_("Access log"),
			     N_("Who opened this record, and when (the last 90 days). A coordinator's view."),
			     { 'a' } },
	/* L10N: key bar label: the people who use senda here and their PINs */
	[ACT_USERS] = { "users", N_("Users"),
			N_("The users here, their roles and PINs."),
			{ 'u' } },
	/* L10N: key bar label: add a user */
	[ACT_NEW_USER] = { "new-user", N_("Add"), N_("Add a user, with her role and PIN."),
			   { 'a' } },
	/* L10N: key bar label: change the selected user's role */
	[ACT_ROLE] = { "role", N_("Role"), N_("Change the selected user's role."), { 'r' } },
	/* L10N: key bar label: give the selected user a new PIN */
	[ACT_PIN] = { "pin", N_("New PIN"),
		      N_("Give the selected user a new PIN (and unlock her name)."), { 'p' } },
	/* L10N: key bar label: the selected user can no longer log in */
	[ACT_DISABLE] = { "disable", N_("Disable"),
			  N_("The selected user can no longer log in (her name stays in the history)."),
			  { 'x' } },
	/* L10N: key bar label: show only my calls, or everyone's again */
	[ACT_MINE] = { "mine", N_("Mine"),
		       N_("Show only the calls you have tried, or everyone's again."), { 'm' } },
	/* L10N: key bar label: show the calls of one language, the next one */
	[ACT_BY_LANG] = { "by-language", N_("Language"),
			  N_("Show the calls of Spanish speakers, of English speakers, or all."),
			  { 'l' } },
	/* L10N: key bar label: show the calls of one purpose, the next one */
	[ACT_BY_PURPOSE] = { "by-purpose", N_("Purpose"),
			     N_("Show the calls about a job, after an exit, about a referral, or all."),
			     { 'u' } },
	/* L10N: key bar label: the call's outcome: the person answered */
	[ACT_REACHED] = { "reached", N_("Reached"),
			  N_("The person answered: record the answers, then save."), { 'r' } },
	/* L10N: key bar label: the call's outcome */
	[ACT_NO_ANSWER] = { "no-answer", N_("No answer"),
			    N_("Nobody answered: the call comes back tomorrow at another time of day."),
			    { 'n' } },
	/* L10N: key bar label: the call's outcome: a voice message was left */
	[ACT_VOICEMAIL] = { "left-message", N_("Message"),
			    N_("A message was left: the call comes back tomorrow at another time of day."),
			    { 'm' } },
	/* L10N: key bar label: the call's outcome */
	[ACT_WRONG_NUMBER] = { "wrong-number", N_("Wrong number"),
			       N_("Someone else answered: the call is closed."), { 'w' } },
	/* L10N: key bar label: the call's outcome: the number is not in service */
	[ACT_DISCONNECTED] = { "disconnected", N_("Disconnected"),
			       N_("The number is not in service: the call is closed."), { 'd' } },
	/* L10N: key bar label: the call's outcome: the person would not answer */
	[ACT_REFUSED] = { "refused", N_("Refused to talk"),
			  N_("The person did not want to answer: the call is closed."), { 'f' } },
	/* L10N: key bar label: the call's outcome: call back at a time given */
	[ACT_CALLBACK] = { "call-back", N_("Call back"),
			   N_("Call back at the time the person gave: type it, then Enter."),
			   { 'c' } },
	/* L10N: key bar label: the call's outcome: never call this person again */
	[ACT_DO_NOT_CALL] = { "do-not-call", N_("Do not call"),
			      N_("The person asked not to be called again: never on a list again."),
			      { 'x' } },
	/* L10N: key bar label: the rules that say when follow-up calls are due */
	[ACT_RULES] = { "call-rules", N_("Rules"),
			N_("The rules that say when follow-up calls are due (coordinators)."),
			{ 'r' } },
	/* L10N: key bar label of the rules screen: switch the selected rule
	 * on or off (it asks first) */
	[ACT_SWITCH_RULE] = { "switch-rule", N_("On/off"),
			      N_("Switch the selected rule on or off; asks first (switched off, its calls not made yet are withdrawn; switched on, they are made again)."),
			      { ' ' } },
};

int
action_perm(enum action a)
{
	switch (a) {
	case ACT_SEARCH: case ACT_PEOPLE: return PERM_PEOPLE_LIST;
	case ACT_NEW: case ACT_EDIT: case ACT_IMPORT: case ACT_IMPORT_NOW:
		return a == ACT_IMPORT || a == ACT_IMPORT_NOW ? PERM_IMPORT : PERM_PEOPLE_WRITE;
	case ACT_SCREEN: return PERM_SCREENING;
	case ACT_REFER: case ACT_STATUS: case ACT_SLIP: return PERM_REFERRAL;
	case ACT_PLACE: case ACT_EDIT_JOB: return PERM_PLACEMENT;
	case ACT_CALL_AGAIN: return PERM_CALL_AGAIN;
	case ACT_PARTNERS: case ACT_NEW_PARTNER: case ACT_EDIT_PARTNER: case ACT_ADD_PROGRAM:
		return PERM_PARTNERS;
	case ACT_RETIRE: return PERM_ADMIN;
	case ACT_MERGE: case ACT_MERGE_NOW: return PERM_MERGE;
	case ACT_REVIEW: case ACT_KEEP: case ACT_TAKE: case ACT_DUPLICATES:
	case ACT_SAME_PERSON: case ACT_DIFFERENT: case ACT_UNDO_PAIR:
		return PERM_REVIEW;
	case ACT_USERS: case ACT_NEW_USER: case ACT_ROLE: case ACT_PIN: case ACT_DISABLE:
		return PERM_USERS;
	case ACT_ERASE: return PERM_ERASE;
	case ACT_MINE: case ACT_BY_LANG: case ACT_BY_PURPOSE: case ACT_REACHED: case ACT_NO_ANSWER:
	case ACT_VOICEMAIL: case ACT_WRONG_NUMBER: case ACT_DISCONNECTED: case ACT_REFUSED:
	case ACT_CALLBACK: case ACT_DO_NOT_CALL:
		return PERM_CALLS;
	case ACT_RULES: case ACT_SWITCH_RULE: return PERM_CALL_RULES;
	case ACT_ACCESS_LOG: return PERM_ACCESS_LOG;
	default: return -1;
	}
}

const struct action_group action_groups[] = {
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("On every screen"), ACT_HELP },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Going places"), ACT_QUIT },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Lists and pages"), ACT_UP },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Forms"), ACT_NEXT_FIELD },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Screening, referrals, jobs, organizations and ESL tables"), ACT_SCREEN },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Exchange between sites"), ACT_MERGE },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Importing participants"), ACT_IMPORT },
	{ N_("Possible duplicates"), ACT_DUPLICATES },
	/* L10N: heading in the list of keys (senda --help-keys, the manual page) */
	{ N_("Privacy"), ACT_ERASE },
	{ N_("Users"), ACT_USERS },
	{ N_("Follow-up calls"), ACT_MINE },
	{ NULL, ACT__COUNT }
};

const enum action action_globals[] = { ACT_HELP, ACT_LANG, ACT_REDRAW, ACT_NONE };

const struct action_def *
action_def(enum action a)
{
	if ((int)a < 0 || a >= ACT__COUNT)
		a = ACT_NONE;
	return &table[a];
}

static bool
has_key_in(enum action a, int key)
{
	for (int i = 0; i < ACTION_MAX_KEYS && table[a].keys[i]; i++)
		if (table[a].keys[i] == key)
			return true;
	return false;
}

enum action
action_for_key(const enum action *offered, int key)
{
	for (const enum action *a = offered; a && *a != ACT_NONE; a++)
		if (has_key_in(*a, key))
			return *a;
	for (const enum action *a = action_globals; *a != ACT_NONE; a++)
		if (has_key_in(*a, key))
			return *a;
	return ACT_NONE;
}

int
action_bar_key(enum action a, bool typing)
{
	const struct action_def *d = action_def(a);
	for (int i = 0; i < ACTION_MAX_KEYS && d->keys[i]; i++) {
		int k = d->keys[i];
		if (typing && (key_is_text(k) || (k & KEY_ALT_FLAG)))
			continue;
		if (key_available(k))
			return k;
	}
	/* A terminal without the function key: the Alt form, which also works
	 * as Esc then the key. */
	for (int i = 0; i < ACTION_MAX_KEYS && d->keys[i]; i++)
		if (d->keys[i] & KEY_ALT_FLAG)
			return d->keys[i];
	return K_NONE;
}

char *
action_keys_text(enum action a, bool typing, char *buf, size_t n)
{
	return action_keys_text_in(NULL, a, typing, buf, n);
}

char *
action_keys_text_in(const enum action *offered, enum action a, bool typing, char *buf,
		    size_t n)
{
	const struct action_def *d = action_def(a);
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < ACTION_MAX_KEYS && d->keys[i]; i++) {
		char name[48];
		if (typing && key_is_text(d->keys[i]) && a != ACT_CYCLE)
			continue;   /* typed into the field, not an action there */
		if (offered && action_for_key(offered, d->keys[i]) != a)
			continue;   /* another action of the screen has this key */
		for (int form = 0; form < ((d->keys[i] & KEY_ALT_FLAG) ? 2 : 1); form++) {
			key_label(d->keys[i], form == 1, name, sizeof name);
			int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", name);
			if (w < 0 || (size_t)w >= n - o)
				return buf;
			o += (size_t)w;
		}
	}
	return buf;
}
