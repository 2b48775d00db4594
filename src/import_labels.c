/* Import: the keys of the form's printed labels, and where in the text
 * each label is -- at the start of a cell, wrapped in its column, or with a
 * few characters garbled by the extraction -- and which form a text is. */
#include "hyoka/import_int.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdio.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys and look-ups ---- */

/* A label's trailing note in parentheses ("…リスク対策 ※（７．リスク１⑨を
 *除く。）") varies between printings: the key stops before it. */
static void strip_note(char *key)
{
	size_t n = strlen(key);
	if (n < 2 || key[n - 1] != ')')
		return;
	int depth = 0;
	for (size_t i = n; i-- > 0;) {
		if (key[i] == ')')
			depth++;
		else if (key[i] == '(' && --depth == 0) {
			if (i >= 12)
				key[i] = '\0';
			return;
		}
	}
}

char *imp_label_key(const hy_fnode *f)
{
	if (!f->label || !*f->label)
		return NULL;
	const char *brace = strstr(f->label, "{n}");
	char *head = brace ? hy_strndup(f->label, (size_t)(brace - f->label)) : hy_strdup(f->label);
	char *key = hy_imp_norm(head);
	free(head);
	if (!*key) {
		free(key);
		return NULL;
	}
	if (f->type == HY_PART || f->type == HY_SECTION)
		strip_note(key);
	return key;
}

const char *imp_key_of(const ictx *c, const hy_fnode *f)
{
	if (f == &c->form->root || f->serial >= c->form->n_all)
		return NULL;
	return c->keys[f->serial];
}

bool imp_starts(const char *s, const char *key)
{
	return key && strncmp(s, key, strlen(key)) == 0;
}

/* Is the cell the header of instance n of a repeat whose key is key:
 * "システム2", not "システム21" nor "委託事項2～5". */
static bool is_header(const char *norm, const char *key, size_t n)
{
	if (!imp_starts(norm, key))
		return false;
	const char *p = norm + strlen(key);
	char num[24];
	snprintf(num, sizeof num, "%zu", n);
	if (!hy_starts_with(p, num))
		return false;
	p += strlen(num);
	return !isdigit((unsigned char)*p) && *p != '~' && *p != '-';
}

/* A label key is worth stopping at when it is at least two characters. */
bool imp_usable_key(const char *key)
{
	return key && strlen(key) >= 6;
}

/* Does the label end where the key does: at the end of the text, before
 * white space, ※ or an opening bracket, or with a closing one?  "再委託"
 * is the label of "再委託 ⑦…", not the start of the text "再委託する業務…". */
static bool label_boundary(const char *text, const char *key)
{
	size_t n = strlen(key);
	if (n && strchr(")]>", key[n - 1]))
		return true;
	if (n >= 3 && (hy_starts_with(key + n - 3, "）") || hy_starts_with(key + n - 3, "】") ||
		       hy_starts_with(key + n - 3, "］") || hy_starts_with(key + n - 3, "＞")))
		return true;
	size_t at = hy_imp_norm_end(text, n);
	if (!text[at])
		return true;
	static const char *const after[] = {" ", "\t", "\n", "\xE3\x80\x80", "※", "[", "［", "(", "（",
					    "<", "＜", ":", "：", "【", "「"};
	for (size_t i = 0; i < sizeof after / sizeof *after; i++)
		if (hy_starts_with(text + at, after[i]))
			return true;
	return false;
}

static bool label_starts(const hy_imp_cell *cell, const char *key)
{
	return imp_starts(cell->norm, key) && label_boundary(cell->text, key);
}

/* A label wrapped in its column (`pdftotext -layout`): "②取扱いを委託する特定個人"
 * with "情報ファイルの範囲" under it.  Does cell i start such a label spelling
 * key?  *last: the cell holding its end. */
