/* Finding things in the editor: the next problem, search with a list of
 * results, going to a printed path or FILE:LINE, and the printed section. */
#include "hyoka/tui_parts.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/render.h"
#include "hyoka/util.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Visits every field row in outline order from the current position. */
typedef bool (*row_test)(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg);

static bool find_row(hy_tui *t, int dir, row_test test, void *arg)
{
	size_t ne = t->outline.n;
	size_t e = t->ol_sel;
	size_t start_row = t->row_sel;
	for (size_t step = 0; step <= ne; step++) {
		hy_rows rows;
		hy_page_rows(t->doc, &t->outline.items[e], &rows);
		size_t n = rows.n;
		for (size_t k = 0; k < n; k++) {
			size_t ri;
			if (dir > 0)
				ri = step == 0 ? start_row + 1 + k : k;
			else
				ri = step == 0 ? (start_row >= 1 + k ? start_row - 1 - k : (size_t)-1)
					       : n - 1 - k;
			if (ri >= n)
				continue;
			if (test(t, &rows.items[ri], &t->outline.items[e], arg)) {
				hy_rows_free(&rows);
				tui_select_entry(t, e);
				t->row_sel = ri;
				t->focus_fields = true;
				return true;
			}
		}
		hy_rows_free(&rows);
		e = dir > 0 ? (e + 1) % ne : (e + ne - 1) % ne;
	}
	return false;
}

