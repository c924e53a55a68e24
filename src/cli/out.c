/* senda — command-line output helpers and opening the file. */
#include <config.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/site.h"
#include "senda/outfile.h"
#include "senda/text.h"
#include "senda/uuid.h"
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

/* The option a value was taken for, when that value was an option. */
static const char *swallowed;

/* Is word ("--name", "--name=v", "-x") one of opts or shortopts? */
static bool
is_option(const char *word, const char *shortopts, const struct option *opts)
{
	if (word[0] != '-' || !word[1])
		return false;
	if (word[1] != '-')
		return word[1] != ':' && strchr(shortopts, word[1]) != NULL;
	const char *name = word + 2;
	size_t n = strcspn(name, "=");
	if (n == 0)
		return false;
	for (const struct option *o = opts; o && o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return true;
	return n == 4 && strncmp(name, "help", 4) == 0;
}

int
cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts,
	   int *longindex)
{
	swallowed = NULL;
	int c = getopt_long(argc, argv, shortopts, opts, longindex);
	/* The value is a word of its own (not "--out=--x"), and an option. */
	if (c != -1 && c != '?' && c != ':' && optarg && optind >= 2 &&
	    optarg == argv[optind - 1] && is_option(optarg, shortopts, opts)) {
		swallowed = argv[optind - 2];
		return ':';
	}
	return c;
}

int
cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':' && swallowed)
		/* L10N: %s is an option such as --rejects, then the option typed
		 * where its value was due (--dry-run) */
		return cli_usage_error(cmd, _("option '%s' needs a value before '%s' (a file "
					      "name, a word); nothing was done"), swallowed, arg);
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
	if (e == SENDA_OK) {
		if (!site_is_setup(cli->db) || cli_login(cli))
			return true;
		db_close(cli->db);
		cli->db = NULL;
		return false;
	}
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

/* ---- page tokens --------------------------------------------------------- */

static bool
token_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == ':' || c == '_';
}

