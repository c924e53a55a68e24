/* senda — UTF-8 text through GNU libunistring. All Unicode knowledge
 * (normalization, case, categories, widths) comes from the library. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "senda/mem.h"
#include "senda/text.h"

#define REPLACEMENT 0xFFFD

static const uint8_t *
u8(const char *s)
{
	return (const uint8_t *)s;
}

/* Turn a libunistring result (not NUL-terminated, NULL only when memory ran
 * out, since input is validated beforehand) into a C string. */
static char *
terminate(uint8_t *r, size_t len)
{
	char *s;

	if (r == NULL)
		xalloc_die();
	s = xrealloc(r, len + 1);
	s[len] = '\0';
	return s;
}

bool
text_valid(const char *s)
{
	if (s == NULL)
		return false;
	return u8_check(u8(s), strlen(s)) == NULL;
}

char *
text_clean(const char *s)
{
	size_t len, nlen, i, o;
	uint8_t *nfc;
	bool pending = false;   /* white space seen since the last character */

	if (!text_valid(s))
		return NULL;
	len = strlen(s);
	if (len == 0)
		return xstrdup("");
	nfc = u8_normalize(UNINORM_NFC, u8(s), len, NULL, &nlen);
	if (nfc == NULL)
		xalloc_die();

	/* Fold white space in place: the output never outgrows the input. */
	for (i = o = 0; i < nlen;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, nfc + i, nlen - i);

		if (uc_is_property_white_space(uc)) {
			pending = true;
		} else {
			if (pending && o > 0)
				nfc[o++] = ' ';
			pending = false;
			memmove(nfc + o, nfc + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	return terminate(nfc, o);
}

/* Case folding with NFKD output, the non-spacing marks dropped, of the n
 * bytes at s (no ASCII among them), appended to *out (of *cap bytes, *o
 * used; room kept for what follows and its NUL). */
static void
fold_run(const char *s, size_t n, char **out, size_t *cap, size_t *o, size_t rest)
{
	size_t flen, i, k0;
	/* "Ñ" -> "n" U+0303, "ß" -> "ss", "ﬁ" -> "fi", full-width letters -> ASCII. */
	uint8_t *f = u8_casefold(u8(s), n, NULL, UNINORM_NFKD, NULL, &flen);
	if (f == NULL)
		xalloc_die();
	if (*o + flen + rest + 1 > *cap) {
		*cap = *o + flen + rest + 1;
		*out = xrealloc(*out, *cap);
	}
	for (i = 0; i < flen; i += k0) {
		ucs4_t uc;
		k0 = (size_t)u8_mbtouc(&uc, f + i, flen - i);
		if (!uc_is_general_category(uc, UC_CATEGORY_Mn)) {
			memcpy(*out + *o, f + i, k0);
			*o += k0;
		}
	}
	free(f);
}

char *
text_fold(const char *s)
{
	if (!text_valid(s))
		return NULL;
	size_t len = strlen(s), cap = len + 1, o = 0;
	char *out = xmalloc(cap);
	/* ASCII, most of a name, folded here, a byte at a time; each run of
	 * other characters through libunistring. The same as folding the whole
	 * string: case folding looks at no context, and NFKD only decomposes
	 * and orders the marks of a run of non-starters, which an ASCII
	 * character (a starter, decomposed to itself) ends. */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < len && (unsigned char)s[j] >= 0x80)
			j++;
		fold_run(s + i, j - i, &out, &cap, &o, len - j);
		i = j;
	}
	out[o] = '\0';
	return out;
}

/* An apostrophe as names are written: ' (U+0027), the typographic one
 * (U+2019) and the modifier letter (U+02BC). Inside a word it joins its
 * two sides: O'Brien is the word "obrien". */
static bool
apostrophe(ucs4_t uc)
{
	return uc == 0x27 || uc == 0x2019 || uc == 0x02BC;
}

static bool
word_char(ucs4_t uc)
{
	return !apostrophe(uc) && (uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N) ||
	       uc_is_general_category(uc, UC_CATEGORY_M) ||
	       uc_is_general_category(uc, UC_CATEGORY_Co));
}

/* text_fold_words; with join false, an apostrophe inside a word separates
 * like any other character that is not of a word ("o brien"). */
