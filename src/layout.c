/* The layout model (see layout.h): walks the form and the document in
 * printing order and says what each printed cell holds. */
#include "hyoka/layout.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <sys/types.h>

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
	bool outline;         /* inside a part printed `print: outline` */
	const char *prefix;   /* a `print: prefix` flag's text, before each value */
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
/* text when it does not end in a line break (most do not: then it is
 * used as it is, not copied, as the document outlives the layout), else
 * a copy without them. */
static void cell_text(cell *c, hy_lp_role role, const char *text)
{
	hy_lpara *p = cell_add(c, HY_LP_TEXT, role);
	size_t len = strlen(text);
	if (len == 0 || text[len - 1] != '\n') {
		p->text = text;
		return;
	}
	while (len > 0 && text[len - 1] == '\n')
		len--;
	p->text = p->owned = hy_strndup(text, len);
}

static void cell_text_owned(cell *c, hy_lp_role role, char *text)
{
	cell_text(c, role, text);
	hy_lpara *p = &c->p[c->n - 1];
	if (p->text == text)
		p->owned = text; /* taken as it is */
	else
		free(text);
}

static void cell_line(cell *c, hy_lp_role role, const char *text)
{
	hy_lpara *p = cell_add(c, HY_LP_LINE, role);
	p->text = p->owned = hy_strdup(text);
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
		free(c->p[i].owned);
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

/* Which of its aliases the value was written with: -1, the current text. */
static int alias_used(const hy_value *v)
{
	if (v->opt < 0 || !v->s)
		return -1;
	const hy_option *o = &v->f->list->options[v->opt];
	for (size_t i = 0; i < o->n_aliases; i++)
		if (strcmp(v->s, o->aliases[i]) == 0)
			return (int)i;
	return -1;
}

/* An option as the value's template printed it: a value written in another
 * template's wording (alias k) is printed with that template's list, each
 * option's alias k where it has one. */
static const char *option_text(const hy_option *o, int alias)
{
	return alias >= 0 && (size_t)alias < o->n_aliases ? o->aliases[alias] : o->text;
}

static bool list_counts(const hy_list *list)
{
	for (size_t i = 0; i < list->n_options; i++)
		if (list->options[i].detail == HY_DETAIL_COUNT)
			return true;
	return false;
}

/* "[ 委託する ]", ＜選択肢＞ and the options, then a count where the 様式
 * puts it: beneath the list, "（ 6 ）　件". */
static void choice_cell(layout *l, const hy_value *v, cell *c)
{
	const hy_list *list = v->f->list;
	const hy_option *chosen = v->s && v->opt >= 0 ? &list->options[v->opt] : NULL;
	bool count_below = chosen ? chosen->detail == HY_DETAIL_COUNT : list_counts(list);
	if (v->s) {
		char *suffix = chosen && !count_below ? detail_suffix(chosen, v->detail)
						      : hy_strdup("");
		cell_text_owned(c, HY_LR_CHOSEN, hy_printf("[ %s ]%s", v->s, suffix));
		free(suffix);
	} else {
		cell_line(c, HY_LR_CHOSEN, l->m->empty_choice);
	}
	if (*list->caption)
		cell_line(c, HY_LR_CAPTION, list->caption);
	int alias = alias_used(v);
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
			items[i - start] = hy_printf("%s%s", num, option_text(&list->options[i], alias));
			free(num);
		}
		cell_items(c, HY_LR_OPTIONS, items, end - start);
		start = end;
	}
	if (count_below)
		cell_text_owned(c, HY_LR_CHOSEN,
				hy_printf("（ %s ）　件", v->s && v->detail ? v->detail : "　"));
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

/* A field printed inside the row before it: "（手数料額、納付方法：…）". */
static void inside_para(const hy_fnode *f, const hy_value *v, cell *c)
{
	char *text = v ? hy_value_text(v) : hy_strdup("");
	const char *fmt = f->print_as ? f->print_as : "{value}";
	const char *at = strstr(fmt, "{value}");
	char *line = at ? hy_printf("%.*s%s%s", (int)(at - fmt), fmt, *text ? text : "　",
				    at + strlen("{value}"))
			: hy_printf("%s%s", fmt, text);
	cell_text_owned(c, HY_LR_PLAIN, line);
	free(text);
}

/* A caption across the row and the text beneath it ("…におけるその他の
 * リスク及びそのリスクに対する措置"). */
