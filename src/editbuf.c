#include "hyoka/editbuf.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void changed(hy_editbuf *eb, size_t from)
{
	if (from < eb->changed_from)
		eb->changed_from = from;
}

void hy_eb_init(hy_editbuf *eb, const char *utf8, bool multiline)
{
	memset(eb, 0, sizeof *eb);
	eb->multiline = multiline;
	if (utf8)
		hy_eb_insert_text(eb, utf8, strlen(utf8));
	eb->cursor = eb->len;
}

void hy_eb_free(hy_editbuf *eb)
{
	free(eb->cp);
	free(eb->u8);
	memset(eb, 0, sizeof *eb);
}

static size_t encoded_len(uint32_t c)
{
	return 1 + (c >= 0x80) + (c >= 0x800) + (c >= 0x10000);
}

/* The byte offset of character i in the UTF-8 copy.  Walks from the last
 * offset asked for: edits come at the cursor, so the walk is short. */
static size_t byte_at(hy_editbuf *eb, size_t i)
{
	size_t b = eb->sync_byte;
	for (size_t k = eb->sync_index; k < i; k++)
		b += encoded_len(eb->cp[k]);
	for (size_t k = i; k < eb->sync_index; k++)
		b -= encoded_len(eb->cp[k]);
	eb->sync_index = i;
	eb->sync_byte = b;
	return b;
}

/* Replaces `remove` bytes at `at` of the UTF-8 copy with `add` bytes. */
static void splice_utf8(hy_editbuf *eb, size_t at, size_t remove, const char *add, size_t n)
{
	size_t need = eb->u8_len - remove + n + 1;
	if (need > eb->u8_cap) {
		size_t cap = eb->u8_cap ? eb->u8_cap : 64;
		while (cap < need)
			cap *= 2;
		eb->u8 = hy_realloc(eb->u8, cap);
		eb->u8_cap = cap;
	}
	memmove(eb->u8 + at + n, eb->u8 + at + remove, eb->u8_len - at - remove + 1);
	memcpy(eb->u8 + at, add, n);
	eb->u8_len = eb->u8_len - remove + n;
}

/* Removes characters [from, to), from both copies. */
static void remove_range(hy_editbuf *eb, size_t from, size_t to)
{
	size_t b_from = byte_at(eb, from), b_to = byte_at(eb, to);
	splice_utf8(eb, b_from, b_to - b_from, "", 0);
	memmove(eb->cp + from, eb->cp + to, (eb->len - to) * sizeof *eb->cp);
	eb->len -= to - from;
	eb->sync_index = from;
	eb->sync_byte = b_from;
	changed(eb, from);
}

char *hy_eb_text(const hy_editbuf *eb)
{
	/* runs on every keystroke: the UTF-8 copy is kept up to date by each
	 * edit, so this is one copy, not an encoding of the whole field */
	char *out = hy_malloc(eb->u8_len + 1);
	if (eb->u8_len)
		memcpy(out, eb->u8, eb->u8_len);
	out[eb->u8_len] = '\0';
	return out;
}

static void insert_raw(hy_editbuf *eb, uint32_t cp)
{
	char enc[4];
	size_t at = byte_at(eb, eb->cursor);
	splice_utf8(eb, at, 0, enc, hy_utf8_encode(cp, enc));
	eb->sync_index = eb->cursor + 1;
	eb->sync_byte = at + encoded_len(cp);
	hy_grow((void **)&eb->cp, &eb->cap, eb->len, sizeof *eb->cp);
	memmove(eb->cp + eb->cursor + 1, eb->cp + eb->cursor,
		(eb->len - eb->cursor) * sizeof *eb->cp);
	changed(eb, eb->cursor);
	eb->cp[eb->cursor++] = cp;
	eb->len++;
}

bool hy_eb_insert(hy_editbuf *eb, uint32_t cp)
{
	if (cp == '\n' && !eb->multiline)
		return false;
	if (cp != '\n' && hy_cp_is_control(cp))
		return false;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	insert_raw(eb, cp);
	return true;
}

void hy_eb_insert_text(hy_editbuf *eb, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		i += len;
		if (cp == '\r') {
			if (i < n && s[i] == '\n')
				continue;
			cp = '\n';
		}
		if (cp == '\t')
			cp = ' ';
		if (cp == '\n' && !eb->multiline)
			cp = ' ';
		hy_eb_insert(eb, cp);
	}
}

bool hy_eb_backspace(hy_editbuf *eb)
{
	if (eb->cursor == 0)
		return false;
	eb->cursor--;
	return hy_eb_delete(eb);
}

bool hy_eb_delete(hy_editbuf *eb)
{
	if (eb->cursor >= eb->len)
		return false;
	remove_range(eb, eb->cursor, eb->cursor + 1);
	return true;
}

