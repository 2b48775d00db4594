/* Review marks: which fields came from an import and which the author must
 * still check.  Kept in the document's top-level `review:` mapping (one key
 * per field, its stable id path), so that the document model itself needs
 * nothing new: the mapping rides in doc->top_extra, which the reader keeps
 * and the writer writes back.  See docs/document-format.md. */
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

static const char *const mark_words[] = {NULL, "imported", "check"};

char *hy_review_path(const hy_value *v)
{
	size_t n = 0;
	for (const hy_value *p = v; p && p->parent; p = p->parent)
		n++;
	const hy_value **chain = hy_calloc(n ? n : 1, sizeof *chain);
	size_t k = 0;
	for (const hy_value *p = v; p && p->parent; p = p->parent)
		chain[k++] = p;
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = n; i-- > 0;) {
		if (b.len)
			hy_buf_addc(&b, '.');
		if (chain[i]->is_instance)
			hy_buf_addf(&b, "%zu", (size_t)chain[i]->index + 1);
		else
			hy_buf_adds(&b, chain[i]->f->id ? chain[i]->f->id : "?");
	}
	free(chain);
	return hy_buf_take(&b);
}

static yt_node *review_map(const hy_doc *doc)
{
	yt_node *m = doc->top_extra ? yt_get(doc->top_extra, HY_REVIEW_KEY) : NULL;
	return m && m->kind == YT_MAP ? m : NULL;
}

static hy_mark word_mark(const yt_node *n)
{
	if (!n || n->kind != YT_SCALAR)
		return HY_MARK_NONE;
	if (strcmp(n->str, "check") == 0)
		return HY_MARK_CHECK;
	if (strcmp(n->str, "imported") == 0)
		return HY_MARK_IMPORTED;
	return HY_MARK_NONE;
}

hy_mark hy_review_get(const hy_doc *doc, const hy_value *v)
{
	yt_node *m = review_map(doc);
	if (!m)
		return HY_MARK_NONE;
	char *key = hy_review_path(v);
	hy_mark mark = word_mark(yt_get(m, key));
	free(key);
	return mark;
}

static void map_remove(yt_node *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->pairs[i].key, key) == 0) {
			free(m->pairs[i].key);
			yt_free(m->pairs[i].value);
			memmove(m->pairs + i, m->pairs + i + 1, (m->n - i - 1) * sizeof *m->pairs);
			m->n--;
			return;
		}
}

void hy_review_set(hy_doc *doc, const hy_value *v, hy_mark mark)
{
	char *key = hy_review_path(v);
	yt_node *m = review_map(doc);
	if (m)
		map_remove(m, key);
	if (mark != HY_MARK_NONE) {
		if (!doc->top_extra)
			doc->top_extra = yt_new(YT_MAP, 0, 0);
		if (!m) {
			map_remove(doc->top_extra, HY_REVIEW_KEY);
			m = yt_new(YT_MAP, 0, 0);
			yt_map_add(doc->top_extra, HY_REVIEW_KEY, 0, 0, m);
		}
		yt_map_add(m, key, 0, 0, yt_new_scalar(mark_words[mark], 0, 0));
	} else if (m && m->n == 0)
		map_remove(doc->top_extra, HY_REVIEW_KEY);
	free(key);
	doc->modified = true;
	doc->generation++;
}

void hy_review_renumber(hy_doc *doc, const hy_value *rep, long (*map)(long entry, const void *ctx),
			const void *ctx)
{
	yt_node *m = review_map(doc);
	if (!m)
		return;
	char *prefix = hy_review_path(rep);
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < m->n;) {
		char *key = m->pairs[i].key;
		char *end = NULL;
		long k = strncmp(key, prefix, plen) == 0 && key[plen] == '.'
				 ? strtol(key + plen + 1, &end, 10)
				 : 0;
		if (k <= 0 || !end || (*end && *end != '.')) {
			i++;
			continue;
		}
		long to = map(k - 1, ctx);
		if (to < 0) { /* the entry is gone, and its marks with it */
			free(key);
			yt_free(m->pairs[i].value);
			memmove(m->pairs + i, m->pairs + i + 1, (m->n - i - 1) * sizeof *m->pairs);
			m->n--;
			continue;
		}
		m->pairs[i].key = hy_printf("%s.%ld%s", prefix, to + 1, end);
		free(key);
		i++;
	}
	free(prefix);
}

