/* UTF-8 decoding, display width and Japanese line breaking. */
#include "helpers.h"

#include <stdint.h>

static void c_utf8(void)
{
	setlocale(LC_ALL, "C.UTF-8");
}

TestSuite(utf8, .init = c_utf8);

Test(utf8, decodes_and_rejects)
{
	uint32_t cp;
	cr_expect_eq(hy_utf8_decode("評", 3, &cp), 3);
	cr_expect_eq(cp, 0x8A55);
	cr_expect_eq(hy_utf8_decode("\xC0\xAF", 2, &cp), 1, "overlong");
	cr_expect_eq(cp, 0xFFFD);
	cr_expect_eq(hy_utf8_decode("\xED\xA0\x80", 3, &cp), 1, "surrogate");
	cr_expect_eq(hy_utf8_decode("\xE8\xA9", 2, &cp), 1, "truncated");
	size_t bad;
	cr_expect(!hy_utf8_valid("ab\xffz", 4, &bad));
	cr_expect_eq(bad, 2);
	cr_expect(hy_utf8_valid("評価書", 9, &bad));
	cr_expect_eq(hy_utf8_chars("評価書abc"), 6);
}

Test(utf8, widths)
{
	cr_expect_eq(hy_str_width("評価書"), 6);
	cr_expect_eq(hy_str_width("abc"), 3);
	cr_expect_eq(hy_str_width("（ ）"), 5);
	cr_expect_eq(hy_str_width("ｱｲｳ"), 3, "half-width katakana");
	int used;
	cr_expect_eq(hy_fit_prefix("評価書", 5, &used), 6, "a wide character never straddles");
	cr_expect_eq(used, 4);
}

static void expect_wrapped(const char *text, int width)
{
	char **lines;
	size_t n = hy_wrap_text(text, width, &lines);
	hy_buf joined;
	hy_buf_init(&joined);
	for (size_t i = 0; i < n; i++) {
		cr_expect_leq(hy_str_width(lines[i]), width, "line %zu '%s' too wide", i, lines[i]);
		uint32_t first, last = 0;
		hy_utf8_decode(lines[i], strlen(lines[i]), &first);
		for (size_t k = 0; lines[i][k];) {
			uint32_t c;
			k += hy_utf8_decode(lines[i] + k, strlen(lines[i] + k), &c);
			last = c;
		}
		if (i > 0 && *lines[i])
			cr_expect(!hy_kinsoku_no_start(first), "line %zu starts with a forbidden char: %s",
				  i, lines[i]);
		if (i + 1 < n && *lines[i])
			cr_expect(!hy_kinsoku_no_end(last), "line %zu ends with a forbidden char: %s", i,
				  lines[i]);
		hy_buf_adds(&joined, lines[i]);
	}
	hy_lines_free(lines, n);
	hy_buf_free(&joined);
}

Test(utf8, wraps_by_display_width_with_kinsoku)
{
	const char *text = "国民健康保険は、国民健康保険法（昭和33年法律第192号。以下、「国保法」という。）"
			   "に基づき、被保険者の疾病、負傷、出産又は死亡に関して必要な保険給付を行う。";
	for (int w = 8; w <= 40; w++)
		expect_wrapped(text, w);
	char **lines;
	size_t n = hy_wrap("あいう、えお", 6, &lines);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(lines[0], "あい", "、 does not start a line");
	cr_expect_str_eq(lines[1], "う、え");
	cr_expect_str_eq(lines[2], "お");
	hy_lines_free(lines, n);
}

Test(utf8, breaks_long_urls_and_words)
{
	const char *url = "川崎市ホームページ(https://www.city.kawasaki.jp/170/page/0000152460.html)を参照";
	for (int w = 10; w <= 30; w += 5)
		expect_wrapped(url, w);
	char **lines;
	size_t n = hy_wrap("hello world again", 11, &lines);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(lines[0], "hello world");
	hy_lines_free(lines, n);
}

