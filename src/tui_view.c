/* The editor's view: the outline and the page of the selected entry, what
 * is selected, the marks and counts of progress, and drawing the main
 * screen (title, breadcrumb, outline, fields, status and key lines). */
#include "hyoka/tui_parts.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/keys.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- model glue ---- */


void tui_rebuild(hy_tui *t)
{
	tui_forget_status(t);
	hy_value *cur = t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
	hy_outline_free(&t->outline);
	hy_outline_build(t->doc, &t->outline);
	t->ol_sel = cur ? hy_outline_find(&t->outline, cur) : 0;
	if (t->ol_sel >= t->outline.n)
		t->ol_sel = 0;
	hy_rows_free(&t->rows);
	hy_page_rows(t->doc, &t->outline.items[t->ol_sel], &t->rows);
	if (t->row_sel >= t->rows.n)
		t->row_sel = t->rows.n ? t->rows.n - 1 : 0;
}

void tui_select_entry(hy_tui *t, size_t i)
{
	if (i >= t->outline.n)
		return;
	t->ol_sel = i;
	hy_rows_free(&t->rows);
	hy_page_rows(t->doc, &t->outline.items[i], &t->rows);
	t->row_sel = 0;
	t->row_top = 0;
}

hy_row *tui_current_row(hy_tui *t)
{
	return t->rows.n ? &t->rows.items[t->row_sel] : NULL;
}

bool tui_row_selectable(const hy_tui *t, const hy_row *r)
{
	if (r->kind == HY_ROW_LINK)
		return true;
	return r->kind == HY_ROW_FIELD && hy_value_applies(t->doc, r->v);
}

void tui_note_change(hy_tui *t)
{
	t->last_change = time(NULL);
	t->recovery_stale = true;
}

/* ---- drawing ---- */

/* The outline's columns: 3/8 of the screen up to 44, or as the author set
 * them with < and >; the fields keep at least 36. */
static int outline_width(const hy_tui *t)
{
	int w = t->ol_cols ? t->ol_cols : COLS * 3 / 8 > 44 ? 44 : COLS * 3 / 8;
	int most = COLS - 36;
	return w < 16 ? 16 : w > most ? most : w;
}

void tui_resize_outline(hy_tui *t, int delta)
{
	t->ol_cols = outline_width(t) + delta;
	t->ol_cols = outline_width(t);
}

static const char *form_name(const hy_tui *t)
{
	return t->doc->form->title;
}

static void draw_title(hy_tui *t)
{
	hy_fill(0, 0, COLS, hy_attr_title(&t->ui));
	const hy_form *f = t->doc->form;
	const hy_value *name = f->name_field ? hy_value_resolve(t->doc, t->doc->root, f->name_field)
					     : NULL;
	const char *state = t->read_only ? _("read-only")
			    : t->doc->modified ? _("modified") : _("saved");
	char *title = hy_printf(" hyoka │ %s [%s] │ %s │ %s", t->path ? t->path : _("(no file)"),
				state, name && name->s ? name->s : _("(untitled)"), form_name(t));
	if (t->ui.ascii)
		for (char *p = title; (p = strstr(p, "│"));)
			memcpy(p, " | ", 3);
	hy_draw(0, 0, COLS, title, hy_attr_title(&t->ui));
	free(title);
}

/* Required fields not yet written: their "required" errors are not wrong
 * answers. */
static size_t missing(const hy_status *st)
{
	size_t m = st->required - st->required_filled;
	return m < st->errors ? m : st->errors; /* never more than the errors it explains */
}

/* A field to review (marked by hyoka import), or an entry holding one: after
 * the status mark in the outline, after the problem mark on a row. */
#define REVIEW_MARK "*"

/* - not written yet, ! wrong, ? warned, · nothing written (optional), ✓ done */
static const char *status_mark(const hy_tui *t, const hy_status *st)
{
	if (st->errors > missing(st))
		return "!";
	if (missing(st))
		return "-";
	if (st->warnings)
		return "?";
	if (!st->filled)
		return t->ui.ascii ? "." : "·";
	return t->ui.ascii ? "+" : "✓";
}

