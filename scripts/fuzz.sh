#!/bin/sh
# libFuzzer harnesses for hyoka (tests/fuzz/fuzz_*.c), built with clang and
# -fsanitize=fuzzer,address,undefined against the project's library objects
# (every src/*.c except src/main.c).
#
#   sh scripts/fuzz.sh                 build, replay saved crashes, fuzz each harness
#   FUZZ_SECONDS=300 sh scripts/fuzz.sh    longer runs (default 60 s per harness;
#                                      0: build and replay the saved crashes only)
#   FUZZ_TARGETS="doc editbuf" sh scripts/fuzz.sh   only some harnesses (doc form
#                                      render editbuf edit ytree import yemit)
#   sh scripts/fuzz.sh FILE...         replay inputs (named NAME-* or crash files
#                                      under tests/fuzz/crashes/) without fuzzing
#
# Each harness starts from tests/fuzz/corpus-NAME, copied to a temporary
# directory so that runs do not grow the repository's corpus.  A crash (or
# leak, timeout, out-of-memory) fails the script; the input is saved as
# tests/fuzz/crashes/NAME-KIND-SHA1, unless it fails at the same place as a
# saved crash that still fails.  Saved crashes are replayed first, so a
# crash stays a failure until the source is fixed (then delete the file, or
# keep it as a regression case under tests/bad/).
#
# Environment: FUZZ_BUILD (default build/fuzz), CLANG (default clang),
# FUZZ_FLAGS (extra libFuzzer flags), FUZZ_JOBS (parallel workers, default 1),
# FUZZ_CFLAGS (extra compiler flags for the harnesses, e.g.
# -DFUZZ_AVOID_KNOWN to step around bugs already reported, to look for others).
set -u
cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-build/fuzz}
targets=${FUZZ_TARGETS:-"doc form render editbuf edit ytree import yemit"}
jobs=${FUZZ_JOBS:-1}
crashes=tests/fuzz/crashes
CLANG=${CLANG:-clang}

say() { printf 'fuzz: %s\n' "$*"; }

# Where a failure happened, from a libFuzzer log: the failed invariant or the
# sanitizer's report, with the report's first frame in src/ (allocation
# helpers aside).  Empty when the log shows no failure.
signature() {
	awk '
	!found && match($0, /fuzz invariant failed at [^ ]+|src\/[a-z0-9_]+\.c:[0-9]+:[0-9]+: runtime error|ERROR: (AddressSanitizer|LeakSanitizer): [a-z-]+/) {
		sig = substr($0, RSTART, RLENGTH); found = 1; next
	}
	found && /^ *#[0-9]+ .* in [A-Za-z0-9_]+ .*src\/[a-z0-9_]+\.c/ &&
	    !/ in hy_(malloc|calloc|realloc|strdup|strndup|grow) / {
		sub(/.* in /, ""); sub(/ .*/, ""); sig = sig " " $0; exit
	}
	END { print sig }' "$1"
}

# ---- toolchain ----

need_install=""
command -v "$CLANG" >/dev/null 2>&1 || need_install=yes
probe_dir=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-fuzz-probe.XXXXXX")
cat > "$probe_dir/p.c" <<'EOF'
#include <stdint.h>
#include <stddef.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOF
if [ -z "$need_install" ] &&
   ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$probe_dir/p" "$probe_dir/p.c" >/dev/null 2>&1; then
	need_install=yes
