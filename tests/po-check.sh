#!/bin/sh
# Checks the Japanese catalogue: run from the repository root (make po-check).
#   1. msgfmt -c accepts locale/ja.po (syntax, header, format specifiers);
#   2. every message in it is translated (no fuzzy, no untranslated);
#   3. every string in src/*.c is in it (a fresh xgettext run, compared by msgcmp).
# Prints one line per check and a final "po-check: N passed, N failed".
set -u

PO=locale/ja.po
passed=0
failed=0

pass() {
	passed=$((passed + 1))
	printf 'PASS %s\n' "$1"
}

fail() {
	failed=$((failed + 1))
	printf 'FAIL %s\n' "$1"
}

finish() {
	printf 'po-check: %d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
	exit $?
}

for tool in msgfmt xgettext msgcmp; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "$tool is not installed (apt-get install gettext)"
		finish
	fi
done
if [ ! -f "$PO" ]; then
	fail "$PO does not exist (run from the repository root)"
	finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/po-check.XXXXXX") || {
	fail "cannot create a temporary directory"
	finish
}
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' HUP INT TERM

# ---- 1 and 2: msgfmt -c --statistics ----
if msgfmt -c --statistics -o "$tmp/ja.mo" "$PO" >"$tmp/msgfmt.out" 2>&1; then
	pass "msgfmt -c $PO"
else
	fail "msgfmt -c $PO:"
	sed 's/^/    /' "$tmp/msgfmt.out"
fi
# the statistics line, e.g. "300 translated messages, 2 fuzzy translations, 1 untranslated message."
stats=$(grep 'translated message' "$tmp/msgfmt.out" | tail -n 1)
if [ -n "$stats" ] && ! printf '%s\n' "$stats" | grep -q 'fuzzy\|untranslated'; then
	pass "all translated: $stats"
else
	fail "fuzzy or untranslated messages in $PO: ${stats:-no statistics}"
	if command -v msgattrib >/dev/null 2>&1; then
		for kind in fuzzy untranslated; do
			if [ "$kind" = fuzzy ]; then opt=--only-fuzzy; else opt=--untranslated; fi
			# one line per message: its msgid, or the first line of a long one
			msgattrib "$opt" --no-obsolete --no-wrap "$PO" 2>/dev/null |
				awk -v kind="$kind" '/^msgid / {
					s = $0; sub(/^msgid /, "", s)
					if (s == "\"\"") {
						if ((getline nxt) <= 0 || nxt !~ /^"/) next
						s = nxt " ..."
					}
					printf "    %s: %s\n", kind, s }'
		done
	fi
fi

# ---- 3: the strings in the sources, as the Makefile's update-po extracts them ----
if ! xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 --no-wrap -o "$tmp/current.pot" \
	src/*.c >"$tmp/xgettext.out" 2>&1; then
	fail "xgettext src/*.c:"
	sed 's/^/    /' "$tmp/xgettext.out"
elif [ ! -f "$tmp/current.pot" ]; then
	fail "xgettext found no strings in src/*.c"
elif msgcmp --use-fuzzy --use-untranslated "$PO" "$tmp/current.pot" >"$tmp/msgcmp.out" 2>&1; then
	pass "every string in src/*.c is in $PO"
else
	n=$(grep -c 'this message is used but not defined' "$tmp/msgcmp.out")
	fail "$n string(s) in src/*.c missing from $PO (make update-po, then translate):"
	# msgcmp names a line of each missing entry in the temporary .pot:
	# print that entry's msgid (and msgid_plural).
	sed -n 's/^.*current\.pot:\([0-9][0-9]*\): this message is used but not defined.*$/\1/p' \
		"$tmp/msgcmp.out" >"$tmp/lines"
	if [ -s "$tmp/lines" ]; then
		awk 'NR == FNR { want[$1] = 1; next }
		     want[FNR] { hit = 1 }
		     /^$/ { if (hit) printf "%s", buf; buf = ""; hit = 0; inid = 0; next }
		     /^msgid/ || (inid && /^"/) {
			     inid = 1; line = $0; sub(/^msgid(_plural)? /, "", line)
			     buf = buf "    " line "\n"; next }
		     { inid = 0 }
		     END { if (hit) printf "%s", buf }' \
			"$tmp/lines" "$tmp/current.pot"
	else
		sed 's/^/    /' "$tmp/msgcmp.out"
	fi
fi

finish
