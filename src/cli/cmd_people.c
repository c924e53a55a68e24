/* senda — commands about participants: add, edit, list, search, show. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/access.h"
#include "senda/clock.h"
#include "senda/date.h"
#include "senda/dedupe.h"
#include "senda/calls.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/esl.h"
#include "senda/participant.h"
#include "senda/review.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/width.h"

/* ---- add / edit: one option per field, from the model's field table ----- */

void
cli_field_options_help(void)
{
	puts(_("Options for add and edit (dates as MM/DD/YYYY in English, DD/MM/YYYY in\n"
	       "Spanish, or YYYY-MM-DD; * must be given to add):"));
	cli_fields_help(participant_fields, participant_nfields, 2);
}

static int
parse_fields(int argc, char **argv, const char *cmd, participant *p, int *given)
{
	return cli_parse_fields(argc, argv, cmd, participant_fields, participant_nfields, p,
				given, NULL, NULL);
}

/* The people already saved whom p may be, as at an intake: told on
 * standard error, and true when there is one (nothing is then saved). */
static bool
told_duplicates(struct cli *cli, participant *p, int *r)
{
	senda_error err = { 0 };
	dedupe_match *m = NULL;
	size_t n = 0;
	if (participant_validate(p, clock_today(), NULL) != SENDA_OK)
		return false;   /* participant_create says what is wrong */
	if (dedupe_candidates(cli->db, p, 5, &m, &n, &err) != SENDA_OK) {
		*r = cli_fail(&err);
		return true;
	}
	if (n == 0)
		return false;
	/* L10N: senda add, when the person may be one already saved */
	fprintf(stderr, "%s\n", P_("senda: this may be someone already saved; nothing was saved:",
				   "senda: this may be one of these people already saved; nothing "
				   "was saved:", (unsigned long)n));
	for (size_t i = 0; i < n; i++) {
		participant q;
		if (participant_get(cli->db, m[i].id, &q, NULL) != SENDA_OK)
			continue;
		char *name = participant_name_new(&q);
		char *safe = text_inert(name);
		fprintf(stderr, "  %s  %s%s%s: %s\n", uuid_short(q.id), safe ? safe : "",
			*q.birth_date ? ", " : "", q.birth_date, m[i].evidence);
		free(safe);
		free(name);
		participant_free(&q);
	}
	/* L10N: senda add, after the possible duplicates; the commands stay in English */
	fputs(_("Look at them with 'senda show ID'; if this is another person, add again with "
		"--yes.\n"), stderr);
	dedupe_matches_free(m, n);
	*r = EXIT_ERROR;
	return true;
}

int
cmd_add(struct cli *cli, int argc, char **argv)
{
	participant p;
	participant_init(&p);
	bool yes = false;
	const struct cli_flag flags[] = { { "yes", &yes }, { NULL, NULL } };
	int given, r = cli_parse_fields(argc, argv, "add", participant_fields, participant_nfields,
					&p, &given, NULL, flags);
	if (r < 0 && optind < argc)
		r = cli_usage_error("add", _("unexpected argument '%s'"), argv[optind]);
	if (r < 0 && !cli_open(cli, false))
		r = EXIT_ERROR;
	/* As at an intake: a possible duplicate is said, and saved only when
	 * --yes says it is another person. */
	if (r < 0 && !yes && perm_allowed((enum senda_role)db_actor_role(cli->db), PERM_PEOPLE_LIST))
		told_duplicates(cli, &p, &r);
	if (r < 0) {
		senda_error err = { 0 };
		if (participant_create(cli->db, &p, &err) != SENDA_OK)
			r = cli_fail(&err);
		else {
			puts(p.id);
			r = EXIT_OK;
		}
	}
	participant_free(&p);
	return r;
}