void hy_eb_left(hy_editbuf *eb)
{
	if (eb->cursor > 0)
		eb->cursor--;
}

void hy_eb_right(hy_editbuf *eb)
{
	if (eb->cursor < eb->len)
		eb->cursor++;
}

/* Character classes for word moves: Japanese has no spaces, so a "word" is
 * a run of one script. */
static int char_class(uint32_t c)
{
	if (c == ' ' || c == '\n' || c == 0x3000)
		return 0;
	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= 0xFF10 && c <= 0xFF5A) || c == '_')
		return 1;
	if (c >= 0x3041 && c <= 0x309F)
		return 2; /* hiragana */
	if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F))
		return 3; /* katakana */
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005)
		return 4; /* kanji */
	return 5; /* punctuation and the rest */
}

void hy_eb_word_right(hy_editbuf *eb)
{
	size_t i = eb->cursor;
	if (i >= eb->len)
		return;
	int cls = char_class(eb->cp[i]);
	while (i < eb->len && char_class(eb->cp[i]) == cls && cls != 0)
		i++;
	while (i < eb->len && char_class(eb->cp[i]) == 0)
		i++;
	if (i == eb->cursor)
		i++;
	eb->cursor = i;
}

void hy_eb_word_left(hy_editbuf *eb)
{
	size_t i = eb->cursor;
	while (i > 0 && char_class(eb->cp[i - 1]) == 0)
		i--;
	if (i == 0) {
		eb->cursor = 0;
		return;
	}
	int cls = char_class(eb->cp[i - 1]);
	while (i > 0 && char_class(eb->cp[i - 1]) == cls)
		i--;
	eb->cursor = i;
}

typedef struct {
	hy_eb_line *items;
	size_t n, cap;
} line_vec;

static void push(line_vec *v, size_t start, size_t end)
{
	hy_grow((void **)&v->items, &v->cap, v->n, sizeof *v->items);
	v->items[v->n].start = start;
	v->items[v->n].end = end;
	v->n++;
}

/* One display line: [start, end) is shown, the next line starts at `next`
 * (end + 1 after a '\n', end at a soft wrap, len + 1 after the last line). */
typedef struct {
	size_t start, end, next;
} span;

/* A soft wrap before i, moved back (up to two characters) so that no line
 * starts with "。" or "）" and none ends with "（": the renderer's 禁則. */
static size_t kinsoku_break(const hy_editbuf *eb, size_t start, size_t i)
{
	size_t b = i;
	for (int k = 0; k < 2 && b > start + 1; k++) {
		if (!hy_kinsoku_no_start(eb->cp[b]) && !hy_kinsoku_no_end(eb->cp[b - 1]))
			break;
		b--;
	}
	return b;
}

/* Greedy wrapping: a line depends only on where it starts, so any line start
 * is a valid place to begin a layout. */
static span line_from(const hy_editbuf *eb, size_t start, int width)
{
	int w = 0;
	for (size_t i = start; i < eb->len; i++) {
		uint32_t c = eb->cp[i];
		if (c == '\n')
			return (span){start, i, i + 1};
		int cw = hy_cp_width(c);
		if (w + cw > width && i > start) {
			size_t b = kinsoku_break(eb, start, i);
			return (span){start, b, b};
		}
		w += cw;
	}
	return (span){start, eb->len, eb->len + 1};
}

/* At a soft wrap, a position belongs to the next line. */
static bool holds(span l, size_t pos)
{
	return l.start <= pos && (pos < l.end || (pos == l.end && l.next != l.end));
}

static size_t paragraph_start(const hy_editbuf *eb, size_t i)
{
	while (i > 0 && eb->cp[i - 1] != '\n')
		i--;
	return i;
}

/* The display line holding pos, laid out from its paragraph's start only. */
static span line_holding(const hy_editbuf *eb, size_t pos, int width)
{
	span l = line_from(eb, paragraph_start(eb, pos), width);
	while (!holds(l, pos))
		l = line_from(eb, l.next, width);
	return l;
}

static int clamp_width(int width)
{
	return width < 2 ? 2 : width;
}

static int width_between(const hy_editbuf *eb, size_t from, size_t to)
{
	int col = 0;
	for (size_t i = from; i < to; i++)
		col += hy_cp_width(eb->cp[i]);
	return col;
}

size_t hy_eb_layout(const hy_editbuf *eb, int width, hy_eb_line **lines, size_t *cur_line,
		    int *cur_col)
{
	width = clamp_width(width);
	line_vec v = {0};
	size_t line = 0;
	span l = {0, 0, 0};
	do {
		l = line_from(eb, l.next, width);
		if (holds(l, eb->cursor))
			line = v.n;
		push(&v, l.start, l.end);
	} while (l.next <= eb->len);
	if (cur_line)
		*cur_line = line;
	if (cur_col)
		*cur_col = width_between(eb, v.items[line].start, eb->cursor);
	*lines = v.items;
	return v.n;
}

