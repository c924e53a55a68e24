/* senda — what the participant import shares with its headers' file. */
#ifndef SENDA_EXCHANGE_PCSV_INTERNAL_H
#define SENDA_EXCHANGE_PCSV_INTERNAL_H

#include <stdbool.h>

#define NOTE_KEY "note"
#define IGNORE_KEY "ignore"
#define ID_KEY "id"               /* another file's id: each person gets a new one */
#define CREATED_KEY "created_at"  /* the intake's date (participant.created_at) */
#define REASON_KEY "reason"       /* a reject file's own column: why a row was refused */

/* A header as compared: folded (case, accents), letters and digits only
 * ("Fecha de Nacimiento" -> "fechadenacimiento"). A new string. */
char *pcsv_header_key(const char *s);
/* Do two headers name the same column? */
bool pcsv_same_header(const char *a, const char *b);
/* A folded header (or a --map target) -> a field key, NOTE_KEY or NULL. */
const char *pcsv_field_of_key(const char *k);

#endif
