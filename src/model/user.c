/* senda — users, PINs and the lock after wrong PINs (include/senda/user.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/text.h"
#include "senda/user.h"
#include "db/stmt.h"

#define IDLE_KEY "idle_lock_seconds"
#define IDLE_DEFAULT 300

void
user_free(senda_user *u)
{
	if (!u)
		return;
	free(u->name);
	memset(u, 0, sizeof *u);
}

/* ---- reading users ------------------------------------------------------ */

#define USER_COLS \
	"SELECT u.id, u.name, u.role, u.ui_lang, u.pin_hash IS NOT NULL, u.deleted," \
	" u.site_id = ?1, coalesce(l.locked_until, 0), coalesce(l.last_try, 0)" \
	" FROM user u LEFT JOIN user_lock l ON l.user_id = u.id"

static void
read_user(sqlite3_stmt *st, senda_user *u)
{
	memset(u, 0, sizeof *u);
	const char *id = (const char *)sqlite3_column_text(st, 0);
	if (id && strlen(id) < UUID_LEN)
		strcpy(u->id, id);
	u->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	if (!u->name)
		u->name = xstrdup("");
	u->role = role_from_name((const char *)sqlite3_column_text(st, 2));
	if (u->role < 0)
		u->role = ROLE_VOLUNTEER;   /* the least a row the CHECK let through may do */
	const char *lang = (const char *)sqlite3_column_text(st, 3);
	snprintf(u->ui_lang, sizeof u->ui_lang, "%s", lang && strlen(lang) == 2 ? lang : "en");
	u->has_pin = sqlite3_column_int(st, 4) != 0;
	u->disabled = sqlite3_column_int(st, 5) != 0;
	u->here = sqlite3_column_int(st, 6) != 0;
	int64_t until = sqlite3_column_int64(st, 7), last = sqlite3_column_int64(st, 8);
	int64_t now = clock_lock_ms();
	if (now < last)
		now = last;   /* a clock set back keeps the lock */
	u->locked_ms = until > now ? until - now : 0;
}

/* Every user (here ones only when here_only), by name; fn may stop. */
static senda_err
each_user(senda_db *db, const char *sql, user_fn fn, void *ctx, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", db_site_id(db));
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		senda_user u;
		read_user(st, &u);
		int stop = fn(&u, ctx);
		user_free(&u);
		if (stop) {
			db_reset(st);
			return SENDA_OK;
		}
	}
	if (rc != SQLITE_DONE) {
		e = db_error(db, err);
		db_reset(st);
		return e;
	}
	db_reset(st);
	return SENDA_OK;
}

senda_err
user_logins(senda_db *db, user_fn fn, void *ctx, senda_error *err)
{
	return each_user(db, USER_COLS " WHERE u.site_id = ?1 AND u.deleted = 0"
			 " ORDER BY u.name COLLATE NOCASE, u.id", fn, ctx, err);
}

senda_err
user_list(senda_db *db, user_fn fn, void *ctx, senda_error *err)
{
	senda_err e = perm_require(db, PERM_USERS, err);
	if (e != SENDA_OK)
		return e;
	return each_user(db, USER_COLS " ORDER BY u.site_id <> ?1, u.deleted,"
			 " u.name COLLATE NOCASE, u.id", fn, ctx, err);
}

struct find {
	char *folded;
	const char *id;      /* or by id */
	senda_user *out;
	int found;
};

static int
find_one(const senda_user *u, void *p)
{
	struct find *f = p;
	bool match;
	if (f->id) {
		match = strcmp(u->id, f->id) == 0;
	} else {
		char *fu = text_fold(u->name);
		match = fu && strcmp(fu, f->folded) == 0;
		free(fu);
	}
	if (!match)
		return 0;
	/* One that may log in wins over a disabled one of the same name. */
	if (f->found && f->out->disabled == false)
		return 0;
	user_free(f->out);
	*f->out = *u;
	f->out->name = xstrdup(u->name);
	f->found++;
	return 0;
}

static senda_err
find_user(senda_db *db, const char *name, const char *id, senda_user *out, senda_error *err)
{
	memset(out, 0, sizeof *out);
	if (!id && (!name || !text_valid(name)))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", "");
	struct find f = { .id = id, .out = out };
	if (!id) {
		char *clean = text_clean(name);
		f.folded = text_fold(clean);
		free(clean);
	}
	senda_err e = each_user(db, USER_COLS " WHERE u.site_id = ?1 ORDER BY u.deleted, u.id",
				find_one, &f, err);
	free(f.folded);
	if (e != SENDA_OK) {
		user_free(out);
		return e;
	}
	if (!f.found)
		/* L10N: %s is a user's name as typed */
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, _("no user named %s here"),
				  id ? "" : name);
	return SENDA_OK;
}

