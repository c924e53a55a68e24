/* senda — commands that look after the file: init, demo, check, backup. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "senda/demo.h"
#include "senda/exchange.h"
#include "senda/text.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/site.h"
#include "senda/stats.h"

/* Parse a whole non-negative number; -1 when s is not one. */
static int64_t
whole_number(const char *s, int64_t max)
{
	if (!s || !*s)
		return -1;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	return v;
}

static bool
init_kind_ok(const char *kind)
{
	return strcmp(kind, "community") == 0 || strcmp(kind, "college") == 0 ||
	       strcmp(kind, "hub") == 0 || strcmp(kind, "other") == 0;
}

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "lang", required_argument, NULL, 'l' },
		{ "kind", required_argument, NULL, 'k' },
		{ "organization", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *site = NULL, *user = NULL, *lang = i18n_lang(), *kind = NULL, *org = NULL;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":s:u:l:k:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 'o': org = optarg; break;
		case 's': site = optarg; break;
		case 'u': user = optarg; break;
		case 'l': lang = optarg; break;
		case 'h': cli_command_help("init"); return EXIT_OK;
		default: return cli_bad_option("init", c, argv);
		}
	}
	if (!site || !user)
		return cli_usage_error("init", "%s", _("both --site and --user are needed"));
	if (!i18n_known_lang(lang)) {
		senda_error err;
		senda_fail(&err, SENDA_E_LANG, NULL, "%s", lang);
		return cli_fail(&err);
	}
	if (kind && !init_kind_ok(kind))
		return cli_usage_error("init", _("--kind is community, college, hub or other, not '%s'"), kind);
	if (org && (!text_valid(org) || text_has_control(org)))
		return cli_usage_error("init", "%s", _("--organization must be plain text"));
	senda_error err = { 0 };
	struct stat sb;
	if (lstat(cli->db_path, &sb) != 0 || S_ISLNK(sb.st_mode)) {
		/* A new file: made whole under a temporary name, then put in place
		 * unless another senda got there first. A link is refused. */
		if (!cli->db_explicit) {
			char *p = db_default_path(true, &err);   /* the private folder */
			if (!p)
				return cli_fail(&err);
			free(p);
		}
		senda_db *made = NULL;
		senda_err e = site_create_file(cli->db_path, site, user, lang,
					       kind || org ? &made : NULL, &err);
		if (e == SENDA_OK && made) {
			e = xc_site_profile(made, kind, org, &err);
			db_close(made);
			if (e != SENDA_OK)
				return cli_fail(&err);
		}
		if (e == SENDA_OK) {
			/* L10N: %s is the path of the database file */
			printf(_("Created the site in %s.\n"), cli->db_path);
			return EXIT_OK;
		}
		if (e != SENDA_E_EXISTS || lstat(cli->db_path, &sb) != 0)
			return cli_fail(&err);
		/* Another senda made it meanwhile: it is an existing file now. */
	}
	/* An existing file: set up in place when it has no site yet (checked
	 * again inside the write lock); nothing is ever removed. */
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_err e = site_setup(cli->db, site, user, lang, &err);
	if (e == SENDA_E_EXISTS) {
		char *name = NULL;
		senda_error nerr = { 0 };
		/* The site is there (the write lock said so); only its name may
		 * be unreadable a moment later, and then it shows as "?". */
		if (site_name(cli->db, &name, &nerr) != SENDA_OK)
			name = NULL;
		/* L10N: %s is the name of the site the file already has */
		fprintf(stderr, _("senda: this file already has a site (%s); nothing was changed.\n"),
			name ? name : "?");
		free(name);
	} else if (e != SENDA_OK || (e = xc_site_profile(cli->db, kind, org, &err)) != SENDA_OK)
		cli_fail(&err);
	else {
		printf(_("Created the site in %s.\n"), cli->db_path);
		return EXIT_OK;
	}
	db_close(cli->db);
	cli->db = NULL;
	return EXIT_ERROR;
}

