/* The widgets: key input (terminal or script), width-aware drawing, the
 * field editor, prompts, questions and text windows (list boxes are in
 * widgets_list.c). */
#include "hyoka/widgets.h"
#include "hyoka/date.h"
#include "hyoka/editbuf.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <curses.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define FUNC_BIT 0x80000000u

/* ---- input ---- */

bool hy_terminal_small(void)
{
	return LINES < HY_MIN_ROWS || COLS < HY_MIN_COLS;
}

void hy_draw_too_small(void)
{
	erase();
	char *a = hy_printf(_("Terminal too small: %dx%d."), COLS, LINES);
	char *b = hy_printf(_("hyoka needs at least %dx%d; enlarge the window."), HY_MIN_COLS,
			    HY_MIN_ROWS);
	int y = LINES / 2 - 1;
	hy_draw(y > 0 ? y : 0, 0, COLS, a, A_BOLD);
	hy_draw(y + 1 > 0 ? y + 1 : 0, 0, COLS, b, 0);
	free(a);
	free(b);
	refresh();
}

static void queue_push(hy_ui *t, unsigned code)
{
	hy_grow((void **)&t->queue, &t->q_cap, t->q_len, sizeof *t->queue);
	t->queue[t->q_len++] = code;
}

static bool script_key(hy_ui *t, const char *name)
{
	hy_key k;
	if (!hy_key_parse(name, &k))
		return false;
	queue_push(t, k.kind == HY_KEY_FUNC ? FUNC_BIT | k.code : k.code);
	return true;
}

/* "\n" in a script is Enter (a pasted "\n" is a line feed, "\r" a carriage
 * return: a paste may hold CR LF). */
static void queue_text(hy_ui *t, const char *s, bool pasted)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (cp == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == 'r')) {
			cp = s[i + 1] == 'r' || !pasted ? '\r' : '\n';
			len = 2;
		}
		queue_push(t, cp);
		i += len;
	}
}

/* Reads script lines until something is queued; false at the end. */
static bool script_fill(hy_ui *t)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (t->q_pos >= t->q_len && (n = getline(&line, &cap, t->script)) >= 0) {
		t->script_line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		t->q_len = t->q_pos = 0;
		if (!*line || *line == '#')
			continue;
		char *arg = strchr(line, ' ');
		if (arg)
			*arg++ = '\0';
		if (strcmp(line, "type") == 0 && arg) {
			queue_text(t, arg, false);
		} else if (strcmp(line, "key") == 0 && arg) {
			for (char *k = strtok(arg, " "); k; k = strtok(NULL, " "))
				if (!script_key(t, k))
					fprintf(stderr, "script:%d: unknown key '%s'\n", t->script_line, k);
		} else if (strcmp(line, "paste") == 0 && arg) {
			queue_push(t, FUNC_BIT | HY_KEY_PASTE_START);
			queue_text(t, arg, true);
			queue_push(t, FUNC_BIT | HY_KEY_PASTE_END);
		} else if (strcmp(line, "resize") == 0 && arg) {
			int w = 0, h = 0;
			if (sscanf(arg, "%d %d", &w, &h) == 2 && w > 0 && h > 0) {
				resizeterm(h, w);
				queue_push(t, FUNC_BIT | KEY_RESIZE);
			}
		} else if (strcmp(line, "dump") == 0 && arg) {
			if (t->draw_background)
				refresh();
			if (!hy_dump_screen(arg))
				fprintf(stderr, "script:%d: cannot write %s\n", t->script_line, arg);
		} else {
			fprintf(stderr, "script:%d: unknown command '%s'\n", t->script_line, line);
		}
	}
	free(line);
	return t->q_pos < t->q_len;
}

static bool terminal_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static bool stop_requested(const hy_ui *t)
{
	return t->stopping || (t->stop_signal && *t->stop_signal);
}

