/* Revision diff (変更箇所): compares two versions of a document field by field,
 * prints the changes, and appends them to the document's 変更箇所 table. */
#include "hyoka/diff.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the change list ---- */

void hy_changes_init(hy_changes *c)
{
	memset(c, 0, sizeof *c);
}

void hy_changes_free(hy_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].path);
		free(c->items[i].before);
		free(c->items[i].after);
	}
	free(c->items);
	memset(c, 0, sizeof *c);
}

/* Takes ownership of path, before and after. */
static void add_change(hy_changes *c, hy_change_kind kind, const hy_fnode *f, bool important,
		       char *path, char *before, char *after)
{
	hy_grow((void **)&c->items, &c->cap, c->n, sizeof *c->items);
	c->items[c->n++] = (hy_change){.kind = kind, .path = path, .before = before,
				       .after = after, .important = important, .f = f};
}

const char *hy_change_timing(const hy_change *c)
{
	return c->important ? HY_DIFF_BEFORE_HAND : HY_DIFF_AFTER_HAND;
}

/* ---- alignment of two sequences of keys (paragraphs, instances) ---- */

typedef enum { AL_SAME, AL_DEL, AL_INS } al_kind;

typedef struct {
	al_kind kind;
	size_t a, b;        /* index in the old / new sequence */
} al_op;

typedef struct {
	al_op *ops;
	size_t n, cap;
} al_ops;

/* The LCS table is quadratic: beyond this many cells the differing middle is
 * taken as one block, which is still correct, only less precise. */
#define LCS_MAX_CELLS ((size_t)1 << 20)

/* A NULL key (an instance without a title) never matches anything. */
static bool key_eq(const char *x, const char *y)
{
	return x && y && strcmp(x, y) == 0;
}

static void al_push(al_ops *o, al_kind kind, size_t a, size_t b)
{
	hy_grow((void **)&o->ops, &o->cap, o->n, sizeof *o->ops);
	o->ops[o->n++] = (al_op){.kind = kind, .a = a, .b = b};
}

static void align_block(al_ops *out, size_t a0, size_t na, size_t b0, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		al_push(out, AL_DEL, a0 + i, 0);
	for (size_t j = 0; j < nb; j++)
		al_push(out, AL_INS, 0, b0 + j);
}

/* Longest common subsequence of a[a0..a0+na) and b[b0..b0+nb). */
static void align_lcs(const char *const *a, size_t a0, size_t na, const char *const *b,
		      size_t b0, size_t nb, al_ops *out)
{
	if (na == 0 || nb == 0 || na + 1 > LCS_MAX_CELLS / (nb + 1)) {
		align_block(out, a0, na, b0, nb);
		return;
	}
	size_t w = nb + 1;
	uint32_t *len = hy_calloc((na + 1) * w, sizeof *len);
	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;) {
			uint32_t down = len[(i + 1) * w + j], right = len[i * w + j + 1];
			len[i * w + j] = key_eq(a[a0 + i], b[b0 + j]) ? len[(i + 1) * w + j + 1] + 1
								     : down > right ? down : right;
		}
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && key_eq(a[a0 + i], b[b0 + j])) {
			al_push(out, AL_SAME, a0 + i++, b0 + j++);
		} else if (j == nb || (i < na && len[(i + 1) * w + j] >= len[i * w + j + 1])) {
			al_push(out, AL_DEL, a0 + i++, 0);
		} else {
			al_push(out, AL_INS, 0, b0 + j++);
		}
	}
	free(len);
}

/* Common prefix and suffix first: the usual edit touches one place, and this
 * keeps the LCS table small. */
