/* Import, step three: the form's own sequence of printed labels aligned
 * with the cells of the text.  Each part, section and field is looked for
 * by its label from where the previous one ended (then, for text put out of
 * reading order, from its container's start); a repeat's instances by their
 * printed headers (システム1, 委託事項2 …).  A value runs from its label to
 * the next cell that is itself a label of the form.  Nothing is invented:
 * what the recognisers are unsure of is left empty and marked `check`. */
#include "hyoka/import.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const hy_form *form;
	hy_doc *doc;
	hy_imp_cells *cells;
	hy_imp_report *rep;
	char **keys;        /* per node serial: key of its label (repeats: before {n}) */
	bool *stop;         /* per cell: it is a printed label of the form */
	bool *pure;         /* per cell: it is a label and nothing else */
	bool *part;         /* per cell: the rest of a label wrapped onto this line */
	size_t labels_found;
	const hy_value *doubt; /* cells shifted against their labels in here */
} ictx;

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

static char *label_key(const hy_fnode *f)
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

static const char *key_of(const ictx *c, const hy_fnode *f)
{
	if (f == &c->form->root || f->serial >= c->form->n_all)
		return NULL;
	return c->keys[f->serial];
}

static bool starts(const char *s, const char *key)
{
	return key && strncmp(s, key, strlen(key)) == 0;
}

/* Is the cell the header of instance n of a repeat whose key is key:
 * "システム2", not "システム21" nor "委託事項2～5". */
static bool is_header(const char *norm, const char *key, size_t n)
{
	if (!starts(norm, key))
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
static bool usable_key(const char *key)
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
	return starts(cell->norm, key) && label_boundary(cell->text, key);
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
 * value: collect() passes over them. */
static void mark_span(ictx *c, size_t i, const char *key)
{
	size_t last;
	if (!key || starts(c->cells->items[i].norm, key) || !label_span(c, i, key, &last))
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

static bool label_at(const ictx *c, size_t i, const char *key)
{
	size_t last;
	return label_starts(&c->cells->items[i], key) || label_span(c, i, key, &last) ||
	       label_garbled(c->cells->items[i].norm, key);
}

static void mark_stops(ictx *c)
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
		if ((title && *title && starts(norm, title)) || (stamp && starts(norm, stamp)))
			c->stop[i] = true;
		for (size_t k = 0; k < form->n_all && !c->stop[i]; k++) {
			const hy_fnode *f = form->all[k];
			const char *key = c->keys[k];
			if (!usable_key(key) && !(key && f->type == HY_REPEAT))
				continue;
			if (f->type == HY_REPEAT || f->type == HY_TABLE)
				c->stop[i] = starts(norm, key) && isdigit((unsigned char)norm[strlen(key)]);
			else
				c->stop[i] = label_at(c, i, key);
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
		if (starts(c->cells->items[i].norm, key_of(c, c->form->root.children[p])))
			return true;
	return false;
}

/* The first cell in [lo, hi) starting with the node's label; hi if none.
 * A part's label followed by another part's is the table of contents. */
static size_t find_label(const ictx *c, const hy_fnode *f, size_t lo, size_t hi)
{
	const char *key = key_of(c, f);
	if (!key || f->type == HY_REPEAT || f->type == HY_TABLE)
		return hi;
	for (size_t i = lo; i < hi; i++) {
		if (!label_at(c, i, key))
			continue;
		if (f->type == HY_PART && is_part_label(c, i + 1))
			continue;
		return i;
	}
	return hi;
}

/* The label from where the previous node ended, else (text out of
 * reading order) from the container's start; hi if none. */
static size_t find_near(const ictx *c, const hy_fnode *f, size_t lo, size_t cur, size_t hi)
{
	size_t p = find_label(c, f, cur, hi);
	if (p < hi)
		return p;
	p = find_label(c, f, lo, cur);
	return p < cur ? p : hi;
}

static size_t find_header(const ictx *c, const char *key, size_t n, size_t lo, size_t hi)
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
		return find_label(c, f, lo, hi);
	if (f->type == HY_REPEAT || f->type == HY_TABLE) {
		const char *key = key_of(c, f);
		if (key)
			return find_header(c, key, 1, lo, hi);
	} else {
		size_t p = find_label(c, f, lo, hi);
		if (p < hi || key_of(c, f))
			return p;
	}
	if (depth > 0 && f->n_children)
		return node_start(c, f->children[0], lo, hi, depth - 1);
	return hi;
}

/* The end of a node's region that starts at from: the start of the first
 * later sibling found after it. */
static size_t region_end(const ictx *c, const hy_fnode *f, size_t from, size_t hi)
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

/* ---- the report ---- */

static void add_review(ictx *c, hy_value *v, const char *why)
{
	hy_imp_report *r = c->rep;
	hy_grow((void **)&r->reviews, &r->cap_reviews, r->n_reviews, sizeof *r->reviews);
	r->reviews[r->n_reviews].path = hy_value_path(v);
	r->reviews[r->n_reviews].why = hy_strdup(why);
	r->n_reviews++;
	hy_review_set(c->doc, v, HY_MARK_CHECK);
}

static void imported(ictx *c, hy_value *v)
{
	c->rep->filled++;
	if (hy_review_get(c->doc, v) != HY_MARK_CHECK) /* a doubt stays */
		hy_review_set(c->doc, v, HY_MARK_IMPORTED);
}

/* ---- values ---- */

static bool ends_sentence(const char *s)
{
	static const char *const ends[] = {"。", "：", ":", "）", ")", "】", "」", "＞", ">"};
	size_t n = strlen(s);
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		size_t l = strlen(ends[i]);
		if (n >= l && strcmp(s + n - l, ends[i]) == 0)
			return true;
	}
	return false;
}

