/* Validation rules, one by one, and incremental re-validation. */
#include "helpers.h"

static hy_forms forms;

static void setup(void)
{
	load_fixture_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(validate, .init = setup, .fini = teardown);

static hy_doc *load(const char *text)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, text, &d);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "");
	hy_diags_free(&d);
	return doc;
}

static bool has_issue(const hy_doc *doc, hy_severity sev, const char *needle, const char *path)
{
	hy_diags all;
	all_issues(doc, &all);
	bool found = false;
	for (size_t i = 0; i < all.n && !found; i++)
		found = all.items[i].severity == sev && strstr(all.items[i].message, needle) &&
			(!path || (all.items[i].path && strstr(all.items[i].path, path)));
	hy_diags_free(&all);
	return found;
}

#define BASE "form: mini\ncover:\n  name: 評価書\n"

Test(validate, required_fields)
{
	hy_doc *doc = load("form: mini\n");
	cr_expect(has_issue(doc, HY_ERROR, "required", "評価書名"));
	hy_doc_free(doc);
	doc = load(BASE);
	cr_expect(!has_issue(doc, HY_ERROR, "required", "評価書名"));
	hy_doc_free(doc);
}

Test(validate, options_must_be_official)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: たぶん\n");
	cr_expect(has_issue(doc, HY_ERROR, "'たぶん' is not one of the official options: 1) する, 2) しない",
			    "① 委託の有無"));
	hy_doc_free(doc);
}

Test(validate, int_ranges)
{
	hy_doc *doc = load(BASE "main:\n  count: 100\n");
	cr_expect(has_issue(doc, HY_ERROR, "above the maximum 99", NULL));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  count: 十\n");
	cr_expect(has_issue(doc, HY_ERROR, "not a whole number", NULL));
	hy_doc_free(doc);
}

Test(validate, max_length_counts_characters_not_bytes)
{
	for (int n = 40; n <= 41; n++) {
		hy_buf b;
		hy_buf_init(&b);
		hy_buf_adds(&b, "form: mini\ncover:\n  name: ");
		for (int i = 0; i < n; i++)
			hy_buf_adds(&b, "評");
		hy_buf_adds(&b, "\n");
		hy_doc *doc = load(b.data);
		cr_expect_eq(has_issue(doc, HY_ERROR, "too long: 41 characters, at most 40", NULL), n == 41,
			     "%d characters", n);
		hy_doc_free(doc);
		hy_buf_free(&b);
	}
}

Test(validate, dates)
{
	struct {
		const char *s;
		bool partial, notes, ok;
	} cases[] = {
		{"令和5年12月28日", false, false, true},
		{"令和５年１２月２８日", false, false, true},
		{"令和元年5月1日", false, false, true},
		{"平成31年4月30日", false, false, true},
		{"平成31年5月1日", false, false, false},  /* that is 令和元年 */
		{"令和元年4月30日", false, false, false}, /* before 令和 */
		{"昭和64年1月7日", false, false, true},
		{"昭和64年1月8日", false, false, false},
		{"平成元年1月8日", false, false, true},
		{"令和6年2月29日", false, false, true},
		{"令和5年2月29日", false, false, false},
		{"令和5年13月1日", false, false, false},
		{"2023-12-28", false, false, true},
		{"2023-02-30", false, false, false},
		{"2023-12", false, false, false},
		{"2023-12", true, false, true},
		{"平成27年10月", true, false, true},
		{"平成27年10月", false, false, false},
		{"平成28年5月【国保総合システムは平成29年8月】", true, true, true},
		{"令和2年6月26日（書面会議）", false, false, true}, /* a parenthesised note */
		{"令和2年6月26日 書面会議", false, false, false},
		{"令和2年6月26日（書面会議）", false, true, true},
		{"令和 年 月 日", true, true, false},
		{"きのう", false, false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *bad = hy_date_parse(cases[i].s, cases[i].partial, cases[i].notes, NULL);
		cr_expect_eq(bad == NULL, cases[i].ok, "%s: %s", cases[i].s, bad ? bad : "accepted");
		free(bad);
	}
	hy_date d;
	char *bad = hy_date_parse("令和5年12月28日", false, false, &d);
	cr_expect_null(bad);
	cr_expect_eq(d.year, 2023);
	cr_expect_eq(d.month, 12);
	cr_expect_eq(d.day, 28);
}

Test(validate, conditional_fields_must_be_empty_when_they_do_not_apply)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: しない\n    items:\n    - title: x\n");
	cr_expect(has_issue(doc, HY_ERROR, "applies only when ①委託の有無 is する", "委託事項"));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  outsourcing:\n    status: する\n    items:\n    - title: x\n      sub: しない\n      how: 書面\n");
	cr_expect(has_issue(doc, HY_ERROR, "applies only when ⑦再委託の有無 is する", "⑧"));
	hy_doc_free(doc);
}

