/* hyoka import: each recogniser with snippets in each extraction style
 * (tab-separated cells with HTML, `pdftotext -layout` columns, plain
 * marks), the review marks, and whole small documents. */
#include "helpers.h"
#include "hyoka/import.h"
#include "hyoka/render.h"

#include <ctype.h>

static hy_forms forms;
static const hy_form *full, *focused;

static void setup(void)
{
	load_shipped_forms(&forms);
	full = hy_forms_get(&forms, "full");
	focused = hy_forms_get(&forms, "focused");
	cr_assert(full && focused);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

static const hy_list *list_of(const hy_form *f, const char *path)
{
	const hy_fnode *n = hy_form_find(f, path);
	cr_assert(n && n->list, "%s has a list", path);
	return n->list;
}

static const char *option_text(const hy_list *l, int i)
{
	cr_assert(i >= 0 && (size_t)i < l->n_options, "option index %d", i);
	return l->options[i].text;
}

/* ---- the matching key and cells ---- */

Test(import_text, norm_makes_printings_comparable)
{
	char *a = hy_imp_norm("Ⅱ　特定個人情報ファイルの概要");
	char *b = hy_imp_norm("II 特定個人情報ファイルの概要");
	cr_expect_str_eq(a, b);
	free(a);
	free(b);
	a = hy_imp_norm("②事務の内容　※");
	cr_expect_str_eq(a, "②事務の内容");
	free(a);
	a = hy_imp_norm("１．（ ６ ）件");
	cr_expect_str_eq(a, "1.(6)件");
	free(a);
	cr_expect_eq(hy_imp_norm_skip("1. 特定個人情報ファイル名　値", strlen("1.特定個人情報ファイル名")),
		     strlen("1. 特定個人情報ファイル名　"));
}

Test(import_text, html_becomes_lines_and_marks)
{
	char *t = hy_imp_html_to_text("<p>一行目</p> <p>二行目</p>");
	char *tidy = hy_imp_tidy(t);
	cr_expect_str_eq(tidy, "一行目\n二行目");
	free(t);
	free(tidy);
	/* "<国民健康保険業務>" and "<選択肢>" are text, not tags */
	t = hy_imp_html_to_text("<p><国民健康保険業務> 本文</p><選択肢>");
	cr_expect(strstr(t, "<国民健康保険業務> 本文") != NULL);
	cr_expect(strstr(t, "<選択肢>") != NULL);
	free(t);
	t = hy_imp_html_to_text("<input checked=\"\" type=\"checkbox\"/> 専用線 <input type=\"checkbox\"/> 紙");
	tidy = hy_imp_tidy(t);
	cr_expect_str_eq(tidy, "[○] 専用線 [◇] 紙");
	free(t);
	free(tidy);
	t = hy_imp_html_to_text("[<input type=\"checkbox\"/>] 個人番号 [] 個人番号対応符号");
	cr_expect(strstr(t, "[◆] 個人番号") != NULL, "got %s", t);
	free(t);
	t = hy_imp_html_to_text("a &lt;b&gt; &amp; c");
	cr_expect_str_eq(t, "a <b> & c");
	free(t);
}

Test(import_text, bullets_for_a_list_printed_without_them)
{
	char *t = hy_imp_html_to_text("<ul style=\"x\"> 第一の文。 第二の文。</ul>");
	char *tidy = hy_imp_tidy(t);
	cr_expect_str_eq(tidy, "・第一の文。\n・第二の文。");
	free(t);
	free(tidy);
	/* a list that has its bullets keeps them as they are */
	t = hy_imp_html_to_text("<ul> ・一 ・二</ul>");
	cr_expect(strstr(t, "・一 ・二") != NULL);
	free(t);
}

Test(import_text, cells_from_tabs_and_from_layout_columns)
{
	const char *tabbed = "①事務の名称\t国民健康保険事務\t\t\n- 12 -\n------\t---\n";
	hy_imp_cells cells;
	hy_imp_split(tabbed, strlen(tabbed), &cells);
	cr_assert_eq(cells.n, 2);
	cr_expect_str_eq(cells.items[1].text, "国民健康保険事務");
	cr_expect_eq(cells.items[1].col, 1);
	cr_expect_eq(cells.items[1].line, 1);
	hy_imp_cells_free(&cells);

	const char *layout = "①事務の名称        国民健康保険事務\n"
			     "                                        3\n"
			     "\f②事務の内容        国民健康保険は、\n";
	hy_imp_split(layout, strlen(layout), &cells);
	cr_assert_eq(cells.n, 4, "page number dropped, form feed ignored");
	cr_expect_str_eq(cells.items[0].text, "①事務の名称");
	cr_expect_str_eq(cells.items[3].text, "国民健康保険は、");
	cr_expect_eq(cells.items[3].line, 3);
	hy_imp_cells_free(&cells);
}

Test(import_text, cells_from_a_drawn_table)
{
	const char *drawn = "┌──────────┬──────────────┐\n"
			    "│個人のプラ│相模原市は、本│\n"
			    "│イバシー等│市の事務におけ│\n"
			    "│          │る。          │\n"
			    "│          │次の段落。    │\n"
			    "├──────────┼──────────────┤\n"
			    "│公表日    │令和5年12月28日│\n"
			    "└──────────┴──────────────┘\n";
	hy_imp_cells cells;
	hy_imp_split(drawn, strlen(drawn), &cells);
	cr_assert_eq(cells.n, 4);
	cr_expect_str_eq(cells.items[0].text, "個人のプライバシー等");
	cr_expect_str_eq(cells.items[1].text, "相模原市は、本市の事務における。\n次の段落。");
	cr_expect_eq(cells.items[1].line, 2);
	cr_expect_str_eq(cells.items[3].text, "令和5年12月28日");
	cr_expect_eq(cells.items[3].line, 7);
	hy_imp_cells_free(&cells);
}

/* ---- options ---- */

Test(import_values, choice_in_each_style, .init = setup, .fini = teardown)
{
	const hy_list *pop = list_of(full, "basic_info.task.target_population");
	const char *styles[] = {
		"<p>[30万人以上]</p> <p><選択肢></p> 1) 1,000人未満 5) 30万人以上",
		"[ 30万人以上 ] ＜選択肢＞ 1） 1,000人未満",
		"［　３０万人以上　］",
		"30万人以上",
	};
	for (size_t i = 0; i < sizeof styles / sizeof *styles; i++) {
		char *detail;
		const char *written;
		int o = hy_imp_choice(pop, styles[i], &detail, &written);
		cr_expect_str_eq(option_text(pop, o), "30万人以上", "style %zu", i);
		cr_expect_null(detail);
		cr_expect_null(written);
	}
	char *detail;
	const char *written;
	cr_expect_eq(hy_imp_choice(pop, "[] <選択肢> 1) 1,000人未満", &detail, &written), -1,
		     "an empty bracket chooses nothing");
	cr_expect_eq(hy_imp_choice(pop, "[35万人] 1) 1,000人未満", &detail, &written), -1,
		     "nothing outside the list");
}

Test(import_values, choice_with_a_count, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "file_overview.files.outsourcing.status");
	char *detail;
	const char *written;
	int o = hy_imp_choice(l, "[委託する] <選択肢> (8) 件 1) 委託する 2) 委託しない", &detail,
			      &written);
	cr_expect_str_eq(option_text(l, o), "委託する");
	cr_expect_str_eq(detail, "8");
	free(detail);
	o = hy_imp_choice(l, "[ 委託する ] （ ６ ） 件", &detail, &written);
	cr_expect_str_eq(detail, "6");
	free(detail);
}

