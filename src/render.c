#include "hyoka/render.h"
#include "hyoka/layout.h"
#include "hyoka/pdf.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_BREAK "\f"

typedef struct {
	const char *h, *v, *tl, *tr, *bl, *br, *lt, *rt, *tt, *bt, *cross;
	const char *on, *off;
} glyphs;

static const glyphs box = {"─", "│", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼",
			   "[ ○ ]", "[　 ]"};
static const glyphs ascii = {"-", "|", "+", "+", "+", "+", "+", "+", "+", "+", "+",
			     "[x]", "[ ]"};

/* The lines go out as they are made, through the pager: with pages, a
 * first pass only counts them (each footer says "page / pages"), a second
 * one writes them; without, one pass writes them. */
#define PAGER_CHUNK ((size_t)64 << 10)

typedef struct {
	hy_render_write write;
	void *ctx;
	char *out;         /* what is not written yet: written PAGER_CHUNK at a time */
	size_t n_out;
	bool counting;     /* the first pass: count pages, write nothing */
	bool failed;       /* write returned false: the rest is not written */
	int body;          /* lines per page between header and footer; 0: no pages */
	const char *header;
	int width;
	size_t page, pages;
	int used;          /* lines on the current page */
} pager;

typedef struct {
	const hy_doc *doc;
	const hy_render_opts *o;
	const glyphs *g;
	int label_w, value_w;  /* columns; multiples of bw */
	int bw;                /* columns of a border glyph: 2 where box lines are drawn wide */
	pager *pg;
	bool open_table;   /* a bordered row table is open */
	bool last_split;   /* the last row had a label column */
	int *col_w;        /* the open multi-column table's column widths */
	size_t n_cols;
	bool table_group;  /* its last row is a group row */
	char *hline;       /* the horizontal border glyph, repeated for the widest rule */
	size_t hline_len;
	char *big;         /* a row line longer than the pager's buffer is built here */
	size_t big_cap;
	bool direct;       /* the row line being built is in the pager's buffer */
} renderer;

static void flush_out(pager *pg)
{
	if (pg->n_out && !pg->failed && !pg->write(pg->ctx, pg->out, pg->n_out))
		pg->failed = true;
	pg->n_out = 0;
}

static void put(pager *pg, const char *s, size_t len)
{
	if (pg->counting || pg->failed)
		return;
	if (pg->n_out + len > PAGER_CHUNK)
		flush_out(pg);
	if (len > PAGER_CHUNK) {
		if (!pg->failed && !pg->write(pg->ctx, s, len))
			pg->failed = true;
		return;
	}
	memcpy(pg->out + pg->n_out, s, len);
	pg->n_out += len;
}

static void put_str(pager *pg, const char *s)
{
	put(pg, s, strlen(s));
}

static char *centered(const char *s, int width);

/* Pads the page to its length and writes the numbered footer. */
static void end_page(pager *pg)
{
	for (; pg->used < pg->body; pg->used++)
		put(pg, "\n", 1);
	if (pg->counting)
		return;
	char *foot = hy_printf("- %zu / %zu -", pg->page, pg->pages);
	char *c = centered(foot, pg->width);
	put_str(pg, "\n");
	put_str(pg, c);
	put_str(pg, "\n");
	free(c);
	free(foot);
}

static void start_page(pager *pg)
{
	put_str(pg, pg->header);
	put_str(pg, "\n\n");
}

/* Ends the page and starts the next. */
static void turn_page(pager *pg)
{
	end_page(pg);
	put(pg, "\f", 1);
	start_page(pg);
	pg->page++;
	pg->used = 0;
}

/* Before a line: a full page is turned. */
static void make_room(pager *pg)
{
	if (pg->body && pg->used == pg->body)
		turn_page(pg);
}

/* One line of the rendering (or PAGE_BREAK), len bytes, placed on its page. */
static void page_line_n(pager *pg, const char *line, size_t len)
{
	bool brk = strcmp(line, PAGE_BREAK) == 0;
	if (!pg->body) {
		put(pg, line, brk ? 0 : len);
		put(pg, "\n", 1);
		return;
	}
	if (brk) {
		if (pg->used > 0)
			turn_page(pg);
		return;
	}
	make_room(pg);
	put(pg, line, len);
	put(pg, "\n", 1);
	pg->used++;
}