static bool label_span(const ictx *c, size_t i, const char *key, size_t *last)
{
	const hy_imp_cell *cells = c->cells->items;
	size_t klen = strlen(key), have = strlen(cells[i].norm);
	if (cells[i].x < 0 || have < 6 || have >= klen || strncmp(key, cells[i].norm, have) != 0)
		return false;
	size_t at = i;
	for (int piece = 0; piece < 3; piece++) {
		/* the cell under it: on the next line, at the same place */
		size_t j = at + 1;
		while (j < c->cells->n && cells[j].line == cells[at].line)
			j++;
		int below = j < c->cells->n ? cells[j].line : -1;
		if (below != cells[at].line + 1)
			return false;
		for (; j < c->cells->n && cells[j].line == below; j++)
			if (cells[j].x >= 0 && abs(cells[j].x - cells[i].x) <= 2)
				break;
		if (j >= c->cells->n || cells[j].line != below)
			return false;
		size_t n = strlen(cells[j].norm);
		if (have + n > klen || strncmp(key + have, cells[j].norm, n) != 0)
			return false;
		have += n;
		at = j;
		if (have == klen) {
			*last = j;
			return true;
		}
	}
	return false;
}

/* The cells holding the rest of a wrapped label are neither label nor
 * value: imp_collect() passes over them. */
void imp_mark_span(ictx *c, size_t i, const char *key)
{
	size_t last;
	if (!key || imp_starts(c->cells->items[i].norm, key) || !label_span(c, i, key, &last))
		return;
	const hy_imp_cell *cells = c->cells->items;
	for (size_t j = i + 1; j <= last; j++)
		if (cells[j].x >= 0 && abs(cells[j].x - cells[i].x) <= 2 && cells[j].line > cells[i].line) {
			c->part[j] = true;
			c->cells->items[j].used = true;
		}
}

/* A label cell with a few characters garbled by the extraction ("特定個人情報
 * that 不正確") still spells its label: long enough, about as long, and
 * most of it at either end the same. */
static bool label_garbled(const char *norm, const char *key)
{
	size_t kn = strlen(key), nn = strlen(norm);
	if (kn < 24 || nn < kn * 7 / 10 || nn > kn * 13 / 10)
		return false;
	size_t pre = 0, suf = 0;
	while (pre < kn && pre < nn && norm[pre] == key[pre])
		pre++;
	while (suf < kn - pre && suf < nn - pre && norm[nn - 1 - suf] == key[kn - 1 - suf])
		suf++;
	return pre >= 6 && suf >= 6 && (pre + suf) * 4 >= kn * 3;
}

bool imp_label_at(const ictx *c, size_t i, const char *key)
{
	size_t last;
	return label_starts(&c->cells->items[i], key) || label_span(c, i, key, &last) ||
	       label_garbled(c->cells->items[i].norm, key);
}

void imp_mark_stops(ictx *c)
{
	const hy_form *form = c->form;
	char *title = form->title ? hy_imp_norm(form->title) : NULL;
	char *stamp = form->stamp && *form->stamp ? hy_imp_norm(form->stamp) : NULL;
	c->stop = hy_calloc(c->cells->n ? c->cells->n : 1, sizeof *c->stop);
	c->pure = hy_calloc(c->cells->n ? c->cells->n : 1, sizeof *c->pure);
	c->part = hy_calloc(c->cells->n ? c->cells->n : 1, sizeof *c->part);
	bool seen_title = false, seen_stamp = false;
	for (size_t i = 0; i < c->cells->n; i++) {
		const char *norm = c->cells->items[i].norm;
		if (strcmp(norm, "項目一覧") == 0) { /* the table of contents: form text */
			c->stop[i] = c->cells->items[i].used = true;
			continue;
		}
		bool is_title = title && *title && strcmp(norm, title) == 0;
		bool is_stamp = stamp && strcmp(norm, stamp) == 0;
		if (is_title || is_stamp) {
			/* the first is the cover's; later ones are running page headers,
			 * passed over so that a value goes on across the page */
			bool *seen = is_title ? &seen_title : &seen_stamp;
			if (*seen)
				c->part[i] = c->cells->items[i].used = true;
			else
				c->stop[i] = true;
			*seen = true;
			continue;
		}
		if ((title && *title && imp_starts(norm, title)) || (stamp && imp_starts(norm, stamp)))
			c->stop[i] = true;
		for (size_t k = 0; k < form->n_all && !c->stop[i]; k++) {
			const hy_fnode *f = form->all[k];
			const char *key = c->keys[k];
			if (!imp_usable_key(key) && !(key && f->type == HY_REPEAT))
				continue;
			if (f->type == HY_REPEAT || f->type == HY_TABLE)
				c->stop[i] = imp_starts(norm, key) && isdigit((unsigned char)norm[strlen(key)]);
			else
				c->stop[i] = imp_label_at(c, i, key);
			if (c->stop[i] && key)
				c->pure[i] = strcmp(norm, key) == 0;
		}
	}
	free(title);
	free(stamp);
}

