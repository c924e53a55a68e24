/* senda — CSV reading and writing (RFC 4180, with what spreadsheets really
 * write: CRLF or LF, a byte-order mark, ';' in Spanish locales). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "senda/csv.h"
#include "senda/i18n.h"
#include "senda/mem.h"

/* ---- growing buffer ---------------------------------------------------- */

void
csv_buf_add(csv_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_addc(csv_buf *b, char c)
{
	csv_buf_add(b, &c, 1);
}

void
csv_buf_free(csv_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* ---- reading ----------------------------------------------------------- */

static const char bom[] = "\xEF\xBB\xBF";

char
csv_detect_separator(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	if (len >= 3 && memcmp(p, bom, 3) == 0)
		p += 3;
	int commas = 0, semis = 0;
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semis++;
	}
	return commas == 0 && semis > 0 ? ';' : ',';
}

void
csv_reader_init(csv_reader *r, const char *buf, size_t len, char sep)
{
	r->p = buf;
	r->end = buf + len;
	if (len >= 3 && memcmp(buf, bom, 3) == 0)
		r->p += 3;
	r->sep = sep ? sep : csv_detect_separator(buf, len);
	r->line = 1;
	r->record = 0;
}

void
csv_record_init(csv_record *rec)
{
	memset(rec, 0, sizeof *rec);
}

static void
record_clear(csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		free(rec->field[i]);
	rec->n = 0;
}

void
csv_record_free(csv_record *rec)
{
	record_clear(rec);
	free(rec->field);
	csv_record_init(rec);
}

static void
record_push(csv_record *rec, const csv_buf *f)
{
	if (rec->n == rec->cap) {
		rec->cap = rec->cap ? rec->cap * 2 : 16;
		rec->field = xrealloc(rec->field, rec->cap * sizeof *rec->field);
	}
	rec->field[rec->n++] = xstrndup(f->s ? f->s : "", f->len);
}

bool
csv_record_blank(const csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->field[i][0])
			return false;
	return true;
}

size_t
csv_record_used(const csv_record *rec)
{
	size_t n = rec->n;
	while (n > 0 && !rec->field[n - 1][0])
		n--;
	return n;
}

static int
nul_byte(const csv_reader *r, senda_error *err)
{
	senda_fail(err, SENDA_E_IO, NULL,
		   /* L10N: a CSV file; %d are the record's number and the file's line */
		   _("record %d, line %d: the file holds a NUL byte, so it is not a text file "
		     "(save the spreadsheet as CSV)"), r->record, r->line);
	return -1;
}

int
csv_read(csv_reader *r, csv_record *rec, senda_error *err)
{
	record_clear(rec);
	if (r->p >= r->end)
		return 0;
	rec->line = r->line;
	r->record++;
	csv_buf f = { 0 };
	const char sep = r->sep;
	for (;;) {
		f.len = 0;
		if (r->p < r->end && *r->p == '"') {
			int qline = r->line;
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					csv_buf_free(&f);
					senda_fail(err, SENDA_E_IO, NULL,
						   /* L10N: a CSV file; %d are the record's number and the line
						      where its quoted field starts */
						   _("record %d, line %d: a quoted field that starts here is "
						     "never closed (a closing \" is missing)"),
						   r->record, qline);
					return -1;
				}
				char c = *r->p++;
				if (c == '"') {
					if (r->p < r->end && *r->p == '"') {
						buf_addc(&f, '"');
						r->p++;
						continue;
					}
					break;
				}
				if (c == '\0') {
					csv_buf_free(&f);
					return nul_byte(r, err);
				}
				if (c == '\n')
					r->line++;
				buf_addc(&f, c);
			}
			/* Only the end of the field may follow its closing quote. Text
			 * there means a lone " inside a quoted field, which swallowed
			 * what came after it (other rows too): refused, not guessed. */
			if (r->p < r->end && *r->p != sep && *r->p != '\n' && *r->p != '\r') {
				csv_buf_free(&f);
				senda_fail(err, SENDA_E_IO, NULL,
					   /* L10N: a CSV file; %d are the record's number, the
					      line where its quoted field starts, and the line
					      of the text after its closing quote */
					   _("record %d, line %d: a quoted field that starts here ends "
					     "at line %d with text after its closing quote (a \" inside "
					     "a field must be written twice: \"\")"),
					   r->record, qline, r->line);
				return -1;
			}
		}
		/* Unquoted text (a " in it is kept as it is). */
		while (r->p < r->end && *r->p != sep && *r->p != '\n' && *r->p != '\r') {
			if (*r->p == '\0') {
				csv_buf_free(&f);
				return nul_byte(r, err);
			}
			buf_addc(&f, *r->p++);
		}
		record_push(rec, &f);
		if (r->p >= r->end)
			break;
		if (*r->p == sep) {
			r->p++;
			continue;
		}
		if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
			r->p++;
		r->p++;
		r->line++;
		break;
	}
	csv_buf_free(&f);
	return 1;
}