Test(utf8, one_control_predicate)
{
	uint32_t controls[] = {0x00, 0x09, 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0x2028, 0x2029,
			       0x202A, 0x202E, 0x2066, 0x2069, 0x200E, 0x200F, 0x061C};
	for (size_t i = 0; i < sizeof controls / sizeof *controls; i++)
		cr_expect(hy_cp_is_control(controls[i]), "U+%04X is a control", controls[i]);
	uint32_t plain[] = {' ', 'a', 0xA0, 0x3000, 0x8A55, 0x2460, 0xFFFD, 0x200B};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		cr_expect(!hy_cp_is_control(plain[i]), "U+%04X is not a control", plain[i]);
	/* drawn as U+FFFD, so measured as U+FFFD: DEL no longer measures 0 */
	cr_expect_eq(hy_cp_width(0x7F), hy_cp_width(0xFFFD));
	cr_expect_eq(hy_cp_width('\n'), 0);
}

Test(utf8, terminal_cleaning)
{
	const char *hostile = "a\x1b[2Jb\xc2\x9b" "31mc\xe2\x80\xa8" "d\xe2\x80\xae" "e\tf\ng";
	char *clean = hy_clean_for_terminal(hostile, strlen(hostile), true);
	cr_expect_str_eq(clean, "a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD" "31mc\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e f\ng");
	free(clean);
	clean = hy_clean_for_terminal("x\ny\xff", 4, false);
	cr_expect_str_eq(clean, "x\xEF\xBF\xBDy\xEF\xBF\xBD", "newline and an invalid byte replaced");
	free(clean);
	size_t at = 99;
	cr_expect_eq(hy_find_unsafe("選択\xe2\x80\x8b肢", 11, false, &at), 0x200B);
	cr_expect_eq(at, 6);
	cr_expect_eq(hy_find_unsafe("一行目\n二行目", 19, false, &at), 0, "newlines are allowed");
	char *name = hy_cp_describe(0x2028);
	cr_expect_str_eq(name, "U+2028 LINE SEPARATOR");
	free(name);
	name = hy_cp_describe(0xFEFF);
	cr_expect_str_eq(name, "U+FEFF BYTE ORDER MARK");
	free(name);
}

Test(utf8, ambiguous_width)
{
	const char *line = "①Ⅱ※○■─ 評価";
	cr_expect_eq(hy_str_width(line), 6 + 1 + 4);
	hy_set_ambiguous_width(2);
	cr_expect_eq(hy_str_width(line), 12 + 1 + 4, "ambiguous characters count two");
	cr_expect_eq(hy_str_width("abc評"), 5, "narrow and wide characters are unchanged");
	int used;
	cr_expect_eq(hy_fit_prefix("○○○", 3, &used), 3, "only one fits in three columns");
	cr_expect_eq(used, 2);
	hy_set_ambiguous_width(1);
	cr_expect_eq(hy_str_width(line), 11);
	int cols = 0;
	cr_expect(hy_parse_ambiguous_width("2", &cols));
	cr_expect_eq(cols, 2);
	cr_expect(!hy_parse_ambiguous_width("3", &cols));
	cr_expect(!hy_parse_ambiguous_width("", &cols));
}

Test(utf8, repair_replaces_invalid_bytes)
{
	char *r = hy_utf8_repair("a\xff評\xe8\xa9z");
	cr_expect_str_eq(r, "a\xEF\xBF\xBD評\xEF\xBF\xBD\xEF\xBF\xBDz", "each invalid byte");
	cr_expect(hy_utf8_valid(r, strlen(r), NULL));
	free(r);
}

/* The fast paths (inline widths, kinsoku tables, runs of safe text) answer
 * as the slow ones: the C library's wcwidth and the published 禁則 lists. */
