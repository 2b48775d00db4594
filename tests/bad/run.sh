#!/bin/sh
# The bad-input corpus: every broken document and broken form gets its exact
# diagnostics and exit code.  Run from the repository root (`make bad`).
#
#   tests/bad/docs/NAME.yaml   a document, validated against the form
#                              tests/fixtures/forms/mini.yaml (every field type)
#   tests/bad/docs/NAME.gen    instead of NAME.yaml: `sh NAME.gen OUT` writes the
#                              case (deep nesting, huge files) into a temp dir
#   tests/bad/forms/NAME.yaml  a form (or NAME.gen), alone in a forms directory
#   NAME.expect                line 1: the exit code; then the expected output,
#                              stdout first, then stderr, with FILE as the runner
#                              passes it: NAME.yaml (documents) or
#                              forms/NAME.yaml (forms)
#   NAME.fmt                   optional, documents: what `hyoka fmt` must write
#                              (values of the wrong shape kept as they are)
#
# For each document: `hyoka --forms DIR validate NAME.yaml` must give exactly
# the expected lines and exit code; then `hyoka fmt` on a copy must either
# refuse (exit 2) and leave the file byte-identical with no stray files, or
# rewrite it so that `fmt --check` agrees and validating again gives the same
# exit code and errors; and `hyoka render --width 40` (plain and --ascii) must
# print no line wider than 40 columns.  For each form: `hyoka --forms DIR
# forms` with the form alone, then beside mini.yaml (the error must still be
# reported and mini still listed).  No run may hang (killed after 10 s: a hang,
# not a speed limit; speed is measured by `make bench`), die of a signal or
# print sanitizer output.  The slowest run is reported; BAD_MAX_MS, when set,
# also fails runs slower than that (for looking into a slow input by hand).
#
# Cases named in tests/bad/KNOWN.md (in backquotes) are unclear messages or
# wrong positions awaiting a source fix: their .expect records today's output.
# Those marked (xfail) fail today (too slow, for example); they are reported
# but do not fail the run, unless they crash.  "(xfail render)" excuses only
# `hyoka render` being too wide or too slow.
#
# Environment: HYOKA_BIN (default ./hyoka), BAD_MAX_MS, BAD_ONLY (shell
# patterns of case names, separated by spaces), BAD_UPDATE=1 (rewrite the
# .expect files from today's output: then read every changed line).
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
bin=${HYOKA_BIN:-./hyoka}
case $bin in /*) ;; *) bin="$root/$bin" ;; esac
max_ms=${BAD_MAX_MS:-}
slowest_ms=0
slowest=
only=${BAD_ONLY:-}
update=${BAD_UPDATE:-}
known_file=tests/bad/KNOWN.md
mini=tests/fixtures/forms/mini.yaml

if [ ! -x "$bin" ]; then
	echo "bad: no hyoka binary at $bin (run 'make all' or set HYOKA_BIN)" >&2
	exit 2
fi

export LC_ALL=C.UTF-8
unset LANGUAGE HYOKA_FORMS HYOKA_SCRIPT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-bad.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

passed=0 failed=0 xfailed=0 xpassed=0 render_xfail=0
soft="" soft_problems=""
case_failed=0
case_crashed=0
problems=""

note() {
	if [ -n "$soft" ]; then
		soft_problems="$soft_problems
    $*"
		return
	fi
	problems="$problems
    $*"
	case_failed=1
}

# A case is known when KNOWN.md names it in backquotes; xfail when followed
# by "(xfail)".
is_known() {
	grep -q -F "\`$1\`" "$known_file" 2>/dev/null
}
is_xfail() {
	grep -q -F "\`$1\` (xfail)" "$known_file" 2>/dev/null
}
# Known to render badly (too wide, too slow): "(xfail render)" after the name.
is_render_known() {
	grep -q -F "\`$1\` (xfail render)" "$known_file" 2>/dev/null
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# run LABEL DIR CMD...: runs CMD in DIR under `timeout 10`, leaving the output
# in $tmp/out, $tmp/err and the exit code in $rc; checks time and crashes.
run() {
	label=$1
	dir=$2
	shift 2
	t0=$(now_ms)
	(cd "$dir" && exec timeout 10 "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	ms=$(($(now_ms) - t0))
	if [ "$rc" -eq 124 ]; then
		note "$label: hung (killed after 10 s)"
	elif [ "$rc" -ge 125 ]; then
		note "$label: died with exit code $rc"
		case_crashed=1
	fi
	if grep -q -E 'Sanitizer|runtime error:|^hyoka: out of memory' "$tmp/err"; then
		note "$label: sanitizer or allocation failure:"
		problems="$problems
$(head -n 20 "$tmp/err" | sed 's/^/      /')"
		case_crashed=1
	fi
	if [ "$ms" -gt "$slowest_ms" ]; then
		slowest_ms=$ms
		slowest="${name:-?}: $label"
	fi
	if [ -n "$max_ms" ] && [ "$ms" -gt "$max_ms" ]; then
		note "$label: took ${ms} ms (BAD_MAX_MS=${max_ms})"
	fi
}

# compare_expect NAME EXPECTFILE: today's ($rc, out, err) against the file.
compare_expect() {
	{
		echo "$rc"
		cat "$tmp/out" "$tmp/err"
	} >"$tmp/actual"
	if [ -n "$update" ]; then
		if [ ! -f "$2" ] || ! cmp -s "$tmp/actual" "$2"; then
			cp "$tmp/actual" "$2"
			echo "bad: updated $2"
		fi
		return
	fi
	if [ ! -f "$2" ]; then
		note "no $2 (create it with BAD_UPDATE=1, then read it)"
		return
	fi
	if ! cmp -s "$tmp/actual" "$2"; then
		note "output differs from $2 (- expected, + actual):"
		problems="$problems
$(diff -u "$2" "$tmp/actual" | sed '1,2d; s/^/      /' | head -n 40)"
	fi
}

# materialise SRCDIR NAME DEST: copies NAME.yaml or runs NAME.gen into DEST.
materialise() {
	if [ -f "$1/$2.yaml" ]; then
		cp "$1/$2.yaml" "$3"
	else
		sh "$1/$2.gen" "$3"
	fi
}

# Messages without FILE:LINE:COL, for comparing before and after fmt.
strip_pos() {
	sed -n 's/^[^:]*:[0-9]*:[0-9]*: \(error\|warning\): /\1: /p' "$1" | LC_ALL=C sort
}

finish_case() {
	name=$1
	if is_xfail "$name"; then
		if [ "$case_failed" -ne 0 ] && [ "$case_crashed" -eq 0 ]; then
			xfailed=$((xfailed + 1))
			printf '%s\n' "xfail $name (known, see $known_file)$problems"
		elif [ "$case_crashed" -ne 0 ]; then
			failed=$((failed + 1))
			printf '%s\n' "FAIL $name (known, but it crashed)$problems"
		else
			xpassed=$((xpassed + 1))
			passed=$((passed + 1))
			printf '%s\n' "ok   $name (listed as xfail in $known_file but passes now: remove it there)"
		fi
	elif [ "$case_failed" -ne 0 ] || [ "$case_crashed" -ne 0 ]; then
		failed=$((failed + 1))
		printf '%s\n' "FAIL $name$problems$soft_problems"
		soft_problems=""
	else
		passed=$((passed + 1))
		if is_known "$name"; then
			printf '%s\n' "ok   $name (listed in $known_file)"
		else
			printf '%s\n' "ok   $name"
		fi
	fi
	if [ -n "$soft_problems" ]; then
		render_xfail=$((render_xfail + 1))
		printf '%s\n' "     $name: known rendering problem (xfail render in $known_file):$soft_problems"
	fi
	problems=""
	soft_problems=""
	case_failed=0
	case_crashed=0
}

wanted() {
	[ -z "$only" ] && return 0
	set -f
	for pattern in $only; do
		# shellcheck disable=SC2254
		case $1 in $pattern) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

case_names() {
	for f in "$1"/*.yaml "$1"/*.gen; do
		[ -f "$f" ] || continue
		n=$(basename "$f")
		echo "${n%.*}"
	done | LC_ALL=C sort -u
}

# ---- documents ----

mkdir -p "$tmp/forms"
cp "$mini" "$tmp/forms/mini.yaml"
for name in $(case_names tests/bad/docs); do
	wanted "$name" || continue
	src=tests/bad/docs
	w="$tmp/case"
	rm -rf "$w" "$tmp/orig"
	mkdir -p "$w/v" "$w/f"
	materialise "$src" "$name" "$tmp/orig" || note "cannot create the case"
	cp "$tmp/orig" "$w/v/$name.yaml"
	run validate "$w/v" "$bin" --forms "$tmp/forms" validate "$name.yaml"
	vrc=$rc
	compare_expect "$name" "$src/$name.expect"
	cp "$tmp/out" "$tmp/v.out"
	cp "$tmp/err" "$tmp/v.err"
	if [ "$vrc" -ge 124 ] || { [ -n "$max_ms" ] && [ "$ms" -gt "$max_ms" ]; } || [ -n "$update" ]; then
		# too slow or broken already: the fmt checks would only repeat it
		finish_case "$name"
		continue
	fi

	cp "$tmp/orig" "$w/f/$name.yaml"
	run fmt "$w/f" "$bin" --forms "$tmp/forms" fmt "$name.yaml"
	frc=$rc
	# shellcheck disable=SC2010
	extra=$(cd "$w/f" && ls -A | grep -v -x -F -e "$name.yaml" -e "$name.yaml~")
	[ -z "$extra" ] || note "fmt left files behind: $extra"
	if [ "$vrc" -eq 2 ]; then
		[ "$frc" -eq 2 ] || note "fmt: exit code $frc for a file validate refuses (expected 2)"
		cmp -s "$tmp/orig" "$w/f/$name.yaml" || note "fmt changed a file it could not load"
		[ ! -e "$w/f/$name.yaml~" ] || note "fmt made a backup of a file it could not load"
		grep -v -E '^[0-9]+ errors?, [0-9]+ warnings?$' "$tmp/v.err" >"$tmp/v.diag"
		cmp -s "$tmp/v.diag" "$tmp/err" ||
			note "fmt reports differently from validate: $(head -n 2 "$tmp/err")"
	elif [ "$frc" -ne 0 ]; then
		note "fmt: exit code $frc (expected 0): $(head -n 3 "$tmp/err")"
	else
		if [ -e "$w/f/$name.yaml~" ] && ! cmp -s "$tmp/orig" "$w/f/$name.yaml~"; then
			note "fmt's backup $name.yaml~ is not the original file"
		fi
		if [ -f "$src/$name.fmt" ] && ! cmp -s "$src/$name.fmt" "$w/f/$name.yaml"; then
			note "fmt wrote something else than $src/$name.fmt (- expected, + actual):
$(diff -u "$src/$name.fmt" "$w/f/$name.yaml" | sed '1,2d; s/^/      /' | head -n 30)"
		fi
		run "fmt --check" "$w/f" "$bin" --forms "$tmp/forms" fmt --check "$name.yaml"
		[ "$rc" -eq 0 ] || note "fmt is not stable: fmt --check after fmt exits $rc"
		run "validate after fmt" "$w/f" "$bin" --forms "$tmp/forms" validate "$name.yaml"
		if [ "$rc" -ne "$vrc" ]; then
			note "validate after fmt exits $rc, before $vrc: $(grep -h -m 2 error "$tmp/out" "$tmp/err")"
		fi
		strip_pos "$tmp/v.out" | grep '^error' >"$tmp/e.before"
		strip_pos "$tmp/out" | grep '^error' >"$tmp/e.after"
		cmp -s "$tmp/e.before" "$tmp/e.after" ||
			note "errors changed across fmt:
$(diff "$tmp/e.before" "$tmp/e.after" | sed 's/^/      /')"
		strip_pos "$tmp/v.out" | grep '^warning' >"$tmp/w.before"
		strip_pos "$tmp/out" | grep '^warning' >"$tmp/w.after"
		new_warnings=$(LC_ALL=C comm -13 "$tmp/w.before" "$tmp/w.after")
		[ -z "$new_warnings" ] || note "new warnings after fmt: $new_warnings"
	fi
	# the printed rendering keeps to its width whatever the values hold
	if [ "$vrc" -lt 2 ]; then
		is_render_known "$name" && soft=yes
		for ascii in "" --ascii; do
			# shellcheck disable=SC2086
			run "render --width 40 $ascii" "$w/v" "$bin" --forms "$tmp/forms" \
				render --width 40 $ascii "$name.yaml"
			if [ "$rc" -ne 0 ]; then
				note "render --width 40 $ascii: exit code $rc $(head -n 2 "$tmp/err")"
				break
			fi
			width=$(wc -L <"$tmp/out")
			[ "$width" -le 40 ] ||
				note "render --width 40 $ascii: a line is $width columns wide:
$(while IFS= read -r l; do [ "$(printf '%s\n' "$l" | wc -L)" -gt 40 ] && printf '      %s\n' "$l"; done \
	<"$tmp/out" | head -n 3)"
		done
		soft=""
	fi
	rm -rf "$w" "$tmp/orig"
	finish_case "$name"
done

# ---- forms ----

for name in $(case_names tests/bad/forms); do
	wanted "$name" || continue
	src=tests/bad/forms
	w="$tmp/case"
	rm -rf "$w"
	mkdir -p "$w/forms"
	materialise "$src" "$name" "$w/forms/$name.yaml" || note "cannot create the case"
	run forms "$w" "$bin" --forms forms forms
	compare_expect "$name" "$src/$name.expect"
	if [ -z "$update" ] && [ "$rc" -lt 124 ]; then
		# beside a good form: still reported, and the good one still usable
		grep ': error: ' "$tmp/err" >"$tmp/alone.err"
		cp "$mini" "$w/forms/mini.yaml"
		run "forms beside mini.yaml" "$w" "$bin" --forms forms forms
		grep ': error: ' "$tmp/err" >"$tmp/beside.err"
		cmp -s "$tmp/alone.err" "$tmp/beside.err" ||
			note "beside mini.yaml the form's errors differ: $(head -n 2 "$tmp/beside.err")"
		grep -q '^mini ' "$tmp/out" || note "beside a broken form, mini is not listed"
	fi
	rm -rf "$w"
	finish_case "$name"
done

[ "$xfailed" -gt 0 ] && echo "bad: $xfailed known failures (xfail in $known_file)"
[ "$render_xfail" -gt 0 ] &&
	echo "bad: $render_xfail known rendering problems (xfail render in $known_file)"
[ -n "$slowest" ] && echo "bad: slowest run ${slowest_ms} ms ($slowest; not a limit: see make bench)"
echo "bad: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
