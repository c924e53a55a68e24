/* senda — participants as CSV on the command line: export-csv and
 * import-csv (src/exchange/participant_csv.c, participant_import.c). */
#include <config.h>

#include <errno.h>
#include <limits.h>
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
#include "senda/pcsv.h"
#include "senda/text.h"

static int
next_option(int argc, char **argv, const struct option *opts)
{
	opterr = 0;
	return cli_getopt(argc, argv, ":h", opts, NULL);
}

static void
export_help(void)
{
	cli_command_help("export-csv");
	putchar('\n');
	/* L10N: help of "senda export-csv"; table and option names stay in English */
	puts(_("  participants | referrals | placements | screenings | report\n"
	       "                      what to write (report: one row a person, her pathway)\n"
	       "  --out FILE          the file to write; - is standard output (the default)\n"
	       "  --excel             UTF-8 with a byte-order mark, for Excel\n"
	       "  --encoding ENC      another encoding, e.g. WINDOWS-1252\n"
	       "  --translit          write the nearest letter for one ENC does not have\n"
	       "  --to SITE|KIND      who the file is for, as in senda export: people without\n"
	       "                      consent to share go only to sites of this organization\n"
	       "  --force             replace FILE if it exists\n"
	       "Headers are in your language; the columns are described in doc/csv.md."));
}

