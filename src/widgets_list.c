/* The list boxes: a choice's menu, a checklist (with its （ ） prompt held
 * as a nested dialog) and a menu of lines; numbers pick, the list scrolls
 * with a sign.  Each has the dialog shape of widgets.h. */
#include "hyoka/widgets.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* ---- lists: menus, choices, checklists ---- */

/* A vertical list in a box; draw_item draws item i at (y, x, w). */
typedef struct {
	const char *title;
	size_t n;
	size_t sel, top;
	void (*draw_item)(void *ctx, size_t i, int y, int x, int w, bool selected);
	void *ctx;
	const char *keys;
	unsigned typed;   /* a number being typed */
} list_box;

static void draw_list_box(hy_ui *t, list_box *lb)
{
	int h = (int)lb->n + 4;
	if (h > LINES - 2)
		h = LINES - 2;
	int w = COLS - 8;
	int y = (LINES - h) / 2, x = 4;
	hy_box(y, x, h, w, lb->title, t->ascii);
	int rows = h - 4;
	if (lb->sel < lb->top)
		lb->top = lb->sel;
	if (lb->sel >= lb->top + (size_t)rows)
		lb->top = lb->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && lb->top + (size_t)r < lb->n; r++) {
		size_t i = lb->top + (size_t)r;
		if (i == lb->sel)
			hy_fill(y + 1 + r, x + 1, w - 2, hy_attr_select(t));
		lb->draw_item(lb->ctx, i, y + 1 + r, x + 2, w - 4, i == lb->sel);
	}
	/* a sign when the list scrolls */
	if (lb->top > 0)
		hy_draw(y + 1, x + w - 2, 1, "^", A_BOLD);
	if (lb->top + (size_t)rows < lb->n)
		hy_draw(y + rows, x + w - 2, 1, "v", A_BOLD);
	hy_draw(y + h - 2, x + 2, w - 4, lb->keys, hy_attr_dim(t));
	refresh();
}

static bool list_nav(list_box *lb, hy_action a)
{
	size_t last = lb->n ? lb->n - 1 : 0;
	if (a == HY_ACT_UP && lb->sel > 0)
		lb->sel--;
	else if (a == HY_ACT_DOWN && lb->sel + 1 < lb->n)
		lb->sel++;
	else if (a == HY_ACT_FIRST)
		lb->sel = 0;
	else if (a == HY_ACT_LAST)
		lb->sel = last;
	else if (a == HY_ACT_PAGE_UP)
		lb->sel = lb->sel > HY_PAGE_STEP ? lb->sel - HY_PAGE_STEP : 0;
	else if (a == HY_ACT_PAGE_DOWN)
		lb->sel = lb->sel + HY_PAGE_STEP < lb->n ? lb->sel + HY_PAGE_STEP : last;
	else
		return a == HY_ACT_UP || a == HY_ACT_DOWN;
	return true;
}

/* Numbers pick items: "1".."9" at once when no longer number starts with
 * them, else after a pause (HY_KEY_NONE) or Enter.  Returns the item index
 * when a number is complete, -1 while typing, -2 when k is not a digit. */
static int list_number(list_box *lb, hy_dialog *d, hy_key k)
{
	if (k.kind == HY_KEY_NONE || (hy_key_enter(k) && lb->typed)) {
		unsigned n = lb->typed;
		lb->typed = 0;
		d->timeout_ms = -1;
		return n >= 1 && n <= lb->n ? (int)n - 1 : -1;
	}
	if (k.kind != HY_KEY_CHAR || k.code < '0' || k.code > '9')
		return -2;
	lb->typed = lb->typed * 10 + (k.code - '0');
	if (lb->typed >= 1 && lb->typed <= lb->n && lb->typed * 10 > lb->n) {
		int i = (int)lb->typed - 1;
		lb->typed = 0;
		d->timeout_ms = -1;
		return i;
	}
	if (lb->typed > lb->n)
		lb->typed = 0;
	else if (lb->typed >= 1)
		lb->sel = lb->typed - 1;
	d->timeout_ms = lb->typed ? 800 : -1;
	return -1;
}

typedef struct {
	hy_dialog d;
	list_box lb;
	const hy_list *list;
	int current;
	int pick;
} chooser;

static void draw_choice_item(void *ctx, size_t i, int y, int x, int w, bool selected)
{
	chooser *c = ctx;
	char *num = hy_list_number(c->list, i);
	const char *mark = (int)i == c->current ? (c->d.ui->ascii ? "* " : "● ") : "  ";
	char *line = hy_printf("%s%s%s", mark, num, c->list->options[i].text);
	hy_draw(y, x, w, line, selected ? hy_attr_select(c->d.ui) : (int)A_NORMAL);
	free(line);
	free(num);
}

static void draw_chooser(hy_dialog *d)
{
	draw_list_box(d->ui, &((chooser *)d)->lb);
}

