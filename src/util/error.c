/* senda — error codes and their translated sentences. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "senda/error.h"
#include "senda/i18n.h"

static const char *const messages[SENDA_E__COUNT] = {
	[SENDA_OK] = N_("Done."),
	[SENDA_E_NOMEM] = N_("Out of memory."),
	[SENDA_E_IO] = N_("The file could not be read or written."),
	[SENDA_E_DB] = N_("The database reported an error."),
	[SENDA_E_BUSY] = N_("The database is in use by another senda. Close it there, or try again in a moment."),
	[SENDA_E_NOTSENDA] = N_("This file is not a senda database. Nothing was changed in it."),
	[SENDA_E_NEWER] = N_("A newer version of senda wrote this file. Install the newer senda to open it; nothing was changed."),
	[SENDA_E_CORRUPT] = N_("The database is damaged. Restore it from a backup."),
	[SENDA_E_NODIR] = N_("The folder does not exist."),
	[SENDA_E_NOFILE] = N_("There is no senda database here. Create one with 'senda init' or 'senda demo'."),
	[SENDA_E_NOTINIT] = N_("This database has no site yet. Run 'senda init' first."),
	[SENDA_E_EXISTS] = N_("It is already there."),
	[SENDA_E_NOTFOUND] = N_("Nothing was found with that id or name."),
	[SENDA_E_AMBIGUOUS] = N_("That short id matches several records; type more of it."),
	[SENDA_E_UTF8] = N_("The text is not valid UTF-8."),
	[SENDA_E_CONTROL] = N_("The text contains control characters."),
	[SENDA_E_REQUIRED] = N_("This field is required."),
	[SENDA_E_TOOLONG] = N_("The text is too long."),
	[SENDA_E_DATE] = N_("This is not a date."),
	[SENDA_E_DATE_INVALID] = N_("That day does not exist."),
	[SENDA_E_FUTURE] = N_("The date is in the future."),
	[SENDA_E_DATE_ORDER] = N_("The date comes too early."),
	[SENDA_E_TOOOLD] = N_("The date is too far in the past."),
	[SENDA_E_PHONE] = N_("This is not a phone number: use digits, spaces, + ( ) - and 7 to 15 digits."),
	[SENDA_E_EMAIL] = N_("This is not an e-mail address."),
	[SENDA_E_NUMBER] = N_("This is not a number."),
	[SENDA_E_RANGE] = N_("The number is out of range."),
	[SENDA_E_CHOICE] = N_("This is not one of the choices."),
	[SENDA_E_LANG] = N_("senda speaks English (en) and Spanish (es) only."),
	[SENDA_E_CONFIRM] = N_("This looks unusual; confirm to go ahead."),
	[SENDA_E_STATE] = N_("That is not possible now."),
	[SENDA_E_CONSENT] = N_("This person has not agreed to share their information with partner organizations."),
	[SENDA_E_CONFLICT] = N_("Someone else changed the same field while you were editing. Nothing was saved; choose which value to keep."),
	[SENDA_E_FORMAT] = N_("The file is not laid out the way senda reads it."),
	[SENDA_E_READONLY] = N_("The database cannot be written here. Make the file and its "
				"folder writable, or copy the file to a folder of yours (senda writes "
				"its journal, the -wal and -shm files, beside it)."),
	[SENDA_E_DENIED] = N_("Your role does not allow this. Ask a coordinator."),
	/* L10N: the sentence before why (a wrong PIN, a locked name) */
	[SENDA_E_LOGIN] = N_("Not logged in."),
};

const char *
senda_strerror(senda_err code)
{
	if ((int)code < 0 || code >= SENDA_E__COUNT || !messages[code])
		return _("Unknown error.");
	return _(messages[code]);
}

senda_err
senda_fail(senda_error *e, senda_err code, const char *field, const char *fmt, ...)
{
	if (!e)
		return code;
	e->code = code;
	e->field = field;
	e->key = NULL;
	e->detail[0] = '\0';
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(e->detail, sizeof e->detail, fmt, ap);
		va_end(ap);
		if (n >= (int)sizeof e->detail) {
			/* Cut: end on a whole character, and show that it was cut. */
			size_t len = sizeof e->detail - 4;      /* room for "…" */
			while (len > 0 && ((unsigned char)e->detail[len] & 0xC0) == 0x80)
				len--;
			memcpy(e->detail + len, "…", 4);
		}
	}
	return code;
}

void
senda_error_clear(senda_error *e)
{
	if (e) {
		e->code = SENDA_OK;
		e->field = NULL;
		e->key = NULL;
		e->detail[0] = '\0';
	}
}

char *
senda_error_text(const senda_error *e, char *buf, size_t n)
{
	if (!buf || n == 0)
		return buf;
	if (!e) {
		buf[0] = '\0';
		return buf;
	}
	const char *msg = senda_strerror(e->code);
	if (e->field && e->detail[0])
		/* L10N: field label, error sentence, detail (e.g. a limit or a path) */
		snprintf(buf, n, _("%s: %s (%s)"), _(e->field), msg, e->detail);
	else if (e->field)
		/* L10N: field label, error sentence */
		snprintf(buf, n, _("%s: %s"), _(e->field), msg);
	else if (e->detail[0])
		/* L10N: error sentence, detail (e.g. a path or a database message) */
		snprintf(buf, n, _("%s (%s)"), msg, e->detail);
	else
		snprintf(buf, n, "%s", msg);
	return buf;
}
