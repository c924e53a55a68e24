/* senda — what participant.c and participant_search.c share (model only). */
#ifndef SENDA_MODEL_PARTICIPANT_INTERNAL_H
#define SENDA_MODEL_PARTICIPANT_INTERNAL_H

#include <sqlite3.h>
#include "senda/participant.h"

/* The participant's columns, in the order participant_read_row reads them. */
#define COLS "id, site_id, created_at, updated_at, updated_by, deleted, " \
	"given_names, first_surname, second_surname, preferred_name, birth_date, " \
	"phone, phone_alt, email, language, best_time, country, years_in_us, " \
	"schooling, employed, wage_cents, work_interests, heard_from, " \
	"consent_contact, consent_share, consent_date, notes"

/* Column i of the row as text ("" for NULL), and a row of COLS into p. */
const char *participant_col_text(sqlite3_stmt *st, int i);
void participant_read_row(sqlite3_stmt *st, participant *p);
/* Blank what the acting user's role may not see (participant.c says why). */
void participant_hide(senda_db *db, participant *p);
/* Whether a column's values are hidden from the acting user (the history). */
bool participant_column_hidden(senda_db *db, const char *column);

/* A person's rows of the name search index: made from the names stored
 * now, and taken off by them (call before the names change). */
senda_err index_names(senda_db *db, const char *id, senda_error *err);
senda_err unindex_names(senda_db *db, const char *id, senda_error *err);

#endif
