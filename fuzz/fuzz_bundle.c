/* senda — libFuzzer target for the bundle reader: any bytes are either
 * refused with a reason or read whole (envelope, layout, manifest,
 * checksum, every entry), never a crash or a leak; both formats: 1 (the
 * entries in key order, a creation's row as JSON) and 2 (the log's records
 * and the row tables, each creation's row read out of its row table as
 * the merge reads it; the checksum over the file's bytes). The passphrase
 * is fixed; the fuzzer may find envelopes that ask for cheap key
 * derivation. Built by `make fuzz` (clang -fsanitize=fuzzer,address), not
 * by make check; seed it with small bundles of both formats (a site of one
 * person, `senda export --full --plain`; format 1 from a senda before
 * format 2):
 *     make fuzz && ./fuzz/fuzz_bundle -max_total_time=60 fuzz/corpus */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "senda/exchange.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)xc_bundle_check_bytes(data, size, "fuzz", 4);
	return 0;
}