/* Where the top line starts is kept as a character index, valid while the
 * text before it is unchanged: edits happen at the cursor, which is shown, so
 * only an edit at the very top of the window moves it (or within the two
 * characters after it that 禁則 looks at when breaking the line above). */
static void settle_top(hy_editbuf *eb, hy_eb_view *view, int width)
{
	if (view->top > eb->len || eb->changed_from <= view->top + 2)
		view->top = line_holding(eb, view->top > eb->len ? eb->len : view->top, width).start;
	else if (view->width != width)
		view->top = paragraph_start(eb, view->top);
	view->width = width;
	eb->changed_from = SIZE_MAX;
	if (eb->cursor < view->top)
		view->top = line_holding(eb, eb->cursor, width).start;
}

/* Scrolls down as little as shows the cursor's line at the bottom: the starts
 * of the last `rows` lines are kept in a ring while walking to the cursor. */
static void scroll_to_cursor(const hy_editbuf *eb, hy_eb_view *view, int width, size_t rows,
			     size_t *ring)
{
	span l = line_from(eb, view->top, width);
	size_t k = 0;
	for (;; k++) {
		ring[k % rows] = l.start;
		if (holds(l, eb->cursor) || l.next > eb->len)
			break;
		l = line_from(eb, l.next, width);
	}
	if (k >= rows)
		view->top = ring[(k - rows + 1) % rows];
}

size_t hy_eb_view_layout(hy_editbuf *eb, hy_eb_view *view, int width, int rows,
			 hy_eb_line **lines, size_t *cur_row, int *cur_col, bool *more_below)
{
	width = clamp_width(width);
	size_t nrows = rows < 1 ? 1 : (size_t)rows;
	settle_top(eb, view, width);
	size_t *ring = hy_calloc(nrows, sizeof *ring);
	scroll_to_cursor(eb, view, width, nrows, ring);
	free(ring);
	hy_eb_line *out = hy_calloc(nrows, sizeof *out);
	size_t n = 0;
	span l = {0, 0, view->top};
	*cur_row = 0;
	*cur_col = 0;
	while (n < nrows && l.next <= eb->len) {
		l = line_from(eb, l.next, width);
		if (holds(l, eb->cursor)) {
			*cur_row = n;
			*cur_col = width_between(eb, l.start, eb->cursor);
		}
		out[n].start = l.start;
		out[n].end = l.end;
		n++;
	}
	*more_below = l.next <= eb->len;
	*lines = out;
	return n;
}

static size_t index_at_col(const hy_editbuf *eb, span l, int col)
{
	int w = 0;
	size_t i = l.start;
	while (i < l.end) {
		int cw = hy_cp_width(eb->cp[i]);
		if (w + cw > col)
			break;
		w += cw;
		i++;
	}
	return i;
}

/* The line before l (which must not start the text). */
static span line_before(const hy_editbuf *eb, span l, int width)
{
	span p = line_from(eb, paragraph_start(eb, l.start - 1), width);
	while (p.next != l.start)
		p = line_from(eb, p.next, width);
	return p;
}

static void vertical(hy_editbuf *eb, int width, int delta)
{
	width = clamp_width(width);
	span cur = line_holding(eb, eb->cursor, width);
	int col = width_between(eb, cur.start, eb->cursor);
	if (delta < 0 && cur.start == 0)
		eb->cursor = 0;
	else if (delta < 0)
		eb->cursor = index_at_col(eb, line_before(eb, cur, width), col);
	else if (cur.next > eb->len)
		eb->cursor = cur.end;
	else
		eb->cursor = index_at_col(eb, line_from(eb, cur.next, width), col);
}

void hy_eb_up(hy_editbuf *eb, int width)
{
	vertical(eb, width, -1);
}

void hy_eb_down(hy_editbuf *eb, int width)
{
	vertical(eb, width, 1);
}

void hy_eb_home(hy_editbuf *eb, int width)
{
	eb->cursor = line_holding(eb, eb->cursor, clamp_width(width)).start;
}

void hy_eb_end(hy_editbuf *eb, int width)
{
	eb->cursor = line_holding(eb, eb->cursor, clamp_width(width)).end;
}

void hy_eb_kill_line(hy_editbuf *eb, int width)
{
	size_t end = line_holding(eb, eb->cursor, clamp_width(width)).end;
	if (end == eb->cursor && end < eb->len) /* at the end: join with the next line */
		end++;
	if (end == eb->cursor)
		return;
	remove_range(eb, eb->cursor, end);
}