static void caption_rows(layout *l, const hy_fnode *f, const hy_value *v)
{
	if (*f->label)
		emit_wide(l, HY_LW_CAPTION, f->label, f, v);
	char *text = v ? hy_value_text(v) : hy_strdup("");
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	emit_wide(l, HY_LW_TEXT, text, f, v);
	free(text);
}

/* `inside`: the fields printed in this row's value cell, after its own. */
static void field_row(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope,
		      const hy_fnode *const *inside, const hy_value *const *inside_v, size_t n_inside)
{
	cell c = {0};
	const hy_value *shown = v;
	if (f->print == HY_PRINT_CAPTION && f->type != HY_FIXED) {
		caption_rows(l, f, v);
		return;
	}
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
	for (size_t i = 0; i < n_inside; i++)
		inside_para(inside[i], inside_v[i], &c);
	/* an unlabelled row with nothing in it is not printed (the 様式 has none) */
	if (!*f->label && (c.n == 0 || (c.n == 1 && c.p[0].text && !*c.p[0].text))) {
		cell_free(&c);
		return;
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
	size_t nf = f->n_children, nc = 0;
	if (nf == 0)
		return;
	/* the printed columns: a `group` column prints as a row instead */
	size_t *col_of = hy_calloc(nf, sizeof *col_of);
	hy_lcol *cols = hy_calloc(nf, sizeof *cols);
	ssize_t group = -1;
	for (size_t c = 0; c < nf; c++) {
		const hy_fnode *cf = f->children[c];
		if (cf->print == HY_PRINT_GROUP && group < 0 && nf > 1) {
			group = (ssize_t)c;
			continue;
		}
		col_of[nc] = c;
		cols[nc++] = (hy_lcol){.label = cf->label, .wide = cf->type == HY_LONGTEXT,
				       .width = cf->width};
	}
	hy_litem it = {.kind = HY_LY_TABLE, .text = f->label, .cols = cols, .n_cols = nc,
		       .node = f, .value = v};
	emit(l, &it);
	char **cells = hy_calloc(nc, sizeof *cells);
	char *last_group = NULL;
	for (size_t row = 0; row < v->n_inst && !l->stopped; row++) {
		const hy_value *const *kids = (const hy_value *const *)v->inst[row]->kids;
		if (group >= 0 && kids[group]) {
			char *g = hy_value_text(kids[group]);
			if (*g && !hy_streq(g, last_group)) {
				hy_litem gr = {.kind = HY_LY_TABLE_GROUP, .text = g, .cols = cols,
					       .n_cols = nc, .node = f->children[group],
					       .value = kids[group]};
				emit(l, &gr);
				free(last_group);
				last_group = g;
			} else {
				free(g);
			}
		}
		for (size_t c = 0; c < nc; c++)
			cells[c] = kids[col_of[c]] ? hy_value_text(kids[col_of[c]]) : hy_strdup("");
		hy_litem r = {.kind = HY_LY_TABLE_ROW, .cols = cols, .n_cols = nc, .cells = cells,
			      .node = f, .value = v->inst[row]};
		emit(l, &r);
		for (size_t c = 0; c < nc; c++)
			free(cells[c]);
	}
	free(last_group);
	free(cells);
	hy_litem end = {.kind = HY_LY_TABLE_END, .cols = cols, .n_cols = nc, .node = f, .value = v};
	emit(l, &end);
	free(cols);
	free(col_of);
}

static void children(layout *l, const hy_fnode *f, const hy_value *v);

/* ---- outline parts (`print: outline`): lines, no cells ---- */

static void emit_line(layout *l, const char *text, hy_align align, int indent,
		      const hy_fnode *f, const hy_value *v)
{
	hy_litem it = {.kind = HY_LY_LINE, .text = text, .align = align, .indent = indent,
		       .node = f, .value = v};
	emit(l, &it);
}

/* Nothing to print: an empty value, an entry whose values are all blank, a
 * repeat whose entries all are (the blank form's one entry of a 別紙). */
static bool blank_entries(const hy_value *v)
{
	if (v->raw || v->extra)
		return false;
	if (v->is_instance) {
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i] && !blank_entries(v->kids[i]))
				return false;
		return true;
	}
	if (v->f->type != HY_REPEAT && v->f->type != HY_TABLE)
		return hy_value_is_empty(v);
	for (size_t i = 0; i < v->n_inst; i++)
		if (!blank_entries(v->inst[i]))
			return false;
	return true;
}