static hy_key read_raw(hy_ui *t, int timeout_ms)
{
	hy_key k = {HY_KEY_NONE, 0};
	if (t->script) {
		if (t->q_pos >= t->q_len && !script_fill(t)) {
			k.kind = HY_KEY_EOF;
			return k;
		}
		unsigned c = t->queue[t->q_pos++];
		k.kind = c & FUNC_BIT ? HY_KEY_FUNC : HY_KEY_CHAR;
		k.code = c & ~FUNC_BIT;
		return k;
	}
	/* a blocking read waits in slices of a second, so that a stop signal
	 * is seen even when the read goes on after it */
	for (;;) {
		if (stop_requested(t)) {
			t->stopping = true;
			k.kind = HY_KEY_EOF;
			return k;
		}
		timeout(timeout_ms < 0 ? 1000 : timeout_ms);
		wint_t ch;
		int r = get_wch(&ch);
		if (r != ERR) {
			k.kind = r == KEY_CODE_YES ? HY_KEY_FUNC : HY_KEY_CHAR;
			k.code = (unsigned)ch;
			return k;
		}
		/* a closed terminal (a dropped SSH link, a killed tmux) reads as
		 * "no key" at once, for ever: without this every loop would spin */
		if (terminal_gone())
			t->stopping = true;
		if (timeout_ms >= 0 && !t->stopping)
			return k;
	}
}

hy_key hy_read_key(hy_ui *t, int timeout_ms)
{
	if (hy_terminal_small()) {
		/* nothing but a resize (or quitting) makes sense until it is big enough */
		hy_draw_too_small();
		for (;;) {
			hy_key k = read_raw(t, -1);
			if (k.kind == HY_KEY_EOF || hy_key_ctrl(k, 'q'))
				return k;
			if (k.kind == HY_KEY_FUNC && k.code == KEY_RESIZE) {
				if (!hy_terminal_small()) {
					clear();
					return k;
				}
				hy_draw_too_small();
			}
		}
	}
	hy_key k = read_raw(t, timeout_ms);
	if (k.kind == HY_KEY_FUNC && k.code == KEY_RESIZE) {
		clear();
		if (hy_terminal_small())
			return hy_read_key(t, timeout_ms);
	}
	return k;
}

/* ---- drawing ---- */

int hy_draw(int y, int x, int width, const char *s, int attr)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset((attr_t)attr);
	int used = 0;
	size_t n = strlen(s), i = 0;
	/* measure only as far as the width: previews can be long texts */
	size_t fits = hy_fit_prefix(s, width, NULL);
	bool cut = fits < n;
	int limit = cut ? width - 1 : width;
	move(y, x);
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		else if (hy_cp_is_control(cp))
			cp = 0xFFFD; /* shown, never obeyed: hy_cp_width counts it so */
		int cw = hy_cp_width(cp);
		if (used + cw > limit)
			break;
		wchar_t wc = (wchar_t)cp;
		addnwstr(&wc, 1);
		used += cw;
		i += len;
	}
	if (cut) {
		/* pad a half-filled wide cell, then mark the cut */
		while (used < width - 1) {
			addch(' ');
			used++;
		}
		addch('>' | A_BOLD);
		used++;
	}
	attrset(old_attr);
	return used;
}

