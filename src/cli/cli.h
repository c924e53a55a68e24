/* senda — the command line: shared state and helpers for the commands. */
#ifndef SENDA_CLI_H
#define SENDA_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "senda/db.h"
#include "senda/participant.h"
#include "senda/field.h"
#include "senda/error.h"

enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

struct cli {
	char *db_path;        /* resolved file */
	bool db_explicit;     /* --db or SENDA_DB given */
	senda_db *db;
	const char *user_name;   /* --user: who acts (NULL: the only user) */
	bool pin_file_used;      /* SENDA_PIN_FILE was read for the login */
};

/* One command: run gets argv with argv[0] the command's name. */
struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;     /* N_(): synopsis after the name */
	const char *summary;  /* N_(): one line */
};

extern const struct command cli_commands[];

/* Open the file for a command. create: make it when missing. Prints the
 * error and returns false when it cannot. */
bool cli_open(struct cli *cli, bool create);
/* Who acts on the open file (src/cli/cmd_users.c): the user --user names,
 * or the only one; her PIN from SENDA_PIN_FILE or the terminal when the
 * file has more than one user or a PIN. Prints why not and returns false. */
bool cli_login(struct cli *cli);

/* Print "senda: <error>" on stderr; returns EXIT_ERROR. */
int cli_fail(const senda_error *err);
/* The same for a file that could not be written: an existing file gets
 * "choose another name, or add --force". */
int cli_fail_write(const senda_error *err, const char *path);
/* How to name an output path in a report: "-" is "standard output". */
const char *cli_out_name(const char *path);
/* Where the report of a write goes: stderr when the data itself went to
 * standard output ("-"), else stdout. */
FILE *cli_out_report(const char *path);
/* Print "senda: <message>" and a hint to try --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Report what getopt_long (with opterr = 0 and an optstring starting with
 * ':') returned as c for a bad option: unknown, or missing its value. */
int cli_bad_option(const char *cmd, int c, char **argv);
/* getopt_long, but an option's value that is one of the command's own
 * options ("--rejects --dry-run": the file name forgotten) is refused as a
 * missing value (':'), instead of taken as the value: that typo made a dry
 * run import for real into a file named --dry-run. */
struct option;
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts,
	       int *longindex);
/* Print the help of one command (its synopsis and summary). */
void cli_command_help(const char *name);
/* The options of add and edit, one a field, from the model's field table. */
void cli_field_options_help(void);
/* One line an option (--phone PHONE  Phone) of table's fields that have one,
 * indented; a choice's codes under it. */
void cli_fields_help(const field_desc *table, size_t n, int indent);
/* The same without the * of the fields that must be given (a command
 * that changes only the options given: edit-job). */
void cli_fields_help_unmarked(const field_desc *table, size_t n, int indent);
/* An option without a value besides the fields' (--yes, --consent-given):
 * *set becomes true when it is given. Lists end with a NULL name. */
struct cli_flag {
	const char *name;
	bool *set;
};
/* Parse the field options of a command into rec (field_parse each); -1 when
 * all went well, else the exit code. help prints --help (NULL: the
 * command's synopsis). *given counts the options. flags (NULL: none) are
 * the command's other options, cleared first; "yes" may be given as -y. */
int cli_parse_fields(int argc, char **argv, const char *cmd, const field_desc *table,
		     size_t n, void *rec, int *given, void (*help)(void),
		     const struct cli_flag *flags);

/* Print label padded to width display columns, then value, then newline. */
void cli_field(const char *label, int width, const char *value);
/* Display columns of a translated label, for aligning a column of them. */
int cli_width(const char *s);


/* The token of a "Next page" line: the whole id of the last row shown and
 * the n parts of its place in the list's order (the sort key; the status
 * date and when it was made), one word to copy: "ID,PART,PART", where a
 * part keeps letters, digits, - . : and _, has + for a space and %XX for
 * any other byte. Newly allocated. */
char *cli_token_make(const char *id, const char *const *parts, int n);
/* Whether s is such a token of n parts: then its id and its n parts
 * (newly allocated, valid UTF-8; free each) are filled. */
bool cli_token_parse(const char *s, char id[37], char **parts, int n);

/* Commands. */
int cmd_init(struct cli *, int, char **);
int cmd_demo(struct cli *, int, char **);
int cmd_check(struct cli *, int, char **);
int cmd_backup(struct cli *, int, char **);
int cmd_add(struct cli *, int, char **);
int cmd_edit(struct cli *, int, char **);
int cmd_list(struct cli *, int, char **);
int cmd_search(struct cli *, int, char **);
int cmd_show(struct cli *, int, char **);
/* A person's fields, one a line, as people read them (show, privacy ID);
 * the labels' width. */
int cli_print_participant(const participant *p);
int cmd_screen(struct cli *, int, char **);
int cmd_refer(struct cli *, int, char **);
int cmd_referral_status(struct cli *, int, char **);
int cmd_referrals(struct cli *, int, char **);
int cmd_slip(struct cli *, int, char **);
int cmd_place(struct cli *, int, char **);
int cmd_edit_job(struct cli *, int, char **);
int cmd_eligible(struct cli *, int, char **);
int cmd_levels(struct cli *, int, char **);
int cmd_partners(struct cli *, int, char **);
int cmd_programs(struct cli *, int, char **);
int cmd_export(struct cli *, int, char **);
int cmd_merge(struct cli *, int, char **);
int cmd_bundle(struct cli *, int, char **);
int cmd_export_csv(struct cli *, int, char **);
int cmd_import_csv(struct cli *, int, char **);
int cmd_duplicates(struct cli *, int, char **);
int cmd_nicknames(struct cli *, int, char **);
int cmd_erase(struct cli *, int, char **);
int cmd_access_log(struct cli *, int, char **);
int cmd_privacy(struct cli *, int, char **);
int cmd_user(struct cli *, int, char **);
int cmd_calls(struct cli *, int, char **);
int cmd_call(struct cli *, int, char **);
int cmd_call_rules(struct cli *, int, char **);
int cmd_call_again(struct cli *, int, char **);

#endif
