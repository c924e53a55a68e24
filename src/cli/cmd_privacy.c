/* senda — commands about people's privacy: erase a person everywhere, the
 * access log, what the file holds (senda privacy [ID]). */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "cli/cli.h"
#include "senda/access.h"
#include "senda/dedupe.h"
#include "senda/erase.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/privacy.h"
#include "senda/text.h"

static void say(char *text, int indent);

/* ---- erase -------------------------------------------------------------- */

/* One line of standard input, without its line end; NULL at its end. */
static char *
read_answer(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* A yes in the interface language (y, or s in Spanish; the word too). */
static bool
is_yes(const char *a)
{
	char *f = text_fold(a);
	/* L10N: the key that answers yes in a question (Spanish: s) */
	char *y = text_fold(_("y"));
	char *word = text_fold(_("Yes"));
	bool yes = f && y && word && *f && (strcmp(f, y) == 0 || strcmp(f, word) == 0);
	free(f);
	free(y);
	free(word);
	return yes;
}

static bool
ask_yes(const char *question)
{
	/* L10N: after a yes/no question on the command line: the answers
	 * (Spanish: [s/N]) */
	printf("%s %s ", question, _("[y/N]"));
	fflush(stdout);
	char *a = read_answer();
	bool yes = a && text_valid(a) && is_yes(a);
	if (!a)
		putchar('\n');
	free(a);
	return yes;
}

/* The name typed matches the name shown: accents, capitals and the
 * spaces around do not matter. */
static bool
same_name(const char *typed, const char *name)
{
	if (!typed || !text_valid(typed))
		return false;
	char *a = text_fold_words(typed), *b = text_fold_words(name);
	bool same = a && b && *b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* Her other records (the same person, linked), gathered before the link
 * goes with her. */
struct others {
	char **ids;
	size_t n;
};

static int
other_record(const char *id, const char *site, void *ctx)
{
	(void)site;
	struct others *o = ctx;
	o->ids = xrealloc(o->ids, (o->n + 1) * sizeof *o->ids);
	o->ids[o->n++] = xstrdup(id);
	return 0;
}

static void
old_backup(const char *path, const char *made_at, void *ctx)
{
	int *n = ctx;
	if ((*n)++ == 0)
		say(xstrdup(_("These backups were made before and still hold her. Delete them, or "
			      "keep them locked away:")), 0);
	printf("  %s  (%s)\n", path, made_at);
}

int
cmd_erase(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool yes = false;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":hy", opts, NULL)) != -1) {
		switch (c) {
		case 'y': yes = true; break;
		case 'h': cli_command_help("erase"); return EXIT_OK;
		default: return cli_bad_option("erase", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("erase", "%s", _("name one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	/* Refused before any question (erase_person asks again). */
	if (perm_require(cli->db, PERM_ERASE, &err) != SENDA_OK)
		return cli_fail(&err);
	participant p;
	if (participant_get(cli->db, argv[optind], &p, &err) != SENDA_OK)
		return cli_fail(&err);
	char *name = participant_name_new(&p);
	char *plain = xasprintf("%s %s%s%s", p.given_names, p.first_surname,
				*p.second_surname ? " " : "", p.second_surname);
	char id[37];
	snprintf(id, sizeof id, "%s", p.id);
	participant_free(&p);
	if (!yes) {
		/* L10N: %s is the person's name and %s her record's id */
		say(xasprintf(_("This erases %s (%s) from this file: her record, her screenings, "
				"referrals, jobs, follow-ups and calls, and their history. It cannot "
				"be undone. Other sites erase her too when they merge this site's "
				"next bundle."), name, id), 0);
		bool go = ask_yes(_("Erase this person?"));
		if (go)
			go = ask_yes(_("Are you sure? Nothing of this person can be brought back."));
		if (go) {
			/* L10N: %s is the name to type */
			printf(_("Type the name to confirm (%s): "), plain);
			fflush(stdout);
			char *typed = read_answer();
			if (!typed)
				putchar('\n');
			go = same_name(typed, plain);
			if (typed && !go)
				puts(_("The name typed is not this person's."));
			free(typed);
		}
		if (!go) {
			puts(_("Nothing was erased."));
			free(name);
			free(plain);
			return EXIT_ERROR;
		}
	}
	free(plain);
	struct others others = { NULL, 0 };
	if (dedupe_linked(cli->db, id, other_record, &others, &err) != SENDA_OK) {
		free(name);
		return cli_fail(&err);
	}
	erase_result res;
	if (erase_person(cli->db, id, &res, &err) != SENDA_OK) {
		free(name);
		for (size_t i = 0; i < others.n; i++)
			free(others.ids[i]);
		free(others.ids);
		return cli_fail(&err);
	}
	/* L10N: after an erasure: the person's name; then how many records
	 * about her went with it */
	if (res.rows > 1)
		printf(P_("Erased: %s, and %" PRId64 " record about this person.\n",
			  "Erased: %s, and %" PRId64 " records about this person.\n",
			  (unsigned long)(res.rows - 1)), name, res.rows - 1);
	else
		/* L10N: after an erasure: the person's name (nothing else was about her) */
		printf(_("Erased: %s.\n"), name);
	free(name);
	puts(_("Other sites erase this person too when they merge this site's next bundle."));
	/* L10N: after an erasure: senda keeps no trace that could tell an
	 * imported row is the person erased */
	say(xstrdup(_("If this person is in a spreadsheet you import from, delete the row there "
		      "too: senda keeps nothing that could recognize her, so an import would add "
		      "her again.")), 0);
	if (!res.files_clean)
		say(xstrdup(_("Another program has the file open, so its log (the -wal file) may "
			      "still hold her: close senda everywhere (the last one to close empties "
			      "it).")), 0);
	if (others.n > 0)
		say(xstrdup(_("She has other records, linked to this one as the same person; they "
			      "were not erased (if she asks, erase each one too):")), 0);
	for (size_t i = 0; i < others.n; i++) {
		printf("  senda erase %s\n", others.ids[i]);
		free(others.ids[i]);
	}
	free(others.ids);
	int n = 0;
	if (erase_backups(cli->db, old_backup, &n, &err) != SENDA_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

/* ---- access-log ------------------------------------------------------------ */

struct access_print {
	int rows;
	bool all;
};

static int
access_line(const access_entry *a, void *ctx)
{
	struct access_print *ap = ctx;
	if (ap->rows++ == 0)
		/* L10N: the heading of `senda access-log`; columns: when (UTC), who,
		 * how, whose record (only when all records are listed) */
		puts(ap->all ? _("When (UTC)            Who                   How     Record")
			     : _("When (UTC)            Who                   How"));
	/* L10N: how a record was opened: on the screen, by `senda show` */
	const char *how = a->how == ACCESS_SHOW ? _("show")
		/* L10N: how a record was opened: by `senda privacy ID` */
		: a->how == ACCESS_PRIVACY ? _("privacy") : _("screen");
	char *who = text_inert(*a->user_name ? a->user_name : _("(unknown)"));
	int pad = 22 - (int)text_width(who ? who : "");
	printf("%-20s  %s%*s%-8s", a->at, who ? who : "", pad > 0 ? pad : 1, "", how);
	free(who);
	if (ap->all) {
		char *whose = text_inert(a->participant_name);
		printf("%.8s  %s", a->participant_id + (strlen(a->participant_id) > 8
						 ? strlen(a->participant_id) - 8 : 0),
		       whose ? whose : "");
		free(whose);
	}
	putchar('\n');
	return 0;
}

int
cmd_access_log(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, limit = 50;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 || v > 1000000)
				return cli_usage_error("access-log", "%s",
						       _("--limit takes a number from 0 (all) to 1000000"));
			limit = (int)v;
			break;
		}
		case 'h': cli_command_help("access-log"); return EXIT_OK;
		default: return cli_bad_option("access-log", c, argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("access-log", "%s", _("name at most one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	struct access_print ap = { 0, optind == argc };
	if (access_list(cli->db, optind < argc ? argv[optind] : NULL, limit, access_line, &ap,
			&err) != SENDA_OK)
		return cli_fail(&err);
	if (ap.rows == 0)
		puts(_("Nobody opened a record in the last 90 days."));
	return EXIT_OK;
}

/* ---- privacy --------------------------------------------------------------- */

/* Print text (one paragraph, made with xasprintf) in lines of at most 79
 * columns, breaking at spaces; the lines after the first indented by
 * indent columns. Frees text. */
static void
say(char *text, int indent)
{
	int col = 0;
	bool first = true;
	for (char *w = strtok(text, " "); w; w = strtok(NULL, " ")) {
		int n = (int)text_width(w);
		if (!first && col + 1 + n > 79) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			putchar(' ');
			col++;
		}
		fputs(w, stdout);
		col += n;
		first = false;
	}
	putchar('\n');
	free(text);
}

static int
privacy_all(struct cli *cli)
{
	senda_error err = { 0 };
	privacy_counts pc;
	if (privacy_file(cli->db, &pc, &err) != SENDA_OK)
		return cli_fail(&err);
	puts(_("What this file holds about people"));
	putchar('\n');
	/* L10N: senda privacy: the first item; the number of people */
	say(xasprintf(_("- People's records: %" PRId64 ". For each: names, date of birth, phones, "
			"e-mail, language, best time to call, country of origin, years in the US, "
			"schooling, work and wage at intake, work interests, how they heard of the "
			"program, notes, and two consents (to be contacted: %" PRId64 " said yes; "
			"to be shared with partners: %" PRId64 ")."), pc.people, pc.contact,
		      pc.share), 2);
	say(xasprintf(_("- About them: English screenings: %" PRId64 "; referrals to programs: %"
			PRId64 "; jobs (employer, wage, hours): %" PRId64 "; follow-ups: %" PRId64
			"; calls: %" PRId64 "."), pc.screenings, pc.referrals, pc.placements,
		      pc.followups, pc.calls), 2);
	say(xasprintf(_("- The history of every change, with the old and the new value, who made "
			"it and when: %" PRId64 " changes."), pc.history), 2);
	say(xasprintf(_("- The access log, who opened which record when: %" PRId64 " openings, "
			"kept 90 days, never sent anywhere."), pc.access), 2);
	say(xasprintf(_("- People erased at their request: %" PRId64 ". Only their record's number "
			"is kept, so that other sites erase them too."), pc.erased), 2);
	say(xstrdup(_("It holds no immigration status, no document numbers and no Social "
		      "Security number: senda has no place for them.")), 0);
	putchar('\n');
	puts(_("Where it travels"));
	putchar('\n');
	say(xasprintf(_("- In bundles to other sites (sites known: %" PRId64 "; bundles made so "
			"far: %" PRId64 "), encrypted unless made with --plain. A person who did "
			"not agree to be shared travels only to sites of this organization."),
		      pc.sites, pc.exports), 2);
	say(xasprintf(_("- In backups (made with 'senda backup': %" PRId64 ") and in CSV files "
			"someone exports: those copies are outside senda's care."), pc.backups), 2);
	say(xstrdup(_("- Nowhere else: senda uses no network.")), 2);
	putchar('\n');
	say(xstrdup(_("'senda privacy ID' tells what the file holds about one person; 'senda "
		      "erase ID' removes her everywhere.")), 0);
	return EXIT_OK;
}

static int
privacy_one(struct cli *cli, const char *id)
{
	senda_error err = { 0 };
	privacy_counts pc;
	if (privacy_person(cli->db, id, &pc, &err) != SENDA_OK)
		return cli_fail(&err);
	participant p;
	if (participant_get(cli->db, id, &p, &err) != SENDA_OK)
		return cli_fail(&err);
	/* All her fields are shown: an opening of her record, logged (as
	 * `senda show` logs it). */
	senda_err ae = access_record(cli->db, p.id, ACCESS_PRIVACY, &err);
	if (ae == SENDA_E_BUSY) {
		cli_fail(&err);
		fputs(_("senda: this opening could not be written in the access log.\n"), stderr);
	} else if (ae != SENDA_OK && ae != SENDA_E_READONLY) {
		participant_free(&p);
		return cli_fail(&err);
	}
	senda_error_clear(&err);
	char *name = participant_name_new(&p);
	/* L10N: senda privacy ID: the heading; %s is the person's name */
	printf(_("What this file holds about %s\n"), name);
	free(name);
	putchar('\n');
	puts(_("Her record:"));
	(void)cli_print_participant(&p);
	participant_free(&p);
	putchar('\n');
	puts(pc.contact ? _("She agreed to be contacted.") : _("She did not agree to be contacted."));
	say(xstrdup(pc.share ? _("She agreed to be shared with partners: her records travel to "
				 "the sites this site sends bundles to.")
			     : _("She did not agree to be shared: her records travel only to sites "
				 "of this organization.")), 0);
	say(xasprintf(_("About her: English screenings: %" PRId64 "; referrals: %" PRId64
			"; jobs: %" PRId64 "; follow-ups: %" PRId64 "; calls: %" PRId64 "."),
		      pc.screenings, pc.referrals, pc.placements, pc.followups, pc.calls), 0);
	say(xasprintf(_("Her history, with old and new values: %" PRId64 " changes."),
		      pc.history), 0);
	say(xasprintf(_("Times her record was opened in the last 90 days: %" PRId64
			" ('senda access-log ID' says by whom)."), pc.access), 0);
	if (pc.sites > 0)
		say(xasprintf(_("Other records linked to hers as the same person: %" PRId64 "."),
			      pc.sites), 0);
	say(xstrdup(_("'senda erase ID' removes all of this, here and at every site that merges "
		      "this site's bundles.")), 0);
	return EXIT_OK;
}

int
cmd_privacy(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_command_help("privacy");
			return EXIT_OK;
		}
		return cli_bad_option("privacy", c, argv);
	}
	if (argc - optind > 1)
		return cli_usage_error("privacy", "%s", _("name at most one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	return optind < argc ? privacy_one(cli, argv[optind]) : privacy_all(cli);
}