Test(validate, require_if)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: する\n    items:\n    - title: x\n      sub: する\n");
	cr_expect(has_issue(doc, HY_ERROR, "required because ⑦再委託の有無 is する", "⑨ 再委託事項"));
	hy_doc_free(doc);
}

Test(validate, checklist_rules)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    kinds:\n    - 紙\n    - 行っていない\n    - その他\n    - ほか\n");
	cr_expect(has_issue(doc, HY_ERROR, "'行っていない' cannot be checked together", NULL));
	cr_expect(has_issue(doc, HY_ERROR, "'その他' is checked; write its text", NULL));
	cr_expect(has_issue(doc, HY_ERROR, "'ほか' is not one of the official options", NULL));
	hy_doc_free(doc);
}

Test(validate, counts_against_blocks_warn)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: する\n    kinds:\n    - 提供を行っている: 1\n    items:\n    - {title: a, sub: しない}\n    - {title: b, sub: しない}\n");
	cr_expect(has_issue(doc, HY_WARNING, "says 1 but 2 委託事項 blocks", NULL));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  outsourcing:\n    status: する\n    kinds:\n    - 提供を行っている: 26\n    items:\n    - {title: a, sub: しない}\n");
	cr_expect(!has_issue(doc, HY_WARNING, "blocks", NULL), "one block may cover 26 (a 別紙)");
	hy_doc_free(doc);
	doc = load(BASE "main:\n  outsourcing:\n    kinds:\n    - 提供を行っている\n");
	cr_expect(has_issue(doc, HY_ERROR, "needs its count", NULL));
	hy_doc_free(doc);
}

Test(validate, threshold_result_must_follow_from_population)
{
	hy_doc *doc = load(BASE "main:\n  population: 30万人以上\n  result: 基礎項目評価及び重点項目評価の実施が義務付けられる\n");
	cr_expect(has_issue(doc, HY_ERROR, "cannot follow from 対象人数", "しきい値判断結果"));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  population: 1万人以上10万人未満\n  result: 基礎項目評価及び重点項目評価の実施が義務付けられる\n");
	cr_expect(!has_issue(doc, HY_ERROR, "cannot follow", NULL));
	hy_doc_free(doc);
}

Test(validate, incremental_revalidation_reaches_dependents)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: する\n    items:\n    - title: x\n      sub: しない\n      how: 書面\n");
	const hy_form *f = doc->form;
	hy_value *items = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.outsourcing.items"));
	hy_value *sub = items->inst[0]->kids[1];
	hy_value *how = items->inst[0]->kids[2];
	cr_expect_eq(how->n_issues, 1, "⑧ filled while ⑦ is しない");
	hy_set_choice(doc, sub, 0, NULL); /* する */
	cr_expect_eq(how->n_issues, 0, "⑧ is fine once ⑦ is する");
	hy_value *what = items->inst[0]->kids[3];
	cr_expect_eq(what->n_issues, 1, "⑨ is now required");
	/* the outer condition: 委託しない makes the whole block wrong */
	hy_value *status = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.outsourcing.status"));
	hy_set_choice(doc, status, 1, NULL);
	cr_expect_eq(items->n_issues, 1, "the block no longer applies");
	hy_status st = hy_value_status(doc, doc->root);
	cr_expect_gt(st.errors, 0);
	hy_doc_free(doc);
}

Test(validate, status_counts_required_and_filled)
{
	hy_doc *doc = load(BASE);
	hy_status st = hy_value_status(doc, doc->root->kids[0]);
	cr_expect_eq(st.required, 1);
	cr_expect_eq(st.required_filled, 1);
	cr_expect_eq(st.errors, 0);
	hy_doc_free(doc);
}

Test(validate, paths_use_the_printed_numbering)
{
	hy_doc *doc = load(BASE "main:\n  outsourcing:\n    status: x\n");
	hy_value *status = hy_value_resolve(doc, doc->root,
					    hy_form_find(doc->form, "main.outsourcing.status"));
	char *p = hy_value_path(status);
	cr_expect_str_eq(p, "Ⅰ．１．① 委託の有無");
	free(p);
	hy_doc_free(doc);
}

