#include "hyoka/outline.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

/* A section is a page of its own when it sits directly in a part or in a
 * repeat instance; deeper sections are headings inside their page. */
/* A field numbered like a section ("３．特定個人情報ファイル名") directly in a
 * part or an entry: an item of the 項目一覧 of its own. */
static bool numbered_field(const hy_value *v)
{
	if (!hy_type_is_stored(v->f->type) || !v->parent ||
	    !(v->parent->is_instance || v->parent->f->type == HY_PART))
		return false;
	char *num, *rest;
	hy_label_split(v->f->label, &num, &rest);
	size_t n = strlen(num);
	bool numbered = n >= 3 && strcmp(num + n - 3, "．") == 0;
	free(num);
	free(rest);
	return numbered;
}

bool hy_is_entry(const hy_value *v)
{
	if (!v)
		return false;
	if (v->is_instance)
		return true;
	switch (v->f->type) {
	case HY_PART:
	case HY_REPEAT:
	case HY_TABLE:
		return true;
	case HY_SECTION:
		return v->parent && (v->parent->is_instance || v->parent->f->type == HY_PART) &&
		       v->f->n_children > 0;
	default:
		return numbered_field(v);
	}
}

static void add(hy_outline *o, hy_ol_kind kind, hy_value *v, int depth)
{
	hy_grow((void **)&o->items, &o->cap, o->n, sizeof *o->items);
	o->items[o->n].kind = kind;
	o->items[o->n].v = v;
	o->items[o->n].depth = depth;
	o->n++;
}

static void walk(hy_outline *o, hy_value *v, int depth);

static void walk_children(hy_outline *o, hy_value *v, int depth)
{
	if (!v->kids)
		return;
	for (size_t i = 0; i < v->f->n_children; i++)
		if (v->kids[i])
			walk(o, v->kids[i], depth);
}

static void walk(hy_outline *o, hy_value *v, int depth)
{
	if (v->is_instance) {
		add(o, HY_OL_INSTANCE, v, depth);
		walk_children(o, v, depth + 1);
		return;
	}
	switch (v->f->type) {
	case HY_PART:
		add(o, HY_OL_PART, v, depth);
		walk_children(o, v, depth + 1);
		return;
	case HY_REPEAT:
	case HY_TABLE:
		add(o, HY_OL_REPEAT, v, depth);
		for (size_t i = 0; i < v->n_inst; i++)
			walk(o, v->inst[i], depth + 1);
		return;
	case HY_SECTION:
		if (hy_is_entry(v)) {
			add(o, HY_OL_SECTION, v, depth);
			walk_children(o, v, depth + 1);
		} else {
			walk_children(o, v, depth);
		}
		return;
	default:
		if (hy_is_entry(v))
			add(o, HY_OL_FIELD, v, depth);
		return;
	}
}

void hy_outline_build(const hy_doc *doc, hy_outline *out)
{
	memset(out, 0, sizeof *out);
	walk_children(out, doc->root, 0);
}

void hy_outline_free(hy_outline *o)
{
	free(o->items);
	memset(o, 0, sizeof *o);
}

/* label without the "{n}" placeholder of repeat labels ("委託事項{n}") */
static char *without_placeholder(const char *label)
{
	char *t = hy_strdup(label);
	char *brace = strstr(t, "{n}");
	if (brace)
		memmove(brace, brace + 3, strlen(brace + 3) + 1);
	return t;
}

char *hy_field_title(const hy_fnode *f)
{
	/* an unlabelled node reads as its nearest labelled ancestor: the author
	 * never sees an internal id */
	for (const hy_fnode *a = f; a; a = a->parent) {
		const char *l = *a->label ? a->label : a->repeat_label;
		char *t = l ? without_placeholder(l) : NULL;
		if (t && *t)
			return t;
		free(t);
	}
	return hy_strdup(f->title_en ? f->title_en : "");
}

/* An instance of a repeat without a {n} label reads "（別添１） 事務の内容 1",
 * not "1". */
static char *instance_title(const hy_value *inst)
{
	char *t = hy_instance_title(inst);
	if (t[strspn(t, "0123456789")])
		return t;
	char *list = hy_field_title(inst->f);
	char *both = hy_printf("%s %s", list, t);
	free(list);
	free(t);
	return both;
}

char *hy_ol_title(const hy_ol_entry *e)
{
	if (e->kind == HY_OL_INSTANCE)
		return instance_title(e->v);
	const hy_fnode *f = e->v->f;
	if (!*f->label && f->name)
		return hy_strdup(f->name); /* an unlabelled part: 表紙 */
	return hy_field_title(f);
}

size_t hy_outline_find(const hy_outline *o, const hy_value *v)
{
	for (const hy_value *a = v; a; a = a->parent)
		for (size_t i = 0; i < o->n; i++)
			if (o->items[i].v == a)
				return i;
	return 0;
}

static void row(hy_rows *r, hy_row_kind kind, const hy_fnode *f, hy_value *v, hy_value *scope,
		int depth)
{
	hy_grow((void **)&r->items, &r->cap, r->n, sizeof *r->items);
	hy_row *x = &r->items[r->n++];
	x->kind = kind;
	x->f = f;
	x->v = v;
	x->scope = scope;
	x->depth = depth;
}

static void page_of(hy_rows *r, hy_value *c, int depth)
{
	for (size_t i = 0; i < c->f->n_children; i++) {
		const hy_fnode *f = c->f->children[i];
		hy_value *v = c->kids ? c->kids[i] : NULL;
		if (!hy_type_is_stored(f->type)) {
			row(r, HY_ROW_FIXED, f, NULL, c, depth);
			continue;
		}
		if (f->type == HY_REPEAT || f->type == HY_TABLE || hy_is_entry(v)) {
			row(r, HY_ROW_LINK, f, v, c, depth);
			continue;
		}
		if (f->type == HY_SECTION) {
			row(r, HY_ROW_HEADING, f, v, c, depth);
			page_of(r, v, depth + 1);
			continue;
		}
		row(r, HY_ROW_FIELD, f, v, c, depth);
	}
}

void hy_page_rows(const hy_doc *doc, const hy_ol_entry *e, hy_rows *out)
{
	(void)doc;
	memset(out, 0, sizeof *out);
	hy_value *v = e->v;
	if (e->kind == HY_OL_REPEAT) {
		for (size_t i = 0; i < v->n_inst; i++)
			row(out, HY_ROW_LINK, v->f, v->inst[i], v, 0);
		return;
	}
	if (e->kind == HY_OL_FIELD) {
		row(out, HY_ROW_FIELD, v->f, v, v->parent, 0);
		return;
	}
	page_of(out, v, 0);
}

void hy_rows_free(hy_rows *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}
