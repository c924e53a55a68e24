/* senda — commands along the pathway: screen, refer, referral-status,
 * referrals, slip, place, eligible. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "senda/clock.h"
#include "senda/date.h"
#include "senda/esl.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/width.h"

/* Print a confirmation request the command line way. */
static int
need_confirm(const senda_error *err)
{
	cli_fail(err);
	fprintf(stderr, "%s\n", _("Nothing was saved. Run the same command with --yes to confirm."));
	return EXIT_ERROR;
}

/* ---- screen --------------------------------------------------------------- */

static void
screen_help(void)
{
	cli_command_help("screen");
	cli_fields_help(screening_fields, screening_nfields, 2);
}

int
cmd_screen(struct cli *cli, int argc, char **argv)
{
	screening s;
	screening_init(&s);
	int given, r = cli_parse_fields(argc, argv, "screen", screening_fields, screening_nfields,
					&s, &given, screen_help, NULL);
	if (r < 0 && argc - optind != 1)
		r = cli_usage_error("screen", "%s", _("name one participant id"));
	if (r < 0 && !*s.instrument)
		r = cli_usage_error("screen", "%s",
				    _("say which test: --instrument casas, best_plus, best_literacy, tabe_clas_e or oral"));
	if (r < 0 && !*s.screened_on)
		date_to_iso(clock_today(), s.screened_on);
	if (r < 0 && !cli_open(cli, false))
		r = EXIT_ERROR;
	senda_error err = { 0 };
	if (r < 0) {
		snprintf(s.participant_id, sizeof s.participant_id, "%s", argv[optind]);
		if (screening_create(cli->db, &s, &err) != SENDA_OK)
			r = cli_fail(&err);
	}
	screening_free(&s);   /* its level stays */
	if (r >= 0)
		return r;
	/* The screening is saved; its level's words come from the file too. */
	char *name = NULL, *desc = NULL;
	senda_err e = esl_level_name(cli->db, s.level, i18n_lang(), &name, &err);
	if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
		e = esl_level_descriptor(cli->db, s.level, i18n_lang(), &desc, &err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
		free(name);
		return cli_fail(&err);
	}
	if (s.exited)
		/* L10N: %s is the name of level 6 */
		printf(_("Exited ESL: the score is above the top of level 6 (%s).\n"), name ? name : "");
	else
		/* L10N: ESL level number, its name */
		printf(_("Level %d: %s\n"), s.level, name ? name : "");
	if (desc)
		printf("  %s\n", desc);
	free(name);
	free(desc);
	return EXIT_OK;
}

/* ---- refer / referral-status / referrals --------------------------------- */

static void
refer_help(void)
{
	cli_command_help("refer");
	cli_fields_help(referral_fields, referral_nfields, 2);
}