void hy_fill(int y, int x, int width, int attr)
{
	if (y < 0 || y >= LINES || width <= 0)
		return;
	attrset((attr_t)attr);
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void hy_box(int y, int x, int h, int w, const char *title, bool ascii)
{
	for (int i = 0; i < h; i++)
		hy_fill(y + i, x, w, A_NORMAL);
	if (ascii) {
		mvhline(y, x, '-', w);
		mvhline(y + h - 1, x, '-', w);
		mvvline(y, x, '|', h);
		mvvline(y, x + w - 1, '|', h);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	} else {
		mvhline(y, x, ACS_HLINE, w);
		mvhline(y + h - 1, x, ACS_HLINE, w);
		mvvline(y, x, ACS_VLINE, h);
		mvvline(y, x + w - 1, ACS_VLINE, h);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	}
	if (title && *title) {
		char *t = hy_printf(" %s ", title);
		hy_draw(y, x + 2, w - 4, t, A_BOLD);
		free(t);
	}
}

int hy_attr_title(const hy_ui *t)
{
	return t->color ? (int)(COLOR_PAIR(1) | A_BOLD) : (int)A_REVERSE;
}

int hy_attr_select(const hy_ui *t)
{
	return t->color ? (int)(COLOR_PAIR(2)) : (int)A_REVERSE;
}

int hy_attr_error(const hy_ui *t)
{
	return t->color ? (int)(COLOR_PAIR(3) | A_BOLD) : (int)A_BOLD;
}

int hy_attr_warning(const hy_ui *t)
{
	return t->color ? (int)(COLOR_PAIR(4)) : (int)A_UNDERLINE;
}

int hy_attr_dim(const hy_ui *t)
{
	(void)t;
	return (int)A_DIM;
}

/* Line-drawing cells are stored as ACS codes; a dump shows what a person sees. */
static uint32_t acs_glyph(wchar_t c)
{
	static const char *const from = "qxlkmjtuwvn";
	static const uint32_t to[] = {0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518,
				      0x251C, 0x2524, 0x252C, 0x2534, 0x253C};
	const char *p = c < 128 ? strchr(from, (int)c) : NULL;
	return p && c ? to[p - from] : (uint32_t)c;
}

bool hy_dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	for (int y = 0; y < LINES; y++) {
		hy_buf line;
		hy_buf_init(&line);
		for (int x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			if (mvin_wch(y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || !wch[0]) {
				hy_buf_addc(&line, ' ');
				x++;
				continue;
			}
			uint32_t c = attrs & A_ALTCHARSET ? acs_glyph(wch[0]) : (uint32_t)wch[0];
			char enc[4];
			hy_buf_add(&line, enc, hy_utf8_encode(c, enc));
			int w = hy_cp_width(c);
			x += w > 0 ? w : 1;
		}
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		fprintf(f, "%s\n", line.data ? line.data : "");
		hy_buf_free(&line);
	}
	return fclose(f) == 0;
}

static void background(hy_ui *t)
{
	if (t->draw_background)
		t->draw_background(t->owner);
}

void hy_dialog_draw(hy_dialog *d)
{
	if (!d->drawn)
		background(d->ui);
	d->drawn = true;
	d->draw(d);
}

int hy_dialog_key(hy_dialog *d, hy_key k)
{
	if (hy_key_is(k, KEY_RESIZE)) {
		d->drawn = false;
		return 0;
	}
	return d->key(d, k);
}

/* ---- the field editor ---- */

typedef struct hy_field_editor {
	hy_dialog d;
	hy_doc *doc;
	hy_value *v;
	hy_editbuf eb;
	hy_eb_view view;  /* where the shown lines start */
	const char *refusal;
	char *before;     /* the value when the editor opened, for Esc */
	bool was_modified;
	bool asking;      /* Esc on a changed long text: "discard?" is shown */
} field_editor;

/* Has a note in parentheses begun before the cursor?  "令和２年６月２６日（書面会議）":
 * what follows it is free text. */
static bool in_date_note(const hy_editbuf *eb)
{
	for (size_t i = 0; i < eb->cursor; i++)
		if (eb->cp[i] == '(' || eb->cp[i] == 0xFF08)
			return true;
	return false;
}

static bool is_number_char(uint32_t c, size_t at)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == ' ' ||
	       c == 0x3000 || ((c == '-' || c == 0xFF0D) && at == 0);
}

/* int and date fields refuse what cannot be part of a number or a date. */
static const char *refuse(const field_editor *e, uint32_t c)
{
	const hy_fnode *f = e->v->f;
	if (f->type == HY_INT && !is_number_char(c, e->eb.cursor))
		return _("only digits: this field is a whole number");
	if (f->type == HY_DATE && !f->date_notes && !hy_date_char(c) && !in_date_note(&e->eb))
		return _("a date is written like 令和5年12月28日 or 2023-12-28");
	return NULL;
}

