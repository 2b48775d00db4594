/* Editing: the editor's model operations on a loaded document.  Input: one
 * byte N, then N bytes of operations, then a document (shipped forms and
 * `mini`).  Each operation picks a value and edits it as the editor does
 * (hy_set_text/choice/check/flag/list, hy_repeat_add/remove/move, the
 * threshold autofill).  After each one the incremental validation the
 * editor relies on (hy_validate_edit) must agree with a full
 * hy_validate_all: a difference is an issue the editor shows wrongly (stale
 * or missing).  At the end the document must write and load again. */
#include "fuzz_common.h"
#include "hyoka/validate.h"

static hy_forms forms;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	fuzz_load_forms(&forms);
	return 0;
}

typedef struct {
	hy_value **items;
	size_t n, cap;
} vlist;

static void collect(vlist *l, hy_value *v)
{
	hy_grow((void **)&l->items, &l->cap, l->n, sizeof *l->items);
	l->items[l->n++] = v;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				collect(l, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		collect(l, v->inst[i]);
}

/* One value's issues as text. */
static char *issues_of(const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	for (size_t k = 0; k < v->n_issues; k++) {
		char *p = hy_value_path(v);
		hy_buf_addf(&b, "%s%s: %s: %s\n", p, v->is_instance ? " (entry)" : "",
			    v->issues[k].severity == HY_ERROR ? "error" : "warning",
			    v->issues[k].message);
		free(p);
	}
	return hy_buf_take(&b);
}

/* Every value's issues, in tree order. */
static char **snapshot(const vlist *l)
{
	char **s = hy_calloc(l->n, sizeof *s);
	for (size_t i = 0; i < l->n; i++)
		s[i] = issues_of(l->items[i]);
	return s;
}

static void snapshot_free(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}


static const char *const texts[] = {
	"", "x", "令和5年12月28日", "2023-02-30", "12", "-1", "999999", "する", "しない",
	"1万人以上10万人未満", "line\nbreak", "  ", "3",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t nops = data[0];
	if (1 + nops > size)
		return 0;
	const uint8_t *ops = data + 1;
	char *text = fuzz_copy(data + 1 + nops, size - 1 - nops);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_doc_load_text(&forms, text, size - 1 - nops, "fuzz.yaml", &diags);
	free(text);
	hy_diags_free(&diags);
	if (!doc)
		return 0;
	hy_validate_all(doc);
	char *last_op = hy_strdup("(none)");
	for (size_t i = 0; i + 2 < nops; i += 3) {
		vlist l = {0};
		collect(&l, doc->root);
		hy_value *v = l.items[ops[i + 1] % l.n];
		unsigned arg = ops[i + 2];
		const hy_fnode *f = v->f;
		char *path = hy_value_path(v);
		free(last_op);
		last_op = hy_printf("op %u on %s (%s%s) arg %u", ops[i] % 8, path,
				    hy_type_name(f->type), v->is_instance ? " entry" : "", arg);
		free(path);
		bool repeat = !v->is_instance && (f->type == HY_REPEAT || f->type == HY_TABLE);
		switch (ops[i] % 8) {
		case 0:
			if (f->type == HY_TEXT || f->type == HY_LONGTEXT || f->type == HY_INT ||
			    f->type == HY_DATE)
				hy_set_text(doc, v, texts[arg % (sizeof texts / sizeof *texts)]);
			break;
		case 1:
			if (f->type == HY_CHOICE && f->list)
				hy_set_choice(doc, v, (int)(arg % (f->list->n_options + 1)) - 1,
					      arg & 0x80 ? "3" : NULL);
			break;
		case 2:
			if (f->type == HY_CHECKS && f->list)
				hy_set_check(doc, v, arg % f->list->n_options, !(arg & 0x80),
					     arg & 0x40 ? "2" : NULL);
			break;
		case 3:
			if (f->type == HY_FLAG)
				hy_set_flag(doc, v, (int)(arg % 3) - 1);
			else if (f->type == HY_LIST) {
				char *items[] = {(char *)texts[arg % 13], "b", " "};
				hy_set_list(doc, v, items, arg % 4 > 2 ? 3 : arg % 4);
			}
			break;
		case 4:
			if (repeat && !f->follows)
				hy_repeat_add(doc, v, arg % (v->n_inst + 1),
					      (arg & 0x80) && v->n_inst ? v->inst[arg % v->n_inst] : NULL);
			break;
		case 5:
			if (repeat && !f->follows && v->n_inst)
				hy_repeat_remove(doc, v, arg % v->n_inst);
			break;
		case 6:
			if (repeat && !f->follows && v->n_inst > 1)
				hy_repeat_move(doc, v, arg % v->n_inst, (arg / 7) % v->n_inst);
			break;
		default:
			hy_threshold_autofill(doc, v);
			break;
		}
		free(l.items);
		/* the incremental result must be what a full validation gives */
		vlist after = {0};
		collect(&after, doc->root);
		char **inc = snapshot(&after);
		hy_validate_all(doc);
		char **full = snapshot(&after);
		for (size_t k = 0; k < after.n; k++) {
			FUZZ_CHECK(strcmp(inc[k], full[k]) == 0,
				   "after %s the editor's issues differ from a full validation:\n"
				   "--- incremental\n%s--- full\n%s", last_op, inc[k], full[k]);
		}
		snapshot_free(inc, after.n);
		snapshot_free(full, after.n);
		free(after.items);
	}
	size_t len = 0;
	char *yaml = hy_doc_to_yaml(doc, &len);
	FUZZ_CHECK(yaml != NULL, "an edited document could not be written");
	hy_diags_init(&diags);
	hy_doc *again = hy_doc_load_text(&forms, yaml, len, "again.yaml", &diags);
	FUZZ_CHECK(again != NULL, "an edited document does not load again (last %s): %s\n%s",
		   last_op, diags.n ? diags.items[0].message : "?", yaml);
	hy_diags_free(&diags);
	hy_doc_free(again);
	free(yaml);
	free(last_op);
	hy_doc_free(doc);
	return 0;
}
