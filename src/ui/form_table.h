/* senda — forms made from a record's field table (senda/field.h): the
 * fields marked FF_FORM, in the table's order, with the model's labels,
 * limits and choices; the record's values into the form and back. */
#ifndef SENDA_UI_FORM_TABLE_H
#define SENDA_UI_FORM_TABLE_H

#include <stddef.h>
#include "senda/error.h"
#include "senda/field.h"
#include "ui/form.h"

void form_init_table(struct form *fm, const field_desc *table, size_t n);
/* Each form field takes the record's value as a person types it. */
void form_from_record(struct form *fm, const field_desc *table, size_t n, const void *rec);
/* The form's values into rec (the form's own checks have passed); the first
 * that does not parse is returned, err->key naming it. */
senda_err form_to_record(struct form *fm, const field_desc *table, size_t n, void *rec,
			 senda_error *err);

#endif