senda_err
user_find(senda_db *db, const char *name, senda_user *out, senda_error *err)
{
	return find_user(db, name, NULL, out, err);
}

struct tally {
	int active, with_pin, coordinators;
};

static int
tally_one(const senda_user *u, void *p)
{
	struct tally *t = p;
	t->active++;
	t->with_pin += u->has_pin;
	t->coordinators += u->role == ROLE_COORDINATOR;
	return 0;
}

static senda_err
tally(senda_db *db, struct tally *t, senda_error *err)
{
	memset(t, 0, sizeof *t);
	return user_logins(db, tally_one, t, err);
}

senda_err
user_login_needed(senda_db *db, bool *needed, senda_error *err)
{
	struct tally t;
	*needed = false;
	senda_err e = tally(db, &t, err);
	if (e == SENDA_OK)
		*needed = t.active > 1 || t.with_pin > 0;
	return e;
}

/* ---- PINs ------------------------------------------------------------------ */

senda_err
user_pin_check(const char *pin, senda_error *err)
{
	size_t n = pin ? strlen(pin) : 0;
	bool digits = n > 0;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			digits = false;
	if (!digits)
		return senda_fail(err, SENDA_E_NUMBER, N_("PIN"),
				  _("a PIN is 4 to 8 digits, and only digits"));
	if (n < USER_PIN_MIN || n > USER_PIN_MAX)
		/* L10N: %zu is how many digits were typed */
		return senda_fail(err, SENDA_E_RANGE, N_("PIN"),
				  _("a PIN is 4 to 8 digits; this has %zu"), n);
	return SENDA_OK;
}

