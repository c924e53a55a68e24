/* senda — the partner directory on the command line: partners list, add,
 * import, export; programs list, add. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "senda/conv.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/partner.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/width.h"

static void
partners_help(void)
{
	cli_command_help("partners");
	putchar('\n');
	/* L10N: help of "senda partners"; command and option names stay in English */
	puts(_("  list                        the organizations, by name\n"
	       "  add --name NAME [OPTIONS]   add an organization; prints its id"));
	/* The options of add, from the organization's field table. */
	cli_fields_help(partner_fields, partner_nfields, 6);
	/* L10N: help of "senda partners"; command and option names stay in English */
	puts(_("  import FILE [--encoding ENC]\n"
	       "                              add or update organizations and programs from\n"
	       "                              a CSV file (UTF-8 or Windows-1252 are recognized)\n"
	       "  export FILE [--encoding ENC] [--translit] [--force]\n"
	       "                              write them all to a CSV file (UTF-8 unless\n"
	       "                              --encoding, e.g. windows-1252)\n"
	       "The CSV columns are described in doc/partners-csv.md."));
}

static void
programs_help(void)
{
	cli_command_help("programs");
	putchar('\n');
	/* L10N: help of "senda programs"; command and option names stay in English */
	puts(_("  list [PARTNER]              programs, of one organization or of all\n"
	       "  add PARTNER --name NAME [OPTIONS]\n"
	       "                              add a program; prints its id"));
	/* The options of add, from the program's field table. */
	cli_fields_help(program_fields, program_nfields, 6);
	/* L10N: help of "senda programs"; PARTNER as in "add PARTNER" above */
	puts(_("A cost of \"free\" or \"gratis\" is 0. PARTNER is an organization's name or id."));
}

/* getopt_long without getopt's own English messages: a bad option is
 * reported by bad_option, in the user's language. */
static int
next_option(int argc, char **argv, const struct option *opts)
{
	opterr = 0;
	return cli_getopt(argc, argv, ":h", opts, NULL);
}


/* ---- partners list ----------------------------------------------------- */

struct table {
	int rows;
};

static int
partner_row(const partner *p, void *ctx)
{
	struct table *t = ctx;
	if (t->rows++ == 0) {
		char *id = text_fit(_("ID"), 8, true);
		char *name = text_fit(_("Name"), 32, true);
		/* L10N: column title: the kind of organization */
		char *kind = text_fit(_("Kind"), 22, true);
		char *city = text_fit(_("City"), 14, true);
		printf("%s  %s  %s  %s  %s\n", id, name, kind, city, _("Phone"));
		free(id);
		free(name);
		free(kind);
		free(city);
	}
	const char *label = partner_kind_label(p->kind);
	char *name = text_fit(p->name, 32, true);
	char *kind = text_fit(label ? _(label) : p->kind, 22, true);
	char *city = text_fit(p->city, 14, true);
	char *phone = text_fit(p->phone, 20, false);
	printf("%s  %s  %s  %s  %s\n", uuid_short(p->id), name, kind, city, phone);
	free(name);
	free(kind);
	free(city);
	free(phone);
	return 0;
}

