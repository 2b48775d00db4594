/* Documents: the values of a form, built, looked up and edited.  Reading,
 * writing, files and views are in docread.c, docwrite.c, fileio.c and
 * docview.c. */
#include "hyoka/doc.h"
#include "hyoka/import.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <stdlib.h>
#include <string.h>

/* ---- construction ---- */

static hy_value *value_new(const hy_fnode *f, hy_value *parent, bool instance);

static void fill_kids(hy_value *v, const hy_fnode *f)
{
	v->kids = hy_calloc(f->n_children, sizeof *v->kids);
	for (size_t i = 0; i < f->n_children; i++)
		if (hy_type_is_stored(f->children[i]->type))
			v->kids[i] = value_new(f->children[i], v, false);
}

static hy_value *value_new(const hy_fnode *f, hy_value *parent, bool instance)
{
	hy_value *v = hy_calloc(1, sizeof *v);
	v->f = f;
	v->parent = parent;
	v->is_instance = instance;
	v->opt = -1;
	v->flag = -1;
	if (instance || f->type == HY_PART || f->type == HY_SECTION) {
		fill_kids(v, f);
	} else if (f->type == HY_CHECKS && f->list) {
		v->checked = hy_calloc(f->list->n_options, sizeof *v->checked);
		v->details = hy_calloc(f->list->n_options, sizeof *v->details);
		v->written = hy_calloc(f->list->n_options, sizeof *v->written);
	}
	return v;
}

static void value_free(hy_value *v)
{
	if (!v)
		return;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			value_free(v->kids[i]);
	free(v->kids);
	for (size_t i = 0; i < v->n_inst; i++)
		value_free(v->inst[i]);
	free(v->inst);
	free(v->s);
	free(v->detail);
	if (v->details)
		for (size_t i = 0; i < v->f->list->n_options; i++) {
			free(v->details[i]);
			free(v->written[i]);
		}
	free(v->details);
	free(v->written);
	free(v->checked);
	for (size_t i = 0; i < v->n_unknown; i++)
		free(v->unknown[i]);
	free(v->unknown);
	for (size_t i = 0; i < v->n_items; i++)
		free(v->items[i]);
	free(v->items);
	yt_free(v->extra);
	yt_free(v->raw);
	hy_value_clear_issues(v);
	free(v->issues);
	free(v);
}

static hy_value *instance_new(hy_value *rep, size_t index)
{
	hy_value *inst = value_new(rep->f, rep, true);
	inst->index = index;
	return inst;
}