static senda_err
hash_pin(const char *pin, char out[crypto_pwhash_STRBYTES], senda_error *err)
{
	if (sodium_init() < 0)
		return senda_fail(err, SENDA_E_NOMEM, NULL, NULL);
	if (crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return senda_fail(err, SENDA_E_NOMEM, NULL, NULL);
	return SENDA_OK;
}

/* "1 minute", "3 seconds": how long a lock lasts, rounded up. */
static char *
lock_text(int64_t ms)
{
	int64_t s = (ms + 999) / 1000;
	if (s >= 60) {
		unsigned long m = (unsigned long)((s + 59) / 60);
		return xasprintf(P_("%lu minute", "%lu minutes", m), m);
	}
	return xasprintf(P_("%lu second", "%lu seconds", (unsigned long)s), (unsigned long)s);
}

static senda_err
locked_fail(const senda_user *u, int64_t ms, senda_error *err)
{
	char *t = lock_text(ms);
	/* L10N: %s is a user's name, then how long ("1 minute") */
	senda_err e = senda_fail(err, SENDA_E_LOGIN, NULL,
				 _("%s is locked after too many wrong PINs; try again in %s"),
				 u->name, t);
	free(t);
	return e;
}

struct lockrow {
	int64_t failures, locks, until, last;
};

static senda_err
lock_read(senda_db *db, const char *id, struct lockrow *l, senda_error *err)
{
	memset(l, 0, sizeof *l);
	sqlite3_stmt *st = db_prepare(db, "SELECT failures, locks, locked_until, last_try"
				      " FROM user_lock WHERE user_id = ?", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->failures = sqlite3_column_int64(st, 0);
		l->locks = sqlite3_column_int64(st, 1);
		l->until = sqlite3_column_int64(st, 2);
		l->last = sqlite3_column_int64(st, 3);
	} else if (rc != SQLITE_DONE) {
		e = db_error(db, err);
	}
	db_reset(st);
	return e;
}

static senda_err
lock_write(senda_db *db, const char *id, const struct lockrow *l, senda_error *err)
{
	return db_exec(db, err,
		       "INSERT INTO user_lock (user_id, failures, locks, locked_until, last_try)"
		       " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id) DO UPDATE SET"
		       " failures = ?2, locks = ?3, locked_until = ?4, last_try = ?5",
		       "tIIII", id, l->failures, l->locks, l->until, l->last);
}

/* Check pin against u's hash, counting the try first. */
static senda_err
check_pin(senda_db *db, const senda_user *u, const char *pin, senda_error *err)
{
	if (u->disabled)
		/* L10N: %s is a user's name */
		return senda_fail(err, SENDA_E_LOGIN, NULL,
				  _("%s is disabled and cannot log in; ask a coordinator"), u->name);
	if (!u->has_pin)
		/* L10N: %s is a user's name; the command stays in English */
		return senda_fail(err, SENDA_E_LOGIN, NULL,
				  _("%s has no PIN yet; a coordinator sets one (senda user pin NAME)"),
				  u->name);
	struct lockrow l;
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = lock_read(db, u->id, &l, err)) != SENDA_OK)
		goto fail;
	int64_t now = clock_lock_ms();
	if (now < l.last)
		now = l.last;   /* the clock went back: time stands at the last try */
	if (now < l.until) {
		db_rollback(db);
		return locked_fail(u, l.until - now, err);
	}
	if ((e = user_pin_check(pin, err)) != SENDA_OK)
		goto fail;   /* not a PIN: not a guess either, and not counted */
	/* Counted before it is checked, and the lock set if this is the last
	 * try: a senda killed while it checks has still used the try. */
	l.last = now;
	if (++l.failures >= USER_LOCK_TRIES) {
		l.failures = 0;
		l.locks++;
		int64_t len = USER_LOCK_FIRST_MS;
		for (int64_t i = 1; i < l.locks && len < USER_LOCK_MAX_MS; i++)
			len *= 2;
		if (len > USER_LOCK_MAX_MS)
			len = USER_LOCK_MAX_MS;
		l.until = now + len;
	}
	if ((e = lock_write(db, u->id, &l, err)) != SENDA_OK ||
	    (e = db_commit(db, err)) != SENDA_OK)
		goto fail;
	char *hash = NULL;
	e = db_text(db, &hash, err, "SELECT pin_hash FROM user WHERE id = ?", "t", u->id);
	if (e != SENDA_OK)
		return e;
	bool right = sodium_init() >= 0 &&
		     crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	free(hash);
	if (right) {
		/* Right: the count starts again (the time of the try is kept). */
		struct lockrow clear = { .last = l.last };
		if ((e = db_begin(db, err)) != SENDA_OK)
			return e;
		if ((e = lock_write(db, u->id, &clear, err)) != SENDA_OK) {
			db_rollback(db);
			return e;
		}
		return db_commit(db, err);
	}
	if (l.until > now) {
		char *t = lock_text(l.until - now);
		/* L10N: %s is a user's name, then how long ("1 minute") */
		e = senda_fail(err, SENDA_E_LOGIN, NULL,
			       _("wrong PIN; %s is now locked for %s"), u->name, t);
		free(t);
		return e;
	}
	unsigned long left = (unsigned long)(USER_LOCK_TRIES - l.failures);
	return senda_fail(err, SENDA_E_LOGIN, NULL,
			  P_("wrong PIN; %lu more try before the name is locked",
			     "wrong PIN; %lu more tries before the name is locked", left), left);
fail:
	db_rollback(db);
	return e;
}

senda_err
user_login(senda_db *db, const char *name, const char *pin, senda_user *out,
	   senda_error *err)
{
	senda_user u;
	senda_err e = user_find(db, name, &u, err);
	if (e == SENDA_E_NOTFOUND)
		return senda_fail(err, SENDA_E_LOGIN, NULL, _("no user named %s here"),
				  name ? name : "");
	if (e != SENDA_OK)
		return e;
	if (!pin) {
		bool needed = true;
		e = user_login_needed(db, &needed, err);
		if (e == SENDA_OK && (needed || u.disabled))
			e = u.disabled ? check_pin(db, &u, "", err)
				       /* L10N: %s is a user's name */
				       : senda_fail(err, SENDA_E_LOGIN, NULL,
						    _("%s needs a PIN to log in"), u.name);
	} else {
		e = check_pin(db, &u, pin, err);
	}
	if (e == SENDA_OK) {
		db_set_actor(db, u.id, u.role);
		if (out) {
			*out = u;
			return SENDA_OK;
		}
	}
	user_free(&u);
	return e;
}

senda_err
user_unlock(senda_db *db, const char *pin, senda_error *err)
{
	senda_user u;
	senda_err e = find_user(db, NULL, db_actor_id(db), &u, err);
	if (e == SENDA_OK)
		e = check_pin(db, &u, pin, err);
	user_free(&u);
	return e;
}

bool
user_actor_has_pin(senda_db *db)
{
	int64_t n = 0;
	return db_int(db, &n, NULL, "SELECT count(*) FROM user WHERE id = ?"
		      " AND pin_hash IS NOT NULL", "t", db_actor_id(db)) == SENDA_OK && n > 0;
}

