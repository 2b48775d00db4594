#include "hyoka/editbuf.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

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
	memset(eb, 0, sizeof *eb);
}

char *hy_eb_text(const hy_editbuf *eb)
{
	/* one allocation, encoded in place: this runs on every keystroke */
	char *out = hy_malloc(eb->len * 4 + 1);
	size_t n = 0;
	for (size_t i = 0; i < eb->len; i++) {
		uint32_t c = eb->cp[i];
		if (c < 0x80)
			out[n++] = (char)c;
		else
			n += hy_utf8_encode(c, out + n);
	}
	out[n] = '\0';
	return out;
}

static void insert_raw(hy_editbuf *eb, uint32_t cp)
{
	hy_grow((void **)&eb->cp, &eb->cap, eb->len, sizeof *eb->cp);
	memmove(eb->cp + eb->cursor + 1, eb->cp + eb->cursor,
		(eb->len - eb->cursor) * sizeof *eb->cp);
	eb->cp[eb->cursor++] = cp;
	eb->len++;
}

bool hy_eb_insert(hy_editbuf *eb, uint32_t cp)
{
	if (cp == '\n' && !eb->multiline)
		return false;
	if (cp != '\n' && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)))
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
	memmove(eb->cp + eb->cursor, eb->cp + eb->cursor + 1,
		(eb->len - eb->cursor - 1) * sizeof *eb->cp);
	eb->len--;
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

size_t hy_eb_layout(const hy_editbuf *eb, int width, hy_eb_line **lines, size_t *cur_line,
		    int *cur_col)
{
	line_vec v = {0};
	if (width < 2)
		width = 2;
	size_t start = 0;
	int w = 0;
	for (size_t i = 0; i <= eb->len; i++) {
		if (i == eb->len) {
			push(&v, start, i);
			break;
		}
		uint32_t c = eb->cp[i];
		if (c == '\n') {
			push(&v, start, i);
			start = i + 1;
			w = 0;
			continue;
		}
		int cw = hy_cp_width(c);
		if (w + cw > width && i > start) {
			push(&v, start, i);
			start = i;
			w = 0;
		}
		w += cw;
	}
	if (cur_line || cur_col) {
		size_t line = 0;
		for (size_t k = 0; k < v.n; k++)
			if (eb->cursor >= v.items[k].start &&
			    (eb->cursor <= v.items[k].end))
				line = k;
		/* at a soft wrap, the cursor belongs to the next line */
		for (size_t k = 0; k + 1 < v.n; k++)
			if (eb->cursor == v.items[k].end && v.items[k + 1].start == eb->cursor)
				line = k + 1;
		int col = 0;
		for (size_t i = v.items[line].start; i < eb->cursor; i++)
			col += hy_cp_width(eb->cp[i]);
		if (cur_line)
			*cur_line = line;
		if (cur_col)
			*cur_col = col;
	}
	*lines = v.items;
	return v.n;
}

static size_t index_at_col(const hy_editbuf *eb, const hy_eb_line *l, int col)
{
	int w = 0;
	size_t i = l->start;
	while (i < l->end) {
		int cw = hy_cp_width(eb->cp[i]);
		if (w + cw > col)
			break;
		w += cw;
		i++;
	}
	return i;
}

static void vertical(hy_editbuf *eb, int width, int delta)
{
	hy_eb_line *lines;
	size_t line;
	int col;
	size_t n = hy_eb_layout(eb, width, &lines, &line, &col);
	if ((delta < 0 && line > 0) || (delta > 0 && line + 1 < n))
		eb->cursor = index_at_col(eb, &lines[delta < 0 ? line - 1 : line + 1], col);
	else if (delta < 0)
		eb->cursor = lines[0].start;
	else
		eb->cursor = lines[n - 1].end;
	free(lines);
}

void hy_eb_up(hy_editbuf *eb, int width)
{
	vertical(eb, width, -1);
}

void hy_eb_down(hy_editbuf *eb, int width)
{
	vertical(eb, width, 1);
}

/* The bounds of the display line the cursor is on. */
static hy_eb_line cursor_line(const hy_editbuf *eb, int width)
{
	hy_eb_line *lines;
	size_t line;
	hy_eb_layout(eb, width, &lines, &line, NULL);
	hy_eb_line l = lines[line];
	free(lines);
	return l;
}

void hy_eb_home(hy_editbuf *eb, int width)
{
	eb->cursor = cursor_line(eb, width).start;
}

void hy_eb_end(hy_editbuf *eb, int width)
{
	eb->cursor = cursor_line(eb, width).end;
}

void hy_eb_kill_line(hy_editbuf *eb, int width)
{
	size_t end = cursor_line(eb, width).end;
	if (end == eb->cursor && end < eb->len) /* at the end: join with the next line */
		end++;
	if (end == eb->cursor)
		return;
	memmove(eb->cp + eb->cursor, eb->cp + end, (eb->len - end) * sizeof *eb->cp);
	eb->len -= end - eb->cursor;
}