Test(import_values, choice_with_a_form_control_drawn_inside, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "file_overview.files.outsourcing.status");
	char *detail;
	const char *written;
	char *plain = hy_imp_html_to_text("[<input type=\"checkbox\"/> 委託する] (3) 件 <選択肢> 1) 委託する");
	int o = hy_imp_choice(l, plain, &detail, &written);
	cr_expect_str_eq(option_text(l, o), "委託する");
	cr_expect_str_eq(detail, "3");
	free(detail);
	free(plain);
	/* the opening bracket lost */
	const hy_list *lc = list_of(full, "risk.files.use.r2.access_lifecycle");
	plain = hy_imp_html_to_text("<input type=\"checkbox\"/> 行っている] <table><tr><td>＜選択肢＞</td></tr>");
	o = hy_imp_choice(lc, plain, &detail, &written);
	cr_expect_str_eq(option_text(lc, o), "行っている");
	free(plain);
}

Test(import_values, choice_in_an_older_wording, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "risk.files.outsourcing.subcontract_assurance");
	char *detail;
	const char *written;
	int o = hy_imp_choice(l, "[十分にしている]", &detail, &written);
	cr_expect_str_eq(option_text(l, o), "十分に行っている");
	cr_expect_str_eq(written, "十分にしている");
}

Test(import_values, ticks_in_each_style, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "basic_info.used_systems.systems.connections");
	const char *styles[] = {
		"[ ] 情報提供ネットワークシステム [○] 税務システム [ ] その他 ( )",
		"<input type=\"checkbox\"/> 情報提供ネットワークシステム <input checked=\"\" "
		"type=\"checkbox\"/> 税務システム <input type=\"checkbox\"/> その他 ()",
		"□ 情報提供ネットワークシステム ■ 税務システム",
		"[] 情報提供ネットワークシステム [<input type=\"checkbox\"/>] 税務システム",
		"[ ] 情報提供ネットワークシステム [O] 税務システム",
	};
	for (size_t s = 0; s < sizeof styles / sizeof *styles; s++) {
		char *plain = hy_imp_html_to_text(styles[s]);
		bool checked[32] = {0};
		char *details[32] = {0};
		int unplaced;
		bool ambiguous;
		int n = hy_imp_checks(l, plain, checked, details, NULL, &unplaced, &ambiguous);
		cr_expect_eq(n, 1, "style %zu: %d ticked", s, n);
		cr_expect_not(ambiguous, "style %zu", s);
		for (size_t i = 0; i < l->n_options; i++) {
			cr_expect_eq(checked[i], strcmp(l->options[i].text, "税務システム") == 0,
				     "style %zu option %s", s, l->options[i].text);
			free(details[i]);
		}
		free(plain);
	}
}

