/* senda — the command line's users: who acts (--user, the PIN from
 * SENDA_PIN_FILE or the terminal) and `senda user ...`. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/user.h"

/* Longer than any PIN, so that a long one is told as such. */
#define PIN_BUF 256

/* ---- reading a PIN ---------------------------------------------------------- */

/* The first line of a PIN file, which must be its owner's alone. */
static bool
pin_from_file(const char *path, char pin[PIN_BUF])
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		/* L10N: %s is a file name, then the system's reason */
		fprintf(stderr, _("senda: cannot read the PIN file %s: %s\n"), path,
			strerror(errno));
		return false;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, _("senda: the PIN file %s is not a regular file\n"), path);
		close(fd);
		return false;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		/* L10N: %s is a file name, %04o its mode, then the file name again */
		fprintf(stderr, _("senda: the PIN file %s can be read by others (mode %04o); "
				  "nothing was done. Make it yours alone: chmod 600 %s\n"),
			path, (unsigned)(sb.st_mode & 07777), path);
		close(fd);
		return false;
	}
	ssize_t n = read(fd, pin, PIN_BUF - 1);
	close(fd);
	if (n < 0) {
		fprintf(stderr, _("senda: cannot read the PIN file %s: %s\n"), path,
			strerror(errno));
		return false;
	}
	pin[n] = '\0';
	pin[strcspn(pin, "\r\n")] = '\0';
	return true;
}

/* A PIN typed on the terminal, not shown. False (and a message) when there
 * is no terminal or the user gave up with Ctrl-C or Ctrl-D. */
static bool
pin_from_tty(const char *prompt, char pin[PIN_BUF])
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		fputs(_("senda: a PIN is needed: put it in a file only you can read and name "
			"it in SENDA_PIN_FILE, or run senda on a terminal\n"), stderr);
		return false;
	}
	struct termios old, raw;
	bool have_tio = tcgetattr(fd, &old) == 0;
	if (have_tio) {
		raw = old;
		/* No echo, a byte at a time, and Ctrl-C read as a key so that the
		 * terminal is always given back as it was. */
		raw.c_lflag &= (tcflag_t) ~(ECHO | ICANON | ISIG);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(fd, TCSAFLUSH, &raw);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the prompt is a courtesy */
	}
	size_t n = 0;
	bool ok = false;
	for (;;) {
		unsigned char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == 3 || (c == 4 && n == 0))
			break;
		if (c == '\n' || c == '\r') {
			ok = true;
			break;
		}
		if (c == 127 || c == 8) {
			if (n > 0)
				n--;
			continue;
		}
		if (n < PIN_BUF - 1)
			pin[n++] = (char)c;
	}
	pin[n] = '\0';
	if (have_tio)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	if (!ok) {
		sodium_memzero(pin, PIN_BUF);
		fputs(_("senda: no PIN was typed; nothing was done.\n"), stderr);
	}
	return ok;
}

/* The acting user's PIN, for logging in as name. */
static bool
login_pin(struct cli *cli, const char *name, char pin[PIN_BUF])
{
	const char *file = getenv("SENDA_PIN_FILE");
	if (file && *file) {
		cli->pin_file_used = true;
		return pin_from_file(file, pin);
	}
	/* L10N: the prompt for a PIN on the terminal; %s is a user's name */
	char *prompt = xasprintf(_("PIN for %s: "), name);
	bool ok = pin_from_tty(prompt, pin);
	free(prompt);
	return ok;
}

/* A new PIN for name: from file (--pin-file), else SENDA_PIN_FILE when the
 * login did not read it, else typed twice on the terminal. */
static bool
new_pin(struct cli *cli, const char *file, const char *name, char pin[PIN_BUF])
{
	if (!file && !cli->pin_file_used) {
		file = getenv("SENDA_PIN_FILE");
		if (file && !*file)
			file = NULL;
	}
	if (file)
		return pin_from_file(file, pin);
	char again[PIN_BUF];
	/* L10N: the prompt for a new PIN; %s is a user's name */
	char *prompt = xasprintf(_("New PIN for %s (4 to 8 digits): "), name);
	bool ok = pin_from_tty(prompt, pin);
	free(prompt);
	if (!ok)
		return false;
	senda_error err = { 0 };
	if (user_pin_check(pin, &err) != SENDA_OK) {
		cli_fail(&err);
		return false;
	}
	/* L10N: the prompt to type the new PIN a second time */
	ok = pin_from_tty(_("The same PIN again: "), again);
	if (ok && strcmp(pin, again) != 0) {
		fputs(_("senda: the two PINs differ; nothing was changed.\n"), stderr);
		ok = false;
	}
	sodium_memzero(again, sizeof again);
	return ok;
}