int
cmd_refer(struct cli *cli, int argc, char **argv)
{
	referral r;
	referral_kind.init(&r);
	bool consent, again;
	const struct cli_flag flags[] = {
		{ "consent-given", &consent }, { "yes", &again }, { NULL, NULL }
	};
	int given, rc = cli_parse_fields(argc, argv, "refer", referral_fields, referral_nfields, &r,
					 &given, refer_help, flags);
	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("refer", "%s", _("name a participant id and a program id"));
	snprintf(r.participant_id, sizeof r.participant_id, "%s", argv[optind]);
	snprintf(r.program_id, sizeof r.program_id, "%s", argv[optind + 1]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	senda_err e = referral_create(cli->db, &r, NULL,
				      (consent ? REFER_CONSENT_GIVEN : 0) | (again ? REFER_AGAIN : 0),
				      &err);
	if (e == SENDA_E_CONSENT) {
		cli_fail(&err);
		fprintf(stderr, "%s\n",
			_("Nothing was written. Ask the participant; if they agree to share their "
			  "information with partners, run the same command with --consent-given "
			  "(their consent is recorded, dated today)."));
		return EXIT_ERROR;
	}
	if (e == SENDA_E_CONFIRM)
		return need_confirm(&err);
	if (e != SENDA_OK)
		return cli_fail(&err);
	/* L10N: reference code, program, partner */
	printf(_("Referral %s: %s (%s)\n"), r.code, r.program_name, r.partner_name);
	return EXIT_OK;
}

static void
referral_status_help(void)
{
	cli_command_help("referral-status");
	cli_fields_help(referral_status_fields, referral_status_nfields, 2);
}

int
cmd_referral_status(struct cli *cli, int argc, char **argv)
{
	referral r;
	referral_status_kind.init(&r);
	bool yes;
	const struct cli_flag flags[] = { { "yes", &yes }, { NULL, NULL } };
	int given, rc = cli_parse_fields(argc, argv, "referral-status", referral_status_fields,
					 referral_status_nfields, &r, &given, referral_status_help,
					 flags);
	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("referral-status", "%s", _("name a referral and a status"));
	/* The status, by its code or its name in either language. */
	senda_error err = { 0 };
	if (field_parse(&referral_status_fields[0], &r, argv[optind + 1], &err) != SENDA_OK ||
	    !*r.status) {
		senda_fail(&err, SENDA_E_CHOICE, N_("Status"), "%s",
			   "referred, contacted, enrolled, completed, declined, no_show, not_completed");
		return cli_fail(&err);
	}
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_err e = referral_set_status(cli->db, argv[optind], r.status, r.status_on, r.note,
					  r.credential, yes, &err);
	if (e == SENDA_E_CONFIRM)
		return need_confirm(&err);
	if (e != SENDA_OK)
		return cli_fail(&err);
	if (referral_get(cli->db, argv[optind], &r, &err) == SENDA_OK)
		/* L10N: reference code, new status */
		printf(_("Referral %s is now: %s\n"), r.code, _(referral_status_label(r.status)));
	return EXIT_OK;
}

/* The rows of 'senda referrals', built in one buffer each and written at
 * once: at a hub the list of open referrals has 157,000 of them. Columns:
 * code, the participant's name (when there is room), program, partner,
 * status, its date, the overdue mark; their widths from the width the rows
 * must fit (ref_layout). */
struct ref_out {
	int rows, limit;          /* limit 0: no limit */
	bool more;                /* a row follows the last one printed */
	char last[UUID_LEN];      /* the id of the last one printed */
	referral_pos *at;         /* the open list: the position of the row at hand */
	char *last_on, *last_made; /* and that of the last one printed */
	char *line;
	size_t cap;
	char *status[8];          /* each status's label, fitted once */
	const char *overdue;      /* its mark, translated once */
	senda_db *db;             /* to read the names */
	int name_w, program_w, partner_w, status_w, width;   /* name_w 0: no names */
};

static void
put(char *b, size_t *n, const char *s)
{
	size_t l = strlen(s);
	memcpy(b + *n, s, l);
	*n += l;
}

static void
put_col(char *b, size_t *n, const char *s, int w, bool gap)
{
	*n += text_fit_to(b + *n, s, (size_t)w, true);
	if (gap) {
		b[(*n)++] = ' ';
		b[(*n)++] = ' ';
	}
}

/* The header line, in the columns of the rows. */
static void
referral_header(const struct ref_out *o)
{
	size_t cap = TEXT_FIT_ROOM(64, (size_t)o->width) * 2;
	char *b = xmalloc(cap);
	size_t n = 0;
	/* L10N: header of the column of referral codes (R-XXXXXX) in 'senda referrals' */
	put_col(b, &n, _("Code"), 8, true);
	if (o->name_w)
		put_col(b, &n, _("Participant"), o->name_w, true);
	put_col(b, &n, _("Program"), o->program_w, true);
	/* L10N: header of the column of partner organizations in 'senda referrals' */
	put_col(b, &n, _("Partner"), o->partner_w, true);
	put_col(b, &n, _("Status"), o->status_w, true);
	/* L10N: header of the column of the status's date in 'senda referrals' */
	n += text_fit_to(b + n, _("Since"), 10, false);
	b[n++] = '\n';
	fwrite(b, 1, n, stdout);
	free(b);
}

static int
referral_row(const referral *r, void *ctx)
{
	struct ref_out *o = ctx;
	if (o->limit > 0 && o->rows == o->limit) {
		o->more = true;
		return 1;
	}
	if (o->rows++ == 0)
		referral_header(o);
	memcpy(o->last, r->id, UUID_LEN);
	if (o->at && o->at->status_on) {
		free(o->last_on);
		free(o->last_made);
		o->last_on = xstrdup(o->at->status_on);
		o->last_made = xstrdup(o->at->created_at);
	}
	/* The participant's name, when shown: read by id (a row the index
	 * gives has no name; a person not found shows as nobody). */
	char name[PARTICIPANT_NAME_MAX * 3 * 4 + 16] = "";
	if (o->name_w) {
		participant p;
		senda_error err = { 0 };
		if (participant_get(o->db, r->participant_id, &p, &err) == SENDA_OK) {
			participant_display_name(&p, name, sizeof name);
			participant_free(&p);
		}
	}
	size_t need = 8 + 2 + TEXT_FIT_ROOM(strlen(name), (size_t)o->name_w) + 2 +
		      TEXT_FIT_ROOM(strlen(r->program_name), (size_t)o->program_w) + 2 +
		      TEXT_FIT_ROOM(strlen(r->partner_name), (size_t)o->partner_w) + 2 +
		      TEXT_FIT_ROOM(256, (size_t)o->status_w) + 2 + sizeof r->status_on +
		      strlen(o->overdue) + 8 + sizeof r->code;
	if (need > o->cap) {
		o->cap = need * 2;
		o->line = xrealloc(o->line, o->cap);
	}
	char *b = o->line;
	size_t n = 0;
	put_col(b, &n, r->code, 8, true);
	if (o->name_w)
		put_col(b, &n, name, o->name_w, true);
	put_col(b, &n, r->program_name, o->program_w, true);
	put_col(b, &n, r->partner_name, o->partner_w, true);
	int k = 0;
	while (referral_statuses[k] && strcmp(referral_statuses[k], r->status) != 0)
		k++;
	if (!o->status[k]) {
		const char *label = referral_status_label(r->status);
		/* An unknown status (a newer senda's) is shown as stored. */
		char *safe = label ? NULL : text_inert(r->status);
		o->status[k] = text_fit(label ? _(label) : safe, (size_t)o->status_w, true);
		free(safe);
	}
	put(b, &n, o->status[k]);
	b[n++] = ' ';
	b[n++] = ' ';
	put(b, &n, r->status_on);
	if (r->overdue)
		put(b, &n, o->overdue);
	b[n++] = '\n';
	fwrite(b, 1, n, stdout);
	return 0;
}

/* The columns for rows of at most width - 1 columns (the last column of a
 * terminal is left alone: a full line there wraps on some terminals). The
 * status column is as wide as the longest label the list can show (the
 * open list: referred, contacted, enrolled); program and partner share
 * what is left, and the participant's name takes a share too when the rest
 * still has room (and the list is not one person's). */
static void
ref_layout(struct ref_out *o, int width, bool open_only, bool names)
{
	o->width = width;
	o->status_w = cli_width(_("Status"));
	for (int k = 0; referral_statuses[k]; k++) {
		if (open_only && referral_status_final(referral_statuses[k]))
			continue;
		int w = cli_width(_(referral_status_label(referral_statuses[k])));
		if (w > o->status_w)
			o->status_w = w;
	}
	int fixed = 8 + 2 + o->status_w + 2 + 10 + cli_width(o->overdue);
	int room = width - 1 - fixed - 2 - 2;   /* after program, after partner */
	o->name_w = 0;
	if (names && room - 2 >= 18 + 16 + 12) {
		o->name_w = (room - 2) * 3 / 8;
		if (o->name_w > 40)
			o->name_w = 40;
		room -= o->name_w + 2;
	}
	o->program_w = room * 3 / 5;
	if (o->program_w > 40)
		o->program_w = 40;
	if (o->program_w < 8)
		o->program_w = 8;
	o->partner_w = room - o->program_w;
	if (o->partner_w > 30)
		o->partner_w = 30;
	if (o->partner_w < 6)
		o->partner_w = 6;
}

/* The width the rows fit: the terminal's when the output is one; else 80,
 * whatever the terminal a script runs in, so that what it reads stays the
 * same (the columns, and no names there: a file or a pager at 80 columns). */
static int
out_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* One screenful on a terminal (its height less the header, the lines
 * under the list and the prompt; a row or the "Next page" line wider than
 * the terminal takes two lines or more), everything when the output goes
 * to a file or a program. */
static int
screenful(int row_width, int next_width)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	struct winsize ws;
	bool known = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0;
	int lines = known ? ws.ws_row : 24, cols = known ? ws.ws_col : 80;
	int per_row = (row_width + cols - 1) / cols;
	int next = (next_width + cols - 1) / cols;
	int rows = (lines - 3 - next) / (per_row > 0 ? per_row : 1);
	return rows > 0 ? rows : 1;
}