static bool starts_item(const char *s)
{
	static const char *const marks[] = {"・", "○", "●", "◯", "■", "□", "※", "＜", "<", "【",
					    "「", "（", "(", "[", "［", "-", "－"};
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (hy_starts_with(s, marks[i]))
			return true;
	uint32_t cp;
	hy_utf8_decode(s, strlen(s), &cp);
	if ((cp >= 0x2460 && cp <= 0x2473) || isdigit((unsigned char)*s)) /* ①, 1 */
		return true;
	return false;
}

/* In a layout extraction a value's lines are the lines of its column: the
 * next line continues the sentence unless the line ended one or the next
 * starts an item. */
static bool wraps_into(const hy_imp_cell *prev, const hy_imp_cell *next)
{
	/* a page break (its number dropped) may come between */
	if (prev->x < 0 || next->x < 0 || next->line <= prev->line || next->line > prev->line + 3)
		return false;
	if (strchr(prev->text, '\n') || abs(next->x - prev->x) > 2)
		return false;
	return !ends_sentence(prev->text) && !starts_item(next->text);
}

/* The text of a value: what follows the label in its cell, then every
 * cell up to the next label (or hi).  Marks them used; *end after them. */
static char *collect(ictx *c, size_t at, size_t skip, size_t hi, size_t *end, char sep)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_imp_cell *cell = &c->cells->items[at];
	cell->used = true;
	const char *rest = cell->text + skip;
	if (*rest)
		hy_buf_adds(&b, rest);
	size_t j = at + 1;
	const hy_imp_cell *prev = *rest ? cell : NULL;
	for (; j < hi && !c->stop[j]; j++) {
		if (c->part[j])
			continue;
		const hy_imp_cell *next = &c->cells->items[j];
		if (b.len && !(prev && wraps_into(prev, next)))
			hy_buf_addc(&b, sep);
		hy_buf_adds(&b, next->text);
		c->cells->items[j].used = true;
		prev = next;
	}
	*end = j;
	return hy_buf_take(&b);
}

static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			*s = ' ';
}

/* The option list printed with a choice ("＜選択肢＞ 1) …") is form text. */
static bool only_options(const char *text)
{
	char *k = hy_imp_norm(text);
	bool only = !*k || hy_starts_with(k, "<選択肢>") || hy_starts_with(k, "[]") ||
		    hy_starts_with(k, "1)");
	free(k);
	return only;
}

