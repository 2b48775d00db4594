/* 別紙: tables the 様式 has no cell for, carried by every part of the shipped
 * forms (`annexes`), printed after their part (`print: grid`), validated
 * (`heads`, `warn_empty`).  The wording is the published 重大事故 別紙
 * (full-form-III-VI.md §8: 発生時期, 概要, 原因, 影響, 対応, 再発防止策). */
#include "helpers.h"
#include "hyoka/layout.h"

static hy_forms forms;

static void setup(void)
{
	load_shipped_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(annex, .init = setup, .fini = teardown);

#define INCIDENTS                                                                          \
	"    - title: 個人情報に関する重大事故について\n"                                   \
	"      text: Ⅲ．７．⑨の「その内容」及び「再発防止策の内容」は次のとおり。\n"        \
	"      columns: [発生時期, 概要, 原因, 影響, 対応, 再発防止策]\n"                      \
	"      rows:\n"                                                                      \
	"        - cells: [令和6年4月, 国民健康保険高額療養費支給申請書の紛失, 確認不足, "     \
	"申請者1名分の個人情報, 報道発表, 受付時の複数人確認を徹底する]\n"

static hy_doc *load(const char *text)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, text, &d);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "");
	hy_diags_free(&d);
	return doc;
}

static bool has_issue(const hy_doc *doc, hy_severity sev, const char *needle)
{
	hy_diags all;
	all_issues(doc, &all);
	bool found = false;
	for (size_t i = 0; i < all.n && !found; i++)
		found = all.items[i].severity == sev && strstr(all.items[i].message, needle);
	hy_diags_free(&all);
	return found;
}

/* The layout as lines: "W:" wide, "X:" text across, "T:" heads, "R:" a table
 * row's cells, "P:" a part heading. */
typedef struct {
	char **s;
	size_t n, cap;
} lines;

static bool collect(void *ctx, const hy_litem *it)
{
	lines *x = ctx;
	hy_buf b;
	hy_buf_init(&b);
	switch (it->kind) {
	case HY_LY_WIDE:
		hy_buf_addf(&b, "%s:%s", it->wide == HY_LW_TEXT ? "X" : it->wide == HY_LW_PART ? "P" : "W",
			    it->text);
		break;
	case HY_LY_TABLE:
	case HY_LY_TABLE_ROW:
		hy_buf_adds(&b, it->kind == HY_LY_TABLE ? "T:" : "R:");
		for (size_t c = 0; c < it->n_cols; c++)
			hy_buf_addf(&b, "%s%s", c ? "|" : "",
				    it->kind == HY_LY_TABLE ? it->cols[c].label : it->cells[c]);
		break;
	default:
		hy_buf_addf(&b, "%d", (int)it->kind);
		break;
	}
	hy_grow((void **)&x->s, &x->cap, x->n, sizeof *x->s);
	x->s[x->n++] = hy_buf_take(&b);
	return true;
}

static size_t find(const lines *x, const char *prefix)
{
	for (size_t i = 0; i < x->n; i++)
		if (hy_starts_with(x->s[i], prefix))
			return i;
	return (size_t)-1;
}

static lines lay_out(const hy_doc *doc)
{
	lines x = {0};
	hy_layout_opts o = {0};
	cr_assert(hy_layout(doc, &o, collect, &x));
	return x;
}

Test(annex, every_part_but_the_cover_carries_annexes)
{
	const char *ids[] = {"full", "focused", "basic"};
	for (size_t k = 0; k < 3; k++) {
		const hy_form *f = hy_forms_get(&forms, ids[k]);
		cr_assert_not_null(f);
		for (size_t i = 0; i < f->root.n_children; i++) {
			const hy_fnode *part = f->root.children[i];
			const hy_fnode *a = NULL;
			for (size_t c = 0; c < part->n_children; c++)
				if (!strcmp(part->children[c]->id, "annexes"))
					a = part->children[c];
			if (!strcmp(part->id, "cover")) {
				cr_expect_null(a, "%s: the cover has no 別紙", ids[k]);
				continue;
			}
			cr_assert_not_null(a, "%s.%s has annexes", ids[k], part->id);
			cr_expect_eq(a, part->children[part->n_children - 1], "printed after its part");
			cr_expect(a->warn_empty && a->omit_empty);
			const hy_fnode *rows = a->children[3];
			cr_expect_eq(rows->print, HY_PRINT_GRID);
			cr_expect_str_eq(hy_grid_cells(rows)->heads->id, "columns");
		}
	}
}