static char *
fold_words(const char *s, bool join)
{
	char *f = text_fold(s);
	if (f == NULL)
		return NULL;
	/* In place: a separator run becomes one byte, never more. */
	size_t len = strlen(f), i, o;
	bool pending = false;
	for (i = o = 0; i < len;) {
		ucs4_t uc;
		unsigned char c = (unsigned char)f[i];
		int k = 1;
		bool wc;
		if (c < 0x80) {   /* ASCII: no table to look up (folded: no capitals) */
			uc = c;
			wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		} else {
			k = u8_mbtouc(&uc, u8(f) + i, len - i);
			wc = word_char(uc);
		}
		if (!wc) {
			ucs4_t next = 0;
			if (join && !pending && o > 0 && apostrophe(uc) && (size_t)k < len - i)
				u8_mbtouc(&next, u8(f) + i + k, len - i - (size_t)k);
			if (!(next && word_char(next)))
				pending = true;
		} else {
			if (pending && o > 0)
				f[o++] = ' ';
			pending = false;
			memmove(f + o, f + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	f[o] = '\0';
	return f;
}

char *
text_fold_words(const char *s)
{
	return fold_words(s, true);
}

/* True when folded[i..] starts with the n bytes of w, an apostrophe inside
 * the word passed over ("o'brien" starts with "obr"). */
static bool
starts_with_joined(const char *folded, size_t len, size_t i, const char *w, size_t n)
{
	size_t k = 0;
	while (k < n) {
		if (i < len && folded[i] == w[k]) {
			i++;
			k++;
			continue;
		}
		ucs4_t uc;
		int m;
		if (k == 0 || i >= len || (m = u8_mbtouc(&uc, u8(folded) + i, len - i)) <= 0 ||
		    !apostrophe(uc))
			return false;
		i += (size_t)m;   /* w, of word characters only, holds no apostrophe */
	}
	return true;
}

/* Whether the character at folded[i] (i on a character's first byte), or
 * the one that ends just before it, is of a word. */
static bool
word_char_at(const char *folded, size_t len, size_t i)
{
	unsigned char c = (unsigned char)folded[i];
	if (c < 0x80)   /* ASCII, most of a name: no table to look up */
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	ucs4_t uc;
	u8_mbtouc(&uc, u8(folded) + i, len - i);
	return word_char(uc);
}

static bool
word_char_before(const char *folded, size_t len, size_t i)
{
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)folded[j] & 0xC0) == 0x80)
		j--;
	return word_char_at(folded, len, j);
}

bool
text_words_start_with(const char *folded, const char *w)
{
	size_t len = strlen(folded), wl = strlen(w);
	if (wl == 0) {
		/* Any word at all. */
		for (size_t i = 0; i < len; i++)
			if (((unsigned char)folded[i] & 0xC0) != 0x80 && word_char_at(folded, len, i))
				return true;
		return false;
	}
	/* Only where w's first byte stands can one of folded's words start
	 * with w: a first byte of a character (UTF-8 never holds one inside
	 * another character) that starts a word, the one before it not of a
	 * word. The bytes of w are all of word characters: matched at the
	 * start of a word, they lie inside it. */
	for (const char *p = folded; (p = memchr(p, w[0], len - (size_t)(p - folded))) != NULL;
	     p++) {
		size_t i = (size_t)(p - folded);
		if (word_char_at(folded, len, i) && (i == 0 || !word_char_before(folded, len, i)) &&
		    starts_with_joined(folded, len, i, w, wl))
			return true;
	}
	return false;
}

/* True when the n bytes at p are one of the space-separated items of
 * list[0..len). */
