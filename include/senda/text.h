/* senda — UTF-8 text through GNU libunistring: validation, NFC, search
 * folding, display width. Every string that enters senda passes here. */
#ifndef SENDA_TEXT_H
#define SENDA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s (NUL-terminated) is valid UTF-8. */
bool text_valid(const char *s);

/* A newly allocated NFC copy of s with leading/trailing white space removed
 * and inner runs of white space folded to one space; NULL if s is not valid
 * UTF-8. */
char *text_clean(const char *s);

/* A newly allocated search key: NFKD, combining marks dropped, case folded
 * ("Núñez" -> "nunez", "ÑANDÚ" -> "nandu"); NULL if s is not valid UTF-8. */
char *text_fold(const char *s);

/* What a list of people sorts by: the surnames, then the names, folded
 * (NULLs as ""); a new string, "" when the text is not UTF-8. One rule for
 * the model and for SQL (senda_sort_key). */
char *text_sort_key(const char *first_surname, const char *second_surname,
		    const char *given_names);

/* The words of s for name search, newly allocated: s folded (text_fold),
 * an apostrophe inside a word (', U+2019, U+02BC) dropped, every run of
 * other characters that are not letters, digits or marks turned into one
 * space, no space at either end ("O'Brien-Núñez" -> "obrien nunez"); NULL
 * if s is not valid UTF-8. */
char *text_fold_words(const char *s);

/* Every prefix of every word of text_fold_words(s), each once, separated by
 * one space ("Ana Anaya" -> "a an ana anay anaya"), and of the parts of a
 * word joined across an apostrophe ("O'Brien": "o ob obr ... obrien b br
 * ... brien"); NULL if s is not valid UTF-8. What the name search index
 * holds for a name. */
char *text_word_prefixes(const char *s);

/* True when a word of folded (text_fold output) starts with w, itself one
 * word of text_fold_words output (folded already, no separators); an
 * apostrophe inside a word of folded is passed over ("o'brien" starts with
 * "obr"), and the part after it starts a word too ("brien"). */
bool text_words_start_with(const char *folded, const char *w);

/* Number of characters (code points) in valid UTF-8 s. */
size_t text_chars(const char *s);

/* Display columns of valid UTF-8 s in a terminal (wide = 2, combining = 0). */
size_t text_width(const char *s);

/* A control character: C0 (tab and newline too), DEL, C1, the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069), which reorder what is shown around them, and the
 * invisible characters that only hide what text is (U+200B, U+FEFF, U+00AD,
 * U+3164 and the like; not the zero-width joiners, which scripts need). */
bool text_char_is_control(unsigned int uc);

/* True when s contains a control character, or is not empty and has nothing
 * to see (only zero-width characters such as U+200B, U+2060, U+FEFF). */
bool text_has_control(const char *s);

/* A newly allocated copy fit for display: control characters (C0, DEL, C1,
 * ESC sequences, bidirectional controls) become U+FFFD so that nothing
 * stored can drive the terminal or reorder the screen. */
char *text_inert(const char *s);

/* A newly allocated copy of valid UTF-8 s whose first letter (after any
 * opening punctuation such as "¿") is a capital: "a wage of $0 — save?" ->
 * "A wage of $0 — save?". */
char *text_sentence(const char *s);

/* An answer typed in either language: yes y si sí s 1 true x -> 1,
 * no n 0 false -> 0, anything else -> -1 (case and accents ignored). */
int text_yes_no(const char *s);

#endif
