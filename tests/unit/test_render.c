/* Rendering: width limits at 60/80/120 for every form and example, golden
 * files for the blank forms, layout details. */
#include "helpers.h"
#include "hyoka/render.h"

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

static hy_forms forms;

static void setup(void)
{
	load_shipped_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(render, .init = setup, .fini = teardown);

static hy_doc *blank(const char *id)
{
	const hy_form *f = hy_forms_get(&forms, id);
	cr_assert_not_null(f, "form %s", id);
	hy_doc *doc = hy_doc_new(f);
	hy_doc_fill_blank(doc);
	return doc;
}

static void expect_width(const char *text, int width, const char *what)
{
	const char *p = text;
	int line = 1;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = hy_strndup(p, len);
		const char *s = l[0] == '\f' ? l + 1 : l;
		cr_expect_leq(hy_str_width(s), width, "%s, width %d, line %d too wide: %s", what, width,
			      line, s);
		free(l);
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
}

/* Each bad[i][0], put into the form text `frame` (one %s), is refused when
 * the form loads, with a message that says bad[i][1]. */
static void expect_refused(const char *frame, const char *const bad[][2], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hy_diags d;
		char *text = hy_printf(frame, bad[i][0]);
		hy_form *f = form_from(text, &d);
		cr_expect_null(f, "%s is refused", bad[i][0]);
		cr_expect(diags_mention(&d, bad[i][1]), "%s: says %s", bad[i][0], bad[i][1]);
		hy_form_free(f);
		hy_diags_free(&d);
		free(text);
	}
}

Test(render, blank_forms_fit_every_width)
{
	int widths[] = {60, 80, 120};
	for (size_t i = 0; i < forms.n; i++) {
		hy_doc *doc = blank(forms.forms[i]->id);
		for (size_t w = 0; w < 3; w++) {
			hy_render_opts o = {.width = widths[w], .blank = true};
			char *text = hy_render(doc, &o);
			expect_width(text, widths[w], forms.forms[i]->id);
			o.ascii = true;
			o.page_lines = 60;
			free(text);
			text = hy_render(doc, &o);
			expect_width(text, widths[w], forms.forms[i]->id);
			for (const unsigned char *p = (const unsigned char *)text; *p; p++)
				if (*p == 0xE2 && p[1] == 0x94) /* U+2500 box drawing */
					cr_assert_fail("--ascii output contains box drawing");
			free(text);
		}
		hy_doc_free(doc);
	}
}

Test(render, examples_fit_every_width)
{
	DIR *d = opendir("examples");
	cr_assert_not_null(d);
	struct dirent *e;
	int seen = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue; /* not FILE.yaml~ backups or recovery files */
		char *path = hy_printf("examples/%s", e->d_name);
		hy_diags diags;
		hy_diags_init(&diags);
		hy_doc *doc = hy_doc_load(&forms, path, &diags);
		cr_assert_not_null(doc, "%s: %s", path, diags.n ? diags.items[0].message : "");
		for (int w = 60; w <= 120; w += 20) {
			hy_render_opts o = {.width = w, .page_lines = w == 80 ? 66 : 0};
			char *text = hy_render(doc, &o);
			expect_width(text, w, path);
			free(text);
		}
		seen++;
		hy_doc_free(doc);
		hy_diags_free(&diags);
		free(path);
	}
	closedir(d);
	cr_expect_geq(seen, 1, "examples exist");
}

Test(render, blank_forms_match_golden_files)
{
	for (size_t i = 0; i < forms.n; i++) {
		hy_doc *doc = blank(forms.forms[i]->id);
		hy_render_opts o = {.width = 80, .blank = true};
		char *text = hy_render(doc, &o);
		char *path = hy_printf("tests/golden/%s-blank.txt", forms.forms[i]->id);
		size_t len;
		char *err = NULL;
		char *want = hy_read_file(path, 1 << 24, &len, &err);
		cr_expect_not_null(want, "%s missing (make golden): %s", path, err ? err : "");
		if (want)
			cr_expect(strcmp(want, text) == 0,
				  "%s differs from the rendering; compare with `./hyoka render --form %s`",
				  path, forms.forms[i]->id);
		free(want);
		free(err);
		free(path);
		free(text);
		hy_doc_free(doc);
	}
}

Test(render, choices_checklists_and_pages)
{
	hy_doc *doc = blank("full");
	hy_value *pop = hy_value_resolve(doc, doc->root,
					 hy_form_find(doc->form, "basic_info.task.target_population"));
	cr_assert_not_null(pop);
	hy_set_choice(doc, pop, 4, NULL);
	hy_render_opts o = {.width = 80, .page_lines = 60};
	char *text = hy_render(doc, &o);
	cr_expect(strstr(text, "[ 30万人以上 ]") != NULL);
	cr_expect(strstr(text, "＜選択肢＞") != NULL);
	cr_expect(strstr(text, "1) 1,000人未満") != NULL);
	cr_expect(strstr(text, "[　 ] 個人番号") != NULL);
	cr_expect(strstr(text, "\f") != NULL, "form feeds between pages");
	cr_expect(strstr(text, "- 1 / ") != NULL, "page footer");
	cr_expect(strstr(text, "null") == NULL, "empty values are blank boxes");
	free(text);
	hy_doc_free(doc);
}

