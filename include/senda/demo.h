/* senda — deterministic synthetic data for demos, tests and benchmarks. */
#ifndef SENDA_DEMO_H
#define SENDA_DEMO_H

#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"

/* Progress: called now and then with done and total; may be NULL. */
typedef void (*demo_progress_fn)(int64_t done, int64_t total, void *ctx);

/* Add n participants with realistic Latino names (two surnames, accents, ñ),
 * the same ones for the same seed. Sets up a "Demo" site first if the file has
 * none. */
senda_err demo_generate(senda_db *db, int64_t n, uint64_t seed,
			demo_progress_fn progress, void *ctx, senda_error *err);

#endif
