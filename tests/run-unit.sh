#!/bin/sh
# Runs every Criterion test binary in DIR and totals the results as
# "N passed, N failed".
set -u
dir=$1
passed=0 failed=0 skipped=0 status=0
for t in "$dir"/test_*; do
	[ -x "$t" ] || continue
	# --verbose: a skipped test says so, with its reason, on a [SKIP] line
	out=$("$t" --jobs 2 --verbose 2>&1)
	rc=$?
	summary=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
	p=$(printf '%s' "$summary" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(printf '%s' "$summary" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	c=$(printf '%s' "$summary" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	s=$(printf '%s\n' "$out" | grep -c '^\[SKIP\]')
	p=${p:-0} f=${f:-0} c=${c:-0} s=${s:-0}
	# a skipped test says why, in one line
	[ "$s" -eq 0 ] || printf '%s\n' "$out" | sed -n 's/^\[SKIP\] \(.*\)/  skipped: \1/p'
	skipped=$((skipped + s))
	if [ "$rc" -ne 0 ] || [ -z "$summary" ]; then
		printf '%s\n' "$out" | grep -v -e '^\[----\] *$' -e '^\[RUN \]' -e '^\[PASS\]' | tail -n 40
		status=1
		[ "$f" -eq 0 ] && [ "$c" -eq 0 ] && f=1
	fi
	echo "$(basename "$t"): $p passed, $((f + c)) failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f + c))
done
echo "unit ($dir): $passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || status=1
exit $status