static bool is_part_label(const ictx *c, size_t i)
{
	if (i >= c->cells->n)
		return false;
	for (size_t p = 0; p < c->form->root.n_children; p++)
		if (imp_starts(c->cells->items[i].norm, imp_key_of(c, c->form->root.children[p])))
			return true;
	return false;
}

/* The first cell in [lo, hi) starting with the node's label; hi if none.
 * A part's label followed by another part's is the table of contents. */
size_t imp_find_label(const ictx *c, const hy_fnode *f, size_t lo, size_t hi)
{
	const char *key = imp_key_of(c, f);
	if (!key || f->type == HY_REPEAT || f->type == HY_TABLE)
		return hi;
	for (size_t i = lo; i < hi; i++) {
		if (!imp_label_at(c, i, key))
			continue;
		if (f->type == HY_PART && is_part_label(c, i + 1))
			continue;
		return i;
	}
	return hi;
}

/* The label from where the previous node ended, else (text out of
 * reading order) from the container's start; hi if none. */
size_t imp_find_near(const ictx *c, const hy_fnode *f, size_t lo, size_t cur, size_t hi)
{
	size_t p = imp_find_label(c, f, cur, hi);
	if (p < hi)
		return p;
	p = imp_find_label(c, f, lo, cur);
	return p < cur ? p : hi;
}

size_t imp_find_header(const ictx *c, const char *key, size_t n, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		if (is_header(c->cells->items[i].norm, key, n))
			return i;
	return hi;
}

/* Where a node starts in [lo, hi): its label, its first instance header,
 * or (no label printed) its first child's; hi when none. */
static size_t node_start(const ictx *c, const hy_fnode *f, size_t lo, size_t hi, int depth)
{
	if (f->type == HY_FIXED || f->type == HY_REF)
		return imp_find_label(c, f, lo, hi);
	if (f->type == HY_REPEAT || f->type == HY_TABLE) {
		const char *key = imp_key_of(c, f);
		if (key)
			return imp_find_header(c, key, 1, lo, hi);
	} else {
		size_t p = imp_find_label(c, f, lo, hi);
		if (p < hi || imp_key_of(c, f))
			return p;
	}
	if (depth > 0 && f->n_children)
		return node_start(c, f->children[0], lo, hi, depth - 1);
	return hi;
}

/* The end of a node's region that starts at from: the start of the first
 * later sibling found after it. */
size_t imp_region_end(const ictx *c, const hy_fnode *f, size_t from, size_t hi)
{
	size_t end = hi;
	const hy_fnode *parent = f->parent;
	if (!parent)
		return hi;
	for (size_t s = f->index + 1; s < parent->n_children; s++) {
		size_t p = node_start(c, parent->children[s], from, end, 1);
		if (p < end)
			end = p;
	}
	return end;
}

