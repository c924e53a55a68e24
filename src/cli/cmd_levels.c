/* senda — `senda levels`: view, export, import and retire ESL score tables. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/outfile.h"
#include "senda/width.h"

struct print_ctx {
	senda_db *db;
	senda_err e;          /* a level's name could not be read */
	senda_error *err;
};

static int
print_table(const esl_table *t, void *ctx)
{
	struct print_ctx *pc = ctx;
	senda_db *db = pc->db;
	const char *label = esl_instrument_label(t->instrument);
	/* L10N: an ESL table: test name, version, effective date */
	printf(_("%s — %s, in effect from %s"), label ? _(label) : t->instrument, t->version,
	       t->effective_date);
	if (t->retired)
		/* L10N: after a retired ESL table's name */
		printf(" %s", _("(retired)"));
	if (!t->verified)
		/* L10N: after an ESL table whose ranges were not checked against the publisher */
		printf(" %s", _("(not verified)"));
	printf("\n  %s  %s\n", t->id, t->source);
	for (int i = 0; i < t->nbands; i++) {
		const esl_band *b = &t->bands[i];
		char range[48];
		if (b->min < 0)
			snprintf(range, sizeof range, "≤ %d", b->max);
		else if (b->max < 0)
			snprintf(range, sizeof range, "%d +", b->min);
		else
			snprintf(range, sizeof range, "%d–%d", b->min, b->max);
		char *name = NULL;
		senda_err e = esl_level_name(db, b->level, i18n_lang(), &name, pc->err);
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
			pc->e = e;
			return 1;
		}
		/* L10N: level number, score range, level name */
		char *col = text_fit(range, 10, true);
		printf(_("    level %d  %s %s\n"), b->level, col, name ? name : "");
		free(col);
		free(name);
	}
	const esl_band *top = &t->bands[t->nbands - 1];
	if (top->level == 6 && top->max >= 0)
		/* L10N: the score above which a learner has exited ESL */
		printf(_("    above %d: exited ESL\n"), top->max);
	else if (top->level < 6)
		/* L10N: an ESL table whose top level's scores are not known */
		printf(_("    level %d and above: range not confirmed\n"), top->level + 1);
	return 0;
}

int
cmd_levels(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	if (strcmp(sub, "--help") == 0) {
		cli_command_help("levels");
		return EXIT_OK;
	}
	bool list = strcmp(sub, "list") == 0;
	bool all = list && argc == 3 && strcmp(argv[2], "--all") == 0;
	/* export FILE [--force], the option before or after the name */
	int flags = 0;
	if (strcmp(sub, "export") == 0 && argc == 4) {
		int f = strcmp(argv[2], "--force") == 0 ? 2 : strcmp(argv[3], "--force") == 0 ? 3 : 0;
		if (f) {
			flags = OUTFILE_FORCE;
			argv[f] = argv[5 - f];
			argc = 3;
		}
	}
	if (!list && argc == 3 && argv[2][0] == '-' && argv[2][1] != '\0')
		/* L10N: %s is what the user typed, e.g. --bogus */
		return cli_usage_error("levels", _("unknown option '%s'"), argv[2]);
	if (!list && strcmp(sub, "export") && strcmp(sub, "import") && strcmp(sub, "retire") &&
	    strcmp(sub, "restore"))
		return cli_usage_error("levels", _("unknown command '%s'"), sub);
	if (list ? (argc > 3 || (argc == 3 && !all)) : argc != 3)
		return cli_usage_error("levels", "%s", _("wrong number of arguments"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (list) {
		struct print_ctx pc = { cli->db, SENDA_OK, &err };
		if (esl_tables(cli->db, all, print_table, &pc, &err) != SENDA_OK ||
		    pc.e != SENDA_OK)
			return cli_fail(&err);
		return EXIT_OK;
	}
	if (strcmp(sub, "export") == 0) {
		int rows = 0;
		if (esl_tables_export_csv(cli->db, argv[2], flags, &rows, &err) != SENDA_OK)
			return cli_fail_write(&err, argv[2]);
		/* L10N: rows written, file name */
		fprintf(cli_out_report(argv[2]), P_("%d row written to %s.\n", "%d rows written to %s.\n",
						    (unsigned long)rows), rows, cli_out_name(argv[2]));
		return EXIT_OK;
	}
	if (strcmp(sub, "import") == 0) {
		int added = 0, skipped = 0;
		if (esl_tables_import_csv(cli->db, argv[2], &added, &skipped, &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: ESL tables added from the file */
		printf(P_("%d table added", "%d tables added", (unsigned long)added), added);
		/* L10N: ESL tables in the file that this file already had */
		printf(P_("; %d was already there.\n", "; %d were already there.\n",
			  (unsigned long)skipped), skipped);
		return EXIT_OK;
	}
	bool retire = strcmp(sub, "retire") == 0;
	if (esl_table_retire(cli->db, argv[2], retire, &err) != SENDA_OK)
		return cli_fail(&err);
	puts(retire ? _("The table is retired: new screenings no longer use it.")
		    : _("The table is in use again."));
	return EXIT_OK;
}
