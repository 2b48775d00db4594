#include "hyoka/widgets.h"
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

static void queue_push(hy_tui *t, unsigned code)
{
	hy_grow((void **)&t->queue, &t->q_cap, t->q_len, sizeof *t->queue);
	t->queue[t->q_len++] = code;
}

static const struct {
	const char *name;
	unsigned code;
} key_names[] = {
	{"Enter", '\r'}, {"Tab", '\t'}, {"Esc", 27}, {"Space", ' '},
	{"BTab", FUNC_BIT | KEY_BTAB}, {"Up", FUNC_BIT | KEY_UP}, {"Down", FUNC_BIT | KEY_DOWN},
	{"Left", FUNC_BIT | KEY_LEFT}, {"Right", FUNC_BIT | KEY_RIGHT},
	{"PgUp", FUNC_BIT | KEY_PPAGE}, {"PgDn", FUNC_BIT | KEY_NPAGE},
	{"Home", FUNC_BIT | KEY_HOME}, {"End", FUNC_BIT | KEY_END},
	{"Backspace", FUNC_BIT | KEY_BACKSPACE}, {"Delete", FUNC_BIT | KEY_DC},
	{"Insert", FUNC_BIT | KEY_IC},
};

static bool script_key(hy_tui *t, const char *name)
{
	for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++)
		if (strcmp(name, key_names[i].name) == 0) {
			queue_push(t, key_names[i].code);
			return true;
		}
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		queue_push(t, FUNC_BIT | (unsigned)KEY_F(atoi(name + 1)));
		return true;
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3]) {
		queue_push(t, (unsigned)(name[2] - 'a' + 1));
		return true;
	}
	return false;
}

static void queue_text(hy_tui *t, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		/* "\n" in a script means a line break */
		if (cp == '\\' && i + 1 < n && s[i + 1] == 'n') {
			cp = '\r';
			len = 2;
		}
		queue_push(t, cp);
		i += len;
	}
}

/* Reads script lines until something is queued; false at the end. */
static bool script_fill(hy_tui *t)
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
			queue_text(t, arg);
		} else if (strcmp(line, "key") == 0 && arg) {
			for (char *k = strtok(arg, " "); k; k = strtok(NULL, " "))
				if (!script_key(t, k))
					fprintf(stderr, "script:%d: unknown key '%s'\n", t->script_line, k);
		} else if (strcmp(line, "paste") == 0 && arg) {
			queue_push(t, FUNC_BIT | HY_KEY_PASTE_START);
			queue_text(t, arg);
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

static bool stop_requested(const hy_tui *t)
{
	return t->stopping || (t->stop_signal && *t->stop_signal);
}

static hy_key read_raw(hy_tui *t, int timeout_ms)
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

hy_key hy_read_key(hy_tui *t, int timeout_ms)
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

bool hy_key_is(hy_key k, unsigned code)
{
	return k.kind == HY_KEY_FUNC && k.code == code;
}

bool hy_key_enter(hy_key k)
{
	return (k.kind == HY_KEY_CHAR && (k.code == '\r' || k.code == '\n')) ||
	       hy_key_is(k, KEY_ENTER);
}

bool hy_key_ctrl(hy_key k, char letter)
{
	return k.kind == HY_KEY_CHAR && k.code == (unsigned)(letter - 'a' + 1);
}

static bool key_esc(hy_key k)
{
	return k.kind == HY_KEY_CHAR && k.code == 27;
}

static bool key_confirm(hy_key k)
{
	return hy_key_ctrl(k, 'd') || hy_key_is(k, KEY_F(2)) || hy_key_ctrl(k, 's');
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
		if (cp == '\n' || cp == '\t' || cp < 0x20)
			cp = ' ';
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

int hy_attr_title(const hy_tui *t)
{
	return t->color ? (int)(COLOR_PAIR(1) | A_BOLD) : (int)A_REVERSE;
}

int hy_attr_select(const hy_tui *t)
{
	return t->color ? (int)(COLOR_PAIR(2)) : (int)A_REVERSE;
}

int hy_attr_error(const hy_tui *t)
{
	return t->color ? (int)(COLOR_PAIR(3) | A_BOLD) : (int)A_BOLD;
}

int hy_attr_warning(const hy_tui *t)
{
	return t->color ? (int)(COLOR_PAIR(4)) : (int)A_UNDERLINE;
}

int hy_attr_dim(const hy_tui *t)
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

void hy_set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(t->message);
	t->message = hy_vprintf(fmt, ap);
	t->message_kind = kind;
	va_end(ap);
}

static void background(hy_tui *t)
{
	if (t->draw_background)
		t->draw_background(t);
}

/* ---- the field editor ---- */

typedef struct hy_field_editor {
	hy_tui *t;
	hy_value *v;
	hy_editbuf eb;
	hy_eb_view view;  /* where the shown lines start */
	const char *refusal;
	bool drawn;       /* the background is on screen; only the box changes per key */
	char *before;     /* the value when the editor opened, for Esc */
	bool was_modified;
} field_editor;

static bool is_date_char(uint32_t c)
{
	static const char *const ok = "0123456789０１２３４５６７８９-年月日元令和平成昭大正明治";
	size_t n = strlen(ok);
	const char *p = ok;
	while (n > 0) {
		uint32_t x;
		size_t len = hy_utf8_decode(p, n, &x);
		if (x == c)
			return true;
		p += len;
		n -= len;
	}
	return false;
}

/* int and date fields refuse what cannot be part of a number or a date. */
static const char *refuse(const field_editor *e, uint32_t c)
{
	const hy_fnode *f = e->v->f;
	if (f->type == HY_INT && !((c >= '0' && c <= '9') || (c == '-' && e->eb.cursor == 0)))
		return _("only digits: this field is a whole number");
	if (f->type == HY_DATE && !f->date_notes && !is_date_char(c))
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
		hy_set_list(e->t->doc, e->v, items, n);
		free(items);
		free(text);
	} else {
		hy_set_text_owned(e->t->doc, e->v, text);
	}
}

