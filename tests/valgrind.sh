#!/bin/sh
# One end-to-end editing session under valgrind (`make valgrind`): the editor
# runs headless from a key script (HYOKA_SCRIPT) on a copy of
# examples/yokohama-hitorioya-focused.yaml in a temporary directory.  The
# session moves around the outline, cancels an edit, types Japanese into a
# one-line and a multi-line field, picks a choice, toggles two check boxes,
# adds and deletes a repeat entry, searches, opens the help, resizes, saves
# (Ctrl-S) and quits (Ctrl-Q).  Then it checks that valgrind saw no memory
# error and no definite or indirect leak (ncurses keeps memory "still
# reachable" on purpose: that is not counted), and that the saved file holds
# what was typed.  Prints "valgrind: N passed, N failed".
#
# Environment: HYOKA_BIN (default ./hyoka), VALGRIND_KEEP=1 keeps the
# temporary directory (its path is printed).
set -u
cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
bin=${HYOKA_BIN:-./hyoka}
case $bin in /*) ;; *) bin="$root/$bin" ;; esac
sample=examples/yokohama-hitorioya-focused.yaml

if [ ! -x "$bin" ]; then
	echo "valgrind: no hyoka binary at $bin (run 'make all' or set HYOKA_BIN)" >&2
	exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "valgrind: installing valgrind"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind </dev/null
	command -v valgrind >/dev/null 2>&1 || { echo "valgrind: cannot install valgrind" >&2; exit 2; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-valgrind.XXXXXX") || exit 2
if [ -n "${VALGRIND_KEEP:-}" ]; then
	echo "valgrind: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT INT TERM
fi
cp "$sample" "$tmp/doc.yaml"
cp "$sample" "$tmp/original.yaml"

# The outline starts on 表紙: 0 表紙, 1 Ⅰ, 2 Ⅰ．１．, 3 Ⅰ．２．, 4 システム,
# 5 システム1 ...; Tab switches between the outline and the fields.
cat > "$tmp/script" <<'EOF'
# move around the outline, page down and back, resize the terminal
key Down Down Down Up Up Up
key PgDn PgUp Home
resize 100 30
resize 80 24
# 表紙: 評価書番号 (int): type, then Esc restores the old value
key Tab Enter
type 999
key Esc
# 評価書名 (one line): append Japanese, Enter confirms
key Down Enter
key End
type （改訂テスト版）
key Enter
# 特記事項 (long text): a new line of Japanese, Ctrl-D confirms
key Down Down Enter
key C-e Enter
type 追記：個人番号の取扱いを見直した。
key Left Left Backspace
type し
key End
type ＸＹ
key Left Delete Backspace
key C-d
# Ⅰ．１．③対象人数 (choice): pick option 2 by its number
key Tab Down Down Tab Down Down Enter
type 2
# Ⅰ．２．システム1 ③他のシステムとの接続 (checks): check the first two
key Tab Down Down Down Tab Down Down Space
key Space Down Space Enter
# システム1 in the outline: add an entry after it, then delete that entry
key Tab
type +
type -
type y
# search, next hit, stop searching
type /
type 中間サーバー
key Enter
type n
key Esc
# the help screen, closed again
key F1
key Esc
# next problem, save, quit
type n
key C-s
key C-q
EOF

log="$tmp/valgrind.log"
(
	cd "$tmp" &&
	HYOKA_SCRIPT="$tmp/script" TERM=xterm LC_ALL=C.UTF-8 COLUMNS=80 LINES=24 \
	timeout 600 valgrind --leak-check=full --error-exitcode=99 \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
		--num-callers=30 --log-file="$log" \
		"$bin" --forms "$root/forms" doc.yaml
) >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
rc=$?

passed=0 failed=0
check() {
	# check DESCRIPTION COMMAND...: counts and reports one check
	desc=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok   $desc"
	else
		failed=$((failed + 1))
		echo "FAIL $desc"
	fi
}

contains() { grep -q -F -- "$1" "$tmp/doc.yaml"; }
lacks() { ! grep -q -F -- "$1" "$tmp/doc.yaml"; }
no_errors() { grep -q 'ERROR SUMMARY: 0 errors' "$log"; }
no_leak() {
	# "definitely lost: 0 bytes" or no such line at all (nothing leaked)
	! grep -E "$1 lost: [1-9][0-9,]* bytes" "$log" >/dev/null
}
loads() {
	"$bin" --forms "$root/forms" validate "$tmp/doc.yaml" >/dev/null 2>&1
	[ $? -lt 2 ]
}
systems() {
	n=$(sed -n '/^  used_systems:/,/^  [a-z]/p' "$tmp/doc.yaml" | grep -c '^    - name:')
	[ "$n" -eq 3 ]
}

check "the editor ran to the end under valgrind (exit $rc)" test "$rc" -eq 0
check "valgrind: no memory errors" no_errors
check "valgrind: no definite leak" no_leak definitely
check "valgrind: no indirect leak" no_leak indirectly
check "no script errors" test ! -s "$tmp/stderr"
check "saved: the one-line field holds the typed text" \
	contains "eval_title: ひとり親家庭等医療費助成に関する事務 重点項目評価書（改訂テスト版）"
check "saved: the long text holds the new line" contains "追記：個人番号の取扱いを見直した。"
check "saved: Esc restored the number" contains "eval_no: 45"
check "saved: the choice" contains "target_population: 1,000人以上1万人未満"
check "saved: the first check box" contains "- 情報提供ネットワークシステム"
check "saved: the second check box" contains "- 庁内連携システム"
check "saved: the added entry was deleted again (3 systems)" systems
check "saved: nothing of the cancelled edit" lacks "999"
check "the saved file loads" loads
check "the previous version was kept as doc.yaml~" cmp -s "$tmp/original.yaml" "$tmp/doc.yaml~"
# shellcheck disable=SC2010
check "no lock or recovery file left behind" \
	test -z "$(cd "$tmp" && ls -A | grep -v -x -e doc.yaml -e 'doc.yaml~' -e original.yaml \
		-e script -e valgrind.log -e stdout -e stderr)"

if [ "$failed" -gt 0 ]; then
	echo "--- valgrind log (errors and leaks)"
	grep -E -A 25 'Invalid|uninitialised|definitely lost in|indirectly lost in|Mismatched|overlap' "$log" |
		head -n 120
	grep -E 'ERROR SUMMARY|definitely lost:|indirectly lost:|still reachable:' "$log"
	[ -s "$tmp/stderr" ] && { echo "--- stderr"; head -n 20 "$tmp/stderr"; }
fi
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
