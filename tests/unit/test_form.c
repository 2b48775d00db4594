/* The form loader: good forms, each kind of broken form, and the shipped
 * forms against the reference lists in tests/reference/. */
#include "helpers.h"

#include <stdio.h>

static const char *const good =
	"id: mini\n"
	"title: 小さな評価書\n"
	"stamp: \"[様式]\"\n"
	"name_field: cover.name\n"
	"lists:\n"
	"  yesno:\n"
	"    ref: OL-X\n"
	"    number: \"{n}) \"\n"
	"    options: [する, しない]\n"
	"  kinds:\n"
	"    options:\n"
	"      - 紙\n"
	"      - {text: その他, detail: text}\n"
	"      - {text: 提供を行っている, detail: count, counts: items}\n"
	"      - {text: 行っていない, exclusive: true, aliases: [していない]}\n"
	"parts:\n"
	"  - id: cover\n"
	"    label: 表紙\n"
	"    children:\n"
	"      - {id: name, type: text, label: 評価書名, required: true, max: 40}\n"
	"  - id: main\n"
	"    label: Ⅰ　基本情報\n"
	"    children:\n"
	"      - id: outsourcing\n"
	"        label: １．委託　※\n"
	"        children:\n"
	"          - {id: status, type: choice, list: yesno, label: ①委託の有無}\n"
	"          - {id: kinds, type: checks, list: kinds, label: ②種類}\n"
	"          - id: items\n"
	"            type: repeat\n"
	"            label: 委託事項{n}\n"
	"            title: title\n"
	"            max: 3\n"
	"            when: {field: status, is: する}\n"
	"            children:\n"
	"              - {id: title, type: text}\n"
	"              - {id: sub, type: choice, list: yesno, label: ⑦再委託の有無}\n"
	"              - {id: how, type: longtext, label: ⑧再委託の許諾方法, when: {field: sub, is: する}}\n"
	"      - {id: count, type: int, label: ②件数, min: 0, max: 99}\n"
	"      - {id: date, type: date, label: ③実施日}\n"
	"      - {id: none, type: flag, label: 委託しない, inline: true}\n";

Test(form, loads_a_good_form)
{
	hy_diags d;
	hy_form *f = form_from(good, &d);
	cr_assert_not_null(f, "first diag: %s", d.n ? d.items[0].message : "-");
	cr_expect_str_eq(f->id, "mini");
	cr_expect_eq(f->n_lists, 2);
	cr_expect_eq(f->root.n_children, 2);
	const hy_fnode *how = hy_form_find(f, "main.outsourcing.items.how");
	cr_assert_not_null(how);
	cr_expect_eq(how->when.n, 1);
	cr_expect_str_eq(how->when.items[0].target->id, "sub");
	const hy_fnode *status = hy_form_find(f, "main.outsourcing.status");
	cr_expect(status->important, "※ on the section is inherited");
	cr_expect_eq(status->n_dependents, 1, "the repeat's condition reads status");
	bool alias;
	cr_expect_eq(hy_list_find(f->lists[1], "していない", &alias), 3);
	cr_expect(alias);
	char *num = hy_list_number(f->lists[0], 1);
	cr_expect_str_eq(num, "2) ");
	free(num);
	cr_expect_not_null(f->lists[1]->options[2].counts, "counts resolves to the repeat");
	hy_form_free(f);
	hy_diags_free(&d);
}

static void expect_broken(const char *text, const char *needle, int line)
{
	hy_diags d;
	hy_form *f = form_from(text, &d);
	cr_expect_null(f, "form should be refused: %s", needle);
	cr_expect(diags_mention(&d, needle), "expected a message containing '%s'; got '%s'", needle,
		  d.n ? d.items[0].message : "(none)");
	if (line > 0 && d.n)
		cr_expect_eq(d.items[0].line, line, "error line for '%s'", needle);
	hy_form_free(f);
	hy_diags_free(&d);
}