static void issue_line(hy_tui *t, const hy_value *v, int y, int x, int w)
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

static void draw_editor(field_editor *e)
{
	hy_tui *t = e->t;
	/* the box covers its area, so the screen behind it is drawn only once
	 * (and after a resize): a keystroke sends only the cells it changes */
	if (!e->drawn)
		background(t);
	e->drawn = true;
	int y, h;
	editor_geometry(e, &y, &h);
	int w = COLS;
	hy_box(y, 0, h, w, e->v->f->label, t->ascii);
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
	if (e->refusal)
		hy_draw(y + h - 3, 2, inner, e->refusal, hy_attr_error(t));
	else
		issue_line(t, e->v, y + h - 3, 2, inner);
	const char *keys = e->eb.multiline
		? _("Enter: new line  Ctrl-D/F2: done  Esc: cancel  Ctrl-K: cut line")
		: _("Enter: done  Esc: cancel  Ctrl-A/E: start/end");
	hy_draw(y + h - 2, 2, inner, keys, hy_attr_dim(t));
	move(area_top + (int)cur_row, 2 + cur_col);
	curs_set(1);
	refresh();
}

static void paste(field_editor *e)
{
	hy_buf b;
	hy_buf_init(&b);
	for (;;) {
		hy_key k = read_raw(e->t, 1000);
		if (k.kind == HY_KEY_EOF || k.kind == HY_KEY_NONE ||
		    hy_key_is(k, HY_KEY_PASTE_END))
			break;
		if (k.kind != HY_KEY_CHAR)
			continue;
		char enc[4];
		uint32_t c = k.code == '\r' ? '\n' : k.code;
		hy_buf_add(&b, enc, hy_utf8_encode(c, enc));
	}
	if (b.data)
		hy_eb_insert_text(&e->eb, b.data, b.len);
	hy_buf_free(&b);
}

