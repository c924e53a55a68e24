/* senda — commands along the pathway: screen, refer, referral-status,
 * referrals, slip, place, eligible. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* A date typed on the command line (the user's order, or ISO) into iso[11];
 * "" stays "". Read by the one date rule of the field descriptors, so that
 * its messages (the order, a year in the future) are the same everywhere.
 * Returns false after printing the problem. */
static bool
cli_date(const char *typed, const char *label, char iso[11])
{
	const field_desc date = { "date", label, FK_DATE, 0, 0, false, NULL, NULL, NULL, NULL,
				  FT_LOCAL, 0 };
	senda_error err = { 0 };
	iso[0] = '\0';
	if (field_parse(&date, iso, typed, &err) != SENDA_OK) {
		cli_fail(&err);
		return false;
	}
	return true;
}

/* Print a confirmation request the command line way. */
/* Copy an option's text into a fixed field of cap bytes (room for
 * (cap - 1) / 4 characters of up to 4 bytes), or refuse it when it does
 * not fit: what the user typed is never cut. */
static bool
take_text(char *dst, size_t cap, const char *v, const char *label)
{
	if (strlen(v) >= cap) {
		senda_error err = { 0 };
		senda_fail(&err, SENDA_E_TOOLONG, label, _("at most %d characters, this has %zu"),
			   (int)((cap - 1) / 4), text_chars(v));
		cli_fail(&err);
		return false;
	}
	snprintf(dst, cap, "%s", v);
	return true;
}

static int
need_confirm(const senda_error *err)
{
	cli_fail(err);
	fprintf(stderr, "%s\n", _("Nothing was saved. Run the same command with --yes to confirm."));
	return EXIT_ERROR;
}

/* ---- screen --------------------------------------------------------------- */

