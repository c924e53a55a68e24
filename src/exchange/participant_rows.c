/* senda — a participant spreadsheet's rows checked, the second pass of
 * the import: each row read into a participant and checked as an intake
 * (participant_validate), its intake date and notes taken, and compared
 * with the file's earlier rows and the people already saved for a possible
 * duplicate; the good rows kept to be written, the others noted with the
 * reason for the reject file. participant_import.c reads the header first
 * and writes the rows after. See doc/csv.md. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "senda/clock.h"
#include "senda/csv.h"
#include "senda/dedupe.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/pcsv.h"
#include "senda/strmap.h"
#include "senda/text.h"
#include "exchange/pcsv_internal.h"
#include "exchange/pcsv_import.h"

/* ---- duplicates -------------------------------------------------------- */

/* The keys under which an earlier row of the file may be the same person:
 * her birth date, her phone's last ten digits, her first surname and birth
 * year (a day and month swapped keep the year); NULL where she has none. */
static void
near_keys(const participant *p, char *keys[3])
{
	keys[0] = keys[1] = keys[2] = NULL;
	if (p->birth_date[0])
		keys[0] = xasprintf("d:%s", p->birth_date);
	char digits[16];
	size_t n = 0;
	for (const char *c = p->phone; *c; c++)
		if (*c >= '0' && *c <= '9') {
			if (n == 10)
				memmove(digits, digits + 1, --n);
			digits[n++] = *c;
		}
	digits[n] = '\0';
	if (n >= 7)
		keys[1] = xasprintf("p:%s", digits);
	char *sur = text_fold_words(p->first_surname);
	if (sur && *sur)
		keys[2] = xasprintf("y:%s %.4s", sur, p->birth_date);
	free(sur);
}

/* At most this many earlier rows under one key are scored (a common
 * surname and year): the newest, those most likely typed together. */
#define NEAR_MAX 32

/* An earlier good row of the file that the duplicate score says may be the
 * same person: its row number into *row, and what matched into *ev. */
static bool
near_earlier(struct import *im, const participant *p, char *keys[3], int *row, char **ev)
{
	for (int k = 0; k < 3; k++) {
		const char *list = keys[k] ? strmap_get(im->near, keys[k]) : NULL;
		for (int seen = 0; list && *list && seen < NEAR_MAX; seen++) {
			size_t good = 0;
			int r = 0, used = 0;
			if (sscanf(list, "%zu,%d;%n", &good, &r, &used) != 2 || used == 0)
				break;
			list += used;
			if (good < im->ngood &&
			    dedupe_score(p, &im->good[good], NULL, ev) >= DEDUPE_THRESHOLD) {
				*row = r;
				return true;
			}
			free(*ev);
			*ev = NULL;
		}
	}
	return false;
}

/* The row about to become im->good[im->ngood], under its keys (the newest
 * first). */
static void
near_add(struct import *im, char *keys[3], int row)
{
	for (int k = 0; k < 3; k++) {
		if (!keys[k])
			continue;
		const char *old = strmap_get(im->near, keys[k]);
		char *list = xasprintf("%zu,%d;%s", im->ngood, row, old ? old : "");
		strmap_put(im->near, keys[k], list);
		free(list);
	}
}

/* The one place that says whether a row may be a person already known,
 * on an earlier row of this import or saved in the file: first the same
 * names folded (the list's sort key) and the same birth date (or none on
 * both); then the duplicate score, against the earlier rows that share a
 * key with her (near_keys) and against the saved people (dedupe_candidates,
 * as at an intake). *why (a new string) says whom it matches and, for the
 * score, what matched, in the user's language. */