static int
partners_list(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		partners_help();
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("partners", _("unexpected argument '%s'"), argv[1]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	struct table t = { 0 };
	senda_error err = { 0 };
	if (partner_list(cli->db, partner_row, &t, &err) != SENDA_OK)
		return cli_fail(&err);
	if (t.rows == 0)
		puts(_("No partner organizations yet. Add one with 'senda partners add' or "
		       "import a CSV file with 'senda partners import'."));
	else
		printf(P_("%d organization\n", "%d organizations\n", (unsigned long)t.rows), t.rows);
	return EXIT_OK;
}

/* ---- partners add ------------------------------------------------------ */

static int
partners_add(struct cli *cli, int argc, char **argv)
{
	partner p;
	partner_init(&p);
	int given;
	int r = cli_parse_fields(argc, argv, "partners", partner_fields, partner_nfields, &p,
				 &given, partners_help, NULL);
	if (r < 0 && optind < argc)
		r = cli_usage_error("partners", _("unexpected argument '%s'"), argv[optind]);
	if (r < 0 && !*p.name)
		r = cli_usage_error("partners", "%s", _("say the organization's name with --name"));
	if (r < 0 && !cli_open(cli, false))
		r = EXIT_ERROR;
	if (r < 0) {
		senda_error err = { 0 };
		if (partner_save(cli->db, &p, &err) != SENDA_OK)
			r = cli_fail(&err);
		else {
			puts(p.id);
			r = EXIT_OK;
		}
	}
	partner_free(&p);
	return r;
}

/* ---- partners import / export ------------------------------------------ */

static int
partners_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *encoding = NULL;
	int c;
	optind = 0;
	while ((c = next_option(argc, argv, opts)) != -1) {
		switch (c) {
		case 'e': encoding = optarg; break;
		case 'h': partners_help(); return EXIT_OK;
		default: return cli_bad_option("partners", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("partners", "%s", _("name one CSV file to import"));
	const char *path = argv[optind];
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	partner_import_report rep;
	senda_error err = { 0 };
	if (partners_import_csv(cli->db, path, encoding, &rep, &err) != SENDA_OK) {
		fprintf(stderr, "senda: %s\n", rep.message);
		fprintf(stderr, "%s\n", _("Nothing was imported."));
		return EXIT_ERROR;
	}
	if ((!encoding || !*encoding) && strcmp(rep.encoding, CONV_UTF8) != 0)
		/* L10N: %s is an encoding, e.g. WINDOWS-1252 */
		printf(_("The file is not UTF-8; it was read as %s.\n"),
		       strcmp(rep.encoding, CONV_CP1252) == 0 ? "Windows-1252" : rep.encoding);
	/* L10N: the rows read from a CSV file */
	printf(P_("%d row read.\n", "%d rows read.\n", (unsigned long)rep.rows), rep.rows);
	/* L10N: after an import: partner organizations added, updated */
	printf(_("Organizations: %d added, %d updated.\n"), rep.partners_added, rep.partners_updated);
	/* L10N: after an import: programs added, updated, unchanged */
	printf(_("Programs: %d added, %d updated, %d unchanged.\n"), rep.programs_added,
	       rep.programs_updated, rep.programs_unchanged);
	return EXIT_OK;
}

static int
partners_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "translit", no_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *encoding = NULL;
	bool translit = false, force = false;
	int c;
	optind = 0;
	while ((c = next_option(argc, argv, opts)) != -1) {
		switch (c) {
		case 'e': encoding = optarg; break;
		case 't': translit = true; break;
		case 'f': force = true; break;
		case 'h': partners_help(); return EXIT_OK;
		default: return cli_bad_option("partners", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("partners", "%s", _("name one CSV file to write"));
	const char *path = argv[optind];
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	partner_export_report rep;
	senda_error err = { 0 };
	if (partners_export_csv_translit(cli->db, path, encoding, translit,
					 force ? OUTFILE_FORCE : 0, &rep, &err) != SENDA_OK) {
		if (err.code == SENDA_E_EXISTS)
			return cli_fail_write(&err, path);
		fprintf(stderr, "senda: %s\n", rep.message);
		if (rep.chars_changed && !translit)
			fprintf(stderr, "%s\n", _("To replace them, run the same command with --translit."));
		return EXIT_ERROR;
	}
	const char *enc = encoding && *encoding && !conv_is_utf8(encoding) ? encoding : CONV_UTF8;
	FILE *report = cli_out_report(path);
	/* L10N: rows written, the file, its encoding */
	fprintf(report, P_("%d row written to %s (%s).\n", "%d rows written to %s (%s).\n",
			   (unsigned long)rep.rows), rep.rows, cli_out_name(path), enc);
	if (rep.chars_changed)
		/* L10N: characters transliterated, in how many rows */
		fprintf(report, P_("%zu character was replaced by its nearest equivalent, in %d row(s).\n",
			  "%zu characters were replaced by their nearest equivalents, in %d row(s).\n",
			  (unsigned long)rep.chars_changed), rep.chars_changed, rep.rows_changed);
	return EXIT_OK;
}

int
cmd_partners(struct cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		return cli_usage_error("partners", "%s",
				       /* L10N: subcommand names stay in English */
				       _("say list, add, import or export"));
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		partners_help();
		return EXIT_OK;
	}
	if (strcmp(sub, "list") == 0)
		return partners_list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "add") == 0)
		return partners_add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return partners_import(cli, argc - 1, argv + 1);
	if (strcmp(sub, "export") == 0)
		return partners_export(cli, argc - 1, argv + 1);
	return cli_usage_error("partners", _("unknown command '%s'"), sub);
}

/* ---- programs ---------------------------------------------------------- */

struct partial {
	char *key;              /* what was typed, folded */
	char id[UUID_LEN];
	int matches;
	char names[300];
};

static int
partial_match(const partner *p, void *ctx)
{
	struct partial *m = ctx;
	char *f = text_fold(p->name);
	if (f && strstr(f, m->key)) {
		if (m->matches++ == 0)
			snprintf(m->id, sizeof m->id, "%s", p->id);
		/* Whole names only: a name cut in the middle could end inside a
		 * character. The count of matches tells there are more. */
		size_t len = strlen(m->names), more = strlen(p->name) + 12;
		if (len + more < sizeof m->names)
			snprintf(m->names + len, sizeof m->names - len, "%s“%s”", len ? ", " : "",
				 p->name);
		else if (len + 5 < sizeof m->names && !strstr(m->names, "…"))
			snprintf(m->names + len, sizeof m->names - len, ", …");
	}
	free(f);
	return 0;
}

/* The partner named by its whole name, its id (prefix), or a part of its
 * name that only it has; prints the problem. */
static bool
find_partner(struct cli *cli, const char *what, partner *out)
{
	senda_error err = { 0 };
	senda_err e = partner_find(cli->db, what, out, &err);
	if (e == SENDA_E_NOTFOUND)
		e = partner_get(cli->db, what, out, &err);
	if (e == SENDA_E_NOTFOUND) {
		struct partial m = { text_fold(what), "", 0, "" };
		if (m.key && *m.key)
			e = partner_list(cli->db, partial_match, &m, &err);
		free(m.key);
		if (e == SENDA_OK && m.matches == 1)
			e = partner_get(cli->db, m.id, out, &err);
		else if (e == SENDA_OK && m.matches > 1)
			/* L10N: what the user typed; the organizations whose names contain it */
			e = senda_fail(&err, SENDA_E_AMBIGUOUS, NULL,
				       _("“%s” is part of several names: %s"), what, m.names);
		else if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
			/* L10N: %s is what the user typed */
			e = senda_fail(&err, SENDA_E_NOTFOUND, NULL,
				       _("no organization is named “%s” or has that id; see "
					 "'senda partners list'"), what);
	}
	if (e != SENDA_OK) {
		cli_fail(&err);
		return false;
	}
	return true;
}

static int
program_row(const program *g, void *ctx)
{
	struct table *t = ctx;
	if (t->rows++ == 0) {
		char *id = text_fit(_("ID"), 8, true);
		/* L10N: column titles of 'senda programs list' */
		char *name = text_fit(_("Program"), 28, true);
		char *part = text_fit(_("Organization"), 22, true);
		char *kind = text_fit(_("Kind"), 18, true);
		/* L10N: column title: minimum ESL level, keep it short (5 columns) */
		char *lvl = text_fit(_("Level"), 5, true);
		printf("%s  %s  %s  %s  %s  %s\n", id, name, part, kind, lvl, _("Cost"));
		free(id);
		free(name);
		free(part);
		free(kind);
		free(lvl);
	}
	const char *label = program_kind_label(g->kind);
	char *name = text_fit(g->name, 28, true);
	char *part = text_fit(g->partner_name, 22, true);
	char *kind = text_fit(label ? _(label) : g->kind, 18, true);
	char level[12] = "", cost[40] = "";
	if (g->min_esl_level > 0)
		snprintf(level, sizeof level, "%d", g->min_esl_level);
	if (g->cost_cents == 0)
		/* L10N: a program's cost is zero */
		snprintf(cost, sizeof cost, "%s", _("free"));
	else if (g->cost_cents > 0)
		snprintf(cost, sizeof cost, "$%" PRId64 ".%02d", g->cost_cents / 100,
			 (int)(g->cost_cents % 100));
	printf("%s  %s  %s  %s  %-5s  %s\n", uuid_short(g->id), name, part, kind, level, cost);
	free(name);
	free(part);
	free(kind);
	return 0;
}

static int
programs_list(struct cli *cli, int argc, char **argv)
{
	/* A name typed without quotes arrives as several words. */
	size_t n = 1;
	for (int i = 1; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *what = xcalloc(1, n);
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			strcat(what, " ");
		strcat(what, argv[i]);
	}
	partner p;
	bool one = argc > 1;
	bool ok = cli_open(cli, false) && (!one || find_partner(cli, what, &p));
	free(what);
	if (!ok)
		return EXIT_ERROR;
	struct table t = { 0 };
	senda_error err = { 0 };
	senda_err e = program_list(cli->db, one ? p.id : NULL, program_row, &t, &err);
	if (one)
		partner_free(&p);
	if (e != SENDA_OK)
		return cli_fail(&err);
	if (t.rows == 0)
		puts(_("No programs yet. Add one with 'senda programs add'."));
	else
		printf(P_("%d program\n", "%d programs\n", (unsigned long)t.rows), t.rows);
	return EXIT_OK;
}

static int
programs_add(struct cli *cli, int argc, char **argv)
{
	program g;
	program_init(&g);
	int given, r = cli_parse_fields(argc, argv, "programs", program_fields, program_nfields,
					&g, &given, programs_help, NULL);
	if (r < 0 && argc - optind != 1)
		r = cli_usage_error("programs", "%s",
				    _("name one organization (its name or id) before the options"));
	if (r < 0 && !*g.name)
		r = cli_usage_error("programs", "%s", _("say the program's name with --name"));
	if (r < 0 && !cli_open(cli, false))
		r = EXIT_ERROR;
	partner p;
	if (r < 0 && !find_partner(cli, argv[optind], &p))
		r = EXIT_ERROR;
	if (r < 0) {
		senda_error err = { 0 };
		snprintf(g.partner_id, sizeof g.partner_id, "%s", p.id);
		partner_free(&p);
		if (program_save(cli->db, &g, &err) != SENDA_OK)
			r = cli_fail(&err);
		else {
			puts(g.id);
			r = EXIT_OK;
		}
	}
	program_free(&g);
	return r;
}

int
cmd_programs(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("programs", "%s",
				       /* L10N: subcommand names stay in English */
				       _("say list or add"));
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		programs_help();
		return EXIT_OK;
	}
	if (strcmp(sub, "list") == 0) {
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
			programs_help();
			return EXIT_OK;
		}
		return programs_list(cli, argc - 1, argv + 1);
	}
	if (strcmp(sub, "add") == 0)
		return programs_add(cli, argc - 1, argv + 1);
	return cli_usage_error("programs", _("unknown command '%s'"), sub);
}
