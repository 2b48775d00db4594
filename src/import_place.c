/* Import: a field's text placed on its value by the field's type (text,
 * choice, ticks, date, number, list), the review marks and the report, and
 * cells shifted against their labels. */
#include "hyoka/import_int.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the report ---- */

void imp_add_review(ictx *c, hy_value *v, const char *why)
{
	hy_imp_report *r = c->rep;
	hy_grow((void **)&r->reviews, &r->cap_reviews, r->n_reviews, sizeof *r->reviews);
	r->reviews[r->n_reviews].path = hy_value_path(v);
	r->reviews[r->n_reviews].why = hy_strdup(why);
	r->n_reviews++;
	hy_review_set(c->doc, v, HY_MARK_CHECK);
}

void imp_imported(ictx *c, hy_value *v)
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
/* Is a parenthesis of the buffer's last line still open?  (A list item,
 * one a line, wraps only there.) */
static bool open_paren(const hy_buf *b)
{
	const char *line = b->data ? b->data : "";
	const char *r = strrchr(line, '\r');
	if (r)
		line = r + 1;
	int depth = 0;
	for (const char *p = line; *p; p++) {
		if (*p == '(' || hy_starts_with(p, "（"))
			depth++;
		else if ((*p == ')' || hy_starts_with(p, "）")) && depth > 0)
			depth--;
	}
	return depth > 0;
}

char *imp_collect(ictx *c, size_t at, size_t skip, size_t hi, size_t *end, char sep)
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
		bool joined = prev && wraps_into(prev, next) &&
			      (sep == '\n' || (sep == '\r' && open_paren(&b)));
		if (b.len && !joined)
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
bool imp_only_options(const char *text)
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
		imp_imported(c, v);
		const hy_option *o = &v->f->list->options[i];
		if (o->detail == HY_DETAIL_COUNT && !detail)
			imp_add_review(c, v, _("the count was not found"));
	} else if (!imp_only_options(text))
		imp_add_review(c, v, _("no option of its list was recognised"));
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
		imp_imported(c, v);
	if (got < 0 && !hy_is_blank(text))
		imp_add_review(c, v, _("no tick marks were recognised"));
	else if (ambiguous)
		imp_add_review(c, v, _("the extraction does not show every tick: entries with a written detail were taken as ticked"));
	else if (unplaced > 0)
		imp_add_review(c, v, _("a ticked entry is not an option of its list"));
}

static void put_date(ictx *c, hy_value *v, char *text)
{
	bool alone;
	char *date = hy_imp_date(text, &alone);
	if (!date) {
		if (!hy_is_blank(text) && strcmp(text, "-") != 0)
			imp_add_review(c, v, _("no date was recognised"));
		return;
	}
	one_line(text);
	if (alone || v->f->date_notes)
		hy_set_text(c->doc, v, alone ? date : text);
	else
		hy_set_text(c->doc, v, date);
	imp_imported(c, v);
	if (!alone && !v->f->date_notes)
		imp_add_review(c, v, _("text beside the date was left out"));
	free(date);
}

/* Does the line at s hold a sentence ("。")?  Its "、" are then commas. */
static bool line_has_sentence(const char *s)
{
	const char *nl = strchr(s, '\n');
	const char *dot = strstr(s, "。");
	return dot && (!nl || dot < nl);
}

/* Where an item of a list ends: a line break, or "、" outside parentheses
 * in a line of names ("ファイルA、ファイルB" prints two names on one line). */
static size_t item_end(const char *s)
{
	bool names = !line_has_sentence(s);
	int depth = 0;
	size_t i = 0;
	while (s[i] && s[i] != '\n') {
		if (s[i] == '(' || hy_starts_with(s + i, "（"))
			depth++;
		else if ((s[i] == ')' || hy_starts_with(s + i, "）")) && depth > 0)
			depth--;
		else if (names && depth == 0 && hy_starts_with(s + i, "、"))
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
		imp_imported(c, v);
}

/* Places one field's text on its value, by the field's type. */
void imp_put_value(ictx *c, hy_value *v, char *text)
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
		imp_imported(c, v);
		if (v->f->has_max && hy_utf8_chars(text) > (size_t)v->f->max)
			imp_add_review(c, v, _("longer than the form allows: a neighbour's text may have run in"));
		return;
	case HY_INT:
		if (hy_imp_int(text, &n)) {
			char *s = hy_printf("%ld", n);
			hy_set_text(c->doc, v, s);
			free(s);
			imp_imported(c, v);
		} else if (!hy_is_blank(text))
			imp_add_review(c, v, _("not a number"));
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
			imp_add_review(c, v, _("a yes/no mark is not imported"));
		return;
	default:
		return;
	}
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
void imp_place_text(ictx *c, hy_value *v, char *text)
{
	size_t listed = v->f->type == HY_CHOICE ? 0 : option_list_len(c->form, text);
	if (listed) {
		text += listed;
		if (c->doubt && inside(v, c->doubt))
			c->doubt = NULL;
	}
	if (c->doubt && inside(v, c->doubt)) {
		if (!hy_is_blank(text))
			imp_add_review(c, v, _("the text may be shifted against its labels here: left for review"));
		return;
	}
	bool texty = v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT;
	if (texty && starts_with_mark(text)) {
		hy_value *prev = previous_field(v);
		if (prev && prev->f->type == HY_CHECKS && hy_value_is_empty(prev)) {
			hy_review_set(c->doc, prev, HY_MARK_NONE);
			imp_put_value(c, prev, text);
			imp_add_review(c, prev, _("its ticks were printed under the next label"));
		} else
			imp_add_review(c, v, _("tick marks where a text belongs: left for review"));
		c->doubt = v->parent;
		return;
	}
	imp_put_value(c, v, text);
}

/* A label printed as a template to fill in, "（手数料額、納付方法：　）":
 * its value is what the text writes between the colon and the closing
 * parenthesis, wherever in a cell it is. */
bool imp_place_template(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t hi)
{
	const char *key = imp_key_of(c, f);
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
			imp_put_value(c, v, val);
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
void imp_unlabelled_next_choice(ictx *c, hy_value *v, const char *text, size_t p, size_t hi)
{
	const hy_fnode *f = v->f;
	if (!f->parent || f->index + 1 >= f->parent->n_children)
		return;
	const hy_fnode *next = f->parent->children[f->index + 1];
	if (next->type != HY_CHOICE || !next->list || imp_find_label(c, next, p + 1, hi) < hi)
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
	imp_add_review(c, nv, _("its label was not printed: placed by its option list"));
}

