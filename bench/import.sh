#!/bin/sh
# `hyoka import` at the size of the largest published assessments: the
# printed text of each generated document (bench/data/full-Nx.yaml, made by
# bench/run.sh; else the examples) is imported back, beside `hyoka validate`
# of the same document (load + validate).  With ../shared/seeds, also the
# seeds in their own extraction style, concatenated to ~650 KB.  Prints a
# markdown section (bench/run.sh appends it to the report).  Target: an
# import of the 1x text (about 650 KB) in well under a second: < 500 ms.
#
#   sh bench/import.sh        (HYOKA_BIN, HYOKA_FORMS, BENCH_BUILD, BENCH_RUNS as run.sh)
set -u
cd "$(dirname "$0")/.." || exit 2
HYOKA=${HYOKA_BIN:-./hyoka}
FORMS=${HYOKA_FORMS:-forms}
B=${BENCH_BUILD:-build/bench}
RUNS=${BENCH_RUNS:-5}
SEEDS=${SEEDS:-../shared/seeds}
mkdir -p "$B/import" || exit 1
if [ ! -x "$B/runx" ] || [ bench/runx.c -nt "$B/runx" ]; then
	cc -O2 -o "$B/runx" bench/runx.c || exit 1
fi

inputs=""
for doc in bench/data/full-1x.yaml bench/data/full-5x.yaml; do
	[ -f "$doc" ] && inputs="$inputs $doc"
done
[ -n "$inputs" ] || inputs="examples/sagamihara-kokuho-full.yaml examples/yokohama-hitorioya-focused.yaml"

echo
echo "## Import (\`hyoka import\`)"
echo
echo "The printed text of a document (\`hyoka render\`, tables drawn with box characters) imported back,"
echo "beside \`hyoka validate\` of the document itself; median of $RUNS runs, run alternately."
echo
echo "| input | text | \`hyoka import\` ms (target < 500 at ~650 KB) | \`hyoka validate\` ms | import peak RSS | fields filled |"
echo "|---|---|---|---|---|---|"
for doc in $inputs; do
	name=$(basename "$doc" .yaml)
	txt="$B/import/$name.txt"
	"$HYOKA" --forms "$FORMS" render "$doc" -o "$txt" || continue
	kb=$(( $(wc -c <"$txt") / 1024 ))
	"$B/runx" -n "$RUNS" -- "$HYOKA" --forms "$FORMS" import "$txt" -o "$B/import/$name.out.yaml" --force \
		:: "$HYOKA" --forms "$FORMS" validate "$doc" >"$B/import/runx.out" || continue
	imp=$(sed -n 1p "$B/import/runx.out")
	val=$(sed -n 2p "$B/import/runx.out")
	filled=$("$HYOKA" --forms "$FORMS" import "$txt" -o "$B/import/$name.out.yaml" --force |
		sed -n 's/.*fields filled: //p')
	echo "| $name (rendered) | $kb KB | $(echo "$imp" | cut -d' ' -f1) | $(echo "$val" | cut -d' ' -f1) | $(echo "$imp" | cut -d' ' -f4) KiB | $filled |"
done
if [ -d "$SEEDS" ] && [ -f "$SEEDS/sagamihara-kokuho-full.txt" ] && [ -f "$SEEDS/yokohama-hitorioya-focused.txt" ]; then
	big="$B/import/seeds-650k.txt"
	cat "$SEEDS/sagamihara-kokuho-full.txt" "$SEEDS/sagamihara-kokuho-full.txt" \
		"$SEEDS/yokohama-hitorioya-focused.txt" >"$big"
	kb=$(( $(wc -c <"$big") / 1024 ))
	# two documents of the full form (the second with the focused one's text
	# after it): each imported into its own file
	"$B/runx" -n "$RUNS" -- "$HYOKA" --forms "$FORMS" import "$big" -o "$B/import/seeds.out.yaml" \
		--split --force >"$B/import/runx.out" &&
		echo "| seeds (tabs + HTML), concatenated, \`--split\` | $kb KB | $(cut -d' ' -f1 "$B/import/runx.out") | – | $(cut -d' ' -f4 "$B/import/runx.out") KiB | – |"
fi
