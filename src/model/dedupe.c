/* senda — the duplicate score: two people compared on their given names
 * (any part of a compound name, nicknames both ways, one letter off), their
 * surnames in any arrangement (both, swapped, one dropped, joined or
 * hyphenated, particles left out), birth date (the same, day and month
 * swapped, one digit off; 1 January weighs less) and phone (last ten
 * digits). A rare name weighs more than a common one. Pure: no database
 * (the weights are read beforehand). The nickname table: dedupe_nicknames.c. */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "db/stmt.h"
#include "dedupe_internal.h"

/* ---- folding --------------------------------------------------------- */

/* Latin-1 letters (U+00C0..U+00FF, the second byte of C3 xx) folded as
 * text_fold does; 0: not a letter (× ÷), "" never. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* s's words, folded, one space between, into out (cap bytes): a fast path
 * for ASCII and Latin-1, the whole of text_fold_words otherwise. */
void
dd_fold_words(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	bool space = true;     /* nothing yet, or a space just written */
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; u[i]; i++) {
		const char *piece = NULL;
		char one[2] = { 0, 0 };
		unsigned char c = u[i];
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				one[0] = (char)c, piece = one;
			else if (c >= 'A' && c <= 'Z')
				one[0] = (char)(c - 'A' + 'a'), piece = one;
			else if (c == '\'' && !space)
				continue;
		} else if (c == 0xc3 && u[i + 1] >= 0x80 && u[i + 1] <= 0xbf) {
			piece = latin1[u[i + 1] - 0x80];
			i++;
			if (!piece)
				piece = NULL;
		} else if (c == 0xe2 && u[i + 1] == 0x80 && u[i + 2] == 0x99 && !space) {
			i += 2;
			continue;
		} else {
			char *w = text_fold_words(s);
			snprintf(out, cap, "%s", w ? w : "");
			free(w);
			return;
		}
		if (piece) {
			size_t n = strlen(piece);
			if (o + n + 1 >= cap)
				break;
			memcpy(out + o, piece, n);
			o += n;
			space = false;
		} else if (!space) {
			if (o + 2 >= cap)
				break;
			out[o++] = ' ';
			space = true;
		}
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static bool
particle(const char *w, size_t n)
{
	static const char *const words[] = { "de", "del", "la", "las", "los", "y", "e", "da",
					     "das", "do", "dos", "van", "von", "di" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

/* Append the words of s (not particles, not already there from first on)
 * to buf at *o; returns how many were added. */
static int
add_words(const char *s, char *buf, size_t cap, size_t *o, const char *first, int have,
	  int room)
{
	char f[4 * PARTICIPANT_NAME_MAX + 8];
	dd_fold_words(s ? s : "", f, sizeof f);
	int added = 0;
	for (char *w = f; *w && added < room;) {
		size_t n = strcspn(w, " ");
		bool keep = !particle(w, n);
		/* a word already among the first `have` (the preferred name repeats
		 * a given name) is not added twice */
		const char *t = first;
		for (int k = 0; keep && k < have; k++, t += strlen(t) + 1)
			if (strlen(t) == n && memcmp(t, w, n) == 0)
				keep = false;
		if (keep && *o + n + 1 < cap) {
			memcpy(buf + *o, w, n);
			buf[*o + n] = '\0';
			*o += n + 1;
			added++;
			have++;
		}
		w += n;
		if (*w == ' ')
			w++;
	}
	return added;
}

uint64_t
dd_phone(const char *s)
{
	char d[32];
	size_t n = 0;
	for (; s && *s && n < sizeof d - 1; s++)
		if (*s >= '0' && *s <= '9')
			d[n++] = *s;
	if (n < 7)
		return 0;
	uint64_t v = 0;
	for (size_t i = n > 10 ? n - 10 : 0; i < n; i++)
		v = v * 10 + (uint64_t)(d[i] - '0');
	return v + 1;      /* never 0 */
}

size_t
dd_prep(const char *given, const char *preferred, const char *s1, const char *s2,
	const char *birth, const char *phone, const char *phone_alt, char *buf, size_t cap,
	dd_rec *r)
{
	size_t o = 0;
	r->tok = buf;
	int ng = add_words(given, buf, cap, &o, buf, 0, DD_TOK);
	ng += add_words(preferred, buf, cap, &o, buf, ng, DD_TOK - ng);
	const char *sur = buf + o;
	int n1 = add_words(s1, buf, cap, &o, sur, 0, DD_TOK);
	int ns = n1 + add_words(s2, buf, cap, &o, sur, 0, DD_TOK - n1);
	const char *t = buf;
	for (int i = 0; i < ng + ns; i++, t += strlen(t) + 1)
		r->off[i] = (uint16_t)(t - buf);
	r->off[ng + ns] = (uint16_t)(t - buf);
	r->ent = NULL;
	r->ng = (uint8_t)ng;
	r->ns = (uint8_t)ns;
	r->n1 = (uint8_t)n1;
	r->date = 0;
	if (birth && strlen(birth) == 10)
		r->date = atoi(birth) * 10000 + atoi(birth + 5) * 100 + atoi(birth + 8);
	r->ph[0] = dd_phone(phone);
	r->ph[1] = dd_phone(phone_alt);
	if (r->ph[1] == r->ph[0])
		r->ph[1] = 0;
	return o;
}

/* ---- the score -------------------------------------------------------- */

/* Evidence is written only when asked for: a scan scores millions of pairs. */
#define SAY(ev, ...) do { if (ev) say(ev, __VA_ARGS__); } while (0)

static const char *
word(const dd_rec *r, int i)
{
	return r->tok + r->off[i];
}

/* The entry of word i of r in w: known beforehand in a scan, else looked up. */
static size_t
len(const dd_rec *r, int i)
{
	return (size_t)(r->off[i + 1] - r->off[i] - 1);
}

/* dd_typo of words i of x and j of y, their lengths looked at first. */
static bool
typo_at(const dd_rec *x, int i, const dd_rec *y, int j)
{
	size_t a = len(x, i), b = len(y, j);
	if ((a < 4 && b < 4) || a < 3 || b < 3 || (a > b ? a - b : b - a) > 1)
		return false;
	return dd_typo(word(x, i), word(y, j));
}

static const dd_entry *
entry(const struct dedupe_weights *w, const dd_rec *r, int i)
{
	if (!w)
		return NULL;
	if (r->ent && r->ent[i] != DD_NOENT)
		return &w->e[r->ent[i]];
	return dd_find(w, word(r, i));
}

static bool
same(const dd_rec *x, int i, const dd_rec *y, int j)
{
	if (x->ent && y->ent)
		return x->ent[i] == y->ent[j];
	return strcmp(word(x, i), word(y, j)) == 0;
}

/* How rare a word is, 0 (everyone) to 1 (one in ten thousand or rarer);
 * 0.5 when the counts are not known. */
static double
rarity(const struct dedupe_weights *w, const dd_rec *r, int i)
{
	if (!w || w->people <= 0)
		return 0.5;
	const dd_entry *e = entry(w, r, i);
	if (!e || e->count <= 0)
		return 0.5;
	if (e->rare >= 0)
		return e->rare;
	int64_t c = e->count;
	double f = (double)c / (double)(w->people > c ? w->people : c);
	double v = -log10(f) / 4.0;
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static bool
in_words(const char *list, const char *wd, size_t n)
{
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, wd, n) == 0)
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* Whether two different words are nicknames of each other: in one group. */
static bool
nick_entries(const dd_entry *ea, const dd_entry *eb)
{
	if (!ea || !eb || !ea->groups || !eb->groups)
		return false;
	for (const char *p = ea->groups; *p;) {
		size_t k = strcspn(p, " ");
		if (in_words(eb->groups, p, k))
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

bool
dd_typo(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	/* jose ~ jse, but not ana ~ ada */
	if ((na < 4 && nb < 4) || na < 3 || nb < 3 || (na > nb ? na - nb : nb - na) > 1)
		return false;
	size_t i = 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (na == nb) {
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return true;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       strcmp(a + i + 2, b + i + 2) == 0;
	}
	return na > nb ? strcmp(a + i + 1, b + i) == 0 : strcmp(a + i, b + i + 1) == 0;
}

enum { M_NONE, M_INITIAL, M_TYPO, M_NICK, M_EXACT };

static void
say(char **ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
say(char **ev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	char *j = *ev ? xasprintf("%s; %s", *ev, s) : xstrdup(s);
	free(s);
	free(*ev);
	*ev = j;
}

static char *
surnames_of(const participant *p)
{
	if (!p)
		return xstrdup("");
	return *p->second_surname ? xasprintf("%s %s", p->first_surname, p->second_surname)
				  : xstrdup(p->first_surname);
}

/* The given names as typed, the preferred name after them in brackets. */
static char *
given_of(const participant *p)
{
	if (!p)
		return xstrdup("");
	return *p->preferred_name ? xasprintf("%s (%s)", p->given_names, p->preferred_name)
				  : xstrdup(p->given_names);
}

static int
score_given(const dd_rec *x, const dd_rec *y, const struct dedupe_weights *w,
	    const participant *a, const participant *b, char **ev)
{
	if (x->ng == 0 || y->ng == 0)
		return 0;
	const struct dedupe_weights *nw = w ? w : dd_defaults();
	int best = M_NONE, matched_x = 0, matched_y = 0;
	double rare = 0;
	bool ym[DD_TOK] = { false };
	for (int i = 0; i < x->ng; i++) {
		int here = M_NONE;
		const char *xt = word(x, i);
		for (int j = 0; j < y->ng; j++) {
			const char *yt = word(y, j);
			int m = M_NONE;
			if (same(x, i, y, j))
				m = M_EXACT;
			else if (nick_entries(w ? entry(w, x, i) : dd_find(nw, xt),
					      w ? entry(w, y, j) : dd_find(nw, yt)))
				m = M_NICK;
			else if (typo_at(x, i, y, j))
				m = M_TYPO;
			else if ((xt[1] == '\0' || yt[1] == '\0') && xt[0] == yt[0])
				m = M_INITIAL;
			if (m != M_NONE)
				ym[j] = true;
			if (m > here)
				here = m;
			if (m == M_EXACT) {
				double r = rarity(w, x, i);
				if (r > rare)
					rare = r;
			}
		}
		if (here != M_NONE)
			matched_x++;
		if (here > best)
			best = here;
	}
	for (int j = 0; j < y->ng; j++)
		matched_y += ym[j];
	char *ga = ev ? given_of(a) : NULL, *gb = ev ? given_of(b) : NULL;
	int pts;
	switch (best) {
	case M_EXACT:
		pts = 22 + (int)lround(5 * rare);
		/* L10N: duplicate evidence: the given names of two people, which share a word */
		SAY(ev, _("given name %s = %s"), ga, gb);
		break;
	case M_NICK:
		pts = 20;
		/* L10N: duplicate evidence: two given names, one a nickname of the other (Pepe, José) */
		SAY(ev, _("given name %s = %s (nickname)"), ga, gb);
		break;
	case M_TYPO:
		pts = 14;
		/* L10N: duplicate evidence: two given names one letter apart */
		SAY(ev, _("given name %s ≈ %s (one letter)"), ga, gb);
		break;
	case M_INITIAL:
		pts = 6;
		/* L10N: duplicate evidence: a given name and its initial (J., José) */
		SAY(ev, _("given name %s ≈ %s (initial)"), ga, gb);
		break;
	default:
		/* L10N: duplicate evidence against: the given names have nothing in common */
		SAY(ev, _("given names differ (%s, %s)"), ga, gb);
		pts = -20;
		break;
	}
	/* María José and María Fernanda share María, but each has a name the
	 * other does not */
	if (best != M_NONE && x->ng >= 2 && y->ng >= 2 && matched_x < x->ng && matched_y < y->ng)
		pts -= 14;
	free(ga);
	free(gb);
	return pts;
}

static int
score_surnames(const dd_rec *x, const dd_rec *y, const struct dedupe_weights *w,
	       const participant *a, const participant *b, char **ev)
{
	if (x->ns == 0 || y->ns == 0)
		return 0;
	int xg = x->ng, yg = y->ng;
	int exact = 0, typos = 0;
	bool joined = false, swapped = false;
	double rare = 0, rarest = 0;
	bool used[DD_TOK] = { false };
	int first_x_at = -1;      /* where x's first surname word matched in y */
	for (int i = 0; i < x->ns; i++) {
		int at = -1;
		bool t = false;
		for (int j = 0; j < y->ns && at < 0; j++)
			if (!used[j] && same(x, xg + i, y, yg + j))
				at = j;
		for (int j = 0; j < y->ns && at < 0; j++)
			if (!used[j] && typo_at(x, xg + i, y, yg + j))
				at = j, t = true;
		if (at < 0)
			continue;
		used[at] = true;
		if (i == 0)
			first_x_at = at;
		if (t) {
			typos++;
		} else {
			exact++;
			double r = rarity(w, x, xg + i);
			rare += r;
			if (r > rarest)
				rarest = r;
		}
	}
	/* Núñez-Peña is two words already; NúñezPeña typed as one is matched
	 * against two words of the other side put together */
	if (exact + typos == 0) {
		for (int side = 0; side < 2 && !joined; side++) {
			const dd_rec *one = side ? y : x, *two = side ? x : y;
			for (int i = 0; i < one->ns && !joined; i++)
				for (int j = 0; j + 1 < two->ns && !joined; j++) {
					const char *o = word(one, one->ng + i), *t1 = word(two, two->ng + j);
					size_t l = len(two, two->ng + j);
					if (len(one, one->ng + i) == l + len(two, two->ng + j + 1) &&
					    strncmp(o, t1, l) == 0 &&
					    strcmp(o + l, word(two, two->ng + j + 1)) == 0) {
						joined = true;
						exact = 2;
						double r1 = rarity(w, two, two->ng + j),
						       r2 = rarity(w, two, two->ng + j + 1);
						rare = r1 + r2;
						rarest = r1 > r2 ? r1 : r2;
					}
				}
		}
	}
	if (first_x_at >= y->n1 && y->n1 > 0 && y->ns > y->n1)
		swapped = true;
	int m = exact + typos, pts;
	/* all of them: both surnames, or the only one each has */
	bool all = m >= 2 || (x->ns == 1 && y->ns == 1);
	if (m == 0)
		pts = -25;
	else
		pts = 18 + (int)lround(10 * (rare > 1.5 ? 1.5 : rare)) + (m >= 2 ? 10 : all ? 5 : 0)
		      - 4 * typos;
	bool one_each = m == 1 && x->ns >= 2 && y->ns >= 2;
	if (one_each)
		pts -= 18;      /* the other surnames differ: cousins, more often than not */
	if (!ev)
		return pts;
	char *sa = surnames_of(a), *sb = surnames_of(b);
	const char *rare_note = w && w->people > 0 && rarest >= 0.5
		/* L10N: after the surnames in duplicate evidence */
		? _(" (a rare name)") : "";
	if (m == 0)
		/* L10N: duplicate evidence against: the surnames have nothing in common */
		say(ev, _("surnames differ (%s, %s)"), sa, sb);
	else if (joined)
		/* L10N: duplicate evidence: surnames written as one word and as two;
		   the last %s is empty or " (a rare name)" */
		say(ev, _("surnames %s = %s (joined)%s"), sa, sb, rare_note);
	else if (m >= 2 && swapped)
		/* L10N: duplicate evidence: the same two surnames in the other order */
		say(ev, _("surnames %s = %s (swapped)%s"), sa, sb, rare_note);
	else if (all)
		/* L10N: duplicate evidence: the same surnames; = or ≈ (a letter off) */
		say(ev, _("surnames %s %s %s%s"), sa, typos ? "≈" : "=", sb, rare_note);
	else if (one_each)
		/* L10N: duplicate evidence: two people who share only one of their surnames */
		say(ev, _("one surname in common: %s ~ %s%s"), sa, sb, rare_note);
	else
		/* L10N: duplicate evidence: a surname shared, the other dropped on one record */
		say(ev, _("surnames %s ~ %s (one surname)%s"), sa, sb, rare_note);
	free(sa);
	free(sb);
	return pts;
}

static int
score_date(const dd_rec *x, const dd_rec *y, char **ev)
{
	if (!x->date || !y->date)
		return 0;
	int xd = x->date % 100, xm = x->date / 100 % 100, yd = y->date % 100,
	    ym = y->date / 100 % 100;
	if (x->date == y->date) {
		if (xd == 1 && xm == 1) {
			/* L10N: duplicate evidence: the same birth date, but 1 January */
			SAY(ev, "%s", _("birth date the same, but 1 January (often a placeholder)"));
			return 6;
		}
		/* L10N: duplicate evidence */
		SAY(ev, "%s", _("birth date the same"));
		return 30;
	}
	if (x->date / 10000 == y->date / 10000 && xd == ym && xm == yd) {
		/* L10N: duplicate evidence: 03/04 and 04/03 */
		SAY(ev, "%s", _("birth date day and month swapped"));
		return 22;
	}
	/* one digit of yyyymmdd differs, or the day is the next one (19, 20) */
	int diff = 0;
	for (int32_t s = x->date, t = y->date; s || t; s /= 10, t /= 10)
		diff += s % 10 != t % 10;
	if (diff == 1 || (x->date / 100 == y->date / 100 && (xd - yd == 1 || yd - xd == 1))) {
		/* L10N: duplicate evidence: 1990-03-14 and 1990-03-15 */
		SAY(ev, "%s", _("birth date one digit off"));
		return 9;       /* weak: a date has dozens of neighbours a digit away */
	}
	/* L10N: duplicate evidence against */
	SAY(ev, "%s", _("birth dates differ"));
	return -25;
}

/* The same words, folded, in the same places (given names, then surnames). */
static bool
same_names(const dd_rec *x, const dd_rec *y)
{
	if (x->ng != y->ng || x->ns != y->ns || x->n1 != y->n1 || x->ng + x->ns == 0)
		return false;
	int n = x->ng + x->ns;
	size_t lx = x->off[n] - x->off[0], ly = y->off[n] - y->off[0];
	return lx == ly && memcmp(x->tok + x->off[0], y->tok + y->off[0], lx) == 0;
}

int
dd_score(const dd_rec *x, const dd_rec *y, const struct dedupe_weights *w,
	 const participant *a, const participant *b, char **ev)
{
	if (ev)
		*ev = NULL;
	int s;
	if (ev) {
		s = score_given(x, y, w, a, b, ev);
		s += score_surnames(x, y, w, a, b, ev);
	} else {
		/* the surnames first: without one in common, the best the rest
		 * can give (27 + 30 + 22) does not reach the threshold */
		s = score_surnames(x, y, w, a, b, NULL);
		if (s + 79 < DEDUPE_THRESHOLD)
			return 0;
		s += score_given(x, y, w, a, b, NULL);
	}
	int date = score_date(x, y, ev);
	s += date;
	bool phone = false;
	for (int i = 0; i < 2 && !phone; i++)
		for (int j = 0; j < 2 && !phone; j++)
			phone = x->ph[i] && x->ph[i] == y->ph[j];
	if (phone) {
		/* L10N: duplicate evidence */
		SAY(ev, "%s", _("the same phone number"));
		s += 22;
	}
	/* names alone (no birth date nor phone to agree): a rare name only */
	if (!phone && date <= 6)
		s -= 4;
	/* The very same names, birth dates that do not differ (the same, or
	 * one not given) and phones that do not either (the same, or one
	 * without): the same record typed twice is always shown, whatever the
	 * weights say of common names or 1 January. */
	bool phones_differ = !phone && (x->ph[0] || x->ph[1]) && (y->ph[0] || y->ph[1]);
	if (s < DEDUPE_THRESHOLD && same_names(x, y) && !phones_differ &&
	    (x->date == y->date || !x->date || !y->date))
		s = DEDUPE_THRESHOLD;
	if (ev && !*ev)
		*ev = xstrdup("");
	return s < 0 ? 0 : s > 100 ? 100 : s;
}

int
dedupe_score(const participant *a, const participant *b, const struct dedupe_weights *w,
	     char **evidence)
{
	char ba[DD_BUF], bb[DD_BUF];
	dd_rec x, y;
	dd_prep(a->given_names, a->preferred_name, a->first_surname, a->second_surname,
		a->birth_date, a->phone, a->phone_alt, ba, sizeof ba, &x);
	dd_prep(b->given_names, b->preferred_name, b->first_surname, b->second_surname,
		b->birth_date, b->phone, b->phone_alt, bb, sizeof bb, &y);
	return dd_score(&x, &y, w, a, b, evidence);
}