static bool has_problem(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg)
{
	(void)t;
	(void)e;
	(void)arg;
	return r->kind == HY_ROW_FIELD && r->v->n_issues > 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	if (strstr(hay, needle))
		return true;
	/* ASCII letters match either case; Japanese matches as written */
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

static bool matches_search(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg)
{
	(void)e;
	const char *needle = arg;
	if (r->kind != HY_ROW_FIELD && r->kind != HY_ROW_LINK && r->kind != HY_ROW_HEADING)
		return false;
	char *label = tui_row_label(t, r);
	bool hit = contains_ci(label, needle);
	free(label);
	if (!hit && r->kind == HY_ROW_FIELD) {
		char *p = tui_row_preview(t, r);
		hit = contains_ci(p, needle);
		free(p);
		if (!hit && r->v->s)
			hit = contains_ci(r->v->s, needle);
	}
	return hit;
}

void tui_next_problem(hy_tui *t, int dir)
{
	if (!find_row(t, dir, has_problem, NULL))
		hy_set_message(t, HY_MSG_INFO, _("no problems found: every field is valid"));
	else
		free(t->message), t->message = NULL;
}

static bool to_review(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg)
{
	(void)e;
	(void)arg;
	return r->kind == HY_ROW_FIELD && tui_review_marked(t, r->v);
}

/* The field the author is on, for where the search starts. */
static hy_value *current_field(hy_tui *t)
{
	hy_row *r = t->focus_fields ? tui_current_row(t) : NULL;
	return r && r->kind == HY_ROW_FIELD ? r->v : NULL;
}

void tui_next_review(hy_tui *t, int dir)
{
	size_t left = tui_review_left(t);
	if (!left) {
		hy_set_message(t, HY_MSG_INFO, _("nothing to review: no field is marked"));
		return;
	}
	/* in the order of the pages, as n/N; a field on no page in form order */
	if (!find_row(t, dir, to_review, NULL)) {
		hy_value *v = hy_review_next(t->doc, current_field(t), dir < 0);
		if (v)
			tui_show_value(t, v);
	}
	hy_set_message(t, HY_MSG_INFO,
		       P_("%zu field to review (r: next, R: back)", "%zu fields to review (r: next, R: back)",
			  left),
		       left);
}

void tui_search_next(hy_tui *t, int dir)
{
	if (!find_row(t, dir, matches_search, t->search))
		hy_set_message(t, HY_MSG_INFO, _("not found: %s"), t->search);
	else
		hy_set_message(t, HY_MSG_INFO, _("found \"%s\" (n: next, N: previous, Esc: stop)"),
			       t->search);
}

static char *squeeze(const char *s);

/* A search hit: an outline entry (row SIZE_MAX) or a row of its page. */
typedef struct {
	size_t entry, row;
	char *text;
} search_hit;

typedef struct {
	search_hit *items;
	size_t n, cap;
} search_hits;

static void add_hit(search_hits *h, size_t entry, size_t row, char *text)
{
	/* a part and the list that fills it can read the same: one line */
	if (h->n) {
		char *a = squeeze(h->items[h->n - 1].text), *b = squeeze(text);
		bool same = strcmp(a, b) == 0;
		free(a);
		free(b);
		if (same) {
			free(text);
			return;
		}
	}
	hy_grow((void **)&h->items, &h->cap, h->n, sizeof *h->items);
	h->items[h->n++] = (search_hit){entry, row, text};
}

/* "path  value" for a field whose value matched, else the path. */
static char *hit_text(hy_tui *t, const hy_row *r, const char *needle)
{
	char *path = r->v ? tui_printed_path(r->v) : hy_field_title(r->f);
	if (r->kind != HY_ROW_FIELD)
		return path;
	char *label = tui_row_label(t, r);
	bool by_label = contains_ci(label, needle);
	free(label);
	if (by_label)
		return path;
	char *p = tui_row_preview(t, r);
	char *text = hy_printf("%s  %s", path, p);
	free(p);
	free(path);
	return text;
}

/* Every title, label and value that holds the needle, in outline order. */
static void collect_hits(hy_tui *t, const char *needle, search_hits *out)
{
	for (size_t e = 0; e < t->outline.n; e++) {
		const hy_ol_entry *en = &t->outline.items[e];
		char *title = hy_ol_title(en);
		if (contains_ci(title, needle))
			add_hit(out, e, SIZE_MAX, tui_printed_path(en->v));
		free(title);
		hy_rows rows;
		hy_page_rows(t->doc, en, &rows);
		for (size_t i = 0; i < rows.n; i++) {
			const hy_row *r = &rows.items[i];
			/* a link is its entry's title, found above */
			if (r->kind != HY_ROW_LINK && matches_search(t, r, en, (void *)needle))
				add_hit(out, e, i, hit_text(t, r, needle));
		}
		hy_rows_free(&rows);
	}
}

static void jump_to_hit(hy_tui *t, const search_hit *h)
{
	tui_select_entry(t, h->entry);
	t->focus_fields = h->row != SIZE_MAX;
	if (t->focus_fields)
		t->row_sel = h->row;
}

void tui_search(hy_tui *t)
{
	/* a fresh prompt; the last term is one Up away */
	char *s = tui_prompt(t, _("Search labels, values and titles"), "", t->search, false);
	if (!s || !*s) {
		free(s);
		return;
	}
	free(t->search);
	t->search = s;
	search_hits hits = {NULL, 0, 0};
	collect_hits(t, s, &hits);
	if (!hits.n) {
		hy_set_message(t, HY_MSG_INFO, _("not found: %s"), s);
		return;
	}
	char **lines = hy_calloc(hits.n, sizeof *lines);
	for (size_t i = 0; i < hits.n; i++)
		lines[i] = hits.items[i].text;
	char *title = hy_printf(P_("%zu place holds \"%s\"", "%zu places hold \"%s\"", hits.n), hits.n, s);
	int pick = tui_menu(t, title, lines, hits.n, 0, _("Up/Down: move  Enter: go there  Esc: close"));
	free(title);
	if (pick >= 0) {
		jump_to_hit(t, &hits.items[pick]);
		hy_set_message(t, HY_MSG_INFO, _("found \"%s\" (n: next, N: previous, Esc: stop)"), s);
	}
	for (size_t i = 0; i < hits.n; i++)
		free(hits.items[i].text);
	free(hits.items);
	free(lines);
}

/* ---- going to a printed path or FILE:LINE ---- */

/* Spaces (and full-width ones) do not count when paths are compared. */
static char *squeeze(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (strncmp(p, "　", 3) == 0) {
			p += 2;
			continue;
		}
		hy_buf_addc(&b, *p);
	}
	return b.data ? hy_buf_take(&b) : hy_strdup("");
}