Test(import_values, tick_with_a_detail_in_nested_parentheses, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "basic_info.used_systems.systems.connections");
	bool checked[32] = {0};
	char *details[32] = {0};
	int unplaced;
	bool ambiguous;
	int n = hy_imp_checks(l, "[○] その他 (国保総合(国保集約)システム、オンライン資格確認等システム)",
			      checked, details, NULL, &unplaced, &ambiguous);
	cr_assert_eq(n, 1);
	for (size_t i = 0; i < l->n_options; i++)
		if (checked[i]) {
			cr_expect_str_eq(l->options[i].text, "その他");
			cr_expect_str_eq(details[i], "国保総合(国保集約)システム、オンライン資格確認等システム");
		}
	for (size_t i = 0; i < 32; i++)
		free(details[i]);
}

Test(import_values, boxes_drawn_alike_say_nothing, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "file_overview.files.acquisition.sources");
	const char *text = "<input type=\"checkbox\"/> 本人又は本人の代理人 <input type=\"checkbox\"/> "
			   "行政機関・独立行政法人等 () <input type=\"checkbox\"/> その他 (国保連合会)";
	char *plain = hy_imp_html_to_text(text);
	bool checked[32] = {0};
	char *details[32] = {0};
	int unplaced;
	bool ambiguous;
	int n = hy_imp_checks(l, plain, checked, details, NULL, &unplaced, &ambiguous);
	cr_expect(ambiguous);
	cr_expect_eq(n, 1, "only the entry with a written detail");
	for (size_t i = 0; i < l->n_options; i++) {
		if (checked[i])
			cr_expect_str_eq(details[i], "国保連合会");
		free(details[i]);
	}
	free(plain);
}

Test(import_values, a_plain_box_with_a_written_detail, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "file_overview.files.acquisition.sources");
	char *plain = hy_imp_html_to_text(
		"<input type=\"checkbox\"/> 本人又は本人の代理人 <input type=\"checkbox\"/> "
		"評価実施機関内の他部署 (市民課) <input type=\"checkbox\"/> 民間事業者 () "
		"<input checked=\"\" type=\"checkbox\"/> その他 (機構)");
	bool checked[32] = {0};
	char *details[32] = {0};
	int unplaced;
	bool ambiguous;
	int n = hy_imp_checks(l, plain, checked, details, NULL, &unplaced, &ambiguous);
	cr_expect_eq(n, 2, "the checked one and the one with a detail");
	cr_expect(ambiguous, "to review");
	cr_expect_eq(unplaced, 0);
	for (size_t i = 0; i < l->n_options; i++) {
		if (strcmp(l->options[i].text, "評価実施機関内の他部署") == 0)
			cr_expect(checked[i] && strcmp(details[i], "市民課") == 0);
		if (strcmp(l->options[i].text, "本人又は本人の代理人") == 0)
			cr_expect_not(checked[i]);
		free(details[i]);
	}
	free(plain);
}

Test(import_values, a_tick_on_no_option_is_reported, .init = setup, .fini = teardown)
{
	const hy_list *l = list_of(full, "basic_info.used_systems.systems.connections");
	bool checked[32] = {0};
	char *details[32] = {0};
	int unplaced;
	bool ambiguous;
	cr_expect_eq(hy_imp_checks(l, "[○] 存在しない接続先", checked, details, NULL, &unplaced,
				   &ambiguous), 0);
	cr_expect_eq(unplaced, 1);
	cr_expect_eq(hy_imp_checks(l, "マークのない文", checked, details, NULL, &unplaced, &ambiguous),
		     -1);
}

Test(import_values, counts_dates_numbers)
{
	cr_expect_eq(hy_imp_count("[委託する] （ 6 ）件"), 6);
	cr_expect_eq(hy_imp_count("(12) 件"), 12);
	cr_expect_eq(hy_imp_count("() 件"), -1);
	cr_expect_eq(hy_imp_count("件"), -1);
	bool alone;
	char *d = hy_imp_date("令和5年12月28日", &alone);
	cr_expect_str_eq(d, "令和5年12月28日");
	cr_expect(alone);
	free(d);
	d = hy_imp_date("平成28年5月【国保総合システムは平成29年8月】", &alone);
	cr_expect_str_eq(d, "平成28年5月");
	cr_expect_not(alone);
	free(d);
	d = hy_imp_date("令和元年１０月１日", &alone);
	cr_expect_str_eq(d, "令和元年10月1日");
	free(d);
	d = hy_imp_date("2023-12-28", &alone);
	cr_expect_str_eq(d, "2023-12-28");
	free(d);
	cr_expect_null(hy_imp_date("年月日", &alone));
	cr_expect_null(hy_imp_date("令和年", &alone));
	long n;
	cr_expect(hy_imp_int(" ４５ ", &n) && n == 45);
	cr_expect_not(hy_imp_int("45件", &n));
	cr_expect_not(hy_imp_int("", &n));
}

/* ---- review marks ---- */

