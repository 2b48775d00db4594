/* Import, step three: the form's own sequence of printed labels aligned
 * with the cells of the text.  Each part, section and field is looked for
 * by its label from where the previous one ended (then, for text put out of
 * reading order, from its container's start); a repeat's instances by their
 * printed headers (システム1, 委託事項2 …).  A value runs from its label to
 * the next cell that is itself a label of the form.  Nothing is invented:
 * what the recognisers are unsure of is left empty and marked `check`. */
#include "hyoka/import_int.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- containers ---- */

/* A section's label printed a line below its first field's ("⑦再委託の有無"
 * then "再委託 ⑧…"): the section starts at that field. */
static size_t first_child_above(const ictx *c, const hy_fnode *f, size_t p, size_t lo)
{
	for (size_t back = 1; back <= 3 && p >= lo + back; back++) {
		size_t i = p - back;
		if (c->cells->items[i].used)
			break;
		for (size_t k = 0; k < f->n_children; k++) {
			const char *key = imp_key_of(c, f->children[k]);
			if (imp_usable_key(key) && imp_label_at(c, i, key))
				return i;
		}
	}
	return p + 1;
}

static size_t place_children(ictx *c, hy_value *cv, const hy_fnode *f, size_t lo, size_t hi);

/* A label in a header row ("評価書番号<tab>評価書名", every cell a label):
 * its value is the cell in the same column of the next line.  Returns the
 * cell, or (size_t)-1 when p is not in such a row. */
static size_t column_below(const ictx *c, size_t p, size_t hi)
{
	const hy_imp_cell *cells = c->cells->items;
	int line = cells[p].line;
	size_t first = p, last = p;
	while (first > 0 && cells[first - 1].line == line)
		first--;
	while (last + 1 < c->cells->n && cells[last + 1].line == line)
		last++;
	if (last == first)
		return (size_t)-1;
	for (size_t i = first; i <= last; i++)
		if (!c->pure[i])
			return (size_t)-1;
	int below = last + 1 < hi ? cells[last + 1].line : -1;
	for (size_t i = last + 1; i < hi && cells[i].line == below; i++)
		if (cells[i].col == cells[p].col)
			return c->stop[i] ? (size_t)-1 : i;
	return (size_t)-1;
}

/* An inline flag "[○] 接続しない（提供）" printed on its section's heading
 * line: true for a tick, false for an empty box, unset otherwise. */
static size_t place_flag(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t cur, size_t hi)
{
	const char *key = imp_key_of(c, f);
	size_t from = lo > 0 ? lo - 1 : 0;
	for (size_t i = from; key && i < hi && i < from + 6; i++) {
		const char *norm = c->cells->items[i].norm;
		const char *at = strstr(norm, key);
		if (!at)
			continue;
		int flag = -1;
		if (at - norm >= 2 && strncmp(at - 2, "[]", 2) == 0)
			flag = 0;
		else if (at - norm >= 5 && strncmp(at - 5, "[○]", 5) == 0)
			flag = 1;
		else if (at - norm >= 3 && at[-3] == '[' && at[-1] == ']' && strchr("OoxX", at[-2]))
			flag = 1;
		else if (at - norm >= 3 && strncmp(at - 3, "□", 3) == 0)
			flag = 0;
		else if (at - norm >= 3 && strncmp(at - 3, "■", 3) == 0)
			flag = 1;
		c->cells->items[i].used = true;
		if (flag >= 0 && v) {
			hy_set_flag(c->doc, v, flag);
			imp_imported(c, v);
		} else if (v)
			imp_add_review(c, v, _("the mark beside it was not recognised"));
		return cur;
	}
	return cur;
}

