/* senda — property test of issue 7, item 2: an interface edit interleaved
 * with command-line edits of random fields, 200 times. Two connections to
 * one file play the interface (a form loaded, edited, saved, conflicts
 * answered at random) and the command line (fresh read, change, save), as
 * two processes would. After each trial no change is lost that was not
 * shown to the user and knowingly replaced.
 * PROP_SEED=N replays one run; PROP_TRIALS=N changes the count. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "senda/db.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/site.h"

static uint64_t rng;

static unsigned
next(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

/* The fields that the two writers change, and values to choose from (few,
 * so that both writers often pick the same one). */
static const char *const cols[] = {
	"phone", "phone_alt", "email", "best_time", "country", "preferred_name",
	"work_interests", "years_in_us", "heard_from",
};
#define NCOLS (int)(sizeof cols / sizeof cols[0])

static const char *
pick_value(int c)
{
	static const char *const phones[] = { "", "509-555-0142", "509-555-0199", "(312) 555-0147" };
	static const char *const emails[] = { "", "a@example.org", "b@example.org" };
	static const char *const years[] = { "", "1", "5", "12" };
	static const char *const words[] = { "", "mañanas", "Perú", "Ñandú", "tardes" };
	if (c <= 1)
		return phones[next(4)];
	if (c == 2)
		return emails[next(3)];
	if (c == 7)
		return years[next(4)];
	return words[next(5)];
}

static void
set_col(participant *p, int c, const char *v)
{
	if (c == 7) {
		p->years_in_us = *v ? atoi(v) : -1;
		return;
	}
	char **slot = NULL;
	switch (c) {
	case 0: slot = &p->phone; break;
	case 1: slot = &p->phone_alt; break;
	case 2: slot = &p->email; break;
	case 3: slot = &p->best_time; break;
	case 4: slot = &p->country; break;
	case 5: slot = &p->preferred_name; break;
	case 6: slot = &p->work_interests; break;
	case 8: slot = &p->heard_from; break;
	}
	participant_set(slot, v);
}

static int
col_index(const char *name)
{
	for (int c = 0; c < NCOLS; c++)
		if (strcmp(cols[c], name) == 0)
			return c;
	return -1;
}

static bool
eq(const participant *a, const participant *b, int c)
{
	char *x = participant_value(a, cols[c]), *y = participant_value(b, cols[c]);
	bool r = strcmp(x, y) == 0;
	free(x);
	free(y);
	return r;
}

/* The command line: read the record now, change 1 to 3 fields, save.
 * cli[c] follows the value each field has after the command line's edits. */
static void
cli_edit(senda_db *db, const char *id, participant *cli)
{
	participant now, p;
	senda_error err = { 0 };
	ck_assert_int_eq(participant_get(db, id, &now, &err), SENDA_OK);
	participant_copy(&p, &now);
	int k = 1 + (int)next(3);
	for (int i = 0; i < k; i++) {
		int c = (int)next(NCOLS);
		set_col(&p, c, pick_value(c));
	}
	/* Keep each value valid for its field. */
	for (int c = 0; c < NCOLS; c++) {
		char *v = participant_value(&p, cols[c]);
		if ((c <= 1 && *v && !participant_phone_ok(v)) || (c == 2 && *v && !strchr(v, '@')) ||
		    (c == 7 && *v && atoi(v) == 0 && strcmp(v, "0") != 0))
			set_col(&p, c, "");
		free(v);
	}
	ck_assert_int_eq(participant_update(db, &now, &p, NULL, &err), SENDA_OK);
	participant_free(cli);
	participant_copy(cli, &p);
	participant_free(&now);
	participant_free(&p);
}