Test(import_marks, set_get_count_next_and_save, .init = setup, .fini = teardown)
{
	hy_doc *doc = hy_doc_new(full);
	hy_value *task = hy_value_child(doc->root, hy_form_find(full, "basic_info"));
	hy_value *name = hy_value_child(hy_value_child(task, hy_form_find(full, "basic_info.task")),
					hy_form_find(full, "basic_info.task.name"));
	cr_assert(name);
	char *p = hy_review_path(name);
	cr_expect_str_eq(p, "basic_info.task.name");
	free(p);
	cr_expect_eq(hy_review_get(doc, name), HY_MARK_NONE);
	hy_review_set(doc, name, HY_MARK_CHECK);
	cr_expect_eq(hy_review_get(doc, name), HY_MARK_CHECK);
	cr_expect_eq(hy_review_count(doc), 1);
	cr_expect_eq(hy_review_next(doc, NULL, false), name);
	cr_expect_eq(hy_review_next(doc, name, true), name, "wraps around");
	size_t len;
	char *yaml = hy_doc_to_yaml(doc, &len);
	cr_expect(strstr(yaml, "review:\n  basic_info.task.name: check\n") != NULL, "%s", yaml);
	/* it survives a load */
	hy_diags d;
	hy_doc *again = doc_from(&forms, yaml, &d);
	cr_assert(again);
	hy_value *name2 = hy_value_child(
		hy_value_child(hy_value_child(again->root, hy_form_find(full, "basic_info")),
			       hy_form_find(full, "basic_info.task")),
		hy_form_find(full, "basic_info.task.name"));
	cr_expect_eq(hy_review_get(again, name2), HY_MARK_CHECK);
	hy_review_set(again, name2, HY_MARK_NONE);
	cr_expect_eq(hy_review_count(again), 0);
	cr_expect_null(hy_review_next(again, NULL, false));
	free(yaml);
	yaml = hy_doc_to_yaml(again, &len);
	cr_expect_null(strstr(yaml, "review:"), "an empty mapping is dropped");
	free(yaml);
	hy_diags_free(&d);
	hy_doc_free(again);
	hy_doc_free(doc);
}

Test(import_marks, inside_repeats_and_counted_by_validate, .init = setup, .fini = teardown)
{
	hy_doc *doc = hy_doc_new(full);
	hy_value *bi = hy_value_child(doc->root, hy_form_find(full, "basic_info"));
	hy_value *us = hy_value_child(bi, hy_form_find(full, "basic_info.used_systems"));
	hy_value *sys = hy_value_child(us, hy_form_find(full, "basic_info.used_systems.systems"));
	hy_value *inst = hy_repeat_add(doc, sys, sys->n_inst, NULL);
	hy_value *name = hy_value_child(inst, hy_form_find(full, "basic_info.used_systems.systems.name"));
	cr_assert(name);
	hy_review_set(doc, name, HY_MARK_CHECK);
	char *p = hy_review_path(name);
	char *want = hy_printf("basic_info.used_systems.systems.%zu.name", (size_t)sys->n_inst);
	cr_expect_str_eq(p, want);
	free(p);
	free(want);
	cr_expect_eq(hy_review_next(doc, NULL, false), name);
	hy_diags d;
	hy_diags_init(&d);
	hy_review_diags(doc, &d);
	cr_expect_eq(hy_diags_count(&d, HY_WARNING), 1);
	cr_expect(strstr(d.items[0].path, "システム") != NULL, "%s", d.items[0].path);
	hy_diags_free(&d);
	hy_doc_free(doc);
}

Test(import_marks, checked_lists_check_marks_in_form_order, .init = setup, .fini = teardown)
{
	hy_doc *doc = hy_doc_new(full);
	hy_value *bi = hy_value_child(doc->root, hy_form_find(full, "basic_info"));
	hy_value *task = hy_value_child(bi, hy_form_find(full, "basic_info.task"));
	hy_value *name = hy_value_child(task, hy_form_find(full, "basic_info.task.name"));
	hy_value *us = hy_value_child(bi, hy_form_find(full, "basic_info.used_systems"));
	hy_value *sys = hy_value_child(us, hy_form_find(full, "basic_info.used_systems.systems"));
	hy_value *inst = hy_repeat_add(doc, sys, sys->n_inst, NULL);
	hy_value *sname = hy_value_child(inst, hy_form_find(full, "basic_info.used_systems.systems.name"));
	cr_assert(name && sname);
	hy_value **vals = NULL;
	cr_expect_eq(hy_review_checked(doc, &vals), 0);
	cr_expect_null(vals);
	/* set out of order; `imported` and a key naming no field are not listed */
	hy_review_set(doc, sname, HY_MARK_CHECK);
	hy_review_set(doc, name, HY_MARK_CHECK);
	hy_review_set(doc, task, HY_MARK_IMPORTED);
	yt_map_add(yt_get(doc->top_extra, HY_REVIEW_KEY), "no.such.field", 0, 0,
		   yt_new_scalar("check", 0, 0));
	cr_assert_eq(hy_review_checked(doc, &vals), 2);
	cr_expect_eq(vals[0], name, "form order: the task's name first");
	cr_expect_eq(vals[1], sname);
	cr_expect_eq(hy_review_next(doc, NULL, false), vals[0], "the same order as hy_review_next");
	free(vals);
	hy_review_set(doc, name, HY_MARK_NONE);
	cr_assert_eq(hy_review_checked(doc, &vals), 1);
	cr_expect_eq(vals[0], sname);
	free(vals);
	hy_doc_free(doc);
}

/* ---- whole documents ---- */

static hy_doc *import_text(const char *text, const hy_form **form, hy_imp_report *rep)
{
	hy_imp_cells cells;
	hy_imp_split(text, strlen(text), &cells);
	memset(rep, 0, sizeof *rep);
	*form = hy_imp_detect(&forms, &cells, rep);
	hy_doc *doc = *form ? hy_imp_document(*form, &cells, rep) : NULL;
	hy_imp_cells_free(&cells);
	return doc;
}