Test(utf8, fast_paths_agree_with_the_library)
{
	uint32_t ranges[][2] = {{0x20, 0x7E}, {0x3000, 0x3029}, {0x3041, 0x3096},
				{0x309B, 0x30FF}, {0x4E00, 0x9FFF}, {0xFF01, 0xFF60}};
	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			int lib = wcwidth((wchar_t)cp);
			cr_assert_eq(hy_cp_width(cp), lib < 0 ? 2 : lib, "U+%04X", cp);
		}
	const char *no_start = "、。，．,.）)」』】〕〉》］]｝}・ー－ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
			       "々ゝゞヽヾ！？!?：；:;…‥〜～";
	size_t members = 0;
	for (size_t i = 0; no_start[i];) {
		uint32_t cp;
		i += hy_utf8_decode(no_start + i, strlen(no_start + i), &cp);
		cr_expect(hy_kinsoku_no_start(cp), "U+%04X may not start a line", cp);
		cr_expect(!hy_kinsoku_no_end(cp), "U+%04X may end a line", cp);
		members++;
	}
	cr_expect_eq(members, 60);
	const char *no_end = "（(「『【〔〈《［[｛{";
	for (size_t i = 0; no_end[i];) {
		uint32_t cp;
		i += hy_utf8_decode(no_end + i, strlen(no_end + i), &cp);
		cr_expect(hy_kinsoku_no_end(cp), "U+%04X may not end a line", cp);
	}
	/* the tables' shortcuts: nothing else in the whole range is caught */
	size_t starts = 0, ends = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		starts += hy_kinsoku_no_start(cp);
		ends += hy_kinsoku_no_end(cp);
	}
	cr_expect_eq(starts, 60);
	cr_expect_eq(ends, 12);
	uint32_t free_cps[] = {'a', '0', 0x3042, 0x30A2, 0x8A55, 0x3000, 0xFF10, 0x10FFFF};
	for (size_t i = 0; i < sizeof free_cps / sizeof *free_cps; i++)
		cr_expect(!hy_kinsoku_no_start(free_cps[i]) && !hy_kinsoku_no_end(free_cps[i]),
			  "U+%04X is free", free_cps[i]);
	/* a long safe run, then an unsafe character at its end */
	char *clean = hy_clean_for_terminal("評価書abc\xe2\x80\x8e", 15, true);
	cr_expect_str_eq(clean, "評価書abc\xEF\xBF\xBD");
	free(clean);
	size_t at = 0;
	cr_expect_eq(hy_find_unsafe("abc評価\x7f", 10, false, &at), 0x7F);
	cr_expect_eq(at, 9);
	cr_expect_eq(hy_find_unsafe("한국어\xef\xbb\xbf", 12, false, &at), 0xFEFF, "after Hangul");
	cr_expect_eq(at, 9);
	cr_expect_eq(hy_find_unsafe("─\xe2\x81\xa0", 6, false, &at), 0x2060, "after a box line");
	/* every character of the BMP after ASCII (and one beyond it): measured
	 * and checked as one at a time, after a letter */
	for (uint32_t cp = 0x80; cp <= 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char s[5] = {0};
		size_t len = hy_utf8_encode(cp, s);
		cr_assert_eq(hy_str_width(s), hy_cp_width(cp), "U+%04X", cp);
		bool unsafe = hy_cp_is_control(cp) || hy_cp_is_invisible(cp);
		char after[6] = "a";
		memcpy(after + 1, s, len);
		cr_assert_eq(hy_find_unsafe(after, len + 1, false, NULL), unsafe ? cp : 0, "U+%04X", cp);
		char *c = hy_clean_for_terminal(s, len, true);
		cr_assert_str_eq(c, hy_cp_is_control(cp) ? "\xEF\xBF\xBD" : s, "U+%04X", cp);
		free(c);
	}
}