/* ---- the layout model: print like the 様式 (issue 18), with the published wording ---- */

#include "hyoka/layout.h"

/* The items of a layout, one string each: "W:text" (wide), "R:label|para|para",
 * "T:col|col" (table), "G:text" (table group), "TOC:text". */
typedef struct {
	char **s;
	size_t n, cap;
} items;

static bool collect(void *ctx, const hy_litem *it)
{
	items *x = ctx;
	hy_buf b;
	hy_buf_init(&b);
	switch (it->kind) {
	case HY_LY_WIDE:
		hy_buf_addf(&b, "%s:%s", it->wide == HY_LW_TOC ? "TOC" : it->wide == HY_LW_TEXT ? "X" : "W",
			    it->text);
		break;
	case HY_LY_ROW:
		hy_buf_addf(&b, "R:%s", it->text);
		for (size_t i = 0; i < it->n_paras; i++) {
			const hy_lpara *p = &it->paras[i];
			hy_buf_adds(&b, "|");
			if (p->kind != HY_LP_ITEMS)
				hy_buf_adds(&b, p->text);
			for (size_t j = 0; j < p->n_items; j++)
				hy_buf_addf(&b, "%s%s", j ? "　" : "", p->items[j]);
		}
		break;
	case HY_LY_TABLE:
		hy_buf_adds(&b, "T:");
		for (size_t c = 0; c < it->n_cols; c++)
			hy_buf_addf(&b, "%s%s", c ? "|" : "", it->cols[c].label);
		break;
	case HY_LY_TABLE_GROUP:
		hy_buf_addf(&b, "G:%s", it->text);
		break;
	case HY_LY_LINE: /* "L:" left, "L>:" right, "L^:" centred; "L2:" indented by 2 */
		hy_buf_addf(&b, "L%s", it->align == HY_ALIGN_RIGHT    ? ">"
				       : it->align == HY_ALIGN_CENTER ? "^"
								      : "");
		if (it->indent)
			hy_buf_addf(&b, "%d", it->indent);
		hy_buf_addf(&b, ":%s", it->text);
		break;
	default:
		hy_buf_addf(&b, "%d:%s", (int)it->kind, it->text ? it->text : "");
		break;
	}
	hy_grow((void **)&x->s, &x->cap, x->n, sizeof *x->s);
	x->s[x->n++] = hy_buf_take(&b);
	return true;
}

static items lay_out(const hy_doc *doc)
{
	items x = {0};
	hy_layout_opts o = {0};
	cr_assert(hy_layout(doc, &o, collect, &x));
	return x;
}

static void items_free(items *x)
{
	hy_lines_free(x->s, x->n);
}

static size_t find_item(const items *x, size_t from, const char *prefix)
{
	for (size_t i = from; i < x->n; i++)
		if (hy_starts_with(x->s[i], prefix))
			return i;
	return (size_t)-1;
}

static size_t count_items(const items *x, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < x->n; i++)
		n += hy_starts_with(x->s[i], prefix);
	return n;
}

static hy_doc *example_with(const char *path, const char *from, const char *to)
{
	size_t len;
	char *err = NULL;
	char *text = hy_read_file(path, 1 << 24, &len, &err);
	cr_assert_not_null(text, "%s: %s", path, err ? err : "");
	hy_buf b;
	hy_buf_init(&b);
	const char *at = from ? strstr(text, from) : NULL;
	if (from)
		cr_assert_not_null(at, "%s holds %s", path, from);
	if (at) {
		hy_buf_add(&b, text, (size_t)(at - text));
		hy_buf_adds(&b, to);
		hy_buf_adds(&b, at + strlen(from));
	} else {
		hy_buf_adds(&b, text);
	}
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load_text(&forms, b.data, b.len, path, &d);
	cr_assert_not_null(doc, "%s: %s", path, d.n ? d.items[0].message : "");
	hy_diags_free(&d);
	hy_buf_free(&b);
	free(text);
	return doc;
}

Test(render, repeat_headers_as_printed)
{
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml", NULL, NULL);
	items x = lay_out(doc);
	/* "システム1" alone: the name is ①システムの名称's row */
	cr_expect_neq(find_item(&x, 0, "W:システム1"), (size_t)-1);
	cr_expect_eq(find_item(&x, 0, "W:システム1 "), (size_t)-1, "no name in the header");
	cr_expect_neq(find_item(&x, 0, "R:①システムの名称|国民健康保険システム"), (size_t)-1);
	/* 委託事項N keeps its title: it has no row of its own */
	cr_expect_neq(find_item(&x, 0, "W:委託事項1 国民健康保険システム開発・保守・運用"), (size_t)-1);
	/* no header row per file, none per （別添１） page */
	cr_expect_eq(find_item(&x, 0, "W:特定個人情報ファイル1"), (size_t)-1);
	size_t annex = find_item(&x, 0, "W:（別添１） 事務の内容");
	cr_assert_neq(annex, (size_t)-1);
	cr_expect(!hy_starts_with(x.s[annex + 1], "W:1"), "no page number: %s", x.s[annex + 1]);
	items_free(&x);
	hy_doc_free(doc);
}