int
cmd_referrals(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "after", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *after = NULL;
	int limit = -1, c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'l':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > 100000000)
				return cli_usage_error("referrals", _("'%s' is not a whole number"),
						       optarg);
			limit = (int)v;
			break;
		case 'a': after = optarg; break;
		case 'h': cli_command_help("referrals"); return EXIT_OK;
		default: return cli_bad_option("referrals", c, argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("referrals", _("unexpected argument '%s'"), argv[optind + 1]);
	const char *who = optind < argc ? argv[optind] : NULL;
	if (who && after)
		return cli_usage_error("referrals", "%s",
				       /* L10N: keep --after as it is */
				       _("--after goes with the list of all open referrals, not with "
					 "a participant's"));
	/* L10N: marks an overdue referral in a list */
	const char *overdue_mark = _("  overdue");
	char pid[UUID_LEN] = "";
	referral_pos from = { 0 }, at = { 0 };
	struct ref_out o = { .limit = limit, .overdue = overdue_mark, .at = &at };
	ref_layout(&o, out_width(), !who, !who && isatty(STDOUT_FILENO));
	if (limit < 0)
		/* The widest row: code, name, program, partner, status, date, mark. */
		o.limit = limit = who ? 0 : screenful(8 + 2 + (o.name_w ? o.name_w + 2 : 0) +
						      o.program_w + 2 + o.partner_w + 2 +
						      o.status_w + 2 + 10 + cli_width(overdue_mark),
						      /* the line and its token: an id, a
						       * date, a time of the clock's form */
						      cli_width(_("Next page: --after %s\n")) - 3 +
						      36 + 1 + 10 + 1 + 24);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (who) {
		participant p;
		if (participant_get(cli->db, who, &p, &err) != SENDA_OK)
			return cli_fail(&err);
		snprintf(pid, sizeof pid, "%s", p.id);
		participant_free(&p);
	}
	/* Where to start: the position a "Next page" token carries (where the
	 * last one shown stood, whatever became of it), or where the referral
	 * a hand-typed code or id names stands now. */
	char *parts[2];
	if (after && cli_token_parse(after, from.id, parts, 2)) {
		from.status_on = parts[0];
		from.created_at = parts[1];
	} else if (after && strchr(after, ',')) {
		return cli_usage_error("referrals", _("'%s' is not a page from a \"Next page\" line"),
				       after);
	} else if (after) {
		referral r;
		if (referral_get(cli->db, after, &r, &err) != SENDA_OK ||
		    referral_pos_of(cli->db, r.id, &from, &err) != SENDA_OK)
			return cli_fail(&err);
	}
	/* The counts first: a file that cannot be read prints no rows. */
	int64_t open = 0, overdue = 0;
	int days = 0;
	if (!*pid && (referral_open_count(cli->db, &open, &err) != SENDA_OK ||
		      referral_overdue_count(cli->db, &overdue, &err) != SENDA_OK ||
		      referral_overdue_days(cli->db, &days, &err) != SENDA_OK)) {
		referral_pos_free(&from);
		return cli_fail(&err);
	}
	o.db = cli->db;
	senda_err e = *pid ? referral_list(cli->db, pid, referral_row, &o, &err)
		/* One row more than shown says whether the list goes on. */
		: referral_open_page_pos(cli->db, after ? &from : NULL, limit > 0 ? limit + 1 : 0,
					 &at, referral_row, &o, &err);
	referral_pos_free(&from);
	referral_pos_free(&at);
	free(o.line);
	for (size_t i = 0; i < sizeof o.status / sizeof o.status[0]; i++)
		free(o.status[i]);
	if (e != SENDA_OK) {
		free(o.last_on);
		free(o.last_made);
		return cli_fail(&err);
	}
	if (o.rows == 0 && !after)
		puts(_("No referrals."));
	else if (!*pid)
		/* L10N: open referrals, of them overdue, days without news */
		printf(_("%lld open, %lld overdue (no change in %d days)\n"),
		       (long long)open, (long long)overdue, days);
	if (o.more && o.rows > 0 && o.last_on) {
		const char *pos[] = { o.last_on, o.last_made };
		char *token = cli_token_make(o.last, pos, 2);
		printf(_("Next page: --after %s\n"), token);
		free(token);
	}
	free(o.last_on);
	free(o.last_made);
	return EXIT_OK;
}