static void insert_instance(hy_value *rep, size_t at, hy_value *inst)
{
	hy_grow32((void **)&rep->inst, &rep->cap_inst, rep->n_inst, sizeof *rep->inst);
	memmove(rep->inst + at + 1, rep->inst + at, (rep->n_inst - at) * sizeof *rep->inst);
	rep->inst[at] = inst;
	rep->n_inst++;
	for (size_t i = at; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
}

static void add_min_instances(hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->f->has_min && !v->f->when.n &&
	    !v->f->follows)
		while ((long)v->n_inst < v->f->min)
			insert_instance(v, v->n_inst, instance_new(v, v->n_inst));
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			add_min_instances(v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		add_min_instances(v->inst[i]);
}

static hy_doc *doc_alloc(const hy_form *form)
{
	hy_doc *doc = hy_calloc(1, sizeof *doc);
	doc->form = form;
	doc->root = value_new(&form->root, NULL, false);
	hy_diags_init(&doc->notes);
	return doc;
}

/* Gives every follower repeat as many instances as its leader has. */
static void sync_followers(hy_doc *doc, hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->f->follows) {
		hy_value *leader = hy_value_resolve(doc, v->parent, v->f->follows);
		while (leader && v->n_inst < leader->n_inst) {
			hy_value *inst = instance_new(v, v->n_inst);
			insert_instance(v, v->n_inst, inst);
			add_min_instances(inst);
		}
	}
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			sync_followers(doc, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		sync_followers(doc, v->inst[i]);
}

hy_doc *hy_doc_new(const hy_form *form)
{
	hy_doc *doc = doc_alloc(form);
	/* a new document is written on the form's stamped template */
	doc->form_version = form->stamp ? hy_strdup(form->stamp) : NULL;
	add_min_instances(doc->root);
	sync_followers(doc, doc->root);
	hy_validate_all(doc);
	return doc;
}

void hy_doc_free(hy_doc *doc)
{
	if (!doc)
		return;
	value_free(doc->root);
	free(doc->path);
	free(doc->form_version);
	yt_free(doc->top_extra);
	hy_diags_free(&doc->notes);
	free(doc);
}

hy_doc *hy_doc_new_empty(const hy_form *form)
{
	return doc_alloc(form);
}

hy_value *hy_repeat_append(hy_value *rep)
{
	hy_value *inst = instance_new(rep, rep->n_inst);
	insert_instance(rep, rep->n_inst, inst);
	return inst;
}

/* ---- access ---- */

hy_value *hy_value_child(const hy_value *container, const hy_fnode *child)
{
	if (!container || !container->kids || child->parent != container->f)
		return NULL;
	return container->kids[child->index];
}

/* The chain root..target of form nodes (excluding the root). */
static size_t chain_of(const hy_fnode *t, const hy_fnode **chain, size_t max)
{
	size_t n = 0;
	for (const hy_fnode *a = t; a && a->depth >= 0; a = a->parent)
		n++;
	if (n > max)
		return 0;
	size_t i = n;
	for (const hy_fnode *a = t; a && a->depth >= 0; a = a->parent)
		chain[--i] = a;
	return n;
}

/* Descends from container value `cur` (whose form node is chain[from-1], or the
 * root) along chain[from..n-1]. Refuses to enter a repeat's instances. */
static hy_value *descend(hy_value *cur, const hy_fnode **chain, size_t from, size_t n)
{
	for (size_t i = from; i < n && cur; i++) {
		if (!cur->kids)
			return NULL;
		cur = cur->kids[chain[i]->index];
		if (cur && i + 1 < n && (cur->f->type == HY_REPEAT || cur->f->type == HY_TABLE))
			return NULL;
	}
	return cur;
}

hy_value *hy_value_resolve(const hy_doc *doc, const hy_value *from, const hy_fnode *target)
{
	const hy_fnode *chain[64];
	size_t n = chain_of(target, chain, 64);
	if (n == 0)
		return NULL;
	for (const hy_value *a = from; a; a = a->parent) {
		bool container = a->is_instance || a->f->type == HY_PART ||
				 a->f->type == HY_SECTION;
		if (!container)
			continue;
		if (a == doc->root)
			return descend((hy_value *)a, chain, 0, n);
		for (size_t j = 0; j < n; j++)
			if (chain[j] == a->f)
				return j + 1 == n ? (hy_value *)a
						  : descend((hy_value *)a, chain, j + 1, n);
		/* Across `follows`: instance i of a follower reads instance i of its leader. */
		if (a->is_instance && a->f->follows) {
			for (size_t j = 0; j < n; j++) {
				if (chain[j] != a->f->follows)
					continue;
				hy_value *leader = hy_value_resolve(doc, a->parent, a->f->follows);
				if (!leader || a->index >= leader->n_inst)
					return NULL;
				return descend(leader->inst[a->index], chain, j + 1, n);
			}
		}
	}
	return NULL;
}

bool hy_value_is_empty(const hy_value *v)
{
	if (v->raw || v->extra)
		return false;
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION) {
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i] && !hy_value_is_empty(v->kids[i]))
				return false;
		return true;
	}
	switch (v->f->type) {
	case HY_REPEAT:
	case HY_TABLE:
		return v->n_inst == 0;
	case HY_CHOICE:
		return !v->s;
	case HY_CHECKS:
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i])
				return false;
		return v->n_unknown == 0;
	case HY_FLAG:
		return v->flag < 0;
	case HY_LIST:
		return v->n_items == 0;
	default:
		return !v->s || !*v->s;
	}
}

/* ---- editing ---- */

static void edited(hy_doc *doc, hy_value *v)
{
	doc->modified = true;
	doc->generation++;
	yt_free(v->raw);
	v->raw = NULL;
	hy_validate_edit(doc, v);
}

/* Text from outside the reader (typed, pasted, imported) as valid UTF-8:
 * an invalid byte would make the YAML writer loop (libyaml). */
static char *valid_text(char *text)
{
	if (!text || hy_utf8_valid(text, strlen(text), NULL))
		return text;
	char *repaired = hy_utf8_repair(text);
	free(text);
	return repaired;
}

static char *valid_copy(const char *text)
{
	return valid_text(hy_strdup(text));
}

void hy_set_text_owned(hy_doc *doc, hy_value *v, char *text)
{
	text = valid_text(text);
	free(v->s);
	if (text && !*text) {
		free(text);
		text = NULL;
	}
	v->s = text;
	edited(doc, v);
}

void hy_set_text(hy_doc *doc, hy_value *v, const char *text)
{
	free(v->s);
	v->s = text && *text ? valid_copy(text) : NULL;
	edited(doc, v);
}

void hy_set_choice(hy_doc *doc, hy_value *v, int option, const char *detail)
{
	free(v->s);
	free(v->detail);
	v->s = NULL;
	v->detail = NULL;
	v->opt = -1;
	if (option >= 0 && v->f->list && (size_t)option < v->f->list->n_options) {
		v->opt = option;
		v->s = hy_strdup(v->f->list->options[option].text);
		v->detail = detail && *detail ? valid_copy(detail) : NULL;
	}
	edited(doc, v);
}

void hy_set_check(hy_doc *doc, hy_value *v, size_t option, bool on, const char *detail)
{
	if (!v->f->list || option >= v->f->list->n_options)
		return;
	if (!on || !v->checked[option]) {
		free(v->written[option]);
		v->written[option] = NULL;
	}
	v->checked[option] = on;
	free(v->details[option]);
	v->details[option] = on && detail && *detail ? valid_copy(detail) : NULL;
	edited(doc, v);
}

void hy_set_flag(hy_doc *doc, hy_value *v, int flag)
{
	v->flag = flag;
	edited(doc, v);
}