Test(validate, conditions_on_a_section_follow_edits_inside_it)
{
	hy_doc *doc = load(BASE "main:\n  after: x\n");
	hy_value *after = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "main.after"));
	cr_expect_eq(after->n_issues, 1, "filled while its section is empty");
	hy_value *status = hy_value_resolve(doc, doc->root,
					    hy_form_find(doc->form, "main.outsourcing.status"));
	hy_set_choice(doc, status, 1, NULL);
	cr_expect_eq(after->n_issues, 0, "re-validated by the edit inside the section");
	hy_doc_free(doc);
}

Test(validate, white_space_alone_is_empty)
{
	hy_doc *doc = load("form: mini\ncover:\n  name: \"\u3000\"\n");
	cr_expect(has_issue(doc, HY_ERROR, "required", "評価書名"));
	hy_doc_free(doc);
	doc = load("form: mini\ncover:\n  name: \"  \"\n");
	cr_expect(has_issue(doc, HY_ERROR, "required", "評価書名"));
	hy_doc_free(doc);
}

Test(validate, the_blank_date_of_the_form_is_empty)
{
	hy_doc *doc = load(BASE "main:\n  date: 令和　年　月　日\n");
	cr_expect(!has_issue(doc, HY_ERROR, "not a date", NULL));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  date: '****.12.01'\n  month: 令和２年６月２６日（書面会議）\n");
	cr_expect(!has_issue(doc, HY_ERROR, "not a date", NULL));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  date: 0000-01-01\n");
	cr_expect(has_issue(doc, HY_ERROR, "not a date", NULL));
	hy_doc_free(doc);
}

/* ---- rules checked against the shipped forms, with published wording ---- */

static hy_forms shipped;

static void shipped_setup(void)
{
	load_shipped_forms(&shipped);
}

static void shipped_teardown(void)
{
	hy_forms_free(&shipped);
}

TestSuite(published, .init = shipped_setup, .fini = shipped_teardown);

static hy_doc *load_shipped(const char *text)
{
	hy_diags d;
	hy_doc *doc = doc_from(&shipped, text, &d);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "");
	hy_diags_free(&d);
	return doc;
}

/* 003 システム4: "その他 (他のシステムとの接続なし)"; others connect to nothing and tick nothing. */
Test(published, a_system_that_connects_to_nothing_is_a_warning_at_most)
{
	hy_doc *doc = load_shipped("form: full\nbasic_info:\n  used_systems:\n    systems:\n"
				   "    - name: サービス検索・電子申請機能\n      functions: 申請の受付\n");
	cr_expect(!has_issue(doc, HY_ERROR, "", "他のシステムとの接続"));
	cr_expect(has_issue(doc, HY_WARNING, "nothing is checked", "他のシステムとの接続"));
	hy_doc_free(doc);
}

Test(published, line_breaks_where_published_documents_have_them)
{
	hy_doc *doc = load_shipped(
		"form: full\nbasic_info:\n  used_systems:\n    systems:\n"
		"    - name: |\n        国民健康保険システム\n        ＊住民記録システムと一体で運用\n"
		"file_overview:\n  files:\n  - outsourcing:\n      status:\n        委託する: 1\n"
		"      items:\n      - title: 電算処理\n        contractor: |\n"
		"          株式会社○○\n          (株式会社△△に再委託する)\n"
		"    provision:\n      status:\n      - 移転を行っている: 1\n      transfers:\n      - recipient: 市民課\n        legal_basis: |\n"
		"          番号法第9条第2項\n          相模原市個人番号の利用に関する条例\n"
		"        purpose: |\n          住民票関係事務\n          税務事務\n");
	cr_expect(!has_issue(doc, HY_WARNING, "line breaks", NULL));
	cr_expect(!has_issue(doc, HY_ERROR, "applies only", NULL));
	hy_doc_free(doc);
}

/* 000's 変更箇所: 事前 rows carry no 提出時期に係る説明; on 事後 rows it is asked
 * for, as a warning: 世田谷区 諮問第993号 別紙2 publishes 事後 rows without it. */