int
cmd_export_csv(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "excel", no_argument, NULL, 'x' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "translit", no_argument, NULL, 't' },
		{ "to", required_argument, NULL, 'T' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pcsv_export_opts o = { .out = "-" };
	int c;
	optind = 0;
	while ((c = next_option(argc, argv, opts)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'x': o.excel = true; break;
		case 'e': o.encoding = optarg; break;
		case 't': o.translit = true; break;
		case 'T': o.to = optarg; break;
		case 'f': o.out_flags |= OUTFILE_FORCE; break;
		case 'h': export_help(); return EXIT_OK;
		default: return cli_bad_option("export-csv", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("export-csv", "%s",
				       /* L10N: table names stay in English */
				       _("say participants, referrals, placements, screenings or report"));
	if (!pcsv_table_named(argv[optind], &o.table))
		return cli_usage_error("export-csv", _("unknown table '%s'; say participants, "
				       "referrals, placements, screenings or report"), argv[optind]);
	if (o.excel && o.encoding && *o.encoding && !conv_is_utf8(o.encoding))
		return cli_usage_error("export-csv", "%s",
				       _("--excel writes UTF-8; it does not go with --encoding"));
	if (o.to && !text_valid(o.to)) {
		senda_error err;
		senda_fail(&err, SENDA_E_UTF8, N_("Destination"), NULL);
		return cli_fail(&err);
	}
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	pcsv_export_report rep;
	senda_error err = { 0 };
	if (pcsv_export(cli->db, &o, &rep, &err) != SENDA_OK) {
		if (err.code == SENDA_E_EXISTS)
			return cli_fail_write(&err, o.out);
		fprintf(stderr, "senda: %s\n", rep.message);
		if (rep.chars_changed && !o.translit)
			fprintf(stderr, "%s\n", _("To replace them, run the same command with --translit."));
		return EXIT_ERROR;
	}
	const char *enc = o.encoding && *o.encoding && !conv_is_utf8(o.encoding) ? o.encoding
		: CONV_UTF8;
	FILE *report = cli_out_report(o.out);
	/* L10N: rows written, the file, its encoding */
	fprintf(report, P_("%" PRId64 " row written to %s (%s).\n",
			   "%" PRId64 " rows written to %s (%s).\n", (unsigned long)rep.rows),
		rep.rows, cli_out_name(o.out), enc);
	if (rep.chars_changed)
		/* L10N: characters transliterated, in how many rows */
		fprintf(report, P_("%zu character was replaced by its nearest equivalent, in %"
				   PRId64 " row(s).\n",
				   "%zu characters were replaced by their nearest equivalents, in %"
				   PRId64 " row(s).\n", (unsigned long)rep.chars_changed),
			rep.chars_changed, rep.rows_changed);
	if (rep.left_out > 0)
		fprintf(report, P_("Left out %" PRId64 " person without consent to share.\n",
				   "Left out %" PRId64 " people without consent to share.\n",
				   (unsigned long)rep.left_out), rep.left_out);
	return EXIT_OK;
}

/* ---- import-csv ---------------------------------------------------------- */

static void
import_help(void)
{
	cli_command_help("import-csv");
	putchar('\n');
	/* L10N: help of "senda import-csv"; option names stay in English */
	puts(_("  FILE                a CSV file; - is standard input. Its first row names the\n"
	       "                      columns, in English or Spanish, in any order: First Name,\n"
	       "                      Last Name, DOB, Phone... or Nombre, Apellido Paterno,\n"
	       "                      Teléfono, Fecha de Nacimiento...\n"
	       "  --encoding ENC      the file's encoding (else UTF-8, or Windows-1252)\n"
	       "  --map COLUMN=FIELD  the field a column fills, or COLUMN=ignore (repeat it)\n"
	       "  --date-order dmy|mdy  how dates such as 3/4/1988 read, when the file does\n"
	       "                      not show it (day first, or month first)\n"
	       "  --dry-run           check every row and say what would happen; write nothing\n"
	       "  --rejects FILE      write the rows not imported, with the reason, to FILE\n"
	       "  --force             replace the --rejects FILE if it exists\n"
	       "Each row is checked as an intake. A row that may be someone already saved, or\n"
	       "an earlier row, is not added: it is listed as a possible duplicate. Either\n"
	       "every good row is added or, on an error, none. See doc/csv.md."));
	/* L10N: help of "senda import-csv", one more option */
	puts(_("  --add-anyway ROW,... add these rows of the file (numbered as the dry run\n"
	       "                      says them) although they may be someone already known:\n"
	       "                      twins, a father and a son of the same names"));
}

static void
import_progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	if (!isatty(STDERR_FILENO))
		return;
	fputc('\r', stderr);
	/* L10N: progress on stderr: "Importing: 512 of 2048" */
	fprintf(stderr, _("%s: %" PRId64 " of %" PRId64), _("Importing"), done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

int
cmd_import_csv(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "map", required_argument, NULL, 'm' },
		{ "date-order", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "add-anyway", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	pcsv_import_opts o = { 0 };
	int *anyway = NULL;
	size_t nanyway = 0;
	const char **map = xmalloc((size_t)(argc + 1) * sizeof *map);
	size_t nmap = 0;
	int c, r = EXIT_OK;
	optind = 0;
	while ((c = next_option(argc, argv, opts)) != -1) {
		switch (c) {
		case 'e': o.encoding = optarg; break;
		case 'm':
			if (!strchr(optarg, '=') || !text_valid(optarg)) {
				r = cli_usage_error("import-csv", _("--map takes COLUMN=FIELD, not '%s'"),
						    optarg);
				goto out;
			}
			map[nmap++] = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "dmy") == 0)
				o.dates = PCSV_DATES_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				o.dates = PCSV_DATES_MDY;
			else {
				r = cli_usage_error("import-csv",
						    _("--date-order takes dmy (day first) or mdy (month "
						      "first), not '%s'"), optarg);
				goto out;
			}
			break;
		case 'n': o.dry_run = true; break;
		case 'r': o.rejects = optarg; break;
		case 'f': o.rejects_flags |= OUTFILE_FORCE; break;
		case 'a':
			/* ROW[,ROW...]: the numbers the dry run gives */
			for (const char *s = optarg; *s;) {
				char *end;
				errno = 0;
				long v = strtol(s, &end, 10);
				if (end == s || errno || v < 1 || v > INT_MAX || (*end && *end != ',')) {
					r = cli_usage_error("import-csv",
							    /* L10N: --add-anyway takes row numbers */
							    _("--add-anyway takes row numbers as the "
							      "dry run gives them (4 or 4,9), not '%s'"),
							    optarg);
					goto out;
				}
				anyway = xrealloc(anyway, (nanyway + 1) * sizeof *anyway);
				anyway[nanyway++] = (int)v;
				s = *end ? end + 1 : end;
			}
			break;
		case 'h': import_help(); goto out;
		default: r = cli_bad_option("import-csv", c, argv); goto out;
		}
	}
	if (argc - optind != 1) {
		r = cli_usage_error("import-csv", "%s", _("name one CSV file to import"));
		goto out;
	}
	o.path = argv[optind];
	o.map = map;
	o.nmap = nmap;
	o.add_anyway = anyway;
	o.nadd_anyway = nanyway;
	o.progress = import_progress;
	if (!cli_open(cli, false)) {
		r = EXIT_ERROR;
		goto out;
	}
	pcsv_import_report rep;
	senda_error err = { 0 };
	if (pcsv_import(cli->db, &o, &rep, &err) != SENDA_OK) {
		if (err.code == SENDA_E_EXISTS && o.rejects && !rep.mapping)
			r = cli_fail_write(&err, o.rejects);
		else {
			fprintf(stderr, "senda: %s\n", rep.message);
			fprintf(stderr, "%s\n", _("Nothing was imported."));
			r = EXIT_ERROR;
		}
		pcsv_import_report_free(&rep);
		goto out;
	}
	if ((!o.encoding || !*o.encoding) && strcmp(rep.encoding, CONV_UTF8) != 0)
		/* L10N: %s is an encoding, e.g. WINDOWS-1252 */
		printf(_("The file is not UTF-8; it was read as %s.\n"),
		       strcmp(rep.encoding, CONV_CP1252) == 0 ? "Windows-1252" : rep.encoding);
	puts(_("Columns:"));
	for (size_t i = 0; i < rep.nmapping; i++)
		printf("  %s\n", rep.mapping[i]);
	if (rep.dates == PCSV_DATES_DMY)
		puts(_("Dates are read day first (DD/MM/YYYY)."));
	else if (rep.dates == PCSV_DATES_MDY)
		puts(_("Dates are read month first (MM/DD/YYYY)."));
	/* L10N: rows read of a file, then what happens to them */
	printf(P_("%" PRId64 " row read: %" PRId64 " new, %" PRId64 " possible duplicate(s), %"
		  PRId64 " refused.\n",
		  "%" PRId64 " rows read: %" PRId64 " new, %" PRId64 " possible duplicate(s), %"
		  PRId64 " refused.\n", (unsigned long)rep.rows),
	       rep.rows, rep.added, rep.duplicates, rep.refused);
	for (size_t i = 0; i < rep.nnotes; i++) {
		char *why = text_inert(rep.notes[i].reason);
		/* L10N: a row not imported: its number (1 = under the header), its line
		   in the file, why */
		printf(_("  row %d (line %d): %s\n"), rep.notes[i].row, rep.notes[i].line,
		       why ? why : "");
		free(why);
	}
	if (o.dry_run)
		puts(_("Dry run: nothing was written to the database."));
	else
		printf(P_("Added %" PRId64 " participant.\n", "Added %" PRId64 " participants.\n",
			  (unsigned long)rep.added), rep.added);
	if (o.rejects)
		/* L10N: %s is the reject file */
		printf(P_("%zu row not imported is in %s, with the reason.\n",
			  "%zu rows not imported are in %s, with the reason.\n",
			  (unsigned long)rep.nnotes), rep.nnotes, cli_out_name(o.rejects));
	pcsv_import_report_free(&rep);
out:
	free(map);
	free(anyway);
	return r;
}
