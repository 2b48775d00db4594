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

/* ---- the meaning of the options comes from the form ---- */

#define T_FORM_HEAD "id: t\ntitle: T\nthreshold:\n  kind: basic\n  population: p.pop\n" \
	"  handlers: p.h\n  incident: p.inc\n  result: p.res\n"
#define T_FORM_LISTS(band2) "lists:\n  pop:\n    options: [\"1,000人未満\", " band2 ", " \
	"1万人以上10万人未満, 10万人以上30万人未満, 30万人以上]\n" \
	"  h:\n    options: [500人以上, 500人未満]\n  inc:\n    options: [発生あり, 発生なし]\n" \
	"  res:\n    options: [基礎項目評価及び全項目評価の実施が義務付けられる, " \
	"基礎項目評価及び重点項目評価の実施が義務付けられる, 基礎項目評価の実施が義務付けられる, " \
	"特定個人情報保護評価の実施が義務付けられない]\n"
#define T_FORM_PARTS "parts:\n  - id: p\n    children:\n" \
	"      - {id: pop, type: choice, list: pop}\n      - {id: h, type: choice, list: h}\n" \
	"      - {id: inc, type: choice, list: inc}\n      - {id: res, type: choice, list: res}\n"
#define T_MEANINGS "  bands: [0, 1000, 10000, 100000, 300000]\n  many_handlers: 500人以上\n" \
	"  incident_yes: 発生あり\n  results: [full, focused, basic, none]\n"

/* Renaming 1,000人以上1万人未満 once switched the check off without a word. */
Test(threshold, a_band_the_code_cannot_read_is_refused_where_it_is_defined)
{
	hy_diags d;
	hy_form *f = form_from(T_FORM_HEAD "  many_handlers: 500人以上\n  incident_yes: 発生あり\n"
			       T_FORM_LISTS("\"1千人以上1万人未満\"") T_FORM_PARTS, &d);
	cr_expect_null(f);
	cr_expect(diags_mention(&d, "cannot read the 対象人数 option '1千人以上1万人未満'"));
	cr_expect(d.n && d.items[0].line == 13 && d.items[0].col == 5, "at the list (%d:%d)",
		  d.n ? d.items[0].line : 0, d.n ? d.items[0].col : 0);
	hy_form_free(f);
	hy_diags_free(&d);

	f = form_from(T_FORM_HEAD "  bands: [0, 1000, 10000]\n  many_handlers: 500人以上\n"
		      "  incident_yes: 発生あり\n" T_FORM_LISTS("\"1,000人以上1万人未満\"") T_FORM_PARTS,
		      &d);
	cr_expect_null(f);
	cr_expect(diags_mention(&d, "one entry per option of the list 'pop' (5)"));
	cr_expect(d.n && d.items[0].line == 9, "at bands (line %d)", d.n ? d.items[0].line : 0);
	hy_form_free(f);
	hy_diags_free(&d);

	f = form_from(T_FORM_HEAD "  many_handlers: 500人超\n  incident_yes: 発生あり\n"
		      T_FORM_LISTS("\"1,000人以上1万人未満\"") T_FORM_PARTS, &d);
	cr_expect_null(f);
	cr_expect(diags_mention(&d, "'500人超' is not an option of the list 'h'"));
	hy_form_free(f);
	hy_diags_free(&d);
}

Test(threshold, a_renamed_band_keeps_its_meaning_when_the_form_gives_it)
{
	hy_diags d;
	hy_forms set = {0};
	hy_form *f = form_from(T_FORM_HEAD T_MEANINGS T_FORM_LISTS("\"1千人以上1万人未満\"")
				       T_FORM_PARTS, &d);
	cr_assert_not_null(f, "%s", d.n ? d.items[0].message : "");
	hy_diags_free(&d);
	set.forms = &f;
	set.n = 1;
	const char *doc_text = "form: t\np:\n  pop: 1千人以上1万人未満\n  h: 500人以上\n"
			       "  inc: 発生あり\n  res: 基礎項目評価及び全項目評価の実施が義務付けられる\n";
	hy_doc *doc = doc_from(&set, doc_text, &d);
	cr_assert_not_null(doc);
	hy_diags all;
	all_issues(doc, &all);
	cr_expect(diags_mention(&all, "the answers give '基礎項目評価の実施が義務付けられる'"),
		  "1,000人以上1万人未満 requires a 基礎項目評価 whatever the other answers");
	hy_diags_free(&all);
	hy_diags_free(&d);
	hy_doc_free(doc);
	hy_form_free(f);
}

/* The shipped basic form: 10万人以上30万人未満 with 500人以上 取扱者 needs a 全項目評価. */
Test(threshold, the_shipped_basic_form_checks_its_result)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	const hy_form *basic = hy_forms_get(&forms, "basic");
	cr_assert_not_null(basic);
	cr_expect_eq(basic->threshold.bands[1], HY_BAND_1000);
	cr_expect_eq(basic->threshold.results[0], HY_REQ_BASIC_FULL);
	hy_diags d;
	hy_doc *doc = doc_from(&forms,
			       "form: basic\nthreshold_items:\n  population:\n"
			       "    target_population: 10万人以上30万人未満\n"
			       "  handlers:\n    handlers_ge_500: 500人以上\n"
			       "  incident:\n    serious_incident_1y: 発生なし\n"
			       "threshold_result:\n  result: 基礎項目評価の実施が義務付けられる\n",
			       &d);
	cr_assert_not_null(doc);
	hy_diags all;
	all_issues(doc, &all);
	cr_expect(diags_mention(&all, "the answers give '基礎項目評価及び全項目評価の実施が義務付けられる'"));
	hy_diags_free(&all);
	hy_diags_free(&d);
	hy_doc_free(doc);
	hy_forms_free(&forms);
}
