/* Undo and redo by snapshots of values; see undo.h. */
#include "hyoka/undo.h"
#include "hyoka/import.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

/* A value's content, with everything in it. */
typedef struct snap {
	const hy_fnode *f;
	char *s;                 /* text, int, date, list-less choice wording */
	int opt;
	char *detail;
	bool *checked;
	char **details;
	size_t n_opts;
	int flag;
	char **items;
	size_t n_items;
	struct snap **kids;      /* container: one per child of f (NULL: not stored) */
	size_t n_kids;
	struct snap **inst;      /* repeat, table */
	size_t n_inst;
	hy_mark mark;            /* a field's review mark (confirming clears it) */
} snap;

/* Where a value is: from the root, each step a child or instance index. */
typedef struct {
	size_t *steps;
	size_t n;
} locator;

typedef struct {
	locator at;
	snap *before, *after;
} change;

typedef struct {
	change *changes;
	size_t n;
} step;

struct hy_undo {
	step *done;          /* done[0..n_done): undoable, the last on top */
	size_t n_done, cap_done;
	step *undone;        /* redoable, the next on top */
	size_t n_undone, cap_undone;
	step open;           /* the step begun, with `before` snapshots */
	const hy_doc *doc;   /* the document of the step begun */
	bool is_open;
};

/* ---- snapshots ---- */

/* A repeat or table itself (its instances have its form node too). */
static bool is_repeat(const hy_value *v)
{
	return !v->is_instance && (v->f->type == HY_REPEAT || v->f->type == HY_TABLE);
}

static char *dup_or_null(const char *s)
{
	return s ? hy_strdup(s) : NULL;
}

/* Marks are looked up only in documents that have them: a lookup builds the
 * field's path. */
static bool doc_has_review(const hy_doc *doc)
{
	return doc->top_extra && yt_get(doc->top_extra, HY_REVIEW_KEY);
}

static snap *snap_take(const hy_doc *doc, const hy_value *v)
{
	snap *s = hy_calloc(1, sizeof *s);
	const hy_fnode *f = v->f;
	s->f = f;
	s->opt = v->opt;
	s->flag = v->flag;
	s->s = dup_or_null(v->s);
	s->detail = dup_or_null(v->detail);
	if (!v->kids && !is_repeat(v) && doc_has_review(doc))
		s->mark = hy_review_get(doc, v);
	if (f->type == HY_CHECKS && f->list && v->checked) {
		s->n_opts = f->list->n_options;
		s->checked = hy_calloc(s->n_opts, sizeof *s->checked);
		s->details = hy_calloc(s->n_opts, sizeof *s->details);
		for (size_t i = 0; i < s->n_opts; i++) {
			s->checked[i] = v->checked[i];
			s->details[i] = dup_or_null(v->details ? v->details[i] : NULL);
		}
	}
	if (v->n_items) {
		s->n_items = v->n_items;
		s->items = hy_calloc(v->n_items, sizeof *s->items);
		for (size_t i = 0; i < v->n_items; i++)
			s->items[i] = hy_strdup(v->items[i]);
	}
	if (v->kids) {
		s->n_kids = f->n_children;
		s->kids = hy_calloc(s->n_kids ? s->n_kids : 1, sizeof *s->kids);
		for (size_t i = 0; i < s->n_kids; i++)
			s->kids[i] = v->kids[i] ? snap_take(doc, v->kids[i]) : NULL;
	}
	if (v->n_inst) {
		s->n_inst = v->n_inst;
		s->inst = hy_calloc(v->n_inst, sizeof *s->inst);
		for (size_t i = 0; i < v->n_inst; i++)
			s->inst[i] = snap_take(doc, v->inst[i]);
	}
	return s;
}

static void snap_free(snap *s)
{
	if (!s)
		return;
	free(s->s);
	free(s->detail);
	for (size_t i = 0; i < s->n_opts; i++)
		free(s->details[i]);
	free(s->details);
	free(s->checked);
	for (size_t i = 0; i < s->n_items; i++)
		free(s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->n_kids; i++)
		snap_free(s->kids[i]);
	free(s->kids);
	for (size_t i = 0; i < s->n_inst; i++)
		snap_free(s->inst[i]);
	free(s->inst);
	free(s);
}

static bool str_same(const char *a, const char *b)
{
	return hy_streq(a ? a : "", b ? b : "");
}

