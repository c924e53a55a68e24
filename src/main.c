/* senda — entry point: global options, then one command. */
#include <config.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "senda/ui.h"

const struct command cli_commands[] = {
	/* L10N: the synopsis after "senda init"; option names stay in English */
	{ "init", cmd_init, N_("--site NAME --user NAME [--lang en|es] [--kind KIND] [--organization NAME]"),
	  N_("create the database file and this site") },
	{ "demo", cmd_demo, N_("[--people N] [--seed N]"),
	  N_("fill the file with invented participants to try senda") },
	{ "add", cmd_add, N_("--given NAMES --surname SURNAME [FIELD OPTIONS]"),
	  N_("add a participant; prints the new id") },
	{ "edit", cmd_edit, N_("ID [FIELD OPTIONS]"),
	  N_("change fields of a participant") },
	{ "list", cmd_list, N_("[--limit N] [--after ID | --offset N]"),
	  N_("list participants by surname") },
	{ "search", cmd_search, N_("[--limit N] TEXT"),
	  N_("find participants by name (accents and order do not matter)") },
	{ "show", cmd_show, N_("ID"),
	  N_("show a participant's record and history") },
	{ "screen", cmd_screen, N_("ID --instrument NAME (--score N | --level N) [--date D]"),
	  N_("record an English placement test and show the ESL level") },
	{ "levels", cmd_levels, N_("[list [--all] | export FILE [--force] | import FILE | retire ID | restore ID]"),
	  N_("the ESL score tables: view, share, add a version, retire one") },
	{ "eligible", cmd_eligible, N_("ID"),
	  N_("the programs a participant can enter now, and what is missing") },
	{ "refer", cmd_refer, N_("ID PROGRAM [--date D] [--note TEXT] [--consent-given] [--yes]"),
	  N_("refer a participant to a program") },
	{ "referral-status", cmd_referral_status,
	  N_("REFERRAL STATUS [--date D] [--note TEXT] [--credential TEXT] [--yes]"),
	  N_("move a referral along: contacted, enrolled, completed...") },
	{ "referrals", cmd_referrals, N_("[ID] [--limit N] [--after REFERRAL]"),
	  N_("a participant's referrals, or every open one") },
	{ "slip", cmd_slip, N_("REFERRAL [--out FILE [--force]] [--print] [--consent-given]"),
	  N_("the referral slip, in the participant's language first") },
	{ "place", cmd_place, N_("ID --employer NAME --start D --wage W [...] [--yes]"),
	  N_("record the job a participant got") },
	{ "edit-job", cmd_edit_job, N_("JOB [--start D] [--end D] [--wage W] [...] [--yes]"),
	  N_("change a job: its start, end or wage") },
	/* L10N: the synopsis after "senda partners"; subcommands and options stay in English */
	{ "partners", cmd_partners,
	  N_("list | add ... | import FILE | export FILE"),
	  N_("the directory of partner organizations; CSV import and export") },
	/* L10N: the synopsis after "senda programs"; subcommands and options stay in English */
	{ "programs", cmd_programs, N_("list [PARTNER] | add PARTNER --name NAME"),
	  N_("programs partners offer, with their entry requirements") },
	/* L10N: the synopsis after "senda export"; option names stay in English */
	{ "export", cmd_export,
	  N_("--out FILE [--to SITE|KIND] [--full] [--plain | --passphrase-file F] [--force]"),
	  N_("write an encrypted bundle of changes for other sites") },
	/* L10N: the synopsis after "senda merge"; option names stay in English */
	{ "merge", cmd_merge, N_("BUNDLE... [--passphrase-file F]"),
	  N_("merge other sites' bundles; no edit is lost") },
	/* L10N: the synopsis after "senda bundle"; subcommands and options stay in English */
	{ "bundle", cmd_bundle, N_("info FILE | decrypt FILE --out F.db [--passphrase-file F]"),
	  N_("show a bundle's manifest or write its inner SQLite file") },
	/* L10N: the synopsis after "senda export-csv"; table and option names stay in English */
	{ "export-csv", cmd_export_csv,
	  N_("participants|referrals|placements|screenings|report [--out FILE] [--excel] [--encoding ENC] [--translit] [--to SITE] [--force]"),
	  N_("write a table as CSV for a spreadsheet or PostgreSQL") },
	/* L10N: the synopsis after "senda import-csv"; option names stay in English */
	{ "import-csv", cmd_import_csv,
	  N_("FILE [--encoding ENC] [--map COLUMN=FIELD]... [--date-order dmy|mdy] [--dry-run] [--rejects FILE]"),
	  N_("add participants from a spreadsheet (CSV)") },
	/* L10N: the synopsis after "senda duplicates"; subcommands and options stay in English */
	{ "duplicates", cmd_duplicates, N_("[--scan] [--limit N] | of ID | link ID OTHER | different ID OTHER | unlink ID"),
	  N_("possible duplicates: the same person entered twice") },
	/* L10N: the synopsis after "senda nicknames"; subcommands stay in English */
	{ "nicknames", cmd_nicknames, N_("list | add FORMAL NICKNAME... | remove NICKNAME [FORMAL]"),
	  N_("the nicknames given names are matched with (Pepe, José)") },
	/* L10N: the synopsis after "senda user"; subcommands and options stay in English */
	{ "user", cmd_user, N_("list | add NAME --role ROLE | role NAME ROLE | pin NAME | disable NAME | idle [MINUTES]"),
	  N_("the people who use senda here, their roles and PINs") },
	/* L10N: the synopsis after "senda calls"; option names stay in English */
	{ "calls", cmd_calls, N_("[--due] [--mine] [--csv] [--language en|es] [--purpose P]"),
	  N_("the follow-up calls to make, as a call sheet") },
	/* L10N: the synopsis after "senda call"; option names stay in English */
	{ "call", cmd_call, N_("ID --outcome OUTCOME [--wage W] [--hours N] [--working yes|no] [--raise yes|no] [--training yes|no] [--needs TEXT] [--note TEXT] [--at WHEN] [--called WHEN]"),
	  N_("enter a call made from a paper call sheet") },
	{ "call-again", cmd_call_again, N_("ID --yes"),
	  N_("allow calls again to a person who asked for none") },
	/* L10N: the synopsis after "senda call-rules"; subcommands and options stay in English */
	{ "call-rules", cmd_call_rules, N_("[list | set RULE [--after N] [--attempts N] [--on|--off] | add KIND N]"),
	  N_("when follow-up calls are due: the rules") },
	{ "check", cmd_check, N_("[--full] [--repair]"),
	  N_("check the file's integrity and count its records") },
	{ "backup", cmd_backup, N_("FILE [--force]"),
	  N_("copy the database safely to a new file") },
	{ "erase", cmd_erase, N_("ID [--yes]"),
	  N_("erase a person everywhere, at her request") },
	{ "access-log", cmd_access_log, N_("[ID] [--limit N]"),
	  N_("who opened which record when (90 days)") },
	{ "privacy", cmd_privacy, N_("[ID]"),
	  N_("what the file holds about people, in plain words") },
	{ NULL, NULL, NULL, NULL }
};