static void put_choice(ictx *c, hy_value *v, const char *text)
{
	char *detail = NULL;
	const char *written = NULL;
	int i = hy_imp_choice(v->f->list, text, &detail, &written);
	if (i >= 0) {
		hy_set_choice(c->doc, v, i, detail);
		if (written) { /* an older wording is kept as written */
			free(v->s);
			v->s = hy_strdup(written);
		}
		c->rep->options++;
		imported(c, v);
		const hy_option *o = &v->f->list->options[i];
		if (o->detail == HY_DETAIL_COUNT && !detail)
			add_review(c, v, _("the count was not found"));
	} else if (!only_options(text))
		add_review(c, v, _("no option of its list was recognised"));
	free(detail);
}

static void put_checks(ictx *c, hy_value *v, const char *text)
{
	size_t n = v->f->list->n_options;
	bool *checked = hy_calloc(n ? n : 1, sizeof *checked);
	char **details = hy_calloc(n ? n : 1, sizeof *details);
	const char **written = hy_calloc(n ? n : 1, sizeof *written);
	int unplaced = 0;
	bool ambiguous = false;
	int got = hy_imp_checks(v->f->list, text, checked, details, written, &unplaced, &ambiguous);
	for (size_t i = 0; i < n; i++) {
		if (checked[i]) {
			hy_set_check(c->doc, v, i, true, details[i]);
			c->rep->options++;
			if (written[i] && v->written) { /* an older wording is kept as written */
				free(v->written[i]);
				v->written[i] = hy_strdup(written[i]);
			}
		}
		free(details[i]);
	}
	free(written);
	free(checked);
	free(details);
	if (got > 0)
		imported(c, v);
	if (got < 0 && !hy_is_blank(text))
		add_review(c, v, _("no tick marks were recognised"));
	else if (ambiguous)
		add_review(c, v, _("the extraction draws every box alike: only entries with a written detail were ticked"));
	else if (unplaced > 0)
		add_review(c, v, _("a ticked entry is not an option of its list"));
}

static void put_date(ictx *c, hy_value *v, char *text)
{
	bool alone;
	char *date = hy_imp_date(text, &alone);
	if (!date) {
		if (!hy_is_blank(text) && strcmp(text, "-") != 0)
			add_review(c, v, _("no date was recognised"));
		return;
	}
	one_line(text);
	if (alone || v->f->date_notes)
		hy_set_text(c->doc, v, alone ? date : text);
	else
		hy_set_text(c->doc, v, date);
	imported(c, v);
	if (!alone && !v->f->date_notes)
		add_review(c, v, _("text beside the date was left out"));
	free(date);
}

/* Where an item of a list ends: a line break, or "、" outside parentheses
 * ("ファイルA、ファイルB" prints two names on one line). */
static size_t item_end(const char *s)
{
	int depth = 0;
	size_t i = 0;
	while (s[i] && s[i] != '\n') {
		if (s[i] == '(' || hy_starts_with(s + i, "（"))
			depth++;
		else if ((s[i] == ')' || hy_starts_with(s + i, "）")) && depth > 0)
			depth--;
		else if (depth == 0 && hy_starts_with(s + i, "、"))
			return i;
		i += (unsigned char)s[i] < 0x80 ? 1 : hy_starts_with(s + i, "（") || hy_starts_with(s + i, "）") || hy_starts_with(s + i, "、") ? 3 : 1;
	}
	return i;
}

static void put_list(ictx *c, hy_value *v, const char *text)
{
	char **items = NULL;
	size_t n = 0, cap = 0;
	for (const char *s = text; *s;) {
		size_t len = item_end(s);
		const char *p = s;
		size_t l = len;
		while (l && *p == ' ') {
			p++;
			l--;
		}
		if (l) {
			hy_grow((void **)&items, &cap, n, sizeof *items);
			items[n++] = hy_strndup(p, l);
		}
		s += len;
		if (*s == '\n')
			s++;
		else if (*s)
			s += 3; /* 、 */
	}
	hy_set_list(c->doc, v, items, n);
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
	if (n)
		imported(c, v);
}

