/* senda — a participant spreadsheet's headers (English or Spanish, the
 * field tables' own CSV names and common spellings) and dates (in the
 * file's own order). */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "senda/date.h"
#include "senda/field.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/pcsv.h"
#include "senda/text.h"
#include "exchange/pcsv_internal.h"

/* ---- headers ----------------------------------------------------------- */

/* A header as compared: folded (case, accents), letters and digits only
 * ("Fecha de Nacimiento" -> "fechadenacimiento", "E-mail" -> "email"). */
char *
pcsv_header_key(const char *s)
{
	char *f = text_fold(s);
	if (!f)
		return NULL;
	char *o = f;
	for (const char *p = f; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
			*o++ = *p;
	*o = '\0';
	return f;
}

/* Spellings seen in spreadsheets, folded as header_key does, besides each
 * field's own CSV names (which are always taken). Data, not messages. */
static const struct alias {
	const char *header, *key;
} aliases[] = {
	{ "nombre", "given_names" }, { "nombres", "given_names" },
	{ "primernombre", "given_names" }, { "firstname", "given_names" },
	{ "first", "given_names" }, { "givenname", "given_names" },
	{ "given", "given_names" }, { "forename", "given_names" },
	{ "apellido", "first_surname" }, { "apellidos", "first_surname" },
	{ "apellidopaterno", "first_surname" }, { "apellido1", "first_surname" },
	{ "primerapellido", "first_surname" }, { "lastname", "first_surname" },
	{ "surname", "first_surname" }, { "familyname", "first_surname" },
	{ "paternalsurname", "first_surname" },
	{ "apellidomaterno", "second_surname" }, { "apellido2", "second_surname" },
	{ "segundoapellido", "second_surname" }, { "maternalsurname", "second_surname" },
	{ "secondlastname", "second_surname" }, { "surname2", "second_surname" },
	{ "apodo", "preferred_name" }, { "nickname", "preferred_name" },
	{ "preferred", "preferred_name" },
	{ "fechadenacimiento", "birth_date" }, { "fechanacimiento", "birth_date" },
	{ "fechanac", "birth_date" }, { "nacimiento", "birth_date" },
	{ "dob", "birth_date" }, { "dateofbirth", "birth_date" }, { "birthdate", "birth_date" },
	{ "birthday", "birth_date" }, { "cumpleanos", "birth_date" },
	{ "telefono", "phone" }, { "tel", "phone" }, { "celular", "phone" },
	{ "cel", "phone" }, { "cell", "phone" }, { "cellphone", "phone" }, { "mobile", "phone" },
	{ "movil", "phone" }, { "phonenumber", "phone" }, { "numerodetelefono", "phone" },
	{ "telefono2", "phone_alt" }, { "phone2", "phone_alt" }, { "otrotelefono", "phone_alt" },
	{ "altphone", "phone_alt" }, { "homephone", "phone_alt" }, { "telefonocasa", "phone_alt" },
	{ "correoelectronico", "email" }, { "correo", "email" }, { "emailaddress", "email" },
	{ "mail", "email" },
	{ "idioma", "language" }, { "lengua", "language" }, { "idiomapreferido", "language" },
	{ "preferredlanguage", "language" },
	{ "mejorhora", "best_time" }, { "mejorhoraparallamar", "best_time" },
	{ "besttimetocall", "best_time" }, { "horario", "best_time" },
	{ "pais", "country" }, { "paisdeorigen", "country" }, { "countryoforigin", "country" },
	{ "anosenusa", "years_in_us" }, { "anosenestadosunidos", "years_in_us" },
	{ "anosenlosestadosunidos", "years_in_us" },
	{ "escolaridad", "schooling" }, { "education", "schooling" },
	{ "educacion", "schooling" }, { "nivelescolar", "schooling" },
	{ "conempleo", "employed" }, { "trabaja", "employed" }, { "empleado", "employed" },
	{ "salario", "wage_cents" }, { "salarioporhora", "wage_cents" },
	{ "wage", "wage_cents" }, { "hourlywage", "wage_cents" },
	{ "intereses", "work_interests" }, { "interesesdetrabajo", "work_interests" },
	{ "comonosconocio", "heard_from" }, { "comosupo", "heard_from" },
	{ "heardfrom", "heard_from" }, { "howtheyheard", "heard_from" },
	{ "id", ID_KEY }, { "createdat", CREATED_KEY }, { "creado", CREATED_KEY },
	{ "intakedate", CREATED_KEY }, { "fecharegistro", CREATED_KEY },
	{ "fechaderegistro", CREATED_KEY }, { "fechadeingreso", CREATED_KEY },
	{ "notas", NOTE_KEY }, { "nota", NOTE_KEY }, { "notes", NOTE_KEY }, { "note", NOTE_KEY },
	{ "comentarios", NOTE_KEY }, { "comments", NOTE_KEY }, { "observaciones", NOTE_KEY },
	{ "reason", REASON_KEY }, { "motivo", REASON_KEY },
};

static bool
same_key(const char *folded, const char *name)
{
	char *k = name ? pcsv_header_key(name) : NULL;
	bool r = k && *k && strcmp(k, folded) == 0;
	free(k);
	return r;
}

bool
pcsv_same_header(const char *a, const char *b)
{
	char *k = pcsv_header_key(a);
	bool r = k && same_key(k, b);
	free(k);
	return r;
}

/* A folded header (or a --map target) -> a field key, NOTE_KEY or NULL. */
const char *
pcsv_field_of_key(const char *k)
{
	for (size_t i = 0; i < participant_nfields; i++) {
		const field_desc *f = &participant_fields[i];
		if (same_key(k, f->key) || same_key(k, f->csv_en) || same_key(k, f->csv_es) ||
		    same_key(k, f->option))
			return f->key;
	}
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(k, aliases[i].header) == 0)
			return aliases[i].key;
	return NULL;
}

const char *
pcsv_header_field(const char *header)
{
	char *k = pcsv_header_key(header ? header : "");
	const char *r = k && *k ? pcsv_field_of_key(k) : NULL;
	free(k);
	return r;
}

/* ---- dates ------------------------------------------------------------- */

enum date_status
pcsv_parse_date(const char *cell, enum pcsv_dates order, sdate *out, bool *ambiguous)
{
	*ambiguous = false;
	if (order == PCSV_DATES_MDY)
		return date_parse(cell, DATE_MDY, out);
	if (order == PCSV_DATES_DMY)
		return date_parse(cell, DATE_DMY, out);
	sdate m, d;
	enum date_status sm = date_parse(cell, DATE_MDY, &m);
	enum date_status sd = date_parse(cell, DATE_DMY, &d);
	if (sm == DATE_OK && sd == DATE_OK) {
		*out = m;
		*ambiguous = date_cmp(m, d) != 0;
		return DATE_OK;
	}
	if (sm == DATE_OK || sd == DATE_OK) {
		*out = sm == DATE_OK ? m : d;
		return DATE_OK;
	}
	return sm;
}