#define HEAD "id: x\ntitle: t\nlists:\n  l: {options: [a, b]}\nparts:\n  - id: p\n    children:\n"

Test(form, refuses_duplicate_ids)
{
	expect_broken(HEAD "      - {id: a, type: text}\n      - {id: a, type: text}\n",
		      "duplicate id 'a'", 9);
}

Test(form, refuses_unknown_type)
{
	expect_broken(HEAD "      - {id: a, type: textarea}\n", "unknown type 'textarea'", 8);
}

Test(form, refuses_unknown_list)
{
	expect_broken(HEAD "      - {id: a, type: choice, list: nope}\n", "'nope' is not defined", 8);
}

Test(form, refuses_choice_without_options)
{
	expect_broken("id: x\ntitle: t\nlists:\n  l: {options: []}\nparts:\n  - id: p\n",
		      "has no options", 4);
}

/* A choice keeps its option's index in 16 bits: a longer list is refused
 * where it is defined, and the longest allowed one loads. */
static char *list_of(size_t n)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "id: x\ntitle: t\nlists:\n  l:\n    options:\n");
	for (size_t i = 0; i < n; i++)
		hy_buf_addf(&b, "      - o%zu\n", i);
	hy_buf_adds(&b, "parts:\n  - id: p\n    children:\n"
			"      - {id: a, type: choice, list: l}\n");
	return hy_buf_take(&b);
}

Test(form, refuses_an_option_list_too_long_to_index)
{
	char *text = list_of(HY_OPTIONS_MAX + 1);
	expect_broken(text, "at most 32767 are allowed", 6);
	free(text);
	text = list_of(HY_OPTIONS_MAX);
	hy_diags d;
	hy_form *f = form_from(text, &d);
	cr_expect_not_null(f, "%s", d.n ? d.items[0].message : "");
	hy_form_free(f);
	hy_diags_free(&d);
	free(text);
}

Test(form, refuses_a_document_start_that_is_not_a_pattern)
{
	expect_broken("id: x\ntitle: t\ndocument_start: '^諮問第(['\nparts:\n  - id: p\n",
		      "'document_start' is not an extended regular expression", 3);
}

Test(form, refuses_condition_naming_nothing)
{
	expect_broken(HEAD "      - {id: a, type: text, when: {field: ghost, is: a}}\n",
		      "'ghost', which is not a field", 8);
}

Test(form, refuses_condition_with_unknown_option)
{
	expect_broken(HEAD "      - {id: c, type: choice, list: l}\n"
			   "      - {id: a, type: text, when: {field: c, is: z}}\n",
		      "'z' is not an option", 9);
}

Test(form, refuses_condition_cycles)
{
	expect_broken(HEAD "      - {id: c, type: choice, list: l, when: {field: d, is: a}}\n"
			   "      - {id: d, type: choice, list: l, when: {field: c, is: a}}\n",
		      "form a cycle", 0);
}

Test(form, refuses_unknown_keys_and_bad_yaml)
{
	expect_broken(HEAD "      - {id: a, type: text, colour: red}\n", "unknown key 'colour'", 8);
	expect_broken("id: x\ntitle: [unclosed\n", "opened here is never closed", 2);
	expect_broken("id: &a x\ntitle: *a\n", "anchors", 1);
}

Test(form, refuses_ids_that_are_not_ascii)
{
	expect_broken(HEAD "      - {id: 名前, type: text}\n", "must be ASCII", 8);
}

Test(form, repeat_paths_do_not_enter_repeats_from_outside)
{
	expect_broken(HEAD "      - id: r\n        type: repeat\n        children: [{id: c, type: choice, list: l}]\n"
			   "      - {id: a, type: text, when: {field: r.c, is: a}}\n",
		      "not a field here", 11);
}