/* ---- who acts ------------------------------------------------------------------- */

struct only {
	int n;
	senda_user u;
};

static int
count_one(const senda_user *u, void *p)
{
	struct only *o = p;
	if (o->n++ == 0) {
		o->u = *u;
		o->u.name = xstrdup(u->name);
	}
	return 0;
}

bool
cli_login(struct cli *cli)
{
	senda_error err = { 0 };
	bool needed = false;
	struct only o = { 0 };
	senda_err e = user_login_needed(cli->db, &needed, &err);
	if (e == SENDA_OK)
		e = user_logins(cli->db, count_one, &o, &err);
	if (e != SENDA_OK) {
		user_free(&o.u);
		cli_fail(&err);
		return false;
	}
	const char *name = cli->user_name;
	if (!needed) {
		/* One user and no PIN: she acts, as before users existed. */
		if (name)
			e = user_login(cli->db, name, NULL, NULL, &err);
		else if (o.n == 1)
			db_set_actor(cli->db, o.u.id, o.u.role);
		user_free(&o.u);
		if (e != SENDA_OK) {
			cli_fail(&err);
			return false;
		}
		return true;
	}
	if (!name && o.n == 1)
		name = o.u.name;
	if (!name) {
		user_free(&o.u);
		fputs(_("senda: more than one user uses this file: say who you are with "
			"--user NAME (senda --user NAME COMMAND ...)\n"), stderr);
		return false;
	}
	char pin[PIN_BUF];
	bool ok = login_pin(cli, name, pin);
	if (ok) {
		e = user_login(cli->db, name, pin, NULL, &err);
		ok = e == SENDA_OK;
		if (!ok)
			cli_fail(&err);
	}
	sodium_memzero(pin, sizeof pin);
	user_free(&o.u);
	return ok;
}

/* ---- senda user ------------------------------------------------------------------- */

static int
print_user(const senda_user *u, void *ctx)
{
	(void)ctx;
	char *state;
	if (u->disabled)
		/* L10N: a user's state in `senda user list` */
		state = xstrdup(_("disabled"));
	else if (!u->here)
		/* L10N: a user's state in `senda user list`: came in a bundle */
		state = xstrdup(_("of another site"));
	else if (u->locked_ms > 0) {
		unsigned long m = (unsigned long)((u->locked_ms + 59999) / 60000);
		/* L10N: a user's state in `senda user list` */
		state = xasprintf(P_("locked for %lu minute", "locked for %lu minutes", m), m);
	} else if (!u->has_pin)
		/* L10N: a user's state in `senda user list` */
		state = xstrdup(_("no PIN"));
	else
		state = xstrdup("");
	const char *role = role_label((enum senda_role)u->role);
	int w = cli_width(u->name), rw = cli_width(role);
	printf("  %s%*s  %s%*s %s\n", u->name, w < 24 ? 24 - w : 0, "", role,
	       rw < 16 ? 16 - rw : 0, "", state);
	free(state);
	return 0;
}

static void
user_usage_help(void)
{
	cli_command_help("user");
	putchar('\n');
	puts(_("  user list                      the users and their roles\n"
	       "  user add NAME --role ROLE      a new user (ROLE: coordinator, esl,\n"
	       "                                 volunteer, hub) and her PIN\n"
	       "  user role NAME ROLE            change a user's role\n"
	       "  user pin NAME                  a new PIN (a coordinator resets anyone's)\n"
	       "  user disable NAME              she can no longer log in\n"
	       "  user idle [MINUTES | Ns]       lock the screen after so long without a key"));
	putchar('\n');
	puts(_("A new PIN is read from --pin-file FILE, else from SENDA_PIN_FILE (when it was\n"
	       "not just read for your own PIN), else typed twice on the terminal. A PIN file\n"
	       "must be readable by its owner only (chmod 600)."));
}

