/* senda — the possible duplicates box of the intake form. */
#ifndef SENDA_SCREENS_INTAKE_DUPES_H
#define SENDA_SCREENS_INTAKE_DUPES_H

#include "senda/error.h"
#include "senda/participant.h"
#include "ui/view.h"

/* Validate p; when people in the file may be her, ask (open one, save
 * anyway, or back to the form: SENDA_E_CONFIRM, nothing saved); else, or
 * when told to save anyway, create her. */
senda_err intake_check_dupes(struct ui *ui, participant *p, senda_error *err);

#endif
