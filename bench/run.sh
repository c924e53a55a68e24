#!/usr/bin/env bash
# senda benchmarks (not part of make check): `make bench` runs every part
# (bench/part-*.sh, or those named in BENCH_PARTS) on files of 10k, 100k
# and 500k demo participants. See bench/README.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
parts=${BENCH_PARTS:-$(cd "$here" && ls part-*.sh | sed 's/^part-//; s/\.sh$//')}
for p in $parts; do
	echo "=== $p"
	( . "$here/part-$p.sh" ) || echo "part $p failed"
done