/* The widths the wrapping hands out are what hy_str_width measures. */
Test(utf8, wrap_widths_are_the_lines_widths)
{
	const char *text = "個人番号を含む特定個人情報ファイル（「住民記録」）を、"
			   "https://example.jp/a/very/long/path?q=1&r=2 に置く。\tタブ\r\n"
			   "\n①②③ ○○ abc def ghi jkl mno pqr stu vwx yz 終わり。。。。   ";
	for (int width = 2; width < 40; width++) {
		char **lines;
		int *widths;
		size_t n = hy_wrap_text_w(text, width, &lines, &widths);
		char **plain;
		size_t pn = hy_wrap_text(text, width, &plain);
		cr_assert_eq(n, pn);
		for (size_t i = 0; i < n; i++) {
			cr_assert_str_eq(lines[i], plain[i]);
			cr_assert_eq(widths[i], hy_str_width(lines[i]), "width %d line %zu: %s", width, i,
				     lines[i]);
		}
		hy_lines_free(lines, n);
		hy_lines_free(plain, pn);
		free(widths);
	}
	hy_span *spans;
	cr_expect_eq(hy_wrap_spans(text, 20, &spans), 0, "a tab: the caller copies");
	cr_expect_null(spans);
	/* without tabs: the same lines, as places in the text */
	const char *plain_text = "個人番号を含む特定個人情報ファイル（「住民記録」）を、"
				 "https://example.jp/a/very/long/path?q=1&r=2 に置く。\n\n"
				 "①②③ ○○ abc def ghi  jkl mno pqr stu vwx yz 終わり。。。。   ";
	for (int width = 2; width < 40; width++) {
		char **lines;
		int *widths;
		size_t n = hy_wrap_text_w(plain_text, width, &lines, &widths);
		cr_assert_eq(hy_wrap_spans(plain_text, width, &spans), n, "width %d", width);
		for (size_t i = 0; i < n; i++) {
			cr_assert_eq(spans[i].len, strlen(lines[i]));
			cr_assert(memcmp(plain_text + spans[i].off, lines[i], spans[i].len) == 0,
				  "width %d line %zu", width, i);
			cr_assert_eq(spans[i].width, widths[i]);
		}
		free(spans);
		hy_lines_free(lines, n);
		free(widths);
	}
}

/* The whole-field scans (run per keystroke) skip ahead eight bytes or one
 * character at a time: they still stop at every place the slow path would. */
Test(utf8, field_scans_find_what_the_slow_path_finds)
{
	uint32_t unsafe[] = {0x01, 0x1B, 0x7F, 0x85, 0x9B, 0xAD, 0x061C, 0x200B, 0x200E, 0x2028,
			     0x202E, 0x2060, 0x2069, 0xFEFF};
	const char *fill[] = {"a", "評", "─"};
	for (size_t f = 0; f < 3; f++)
		for (size_t k = 0; k < sizeof unsafe / sizeof *unsafe; k++)
			for (size_t at = 0; at < 20; at++) {
				hy_buf b;
				hy_buf_init(&b);
				for (size_t i = 0; i < 24; i++) {
					if (i == at) {
						char e[4];
						hy_buf_add(&b, e, hy_utf8_encode(unsafe[k], e));
					} else {
						hy_buf_adds(&b, fill[f]);
					}
				}
				size_t where = 0;
				cr_assert_eq(hy_find_unsafe(b.data, b.len, false, &where), unsafe[k],
					     "U+%04X after %zu × %s", unsafe[k], at, fill[f]);
				cr_assert_eq(where, at * strlen(fill[f]));
				hy_buf_free(&b);
			}
	/* validity: every 3-byte pattern with a lead of 0xE0..0xEF, as the
	 * decoder judges it, at the end of an ASCII run and inside kanji */
	for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
		for (unsigned b1 = 0x70; b1 <= 0xC1; b1++)
			for (unsigned b2 = 0x70; b2 <= 0xC1; b2 += 3) {
				char t[16];
				memcpy(t, "abcdefg", 7);
				t[7] = (char)lead;
				t[8] = (char)b1;
				t[9] = (char)b2;
				memcpy(t + 10, "評", 3);
				size_t i = 0, expect_bad = SIZE_MAX;
				while (i < 13) {
					uint32_t cp;
					size_t len = hy_utf8_decode(t + i, 13 - i, &cp);
					if (cp == 0xFFFD && len == 1 && (unsigned char)t[i] >= 0x80) {
						expect_bad = i;
						break;
					}
					i += len;
				}
				size_t bad = SIZE_MAX;
				cr_assert_eq(hy_utf8_valid(t, 13, &bad), expect_bad == SIZE_MAX,
					     "%02X %02X %02X", lead, b1, b2);
				cr_assert_eq(bad, expect_bad, "%02X %02X %02X", lead, b1, b2);
			}
}