static size_t place_field(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t cur, size_t hi)
{
	if (f->type == HY_FLAG)
		return place_flag(c, v, f, lo, cur, hi);
	if (imp_place_template(c, v, f, lo, hi))
		return cur;
	size_t p = imp_find_near(c, f, lo, cur, hi);
	if (p >= hi || !imp_key_of(c, f))
		return cur;
	c->labels_found++;
	imp_mark_span(c, p, imp_key_of(c, f));
	size_t below = column_below(c, p, hi);
	if (below != (size_t)-1) {
		c->cells->items[p].used = c->cells->items[below].used = true;
		char *text = hy_strdup(c->cells->items[below].text);
		if (v)
			imp_put_value(c, v, text);
		free(text);
		return p + 1 > cur ? p + 1 : cur;
	}
	size_t skip = hy_imp_norm_skip(c->cells->items[p].text, strlen(imp_key_of(c, f)));
	size_t end;
	/* a list is one item a line: its lines are never joined (sep '\r') */
	char sep = f->type == HY_TEXT ? ' ' : f->type == HY_LIST ? '\r' : '\n';
	char *text = imp_collect(c, p, skip, hi, &end, sep);
	for (char *r = text; (r = strchr(r, '\r'));)
		*r = '\n';
	if (v) {
		imp_place_text(c, v, text);
		if (f->type == HY_CHOICE)
			imp_unlabelled_next_choice(c, v, text, p, hi);
	}
	free(text);
	return end > cur ? end : cur;
}

/* The title of an instance: the rest of its header cell, else the next
 * cell when that is not a label. */
static void place_title(ictx *c, hy_value *inst, const hy_fnode *rep, size_t at, size_t hi)
{
	const hy_fnode *tf = rep->title_child;
	hy_imp_cell *cell = &c->cells->items[at];
	cell->used = true;
	if (!tf)
		return;
	hy_value *tv = hy_value_child(inst, tf);
	if (!tv)
		return;
	const char *key = imp_key_of(c, rep);
	size_t skip = hy_imp_norm_skip(cell->text, strlen(key));
	while (isdigit((unsigned char)cell->text[skip]))
		skip++;
	skip += hy_imp_norm_skip(cell->text + skip, 0);
	char *text = NULL;
	if (cell->text[skip])
		text = hy_strdup(cell->text + skip);
	else if (at + 1 < hi && !c->stop[at + 1]) {
		text = hy_strdup(c->cells->items[at + 1].text);
		c->cells->items[at + 1].used = true;
	}
	if (text)
		imp_put_value(c, tv, text);
	free(text);
}

hy_value *imp_instance(ictx *c, hy_value *rv, size_t k)
{
	while (rv->n_inst <= k) {
		size_t before = rv->n_inst;
		hy_repeat_add(c->doc, rv, rv->n_inst, NULL);
		if (rv->n_inst == before)
			return NULL;
	}
	return rv->inst[k];
}

/* Which child of f (with a label worth matching) starts cell i; -1 if none. */
static int child_at(const ictx *c, const hy_fnode *f, size_t i)
{
	for (size_t k = 0; k < f->n_children; k++) {
		const char *key = imp_key_of(c, f->children[k]);
		if (imp_usable_key(key) && imp_starts(c->cells->items[i].norm, key))
			return (int)k;
	}
	return -1;
}

/* Does cell i name a table's instance: "ひとり親サブシステム項目名", a
 * column label with text before it (a plain "項目名" is a page's header). */
static bool named_header(const ictx *c, const hy_fnode *f, size_t i)
{
	const char *norm = c->cells->items[i].norm;
	size_t n = strlen(norm);
	int line = c->cells->items[i].line;
	if ((i > 0 && c->cells->items[i - 1].line == line) ||
	    (i + 1 < c->cells->n && c->cells->items[i + 1].line == line))
		return false; /* not alone on its line */
	for (size_t k = 0; k < f->n_children; k++) {
		const hy_fnode *t = f->children[k];
		if (t->type != HY_TABLE)
			continue;
		for (size_t j = 0; j < t->n_children; j++) {
			const char *key = imp_key_of(c, t->children[j]);
			size_t kl = key ? strlen(key) : 0;
			if (kl >= 6 && n > kl && strcmp(norm + n - kl, key) == 0)
				return true;
		}
	}
	return false;
}

