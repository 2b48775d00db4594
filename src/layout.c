/* The layout model (see layout.h): walks the form and the document in
 * printing order and says what each printed cell holds. */
#include "hyoka/layout.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *on, *off, *empty_choice;
} marks;

static const marks box_marks = {"[ ○ ]", "[　 ]", "[　　　　　　]"};
static const marks ascii_marks = {"[x]", "[ ]", "[            ]"};

typedef struct {
	const hy_doc *doc;
	const marks *m;
	hy_layout_sink sink;
	void *ctx;
	bool stopped;
} layout;

/* The paragraphs of one value cell. */
typedef struct {
	hy_lpara *p;
	size_t n, cap;
} cell;

static void emit(layout *l, const hy_litem *it)
{
	if (!l->stopped && !l->sink(l->ctx, it))
		l->stopped = true;
}

static void emit_simple(layout *l, hy_ly_kind kind, const char *text)
{
	hy_litem it = {.kind = kind, .text = text};
	emit(l, &it);
}

static void emit_wide(layout *l, hy_ly_wide w, const char *text, const hy_fnode *f,
		      const hy_value *v)
{
	hy_litem it = {.kind = HY_LY_WIDE, .wide = w, .text = text, .node = f, .value = v};
	emit(l, &it);
}

static hy_lpara *cell_add(cell *c, hy_lp_kind kind, hy_lp_role role)
{
	hy_grow((void **)&c->p, &c->cap, c->n, sizeof *c->p);
	hy_lpara *p = &c->p[c->n++];
	*p = (hy_lpara){.kind = kind, .role = role};
	return p;
}

/* A text paragraph; a block text's final line break is not an empty line. */
static void cell_text(cell *c, hy_lp_role role, const char *text)
{
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		len--;
	cell_add(c, HY_LP_TEXT, role)->text = hy_strndup(text, len);
}

static void cell_text_owned(cell *c, hy_lp_role role, char *text)
{
	cell_text(c, role, text);
	free(text);
}

static void cell_line(cell *c, hy_lp_role role, const char *text)
{
	cell_add(c, HY_LP_LINE, role)->text = hy_strdup(text);
}

static void cell_items(cell *c, hy_lp_role role, char **items, size_t n)
{
	hy_lpara *p = cell_add(c, HY_LP_ITEMS, role);
	p->items = items;
	p->n_items = n;
}

static void cell_free(cell *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->p[i].text);
		for (size_t j = 0; j < c->p[i].n_items; j++)
			free(c->p[i].items[j]);
		free(c->p[i].items);
	}
	free(c->p);
}

static char *detail_suffix(const hy_option *o, const char *detail)
{
	if (o->detail == HY_DETAIL_TEXT)
		return hy_printf(" （ %s ）", detail ? detail : "　");
	if (o->detail == HY_DETAIL_COUNT)
		return hy_printf(" （ %s ） 件", detail ? detail : "　");
	return hy_strdup("");
}

static void choice_cell(layout *l, const hy_value *v, cell *c)
{
	const hy_list *list = v->f->list;
	if (v->s) {
		char *suffix = v->opt >= 0 ? detail_suffix(&list->options[v->opt], v->detail)
					   : hy_strdup("");
		cell_text_owned(c, HY_LR_CHOSEN, hy_printf("[ %s ]%s", v->s, suffix));
		free(suffix);
	} else {
		cell_line(c, HY_LR_CHOSEN, l->m->empty_choice);
	}
	if (*list->caption)
		cell_line(c, HY_LR_CAPTION, list->caption);
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
		cell_items(c, HY_LR_OPTIONS, items, end - start);
		start = end;
	}
}

