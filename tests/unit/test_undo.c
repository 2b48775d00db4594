/* Undo and redo: every kind of change comes back exactly, many levels deep,
 * and repeats take their followers' entries along. */
#include "helpers.h"
#include "hyoka/import.h"
#include "hyoka/undo.h"

static hy_forms forms;

static void setup(void)
{
	load_fixture_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(undo, .init = setup, .fini = teardown);

static const char *const sample =
	"form: mini\n"
	"cover:\n"
	"  name: 相模原市 国民健康保険事務\n"
	"main:\n"
	"  outsourcing:\n"
	"    status: する\n"
	"    kinds:\n"
	"    - 紙\n"
	"    items:\n"
	"    - title: システム運用\n"
	"      sub: する\n"
	"      what: 運用・保守業務の一部\n"
	"    - title: 保守\n"
	"      sub: しない\n"
	"  count: 8\n"
	"  names:\n"
	"  - (1) 資格ファイル\n"
	"  none: false\n"
	"risk:\n"
	"  files:\n"
	"  - measure: 措置1\n"
	"  - measure: 措置2\n";

static hy_value *kid(const hy_value *v, const char *id)
{
	for (size_t i = 0; i < v->f->n_children; i++)
		if (strcmp(v->f->children[i]->id, id) == 0 && v->kids[i])
			return v->kids[i];
	cr_assert_fail("no child %s", id);
	return NULL;
}

static hy_value *at(hy_doc *doc, const char *a, const char *b, const char *c)
{
	hy_value *v = kid(doc->root, a);
	if (b)
		v = kid(v, b);
	if (c)
		v = kid(v, c);
	return v;
}

static hy_doc *load(void)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, sample, &d);
	cr_assert_not_null(doc);
	hy_diags_free(&d);
	return doc;
}

static char *yaml(const hy_doc *doc)
{
	char *y = hy_doc_to_yaml(doc, NULL);
	cr_assert_not_null(y);
	return y;
}

Test(undo, every_kind_of_field_edit_many_levels)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	char *original = yaml(doc);

	hy_value *name = at(doc, "cover", "name", NULL);
	hy_undo_begin(u, doc, name);
	hy_set_text(doc, name, "横浜市");
	cr_assert(hy_undo_commit(u, doc));

	hy_value *status = at(doc, "main", "outsourcing", "status");
	hy_undo_begin(u, doc, status);
	hy_set_choice(doc, status, 1, NULL);
	cr_assert(hy_undo_commit(u, doc));

	hy_value *kinds = at(doc, "main", "outsourcing", "kinds");
	hy_undo_begin(u, doc, kinds);
	hy_set_check(doc, kinds, 1, true, "共通基盤");
	hy_set_check(doc, kinds, 0, false, NULL);
	cr_assert(hy_undo_commit(u, doc));

	hy_value *none = at(doc, "main", "none", NULL);
	hy_undo_begin(u, doc, none);
	hy_set_flag(doc, none, 1);
	cr_assert(hy_undo_commit(u, doc));

	hy_value *names = at(doc, "main", "names", NULL);
	char *items[] = {"(1) 資格ファイル", "(2) 賦課ファイル"};
	hy_undo_begin(u, doc, names);
	hy_set_list(doc, names, items, 2);
	cr_assert(hy_undo_commit(u, doc));
	char *edited = yaml(doc);

	/* back, one step at a time */
	hy_value *where = NULL;
	cr_assert(hy_undo_undo(u, doc, &where));
	cr_assert_eq(at(doc, "main", "names", NULL)->n_items, 1);
	cr_assert_eq(where, at(doc, "main", "names", NULL));
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_eq(at(doc, "main", "none", NULL)->flag, 0);
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert(at(doc, "main", "outsourcing", "kinds")->checked[0]);
	cr_assert(!at(doc, "main", "outsourcing", "kinds")->checked[1]);
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_eq(at(doc, "main", "outsourcing", "status")->opt, 0);
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_str_eq(at(doc, "cover", "name", NULL)->s, "相模原市 国民健康保険事務");
	cr_assert(!hy_undo_undo(u, doc, NULL), "nothing left to undo");
	char *back = yaml(doc);
	cr_assert_str_eq(back, original);

	/* and forward again, all the way */
	for (int i = 0; i < 5; i++)
		cr_assert(hy_undo_redo(u, doc, NULL));
	cr_assert(!hy_undo_redo(u, doc, NULL));
	char *again = yaml(doc);
	cr_assert_str_eq(again, edited);
	free(again);
	free(back);
	free(edited);
	free(original);
	hy_undo_free(u);
	hy_doc_free(doc);
}

Test(undo, deleted_entry_comes_back_with_its_followers)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	char *original = yaml(doc);
	hy_value *rep = at(doc, "main", "outsourcing", "items");
	cr_assert_eq(rep->n_inst, 2);
	hy_undo_begin(u, doc, rep);
	hy_repeat_remove(doc, rep, 0);
	cr_assert(hy_undo_commit(u, doc));
	cr_assert_eq(at(doc, "risk", "files", NULL)->n_inst, 1, "the follower lost its entry");
	char *deleted = yaml(doc);

	cr_assert(hy_undo_undo(u, doc, NULL));
	char *back = yaml(doc);
	cr_assert_str_eq(back, original, "措置1 and the entry's texts must come back");
	cr_assert(hy_undo_redo(u, doc, NULL));
	char *again = yaml(doc);
	cr_assert_str_eq(again, deleted);
	free(again);
	free(back);
	free(deleted);
	free(original);
	hy_undo_free(u);
	hy_doc_free(doc);
}