typedef struct {
	const char *want;   /* squeezed */
	long line;          /* > 0: a FILE:LINE */
	hy_value *exact, *prefix, *at_line;
} goto_search;

static void goto_visit(goto_search *g, hy_value *v)
{
	if (v->parent && !g->exact && !g->line) {
		char *a = hy_value_path(v), *b = tui_printed_path(v);
		char *sa = squeeze(a), *sb = squeeze(b);
		if (strcmp(sa, g->want) == 0 || strcmp(sb, g->want) == 0)
			g->exact = v;
		else if (!g->prefix && (hy_starts_with(sa, g->want) || hy_starts_with(sb, g->want)))
			g->prefix = v;
		free(sa);
		free(sb);
		free(a);
		free(b);
	}
	if (g->line && v->line > 0 && v->line <= g->line &&
	    (!g->at_line || v->line >= g->at_line->line))
		g->at_line = v;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				goto_visit(g, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		goto_visit(g, v->inst[i]);
}

/* "FILE:LINE[:COL]…" gives LINE; a message of `hyoka validate` ends with
 * its path in [ ]. */
static long parse_line(const char *s)
{
	const char *c = strchr(s, ':');
	if (!c || c[1] < '0' || c[1] > '9')
		return s[0] >= '0' && s[0] <= '9' ? strtol(s, NULL, 10) : 0;
	return strtol(c + 1, NULL, 10);
}

void tui_go_to(hy_tui *t)
{
	char *s = tui_prompt(t, _("Go to: a printed path (Ⅱ．３．⑦) or FILE:LINE"), "", t->goto_text,
			      false);
	if (!s || !*s) {
		free(s);
		return;
	}
	free(t->goto_text);
	t->goto_text = s;
	char *path = NULL;
	const char *open = strrchr(s, '[');
	if (open && strchr(open, ']'))
		path = hy_strndup(open + 1, (size_t)(strchr(open, ']') - open - 1));
	goto_search g = {.line = path ? 0 : parse_line(s)};
	char *want = squeeze(path ? path : s);
	g.want = want;
	goto_visit(&g, t->doc->root);
	hy_value *v = g.exact ? g.exact : g.prefix ? g.prefix : g.at_line;
	if (v)
		tui_show_value(t, v);
	else
		hy_set_message(t, HY_MSG_INFO, _("no item at %s"), s);
	free(want);
	free(path);
}

/* ---- the printed section ---- */

/* The offset of the section in the rendering: each ancestor's title is
 * looked for after the one before, so that the second file's ２．基本情報
 * is not the first one's. */
static size_t section_offset(const char *text, const hy_value *v)
{
	const hy_value *chain[32];
	size_t n = 0;
	for (const hy_value *a = v; a && a->parent && n < 32; a = a->parent)
		chain[n++] = a;
	size_t off = 0;
	while (n--) {
		const hy_value *a = chain[n];
		char *title = a->is_instance ? hy_instance_title(a) : hy_field_title(a->f);
		char *num, *rest;
		hy_label_split(title, &num, &rest);
		const char *hit = *title ? strstr(text + off, title) : NULL;
		if (!hit && *rest)
			hit = strstr(text + off, rest);
		if (hit)
			off = (size_t)(hit - text);
		free(num);
		free(rest);
		free(title);
	}
	return off;
}

void tui_preview(hy_tui *t)
{
	int width = COLS - 8;
	hy_render_opts opts = {.width = width < 40 ? 40 : width, .ascii = t->ui.ascii};
	char *text = hy_render(t->doc, &opts);
	if (!text) {
		hy_set_message(t, HY_MSG_ERROR, _("cannot render the document"));
		return;
	}
	hy_value *v = t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
	size_t off = v ? section_offset(text, v) : 0;
	size_t line = 0;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	tui_show_text_at(t, _("As printed (hyoka render)"), text, line);
	free(text);
}
