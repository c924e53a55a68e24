/* senda — exchange between sites on the command line: export, merge,
 * bundle info, bundle decrypt. The work is in src/exchange (senda/exchange.h);
 * here are the options, the passphrase and the report. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "senda/clock.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/text.h"

#define PASS_MAX 1024

/* The label of each table of xc_tables, in the same order. */
static void
progress_line(void *ctx, int64_t done, int64_t total)
{
	const char *what = ctx;
	if (!isatty(STDERR_FILENO))
		return;
	fputc('\r', stderr);
	/* L10N: progress on stderr: "Merging: 512 of 2048" */
	fprintf(stderr, _("%s: %" PRId64 " of %" PRId64), what, done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* ---- the passphrase --------------------------------------------------------- */

/* The first line of a file (or /dev/fd/N), without its line end. */
static char *
pass_from_file(const char *path, senda_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		senda_fail(err, SENDA_E_IO, N_("Passphrase file"), "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		senda_fail(err, SENDA_E_REQUIRED, N_("Passphrase"), "%s", path);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 0) {
		free(line);
		senda_fail(err, SENDA_E_REQUIRED, N_("Passphrase"), "%s", path);
		return NULL;
	}
	if (n > PASS_MAX) {
		free(line);
		senda_fail(err, SENDA_E_TOOLONG, N_("Passphrase"), "%d", PASS_MAX);
		return NULL;
	}
	return line;
}

/* One line from the terminal, not echoed. */
static char *
ask_line(FILE *tty, const char *prompt)
{
	struct termios old, quiet;
	int fd = fileno(tty);
	fputs(prompt, stderr);
	fflush(stderr);
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, tty);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* The passphrase: from --passphrase-file, or asked on the terminal (twice
 * when making a bundle). NULL with a message printed when there is none. */
static char *
get_pass(const char *file, bool twice)
{
	senda_error err = { 0 };
	if (file) {
		char *p = pass_from_file(file, &err);
		if (!p)
			cli_fail(&err);
		return p;
	}
	FILE *tty = isatty(STDIN_FILENO) ? fopen("/dev/tty", "r+") : NULL;
	if (!tty) {
		fputs(_("senda: a passphrase is needed: give --passphrase-file FILE (or --plain "
			"for an unencrypted bundle when exporting).\n"), stderr);
		return NULL;
	}
	char *p = ask_line(tty, _("Passphrase: "));
	if (p && !*p) {
		fputs(_("senda: the passphrase is empty; nothing was done.\n"), stderr);
		free(p);
		p = NULL;
	}
	if (p && twice) {
		char *again = ask_line(tty, _("The same passphrase again: "));
		if (!again || strcmp(again, p) != 0) {
			fputs(_("senda: the two passphrases differ; nothing was done.\n"), stderr);
			free(p);
			p = NULL;
		}
		free(again);
	}
	fclose(tty);
	return p;
}

static void
pass_free(char *p)
{
	if (p) {
		memset(p, 0, strlen(p));
		free(p);
	}
}

static int
refused(const char *path, xc_refusal why, const senda_error *err)
{
	if (why == XC_OK)
		return cli_fail(err);
	/* L10N: a bundle refused: its path, then why (a sentence) */
	fprintf(stderr, _("senda: %s: %s Nothing was changed.\n"), path, xc_refusal_text(why));
	return EXIT_ERROR;
}

/* ---- export ---------------------------------------------------------------- */

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "full", no_argument, NULL, 'F' },
		{ "out", required_argument, NULL, 'o' },
		{ "plain", no_argument, NULL, 'p' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	xc_export_opts o = { 0 };
	const char *pass_file = NULL;
	bool plain = false;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":t:Fo:pP:fh", opts, NULL)) != -1) {
		switch (c) {
		case 't': o.to = optarg; break;
		case 'F': o.full = true; break;
		case 'o': o.out = optarg; break;
		case 'p': plain = true; break;
		case 'P': pass_file = optarg; break;
		case 'f': o.out_flags |= OUTFILE_FORCE; break;
		case 'h': cli_command_help("export"); return EXIT_OK;
		default: return cli_bad_option("export", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("export", _("unexpected argument '%s'"), argv[optind]);
	if (!o.out)
		return cli_usage_error("export", "%s", _("--out FILE is needed: where to write the bundle"));
	if (plain && pass_file)
		return cli_usage_error("export", "%s", _("--plain and --passphrase-file do not go together"));
	if (o.to && !text_valid(o.to)) {
		senda_error err;
		senda_fail(&err, SENDA_E_UTF8, N_("Destination"), NULL);
		return cli_fail(&err);
	}
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	char *pass = NULL;
	if (!plain && !(pass = get_pass(pass_file, true)))
		return EXIT_ERROR;
	o.passphrase = pass;
	o.passlen = pass ? strlen(pass) : 0;
	o.progress = progress_line;
	/* L10N: what the progress line on stderr is about */
	o.ctx = (void *)_("Exporting");
	xc_export_result res;
	senda_error err = { 0 };
	senda_err e = xc_export(cli->db, &o, &res, &err);
	pass_free(pass);
	if (e != SENDA_OK)
		return cli_fail_write(&err, o.out);
	/* L10N: after an export: the file, then how many changes it carries */
	printf(P_("Wrote %s: %" PRId64 " change.\n", "Wrote %s: %" PRId64 " changes.\n",
		  (unsigned long)res.entries), o.out, res.entries);
	if (plain)
		puts(_("The bundle is NOT encrypted (--plain): anyone who finds it can read it."));
	else
		puts(_("The bundle is encrypted with the passphrase."));
	if (res.left_out > 0)
		printf(P_("Left out %" PRId64 " person without consent to share.\n",
			  "Left out %" PRId64 " people without consent to share.\n",
			  (unsigned long)res.left_out), res.left_out);
	return EXIT_OK;
}

/* ---- merge ----------------------------------------------------------------- */

static void
print_report(const xc_report *r)
{
	const char *head[] = {
		/* L10N: column headings of the merge summary; keep them short */
		_("New"), _("Updated"), _("Unchanged"), _("Conflicts"), _("Held back"),
		_("Refused"),
	};
	int w = 0;
	for (size_t i = 0; i < xc_ntables; i++) {
		int lw = cli_width(_(xc_table_label(i)));
		if (lw > w)
			w = lw;
	}
	printf("%*s", w, "");
	for (size_t j = 0; j < 6; j++) {
		int hw = cli_width(head[j]);
		printf("  %*s%s", hw < 9 ? 9 - hw : 0, "", head[j]);
	}
	putchar('\n');
	for (size_t i = 0; i < xc_ntables; i++) {
		const xc_counts *c = &r->table[i];
		int64_t v[6] = { c->created, c->updated, c->unchanged, c->conflicts, c->held,
				 c->refused };
		if (!v[0] && !v[1] && !v[2] && !v[3] && !v[4] && !v[5])
			continue;
		const char *l = _(xc_table_label(i));
		printf("%s%*s", l, w - cli_width(l), "");
		for (size_t j = 0; j < 6; j++) {
			int hw = cli_width(head[j]);
			printf("  %*" PRId64, hw > 9 ? hw : 9, v[j]);
		}
		putchar('\n');
	}
}

int
cmd_merge(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pass_file = NULL;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":P:h", opts, NULL)) != -1) {
		switch (c) {
		case 'P': pass_file = optarg; break;
		case 'h': cli_command_help("merge"); return EXIT_OK;
		default: return cli_bad_option("merge", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("merge", "%s", _("name at least one bundle to merge"));
	size_t n = (size_t)(argc - optind);
	const char *const *paths = (const char *const *)argv + optind;
	bool encrypted = false;
	for (size_t i = 0; i < n; i++)
		encrypted = encrypted || xc_bundle_encrypted(paths[i]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	char *pass = NULL;
	if (encrypted && !(pass = get_pass(pass_file, false)))
		return EXIT_ERROR;
	xc_report rep;
	xc_refusal why = XC_OK;
	size_t which = 0;
	senda_error err = { 0 };
	senda_err e = xc_merge(cli->db, paths, n, pass, pass ? strlen(pass) : 0, progress_line,
			       (void *)_("Merging"), &rep, &why, &which, &err);
	pass_free(pass);
	if (e != SENDA_OK)
		return why != XC_OK ? refused(paths[which], why, &err) : cli_fail(&err);
	int64_t held = 0;
	for (size_t i = 0; i < xc_ntables; i++)
		held += rep.table[i].held;
	if (xc_report_nothing_new(&rep) && held == 0) {
		printf(P_("Nothing new: every change in the bundle was here already.\n",
			  "Nothing new: every change in the bundles was here already.\n",
			  (unsigned long)n));
		return EXIT_OK;
	}
	char *merged = xc_report_merged(&rep);
	puts(merged);
	free(merged);
	print_report(&rep);
	if (held > 0)
		printf(P_("%" PRId64 " change is held back: its clock is more than 24 hours "
			  "ahead of this computer's, or its record has not arrived yet. It is "
			  "tried again at every merge.\n",
			  "%" PRId64 " changes are held back: their clock is more than 24 hours "
			  "ahead of this computer's, or their record has not arrived yet. They "
			  "are tried again at every merge.\n", (unsigned long)held), held);
	return EXIT_OK;
}

/* ---- bundle info / decrypt -------------------------------------------------- */

static void
bundle_help(void)
{
	cli_command_help("bundle");
}

int
cmd_bundle(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *pass_file = NULL;
	int flags = 0, c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, ":o:P:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'P': pass_file = optarg; break;
		case 'f': flags |= OUTFILE_FORCE; break;
		case 'h': bundle_help(); return EXIT_OK;
		default: return cli_bad_option("bundle", c, argv);
		}
	}
	if (argc - optind != 2 || (strcmp(argv[optind], "info") != 0 &&
				   strcmp(argv[optind], "decrypt") != 0))
		return cli_usage_error("bundle", "%s", _("say info FILE or decrypt FILE --out FILE"));
	bool decrypt = strcmp(argv[optind], "decrypt") == 0;
	const char *path = argv[optind + 1];
	if (decrypt && !out)
		return cli_usage_error("bundle", "%s", _("decrypt needs --out FILE"));
	/* Who acts: her role may read bundles or not (src/exchange/bundle.c). */
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	char *pass = NULL;
	if (xc_bundle_encrypted(path) && !(pass = get_pass(pass_file, false)))
		return EXIT_ERROR;
	senda_error err = { 0 };
	xc_refusal why = XC_OK;
	senda_err e;
	if (decrypt) {
		/* The database file (named or the default one) is never written
		 * onto, even unopened. */
		e = xc_bundle_decrypt(cli->db, path, pass, pass ? strlen(pass) : 0, out,
				      cli->db_path, flags, &why, &err);
		pass_free(pass);
		if (e != SENDA_OK)
			return why != XC_OK ? refused(path, why, &err) : cli_fail_write(&err, out);
		/* L10N: %s is the file written */
		printf(_("Wrote %s: the bundle's inner file (SQLite).\n"), out);
		return EXIT_OK;
	}
	xc_manifest m;
	e = xc_bundle_info(cli->db, path, pass, pass ? strlen(pass) : 0, &m, &why, &err);
	pass_free(pass);
	if (e != SENDA_OK)
		return refused(path, why, &err);
	static const struct { const char *key, *label; } shown[] = {
		/* L10N: labels of senda bundle info */
		{ "site_name", N_("Made by site") },
		{ "site_kind", N_("Site kind") },
		{ "site_id", N_("Site id") },
		{ "organization", N_("Organization") },
		{ "destination_name", N_("For") },
		{ "exported_at", N_("Exported at") },
		{ "full", N_("Everything (--full)") },
		{ "encrypted", N_("Encrypted") },
		{ "entries", N_("Changes") },
		{ "rows", N_("Records") },
		{ "left_out", N_("People left out (no consent)") },
		{ "clock_from", N_("Clocks from") },
		{ "clock_to", N_("Clocks to") },
		{ "format_version", N_("Format version") },
		{ "senda_version", N_("Made with senda") },
		{ "checksum", N_("Checksum (BLAKE2b)") },
	};
	int w = 0;
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		if (cli_width(_(shown[i].label)) > w)
			w = cli_width(_(shown[i].label));
	for (size_t i = 0; i < xc_ntables; i++)
		if (cli_width(_(xc_table_label(i))) > w)
			w = cli_width(_(xc_table_label(i)));
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		const char *v = xc_manifest_get(&m, shown[i].key);
		if (!v)
			continue;
		if (strcmp(shown[i].key, "full") == 0 || strcmp(shown[i].key, "encrypted") == 0)
			/* L10N: yes/no values in bundle info */
			v = strcmp(v, "1") == 0 ? _("yes") : _("no");
		char *safe = text_valid(v) && !text_has_control(v) ? xstrdup(v) : xstrdup("?");
		cli_field(_(shown[i].label), w + 2, safe);
		free(safe);
	}
	for (size_t i = 0; i < xc_ntables; i++) {
		char *key = xasprintf("rows.%s", xc_tables[i]);
		const char *v = xc_manifest_get(&m, key);
		free(key);
		if (v && strcmp(v, "0") != 0)
			cli_field(_(xc_table_label(i)), w + 2, v);
	}
	xc_manifest_free(&m);
	return EXIT_OK;
}
