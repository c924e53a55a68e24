/* senda — follow-up calls on the command line: calls (a printed call
 * sheet), call (a paper sheet entered afterwards), call-rules. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/money.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "senda/width.h"

/* ---- calls ------------------------------------------------------------- */

struct sheet {
	bool csv;
	int shown;
	int section;   /* the enum call_when of the last row, -1 before */
};

/* A CSV cell: always quoted, quotes doubled; a cell a spreadsheet would
 * take for a formula gets a ' before it. */
static void
csv_cell(const char *s, bool last)
{
	putchar('"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		putchar('\'');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
	putchar(last ? '\n' : ',');
}

static void
pad(const char *s, int w)
{
	char *cut = text_fit(s, (size_t)w, true);
	fputs(cut, stdout);
	free(cut);
	fputs("  ", stdout);
}

static const char *
when_heading(int when)
{
	switch (when) {
	/* L10N: a heading of the call list: calls whose day has passed */
	case CALL_OVERDUE: return _("Overdue");
	/* L10N: a heading of the call list */
	case CALL_DUE_TODAY: return _("Due today");
	/* L10N: a heading of the call list: calls of the days to come */
	default: return _("Upcoming");
	}
}

static int
sheet_row(const call_row *r, void *ctx)
{
	struct sheet *s = ctx;
	char purpose[160];
	call_purpose_text(r, i18n_lang(), purpose, sizeof purpose);
	char tries[16];
	snprintf(tries, sizeof tries, "%d", r->attempts);
	if (s->csv) {
		csv_cell(r->id, false);
		csv_cell(r->due_on, false);
		csv_cell(r->first_name, false);
		csv_cell(r->phone, false);
		csv_cell(r->language, false);
		csv_cell(r->best_time, false);
		csv_cell(r->call_at, false);
		csv_cell(tries, false);
		csv_cell(purpose, true);
	} else {
		if ((int)r->when != s->section) {
			printf("%s%s\n", s->shown ? "\n" : "", when_heading((int)r->when));
			s->section = (int)r->when;
		}
		printf("%s  %s  ", r->id, r->due_on);
		pad(r->first_name, 16);
		pad(r->phone, 16);
		printf("%-2s  %s\n", r->language, tries);
		/* The second line: when to call and why. */
		char *at = *r->call_at ? xasprintf("%s, %s", r->best_time, call_at_text(r->call_at))
				       : xstrdup(r->best_time);
		printf("    %s%s%s\n", at, *at ? " — " : "", purpose);
		free(at);
	}
	s->shown++;
	return 0;
}