/* Places one field's text on its value, by the field's type. */
static void put_value(ictx *c, hy_value *v, char *text)
{
	long n;
	switch (v->f->type) {
	case HY_TEXT:
		one_line(text);
		/* fall through */
	case HY_LONGTEXT:
		if (!*text)
			return;
		hy_set_text(c->doc, v, text);
		imported(c, v);
		if (v->f->has_max && hy_utf8_chars(text) > (size_t)v->f->max)
			add_review(c, v, _("longer than the form allows: a neighbour's text may have run in"));
		return;
	case HY_INT:
		if (hy_imp_int(text, &n)) {
			char *s = hy_printf("%ld", n);
			hy_set_text(c->doc, v, s);
			free(s);
			imported(c, v);
		} else if (!hy_is_blank(text))
			add_review(c, v, _("not a number"));
		return;
	case HY_DATE:
		put_date(c, v, text);
		return;
	case HY_CHOICE:
		put_choice(c, v, text);
		return;
	case HY_CHECKS:
		put_checks(c, v, text);
		return;
	case HY_LIST:
		put_list(c, v, text);
		return;
	case HY_FLAG:
		if (!hy_is_blank(text))
			add_review(c, v, _("a yes/no mark is not imported"));
		return;
	default:
		return;
	}
}

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
			const char *key = key_of(c, f->children[k]);
			if (usable_key(key) && label_at(c, i, key))
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
	const char *key = key_of(c, f);
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
			imported(c, v);
		} else if (v)
			add_review(c, v, _("the mark beside it was not recognised"));
		return cur;
	}
	return cur;
}

/* ---- shifted cells ---- */

static const char *skip_space(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		else if (hy_starts_with(s, "\xE3\x80\x80"))
			s += 3;
		else
			return s;
	}
}

/* The longest option of any of the form's lists at s: its length in s. */
static size_t any_option_at(const hy_form *form, const char *s)
{
	char *key = hy_imp_norm(s);
	size_t best = 0;
	for (size_t l = 0; l < form->n_lists; l++)
		for (size_t o = 0; o < form->lists[l]->n_options; o++) {
			char *k = hy_imp_norm(form->lists[l]->options[o].text);
			size_t n = strlen(k);
			if (n > best && strncmp(key, k, n) == 0)
				best = n;
			free(k);
		}
	free(key);
	return best ? hy_imp_norm_skip(s, best) : 0;
}

/* Length of a printed option list "＜選択肢＞ 1) … 2) …" at the start of a
 * text: it belongs to the choice printed above, not to this field. */
static size_t option_list_len(const hy_form *form, const char *text)
{
	const char *s = skip_space(text);
	if (hy_starts_with(s, "<選択肢>"))
		s += strlen("<選択肢>");
	else if (hy_starts_with(s, "＜選択肢＞"))
		s += strlen("＜選択肢＞");
	else
		return 0;
	for (;;) {
		const char *p = skip_space(s);
		if (!isdigit((unsigned char)*p))
			break;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == ')')
			p++;
		else if (hy_starts_with(p, "）"))
			p += 3;
		else
			break;
		p = skip_space(p);
		size_t n = any_option_at(form, p);
		if (!n)
			break;
		s = p + n;
	}
	return (size_t)(skip_space(s) - text);
}

static bool starts_with_mark(const char *text)
{
	char *k = hy_imp_norm(text);
	bool mark = hy_starts_with(k, "[○]") || hy_starts_with(k, "[]") ||
		    hy_starts_with(k, "[◆]") || hy_starts_with(k, "[◇]") ||
		    hy_starts_with(k, "□") || hy_starts_with(k, "■");
	free(k);
	return mark;
}

static bool inside(const hy_value *v, const hy_value *container)
{
	for (; v; v = v->parent)
		if (v == container)
			return true;
	return false;
}