int
cmd_edit(struct cli *cli, int argc, char **argv)
{
	participant p, base;
	participant_init(&p);
	participant_init(&base);
	/* Options apply on top of the stored record: read it first. */
	const char *id = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	int given, r = -1;
	if (id && !cli_open(cli, false))
		r = EXIT_ERROR;
	else if (id) {
		senda_error err = { 0 };
		participant_free(&p);   /* participant_get fills a fresh one */
		if (participant_get(cli->db, id, &p, &err) != SENDA_OK) {
			participant_init(&p);
			r = cli_fail(&err);
		} else {
			participant_free(&base);
			participant_copy(&base, &p);
		}
	}
	if (r < 0)
		r = parse_fields(argc, argv, "edit", &p, &given);
	if (r < 0 && (!id || argc - optind != 1 || strcmp(argv[optind], id) != 0))
		r = cli_usage_error("edit", "%s", _("name one participant id"));
	if (r < 0 && given == 0)
		r = cli_usage_error("edit", "%s", _("say what to change, e.g. --phone"));
	if (r < 0) {
		/* Only the fields given change; one that another writer changed
		 * since it was read here is a conflict, reported, not overwritten. */
		senda_error err = { 0 };
		if (participant_update(cli->db, &base, &p, NULL, &err) != SENDA_OK)
			r = cli_fail(&err);
		else {
			puts(p.id);
			r = EXIT_OK;
		}
	}
	participant_free(&p);
	participant_free(&base);
	return r;
}

/* ---- list / search ----------------------------------------------------- */

struct table {
	int rows;
	int limit;               /* rows to print (0: all); one more is read to know */
	bool more;               /* rows follow the last one printed */
	char last[UUID_LEN];     /* list: the id of the last one printed */
	participant_pos *at;     /* list: the position of the row at hand */
	char *last_key;          /* list: the sort key of the last one printed */
};

static void
table_header(void)
{
	char *id = text_fit(_("ID"), 8, true);
	char *name = text_fit(_("Name"), 40, true);
	char *born = text_fit(_("Born"), 10, true);
	printf("%s  %s  %s  %s\n", id, name, born, _("Phone"));
	free(id);
	free(name);
	free(born);
}

static int
table_row(const participant *p, void *ctx)
{
	struct table *t = ctx;
	if (t->rows++ == 0)
		table_header();
	char *full = participant_name_new(p);
	char *name = text_fit(full, 40, true);
	free(full);
	char *phone = text_fit(p->phone, 24, false);
	printf("%s  %s  %-10s  %s\n", uuid_short(p->id), name, p->birth_date, phone);
	free(name);
	free(phone);
	return 0;
}

/* A row of the list: the one after the last to print says that more follow. */
static int
list_row(const participant *p, void *ctx)
{
	struct table *t = ctx;
	if (t->limit > 0 && t->rows == t->limit) {
		t->more = true;
		return 1;
	}
	snprintf(t->last, sizeof t->last, "%s", p->id);
	if (t->at && t->at->sort_key) {
		free(t->last_key);
		t->last_key = xstrdup(t->at->sort_key);
	}
	return table_row(p, ctx);
}