static int
parse_role(const char *s)
{
	int r = role_from_name(s);
	if (r < 0)
		/* L10N: role names stay in English */
		cli_usage_error("user", _("unknown role '%s' (coordinator, esl, volunteer, hub)"), s);
	return r;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		user_usage_help();
		return EXIT_OK;
	}
	/* The options after the subcommand: --role ROLE, --pin-file FILE. */
	const char *role_arg = NULL, *pin_file = NULL;
	const char *args[4];
	int nargs = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 || strcmp(argv[i], "--pin-file") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error("user", _("option '%s' needs a value"), argv[i]);
			*(argv[i][2] == 'r' ? &role_arg : &pin_file) = argv[i + 1];
			i++;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			return cli_usage_error("user", _("unknown option '%s'"), argv[i]);
		} else if (nargs < 4) {
			args[nargs++] = argv[i];
		} else {
			return cli_usage_error("user", "%s", _("wrong number of arguments"));
		}
	}
	bool list = strcmp(sub, "list") == 0, add = strcmp(sub, "add") == 0,
	     role = strcmp(sub, "role") == 0, pin = strcmp(sub, "pin") == 0,
	     disable = strcmp(sub, "disable") == 0, idle = strcmp(sub, "idle") == 0;
	if (!list && !add && !role && !pin && !disable && !idle)
		return cli_usage_error("user", _("unknown command '%s'"), sub);
	if ((list && nargs != 0) || (add && nargs != 1) || (role && nargs != 2) ||
	    (pin && nargs != 1) || (disable && nargs != 1) || (idle && nargs > 1))
		return cli_usage_error("user", "%s", _("wrong number of arguments"));
	if (add && !role_arg)
		return cli_usage_error("user", "%s", _("a new user needs --role ROLE"));
	if ((role_arg && !add) || (pin_file && !add && !pin))
		return cli_usage_error("user", "%s", _("that option does not go with this command"));
	int r = -1;
	if (add && (r = parse_role(role_arg)) < 0)
		return EXIT_USAGE;
	if (role && (r = parse_role(args[1])) < 0)
		return EXIT_USAGE;
	int secs = -1;
	if (idle && nargs == 1) {
		char *end;
		long n = strtol(args[0], &end, 10);
		bool s = *end == 's' && end[1] == '\0';
		if (end == args[0] || (*end && !s) || n < 0 || n > (s ? 86400 : 1440))
			return cli_usage_error("user", _("not a number of minutes (or of seconds, "
							 "with s): '%s'"), args[0]);
		secs = (int)(s ? n : n * 60);
	}
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	senda_err e = SENDA_OK;
	if (list) {
		e = user_list(cli->db, print_user, NULL, &err);
		return e == SENDA_OK ? EXIT_OK : cli_fail(&err);
	}
	if (idle) {
		if (secs < 0) {
			if ((e = user_idle_seconds(cli->db, &secs, &err)) != SENDA_OK)
				return cli_fail(&err);
		} else if ((e = user_set_idle_seconds(cli->db, secs, &err)) != SENDA_OK) {
			return cli_fail(&err);
		}
		if (secs == 0)
			puts(_("The screen does not lock by itself."));
		else if (secs % 60 == 0)
			printf(P_("The screen locks after %d minute without a key.\n",
				  "The screen locks after %d minutes without a key.\n",
				  (unsigned long)(secs / 60)), secs / 60);
		else
			printf(P_("The screen locks after %d second without a key.\n",
				  "The screen locks after %d seconds without a key.\n",
				  (unsigned long)secs), secs);
		return EXIT_OK;
	}
	if (role) {
		if ((e = user_set_role(cli->db, args[0], r, &err)) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: a user's name, then her role */
		printf(_("%s is now %s.\n"), args[0], role_label((enum senda_role)r));
		return EXIT_OK;
	}
	if (disable) {
		if ((e = user_disable(cli->db, args[0], &err)) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: %s is a user's name */
		printf(_("%s can no longer log in.\n"), args[0]);
		return EXIT_OK;
	}
	/* add and pin: first what is refused without a PIN, so that nobody
	 * types one for nothing. */
	if (!perm_allowed((enum senda_role)db_actor_role(cli->db), PERM_USERS)) {
		senda_user self;
		bool own = pin && user_find(cli->db, args[0], &self, NULL) == SENDA_OK &&
			   (strcmp(self.id, db_actor_id(cli->db)) == 0 || (user_free(&self), false));
		if (own)
			user_free(&self);
		else if ((e = perm_require(cli->db, PERM_USERS, &err)) != SENDA_OK)
			return cli_fail(&err);
	}
	char p[PIN_BUF];
	if (!new_pin(cli, pin_file, args[0], p))
		return EXIT_ERROR;
	if (add)
		e = user_add(cli->db, args[0], r, p, NULL, &err);
	else
		e = user_set_pin(cli->db, args[0], p, &err);
	sodium_memzero(p, sizeof p);
	if (e != SENDA_OK)
		return cli_fail(&err);
	if (add)
		/* L10N: a user's name, then her role */
		printf(_("%s was added as %s.\n"), args[0], role_label((enum senda_role)r));
	else
		/* L10N: %s is a user's name */
		printf(_("%s has a new PIN.\n"), args[0]);
	return EXIT_OK;
}