/* ---- the block scans against one character at a time ----
 * Cleaning and measuring look at sixteen bytes at a time where they can.
 * These references go a character at a time through the public rules, and
 * every answer must agree, wherever a character falls in the blocks. */

static size_t ref_clean_span(const char *s, size_t n, bool keep_newlines)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 0x20 && c < 0x7F) || (c == '\n' && keep_newlines)) {
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if ((cp == 0xFFFD && len == 1) || hy_cp_is_control(cp))
			break;
		i += len;
	}
	return i;
}

static size_t ref_fit(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		int cw = hy_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	*used = w;
	return i;
}

static void expect_fit(const char *s, size_t n, int cols, const char *what)
{
	int used = -1, ref_used = -2;
	size_t got = hy_fit_prefix_n(s, n, cols, &used);
	cr_assert_eq(got, ref_fit(s, n, cols, &ref_used), "fit %d columns of %s", cols, what);
	cr_assert_eq(used, ref_used, "width of the fit in %d columns of %s", cols, what);
}

static uint32_t ref_find_unsafe(const char *s, size_t n, bool allow_tab, size_t *offset)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		bool allowed = cp == '\n' || (allow_tab && cp == '\t');
		if (!allowed && (hy_cp_is_control(cp) || hy_cp_is_invisible(cp))) {
			*offset = i;
			return cp;
		}
		i += len;
	}
	return 0;
}

/* hy_plain_span: whole characters, each printable ASCII or a three-byte
 * character that is neither a control, invisible nor a noncharacter. */
static void expect_plain_span(const char *s, size_t n, const char *what)
{
	size_t span = hy_plain_span(s, n), i = 0;
	cr_assert_leq(span, n, "%s", what);
	while (i < span) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		bool plain = len == 1 ? cp >= 0x20 && cp < 0x7F
				      : len == 3 && !hy_cp_is_control(cp) && !hy_cp_is_invisible(cp) &&
						cp != 0xFFFE && cp != 0xFFFF;
		cr_assert(plain, "U+%04X at %zu in the plain span of %s", (unsigned)cp, i, what);
		i += len;
	}
	cr_assert_eq(i, span, "the plain span of %s ends inside a character", what);
}

/* Every answer for s[0..n): clean spans (both ways), the unsafe character
 * and the plain span, all of it measured, and fits in `from` to `to`
 * columns. */
static void expect_as_reference(const char *s, size_t n, int from, int to, const char *what)
{
	for (int tab = 0; tab < 2; tab++) {
		size_t at = SIZE_MAX, ref_at = SIZE_MAX;
		cr_assert_eq(hy_find_unsafe(s, n, tab, &at), ref_find_unsafe(s, n, tab, &ref_at),
			     "unsafe character (tab allowed %d) of %s", tab, what);
		cr_assert_eq(at, ref_at, "where the unsafe character of %s is", what);
	}
	expect_plain_span(s, n, what);
	for (int keep = 0; keep < 2; keep++)
		cr_assert_eq(hy_clean_span(s, n, keep), ref_clean_span(s, n, keep),
			     "clean span (newlines %d) of %s, %zu bytes", keep, what, n);
	expect_fit(s, n, 1000, what);
	for (int cols = from; cols <= to; cols++)
		expect_fit(s, n, cols, what);
}

