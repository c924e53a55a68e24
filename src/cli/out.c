/* senda — command-line output helpers and opening the file. */
#include <config.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/text.h"
#include "senda/width.h"

int
cli_fail(const senda_error *err)
{
	char buf[600];
	fprintf(stderr, "senda: %s\n", senda_error_text(err, buf, sizeof buf));
	return EXIT_ERROR;
}

int
cli_fail_write(const senda_error *err, const char *path)
{
	if (err->code != SENDA_E_EXISTS)
		return cli_fail(err);
	/* L10N: %s is a file's path */
	fprintf(stderr, _("senda: %s already exists; choose another name, or add --force "
			  "to replace it.\n"), path);
	return EXIT_ERROR;
}

const char *
cli_out_name(const char *path)
{
	/* L10N: where "-" sends an export: "12 rows written to standard output" */
	return outfile_is_stdout(path) ? _("standard output") : path;
}

FILE *
cli_out_report(const char *path)
{
	return outfile_is_stdout(path) ? stderr : stdout;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("senda: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (cmd)
		/* L10N: %s is a command name, e.g. "add" */
		fprintf(stderr, _("Try 'senda %s --help' for more information.\n"), cmd);
	else
		fprintf(stderr, "%s\n", _("Try 'senda --help' for more information."));
	return EXIT_USAGE;
}

int
cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':')
		/* L10N: %s is an option such as --name */
		return cli_usage_error(cmd, _("option '%s' needs a value"), arg);
	/* L10N: %s is what the user typed, e.g. --bogus */
	return cli_usage_error(cmd, _("unknown option '%s'"), arg);
}

bool
cli_open(struct cli *cli, bool create)
{
	senda_error err = { 0 };
	if (create && !cli->db_explicit) {
		/* The default place: make its private folder now. */
		char *p = db_default_path(true, &err);
		if (!p) {
			cli_fail(&err);
			return false;
		}
		free(p);
	}
	senda_err e = db_open(cli->db_path, create ? DB_CREATE : 0, &cli->db, &err);
	if (e == SENDA_OK)
		return true;
	cli_fail(&err);
	return false;
}

int
cli_width(const char *s)
{
	return (int)text_width(s);
}

void
cli_field(const char *label, int width, const char *value)
{
	char *l = text_fit(label, (size_t)width, true);
	char *v = text_inert(value ? value : "");
	printf("  %s  %s\n", l, v ? v : "");
	free(l);
	free(v);
}