static bool snap_equal(const snap *a, const snap *b)
{
	if (!a || !b)
		return a == b;
	if (a->opt != b->opt || a->mark != b->mark || a->flag != b->flag || !str_same(a->s, b->s) ||
	    !str_same(a->detail, b->detail) || a->n_opts != b->n_opts ||
	    a->n_items != b->n_items || a->n_kids != b->n_kids || a->n_inst != b->n_inst)
		return false;
	for (size_t i = 0; i < a->n_opts; i++)
		if (a->checked[i] != b->checked[i] || !str_same(a->details[i], b->details[i]))
			return false;
	for (size_t i = 0; i < a->n_items; i++)
		if (!str_same(a->items[i], b->items[i]))
			return false;
	for (size_t i = 0; i < a->n_kids; i++)
		if (!snap_equal(a->kids[i], b->kids[i]))
			return false;
	for (size_t i = 0; i < a->n_inst; i++)
		if (!snap_equal(a->inst[i], b->inst[i]))
			return false;
	return true;
}

/* ---- putting a snapshot back, through the doc API ---- */

static void restore(hy_doc *doc, hy_value *v, const snap *s);

static void restore_leaf(hy_doc *doc, hy_value *v, const snap *s)
{
	if (doc_has_review(doc) || s->mark != HY_MARK_NONE) {
		if (hy_review_get(doc, v) != s->mark)
			hy_review_set(doc, v, s->mark);
	}
	switch (v->f->type) {
	case HY_CHOICE:
		if (v->opt == s->opt && str_same(v->s, s->s) && str_same(v->detail, s->detail))
			return;
		hy_set_choice(doc, v, s->opt, s->detail);
		if (s->opt < 0 && s->s)
			hy_set_text(doc, v, s->s); /* an older wording, kept as written */
		return;
	case HY_CHECKS:
		for (size_t i = 0; i < s->n_opts; i++)
			if (v->checked[i] != s->checked[i] || !str_same(v->details[i], s->details[i]))
				hy_set_check(doc, v, i, s->checked[i], s->details[i]);
		return;
	case HY_FLAG:
		if (v->flag != s->flag)
			hy_set_flag(doc, v, s->flag);
		return;
	case HY_LIST: {
		bool same = v->n_items == s->n_items;
		for (size_t i = 0; same && i < s->n_items; i++)
			same = str_same(v->items[i], s->items[i]);
		if (!same)
			hy_set_list(doc, v, s->items, s->n_items);
		return;
	}
	default:
		if (!str_same(v->s, s->s))
			hy_set_text(doc, v, s->s);
		return;
	}
}

static void restore_repeat(hy_doc *doc, hy_value *v, const snap *s)
{
	/* a follower's entries come and go with its leader's, restored first */
	if (!v->f->follows) {
		while (v->n_inst > s->n_inst)
			hy_repeat_remove(doc, v, v->n_inst - 1);
		while (v->n_inst < s->n_inst)
			hy_repeat_add(doc, v, v->n_inst, NULL);
	}
	for (size_t i = 0; i < v->n_inst && i < s->n_inst; i++)
		restore(doc, v->inst[i], s->inst[i]);
}

static void restore(hy_doc *doc, hy_value *v, const snap *s)
{
	if (!s || v->f != s->f)
		return;
	if (is_repeat(v)) {
		restore_repeat(doc, v, s);
		return;
	}
	if (v->kids) {
		for (size_t i = 0; i < s->n_kids && i < v->f->n_children; i++)
			if (v->kids[i])
				restore(doc, v->kids[i], s->kids[i]);
		return;
	}
	restore_leaf(doc, v, s);
}

/* ---- locators ---- */

static locator locate(const hy_value *v)
{
	locator l = {NULL, 0};
	for (const hy_value *a = v; a->parent; a = a->parent)
		l.n++;
	l.steps = hy_calloc(l.n ? l.n : 1, sizeof *l.steps);
	size_t i = l.n;
	for (const hy_value *a = v; a->parent; a = a->parent)
		l.steps[--i] = a->is_instance ? a->index : a->f->index;
	return l;
}

static hy_value *resolve(const hy_doc *doc, const locator *l)
{
	hy_value *v = doc->root;
	for (size_t i = 0; v && i < l->n; i++) {
		size_t k = l->steps[i];
		if (is_repeat(v))
			v = k < v->n_inst ? v->inst[k] : NULL;
		else
			v = v->kids && k < v->f->n_children ? v->kids[k] : NULL;
	}
	return v;
}