Test(render, counts_after_the_option_list)
{
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml", NULL, NULL);
	items x = lay_out(doc);
	size_t i = find_item(&x, 0, "R:委託の有無　※|");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_str_eq(x.s[i], "R:委託の有無　※|[ 委託する ]|＜選択肢＞|1） 委託する　2） 委託しない|（ 8 ）　件");
	i = find_item(&x, 0, "R:提供・移転の有無|");
	cr_assert_neq(i, (size_t)-1);
	cr_expect(strstr(x.s[i], "[ ○ ] 提供を行っている （ 26 ） 件") != NULL, "%s", x.s[i]);
	items_free(&x);
	hy_doc_free(doc);
	/* a blank form: the count's brackets beneath the list */
	doc = blank("full");
	x = lay_out(doc);
	i = find_item(&x, 0, "R:委託の有無　※|");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_str_eq(x.s[i], "R:委託の有無　※|[　　　　　　]|＜選択肢＞|1） 委託する　2） 委託しない|（ 　 ）　件");
	items_free(&x);
	hy_doc_free(doc);
}

Test(render, another_templates_wording_prints_its_list)
{
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml",
				   "    self_check: 十分に行っている", "    self_check: 十分にやっている");
	items x = lay_out(doc);
	size_t i = find_item(&x, find_item(&x, 0, "W:Ⅳ　その他のリスク対策"), "R:");
	cr_assert_neq(i, (size_t)-1);
	cr_expect(strstr(x.s[i], "[ 十分にやっている ]|＜選択肢＞|1) 特に力を入れてやっている　2) 十分にやっている|3) 十分にやっていない") != NULL,
		  "%s", x.s[i]);
	/* the other rows of the same list keep the current wording */
	size_t j = find_item(&x, i + 1, "R:②監査");
	cr_assert_neq(j, (size_t)-1);
	cr_expect(strstr(x.s[j], "1) 特に力を入れて行っている　2) 十分に行っている") != NULL, "%s", x.s[j]);
	items_free(&x);
	hy_doc_free(doc);
}

Test(render, newest_template_group_rows)
{
	/* on the newest template: システム1, then a row per group, empty ones too */
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml",
				   "form_version: '[平成30年５月　様式４]'",
				   "form_version: '[令和６年４月　様式４]'");
	items x = lay_out(doc);
	static const char *const want[] = {"W:システム1", "W:システム2～5", "W:システム2",
					   "W:システム3", "W:システム4", "W:システム5",
					   "W:システム6～10", "W:システム11～15", "W:システム16～20",
					   "R:３．特定個人情報ファイル名"};
	size_t at = 0;
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		size_t i = find_item(&x, at, want[k]);
		cr_expect_neq(i, (size_t)-1, "%s after item %zu", want[k], at);
		if (i != (size_t)-1)
			at = i + 1;
	}
	cr_expect_eq(count_items(&x, "W:委託事項2～5"), 1);
	cr_expect_eq(count_items(&x, "W:委託事項16～20"), 1);
	cr_expect_eq(count_items(&x, "W:提供先2～5"), 1);
	cr_expect_eq(count_items(&x, "W:提供先16～20"), 1);
	items_free(&x);
	hy_doc_free(doc);
	/* stamped [平成30年５月　様式４]: no group rows */
	doc = example_with("examples/sagamihara-kokuho-full.yaml", NULL, NULL);
	x = lay_out(doc);
	cr_expect_eq(count_items(&x, "W:システム2～5"), 0);
	cr_expect_eq(count_items(&x, "W:委託事項2～5"), 0);
	items_free(&x);
	hy_doc_free(doc);
}

Test(render, other_risks_caption_and_fee_inside)
{
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml", NULL, NULL);
	items x = lay_out(doc);
	size_t i = find_item(&x, 0, "W:特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置");
	cr_assert_neq(i, (size_t)-1, "a full-width caption");
	cr_expect(hy_starts_with(x.s[i + 1], "X:"), "the text beneath it: %s", x.s[i + 1]);
	cr_expect_eq(find_item(&x, 0, "R:特定個人情報の使用におけるその他のリスク"), (size_t)-1);
	i = find_item(&x, 0, "R:③手数料等|");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_str_eq(x.s[i], "R:③手数料等|[ 無料 ]|＜選択肢＞|1) 有料　2) 無料|（手数料額、納付方法：写しの交付を希望する場合は、複写費用を徴収している。）");
	cr_expect_eq(find_item(&x, 0, "R:　（手数料額"), (size_t)-1, "not a row of its own");
	items_free(&x);
	hy_doc_free(doc);
}