static void
demo_progress(int64_t done, int64_t total, void *ctx)
{
	(void)ctx;
	if (isatty(STDERR_FILENO)) {
		fputc('\r', stderr);
		/* L10N: progress of the demo data: people added so far, of all */
		fprintf(stderr, _("Adding demo participants: %" PRId64 " of %" PRId64), done, total);
		if (done == total)
			fputc('\n', stderr);
		fflush(stderr);
	}
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "people", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t people = 200, seed = 1;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":p:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			people = whole_number(optarg, 10000000);
			if (people < 0)
				return cli_usage_error("demo", _("--people takes a whole number from 0 to 10000000, not '%s'"), optarg);
			break;
		case 's':
			seed = whole_number(optarg, INT64_MAX);
			if (seed < 0)
				return cli_usage_error("demo", _("--seed takes a whole number, not '%s'"), optarg);
			break;
		case 'h': cli_command_help("demo"); return EXIT_OK;
		default: return cli_bad_option("demo", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", _("unexpected argument '%s'"), argv[optind]);
	if (!cli_open(cli, true))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (demo_generate(cli->db, people, (uint64_t)seed, demo_progress, NULL, &err) != SENDA_OK)
		return cli_fail(&err);
	int64_t n = 0;
	if (participant_count(cli->db, &n, &err) != SENDA_OK)
		return cli_fail(&err);
	printf(P_("The file has %" PRId64 " participant.\n",
		  "The file has %" PRId64 " participants.\n", (unsigned long)n), n);
	return EXIT_OK;
}

/* The progress line of check: on a terminal only, on standard error, one
 * line rewritten for each step and cleared at the end. */
struct check_progress {
	bool on;     /* standard error is a terminal */
	bool shown;  /* a line is on it */
};

static void
check_clear(struct check_progress *cp)
{
	if (cp->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		cp->shown = false;
	}
}

static void
print_problem(const char *line, void *ctx)
{
	check_clear(ctx);
	printf("  %s\n", line);
	fflush(stdout);
}

static void
check_step(int step, int steps, const char *what, void *ctx)
{
	struct check_progress *cp = ctx;
	if (!cp->on)
		return;
	check_clear(cp);
	/* L10N: the progress line of 'senda check': step 1 of 4, then what it
	 * checks, e.g. "checking 1/4: the file's structure..." */
	fprintf(stderr, _("checking %d/%d: %s..."), step, steps, what);
	fflush(stderr);
	cp->shown = true;
}

/* The file's own steps, then the name search index (the model's). */
#define CHECK_STEPS (DB_CHECK_STEPS + 1)

static void
check_db_step(int step, int steps, const char *what, void *ctx)
{
	(void)steps;
	check_step(step, CHECK_STEPS, what, ctx);
}

/* Every check: the file's (db_check), then the name search index against
 * what the model would write. *ok when all pass; *derived_only when every
 * problem is in data derived from the records, which --repair rebuilds. */
static senda_err
check_all(struct cli *cli, int flags, struct check_progress *cp, bool *ok, bool *derived_only,
	  senda_error *err)
{
	bool db_ok = false;
	int derived = 0;
	*ok = *derived_only = false;
	senda_err e = db_check(cli->db, flags, &db_ok, &derived, print_problem, check_db_step, cp,
			       err);
	if (e != SENDA_OK)
		return e;
	bool structural = !db_ok && derived == 0;
	check_step(CHECK_STEPS, CHECK_STEPS, _("the name search index"), cp);
	participant_index_state ix;
	senda_error ie = { 0 };
	if ((e = participant_index_check(cli->db, &ix, &ie)) == SENDA_E_BUSY) {
		senda_error_clear(&ie);
		return senda_fail(err, SENDA_E_BUSY, NULL, "%s",
				  _("the check could not run; this says nothing about the file"));
	}
	check_clear(cp);
	if (e != SENDA_OK) {
		/* A file that cannot be read there is damaged: a problem found,
		 * and the check goes on to its verdict. */
		char msg[600];
		print_problem(senda_error_text(&ie, msg, sizeof msg), cp);
		senda_error_clear(&ie);
		*derived_only = false;
		return SENDA_OK;
	}
	bool ix_ok = !ix.differ;
	if (!ix_ok) {
		/* L10N: 'senda check': the first number is the entries the name
		 * search index holds, the second the entries the names make */
		char *line = xasprintf(_("the name search index does not match the names (it holds %"
					 PRId64 " entries, the names make %" PRId64 "): some "
					 "searches miss people or find the wrong ones"),
				       ix.held, ix.wanted);
		print_problem(line, cp);
		free(line);
	}
	*ok = db_ok && ix_ok;
	*derived_only = !*ok && !structural;
	return SENDA_OK;
}

/* The last line of a check that found problems. */
static void
check_verdict(bool derived_only)
{
	puts(derived_only
	     /* L10N: the last line of 'senda check' when only counts or search
	      * indexes are wrong; 'senda check --repair' stays in English */
	     ? _("COUNTS OR SEARCH INDEXES DO NOT MATCH THE RECORDS: 'senda check --repair' "
		 "rebuilds them from the records (no record changes).")
	     : _("PROBLEMS FOUND: restore from a backup or ask for help."));
}

/* One file that holds the records, its mode, and a warning when other
 * users of the computer (its group, or anyone) may open it. */
static void
file_mode(const char *path, enum db_file_kind kind, unsigned mode, void *ctx)
{
	int *warnings = ctx;
	static const char *const kinds[] = {
		/* L10N: senda check: what a file is (the list of file modes) */
		N_("data file"), N_("log (-wal)"), N_("shared memory (-shm)"), N_("backup"),
	};
	static bool headed;
	if (!headed) {
		headed = true;
		/* L10N: senda check: the heading of the files' permissions */
		puts(_("Who may open the files:"));
	}
	/* L10N: senda check: a file's mode (as chmod writes it), what it is, its path */
	printf(_("  %04o  %s: %s\n"), mode, _(kinds[kind]), path);
	if (mode & 077) {
		/* L10N: senda check: %s twice, the file's path */
		printf(_("  warning: other users of this computer may open %s; run: chmod 600 %s\n"),
		       path, path);
		(*warnings)++;
	}
}

/* The folder that holds the data file: others who may write in it may
 * delete or replace the files (a sticky folder such as /tmp lets each
 * remove only her own). */
static void
folder_mode(const char *db_path, int *warnings)
{
	char *copy = xstrdup(db_path);
	char *slash = strrchr(copy, '/');
	const char *rel = !slash ? "." : slash == copy ? "/" : (*slash = '\0', copy);
	char *abs = realpath(rel, NULL);
	const char *dir = abs ? abs : rel;
	struct stat st;
	if (stat(dir, &st) == 0) {
		unsigned mode = (unsigned)st.st_mode & 07777;
		/* L10N: senda check: the folder's mode (as chmod writes it) and its path */
		printf(_("  %04o  folder: %s\n"), mode, dir);
		if ((mode & 022) && !(mode & S_ISVTX)) {
			/* L10N: senda check: %s twice, the folder's path */
			printf(_("  warning: other users of this computer may delete or replace the "
				 "files in %s; run: chmod go-w %s\n"), dir, dir);
			(*warnings)++;
		}
	}
	free(abs);
	free(copy);
}

int
cmd_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "repair", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int flags = 0, c;
	bool repair = false;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flags |= DB_CHECK_FULL; break;
		case 'r': repair = true; break;
		case 'h': cli_command_help("check"); return EXIT_OK;
		default: return cli_bad_option("check", c, argv);
		}
	}
	struct check_progress cp = { .on = isatty(STDERR_FILENO), .shown = false };
	if (optind < argc)
		return cli_usage_error("check", _("unexpected argument '%s'"), argv[optind]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (perm_require(cli->db, PERM_ADMIN, &err) != SENDA_OK)
		return cli_fail(&err);
	struct file_stats fs;
	/* Every number is read before any is printed: a file whose numbers
	 * cannot be read says so, instead of a column of zeros, and the checks
	 * below still run (they say what is damaged). */
	bool counted = stats_file(cli->db, &fs, &err) == SENDA_OK;
	const char *l_file = _("File"), *l_schema = _("Schema version"), *l_site = _("Site");
	int w = cli_width(l_file);
	if (cli_width(l_schema) > w) w = cli_width(l_schema);
	if (cli_width(l_site) > w) w = cli_width(l_site);
	for (int i = 0; i < STATS_NCOUNTS; i++)
		if (cli_width(_(fs.counts[i].label)) > w)
			w = cli_width(_(fs.counts[i].label));
	char buf[64];
	cli_field(l_file, w, cli->db_path);
	bool ok = false, derived_only = false;
	if (!counted) {
		cli_fail(&err);
		senda_error_clear(&err);
		senda_err e = check_all(cli, flags, &cp, &ok, &derived_only, &err);
		check_clear(&cp);
		if (e != SENDA_OK)
			return cli_fail(&err);
		puts(_("PROBLEMS FOUND: restore from a backup or ask for help."));
		return EXIT_ERROR;
	}
	snprintf(buf, sizeof buf, "%d", fs.schema_version);
	cli_field(l_schema, w, buf);
	cli_field(l_site, w, fs.site_name ? fs.site_name : _("(not set up)"));
	for (int i = 0; i < STATS_NCOUNTS; i++) {
		snprintf(buf, sizeof buf, "%" PRId64, fs.counts[i].n);
		cli_field(_(fs.counts[i].label), w, buf);
	}
	stats_file_free(&fs);
	int warnings = 0;
	if (db_file_modes(cli->db, file_mode, &warnings, &err) != SENDA_OK) {
		cli_fail(&err);
		senda_error_clear(&err);
	} else if (strcmp(cli->db_path, ":memory:") != 0) {
		folder_mode(cli->db_path, &warnings);
	}
	fflush(stdout);
	senda_err e = check_all(cli, flags, &cp, &ok, &derived_only, &err);
	check_clear(&cp);
	if (e != SENDA_OK)
		return cli_fail(&err);
	if (!ok && derived_only && repair) {
		/* Only what is derived from the records is rewritten; a file whose
		 * structure is damaged is left as it is. */
		if ((e = db_begin(cli->db, &err)) != SENDA_OK ||
		    (e = db_rebuild_counts(cli->db, &err)) != SENDA_OK ||
		    (e = participant_index_build(cli->db, &err)) != SENDA_OK ||
		    (e = db_commit(cli->db, &err)) != SENDA_OK) {
			db_rollback(cli->db);
			return cli_fail(&err);
		}
		/* L10N: 'senda check --repair', after the problems it found */
		puts(_("Rebuilt the counts and the search indexes from the records. Checking again:"));
		fflush(stdout);
		if ((e = check_all(cli, flags, &cp, &ok, &derived_only, &err)) != SENDA_OK)
			return cli_fail(&err);
	}
	if (ok && warnings) {
		/* L10N: the last line of 'senda check' when the records are sound
		 * but the files' permissions are not (the warnings above) */
		printf(P_("ok: the records are sound, but see the warning above\n",
			  "ok: the records are sound, but see the %d warnings above\n",
			  (unsigned long)warnings), warnings);
		return EXIT_OK;
	}
	if (ok) {
		/* L10N: the last line of 'senda check' when all is well */
		puts(_("ok"));
		return EXIT_OK;
	}
	check_verdict(derived_only && !repair);
	return EXIT_ERROR;
}

int
cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int flags = 0, c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flags |= OUTFILE_FORCE; break;
		case 'h': cli_command_help("backup"); return EXIT_OK;
		default: return cli_bad_option("backup", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("backup", "%s", _("name one file to write the backup to"));
	const char *path = argv[optind];
	if (outfile_is_stdout(path) && isatty(STDOUT_FILENO))
		return cli_usage_error("backup", "%s",
				       _("the backup is not text for a terminal; send standard "
					 "output to a file or a pipe (senda backup - > copy.db)"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	/* The database floor has no roles: the copy of every record is asked
	 * for here, as the model asks for its operations. */
	if (perm_require(cli->db, PERM_EXPORT, &err) != SENDA_OK)
		return cli_fail(&err);
	if (db_backup(cli->db, path, flags, &err) != SENDA_OK)
		return cli_fail_write(&err, path);
	/* L10N: %s is the backup file's path */
	fprintf(cli_out_report(path), _("Backup written to %s.\n"), cli_out_name(path));
	return EXIT_OK;
}