int
cmd_screen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "instrument", required_argument, NULL, 'i' },
		{ "score", required_argument, NULL, 's' },
		{ "level", required_argument, NULL, 'l' },
		{ "date", required_argument, NULL, 'd' },
		{ "screener", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	screening s;
	memset(&s, 0, sizeof s);
	s.score = -1;
	const char *score = NULL, *level = NULL, *date = NULL;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': snprintf(s.instrument, sizeof s.instrument, "%s", optarg); break;
		case 's': score = optarg; break;
		case 'l': level = optarg; break;
		case 'd': date = optarg; break;
		case 'w':
			if (!take_text(s.screener, sizeof s.screener, optarg, N_("Screener")))
				return EXIT_ERROR;
			break;
		case 'h': cli_command_help("screen"); return EXIT_OK;
		default: return cli_bad_option("screen", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("screen", "%s", _("name one participant id"));
	if (!*s.instrument)
		return cli_usage_error("screen", "%s",
				       _("say which test: --instrument casas, best_plus, best_literacy, tabe_clas_e or oral"));
	senda_error err = { 0 };
	if (!esl_instrument_known(s.instrument)) {
		senda_fail(&err, SENDA_E_CHOICE, N_("Instrument"), "casas, best_plus, best_literacy, tabe_clas_e, oral");
		return cli_fail(&err);
	}
	if (strcmp(s.instrument, "oral") == 0) {
		s.level = level ? esl_parse_score(level) : -1;
		if (s.level < 1 || s.level > 6) {
			senda_fail(&err, SENDA_E_RANGE, N_("Level"), "1–6");
			return cli_fail(&err);
		}
	} else {
		s.score = esl_parse_score(score);
		if (s.score < 0) {
			senda_fail(&err, SENDA_E_NUMBER, N_("Score"), "%s", score ? score : "");
			return cli_fail(&err);
		}
	}
	if (!cli_date(date, N_("Screening date"), s.screened_on))
		return EXIT_ERROR;
	if (!*s.screened_on)
		date_to_iso(clock_today(), s.screened_on);
	snprintf(s.participant_id, sizeof s.participant_id, "%s", argv[optind]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	if (screening_create(cli->db, &s, &err) != SENDA_OK)
		return cli_fail(&err);
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

int
cmd_refer(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "consent-given", no_argument, NULL, 'c' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	referral r;
	memset(&r, 0, sizeof r);
	const char *date = NULL, *note = NULL;
	int c, flags = 0;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'n': note = optarg; break;
		case 'c': flags |= REFER_CONSENT_GIVEN; break;
		case 'y': flags |= REFER_AGAIN; break;
		case 'h': cli_command_help("refer"); return EXIT_OK;
		default: return cli_bad_option("refer", c, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("refer", "%s", _("name a participant id and a program id"));
	if (!cli_date(date, N_("Referral date"), r.referred_on))
		return EXIT_ERROR;
	snprintf(r.participant_id, sizeof r.participant_id, "%s", argv[optind]);
	snprintf(r.program_id, sizeof r.program_id, "%s", argv[optind + 1]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	senda_err e = referral_create(cli->db, &r, note, flags, &err);
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

/* A status as typed: its code, or its label in either language. */
static const char *
status_code(const char *typed)
{
	char *f = text_fold(typed ? typed : "");
	const char *found = NULL;
	for (int i = 0; f && referral_statuses[i] && !found; i++) {
		const char *code = referral_statuses[i];
		char *en = text_fold(referral_status_label(code));
		char *tr = text_fold(_(referral_status_label(code)));
		if (strcmp(f, code) == 0 || (en && strcmp(f, en) == 0) || (tr && strcmp(f, tr) == 0))
			found = code;
		free(en);
		free(tr);
	}
	free(f);
	return found;
}

int
cmd_referral_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "credential", required_argument, NULL, 'c' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *date = NULL, *note = NULL, *cred = NULL;
	bool yes = false;
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = getopt_long(argc, argv, ":hy", opts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'n': note = optarg; break;
		case 'c': cred = optarg; break;
		case 'y': yes = true; break;
		case 'h': cli_command_help("referral-status"); return EXIT_OK;
		default: return cli_bad_option("referral-status", c, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("referral-status", "%s", _("name a referral and a status"));
	const char *status = status_code(argv[optind + 1]);
	if (!status) {
		senda_error err;
		senda_fail(&err, SENDA_E_CHOICE, N_("Status"), "%s",
			   "referred, contacted, enrolled, completed, declined, no_show, not_completed");
		return cli_fail(&err);
	}
	char on[11];
	if (!cli_date(date, N_("Status date"), on))
		return EXIT_ERROR;
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	senda_err e = referral_set_status(cli->db, argv[optind], status, on, note, cred, yes, &err);
	if (e == SENDA_E_CONFIRM)
		return need_confirm(&err);
	if (e != SENDA_OK)
		return cli_fail(&err);
	referral r;
	if (referral_get(cli->db, argv[optind], &r, &err) == SENDA_OK)
		/* L10N: reference code, new status */
		printf(_("Referral %s is now: %s\n"), r.code, _(referral_status_label(r.status)));
	return EXIT_OK;
}

static int
referral_row(const referral *r, void *ctx)
{
	int *rows = ctx;
	(*rows)++;
	char *prog = text_fit(r->program_name, 28, true);
	char *part = text_fit(r->partner_name, 18, true);
	char *st = text_fit(_(referral_status_label(r->status)), 16, true);
	printf("%-8s  %s  %s  %s  %s%s\n", r->code, prog, part, st, r->status_on,
	       /* L10N: marks an overdue referral in a list */
	       r->overdue ? _("  overdue") : "");
	free(prog);
	free(part);
	free(st);
	return 0;
}

int
cmd_referrals(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		cli_command_help("referrals");
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error("referrals", _("unexpected argument '%s'"), argv[2]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	char pid[UUID_LEN] = "";
	if (argc == 2) {
		participant p;
		if (participant_get(cli->db, argv[1], &p, &err) != SENDA_OK)
			return cli_fail(&err);
		snprintf(pid, sizeof pid, "%s", p.id);
		participant_free(&p);
	}
	int rows = 0;
	if (referral_list(cli->db, *pid ? pid : NULL, referral_row, &rows, &err) != SENDA_OK)
		return cli_fail(&err);
	if (rows == 0)
		puts(_("No referrals."));
	else if (!*pid) {
		int64_t open = 0, overdue = 0;
		int days = 0;
		if (referral_open_count(cli->db, &open, &err) != SENDA_OK ||
		    referral_overdue_count(cli->db, &overdue, &err) != SENDA_OK ||
		    referral_overdue_days(cli->db, &days, &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: open referrals, of them overdue, days without news */
		printf(_("%lld open, %lld overdue (no change in %d days)\n"),
		       (long long)open, (long long)overdue, days);
	}
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
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
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

int
cmd_place(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "employer", required_argument, NULL, 'e' },
		{ "title", required_argument, NULL, 't' },
		{ "sector", required_argument, NULL, 's' },
		{ "start", required_argument, NULL, 'b' },
		{ "end", required_argument, NULL, 'f' },
		{ "wage", required_argument, NULL, 'w' },
		{ "hours", required_argument, NULL, 'o' },
		{ "benefits", required_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	placement p;
	memset(&p, 0, sizeof p);
	p.wage_cents = -1;
	p.hours_week = -1;
	p.benefits = -1;
	const char *start = NULL, *end = NULL, *wage = NULL;
	bool yes = false;
	senda_error err = { 0 };
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = getopt_long(argc, argv, ":hy", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (!take_text(p.employer, sizeof p.employer, optarg, N_("Employer")))
				return EXIT_ERROR;
			break;
		case 't':
			if (!take_text(p.job_title, sizeof p.job_title, optarg, N_("Job title")))
				return EXIT_ERROR;
			break;
		case 's':
			if (!take_text(p.sector, sizeof p.sector, optarg, N_("Sector")))
				return EXIT_ERROR;
			break;
		case 'b': start = optarg; break;
		case 'f': end = optarg; break;
		case 'w': wage = optarg; break;
		case 'o':
			p.hours_week = esl_parse_score(optarg);
			if (p.hours_week < 0 || p.hours_week > 100) {
				senda_fail(&err, SENDA_E_RANGE, N_("Hours a week"), "0–100");
				return cli_fail(&err);
			}
			break;
		case 'n':
			p.benefits = text_yes_no(optarg);
			if (p.benefits < 0) {
				senda_fail(&err, SENDA_E_CHOICE, N_("Benefits"), "%s", _("yes or no"));
				return cli_fail(&err);
			}
			break;
		case 'y': yes = true; break;
		case 'h': cli_command_help("place"); return EXIT_OK;
		default: return cli_bad_option("place", c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("place", "%s", _("name one participant id"));
	if (wage) {
		p.wage_cents = money_parse(wage);
		if (p.wage_cents < 0) {
			senda_fail(&err, SENDA_E_NUMBER, N_("Hourly wage"), "%s", wage);
			return cli_fail(&err);
		}
	}
	if (!cli_date(start, N_("Start date"), p.start_date) || !cli_date(end, N_("End date"), p.end_date))
		return EXIT_ERROR;
	snprintf(p.participant_id, sizeof p.participant_id, "%s", argv[optind]);
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_err e = placement_create(cli->db, &p, yes, &err);
	if (e == SENDA_E_CONFIRM)
		return need_confirm(&err);
	if (e != SENDA_OK)
		return cli_fail(&err);
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
	return EXIT_OK;
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
