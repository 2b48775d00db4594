/* PDF back-end of the layout model: cairo draws, pango lays text out.
 * Lengths are in points (1/72 inch); the pango context works at 72 dpi so
 * that a font size is a size in points. */
#include "hyoka/pdf.h"
#include "hyoka/layout.h"
#include "hyoka/util.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276     /* A4 */
#define PAGE_H 841.89
#define LEFT 42.0
#define RIGHT (PAGE_W - 42.0)
#define TOP 58.0           /* where the body starts, below the header */
#define BOTTOM (PAGE_H - 56.0)
#define PAD 3.0            /* inside a cell */
#define BODY_SIZE 9.0
#define TABLE_SIZE 8.0
#define LINE_W 0.5
#define LEADING 1.6        /* added to each text line's height */

/* One line of a laid-out text, drawn on its own so that cells can break
 * across pages between lines. */
typedef struct {
	PangoLayout *layout;
	int index;
	double x, height, baseline;
} pline;

typedef struct {
	pline *lines;
	size_t n, cap;
	PangoLayout **layouts;   /* held until the cell is drawn */
	size_t n_layouts, cap_layouts;
} pcell;

typedef struct {
	cairo_t *cr;             /* NULL on the counting pass */
	PangoContext *pc;
	PangoFontDescription *gothic, *mincho, *small_mincho, *title, *small;
	double y;
	int page, pages;
	bool fresh;              /* nothing on this page's body yet */
	const char *header;
	double *col_w;           /* the open table's column widths */
	size_t n_cols;
} pdf;

static PangoLayout *new_layout(pdf *p, const PangoFontDescription *font, double width,
			       const char *text, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pc);
	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Adds a text's lines to a cell (the cell owns the layout). */