static bool
listed(const char *list, size_t len, const char *p, size_t n)
{
	for (size_t i = 0; i + n <= len;) {
		size_t j = i;
		while (j < len && list[j] != ' ')
			j++;
		if (j - i == n && memcmp(list + i, p, n) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

char *
text_word_prefixes(const char *s)
{
	char *w = fold_words(s, true);
	if (w == NULL)
		return NULL;
	/* A name with an apostrophe is found by its parts too ("brien", "o
	 * brien"), as before apostrophes joined. */
	char *split = fold_words(s, false);
	if (split && strcmp(split, w) != 0) {
		char *both = xasprintf("%s %s", w, split);
		free(w);
		w = both;
	}
	free(split);
	size_t len = strlen(w), o = 0, cap = 64;
	char *out = xmalloc(cap);
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && w[end] != ' ')
			end++;
		/* Each prefix ends at a character boundary of the word. */
		for (size_t k = i; k < end;) {
			int n = u8_mblen(u8(w) + k, end - k);
			k += n > 0 ? (size_t)n : 1;
			size_t plen = k - i;
			if (listed(out, o, w + i, plen))
				continue;
			if (o + plen + 2 > cap) {
				cap = (o + plen + 2) * 2;
				out = xrealloc(out, cap);
			}
			if (o)
				out[o++] = ' ';
			memcpy(out + o, w + i, plen);
			o += plen;
		}
		i = end + 1;
	}
	out[o] = '\0';
	free(w);
	return out;
}

size_t
text_chars(const char *s)
{
	if (s == NULL)
		return 0;
	return u8_mbsnlen(u8(s), strlen(s));
}

size_t
text_width(const char *s)
{
	int w;

	if (s == NULL)
		return 0;
	/* "UTF-8" is not a CJK encoding, so ambiguous-width characters count
	 * as narrow; control characters count as nothing. */
	w = u8_strwidth(u8(s), "UTF-8");
	return w < 0 ? 0 : (size_t)w;
}

/* C0 (tab and newline included), DEL and C1 are exactly category Cc; the
 * bidirectional controls are format characters (Cf) that reorder text. */
/* Characters that show nothing and only hide what a name really is ("Ana"
 * + U+200B + "x" looks like "Anax" and is not found by it): the soft hyphen,
 * the combining grapheme joiner, zero-width space and no-break space, word
 * joiner and invisible operators, and the blank fillers (Hangul, braille,
 * Khmer, Mongolian). Zero-width joiner and non-joiner stay: scripts need
 * them. */
static bool
is_invisible(unsigned int uc)
{
	return uc == 0x00AD || uc == 0x034F || uc == 0x115F || uc == 0x1160 ||
	       uc == 0x17B4 || uc == 0x17B5 || uc == 0x180E || uc == 0x200B ||
	       (uc >= 0x2060 && uc <= 0x2064) || uc == 0x2800 || uc == 0x3164 ||
	       uc == 0xFEFF || uc == 0xFFA0;
}

bool
text_char_is_control(unsigned int uc)
{
	if (uc_is_general_category(uc, UC_CATEGORY_Cc))
		return true;
	return uc == 0x061C || uc == 0x200E || uc == 0x200F ||
	       (uc >= 0x202A && uc <= 0x202E) || (uc >= 0x2066 && uc <= 0x2069) ||
	       is_invisible(uc);
}

static bool
is_control(ucs4_t uc)
{
	return text_char_is_control(uc);
}

bool
text_has_control(const char *s)
{
	size_t len, i;
	bool visible = false;

	if (s == NULL)
		return false;
	len = strlen(s);
	for (i = 0; i < len;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u8(s) + i, len - i);

		if (is_control(uc))
			return true;
		/* Something takes room on the screen (a space counts). */
		if (uc_width(uc, "UTF-8") > 0 && !uc_is_general_category(uc, UC_CATEGORY_Cf))
			visible = true;
		i += (size_t)k;
	}
	/* Only zero-width characters: a name nobody can see or type. */
	return len > 0 && !visible;
}

char *
text_inert(const char *s)
{
	size_t len, i, o;
	uint8_t *r;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	/* Each replaced byte (a control or an invalid byte) becomes at most
	 * 3 bytes; a valid sequence is copied as is. */
	if (len > (SIZE_MAX - 1) / 3)
		xalloc_die();
	r = xmalloc(3 * len + 1);
	for (i = o = 0; i < len;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u8(s) + i, len - i);

		/* u8_mbtouc yields U+FFFD for an invalid sequence too, so the
		 * result is always valid UTF-8. */
		if (uc == REPLACEMENT || is_control(uc)) {
			o += (size_t)u8_uctomb(r + o, REPLACEMENT, 3);
		} else {
			memcpy(r + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	r[o] = '\0';
	return (char *)r;
}

char *
text_sentence(const char *s)
{
	size_t len, i;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	/* A sentence that starts with a file name or a path ("exist.txt is
	 * already there") keeps its case: it names something exactly. */
	size_t word = strcspn(s, " ");
	if (memchr(s, '.', word) || memchr(s, '/', word))
		return xstrdup(s);
	for (i = 0; i < len;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u8(s) + i, len - i);

		if (uc_is_alpha(uc)) {
			ucs4_t up = uc_toupper(uc);
			uint8_t enc[6];
			int n = u8_uctomb(enc, up, (int)sizeof enc);
			if (n <= 0 || up == uc)
				break;
			char *r = xmalloc(len - (size_t)k + (size_t)n + 1);
			memcpy(r, s, i);
			memcpy(r + i, enc, (size_t)n);
			memcpy(r + i + (size_t)n, s + i + (size_t)k, len - i - (size_t)k + 1);
			return r;
		}
		i += (size_t)k;
	}
	return xstrdup(s);
}

int
text_yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "y", "si", "s", "1", "true", "x", NULL };
	static const char *const no[] = { "no", "n", "0", "false", NULL };
	char *f = text_fold(s ? s : "");
	int r = -1;
	for (int i = 0; f && yes[i] && r < 0; i++)
		if (strcmp(f, yes[i]) == 0)
			r = 1;
	for (int i = 0; f && no[i] && r < 0; i++)
		if (strcmp(f, no[i]) == 0)
			r = 0;
	free(f);
	return r;
}

char *
text_sort_key(const char *first_surname, const char *second_surname, const char *given_names)
{
	char *raw = xasprintf("%s %s %s", first_surname ? first_surname : "",
			      second_surname ? second_surname : "", given_names ? given_names : "");
	char *key = text_fold(raw);
	free(raw);
	return key ? key : xstrdup("");
}