static void page_line(pager *pg, const char *line)
{
	page_line_n(pg, line, strlen(line));
}

static void out(renderer *r, char *line)
{
	page_line(r->pg, line);
	free(line);
}

/* For a row line, whose text only the writing pass needs (padding and
 * borders are half the work): the counting pass just counts it. */
static bool count_only(renderer *r)
{
	if (!r->pg->counting)
		return false;
	page_line(r->pg, "");
	return true;
}

static void outs(renderer *r, const char *s)
{
	page_line(r->pg, s);
}

/* ---- row lines ----
 * A row line (borders, padded cells) is written straight into the pager's
 * buffer: row_begin gives room for `max` bytes, row_end places what was
 * written on its page.  Only the writing pass builds them (count_only). */

static char *row_begin(renderer *r, size_t max)
{
	pager *pg = r->pg;
	r->direct = max < PAGER_CHUNK;
	if (!r->direct) { /* longer than the buffer: built apart, then put */
		if (max + 1 > r->big_cap) {
			r->big_cap = max + 1;
			free(r->big);
			r->big = hy_malloc(r->big_cap);
		}
		return r->big;
	}
	make_room(pg);
	if (pg->n_out + max + 1 > PAGER_CHUNK)
		flush_out(pg);
	return pg->out + pg->n_out;
}

static void row_end(renderer *r, const char *start, char *end)
{
	pager *pg = r->pg;
	size_t len = (size_t)(end - start);
	if (!r->direct) {
		*end = '\0';
		page_line_n(pg, start, len);
		return;
	}
	*end = '\n';
	pg->n_out += len + 1;
	if (pg->body)
		pg->used++;
}

static inline char *emit(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static inline char *emit_spaces(char *p, int n)
{
	if (n <= 0)
		return p;
	memset(p, ' ', (size_t)n);
	return p + n;
}

/* A cell's text, len bytes, `width` columns, and the spaces that fill it
 * to `cell` columns. */
static inline char *emit_cell(char *p, const char *s, size_t len, int width, int cell)
{
	return emit_spaces(emit(p, s, len), cell - width);
}

static inline size_t cell_bytes(size_t len, int width, int cell)
{
	return len + (size_t)(cell > width ? cell - width : 0);
}

/* A line of the value cell: len bytes at s, width columns; owned: what to
 * free (NULL when s lies in the layout item's text). */
typedef struct {
	const char *s;
	size_t len;
	int width;
	char *owned;
} vline;

/* A border, the line l padded to `width` columns, a border: written out. */
static void out_boxed(renderer *r, const vline *l, int width)
{
	const char *v = r->g->v;
	size_t vlen = strlen(v);
	char *start = row_begin(r, 2 * vlen + cell_bytes(l->len, l->width, width));
	char *p = emit(start, v, vlen);
	p = emit_cell(p, l->s, l->len, l->width, width);
	p = emit(p, v, vlen);
	row_end(r, start, p);
}

/* Rules: borders and runs of the horizontal glyph, `count` of them. */
static char *emit_h(renderer *r, char *p, int count)
{
	size_t glyph = strlen(r->g->h), have = r->hline_len / glyph;
	for (size_t left = count > 0 ? (size_t)count : 0; left > 0;) {
		size_t k = left < have ? left : have;
		p = emit(p, r->hline, k * glyph);
		left -= k;
	}
	return p;
}

static size_t h_bytes(renderer *r, int count)
{
	return strlen(r->g->h) * (size_t)(count > 0 ? count : 0);
}

static void rule(renderer *r, const char *left, const char *mid, const char *right, bool split)
{
	if (count_only(r))
		return;
	const char *m = split ? mid : r->g->h;
	int lc = r->label_w / r->bw, vc = r->value_w / r->bw;
	size_t max = strlen(left) + strlen(m) + strlen(right) + h_bytes(r, lc) + h_bytes(r, vc);
	char *start = row_begin(r, max);
	char *p = emit(start, left, strlen(left));
	p = emit_h(r, p, lc);
	p = emit(p, m, strlen(m));
	p = emit_h(r, p, vc);
	p = emit(p, right, strlen(right));
	row_end(r, start, p);
}

/* Rows are separated by rules; the first row of a table opens it. */
static void row_rule(renderer *r, bool split)
{
	bool was_split = r->last_split;
	r->last_split = split;
	if (!r->open_table) {
		rule(r, r->g->tl, r->g->tt, r->g->tr, split);
		r->open_table = true;
	} else {
		const char *mid = split && was_split ? r->g->cross : split ? r->g->tt : r->g->bt;
		rule(r, r->g->lt, mid, r->g->rt, split || was_split);
	}
}

static void close_table(renderer *r)
{
	if (!r->open_table)
		return;
	rule(r, r->g->bl, r->g->bt, r->g->br, r->last_split);
	r->open_table = false;
}

/* Value lines: a growable list of already-wrapped lines for the value cell. */
typedef struct {
	vline *items;
	size_t n, cap;
} vlines;

static void vl_push(vlines *v, vline l)
{
	hy_grow((void **)&v->items, &v->cap, v->n, sizeof *v->items);
	v->items[v->n++] = l;
}

/* Adds a line the cell owns. */
static void vl_add(vlines *v, char *line, int width)
{
	vl_push(v, (vline){line, strlen(line), width, line});
}

/* Adds text's lines; they point into text, which outlives the cell. */
static void vl_wrap(vlines *v, const char *text, int width)
{
	hy_span *spans;
	size_t n = hy_wrap_spans(text, width, &spans);
	for (size_t i = 0; i < n; i++)
		vl_push(v, (vline){text + spans[i].off, spans[i].len, spans[i].width, NULL});
	free(spans);
	if (n)
		return;
	char **lines;
	int *widths;
	n = hy_wrap_text_w(text, width, &lines, &widths);
	for (size_t i = 0; i < n; i++)
		vl_add(v, lines[i], widths[i]);
	free(lines);
	free(widths);
}

static void vl_free(vlines *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i].owned);
	free(v->items);
}