Test(utf8, block_scans_agree_with_one_character_at_a_time)
{
	/* every character of the BMP after ASCII, and broken sequences, at
	 * each place around the end of the first block, in Japanese text */
	for (uint32_t cp = 0x80; cp <= 0xFFFF; cp++) {
		char piece[4];
		size_t len;
		if (cp >= 0xD800 && cp <= 0xDFFF) { /* a surrogate, encoded anyway */
			piece[0] = (char)0xED;
			piece[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			piece[2] = (char)(0x80 | (cp & 0x3F));
			len = 3;
		} else {
			len = hy_utf8_encode(cp, piece);
		}
		bool special = cp < 0x800 || (cp >= 0x2000 && cp < 0x2100) ||
			       (cp >= 0x3000 && cp < 0x3100) || (cp >= 0x4D00 && cp < 0x4E10) ||
			       (cp >= 0xFE00) || (cp >= 0x9FF0 && cp < 0xA010) || cp % 97 == 0;
		for (size_t at = special ? 0 : 14; at <= (special ? 18 : 16); at++) {
			char s[64];
			memset(s, 'a', at);
			memcpy(s + at, piece, len);
			/* a kana, a kanji, a box line and ASCII after it */
			static const char tail[] = "あ漢─x評価書abc。";
			memcpy(s + at + len, tail, sizeof tail - 1);
			size_t n = at + len + sizeof tail - 1;
			char what[32];
			snprintf(what, sizeof what, "U+%04X at %zu", (unsigned)cp, at);
			/* the columns around the character; and a text cut in its tail */
			expect_as_reference(s, n, (int)at - 1, (int)at + 4, what);
			expect_as_reference(s, n - 2, (int)at + 20, (int)at + 24, what);
		}
	}
}

Test(utf8, block_scans_agree_on_random_text)
{
	static const char *const pieces[] = {
		"a", " ", "~", "\n", "\t", "\r", "\x1b", "\x7f", "\x01", "あ", "漢", "─", "│",
		"…", "―", "\xe2\x80\x8e", "\xe2\x80\xae", "\xe2\x80\xa8", "\xe2\x81\xa6",
		"\xe2\x81\xa0", "\xe2\x80\x8b", "\xc2\x85", "\xc2\x9b", "\xc2\xa0", "\xc3\x97", "①",
		"（", "）", "ｱ", "\xef\xbb\xbf", "\xef\xbf\xbe", "\xed\xa0\x80", "\xed\x9f\xbf",
		"\xe0\x80\x80", "\xe0\xa0\x80", "\x80", "\xbf", "\xe3\x81", "\xe3", "😀", "\xf0\x9f",
		"\xff", "\xc0\xaf", "ㇰ", "\xe3\x80\xaa", "\xe3\x80\xa9", "ゟ", "\xe3\x82\x99",
		"\xe3\x82\x9a", "゛", "ゖ", "\xe3\x82\x97", "\xe3\x81\x80", "ぁ", "㐀", "丂", "䷀",
		"\xe4\xb7\xbf", "\xe4\xb8\x80", "鿿", "\xea\xb0\x80", "\xef\xbc\x80", "！", "｠",
		"｡", "\xee\x80\x80", "\xe1\x80\x80", "\xd8\x9c", "\xd8\xa0",
	};
	size_t n_pieces = sizeof pieces / sizeof *pieces;
	uint32_t seed = 12345;
	for (int round = 0; round < 4000; round++) {
		char s[160];
		size_t n = 0;
		/* mostly plain text, so that the blocks get far */
		while (n < 100) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			const char *p = r % 4 == 0 ? pieces[(r >> 2) % n_pieces] : (r & 8) ? "評" : "z";
			memcpy(s + n, p, strlen(p));
			n += strlen(p);
		}
		int from = (int)(seed >> 8) % 120;
		expect_as_reference(s, n, from, from + 12, "random text");
		hy_set_ambiguous_width(2);
		expect_as_reference(s, n, from, from + 12, "random text, ambiguous two columns");
		hy_set_ambiguous_width(1);
	}
}

/* Empty paragraphs are places in the text too (a label or a cell can be
 * empty): their spans never point elsewhere. */
Test(utf8, empty_paragraphs_are_spans_of_the_text)
{
	hy_span *spans;
	cr_assert_eq(hy_wrap_spans("", 10, &spans), 1);
	cr_expect_eq(spans[0].off, 0);
	cr_expect_eq(spans[0].len, 0);
	free(spans);
	const char *text = "ab\n\ncd\n";
	cr_assert_eq(hy_wrap_spans(text, 10, &spans), 4);
	size_t offs[] = {0, 3, 4, 7};
	for (size_t i = 0; i < 4; i++)
		cr_expect_eq(spans[i].off, offs[i], "paragraph %zu at %zu", i, spans[i].off);
	free(spans);
}
