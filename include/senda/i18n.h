/* senda — translations: gettext macros and run-time language switching. */
#ifndef SENDA_I18N_H
#define SENDA_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A message with a context, for one English word with two Spanish translations. */
#define C_(ctx, s) senda_pgettext(ctx "\004" s, s)
#define P_(s, p, n) ngettext((s), (p), (n))

const char *senda_pgettext(const char *ctx_and_msgid, const char *msgid);

/* setlocale, fall back to C.UTF-8 when the locale is not UTF-8, bind the
 * catalogs (SENDA_LOCALEDIR overrides the installed directory). Returns 0, or
 * 1 when it fell back from a non-UTF-8 locale, 2 when the locale asked for is
 * not installed, so the caller may say so once. */
int i18n_init(void);

/* The interface language now in effect: "en" or "es". */
const char *i18n_lang(void);
/* The language the environment named at i18n_init (LANGUAGE, LC_ALL,
 * LC_MESSAGES or LANG, the first one set): "en", "es", or "" when it names
 * neither (C, POSIX, C.UTF-8, another language). */
const char *i18n_env_lang(void);

/* Switch the interface language at run time ("en" or "es"). Returns 0, or -1
 * for a language senda does not have. */
int i18n_set_lang(const char *lang);

/* msgid translated into lang ("en" or "es") whatever the interface
 * language, which is the same again on return; msgid itself for "en" or a
 * language senda does not have. */
const char *i18n_gettext_in(const char *lang, const char *msgid);

/* Languages senda knows, for validation: 1 if lang is "en" or "es". */
int i18n_known_lang(const char *lang);

#endif