int
cmd_calls(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "due", no_argument, NULL, 'd' },
		{ "mine", no_argument, NULL, 'm' },
		{ "csv", no_argument, NULL, 'c' },
		{ "language", required_argument, NULL, 'l' },
		{ "purpose", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	call_filter f = { 0 };
	struct sheet s = { .section = -1 };
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': f.due_only = true; break;
		case 'm': f.mine = true; break;
		case 'c': s.csv = true; break;
		case 'l': f.language = optarg; break;
		case 'p': f.purpose = optarg; break;
		case 'h': cli_command_help("calls"); return EXIT_OK;
		default: return cli_bad_option("calls", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("calls", _("unexpected argument '%s'"), argv[optind]);
	/* A filter that matches nothing said "No calls to make." */
	if (f.language && strcmp(f.language, "en") != 0 && strcmp(f.language, "es") != 0)
		/* L10N: keep --language, en and es as they are */
		return cli_usage_error("calls", _("--language takes en or es, not '%s'"), f.language);
	if (f.purpose && strcmp(f.purpose, "placement") != 0 && strcmp(f.purpose, "retention") != 0 &&
	    strcmp(f.purpose, "referral") != 0 && strcmp(f.purpose, "general") != 0)
		/* L10N: keep --purpose and the four purposes as they are */
		return cli_usage_error("calls", _("--purpose takes placement (a job), retention (after "
						  "exit), referral or general, not '%s'"), f.purpose);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	sdate today = clock_today();
	if (calls_schedule_if_stale(cli->db, today, &err) != SENDA_OK)
		return cli_fail(&err);
	if (clock_today_set_back())
		/* L10N: senda calls with --today before today's date */
		fprintf(stderr, "senda: %s\n", _("--today is before today: no call is scheduled or "
						 "withdrawn for that day (nothing is written); these are "
						 "the calls the file has."));
	if (s.csv)
		/* the header stays in English, as the CSV exports' */
		puts("id,due_on,first_name,phone,language,best_time,call_at,attempts,purpose");
	if (calls_list(cli->db, today, &f, sheet_row, &s, &err) != SENDA_OK)
		return cli_fail(&err);
	if (!s.csv && s.shown == 0)
		puts(f.due_only ? _("No calls due today.") : _("No calls to make."));
	return EXIT_OK;
}

/* ---- call -------------------------------------------------------------- */

static int
yes_no_arg(const char *cmd, const char *opt, const char *v, int *out)
{
	int yn = text_yes_no(v);
	if (yn < 0)
		/* L10N: %s is an option (--working), then what was given */
		return cli_usage_error(cmd, _("%s takes yes or no, not '%s'"), opt, v);
	*out = yn;
	return -1;
}

int
cmd_call(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "outcome", required_argument, NULL, 'o' },
		{ "wage", required_argument, NULL, 'w' },
		{ "hours", required_argument, NULL, 'H' },
		{ "working", required_argument, NULL, 'k' },
		{ "raise", required_argument, NULL, 'r' },
		{ "training", required_argument, NULL, 't' },
		{ "needs", required_argument, NULL, 'n' },
		{ "note", required_argument, NULL, 'N' },
		{ "at", required_argument, NULL, 'a' },
		{ "called", required_argument, NULL, 'C' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	call_answers a;
	call_answers_init(&a);
	const char *outcome = NULL;
	int c, rc;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'o': outcome = optarg; break;
		case 'w':
			a.wage_cents = money_parse(optarg);
			if (a.wage_cents < 0)
				return cli_usage_error("call", _("'%s' is not an amount of money"), optarg);
			break;
		case 'H':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > call_hours_max())
				/* L10N: keep --hours as it is; %d is the most hours a
				 * week (the job's field's limit), %s what was given */
				return cli_usage_error("call", _("--hours takes the hours a week, a whole "
								 "number from 0 to %d, not '%s'"),
						       call_hours_max(), optarg);
			a.hours_week = (int)v;
			break;
		case 'k':
			if ((rc = yes_no_arg("call", "--working", optarg, &a.still_working)) >= 0)
				return rc;
			break;
		case 'r':
			if ((rc = yes_no_arg("call", "--raise", optarg, &a.got_raise)) >= 0)
				return rc;
			break;
		case 't':
			if ((rc = yes_no_arg("call", "--training", optarg, &a.in_training)) >= 0)
				return rc;
			break;
		case 'n': a.needs = optarg; break;
		case 'N': a.note = optarg; break;
		case 'a': a.callback_at = optarg; break;
		case 'C': a.called_on = optarg; break;
		case 'y': a.wage_confirmed = true; break;
		case 'h': cli_command_help("call"); return EXIT_OK;
		default: return cli_bad_option("call", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("call", "%s", _("wrong number of arguments"));
	if (!outcome)
		/* L10N: keep --outcome as it is */
		return cli_usage_error("call", "%s", _("--outcome is needed"));
	int o = call_outcome_parse(outcome);
	if (o < 0) {
		char *codes = call_outcome_codes();
		/* L10N: the first %s is what was given, the second the outcomes'
		 * codes (they stay in English); the words of the call screen are
		 * taken in English and in Spanish */
		int r = cli_usage_error("call", _("unknown outcome '%s': --outcome takes %s (with - or "
						   "_), or the outcome as the call screen words it "
						   "(\"no answer\", \"no contestó\")"), outcome, codes);
		free(codes);
		return r;
	}
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	call_done d;
	senda_err e = call_record(cli->db, argv[optind], (enum call_outcome)o, &a, &d, &err);
	if (e == SENDA_E_CONFIRM) {
		cli_fail(&err);
		fprintf(stderr, "%s\n", _("Nothing was saved. Run the same command with --yes to confirm."));
		return EXIT_ERROR;
	}
	if (e != SENDA_OK)
		return cli_fail(&err);
	/* L10N: after a call was entered; %s is its outcome ("no answer") */
	printf(_("Call recorded: %s.\n"), _(call_outcome_label((enum call_outcome)o)));
	if (*d.next_due)
		/* L10N: %s is a date, then a time of day or a time */
		printf(_("Next try: %s %s\n"), d.next_due, call_at_text(d.next_at));
	else if (strcmp(d.result, "unreachable") == 0)
		puts(_("No more tries: unreachable."));
	if (*d.placement_id)
		puts(_("The job's wage was updated."));
	return EXIT_OK;
}

/* ---- call-rules -------------------------------------------------------- */

static int
print_rule(const call_rule *r, void *ctx)
{
	(void)ctx;
	char *text = call_rule_text(r);
	/* L10N: how many times a call of the rule is tried before it is given up */
	char *tries = xasprintf(P_("up to %d try", "up to %d tries", (unsigned long)r->max_attempts),
				r->max_attempts);
	/* L10N: a follow-up rule that is switched off, after its description */
	printf("%-12s %s, %s%s\n", r->id, text, tries, r->active ? "" : _(" (off)"));
	free(tries);
	free(text);
	return 0;
}

static bool
parse_count(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 100000)
		return false;
	*out = (int)v;
	return true;
}