void hy_set_list(hy_doc *doc, hy_value *v, char **items, size_t n)
{
	for (size_t i = 0; i < v->n_items; i++)
		free(v->items[i]);
	free(v->items);
	v->items = hy_calloc(n, sizeof *v->items);
	v->n_items = 0;
	for (size_t i = 0; i < n; i++)
		if (!hy_is_blank(items[i]))
			v->items[v->n_items++] = valid_copy(items[i]);
	edited(doc, v);
}

static void copy_value(hy_value *dst, const hy_value *src)
{
	if (src->kids)
		for (size_t i = 0; i < src->f->n_children; i++)
			if (src->kids[i])
				copy_value(dst->kids[i], src->kids[i]);
	for (size_t i = 0; i < src->n_inst; i++) {
		hy_value *inst = instance_new(dst, i);
		insert_instance(dst, dst->n_inst, inst);
		copy_value(inst, src->inst[i]);
	}
	if (src->s)
		dst->s = hy_strdup(src->s);
	dst->opt = src->opt;
	if (src->detail)
		dst->detail = hy_strdup(src->detail);
	if (src->checked)
		for (size_t i = 0; i < src->f->list->n_options; i++) {
			dst->checked[i] = src->checked[i];
			dst->details[i] = src->details[i] ? hy_strdup(src->details[i]) : NULL;
			dst->written[i] = src->written[i] ? hy_strdup(src->written[i]) : NULL;
		}
	dst->flag = src->flag;
	for (size_t i = 0; i < src->n_items; i++) {
		dst->items = hy_realloc(dst->items, (dst->n_items + 1) * sizeof *dst->items);
		dst->items[dst->n_items++] = hy_strdup(src->items[i]);
	}
	if (src->extra)
		dst->extra = yt_clone(src->extra);
	if (src->raw)
		dst->raw = yt_clone(src->raw);
}

static hy_value *follower_value(hy_doc *doc, const hy_value *rep, const hy_fnode *follower)
{
	return hy_value_resolve(doc, rep->parent, follower);
}

/* How the entries of a repeat move, for the review marks that follow them. */
typedef struct {
	long from, to;  /* added: from = at, to = -1; removed: to = -2; moved: both */
} entry_move;

static long moved_entry(long k, const void *ctx)
{
	const entry_move *m = ctx;
	if (m->to == -1) /* an entry added at `from` */
		return k >= m->from ? k + 1 : k;
	if (m->to == -2) /* the entry at `from` removed */
		return k == m->from ? -1 : k > m->from ? k - 1 : k;
	if (k == m->from)
		return m->to;
	if (m->from < m->to && k > m->from && k <= m->to)
		return k - 1;
	if (m->to < m->from && k >= m->to && k < m->from)
		return k + 1;
	return k;
}

static void marks_follow(hy_doc *doc, const hy_value *rep, long from, long to)
{
	entry_move m = {from, to};
	hy_review_renumber(doc, rep, moved_entry, &m);
}

hy_value *hy_repeat_add(hy_doc *doc, hy_value *rep, size_t at, const hy_value *copy_from)
{
	if (at > rep->n_inst)
		at = rep->n_inst;
	hy_value *inst = instance_new(rep, at);
	if (copy_from)
		copy_value(inst, copy_from);
	marks_follow(doc, rep, (long)at, -1);
	insert_instance(rep, at, inst);
	add_min_instances(inst);
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv && at <= fv->n_inst) {
			marks_follow(doc, fv, (long)at, -1);
			hy_value *fi = instance_new(fv, at);
			insert_instance(fv, at, fi);
			add_min_instances(fi);
		}
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
	return inst;
}

void hy_repeat_remove(hy_doc *doc, hy_value *rep, size_t at)
{
	if (at >= rep->n_inst)
		return;
	marks_follow(doc, rep, (long)at, -2);
	value_free(rep->inst[at]);
	memmove(rep->inst + at, rep->inst + at + 1, (rep->n_inst - at - 1) * sizeof *rep->inst);
	rep->n_inst--;
	for (size_t i = 0; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv)
			hy_repeat_remove(doc, fv, at);
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
}

void hy_repeat_move(hy_doc *doc, hy_value *rep, size_t from, size_t to)
{
	if (from >= rep->n_inst || to >= rep->n_inst || from == to)
		return;
	marks_follow(doc, rep, (long)from, (long)to);
	hy_value *x = rep->inst[from];
	if (from < to)
		memmove(rep->inst + from, rep->inst + from + 1, (to - from) * sizeof *rep->inst);
	else
		memmove(rep->inst + to + 1, rep->inst + to, (from - to) * sizeof *rep->inst);
	rep->inst[to] = x;
	for (size_t i = 0; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv)
			hy_repeat_move(doc, fv, from, to);
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
}

static void fill_blank(hy_doc *doc, hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->n_inst == 0 && !v->f->follows)
		hy_repeat_add(doc, v, 0, NULL);
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			fill_blank(doc, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		fill_blank(doc, v->inst[i]);
}

void hy_doc_fill_blank(hy_doc *doc)
{
	fill_blank(doc, doc->root);
}