/* Rows of text boxed across `width` columns (wide rows, group rows). */
static void boxed_rows(renderer *r, const char *text, int width)
{
	vlines vl = {0};
	vl_wrap(&vl, text, width);
	for (size_t i = 0; i < vl.n; i++) {
		if (count_only(r))
			continue;
		out_boxed(r, &vl.items[i], width);
	}
	vl_free(&vl);
}

/* A full-width row (headings, captions, long text spanning both columns). */
static void wide_row(renderer *r, const char *text)
{
	row_rule(r, false);
	boxed_rows(r, text, r->label_w + r->value_w + r->bw);
}

static void two_col(renderer *r, const vline *ll, size_t ln, const vline *vl, size_t vn)
{
	static const vline none = {"", 0, 0, NULL};
	const char *v = r->g->v;
	size_t vlen = strlen(v);
	size_t rows = ln > vn ? ln : vn;
	for (size_t i = 0; i < rows; i++) {
		if (count_only(r))
			continue;
		const vline *label = i < ln ? &ll[i] : &none, *value = i < vn ? &vl[i] : &none;
		size_t max = 3 * vlen + cell_bytes(label->len, label->width, r->label_w) +
			     cell_bytes(value->len, value->width, r->value_w);
		char *start = row_begin(r, max);
		char *p = emit(start, v, vlen);
		p = emit_cell(p, label->s, label->len, label->width, r->label_w);
		p = emit(p, v, vlen);
		p = emit_cell(p, value->s, value->len, value->width, r->value_w);
		p = emit(p, v, vlen);
		row_end(r, start, p);
	}
}

/* Packs unbreakable items into lines of `width`, separated by U+3000. */
static void vl_pack(vlines *v, char *const *items, size_t n, int width)
{
	hy_buf line;
	hy_buf_init(&line);
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		int iw = hy_str_width(items[i]);
		if (w > 0 && w + 2 + iw > width) {
			vl_add(v, hy_buf_take(&line), w);
			w = 0;
		}
		if (iw > width) {
			vl_wrap(v, items[i], width);
			continue;
		}
		if (w > 0) {
			hy_buf_adds(&line, "　");
			w += 2;
		}
		hy_buf_adds(&line, items[i]);
		w += iw;
	}
	if (w > 0)
		vl_add(v, hy_buf_take(&line), w);
	hy_buf_free(&line);
}

