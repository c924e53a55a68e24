/* senda — what a merge leaves for a person (src/exchange/review.c): a
 * concurrent edit of one field is listed with both values as people read
 * them; keeping the winner marks it reviewed and writes nothing else;
 * taking the other value is a new edit with a new clock, in the change log
 * and in the next export; an edit of a deleted record cannot be taken; a
 * change from a clock far ahead is listed as held back. Two sites in files
 * under /dev/shm (a bundle is a file). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "senda/clock.h"
#include "senda/db.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/review.h"
#include "senda/site.h"

static char tmpdir[256];
static int serial;

static void
must(senda_err e, const senda_error *err, const char *what)
{
	ck_assert_msg(e == SENDA_OK, "%s: error %d (%s)", what, (int)e, err ? err->detail : "");
}

static senda_db *
new_site(const char *name, char **path)
{
	senda_db *db;
	senda_error err = { 0 };
	*path = xasprintf("%s/%s-%d-%d.db", tmpdir, name, (int)getpid(), serial++);
	must(db_open(*path, DB_CREATE, &db, &err), &err, "open");
	must(site_setup(db, name, "Ana", "en", &err), &err, "setup");
	return db;
}

static void
drop(senda_db *db, char *path)
{
	db_close(db);
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char *p = xasprintf("%s%s", path, tails[i]);
		unlink(p);
		free(p);
	}
	free(path);
}

/* Export everything new from `from` (plain) and merge it into `to`. */
static xc_report
carry(senda_db *from, senda_db *to)
{
	char *out = xasprintf("%s/b-%d-%d.bundle", tmpdir, (int)getpid(), serial++);
	xc_export_opts o = { 0 };
	o.out = out;
	xc_export_result res;
	senda_error err = { 0 };
	must(xc_export(from, &o, &res, &err), &err, "export");
	xc_report rep;
	xc_refusal why = XC_OK;
	size_t which = 0;
	const char *p = out;
	must(xc_merge(to, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err), &err, "merge");
	unlink(out);
	free(out);
	return rep;
}

static void
person(senda_db *db, char id[UUID_LEN])
{
	participant p;
	participant_init(&p);
	free(p.given_names);
	free(p.first_surname);
	p.given_names = xstrdup("Rosa");
	p.first_surname = xstrdup("Peña");
	p.consent_share = 1;
	senda_error err = { 0 };
	must(participant_create(db, &p, &err), &err, "create");
	snprintf(id, UUID_LEN, "%s", p.id);
	participant_free(&p);
}

static void
set_phone(senda_db *db, const char *id, const char *phone)
{
	participant base, p;
	senda_error err = { 0 };
	must(participant_get(db, id, &base, &err), &err, "get");
	must(participant_get(db, id, &p, &err), &err, "get");
	free(p.phone);
	p.phone = xstrdup(phone);
	must(participant_update(db, &base, &p, NULL, &err), &err, "update");
	participant_free(&base);
	participant_free(&p);
}

struct seen {
	int n, held;
	char id[UUID_LEN];
	char record[64], field[64], kept[64], other[64], site[64], reason[16];
	bool can_take;
};

static int
see(const xc_pending *p, void *ctx)
{
	struct seen *s = ctx;
	s->n++;
	if (p->held)
		s->held++;
	snprintf(s->id, sizeof s->id, "%s", p->id);
	snprintf(s->record, sizeof s->record, "%s", p->record);
	snprintf(s->field, sizeof s->field, "%s", p->field_label);
	snprintf(s->kept, sizeof s->kept, "%s", p->kept);
	snprintf(s->other, sizeof s->other, "%s", p->other);
	snprintf(s->site, sizeof s->site, "%s", p->other_site);
	snprintf(s->reason, sizeof s->reason, "%s", p->reason);
	s->can_take = p->can_take;
	return 0;
}

static struct seen
listed(senda_db *db)
{
	struct seen s;
	memset(&s, 0, sizeof s);
	senda_error err = { 0 };
	must(xc_review_list(db, see, &s, &err), &err, "list");
	return s;
}

/* A and B both change Rosa's phone, each before seeing the other's; A
 * merges B's. Returns A's view of the conflict. */