START_TEST(interleaved_edits_lose_nothing_unconfirmed)
{
	const char *seed_env = getenv("PROP_SEED");
	const char *trials_env = getenv("PROP_TRIALS");
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : (uint64_t)getpid();
	int trials = trials_env ? atoi(trials_env) : 200;
	rng = seed;
	printf("# PROP_SEED=%llu\n", (unsigned long long)seed);

	char dir[] = "/tmp/senda-prop.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xasprintf("%s/p.db", dir);
	senda_db *ui, *cl;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &cl, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(cl, "Centro", "Ana", "es", &err), SENDA_OK);
	ck_assert_int_eq(db_open(path, 0, &ui, &err), SENDA_OK);

	int conflicts = 0, rounds2 = 0;
	for (int t = 0; t < trials; t++) {
		participant p, base, mine, wanted, cli, final;
		participant_init(&p);
		participant_set(&p.given_names, "Rosa");
		participant_set(&p.first_surname, "Peña");
		for (int c = 0; c < NCOLS; c++)
			if (next(2))
				set_col(&p, c, pick_value(c));
		for (int c = 0; c < 2; c++) {
			char *v = participant_value(&p, cols[c]);
			if (*v && !participant_phone_ok(v))
				set_col(&p, c, "");
			free(v);
		}
		ck_assert_int_eq(participant_create(cl, &p, &err), SENDA_OK);

		/* The interface loads the form. */
		ck_assert_int_eq(participant_get(ui, p.id, &base, &err), SENDA_OK);
		participant loaded;
		participant_copy(&loaded, &base);
		participant_copy(&cli, &base);
		/* The command line edits 0 to 3 times meanwhile. */
		for (int k = (int)next(4); k > 0; k--)
			cli_edit(cl, p.id, &cli);
		/* The user changes 1 to 4 fields. */
		participant_copy(&mine, &base);
		for (int k = 1 + (int)next(4); k > 0; k--) {
			int c = (int)next(NCOLS);
			const char *v = pick_value(c);
			if (c <= 1 && *v && !participant_phone_ok(v))
				v = "";
			if (c == 2 && *v && !strchr(v, '@'))
				v = "";
			set_col(&mine, c, v);
		}
		participant_copy(&wanted, &mine);   /* what the user typed */
		int decision[NCOLS];                /* 0 not shown, 1 kept mine, 2 took theirs */
		memset(decision, 0, sizeof decision);
		bool superseded[NCOLS];             /* changed later by one who saw the user's value */
		memset(superseded, 0, sizeof superseded);
		participant_conflict cf;
		senda_err e;
		int round = 0;
		while ((e = participant_update(ui, &base, &mine, &cf, &err)) == SENDA_E_CONFLICT) {
			conflicts++;
			if (round++)
				rounds2++;
			const char *theirs[PARTICIPANT_NFIELDS];
			int nt = 0;
			for (int i = 0; i < cf.n; i++) {
				int c = col_index(cf.cols[i]);
				ck_assert_int_ge(c, 0);
				/* What was shown as the other value is the stored one. */
				ck_assert(eq(&cf.current, &cli, c));
				if (next(2)) {
					decision[c] = 1;
				} else {
					decision[c] = 2;
					theirs[nt++] = cf.cols[i];
				}
			}
			participant_rebase(&mine, &base, &cf.current, theirs, nt);
			participant_free(&base);
			base = cf.current;
			participant_init(&cf.current);
			/* Sometimes the command line changes more while the user answers.
			 * Where the stored value was already the user's (the other writer
			 * had typed the same), that later edit is made knowing it. */
			if (next(3) == 0) {
				participant seen;
				participant_copy(&seen, &cli);
				cli_edit(cl, p.id, &cli);
				for (int c = 0; c < NCOLS; c++)
					if (eq(&seen, &wanted, c) && !eq(&cli, &seen, c))
						superseded[c] = true;
				participant_free(&seen);
			}
			ck_assert_int_lt(round, 20);
		}
		ck_assert_int_eq(e, SENDA_OK);
		ck_assert_int_eq(participant_get(cl, p.id, &final, &err), SENDA_OK);
		for (int c = 0; c < NCOLS; c++) {
			bool user_changed = !eq(&wanted, &loaded, c);
			/* A field the user left alone has the command line's value; one
			 * the user changed has the user's value, unless it was shown
			 * in a conflict and the user took the other one, or the other
			 * writer changed it again after seeing the user's value. */
			const participant *expect = !user_changed || decision[c] == 2 || superseded[c]
				? &cli : &wanted;
			if (!eq(&final, expect, c)) {
				char *got = participant_value(&final, cols[c]);
				char *want = participant_value(expect, cols[c]);
				ck_abort_msg("trial %d, %s: stored \"%s\", expected \"%s\" (user %s, decision %d;"
					     " PROP_SEED=%llu)", t, cols[c], got, want,
					     user_changed ? "changed it" : "did not", decision[c],
					     (unsigned long long)seed);
			}
		}
		participant_free(&loaded);
		participant_free(&final);
		participant_free(&wanted);
		participant_free(&mine);
		participant_free(&cli);
		participant_free(&base);
		participant_free(&p);
	}
	printf("# %d trials, %d conflicts shown, %d second rounds\n", trials, conflicts, rounds2);
	db_close(ui);
	db_close(cl);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(path);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("concurrent");
	TCase *tc = tcase_create("concurrent");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, interleaved_edits_lose_nothing_unconfirmed);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
