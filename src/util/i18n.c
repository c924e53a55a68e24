/* senda — translations: locale set-up with a UTF-8 fallback, catalog
 * binding, run-time language switching. */
#include <config.h>

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "senda/i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* glibc's catalog cache: bumping it makes gettext look again after LANGUAGE
 * changes. */
extern int _nl_msg_cat_cntr;

static char current[3] = "en";
static char from_env[3] = "";   /* the language the environment names, or "" */

const char *
senda_pgettext(const char *ctx_and_msgid, const char *msgid)
{
	const char *t = gettext(ctx_and_msgid);
	return t == ctx_and_msgid ? msgid : t;
}

int
i18n_known_lang(const char *lang)
{
	return lang && (strcmp(lang, "en") == 0 || strcmp(lang, "es") == 0);
}

/* The language the environment asks for, as gettext reads it. */
static void
detect_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		if (strncmp(v, "es", 2) == 0)
			strcpy(current, "es");
		else
			strcpy(current, "en");
		/* C, POSIX, C.UTF-8 or a language senda does not speak name
		 * neither of ours. */
		if (strncmp(v, "es", 2) == 0 || strncmp(v, "en", 2) == 0)
			snprintf(from_env, sizeof from_env, "%s", current);
		return;
	}
	strcpy(current, "en");
}

static bool
has_catalog(const char *dir)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/es/LC_MESSAGES/%s.mo", dir, PACKAGE);
	return access(path, R_OK) == 0;
}

/* Run from the build tree: the catalog `make` leaves in locale/ beside the
 * binary. NULL when there is none. */
static char *
uninstalled_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash || (size_t)(slash - exe) + sizeof "/locale" > sizeof exe)
		return NULL;
	strcpy(slash, "/locale");
	return has_catalog(exe) ? strdup(exe) : NULL;
}

int
i18n_init(void)
{
	int fell_back = 0;
	bool installed = setlocale(LC_ALL, "") != NULL;
	const char *cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8") != 0) {
		/* C/POSIX, a legacy locale or one that is not installed: gettext
		 * would ignore LANGUAGE and text would turn into question marks.
		 * Use C.UTF-8 instead. */
		if (setlocale(LC_CTYPE, "C.UTF-8")) {
			setlocale(LC_MESSAGES, "C.UTF-8");
			fell_back = installed ? 1 : 2;
		}
	}
	const char *dir = getenv("SENDA_LOCALEDIR");
	/* A binary of the build tree reads the catalog made beside it, even
	 * when an older senda is installed: otherwise its new messages would
	 * show in English. An installed binary has no locale/ beside it. */
	char *beside = NULL;
	if (!dir || !*dir)
		beside = uninstalled_dir();
	bindtextdomain(PACKAGE, dir && *dir ? dir : beside ? beside : LOCALEDIR);
	free(beside);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	detect_lang();
	/* Under a C.UTF-8 fallback an LC_ALL=C would hide LANGUAGE: make the
	 * detected language explicit. */
	if (fell_back)
		i18n_set_lang(current);
	return fell_back;
}

const char *
i18n_lang(void)
{
	return current;
}

const char *
i18n_env_lang(void)
{
	return from_env;
}

const char *
i18n_gettext_in(const char *lang, const char *msgid)
{
	if (!i18n_known_lang(lang) || strcmp(lang, "en") == 0)
		return msgid;
	if (strcmp(lang, current) == 0)
		return gettext(msgid);
	char was[sizeof current];
	snprintf(was, sizeof was, "%s", current);
	i18n_set_lang(lang);
	/* The catalog stays loaded: the text outlives the switch back. */
	const char *t = gettext(msgid);
	i18n_set_lang(was);
	return t;
}

int
i18n_set_lang(const char *lang)
{
	if (!i18n_known_lang(lang))
		return -1;
	setenv("LANGUAGE", lang, 1);
	if (lang != current)      /* i18n_init passes current itself */
		snprintf(current, sizeof current, "%s", lang);
	++_nl_msg_cat_cntr;
	return 0;
}
