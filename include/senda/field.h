/* senda — field descriptors: what a field of a record is (its column, label,
 * type, limits, choices, command-line option, CSV headers, how it travels
 * between sites), written once in its record's table in the model, and read
 * by the model's validation and SQL, the forms, the command line, CSV and
 * merge. One parse and one show function per type live here. No curses, no
 * SQL. */
#ifndef SENDA_FIELD_H
#define SENDA_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/error.h"

/* The bytes an FF_INLINE text of n characters takes: up to 4 a character
 * and the NUL, so that nothing the model accepts is ever cut. */
#define FIELD_INLINE(n) ((n) * 4 + 1)

/* How a field is held in its record's struct. */
enum field_kind {
	FK_TEXT,     /* char *, "" when empty */
	FK_PHONE,    /* char *: digits with + ( ) - . and spaces, 7 to 15 digits */
	FK_EMAIL,    /* char * */
	FK_CHOICE,   /* char *: the code of one of choices ("" = not given) */
	FK_DATE,     /* char[11]: YYYY-MM-DD, or "" */
	FK_INT,      /* int: 0..max, -1 = not given; with choices, one of
		      * their codes ("0", "1", ...), chosen by code or label */
	FK_MONEY,    /* int64_t cents: 0..max, -1 = not given */
	FK_YESNO,    /* int: 1 yes, 0 no, -1 = not given */
};

/* A choice: the code stored and its label (N_()). Lists end with a NULL
 * value. */
struct field_choice {
	const char *value;
	const char *label;
};

/* How a field travels in an exchange between sites. */
enum field_travel {
	FT_LWW,      /* a last-writer-wins register: (hybrid clock, site) decides */
	FT_LOCAL,    /* stays at this site */
};

/* Where a field appears besides the model. */
enum field_flags {
	FF_FORM = 1,         /* in the record's edit form */
	FF_OPEN_CHOICE = 2,  /* FK_CHOICE: another code than the listed ones is taken too */
	FF_NOT_GIVEN = 4,    /* FK_YESNO: the form offers "(not given)" */
	FF_BEFORE_TODAY = 8, /* FK_DATE: a day before today (a date of birth) */
	FF_BY_NAME = 16,     /* FK_CHOICE, open: the record turns names people type
			      * ("universidad") into codes */
	FF_FREE = 32,        /* FK_MONEY: "free", "gratis" (and the like) mean 0 */
	FF_ZERO_NULL = 64,   /* FK_INT: 0 is "not given" (stored "" and NULL), never -1 */
	FF_INLINE = 128,     /* FK_TEXT, FK_CHOICE: held in the struct as
			      * char[FIELD_INLINE(max)], not char *: field_parse
			      * and field_check refuse what does not fit */
	FF_TODAY = 256,      /* FK_DATE, required: not given is today (the form
			      * starts with it; the command line fills it in) */
	FF_FORM_TEXT = 1024, /* FK_INT: the form takes any text, so that letters get the
			      * model's message rather than a beep (a test score) */
};

typedef struct field_desc {
	const char *key;                     /* the column, e.g. "phone" */
	const char *label;                   /* N_(): "Phone" */
	enum field_kind kind;
	size_t off;                          /* offsetof in the record's struct */
	int64_t max;                         /* text: characters; INT: highest;
						  * MONEY: highest cents */
	bool required;
	const struct field_choice *choices;  /* FK_CHOICE; FK_INT: its values' labels */
	const char *option;                  /* command-line option without "--", or NULL */
	const char *csv_en, *csv_es;         /* CSV headers, or NULL */
	enum field_travel travel;
	unsigned flags;                      /* enum field_flags */
} field_desc;

/* The field of table[0..n) with this key (column), or NULL. */
const field_desc *field_find(const field_desc *table, size_t n, const char *key);

/* The same for every field of table[0..n): empty (not given); free what
 * the text fields hold (NULL after); copy src's values into dst (which
 * holds valid fields); check each (field_check), the first problem. */
void field_clear_all(const field_desc *table, size_t n, void *rec);
void field_free_all(const field_desc *table, size_t n, void *rec);
void field_copy_all(const field_desc *table, size_t n, void *dst, const void *src);
senda_err field_check_all(const field_desc *table, size_t n, void *rec, senda_error *err);

/* The value as stored in the database and the change log: text as is,
 * dates ISO, numbers and cents in digits, yes/no 1 or 0; "" when not given.
 * A new string. */
char *field_stored(const field_desc *f, const void *rec);
/* Put a stored value (as field_stored gives it; NULL = not given) in rec. */
void field_store(const field_desc *f, void *rec, const char *stored);
/* Copy the field from src to dst (records of the same kind). */
void field_copy(const field_desc *f, void *dst, const void *src);
/* True when both records hold the same value in this field. */
bool field_same(const field_desc *f, const void *a, const void *b);
/* Empty the field (not given). */
void field_clear(const field_desc *f, void *rec);

/* What a person typed (a form, an option, a CSV cell) into rec: dates in
 * the interface language's order or ISO, money as money_parse takes it,
 * yes/no in English or Spanish, a choice by its code or its label in either
 * language; "" = not given. Only the type is checked here (field_check does
 * the rest). err->field is the field's key. */
senda_err field_parse(const field_desc *f, void *rec, const char *typed, senda_error *err);

/* The value as a person types it (the inverse of field_parse): a date as
 * digits in the interface language's order, money "15.50", a choice's or a
 * yes/no's code. A new string. */
char *field_typed(const field_desc *f, const void *rec);

/* The value as a file (CSV) writes it, the same in every language and
 * read back by field_parse in any: text as is, dates ISO, numbers in
 * digits, money "15.50" (no "$", no thousands separator; "0.00" is free),
 * yes/no "yes" or "no", a choice's code; "" when not given. A new string. */
char *field_written(const field_desc *f, const void *rec);
/* The same from a stored value (as field_stored gives it, or as the
 * database holds it; NULL = not given), without a record. A new string. */
char *field_written_stored(const field_desc *f, const char *stored);

/* A stored value as people read it, in the current language: dates in
 * digits in the language's order, money "$15.50", yes/no and choices by
 * their translated label; "" when not given. A new string. */
char *field_shown(const field_desc *f, const char *stored);

/* Normalise (NFC, trimmed) and check the field by its type: valid UTF-8,
 * no control characters, required, length, phone, e-mail, choice, range,
 * a real date. err->field is the field's key. */
senda_err field_check(const field_desc *f, void *rec, senda_error *err);

/* Record an error about field f: err->field its label, err->key its key
 * (so that a form shows it beside that field). fmt may be NULL. */
senda_err field_fail(senda_error *err, senda_err code, const field_desc *f, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

/* The one phone rule and the one e-mail rule. */
bool field_phone_ok(const char *phone);
bool field_email_ok(const char *email);

/* The date order of the interface language (one rule for every screen,
 * command and file): day first in Spanish, month first in English. */
enum date_order field_date_order(void);

/* A choice's label (N_()) for its code, or NULL. */
const char *field_choice_label(const struct field_choice *choices, const char *code);

#endif
