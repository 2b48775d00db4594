#!/bin/sh
# PDF rendering: every example and a blank of every form, checked with
# poppler-utils.  A4 pages; fonts embedded; the text of every cell of the
# text rendering in the PDF's text: a blank form's labels in order, an
# example's values (the beginning of each: a table row that breaks across
# pages puts its cells' lines side by side); no word
# outside the page's text area; and a golden check that does not depend on
# the font's version: the PDF's text without white space, and a page count
# within 15% of the recorded one.  PDF_UPDATE=1 records the golden files.
set -u
cd "$(dirname "$0")/.."
HYOKA=${HYOKA_BIN:-./hyoka}
GOLD=tests/golden/pdf
for tool in pdfinfo pdffonts pdftotext; do
	command -v $tool >/dev/null 2>&1 || { echo "pdf: skipped ($tool missing: make deps)"; exit 0; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# The page's text area (points): 42 pt margins on A4's 595.276 pt width.
LEFT=41 RIGHT=554.5

# The cells of the text rendering at a width where nothing wraps.
cells() {
	"$HYOKA" render "$@" --width 3000 | sed 's/[│┌┐└┘├┤┬┴┼─]/\n/g' |
		sed 's/^[ 　]*//; s/[ 　]*$//' | grep -v '^$'
}

# Text without white space (ASCII and U+3000).
squeeze() {
	tr -d ' \t\n\f' | sed 's/　//g'
}

check() {  # NAME, 1 when the cells must come in order, then the render arguments
	name=$1 ordered=$2
	shift 2
	pdf=$tmp/$name.pdf
	if ! "$HYOKA" render "$@" --format pdf -o "$pdf" 2>"$tmp/err"; then
		bad "$name" "render failed: $(cat "$tmp/err")"
		return
	fi
	info=$(pdfinfo "$pdf")
	pages=$(echo "$info" | sed -n 's/^Pages: *//p')
	if echo "$info" | grep -q '^Page size:.*(A4)' && [ "${pages:-0}" -ge 1 ]; then ok; else
		bad "$name" "not A4 or no page"; fi
	fonts=$(pdffonts "$pdf" | tail -n +3)
	if [ -n "$fonts" ] && ! echo "$fonts" | awk '$(NF-4) != "yes"' | grep -q . &&
	   echo "$fonts" | grep -q IPAex; then ok; else
		bad "$name" "fonts not embedded: $fonts"; fi
	# the body only: the running header and the page numbers are cropped away
	pdftotext -raw -x 0 -y 50 -W 596 -H 742 "$pdf" - | squeeze >"$tmp/body"
	cells "$@" >"$tmp/cells"
	missing=$(awk -v ordered="$ordered" 'NR == FNR { text = text $0; next }
		FNR == 1 { rest = text }
		{ c = $0; gsub(/[ \t]/, "", c); gsub(/　/, "", c)
		  # a cell broken across pages: other cells of its row come between
		  if (!ordered && length(c) > 24) c = substr(c, 1, 24)
		  p = index(rest, c)
		  if (!p) { print c; exit }
		  if (ordered) rest = substr(rest, p + length(c)) }' "$tmp/body" "$tmp/cells")
	if [ -z "$missing" ]; then ok; else bad "$name" "not in the PDF in order: $missing"; fi
	out=$(pdftotext -bbox "$pdf" - | awk -F'"' -v l=$LEFT -v r=$RIGHT \
		'/<word / && ($2 < l || $6 > r) { print; exit }')
	if [ -z "$out" ]; then ok; else bad "$name" "outside the text area: $out"; fi
	if [ "${PDF_UPDATE:-}" = 1 ]; then
		mkdir -p $GOLD
		{ echo "pages: $pages"; cat "$tmp/body"; echo; } >"$GOLD/$name.txt"
	elif [ -f "$GOLD/$name.txt" ]; then
		want=$(sed -n 's/^pages: //p;q' "$GOLD/$name.txt")
		if tail -n +2 "$GOLD/$name.txt" | tr -d '\n' | cmp -s - "$tmp/body" &&
		   [ $((pages * 100)) -ge $((want * 85)) ] && [ $((pages * 100)) -le $((want * 115)) ]; then
			ok
		else
			bad "$name" "differs from $GOLD/$name.txt (pages $pages, recorded $want)"
		fi
	else
		bad "$name" "no $GOLD/$name.txt (PDF_UPDATE=1 sh tests/pdf.sh)"
	fi
}

for f in forms/*.yaml; do
	id=$(sed -n 's/^id: *//p' "$f")
	check "$id-blank" 1 --form "$id"
done
for f in examples/*.yaml; do
	check "$(basename "$f" .yaml)" 0 "$f"
done

# A text far longer than a page breaks between its lines, page after page.
long=$tmp/long.yaml
{
	printf 'form: full\ncover:\n  eval_title: 長い宣言の評価書\n  privacy_declaration: |\n'
	i=1
	while [ $i -le 400 ]; do
		echo "    第${i}行　特定個人情報ファイルの取扱いが個人のプライバシー等の権利利益に影響を及ぼしかねないことを理解している。"
		i=$((i + 1))
	done
} >"$long"
check long-text 1 "$long"
pages=$(pdfinfo "$tmp/long-text.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ "${pages:-0}" -ge 8 ]; then ok; else bad long-text "400 long lines on ${pages:-?} pages"; fi

# A write error is reported, not a broken file.
if "$HYOKA" render --form basic --format pdf -o /nonexistent/dir/x.pdf 2>/dev/null; then
	bad write "a PDF to an unwritable place succeeded"; else ok; fi
if "$HYOKA" render --form basic --format tex >/dev/null 2>&1; then
	bad format "an unknown format was accepted"; else ok; fi

echo "pdf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