/* Where the instances of a repeat without printed headers start: where
 * the children's labels start over (or a table names its instance). */
static size_t instance_starts(const ictx *c, const hy_fnode *f, size_t lo, size_t hi,
			      size_t **out, size_t **lasts)
{
	size_t n = 0, cap = 0, cap2 = 0, n2 = 0;
	int last = -1;
	size_t last_at = lo;
	*out = NULL;
	*lasts = NULL;
	for (size_t i = lo; i < hi; i++) {
		int k = child_at(c, f, i);
		if (k < 0 && named_header(c, f, i))
			k = 0;
		if (k < 0)
			continue;
		if (n == 0 || k <= last) {
			hy_grow((void **)out, &cap, n, sizeof **out);
			(*out)[n++] = i;
			hy_grow((void **)lasts, &cap2, n2, sizeof **lasts);
			(*lasts)[n2++] = last_at;
		}
		last = k;
		last_at = i;
	}
	return n;
}

/* A title printed without a label (a page's caption) is the first text
 * of its instance before the first label. */
static void unlabelled_title(ictx *c, hy_value *inst, const hy_fnode *f, size_t from, size_t to)
{
	const hy_fnode *tf = f->title_child;
	if (!tf || imp_key_of(c, tf) || (tf->type != HY_TEXT && tf->type != HY_LONGTEXT))
		return;
	for (size_t i = from; i < to; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		if (c->stop[i] || cell->used)
			continue;
		hy_value *tv = hy_value_child(inst, tf);
		if (tv) {
			char *text = hy_strdup(cell->text);
			imp_put_value(c, tv, text);
			free(text);
		}
		cell->used = true;
		return;
	}
}

/* Instances of a repeat whose instances have no printed header: each
 * starts where the previous one's text ended, and ends where the labels
 * start over. */
static size_t place_unheaded(ictx *c, hy_value *rv, const hy_fnode *f, size_t lo, size_t hi)
{
	size_t *starts_at, *lasts;
	size_t n = instance_starts(c, f, lo, hi, &starts_at, &lasts);
	size_t end = lo;
	if (n == 0 && lo < hi) {
		/* nothing printed per instance: the region is the first */
		hy_value *inst = rv ? imp_instance(c, rv, 0) : NULL;
		end = inst ? place_children(c, inst, f, lo, hi) : lo;
	}
	for (size_t k = 0; k < n; k++) {
		size_t from = k == 0 ? lo : end;
		if (k > 0 && from < lasts[k])
			from = lasts[k] + 1;
		if (from > starts_at[k])
			from = starts_at[k];
		size_t to = k + 1 < n ? starts_at[k + 1] : hi;
		hy_value *inst = rv ? imp_instance(c, rv, k) : NULL;
		if (!inst)
			break;
		unlabelled_title(c, inst, f, from, starts_at[k]);
		end = place_children(c, inst, f, from, to);
		if (end < from)
			end = from;
	}
	free(starts_at);
	free(lasts);
	return end;
}

static size_t place_repeat(ictx *c, hy_value *rv, const hy_fnode *f, size_t lo, size_t cur,
			   size_t hi)
{
	if (f->type == HY_TABLE)
		return imp_place_table(c, rv, f, cur, hi);
	const char *key = imp_key_of(c, f);
	size_t p = key ? imp_find_header(c, key, 1, cur, hi) : hi;
	if (p == hi && key && imp_find_header(c, key, 1, lo, cur) < cur)
		p = imp_find_header(c, key, 1, lo, cur);
	if (p >= hi) {
		size_t end = imp_region_end(c, f, cur, hi);
		return place_unheaded(c, rv, f, cur, end);
	}
	size_t end = imp_region_end(c, f, p + 1, hi), k = 0;
	while (p < end) {
		size_t next = imp_find_header(c, key, k + 2, p + 1, end);
		hy_value *inst = rv ? imp_instance(c, rv, k) : NULL;
		if (!inst)
			break;
		c->labels_found++;
		place_title(c, inst, f, p, next);
		place_children(c, inst, f, p + 1, next);
		k++;
		p = next;
	}
	return end > cur ? end : cur;
}