/* The outline's marks sum whole subtrees: compute them once per edit. */
static const hy_status *entry_status(hy_tui *t, size_t i)
{
	if (t->status_generation != t->doc->generation || !t->status) {
		free(t->status);
		free(t->status_known);
		t->status = hy_calloc(t->outline.n, sizeof *t->status);
		t->status_known = hy_calloc(t->outline.n, sizeof *t->status_known);
		t->status_generation = t->doc->generation;
	}
	if (!t->status_known[i]) {
		t->status[i] = hy_value_status(t->doc, t->outline.items[i].v);
		t->status_known[i] = true;
	}
	return &t->status[i];
}

void tui_forget_status(hy_tui *t)
{
	free(t->status);
	free(t->status_known);
	t->status = NULL;
	t->status_known = NULL;
	free(t->review);
	t->review = NULL;
	t->n_review = t->n_review_set = 0;
	t->review_known = false;
}

/* ---- review marks ---- */

static int compare_addresses(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(hy_value *const *)a;
	uintptr_t y = (uintptr_t)*(hy_value *const *)b;
	return x < y ? -1 : x > y;
}

/* The fields marked `check` and every value holding one, sorted by address:
 * a row or outline entry then finds its mark by one binary search.  Built
 * once per edit (hy_review_get would scan every mark for every row). */
static void review_refresh(hy_tui *t)
{
	if (t->review_known && t->review_generation == t->doc->generation)
		return;
	free(t->review);
	t->review = NULL;
	t->n_review_set = 0;
	hy_value **fields;
	t->n_review = hy_review_checked(t->doc, &fields);
	size_t cap = 0;
	for (size_t i = 0; i < t->n_review; i++)
		for (hy_value *v = fields[i]; v && v->parent; v = v->parent) {
			hy_grow((void **)&t->review, &cap, t->n_review_set, sizeof *t->review);
			t->review[t->n_review_set++] = v;
		}
	free(fields);
	if (t->n_review_set)
		qsort(t->review, t->n_review_set, sizeof *t->review, compare_addresses);
	t->review_generation = t->doc->generation;
	t->review_known = true;
}

bool tui_review_marked(hy_tui *t, const hy_value *v)
{
	review_refresh(t);
	return v && t->n_review_set &&
	       bsearch(&v, t->review, t->n_review_set, sizeof *t->review, compare_addresses);
}

size_t tui_review_left(hy_tui *t)
{
	review_refresh(t);
	return t->n_review;
}

static void draw_outline(hy_tui *t, int top, int height, int width)
{
	hy_outline *o = &t->outline;
	if (t->ol_sel < t->ol_top)
		t->ol_top = t->ol_sel;
	if (t->ol_sel >= t->ol_top + (size_t)height)
		t->ol_top = t->ol_sel - (size_t)height + 1;
	for (int r = 0; r < height; r++) {
		size_t i = t->ol_top + (size_t)r;
		hy_fill(top + r, 0, width, A_NORMAL);
		if (i >= o->n)
			continue;
		const hy_ol_entry *e = &o->items[i];
		hy_status st = *entry_status(t, i);
		bool applies = hy_value_applies(t->doc, e->v);
		char *title = hy_ol_title(e);
		/* the English interface shows the form's gloss beside the printed label */
		if (t->english && e->v->f->title_en && *e->v->f->label && !e->v->is_instance) {
			char *both = hy_printf("%s (%s)", title, e->v->f->title_en);
			free(title);
			title = both;
		}
		bool review = tui_review_marked(t, e->v);
		char *line = hy_printf("%*s%s%s%s", e->depth, "", status_mark(t, &st),
				       review ? REVIEW_MARK : " ", title);
		int attr = i == t->ol_sel ? (t->focus_fields ? (int)A_BOLD : hy_attr_select(&t->ui))
					  : !applies ? hy_attr_dim(&t->ui) : (int)A_NORMAL;
		if (i == t->ol_sel)
			hy_fill(top + r, 0, width, attr);
		hy_draw(top + r, 0, width, line, attr);
		if (st.errors > missing(&st) && i != t->ol_sel)
			hy_draw(top + r, e->depth, 1, "!", hy_attr_error(&t->ui));
		if (review && i != t->ol_sel)
			hy_draw(top + r, e->depth + 1, 1, REVIEW_MARK, hy_attr_warning(&t->ui));
		free(line);
		free(title);
	}
}

