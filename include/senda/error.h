/* senda — error codes with translated messages. Functions deep inside return
 * a code and fill a senda_error; only the outermost layer prints. */
#ifndef SENDA_ERROR_H
#define SENDA_ERROR_H

#include <stddef.h>

/* A function whose senda_err (or handle) must be looked at: the compiler
 * warns when a caller drops it. A (void) cast does not silence GCC; a
 * caller that really has nothing to do with an error says why in code. */
#define SENDA_MUST_USE __attribute__((warn_unused_result))

typedef enum senda_err {
	SENDA_OK = 0,
	SENDA_E_NOMEM,
	SENDA_E_IO,          /* a file could not be read or written */
	SENDA_E_DB,          /* SQLite said no; detail has its message */
	SENDA_E_BUSY,        /* another senda holds the file */
	SENDA_E_NOTSENDA,    /* the file is not a senda database */
	SENDA_E_NEWER,       /* a newer senda wrote the file */
	SENDA_E_CORRUPT,     /* integrity check failed */
	SENDA_E_NODIR,       /* the folder does not exist */
	SENDA_E_NOFILE,      /* no database at that path */
	SENDA_E_NOTINIT,     /* database has no site yet */
	SENDA_E_EXISTS,      /* already set up / already there */
	SENDA_E_NOTFOUND,    /* no such record */
	SENDA_E_AMBIGUOUS,   /* an id prefix matches several records */
	SENDA_E_UTF8,        /* text is not valid UTF-8 */
	SENDA_E_CONTROL,     /* text has control characters */
	SENDA_E_REQUIRED,    /* a required field is empty */
	SENDA_E_TOOLONG,     /* text longer than the field allows */
	SENDA_E_DATE,        /* not a date */
	SENDA_E_DATE_INVALID,/* no such day (31/02) */
	SENDA_E_FUTURE,      /* a date in the future where that makes no sense */
	SENDA_E_DATE_ORDER,  /* a date before the one it must follow */
	SENDA_E_TOOOLD,      /* a date too far in the past */
	SENDA_E_PHONE,       /* not a phone number */
	SENDA_E_EMAIL,       /* not an e-mail address */
	SENDA_E_NUMBER,      /* not a number */
	SENDA_E_RANGE,       /* a number outside its range */
	SENDA_E_CHOICE,      /* not one of the allowed values */
	SENDA_E_LANG,        /* a language senda does not have */
	SENDA_E_CONFIRM,     /* allowed, but only when the user confirms */
	SENDA_E_STATE,       /* not possible from the record's present state */
	SENDA_E_CONFLICT,    /* another writer changed the same field meanwhile */
	SENDA_E_CONSENT,     /* the person has not consented to this */
	SENDA_E_FORMAT,      /* a file's rows or columns are not laid out as expected */
	SENDA_E_READONLY,    /* the database or its folder cannot be written */
	SENDA_E_DENIED,      /* the acting user's role may not do this */
	SENDA_E_LOGIN,       /* a login refused: wrong PIN, locked, disabled user */
	SENDA_E__COUNT
} senda_err;

typedef struct senda_error {
	senda_err code;
	const char *field;   /* untranslated field label (an N_() string), or NULL */
	const char *key;     /* the field's column key ("phone"), when known, or NULL */
	char detail[256];    /* extra words already in the user's language, or "" */
} senda_error;

/* The translated sentence for a code. */
const char *senda_strerror(senda_err code);

/* Record an error (e may be NULL); returns code, so callers can
 * `return senda_fail(err, SENDA_E_X, N_("Field"), "...")`. fmt may be NULL. */
senda_err senda_fail(senda_error *e, senda_err code, const char *field,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

void senda_error_clear(senda_error *e);

/* "Field: message (detail)" translated, into buf; returns buf. */
char *senda_error_text(const senda_error *e, char *buf, size_t n);

#endif
