#include "hyoka/render.h"
#include "hyoka/i18n.h"
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
	int label_w, value_w;
	pager *pg;
	bool open_table;   /* a bordered row table is open */
	bool last_split;   /* the last row had a label column */
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

/* One line of the rendering (or PAGE_BREAK), placed on its page. */
static void page_line(pager *pg, const char *line)
{
	bool brk = strcmp(line, PAGE_BREAK) == 0;
	if (!pg->body) {
		put_str(pg, brk ? "" : line);
		put(pg, "\n", 1);
		return;
	}
	if ((brk && pg->used > 0) || (!brk && pg->used == pg->body)) {
		end_page(pg);
		put(pg, "\f", 1);
		start_page(pg);
		pg->page++;
		pg->used = 0;
	}
	if (brk)
		return;
	put_str(pg, line);
	put(pg, "\n", 1);
	pg->used++;
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
	out(r, hy_strdup(s));
}

static char *pad(const char *s, int width)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, s);
	for (int w = hy_str_width(s); w < width; w++)
		hy_buf_addc(&b, ' ');
	return hy_buf_take(&b);
}

static char *rule(renderer *r, const char *left, const char *mid, const char *right, bool split)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, left);
	hy_buf_repeat(&b, r->g->h, r->label_w);
	hy_buf_adds(&b, split ? mid : r->g->h);
	hy_buf_repeat(&b, r->g->h, r->value_w);
	hy_buf_adds(&b, right);
	return hy_buf_take(&b);
}

/* Rows are separated by rules; the first row of a table opens it. */
static void row_rule(renderer *r, bool split)
{
	bool was_split = r->last_split;
	r->last_split = split;
	if (!r->open_table) {
		out(r, rule(r, r->g->tl, r->g->tt, r->g->tr, split));
		r->open_table = true;
	} else {
		const char *mid = split && was_split ? r->g->cross : split ? r->g->tt : r->g->bt;
		out(r, rule(r, r->g->lt, mid, r->g->rt, split || was_split));
	}
}

static void close_table(renderer *r)
{
	if (!r->open_table)
		return;
	out(r, rule(r, r->g->bl, r->g->bt, r->g->br, r->last_split));
	r->open_table = false;
}

/* A full-width row (headings, captions, long text spanning both columns). */
static void wide_row(renderer *r, const char *text)
{
	row_rule(r, false);
	char **lines;
	size_t n = hy_wrap_text(text, r->label_w + r->value_w + 1, &lines);
	for (size_t i = 0; i < n; i++) {
		if (count_only(r))
			continue;
		char *p = pad(lines[i], r->label_w + r->value_w + 1);
		out(r, hy_printf("%s%s%s", r->g->v, p, r->g->v));
		free(p);
	}
	hy_lines_free(lines, n);
}

static void two_col(renderer *r, char **ll, size_t ln, char **vl, size_t vn)
{
	size_t rows = ln > vn ? ln : vn;
	for (size_t i = 0; i < rows; i++) {
		if (count_only(r))
			continue;
		char *a = pad(i < ln ? ll[i] : "", r->label_w);
		char *b = pad(i < vn ? vl[i] : "", r->value_w);
		out(r, hy_printf("%s%s%s%s%s", r->g->v, a, r->g->v, b, r->g->v));
		free(a);
		free(b);
	}
}

/* Value lines: a growable list of already-wrapped lines for the value cell. */
typedef struct {
	char **lines;
	size_t n, cap;
} vlines;

static void vl_add(vlines *v, char *line)
{
	hy_grow((void **)&v->lines, &v->cap, v->n, sizeof *v->lines);
	v->lines[v->n++] = line;
}

static void vl_wrap(vlines *v, const char *text, int width)
{
	char **lines;
	/* a block text's final line break is not an empty line */
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		len--;
	char *trimmed = hy_strndup(text, len);
	size_t n = hy_wrap_text(trimmed, width, &lines);
	free(trimmed);
	for (size_t i = 0; i < n; i++)
		vl_add(v, lines[i]);
	free(lines);
}