static int row_height(const hy_row *r)
{
	return r->kind == HY_ROW_FIELD ? 2 : 1;
}

char *tui_row_label(const hy_tui *t, const hy_row *r)
{
	const char *label = hy_fnode_name(r->f);
	if (t->english && r->f->title_en && *r->f->label && r->kind != HY_ROW_LINK)
		return hy_printf("%s (%s)", label, r->f->title_en);
	if (r->kind == HY_ROW_LINK && r->v) {
		hy_ol_kind kind = r->v->is_instance ? HY_OL_INSTANCE
				  : r->v->f->type == HY_SECTION || r->v->f->type == HY_PART ? HY_OL_SECTION
				  : r->v->f->type == HY_REPEAT || r->v->f->type == HY_TABLE ? HY_OL_REPEAT
				  : HY_OL_FIELD;
		hy_ol_entry e = {.kind = kind, .v = r->v};
		char *t = hy_ol_title(&e);
		char *s = e.kind == HY_OL_REPEAT ? hy_printf("%s (%zu)", t, (size_t)r->v->n_inst) : hy_strdup(t);
		free(t);
		return s;
	}
	return hy_strdup(label);
}

char *tui_row_preview(hy_tui *t, const hy_row *r)
{
	if (r->kind == HY_ROW_FIXED) {
		if (r->f->type == HY_REF && r->f->ref_target) {
			const hy_value *v = hy_value_resolve(t->doc, r->scope, r->f->ref_target);
			return v ? hy_value_preview(v) : hy_strdup("");
		}
		return hy_strdup(r->f->text ? r->f->text : "");
	}
	if (r->kind != HY_ROW_FIELD)
		return hy_strdup("");
	if (r->v->f->type == HY_FLAG)
		return hy_strdup(r->v->flag == 1 ? (t->ui.ascii ? "[x]" : "[○]")
						 : (t->ui.ascii ? "[ ]" : "[  ]"));
	if (hy_value_is_empty(r->v))
		return hy_strdup(_("(empty)"));
	return hy_value_preview(r->v);
}

static void draw_row(hy_tui *t, const hy_row *r, int y, int x, int width, bool selected)
{
	int indent = r->depth * 2;
	char *label = tui_row_label(t, r);
	bool applies = r->kind != HY_ROW_FIELD || hy_value_applies(t->doc, r->v);
	int attr = !applies ? hy_attr_dim(&t->ui) : (int)A_NORMAL;
	if (r->kind == HY_ROW_HEADING)
		attr = A_BOLD;
	if (selected) {
		attr = t->focus_fields ? hy_attr_select(&t->ui) : (int)A_BOLD;
		hy_fill(y, x, width, attr);
	}
	const char *mark = "  ";
	if (r->kind == HY_ROW_FIELD && r->v->n_issues)
		mark = r->v->issues[0].severity != HY_ERROR ? "? "
		       : hy_value_is_empty(r->v) ? "- " : "! ";
	else if (r->kind == HY_ROW_LINK)
		mark = t->ui.ascii ? "> " : "▸ ";
	bool review = (r->kind == HY_ROW_FIELD || r->kind == HY_ROW_LINK) && tui_review_marked(t, r->v);
	/* the mark's second column; a link's arrow keeps its place */
	char *marks = review ? hy_printf("%.*s%s", r->kind == HY_ROW_LINK ? (int)strlen(mark) - 1 : 1,
					 mark, REVIEW_MARK)
			     : hy_strdup(mark);
	char *line = hy_printf("%*s%s%s", indent, "", marks, label);
	hy_draw(y, x, width, line, attr);
	if (r->kind == HY_ROW_FIELD && r->v->n_issues && !selected)
		hy_draw(y, x + indent, 2, mark,
			r->v->issues[0].severity == HY_ERROR ? hy_attr_error(&t->ui) : hy_attr_warning(&t->ui));
	if (review && !selected)
		hy_draw(y, x + indent + 1, 1, REVIEW_MARK, hy_attr_warning(&t->ui));
	free(marks);
	free(line);
	free(label);
	if (r->kind == HY_ROW_FIXED) {
		char *p = tui_row_preview(t, r);
		int used = hy_str_width(r->f->label) + indent + 2;
		if (*p && used + 2 < width)
			hy_draw(y, x + used + 1, width - used - 1, p, hy_attr_dim(&t->ui));
		free(p);
	}
	if (row_height(r) == 2) {
		char *p = tui_row_preview(t, r);
		hy_fill(y + 1, x, width, A_NORMAL);
		hy_draw(y + 1, x + indent + 4, width - indent - 4, p,
			!applies || hy_value_is_empty(r->v) ? hy_attr_dim(&t->ui) : (int)A_NORMAL);
		free(p);
	}
}