static char *value_at(hy_doc *doc, const char *path)
{
	/* path of ids with 1-based instance numbers, as hy_review_path */
	hy_value *v = doc->root;
	char *copy = hy_strdup(path), *save = NULL;
	for (char *tok = strtok_r(copy, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save)) {
		if (isdigit((unsigned char)tok[0])) {
			size_t i = (size_t)atoi(tok) - 1;
			v = i < v->n_inst ? v->inst[i] : NULL;
			continue;
		}
		hy_value *next = NULL;
		for (size_t k = 0; v->kids && k < v->f->n_children; k++)
			if (v->kids[k] && strcmp(v->f->children[k]->id, tok) == 0)
				next = v->kids[k];
		v = next;
	}
	free(copy);
	if (v && v->f->type == HY_CHECKS)
		return hy_value_preview(v);
	return v ? hy_value_text(v) : NULL;
}

static const char *const tabbed_doc =
	"特定個人情報保護評価書(全項目評価書)\n\n"
	"評価書番号\t評価書名\n"
	"7\t某市 国民健康保険事務 全項目評価書\n\n"
	"[平成30年5月 様式4]\n\n"
	"I 基本情報\n"
	"1. 特定個人情報ファイルを取り扱う事務\t\t\n"
	"①事務の名称\t国民健康保険事務\t\n"
	"②事務の内容 ※\t<p>第一段落。</p> <p>第二段落。</p>\n"
	"③対象人数\t<p>[10万人以上30万人未満]</p> <p><選択肢></p>\n"
	"1) 1,000人未満\t2) 1,000人以上1万人未満\n\n"
	"2. 特定個人情報ファイルを取り扱う事務において使用するシステム\n"
	"システム1\n"
	"①システムの名称\t住民記録システム\n"
	"③他のシステムとの接続\t[○] 庁内連携システム [] 税務システム\n"
	"システム2\n"
	"①システムの名称\t中間サーバー\n"
	"②システムの機能\t符号管理機能\n";