/* The value of the field printed just before f in its container. */
static hy_value *previous_field(hy_value *v)
{
	const hy_fnode *f = v->f;
	if (!v->parent || f->index == 0)
		return NULL;
	return hy_value_child(v->parent, f->parent->children[f->index - 1]);
}

/* Places a field's text, watching for cells shifted against their labels:
 * ticks under a text field belong to the checklist above it; from there
 * on, until an option list shows the labels lined up again, the values of
 * this container are left for review. */
static void place_text(ictx *c, hy_value *v, char *text)
{
	size_t listed = v->f->type == HY_CHOICE ? 0 : option_list_len(c->form, text);
	if (listed) {
		text += listed;
		if (c->doubt && inside(v, c->doubt))
			c->doubt = NULL;
	}
	if (c->doubt && inside(v, c->doubt)) {
		if (!hy_is_blank(text))
			add_review(c, v, _("the text may be shifted against its labels here: left for review"));
		return;
	}
	bool texty = v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT;
	if (texty && starts_with_mark(text)) {
		hy_value *prev = previous_field(v);
		if (prev && prev->f->type == HY_CHECKS && hy_value_is_empty(prev)) {
			hy_review_set(c->doc, prev, HY_MARK_NONE);
			put_value(c, prev, text);
			add_review(c, prev, _("its ticks were printed under the next label"));
		} else
			add_review(c, v, _("tick marks where a text belongs: left for review"));
		c->doubt = v->parent;
		return;
	}
	put_value(c, v, text);
}

/* A label printed as a template to fill in, "（手数料額、納付方法：　）":
 * its value is what the text writes between the colon and the closing
 * parenthesis, wherever in a cell it is. */
static bool place_template(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t hi)
{
	const char *key = key_of(c, f);
	size_t kn = key ? strlen(key) : 0;
	if (kn < 4 || key[0] != '(' || strcmp(key + kn - 2, ":)") != 0)
		return false;
	char *head = hy_strndup(key, kn - 1); /* "(手数料額、納付方法:" */
	bool found = false;
	for (size_t i = lo; i < hi && !found; i++) {
		const char *at = strstr(c->cells->items[i].norm, head);
		if (!at)
			continue;
		const char *text = c->cells->items[i].text;
		size_t from = hy_imp_norm_end(text, (size_t)(at - c->cells->items[i].norm) + kn - 1);
		int depth = 1;
		size_t to = from;
		for (; text[to] && depth; to++) {
			if (text[to] == '(' || hy_starts_with(text + to, "（"))
				depth++;
			else if (text[to] == ')' || hy_starts_with(text + to, "）"))
				depth--;
			if (!depth)
				break;
		}
		char *raw = hy_strndup(text + from, to - from);
		char *val = hy_imp_tidy(raw);
		free(raw);
		if (v && *val)
			put_value(c, v, val);
		free(val);
		found = true;
	}
	free(head);
	return found;
}

/* Two choices in one cell, the second's label not printed ("[全体] <選択肢>…
 * [10万人以上100万人未満] <選択肢>…" under ②, 対象となる本人の数 missing):
 * a bracket that is an option of the next field's list, and of no other
 * in the cell's own, goes to that field, marked for review. */
static void unlabelled_next_choice(ictx *c, hy_value *v, const char *text, size_t p, size_t hi)
{
	const hy_fnode *f = v->f;
	if (!f->parent || f->index + 1 >= f->parent->n_children)
		return;
	const hy_fnode *next = f->parent->children[f->index + 1];
	if (next->type != HY_CHOICE || !next->list || find_label(c, next, p + 1, hi) < hi)
		return;
	hy_value *nv = hy_value_child(v->parent, next);
	if (!nv || !hy_value_is_empty(nv))
		return;
	char *detail = NULL;
	const char *written = NULL;
	int o = hy_imp_choice(next->list, text, &detail, &written);
	free(detail);
	bool alias;
	if (o < 0 || hy_list_find(f->list, next->list->options[o].text, &alias) >= 0)
		return;
	put_choice(c, nv, text);
	add_review(c, nv, _("its label was not printed: placed by its option list"));
}

