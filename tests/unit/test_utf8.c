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