Test(published, timing_reason_is_asked_for_on_jigo_rows_only)
{
	hy_doc *doc = load_shipped("form: full\nchanges:\n  rows:\n"
				   "  - date: 令和5年12月28日\n    item: Ⅰ 基本情報\n    timing: 事前\n"
				   "  - date: 令和5年12月28日\n    item: Ⅱ\n    timing: 事後\n");
	cr_expect(!has_issue(doc, HY_WARNING, "", "変更箇所 1 提出時期に係る説明"));
	cr_expect(!has_issue(doc, HY_ERROR, "", "変更箇所 1 提出時期に係る説明"));
	cr_expect(has_issue(doc, HY_WARNING, "should be described because 提出時期 is 事後",
			    "変更箇所 2 提出時期に係る説明"));
	cr_expect(!has_issue(doc, HY_ERROR, "", "変更箇所 2 提出時期に係る説明"));
	hy_doc_free(doc);
}

Test(validate, numbers_as_written)
{
	long n = -1;
	char *bad = hy_number_parse("１２３", &n);
	cr_expect_null(bad, "%s", bad);
	cr_expect_eq(n, 123);
	cr_expect_null(hy_number_parse(" 12", &n));
	cr_expect_eq(n, 12);
	cr_expect_null(hy_number_parse("12 ", &n));
	cr_expect_eq(n, 12);
	cr_expect_null(hy_number_parse("\u3000１２\u3000", &n));
	cr_expect_eq(n, 12);
	cr_expect_null(hy_number_parse("0", &n));
	bad = hy_number_parse("010", &n);
	cr_assert_not_null(bad);
	cr_expect(strstr(bad, "write 10"), "%s", bad);
	free(bad);
	bad = hy_number_parse("1 2", &n);
	cr_expect_not_null(bad);
	free(bad);
	bad = hy_number_parse("99999999999999999999", &n);
	cr_expect(bad && strstr(bad, "too large"));
	free(bad);

	hy_doc *doc = load(BASE "main:\n  count: １２\n");
	cr_expect(!has_issue(doc, HY_ERROR, "", "件数"));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  count: '010'\n");
	cr_expect(has_issue(doc, HY_ERROR, "starts with 0", "件数"));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  outsourcing:\n    kinds:\n    - 提供を行っている: '０８'\n");
	cr_expect(has_issue(doc, HY_ERROR, "starts with 0", NULL));
	hy_doc_free(doc);
	doc = load(BASE "main:\n  outsourcing:\n    kinds:\n    - 提供を行っている: ' ２ '\n");
	cr_expect(!has_issue(doc, HY_ERROR, "", NULL));
	hy_doc_free(doc);
}

/* 003 (川崎市, a draft) holds no 主な意見 and 第三者点検 date yet: "令和　年　月　日". */
Test(published, a_draft_reports_pending_items_not_errors)
{
	const char *body = "procedures:\n  review:\n    date: 令和　年　月　日\n";
	char *text = hy_printf("form: full\ndraft: true\n%s", body);
	hy_doc *doc = load_shipped(text);
	free(text);
	cr_expect(hy_doc_is_draft(doc));
	cr_expect(has_issue(doc, HY_WARNING, "pending", "主な意見の内容"));
	cr_expect(has_issue(doc, HY_WARNING, "pending", "Ⅵ．３．① 実施日"));
	cr_expect(!has_issue(doc, HY_ERROR, "", "主な意見の内容"));
	cr_expect(!has_issue(doc, HY_ERROR, "", "Ⅵ．３．① 実施日"));
	cr_expect(!has_issue(doc, HY_WARNING, "unknown key", NULL));
	hy_doc_free(doc);

	text = hy_printf("form: full\n%s", body);
	doc = load_shipped(text);
	free(text);
	cr_expect(!hy_doc_is_draft(doc));
	cr_expect(has_issue(doc, HY_ERROR, "required", "主な意見の内容"));
	cr_expect(has_issue(doc, HY_ERROR, "required", "Ⅵ．３．① 実施日"));
	hy_doc_free(doc);
}

/* 000 and 001 are stamped [平成30年５月　様式４] and print 4情報; 003 (newest) prints 5情報
 * and, in Ⅳ, 特に力を入れてやっている / 十分にやっている / 十分にやっていない. */
static const char *const four = "  files:\n  - basic:\n      main_items:\n"
				"      - 4情報（氏名、性別、生年月日、住所）\n";