/* Packs unbreakable items into lines of `width`, separated by U+3000. */
static void vl_pack(vlines *v, char **items, size_t n, int width)
{
	hy_buf line;
	hy_buf_init(&line);
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		int iw = hy_str_width(items[i]);
		if (w > 0 && w + 2 + iw > width) {
			vl_add(v, hy_buf_take(&line));
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
		vl_add(v, hy_buf_take(&line));
	hy_buf_free(&line);
}

static char *detail_suffix(const hy_option *o, const char *detail)
{
	if (o->detail == HY_DETAIL_TEXT)
		return hy_printf(" （ %s ）", detail ? detail : "　");
	if (o->detail == HY_DETAIL_COUNT)
		return hy_printf(" （ %s ） 件", detail ? detail : "　");
	return hy_strdup("");
}

static void render_choice(renderer *r, const hy_value *v, vlines *vl)
{
	const hy_list *list = v->f->list;
	int w = r->value_w;
	if (v->s) {
		char *suffix = v->opt >= 0 ? detail_suffix(&list->options[v->opt], v->detail)
					   : hy_strdup("");
		char *line = hy_printf("[ %s ]%s", v->s, suffix);
		vl_wrap(vl, line, w);
		free(line);
		free(suffix);
	} else {
		vl_add(vl, hy_strdup(r->o->ascii ? "[            ]" : "[　　　　　　]"));
	}
	if (*list->caption)
		vl_add(vl, hy_strdup(list->caption));
	/* the printed grid: `columns` options a row, `break` starts a row */
	size_t start = 0;
	while (start < list->n_options) {
		size_t end = start + 1;
		while (end < list->n_options && end - start < (size_t)list->columns &&
		       !list->options[end].row_break)
			end++;
		char **items = hy_calloc(end - start, sizeof *items);
		for (size_t i = start; i < end; i++) {
			char *num = hy_list_number(list, i);
			items[i - start] = hy_printf("%s%s", num, list->options[i].text);
			free(num);
		}
		vl_pack(vl, items, end - start, w);
		for (size_t i = 0; i < end - start; i++)
			free(items[i]);
		free(items);
		start = end;
	}
}

static void render_checks(renderer *r, const hy_value *v, vlines *vl)
{
	const hy_list *list = v->f->list;
	size_t start = 0;
	while (start < list->n_options) {
		if (list->options[start].group)
			vl_wrap(vl, list->options[start].group, r->value_w);
		size_t end = start + 1;
		while (end < list->n_options && !list->options[end].row_break &&
		       (list->columns <= 1 || end - start < (size_t)list->columns))
			end++;
		if (list->columns <= 1 && !list->options[start].group) {
			/* without a grid, a row is what `break` delimits */
		}
		char **items = hy_calloc(end - start, sizeof *items);
		for (size_t i = start; i < end; i++) {
			bool on = v->checked && v->checked[i];
			char *suffix = detail_suffix(&list->options[i], on ? v->details[i] : NULL);
			const char *text = on && v->written[i] ? v->written[i] : list->options[i].text;
			items[i - start] = hy_printf("%s %s%s", on ? r->g->on : r->g->off, text, suffix);
			free(suffix);
		}
		vl_pack(vl, items, end - start, r->value_w);
		for (size_t i = 0; i < end - start; i++)
			free(items[i]);
		free(items);
		start = end;
	}
	for (size_t i = 0; i < v->n_unknown; i++) {
		char *line = hy_printf("%s %s", r->g->on, v->unknown[i]);
		vl_wrap(vl, line, r->value_w);
		free(line);
	}
}

static void value_lines(renderer *r, const hy_value *v, vlines *vl)
{
	if (v->raw) {
		vl_wrap(vl, _("(value of the wrong shape)"), r->value_w);
		return;
	}
	switch (v->f->type) {
	case HY_CHOICE:
		render_choice(r, v, vl);
		break;
	case HY_CHECKS:
		render_checks(r, v, vl);
		break;
	case HY_FLAG: {
		char *line = hy_printf("%s %s", v->flag == 1 ? r->g->on : r->g->off, v->f->label);
		vl_wrap(vl, line, r->value_w);
		free(line);
		break;
	}
	case HY_LIST:
		for (size_t i = 0; i < v->n_items; i++)
			vl_wrap(vl, v->items[i], r->value_w);
		break;
	case HY_INT: {
		if (v->s) {
			char *line = v->f->unit ? hy_printf("%s %s", v->s, v->f->unit) : hy_strdup(v->s);
			vl_wrap(vl, line, r->value_w);
			free(line);
		}
		break;
	}
	default:
		if (v->s)
			vl_wrap(vl, v->s, r->value_w);
		break;
	}
}

static char *indented_label(const hy_fnode *f)
{
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i < f->indent; i++)
		hy_buf_adds(&b, "　");
	hy_buf_adds(&b, f->label);
	return hy_buf_take(&b);
}

static void field_row(renderer *r, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	vlines vl = {0};
	if (f->type == HY_FIXED) {
		if (f->text)
			vl_wrap(&vl, f->text, r->value_w);
		else if (*f->label) {
			wide_row(r, f->label);
			return;
		}
	} else if (f->type == HY_REF) {
		const hy_value *t = f->ref_target ? hy_value_resolve(r->doc, scope, f->ref_target)
						  : NULL;
		if (t)
			value_lines(r, t, &vl);
	} else if (v) {
		value_lines(r, v, &vl);
	}
	char *label = indented_label(f);
	char **ll;
	size_t ln = hy_wrap_text(label, r->label_w, &ll);
	free(label);
	row_rule(r, true);
	two_col(r, ll, ln, vl.lines, vl.n);
	hy_lines_free(ll, ln);
	hy_lines_free(vl.lines, vl.n);
}