Test(annex, prints_after_its_part_as_a_titled_bordered_table)
{
	hy_doc *doc = load("form: full\nrisk:\n  annexes:\n" INCIDENTS);
	cr_expect(!has_issue(doc, HY_ERROR, "cells but"));
	cr_expect(!has_issue(doc, HY_WARNING, "is empty"));
	lines x = lay_out(doc);
	size_t part = find(&x, "P:Ⅲ"), next = find(&x, "P:Ⅳ");
	size_t title = find(&x, "W:別紙1 個人情報に関する重大事故について");
	size_t text = find(&x, "X:Ⅲ．７．⑨の「その内容」");
	size_t heads = find(&x, "T:発生時期|概要|原因|影響|対応|再発防止策");
	size_t row = find(&x, "R:令和6年4月|国民健康保険高額療養費支給申請書の紛失|確認不足|"
			      "申請者1名分の個人情報|報道発表|受付時の複数人確認を徹底する");
	cr_assert(part != (size_t)-1 && next != (size_t)-1);
	cr_expect(part < title && title < text && text < heads && heads < row && row < next,
		  "part %zu, title %zu, text %zu, heads %zu, row %zu, next part %zu", part, title, text,
		  heads, row, next);
	cr_expect_eq(find(&x, "W:本文"), (size_t)-1, "the text has no caption of its own");
	hy_lines_free(x.s, x.n);
	hy_doc_free(doc);
}

Test(annex, a_row_with_more_cells_than_columns_is_an_error_and_still_prints)
{
	hy_doc *doc = load("form: full\nrisk:\n  annexes:\n" INCIDENTS
			   "        - cells: [令和6年5月, 概要, 原因, 影響, 対応, 再発防止策, 余り]\n");
	cr_expect(has_issue(doc, HY_ERROR, "7 cells but 6 columns in 列名"));
	lines x = lay_out(doc);
	cr_expect_neq(find(&x, "T:発生時期|概要|原因|影響|対応|再発防止策|"), (size_t)-1,
		      "an extra, unnamed column keeps the cell");
	cr_expect_neq(find(&x, "R:令和6年5月|概要|原因|影響|対応|再発防止策|余り"), (size_t)-1);
	hy_lines_free(x.s, x.n);
	/* naming the column clears it: the cells depend on the heads */
	hy_value *annex = hy_value_child(doc->root, hy_form_find(doc->form, "risk"));
	annex = hy_value_child(annex, hy_form_find(doc->form, "risk.annexes"))->inst[0];
	hy_value *cols = annex->kids[2];
	char *names[] = {"発生時期", "概要", "原因", "影響", "対応", "再発防止策", "備考"};
	hy_set_list(doc, cols, names, 7);
	cr_expect(!has_issue(doc, HY_ERROR, "cells but"));
	hy_doc_free(doc);
}

Test(annex, an_empty_annex_is_a_warning_until_something_is_written)
{
	hy_doc *doc = load("form: basic\nchanges:\n  annexes:\n    - title: ''\n");
	cr_expect(has_issue(doc, HY_WARNING, "別紙1 is empty; fill it in or remove it"));
	hy_value *changes = hy_value_child(doc->root, hy_form_find(doc->form, "changes"));
	hy_value *inst = hy_value_child(changes, hy_form_find(doc->form, "changes.annexes"))->inst[0];
	hy_set_text(doc, inst->kids[0], "変更箇所（続き）");
	cr_expect(!has_issue(doc, HY_WARNING, "is empty"), "the edit re-checks the entry");
	hy_doc_free(doc);
}

Test(annex, documents_without_annexes_print_none)
{
	hy_doc *doc = hy_doc_new(hy_forms_get(&forms, "focused"));
	hy_doc_fill_blank(doc);
	lines x = lay_out(doc);
	for (size_t i = 0; i < x.n; i++)
		cr_expect(!strstr(x.s[i], "別紙"), "blank form prints %s", x.s[i]);
	hy_lines_free(x.s, x.n);
	hy_doc_free(doc);
}

Test(annex, form_errors_name_the_key)
{
	const char *cases[][2] = {
		{"      - {id: a, type: text, heads: b}\n", "'heads' is for a list field"},
		{"      - {id: a, type: list, heads: nowhere}\n", "'heads' names 'nowhere'"},
		{"      - {id: r, type: repeat, print: grid, children: [{id: c, type: list}]}\n",
		 "'print: grid' is for a repeat"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *text = hy_printf("id: t\ntitle: T\nparts:\n  - id: p\n    children:\n%s",
				       cases[i][0]);
		hy_diags d;
		hy_form *f = form_from(text, &d);
		cr_expect_null(f, "%s", cases[i][0]);
		cr_expect(diags_mention(&d, cases[i][1]), "%s: %s", cases[i][1],
			  d.n ? d.items[0].message : "no message");
		hy_form_free(f);
		hy_diags_free(&d);
		free(text);
	}
}
