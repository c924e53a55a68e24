/* senda — SQL functions senda registers on every connection, so that SQL
 * (migrations, checks, a merge) folds names exactly as the model does:
 * senda_word_prefixes, senda_word_prefixes_json, senda_name_row, senda_name_rows, senda_sum64,
 * senda_sort_key, senda_call_id, senda_time_of_day. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "senda/mem.h"
#include "senda/text.h"
#include "db/internal.h"

/* SQL's senda_word_prefixes(names): what the name search index holds for
 * a name (text_word_prefixes), so that a migration builds the index with
 * the model's own folding. NULL for NULL or text that is not UTF-8. */
static void
sql_word_prefixes(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *p = s ? text_word_prefixes(s) : NULL;
	if (p)
		sqlite3_result_text(cx, p, -1, free);
	else
		sqlite3_result_null(cx);
}

/* SQL's senda_word_prefixes_json(names): the same prefixes as a JSON array
 * of strings, for json_each: the index's rows for many people in one join,
 * without splitting the text a prefix at a time in SQL. NULL where
 * senda_word_prefixes is NULL. */
static void
sql_word_prefixes_json(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *p = s ? text_word_prefixes(s) : NULL;
	if (!p) {
		sqlite3_result_null(cx);
		return;
	}
	/* At worst every byte escaped (\u00XX: 6) plus the quotes and commas. */
	size_t n = strlen(p);
	char *out = xmalloc(6 * n + 3 * (n + 1) + 3);
	char *o = out;
	*o++ = '[';
	bool open = false, first = true;
	for (const char *c = p;; c++) {
		if (*c == ' ' || *c == '\0') {
			if (open) {
				*o++ = '"';
				open = false;
			}
			if (!*c)
				break;
			continue;
		}
		if (!open) {
			if (!first)
				*o++ = ',';
			*o++ = '"';
			open = true;
			first = false;
		}
		unsigned char u = (unsigned char)*c;
		if (u == '"' || u == '\\') {
			*o++ = '\\';
			*o++ = (char)u;
		} else if (u < 0x20) {
			static const char hex[] = "0123456789abcdef";
			*o++ = '\\'; *o++ = 'u'; *o++ = '0'; *o++ = '0';
			*o++ = hex[u >> 4];
			*o++ = hex[u & 15];
		} else {
			*o++ = (char)u;
		}
	}
	*o++ = ']';
	*o = '\0';
	free(p);
	sqlite3_result_text(cx, out, (int)(o - out), free);
}

/* One row of the name search index as a number, for a check that compares
 * the index with what the names give without sorting either: FNV-1a over
 * the row, then a finalizer (splitmix64's) so that sums mix well. */
static uint64_t
name_row_hash(const char *prefix, size_t plen, const char *key, int64_t pid, int extra)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < plen; i++)
		h = (h ^ (unsigned char)prefix[i]) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;   /* never a byte of UTF-8 text */
	for (const char *k = key; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	h ^= (uint64_t)pid * 0x9e3779b97f4a7c15ULL + (uint64_t)(extra != 0);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* SQL's senda_name_row(prefix, sort_key, pid, extra_words): one row of the
 * index as a number (name_row_hash). */
static void
sql_name_row(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *p = (const char *)sqlite3_value_text(argv[0]);
	const char *k = (const char *)sqlite3_value_text(argv[1]);
	if (!p || !k) {
		sqlite3_result_null(cx);
		return;
	}
	uint64_t h = name_row_hash(p, strlen(p), k, sqlite3_value_int64(argv[2]),
				   sqlite3_value_int(argv[3]));
	sqlite3_result_int64(cx, (int64_t)h);
}

/* SQL's senda_name_rows(prefixes, sort_key, pid, extra_words): the sum
 * (modulo 2^64) of senda_name_row over the rows the index holds for a
 * person whose names give these prefixes (senda_word_prefixes), so that
 * the index's rows and the people's give the same sum exactly when they
 * agree (but for a chance of one in 2^64). */
static void
sql_name_rows(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *w = (const char *)sqlite3_value_text(argv[0]);
	const char *k = (const char *)sqlite3_value_text(argv[1]);
	if (!w || !k) {
		sqlite3_result_null(cx);
		return;
	}
	int64_t pid = sqlite3_value_int64(argv[2]);
	int extra = sqlite3_value_int(argv[3]);
	uint64_t sum = 0;
	for (const char *p = w; *p;) {
		size_t n = strcspn(p, " ");
		if (n)
			sum += name_row_hash(p, n, k, pid, extra);
		p += n;
		if (*p)
			p++;
	}
	sqlite3_result_int64(cx, (int64_t)sum);
}

/* SQL's senda_sum64(x): the sum of x modulo 2^64 (sum() stops with an
 * error when it overflows). */
static void
sql_sum64_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	uint64_t *acc = sqlite3_aggregate_context(cx, sizeof *acc);
	if (acc && sqlite3_value_type(argv[0]) != SQLITE_NULL)
		*acc += (uint64_t)sqlite3_value_int64(argv[0]);
}

static void
sql_sum64_final(sqlite3_context *cx)
{
	uint64_t *acc = sqlite3_aggregate_context(cx, 0);
	sqlite3_result_int64(cx, acc ? (int64_t)*acc : 0);
}

/* SQL's senda_sort_key(first_surname, second_surname, given_names): the
 * list's sort key of a person, as the model makes it (sort_key in
 * src/model/participant.c: the three folded by text_fold), so that a
 * writer in SQL (a merge) sets it in the statement that writes the row.
 * '' for text that is not UTF-8, as there. */
