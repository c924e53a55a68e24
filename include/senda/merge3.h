/* senda — the three-way rule for one field of a record that a user edited
 * while another writer may have changed it: what the user saw (base), what
 * the user wants (mine), what is stored now (cur). No curses, no SQL. */
#ifndef SENDA_MERGE3_H
#define SENDA_MERGE3_H

enum merge3 {
	MERGE3_THEIRS,   /* the user left it as it was: keep what is stored */
	MERGE3_MINE,     /* nobody else changed it: write the user's value */
	MERGE3_SAME,     /* both changed it to the same value */
	MERGE3_CONFLICT  /* both changed it, differently: ask the user */
};

/* Values as text; NULL is the same as "". */
enum merge3 merge3(const char *base, const char *mine, const char *cur);

#endif