/* Is the node left out of the printing (`print: none`, `omit:`)? */
static bool omitted(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	if (f->print == HY_PRINT_NONE || f->print == HY_PRINT_PREFIX)
		return true;
	if (f->omit_inapplicable && (v ? !hy_value_applies(l->doc, v)
				       : scope && !hy_node_applies(l->doc, scope, f)))
		return true;
	/* a ref that shows a fixed node is left out with it */
	if (f->omit_inapplicable && f->type == HY_REF && f->ref_target && scope) {
		const hy_fnode *t = f->ref_target;
		const hy_value *tscope = t->parent ? hy_value_resolve(l->doc, scope, t->parent) : NULL;
		if (tscope && !hy_node_applies(l->doc, tscope, t))
			return true;
	}
	return f->omit_empty && (!v || blank_entries(v));
}

/* A list's items in a sentence: 「A」、「B」及び「C」 (`join:`). */
static char *joined_items(const hy_fnode *f, const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	const char *item = f->join_item ? f->join_item : "{item}";
	const char *at = strstr(item, "{item}");
	for (size_t i = 0; i < v->n_items; i++) {
		if (i)
			hy_buf_adds(&b, i + 1 == v->n_items && f->join_last ? f->join_last
									  : f->join_sep);
		if (at)
			hy_buf_addf(&b, "%.*s%s%s", (int)(at - item), item, v->items[i],
				    at + strlen("{item}"));
		else
			hy_buf_adds(&b, v->items[i]);
	}
	return hy_buf_take(&b);
}

/* A value as an outline prints it: a choice as its word with its detail in
 * （ ）, a fixed node as its text, a list joined as `join:` says. */
static char *outline_text(const hy_fnode *f, const hy_value *v)
{
	if (f->type == HY_FIXED)
		return hy_strdup(f->text ? f->text : f->label);
	if (!v)
		return hy_strdup("");
	if (f->type == HY_CHOICE && v->s)
		return v->detail && *v->detail ? hy_printf("%s（%s）", v->s, v->detail)
					       : hy_strdup(v->s);
	if (f->type == HY_LIST && f->join_sep)
		return joined_items(f, v);
	return hy_value_text(v);
}

/* The text with a full-width space between its characters: 山　田　健　太. */
static char *spaced(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = hy_utf8_decode(s + i, n - i, &c);
		if (i)
			hy_buf_adds(&b, "　");
		hy_buf_add(&b, s + i, k);
		i += k;
	}
	return hy_buf_take(&b);
}

/* One placeholder of a template: {value}, {spaced} or a path to a field. */
static char *placeholder(layout *l, const hy_fnode *f, const hy_value *v,
			 const hy_value *scope, const char *name)
{
	if (!strcmp(name, "value") || !strcmp(name, "spaced")) {
		const hy_fnode *own = f->type == HY_REF && f->ref_target ? f->ref_target : f;
		char *t = outline_text(own, v);
		if (*name == 's') {
			char *sp = spaced(t);
			free(t);
			return sp;
		}
		return t;
	}
	const hy_fnode *target = hy_form_lookup(l->doc->form, f, name);
	if (!target)
		return hy_printf("{%s}", name);
	const hy_value *tv = hy_value_resolve(l->doc, scope, target);
	return outline_text(target, tv);
}

/* `print_as` with its placeholders filled. */
static char *expand(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = f->print_as; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			hy_buf_addc(&b, *p++);
			continue;
		}
		char *name = hy_strndup(p + 1, (size_t)(close - p - 1));
		char *t = placeholder(l, f, v, scope, name);
		hy_buf_adds(&b, *t ? t : "　"); /* a blank keeps its place: 諮問第　号 */
		free(t);
		free(name);
		p = close + 1;
	}
	return hy_buf_take(&b);
}

/* A list's items, one a line, numbered （1）（2）… when there are two or more. */
static void outline_items(layout *l, const hy_fnode *f, const hy_value *v, int indent)
{
	for (size_t i = 0; i < v->n_items; i++) {
		char *num = NULL;
		if (f->numbered && v->n_items > 1) {
			const char *at = strstr(f->numbered, "{n}");
			num = at ? hy_printf("%.*s%zu%s", (int)(at - f->numbered), f->numbered, i + 1,
					     at + 3)
				 : hy_strdup(f->numbered);
		}
		char *line = hy_printf("%s%s%s", num ? num : "", l->prefix ? l->prefix : "",
				       v->items[i]);
		emit_line(l, line, f->align, indent, f, v);
		free(line);
		free(num);
	}
}

