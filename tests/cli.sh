#!/bin/sh
# The command line as a script would use it: outputs and exit codes.
set -u
cd "$(dirname "$0")/.." || exit 1
H="${HYOKA_BIN:-$PWD/hyoka} --forms $PWD/forms"
W=$(mktemp -d /tmp/hyoka-cli.XXXXXX)
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8
passed=0 failed=0

# check NAME WANT_RC WANT_TEXT COMMAND...: exit code and a line of output
check() {
	name=$1 want_rc=$2 want=$3
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && printf '%s\n' "$out" | grep -qF -- "$want"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc (want $want_rc), output:"
		printf '%s\n' "$out" | head -n 8 | sed 's/^/  /'
	fi
}

# check_absent NAME WANT_RC UNWANTED COMMAND...: exit code, and a text not in the output
check_absent() {
	name=$1 want_rc=$2 unwanted=$3
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && ! printf '%s\n' "$out" | grep -qF -- "$unwanted"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc (want $want_rc), output:"
		printf '%s\n' "$out" | head -n 8 | sed 's/^/  /'
	fi
}

# しきい値判断: every row of the decision table, by number and by band
check thr-under-1000 0 "特定個人情報保護評価の実施が義務付けられない" $H threshold --subjects 999 --handlers 900 --incident yes
check thr-1000 0 "基礎項目評価の実施が義務付けられる" $H threshold --subjects 1,000 --handlers 0 --incident no
check thr-9999 0 "基礎項目評価書" $H threshold --subjects 9999 --handlers 900 --incident yes
check thr-10000 0 "基礎項目評価の実施が義務付けられる" $H threshold --subjects 10000 --handlers 499 --incident no
check thr-10000-500 0 "基礎項目評価及び重点項目評価の実施が義務付けられる" $H threshold --subjects 10000 --handlers 500 --incident no
check thr-99999-incident 0 "基礎項目評価書 + 重点項目評価書" $H threshold --subjects 99999 --handlers 10 --incident yes
check thr-100000 0 "基礎項目評価及び重点項目評価の実施が義務付けられる" $H threshold --subjects 100000 --handlers 499 --incident no
check thr-299999-500 0 "基礎項目評価及び全項目評価の実施が義務付けられる" $H threshold --subjects 299999 --handlers 500 --incident no
check thr-band 0 "基礎項目評価書 + 全項目評価書" $H threshold --subjects 10万人以上30万人未満 --handlers 10 --incident yes
check thr-300000 0 "基礎項目評価及び全項目評価の実施が義務付けられる" $H threshold --subjects 300000 --handlers 0 --incident no
check thr-exempt 0 "特定個人情報保護評価の実施が義務付けられない" $H threshold --subjects 500000 --handlers 0 --incident no --exempt
check thr-reason 0 "対象人数 1万人以上10万人未満 and 取扱者数 500人以上" $H threshold --subjects 50000 --handlers 600 --incident no
check thr-json 0 '"requirement": "basic+focused"' $H threshold --subjects 50000 --handlers 600 --incident no --format json
check thr-bad-number 2 "--subjects must be" $H threshold --subjects many --handlers 1 --incident no
check thr-bad-incident 2 "--incident must be yes or no" $H threshold --subjects 5 --handlers 1 --incident maybe

# documents: new, validate, fmt, render, diff
check new 0 "" $H new --form focused "$W/a.yaml"
check new-exists 2 "already exists" $H new --form focused "$W/a.yaml"
check new-unknown-form 2 "unknown form" $H new --form nope "$W/b.yaml"
check validate-new 1 "error: required" $H validate "$W/a.yaml"
check validate-example 0 "" $H validate examples/yokohama-hitorioya-focused.yaml
# without its stamp the document is on the newest template, which prints 5情報: warnings
grep -v '^form_version:' examples/yokohama-hitorioya-focused.yaml > "$W/unstamped.yaml"
check validate-json 0 '"severity": "warning"' $H validate --format json "$W/unstamped.yaml"
check validate-missing 2 "cannot read" $H validate "$W/none.yaml"
# 世田谷区 諮問第986号～第993号 transcribed from ../shared/seeds: canonical, and the
# cases the form can hold exactly validate with no diagnostic at all
check fmt-setagaya 0 "" $H fmt --check examples/setagaya-shimon-986.yaml examples/setagaya-shimon-987.yaml \
	examples/setagaya-shimon-988.yaml examples/setagaya-shimon-989.yaml examples/setagaya-shimon-990.yaml \
	examples/setagaya-shimon-991.yaml examples/setagaya-shimon-992.yaml examples/setagaya-shimon-993.yaml