Test(render, annex2_groups_and_no_empty_unlabelled_rows)
{
	hy_doc *doc = example_with("examples/sagamihara-kokuho-full.yaml", NULL, NULL);
	items x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "T:No|項目名"), (size_t)-1, "区分 is not a column");
	cr_expect_eq(count_items(&x, "G:世帯情報"), 1, "区分 printed once");
	cr_expect_eq(count_items(&x, "G:給付情報"), 1);
	items_free(&x);
	hy_doc_free(doc);
	for (size_t f = 0; f < forms.n; f++) {
		doc = blank(forms.forms[f]->id);
		x = lay_out(doc);
		for (size_t i = 0; i < x.n; i++)
			cr_expect(strcmp(x.s[i], "R:") != 0 && strcmp(x.s[i], "R:|") != 0,
				  "%s: an empty unlabelled row after %s", forms.forms[f]->id,
				  i ? x.s[i - 1] : "");
		items_free(&x);
		hy_doc_free(doc);
	}
}

Test(render, toc_and_headings_as_printed)
{
	hy_doc *doc = blank("full");
	items x = lay_out(doc);
	static const char *const toc[] = {
		"TOC:Ⅰ　基本情報", "TOC:　（別添１） 事務の内容", "TOC:Ⅱ　特定個人情報ファイルの概要",
		"TOC:　（別添２） 特定個人情報ファイル記録項目",
		"TOC:Ⅲ　特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
		"TOC:Ⅳ　その他のリスク対策", "TOC:Ⅴ　開示請求、問合せ", "TOC:Ⅵ　評価実施手続",
		"TOC:　（別添３）　変更箇所"};
	size_t i = find_item(&x, 0, "TOC:");
	cr_assert_neq(i, (size_t)-1);
	for (size_t k = 0; k < sizeof toc / sizeof *toc; k++)
		cr_expect_str_eq(x.s[i + k], toc[k]);
	cr_expect_eq(count_items(&x, "TOC:"), sizeof toc / sizeof *toc);
	cr_expect_neq(find_item(&x, 0, "W:２．特定個人情報の入手 （情報提供ネットワークシステムを通じた入手を除く。）"),
		      (size_t)-1, "an ASCII space before （");
	cr_expect_neq(find_item(&x, 0, "W:５．特定個人情報の提供・移転 （委託や情報提供ネットワークシステムを通じた提供を除く。）"),
		      (size_t)-1);
	items_free(&x);
	hy_doc_free(doc);
}

static bool stop_at_third(void *ctx, const hy_litem *it)
{
	(void)it;
	return ++*(int *)ctx < 3;
}

Test(render, layout_stops_when_the_back_end_does)
{
	hy_doc *doc = blank("full");
	int n = 0;
	hy_layout_opts o = {0};
	cr_expect(!hy_layout(doc, &o, stop_at_third, &n));
	cr_expect_eq(n, 3);
	hy_doc_free(doc);
}

Test(render, focused_toc_as_printed)
{
	hy_doc *doc = blank("focused");
	items x = lay_out(doc);
	static const char *const toc[] = {
		"TOC:Ⅰ　基本情報", "TOC:Ⅱ　特定個人情報ファイルの概要",
		"TOC:　（別添１） 特定個人情報ファイル記録項目", "TOC:Ⅲ　リスク対策",
		"TOC:Ⅳ　開示請求、問合せ", "TOC:Ⅴ　評価実施手続", "TOC:　（別添２）　変更箇所"};
	size_t i = find_item(&x, 0, "TOC:");
	cr_assert_neq(i, (size_t)-1);
	for (size_t k = 0; k < sizeof toc / sizeof *toc; k++)
		cr_expect_str_eq(x.s[i + k], toc[k]);
	cr_expect_eq(count_items(&x, "TOC:"), sizeof toc / sizeof *toc);
	items_free(&x);
	hy_doc_free(doc);
}