static senda_err
possible_duplicate(struct import *im, const participant *p, int row, char **why)
{
	*why = NULL;
	char *sk = text_sort_key(p->first_surname, p->second_surname, p->given_names);
	char *key = xasprintf("%s|%s", sk, p->birth_date);
	const char *earlier = strmap_get(im->seen, key);
	im->exact = false;
	if (earlier) {
		im->exact = true;
		/* L10N: %s is the number of an earlier row of the same file */
		*why = xasprintf(_("possible duplicate of row %s of this file"), earlier);
		free(sk);
		free(key);
		return SENDA_OK;
	}
	char num[16];
	snprintf(num, sizeof num, "%d", row);
	strmap_put(im->seen, key, num);
	free(key);
	free(sk);
	/* Earlier rows spelled otherwise: scored as at an intake. */
	char *keys[3];
	near_keys(p, keys);
	int near_row = 0;
	char *ev = NULL;
	if (near_earlier(im, p, keys, &near_row, &ev)) {
		/* L10N: %d is the number of an earlier row of the same file, %s what
		   matched ("given name María = Maria; ...") */
		*why = xasprintf(_("possible duplicate of row %d of this file: %s"), near_row,
				 ev ? ev : "");
		free(ev);
		for (int k = 0; k < 3; k++)
			free(keys[k]);
		return SENDA_OK;
	}
	/* Against the saved people: the duplicate matching of the intake
	 * (senda/dedupe.h), which also sees other spellings, nicknames, a
	 * swapped date or the same phone. */
	dedupe_match *m = NULL;
	size_t n = 0;
	senda_err e = dedupe_candidates(im->db, p, 1, &m, &n, im->err);
	if (e == SENDA_OK && n == 0)
		near_add(im, keys, row);   /* no reason: she becomes im->good[im->ngood] */
	for (int k = 0; k < 3; k++)
		free(keys[k]);
	if (e != SENDA_OK || n == 0) {
		dedupe_matches_free(m, n);
		return e;
	}
	participant saved;
	participant_init(&saved);
	if ((e = participant_get(im->db, m[0].id, &saved, im->err)) == SENDA_OK) {
		char *ssk = text_sort_key(saved.first_surname, saved.second_surname,
					  saved.given_names);
		char *psk = text_sort_key(p->first_surname, p->second_surname, p->given_names);
		im->exact = ssk && psk && strcmp(ssk, psk) == 0 &&
			    strcmp(saved.birth_date, p->birth_date) == 0;
		free(ssk);
		free(psk);
		char *name = participant_name_new(&saved);
		/* L10N: a person's name, her short id (the last 8 characters of it,
		   as lists show it), and what matched ("given name María = Maria; ...") */
		*why = xasprintf(_("possible duplicate of %s, already saved (id %s): %s"), name,
				 saved.id + (strlen(saved.id) > 8 ? strlen(saved.id) - 8 : 0),
				 m[0].evidence ? m[0].evidence : "");
		free(name);
	}
	participant_free(&saved);
	dedupe_matches_free(m, n);
	return e;
}

/* ---- rows -------------------------------------------------------------- */

static void
note_row(struct import *im, const csv_record *rec, int row, bool dup, char *reason)
{
	pcsv_import_report *rep = im->rep;
	rep->notes = xrealloc(rep->notes, (rep->nnotes + 1) * sizeof *rep->notes);
	rep->notes[rep->nnotes++] = (pcsv_row_note){ row, rec->line, dup, reason };
	if (dup)
		rep->duplicates++;
	else
		rep->refused++;
	/* The reject file: the row's cells as they were, and why. */
	for (size_t i = 0; i < im->head.n; i++)
		csv_put_field(&im->rejects, i < rec->n ? rec->field[i] : "", im->rep->sep, i == 0);
	if (rec->n > im->head.n)        /* cells beyond the header's columns */
		for (size_t i = im->head.n; i < rec->n; i++)
			csv_put_field(&im->rejects, rec->field[i], im->rep->sep, false);
	csv_put_field(&im->rejects, reason, im->rep->sep, false);
	csv_buf_add(&im->rejects, "\r\n", 2);
}

/* One cell into p; a problem fills err (the field named). */
static senda_err
take_cell(struct import *im, const field_desc *f, participant *p, const char *cell)
{
	if (f->kind != FK_DATE)
		return field_parse(f, p, cell, im->err);
	sdate d;
	bool amb;
	enum date_status s = pcsv_parse_date(cell, im->dates, &d, &amb);
	if (s == DATE_OK) {
		char iso[11];
		date_to_iso(d, iso);
		field_store(f, p, iso);
		return SENDA_OK;
	}
	/* L10N: a date cell that is no date, as the file has it */
	return field_fail(im->err, s == DATE_INVALID ? SENDA_E_DATE_INVALID : SENDA_E_DATE, f,
			  _("“%s”"), cell);
}

/* The intake's date: a timestamp as senda writes it (2026-11-30T12:00:00Z),
 * or a date (ISO, or in the file's order), not after now. */
static senda_err
take_created(struct import *im, participant *p, const char *cell)
{
	char when[21];
	sdate d;
	bool amb;
	if (strlen(cell) == 20 && cell[10] == 'T' && cell[19] == 'Z') {
		char day[11];
		memcpy(day, cell, 10);
		day[10] = '\0';
		if (date_from_iso(day, &d) != DATE_OK)
			return senda_fail(im->err, SENDA_E_DATE, N_("Intake date"), _("“%s”"), cell);
		snprintf(when, sizeof when, "%s", cell);
	} else if (pcsv_parse_date(cell, im->dates, &d, &amb) == DATE_OK) {
		char iso[11];
		date_to_iso(d, iso);
		snprintf(when, sizeof when, "%sT12:00:00Z", iso);
	} else
		return senda_fail(im->err, SENDA_E_DATE, N_("Intake date"), _("“%s”"), cell);
	char now[21];
	clock_timestamp(now);
	if (strcmp(when, now) > 0) {
		if (strncmp(when, now, 10) != 0)
			return senda_fail(im->err, SENDA_E_FUTURE, N_("Intake date"), _("“%s”"), cell);
		snprintf(when, sizeof when, "%s", now);   /* today, at noon still to come */
	}
	participant_set(&p->created_at, when);
	return SENDA_OK;
}

