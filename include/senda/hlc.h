/* senda — hybrid logical clock. Values are text that sorts in causal order
 * even when laptop clocks are wrong: "MMMMMMMMMMMMM-CCCCC-NNNNNNNN" (wall
 * milliseconds, 13 digits; a counter, 5 digits; the first 8 characters of the
 * site id, to break ties between sites deterministically). */
#ifndef SENDA_HLC_H
#define SENDA_HLC_H

#include <stdint.h>

#define HLC_LEN 29   /* 28 characters and the NUL */

typedef struct hlc {
	int64_t ms;
	uint32_t counter;
	char node[9];
} hlc;

/* Start a clock for node (a site id) from the last value it issued (may be
 * NULL or empty). Returns 0, or -1 if last is not a clock value. */
int hlc_init(hlc *c, const char *node, const char *last);

/* A new value for a local event at wall time now_ms; always greater than
 * every value this clock issued or received. */
void hlc_tick(hlc *c, int64_t now_ms, char out[HLC_LEN]);

/* Take in a value received from another site (so that later local values
 * sort after it). Returns 0, or -1 if remote is not a clock value. */
int hlc_receive(hlc *c, const char *remote, int64_t now_ms);

/* Parse a value. Returns 0, or -1. node may be NULL. */
int hlc_parse(const char *s, int64_t *ms, uint32_t *counter, char node[9]);

#endif