/* The print-only form keys: read, and refused when malformed. */
Test(render, print_keys_in_forms)
{
	hy_diags d;
	hy_form *f = form_from(
		"id: t\ntitle: t\nparts:\n"
		"  - id: p\n    label: P\n    toc_label: 　P\n    children:\n"
		"      - id: r\n        type: repeat\n        label: システム{n}\n        max: 20\n"
		"        groups: {label: \"システム{from}～{to}\", starts: [2, 6]}\n"
		"        children:\n          - {id: a, type: text, label: ①名称}\n"
		"      - {id: fee, type: text, label: 手数料, print: inside, print_as: \"（{value}）\"}\n"
		"      - {id: other, type: longtext, label: その他, print: caption}\n"
		"      - id: tb\n        type: table\n        columns:\n"
		"          - {id: cat, label: 区分, type: text, print: group}\n"
		"          - {id: name, label: 項目名, type: text}\n",
		&d);
	cr_assert_not_null(f, "%s", d.n ? d.items[0].message : "");
	const hy_fnode *p = f->root.children[0];
	cr_expect_str_eq(p->toc_label, "　P");
	cr_expect_eq(p->children[0]->n_groups, 2);
	cr_expect_eq(p->children[0]->group_starts[1], 6);
	cr_expect_str_eq(p->children[0]->group_label, "システム{from}～{to}");
	cr_expect_eq(p->children[1]->print, HY_PRINT_INSIDE);
	cr_expect_str_eq(p->children[1]->print_as, "（{value}）");
	cr_expect_eq(p->children[2]->print, HY_PRINT_CAPTION);
	cr_expect_eq(p->children[3]->children[0]->print, HY_PRINT_GROUP);
	hy_form_free(f);
	hy_diags_free(&d);
	static const char *const bad[][2] = {
		{"print: beside", "'print' must be"},
		{"groups: {label: x}", "'groups' needs"},
		{"groups: {label: x, starts: [6, 2]}", "increasing"},
	};
	expect_refused("id: t\ntitle: t\nparts:\n  - id: p\n    children:\n"
		       "      - id: r\n        type: repeat\n        %s\n"
		       "        children:\n          - {id: a, type: text}\n",
		       bad, sizeof bad / sizeof *bad);
}

/* `inside` joins the row before it; after a caption, it keeps its own row. */
Test(render, inside_needs_a_row_before_it)
{
	hy_diags d;
	hy_form *f = form_from(
		"id: t\ntitle: t\nparts:\n  - id: p\n    label: P\n    children:\n"
		"      - {id: a, type: text, label: ③手数料等}\n"
		"      - {id: b, type: text, label: 額, print: inside, print_as: \"（額：{value}）\"}\n"
		"      - {id: c, type: longtext, label: その他, print: caption}\n"
		"      - {id: e, type: text, label: 後, print: inside}\n",
		&d);
	cr_assert_not_null(f, "%s", d.n ? d.items[0].message : "");
	hy_doc *doc = hy_doc_new(f);
	items x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "R:③手数料等|（額：　）"), (size_t)-1);
	cr_expect_eq(find_item(&x, 0, "R:額"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "W:その他"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "R:後"), (size_t)-1, "printed, as a row of its own");
	items_free(&x);
	hy_doc_free(doc);
	hy_form_free(f);
	hy_diags_free(&d);
}

/* ---- the 世田谷区 consultation (outline printing), with the published wording ---- */

static size_t count_containing(const items *x, const char *what)
{
	size_t n = 0;
	for (size_t i = 0; i < x->n; i++)
		n += strstr(x->s[i], what) != NULL;
	return n;
}

/* The letter (reference §9): number and date right, addressee, sender right,
 * the sentence with the legal basis, a centred 記, the composed subject. */
Test(render, consultation_letter_as_printed)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-990.yaml", NULL, NULL);
	items x = lay_out(doc);
	static const char *const in_order[] = {
		"L>:諮問第990号",
		"L>:令和4年8月19日",
		"L:世田谷区情報公開・個人情報保護審議会",
		"L:会　長　山　田　健　太　様",
		"L>:世田谷区長　保　坂　展　人",
		"L:世田谷区個人情報保護条例第12条の規定に基づき、下記の事項について諮問します。",
		"L^:記",
		"L:「特別区民税業務」における外部委託に伴う個人情報の保護措置について"
		"（当初賦課業務委託で取り扱う委託内容の追加）",
		/* the 審議資料 repeats the number and the subject */
		"L:諮問第990号",
		/* centred, the subtitle on a line of its own */
		"L^:「特別区民税業務」における外部委託に伴う個人情報の保護措置について\n"
		"（当初賦課業務委託で取り扱う委託内容の追加）",
		"L>:令和4年8月26日",
		"L>:財務部課税課",
		"L:1　委託の件名",
	};
	size_t at = 0;
	for (size_t i = 0; i < sizeof in_order / sizeof *in_order; i++) {
		size_t hit = find_item(&x, at, in_order[i]);
		cr_expect_neq(hit, (size_t)-1, "%s, in order", in_order[i]);
		if (hit != (size_t)-1)
			at = hit + 1;
	}
	cr_expect_str_eq(x.s[0], "L>:諮問第990号", "the letter starts the page: no form title");
	/* no tables, no boxes, no editor names on the consultation pages */
	cr_expect_eq(count_items(&x, "R:"), 0);
	cr_expect_eq(count_items(&x, "W:"), 0);
	cr_expect_eq(count_containing(&x, "根拠"), 0);
	cr_expect_eq(count_containing(&x, "件名の副題"), 0);
	items_free(&x);
	hy_doc_free(doc);
}