static struct seen
concurrent(senda_db *a, senda_db *b, char id[UUID_LEN])
{
	person(a, id);
	carry(a, b);
	set_phone(a, id, "509-555-0111");
	/* B's edit a few milliseconds later: its clock is greater (within one
	 * millisecond the site ids would decide), so B's value wins. */
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	set_phone(b, id, "509-555-0222");
	xc_report r = carry(b, a);
	int64_t conflicts = 0;
	for (size_t i = 0; i < xc_ntables; i++)
		conflicts += r.table[i].conflicts;
	ck_assert_int_eq(conflicts, 1);
	return listed(a);
}

START_TEST(a_conflict_is_listed_as_people_read_it)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	struct seen s = concurrent(a, b, id);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.held, 0);
	ck_assert_str_eq(s.record, "Peña, Rosa");
	ck_assert_str_eq(s.field, "Phone");
	ck_assert_str_eq(s.kept, "509-555-0222");
	ck_assert_str_eq(s.other, "509-555-0111");
	ck_assert_str_eq(s.site, "Centro");   /* the value that lost was A's own */
	ck_assert(s.can_take);
	int64_t c, h;
	senda_error err = { 0 };
	must(xc_review_counts(a, &c, &h, &err), &err, "counts");
	ck_assert_int_eq(c, 1);
	ck_assert_int_eq(h, 0);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

START_TEST(keeping_the_winner_marks_it_reviewed_only)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	struct seen s = concurrent(a, b, id);
	int64_t before = T_INT(a, "SELECT count(*) FROM field_change", NULL);
	senda_error err = { 0 };
	must(xc_conflict_keep(a, s.id, &err), &err, "keep");
	ck_assert_int_eq(listed(a).n, 0);
	ck_assert_int_eq(T_INT(a, "SELECT count(*) FROM field_change", NULL), before);
	char *phone = T_TEXT(a, "SELECT phone FROM participant WHERE id = ?", "t", id);
	ck_assert_str_eq(phone, "509-555-0222");
	free(phone);
	ck_assert_int_eq(T_INT(a, "SELECT reviewed FROM merge_conflict WHERE id = ?", "t", s.id),
			 1);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

START_TEST(taking_the_other_value_is_a_new_edit_that_travels)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	struct seen s = concurrent(a, b, id);
	char *top = T_TEXT(a, "SELECT max(clock) FROM field_change WHERE field = 'phone'", NULL);
	senda_error err = { 0 };
	must(xc_conflict_take(a, s.id, &err), &err, "take");
	ck_assert_int_eq(listed(a).n, 0);
	char *phone = T_TEXT(a, "SELECT phone FROM participant WHERE id = ?", "t", id);
	ck_assert_str_eq(phone, "509-555-0111");
	free(phone);
	char *now = T_TEXT(a, "SELECT max(clock) FROM field_change WHERE field = 'phone'", NULL);
	ck_assert_msg(strcmp(now, top) > 0, "no new clock: %s after %s", now, top);
	free(now);
	free(top);
	ck_assert_int_eq(T_INT(a, "SELECT count(*) FROM change_log WHERE row_id = ? AND field ="
			       " 'phone' AND old_value = '509-555-0222' AND new_value ="
			       " '509-555-0111'", "t", id), 1);
	/* It travels: B takes it at the next merge as a later edit. B learns of
	 * the first pair (A's first edit came with it), not of a new one. */
	xc_report r = carry(a, b);
	int64_t conflicts = 0;
	for (size_t i = 0; i < xc_ntables; i++)
		conflicts += r.table[i].conflicts;
	ck_assert_int_eq(conflicts, 1);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM merge_conflict WHERE kept_value ="
			       " '509-555-0222' AND other_value = '509-555-0111'", NULL), 1);
	phone = T_TEXT(b, "SELECT phone FROM participant WHERE id = ?", "t", id);
	ck_assert_str_eq(phone, "509-555-0111");
	free(phone);
	char ha[65], hb[65];
	must(xc_content_hash(a, ha, &err), &err, "hash");
	must(xc_content_hash(b, hb, &err), &err, "hash");
	ck_assert_str_eq(ha, hb);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