/* A value in an outline: "６　個人情報を取り扱う場所　財務部課税課事務室" when
 * it is short, else the label and the value's paragraphs beneath. */
static void outline_value(layout *l, const hy_fnode *f, const hy_value *v)
{
	char *text = outline_text(f, v);
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	char *value = hy_printf("%s%s", *text && l->prefix ? l->prefix : "", text);
	bool beneath = f->type == HY_LONGTEXT || strchr(value, '\n') || !*f->label;
	if (!beneath) {
		char *line = hy_printf("%s%s%s", f->label, *value ? "　" : "", value);
		emit_line(l, line, f->align, f->indent, f, v);
		free(line);
	} else {
		if (*f->label)
			emit_line(l, f->label, f->align, f->indent, f, v);
		char *save = NULL;
		for (char *p = strtok_r(value, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
			emit_line(l, p, f->align, f->indent + (*f->label != '\0'), f, v);
	}
	free(value);
	free(text);
}

/* A field in an outline: a template's line, a heading, an entry's title,
 * a list's items or its value. */
static void outline_row(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	if (f->type == HY_REF)
		v = f->ref_target ? hy_value_resolve(l->doc, scope, f->ref_target) : NULL;
	if (f->print_as) {
		char *line = expand(l, f, v, scope);
		emit_line(l, line, f->align, f->indent, f, v);
		free(line);
		return;
	}
	if (f->type == HY_FIXED && !f->text) {
		emit_line(l, f->label, f->align, f->indent, f, v);
		return;
	}
	if (f->parent->type == HY_REPEAT && f->parent->title_child == f) {
		/* an entry is headed by its title alone, where the title stands */
		char *title = outline_text(f, v);
		if (*title)
			emit_line(l, title, f->align, f->indent, f, v);
		free(title);
		return;
	}
	if (v && f->type == HY_LIST && !f->join_sep) {
		if (*f->label)
			emit_line(l, f->label, f->align, f->indent, f, v);
		outline_items(l, f, v, f->indent + (*f->label != '\0'));
		return;
	}
	outline_value(l, f, v);
}

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

/* An entry's header as the 様式 prints it: "委託事項1 <title>" when the title
 * has no row of its own, "システム1" alone when it has (①システムの名称). */
static char *entry_header(const hy_value *inst)
{
	const hy_fnode *r = inst->f, *tc = r->title_child;
	if (!tc || !*tc->label)
		return hy_instance_title(inst);
	hy_buf b;
	hy_buf_init(&b);
	const char *fmt = r->repeat_label && *r->repeat_label ? r->repeat_label : "{n}";
	const char *at = strstr(fmt, "{n}");
	if (at)
		hy_buf_addf(&b, "%.*s%zu%s", (int)(at - fmt), fmt, (size_t)inst->index + 1, at + 3);
	else
		hy_buf_addf(&b, "%s%zu", fmt, (size_t)inst->index + 1);
	return hy_buf_take(&b);
}

/* The document is on the form's newest 様式 (the last of its templates): its
 * stamp names it, or names none the form knows, or is absent. */
static bool newest_template(const hy_doc *doc)
{
	const hy_form *f = doc->form;
	const hy_template *t = hy_form_template(f, doc->form_version);
	return t && f->n_templates > 1 && t == &f->templates[f->n_templates - 1];
}

/* The newest template's group row starting at entry `from`: "システム2～5". */
static void group_row(layout *l, const hy_value *v, size_t g)
{
	const hy_fnode *f = v->f;
	long from = f->group_starts[g];
	long to = g + 1 < f->n_groups ? f->group_starts[g + 1] - 1 : f->has_max ? f->max : from;
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = f->group_label; *p; p++) {
		if (hy_starts_with(p, "{from}")) {
			hy_buf_addf(&b, "%ld", from);
			p += strlen("{from}") - 1;
		} else if (hy_starts_with(p, "{to}")) {
			hy_buf_addf(&b, "%ld", to);
			p += strlen("{to}") - 1;
		} else {
			hy_buf_addc(&b, *p);
		}
	}
	char *text = hy_buf_take(&b);
	emit_wide(l, HY_LW_GROUP, text, f, v);
	free(text);
}

/* A table printed as lines (`print: lines`): its label, then a line per
 * row, the cells apart by a full-width space ("令和4年 9月　個人情報…"). */
static void table_lines(layout *l, const hy_value *v)
{
	const hy_fnode *f = v->f;
	if (*f->label)
		emit_line(l, f->label, f->align, f->indent, f, v);
	for (size_t row = 0; row < v->n_inst && !l->stopped; row++) {
		hy_buf b;
		hy_buf_init(&b);
		for (size_t c = 0; c < f->n_children; c++) {
			const hy_value *cell = v->inst[row]->kids[c];
			char *t = cell ? hy_value_text(cell) : hy_strdup("");
			if (*t)
				hy_buf_addf(&b, "%s%s", b.len ? "　" : "", t);
			free(t);
		}
		char *line = hy_buf_take(&b);
		emit_line(l, line, f->align, f->indent + (*f->label != '\0'), f, v->inst[row]);
		free(line);
	}
}

/* `print: grid` (別紙): a bordered table whose heads are the items of the
 * `heads` list and whose rows are the entries' cells.  A row with more cells
 * than heads (an error) widens the table: nothing written is lost. */
static void grid_rows(layout *l, const hy_value *v)
{
	const hy_fnode *cf = hy_grid_cells(v->f);
	const hy_value *heads = cf ? hy_value_resolve(l->doc, v, cf->heads) : NULL;
	size_t nh = heads ? heads->n_items : 0, nc = nh;
	for (size_t r = 0; cf && r < v->n_inst; r++) {
		const hy_value *cells = v->inst[r]->kids[cf->index];
		if (cells && cells->n_items > nc)
			nc = cells->n_items;
	}
	if (nc == 0)
		return;
	hy_lcol *cols = hy_calloc(nc, sizeof *cols);
	for (size_t c = 0; c < nc; c++)
		cols[c].label = c < nh ? heads->items[c] : "";
	hy_litem it = {.kind = HY_LY_TABLE, .text = "", .cols = cols, .n_cols = nc,
		       .node = v->f, .value = v};
	emit(l, &it);
	char **row = hy_calloc(nc, sizeof *row);
	for (size_t r = 0; r < v->n_inst && !l->stopped; r++) {
		const hy_value *cells = v->inst[r]->kids[cf->index];
		for (size_t c = 0; c < nc; c++)
			row[c] = cells && c < cells->n_items ? cells->items[c] : "";
		hy_litem tr = {.kind = HY_LY_TABLE_ROW, .cols = cols, .n_cols = nc, .cells = row,
			       .node = v->f, .value = v->inst[r]};
		emit(l, &tr);
	}
	free(row);
	hy_litem end = {.kind = HY_LY_TABLE_END, .cols = cols, .n_cols = nc, .node = v->f,
			.value = v};
	emit(l, &end);
	free(cols);
}

static void repeat(layout *l, const hy_value *v)
{
	const hy_fnode *f = v->f;
	if (f->print == HY_PRINT_GRID) {
		grid_rows(l, v);
		return;
	}
	if (f->type == HY_TABLE && f->print == HY_PRINT_LINES) {
		table_lines(l, v);
		return;
	}
	if (f->type == HY_TABLE) {
		table_rows(l, v);
		return;
	}
	bool groups = f->n_groups && newest_template(l->doc);
	size_t g = 0;
	for (size_t i = 0; i < v->n_inst && !l->stopped; i++) {
		const hy_value *inst = v->inst[i];
		for (; groups && g < f->n_groups && f->group_starts[g] <= (long)i + 1; g++)
			group_row(l, v, g);
		if (!l->outline && f->print != HY_PRINT_NO_HEADER) {
			char *title = entry_header(inst);
			emit_wide(l, HY_LW_ENTRY, title, f, inst);
			free(title);
		}
		children(l, f, inst);
	}
	/* the groups no entry reaches are printed empty, as in the 様式 */
	for (; groups && g < f->n_groups && !l->stopped; g++)
		group_row(l, v, g);
}

static void node(layout *l, const hy_fnode *f, const hy_value *v, const hy_value *scope)
{
	if (omitted(l, f, v, scope))
		return;
	bool was_outline = l->outline;
	if (f->print == HY_PRINT_OUTLINE) {
		/* an outline part's label is the editor's name for it: not printed */
		l->outline = true;
		children(l, f, v);
		l->outline = was_outline;
		return;
	}
	if (l->outline && !hy_type_is_container(f->type)) {
		outline_row(l, f, v, scope);
		return;
	}
	switch (f->type) {
	case HY_PART:
	case HY_SECTION:
		if (*f->label && l->outline) {
			emit_line(l, f->label, f->align, f->indent, f, v);
		} else if (*f->label) {
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
	field_row(l, f, v, scope, NULL, NULL, 0);
}

/* Does this node print as a label | value row that can hold more? */
static bool hosts_row(const hy_fnode *f)
{
	if (hy_type_is_container(f->type) || f->print == HY_PRINT_CAPTION)
		return false;
	if (f->type == HY_FLAG && f->inline_flag)
		return false;
	return f->type != HY_FIXED || f->text || !*f->label;
}

/* Is child i printed inside the row of the child before it? */
static bool printed_inside(const hy_fnode *f, size_t i)
{
	return i > 0 && i < f->n_children && f->children[i]->print == HY_PRINT_INSIDE &&
	       hosts_row(f->children[i - 1]);
}

/* Child i's row with the children printed inside it. */
static void row_with_inside(layout *l, const hy_fnode *f, const hy_value *v, size_t i,
			    size_t n_in)
{
	const hy_value **in_v = hy_calloc(n_in, sizeof *in_v);
	for (size_t k = 0; k < n_in; k++)
		in_v[k] = v && v->kids ? v->kids[i + 1 + k] : NULL;
	field_row(l, f->children[i], v && v->kids ? v->kids[i] : NULL, v,
		  (const hy_fnode *const *)&f->children[i + 1], in_v, n_in);
	free(in_v);
}

/* Is child i printed elsewhere: in its entry's header, inside the row
 * before it? */
static bool printed_elsewhere(const layout *l, const hy_fnode *f, size_t i)
{
	const hy_fnode *cf = f->children[i];
	if (f->type == HY_REPEAT && f->title_child == cf && !l->outline && !*cf->label &&
	    f->print != HY_PRINT_NO_HEADER)
		return true; /* the entry's header shows it */
	if (f->type == HY_REPEAT && cf->type == HY_REF && !*cf->label)
		return true;
	return !l->outline && printed_inside(f, i);
}

static void children(layout *l, const hy_fnode *f, const hy_value *v)
{
	/* a checked `print: prefix` flag holds for the next sibling printed */
	const char *outer = l->prefix, *next = NULL;
	for (size_t i = 0; i < f->n_children && !l->stopped; i++) {
		const hy_fnode *cf = f->children[i];
		const hy_value *cv = v && v->kids ? v->kids[i] : NULL;
		if (printed_elsewhere(l, f, i))
			continue;
		if (cf->print == HY_PRINT_PREFIX) {
			next = cv && cv->flag == 1 ? cf->print_as : NULL;
			continue;
		}
		l->prefix = next ? next : outer;
		next = NULL;
		size_t n_in = 0;
		while (!l->outline && i + 1 + n_in < f->n_children &&
		       printed_inside(f, i + 1 + n_in))
			n_in++;
		if (n_in)
			row_with_inside(l, f, v, i, n_in);
		else
			node(l, cf, cv, v);
	}
	l->prefix = outer;
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
			emit_wide(l, HY_LW_TOC, p->toc_label ? p->toc_label : p->label, p, NULL);
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
	/* a letter (the first part an outline) starts with its own lines: the
	 * form's title is the editor's name for it */
	bool letter = form->root.n_children && form->root.children[0]->print == HY_PRINT_OUTLINE;
	if (!letter) {
		emit_simple(&l, HY_LY_TITLE, form->title);
		/* the document's own 様式 stamp: none on a template that prints none */
		if (doc->form_version && *doc->form_version)
			emit_simple(&l, HY_LY_STAMP, doc->form_version);
		emit_simple(&l, HY_LY_BLANK, "");
	}
	for (size_t i = 0; i < form->root.n_children && !l.stopped; i++) {
		const hy_fnode *part = form->root.children[i];
		if (omitted(&l, part, doc->root->kids[i], doc->root))
			continue;
		if (i > 0)
			emit_simple(&l, part->page ? HY_LY_PAGE : HY_LY_BLANK, "");
		node(&l, part, doc->root->kids[i], doc->root);
		if (i == 0)
			toc(&l);
	}
	return !l.stopped;
}