/* ---- changing users ----------------------------------------------------- */

static senda_err
check_name(const char *v, char **out, senda_error *err)
{
	*out = NULL;
	if (!v || !text_valid(v))
		return senda_fail(err, SENDA_E_UTF8, N_("Name"), NULL);
	char *clean = text_clean(v);
	if (!*clean) {
		free(clean);
		return senda_fail(err, SENDA_E_REQUIRED, N_("Name"), NULL);
	}
	if (text_has_control(clean)) {
		free(clean);
		return senda_fail(err, SENDA_E_CONTROL, N_("Name"), NULL);
	}
	size_t n = text_chars(clean);
	if (n > USER_NAME_MAX) {
		free(clean);
		return senda_fail(err, SENDA_E_TOOLONG, N_("Name"),
				  _("at most %d characters, this has %zu"), USER_NAME_MAX, n);
	}
	*out = clean;
	return SENDA_OK;
}

static senda_err
check_role(int role, senda_error *err)
{
	if (role < 0 || role >= ROLE__COUNT)
		/* L10N: the role names stay in English: they are typed on the command line */
		return senda_fail(err, SENDA_E_CHOICE, N_("Role"),
				  _("coordinator, esl, volunteer or hub"));
	return SENDA_OK;
}

senda_err
user_add(senda_db *db, const char *name, int role, const char *pin, char id_out[UUID_LEN],
	 senda_error *err)
{
	senda_err e = perm_require(db, PERM_USERS, err);
	if (e != SENDA_OK)
		return e;
	char *clean = NULL;
	if ((e = check_name(name, &clean, err)) != SENDA_OK)
		return e;
	if ((e = check_role(role, err)) != SENDA_OK || (e = user_pin_check(pin, err)) != SENDA_OK)
		goto out;
	struct tally t;
	if ((e = tally(db, &t, err)) != SENDA_OK)
		goto out;
	if (t.coordinators == 0)
		role = ROLE_COORDINATOR;   /* the first user runs the site */
	if (t.active > 0 && !user_actor_has_pin(db)) {
		/* L10N: the command stays in English */
		e = senda_fail(err, SENDA_E_STATE, NULL,
			       _("set your own PIN first (senda user pin NAME): with two users, "
				 "senda asks everyone for a PIN"));
		goto out;
	}
	senda_user other;
	e = user_find(db, clean, &other, err);
	if (e == SENDA_OK) {
		user_free(&other);
		e = senda_fail(err, SENDA_E_EXISTS, N_("Name"), "%s", clean);
		goto out;
	}
	if (e != SENDA_E_NOTFOUND)
		goto out;
	char hash[crypto_pwhash_STRBYTES];
	if ((e = hash_pin(pin, hash, err)) != SENDA_OK)
		goto out;
	char id[UUID_LEN], now[21], clock[HLC_LEN];
	uuid_new(id);
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err,
			    "INSERT INTO user (id, site_id, created_at, updated_at, updated_by,"
			    " name, ui_lang, role, pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    "ttttttttt", id, db_site_id(db), now, clock, db_actor_id(db), clean,
			    i18n_lang(), role_name((enum senda_role)role), hash);
	if (e == SENDA_OK)
		e = changelog_add(db, "user", id, "", NULL, NULL, clock, err);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else
		db_rollback(db);
	sodium_memzero(hash, sizeof hash);
	if (e == SENDA_OK && id_out)
		memcpy(id_out, id, UUID_LEN);
out:
	free(clean);
	return e;
}

/* The user here named name, who must not be disabled, for a change. */
static senda_err
changeable(senda_db *db, const char *name, senda_user *u, senda_error *err)
{
	senda_err e = user_find(db, name, u, err);
	if (e == SENDA_OK && u->disabled) {
		/* L10N: %s is a user's name */
		e = senda_fail(err, SENDA_E_STATE, NULL, _("%s is disabled"), u->name);
		user_free(u);
	}
	return e;
}

static senda_err
last_coordinator(senda_db *db, const senda_user *u, senda_error *err)
{
	struct tally t;
	senda_err e = tally(db, &t, err);
	if (e == SENDA_OK && u->role == ROLE_COORDINATOR && t.coordinators <= 1)
		/* L10N: %s is a user's name */
		e = senda_fail(err, SENDA_E_STATE, NULL,
			       _("%s is the only coordinator: make another one first"), u->name);
	return e;
}