static int
slip_no_consent(const senda_error *err)
{
	cli_fail(err);
	fprintf(stderr, "%s\n",
		_("Nothing was written. The slip carries the participant's name to the partner. "
		  "Ask them; if they agree to share their information with partners, run the "
		  "same command with --consent-given (their consent is recorded, dated today)."));
	return EXIT_ERROR;
}

int
cmd_slip(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "print", no_argument, NULL, 'p' },
		{ "consent-given", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL;
	bool print = false, consent = false;
	int flags = 0;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f': flags |= OUTFILE_FORCE; break;
		case 'p': print = true; break;
		case 'c': consent = true; break;
		case 'h': cli_command_help("slip"); return EXIT_OK;
		default: return cli_bad_option("slip", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("slip", "%s", _("name one referral"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (consent && referral_record_consent(cli->db, argv[optind], &err) != SENDA_OK)
		return cli_fail(&err);
	if (out) {
		if (referral_slip_write(cli->db, argv[optind], out, flags, &err) != SENDA_OK)
			return err.code == SENDA_E_CONSENT ? slip_no_consent(&err)
				: cli_fail_write(&err, out);
		if (!outfile_is_stdout(out))
			/* L10N: %s is a file name */
			printf(_("Slip written to %s.\n"), out);
	}
	char *text = referral_slip(cli->db, argv[optind], &err);
	if (!text)
		return err.code == SENDA_E_CONSENT ? slip_no_consent(&err) : cli_fail(&err);
	if (print) {
		FILE *lp = system("command -v lp >/dev/null 2>&1") == 0 ? popen("lp -s", "w") : NULL;
		if (!lp || fputs(text, lp) == EOF || pclose(lp) != 0) {
			free(text);
			fprintf(stderr, "senda: %s\n",
				_("No printer could take the slip; write it to a file with --out instead."));
			return EXIT_ERROR;
		}
		puts(_("Slip sent to the printer."));
	} else if (!out)
		fputs(text, stdout);
	free(text);
	return EXIT_OK;
}

/* ---- place ---------------------------------------------------------------- */

static void
place_help(void)
{
	cli_command_help("place");
	cli_fields_help(placement_fields, placement_nfields, 2);
}

int
cmd_place(struct cli *cli, int argc, char **argv)
{
	placement p;
	placement_init(&p);
	bool yes;
	const struct cli_flag flags[] = { { "yes", &yes }, { NULL, NULL } };
	int given, r = cli_parse_fields(argc, argv, "place", placement_fields, placement_nfields,
					&p, &given, place_help, flags);
	if (r < 0 && argc - optind != 1)
		r = cli_usage_error("place", "%s", _("name one participant id"));
	if (r < 0 && !cli_open(cli, false))
		r = EXIT_ERROR;
	if (r >= 0) {
		placement_free(&p);
		return r;
	}
	snprintf(p.participant_id, sizeof p.participant_id, "%s", argv[optind]);
	senda_error err = { 0 };
	senda_err e = placement_create(cli->db, &p, yes, &err);
	if (e != SENDA_OK) {
		placement_free(&p);
		return e == SENDA_E_CONFIRM ? need_confirm(&err) : cli_fail(&err);
	}
	participant who;
	char w[32], before[32];
	money_format(p.wage_cents, w, sizeof w);
	/* L10N: employer, hourly wage */
	printf(_("Placement recorded: %s, %s an hour.\n"), p.employer, w);
	if (participant_get(cli->db, p.participant_id, &who, &err) == SENDA_OK) {
		double pct;
		if (placement_wage_change(who.wage_cents, p.wage_cents, &pct))
			/* L10N: wage at intake, change in percent (keep %+.1f%%) */
			printf(_("Wage at intake: %s (%+.1f%%).\n"),
			       money_format(who.wage_cents, before, sizeof before), pct);
		participant_free(&who);
	}
	placement_free(&p);
	return EXIT_OK;
}

/* ---- edit-job ------------------------------------------------------------- */

static void
edit_job_help(void)
{
	cli_command_help("edit-job");
	/* As senda edit's: what the options are, and no * (nothing must be
	 * given: only the options given change). */
	puts(_("Options (only those given change; dates as MM/DD/YYYY in English,\n"
	       "DD/MM/YYYY in Spanish, or YYYY-MM-DD):"));
	cli_fields_help_unmarked(placement_fields, placement_nfields, 2);
}

/* Change fields of a job (its id as senda show prints it): only the
 * options given change; a moved start moves her calls not tried yet. */
int
cmd_edit_job(struct cli *cli, int argc, char **argv)
{
	placement p, base;
	placement_init(&p);
	placement_init(&base);
	const char *id = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	int given, r = -1;
	senda_error err = { 0 };
	if (id && !cli_open(cli, false))
		r = EXIT_ERROR;
	else if (id) {
		placement_free(&p);
		if (placement_get(cli->db, id, &p, &err) != SENDA_OK) {
			placement_init(&p);
			r = cli_fail(&err);
		} else {
			placement_free(&base);
			placement_kind.copy(&base, &p);
		}
	}
	bool yes = false;
	const struct cli_flag flags[] = { { "yes", &yes }, { NULL, NULL } };
	if (r < 0)
		r = cli_parse_fields(argc, argv, "edit-job", placement_fields, placement_nfields,
				     &p, &given, edit_job_help, flags);
	if (r < 0 && (!id || argc - optind != 1 || strcmp(argv[optind], id) != 0))
		/* L10N: senda edit-job without the job's id */
		r = cli_usage_error("edit-job", "%s", _("name one job id"));
	if (r < 0 && given == 0)
		r = cli_usage_error("edit-job", "%s", _("say what to change, e.g. --start"));
	if (r < 0) {
		senda_err e = placement_update(cli->db, &base, &p, yes, &err);
		if (e == SENDA_E_CONFIRM)
			r = need_confirm(&err);
		else if (e != SENDA_OK)
			r = cli_fail(&err);
		else {
			char start[11];
			snprintf(start, sizeof start, "%s", p.start_date);
			/* L10N: senda edit-job: employer, start date */
			printf(_("Job changed: %s, started %s.\n"), p.employer, start);
			r = EXIT_OK;
		}
	}
	placement_free(&p);
	placement_free(&base);
	return r;
}

/* ---- eligible ------------------------------------------------------------- */

static int
eligible_row(const program *g, const eligibility *e, void *ctx)
{
	(void)ctx;
	char why[200];
	char *name = text_fit(g->name, 30, true);
	char *pname = text_fit(g->partner_name ? g->partner_name : "", 20, true);
	printf("%s  %s  %s  %s %s\n", uuid_short(g->id), name, pname, e->eligible ? "+" : "-",
	       eligibility_text(e, why, sizeof why));
	free(name);
	free(pname);
	return 0;
}

int
cmd_eligible(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		cli_command_help("eligible");
		return EXIT_OK;
	}
	if (argc != 2)
		return cli_usage_error("eligible", "%s", _("name one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (eligibility_list(cli->db, argv[1], eligible_row, NULL, &err) != SENDA_OK)
		return cli_fail(&err);
	return EXIT_OK;
}