static void
sql_sort_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *a = (const char *)sqlite3_value_text(argv[0]);
	const char *b = (const char *)sqlite3_value_text(argv[1]);
	const char *c = (const char *)sqlite3_value_text(argv[2]);
	sqlite3_result_text(cx, text_sort_key(a, b, c), -1, free);
}

/* SQL's senda_call_id(person, rule, anchor): the id of the call a rule
 * schedules, the same at every site for the same three (a version-8 UUID,
 * RFC 9562, of their BLAKE2b hash), so that re-running the scheduler or
 * merging two sites that scheduled the same call never makes two rows. */
static void
sql_call_id(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state st;
	unsigned char h[16];
	static const char tag[] = "senda-call";
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag);
	for (int i = 0; i < argc; i++) {
		const unsigned char *v = sqlite3_value_text(argv[i]);
		size_t n = v ? (size_t)sqlite3_value_bytes(argv[i]) : 0;
		crypto_generichash_update(&st, v ? v : (const unsigned char *)"", n);
		crypto_generichash_update(&st, (const unsigned char *)"", 1);   /* the NUL between */
	}
	crypto_generichash_final(&st, h, sizeof h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);   /* version 8 */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);   /* variant 10 */
	char out[37];
	static const char hex[] = "0123456789abcdef";
	for (int i = 0, o = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[h[i] >> 4];
		out[o++] = hex[h[i] & 15];
		out[o] = '\0';
	}
	sqlite3_result_text(cx, out, 36, SQLITE_TRANSIENT);
}

/* SQL's senda_time_of_day(text): a person's "best time to call" as
 * minutes after midnight, for sorting the call list; NULL when it says no
 * time. An hour with or without minutes and am/pm ("9:30", "6 pm", "after
 * 18:00"; a bare hour from 1 to 7 is in the afternoon: no one is called at
 * 3 in the morning), else a part of the day in English or Spanish
 * (morning/mañana 9:00, noon/mediodía 12:00, afternoon/tarde 15:00,
 * evening 18:00, night/noche 20:00). */
static int
time_of_day(const char *s)
{
	char low[128];
	size_t n = 0;
	for (; s && *s && n + 1 < sizeof low; s++)
		low[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	low[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (low[i] < '0' || low[i] > '9')
			continue;
		int h = 0, m = 0;
		size_t j = i;
		while (j < n && low[j] >= '0' && low[j] <= '9' && j - i < 2)
			h = h * 10 + (low[j++] - '0');
		if (j < n && low[j] >= '0' && low[j] <= '9')
			break;   /* three digits or more: a number, not an hour */
		if ((low[j] == ':' || low[j] == '.' || low[j] == 'h') &&
		    j + 2 < n && low[j + 1] >= '0' && low[j + 1] <= '5' && low[j + 2] >= '0' &&
		    low[j + 2] <= '9') {
			m = (low[j + 1] - '0') * 10 + (low[j + 2] - '0');
			j += 3;
		}
		while (j < n && low[j] == ' ')
			j++;
		bool pm = j < n && low[j] == 'p' && (j + 1 >= n || low[j + 1] == 'm' ||
						     low[j + 1] == '.');
		bool am = j < n && low[j] == 'a' && (j + 1 >= n || low[j + 1] == 'm' ||
						     low[j + 1] == '.');
		if (h > 23 || (h > 12 && (am || pm)))
			break;
		if (pm && h < 12)
			h += 12;
		else if (am && h == 12)
			h = 0;
		else if (!am && !pm && h >= 1 && h <= 7)
			h += 12;
		return h * 60 + m;
	}
	static const struct { const char *word; int at; } parts[] = {
		{ "afternoon", 15 * 60 }, { "tarde", 15 * 60 }, { "morning", 9 * 60 },
		{ "ma\xc3\xb1" "ana", 9 * 60 }, { "manana", 9 * 60 }, { "noon", 12 * 60 },
		{ "mediod", 12 * 60 }, { "evening", 18 * 60 }, { "night", 20 * 60 },
		{ "noche", 20 * 60 },
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (strstr(low, parts[i].word))
			return parts[i].at;
	return -1;
}

static void
sql_time_of_day(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int t = time_of_day((const char *)sqlite3_value_text(argv[0]));
	if (t < 0)
		sqlite3_result_null(cx);
	else
		sqlite3_result_int(cx, t);
}

/* senda_phone_digits(phone): its last ten digits, the number however it
 * was written ("555-0103", "555 0103", "+1 (509) 555-0103" are one). */
static void
sql_phone_digits(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(cx);
		return;
	}
	char d[16];
	size_t n = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (n == 10) {
			memmove(d, d + 1, 9);
			n = 9;
		}
		d[n++] = (char)*s;
	}
	sqlite3_result_text(cx, d, (int)n, SQLITE_TRANSIENT);
}

int
db_register_functions(sqlite3 *h)
{
	const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	return (sqlite3_create_function(h, "senda_word_prefixes", 1, pure, NULL,
				    sql_word_prefixes, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_word_prefixes_json", 1, pure, NULL,
				    sql_word_prefixes_json, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_name_row", 4, pure, NULL,
				    sql_name_row, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_name_rows", 4, pure, NULL,
				    sql_name_rows, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_sum64", 1, pure, NULL,
				    NULL, sql_sum64_step, sql_sum64_final) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_sort_key", 3, pure, NULL,
				    sql_sort_key, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_call_id", 3, pure, NULL,
				    sql_call_id, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_time_of_day", 1, pure, NULL,
				    sql_time_of_day, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(h, "senda_phone_digits", 1, pure, NULL,
				    sql_phone_digits, NULL, NULL) != SQLITE_OK) ? SQLITE_ERROR : SQLITE_OK;
}
