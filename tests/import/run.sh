#!/bin/sh
# First the command line (tests/import/cli.sh: exit codes, summary, PDF).
# Then imports every shared seed that has a hand transcription in examples/ and
# compares them field by field (tests/import/compare.py): the share of the
# example's filled values reproduced, per part, with the misses listed.
# Fails under MIN percent (default 94) or when a value lands under the
# wrong field.  Skips when ../shared/seeds (or python3 with PyYAML) is absent.
set -u
seeds=${SEEDS:-../shared/seeds}
min=${MIN:-94}
sh tests/import/cli.sh || exit 1

# Without the seeds too: each example printed (`hyoka render --ascii`) with
# its table rules removed -- what `pdftotext -layout` makes of a PDF, columns
# separated by spaces, labels and values wrapped in their columns -- imports
# back to the example.
if python3 -c 'import yaml' 2>/dev/null; then
	layout_tmp=$(mktemp -d) || exit 1
	for example in examples/*.yaml; do
		name=$(basename "$example" .yaml)
		# the importer reads the PPC's assessments, not a council's consultation
		grep -q '^form: \(full\|focused\|basic\)$' "$example" || continue
		./hyoka render --ascii "$example" |
			sed -e '/^[ +|=-]*$/d' -e 's/|/  /g' >"$layout_tmp/$name.txt"
		./hyoka import "$layout_tmp/$name.txt" -o "$layout_tmp/$name.yaml" >/dev/null
		echo "import: $name, printed and read back as a layout extraction"
		if ! python3 tests/import/compare.py "$example" "$layout_tmp/$name.yaml" --min 88 --quiet; then
			echo "import: $name (layout): under 88% or a value under the wrong field"
			rm -rf "$layout_tmp"
			exit 1
		fi
	done
	rm -rf "$layout_tmp"
fi
if [ ! -d "$seeds" ]; then
	echo "import: skipped ($seeds is absent)"
	exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "import: skipped (python3 with PyYAML is needed for the comparison)"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0 n=0
for example in examples/*.yaml; do
	name=$(basename "$example" .yaml)
	seed="$seeds/$name.txt"
	[ -f "$seed" ] || continue
	n=$((n + 1))
	./hyoka import "$seed" -o "$tmp/$name.yaml" > "$tmp/$name.summary"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "import: $name: hyoka import exited $rc"
		cat "$tmp/$name.summary"
		status=1
		continue
	fi
	echo "import: $name"
	if ! python3 tests/import/compare.py "$example" "$tmp/$name.yaml" --min "$min"; then
		echo "import: $name: under $min% or a value under the wrong field"
		status=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "import: skipped (no seed in $seeds has a transcription in examples/)"
	exit 0
fi
[ "$status" -eq 0 ] && echo "import: $n seeds compared, every one at $min% or more"
exit $status