/* One key; returns 1 to confirm, -1 to cancel, 0 to go on. */
static int editor_key(field_editor *e, hy_key k, int width)
{
	hy_editbuf *eb = &e->eb;
	e->refusal = NULL;
	/* stopped by a signal or a lost terminal: keep what was typed, so that
	 * the recovery file has it */
	if (k.kind == HY_KEY_EOF && e->t->stopping)
		return 1;
	if (key_esc(k) || k.kind == HY_KEY_EOF)
		return -1;
	if (key_confirm(k) || (hy_key_enter(k) && !eb->multiline))
		return 1;
	bool changed = false;
	if (hy_key_enter(k))
		changed = hy_eb_insert(eb, '\n');
	else if (hy_key_is(k, HY_KEY_PASTE_START)) {
		paste(e);
		changed = true;
	} else if (hy_key_is(k, KEY_BACKSPACE) || (k.kind == HY_KEY_CHAR && (k.code == 127 || k.code == 8)))
		changed = hy_eb_backspace(eb);
	else if (hy_key_is(k, KEY_DC))
		changed = hy_eb_delete(eb);
	else if (hy_key_is(k, KEY_LEFT) || hy_key_ctrl(k, 'b'))
		hy_eb_left(eb);
	else if (hy_key_is(k, KEY_RIGHT) || hy_key_ctrl(k, 'f'))
		hy_eb_right(eb);
	else if (hy_key_is(k, KEY_SLEFT) || hy_key_is(k, 545 /* C-Left */))
		hy_eb_word_left(eb);
	else if (hy_key_is(k, KEY_SRIGHT) || hy_key_is(k, 560 /* C-Right */))
		hy_eb_word_right(eb);
	else if (hy_key_is(k, KEY_UP))
		hy_eb_up(eb, width);
	else if (hy_key_is(k, KEY_DOWN))
		hy_eb_down(eb, width);
	else if (hy_key_is(k, KEY_HOME) || hy_key_ctrl(k, 'a'))
		hy_eb_home(eb, width);
	else if (hy_key_is(k, KEY_END) || hy_key_ctrl(k, 'e'))
		hy_eb_end(eb, width);
	else if (hy_key_is(k, KEY_PPAGE))
		for (int i = 0; i < 10; i++)
			hy_eb_up(eb, width);
	else if (hy_key_is(k, KEY_NPAGE))
		for (int i = 0; i < 10; i++)
			hy_eb_down(eb, width);
	else if (hy_key_ctrl(k, 'k')) {
		hy_eb_kill_line(eb, width);
		changed = true;
	} else if (k.kind == HY_KEY_CHAR && k.code >= 0x20) {
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
	return hy_buf_take(&b);
}

hy_field_editor *hy_field_editor_open(hy_tui *t, hy_value *v)
{
	const hy_fnode *f = v->f;
	field_editor *e = hy_calloc(1, sizeof *e);
	e->t = t;
	e->v = v;
	e->before = f->type == HY_LIST ? list_text(v) : hy_strdup(v->s ? v->s : "");
	e->was_modified = t->doc->modified;
	hy_eb_init(&e->eb, e->before, f->type == HY_LONGTEXT || f->type == HY_LIST);
	return e;
}

int hy_field_editor_key(hy_field_editor *e, hy_key k)
{
	if (hy_key_is(k, KEY_RESIZE)) {
		e->drawn = false;
		return 0;
	}
	return editor_key(e, k, COLS - 4);
}

void hy_field_editor_draw(hy_field_editor *e)
{
	draw_editor(e);
}

void hy_field_editor_close(hy_field_editor *e, bool confirmed)
{
	hy_tui *t = e->t;
	curs_set(0);
	char *after = hy_eb_text(&e->eb);
	if (!confirmed) {
		/* Esc restores the old value, and the modified mark with it */
		bool multi = e->eb.multiline;
		hy_eb_free(&e->eb);
		hy_eb_init(&e->eb, e->before, multi);
		e->view = (hy_eb_view){0};
		apply(e);
		t->doc->modified = e->was_modified;
	} else if (strcmp(after, e->before) == 0) {
		t->doc->modified = e->was_modified;
	}
	free(after);
	free(e->before);
	hy_eb_free(&e->eb);
	free(e);
}

bool hy_edit_field(hy_tui *t, hy_value *v)
{
	hy_field_editor *e = hy_field_editor_open(t, v);
	int result = 0;
	while (result == 0) {
		hy_field_editor_draw(e);
		result = hy_field_editor_key(e, hy_read_key(t, -1));
	}
	hy_field_editor_close(e, result > 0);
	return result > 0;
}

/* ---- menus ---- */

/* A vertical list in a box; draw_item draws item i at (y, x, w). */
typedef struct {
	const char *title;
	size_t n;
	size_t sel, top;
	bool drawn;
	void (*draw_item)(void *ctx, size_t i, int y, int x, int w, bool selected);
	void *ctx;
	const char *keys;
} list_box;

static void draw_list_box(hy_tui *t, list_box *lb)
{
	if (!lb->drawn)
		background(t);
	lb->drawn = true;
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
	hy_draw(y + h - 2, x + 2, w - 4, lb->keys, hy_attr_dim(t));
	refresh();
}

static bool list_nav(list_box *lb, hy_key k)
{
	if ((hy_key_is(k, KEY_UP) || (k.kind == HY_KEY_CHAR && k.code == 'k')) && lb->sel > 0)
		lb->sel--;
	else if ((hy_key_is(k, KEY_DOWN) || (k.kind == HY_KEY_CHAR && k.code == 'j')) &&
		 lb->sel + 1 < lb->n)
		lb->sel++;
	else if (hy_key_is(k, KEY_HOME))
		lb->sel = 0;
	else if (hy_key_is(k, KEY_END))
		lb->sel = lb->n ? lb->n - 1 : 0;
	else if (hy_key_is(k, KEY_PPAGE))
		lb->sel = lb->sel > 10 ? lb->sel - 10 : 0;
	else if (hy_key_is(k, KEY_NPAGE))
		lb->sel = lb->sel + 10 < lb->n ? lb->sel + 10 : (lb->n ? lb->n - 1 : 0);
	else
		return false;
	return true;
}

typedef struct {
	hy_tui *t;
	const hy_list *list;
	int current;
} choice_ctx;

static void draw_choice_item(void *ctx, size_t i, int y, int x, int w, bool selected)
{
	choice_ctx *c = ctx;
	char *num = hy_list_number(c->list, i);
	const char *mark = (int)i == c->current ? (c->t->ascii ? "* " : "● ") : "  ";
	char *line = hy_printf("%s%s%s", mark, num, c->list->options[i].text);
	hy_draw(y, x, w, line, selected ? hy_attr_select(c->t) : (int)A_NORMAL);
	free(line);
	free(num);
}

int hy_choose(hy_tui *t, const hy_fnode *f, int current)
{
	choice_ctx c = {.t = t, .list = f->list, .current = current};
	list_box lb = {.title = f->label, .n = f->list->n_options, .draw_item = draw_choice_item,
		       .ctx = &c,
		       .keys = _("Up/Down: move  Enter or number: choose  Delete: clear  Esc: cancel")};
	lb.sel = current >= 0 ? (size_t)current : 0;
	unsigned typed = 0;
	for (;;) {
		draw_list_box(t, &lb);
		hy_key k = hy_read_key(t, typed ? 800 : -1);
		if (k.kind == HY_KEY_NONE && typed) /* a number that needs no second digit */
			return typed <= lb.n ? (int)typed - 1 : -1;
		if (hy_key_is(k, KEY_RESIZE))
			lb.drawn = false;
		if (hy_key_is(k, KEY_RESIZE) || list_nav(&lb, k))
			continue;
		if (key_esc(k) || k.kind == HY_KEY_EOF || (k.kind == HY_KEY_CHAR && k.code == 'q'))
			return -1;
		if (hy_key_is(k, KEY_DC))
			return -2;
		if (hy_key_enter(k))
			return typed ? (typed <= lb.n ? (int)typed - 1 : -1) : (int)lb.sel;
		if (k.kind == HY_KEY_CHAR && k.code >= '0' && k.code <= '9') {
			typed = typed * 10 + (k.code - '0');
			/* pick at once when no longer number starts with these digits */
			if (typed >= 1 && typed <= lb.n && typed * 10 > lb.n)
				return (int)typed - 1;
			if (typed > lb.n)
				typed = 0;
			else if (typed >= 1)
				lb.sel = typed - 1;
		}
	}
}

/* ---- checklists ---- */

typedef struct {
	hy_tui *t;
	hy_value *v;
} checks_ctx;

static void draw_check_item(void *ctx, size_t i, int y, int x, int w, bool selected)
{
	checks_ctx *c = ctx;
	const hy_option *o = &c->v->f->list->options[i];
	bool on = c->v->checked[i];
	const char *box = c->t->ascii ? (on ? "[x] " : "[ ] ") : (on ? "[○] " : "[  ] ");
	hy_buf b;
	hy_buf_init(&b);
	if (o->group)
		hy_buf_addf(&b, "%s ", o->group);
	hy_buf_addf(&b, "%s%s", box, o->text);
	if (o->detail == HY_DETAIL_TEXT)
		hy_buf_addf(&b, " （ %s ）", on && c->v->details[i] ? c->v->details[i] : "");
	else if (o->detail == HY_DETAIL_COUNT)
		hy_buf_addf(&b, " （ %s ） 件", on && c->v->details[i] ? c->v->details[i] : "");
	hy_draw(y, x, w, b.data, selected ? hy_attr_select(c->t) : (int)A_NORMAL);
	hy_buf_free(&b);
}

static void ask_detail(hy_tui *t, hy_value *v, size_t i)
{
	const hy_option *o = &v->f->list->options[i];
	char *title = hy_printf(o->detail == HY_DETAIL_COUNT ? _("%s: how many (件)?")
							     : _("%s: the text in （ ）"),
				o->text);
	char *ans = hy_prompt(t, title, v->details[i], o->detail == HY_DETAIL_COUNT);
	if (ans)
		hy_set_check(t->doc, v, i, true, ans);
	free(ans);
	free(title);
}

bool hy_edit_checks(hy_tui *t, hy_value *v)
{
	const hy_list *list = v->f->list;
	size_t n = list->n_options;
	bool *old_on = hy_calloc(n, sizeof *old_on);
	char **old_detail = hy_calloc(n, sizeof *old_detail);
	for (size_t i = 0; i < n; i++) {
		old_on[i] = v->checked[i];
		old_detail[i] = v->details[i] ? hy_strdup(v->details[i]) : NULL;
	}
	bool was_modified = t->doc->modified;
	checks_ctx c = {.t = t, .v = v};
	list_box lb = {.title = v->f->label, .n = n, .draw_item = draw_check_item, .ctx = &c,
		       .keys = _("Space: check  e: edit （ ）  Enter: done  Esc: cancel")};
	int result = 0;
	while (result == 0) {
		draw_list_box(t, &lb);
		hy_key k = hy_read_key(t, -1);
		if (hy_key_is(k, KEY_RESIZE))
			lb.drawn = false;
		if (hy_key_is(k, KEY_RESIZE) || list_nav(&lb, k))
			continue;
		if (key_esc(k) || k.kind == HY_KEY_EOF)
			result = -1;
		else if (hy_key_enter(k) || key_confirm(k))
			result = 1;
		else if (k.kind == HY_KEY_CHAR && (k.code == ' ' || k.code == 'x')) {
			bool on = !v->checked[lb.sel];
			hy_set_check(t->doc, v, lb.sel, on, NULL);
			if (on && list->options[lb.sel].detail != HY_DETAIL_NONE) {
				ask_detail(t, v, lb.sel);
				lb.drawn = false;
			}
		} else if (k.kind == HY_KEY_CHAR && k.code == 'e' && v->checked[lb.sel] &&
			   list->options[lb.sel].detail != HY_DETAIL_NONE) {
			ask_detail(t, v, lb.sel);
			lb.drawn = false;
		}
	}
	if (result < 0) {
		for (size_t i = 0; i < n; i++)
			hy_set_check(t->doc, v, i, old_on[i], old_detail[i]);
		t->doc->modified = was_modified;
	}
	for (size_t i = 0; i < n; i++)
		free(old_detail[i]);
	free(old_detail);
	free(old_on);
	return result > 0;
}

/* ---- prompts and questions ---- */

char *hy_prompt(hy_tui *t, const char *title, const char *initial, bool digits_only)
{
	hy_editbuf eb;
	hy_eb_init(&eb, initial, false);
	const char *refusal = NULL;
	for (;;) {
		background(t);
		int h = 6, w = COLS - 8, y = (LINES - h) / 2, x = 4;
		hy_box(y, x, h, w, title, t->ascii);
		hy_eb_line *lines;
		size_t cur_line;
		int cur_col;
		int inner = w - 4;
		/* one line that scrolls sideways: show the tail around the cursor */
		size_t n = hy_eb_layout(&eb, inner - 1, &lines, &cur_line, &cur_col);
		hy_fill(y + 2, x + 2, inner, A_UNDERLINE);
		move(y + 2, x + 2);
		attrset(A_UNDERLINE);
		for (size_t i = lines[cur_line].start; i < lines[cur_line].end; i++) {
			wchar_t wc = (wchar_t)eb.cp[i];
			addnwstr(&wc, 1);
		}
		attrset(A_NORMAL);
		(void)n;
		free(lines);
		if (refusal)
			hy_draw(y + 3, x + 2, inner, refusal, hy_attr_error(t));
		hy_draw(y + 4, x + 2, inner, _("Enter: OK  Esc: cancel"), hy_attr_dim(t));
		move(y + 2, x + 2 + cur_col);
		curs_set(1);
		refresh();
		hy_key k = hy_read_key(t, -1);
		refusal = NULL;
		if (hy_key_is(k, KEY_RESIZE))
			continue;
		if (key_esc(k) || k.kind == HY_KEY_EOF) {
			curs_set(0);
			hy_eb_free(&eb);
			return NULL;
		}
		if (hy_key_enter(k)) {
			curs_set(0);
			char *s = hy_eb_text(&eb);
			hy_eb_free(&eb);
			return s;
		}
		if (hy_key_is(k, KEY_BACKSPACE) || (k.kind == HY_KEY_CHAR && (k.code == 127 || k.code == 8)))
			hy_eb_backspace(&eb);
		else if (hy_key_is(k, KEY_DC))
			hy_eb_delete(&eb);
		else if (hy_key_is(k, KEY_LEFT))
			hy_eb_left(&eb);
		else if (hy_key_is(k, KEY_RIGHT))
			hy_eb_right(&eb);
		else if (hy_key_is(k, KEY_HOME) || hy_key_ctrl(k, 'a'))
			eb.cursor = 0;
		else if (hy_key_is(k, KEY_END) || hy_key_ctrl(k, 'e'))
			eb.cursor = eb.len;
		else if (hy_key_is(k, HY_KEY_PASTE_START)) {
			field_editor e = {.t = t};
			e.eb = eb;
			paste(&e);
			eb = e.eb;
		} else if (k.kind == HY_KEY_CHAR && k.code >= 0x20) {
			if (digits_only && !(k.code >= '0' && k.code <= '9'))
				refusal = _("only digits");
			else
				hy_eb_insert(&eb, k.code);
		}
	}
}

int hy_ask(hy_tui *t, const char *question, const char *keys)
{
	for (;;) {
		background(t);
		int w = COLS - 8, x = 4;
		char **lines;
		size_t n = hy_wrap_text(question, w - 4, &lines);
		int h = (int)n + 2;
		int y = (LINES - h) / 2;
		hy_box(y, x, h, w, NULL, t->ascii);
		for (size_t i = 0; i < n; i++)
			hy_draw(y + 1 + (int)i, x + 2, w - 4, lines[i], A_BOLD);
		hy_lines_free(lines, n);
		refresh();
		hy_key k = hy_read_key(t, -1);
		if (k.kind == HY_KEY_EOF || key_esc(k))
			return 0;
		if (k.kind != HY_KEY_CHAR)
			continue;
		unsigned c = k.code >= 'A' && k.code <= 'Z' ? k.code + 32 : k.code;
		if (c < 128 && strchr(keys, (int)c))
			return (int)c;
	}
}

void hy_show_text(hy_tui *t, const char *title, const char *text)
{
	size_t top = 0;
	for (;;) {
		background(t);
		int h = LINES - 2, w = COLS - 4, y = 1, x = 2;
		hy_box(y, x, h, w, title, t->ascii);
		char **lines;
		size_t n = hy_wrap_text(text, w - 4, &lines);
		int rows = h - 3;
		if (top + (size_t)rows > n)
			top = n > (size_t)rows ? n - (size_t)rows : 0;
		for (int r = 0; r < rows && top + (size_t)r < n; r++)
			hy_draw(y + 1 + r, x + 2, w - 4, lines[top + (size_t)r], A_NORMAL);
		hy_lines_free(lines, n);
		hy_draw(y + h - 2, x + 2, w - 4, _("Up/Down PgUp/PgDn: scroll  q/Esc/Enter: close"),
			hy_attr_dim(t));
		refresh();
		hy_key k = hy_read_key(t, -1);
		if (k.kind == HY_KEY_EOF || key_esc(k) || hy_key_enter(k) ||
		    (k.kind == HY_KEY_CHAR && k.code == 'q'))
			return;
		if (hy_key_is(k, KEY_DOWN) || (k.kind == HY_KEY_CHAR && k.code == 'j'))
			top++;
		else if ((hy_key_is(k, KEY_UP) || (k.kind == HY_KEY_CHAR && k.code == 'k')) && top)
			top--;
		else if (hy_key_is(k, KEY_NPAGE) || (k.kind == HY_KEY_CHAR && k.code == ' '))
			top += (size_t)rows;
		else if (hy_key_is(k, KEY_PPAGE))
			top = top > (size_t)rows ? top - (size_t)rows : 0;
	}
}