Test(import_doc, tabbed_cells_with_html, .init = setup, .fini = teardown)
{
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(tabbed_doc, &form, &rep);
	cr_assert_eq(form, full);
	cr_assert(doc);
	struct {
		const char *path, *want;
	} want[] = {
		{"cover.eval_no", "7"},
		{"cover.eval_title", "某市 国民健康保険事務 全項目評価書"},
		{"basic_info.task.name", "国民健康保険事務"},
		{"basic_info.task.description", "第一段落。\n第二段落。"},
		{"basic_info.task.target_population", "10万人以上30万人未満"},
		{"basic_info.used_systems.systems.1.name", "住民記録システム"},
		{"basic_info.used_systems.systems.2.name", "中間サーバー"},
		{"basic_info.used_systems.systems.2.functions", "符号管理機能"},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char *got = value_at(doc, want[i].path);
		cr_expect(got && strcmp(got, want[i].want) == 0, "%s: got '%s'", want[i].path,
			  got ? got : "(none)");
		free(got);
	}
	char *conn = value_at(doc, "basic_info.used_systems.systems.1.connections");
	cr_expect(conn && strstr(conn, "庁内連携システム") && !strstr(conn, "税務"), "got %s", conn);
	free(conn);
	char *fn = value_at(doc, "basic_info.used_systems.systems.1.functions");
	cr_expect(!fn || !*fn, "system 1 printed no functions: nothing invented");
	free(fn);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

/* `pdftotext -layout`: columns of spaces, a value wrapped over lines and
 * across a page break with its page number. */
static const char *const layout_doc =
	"                 特定個人情報保護評価書（重点項目評価書）\n\n"
	"Ⅰ 基本情報\n"
	"１．特定個人情報ファイルを取り扱う事務\n"
	" ①事務の名称      ひとり親家庭等医療費助成に関する事務\n"
	" ②事務の内容      ひとり親家庭等医療費助成に関する事務は、\n"
	"                   条例に基づき医療費を助成する。\n"
	"                                                  - 1 -\n"
	"\f                   なお、特定個人情報は次の事務に利用している。\n"
	" ③対象人数        [ 1万人以上10万人未満 ]   ＜選択肢＞\n"
	"                   1) 1,000人未満   2) 1,000人以上1万人未満\n";

Test(import_doc, layout_columns_wrapped_across_a_page, .init = setup, .fini = teardown)
{
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(layout_doc, &form, &rep);
	cr_assert_eq(form, focused);
	char *name = value_at(doc, "basic_info.task.name");
	cr_expect_str_eq(name, "ひとり親家庭等医療費助成に関する事務");
	char *desc = value_at(doc, "basic_info.task.description");
	cr_expect_str_eq(desc, "ひとり親家庭等医療費助成に関する事務は、条例に基づき医療費を助成する。\n"
			       "なお、特定個人情報は次の事務に利用している。");
	char *pop = value_at(doc, "basic_info.task.target_population");
	cr_expect_str_eq(pop, "1万人以上10万人未満");
	free(name);
	free(desc);
	free(pop);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

/* `pdftotext -layout` wraps long labels in their column too. */
static const char *const layout_wrapped_labels =
	"特定個人情報保護評価書（全項目評価書）\n"
	"Ⅱ 特定個人情報ファイルの概要\n"
	"１．特定個人情報ファイル名\n"
	"   (1) 住民ファイル\n"
	"４．特定個人情報ファイルの取扱いの委託\n"
	"   委託事項1          システムの運用\n"
	"   ①委託内容         システムの運用保守\n"
	"   ②取扱いを委託する   [ 特定個人情報ファイルの一部 ]      ＜選択肢＞\n"
	"   特定個人情報ファイ    1) 特定個人情報ファイルの全体\n"
	"   ルの範囲\n"
	"   ⑥委託先名         株式会社テスト\n";

Test(import_doc, labels_wrapped_in_their_column, .init = setup, .fini = teardown)
{
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(layout_wrapped_labels, &form, &rep);
	cr_assert_eq(form, full);
	char *scope = value_at(doc, "file_overview.files.1.outsourcing.items.1.scope");
	cr_expect_str_eq(scope, "特定個人情報ファイルの一部");
	char *content = value_at(doc, "file_overview.files.1.outsourcing.items.1.content");
	cr_expect_str_eq(content, "システムの運用保守");
	char *who = value_at(doc, "file_overview.files.1.outsourcing.items.1.contractor");
	cr_expect_str_eq(who, "株式会社テスト");
	free(scope);
	free(content);
	free(who);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, a_running_page_header_does_not_cut_a_value, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書（重点項目評価書）\n"
			   "Ⅰ 基本情報\n"
			   "１．特定個人情報ファイルを取り扱う事務\n"
			   " ①事務の名称      医療費助成事務\n"
			   " ②事務の内容      医療費を助成する事務であって、\n"
			   "                                                  - 1 -\n"
			   "\f       特定個人情報保護評価書（重点項目評価書）\n"
			   "                   条例に基づくものである。\n"
			   " ③対象人数        [ 1万人以上10万人未満 ]\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	cr_assert_eq(form, focused);
	char *desc = value_at(doc, "basic_info.task.description");
	cr_expect_str_eq(desc, "医療費を助成する事務であって、条例に基づくものである。");
	free(desc);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, a_label_garbled_by_the_extraction, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "I 基本情報\n"
			   "1. 特定個人情報ファイルを取り扱う事務\n"
			   "①事務の名称\t事務\n"
			   "6. 情報提供ネットワーク system による情報連携 ※\n"
			   "①実施の有無\t[実施する] <選択肢> 1) 実施する 2) 実施しない\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	char *st = value_at(doc, "basic_info.nw_linkage.status");
	cr_expect_str_eq(st, "実施する");
	char *name = value_at(doc, "basic_info.task.name");
	cr_expect_str_eq(name, "事務", "the garbled label is not text of the field above");
	free(st);
	free(name);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, a_template_label_and_a_section_label_below_its_field, .init = setup,
     .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "II 特定個人情報ファイルの概要\n"
			   "1. 特定個人情報ファイル名\n(1) 住民ファイル\n"
			   "4. 特定個人情報ファイルの取扱いの委託\n"
			   "委託事項1\t運用\n"
			   "⑥委託先名\t株式会社テスト\n"
			   "\t⑦再委託の有無 ※\t[再委託する] <選択肢> 1) 再委託する 2) 再委託しない\n"
			   "再委託\t⑧再委託の許諾方法\t書面で許諾する。\n"
			   "V 開示請求、問合せ\n"
			   "1. 特定個人情報の開示・訂正・利用停止請求\n"
			   "③手数料等\t[無料] <選択肢> 1) 有料 2) 無料 (手数料額、納付方法: 写しは実費(10円)。)\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	char *sub = value_at(doc, "file_overview.files.1.outsourcing.items.1.subcontract.subcontracting");
	cr_expect_str_eq(sub, "再委託する");
	char *how = value_at(doc, "file_overview.files.1.outsourcing.items.1.subcontract.permission_method");
	cr_expect_str_eq(how, "書面で許諾する。");
	char *fee = value_at(doc, "disclosure.request.fee_detail");
	cr_expect_str_eq(fee, "写しは実費(10円)。");
	free(sub);
	free(how);
	free(fee);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, a_choice_whose_label_was_not_printed, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "II 特定個人情報ファイルの概要\n"
			   "1. 特定個人情報ファイル名\n(1) 住民ファイル\n"
			   "4. 特定個人情報ファイルの取扱いの委託\n"
			   "委託事項1\t運用\n"
			   "②取扱いを委託する特定個人情報ファイルの範囲\t[特定個人情報ファイルの全体]\t<選択肢> 1) 特定個人情報ファイルの全体\n"
			   "\t[10万人以上100万人未満]\t<選択肢> 1) 1万人未満\n"
			   "\t対象となる本人の範囲 ※\t被保険者\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	char *scope = value_at(doc, "file_overview.files.1.outsourcing.items.1.scope");
	cr_expect_str_eq(scope, "特定個人情報ファイルの全体");
	char *count = value_at(doc, "file_overview.files.1.outsourcing.items.1.subject_count");
	cr_expect_str_eq(count, "10万人以上100万人未満");
	char *range = value_at(doc, "file_overview.files.1.outsourcing.items.1.subject_range");
	cr_expect_str_eq(range, "被保険者", "範囲 is not taken for 数");
	cr_expect_eq(hy_review_count(doc), 1, "the count placed without its label is to review");
	free(scope);
	free(count);
	free(range);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, list_items_one_a_line_or_names_on_one_line, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "I 基本情報\n"
			   "1. 特定個人情報ファイルを取り扱う事務\n"
			   "①事務の名称\t事務\n"
			   "3. 特定個人情報ファイル名\n"
			   "宛名ファイル、税ファイル(住民税、固定資産税)\n"
			   "照会ファイルは、申請、届出の内容を記録する。\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	hy_value *bi = hy_value_child(doc->root, hy_form_find(full, "basic_info"));
	hy_value *names = hy_value_child(bi, hy_form_find(full, "basic_info.file_names"));
	cr_assert_eq(names->n_items, 3);
	cr_expect_str_eq(names->items[0], "宛名ファイル");
	cr_expect_str_eq(names->items[1], "税ファイル(住民税、固定資産税)");
	cr_expect_str_eq(names->items[2], "照会ファイルは、申請、届出の内容を記録する。");
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, unsure_values_are_marked_not_invented, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "I 基本情報\n"
			   "1. 特定個人情報ファイルを取り扱う事務\n"
			   "①事務の名称\t事務\n"
			   "③対象人数\t[35万人程度]\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	cr_assert(doc);
	char *pop = value_at(doc, "basic_info.task.target_population");
	cr_expect(!pop || !*pop);
	free(pop);
	cr_expect_eq(hy_review_count(doc), 1);
	cr_assert_eq(rep.n_reviews, 1);
	cr_expect(strstr(rep.reviews[0].path, "対象人数") != NULL, "%s", rep.reviews[0].path);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

Test(import_doc, shifted_ticks_go_to_their_checklist, .init = setup, .fini = teardown)
{
	const char *text = "特定個人情報保護評価書(全項目評価書)\n"
			   "II 特定個人情報ファイルの概要\n"
			   "1. 特定個人情報ファイル名\n(1) 住民ファイル\n"
			   "4. 特定個人情報ファイルの取扱いの委託\n"
			   "委託事項1\t運用\n"
			   "④委託先への特定個人情報ファイルの提供方法\t<選択肢> 1) 10人未満 2) 10人以上50人未満\n"
			   "⑤委託先名の確認方法\t[○] 専用線 [] 電子メール\n"
			   "⑥委託先名\t公開請求により確認できる。\n";
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text(text, &form, &rep);
	cr_assert(doc);
	char *dm = value_at(doc, "file_overview.files.1.outsourcing.items.1.delivery_methods");
	cr_expect(dm && strstr(dm, "専用線"), "got %s", dm);
	char *check = value_at(doc, "file_overview.files.1.outsourcing.items.1.name_check_method");
	char *who = value_at(doc, "file_overview.files.1.outsourcing.items.1.contractor");
	cr_expect(!check || !*check, "ticks are not a text");
	cr_expect(!who || !*who, "a value after the shift is left for review");
	cr_expect_geq(hy_review_count(doc), 2);
	free(dm);
	free(check);
	free(who);
	hy_imp_report_free(&rep);
	hy_doc_free(doc);
}

/* What `hyoka render` prints (tables drawn with box characters) comes
 * back as the same document. */
Test(import_doc, a_rendered_document_comes_back, .init = setup, .fini = teardown)
{
	hy_diags d;
	size_t len;
	char *err = NULL;
	char *yaml = hy_read_file("examples/yokohama-hitorioya-focused.yaml", HY_DOC_MAX_SIZE, &len, &err);
	cr_assert(yaml, "%s", err ? err : "");
	hy_doc *doc = doc_from(&forms, yaml, &d);
	cr_assert(doc);
	hy_render_opts ro = {.width = 80, .page_lines = 66};
	char *text = hy_render(doc, &ro);
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *back = import_text(text, &form, &rep);
	cr_assert_eq(form, focused);
	const char *paths[] = {"cover.eval_title", "basic_info.task.name",
			       "basic_info.task.target_population",
			       "file_overview.files.1.acquisition.users.user_count",
			       "file_overview.files.1.outsourcing.items.2.contractor",
			       "file_overview.files.2.basic.holding_start_date"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		char *want = value_at(doc, paths[i]);
		char *got = value_at(back, paths[i]);
		cr_expect(want && got && strcmp(want, got) == 0, "%s: want '%s', got '%s'", paths[i],
			  want ? want : "(none)", got ? got : "(none)");
		free(want);
		free(got);
	}
	free(text);
	free(yaml);
	hy_imp_report_free(&rep);
	hy_doc_free(back);
	hy_doc_free(doc);
	hy_diags_free(&d);
}

Test(import_doc, not_an_assessment, .init = setup, .fini = teardown)
{
	const hy_form *form;
	hy_imp_report rep;
	hy_doc *doc = import_text("今日の献立\tカレーライス\n明日の天気\t晴れ\n", &form, &rep);
	cr_expect_null(form);
	cr_expect_null(doc);
	cr_expect_not_null(rep.why_not);
	hy_imp_report_free(&rep);
	doc = import_text("", &form, &rep);
	cr_expect_null(form);
	hy_imp_report_free(&rep);
}

Test(import_doc, truncated_texts_never_crash, .init = setup, .fini = teardown)
{
	size_t n = strlen(tabbed_doc);
	for (size_t cut = 0; cut < n; cut += 7) {
		char *part = hy_strndup(tabbed_doc, cut);
		const hy_form *form;
		hy_imp_report rep;
		hy_doc *doc = import_text(part, &form, &rep);
		hy_doc_free(doc);
		hy_imp_report_free(&rep);
		free(part);
	}
}

/* Review marks follow their entries when a repeat's entries are added,
 * removed or moved (they are keyed by the entry's number). */
Test(import_marks, marks_follow_their_entries, .init = setup, .fini = teardown)
{
	hy_doc *doc = hy_doc_new(full);
	hy_value *systems = hy_value_resolve(doc, doc->root, hy_form_find(full, "basic_info.used_systems.systems"));
	cr_assert_not_null(systems);
	const hy_fnode *name = hy_form_find(full, "basic_info.used_systems.systems.name");
	while (systems->n_inst < 3)
		hy_repeat_add(doc, systems, systems->n_inst, NULL);
	hy_set_text(doc, hy_value_child(systems->inst[0], name), "住民記録システム");
	hy_set_text(doc, hy_value_child(systems->inst[1], name), "統合宛名システム");
	hy_set_text(doc, hy_value_child(systems->inst[2], name), "中間サーバー");
	hy_review_set(doc, hy_value_child(systems->inst[1], name), HY_MARK_CHECK);
	hy_review_set(doc, hy_value_child(systems->inst[2], name), HY_MARK_IMPORTED);
	hy_repeat_remove(doc, systems, 0);
	cr_expect_str_eq(hy_value_child(systems->inst[0], name)->s, "統合宛名システム");
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[0], name)), HY_MARK_CHECK);
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[1], name)), HY_MARK_IMPORTED);
	hy_repeat_move(doc, systems, 0, 1);
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[1], name)), HY_MARK_CHECK);
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[0], name)), HY_MARK_IMPORTED);
	hy_repeat_add(doc, systems, 0, NULL);
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[0], name)), HY_MARK_NONE);
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[2], name)), HY_MARK_CHECK);
	hy_repeat_remove(doc, systems, 2);
	cr_expect_eq(hy_review_count(doc), 0, "the removed entry's check mark went with it");
	cr_expect_eq(hy_review_get(doc, hy_value_child(systems->inst[1], name)), HY_MARK_IMPORTED);
	hy_doc_free(doc);
}