static void apply(field_editor *e)
{
	char *text = hy_eb_text(&e->eb);
	if (e->v->f->type == HY_LIST) {
		char **items = NULL;
		size_t n = 0;
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			items = hy_realloc(items, (n + 1) * sizeof *items);
			items[n++] = line;
		}
		hy_set_list(e->doc, e->v, items, n);
		free(items);
		free(text);
	} else {
		hy_set_text_owned(e->doc, e->v, text);
	}
}

static void issue_line(hy_ui *t, const hy_value *v, int y, int x, int w)
{
	if (v->n_issues) {
		const hy_issue *is = &v->issues[0];
		hy_draw(y, x, w, is->message,
			is->severity == HY_ERROR ? hy_attr_error(t) : hy_attr_warning(t));
	} else {
		hy_draw(y, x, w, _("OK"), hy_attr_dim(t));
	}
}

static void editor_geometry(const field_editor *e, int *y, int *h)
{
	bool multi = e->eb.multiline;
	*h = multi ? LINES - 4 : 8;
	*y = multi ? 2 : LINES - 2 - *h;
}

static void draw_editor(hy_dialog *d)
{
	field_editor *e = (field_editor *)d;
	hy_ui *t = d->ui;
	int y, h;
	editor_geometry(e, &y, &h);
	int w = COLS;
	char *title = hy_field_title(e->v->f);
	hy_box(y, 0, h, w, title, t->ascii);
	free(title);
	int inner = w - 4;
	const char *help = e->v->f->help ? e->v->f->help : "";
	hy_draw(y + 1, 2, inner, help, hy_attr_dim(t));
	int area_top = y + 2, area_h = h - 5;
	hy_eb_line *lines;
	size_t cur_row;
	int cur_col;
	bool more_below;
	size_t n = hy_eb_view_layout(&e->eb, &e->view, inner, area_h, &lines, &cur_row, &cur_col,
				     &more_below);
	for (int r = 0; r < area_h; r++) {
		size_t li = (size_t)r;
		hy_fill(area_top + r, 2, inner, A_UNDERLINE);
		if (li >= n)
			continue;
		move(area_top + r, 2);
		attrset(A_UNDERLINE);
		for (size_t i = lines[li].start; i < lines[li].end; i++) {
			wchar_t wc = (wchar_t)e->eb.cp[i];
			addnwstr(&wc, 1);
		}
		attrset(A_NORMAL);
	}
	if (e->view.top > 0)
		hy_draw(area_top, w - 2, 1, "^", A_BOLD);
	if (more_below)
		hy_draw(area_top + area_h - 1, w - 2, 1, "v", A_BOLD);
	free(lines);
	hy_fill(y + h - 3, 2, inner, A_NORMAL);
	if (e->asking)
		hy_draw(y + h - 3, 2, inner, _("Throw away your changes to this text? (y/n)"),
			hy_attr_error(t));
	else if (e->refusal)
		hy_draw(y + h - 3, 2, inner, e->refusal, hy_attr_error(t));
	else
		issue_line(t, e->v, y + h - 3, 2, inner);
	const char *keys = e->eb.multiline
		? _("Enter: new line  Ctrl-D/F2: done  Esc: cancel  Ctrl-K: cut line")
		: _("Enter: done  Esc: cancel  Ctrl-A/E: start/end");
	hy_draw(y + h - 2, 2, inner, keys, hy_attr_dim(t));
	move(area_top + (int)cur_row, 2 + cur_col);
	curs_set(e->asking ? 0 : 1);
	refresh();
}

