/* しきい値判断: every row of the table and every boundary. */
#include "helpers.h"
#include "hyoka/threshold.h"

Test(threshold, bands_at_the_boundaries)
{
	cr_expect_eq(hy_band_of_count(999), HY_BAND_UNDER_1000);
	cr_expect_eq(hy_band_of_count(1000), HY_BAND_1000);
	cr_expect_eq(hy_band_of_count(9999), HY_BAND_1000);
	cr_expect_eq(hy_band_of_count(10000), HY_BAND_10000);
	cr_expect_eq(hy_band_of_count(99999), HY_BAND_10000);
	cr_expect_eq(hy_band_of_count(100000), HY_BAND_100000);
	cr_expect_eq(hy_band_of_count(299999), HY_BAND_100000);
	cr_expect_eq(hy_band_of_count(300000), HY_BAND_300000);
}

Test(threshold, decision_table)
{
	struct {
		long n;
		long handlers;
		bool incident, exempt;
		hy_requirement want;
	} rows[] = {
		{500000, 10, false, true, HY_REQ_NONE},          /* 0: exempt */
		{999, 900, true, false, HY_REQ_NONE},            /* 1 */
		{1000, 900, true, false, HY_REQ_BASIC},          /* 2 */
		{9999, 499, false, false, HY_REQ_BASIC},
		{10000, 499, false, false, HY_REQ_BASIC},        /* 3 */
		{10000, 500, false, false, HY_REQ_BASIC_FOCUSED},/* 4 */
		{99999, 499, true, false, HY_REQ_BASIC_FOCUSED}, /* 5 */
		{100000, 499, false, false, HY_REQ_BASIC_FOCUSED}, /* 6 */
		{299999, 500, false, false, HY_REQ_BASIC_FULL},  /* 7 */
		{100000, 499, true, false, HY_REQ_BASIC_FULL},   /* 8 */
		{300000, 0, false, false, HY_REQ_BASIC_FULL},    /* 9 */
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		cr_expect_eq(hy_threshold_required(hy_band_of_count(rows[i].n), rows[i].handlers >= 500,
						   rows[i].incident, rows[i].exempt),
			     rows[i].want, "row %zu (%ld people)", i, rows[i].n);
}

Test(threshold, printed_bands_and_results_parse)
{
	cr_expect_eq(hy_band_parse("10万人以上30万人未満"), HY_BAND_100000);
	cr_expect_eq(hy_band_parse("1,000人未満（任意実施）"), HY_BAND_UNDER_1000);
	cr_expect_eq(hy_band_parse("1,000人以上1万人未満"), HY_BAND_1000);
	cr_expect_eq(hy_band_parse("1万人"), HY_BAND_UNKNOWN);
	hy_requirement r;
	cr_expect(hy_requirement_parse("基礎項目評価及び重点項目評価の実施が義務付けられる（任意に全項目評価を実施）", &r));
	cr_expect_eq(r, HY_REQ_BASIC_FOCUSED);
	cr_expect(hy_requirement_parse("特定個人情報保護評価の実施が義務付けられない", &r));
	cr_expect_eq(r, HY_REQ_NONE);
	cr_expect(!hy_requirement_parse("なにか", &r));
}

Test(threshold, possible_results_per_band)
{
	cr_expect(hy_requirement_possible(HY_BAND_10000, HY_REQ_BASIC));
	cr_expect(hy_requirement_possible(HY_BAND_10000, HY_REQ_BASIC_FOCUSED));
	cr_expect(!hy_requirement_possible(HY_BAND_10000, HY_REQ_BASIC_FULL));
	cr_expect(!hy_requirement_possible(HY_BAND_300000, HY_REQ_BASIC_FOCUSED));
	cr_expect(hy_requirement_possible(HY_BAND_300000, HY_REQ_BASIC_FULL));
}