/* The value cell's paragraphs as lines of the value column. */
static void para_lines(renderer *r, const hy_litem *it, vlines *vl)
{
	for (size_t i = 0; i < it->n_paras; i++) {
		const hy_lpara *p = &it->paras[i];
		switch (p->kind) {
		case HY_LP_TEXT:
			vl_wrap(vl, p->text, r->value_w);
			break;
		case HY_LP_LINE:
			vl_add(vl, hy_strdup(p->text), hy_str_width(p->text));
			break;
		case HY_LP_ITEMS:
			vl_pack(vl, p->items, p->n_items, r->value_w);
			break;
		}
	}
}

static void field_row(renderer *r, const hy_litem *it)
{
	vlines vl = {0};
	para_lines(r, it, &vl);
	vlines ll = {0};
	vl_wrap(&ll, it->text, r->label_w);
	row_rule(r, true);
	two_col(r, ll.items, ll.n, vl.items, vl.n);
	vl_free(&ll);
	vl_free(&vl);
}

/* The column widths of a bordered table: columns with a `width` get it (in
 * columns); the rest share what is left, long texts three shares. */
static int *table_widths(renderer *r, const hy_lcol *cols, size_t nc)
{
	int total = r->label_w + r->value_w + r->bw - r->bw * (int)(nc - 1);
	int *w = hy_calloc(nc, sizeof *w);
	int weights = 0;
	for (size_t c = 0; c < nc; c++)
		weights += cols[c].wide ? 3 : 1;
	int fixed = 0;
	for (size_t c = 0; c < nc; c++)
		if (cols[c].width > 0) {
			fixed += cols[c].width;
			weights -= cols[c].wide ? 3 : 1;
		}
	if (fixed > total / 2)
		fixed = 0;
	int used = 0;
	for (size_t c = 0; c < nc; c++) {
		if (fixed && cols[c].width > 0)
			w[c] = cols[c].width;
		else
			w[c] = (total - fixed) * (cols[c].wide ? 3 : 1) / (weights > 0 ? weights : 1);
		if (w[c] < 4)
			w[c] = 4;
		w[c] -= w[c] % r->bw; /* a rule is whole border glyphs */
		used += w[c];
	}
	w[nc - 1] += total - used;
	w[nc - 1] -= w[nc - 1] % r->bw;
	if (w[nc - 1] < 2)
		w[nc - 1] = 2;
	return w;
}

/* A rule across the table: top (row 0), between rows, or bottom; `above`
 * and `below`: the rows on either side have column dividers (a group row
 * has none). */
static void table_rule(renderer *r, bool top, bool bottom, bool above, bool below)
{
	const glyphs *g = r->g;
	const char *mid = above && below ? g->cross : above ? g->bt : below ? g->tt : g->h;
	if (count_only(r))
		return;
	const char *left = top ? g->tl : bottom ? g->bl : g->lt;
	const char *between = top ? g->tt : bottom ? (above ? g->bt : g->h) : mid;
	const char *right = top ? g->tr : bottom ? g->br : g->rt;
	size_t max = strlen(left) + strlen(right);
	for (size_t c = 0; c < r->n_cols; c++)
		max += h_bytes(r, r->col_w[c] / r->bw) + strlen(between);
	char *start = row_begin(r, max);
	char *p = emit(start, left, strlen(left));
	for (size_t c = 0; c < r->n_cols; c++) {
		p = emit_h(r, p, r->col_w[c] / r->bw);
		const char *after = c + 1 < r->n_cols ? between : right;
		p = emit(p, after, strlen(after));
	}
	row_end(r, start, p);
}

/* A row across the whole table: the 区分 of the rows below it. */
static void table_group(renderer *r, const char *text)
{
	int total = -r->bw;
	for (size_t c = 0; c < r->n_cols; c++)
		total += r->col_w[c] + r->bw;
	table_rule(r, false, false, !r->table_group, false);
	r->table_group = true;
	boxed_rows(r, text, total);
}