# every example validates with no error and no warning: the published documents deserve none
check_absent validate-examples 0 "examples/" $H validate examples/*.yaml
cp examples/sagamihara-kokuho-full.yaml "$W/s.yaml"
check fmt-canonical 0 "" $H fmt --check "$W/s.yaml"
sed -i 's/^form: full$/form:   full/' "$W/s.yaml"
check fmt-rewrites 1 "not in canonical form" $H fmt --check "$W/s.yaml"
check fmt 0 "" $H fmt "$W/s.yaml"
check fmt-idempotent 0 "" $H fmt --check "$W/s.yaml"
check render-blank 0 "＜選択肢＞" $H render --form full --width 60
check render-out 0 "" $H render examples/yokohama-hitorioya-focused.yaml -o "$W/y.txt" --page-lines 66
check render-pages 0 "- 1 / " cat "$W/y.txt"
check forms 0 "focused" $H forms
check forms-show 0 "1) 1,000人未満" $H forms show full
cp "$W/s.yaml" "$W/s2.yaml"
check diff-equal 0 "" $H diff "$W/s.yaml" "$W/s2.yaml"
sed -i 's/target_population: 30万人以上/target_population: 10万人以上30万人未満/' "$W/s2.yaml"
check diff-changed 1 "Ⅰ．１．③ 対象人数" $H diff "$W/s.yaml" "$W/s2.yaml"
check diff-append 1 "" $H diff "$W/s.yaml" "$W/s2.yaml" --append-changes --date 令和7年4月1日
check diff-appended 0 "date: 令和7年4月1日" cat "$W/s2.yaml"
check diff-forms 2 "" $H diff "$W/s.yaml" examples/yokohama-hitorioya-focused.yaml
# a document loads only its own form: a broken other form is for `hyoka forms` to report
mkdir -p "$W/forms-broken" "$W/forms-renamed"
cp forms/*.yaml "$W/forms-broken/"
printf 'id: zzz\ntitle: x\nparts: 3\n' >"$W/forms-broken/zzz.yaml"
HB="${HYOKA_BIN:-$PWD/hyoka} --forms $W/forms-broken"
check forms-broken 2 "zzz.yaml:3:8: error" $HB forms
check_absent validate-other-form-broken 0 "zzz.yaml" $HB validate examples/yokohama-hitorioya-focused.yaml
check_absent render-other-form-broken 0 "zzz.yaml" $HB render --form basic
# ...but when the document's own form cannot be used, every form is loaded, as always
rm "$W/forms-broken/focused.yaml"
check validate-own-form-missing 2 "unknown form 'focused' (known forms: basic, full, setagaya-consultation)" $HB validate examples/yokohama-hitorioya-focused.yaml
check validate-own-form-missing-reports 2 "zzz.yaml:3:8: error" $HB validate examples/yokohama-hitorioya-focused.yaml
# a form's id is its id: key, not its file name
cp forms/focused.yaml "$W/forms-renamed/juten.yaml"
check validate-form-renamed 0 "" ${HYOKA_BIN:-$PWD/hyoka} --forms "$W/forms-renamed" validate examples/yokohama-hitorioya-focused.yaml
# the rendering written to a file as it is made is the one printed
$H render examples/sagamihara-kokuho-full.yaml --page-lines 66 --ascii >"$W/s-stdout.txt"
check render-out-large 0 "" $H render examples/sagamihara-kokuho-full.yaml --page-lines 66 --ascii -o "$W/s-file.txt"
check render-out-same 0 "" cmp "$W/s-stdout.txt" "$W/s-file.txt"
# an output that is the input is refused, by any name; -o - is standard output;
# a device or a FIFO is written to, not replaced
cp examples/yokohama-hitorioya-focused.yaml "$W/in.yaml"
cp "$W/in.yaml" "$W/in-copy.yaml"
ln -s in.yaml "$W/in-link.yaml"
check render-onto-input 2 "is the input file" $H render "$W/in.yaml" -o "$W/in.yaml"
check render-onto-input-by-link 2 "is the input file" $H render "$W/in-link.yaml" -o "$W/in.yaml"
check render-onto-input-link 2 "is the input file" $H render "$W/in.yaml" -o "$W/in-link.yaml"
check render-input-kept 0 "" cmp "$W/in.yaml" "$W/in-copy.yaml"
check render-dash 0 "特定個人情報保護評価書" $H render "$W/in.yaml" -o -
check render-dev-null 0 "" $H render "$W/in.yaml" -o /dev/null
mkfifo "$W/fifo"
(timeout 30 cat "$W/fifo" >"$W/from-fifo.txt") &
check render-fifo 0 "" timeout 20 $H render "$W/in.yaml" -o "$W/fifo"
wait
check render-fifo-read 0 "特定個人情報保護評価書" cat "$W/from-fifo.txt"
check render-fifo-kept 0 "" test -p "$W/fifo"

# recovery and lock files that are not regular files are never opened or waited on
cp "$W/in.yaml" "$W/r.yaml"
mkfifo "$W/.r.yaml.hyoka-recover"
check recover-fifo 2 "not a regular file" timeout 20 $H recover "$W/r.yaml" --show
ln -s /dev/tty "$W/.r.yaml.hyoka-lock"
check recover-discard-tty-lock 0 "" timeout 20 $H recover "$W/r.yaml" --discard
rm -f "$W/.r.yaml.hyoka-lock"
mkfifo "$W/.r.yaml.hyoka-recover" "$W/.r.yaml.hyoka-lock"
check recover-discard-fifo-lock 0 "" timeout 20 $H recover "$W/r.yaml" --discard
check recover-fifo-gone 1 "" test -e "$W/.r.yaml.hyoka-recover"
# restoring through a link writes the real file and keeps the link
ln -s r.yaml "$W/r-link.yaml"
rm -f "$W/.r.yaml.hyoka-recover" "$W/.r.yaml.hyoka-lock"
sed 's/^cover:$/cover:\n  name: 復元/' "$W/r.yaml" >"$W/.r.yaml.hyoka-recover"
check recover-restore-link 0 "" $H recover "$W/r-link.yaml" --restore
check recover-restore-link-kept 0 "" test -L "$W/r-link.yaml"
check recover-restore-link-real 0 "name: 復元" cat "$W/r.yaml"
# the question on a terminal: end of input, or a hangup with SIGHUP ignored,
# ends it and keeps the recovery file
if command -v python3 >/dev/null 2>&1; then
	rm -f "$W/.r.yaml.hyoka-recover" "$W/.r.yaml.hyoka-lock"
	sed 's/^cover:$/cover:\n  name: 復元2/' "$W/in.yaml" >"$W/.r.yaml.hyoka-recover"
	for how in eof hangup; do
		check "recover-prompt-$how" 0 "exited 1" python3 tests/cli/recover-hangup.py $how \
			${HYOKA_BIN:-$PWD/hyoka} --forms "$PWD/forms" recover "$W/r.yaml"
		check "recover-prompt-$how-kept" 0 "" test -f "$W/.r.yaml.hyoka-recover"
	done
else
	echo "skip recover-prompt: no python3 for a pseudo-terminal"
fi
check help 0 "Exit codes" $H --help
# every command answers --help with its own usage, on stdout, exit 0
for cmd in $(sed -n 's/^[[:space:]]*X("\([a-z-]*\)", .*/\1/p' include/hyoka/cli.h); do
	check "help-$cmd" 0 "Usage: hyoka $cmd" sh -c "$H $cmd --help 2>/dev/null"