/* A bracketed paste, read whole: a CR LF line end is one line break. */
static void paste(hy_ui *t, hy_editbuf *eb)
{
	hy_buf b;
	hy_buf_init(&b);
	bool after_cr = false;
	for (;;) {
		hy_key k = read_raw(t, 1000);
		if (k.kind == HY_KEY_EOF || k.kind == HY_KEY_NONE ||
		    hy_key_is(k, HY_KEY_PASTE_END))
			break;
		if (k.kind != HY_KEY_CHAR)
			continue;
		bool lf_of_crlf = after_cr && k.code == '\n';
		after_cr = k.code == '\r';
		if (lf_of_crlf)
			continue;
		char enc[4];
		uint32_t c = k.code == '\r' ? '\n' : k.code;
		hy_buf_add(&b, enc, hy_utf8_encode(c, enc));
	}
	if (b.data)
		hy_eb_insert_text(eb, b.data, b.len);
	hy_buf_free(&b);
}

static void kill_to_start(hy_editbuf *eb)
{
	while (eb->cursor > 0 && eb->cp[eb->cursor - 1] != '\n')
		hy_eb_backspace(eb);
}

/* The keys every prompt and editor share (HY_CTX_PROMPT); returns whether the
 * text changed.  *handled tells whether the key was one of them. */
static bool line_key(hy_ui *t, hy_editbuf *eb, hy_action a, hy_key k, int width, bool *handled)
{
	*handled = true;
	switch (a) {
	case HY_ACT_LEFT:
		hy_eb_left(eb);
		return false;
	case HY_ACT_RIGHT:
		hy_eb_right(eb);
		return false;
	case HY_ACT_LINE_START:
		hy_eb_home(eb, width);
		return false;
	case HY_ACT_LINE_END:
		hy_eb_end(eb, width);
		return false;
	case HY_ACT_KILL_END:
		hy_eb_kill_line(eb, width);
		return true;
	case HY_ACT_KILL_START:
		kill_to_start(eb);
		return true;
	case HY_ACT_BACKSPACE:
		return hy_eb_backspace(eb);
	case HY_ACT_DELETE_CHAR:
		return hy_eb_delete(eb);
	default:
		break;
	}
	if (hy_key_is(k, HY_KEY_PASTE_START)) {
		paste(t, eb);
		return true;
	}
	*handled = false;
	return false;
}

static char *editor_text_now(const field_editor *e)
{
	return hy_eb_text(&e->eb);
}

static bool editor_changed(const field_editor *e)
{
	char *now = editor_text_now(e);
	bool changed = strcmp(now, e->before) != 0;
	free(now);
	return changed;
}

/* One key; returns 1 to confirm, -1 to cancel, 0 to go on. */
static int editor_key(hy_dialog *d, hy_key k)
{
	field_editor *e = (field_editor *)d;
	hy_editbuf *eb = &e->eb;
	int width = COLS - 4;
	e->refusal = NULL;
	/* stopped by a signal or a lost terminal: keep what was typed, so that
	 * the recovery file has it */
	if (k.kind == HY_KEY_EOF && d->ui->stopping)
		return 1;
	if (k.kind == HY_KEY_EOF)
		return -1;
	if (e->asking) {
		e->asking = false;
		return hy_key_char(k, 'y') || hy_key_char(k, 'Y') ? -1 : 0;
	}
	hy_action a = hy_key_action(k, eb->multiline ? HY_CTX_EDITOR : HY_CTX_PROMPT);
	if (a == HY_ACT_CANCEL) {
		/* a long text may hold much work: ask before throwing it away */
		if (eb->multiline && editor_changed(e)) {
			e->asking = true;
			return 0;
		}
		return -1;
	}
	/* Ctrl-D, F2, Ctrl-S confirm one-line fields too */
	if (a == HY_ACT_CONFIRM || hy_key_action(k, HY_CTX_EDITOR) == HY_ACT_CONFIRM)
		return 1;
	bool changed = false, handled;
	if (a == HY_ACT_NEWLINE)
		changed = hy_eb_insert(eb, '\n');
	else if (a == HY_ACT_WORD_LEFT)
		hy_eb_word_left(eb);
	else if (a == HY_ACT_WORD_RIGHT)
		hy_eb_word_right(eb);
	else if (a == HY_ACT_UP || a == HY_ACT_HISTORY)
		hy_eb_up(eb, width);
	else if (a == HY_ACT_DOWN)
		hy_eb_down(eb, width);
	else if (a == HY_ACT_PAGE_UP || a == HY_ACT_PAGE_DOWN)
		for (int i = 0; i < HY_PAGE_STEP; i++)
			(a == HY_ACT_PAGE_UP ? hy_eb_up : hy_eb_down)(eb, width);
	else if (!(changed = line_key(d->ui, eb, a, k, width, &handled), handled) &&
		 k.kind == HY_KEY_CHAR && k.code >= 0x20) {
		e->refusal = refuse(e, k.code);
		if (!e->refusal)
			changed = hy_eb_insert(eb, k.code);
	}
	if (changed)
		apply(e);
	return 0;
}