int
cmd_call_rules(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "attempts", required_argument, NULL, 't' },
		{ "on", no_argument, NULL, '1' },
		{ "off", no_argument, NULL, '0' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int amount = -1, attempts = -1, active = -1, c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (!parse_count(optarg, &amount))
				return cli_usage_error("call-rules", _("'%s' is not a whole number"), optarg);
			break;
		case 't':
			if (!parse_count(optarg, &attempts))
				return cli_usage_error("call-rules", _("'%s' is not a whole number"), optarg);
			break;
		case '1': active = 1; break;
		case '0': active = 0; break;
		case 'h': cli_command_help("call-rules"); return EXIT_OK;
		default: return cli_bad_option("call-rules", c, argv);
		}
	}
	const char *sub = optind < argc ? argv[optind] : "list";
	int nargs = argc - optind;
	bool list = strcmp(sub, "list") == 0, set = strcmp(sub, "set") == 0,
	     add = strcmp(sub, "add") == 0;
	if (!list && !set && !add)
		return cli_usage_error("call-rules", _("unknown command '%s'"), sub);
	if ((list && nargs > 1) || (set && nargs != 2) || (add && nargs != 3))
		return cli_usage_error("call-rules", "%s", _("wrong number of arguments"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (list) {
		if (call_rules_list(cli->db, print_rule, NULL, &err) != SENDA_OK)
			return cli_fail(&err);
		return EXIT_OK;
	}
	if (set) {
		if (amount < 0 && attempts < 0 && active < 0)
			return cli_usage_error("call-rules", "%s",
					       /* L10N: keep the option names as they are */
					       _("say what to change: --after N, --attempts N, --on or "
						 "--off"));
		if (call_rule_set(cli->db, argv[optind + 1], amount, active, attempts, &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: %s is a follow-up rule's id */
		printf(_("Rule %s changed; the calls follow it.\n"), argv[optind + 1]);
		return EXIT_OK;
	}
	int n;
	if (!parse_count(argv[optind + 2], &n))
		return cli_usage_error("call-rules", _("'%s' is not a whole number"), argv[optind + 2]);
	char id[CALL_RULE_ID_MAX];
	if (call_rule_add(cli->db, argv[optind + 1], n, id, &err) != SENDA_OK)
		return cli_fail(&err);
	/* L10N: %s is the new follow-up rule's id */
	printf(_("Rule %s added.\n"), id);
	return EXIT_OK;
}

/* ---- call-again ---------------------------------------------------------- */

/* A person who asked not to be called again may be called again (a
 * coordinator; --yes, as the record's question): an edit of hers that
 * travels. */
int
cmd_call_again(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool yes = false;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":yh", opts, NULL)) != -1) {
		switch (c) {
		case 'y': yes = true; break;
		case 'h': cli_command_help("call-again"); return EXIT_OK;
		default: return cli_bad_option("call-again", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("call-again", "%s", _("name one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	participant p;
	if (participant_get(cli->db, argv[optind], &p, &err) != SENDA_OK)
		return cli_fail(&err);
	char id[UUID_LEN];
	snprintf(id, sizeof id, "%s", p.id);
	participant_free(&p);
	bool dnc = false;
	if (calls_do_not_call(cli->db, id, &dnc, &err) != SENDA_OK)
		return cli_fail(&err);
	if (!dnc) {
		/* L10N: senda call-again for a person who may be called */
		fprintf(stderr, "senda: %s\n", _("This person has not asked not to be called."));
		return EXIT_ERROR;
	}
	if (!yes) {
		/* L10N: senda call-again without --yes */
		fprintf(stderr, "%s\n", _("This person asked not to be called again. Nothing was changed: "
					  "run the same command with --yes to allow calls again."));
		return EXIT_ERROR;
	}
	if (calls_call_again(cli->db, id, &err) != SENDA_OK)
		return cli_fail(&err);
	puts(_("Calls allowed again: the follow-up calls are made again."));
	return EXIT_OK;
}