done
check help-anywhere 0 "Usage: hyoka fmt" $H fmt x.yaml --help
check fmt-bad-option 2 "hyoka fmt: unknown option '--bogus'" $H fmt --bogus x.yaml
check render-missing-value 2 "hyoka render: --width needs a value" $H render --form basic --width
check render-short-o 0 "" $H render --form basic -o "$W/blank.txt"
check render-o-equals 0 "" $H render --form basic --output="$W/blank2.txt"
check validate-format-equals 0 '"severity"' $H validate --format=json "$W/unstamped.yaml"
check validate-bad-format 2 "unknown format 'xml'" $H validate --format xml examples/yokohama-hitorioya-focused.yaml
check diff-options-first 0 "" $H diff --format json "$W/s.yaml" "$W/s.yaml"
check diff-three-files 2 "Usage: hyoka diff" $H diff "$W/s.yaml" "$W/s.yaml" "$W/s.yaml"
check recover-two-actions 2 "unexpected argument '--show'" $H recover "$W/s.yaml" --discard --show
check threshold-operand 2 "unexpected argument 'extra'" $H threshold --subjects 5 --handlers 1 --incident no extra
check version 0 "hyoka" $H --version
check unknown-command 2 "unknown" $H frobnicate extra
# the model knows nothing of the program around it: only main, the commands
# (cli*.c) and the editor include app.h or cli.h, directly or through a header
app_users=$(grep -l '#include "hyoka/\(app\|cli\|tui\|widgets\)\.h"' src/*.c include/hyoka/*.h |
	grep -v -e '^src/main\.c$' -e '^src/cli[a-z_]*\.c$' -e '^src/tui[a-z_]*\.c$' \
		-e '^src/widgets[a-z_]*\.c$' -e '^src/keys\.c$' \
		-e '^include/hyoka/\(cli\|tui\|tui_parts\|widgets\|keys\)\.h$')
check model-without-app 0 "" test -z "$app_users"
[ -z "$app_users" ] || echo "  included by: $app_users"
# Nothing raw on the terminal: a YAML tag with percent-escapes, values with an
# ESC sequence, a C1 CSI, a bidi override and a zero width space (issue 17).
printf 'form: focused\ncover: !<%%1B[2J%%1B]52;c;aGk=%%07> x\n' > "$W/tag.yaml"
check_absent tag-escape-not-raw 2 "$(printf '\033')" $H validate "$W/tag.yaml"
printf 'form: focused\ncover:\n  eval_title: "危険\\u202Eな名前"\n  privacy_declaration: "a\\u200Bb"\n  special_notes: "x\\u009B31my"\n' > "$W/hostile.yaml"
check validate-names-bidi 1 "U+202E RIGHT-TO-LEFT OVERRIDE" $H validate "$W/hostile.yaml"
check validate-names-zwsp 1 "U+200B ZERO WIDTH SPACE" $H validate "$W/hostile.yaml"
check validate-names-c1 1 "U+009B CONTROL SEQUENCE INTRODUCER" $H validate "$W/hostile.yaml"
check_absent render-no-bidi 0 "$(printf '\342\200\256')" $H render "$W/hostile.yaml"
check_absent render-no-c1 0 "$(printf '\302\233')" $H render "$W/hostile.yaml"
# Controls in every value of two whole documents and in every text of their
# forms: render prints U+FFFD in their place and nothing else (the cleaning
# goes sixteen bytes at a time; issue 16 §7)
UNSAFE="$(printf '[\001-\011\013\015-\037\177]\\|\302[\200-\237]\\|\342\200[\216\217\250-\256]\\|\342\201[\246-\251]\\|\330\234')"
REPL="$(printf '\357\277\275')"
mkdir "$W/hforms" && cp forms/*.yaml "$W/hforms/"
sed -i "s/の/の$(printf '\342\200\256\342\201\246\342\200\217\330\234')/g" "$W/hforms/full.yaml" "$W/hforms/focused.yaml"
for doc in sagamihara-kokuho-full yokohama-hitorioya-focused; do
	sed -E '/^form:/!s/^( *(- )?[A-Za-z_0-9]+): ([^"\\|>&*!{}#[ ][^"\\]*)$/\1: "\\u009b31m\\u202e\\t\3\\u2066\\u0085\\u2028\\u200e"/; /^form:/!s/^( *)- ([^"\\|>&*!{}#[ ][^"\\:]*)$/\1- "\\u009d52;c;x\\u009c\2\\u061c\\u2029"/' \
		"examples/$doc.yaml" >"$W/h-$doc.yaml"
done
# check_clean NAME ARGS...: render exits 0, prints replacements and no control
check_clean() {
	name=$1
	shift
	"${HYOKA_BIN:-$PWD/hyoka}" --forms "$W/hforms" render "$@" >"$W/clean.out" 2>"$W/clean.err"
	rc=$?
	bad=$(LC_ALL=C grep -c "$UNSAFE" "$W/clean.out")
	repl=$(grep -c "$REPL" "$W/clean.out")
	if [ "$rc" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$repl" -gt 100 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc, $bad lines with a control, $repl with U+FFFD"
		head -n 3 "$W/clean.err" | sed 's/^/  /'
	fi
}
check render-hostile-pattern-finds 0 "" test "$(LC_ALL=C grep -c "$UNSAFE" "$W/hforms/full.yaml")" -gt 100
for opts in "" "--ascii" "--page-lines 40" "--width 200 --ambiguous-width 2" "--width 40 --page-lines 12"; do
	# shellcheck disable=SC2086 # the options are words
	check_clean "render-hostile-full [$opts]" "$W/h-sagamihara-kokuho-full.yaml" $opts
	# shellcheck disable=SC2086
	check_clean "render-hostile-focused [$opts]" "$W/h-yokohama-hitorioya-focused.yaml" $opts
	# shellcheck disable=SC2086
	check_clean "render-hostile-blank-form [$opts]" --form full $opts
done
# comments are never dropped silently (issue 17)
sed 's/^cover:$/cover:\n  # 要確認: 総務課に確認/' examples/yokohama-hitorioya-focused.yaml > "$W/comment.yaml"
sed -i 's/^form: focused$/form:   focused/' "$W/comment.yaml"
check fmt-keeps-comments 2 "# 要確認: 総務課に確認" $H fmt "$W/comment.yaml"
check fmt-comment-untouched 0 "" grep -q "要確認" "$W/comment.yaml"
check fmt-drop-comments 0 "" $H fmt --drop-comments "$W/comment.yaml"
check fmt-dropped 1 "" grep -q "要確認" "$W/comment.yaml"

# paths name what the author sees, never an internal id (issue 19)
check validate-path-cover 1 "[表紙 評価書名]" $H validate "$W/hostile.yaml"
check_absent validate-path-no-id 1 "[cover" $H validate "$W/hostile.yaml"
check render-pages-kept 0 "$(printf '\f')" $H render --page-lines 66 examples/yokohama-hitorioya-focused.yaml

# 別紙 (issue 18): a document carries tables the 様式 has no cell for; they
# validate, print after their part (text and PDF) and survive fmt
A=tests/fixtures/annex-focused.yaml
check annex-cells-error 1 "annex-focused.yaml:18:18: error: 7 cells but 6 columns in 列名 [Ⅲ．別紙1 行2 欄]" $H validate "$A"
check annex-empty-warning 1 "warning: 別紙2 is empty; fill it in or remove it" $H validate "$A"
check annex-render-title 0 "│別紙1 過去3年以内に評価実施機関において発生した個人情報に関する重大事故の内容 │" $H render --width 80 "$A"
check annex-render-heads 0 "│発生時期  │概要      │原因      │影響      │対応      │再発防止策│" $H render --width 80 "$A"
check annex-render-changes 0 "│別紙1 変更箇所（続き）" $H render --width 80 "$A"
check annex-render-pdf 0 "" $H render --format pdf -o "$W/annex.pdf" "$A"
cp "$A" "$W/annex.yaml"
check annex-fmt 0 "" $H fmt --drop-comments "$W/annex.yaml"
check annex-fmt-kept 0 "再発防止策" grep -F "再発防止策" "$W/annex.yaml"
check annex-fmt-validates 1 "7 cells but 6 columns in 列名" $H validate "$W/annex.yaml"

# cairo and pango live in hyoka-pdf only: the editor and the other commands
# load none of their libraries; render --format pdf hands over to it
hyoka_bin=${HYOKA_BIN:-$PWD/hyoka}
if command -v ldd >/dev/null 2>&1; then
	check_absent no-cairo-in-hyoka 0 "cairo" ldd "$hyoka_bin"
fi
mkdir -p "$W/alone" && cp "$hyoka_bin" "$W/alone/hyoka"
check pdf-needs-helper 2 "hyoka-pdf" "$W/alone/hyoka" --forms "$PWD/forms" render --format pdf -o "$W/x.pdf" examples/yokohama-hitorioya-focused.yaml

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
