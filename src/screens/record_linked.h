/* senda — the other records of the same person (met at another site and
 * linked: senda duplicates link, or s in the duplicates review), shown in
 * her record with their own pathway: both sites' screenings, referrals and
 * jobs. Model calls only. */
#ifndef SENDA_SCREENS_RECORD_LINKED_H
#define SENDA_SCREENS_RECORD_LINKED_H

#include "screens/record_pathway.h"

struct linked {
	int n;
	participant *p;
	char **site;            /* the site that made each, or "" */
	struct pathway *pw;
};

/* Read the records linked with participant id; problems go to the message line. */
void linked_load(struct ui *ui, const char *id, struct linked *l);
void linked_free(struct linked *l);
/* Each one's heading and pathway (nothing when there are none). */
void linked_draw(struct canvas *c, const struct linked *l);

#endif