static void
usage(void)
{
	printf(_("Usage: senda [--db FILE] [COMMAND [ARGUMENTS]]\n"));
	puts(_("With no command, senda opens its terminal interface."));
	puts(_("Keep track of job seekers on their way to better jobs: intake, English\n"
	       "screening, referrals, placements and follow-up calls, offline."));
	putchar('\n');
	puts(_("Options:"));
	puts(_("  -d, --db FILE   use this database file (default: $SENDA_DB, else\n"
	       "                  $XDG_DATA_HOME/senda/senda.db)"));
	puts(_("  -u, --user NAME act as this user (her PIN from $SENDA_PIN_FILE, a file\n"
	       "                  only she can read, or typed on the terminal)"));
	puts(_("  --today DATE    take DATE (YYYY-MM-DD) as today: what is due, overdue,\n"
	       "                  dated today (tests, catching up on paper)"));
	puts(_("  -h, --help      show this help and exit"));
	puts(_("  -V, --version   show the version and exit"));
	putchar('\n');
	puts(_("Commands:"));
	for (const struct command *c = cli_commands; c->name; c++)
		printf("  %-16s %s\n", c->name, _(c->summary));
	putchar('\n');
	puts(_("A FILE that senda writes is never the database, a link or an existing\n"
	       "file (unless --force); - is standard output, and for import standard input."));
	putchar('\n');
	cli_field_options_help();
	putchar('\n');
	puts(_("The interface language follows LANGUAGE or LANG (en, es) until you choose one\n"
	       "with F2 (or at first-run setup); senda then remembers your choice."));
	printf(_("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

/* Print text in lines of at most 79 columns, breaking at spaces outside
 * [brackets] and (parentheses); lines after the first are indented. */
static void
print_wrapped(const char *text, int indent)
{
	char *copy = xstrdup(text);
	size_t len = strlen(copy);
	while (len && copy[len - 1] == '\n')
		copy[--len] = '\0';
	int col = 0, depth = 0;
	bool first = true;
	char *word = copy;
	for (char *p = copy;; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth > 0)
			depth--;
		if (*p != '\0' && (*p != ' ' || depth > 0))
			continue;
		bool end = *p == '\0';
		*p = '\0';
		if (*word) {
			int w = (int)text_width(word);
			if (!first && col + 1 + w > 79) {
				printf("\n%*s", indent, "");
				col = indent;
			} else if (!first) {
				putchar(' ');
				col++;
			}
			fputs(word, stdout);
			col += w;
			first = false;
		}
		if (end)
			break;
		word = p + 1;
	}
	putchar('\n');
	free(copy);
}

void
cli_command_help(const char *name)
{
	for (const struct command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, name) != 0)
			continue;
		char *line = xasprintf(_("Usage: senda [--db FILE] %s %s\n"), c->name,
				       *c->args ? _(c->args) : "");
		print_wrapped(line, 4);
		free(line);
		print_wrapped(_(c->summary), 0);
		if (strcmp(name, "add") == 0 || strcmp(name, "edit") == 0)
			cli_field_options_help();
		if (strcmp(name, "referrals") == 0)
			print_wrapped(_("Every open referral, oldest status first: one screenful on "
					"a terminal, all of them when the output goes to a file or "
					"a program. Rows fit the terminal's width, with the "
					"participant's name when it is wide enough; to a file or a "
					"program they are always 80 columns wide. --limit N shows N "
					"(0: all). --after REFERRAL shows those after it. The line "
					"\"Next page: --after ID,DATE,MADE\" under the list names "
					"the last one shown and its place in the order: given as it "
					"is, the next page starts there even if that referral has "
					"moved on or closed since."), 0);
		if (strcmp(name, "list") == 0)
			print_wrapped(_("--limit N shows N participants (50 unless told; 0: all). "
					"--after ID shows those after that participant. The line "
					"\"Next page: --after ID,KEY\" under a list names the last "
					"one shown and its place in the order, KEY being the surnames "
					"and names folded: given as it is, the next page starts there "
					"even if that participant was renamed or deleted since. Every "
					"page is as quick as the first. --offset N skips N "
					"participants, reading each of them first."), 0);
		if (strcmp(name, "search") == 0)
			print_wrapped(_("--limit N shows the first N by name (50 unless told; 0: "
					"all); a line under them says when more were found."), 0);
		if (strcmp(name, "check") == 0) {
			putchar('\n');
			print_wrapped(_("By default the check reads every page and record of the file, the "
					"links between records, the counts and the search index. --full also "
					"compares every index with its table: many times slower on a big file, "
					"for when the quick check finds a problem or before a file is "
					"trusted again. On a "
					"terminal, a line on standard error tells which step is running."), 0);
			putchar('\n');
			print_wrapped(_("The counts the file keeps (participants, open and waiting "
					"referrals, intakes by day) are compared with the records, and "
					"the name search index with the names. When only those are wrong, "
					"--repair rebuilds them from the records and checks again; it "
					"changes no record, and a file whose structure is damaged is left "
					"as it is."), 0);
		}
		return;
	}
}