static size_t place_node(ictx *c, hy_value *parent, const hy_fnode *f, size_t lo, size_t cur,
			 size_t hi)
{
	hy_value *v = hy_value_child(parent, f);
	switch (f->type) {
	case HY_PART:
	case HY_SECTION: {
		size_t p = imp_find_near(c, f, lo, cur, hi);
		size_t start = p < hi ? p + 1 : cur;
		if (p < hi && f->type == HY_SECTION)
			start = first_child_above(c, f, p, lo);
		if (p < hi) {
			imp_mark_span(c, p, imp_key_of(c, f));
			c->cells->items[p].used = true;
			c->labels_found++;
		}
		size_t end = imp_region_end(c, f, start, hi);
		if (v)
			place_children(c, v, f, start, end);
		return p < hi && end > cur ? end : cur;
	}
	case HY_REPEAT:
	case HY_TABLE:
		return place_repeat(c, v, f, lo, cur, hi);
	case HY_FIXED:
	case HY_REF: {
		size_t p = imp_find_label(c, f, cur, hi);
		if (p < hi) {
			size_t end;
			size_t skip = hy_imp_norm_skip(c->cells->items[p].text, strlen(imp_key_of(c, f)));
			free(imp_collect(c, p, skip, hi, &end, '\n'));
			return end;
		}
		return cur;
	}
	default:
		return place_field(c, v, f, lo, cur, hi);
	}
}

static size_t place_children(ictx *c, hy_value *cv, const hy_fnode *f, size_t lo, size_t hi)
{
	size_t cur = lo;
	for (size_t i = 0; i < f->n_children; i++)
		cur = place_node(c, cv, f->children[i], lo, cur, hi);
	return cur;
}

/* ---- the whole ---- */

static void count_leftovers(ictx *c)
{
	hy_imp_report *r = c->rep;
	for (size_t i = 0; i < c->cells->n; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		if (cell->used || c->stop[i] || imp_only_options(cell->text))
			continue;
		if (r->n_leftover && r->leftover_lines[r->n_leftover - 1] == cell->line)
			continue;
		hy_grow((void **)&r->leftover_lines, &r->cap_leftover, r->n_leftover,
			sizeof *r->leftover_lines);
		r->leftover_lines[r->n_leftover++] = cell->line;
	}
}

hy_doc *hy_imp_document(const hy_form *form, hy_imp_cells *cells, hy_imp_report *report)
{
	ictx c = {.form = form, .cells = cells, .rep = report};
	c.doc = hy_doc_new(form);
	c.keys = hy_calloc(form->n_all ? form->n_all : 1, sizeof *c.keys);
	for (size_t i = 0; i < form->n_all; i++)
		c.keys[i] = imp_label_key(form->all[i]);
	imp_mark_stops(&c);
	/* the cover part's own label is the document's title: not a stop */
	place_children(&c, c.doc->root, &form->root, 0, cells->n);
	count_leftovers(&c);
	if (c.labels_found < 3 && !report->why_not)
		report->why_not = hy_strdup(_("hardly any of the form's printed labels were found in it"));
	for (size_t i = 0; i < form->n_all; i++)
		free(c.keys[i]);
	free(c.keys);
	free(c.stop);
	free(c.pure);
	free(c.part);
	return c.doc;
}

void hy_imp_report_free(hy_imp_report *r)
{
	for (size_t i = 0; i < r->n_reviews; i++) {
		free(r->reviews[i].path);
		free(r->reviews[i].why);
	}
	free(r->reviews);
	free(r->leftover_lines);
	free(r->why_not);
	memset(r, 0, sizeof *r);
}
