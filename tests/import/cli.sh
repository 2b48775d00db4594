#!/bin/sh
# `hyoka import` from the command line: exit codes 0/1/2/3, the summary,
# the PDF path (through pdftotext, and the message when it is missing).
# Needs no shared seeds.  Run from the repository root (tests/import/run.sh).
set -u
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL import-cli: $1"; }
hyoka=$(pwd)/hyoka

# a small assessment in the tab-separated style
cat > "$tmp/small.txt" <<'DOC'
特定個人情報保護評価書(全項目評価書)

評価書番号	評価書名
7	某市 国民健康保険事務 全項目評価書

I 基本情報
1. 特定個人情報ファイルを取り扱う事務
①事務の名称	国民健康保険事務
③対象人数	[30万人以上] <選択肢> 1) 1,000人未満
DOC
"$hyoka" import "$tmp/small.txt" -o "$tmp/small.yaml" > "$tmp/out" 2>&1
rc=$?
[ "$rc" -le 1 ] && ok || bad "small: exit $rc"
grep -q "fields filled: 4" "$tmp/out" && ok || bad "small: summary $(cat "$tmp/out")"
grep -q "target_population: 30万人以上" "$tmp/small.yaml" && ok || bad "small: population"
"$hyoka" validate "$tmp/small.yaml" > /dev/null 2>&1
[ $? -le 1 ] && ok || bad "small: the document does not load"

# an existing output is kept unless --force
"$hyoka" import "$tmp/small.txt" -o "$tmp/small.yaml" > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "already exists" "$tmp/out" && ok || bad "existing output"
"$hyoka" import "$tmp/small.txt" -o "$tmp/small.yaml" --force > /dev/null 2>&1
[ $? -le 1 ] && ok || bad "--force"

# -o -: the document on stdout, the summary on stderr
"$hyoka" import "$tmp/small.txt" -o - > "$tmp/stdout" 2> "$tmp/stderr"
head -n 1 "$tmp/stdout" | grep -q "^form: full" && grep -q "fields filled" "$tmp/stderr" && ok ||
	bad "-o -"

# standard input
"$hyoka" import - -o "$tmp/stdin.yaml" < "$tmp/small.txt" > /dev/null 2>&1
[ $? -le 1 ] && grep -q "target_population: 30万人以上" "$tmp/stdin.yaml" && ok || bad "stdin"

# a review: a choice that is not on its list
sed 's/\[30万人以上\]/[35万人程度]/' "$tmp/small.txt" > "$tmp/unsure.txt"
"$hyoka" import "$tmp/unsure.txt" -o "$tmp/unsure.yaml" > "$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q "fields to review: 1" "$tmp/out" && grep -q "対象人数" "$tmp/out" && ok ||
	bad "unsure: $(cat "$tmp/out")"
grep -q "basic_info.task.target_population: check" "$tmp/unsure.yaml" && ok || bad "unsure: mark"
"$hyoka" validate "$tmp/unsure.yaml" 2>/dev/null | grep -q "imported value to review" && ok ||
	bad "validate reports the mark"

# not an assessment: exit 2 with the reason
printf '今日の献立\tカレーライス\n' > "$tmp/menu.txt"
"$hyoka" import "$tmp/menu.txt" -o "$tmp/menu.yaml" > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "not recognisable as an assessment" "$tmp/out" && [ ! -e "$tmp/menu.yaml" ] &&
	ok || bad "menu: $(cat "$tmp/out")"
"$hyoka" import "$tmp/missing.txt" -o "$tmp/x.yaml" > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "missing input"
"$hyoka" import "$tmp/small.txt" > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "usage"
"$hyoka" import "$tmp/small.txt" -o "$tmp/no/such/dir/x.yaml" > /dev/null 2>&1
[ $? -eq 3 ] && ok || bad "unwritable output"

# a PDF (one page of ASCII text): read through pdftotext, or a clear message
python3 - "$tmp/menu.pdf" <<'PY' 2>/dev/null || printf '%%PDF-1.4\n' > "$tmp/menu.pdf"
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>", None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
text = b"BT /F1 12 Tf 20 100 Td (Lunch menu: curry) Tj ET"
objs[3] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
out = b"%PDF-1.4\n"
offs = []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
if command -v pdftotext > /dev/null 2>&1; then
	"$hyoka" import "$tmp/menu.pdf" -o "$tmp/pdf.yaml" > "$tmp/out" 2>&1
	[ $? -eq 2 ] && grep -q "not recognisable as an assessment" "$tmp/out" && ok ||
		bad "pdf through pdftotext: $(cat "$tmp/out")"