/* The notes: the cells of the notes columns, and "Column: value" for each
 * column without a field, joined by "; " (each cleaned: a line break in a
 * cell is a space). */
static senda_err
take_notes(struct import *im, const csv_record *rec, participant *p)
{
	csv_buf notes = { 0 };
	for (size_t i = 0; i < rec->n && i < im->ncol; i++) {
		if (!im->col[i].note && !im->col[i].kept)
			continue;
		char *copy = xstrdup(rec->field[i]);
		csv_undo_defuse(copy);
		char *clean = text_clean(copy);
		free(copy);
		if (!clean) {
			csv_buf_free(&notes);
			return field_fail(im->err, SENDA_E_UTF8, im->notes, NULL);
		}
		if (*clean) {
			if (notes.len)
				csv_buf_add(&notes, "; ", 2);
			if (im->col[i].kept) {
				char *head = text_clean(im->head.field[i]);
				csv_buf_add(&notes, head ? head : "", head ? strlen(head) : 0);
				csv_buf_add(&notes, ": ", 2);
				free(head);
			}
			csv_buf_add(&notes, clean, strlen(clean));
		}
		free(clean);
	}
	senda_err e = notes.len ? field_parse(im->notes, p, notes.s, im->err) : SENDA_OK;
	csv_buf_free(&notes);
	return e;
}

static senda_err
check_row(struct import *im, csv_record *rec, int row, participant *p, char **reason,
	  bool *dup)
{
	*reason = NULL;
	*dup = false;
	senda_error_clear(im->err);
	size_t used = csv_record_used(rec);
	if (used > im->ncol) {
		/* L10N: a row's cells, the columns of the first row */
		*reason = xasprintf(_("this row has %zu cells, but the first row names %zu columns"),
				    used, im->ncol);
		return SENDA_OK;
	}
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < rec->n && i < im->ncol && e == SENDA_OK; i++) {
		const field_desc *f = im->col[i].f;
		if (!f && !im->col[i].created)
			continue;
		char *copy = xstrdup(rec->field[i]);
		csv_undo_defuse(copy);
		char *clean = text_clean(copy);
		free(copy);
		if (!clean)
			e = f ? field_fail(im->err, SENDA_E_UTF8, f, NULL)
				: senda_fail(im->err, SENDA_E_UTF8, N_("Intake date"), NULL);
		else if (*clean && !f)
			e = take_created(im, p, clean);
		else if (*clean)
			e = take_cell(im, f, p, clean);
		free(clean);
	}
	if (e == SENDA_OK)
		e = take_notes(im, rec, p);
	if (e == SENDA_OK)
		e = participant_validate(p, im->today, im->err);
	if (e == SENDA_E_NOMEM)
		return e;
	if (e != SENDA_OK) {
		char text[400];
		senda_error_text(im->err, text, sizeof text);
		*reason = xstrdup(text);
		senda_error_clear(im->err);
		return SENDA_OK;
	}
	e = possible_duplicate(im, p, row, reason);
	for (size_t i = 0; e == SENDA_OK && *reason && !im->exact && i < im->o->nadd_anyway; i++)
		if (im->o->add_anyway[i] == row) {
			free(*reason);   /* told to add her: another person */
			*reason = NULL;
		}
	*dup = *reason != NULL;
	return e;
}

/* Second pass: every row checked; the good ones kept in im->good. */
senda_err
check_rows(struct import *im)
{
	csv_reader rd;
	if (start(im, &rd) != 1)
		return err_fail(im);
	csv_record rec;
	csv_record_init(&rec);
	int k, row = 0;
	senda_err e = SENDA_OK;
	while (e == SENDA_OK && (k = csv_read(&rd, &rec, im->err)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		row++;
		participant p;
		participant_init(&p);
		char *reason = NULL;
		bool dup = false;
		if ((e = check_row(im, &rec, row, &p, &reason, &dup)) != SENDA_OK) {
			participant_free(&p);
			err_fail(im);
			break;
		}
		if (reason) {
			note_row(im, &rec, row, dup, reason);
			participant_free(&p);
		} else {
			if (im->ngood == im->capgood) {
				im->capgood = im->capgood ? im->capgood * 2 : 64;
				im->good = xrealloc(im->good, im->capgood * sizeof *im->good);
			}
			im->good[im->ngood++] = p;
		}
		if (im->o->progress && row % 1000 == 0)
			im->o->progress(im->o->ctx, row, im->rep->rows);
	}
	csv_record_free(&rec);
	return e;
}