static size_t place_field(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t cur, size_t hi)
{
	if (f->type == HY_FLAG)
		return place_flag(c, v, f, lo, cur, hi);
	if (place_template(c, v, f, lo, hi))
		return cur;
	size_t p = find_near(c, f, lo, cur, hi);
	if (p >= hi || !key_of(c, f))
		return cur;
	c->labels_found++;
	mark_span(c, p, key_of(c, f));
	size_t below = column_below(c, p, hi);
	if (below != (size_t)-1) {
		c->cells->items[p].used = c->cells->items[below].used = true;
		char *text = hy_strdup(c->cells->items[below].text);
		if (v)
			put_value(c, v, text);
		free(text);
		return p + 1 > cur ? p + 1 : cur;
	}
	size_t skip = hy_imp_norm_skip(c->cells->items[p].text, strlen(key_of(c, f)));
	size_t end;
	char sep = f->type == HY_TEXT ? ' ' : '\n';
	char *text = collect(c, p, skip, hi, &end, sep);
	if (v) {
		place_text(c, v, text);
		if (f->type == HY_CHOICE)
			unlabelled_next_choice(c, v, text, p, hi);
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
	const char *key = key_of(c, rep);
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
		put_value(c, tv, text);
	free(text);
}

static hy_value *instance(ictx *c, hy_value *rv, size_t k)
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
		const char *key = key_of(c, f->children[k]);
		if (usable_key(key) && starts(c->cells->items[i].norm, key))
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
			const char *key = key_of(c, t->children[j]);
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
	if (!tf || key_of(c, tf) || (tf->type != HY_TEXT && tf->type != HY_LONGTEXT))
		return;
	for (size_t i = from; i < to; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		if (c->stop[i] || cell->used)
			continue;
		hy_value *tv = hy_value_child(inst, tf);
		if (tv) {
			char *text = hy_strdup(cell->text);
			put_value(c, tv, text);
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
		hy_value *inst = rv ? instance(c, rv, 0) : NULL;
		end = inst ? place_children(c, inst, f, lo, hi) : lo;
	}
	for (size_t k = 0; k < n; k++) {
		size_t from = k == 0 ? lo : end;
		if (k > 0 && from < lasts[k])
			from = lasts[k] + 1;
		if (from > starts_at[k])
			from = starts_at[k];
		size_t to = k + 1 < n ? starts_at[k + 1] : hi;
		hy_value *inst = rv ? instance(c, rv, k) : NULL;
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

/* ---- tables ---- */

static hy_value *column(hy_value *row, const hy_fnode *table, size_t k)
{
	return k < table->n_children ? hy_value_child(row, table->children[k]) : NULL;
}

/* Which column's label a cell is exactly (a header cell); -1 if none. */
static int header_column(const ictx *c, const hy_fnode *t, size_t i)
{
	for (size_t k = 0; k < t->n_children; k++) {
		const char *key = key_of(c, t->children[k]);
		if (key && strcmp(c->cells->items[i].norm, key) == 0)
			return (int)k;
	}
	return -1;
}

typedef struct {
	long num;
	size_t name_cell;   /* also the reading order */
	char *category;
	int band;
} numbered;

static int by_num(const void *a, const void *b)
{
	const numbered *x = a, *y = b;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->name_cell < y->name_cell ? -1 : x->name_cell > y->name_cell;
}

static int by_band(const void *a, const void *b)
{
	const numbered *x = a, *y = b;
	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	return x->name_cell < y->name_cell ? -1 : x->name_cell > y->name_cell;
}

#define MAX_BANDS 64

/* A numbered table (区分 | No | 項目名): items "N<tab>name" in one or more
 * side-by-side bands, a lone text in a band being the 区分 of the band's
 * next item. */
static size_t place_numbered(ictx *c, hy_value *tv, const hy_fnode *t, size_t lo, size_t hi,
			     int num_col)
{
	numbered *items = NULL;
	size_t n = 0, cap = 0;
	char *pending[MAX_BANDS] = {0};
	for (size_t i = lo; i < hi; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		long num;
		int band = cell->col < MAX_BANDS ? cell->col : MAX_BANDS - 1;
		bool pair = i + 1 < hi && c->cells->items[i + 1].line == cell->line &&
			    !hy_imp_int(c->cells->items[i + 1].text, &num);
		if (hy_imp_int(cell->text, &num) && pair) {
			hy_grow((void **)&items, &cap, n, sizeof *items);
			items[n++] = (numbered){num, i + 1, pending[band], band};
			pending[band] = NULL;
			cell->used = c->cells->items[i + 1].used = true;
			i++;
		} else if (header_column(c, t, i) < 0 && !c->stop[i] && !cell->used) {
			free(pending[band]);
			pending[band] = hy_strdup(cell->text);
			cell->used = true;
		}
	}
	for (int b = 0; b < MAX_BANDS; b++)
		free(pending[b]);
	/* numbers unique across the table: in their order; numbers that
	 * restart (per 区分): band by band, in reading order */
	if (n > 1) {
		qsort(items, n, sizeof *items, by_num);
		bool unique = true;
		for (size_t i = 1; i < n && unique; i++)
			unique = items[i - 1].num != items[i].num;
		if (!unique)
			qsort(items, n, sizeof *items, by_band);
	}
	int text_before = -1, text_after = -1;
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_TEXT || t->children[k]->type == HY_LONGTEXT) {
			if ((int)k < num_col)
				text_before = (int)k;
			else if (text_after < 0)
				text_after = (int)k;
		}
	for (size_t i = 0; i < n; i++) {
		hy_value *row = tv ? instance(c, tv, tv->n_inst) : NULL;
		if (row) {
			char *num = hy_printf("%ld", items[i].num);
			put_value(c, column(row, t, (size_t)num_col), num);
			free(num);
			char *name = hy_strdup(c->cells->items[items[i].name_cell].text);
			if (text_after >= 0)
				put_value(c, column(row, t, (size_t)text_after), name);
			free(name);
			if (items[i].category && text_before >= 0)
				put_value(c, column(row, t, (size_t)text_before), items[i].category);
		}
		free(items[i].category);
	}
	free(items);
	return hi;
}

/* Does a row of a table with a date column have a date in it?  (A row
 * without is the header of another table.) */
static bool row_has_date(const ictx *c, const hy_fnode *t, const int *colmap, size_t i, size_t j)
{
	bool has_date_column = false;
	for (size_t k = i; k < j; k++) {
		const hy_imp_cell *cell = &c->cells->items[k];
		int col = cell->col < MAX_BANDS ? colmap[cell->col] : -1;
		if (col < 0 || t->children[col]->type != HY_DATE)
			continue;
		has_date_column = true;
		bool alone;
		char *d = hy_imp_date(cell->text, &alone);
		free(d);
		if (d)
			return true;
	}
	for (size_t k = 0; k < t->n_children && !has_date_column; k++)
		has_date_column = t->children[k]->type == HY_DATE;
	return !has_date_column;
}

/* A table printed with its header row (変更日 | 項目 | …): each later line
 * is a row, its cells under the header's columns; a line of one cell
 * continues the row above. */
static size_t place_headed(ictx *c, hy_value *tv, const hy_fnode *t, size_t lo, size_t hi)
{
	int colmap[MAX_BANDS];
	bool have_header = false;
	hy_value *row = NULL;
	size_t i = lo;
	while (i < hi) {
		int line = c->cells->items[i].line;
		size_t j = i;
		int headers = 0;
		while (j < hi && c->cells->items[j].line == line) {
			if (header_column(c, t, j) >= 0)
				headers++;
			j++;
		}
		if (headers >= 2) {
			for (int k = 0; k < MAX_BANDS; k++)
				colmap[k] = -1;
			for (size_t k = i; k < j; k++) {
				int hc = header_column(c, t, k);
				if (hc >= 0 && c->cells->items[k].col < MAX_BANDS)
					colmap[c->cells->items[k].col] = hc;
				c->cells->items[k].used = true;
			}
			have_header = true;
			i = j;
			continue;
		}
		if (!have_header) {
			i = j;
			continue;
		}
		if (j - i >= 2 || !row) {
			if (!row_has_date(c, t, colmap, i, j))
				break; /* another table follows */
			row = tv ? instance(c, tv, tv->n_inst) : NULL;
			if (!row)
				break;
		}
		for (size_t k = i; k < j; k++) {
			hy_imp_cell *cell = &c->cells->items[k];
			int col = cell->col < MAX_BANDS ? colmap[cell->col] : -1;
			if (j - i == 1 && col < 0)
				col = (int)t->n_children - 1;
			hy_value *v = col >= 0 ? column(row, t, (size_t)col) : NULL;
			if (!v)
				continue;
			cell->used = true;
			char *text = v->s && (v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT)
					     ? hy_printf("%s\n%s", v->s, cell->text)
					     : hy_strdup(cell->text);
			put_value(c, v, text);
			free(text);
		}
		i = j;
	}
	return hi;
}

static size_t place_table(ictx *c, hy_value *tv, const hy_fnode *t, size_t cur, size_t hi)
{
	size_t end = region_end(c, t, cur, hi);
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_INT)
			return place_numbered(c, tv, t, cur, end, (int)k);
	return place_headed(c, tv, t, cur, end);
}

static size_t place_repeat(ictx *c, hy_value *rv, const hy_fnode *f, size_t lo, size_t cur,
			   size_t hi)
{
	if (f->type == HY_TABLE)
		return place_table(c, rv, f, cur, hi);
	const char *key = key_of(c, f);
	size_t p = key ? find_header(c, key, 1, cur, hi) : hi;
	if (p == hi && key && find_header(c, key, 1, lo, cur) < cur)
		p = find_header(c, key, 1, lo, cur);
	if (p >= hi) {
		size_t end = region_end(c, f, cur, hi);
		return place_unheaded(c, rv, f, cur, end);
	}
	size_t end = region_end(c, f, p + 1, hi), k = 0;
	while (p < end) {
		size_t next = find_header(c, key, k + 2, p + 1, end);
		hy_value *inst = rv ? instance(c, rv, k) : NULL;
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
		size_t p = find_near(c, f, lo, cur, hi);
		size_t start = p < hi ? p + 1 : cur;
		if (p < hi && f->type == HY_SECTION)
			start = first_child_above(c, f, p, lo);
		if (p < hi) {
			mark_span(c, p, key_of(c, f));
			c->cells->items[p].used = true;
			c->labels_found++;
		}
		size_t end = region_end(c, f, start, hi);
		if (v)
			place_children(c, v, f, start, end);
		return p < hi && end > cur ? end : cur;
	}
	case HY_REPEAT:
	case HY_TABLE:
		return place_repeat(c, v, f, lo, cur, hi);
	case HY_FIXED:
	case HY_REF: {
		size_t p = find_label(c, f, cur, hi);
		if (p < hi) {
			size_t end;
			size_t skip = hy_imp_norm_skip(c->cells->items[p].text, strlen(key_of(c, f)));
			free(collect(c, p, skip, hi, &end, '\n'));
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
		char *key = label_key(f->all[k]);
		if (usable_key(key) && f->all[k]->type != HY_REPEAT && f->all[k]->type != HY_TABLE) {
			usable++;
			for (size_t i = 0; i < cells->n; i++)
				if (starts(cells->items[i].norm, key)) {
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

/* ---- the whole ---- */

static void count_leftovers(ictx *c)
{
	hy_imp_report *r = c->rep;
	for (size_t i = 0; i < c->cells->n; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		if (cell->used || c->stop[i] || only_options(cell->text))
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
		c.keys[i] = label_key(form->all[i]);
	mark_stops(&c);
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