fi
if [ -n "$need_install" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	say "installing clang and the libFuzzer runtime"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev </dev/null
	if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$probe_dir/p" "$probe_dir/p.c"; then
		say "clang cannot build a libFuzzer target"
		rm -rf "$probe_dir"
		exit 2
	fi
fi
rm -rf "$probe_dir"

# ---- build ----

pkg_cflags=$(pkg-config --cflags ncursesw yaml-0.1 pangocairo cairo-pdf 2>/dev/null)
pkg_libs=$(pkg-config --libs ncursesw yaml-0.1 pangocairo cairo-pdf 2>/dev/null || echo "-lncursesw -ltinfo -lyaml -lpangocairo-1.0 -lpango-1.0 -lgobject-2.0 -lglib-2.0 -lcairo")
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# the escaped quotes are meant literally: -DHYOKA_VERSION="fuzz" defines a string
# shellcheck disable=SC2089
cflags="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Iinclude $pkg_cflags \
 -DHYOKA_VERSION=\"fuzz\" -DHYOKA_DATADIR=\"/nonexistent\" -DHYOKA_LOCALEDIR=\"/nonexistent\""
mkdir -p "$build/obj" || exit 2
objs=""
failed_build=0
for src in src/*.c; do
	[ "$src" = src/main.c ] && continue
	[ "$src" = src/pdf_none.c ] && continue # pdf.c is linked in its place
	obj="$build/obj/$(basename "$src" .c).o"
	objs="$objs $obj"
	newer=$(find "$src" include/hyoka -newer "$obj" 2>/dev/null | head -n 1)
	if [ ! -f "$obj" ] || [ -n "$newer" ]; then
		# shellcheck disable=SC2086,SC2090
		"$CLANG" $cflags $san -fsanitize=fuzzer-no-link -c -o "$obj" "$src" || failed_build=1
	fi
done
for t in $targets; do
	h="tests/fuzz/fuzz_$t.c"
	if [ ! -f "$h" ]; then
		say "no harness $h"
		failed_build=1
		continue
	fi
	# shellcheck disable=SC2086,SC2090
	"$CLANG" $cflags ${FUZZ_CFLAGS:-} $san -fsanitize=fuzzer \
		-DFUZZ_FORMS_DIR="\"$root/forms\"" -DFUZZ_FIXTURES_DIR="\"$root/tests/fixtures/forms\"" \
		-DFUZZ_EXTRA_FORMS_DIR="\"$root/tests/fuzz/forms\"" \
		-o "$build/fuzz_$t" "$h" $objs $pkg_libs || failed_build=1
done
if [ "$failed_build" -ne 0 ]; then
	say "build failed"
	exit 2
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# the harnesses read the forms from the repository, not from the environment
unset HYOKA_FORMS HYOKA_FUZZ_FIXTURES HYOKA_FUZZ_EXTRA_FORMS

# ---- replay mode: sh scripts/fuzz.sh FILE... ----

if [ $# -gt 0 ]; then
	status=0
	for f in "$@"; do
		name=$(basename "$f")
		t=${name%%-*}
		if [ ! -x "$build/fuzz_$t" ]; then
			say "$f: cannot tell the harness (name it HARNESS-*, e.g. doc-*)"
			status=2
			continue
		fi
		if "$build/fuzz_$t" -runs=1 "$f" >"$build/replay.log" 2>&1; then
			say "$f: ok"
		else
			say "$f: CRASH"
			grep -E 'ERROR|SUMMARY|runtime error|invariant|#[0-9]+ ' "$build/replay.log" | head -n 30
			status=1
		fi
	done
	exit $status
fi

# ---- fuzzing ----

dict="$build/hyoka.dict"
{
	for tok in 'form: ' 'form_version: ' ': ' '- ' '[' ']' '{' '}' ', ' '"' "'" '|' '>' '&a ' '*a' \
		'!!str ' '---' '...' '#' '? ' '~' 'null' 'true' 'false' '\n' '\t' \
		'type: ' 'children:' 'when:' 'field: ' 'is: ' 'not: ' 'has: ' 'lacks: ' 'set: ' \
		'options:' 'detail: text' 'detail: count' 'counts: ' 'exclusive: true' \
		'follows: ' 'title: ' 'list: ' 'lists:' 'parts:' 'repeat' 'table' 'choice' 'checks' \
		'flag' 'longtext' 'date' 'int' 'section' 'part' 'ref: ' 'columns:' 'min: ' 'max: ' \
		'require_if: ' 'suggest_if: ' 'threshold:' '令和5年12月28日' '2023-12-28' '元年' \
		'する' 'しない' 'その他' '１．' '①' '※' '　' ; do
		# every byte as \xNN: libFuzzer refuses raw non-ASCII in a dictionary
		printf '"%s"\n' "$(printf '%s' "$tok" | od -An -v -tx1 | tr ' ' '\n' |
			sed '/^$/d; s/^/\\x/' | tr -d '\n')"
	done
	sed -n 's/.*[{ ]id: *\([a-z][a-z0-9_-]*\).*/"\1: "/p' forms/*.yaml tests/fixtures/forms/*.yaml |
		sort -u | head -n 400
} > "$dict"

mkdir -p "$crashes"
status=0
summary=""
for t in $targets; do
	bin="$build/fuzz_$t"
	# saved crashes first: they fail until fixed
	known_sigs=""
	for c in "$crashes/$t"-*; do
		[ -f "$c" ] || continue
		if ! "$bin" -runs=1 "$c" >"$build/replay-$t.log" 2>&1; then
			say "$t: saved crash $c still crashes"
			grep -E 'ERROR|SUMMARY|runtime error|invariant' "$build/replay-$t.log" | head -n 5
			known_sigs="$known_sigs
$(signature "$build/replay-$t.log")"
			status=1
		fi
	done
	if [ "$seconds" -le 0 ]; then
		# FUZZ_SECONDS=0: build and replay only (libFuzzer's 0 would mean forever)
		summary="$summary $t:replayed"
		continue
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-fuzz-$t.XXXXXX")
	mkdir -p "$work/corpus" "$work/artifacts"
	if [ -d "tests/fuzz/corpus-$t" ]; then
		cp -R "tests/fuzz/corpus-$t/." "$work/corpus/"
	fi
	flags="-max_total_time=$seconds -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1"
	[ "$t" = editbuf ] || flags="$flags -dict=$dict"
	[ "$jobs" -gt 1 ] && flags="$flags -jobs=$jobs -workers=$jobs"
	say "$t: fuzzing for ${seconds}s"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" $flags ${FUZZ_FLAGS:-} -artifact_prefix="$work/artifacts/" "$work/corpus" \
		>"$build/$t.log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$t.log" | tail -n 1)
	found=0
	sig=$(signature "$build/$t.log")
	for a in "$work/artifacts"/*; do
		[ -f "$a" ] || continue
		found=$((found + 1))
		kind=$(basename "$a" | sed 's/-.*//')
		if [ -n "$sig" ] && printf '%s\n' "$known_sigs" | grep -q -x -F -- "$sig"; then
			# the same failure as a saved crash: do not pile up copies
			say "$t: $kind at the same place as a saved crash ($sig); not saved again"
			continue
		fi
		sum=$(sha1sum "$a" | cut -c1-12)
		dest="$crashes/$t-$kind-$sum"
		cp "$a" "$dest"
		say "$t: $kind saved as $dest"
	done
	if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
		grep -E 'ERROR|SUMMARY|runtime error|invariant|==[0-9]+== *#[0-9]' "$build/$t.log" | head -n 40
		say "$t: FAILED after ${took}s (${runs:-?} runs; log: $build/$t.log)"
		summary="$summary $t:FAILED"
		status=1
	else
		say "$t: ok, ${took}s, ${runs:-?} runs, corpus $(find "$work/corpus" -type f | wc -l) inputs"
		summary="$summary $t:ok"
	fi
	rm -rf "$work"
done
say "summary:$summary"
exit $status