/* A bordered multi-column table (別添 記録項目, 変更箇所). */
static void render_table(renderer *r, const hy_value *v)
{
	const hy_fnode *f = v->f;
	size_t nc = f->n_children;
	if (nc == 0)
		return;
	close_table(r);
	if (*f->label)
		outs(r, f->label);
	int total = r->label_w + r->value_w + 1 - (int)(nc - 1);
	int *w = hy_calloc(nc, sizeof *w);
	int weights = 0;
	for (size_t c = 0; c < nc; c++)
		weights += f->children[c]->type == HY_LONGTEXT ? 3 : 1;
	/* columns with a `width` get it (in columns); the rest share what is left */
	int fixed = 0;
	for (size_t c = 0; c < nc; c++)
		if (f->children[c]->width > 0) {
			fixed += f->children[c]->width;
			weights -= f->children[c]->type == HY_LONGTEXT ? 3 : 1;
		}
	if (fixed > total / 2)
		fixed = 0;
	int used = 0;
	for (size_t c = 0; c < nc; c++) {
		int cw = f->children[c]->width;
		if (fixed && cw > 0)
			w[c] = cw;
		else
			w[c] = (total - fixed) * (f->children[c]->type == HY_LONGTEXT ? 3 : 1) /
			       (weights > 0 ? weights : 1);
		if (w[c] < 4)
			w[c] = 4;
		used += w[c];
	}
	w[nc - 1] += total - used;
	if (w[nc - 1] < 2)
		w[nc - 1] = 2;
	const glyphs *g = r->g;
	size_t rows = v->n_inst;
	for (size_t row = 0; row <= rows; row++) {
		hy_buf ln;
		hy_buf_init(&ln);
		hy_buf_adds(&ln, row == 0 ? g->tl : g->lt);
		for (size_t c = 0; c < nc; c++) {
			hy_buf_repeat(&ln, g->h, w[c]);
			hy_buf_adds(&ln, c + 1 < nc ? (row == 0 ? g->tt : g->cross)
						    : (row == 0 ? g->tr : g->rt));
		}
		out(r, hy_buf_take(&ln));
		char ***cells = hy_calloc(nc, sizeof *cells);
		size_t *cn = hy_calloc(nc, sizeof *cn);
		size_t height = 1;
		for (size_t c = 0; c < nc; c++) {
			char *text;
			if (row == 0) {
				text = hy_strdup(f->children[c]->label);
			} else {
				const hy_value *cell = v->inst[row - 1]->kids[c];
				text = cell ? hy_value_text(cell) : hy_strdup("");
			}
			cn[c] = hy_wrap_text(text, w[c], &cells[c]);
			free(text);
			if (cn[c] > height)
				height = cn[c];
		}
		for (size_t i = 0; i < height; i++) {
			if (count_only(r))
				continue;
			hy_buf b;
			hy_buf_init(&b);
			hy_buf_adds(&b, g->v);
			for (size_t c = 0; c < nc; c++) {
				char *p = pad(i < cn[c] ? cells[c][i] : "", w[c]);
				hy_buf_adds(&b, p);
				hy_buf_adds(&b, g->v);
				free(p);
			}
			out(r, hy_buf_take(&b));
		}
		for (size_t c = 0; c < nc; c++)
			hy_lines_free(cells[c], cn[c]);
		free(cells);
		free(cn);
	}
	hy_buf ln;
	hy_buf_init(&ln);
	hy_buf_adds(&ln, g->bl);
	for (size_t c = 0; c < nc; c++) {
		hy_buf_repeat(&ln, g->h, w[c]);
		hy_buf_adds(&ln, c + 1 < nc ? g->bt : g->br);
	}
	out(r, hy_buf_take(&ln));
	free(w);
}

static void render_children(renderer *r, const hy_fnode *f, const hy_value *v);

static char *heading_with_flags(const hy_fnode *f, const hy_value *v, const glyphs *g)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, f->label);
	for (size_t i = 0; i < f->n_children; i++) {
		const hy_fnode *c = f->children[i];
		if (c->type != HY_FLAG || !c->inline_flag)
			continue;
		const hy_value *cv = v && v->kids ? v->kids[i] : NULL;
		hy_buf_addf(&b, "　%s %s", cv && cv->flag == 1 ? g->on : g->off, c->label);
	}
	return hy_buf_take(&b);
}