Test(form, label_split)
{
	char *n, *r;
	hy_label_split("①事務の名称", &n, &r);
	cr_expect_str_eq(n, "①");
	cr_expect_str_eq(r, "事務の名称");
	free(n);
	free(r);
	hy_label_split("Ⅱ　特定個人情報ファイルの概要", &n, &r);
	cr_expect_str_eq(n, "Ⅱ");
	cr_expect_str_eq(r, "特定個人情報ファイルの概要");
	free(n);
	free(r);
	hy_label_split("１２．その他", &n, &r);
	cr_expect_str_eq(n, "１２．");
	free(n);
	free(r);
}

/* ---- the shipped forms against the reference copy ---- */

typedef struct {
	char ref[64];
	int n;
	char text[512];
} ref_row;

static size_t read_tsv(const char *path, ref_row **rows)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	char line[2048];
	size_t n = 0, cap = 0;
	*rows = NULL;
	bool header = true;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (header) {
			header = false;
			continue;
		}
		char *a = strtok(line, "\t"), *b = strtok(NULL, "\t"), *c = strtok(NULL, "\t");
		if (!a || !b)
			continue;
		hy_grow((void **)rows, &cap, n, sizeof **rows);
		ref_row *r = &(*rows)[n++];
		snprintf(r->ref, sizeof r->ref, "%s", a);
		if (c) {
			r->n = atoi(b);
			snprintf(r->text, sizeof r->text, "%s", c);
		} else {
			r->n = 0;
			snprintf(r->text, sizeof r->text, "%s", b);
		}
	}
	fclose(f);
	return n;
}

static bool option_matches(const hy_option *o, const char *text)
{
	if (strcmp(o->text, text) == 0)
		return true;
	for (size_t k = 0; k < o->n_aliases; k++)
		if (strcmp(o->aliases[k], text) == 0)
			return true;
	return false;
}

static bool text_anywhere(const hy_form *f, const char *text)
{
	for (size_t i = 0; i < f->n_lists; i++)
		for (size_t j = 0; j < f->lists[i]->n_options; j++)
			if (option_matches(&f->lists[i]->options[j], text))
				return true;
	for (size_t i = 0; i < f->n_all; i++)
		if (strcmp(f->all[i]->label, text) == 0)
			return true;
	return false;
}

Test(form, shipped_option_lists_match_the_reference)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	ref_row *rows;
	size_t n = read_tsv("tests/reference/lists.tsv", &rows);
	cr_assert_gt(n, 100);
	size_t checked_lists = 0;
	for (size_t i = 0; i < n; i++) {
		bool in_some_list = false;
		for (size_t fi = 0; fi < forms.n; fi++) {
			const hy_form *f = forms.forms[fi];
			for (size_t li = 0; li < f->n_lists; li++) {
				const hy_list *l = f->lists[li];
				if (!l->ref || strcmp(l->ref, rows[i].ref) != 0)
					continue;
				in_some_list = true;
				checked_lists += rows[i].n == 1;
				cr_expect_leq((size_t)rows[i].n, l->n_options, "%s: list %s (%s) is too short",
					      f->id, l->id, rows[i].ref);
				if ((size_t)rows[i].n <= l->n_options)
					cr_expect(option_matches(&l->options[rows[i].n - 1], rows[i].text),
						  "%s: list %s (%s) option %d is '%s', reference says '%s'",
						  f->id, l->id, rows[i].ref, rows[i].n,
						  l->options[rows[i].n - 1].text, rows[i].text);
			}
		}
		if (in_some_list)
			continue;
		/* lists the forms model differently (CB-09 flags, 基礎's own ids) */
		bool anywhere = false;
		for (size_t fi = 0; fi < forms.n && !anywhere; fi++)
			anywhere = text_anywhere(forms.forms[fi], rows[i].text);
		cr_expect(anywhere, "reference %s option '%s' is in no shipped form", rows[i].ref,
			  rows[i].text);
	}
	cr_expect_geq(checked_lists, 30, "most reference lists are matched by ref");
	free(rows);
	hy_forms_free(&forms);
}