/* ---- detection ---- */

static bool text_has(const hy_imp_cells *cells, const char *key, size_t limit)
{
	for (size_t i = 0; i < cells->n && i < limit; i++)
		if (strstr(cells->items[i].norm, key))
			return true;
	return false;
}

/* Share (0..1000) of a form's labels worth matching that start a cell. */
static int label_coverage(const hy_form *f, const hy_imp_cells *cells)
{
	size_t usable = 0, found = 0;
	for (size_t k = 0; k < f->n_all; k++) {
		char *key = imp_label_key(f->all[k]);
		if (imp_usable_key(key) && f->all[k]->type != HY_REPEAT && f->all[k]->type != HY_TABLE) {
			usable++;
			for (size_t i = 0; i < cells->n; i++)
				if (imp_starts(cells->items[i].norm, key)) {
					found++;
					break;
				}
		}
		free(key);
	}
	return usable ? (int)(found * 1000 / usable) : 0;
}

/* The title on the first page decides; then the format stamp near the
 * start; then how many of the form's labels the text prints. */
const hy_form *hy_imp_detect(const hy_forms *forms, const hy_imp_cells *cells,
			     hy_imp_report *report)
{
	const hy_form *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < forms->n; i++) {
		const hy_form *f = forms->forms[i];
		int score = label_coverage(f, cells);
		char *title = f->title ? hy_imp_norm(f->title) : NULL;
		char *stamp = f->stamp && *f->stamp ? hy_imp_norm(f->stamp) : NULL;
		if (title && *title && text_has(cells, title, 30))
			score += 4000;
		if (stamp && *stamp && text_has(cells, stamp, 200))
			score += 2000;
		free(title);
		free(stamp);
		if (score > best_score) {
			best_score = score;
			best = f;
		}
	}
	if (best_score < 100) {
		best = NULL;
		report->why_not = hy_strdup(cells->n ? _("neither the title of a known form nor enough of its printed labels were found in it")
						     : _("it holds no text"));
	}
	return best;
}

static bool norm_equals(const char *text, const char *norm)
{
	if (!text || !*text)
		return false;
	char *n = hy_imp_norm(text);
	bool same = strcmp(n, norm) == 0;
	free(n);
	return same;
}

/* Whether a cell is one of the form's format stamps ([平成30年５月　様式４]),
 * in any spelling its templates know. */
static bool is_stamp(const hy_form *form, const char *norm)
{
	if (norm_equals(form->stamp, norm))
		return true;
	for (size_t i = 0; i < form->n_templates; i++) {
		const hy_template *t = &form->templates[i];
		if (norm_equals(t->stamp, norm))
			return true;
		for (size_t k = 0; k < t->n_also; k++)
			if (norm_equals(t->also[k], norm))
				return true;
	}
	return false;
}

/* A match begins a new document only once the previous one has more than
 * its heading: a title printed twice above the cover (the page's and the
 * cover table's) or followed by the stamp is still the same document. */
size_t hy_imp_documents(const hy_form *form, const hy_imp_cells *cells, size_t **starts)
{
	size_t n = 1, cap = 1;
	*starts = hy_calloc(1, sizeof **starts);
	regex_t re;
	if (!form->document_start ||
	    regcomp(&re, form->document_start, REG_EXTENDED | REG_NOSUB) != 0)
		return 1;
	bool seen_first = false, content = false;
	for (size_t i = 0; i < cells->n; i++) {
		const char *norm = cells->items[i].norm;
		if (regexec(&re, norm, 0, NULL, 0) == 0) {
			if (seen_first && content) {
				hy_grow((void **)starts, &cap, n, sizeof **starts);
				(*starts)[n++] = i;
			}
			seen_first = true;
			content = false;
		} else if (seen_first && !content && *norm && !is_stamp(form, norm)) {
			content = true;
		}
	}
	regfree(&re);
	return n;
}
