/* senda — character encodings through iconv: files in and out of UTF-8,
 * and the guess senda makes about a file someone hands it. No curses. */
#ifndef SENDA_CONV_H
#define SENDA_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include "senda/error.h"

#define CONV_UTF8 "UTF-8"
#define CONV_CP1252 "WINDOWS-1252"
#define CONV_UTF16 "UTF-16"

/* What a conversion out of UTF-8 could not carry over as it was. */
typedef struct conv_loss {
	size_t chars;        /* characters the target encoding does not have */
	int first_line;      /* line (1-based) of the first of them; 0 if none */
	char first[8];       /* that character, UTF-8 */
} conv_loss;

/* True when name means UTF-8 ("utf8", "UTF-8", ...). */
bool conv_is_utf8(const char *name);

/* True when iconv knows the encoding (as a source and a target). */
bool conv_known(const char *name);

/* True when byte c has a character in Windows-1252 (all but 0x81, 0x8D,
 * 0x8F, 0x90, 0x9D). */
bool conv_cp1252_defined(unsigned char c);

/* The encoding of a file's bytes: CONV_UTF8 when they are valid UTF-8 (an
 * empty file is), CONV_UTF16 after a UTF-16 byte-order mark, CONV_CP1252
 * when every byte is defined there and none is NUL, else NULL. */
const char *conv_detect(const char *buf, size_t len);

/* Convert len bytes in encoding `from` to UTF-8; *out is NUL-terminated and
 * malloc'd, *outlen excludes the NUL. Bytes that are not valid in `from` are
 * refused (SENDA_E_UTF8) naming the line; an unknown encoding name is
 * refused (SENDA_E_CHOICE, field "Encoding") naming it. */
senda_err conv_to_utf8(const char *from, const char *in, size_t len, char **out,
		       size_t *outlen, senda_error *err);

/* Convert valid UTF-8 to encoding `to`. Characters that `to` lacks are
 * counted in *loss (may be NULL). Without translit any such character makes
 * it refuse (SENDA_E_IO, detail: how many, the first and its line; *loss is
 * filled all the same); with translit they become their nearest equivalent
 * ("ş" -> "s", else "?") and *loss says how many changed. *out is
 * NUL-terminated (for single-byte targets) and malloc'd. */
senda_err conv_from_utf8(const char *to, const char *in, size_t len, bool translit,
			 char **out, size_t *outlen, conv_loss *loss, senda_error *err);

/* Decode a file for import. encoding NULL or "" = detect: UTF-8 as is,
 * else Windows-1252 when every byte is defined there, else refuse
 * (SENDA_E_UTF8) naming the first line that is neither. A file that is not
 * valid UTF-8 but holds UTF-8 characters mixes encodings: it is refused
 * (SENDA_E_UTF8) naming up to 3 lines of each kind. A named encoding is
 * used as given. used (at least 32 bytes) receives what the file was read as
 * (CONV_UTF8, CONV_CP1252, ... or the name given). */
senda_err conv_decode(const char *buf, size_t len, const char *encoding, char **out,
		      size_t *outlen, char *used, senda_error *err);
/* The same on a buffer of the caller's (from malloc), which it takes: *buf
 * and *len become the decoded text (NULL and 0 on an error). A file already
 * in UTF-8 is kept where it is, not copied: a big file is held once. */
senda_err conv_decode_buffer(char **buf, size_t *len, const char *encoding, char *used,
			     senda_error *err);

#endif