static int
parse_limit(int argc, char **argv, const char *cmd, int *limit, int64_t *offset,
	    const char **after)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "offset", required_argument, NULL, 'o' },
		{ "after", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":l:o:h", opts, NULL)) != -1) {
		char *end;
		long long v;
		switch (c) {
		case 'a':
			if (!after)
				return cli_bad_option(cmd, c, argv);
			*after = optarg;
			break;
		case 'l':
		case 'o':
			errno = 0;
			v = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > 100000000)
				return cli_usage_error(cmd, _("'%s' is not a whole number"), optarg);
			if (c == 'l')
				*limit = (int)v;
			else if (offset)
				*offset = v;
			else
				return cli_bad_option(cmd, c, argv);
			break;
		case 'h':
			cli_command_help(cmd);
			return EXIT_OK;
		default:
			return cli_bad_option(cmd, c, argv);
		}
	}
	return -1;
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	int limit = 50;
	int64_t offset = -1;
	const char *after = NULL;
	int r = parse_limit(argc, argv, "list", &limit, &offset, &after);
	if (r >= 0)
		return r;
	if (optind < argc)
		return cli_usage_error("list", _("unexpected argument '%s'"), argv[optind]);
	if (after && offset >= 0)
		/* L10N: keep the option names as they are */
		return cli_usage_error("list", "%s", _("--after and --offset do not go together"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	senda_err e;
	/* Where to start: the position a "Next page" token carries (where the
	 * last one shown stood, whatever became of them), or where the
	 * participant a hand-typed id names stands now. */
	participant_pos from = { 0 }, at = { 0 };
	if (after) {
		char id[UUID_LEN], *key;
		if (cli_token_parse(after, id, &key, 1)) {
			from.sort_key = key;
			memcpy(from.id, id, UUID_LEN);
		} else if (strchr(after, ',')) {
			return cli_usage_error("list", _("'%s' is not a page from a \"Next page\" line"),
					       after);
		} else {
			participant p;
			if ((e = participant_get(cli->db, after, &p, &err)) == SENDA_OK) {
				e = participant_pos_of(cli->db, p.id, &from, &err);
				participant_free(&p);
			}
			if (e != SENDA_OK)
				return cli_fail(&err);
		}
	}
	struct table t = { .limit = limit, .at = &at };
	/* The count first: a file that cannot be counted prints no rows. */
	int64_t total = 0;
	if ((e = participant_count(cli->db, &total, &err)) == SENDA_OK) {
		/* One row more than asked for says whether the list goes on. By
		 * position (--after, or from the start), any page costs what the
		 * first does; --offset reads every row before its page. */
		int want = limit > 0 && limit < INT_MAX ? limit + 1 : 0;
		if (offset > 0) {
			t.at = NULL;
			e = participant_list(cli->db, offset, want > 0 ? want : -1, list_row, &t,
					     &err);
			/* The last one's position, read after: --offset pages by count. */
			if (e == SENDA_OK && t.more && t.rows > 0 &&
			    (e = participant_pos_of(cli->db, t.last, &at, &err)) == SENDA_OK)
				t.last_key = xstrdup(at.sort_key);
		} else
			e = participant_page_pos(cli->db, after ? &from : NULL, want, &at, list_row,
						 &t, &err);
	}
	participant_pos_free(&from);
	participant_pos_free(&at);
	if (e != SENDA_OK) {
		free(t.last_key);
		return cli_fail(&err);
	}
	if (total == 0)
		puts(_("No participants yet. Add one with 'senda add' or open senda."));
	else
		/* L10N: shown under the list: rows shown, of the total */
		printf(P_("%d of %" PRId64 " participant\n", "%d of %" PRId64 " participants\n",
			  (unsigned long)total), t.rows, total);
	if (t.more && t.rows > 0 && t.last_key) {
		const char *parts[] = { t.last_key };
		char *token = cli_token_make(t.last, parts, 1);
		/* L10N: under a list that goes on: the option that shows the next
		 * rows (keep --after), with the whole id of the last one shown */
		printf(_("Next page: --after %s\n"), token);
		free(token);
	}
	free(t.last_key);
	return EXIT_OK;
}

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	int limit = 50;
	int r = parse_limit(argc, argv, "search", &limit, NULL, NULL);
	if (r >= 0)
		return r;
	if (optind >= argc)
		return cli_usage_error("search", "%s", _("say what to look for"));
	size_t n = 1;
	for (int i = optind; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *text = xcalloc(1, n);
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	if (!cli_open(cli, false)) {
		free(text);
		return EXIT_ERROR;
	}
	/* --limit as list's: N rows (0: all); the count says whether more match. */
	struct table t = { .limit = limit };
	senda_error err = { 0 };
	/* The count goes on from the rows shown, in the same pass. */
	int64_t found = 0;
	bool exact = true;
	senda_err e = participant_search_counted(cli->db, text, limit > 0 ? limit : INT_MAX,
						 list_row, &t, &found, &exact, &err);
	t.more = found > t.rows;
	free(text);
	if (e != SENDA_OK)
		return cli_fail(&err);
	if (t.rows == 0) {
		puts(_("Nobody found."));
		return EXIT_ERROR;
	}
	if (t.more && exact)
		/* L10N: under a search that stopped at its --limit: rows shown, how
		 * many match, the --limit that shows them all (keep --limit) */
		printf(_("The first %d of %lld found; --limit %lld shows them all.\n"), t.rows,
		       (long long)found, (long long)found);
	else if (t.more)
		/* L10N: the same when the count stopped reading: at least that many
		 * match (keep --limit N and 0) */
		printf(_("The first %d of at least %lld found; --limit N shows more (0: all).\n"),
		       t.rows, (long long)found);
	return EXIT_OK;
}

/* ---- show -------------------------------------------------------------- */

static void
date_value(const char *iso, char *buf, size_t n)
{
	sdate d;
	if (!*iso)
		snprintf(buf, n, "%s", "");
	else if (date_from_iso(iso, &d) == DATE_OK) {
		char words[64];
		snprintf(buf, n, "%s (%s)", date_words(d, i18n_lang(), words, sizeof words), iso);
	} else
		snprintf(buf, n, "%s", iso);
}

static const char *
yes_no_text(int v)
{
	return v < 0 ? "" : v ? _("yes") : _("no");
}

struct history {
	int width;
};

static int
history_line(const participant_change *c, void *ctx)
{
	(void)ctx;
	char when[17];
	snprintf(when, sizeof when, "%.10s %.5s", c->at, c->at[0] ? c->at + 11 : "");
	char *who = text_fit(*c->user_name ? c->user_name : "?", 18, true);
	char what[600];
	if (participant_change_text(c, what, sizeof what)) {
		char *safe = text_inert(what);
		printf("  %s  %s  %s\n", when, who, safe ? safe : what);
		free(safe);
	} else if (!*c->field) {
		printf("  %s  %s  %s\n", when, who, _("Record created"));
	} else {
		/* Values as the participant's field table shows them ("$12.00",
		 * "Yes", a date in the language's order). */
		const field_desc *f = field_find(participant_fields, participant_nfields, c->field);
		const char *label = f ? f->label : participant_field_label(c->field);
		char *o = f ? field_shown(f, c->old_value) : text_inert(c->old_value ? c->old_value : "");
		char *nv = f ? field_shown(f, c->new_value) : text_inert(c->new_value ? c->new_value : "");
		/* L10N: a change in the history: field, old value, new value */
		printf(_("  %s  %s  %s: %s → %s\n"), when, who, label ? _(label) : c->field,
		       *o ? o : "—", *nv ? nv : "—");
		free(o);
		free(nv);
	}
	free(who);
	return 0;
}

/* A merge conflict of hers, as the record's history on the screen shows
 * it: the other value, then the one kept (newest first). */
static int
conflict_lines(const char *label, const char *kept, const char *other, const char *at,
	       bool reviewed, void *ctx)
{
	(void)reviewed;
	(void)ctx;
	char when[17];
	snprintf(when, sizeof when, "%.10s %.5s", at, at[0] ? at + 11 : "");
	const char *const which[2][2] = { { _("%s, conflict: other %s"), other },
					  { _("%s, conflict: kept %s"), kept } };
	for (int i = 0; i < 2; i++) {
		char *t = xasprintf(which[i][0], label, *which[i][1] ? which[i][1] : "—");
		char *safe = text_inert(t);
		printf("  %s  %-18s  %s\n", when, "", safe ? safe : "");
		free(safe);
		free(t);
	}
	return 0;
}

struct gains {
	senda_db *db;
	int first, last, n;
	senda_err e;          /* a level's name could not be read */
	senda_error *err;
};

static int
screening_line(const screening *s, void *ctx)
{
	struct gains *g = ctx;
	if (g->n++ == 0) {
		printf("%s\n", _("ESL screenings"));
		g->first = s->level;
	}
	g->last = s->level;
	char *name = NULL;
	senda_err e = esl_level_name(g->db, s->level, i18n_lang(), &name, g->err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
		g->e = e;
		return 1;
	}
	const char *label = esl_instrument_label(s->instrument);
	char score[16] = "";
	if (s->score >= 0)
		snprintf(score, sizeof score, " %d", s->score);
	/* L10N: date, test, score, level number, level name */
	printf(_("  %s  %s%s: level %d, %s%s\n"), s->screened_on, label ? _(label) : s->instrument,
	       score, s->level, name ? name : "",
	       /* L10N: after a screening whose score is above level 6 */
	       s->exited ? _(" (exited ESL)") : "");
	free(name);
	return 0;
}

static int
referral_line(const referral *r, void *ctx)
{
	int *n = ctx;
	if ((*n)++ == 0)
		printf("%s\n", _("Referrals"));
	/* L10N: code, program, partner, status, date of the status */
	printf(_("  %s  %s (%s): %s since %s%s%s\n"), r->code, r->program_name, r->partner_name,
	       _(referral_status_label(r->status)), r->status_on, *r->credential ? ", " : "",
	       r->credential);
	return 0;
}

struct jobs {
	int n;
	int64_t intake;
	senda_db *db;
	senda_err e;
	senda_error *err;
};

static int
placement_line(const placement *p, void *ctx)
{
	struct jobs *j = ctx;
	if (j->n++ == 0)
		printf("%s\n", _("Jobs"));
	char wage[32], change[64] = "";
	double pct;
	if (placement_wage_change(j->intake, p->wage_cents, &pct))
		/* L10N: the change of wage since intake, in percent; keep %+.1f%% */
		snprintf(change, sizeof change, _(" (%+.1f%% since intake)"), pct);
	/* L10N: start date, job title, employer, hourly wage, change */
	printf(_("  %s  %s at %s, %s an hour%s\n"), p->start_date,
	       *p->job_title ? p->job_title : "—", p->employer,
	       money_format(p->wage_cents, wage, sizeof wage), change);
	/* Retention, as the follow-up calls found it. */
	retention r;
	if ((j->e = calls_retention(j->db, p->participant_id, p->id, &r, j->err)) != SENDA_OK)
		return 1;
	for (int part = 0; part < 2; part++) {
		char *ret = retention_text(&r, part);
		printf("              %s\n", ret);
		free(ret);
	}
	/* L10N: senda show, under a job: how to change it (the command and the
	 * job's id stay as they are) */
	printf(_("              To change it: senda edit-job %s\n"), p->id);
	return 0;
}

static int
call_line(const char *when, const char *text, void *ctx)
{
	(void)when;
	int *n = ctx;
	if ((*n)++ == 0)
		/* L10N: a section of senda show: the follow-up calls */
		printf("%s\n", _("Follow-up calls"));
	char *safe = text_inert(text);
	printf("  %s\n", safe ? safe : "");
	free(safe);
	return 0;
}

static senda_err
show_pathway(senda_db *db, const participant *p, senda_error *err)
{
	/* What the acting user's role may not see is left out, not refused:
	 * ESL staff see the person and her screenings, without referrals or
	 * jobs (the model would refuse them). */
	enum senda_role r = (enum senda_role)db_actor_role(db);
	struct gains g = { db, 0, 0, 0, SENDA_OK, err };
	senda_err e = SENDA_OK;
	if (perm_allowed(r, PERM_SCREENING))
		e = screening_list(db, p->id, screening_line, &g, err);
	if (e == SENDA_OK && (e = g.e) == SENDA_OK && g.n > 1)
		/* L10N: first ESL level, latest level, difference */
		printf(_("  Level gain: %d → %d (%+d)\n"), g.first, g.last, g.last - g.first);
	int n = 0;
	if (e == SENDA_OK && perm_allowed(r, PERM_REFERRAL))
		e = referral_list(db, p->id, referral_line, &n, err);
	struct jobs j = { 0, p->wage_cents, db, SENDA_OK, err };
	if (e == SENDA_OK && perm_allowed(r, PERM_PLACEMENT))
		e = placement_list(db, p->id, placement_line, &j, err);
	if (e == SENDA_OK)
		e = j.e;
	/* Every call, whatever its purpose, with its outcome and answers. */
	int calls = 0;
	if (e == SENDA_OK && perm_allowed(r, PERM_CALLS))
		e = calls_of_person(db, p->id, call_line, &calls, err);
	return e;
}

/* A person's fields, one a line, as people read them (dates in words,
 * yes and no, the schooling's name, the wage in dollars): senda show and
 * senda privacy ID. Returns the labels' width. */
int
cli_print_participant(const participant *p)
{
	char born[100], consent[100];
	date_value(p->birth_date, born, sizeof born);
	date_value(p->consent_date, consent, sizeof consent);
	char years[16] = "", wage[32] = "";
	if (p->years_in_us >= 0)
		snprintf(years, sizeof years, "%d", p->years_in_us);
	if (p->wage_cents >= 0)
		snprintf(wage, sizeof wage, "$%" PRId64 ".%02d", p->wage_cents / 100,
			 (int)(p->wage_cents % 100));
	const char *school = participant_schooling_label(p->schooling);
	struct { const char *label; const char *value; } rows[] = {
		{ N_("ID"), p->id },
		{ N_("Given names"), p->given_names },
		{ N_("First surname"), p->first_surname },
		{ N_("Second surname"), p->second_surname },
		{ N_("Preferred name"), p->preferred_name },
		{ N_("Date of birth"), born },
		{ N_("Phone"), p->phone },
		{ N_("Other phone"), p->phone_alt },
		{ N_("E-mail"), p->email },
		{ N_("Participant's language"), p->language },
		{ N_("Best time to call"), p->best_time },
		{ N_("Country of origin"), p->country },
		{ N_("Years in the US"), years },
		{ N_("Schooling"), school ? _(school) : p->schooling },
		{ N_("Employed at intake"), yes_no_text(p->employed) },
		{ N_("Hourly wage at intake"), wage },
		{ N_("Work interests"), p->work_interests },
		{ N_("How they heard of us"), p->heard_from },
		{ N_("Consent to be contacted"), yes_no_text(p->consent_contact) },
		{ N_("Consent to share with partners"), yes_no_text(p->consent_share) },
		{ N_("Consent date"), consent },
		{ N_("Notes"), p->notes },
	};
	int w = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (cli_width(_(rows[i].label)) > w)
			w = cli_width(_(rows[i].label));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (*rows[i].value)
			cli_field(_(rows[i].label), w, rows[i].value);
	return w;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	optind = 0;   /* 0: glibc starts afresh (the global parse stopped at the command) */
	while ((c = cli_getopt(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_command_help("show");
			return EXIT_OK;
		}
		return cli_bad_option("show", c, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error("show", "%s", _("name one participant id"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	participant p;
	senda_error err = { 0 };
	if (participant_get(cli->db, argv[optind], &p, &err) != SENDA_OK)
		return cli_fail(&err);
	/* Who opened it, in the access log; a file that cannot be written
	 * (a read-only copy) is still shown, and so is one another program is
	 * writing (after a warning that the opening is not in the log). */
	senda_err ae = access_record(cli->db, p.id, ACCESS_SHOW, &err);
	if (ae == SENDA_E_BUSY) {
		cli_fail(&err);
		fputs(_("senda: this opening could not be written in the access log.\n"), stderr);
	} else if (ae != SENDA_OK && ae != SENDA_E_READONLY) {
		participant_free(&p);
		return cli_fail(&err);
	}
	senda_error_clear(&err);

	char *name = participant_name_new(&p);
	printf("%s\n", name);
	free(name);
	int w = cli_print_participant(&p);
	bool dnc = false;
	senda_err e = calls_do_not_call(cli->db, p.id, &dnc, &err);
	if (e == SENDA_OK && dnc)
		/* as the record says it (senda call-again lets her be called again) */
		cli_field(_("Do not call"), w, _("yes: this person asked not to be called again"));
	char *held = NULL;
	if (e == SENDA_OK)
		e = calls_phone_held(cli->db, p.id, &held, &err);
	if (e == SENDA_OK && *held) {
		/* L10N: senda show: the value beside "Wrong number" (%s: the phone) */
		char *t = xasprintf(_("%s: calls are held until the phone is changed"), held);
		char *safe = text_inert(t);
		cli_field(_("Wrong number"), w, safe ? safe : "");
		free(safe);
		free(t);
	}
	free(held);
	if (e == SENDA_OK)
		e = show_pathway(cli->db, &p, &err);
	if (e != SENDA_OK) {
		participant_free(&p);
		return cli_fail(&err);
	}
	printf("%s\n", _("History"));
	struct history h = { w };
	e = participant_history(cli->db, p.id, history_line, &h, &err);
	/* The same field changed at two sites at once, both values (a merge). */
	if (e == SENDA_OK)
		e = xc_record_conflicts(cli->db, "participant", p.id, conflict_lines, NULL, &err);
	participant_free(&p);
	return e == SENDA_OK ? EXIT_OK : cli_fail(&err);
}