static void align(const char *const *a, size_t na, const char *const *b, size_t nb, al_ops *out)
{
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && key_eq(a[pre], b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && key_eq(a[na - 1 - suf], b[nb - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		al_push(out, AL_SAME, i, i);
	align_lcs(a, pre, na - pre - suf, b, pre, nb - pre - suf, out);
	for (size_t k = suf; k > 0; k--)
		al_push(out, AL_SAME, na - k, nb - k);
}

/* ---- texts of values ---- */

/* Trailing line breaks and spaces print as nothing, so they are no change. */
static char *trim_end(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* A value of the wrong shape, flattened so that it can be compared and shown. */
static void raw_text(hy_buf *b, const yt_node *n)
{
	switch (n->kind) {
	case YT_SCALAR:
		hy_buf_adds(b, n->str);
		break;
	case YT_SEQ:
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				hy_buf_adds(b, "、");
			raw_text(b, n->items[i]);
		}
		break;
	case YT_MAP:
		for (size_t i = 0; i < n->n; i++) {
			hy_buf_addf(b, "%s%s: ", i ? "、" : "", n->pairs[i].key);
			raw_text(b, n->pairs[i].value);
		}
		break;
	}
}

/* The text of a stored field as a change row shows it. */
static char *leaf_text(const hy_value *v)
{
	if (v->raw) {
		hy_buf b;
		hy_buf_init(&b);
		raw_text(&b, v->raw);
		return trim_end(hy_buf_take(&b));
	}
	switch (v->f->type) {
	case HY_CHECKS:
		return hy_value_preview(v);
	case HY_FLAG:
		/* unset and false print the same empty box */
		return hy_strdup(v->flag == 1 ? "[ ○ ]" : "[　 ]");
	default:
		return trim_end(hy_value_text(v));
	}
}

/* ---- paragraph diff ---- */

static size_t split_lines(const char *s, char ***out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == '\n';
	char **lines = hy_calloc(n, sizeof *lines);
	size_t k = 0;
	for (const char *p = s;; p++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		lines[k++] = hy_strndup(p, len);
		if (!nl)
			break;
		p = nl;
	}
	*out = lines;
	return k;
}

/* A hunk that only adds (or only removes) paragraphs would leave one side
 * showing nothing but "…"; keep one unchanged neighbour as context. */
static void mark_context(const al_ops *ops, bool *shown)
{
	size_t i = 0;
	while (i < ops->n) {
		if (ops->ops[i].kind == AL_SAME) {
			i++;
			continue;
		}
		size_t start = i, dels = 0, ins = 0;
		for (; i < ops->n && ops->ops[i].kind != AL_SAME; i++)
			ops->ops[i].kind == AL_DEL ? dels++ : ins++;
		if (dels && ins)
			continue;
		if (start > 0)
			shown[start - 1] = true;
		else if (i < ops->n)
			shown[i] = true;
	}
}

typedef struct {
	hy_buf buf;
	bool marker;        /* the last line written is the "…" marker */
} side;

static void side_line(side *s, const char *line, bool marker)
{
	if (marker && s->marker)
		return;
	if (s->buf.len)
		hy_buf_addc(&s->buf, '\n');
	hy_buf_adds(&s->buf, line);
	s->marker = marker;
}

static void render_hunks(const al_ops *ops, const bool *shown, char **a, char **b, side *before,
			 side *after)
{
	for (size_t i = 0; i < ops->n; i++) {
		const al_op *op = &ops->ops[i];
		if (op->kind == AL_DEL) {
			side_line(before, a[op->a], false);
		} else if (op->kind == AL_INS) {
			side_line(after, b[op->b], false);
		} else {
			const char *text = shown[i] ? a[op->a] : HY_DIFF_ELIDED;
			side_line(before, text, !shown[i]);
			side_line(after, text, !shown[i]);
		}
	}
}

void hy_diff_text(const char *old_text, const char *new_text, char **before, char **after)
{
	char **a, **b;
	size_t na = split_lines(old_text, &a), nb = split_lines(new_text, &b);
	if (!*old_text || !*new_text || (na < 2 && nb < 2)) {
		*before = hy_strdup(old_text);
		*after = hy_strdup(new_text);
	} else {
		al_ops ops = {0};
		align((const char *const *)a, na, (const char *const *)b, nb, &ops);
		bool *shown = hy_calloc(ops.n, sizeof *shown);
		mark_context(&ops, shown);
		side sb = {.marker = false}, sa = {.marker = false};
		hy_buf_init(&sb.buf);
		hy_buf_init(&sa.buf);
		render_hunks(&ops, shown, a, b, &sb, &sa);
		*before = hy_buf_take(&sb.buf);
		*after = hy_buf_take(&sa.buf);
		free(shown);
		free(ops.ops);
	}
	hy_lines_free(a, na);
	hy_lines_free(b, nb);
}

/* ---- paths ---- */

/* Table rows have no printed header; they are named by their position, after
 * the table's label, or its container's path when it has none (not its id). */
static char *table_row_path(const hy_value *row)
{
	const hy_value *table_value = row->parent;
	if (!*table_value->f->label && table_value->parent)
		table_value = table_value->parent;
	char *table = hy_value_path(table_value);
	char *p = hy_printf("%s %zu行目", table, (size_t)row->index + 1);
	free(table);
	return p;
}

static char *instance_path(const hy_value *inst)
{
	return inst->f->type == HY_TABLE ? table_row_path(inst) : hy_value_path(inst);
}

static char *change_path(const hy_value *v)
{
	const hy_value *up = v->parent;
	if (up && up->is_instance && up->f->type == HY_TABLE) {
		char *row = table_row_path(up);
		char *p = hy_printf("%s %s", row, hy_fnode_name(v->f));
		free(row);
		return p;
	}
	/* an unlabelled title field is printed as the instance header itself */
	if (!*v->f->label && up && up->is_instance && up->f->title_child == v->f)
		return hy_value_path(up);
	return hy_value_path(v);
}

/* ---- instances ---- */

/* The title field of a repeat's instances, its own or its leader's. */
static const hy_fnode *title_field(const hy_fnode *r)
{
	if (r->title_child)
		return r->title_child;
	return r->follows ? r->follows->title_child : NULL;
}

static const hy_value *title_value(const hy_doc *doc, const hy_value *inst)
{
	const hy_fnode *tc = title_field(inst->f);
	if (!tc)
		return NULL;
	if (tc->parent == inst->f)
		return inst->kids[tc->index];
	/* a follower's instance i is titled by its leader's instance i */
	const hy_value *leader = hy_value_resolve(doc, inst->parent, inst->f->follows);
	if (!leader || inst->index >= leader->n_inst)
		return NULL;
	return leader->inst[inst->index]->kids[tc->index];
}

/* Everything an instance holds, for matching instances that have no title. */
static void content_key(hy_buf *b, const hy_value *v)
{
	if (v->kids) {
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i]) {
				hy_buf_addf(b, "%s{", v->f->children[i]->id);
				content_key(b, v->kids[i]);
				hy_buf_addc(b, '}');
			}
	} else if (v->f->type == HY_REPEAT || v->f->type == HY_TABLE) {
		for (size_t i = 0; i < v->n_inst; i++) {
			hy_buf_addc(b, '[');
			content_key(b, v->inst[i]);
			hy_buf_addc(b, ']');
		}
	} else {
		char *t = leaf_text(v);
		hy_buf_adds(b, t);
		free(t);
	}
}

/* The key instances are matched by: the title, or NULL when it is empty (an
 * untitled instance is then placed by position); the content without a title. */
static char *instance_key(const hy_doc *doc, const hy_value *inst)
{
	if (title_field(inst->f)) {
		const hy_value *tv = title_value(doc, inst);
		return tv && !hy_value_is_empty(tv) ? leaf_text(tv) : NULL;
	}
	hy_buf b;
	hy_buf_init(&b);
	content_key(&b, inst);
	return hy_buf_take(&b);
}

/* How an added or removed instance is described in its row. */
static char *instance_summary(const hy_value *inst)
{
	if (inst->f->type != HY_TABLE)
		return hy_instance_title(inst);
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < inst->f->n_children; i++) {
		if (!inst->kids[i] || hy_value_is_empty(inst->kids[i]))
			continue;
		char *t = leaf_text(inst->kids[i]);
		hy_buf_addf(&b, "%s%s", b.len ? "／" : "", t);
		free(t);
	}
	return hy_buf_take(&b);
}