static void draw_fields(hy_tui *t, int top, int height, int x, int width)
{
	for (int r = 0; r < height; r++)
		hy_fill(top + r, x, width, A_NORMAL);
	if (!t->rows.n) {
		hy_draw(top, x + 1, width - 1, _("(no fields here: + adds an entry)"), hy_attr_dim(&t->ui));
		return;
	}
	if (t->row_sel < t->row_top)
		t->row_top = t->row_sel;
	/* make the selected row fit */
	for (;;) {
		int h = 0;
		for (size_t i = t->row_top; i <= t->row_sel && i < t->rows.n; i++)
			h += row_height(&t->rows.items[i]);
		if (h <= height || t->row_top >= t->row_sel)
			break;
		t->row_top++;
	}
	int y = top;
	for (size_t i = t->row_top; i < t->rows.n && y < top + height; i++) {
		const hy_row *r = &t->rows.items[i];
		if (y + row_height(r) > top + height)
			break;
		draw_row(t, r, y, x + 1, width - 1, i == t->row_sel);
		y += row_height(r);
	}
}

/* "required 12/30  5 problems": how far the whole document is. */
static char *progress_text(hy_tui *t)
{
	if (t->doc_status_generation != t->doc->generation || !t->doc_status_known) {
		t->doc_status = hy_value_status(t->doc, t->doc->root);
		t->doc_status_generation = t->doc->generation;
		t->doc_status_known = true;
	}
	const hy_status *st = &t->doc_status;
	size_t problems = st->errors - missing(st) + st->warnings;
	char *text = hy_printf(_("required %zu/%zu  problems %zu"), st->required_filled,
			       st->required, problems);
	size_t review = tui_review_left(t);
	if (!review)
		return text;
	char *more = hy_printf(_("%s  to review %zu"), text, review);
	free(text);
	return more;
}

static void draw_status(hy_tui *t)
{
	int y = LINES - 2;
	hy_fill(y, 0, COLS, A_NORMAL);
	char *progress = progress_text(t);
	int pw = hy_str_width(progress);
	hy_draw(y, COLS - pw, pw, progress, hy_attr_dim(&t->ui));
	free(progress);
	int room = COLS - pw - 1;
	const hy_row *r = t->focus_fields ? tui_current_row(t) : NULL;
	if (t->message) {
		int attr = t->message_kind == HY_MSG_ERROR ? hy_attr_error(&t->ui)
			   : t->message_kind == HY_MSG_WARNING ? hy_attr_warning(&t->ui) : (int)A_BOLD;
		hy_draw(y, 0, room, t->message, attr);
	} else if (r && r->kind == HY_ROW_FIELD && r->v->n_issues) {
		const hy_issue *is = &r->v->issues[0];
		hy_draw(y, 0, room, is->message,
			is->severity == HY_ERROR ? hy_attr_error(&t->ui) : hy_attr_warning(&t->ui));
	} else if (r && r->f->help) {
		hy_draw(y, 0, room, r->f->help, hy_attr_dim(&t->ui));
	}
	hy_fill(LINES - 1, 0, COLS, hy_attr_title(&t->ui));
	char *keys = hy_keys_line(t->focus_fields ? HY_CTX_FIELDS : HY_CTX_OUTLINE);
	hy_draw(LINES - 1, 0, COLS, keys, hy_attr_title(&t->ui));
	free(keys);
}