size_t hy_review_count(const hy_doc *doc)
{
	yt_node *m = review_map(doc);
	size_t n = 0;
	for (size_t i = 0; m && i < m->n; i++)
		if (word_mark(m->pairs[i].value) == HY_MARK_CHECK)
			n++;
	return n;
}

/* Every stored field value, depth first. */
static void collect(hy_value *v, hy_value ***out, size_t *n, size_t *cap)
{
	if (!v)
		return;
	if (v->f && v->f->type != HY_SECTION && v->f->type != HY_PART && !v->is_instance &&
	    v->f->type != HY_REPEAT && v->f->type != HY_TABLE && v->parent) {
		hy_grow((void **)out, cap, *n, sizeof **out);
		(*out)[(*n)++] = v;
		return;
	}
	if (v->inst)
		for (size_t i = 0; i < v->n_inst; i++)
			collect(v->inst[i], out, n, cap);
	bool container = v->is_instance || !(v->f->type == HY_REPEAT || v->f->type == HY_TABLE);
	if (v->kids && container)
		for (size_t i = 0; i < v->f->n_children; i++)
			collect(v->kids[i], out, n, cap);
}

hy_value *hy_review_next(const hy_doc *doc, const hy_value *from, bool backwards)
{
	if (hy_review_count(doc) == 0)
		return NULL;
	hy_value **all = NULL;
	size_t n = 0, cap = 0;
	collect(doc->root, &all, &n, &cap);
	size_t start = n;
	for (size_t i = 0; from && i < n; i++)
		if (all[i] == from)
			start = i;
	hy_value *found = NULL;
	for (size_t step = 1; step <= n && !found; step++) {
		size_t i = backwards ? (start + n * 2 - step) % n
				     : (start == n ? step - 1 : (start + step) % n);
		if (hy_review_get(doc, all[i]) == HY_MARK_CHECK)
			found = all[i];
	}
	free(all);
	return found;
}

void hy_review_diags(const hy_doc *doc, hy_diags *out)
{
	if (hy_review_count(doc) == 0)
		return;
	hy_value **all = NULL;
	size_t n = 0, cap = 0;
	collect(doc->root, &all, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		if (hy_review_get(doc, all[i]) != HY_MARK_CHECK)
			continue;
		char *path = hy_value_path(all[i]);
		int line = all[i]->line, col = all[i]->col;
		if (!line) { /* empty: where its mark is */
			char *key = hy_review_path(all[i]);
			const yt_pair *p = yt_get_pair(review_map(doc), key);
			line = p ? p->line : 0;
			col = p ? p->col : 0;
			free(key);
		}
		hy_diags_add(out, HY_WARNING, line, col, path, "%s",
			     _("imported value to review (confirming it removes its review mark)"));
		free(path);
	}
	free(all);
	hy_diags_sort(out);
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t hy_review_checked(const hy_doc *doc, hy_value ***out)
{
	*out = NULL;
	yt_node *m = review_map(doc);
	if (!m || hy_review_count(doc) == 0)
		return 0;
	/* the keys marked `check`, sorted: one path and one search per field
	 * instead of a scan of every mark */
	char **keys = hy_calloc(m->n, sizeof *keys);
	size_t nk = 0;
	for (size_t i = 0; i < m->n; i++)
		if (word_mark(m->pairs[i].value) == HY_MARK_CHECK)
			keys[nk++] = m->pairs[i].key;
	qsort(keys, nk, sizeof *keys, compare_keys);
	hy_value **all = NULL;
	size_t n = 0, cap = 0, found = 0;
	collect(doc->root, &all, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		char *key = hy_review_path(all[i]);
		if (bsearch(&key, keys, nk, sizeof *keys, compare_keys))
			all[found++] = all[i];
		free(key);
	}
	free(keys);
	if (!found) {
		free(all);
		return 0;
	}
	*out = all;
	return found;
}