/* Several 業務名: 「A」、「B」及び「C」. */
Test(render, consultation_subject_joins_task_names)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-990.yaml", "  - 特別区民税業務\n",
				   "  - 特別区民税業務\n  - 子ども家庭支援業務\n  - 企画調整業務\n");
	items x = lay_out(doc);
	cr_expect_eq(count_containing(&x, ":「特別区民税業務」、「子ども家庭支援業務」及び「企画調整業務」"
					  "における外部委託に伴う個人情報の保護措置について"),
		     2, "in the letter and in the 審議資料");
	items_free(&x);
	hy_doc_free(doc);
}

/* Only what the kind of case prints: an 外部委託 case has no 回線結合 or
 * 第三者点検 part, no other kind's subject, no 《事業の概要》 or 第1. */
Test(render, consultation_prints_only_its_kind)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-990.yaml", NULL, NULL);
	items x = lay_out(doc);
	static const char *const absent[] = {
		"回線結合する理由", "外部の電子計算機との回線結合について", "第三者点検",
		"《事業の概要》", "第1　", "第2　", "別紙", "参考資料", "今後のスケジュール"};
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
		cr_expect_eq(count_containing(&x, absent[i]), 0, "%s is not printed", absent[i]);
	items_free(&x);
	hy_doc_free(doc);
	/* the combined case 991: both parts under their headings, the A phrase only */
	doc = example_with("examples/setagaya-shimon-991.yaml", NULL, NULL);
	x = lay_out(doc);
	size_t gaiyo = find_item(&x, 0, "L:《事業の概要》");
	size_t dai1 = find_item(&x, 0, "L:第1　外部委託に伴う個人情報の保護措置について");
	size_t dai2 = find_item(&x, 0, "L:第2　外部の電子計算機との回線結合について");
	cr_expect(gaiyo != (size_t)-1 && dai1 != (size_t)-1 && dai2 != (size_t)-1);
	cr_expect(gaiyo < dai1 && dai1 < dai2);
	cr_expect_eq(count_containing(&x, "における外部の電子計算機との回線結合について"), 0);
	cr_expect_eq(count_containing(&x, "第三者点検"), 0);
	items_free(&x);
	hy_doc_free(doc);
	/* 993 (第三者点検): no 業務名, the attachments, no 外部委託 items */
	doc = example_with("examples/setagaya-shimon-993.yaml", NULL, NULL);
	x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "L:特定個人情報保護評価における第三者点検について"
				       "（国民健康保険　保険料収納事務）"),
		      (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:参考資料2"), (size_t)-1);
	cr_expect_eq(count_containing(&x, "委託の件名"), 0);
	/* 参考資料2: a group is headed by its 見出し, no 区分N or 大見出し label */
	size_t bu = find_item(&x, 0, "L:Ⅰ　基本情報");
	cr_expect_neq(bu, (size_t)-1);
	cr_expect_neq(find_item(&x, bu, "L:1.特定個人情報ファイルを取り扱う事務"), (size_t)-1,
		      "the part heading, then the group's heading");
	cr_expect_eq(count_containing(&x, "区分1"), 0);
	cr_expect_eq(count_containing(&x, "大見出し"), 0);
	/* the schedule as lines, no grid */
	cr_expect_neq(find_item(&x, 0, "L1:令和4年9月　個人情報保護委員会へ全項目評価書の報告"),
		      (size_t)-1);
	items_free(&x);
	hy_doc_free(doc);
}

/* A choice prints its word, a detail in （ ）, never the option list. */
Test(render, consultation_choice_prints_the_word)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-990.yaml", NULL, NULL);
	items x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "L:7　個人情報を取り扱う場所について区及び委託先以外の者との"
				       "共用の有無　なし"),
		      (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:9　委託先の電子計算機を利用した個人情報処理の有無　なし"
				       "（委託先事業者は、区の電子計算機のみを使用する。）"),
		      (size_t)-1);
	cr_expect_eq(count_containing(&x, "1） なし"), 0);
	cr_expect_eq(count_containing(&x, "2） あり"), 0);
	items_free(&x);
	hy_doc_free(doc);
}

/* is_addition puts 新たな項目： before each of the three values (986), and
 * prints no row of its own; without it, no prefix (990). */
Test(render, consultation_new_items_prefix)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-986.yaml", NULL, NULL);
	items x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "L:・区から委託先へ提供するもの　新たな項目：なし"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:・委託先が本人から収集するもの　新たな項目：メールアドレス"),
		      (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:・区及び本人以外から委託先へ提供するもの　新たな項目：なし"),
		      (size_t)-1);
	cr_expect_eq(count_containing(&x, "新たな項目（項目の追加のみの諮問）"), 0);
	cr_expect_eq(count_containing(&x, "新たな項目："), 3, "the 件数 and later items have none");
	items_free(&x);
	hy_doc_free(doc);
	doc = example_with("examples/setagaya-shimon-990.yaml", NULL, NULL);
	x = lay_out(doc);
	cr_expect_eq(count_containing(&x, "新たな項目："), 0);
	items_free(&x);
	hy_doc_free(doc);
}

