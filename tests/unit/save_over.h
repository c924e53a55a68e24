/* senda tests — save a participant's values over the stored record, as a
 * form loaded just now would (participant_update against a fresh read). */
#ifndef SENDA_TEST_SAVE_OVER_H
#define SENDA_TEST_SAVE_OVER_H

#include "senda/participant.h"

static inline senda_err
save_over_db(senda_db *d, participant *p, senda_error *err)
{
	participant base;
	senda_err e = participant_get(d, p->id, &base, err);
	if (e != SENDA_OK)
		return e;
	e = participant_update(d, &base, p, NULL, err);
	participant_free(&base);
	return e;
}

#endif