/* ---- steps ---- */

static void step_free(step *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->changes[i].at.steps);
		snap_free(s->changes[i].before);
		snap_free(s->changes[i].after);
	}
	free(s->changes);
	s->changes = NULL;
	s->n = 0;
}

static void add_change(step *s, const hy_doc *doc, const hy_value *v)
{
	s->changes = hy_realloc(s->changes, (s->n + 1) * sizeof *s->changes);
	s->changes[s->n++] = (change){locate(v), snap_take(doc, v), NULL};
}

/* Adds every repeat that follows `leader` (found anywhere in the document). */
static void add_followers(step *s, const hy_doc *doc, const hy_value *v, const hy_fnode *leader)
{
	if (is_repeat(v) && v->f->follows == leader) {
		add_change(s, doc, v);
		return;
	}
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				add_followers(s, doc, v->kids[i], leader);
	for (size_t i = 0; i < v->n_inst; i++)
		add_followers(s, doc, v->inst[i], leader);
}

hy_undo *hy_undo_new(void)
{
	return hy_calloc(1, sizeof(hy_undo));
}

static void stack_clear(step *stack, size_t *n)
{
	while (*n)
		step_free(&stack[--*n]);
}

void hy_undo_free(hy_undo *u)
{
	if (!u)
		return;
	stack_clear(u->done, &u->n_done);
	stack_clear(u->undone, &u->n_undone);
	step_free(&u->open);
	free(u->done);
	free(u->undone);
	free(u);
}

void hy_undo_begin(hy_undo *u, const hy_doc *doc, const hy_value *v)
{
	step_free(&u->open);
	u->is_open = true;
	u->doc = doc;
	add_change(&u->open, doc, v);
	if (is_repeat(v))
		add_followers(&u->open, doc, doc->root, v->f);
}

void hy_undo_add(hy_undo *u, const hy_value *v)
{
	if (u->is_open && v)
		add_change(&u->open, u->doc, v);
}

static void push(step **stack, size_t *n, size_t *cap, step s)
{
	hy_grow((void **)stack, cap, *n, sizeof **stack);
	(*stack)[(*n)++] = s;
}

bool hy_undo_commit(hy_undo *u, const hy_doc *doc)
{
	if (!u->is_open)
		return false;
	u->is_open = false;
	bool changed = false;
	for (size_t i = 0; i < u->open.n; i++) {
		change *c = &u->open.changes[i];
		hy_value *v = resolve(doc, &c->at);
		c->after = v ? snap_take(doc, v) : NULL;
		changed |= !snap_equal(c->before, c->after);
	}
	if (!changed) {
		step_free(&u->open);
		return false;
	}
	push(&u->done, &u->n_done, &u->cap_done, u->open);
	u->open = (step){NULL, 0};
	stack_clear(u->undone, &u->n_undone);
	return true;
}

bool hy_undo_can_undo(const hy_undo *u)
{
	return u->n_done > 0;
}

bool hy_undo_can_redo(const hy_undo *u)
{
	return u->n_undone > 0;
}

/* Puts back one side of a step: leaders before followers, as recorded. */
static void apply_step(hy_doc *doc, const step *s, bool before, hy_value **where)
{
	for (size_t i = 0; i < s->n; i++) {
		const change *c = &s->changes[i];
		hy_value *v = resolve(doc, &c->at);
		if (v)
			restore(doc, v, before ? c->before : c->after);
	}
	if (where)
		*where = s->n ? resolve(doc, &s->changes[0].at) : NULL;
}

bool hy_undo_undo(hy_undo *u, hy_doc *doc, hy_value **where)
{
	if (!u->n_done)
		return false;
	step s = u->done[--u->n_done];
	apply_step(doc, &s, true, where);
	push(&u->undone, &u->n_undone, &u->cap_undone, s);
	return true;
}

bool hy_undo_redo(hy_undo *u, hy_doc *doc, hy_value **where)
{
	if (!u->n_undone)
		return false;
	step s = u->undone[--u->n_undone];
	apply_step(doc, &s, false, where);
	push(&u->done, &u->n_done, &u->cap_done, s);
	return true;
}