fi
mkdir "$tmp/emptybin"
PATH="$tmp/emptybin" "$hyoka" import "$tmp/menu.pdf" -o "$tmp/pdf.yaml" > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "pdftotext" "$tmp/out" && grep -q "poppler-utils" "$tmp/out" && ok ||
	bad "pdf without pdftotext: $(cat "$tmp/out")"

# a text holding two documents (forms' document_start): refused with the
# list, one picked with --document N, or each written with --split
{ cat "$tmp/small.txt"; echo; sed 's/^7\t/8\t/' "$tmp/small.txt"; } > "$tmp/two.txt"
"$hyoka" import "$tmp/two.txt" -o "$tmp/two.yaml" > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "holds 2 documents of full" "$tmp/out" &&
	grep -q "^  1: .*two.txt:1: 特定個人情報保護評価書(全項目評価書)" "$tmp/out" &&
	grep -q "^  2: .*two.txt:11: 特定個人情報保護評価書(全項目評価書)" "$tmp/out" &&
	[ ! -e "$tmp/two.yaml" ] && ok || bad "two documents, none chosen: $(cat "$tmp/out")"
"$hyoka" import "$tmp/two.txt" -o "$tmp/two.yaml" --document 2 > "$tmp/out" 2>&1
[ $? -le 1 ] && grep -q "document 2 of 2 (line 11)" "$tmp/out" &&
	grep -q "eval_no: 8" "$tmp/two.yaml" && ok || bad "--document 2: $(cat "$tmp/out")"
"$hyoka" import "$tmp/two.txt" -o "$tmp/two.yaml" --document 3 --force > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "holds 2 documents of full, not 3" "$tmp/out" && ok ||
	bad "--document 3: $(cat "$tmp/out")"
for arg in 0 -1 x 2x; do
	"$hyoka" import "$tmp/two.txt" -o "$tmp/two.yaml" --document "$arg" --force > "$tmp/out" 2>&1
	[ $? -eq 2 ] && grep -q "number from 1 on" "$tmp/out" && ok || bad "--document $arg"
done
"$hyoka" import "$tmp/two.txt" -o "$tmp/split.yaml" --split > "$tmp/out" 2>&1
[ $? -le 1 ] && grep -q "eval_no: 7" "$tmp/split-1.yaml" && grep -q "eval_no: 8" "$tmp/split-2.yaml" &&
	[ "$(grep -c "imported as full" "$tmp/out")" -eq 2 ] && [ ! -e "$tmp/split.yaml" ] && ok ||
	bad "--split: $(cat "$tmp/out")"
rm "$tmp/split-2.yaml"
"$hyoka" import "$tmp/two.txt" -o "$tmp/split.yaml" --split > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "split-1.yaml already exists" "$tmp/out" && [ ! -e "$tmp/split-2.yaml" ] &&
	ok || bad "--split over an existing file writes nothing: $(cat "$tmp/out")"
"$hyoka" import "$tmp/two.txt" -o - --split > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "give -o a file name" "$tmp/out" && ok || bad "--split to stdout"
"$hyoka" import "$tmp/two.txt" -o "$tmp/x.yaml" --split --document 1 > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "Usage" "$tmp/out" && ok || bad "--split with --document"
"$hyoka" import "$tmp/small.txt" -o "$tmp/one.yaml" --document 1 > "$tmp/out" 2>&1
[ $? -le 1 ] && grep -q "eval_no: 7" "$tmp/one.yaml" && ok || bad "--document 1 of one"

# a text of 25 documents: the list shows 20 and says how many more
for i in $(seq 1 25); do sed "s/^7\t/$i\t/" "$tmp/small.txt"; echo; done > "$tmp/many.txt"
"$hyoka" import "$tmp/many.txt" -o "$tmp/many.yaml" > "$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "holds 25 documents" "$tmp/out" && grep -q "^  20: " "$tmp/out" &&
	! grep -q "^  21: " "$tmp/out" && grep -q "… and 5 more" "$tmp/out" && ok ||
	bad "the list of 25 documents: $(head -3 "$tmp/out")"

echo "import-cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