static int chooser_key(hy_dialog *d, hy_key k)
{
	chooser *c = (chooser *)d;
	int picked = list_number(&c->lb, d, k);
	if (picked >= 0) {
		c->pick = picked;
		return 1;
	}
	if (picked == -1 || k.kind == HY_KEY_NONE)
		return 0;
	hy_action a = hy_key_action(k, HY_CTX_LIST);
	if (list_nav(&c->lb, a))
		return 0;
	if (a == HY_ACT_CANCEL || k.kind == HY_KEY_EOF)
		return -1;
	if (a == HY_ACT_CLEAR) {
		c->pick = -2;
		return 1;
	}
	if (hy_key_enter(k)) {
		c->pick = (int)c->lb.sel;
		return 1;
	}
	return 0;
}

hy_dialog *hy_choose_open(hy_ui *ui, const hy_fnode *f, int current)
{
	chooser *c = hy_calloc(1, sizeof *c);
	c->d = (hy_dialog){.ui = ui, .draw = draw_chooser, .key = chooser_key, .timeout_ms = -1};
	c->list = f->list;
	c->current = current;
	c->pick = -1;
	c->lb = (list_box){.title = f->label, .n = f->list->n_options, .draw_item = draw_choice_item,
			   .ctx = c,
			   .keys = _("Up/Down: move  Enter or number: choose  Delete: clear  Esc: cancel")};
	c->lb.sel = current >= 0 ? (size_t)current : 0;
	return &c->d;
}

int hy_choose_close(hy_dialog *d, int result)
{
	chooser *c = (chooser *)d;
	int pick = result > 0 ? c->pick : -1;
	free(c);
	return pick;
}

/* ---- checklists ---- */

typedef struct {
	hy_dialog d;
	list_box lb;
	hy_doc *doc;
	hy_value *v;
	bool *old_on;
	char **old_detail;
	bool was_modified;
	hy_dialog *detail;    /* the （ ） prompt of option detail_of, when open */
	size_t detail_of;
	int group_width;      /* the widest group heading (・識別情報): boxes line up */
} checklist;

static void draw_check_item(void *ctx, size_t i, int y, int x, int w, bool selected)
{
	checklist *c = ctx;
	const hy_list *list = c->v->f->list;
	const hy_option *o = &list->options[i];
	bool on = c->v->checked[i];
	bool ascii = c->d.ui->ascii;
	const char *box = ascii ? (on ? "[x] " : "[ ] ") : (on ? "[○] " : "[  ] ");
	hy_buf b;
	hy_buf_init(&b);
	/* numbers right-aligned, so that the boxes line up */
	int digits = list->n_options >= 10 ? 2 : 1;
	hy_buf_addf(&b, "%*zu) ", digits, i + 1);
	if (c->group_width) {
		const char *g = o->group ? o->group : "";
		hy_buf_addf(&b, "%s%*s ", g, c->group_width - hy_str_width(g), "");
	}
	hy_buf_addf(&b, "%s%s", box, o->text);
	if (o->detail == HY_DETAIL_TEXT)
		hy_buf_addf(&b, " （ %s ）", on && c->v->details[i] ? c->v->details[i] : "");
	else if (o->detail == HY_DETAIL_COUNT)
		hy_buf_addf(&b, " （ %s ） 件", on && c->v->details[i] ? c->v->details[i] : "");
	hy_draw(y, x, w, b.data, selected ? hy_attr_select(c->d.ui) : (int)A_NORMAL);
	hy_buf_free(&b);
}

static void draw_checklist(hy_dialog *d)
{
	checklist *c = (checklist *)d;
	draw_list_box(d->ui, &c->lb);
	if (c->detail)
		hy_dialog_draw(c->detail);
}

static void open_detail(checklist *c, size_t i)
{
	const hy_option *o = &c->v->f->list->options[i];
	char *title = hy_printf(o->detail == HY_DETAIL_COUNT ? _("%s: how many (件)?")
							     : _("%s: the text in （ ）"),
				o->text);
	c->detail = hy_prompt_open(c->d.ui, title, c->v->details[i], NULL,
				   o->detail == HY_DETAIL_COUNT);
	free(title);
	c->detail_of = i;
}

static void detail_key(checklist *c, hy_key k)
{
	int r = hy_dialog_key(c->detail, k);
	if (r == 0)
		return;
	/* the prompt's title was ours to free: it is copied, see hy_prompt_open */
	char *ans = hy_prompt_close(c->detail, r);
	c->detail = NULL;
	if (ans)
		hy_set_check(c->doc, c->v, c->detail_of, true, ans);
	free(ans);
	c->d.drawn = false;
}

static void toggle(checklist *c, size_t i)
{
	bool on = !c->v->checked[i];
	c->lb.sel = i;
	hy_set_check(c->doc, c->v, i, on, NULL);
	if (on && c->v->f->list->options[i].detail != HY_DETAIL_NONE)
		open_detail(c, i);
}