static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* True when s is "'"... followed by a formula's first character: the form
 * csv_put_field writes with one more "'" and csv_undo_defuse reads with one
 * less. */
static bool
defused_form(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_start(*s);
}

void
csv_undo_defuse(char *field)
{
	if (field[0] == '\'' && defused_form(field))
		memmove(field, field + 1, strlen(field));
}

/* ---- writing ----------------------------------------------------------- */

void
csv_put_field(csv_buf *b, const char *field, char sep, bool first)
{
	if (!first)
		buf_addc(b, sep);
	if (!field)
		field = "";
	size_t n = strlen(field);
	/* A spreadsheet runs a cell that starts with = + - @ (or TAB/CR before
	 * one) as a formula: a partner named "=HYPERLINK(...)" could then send
	 * data away or run commands. A leading "'" makes it plain text. */
	bool defuse = n > 0 && defused_form(field);
	bool quote = n > 0 && (field[0] == ' ' || field[n - 1] == ' ');
	for (const char *s = field; *s && !quote; s++)
		if (*s == sep || *s == '"' || *s == '\n' || *s == '\r')
			quote = true;
	if (quote)
		buf_addc(b, '"');
	if (defuse)
		buf_addc(b, '\'');
	for (const char *s = field; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	if (quote)
		buf_addc(b, '"');
}

void
csv_put_record(csv_buf *b, const char *const *fields, size_t n, char sep)
{
	for (size_t i = 0; i < n; i++)
		csv_put_field(b, fields[i], sep, i == 0);
	csv_buf_add(b, "\r\n", 2);
}

/* ---- files ------------------------------------------------------------- */

senda_err
csv_load_file(const char *path, char **buf, size_t *len, senda_error *err)
{
	*buf = NULL;
	*len = 0;
	bool in = strcmp(path, "-") == 0;   /* standard input */
	int fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int e = errno;
		if (!in)
			close(fd);
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(e));
	}
	if (in && !S_ISREG(sb.st_mode))
		sb.st_size = 0;   /* a pipe: read until its end */
	else if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(EISDIR));
	}
	if ((unsigned long long)sb.st_size > CSV_FILE_MAX) {
		if (!in)
			close(fd);
		/* L10N: %s is a file's path */
		return senda_fail(err, SENDA_E_IO, NULL, _("%s is larger than 32 MB"), path);
	}
	size_t cap = (size_t)sb.st_size + 1, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > CSV_FILE_MAX) {
				free(b);
				if (!in)
					close(fd);
				return senda_fail(err, SENDA_E_IO, NULL, _("%s is larger than 32 MB"), path);
			}
			cap *= 2;
			b = xrealloc(b, cap);
		}
		ssize_t k = read(fd, b + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			free(b);
			if (!in)
				close(fd);
			return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(e));
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	if (!in)
		close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return SENDA_OK;
}