static void cell_add(pcell *c, PangoLayout *l)
{
	hy_grow((void **)&c->layouts, &c->cap_layouts, c->n_layouts, sizeof *c->layouts);
	c->layouts[c->n_layouts++] = l;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	int i = 0;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		int base = pango_layout_iter_get_baseline(it);
		hy_grow((void **)&c->lines, &c->cap, c->n, sizeof *c->lines);
		c->lines[c->n++] = (pline){.layout = l, .index = i++,
					   .x = (double)log.x / PANGO_SCALE,
					   .height = (double)log.height / PANGO_SCALE + LEADING,
					   .baseline = (double)(base - log.y) / PANGO_SCALE +
						       LEADING / 2};
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void cell_text(pdf *p, pcell *c, const PangoFontDescription *font, double width,
		      const char *text)
{
	cell_add(c, new_layout(p, font, width, text, PANGO_ALIGN_LEFT));
}

static void cell_free(pcell *c)
{
	for (size_t i = 0; i < c->n_layouts; i++)
		g_object_unref(c->layouts[i]);
	free(c->layouts);
	free(c->lines);
	*c = (pcell){0};
}

static double cell_height(const pcell *c)
{
	double h = 0;
	for (size_t i = 0; i < c->n; i++)
		h += c->lines[i].height;
	return h;
}

static void draw_text_line(pdf *p, const pline *l, double x, double y)
{
	if (!p->cr)
		return;
	PangoLayoutLine *line = pango_layout_get_line_readonly(l->layout, l->index);
	cairo_move_to(p->cr, x + l->x, y + l->baseline);
	pango_cairo_show_layout_line(p->cr, line);
}

/* ---- pages ---- */

static void page_decor(pdf *p)
{
	if (!p->cr)
		return;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	PangoLayout *h = new_layout(p, p->small, RIGHT - LEFT, p->header, PANGO_ALIGN_RIGHT);
	pango_layout_set_ellipsize(h, PANGO_ELLIPSIZE_END);
	cairo_move_to(p->cr, LEFT, 30);
	pango_cairo_show_layout(p->cr, h);
	g_object_unref(h);
	char *foot = hy_printf("- %d / %d -", p->page, p->pages);
	PangoLayout *f = new_layout(p, p->small, RIGHT - LEFT, foot, PANGO_ALIGN_CENTER);
	cairo_move_to(p->cr, LEFT, PAGE_H - 40);
	pango_cairo_show_layout(p->cr, f);
	g_object_unref(f);
	free(foot);
}

static void new_page(pdf *p)
{
	if (p->cr && p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	p->fresh = true;
	page_decor(p);
}

/* ---- cells side by side, broken across pages between lines ---- */

typedef struct {
	pcell *cell;
	double x, w;
	double shade;            /* grey level of the background, 1: white */
} column;

static double min_row(void)
{
	return BODY_SIZE * 1.5 + 2 * PAD;
}

static void draw_segment(pdf *p, column *cols, size_t nc, const size_t *from, const size_t *to,
			 double h)
{
	if (!p->cr)
		return;
	for (size_t c = 0; c < nc; c++) {
		cairo_rectangle(p->cr, cols[c].x, p->y, cols[c].w, h);
		cairo_set_source_rgb(p->cr, cols[c].shade, cols[c].shade, cols[c].shade);
		cairo_fill_preserve(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, LINE_W);
		cairo_stroke(p->cr);
		double y = p->y + PAD;
		for (size_t i = from[c]; i < to[c]; i++) {
			draw_text_line(p, &cols[c].cell->lines[i], cols[c].x + PAD, y);
			y += cols[c].cell->lines[i].height;
		}
	}
}

/* Draws cells side by side as one row.  A short row that does not fit
 * goes to the next page whole; a tall one breaks between lines. */
static void draw_row(pdf *p, column *cols, size_t nc)
{
	double total = 0;
	for (size_t c = 0; c < nc; c++)
		if (cell_height(cols[c].cell) > total)
			total = cell_height(cols[c].cell);
	total += 2 * PAD;
	if (total < min_row())
		total = min_row();
	/* a row that breaks keeps its label whole on its first page */
	if (!p->fresh && p->y + total > BOTTOM &&
	    (total <= (BOTTOM - TOP) / 4 ||
	     p->y + cell_height(cols[0].cell) + 2 * PAD > BOTTOM))
		new_page(p);
	size_t *pos = hy_calloc(nc, sizeof *pos), *take = hy_calloc(nc, sizeof *take);
	for (;;) {
		double avail = BOTTOM - p->y - 2 * PAD, h = 0;
		bool left = false, stuck = false;
		for (size_t c = 0; c < nc; c++) {
			const pcell *cell = cols[c].cell;
			double sum = 0;
			size_t k = pos[c];
			while (k < cell->n && (sum + cell->lines[k].height <= avail ||
					       (p->fresh && k == pos[c])))
				sum += cell->lines[k++].height;
			take[c] = k;
			h = sum > h ? sum : h;
			left |= k < cell->n;
			stuck |= k == pos[c] && k < cell->n;
		}
		if ((stuck || avail < BODY_SIZE) && !p->fresh) {
			new_page(p);
			continue;
		}
		h += 2 * PAD;
		if (h < min_row())
			h = min_row();
		draw_segment(p, cols, nc, pos, take, h);
		p->y += h;
		p->fresh = false;
		memcpy(pos, take, nc * sizeof *pos);
		if (!left)
			break;
		new_page(p);
	}
	free(pos);
	free(take);
}

/* ---- items ---- */

static double wide_shade(hy_ly_wide w)
{
	switch (w) {
	case HY_LW_PART:
		return 0.78;
	case HY_LW_SECTION:
		return 0.88;
	case HY_LW_ENTRY:
	case HY_LW_GROUP:
		return 0.93;
	default:
		return 1.0;
	}
}

static void wide_row(pdf *p, const hy_litem *it)
{
	/* a heading keeps a line of what it heads on its page */
	if (it->wide != HY_LW_TEXT && !p->fresh && p->y + 3 * min_row() > BOTTOM)
		new_page(p);
	pcell c = {0};
	cell_text(p, &c, it->wide == HY_LW_TEXT ? p->mincho : p->gothic, RIGHT - LEFT - 2 * PAD,
		  it->text);
	column col = {.cell = &c, .x = LEFT, .w = RIGHT - LEFT, .shade = wide_shade(it->wide)};
	draw_row(p, &col, 1);
	cell_free(&c);
}

static double label_width(void)
{
	return (RIGHT - LEFT) * 0.3;
}

static double text_width(pdf *p, const PangoFontDescription *font, const char *text)
{
	PangoLayout *l = new_layout(p, font, -1, text, PANGO_ALIGN_LEFT);
	pango_layout_set_width(l, -1);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	return (double)log.width / PANGO_SCALE;
}

/* Unbreakable items side by side (options, checklist entries), a line
 * holding what fits; an item wider than the cell wraps alone. */
static void cell_items(pdf *p, pcell *c, const PangoFontDescription *font, double w,
		       char *const *items, size_t n)
{
	double gap = text_width(p, font, "　"), used = 0;
	hy_buf line;
	hy_buf_init(&line);
	for (size_t i = 0; i < n; i++) {
		double iw = text_width(p, font, items[i]);
		if (line.len && used + gap + iw > w) {
			cell_text(p, c, font, w, line.data);
			line.len = 0;
			line.data[0] = '\0';
			used = 0;
		}
		if (line.len) {
			hy_buf_adds(&line, "　");
			used += gap;
		}
		hy_buf_adds(&line, items[i]);
		used += iw;
	}
	if (line.len)
		cell_text(p, c, font, w, line.data);
	hy_buf_free(&line);
}

/* The value cell: the chosen value, then ＜選択肢＞ and the options. */
static void value_cell(pdf *p, const hy_litem *it, pcell *c, double w)
{
	for (size_t i = 0; i < it->n_paras; i++) {
		const hy_lpara *para = &it->paras[i];
		if (para->kind == HY_LP_ITEMS)
			cell_items(p, c, para->role == HY_LR_OPTIONS ? p->small_mincho : p->gothic, w,
				   para->items, para->n_items);
		else
			cell_text(p, c, para->role == HY_LR_PLAIN ? p->mincho : p->gothic, w,
				  para->text);
	}
}

static void field_row(pdf *p, const hy_litem *it)
{
	double lw = label_width(), vw = RIGHT - LEFT - lw;
	pcell label = {0}, value = {0};
	cell_text(p, &label, p->gothic, lw - 2 * PAD, it->text);
	value_cell(p, it, &value, vw - 2 * PAD);
	column cols[2] = {{.cell = &label, .x = LEFT, .w = lw, .shade = 0.90},
			  {.cell = &value, .x = LEFT + lw, .w = vw, .shade = 1.0}};
	draw_row(p, cols, 2);
	cell_free(&label);
	cell_free(&value);
}

/* Column widths: long texts three shares, other columns two (a date or a
 * 項目 needs more than a third of a long text), a form's `width` (in text
 * columns of an 80-column page) as asked. */
static double *table_widths(const hy_lcol *cols, size_t nc)
{
	double total = RIGHT - LEFT, per_col = total / 77.0, fixed = 0, weights = 0;
	double *w = hy_calloc(nc, sizeof *w);
	for (size_t c = 0; c < nc; c++) {
		if (cols[c].width > 0)
			fixed += cols[c].width * per_col;
		else
			weights += cols[c].wide ? 3 : 2;
	}
	if (fixed > total / 2 || weights == 0) {
		fixed = 0;
		weights = 0;
		for (size_t c = 0; c < nc; c++)
			weights += cols[c].wide ? 3 : 2;
	}
	for (size_t c = 0; c < nc; c++) {
		if (fixed > 0 && cols[c].width > 0)
			w[c] = cols[c].width * per_col;
		else
			w[c] = (total - fixed) * (cols[c].wide ? 3 : 2) / weights;
	}
	return w;
}

static void table_row(pdf *p, const char *const *texts, double shade, bool head)
{
	size_t nc = p->n_cols;
	pcell *cells = hy_calloc(nc, sizeof *cells);
	column *cols = hy_calloc(nc, sizeof *cols);
	double x = LEFT;
	for (size_t c = 0; c < nc; c++) {
		cell_text(p, &cells[c], head ? p->gothic : p->small_mincho, p->col_w[c] - 2 * PAD,
			  texts[c]);
		cols[c] = (column){.cell = &cells[c], .x = x, .w = p->col_w[c], .shade = shade};
		x += p->col_w[c];
	}
	draw_row(p, cols, nc);
	for (size_t c = 0; c < nc; c++)
		cell_free(&cells[c]);
	free(cells);
	free(cols);
}

/* A row across the table: the 区分 of the rows below it. */
static void table_group(pdf *p, const char *text)
{
	double w = 0;
	for (size_t c = 0; c < p->n_cols; c++)
		w += p->col_w[c];
	pcell c = {0};
	cell_text(p, &c, p->gothic, w - 2 * PAD, text);
	column col = {.cell = &c, .x = LEFT, .w = w, .shade = 0.95};
	draw_row(p, &col, 1);
	cell_free(&c);
}

static void table_start(pdf *p, const hy_litem *it)
{
	if (*it->text) {
		if (!p->fresh && p->y + 4 * min_row() > BOTTOM)
			new_page(p);
		pcell c = {0};
		cell_text(p, &c, p->gothic, RIGHT - LEFT, it->text);
		for (size_t i = 0; i < c.n; i++) {
			draw_text_line(p, &c.lines[i], LEFT, p->y);
			p->y += c.lines[i].height;
		}
		p->y += PAD;
		p->fresh = false;
		cell_free(&c);
	}
	free(p->col_w);
	p->col_w = table_widths(it->cols, it->n_cols);
	p->n_cols = it->n_cols;
	const char **heads = hy_calloc(it->n_cols, sizeof *heads);
	for (size_t c = 0; c < it->n_cols; c++)
		heads[c] = it->cols[c].label;
	table_row(p, heads, 0.90, true);
	free(heads);
}

/* A line outside the cells: the title (centred), the stamp (right). */
static void free_line(pdf *p, const char *text, const PangoFontDescription *font,
		      PangoAlignment align)
{
	pcell c = {0};
	cell_add(&c, new_layout(p, font, RIGHT - LEFT, text, align));
	if (!p->fresh && p->y + cell_height(&c) > BOTTOM)
		new_page(p);
	for (size_t i = 0; i < c.n; i++) {
		if (p->cr)
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		draw_text_line(p, &c.lines[i], LEFT, p->y);
		p->y += c.lines[i].height;
	}
	p->y += 2;
	p->fresh = false;
	cell_free(&c);
}

/* An outline line: indented a full-width character a step, aligned. */
static void outline_line(pdf *p, const hy_litem *it)
{
	static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
						PANGO_ALIGN_RIGHT};
	double indent = it->indent * text_width(p, p->mincho, "　");
	if (indent > (RIGHT - LEFT) / 2)
		indent = 0;
	pcell c = {0};
	cell_add(&c, new_layout(p, p->mincho, RIGHT - LEFT - indent, it->text, aligns[it->align]));
	for (size_t i = 0; i < c.n; i++) {
		if (!p->fresh && p->y + c.lines[i].height > BOTTOM)
			new_page(p);
		if (p->cr)
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		draw_text_line(p, &c.lines[i], LEFT + indent, p->y);
		p->y += c.lines[i].height;
		p->fresh = false;
	}
	p->y += 2;
	cell_free(&c);
}

static bool pdf_item(void *ctx, const hy_litem *it)
{
	pdf *p = ctx;
	switch (it->kind) {
	case HY_LY_TITLE:
		free_line(p, it->text, p->title, PANGO_ALIGN_CENTER);
		break;
	case HY_LY_STAMP:
		free_line(p, it->text, p->gothic, PANGO_ALIGN_RIGHT);
		break;
	case HY_LY_BLANK:
		if (!p->fresh)
			p->y += 10;
		break;
	case HY_LY_PAGE:
		if (!p->fresh)
			new_page(p);
		break;
	case HY_LY_WIDE:
		wide_row(p, it);
		break;
	case HY_LY_ROW:
		field_row(p, it);
		break;
	case HY_LY_TABLE:
		table_start(p, it);
		break;
	case HY_LY_TABLE_ROW:
		table_row(p, (const char *const *)it->cells, 1.0, false);
		break;
	case HY_LY_TABLE_GROUP:
		table_group(p, it->text);
		break;
	case HY_LY_LINE:
		outline_line(p, it);
		break;
	case HY_LY_TABLE_END:
		free(p->col_w);
		p->col_w = NULL;
		p->n_cols = 0;
		p->y += PAD;
		break;
	}
	return !p->cr || cairo_status(p->cr) == CAIRO_STATUS_SUCCESS;
}

/* ---- passes ---- */

static void pdf_pass(pdf *p, const hy_doc *doc)
{
	p->page = 0;
	new_page(p);
	hy_layout_opts lo = {.ascii = false};
	hy_layout(doc, &lo, pdf_item, p);
	free(p->col_w);
	p->col_w = NULL;
	if (p->cr)
		cairo_show_page(p->cr);
}

typedef struct {
	hy_render_write write;
	void *ctx;
	bool failed;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	sink *s = closure;
	if (!s->failed && !s->write(s->ctx, (const char *)data, len))
		s->failed = true;
	return s->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static PangoContext *text_context(void)
{
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	pango_cairo_context_set_resolution(pc, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(pc, pango_language_from_string("ja"));
	return pc;
}

static PangoFontDescription *font(const char *family, double size)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, family);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	return d;
}

bool hy_pdf_stream(const hy_doc *doc, hy_render_write write, void *ctx)
{
	pdf p = {.pc = text_context(), .header = hy_layout_doc_name(doc)};
	p.gothic = font("IPAexGothic", BODY_SIZE);
	p.mincho = font("IPAexMincho", BODY_SIZE);
	p.small_mincho = font("IPAexMincho", TABLE_SIZE);
	p.small = font("IPAexGothic", 7.5);
	p.title = font("IPAexGothic", 14);
	pdf_pass(&p, doc);  /* counts the pages */
	p.pages = p.page;
	sink s = {.write = write, .ctx = ctx};
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W,
								       PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, p.header);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "hyoka");
	p.cr = cairo_create(surface);
	pdf_pass(&p, doc);
	bool ok = cairo_status(p.cr) == CAIRO_STATUS_SUCCESS;
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	ok = ok && cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS && !s.failed;
	cairo_surface_destroy(surface);
	pango_font_description_free(p.gothic);
	pango_font_description_free(p.mincho);
	pango_font_description_free(p.small_mincho);
	pango_font_description_free(p.small);
	pango_font_description_free(p.title);
	g_object_unref(p.pc);
	return ok;
}

bool hy_pdf_built_in(void)
{
	return true;
}