char *
cli_token_make(const char *id, const char *const *parts, int n)
{
	size_t len = strlen(id) + 1;
	for (int i = 0; i < n; i++)
		len += 1 + 3 * strlen(parts[i]);
	char *t = xmalloc(len), *o = t;
	o += sprintf(o, "%s", id);
	for (int i = 0; i < n; i++) {
		*o++ = ',';
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			if (token_plain(*p))
				*o++ = (char)*p;
			else if (*p == ' ')
				*o++ = '+';
			else
				o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return t;
}

static int
hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
		: c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One part, from p up to ',' or the end, into a new string; NULL when it
 * is not one (a byte no token has, a bad or NUL escape, not UTF-8). */
static char *
token_part(const char *p, const char **end)
{
	size_t n = strcspn(p, ",");
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+')
			*o++ = ' ';
		else if (p[i] == '%' && i + 2 < n && hex_digit(p[i + 1]) >= 0 &&
			 hex_digit(p[i + 2]) >= 0 && (hex_digit(p[i + 1]) | hex_digit(p[i + 2]))) {
			*o++ = (char)(hex_digit(p[i + 1]) * 16 + hex_digit(p[i + 2]));
			i += 2;
		} else if (token_plain((unsigned char)p[i]))
			*o++ = p[i];
		else {
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	*end = p + n;
	if (!text_valid(out)) {
		free(out);
		return NULL;
	}
	return out;
}

bool
cli_token_parse(const char *s, char id[37], char **parts, int n)
{
	const char *comma = strchr(s, ',');
	if (!comma || comma - s != 36)
		return false;
	char whole[37];
	memcpy(whole, s, 36);
	whole[36] = '\0';
	if (!uuid_valid(whole))
		return false;
	const char *p = comma;
	int k = 0;
	for (; k < n && *p == ','; k++) {
		const char *end;
		if (!(parts[k] = token_part(p + 1, &end)))
			break;
		p = end;
	}
	if (k < n || *p) {
		for (int i = 0; i < k; i++)
			free(parts[i]);
		return false;
	}
	memcpy(id, whole, 37);
	return true;
}

/* ---- options made from a record's field table ----------------------------- */

/* What an option's value is, for --help. */
static const char *
metavar(const field_desc *f)
{
	switch (f->kind) {
	/* L10N: in --help, what follows an option: a date */
	case FK_DATE: return _("DATE");
	/* L10N: in --help, what follows an option: a whole number */
	case FK_INT: return _("N");
	/* L10N: in --help, what follows an option: an amount of money */
	case FK_MONEY: return _("AMOUNT");
	/* L10N: in --help, what follows an option: yes or no (keep the |) */
	case FK_YESNO: return _("yes|no");
	/* L10N: in --help, what follows an option: one of a list of codes */
	case FK_CHOICE: return _("CODE");
	/* L10N: in --help, what follows an option: a phone number */
	case FK_PHONE: return _("PHONE");
	/* L10N: in --help, what follows an option: an e-mail address */
	case FK_EMAIL: return _("E-MAIL");
	/* L10N: in --help, what follows an option: text */
	default: return _("TEXT");
	}
}

static void
fields_help(const field_desc *table, size_t n, int indent, bool marks)
{
	for (size_t i = 0; i < n; i++) {
		const field_desc *f = &table[i];
		if (!f->option)
			continue;
		char *opt = xasprintf("--%s %s", f->option, metavar(f));
		int pad = 28 - indent - cli_width(opt);
		/* A choice has a default; only text must be given. */
		printf("%*s%s%*s %s%s\n", indent, "", opt, pad > 0 ? pad : 0, "", _(f->label),
		       marks && f->required && f->kind != FK_CHOICE && !(f->flags & FF_TODAY)
		       ? " *" : "");
		free(opt);
		if (!f->choices)
			continue;
		/* The codes, in lines of at most 79 columns under the label. */
		int col = 0;
		for (int k = 0; f->choices[k].value; k++) {
			const char *code = f->choices[k].value;
			bool last = !f->choices[k + 1].value;
			/* L10N: after the codes a choice takes, when others are taken too */
			const char *tail = !last || !(f->flags & FF_OPEN_CHOICE) ? ""
				/* L10N: after the codes a kind takes in --help */
				: f->flags & FF_BY_NAME ? _(", or their names in English or Spanish")
				: _(", or another code");
			int w = cli_width(code) + cli_width(tail) + (last ? 0 : 1);
			if (col == 0 || col + 1 + w > 79) {
				printf("%s%*s", col ? "\n" : "", 29, "");
				col = 29;
			} else {
				putchar(' ');
				col++;
			}
			printf("%s%s%s", code, last ? "" : ",", tail);
			col += w;
		}
		putchar('\n');
	}
}

void
cli_fields_help(const field_desc *table, size_t n, int indent)
{
	fields_help(table, n, indent, true);
}

void
cli_fields_help_unmarked(const field_desc *table, size_t n, int indent)
{
	fields_help(table, n, indent, false);
}

int
cli_parse_fields(int argc, char **argv, const char *cmd, const field_desc *table, size_t n,
		 void *rec, int *given, void (*help)(void), const struct cli_flag *flags)
{
	size_t nflags = 0;
	while (flags && flags[nflags].name)
		*flags[nflags++].set = false;
	struct option *opts = xcalloc(n + nflags + 2, sizeof *opts);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (table[i].option)
			opts[k++] = (struct option){ table[i].option, required_argument,
						     NULL, (int)(256 + i) };
	opts[k++] = (struct option){ "help", no_argument, NULL, 'h' };
	/* Flags after the fields: 256 + n + their index. */
	const char *shortopts = ":h";
	for (size_t i = 0; i < nflags; i++) {
		opts[k++] = (struct option){ flags[i].name, no_argument, NULL, (int)(256 + n + i) };
		if (strcmp(flags[i].name, "yes") == 0)
			shortopts = ":hy";
	}
	*given = 0;
	int c, r = -1;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while (r < 0 && (c = cli_getopt(argc, argv, shortopts, opts, NULL)) != -1) {
		if (c == 'y' || c >= (int)(256 + n)) {
			for (size_t i = 0; i < nflags; i++)
				if (c == (int)(256 + n + i) ||
				    (c == 'y' && strcmp(flags[i].name, "yes") == 0))
					*flags[i].set = true;
		} else if (c == 'h') {
			if (help)
				help();
			else
				cli_command_help(cmd);
			r = EXIT_OK;
		} else if (c < 256)
			r = cli_bad_option(cmd, c, argv);
		else {
			senda_error err = { 0 };
			if (field_parse(&table[c - 256], rec, optarg, &err) != SENDA_OK)
				r = cli_fail(&err);
			else
				(*given)++;
		}
	}
	free(opts);
	return r;
}