#define NONE SIZE_MAX

typedef struct {
	size_t a, b;        /* old / new instance index, NONE when absent */
} inst_pair;

typedef struct {
	inst_pair *items;
	size_t n, cap;
} inst_pairs;

static void pair_push(inst_pairs *p, size_t a, size_t b)
{
	hy_grow((void **)&p->items, &p->cap, p->n, sizeof *p->items);
	p->items[p->n++] = (inst_pair){.a = a, .b = b};
}

static char **instance_keys(const hy_doc *doc, const hy_value *rep)
{
	char **keys = hy_calloc(rep->n_inst, sizeof *keys);
	for (size_t i = 0; i < rep->n_inst; i++)
		keys[i] = instance_key(doc, rep->inst[i]);
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* Within a run of unmatched instances, those left on both sides are the same
 * instances edited (a changed title, say): pair them by position; the rest
 * were removed or added. */
static void pair_gap(inst_pairs *out, const al_ops *ops, size_t from, size_t to)
{
	size_t *dels = hy_calloc(to - from, sizeof *dels), *ins = hy_calloc(to - from, sizeof *ins);
	size_t nd = 0, ni = 0;
	for (size_t i = from; i < to; i++) {
		if (ops->ops[i].kind == AL_DEL)
			dels[nd++] = ops->ops[i].a;
		else
			ins[ni++] = ops->ops[i].b;
	}
	size_t both = nd < ni ? nd : ni;
	for (size_t k = 0; k < both; k++)
		pair_push(out, dels[k], ins[k]);
	for (size_t k = both; k < nd; k++)
		pair_push(out, dels[k], NONE);
	for (size_t k = both; k < ni; k++)
		pair_push(out, NONE, ins[k]);
	free(dels);
	free(ins);
}

static void match_by_key(const hy_doc *od, const hy_value *a, const hy_doc *nd,
			 const hy_value *b, inst_pairs *out)
{
	char **ka = instance_keys(od, a), **kb = instance_keys(nd, b);
	al_ops ops = {0};
	align((const char *const *)ka, a->n_inst, (const char *const *)kb, b->n_inst, &ops);
	size_t i = 0;
	while (i < ops.n) {
		if (ops.ops[i].kind == AL_SAME) {
			pair_push(out, ops.ops[i].a, ops.ops[i].b);
			i++;
			continue;
		}
		size_t start = i;
		while (i < ops.n && ops.ops[i].kind != AL_SAME)
			i++;
		pair_gap(out, &ops, start, i);
	}
	free(ops.ops);
	free_keys(ka, a->n_inst);
	free_keys(kb, b->n_inst);
}

static void match_instances(const hy_doc *od, const hy_value *a, const hy_doc *nd,
			    const hy_value *b, inst_pairs *out)
{
	if (a->n_inst == b->n_inst) {
		for (size_t i = 0; i < a->n_inst; i++)
			pair_push(out, i, i);
		return;
	}
	match_by_key(od, a, nd, b, out);
}

/* ---- the walk ---- */

typedef struct {
	const hy_doc *old_doc, *new_doc;
	const hy_fnode *skip;   /* the 変更箇所 table */
	hy_changes *out;
} walker;

static void diff_value(walker *w, const hy_value *a, const hy_value *b);

static void diff_leaf(walker *w, const hy_value *a, const hy_value *b)
{
	char *x = leaf_text(a), *y = leaf_text(b);
	if (strcmp(x, y) != 0) {
		char *before, *after;
		hy_diff_text(x, y, &before, &after);
		add_change(w->out, HY_CHANGE_EDITED, b->f, b->f->important, change_path(b), before,
			   after);
	}
	free(x);
	free(y);
}

/* An instance of a follower repeat (Ⅲ per file of Ⅱ) that holds nothing is
 * already told by its leader's row. */
static bool worth_a_row(const hy_value *inst)
{
	return !inst->f->follows || !hy_value_is_empty(inst);
}

/* Adding or removing an instance changes every ※ item it holds (a new
 * 委託事項 sets its ⑦再委託の有無　※), so any filled one makes the row a
 * 重要な変更, even when the repeat itself is not marked. */
static bool holds_important(const hy_value *v)
{
	if (!v || hy_value_is_empty(v))
		return false;
	if (v->f->important)
		return true;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (holds_important(v->kids[i]))
				return true;
	for (size_t i = 0; i < v->n_inst; i++)
		if (holds_important(v->inst[i]))
			return true;
	return false;
}

static void instance_added(walker *w, const hy_value *inst)
{
	if (worth_a_row(inst))
		add_change(w->out, HY_CHANGE_ADDED, inst->f, holds_important(inst) || inst->f->important,
			   instance_path(inst), hy_strdup(HY_DIFF_ADDED), instance_summary(inst));
}

static void instance_removed(walker *w, const hy_value *inst)
{
	if (worth_a_row(inst))
		add_change(w->out, HY_CHANGE_REMOVED, inst->f,
			   holds_important(inst) || inst->f->important, instance_path(inst),
			   instance_summary(inst), hy_strdup(HY_DIFF_REMOVED));
}

static void diff_instances(walker *w, const hy_value *a, const hy_value *b)
{
	inst_pairs pairs = {0};
	match_instances(w->old_doc, a, w->new_doc, b, &pairs);
	for (size_t i = 0; i < pairs.n; i++) {
		const inst_pair *p = &pairs.items[i];
		if (p->a != NONE && p->b != NONE)
			diff_value(w, a->inst[p->a], b->inst[p->b]);
		else if (p->b != NONE)
			instance_added(w, b->inst[p->b]);
		else
			instance_removed(w, a->inst[p->a]);
	}
	free(pairs.items);
}

static void diff_value(walker *w, const hy_value *a, const hy_value *b)
{
	if (!a || !b || a->f == w->skip)
		return;
	if (a->raw || b->raw) {
		diff_leaf(w, a, b);
	} else if (a->kids) {
		for (size_t i = 0; i < a->f->n_children; i++)
			diff_value(w, a->kids[i], b->kids[i]);
	} else if (a->f->type == HY_REPEAT || a->f->type == HY_TABLE) {
		diff_instances(w, a, b);
	} else {
		diff_leaf(w, a, b);
	}
}

/* The walk of both public entry points; skip is the table left out (or NULL). */
static bool diff_docs(const hy_doc *old_doc, const hy_doc *new_doc, bool whole,
		      hy_changes *out, char **err)
{
	*err = NULL;
	/* the walk pairs values through their form nodes, so the very same form */
	if (old_doc->form != new_doc->form) {
		*err = strcmp(old_doc->form->id, new_doc->form->id) != 0
			? hy_printf(_("the documents are of different forms ('%s' and '%s'); only "
				      "versions of the same form can be compared"),
				    old_doc->form->id, new_doc->form->id)
			: hy_printf(_("the documents were loaded with different definitions of the "
				      "form '%s'"),
				    old_doc->form->id);
		return false;
	}
	walker w = {.old_doc = old_doc, .new_doc = new_doc,
		    .skip = whole ? NULL : hy_changes_table(new_doc->form), .out = out};
	diff_value(&w, old_doc->root, new_doc->root);
	return true;
}

bool hy_diff(const hy_doc *old_doc, const hy_doc *new_doc, hy_changes *out, char **err)
{
	return diff_docs(old_doc, new_doc, false, out, err);
}

bool hy_diff_all(const hy_doc *old_doc, const hy_doc *new_doc, hy_changes *out, char **err)
{
	return diff_docs(old_doc, new_doc, true, out, err);
}

/* ---- appending to the 変更箇所 table ---- */

const hy_fnode *hy_changes_table(const hy_form *form)
{
	for (size_t i = 0; i < form->root.n_children; i++) {
		const hy_fnode *part = form->root.children[i];
		if (strcmp(part->id, "changes") != 0)
			continue;
		for (size_t k = 0; k < part->n_children; k++)
			if (part->children[k]->type == HY_TABLE)
				return part->children[k];
	}
	return NULL;
}

typedef struct {
	const hy_fnode *date, *item, *before, *after, *timing;
} change_columns;

static const hy_fnode *column(const hy_fnode *table, const char *id)
{
	for (size_t i = 0; i < table->n_children; i++)
		if (strcmp(table->children[i]->id, id) == 0)
			return table->children[i];
	return NULL;
}

static change_columns columns_of(const hy_fnode *table)
{
	return (change_columns){.date = column(table, "date"), .item = column(table, "item"),
				.before = column(table, "before"), .after = column(table, "after"),
				.timing = column(table, "timing")};
}

static char *cell_text(const hy_value *row, const hy_fnode *col)
{
	return col && row->kids[col->index] ? leaf_text(row->kids[col->index]) : hy_strdup("");
}

/* 令和7年4月1日 and 2025-04-01 are the same 変更日. */
static bool same_date(const hy_fnode *col, const char *x, const char *y)
{
	if (strcmp(x, y) == 0)
		return true;
	hy_date dx, dy;
	bool partial = col && col->partial_date, notes = col && col->date_notes;
	char *ex = hy_date_parse(x, partial, notes, &dx);
	char *ey = hy_date_parse(y, partial, notes, &dy);
	bool same = !ex && !ey && dx.year == dy.year && dx.month == dy.month &&
		    dx.day == dy.day && strcmp(x + dx.consumed, y + dy.consumed) == 0;
	free(ex);
	free(ey);
	return same;
}

static bool row_matches(const hy_value *row, const change_columns *c, const char *date,
			const hy_change *ch)
{
	char *d = cell_text(row, c->date), *item = cell_text(row, c->item);
	char *after = cell_text(row, c->after);
	char *want = trim_end(hy_strdup(ch->after));
	bool same = (!c->date || same_date(c->date, d, date)) && strcmp(item, ch->path) == 0 &&
		    strcmp(after, want) == 0;
	free(d);
	free(item);
	free(after);
	free(want);
	return same;
}

static bool row_exists(const hy_value *rows, const change_columns *c, const char *date,
		       const hy_change *ch)
{
	for (size_t i = 0; i < rows->n_inst; i++)
		if (row_matches(rows->inst[i], c, date, ch))
			return true;
	return false;
}

static void set_cell(hy_doc *doc, hy_value *row, const hy_fnode *col, const char *text)
{
	if (!col || !row->kids[col->index])
		return;
	hy_value *v = row->kids[col->index];
	if (col->type == HY_CHOICE) {
		/* a form whose 提出時期 list lacks 事前/事後 gets the cell left empty */
		int opt = col->list ? hy_list_find(col->list, text, NULL) : -1;
		if (opt >= 0)
			hy_set_choice(doc, v, opt, NULL);
		return;
	}
	hy_set_text(doc, v, text);
}

static void append_row(hy_doc *doc, hy_value *rows, const change_columns *c, const char *date,
		       const hy_change *ch)
{
	hy_value *row = hy_repeat_add(doc, rows, rows->n_inst, NULL);
	set_cell(doc, row, c->date, date);
	set_cell(doc, row, c->item, ch->path);
	set_cell(doc, row, c->before, ch->before);
	set_cell(doc, row, c->after, ch->after);
	set_cell(doc, row, c->timing, hy_change_timing(ch));
}

static bool check_target(const hy_form *form, const hy_fnode *table, const change_columns *c,
			 const char *date, char **err)
{
	if (!table) {
		*err = hy_printf(_("the form '%s' has no 変更箇所 table (a part 'changes' holding a "
				   "table)"),
				 form->id);
		return false;
	}
	if (!c->item || !c->after) {
		*err = hy_printf(_("the 変更箇所 table of the form '%s' has no 'item' or 'after' "
				   "column"),
				 form->id);
		return false;
	}
	char *bad = hy_date_parse(date, c->date && c->date->partial_date,
				  c->date && c->date->date_notes, NULL);
	if (bad) {
		*err = hy_printf(_("--date '%s' is not a date: %s"), date, bad);
		free(bad);
		return false;
	}
	return true;
}

bool hy_diff_append_check(const hy_doc *doc, const char *date, char **err)
{
	*err = NULL;
	const hy_fnode *table = hy_changes_table(doc->form);
	change_columns c = table ? columns_of(table) : (change_columns){0};
	return check_target(doc->form, table, &c, date, err);
}

bool hy_diff_append(hy_doc *doc, const hy_changes *changes, const char *date, size_t *added,
		    char **err)
{
	*added = 0;
	*err = NULL;
	const hy_fnode *table = hy_changes_table(doc->form);
	change_columns c = table ? columns_of(table) : (change_columns){0};
	if (!check_target(doc->form, table, &c, date, err))
		return false;
	hy_value *rows = hy_value_resolve(doc, doc->root, table);
	if (!rows || rows->raw) {
		*err = hy_strdup(_("the 変更箇所 table in the document is not a list of rows"));
		return false;
	}
	for (size_t i = 0; i < changes->n; i++) {
		if (row_exists(rows, &c, date, &changes->items[i]))
			continue;
		append_row(doc, rows, &c, date, &changes->items[i]);
		(*added)++;
	}
	return true;
}
