/* Dates and eras as published assessments write them (date.c). */
#include "helpers.h"

#include "hyoka/date.h"

static bool accepted(const char *s, bool partial, bool notes)
{
	char *bad = hy_date_parse(s, partial, notes, NULL);
	free(bad);
	return bad == NULL;
}

Test(date, written_as_published)
{
	struct {
		const char *s;
		bool partial, notes, ok;
	} cases[] = {
		{"令和5年12月28日", false, false, true},
		{"令和５年１２月２８日", false, false, true},
		{"令和 ２年 ６月２６日", false, false, true},
		{"令和 4 年 8 月 1 9 日", false, false, true}, /* 世田谷 諮問, as the PDF spaces it */
		{"2020.04.01", false, false, true},         /* dotted */
		{"2021/03/26", false, false, true},         /* slashed */
		{"２０２１／０３／２６", false, false, true},
		{"※2021/03/26", false, false, true},       /* a mark before the date */
		{"令和6年5月1日（予定）", false, false, true},
		{"令和２年６月２６日（書面会議）", false, false, true},
		{"令和２年６月２６日（書面会議）…答申確定日", false, false, false},
		{"令和２年６月２６日（書面会議）…答申確定日", false, true, true},
		{"令和２年６月２６日（書面会議", false, false, false},
		{"平成27年10月", true, false, true},       /* year and month */
		{"2021/03", true, false, true},
		{"****.12.01", false, false, true},         /* masked */
		{"****年**月**日", false, false, true},
		{"****/****/****", false, false, true},
		{"****.13.01", false, false, false},
		{"0000-01-01", false, false, false},
		{"2023-02-30", false, false, false},
		{"令和5年2月29日", false, false, false},
		{"きのう", false, false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		cr_expect_eq(accepted(cases[i].s, cases[i].partial, cases[i].notes), cases[i].ok,
			     "%s", cases[i].s);
}

Test(date, days_two_eras_share_are_valid_in_both)
{
	cr_expect(accepted("大正15年12月25日", false, false));
	cr_expect(accepted("昭和元年12月25日", false, false));
	cr_expect(accepted("明治45年7月30日", false, false));
	cr_expect(accepted("大正元年7月30日", false, false));
	cr_expect(!accepted("大正15年12月26日", false, false));
	cr_expect(!accepted("昭和元年12月24日", false, false));
	cr_expect(!accepted("明治45年7月31日", false, false));
	cr_expect(!accepted("大正元年7月29日", false, false));
	cr_expect(accepted("昭和64年1月7日", false, false));
	cr_expect(!accepted("昭和64年1月8日", false, false));
	cr_expect(accepted("平成31年4月30日", false, false));
	cr_expect(!accepted("平成31年5月1日", false, false));
	cr_expect(accepted("令和元年5月1日", false, false));
	cr_expect(!accepted("令和元年4月30日", false, false));
	cr_expect(accepted("平成31年4月", true, false));  /* a month that straddles two eras */
	cr_expect(accepted("令和元年5月", true, false));
	cr_expect(!accepted("令和元年4月", true, false));
}

Test(date, what_was_read)
{
	hy_date d;
	char *bad = hy_date_parse("令和２年６月２６日（書面会議）", false, false, &d);
	cr_assert_null(bad, "%s", bad);
	cr_expect_eq(d.year, 2020);
	cr_expect_eq(d.month, 6);
	cr_expect_eq(d.day, 26);
	cr_expect_str_eq("令和２年６月２６日（書面会議）" + d.consumed, "（書面会議）");
	bad = hy_date_parse("****.12.01", false, false, &d);
	cr_assert_null(bad);
	cr_expect(d.masked);
	cr_expect_eq(d.year, 0);
	cr_expect_eq(d.month, 12);
	bad = hy_date_parse("※2021/03/26", false, false, &d);
	cr_assert_null(bad);
	cr_expect_eq(d.year, 2021);
	cr_expect_eq(d.day, 26);
	bad = hy_date_parse("0000-01-01", false, false, NULL);
	cr_assert_not_null(bad);
	cr_expect(strstr(bad, "year 0"), "%s", bad);
	free(bad);
}

Test(date, the_blank_of_the_form_is_no_date)
{
	cr_expect(hy_date_is_blank("令和　年　月　日"));
	cr_expect(hy_date_is_blank("令和 年 月 日"));
	cr_expect(hy_date_is_blank("　"));
	cr_expect(hy_date_is_blank(""));
	cr_expect(!hy_date_is_blank("令和5年　月　日"));
	cr_expect(!hy_date_is_blank("令和5年12月28日"));
}

Test(date, wareki_of_a_day)
{
	struct {
		int y, m, d;
		const char *want;
	} cases[] = {
		{2025, 4, 1, "令和7年4月1日"},   {2019, 5, 1, "令和元年5月1日"},
		{2019, 4, 30, "平成31年4月30日"}, {1989, 1, 7, "昭和64年1月7日"},
		{1926, 12, 25, "昭和元年12月25日"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = hy_date_wareki(cases[i].y, cases[i].m, cases[i].d);
		cr_expect_str_eq(s, cases[i].want);
		free(s);
	}
	cr_expect_null(hy_date_wareki(1800, 1, 1));
}

Test(date, characters_of_a_date)
{
	cr_expect(hy_date_char('5'));
	cr_expect(hy_date_char(0x4EE4)); /* 令 */
	cr_expect(hy_date_char(0x5E74)); /* 年 */
	cr_expect(hy_date_char('/'));
	cr_expect(!hy_date_char('x'));
	cr_expect(!hy_date_char(0x3042)); /* あ */
}

/* A 変更箇所 table of several hundred rows with the same problem. */
Test(date, a_long_change_table_does_not_drown_the_diagnostics)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "form: full\nchanges:\n  rows:\n");
	for (int i = 0; i < 386; i++)
		hy_buf_adds(&b, "  - date: きのう\n    item: Ⅰ\n");
	hy_diags d;
	hy_doc *doc = doc_from(&forms, b.data, &d);
	cr_assert_not_null(doc);
	hy_diags all;
	all_issues(doc, &all);
	size_t dates = 0;
	bool summary = false;
	for (size_t i = 0; i < all.n; i++)
		if (strstr(all.items[i].message, "not a date")) {
			dates++;
			summary |= strstr(all.items[i].message, "383 more rows") != NULL;
		}
	cr_expect_eq(dates, 4);
	cr_expect(summary);
	hy_diags_free(&all);
	hy_diags_free(&d);
	hy_doc_free(doc);
	free(b.data);
	hy_forms_free(&forms);
}