static int checklist_key(hy_dialog *d, hy_key k)
{
	checklist *c = (checklist *)d;
	if (c->detail) {
		detail_key(c, k);
		return 0;
	}
	int picked = list_number(&c->lb, d, k);
	if (picked >= 0)
		toggle(c, (size_t)picked);
	if (picked != -2 || k.kind == HY_KEY_NONE)
		return 0;
	hy_action a = hy_key_action(k, HY_CTX_LIST);
	if (list_nav(&c->lb, a))
		return 0;
	if (a == HY_ACT_CANCEL || k.kind == HY_KEY_EOF)
		return -1;
	if (a == HY_ACT_CONFIRM || hy_key_action(k, HY_CTX_EDITOR) == HY_ACT_CONFIRM)
		return 1;
	if (a == HY_ACT_TOGGLE)
		toggle(c, c->lb.sel);
	else if (a == HY_ACT_DETAIL && c->v->checked[c->lb.sel] &&
		 c->v->f->list->options[c->lb.sel].detail != HY_DETAIL_NONE)
		open_detail(c, c->lb.sel);
	return 0;
}

hy_dialog *hy_checks_open(hy_ui *ui, hy_doc *doc, hy_value *v)
{
	size_t n = v->f->list->n_options;
	checklist *c = hy_calloc(1, sizeof *c);
	c->d = (hy_dialog){.ui = ui, .draw = draw_checklist, .key = checklist_key, .timeout_ms = -1};
	c->doc = doc;
	c->v = v;
	c->old_on = hy_calloc(n, sizeof *c->old_on);
	c->old_detail = hy_calloc(n, sizeof *c->old_detail);
	for (size_t i = 0; i < n; i++) {
		c->old_on[i] = v->checked[i];
		c->old_detail[i] = v->details[i] ? hy_strdup(v->details[i]) : NULL;
	}
	c->was_modified = doc->modified;
	for (size_t i = 0; i < n; i++) {
		const char *g = v->f->list->options[i].group;
		int w = g ? hy_str_width(g) : 0;
		if (w > c->group_width)
			c->group_width = w;
	}
	c->lb = (list_box){.title = v->f->label, .n = n, .draw_item = draw_check_item, .ctx = c,
			   .keys = _("Space or number: tick  e: edit （ ）  Enter: done  Esc: cancel")};
	return &c->d;
}

bool hy_checks_close(hy_dialog *d, int result)
{
	checklist *c = (checklist *)d;
	size_t n = c->v->f->list->n_options;
	if (c->detail)
		free(hy_prompt_close(c->detail, -1));
	if (result < 0) {
		for (size_t i = 0; i < n; i++)
			hy_set_check(c->doc, c->v, i, c->old_on[i], c->old_detail[i]);
		c->doc->modified = c->was_modified;
	}
	for (size_t i = 0; i < n; i++)
		free(c->old_detail[i]);
	free(c->old_detail);
	free(c->old_on);
	free(c);
	return result > 0;
}

/* ---- menus of lines ---- */

typedef struct {
	hy_dialog d;
	list_box lb;
	char **items;
} menu;

static void draw_menu_item(void *ctx, size_t i, int y, int x, int w, bool selected)
{
	menu *m = ctx;
	hy_draw(y, x, w, m->items[i], selected ? hy_attr_select(m->d.ui) : (int)A_NORMAL);
}

static void draw_menu(hy_dialog *d)
{
	draw_list_box(d->ui, &((menu *)d)->lb);
}

static int menu_key(hy_dialog *d, hy_key k)
{
	menu *m = (menu *)d;
	hy_action a = hy_key_action(k, HY_CTX_LIST);
	if (list_nav(&m->lb, a))
		return 0;
	if (k.kind == HY_KEY_EOF || a == HY_ACT_CANCEL || hy_key_ctrl(k, 'q'))
		return -1;
	if (hy_key_enter(k))
		return 1;
	if (k.kind == HY_KEY_CHAR && k.code >= '1' && k.code <= '9' && k.code - '1' < m->lb.n &&
	    m->lb.n < 10) {
		m->lb.sel = k.code - '1';
		return 1;
	}
	return 0;
}

hy_dialog *hy_menu_open(hy_ui *ui, const char *title, char **items, size_t n, size_t sel,
			const char *keys)
{
	menu *m = hy_calloc(1, sizeof *m);
	m->d = (hy_dialog){.ui = ui, .draw = draw_menu, .key = menu_key, .timeout_ms = -1};
	m->items = items;
	m->lb = (list_box){.title = title, .n = n, .sel = sel < n ? sel : 0,
			   .draw_item = draw_menu_item, .ctx = m, .keys = keys};
	return &m->d;
}

int hy_menu_close(hy_dialog *d, int result)
{
	menu *m = (menu *)d;
	int sel = result > 0 && m->lb.n ? (int)m->lb.sel : -1;
	free(m);
	return sel;
}