START_TEST(an_edit_of_a_deleted_record_cannot_be_taken)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	person(a, id);
	carry(a, b);
	senda_error err = { 0 };
	char clock[HLC_LEN];
	must(db_begin(a, &err), &err, "begin");
	must(db_tick(a, clock, &err), &err, "tick");
	must(db_exec(a, &err, "UPDATE participant SET deleted = 1, updated_at = ? WHERE id = ?",
		     "tt", clock, id), &err, "delete");
	must(db_commit(a, &err), &err, "commit");
	set_phone(b, id, "509-555-0222");
	carry(b, a);
	struct seen s = listed(a);
	ck_assert_int_eq(s.n, 1);
	ck_assert(!s.can_take);
	ck_assert_int_eq(xc_conflict_take(a, s.id, &err), SENDA_E_STATE);
	ck_assert_int_eq(T_INT(a, "SELECT deleted FROM participant WHERE id = ?", "t", id), 1);
	ck_assert_int_eq(listed(a).n, 1);   /* still to review */
	senda_error_clear(&err);
	must(xc_conflict_keep(a, s.id, &err), &err, "keep");
	ck_assert_int_eq(listed(a).n, 0);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

START_TEST(a_change_from_far_ahead_is_listed_as_held_back)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	person(a, id);
	carry(a, b);
	time_t ahead = time(NULL) + 3 * 24 * 3600;
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&ahead));
	setenv("SENDA_NOW", stamp, 1);
	set_phone(b, id, "509-555-0333");
	char *out = xasprintf("%s/ahead.bundle", tmpdir);
	xc_export_opts o = { 0 };
	o.out = out;
	xc_export_result res;
	senda_error err = { 0 };
	must(xc_export(b, &o, &res, &err), &err, "export");
	unsetenv("SENDA_NOW");
	xc_report rep;
	xc_refusal why;
	size_t which;
	const char *p = out;
	must(xc_merge(a, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err), &err, "merge");
	unlink(out);
	free(out);
	struct seen s = listed(a);
	ck_assert_int_eq(s.held, 1);
	ck_assert_str_eq(s.reason, "future");
	ck_assert_str_eq(s.other, "509-555-0333");
	ck_assert_str_eq(s.record, "Peña, Rosa");
	ck_assert(!s.can_take);
	int64_t c, h;
	must(xc_review_counts(a, &c, &h, &err), &err, "counts");
	ck_assert_int_eq(h, 1);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

START_TEST(the_record_history_gets_both_values)
{
	char *pa, *pb, id[UUID_LEN];
	senda_db *a = new_site("Centro", &pa), *b = new_site("College", &pb);
	concurrent(a, b, id);
	struct seen s;
	memset(&s, 0, sizeof s);
	senda_error err = { 0 };
	int got(const char *label, const char *kept, const char *other, const char *at,
		bool reviewed, void *ctx);
	must(xc_record_conflicts(a, "participant", id, got, &s, &err), &err, "history");
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.field, "Phone");
	ck_assert_str_eq(s.kept, "509-555-0222");
	ck_assert_str_eq(s.other, "509-555-0111");
	ck_assert_msg(s.site[0] >= '2' && strlen(s.site) == 20, "when: %s", s.site);
	drop(a, pa);
	drop(b, pb);
}
END_TEST

int
got(const char *label, const char *kept, const char *other, const char *at, bool reviewed,
    void *ctx)
{
	struct seen *s = ctx;
	(void)reviewed;
	s->n++;
	snprintf(s->field, sizeof s->field, "%s", label);
	snprintf(s->kept, sizeof s->kept, "%s", kept);
	snprintf(s->other, sizeof s->other, "%s", other);
	snprintf(s->site, sizeof s->site, "%s", at);
	return 0;
}

int
main(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(tmpdir, sizeof tmpdir, "%s/senda-review-XXXXXX", base);
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 99;
	}
	setenv("TMPDIR", tmpdir, 1);
	i18n_set_lang("en");
	Suite *s = suite_create("review");
	TCase *tc = tcase_create("review");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_conflict_is_listed_as_people_read_it);
	tcase_add_test(tc, keeping_the_winner_marks_it_reviewed_only);
	tcase_add_test(tc, taking_the_other_value_is_a_new_edit_that_travels);
	tcase_add_test(tc, an_edit_of_a_deleted_record_cannot_be_taken);
	tcase_add_test(tc, a_change_from_far_ahead_is_listed_as_held_back);
	tcase_add_test(tc, the_record_history_gets_both_values);
	suite_add_tcase(s, tc);
	int r = run_suite_tap(s);
	rmdir(tmpdir);
	return r;
}