static char *list_text(const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < v->n_items; i++)
		hy_buf_addf(&b, "%s%s", i ? "\n" : "", v->items[i]);
	return b.data ? hy_buf_take(&b) : hy_strdup("");
}

hy_field_editor *hy_field_editor_open(hy_ui *ui, hy_doc *doc, hy_value *v)
{
	const hy_fnode *f = v->f;
	field_editor *e = hy_calloc(1, sizeof *e);
	e->d = (hy_dialog){.ui = ui, .draw = draw_editor, .key = editor_key, .timeout_ms = -1};
	e->doc = doc;
	e->v = v;
	e->before = f->type == HY_LIST ? list_text(v) : hy_strdup(v->s ? v->s : "");
	e->was_modified = doc->modified;
	hy_eb_init(&e->eb, e->before, f->type == HY_LONGTEXT || f->type == HY_LIST);
	return e;
}

hy_dialog *hy_field_editor_dialog(hy_field_editor *e)
{
	return &e->d;
}

int hy_field_editor_key(hy_field_editor *e, hy_key k)
{
	return hy_dialog_key(&e->d, k);
}

void hy_field_editor_draw(hy_field_editor *e)
{
	hy_dialog_draw(&e->d);
}

void hy_field_editor_close(hy_field_editor *e, bool confirmed)
{
	curs_set(0);
	char *after = hy_eb_text(&e->eb);
	if (!confirmed) {
		/* Esc restores the old value, and the modified mark with it */
		bool multi = e->eb.multiline;
		hy_eb_free(&e->eb);
		hy_eb_init(&e->eb, e->before, multi);
		e->view = (hy_eb_view){0};
		apply(e);
		e->doc->modified = e->was_modified;
	} else if (strcmp(after, e->before) == 0) {
		e->doc->modified = e->was_modified;
	}
	free(after);
	free(e->before);
	hy_eb_free(&e->eb);
	free(e);
}

/* ---- prompts ---- */

typedef struct {
	hy_dialog d;
	char *title;
	char *previous;
	hy_editbuf eb;
	bool digits_only;
	const char *refusal;
	char *(*complete)(const char *text);
} prompt_box;

static void draw_prompt(hy_dialog *d)
{
	prompt_box *p = (prompt_box *)d;
	hy_ui *t = d->ui;
	int h = 6, w = COLS - 8, y = (LINES - h) / 2, x = 4;
	hy_box(y, x, h, w, p->title, t->ascii);
	hy_eb_line *lines;
	size_t cur_line;
	int cur_col;
	int inner = w - 4;
	/* one line that scrolls sideways: show the tail around the cursor */
	hy_eb_layout(&p->eb, inner - 1, &lines, &cur_line, &cur_col);
	hy_fill(y + 2, x + 2, inner, A_UNDERLINE);
	move(y + 2, x + 2);
	attrset(A_UNDERLINE);
	for (size_t i = lines[cur_line].start; i < lines[cur_line].end; i++) {
		wchar_t wc = (wchar_t)p->eb.cp[i];
		addnwstr(&wc, 1);
	}
	attrset(A_NORMAL);
	free(lines);
	if (p->refusal)
		hy_draw(y + 3, x + 2, inner, p->refusal, hy_attr_error(t));
	hy_draw(y + 4, x + 2, inner,
		p->previous ? _("Enter: OK  Esc: cancel  Up: the previous one") : _("Enter: OK  Esc: cancel"),
		hy_attr_dim(t));
	move(y + 2, x + 2 + cur_col);
	curs_set(1);
	refresh();
}