Test(published, option_wording_follows_the_documents_template)
{
	char *text = hy_printf("form: full\nform_version: '[平成30年５月　様式４]'\n"
			       "file_overview:\n%sother_risks:\n  audit:\n    self_check: 十分にやっている\n",
			       four);
	hy_doc *doc = load_shipped(text);
	free(text);
	cr_expect(!has_issue(doc, HY_WARNING, "4情報", NULL), "a 平成30 document prints 4情報");
	cr_expect(has_issue(doc, HY_WARNING, "'十分にやっている' is the wording of", "自己点検"));
	hy_doc_free(doc);

	/* the stamp as 000 writes it */
	text = hy_printf("form: full\nform_version: '[平成30年5月 様式4]'\nfile_overview:\n%s", four);
	doc = load_shipped(text);
	free(text);
	cr_expect(!has_issue(doc, HY_WARNING, "4情報", NULL));
	hy_doc_free(doc);

	/* no stamp: the newest template, whose wording is 5情報 and …やっている */
	text = hy_printf("form: full\nfile_overview:\n%sother_risks:\n  audit:\n"
			 "    self_check: 十分にやっている\n",
			 four);
	doc = load_shipped(text);
	free(text);
	cr_expect(has_issue(doc, HY_WARNING, "5情報（氏名、氏名の振り仮名、性別、生年月日、住所）",
			    "主な記録項目"));
	cr_expect(!has_issue(doc, HY_WARNING, "十分にやっている", NULL),
		  "the newest template's own Ⅳ wording is not older wording");
	hy_doc_free(doc);
}

/* Checks the editor did not make: 委託する （2）件 with one 委託事項 entry. */
Test(published, a_count_of_outsourcing_with_fewer_entries_is_questioned)
{
	hy_doc *doc = load_shipped("form: full\nfile_overview:\n  files:\n  - outsourcing:\n"
				   "      status:\n        委託する: 2\n      items:\n"
				   "      - title: 国民健康保険システムの運用保守\n");
	cr_expect(has_issue(doc, HY_WARNING, "'委託する' says 2 but 1 委託事項 blocks are present",
			    NULL));
	hy_doc_free(doc);
	/* 000: 提供を行っている （ 26 ） 件 in one block (the rest in a 別紙) is fine */
	doc = load_shipped("form: full\nfile_overview:\n  files:\n  - provision:\n"
			   "      status:\n      - 提供を行っている: 26\n      provisions:\n"
			   "      - recipient: 別紙のとおり\n");
	cr_expect(!has_issue(doc, HY_WARNING, "says 26", NULL));
	hy_doc_free(doc);
}

/* Ⅱ file names repeat Ⅰ．３ (000 writes both with "(1) "). */
Test(published, a_file_name_that_differs_from_basic_info_is_questioned)
{
	const char *head = "form: focused\nbasic_info:\n  file_names:\n"
			   "  - ひとり親サブシステムファイル\n  - 統合番号連携ファイル\nfile_overview:\n"
			   "  files:\n";
	char *text = hy_printf("%s  - name: (1) ひとり親サブシステムファイル\n"
			       "  - name: 統合番号連携ファイル\n", head);
	hy_doc *doc = load_shipped(text);
	free(text);
	cr_expect(!has_issue(doc, HY_WARNING, "differs from", NULL));
	hy_doc_free(doc);
	text = hy_printf("%s  - name: ひとり親サブシステムファイル\n  - name: 統合番号ファイル\n"
			 "  - name: 三つ目のファイル\n", head);
	doc = load_shipped(text);
	free(text);
	cr_expect(has_issue(doc, HY_WARNING, "differs from Ⅰ．３． 特定個人情報ファイル名, entry 2: "
					     "'統合番号連携ファイル'",
			    "特定個人情報ファイル2"));
	cr_expect(has_issue(doc, HY_WARNING, "names 2 files; this is file 3", NULL));
	hy_doc_free(doc);
}

/* The basic form says what `hyoka threshold` says. */
Test(published, a_threshold_result_that_does_not_follow_says_why)
{
	hy_doc *doc = load_shipped("form: basic\nthreshold_items:\n  population:\n"
				   "    target_population: 1万人以上10万人未満\n"
				   "  handlers:\n    handlers_ge_500: 500人以上\n"
				   "  incident:\n    serious_incident_1y: 発生なし\n"
				   "threshold_result:\n  result: 基礎項目評価の実施が義務付けられる\n");
	cr_expect(has_issue(doc, HY_ERROR,
			    "the answers give '基礎項目評価及び重点項目評価の実施が義務付けられる' "
			    "(基礎項目評価書 + 重点項目評価書: 対象人数 1万人以上10万人未満 and 取扱者数 "
			    "500人以上 and 重大事故 発生なし), not '基礎項目評価の実施が義務付けられる'",
			    NULL));
	hy_doc_free(doc);
}