Test(form, shipped_labels_match_the_reference)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	ref_row *rows;
	size_t n = read_tsv("tests/reference/labels.tsv", &rows);
	cr_assert_gt(n, 100);
	for (size_t i = 0; i < n; i++) {
		const hy_form *f = hy_forms_get(&forms, rows[i].ref);
		cr_assert_not_null(f, "no form %s", rows[i].ref);
		bool found = strcmp(f->title, rows[i].text) == 0;
		for (size_t k = 0; k < f->n_all && !found; k++)
			found = strcmp(f->all[k]->label, rows[i].text) == 0;
		cr_expect(found, "%s: no node is labelled '%s'", f->id, rows[i].text);
	}
	free(rows);
	hy_forms_free(&forms);
}

Test(form, shipped_forms_are_complete)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	const char *ids[] = {"full", "focused", "basic", "setagaya-consultation"};
	for (size_t i = 0; i < 4; i++)
		cr_expect_not_null(hy_forms_get(&forms, ids[i]), "form %s is shipped", ids[i]);
	const hy_form *full = hy_forms_get(&forms, "full");
	cr_assert_not_null(full);
	cr_expect_gt(full->n_all, 300, "全項目 has hundreds of items");
	cr_expect(full->has_threshold);
	hy_forms_free(&forms);
}

Test(form, a_form_id_that_reads_as_null_round_trips)
{
	hy_diags d;
	hy_form *f = form_from("id: 'null'\ntitle: t\nparts:\n  - id: p\n    children:\n      - {id: a, type: text}\n", &d);
	cr_assert_not_null(f);
	hy_doc *doc = hy_doc_new(f);
	char *y = hy_doc_to_yaml(doc, NULL);
	cr_expect(strstr(y, "form: 'null'") != NULL, "%s", y);
	hy_forms set = {.forms = &f, .n = 1};
	hy_diags d2;
	hy_doc *again = doc_from(&set, y, &d2);
	cr_expect_not_null(again, "the written document loads again");
	hy_doc_free(again);
	hy_diags_free(&d2);
	free(y);
	hy_doc_free(doc);
	hy_form_free(f);
	hy_diags_free(&d);
}

Test(form, templates_own_their_wording)
{
	hy_diags d;
	hy_form *f = form_from("id: t\ntitle: T\nstamp: \"[S2]\"\n"
			       "templates:\n  - {id: old, stamp: \"[S1]\", also: [\"[S 1]\"]}\n"
			       "  - {id: new}\n"
			       "lists:\n  l:\n    options:\n"
			       "      - {text: 新, aliases: [{text: 旧, template: old}, 古]}\n"
			       "parts:\n  - id: p\n    children:\n      - {id: c, type: choice, list: l}\n",
			       &d);
	cr_assert_not_null(f, "%s", d.n ? d.items[0].message : "");
	cr_expect_eq(f->n_templates, 2);
	cr_expect_str_eq(hy_form_template(f, "[S1]")->id, "old");
	cr_expect_str_eq(hy_form_template(f, "[S 1]")->id, "old");
	cr_expect_str_eq(hy_form_template(f, NULL)->id, "new");
	cr_expect_str_eq(hy_form_template(f, "[令和X]")->id, "new");
	const hy_option *o = &f->lists[0]->options[0];
	cr_expect_str_eq(hy_option_template(o, "旧"), "old");
	cr_expect_null(hy_option_template(o, "古"));
	cr_expect_null(hy_option_template(o, "新"));
	hy_form_free(f);
	hy_diags_free(&d);

	f = form_from("id: t\ntitle: T\ntemplates:\n  - {id: old}\n"
		      "lists:\n  l:\n    options:\n"
		      "      - {text: 新, aliases: [{text: 旧, template: older}]}\n"
		      "parts:\n  - id: p\n    children:\n      - {id: c, type: choice, list: l}\n",
		      &d);
	cr_expect_null(f);
	cr_expect(diags_mention(&d, "template 'older' is not in the form's 'templates'"));
	cr_expect(d.n && d.items[0].line == 8, "reported at the alias's template (line %d)",
		  d.n ? d.items[0].line : 0);
	hy_diags_free(&d);
}