/* The value the author is on: the selected field, else the section. */
static hy_value *current_value(hy_tui *t)
{
	hy_row *r = t->focus_fields ? tui_current_row(t) : NULL;
	if (r && r->v && (r->kind == HY_ROW_FIELD || r->kind == HY_ROW_LINK))
		return r->v;
	return t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
}

/* The printed path of a value, as `hyoka validate` prints it, with the
 * full label of a section (whose path ends at its number). */
char *tui_printed_path(const hy_value *v)
{
	char *path = hy_value_path(v);
	if (!hy_is_entry(v) || v->is_instance)
		return path;
	hy_ol_entry e = {.kind = v->f->type == HY_PART ? HY_OL_PART : HY_OL_SECTION,
			 .v = (hy_value *)v};
	char *title = hy_ol_title(&e);
	char *num, *rest;
	hy_label_split(title, &num, &rest);
	char *full = *rest && !strstr(path, rest) ? hy_printf("%s%s%s", path, *path ? " " : "", rest)
						  : hy_strdup(path);
	free(num);
	free(rest);
	free(title);
	free(path);
	return full;
}

/* Where the author is, always in view: the printed path and full label. */
static void draw_breadcrumb(hy_tui *t)
{
	hy_fill(1, 0, COLS, A_NORMAL);
	hy_value *v = current_value(t);
	if (!v || !v->parent)
		return;
	char *path = tui_printed_path(v);
	char *line = hy_printf("%s %s", t->ui.ascii ? ">" : "▶", path);
	hy_draw(1, 0, COLS, line, A_BOLD);
	free(line);
	free(path);
}

void tui_draw_main(hy_tui *t)
{
	if (hy_terminal_small()) {
		hy_draw_too_small();
		return;
	}
	erase();
	int ow = outline_width(t);
	int top = 2, height = LINES - 4;
	draw_title(t);
	draw_breadcrumb(t);
	draw_outline(t, top, height, ow);
	for (int y = top; y < top + height; y++) {
		if (t->ui.ascii)
			mvaddch(y, ow, '|');
		else
			mvaddch(y, ow, ACS_VLINE);
	}
	draw_fields(t, top, height, ow + 1, COLS - ow - 1);
	draw_status(t);
	refresh();
}

/* ---- moving ---- */

void tui_row_step(hy_tui *t, int delta)
{
	size_t i = t->row_sel;
	for (;;) {
		if (delta < 0 && i == 0)
			return;
		if (delta > 0 && i + 1 >= t->rows.n) {
			/* walk on into the next section */
			if (t->ol_sel + 1 < t->outline.n) {
				tui_select_entry(t, t->ol_sel + 1);
				while (t->row_sel + 1 < t->rows.n && !tui_row_selectable(t, tui_current_row(t)))
					t->row_sel++;
			}
			return;
		}
		i = delta < 0 ? i - 1 : i + 1;
		if (tui_row_selectable(t, &t->rows.items[i])) {
			t->row_sel = i;
			return;
		}
	}
}

void tui_focus_fields(hy_tui *t)
{
	t->focus_fields = true;
	if (t->rows.n && !tui_row_selectable(t, tui_current_row(t)))
		tui_row_step(t, 1);
}

/* ---- hooks for the benchmark ---- */

/* Shows v: its outline entry, and its row when it is a field. */
void tui_show_value(hy_tui *t, hy_value *v)
{
	tui_rebuild(t);
	if (!v)
		return;
	tui_select_entry(t, hy_outline_find(&t->outline, v));
	for (size_t i = 0; i < t->rows.n; i++)
		if (t->rows.items[i].v == v)
			t->row_sel = i;
	t->focus_fields = t->rows.n > 0;
	if (t->focus_fields && !tui_row_selectable(t, tui_current_row(t)))
		tui_row_step(t, 1);
}

void hy_tui_show(hy_tui *t, hy_value *v)
{
	tui_show_value(t, v);
	if (v)
		t->focus_fields = true; /* the benchmark types into the field */
}

void hy_tui_draw(hy_tui *t)
{
	tui_draw_main(t);
}

void hy_tui_release_view(hy_tui *t)
{
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	tui_forget_status(t);
}