Test(undo, added_and_moved_entries)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	char *original = yaml(doc);
	hy_value *rep = at(doc, "main", "outsourcing", "items");
	hy_undo_begin(u, doc, rep);
	hy_repeat_add(doc, rep, 2, rep->inst[0]);
	cr_assert(hy_undo_commit(u, doc));
	hy_undo_begin(u, doc, rep);
	hy_repeat_move(doc, rep, 0, 1);
	cr_assert(hy_undo_commit(u, doc));
	cr_assert_str_eq(kid(rep->inst[0], "title")->s, "保守");
	cr_assert_str_eq(kid(at(doc, "risk", "files", NULL)->inst[0], "measure")->s, "措置2");

	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_str_eq(kid(rep->inst[0], "title")->s, "システム運用");
	cr_assert_str_eq(kid(at(doc, "risk", "files", NULL)->inst[0], "measure")->s, "措置1");
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_eq(rep->n_inst, 2);
	char *back = yaml(doc);
	cr_assert_str_eq(back, original);
	free(back);
	free(original);
	hy_undo_free(u);
	hy_doc_free(doc);
}

Test(undo, one_step_takes_back_every_value_it_recorded)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	hy_value *pop = at(doc, "main", "population", NULL);
	hy_value *res = at(doc, "main", "result", NULL);
	hy_undo_begin(u, doc, pop);
	hy_undo_add(u, res);
	hy_set_choice(doc, pop, 3, NULL);
	hy_set_choice(doc, res, 0, NULL); /* as the threshold rule fills it in */
	cr_assert(hy_undo_commit(u, doc));
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_eq(pop->opt, -1);
	cr_assert_eq(res->opt, -1, "the filled-in result must go back with the edit");
	cr_assert(hy_undo_redo(u, doc, NULL));
	cr_assert_eq(pop->opt, 3);
	cr_assert_eq(res->opt, 0);
	hy_undo_free(u);
	hy_doc_free(doc);
}

Test(undo, nothing_changed_is_no_step_and_a_new_change_ends_redo)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	hy_value *name = at(doc, "cover", "name", NULL);
	hy_undo_begin(u, doc, name);
	char *same = hy_strdup(name->s);
	hy_set_text(doc, name, same); /* the editor opened and closed */
	free(same);
	cr_assert(!hy_undo_commit(u, doc));
	cr_assert(!hy_undo_can_undo(u));

	hy_undo_begin(u, doc, name);
	hy_set_text(doc, name, "一");
	cr_assert(hy_undo_commit(u, doc));
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert(hy_undo_can_redo(u));
	hy_undo_begin(u, doc, name);
	hy_set_text(doc, name, "二");
	cr_assert(hy_undo_commit(u, doc));
	cr_assert(!hy_undo_can_redo(u), "a new change drops what was undone");
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_str_eq(name->s, "相模原市 国民健康保険事務");
	hy_undo_free(u);
	hy_doc_free(doc);
}

Test(undo, confirming_a_field_clears_its_review_mark_and_undo_puts_it_back)
{
	hy_doc *doc = load();
	hy_undo *u = hy_undo_new();
	hy_value *name = at(doc, "cover", "name", NULL);
	hy_value *count = at(doc, "main", "count", NULL);
	hy_review_set(doc, name, HY_MARK_CHECK);
	hy_review_set(doc, count, HY_MARK_CHECK);
	/* confirmed without a change: the mark alone makes the step */
	hy_undo_begin(u, doc, name);
	hy_review_set(doc, name, HY_MARK_NONE);
	cr_assert(hy_undo_commit(u, doc), "clearing a mark is a change to undo");
	cr_assert_eq(hy_review_count(doc), 1);
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_eq(hy_review_get(doc, name), HY_MARK_CHECK);
	cr_assert_str_eq(name->s, "相模原市 国民健康保険事務");
	cr_assert(hy_undo_redo(u, doc, NULL));
	cr_assert_eq(hy_review_get(doc, name), HY_MARK_NONE);
	cr_assert_eq(hy_review_get(doc, count), HY_MARK_CHECK, "the other mark stays");
	/* edited: value and mark come back together, also the last mark of all */
	hy_undo_begin(u, doc, count);
	hy_set_text(doc, count, "9");
	hy_review_set(doc, count, HY_MARK_NONE);
	cr_assert(hy_undo_commit(u, doc));
	cr_assert_eq(hy_review_count(doc), 0);
	cr_assert(hy_undo_undo(u, doc, NULL));
	cr_assert_str_eq(count->s, "8");
	cr_assert_eq(hy_review_get(doc, count), HY_MARK_CHECK);
	hy_undo_free(u);
	hy_doc_free(doc);
}