static void table_cells(renderer *r, const char *const *texts, bool top)
{
	size_t nc = r->n_cols;
	table_rule(r, top, false, !r->table_group, true);
	r->table_group = false;
	static const vline none = {"", 0, 0, NULL};
	const char *v = r->g->v;
	size_t vlen = strlen(v);
	vlines *cells = hy_calloc(nc, sizeof *cells);
	size_t height = 1;
	for (size_t c = 0; c < nc; c++) {
		vl_wrap(&cells[c], texts[c], r->col_w[c]);
		if (cells[c].n > height)
			height = cells[c].n;
	}
	for (size_t i = 0; i < height; i++) {
		if (count_only(r))
			continue;
		size_t max = vlen;
		for (size_t c = 0; c < nc; c++) {
			const vline *l = i < cells[c].n ? &cells[c].items[i] : &none;
			max += cell_bytes(l->len, l->width, r->col_w[c]) + vlen;
		}
		char *start = row_begin(r, max);
		char *p = emit(start, v, vlen);
		for (size_t c = 0; c < nc; c++) {
			const vline *l = i < cells[c].n ? &cells[c].items[i] : &none;
			p = emit(emit_cell(p, l->s, l->len, l->width, r->col_w[c]), v, vlen);
		}
		row_end(r, start, p);
	}
	for (size_t c = 0; c < nc; c++)
		vl_free(&cells[c]);
	free(cells);
}

static void table_start(renderer *r, const hy_litem *it)
{
	if (*it->text)
		outs(r, it->text);
	free(r->col_w);
	r->col_w = table_widths(r, it->cols, it->n_cols);
	r->n_cols = it->n_cols;
	const char **heads = hy_calloc(it->n_cols, sizeof *heads);
	for (size_t c = 0; c < it->n_cols; c++)
		heads[c] = it->cols[c].label;
	table_cells(r, heads, true);
	free(heads);
}

static void table_end(renderer *r)
{
	table_rule(r, false, true, !r->table_group, false);
	r->table_group = false;
	free(r->col_w);
	r->col_w = NULL;
	r->n_cols = 0;
}

static char *centered(const char *s, int width)
{
	int w = hy_str_width(s);
	int left = w < width ? (width - w) / 2 : 0;
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i < left; i++)
		hy_buf_addc(&b, ' ');
	hy_buf_adds(&b, s);
	return hy_buf_take(&b);
}

static char *right_aligned(const char *s, int width)
{
	int w = hy_str_width(s);
	hy_buf b;
	hy_buf_init(&b);
	for (int i = w; i < width; i++)
		hy_buf_addc(&b, ' ');
	hy_buf_adds(&b, s);
	return hy_buf_take(&b);
}

static void out_wrapped(renderer *r, const char *text, bool center)
{
	char **lines;
	size_t n = hy_wrap_text(text, r->o->width, &lines);
	for (size_t i = 0; i < n; i++) {
		out(r, center ? centered(lines[i], r->o->width) : right_aligned(lines[i], r->o->width));
		free(lines[i]);
	}
	free(lines);
}

/* An outline line: wrapped inside its indent (two columns a full-width
 * character), then placed as its `align` says. */
static void outline_line(renderer *r, const hy_litem *it)
{
	int indent = it->indent * 2 < r->o->width / 2 ? it->indent * 2 : 0;
	char **lines;
	size_t n = hy_wrap_text(it->text, r->o->width - indent, &lines);
	for (size_t i = 0; i < n; i++) {
		if (it->align == HY_ALIGN_CENTER)
			out(r, centered(lines[i], r->o->width));
		else if (it->align == HY_ALIGN_RIGHT)
			out(r, right_aligned(lines[i], r->o->width));
		else
			out(r, hy_printf("%*s%s", indent, "", lines[i]));
		free(lines[i]);
	}
	free(lines);
}