/* Lists of two or more are numbered （1）（2）…; one entry is not (990, 992). */
Test(render, consultation_lists_numbered)
{
	hy_doc *doc = example_with("examples/setagaya-shimon-990.yaml", NULL, NULL);
	items x = lay_out(doc);
	size_t first = find_item(&x, 0, "L1:（1）所得税の確定申告書関係資料の提出者、その被扶養者及び専従者");
	cr_expect_neq(first, (size_t)-1);
	cr_expect_neq(find_item(&x, first, "L1:（5）特別区民税・都民税申告書の提出者、その被扶養者及び専従者"),
		      (size_t)-1);
	/* a single contract: no 契約1 header, no empty 契約名 row; no empty 審議資料No. */
	cr_expect_eq(count_items(&x, "L:契約1"), 0);
	cr_expect_eq(count_containing(&x, "契約名"), 0);
	cr_expect_eq(count_containing(&x, "審議資料No."), 0);
	items_free(&x);
	hy_doc_free(doc);
	doc = example_with("examples/setagaya-shimon-992.yaml", NULL, NULL);
	x = lay_out(doc);
	cr_expect_neq(find_item(&x, 0, "L1:（1）障害者緊急時専門サポーター派遣業務委託"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L1:（2）障害者緊急時車両派遣・送迎業務委託"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L1:センターの利用を希望し、事前に申請を行った障害者及びその家族等"),
		      (size_t)-1, "one entry, unnumbered");
	cr_expect_neq(find_item(&x, 0, "L>:審議資料No.7"), (size_t)-1);
	/* two contracts: each block headed by the contract's name */
	size_t c1 = find_item(&x, 0, "L:障害者緊急時専門サポーター派遣業務委託");
	cr_expect_neq(c1, (size_t)-1);
	cr_expect_neq(find_item(&x, c1, "L:・区から委託先へ提供するもの　氏名、住所、生年月日"), (size_t)-1);
	cr_expect_eq(count_containing(&x, "契約名"), 0);
	cr_expect_eq(count_containing(&x, "（1）（1）"), 0, "typed numbers are not doubled");
	items_free(&x);
	hy_doc_free(doc);
}