static int prompt_key(hy_dialog *d, hy_key k)
{
	prompt_box *p = (prompt_box *)d;
	p->refusal = NULL;
	if (k.kind == HY_KEY_EOF)
		return -1;
	hy_action a = hy_key_action(k, HY_CTX_PROMPT);
	if (a == HY_ACT_CANCEL)
		return -1;
	if (a == HY_ACT_CONFIRM)
		return 1;
	if (p->complete && hy_key_char(k, '\t')) {
		char *now = hy_eb_text(&p->eb);
		char *done = p->complete(now);
		free(now);
		if (done) {
			hy_eb_free(&p->eb);
			hy_eb_init(&p->eb, done, false);
			p->eb.cursor = p->eb.len;
			free(done);
		}
		return 0;
	}
	if (a == HY_ACT_HISTORY) {
		if (p->previous) {
			hy_eb_free(&p->eb);
			hy_eb_init(&p->eb, p->previous, false);
			p->eb.cursor = p->eb.len;
		}
		return 0;
	}
	bool handled;
	line_key(d->ui, &p->eb, a, k, COLS, &handled);
	if (handled || k.kind != HY_KEY_CHAR || k.code < 0x20)
		return 0;
	if (p->digits_only && !(k.code >= '0' && k.code <= '9'))
		p->refusal = _("only digits");
	else
		hy_eb_insert(&p->eb, k.code);
	return 0;
}

hy_dialog *hy_prompt_open(hy_ui *ui, const char *title, const char *initial,
			  const char *previous, bool digits_only)
{
	prompt_box *p = hy_calloc(1, sizeof *p);
	p->d = (hy_dialog){.ui = ui, .draw = draw_prompt, .key = prompt_key, .timeout_ms = -1};
	p->title = hy_strdup(title);
	p->previous = previous && *previous ? hy_strdup(previous) : NULL;
	p->digits_only = digits_only;
	hy_eb_init(&p->eb, initial ? initial : "", false);
	p->eb.cursor = p->eb.len;
	return &p->d;
}

void hy_prompt_complete(hy_dialog *d, char *(*complete)(const char *text))
{
	((prompt_box *)d)->complete = complete;
}

char *hy_prompt_close(hy_dialog *d, int result)
{
	prompt_box *p = (prompt_box *)d;
	curs_set(0);
	char *s = result > 0 ? hy_eb_text(&p->eb) : NULL;
	hy_eb_free(&p->eb);
	free(p->title);
	free(p->previous);
	free(p);
	return s;
}

/* ---- questions ---- */

typedef struct {
	hy_dialog d;
	char *question;
	const char *keys;
	int answer;
} asker;

static void draw_ask(hy_dialog *d)
{
	asker *q = (asker *)d;
	int w = COLS - 8, x = 4;
	char **lines;
	size_t n = hy_wrap_text(q->question, w - 4, &lines);
	int h = (int)n + 2;
	int y = (LINES - h) / 2;
	hy_box(y, x, h, w, NULL, d->ui->ascii);
	for (size_t i = 0; i < n; i++)
		hy_draw(y + 1 + (int)i, x + 2, w - 4, lines[i], A_BOLD);
	hy_lines_free(lines, n);
	refresh();
}

static int ask_key(hy_dialog *d, hy_key k)
{
	asker *q = (asker *)d;
	if (k.kind == HY_KEY_EOF || hy_key_esc(k))
		return -1;
	if (k.kind != HY_KEY_CHAR)
		return 0;
	unsigned c = k.code >= 'A' && k.code <= 'Z' ? k.code + 32 : k.code;
	if (c >= 128 || !c || !strchr(q->keys, (int)c))
		return 0;
	q->answer = (int)c;
	return 1;
}