/* The text back-end of the layout model: one item at a time. */
static bool text_item(void *ctx, const hy_litem *it)
{
	renderer *r = ctx;
	if (it->kind != HY_LY_ROW && it->kind != HY_LY_WIDE)
		close_table(r);
	switch (it->kind) {
	case HY_LY_TITLE:
		out_wrapped(r, it->text, true);
		break;
	case HY_LY_STAMP:
		out_wrapped(r, it->text, false);
		break;
	case HY_LY_BLANK:
		outs(r, "");
		break;
	case HY_LY_PAGE:
		outs(r, PAGE_BREAK);
		break;
	case HY_LY_WIDE:
		wide_row(r, it->text);
		break;
	case HY_LY_ROW:
		field_row(r, it);
		break;
	case HY_LY_TABLE:
		table_start(r, it);
		break;
	case HY_LY_TABLE_ROW:
		table_cells(r, (const char *const *)it->cells, false);
		break;
	case HY_LY_TABLE_END:
		table_end(r);
		break;
	case HY_LY_LINE:
		outline_line(r, it);
		break;
	case HY_LY_TABLE_GROUP:
		table_group(r, it->text);
		break;
	}
	return !r->pg->failed;
}

static void render_body(renderer *r)
{
	hy_layout_opts lo = {.ascii = r->o->ascii};
	hy_layout(r->doc, &lo, text_item, r);
	close_table(r);
	free(r->col_w);
	r->col_w = NULL;
	free(r->big);
	r->big = NULL;
	r->big_cap = 0;
}

/* The running header: the document's name, right-aligned, cut to the width. */
static char *page_header(const hy_doc *doc, int width)
{
	const char *name = hy_layout_doc_name(doc);
	if (hy_str_width(name) > width)
		return hy_strndup(name, hy_fit_prefix(name, width, NULL));
	return right_aligned(name, width);
}

/* One pass over the document: every line through pg. */
static void render_pass(const hy_doc *doc, const hy_render_opts *o, pager *pg)
{
	renderer r = {.doc = doc, .o = o, .g = o->ascii ? &ascii : &box, .pg = pg};
	/* under --ambiguous-width 2 a box line is two columns: three borders
	 * take six, and every span between them is whole glyphs */
	r.bw = hy_str_width(r.g->v) > 1 ? 2 : 1;
	int inner = o->width - 3 * r.bw;
	r.label_w = inner * 3 / 10;
	if (r.label_w < 12)
		r.label_w = 12;
	r.label_w -= r.label_w % r.bw;
	r.value_w = inner - r.label_w;
	r.value_w -= r.value_w % r.bw;
	hy_buf h;
	hy_buf_init(&h);
	hy_buf_repeat(&h, r.g->h, o->width + 2);
	r.hline_len = h.len;
	r.hline = hy_buf_take(&h);
	pg->page = 1;
	pg->used = 0;
	if (pg->body)
		start_page(pg);
	render_body(&r);
	free(r.hline);
	if (pg->body)
		end_page(pg);
}

bool hy_render_stream(const hy_doc *doc, const hy_render_opts *opts, hy_render_write write,
		      void *ctx)
{
	if (opts->pdf)
		return hy_pdf_stream(doc, write, ctx);
	hy_render_opts o = *opts;
	if (o.width < 40)
		o.width = 40;
	pager pg = {.write = write, .ctx = ctx, .width = o.width, .out = hy_malloc(PAGER_CHUNK)};
	int body = o.page_lines - 4;
	char *header = NULL;
	if (o.page_lines > 0 && body >= 4) {
		pg.body = body;
		header = page_header(doc, o.width);
		pg.header = header;
		pg.counting = true;
		render_pass(doc, &o, &pg);
		pg.pages = pg.page;
		pg.counting = false;
	}
	render_pass(doc, &o, &pg);
	flush_out(&pg);
	free(header);
	free(pg.out);
	return !pg.failed;
}

static bool buf_write(void *ctx, const char *data, size_t len)
{
	hy_buf_add(ctx, data, len);
	return true;
}

char *hy_render(const hy_doc *doc, const hy_render_opts *opts)
{
	hy_render_opts o = *opts;
	o.pdf = false; /* a C string cannot hold a PDF */
	hy_buf b;
	hy_buf_init(&b);
	hy_render_stream(doc, &o, buf_write, &b);
	return hy_buf_take(&b);
}
