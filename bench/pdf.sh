#!/bin/sh
# PDF against text: the rendering time of the largest published assessment's
# size (bench/data/full-1x.yaml, which bench/run.sh generates; else the
# largest example), median of BENCH_RUNS (default 5).  Part of `make bench`;
# prints one line.
set -eu
cd "$(dirname "$0")/.."
HYOKA=${HYOKA_BIN:-./hyoka}
RUNS=${BENCH_RUNS:-5}
export LC_ALL=C.UTF-8
doc=bench/data/full-1x.yaml
[ -f "$doc" ] || doc=$(ls -S examples/*.yaml | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median_ms() {  # the render arguments
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		"$HYOKA" render "$doc" "$@" >/dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000))
		i=$((i + 1))
	done | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
text=$(median_ms -o "$tmp/out.txt")
pdf=$(median_ms --format pdf -o "$tmp/out.pdf")
pages=$(pdfinfo "$tmp/out.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
echo "render $(basename "$doc") ($(wc -c <"$doc") bytes): text ${text} ms, PDF ${pdf} ms (${pages:-?} pages), median of $RUNS"