senda_err
user_set_role(senda_db *db, const char *name, int role, senda_error *err)
{
	senda_err e = perm_require(db, PERM_USERS, err);
	if (e != SENDA_OK || (e = check_role(role, err)) != SENDA_OK)
		return e;
	senda_user u;
	if ((e = changeable(db, name, &u, err)) != SENDA_OK)
		return e;
	if (u.role == role)
		goto out;
	if ((e = last_coordinator(db, &u, err)) != SENDA_OK)
		goto out;
	char clock[HLC_LEN];
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err, "UPDATE user SET role = ?, updated_at = ?, updated_by = ?"
			    " WHERE id = ?", "tttt", role_name((enum senda_role)role), clock,
			    db_actor_id(db), u.id);
	if (e == SENDA_OK)
		e = changelog_add(db, "user", u.id, "role", role_name((enum senda_role)u.role),
				  role_name((enum senda_role)role), clock, err);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else
		db_rollback(db);
	if (e == SENDA_OK && strcmp(u.id, db_actor_id(db)) == 0)
		db_set_actor(db, u.id, role);
out:
	user_free(&u);
	return e;
}

senda_err
user_set_pin(senda_db *db, const char *name, const char *pin, senda_error *err)
{
	senda_user u;
	senda_err e = changeable(db, name, &u, err);
	if (e != SENDA_OK)
		return e;
	if (strcmp(u.id, db_actor_id(db)) != 0 && (e = perm_require(db, PERM_USERS, err)) != SENDA_OK)
		goto out;
	if ((e = user_pin_check(pin, err)) != SENDA_OK)
		goto out;
	char hash[crypto_pwhash_STRBYTES];
	if ((e = hash_pin(pin, hash, err)) != SENDA_OK)
		goto out;
	/* Only the hash, which never travels: updated_at stays, so that the
	 * field log records nothing. The lock goes with the old PIN. */
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	e = db_exec(db, err, "UPDATE user SET pin_hash = ? WHERE id = ?", "tt", hash, u.id);
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE user_lock SET failures = 0, locks = 0,"
			    " locked_until = 0 WHERE user_id = ?", "t", u.id);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else
		db_rollback(db);
	sodium_memzero(hash, sizeof hash);
out:
	user_free(&u);
	return e;
}

senda_err
user_disable(senda_db *db, const char *name, senda_error *err)
{
	senda_err e = perm_require(db, PERM_USERS, err);
	if (e != SENDA_OK)
		return e;
	senda_user u;
	if ((e = changeable(db, name, &u, err)) != SENDA_OK)
		return e;
	if (strcmp(u.id, db_actor_id(db)) == 0) {
		e = senda_fail(err, SENDA_E_STATE, NULL,
			       _("you cannot disable yourself; another coordinator can"));
		goto out;
	}
	if ((e = last_coordinator(db, &u, err)) != SENDA_OK)
		goto out;
	char clock[HLC_LEN];
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err, "UPDATE user SET deleted = 1, updated_at = ?, updated_by = ?"
			    " WHERE id = ?", "ttt", clock, db_actor_id(db), u.id);
	if (e == SENDA_OK)
		e = changelog_add(db, "user", u.id, "deleted", "0", "1", clock, err);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else
		db_rollback(db);
out:
	user_free(&u);
	return e;
}

/* ---- the idle lock -------------------------------------------------------- */

senda_err
user_idle_seconds(senda_db *db, int *out, senda_error *err)
{
	*out = IDLE_DEFAULT;
	char *v = NULL;
	senda_err e = db_setting(db, IDLE_KEY, &v, err);
	if (e == SENDA_E_NOTFOUND)
		return SENDA_OK;
	if (e != SENDA_OK)
		return e;
	char *end;
	long n = strtol(v, &end, 10);
	if (*v && !*end && n >= 0 && n <= 86400)
		*out = (int)n;
	free(v);
	return SENDA_OK;
}

senda_err
user_set_idle_seconds(senda_db *db, int seconds, senda_error *err)
{
	/* The lock guards everyone's screen: the coordinator's, as the users
	 * and their PINs are (the hub looks after the file, not the laptop). */
	senda_err e = perm_require(db, PERM_USERS, err);
	if (e != SENDA_OK)
		return e;
	if (seconds < 0 || seconds > 86400)
		return senda_fail(err, SENDA_E_RANGE, N_("Idle lock"), "0-86400");
	char buf[16];
	snprintf(buf, sizeof buf, "%d", seconds);
	return db_set_setting(db, IDLE_KEY, buf, err);
}