static void render_repeat(renderer *r, const hy_value *v)
{
	if (v->f->type == HY_TABLE) {
		render_table(r, v);
		return;
	}
	for (size_t i = 0; i < v->n_inst; i++) {
		const hy_value *inst = v->inst[i];
		char *title = hy_instance_title(inst);
		wide_row(r, title);
		free(title);
		render_children(r, v->f, inst);
	}
}

static void render_node(renderer *r, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	switch (f->type) {
	case HY_PART:
	case HY_SECTION:
		if (*f->label) {
			char *h = heading_with_flags(f, v, r->g);
			wide_row(r, h);
			free(h);
		}
		render_children(r, f, v);
		return;
	case HY_REPEAT:
	case HY_TABLE:
		if (v)
			render_repeat(r, v);
		return;
	case HY_FLAG:
		if (f->inline_flag)
			return;
		break;
	default:
		break;
	}
	field_row(r, f, v, scope);
}

static void render_children(renderer *r, const hy_fnode *f, const hy_value *v)
{
	for (size_t i = 0; i < f->n_children; i++) {
		const hy_value *cv = v && v->kids ? v->kids[i] : NULL;
		/* an unlabelled title field is already printed in the block's header */
		if (f->type == HY_REPEAT && f->title_child == f->children[i] && !*f->children[i]->label)
			continue;
		if (f->type == HY_REPEAT && f->children[i]->type == HY_REF && !*f->children[i]->label)
			continue;
		render_node(r, f->children[i], cv, v);
	}
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
		out(r, center ? centered(lines[i], r->o->width) : hy_strdup(lines[i]));
		free(lines[i]);
	}
	free(lines);
}

static void render_toc(renderer *r)
{
	const hy_form *form = r->doc->form;
	size_t listed = 0;
	for (size_t i = 1; i < form->root.n_children; i++)
		listed += form->root.children[i]->toc;
	if (!listed)
		return;
	outs(r, "");
	out_wrapped(r, "項目一覧", true);
	for (size_t i = 1; i < form->root.n_children; i++) {
		const hy_fnode *p = form->root.children[i];
		if (p->toc && *p->label)
			wide_row(r, p->label);
	}
	close_table(r);
}

static const char *doc_name(const hy_doc *doc)
{
	const hy_form *form = doc->form;
	if (!form->name_field)
		return form->title;
	const hy_value *v = hy_value_resolve(doc, doc->root, form->name_field);
	return v && v->s && *v->s ? v->s : form->title;
}

static void render_body(renderer *r)
{
	const hy_form *form = r->doc->form;
	out_wrapped(r, form->title, true);
	if (form->stamp && *form->stamp) {
		char **lines;
		size_t n = hy_wrap_text(form->stamp, r->o->width, &lines);
		for (size_t i = 0; i < n; i++)
			out(r, right_aligned(lines[i], r->o->width));
		hy_lines_free(lines, n);
	}
	outs(r, "");
	for (size_t i = 0; i < form->root.n_children; i++) {
		const hy_fnode *part = form->root.children[i];
		const hy_value *pv = r->doc->root->kids[i];
		if (i > 0 && part->page) {
			close_table(r);
			outs(r, PAGE_BREAK);
		} else if (i > 0) {
			close_table(r);
			outs(r, "");
		}
		render_node(r, part, pv, r->doc->root);
		close_table(r);
		if (i == 0)
			render_toc(r);
	}
}

/* The running header: the document's name, right-aligned, cut to the width. */
static char *page_header(const hy_doc *doc, int width)
{
	const char *name = doc_name(doc);
	if (hy_str_width(name) > width)
		return hy_strndup(name, hy_fit_prefix(name, width, NULL));
	return right_aligned(name, width);
}

/* One pass over the document: every line through pg. */
static void render_pass(const hy_doc *doc, const hy_render_opts *o, pager *pg)
{
	renderer r = {.doc = doc, .o = o, .g = o->ascii ? &ascii : &box, .pg = pg};
	int inner = o->width - 3;
	r.label_w = inner * 3 / 10;
	if (r.label_w < 12)
		r.label_w = 12;
	r.value_w = inner - r.label_w;
	pg->page = 1;
	pg->used = 0;
	if (pg->body)
		start_page(pg);
	render_body(&r);
	if (pg->body)
		end_page(pg);
}

bool hy_render_stream(const hy_doc *doc, const hy_render_opts *opts, hy_render_write write,
		      void *ctx)
{
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
	hy_buf b;
	hy_buf_init(&b);
	hy_render_stream(doc, opts, buf_write, &b);
	return hy_buf_take(&b);
}