static void checks_cell(layout *l, const hy_value *v, cell *c)
{
	const hy_list *list = v->f->list;
	size_t start = 0;
	while (start < list->n_options) {
		if (list->options[start].group)
			cell_text(c, HY_LR_GROUP, list->options[start].group);
		/* without a grid, a row is what `break` delimits */
		size_t end = start + 1;
		while (end < list->n_options && !list->options[end].row_break &&
		       (list->columns <= 1 || end - start < (size_t)list->columns))
			end++;
		char **items = hy_calloc(end - start, sizeof *items);
		for (size_t i = start; i < end; i++) {
			bool on = v->checked && v->checked[i];
			char *suffix = detail_suffix(&list->options[i], on ? v->details[i] : NULL);
			const char *text = on && v->written[i] ? v->written[i] : list->options[i].text;
			items[i - start] = hy_printf("%s %s%s", on ? l->m->on : l->m->off, text, suffix);
			free(suffix);
		}
		cell_items(c, HY_LR_CHECKS, items, end - start);
		start = end;
	}
	for (size_t i = 0; i < v->n_unknown; i++)
		cell_text_owned(c, HY_LR_CHECKS, hy_printf("%s %s", l->m->on, v->unknown[i]));
}

static void value_cell(layout *l, const hy_value *v, cell *c)
{
	if (v->raw) {
		cell_text(c, HY_LR_PLAIN, _("(value of the wrong shape)"));
		return;
	}
	switch (v->f->type) {
	case HY_CHOICE:
		choice_cell(l, v, c);
		break;
	case HY_CHECKS:
		checks_cell(l, v, c);
		break;
	case HY_FLAG:
		cell_text_owned(c, HY_LR_CHECKS,
				hy_printf("%s %s", v->flag == 1 ? l->m->on : l->m->off, v->f->label));
		break;
	case HY_LIST:
		for (size_t i = 0; i < v->n_items; i++)
			cell_text(c, HY_LR_PLAIN, v->items[i]);
		break;
	case HY_INT:
		if (v->s)
			cell_text_owned(c, HY_LR_PLAIN, v->f->unit ? hy_printf("%s %s", v->s, v->f->unit)
								   : hy_strdup(v->s));
		break;
	default:
		if (v->s)
			cell_text(c, HY_LR_PLAIN, v->s);
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

static void field_row(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	cell c = {0};
	const hy_value *shown = v;
	if (f->type == HY_FIXED) {
		if (f->text) {
			cell_text(&c, HY_LR_PLAIN, f->text);
		} else if (*f->label) {
			emit_wide(l, HY_LW_CAPTION, f->label, f, v);
			return;
		}
	} else if (f->type == HY_REF) {
		shown = f->ref_target ? hy_value_resolve(l->doc, scope, f->ref_target) : NULL;
		if (shown)
			value_cell(l, shown, &c);
	} else if (v) {
		value_cell(l, v, &c);
	}
	char *label = indented_label(f);
	hy_litem it = {.kind = HY_LY_ROW, .text = label, .paras = c.p, .n_paras = c.n,
		       .node = f, .value = shown};
	emit(l, &it);
	free(label);
	cell_free(&c);
}

/* A bordered multi-column table (別添 記録項目, 変更箇所): the column
 * heads, then a row per entry. */
static void table_rows(layout *l, const hy_value *v)
{
	const hy_fnode *f = v->f;
	size_t nc = f->n_children;
	if (nc == 0)
		return;
	hy_lcol *cols = hy_calloc(nc, sizeof *cols);
	for (size_t c = 0; c < nc; c++)
		cols[c] = (hy_lcol){.label = f->children[c]->label,
				    .wide = f->children[c]->type == HY_LONGTEXT,
				    .width = f->children[c]->width};
	hy_litem it = {.kind = HY_LY_TABLE, .text = f->label, .cols = cols, .n_cols = nc,
		       .node = f, .value = v};
	emit(l, &it);
	char **cells = hy_calloc(nc, sizeof *cells);
	for (size_t row = 0; row < v->n_inst && !l->stopped; row++) {
		for (size_t c = 0; c < nc; c++) {
			const hy_value *cv = v->inst[row]->kids[c];
			cells[c] = cv ? hy_value_text(cv) : hy_strdup("");
		}
		hy_litem r = {.kind = HY_LY_TABLE_ROW, .cols = cols, .n_cols = nc, .cells = cells,
			      .node = f, .value = v->inst[row]};
		emit(l, &r);
		for (size_t c = 0; c < nc; c++)
			free(cells[c]);
	}
	free(cells);
	hy_litem end = {.kind = HY_LY_TABLE_END, .cols = cols, .n_cols = nc, .node = f, .value = v};
	emit(l, &end);
	free(cols);
}

static void children(layout *l, const hy_fnode *f, const hy_value *v);

static char *heading_with_flags(layout *l, const hy_fnode *f, const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, f->label);
	for (size_t i = 0; i < f->n_children; i++) {
		const hy_fnode *c = f->children[i];
		if (c->type != HY_FLAG || !c->inline_flag)
			continue;
		const hy_value *cv = v && v->kids ? v->kids[i] : NULL;
		hy_buf_addf(&b, "　%s %s", cv && cv->flag == 1 ? l->m->on : l->m->off, c->label);
	}
	return hy_buf_take(&b);
}

static void repeat(layout *l, const hy_value *v)
{
	if (v->f->type == HY_TABLE) {
		table_rows(l, v);
		return;
	}
	for (size_t i = 0; i < v->n_inst && !l->stopped; i++) {
		const hy_value *inst = v->inst[i];
		char *title = hy_instance_title(inst);
		emit_wide(l, HY_LW_ENTRY, title, v->f, inst);
		free(title);
		children(l, v->f, inst);
	}
}

static void node(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	switch (f->type) {
	case HY_PART:
	case HY_SECTION:
		if (*f->label) {
			char *h = heading_with_flags(l, f, v);
			emit_wide(l, f->type == HY_PART ? HY_LW_PART : HY_LW_SECTION, h, f, v);
			free(h);
		}
		children(l, f, v);
		return;
	case HY_REPEAT:
	case HY_TABLE:
		if (v)
			repeat(l, v);
		return;
	case HY_FLAG:
		if (f->inline_flag)
			return;
		break;
	default:
		break;
	}
	field_row(l, f, v, scope);
}

static void children(layout *l, const hy_fnode *f, const hy_value *v)
{
	for (size_t i = 0; i < f->n_children && !l->stopped; i++) {
		const hy_value *cv = v && v->kids ? v->kids[i] : NULL;
		/* an unlabelled title field is already printed in the block's header */
		if (f->type == HY_REPEAT && f->title_child == f->children[i] && !*f->children[i]->label)
			continue;
		if (f->type == HY_REPEAT && f->children[i]->type == HY_REF && !*f->children[i]->label)
			continue;
		node(l, f->children[i], cv, v);
	}
}

static void toc(layout *l)
{
	const hy_form *form = l->doc->form;
	size_t listed = 0;
	for (size_t i = 1; i < form->root.n_children; i++)
		listed += form->root.children[i]->toc;
	if (!listed)
		return;
	emit_simple(l, HY_LY_BLANK, "");
	emit_simple(l, HY_LY_TITLE, "項目一覧");
	for (size_t i = 1; i < form->root.n_children; i++) {
		const hy_fnode *p = form->root.children[i];
		if (p->toc && *p->label)
			emit_wide(l, HY_LW_TOC, p->label, p, NULL);
	}
}

const char *hy_layout_doc_name(const hy_doc *doc)
{
	const hy_form *form = doc->form;
	if (!form->name_field)
		return form->title;
	const hy_value *v = hy_value_resolve(doc, doc->root, form->name_field);
	return v && v->s && *v->s ? v->s : form->title;
}

bool hy_layout(const hy_doc *doc, const hy_layout_opts *opts, hy_layout_sink sink, void *ctx)
{
	layout l = {.doc = doc, .m = opts && opts->ascii ? &ascii_marks : &box_marks,
		    .sink = sink, .ctx = ctx};
	const hy_form *form = doc->form;
	emit_simple(&l, HY_LY_TITLE, form->title);
	if (form->stamp && *form->stamp)
		emit_simple(&l, HY_LY_STAMP, form->stamp);
	emit_simple(&l, HY_LY_BLANK, "");
	for (size_t i = 0; i < form->root.n_children && !l.stopped; i++) {
		const hy_fnode *part = form->root.children[i];
		if (i > 0)
			emit_simple(&l, part->page ? HY_LY_PAGE : HY_LY_BLANK, "");
		node(&l, part, doc->root->kids[i], doc->root);
		if (i == 0)
			toc(&l);
	}
	return !l.stopped;
}