static void
version(void)
{
	printf("senda %s\n", PACKAGE_VERSION);
	puts(_("Copyright (C) 2026 The senda developers."));
	puts(_("This is free software: you are free to change and redistribute it."));
}

int
main(int argc, char **argv)
{
	clock_mark_start();
	opterr = 0;   /* bad options are reported by cli_bad_option, translated */
	umask(077);   /* every file senda makes is its owner's alone */
	int fallback = i18n_init();
	if (fallback && getenv("SENDA_QUIET_LOCALE") == NULL)
		fprintf(stderr, "%s\n", fallback == 2
			? _("senda: the locale asked for is not installed; using C.UTF-8 instead.")
			: _("senda: the locale is not UTF-8; using C.UTF-8 instead."));

	for (int i = 1; i < argc; i++)
		if (!text_valid(argv[i])) {
			/* L10N: %d is the position of the argument on the command line */
			fprintf(stderr, _("senda: argument %d is not valid UTF-8; nothing was done.\n"), i);
			return EXIT_USAGE;
		}

	/* Not in --help, nor among the options (where "--he" would stop being
	 * --help): the key table, for the manual page. */
	if (argc == 2 && strcmp(argv[1], "--help-keys") == 0) {
		ui_print_keys();
		return EXIT_OK;
	}

	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "today", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { 0 };
	const char *db_arg = NULL;
	int c;
	while ((c = cli_getopt(argc, argv, "+:d:u:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_arg = optarg; break;
		case 'u': cli.user_name = optarg; break;
		case 'h': usage(); return EXIT_OK;
		case 'V': version(); return EXIT_OK;
		case 'T': {
			sdate d;
			if (date_from_iso(optarg, &d) != DATE_OK)
				/* L10N: keep --today as it is */
				return cli_usage_error(NULL, _("--today takes a date as YYYY-MM-DD, not '%s'"),
						       optarg);
			clock_set_today(&d);
			break;
		}
		default: return cli_bad_option(NULL, c, argv);
		}
	}
	if (optind >= argc) {
		/* No command: the interface (first-run setup when there is no file). */
		senda_error err = { 0 };
		char *path = db_arg ? xstrdup(db_arg) : db_default_path(true, &err);
		if (!path)
			return cli_fail(&err);
		int rc = ui_run(path);
		free(path);
		return rc;
	}
	const struct command *cmd = NULL;
	for (const struct command *k = cli_commands; k->name; k++)
		if (strcmp(k->name, argv[optind]) == 0)
			cmd = k;
	if (!cmd)
		return cli_usage_error(NULL, _("unknown command '%s'"), argv[optind]);

	if (db_arg) {
		cli.db_path = xstrdup(db_arg);
		cli.db_explicit = true;
	} else {
		senda_error err = { 0 };
		cli.db_path = db_default_path(false, &err);
		if (!cli.db_path)
			return cli_fail(&err);
	}
	int rc = cmd->run(&cli, argc - optind, argv + optind);
	db_close(cli.db);
	free(cli.db_path);
	return rc;
}
