/* senda — what the export's files share (src/exchange only): export_select.c
 * chooses what travels, export.c writes it. */
#ifndef SENDA_EXCHANGE_EXPORT_H
#define SENDA_EXCHANGE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"

/* The destination (to: a site's name or id, a kind, NULL for any) as
 * recorded, into dest; same_org: a known site of this organization. */
senda_err destination(senda_db *db, const char *to, char *dest, size_t n, bool *same_org,
		      senda_error *err);
/* The rows to send, in temp.xc_touch (*left: the people left out; *all:
 * every row goes, read from the log itself). */
senda_err select_rows(senda_db *db, int64_t since, const char *dest_site, bool same_org,
		      int64_t *left, bool *all, senda_error *err);

#endif
