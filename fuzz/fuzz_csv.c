/* senda — libFuzzer target for what reads a spreadsheet file (partner and
 * ESL-level CSV imports): the encoding's detection and conversion to UTF-8,
 * the separator's detection, the CSV reader, and each cell through the
 * text checks and the field parsers of the partner and program tables;
 * for the participant import (src/exchange/participant_import.c), each
 * cell as a header (pcsv_header_field), as a date in either order and in
 * none (pcsv_parse_date), cleaned (text_clean) and through the field
 * parser of the participant field its header names.
 * Any bytes are read or refused with a reason, never a crash or a leak.
 * Built by `make fuzz`, not by make check:
 *     make fuzz && ./fuzz/fuzz_csv -max_total_time=60 */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "senda/conv.h"
#include "senda/csv.h"
#include "senda/field.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/pcsv.h"
#include "senda/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	senda_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	char used[64];
	if (conv_decode((const char *)data, size, NULL, &text, &len, used, &err) != SENDA_OK)
		return 0;
	csv_reader rd;
	csv_reader_init(&rd, text, len, csv_detect_separator(text, len));
	csv_record rec;
	csv_record_init(&rec);
	partner p;
	program g;
	partner_init(&p);
	program_init(&g);
	participant person;
	participant_init(&person);
	const field_desc *pf[64] = { NULL };   /* the participant field of each column */
	bool header = true;
	while (csv_read(&rd, &rec, &err) == 1) {
		(void)csv_record_used(&rec);
		(void)csv_record_blank(&rec);
		for (size_t i = 0; i < rec.n; i++) {
			char *cell = rec.field[i];
			csv_undo_defuse(cell);
			if (!text_valid(cell))
				continue;
			char *clean = text_clean(cell);
			if (clean && header && i < 64) {
				const char *key = pcsv_header_field(clean);
				pf[i] = key ? field_find(participant_fields, participant_nfields, key) : NULL;
			} else if (clean && i < 64) {
				sdate d;
				bool amb;
				(void)pcsv_parse_date(clean, PCSV_DATES_UNKNOWN, &d, &amb);
				(void)pcsv_parse_date(clean, PCSV_DATES_MDY, &d, &amb);
				(void)pcsv_parse_date(clean, PCSV_DATES_DMY, &d, &amb);
				senda_error pe = { 0 };
				if (pf[i] && pf[i]->kind != FK_DATE &&
				    field_parse(pf[i], &person, clean, &pe) == SENDA_OK)
					(void)field_check(pf[i], &person, &pe);
			}
			free(clean);
			const field_desc *f = i < partner_nfields ? &partner_fields[i]
				: i < partner_nfields + program_nfields
				? &program_fields[i - partner_nfields] : NULL;
			if (!f)
				continue;
			void *target = i < partner_nfields ? (void *)&p : (void *)&g;
			senda_error fe = { 0 };
			if (field_parse(f, target, cell, &fe) == SENDA_OK)
				(void)field_check(f, target, &fe);
		}
		header = false;
	}
	participant_free(&person);
	partner_free(&p);
	program_free(&g);
	csv_record_free(&rec);
	free(text);
	return 0;
}