/* The outline keys are read, and wrong values refused with a message. */
Test(render, outline_print_keys)
{
	hy_diags d;
	hy_form *f = form_from(
		"id: t\ntitle: t\nparts:\n  - id: p\n    print: outline\n    children:\n"
		"      - {id: k, type: choice, label: 種別, list: yn, print: none}\n"
		"      - {id: a, type: fixed, label: 見出し, omit: inapplicable, when: {field: k, is: あり}}\n"
		"      - {id: n, type: list, label: 名, print: none,\n"
		"         join: {item: \"「{item}」\", sep: \"、\", last: \"及び\"}}\n"
		"      - {id: m, type: list, label: 範囲, numbered: \"（{n}）\", align: right}\n"
		"      - {id: s, type: text, label: 件名, print_as: \"{n}における{value}\", omit: [empty]}\n"
		"      - {id: add, type: flag, label: 追加, print: prefix, print_as: \"新：\"}\n"
		"      - {id: x, type: text, label: 項目}\n"
		"      - {id: y, type: text, label: 件数}\n"
		"      - id: tb\n        type: table\n        label: 予定\n        print: lines\n"
		"        columns:\n          - {id: m, label: 月, type: text}\n"
		"          - {id: w, label: 内容, type: text}\n"
		"lists:\n  yn:\n    caption: \"\"\n    options: [あり, なし]\n",
		&d);
	cr_assert_not_null(f, "%s", d.n ? d.items[0].message : "");
	const hy_fnode *p = f->root.children[0];
	cr_expect_eq(p->print, HY_PRINT_OUTLINE);
	cr_expect_eq(p->children[0]->print, HY_PRINT_NONE);
	cr_expect(p->children[1]->omit_inapplicable);
	cr_expect_str_eq(p->children[2]->join_last, "及び");
	cr_expect_str_eq(p->children[3]->numbered, "（{n}）");
	cr_expect_eq(p->children[3]->align, HY_ALIGN_RIGHT);
	cr_expect(p->children[4]->omit_empty);
	cr_expect_eq(p->children[5]->print, HY_PRINT_PREFIX);
	cr_expect_eq(p->children[8]->print, HY_PRINT_LINES);
	hy_diags_free(&d);
	hy_forms set = {.forms = &f, .n = 1};
	hy_doc *doc = doc_from(&set,
				    "form: t\np:\n  k: なし\n  n: [A, B, C]\n  m: [A, B, C]\n  s: 件\n  add: true\n"
				    "  x: メールアドレス\n  y: 10件\n"
				    "  tb:\n    - {m: 令和4年9月, w: 報告}\n",
				    &d);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "");
	items x = lay_out(doc);
	cr_expect_eq(count_containing(&x, "見出し"), 0, "its condition fails");
	cr_expect_eq(count_containing(&x, "種別"), 0);
	cr_expect_neq(find_item(&x, 0, "L>1:（1）A"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L>1:（3）C"), (size_t)-1);
	cr_expect_eq(count_containing(&x, "名"), 0, "a list printed only through a template");
	cr_expect_neq(find_item(&x, 0, "L:「A」、「B」及び「C」における件"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:項目　新：メールアドレス"), (size_t)-1);
	cr_expect_neq(find_item(&x, 0, "L:件数　10件"), (size_t)-1, "the prefix holds for one sibling");
	cr_expect_neq(find_item(&x, 0, "L1:令和4年9月　報告"), (size_t)-1);
	items_free(&x);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_form_free(f);
	static const char *const bad[][2] = {
		{"align: middle", "'align' must be"},
		{"omit: never", "'omit' takes"},
		{"print: letter", "'print' must be"},
		{"print_as: \"{nowhere}における{value}\"", "names 'nowhere', which is not a field"},
	};
	expect_refused("id: t\ntitle: t\nparts:\n  - id: p\n    children:\n"
		       "      - id: r\n        type: text\n        %s\n",
		       bad, sizeof bad / sizeof *bad);
}

/* On a terminal (or in ＭＳ ゴシック) that draws ①, Ⅱ, ※, ○ and box lines two
 * columns wide, every rendering still fits its width and ○ still lines up. */
Test(render, ambiguous_wide_renderings_fit)
{
	hy_set_ambiguous_width(2);
	const char *paths[] = {"examples/yokohama-hitorioya-focused.yaml",
			       "examples/sagamihara-kokuho-full.yaml"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		hy_diags diags;
		hy_diags_init(&diags);
		hy_doc *doc = hy_doc_load(&forms, paths[i], &diags);
		cr_assert_not_null(doc);
		for (int w = 60; w <= 100; w += 20) {
			hy_render_opts o = {.width = w, .page_lines = 66};
			char *text = hy_render(doc, &o);
			expect_width(text, w, paths[i]);
			free(text);
		}
		hy_doc_free(doc);
		hy_diags_free(&diags);
	}
	for (size_t i = 0; i < forms.n; i++) {
		hy_doc *doc = hy_doc_new(forms.forms[i]);
		hy_doc_fill_blank(doc);
		hy_render_opts o = {.width = 80, .blank = true};
		char *text = hy_render(doc, &o);
		expect_width(text, 80, forms.forms[i]->id);
		free(text);
		hy_doc_free(doc);
	}
	hy_set_ambiguous_width(1);
}

/* Lines of `text` between form feeds: every page is page_lines long. */
static void expect_pages_of(const char *text, int page_lines)
{
	int lines = 0, pages = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\f') {
			cr_expect_eq(lines, page_lines, "page %d has %d lines", pages, lines);
			lines = 0;
			pages++;
		}
		lines += *p == '\n';
	}
	cr_expect_eq(lines, page_lines, "the last page (%d) has %d lines", pages, lines);
	cr_expect_gt(pages, 1);
}

/* A row line longer than the writer's 64 KiB buffer (a run of combining
 * accents has no width, so it stays on one line): it is built apart, and
 * comes out whole, boxed, on its page. */
Test(render, row_line_longer_than_the_buffer)
{
	hy_buf y;
	hy_buf_init(&y);
	hy_buf_adds(&y, "form: focused\ncover:\n  eval_title: \"評価a");
	for (int i = 0; i < 40000; i++)
		hy_buf_adds(&y, "\\u0301");
	hy_buf_adds(&y, "終\"\n");
	char path[] = "/tmp/hyoka-render-long-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, y.data, y.len), (ssize_t)y.len);
	close(fd);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_doc_load(&forms, path, &diags);
	unlink(path);
	cr_assert_not_null(doc, "%s", diags.n ? diags.items[0].message : "");
	for (int paged = 0; paged < 2; paged++) {
		hy_render_opts o = {.width = 80, .page_lines = paged ? 30 : 0};
		char *text = hy_render(doc, &o);
		/* its row (the title is also the running header) */
		const char *at = strstr(text, "│評価書名");
		cr_assert_not_null(at, "the title's row is printed");
		cr_assert_not_null(strstr(at, "評価a\xCC\x81\xCC\x81"));
		const char *start = at, *end = strchr(at, '\n');
		cr_assert_not_null(end);
		cr_expect_gt(end - start, 80000, "one line of %td bytes", end - start);
		char *line = hy_strndup(start, (size_t)(end - start));
		cr_expect(strncmp(line, "│", 3) == 0 && strcmp(line + strlen(line) - 3, "│") == 0,
			  "boxed");
		cr_expect_eq(hy_str_width(line), 80);
		free(line);
		if (paged)
			expect_pages_of(text, 30);
		free(text);
	}
	hy_doc_free(doc);
	hy_diags_free(&diags);
	hy_buf_free(&y);
}