hy_dialog *hy_ask_open(hy_ui *ui, const char *question, const char *keys)
{
	asker *q = hy_calloc(1, sizeof *q);
	q->d = (hy_dialog){.ui = ui, .draw = draw_ask, .key = ask_key, .timeout_ms = -1};
	q->question = hy_strdup(question);
	q->keys = keys;
	return &q->d;
}

int hy_ask_close(hy_dialog *d, int result)
{
	asker *q = (asker *)d;
	int answer = result > 0 ? q->answer : 0;
	free(q->question);
	free(q);
	return answer;
}

/* ---- text windows ---- */

typedef struct {
	hy_dialog d;
	char *title;
	char **lines;
	size_t n;
	int wrapped_for;   /* the width the lines were wrapped for */
	char *text;
	size_t top;
} text_view;

static int text_rows(void)
{
	return LINES - 2 - 3;
}

static void draw_text(hy_dialog *d)
{
	text_view *v = (text_view *)d;
	int h = LINES - 2, w = COLS - 4, y = 1, x = 2;
	if (v->wrapped_for != w - 4) {
		hy_lines_free(v->lines, v->n);
		v->n = hy_wrap_text(v->text, w - 4, &v->lines);
		v->wrapped_for = w - 4;
	}
	hy_box(y, x, h, w, v->title, d->ui->ascii);
	int rows = text_rows();
	if (v->top + (size_t)rows > v->n)
		v->top = v->n > (size_t)rows ? v->n - (size_t)rows : 0;
	for (int r = 0; r < rows && v->top + (size_t)r < v->n; r++)
		hy_draw(y + 1 + r, x + 2, w - 4, v->lines[v->top + (size_t)r], A_NORMAL);
	if (v->top > 0)
		hy_draw(y + 1, x + w - 2, 1, "^", A_BOLD);
	if (v->top + (size_t)rows < v->n)
		hy_draw(y + rows, x + w - 2, 1, "v", A_BOLD);
	hy_draw(y + h - 2, x + 2, w - 4, _("Up/Down PgUp/PgDn: scroll  q/Esc/Enter: close"),
		hy_attr_dim(d->ui));
	refresh();
}

static int text_key(hy_dialog *d, hy_key k)
{
	text_view *v = (text_view *)d;
	hy_action a = hy_key_action(k, HY_CTX_LIST);
	size_t page = (size_t)text_rows();
	if (k.kind == HY_KEY_EOF || a == HY_ACT_CANCEL || a == HY_ACT_CONFIRM)
		return 1;
	if (a == HY_ACT_DOWN)
		v->top++;
	else if (a == HY_ACT_UP && v->top)
		v->top--;
	else if (a == HY_ACT_PAGE_DOWN || a == HY_ACT_TOGGLE)
		v->top += page;
	else if (a == HY_ACT_PAGE_UP)
		v->top = v->top > page ? v->top - page : 0;
	else if (a == HY_ACT_FIRST)
		v->top = 0;
	else if (a == HY_ACT_LAST)
		v->top = v->n;
	d->drawn = false;
	return 0;
}

hy_dialog *hy_text_open(hy_ui *ui, const char *title, const char *text, size_t top)
{
	text_view *v = hy_calloc(1, sizeof *v);
	v->d = (hy_dialog){.ui = ui, .draw = draw_text, .key = text_key, .timeout_ms = -1};
	v->title = hy_strdup(title);
	v->text = hy_strdup(text);
	v->wrapped_for = -1;
	v->top = top;
	return &v->d;
}

void hy_text_close(hy_dialog *d)
{
	text_view *v = (text_view *)d;
	hy_lines_free(v->lines, v->n);
	free(v->text);
	free(v->title);
	free(v);
}