/* ---- texts holding several documents ---- */

static const char *const one_full =
	"特定個人情報保護評価書(全項目評価書)\n"
	"\n"
	"評価書番号\t評価書名\n"
	"%d\t某市 国民健康保険事務 全項目評価書\n"
	"\n"
	"I 基本情報\n"
	"1. 特定個人情報ファイルを取り扱う事務\n"
	"①事務の名称\t国民健康保険事務\n";

static size_t documents_in(const hy_form *form, const char *text, int **lines)
{
	hy_imp_cells cells;
	hy_imp_split(text, strlen(text), &cells);
	size_t *starts = NULL;
	size_t n = hy_imp_documents(form, &cells, &starts);
	*lines = calloc(n, sizeof **lines);
	for (size_t i = 0; i < n; i++)
		(*lines)[i] = cells.items[starts[i]].line;
	free(starts);
	hy_imp_cells_free(&cells);
	return n;
}

Test(import, documents_begin_where_the_form_says, .init = setup, .fini = teardown)
{
	char *a = hy_printf(one_full, 7), *b = hy_printf(one_full, 8);
	/* a preface before the first title belongs to the first document */
	char *two = hy_printf("前書き\n\n%s\n%s", a, b);
	int *lines;
	cr_expect_eq(documents_in(full, two, &lines), 2);
	cr_expect_eq(lines[0], 1);
	cr_expect_eq(lines[1], 12, "the second title is on line 12, not %d", lines[1]);
	free(lines);
	cr_expect_eq(documents_in(full, a, &lines), 1);
	cr_expect_eq(lines[0], 1);
	free(lines);
	/* the title inside a sentence begins nothing */
	char *quoted = hy_printf("%s別紙2「特定個人情報保護評価書(全項目評価書)」のとおり\n", a);
	cr_expect_eq(documents_in(full, quoted, &lines), 1);
	free(lines);
	/* the title printed twice above the cover, with the stamp between: one */
	char *headed = hy_printf("特定個人情報保護評価書（全項目評価書）\n[平成30年５月　様式４]\n\n%s", a);
	cr_expect_eq(documents_in(full, headed, &lines), 1);
	free(lines);
	free(headed);
	/* without a pattern, one document */
	hy_form *f = (hy_form *)full;
	char *pattern = f->document_start;
	f->document_start = NULL;
	cr_expect_eq(documents_in(full, two, &lines), 1);
	free(lines);
	f->document_start = pattern;
	free(quoted);
	free(two);
	free(a);
	free(b);
}

Test(import, a_council_packet_holds_eight_consultations, .init = setup, .fini = teardown)
{
	size_t len = 0;
	char *err = NULL;
	char *text = hy_read_file("../shared/seeds/setagaya-shimon-986-993.txt", 64 << 20, &len, &err);
	if (!text) {
		free(err);
		cr_skip_test("../shared/seeds is absent: the council packet (諮問第986号～第993号) skipped");
	}
	const hy_form *council = hy_forms_get(&forms, "setagaya-consultation");
	cr_assert(council);
	int *lines;
	size_t n = documents_in(council, text, &lines);
	static const int want[] = {1, 71, 151, 255, 337, 406, 522, 609};
	cr_assert_eq(n, 8, "%zu documents", n);
	for (size_t i = 0; i < 8; i++)
		cr_expect_eq(lines[i], want[i], "諮問第%zu号 begins on line %d, not %d", 986 + i,
			     want[i], lines[i]);
	free(lines);
	free(text);
}

