/* The direct YAML writer: libyaml's block emitter, for the events hyoka
 * writes, without its event queue.  The state kept is libyaml's own --
 * column, "after whitespace", "in the indentation", the indent and a stack
 * of open collections -- so that every break, space and indicator lands
 * where libyaml puts it.  Settings fixed: unicode, no width limit (nothing
 * is folded), indent 2, "\n" breaks. */
#include "hyoka/yemit.h"
#include "hyoka/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define YE_BUF_SIZE 16384
#define YE_INDENT 2
/* libyaml writes a key of more bytes than this as `? key` */
#define YE_SIMPLE_KEY_MAX 128

typedef enum { EV_SCALAR, EV_SEQ_START, EV_SEQ_END, EV_MAP_START, EV_MAP_END } ev_type;
typedef enum { NEXT_KEY, NEXT_SIMPLE_VALUE, NEXT_VALUE } map_next;

typedef struct {
	bool is_map;
	int saved_indent;
	map_next next;
} frame;

struct ye {
	ye_sink *sink;
	void *data;
	unsigned char *buf;
	size_t len;
	bool failed;
	/* libyaml's emitter state */
	int indent;
	int column;
	bool whitespace;   /* the last thing written was whitespace */
	bool indention;    /* nothing but indentation on this line yet */
	int open_ended;    /* 2: a kept final break needs "..." at the end */
	/* open block collections */
	frame *frames;
	size_t depth, cap;
	bool root_done;
	/* a collection started whose first event is not seen yet: empty, it
	 * is written `{}` or `[]` */
	bool pending;
	bool pending_map;
	bool pending_in_mapping;
};

/* What libyaml found in a scalar (yaml_emitter_analyze_scalar). */
typedef struct {
	bool multiline;
	bool block_plain_allowed;
	bool single_quoted_allowed;
	bool block_allowed;
	size_t chars;
} scalar_info;

ye *ye_new(ye_sink *sink, void *data)
{
	ye *w = hy_calloc(1, sizeof *w);
	w->sink = sink;
	w->data = data;
	w->buf = hy_malloc(YE_BUF_SIZE);
	w->indent = -1;
	w->whitespace = true;
	w->indention = true;
	return w;
}

void ye_free(ye *w)
{
	if (!w)
		return;
	free(w->buf);
	free(w->frames);
	free(w);
}

/* ---- output ---- */

static void flush(ye *w)
{
	if (w->len && !w->failed && !w->sink(w->data, w->buf, w->len))
		w->failed = true;
	w->len = 0;
}

/* Bytes as they are; the caller keeps the column. */
static void out(ye *w, const void *p, size_t n)
{
	const unsigned char *s = p;
	while (n > 0 && !w->failed) {
		if (w->len == YE_BUF_SIZE)
			flush(w);
		size_t room = YE_BUF_SIZE - w->len;
		size_t k = n < room ? n : room;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
	}
}

static void put(ye *w, char c)
{
	if (w->len == YE_BUF_SIZE)
		flush(w);
	w->buf[w->len++] = (unsigned char)c;
	w->column++;
}

static void put_break(ye *w)
{
	if (w->len == YE_BUF_SIZE)
		flush(w);
	w->buf[w->len++] = '\n';
	w->column = 0;
}

static void put_spaces(ye *w, int n)
{
	static const char spaces[64] = "                                                                ";
	while (n > 0) {
		int k = n < 64 ? n : 64;
		out(w, spaces, (size_t)k);
		w->column += k;
		n -= k;
	}
}

static void write_indent(ye *w)
{
	int indent = w->indent >= 0 ? w->indent : 0;
	if (!w->indention || w->column > indent || (w->column == indent && !w->whitespace))
		put_break(w);
	if (w->column < indent)
		put_spaces(w, indent - w->column);
	w->whitespace = true;
	w->indention = true;
}

static void write_indicator(ye *w, const char *ind, bool need_whitespace, bool is_whitespace,
			    bool is_indention)
{
	if (need_whitespace && !w->whitespace)
		put(w, ' ');
	size_t n = strlen(ind);
	out(w, ind, n);
	w->column += (int)n;
	w->whitespace = is_whitespace;
	w->indention = w->indention && is_indention;
}

/* ---- characters, as libyaml classes them ---- */

static size_t char_width(unsigned char c)
{
	return (c & 0x80) == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		: (c & 0xF8) == 0xF0 ? 4 : 0;
}

/* A line break: \r, \n, NEL, LS or PS. */
static bool is_break_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c == '\r' || c == '\n')
		return true;
	if (c == 0xC2)
		return i + 1 < n && s[i + 1] == 0x85;
	if (c == 0xE2)
		return i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9);
	return false;
}

/* A blank, a break, or the end of the text. */
static bool is_blankz_at(const unsigned char *s, size_t i, size_t n)
{
	return i >= n || s[i] == ' ' || s[i] == '\t' || is_break_at(s, i, n);
}

/* Printable to YAML 1.1 as libyaml checks it: \n, #x20-#x7E, #xA0-#xD7FF,
 * #xE000-#xFFFD but the BOM; never a character of four bytes. */
static bool is_printable_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	unsigned char c1 = i + 1 < n ? s[i + 1] : 0;
	unsigned char c2 = i + 2 < n ? s[i + 2] : 0;
	if (c == 0x0A || (c >= 0x20 && c <= 0x7E))
		return true;
	if (c == 0xC2)
		return c1 >= 0xA0;
	if (c > 0xC2 && c < 0xED)
		return true;
	if (c == 0xED)
		return c1 < 0xA0;
	if (c == 0xEE)
		return true;
	if (c == 0xEF)
		return !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF));
	return false;
}

/* The character at s[i] as libyaml's yaml_check_utf8 accepts it: its width,
 * or 0 when it is not valid UTF-8. */
static size_t valid_char(const unsigned char *s, size_t i, size_t n)
{
	size_t width = char_width(s[i]);
	if (!width || i + width > n)
		return 0;
	if (width == 1)
		return 1;
	uint32_t value = s[i] & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < width; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
		value = (value << 6) + (s[i + k] & 0x3F);
	}
	/* overlong forms are refused; surrogates and values past U+10FFFF are
	 * not (libyaml lets them through, and escapes them) */
	if ((width == 2 && value < 0x80) || (width == 3 && value < 0x800) ||
	    (width == 4 && value < 0x10000))
		return 0;
	return width;
}

/* ---- scalars ---- */

/* The continuation bytes of a character of three bytes led by E3-EC (kana,
 * kanji, full-width forms): always valid, printable, never a break. */
static bool cjk_at(const unsigned char *s, size_t i, size_t n)
{
	return i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80;
}

/* ASCII that changes nothing in the analysis: printable, not a space, not
 * `#` or `:` (anywhere), not a break. */
static bool plain_ascii(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '#' && c != ':';
}

/* What in a scalar decides its style (libyaml's analysis, flow context
 * left out: hyoka writes no flow collection but the empty ones); false when
 * it is not valid UTF-8.  "After X" positions stand for libyaml's
 * previous_space, previous_break and preceded_by_whitespace. */
static bool analyze(const unsigned char *s, size_t n, scalar_info *a)
{
	memset(a, 0, sizeof *a);
	if (n == 0) {
		a->block_plain_allowed = a->single_quoted_allowed = true;
		return true;
	}
	bool block_indicators = n >= 3 && ((s[0] == '-' && s[1] == '-' && s[2] == '-') ||
					   (s[0] == '.' && s[1] == '.' && s[2] == '.'));
	/* indicators only at the start (`#` and `:` are checked anywhere) */
	if ((s[0] && strchr(",[]{}&*!|>'\"%@`", s[0])) ||
	    ((s[0] == '?' || s[0] == '-') && is_blankz_at(s, 1, n)))
		block_indicators = true;
	bool special = false, line_breaks = false;
	bool leading = false, trailing_space = false, trailing_break = false;
	bool break_space = false, space_break = false;
	size_t after_space = SIZE_MAX, after_break = SIZE_MAX, after_blank = 0;
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		chars++;
		if (c >= 0xE3 && c <= 0xEC) {
			if (!cjk_at(s, i, n))
				return false;
			i += 3;
			continue;
		}
		if (plain_ascii(c)) {
			i++;
			continue;
		}
		size_t width = c < 0x80 ? 1 : valid_char(s, i, n);
		if (!width)
			return false;
		if ((c == ':' && is_blankz_at(s, i + 1, n)) || (c == '#' && after_blank == i))
			block_indicators = true;
		if (!is_printable_at(s, i, n))
			special = true;
		bool brk = is_break_at(s, i, n);
		if (c == ' ') {
			leading |= i == 0;
			trailing_space |= i + 1 == n;
			break_space |= after_break == i;
			after_space = i + 1;
		} else if (brk) {
			line_breaks = true;
			leading |= i == 0;
			trailing_break |= i + width == n;
			space_break |= after_space == i;
			after_break = i + width;
		}
		if (c == ' ' || c == '\t' || c == '\0' || brk)
			after_blank = i + width;
		i += width;
	}
	a->chars = chars;
	a->multiline = line_breaks;
	a->block_plain_allowed = a->single_quoted_allowed = a->block_allowed = true;
	if (leading || trailing_space || trailing_break || line_breaks || block_indicators)
		a->block_plain_allowed = false;
	if (trailing_space)
		a->block_allowed = false;
	if (break_space)
		a->block_plain_allowed = a->single_quoted_allowed = false;
	if (space_break || special)
		a->block_plain_allowed = a->single_quoted_allowed = a->block_allowed = false;
	return true;
}

static ye_style choose_style(const scalar_info *a, size_t len, ye_style style, bool simple_key)
{
	if (style == YE_ANY)
		style = YE_PLAIN;
	if (simple_key && a->multiline)
		style = YE_DOUBLE_QUOTED;
	if (style == YE_PLAIN && (!a->block_plain_allowed || (len == 0 && simple_key)))
		style = YE_SINGLE_QUOTED;
	if (style == YE_SINGLE_QUOTED && !a->single_quoted_allowed)
		style = YE_DOUBLE_QUOTED;
	if (style == YE_LITERAL && (!a->block_allowed || simple_key))
		style = YE_DOUBLE_QUOTED;
	return style;
}

static void write_plain(ye *w, const unsigned char *s, size_t n, const scalar_info *a)
{
	/* a plain scalar has no break: analyze refused it */
	if (!w->whitespace && n)
		put(w, ' ');
	out(w, s, n);
	w->column += (int)a->chars;
	w->whitespace = false;
	w->indention = false;
}

/* One break of a quoted or literal scalar: "\n" as the writer's break, LS
 * or PS copied. */
static size_t write_break(ye *w, const unsigned char *s, size_t i)
{
	size_t width = s[i] < 0x80 ? 1 : char_width(s[i]);
	if (s[i] == '\n') {
		put_break(w);
	} else {
		out(w, s + i, width);
		w->column = 0;
	}
	return width;
}

static void write_single_quoted(ye *w, const unsigned char *s, size_t n)
{
	write_indicator(w, "'", true, false, false);
	bool breaks = false;
	for (size_t i = 0; i < n;) {
		size_t width = char_width(s[i]);
		if (is_break_at(s, i, n)) {
			if (!breaks && s[i] == '\n')
				put_break(w);
			i += write_break(w, s, i);
			w->indention = true;
			breaks = true;
			continue;
		}
		if (s[i] != ' ') {
			if (breaks)
				write_indent(w);
			if (s[i] == '\'')
				put(w, '\'');
			w->indention = false;
			breaks = false;
		}
		out(w, s + i, width);
		w->column++;
		i += width;
	}
	if (breaks)
		write_indent(w);
	write_indicator(w, "'", false, false, false);
	w->whitespace = false;
	w->indention = false;
}

static void write_escape(ye *w, const unsigned char *s, size_t i, size_t width)
{
	uint32_t value = width == 1 ? s[i] : s[i] & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < width; k++)
		value = (value << 6) + (s[i + k] & 0x3F);
	put(w, '\\');
	static const struct { uint32_t value; char c; } named[] = {
		{0x00, '0'}, {0x07, 'a'}, {0x08, 'b'}, {0x09, 't'}, {0x0A, 'n'}, {0x0B, 'v'},
		{0x0C, 'f'}, {0x0D, 'r'}, {0x1B, 'e'}, {0x22, '"'}, {0x5C, '\\'}, {0x85, 'N'},
		{0x2028, 'L'}, {0x2029, 'P'}};
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
		if (named[k].value == value) {
			put(w, named[k].c);
			return;
		}
	int digits = value <= 0xFF ? 2 : value <= 0xFFFF ? 4 : 8;
	put(w, digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
	for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
		int d = (int)((value >> shift) & 0x0F);
		put(w, (char)(d < 10 ? '0' + d : 'A' + d - 10));
	}
}

static void write_double_quoted(ye *w, const unsigned char *s, size_t n)
{
	write_indicator(w, "\"", true, false, false);
	for (size_t i = 0; i < n;) {
		size_t width = char_width(s[i]);
		if (!is_printable_at(s, i, n) || is_break_at(s, i, n) || s[i] == '"' || s[i] == '\\') {
			write_escape(w, s, i, width);
		} else {
			out(w, s + i, width);
			w->column++;
		}
		i += width;
	}
	write_indicator(w, "\"", false, false, false);
	w->whitespace = false;
	w->indention = false;
}

/* Where the character before s[end] starts. */
static size_t char_before(const unsigned char *s, size_t end)
{
	size_t i = end - 1;
	while (i > 0 && (s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* The indentation hint when the text starts with a space or a break, and
 * the chomping: `-` without a final break, `+` with more than one. */
static void write_block_hints(ye *w, const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || is_break_at(s, 0, n))
		write_indicator(w, "2", false, false, false);
	w->open_ended = 0;
	const char *chomp = NULL;
	size_t last = char_before(s, n);
	if (!is_break_at(s, last, n)) {
		chomp = "-";
	} else if (last == 0 || is_break_at(s, char_before(s, last), n)) {
		chomp = "+";
		w->open_ended = 2;
	}
	if (chomp)
		write_indicator(w, chomp, false, false, false);
}

/* The end of the line starting at s[i]: the next "\n", LS or PS. */
static size_t line_end(const unsigned char *s, size_t i, size_t n)
{
	const unsigned char *nl = memchr(s + i, '\n', n - i);
	size_t end = nl ? (size_t)(nl - s) : n;
	for (const unsigned char *p = s + i; (p = memchr(p, 0xE2, end - (size_t)(p - s)));) {
		if (is_break_at(s, (size_t)(p - s), n))
			return (size_t)(p - s);
		p++;
	}
	return end;
}

static void write_literal(ye *w, const unsigned char *s, size_t n)
{
	write_indicator(w, "|", true, false, false);
	write_block_hints(w, s, n);
	put_break(w);
	w->indention = true;
	w->whitespace = true;
	bool breaks = true;
	for (size_t i = 0; i < n;) {
		if (is_break_at(s, i, n)) {
			i += write_break(w, s, i);
			w->indention = true;
			breaks = true;
			continue;
		}
		if (breaks)
			write_indent(w);
		size_t end = line_end(s, i, n);
		/* the column is left at the scalar's indent: a break follows
		 * every line but the last, and after the last only "past the
		 * indent of what follows" matters, which it already is */
		out(w, s + i, end - i);
		w->indention = false;
		breaks = false;
		i = end;
	}
}

static void write_scalar(ye *w, const char *text, size_t len, ye_style style, bool simple_key,
			 const scalar_info *a)
{
	const unsigned char *s = (const unsigned char *)text;
	style = choose_style(a, len, style, simple_key);
	int saved = w->indent;
	w->indent = w->indent < 0 ? YE_INDENT : w->indent + YE_INDENT;
	switch (style) {
	case YE_PLAIN:
		write_plain(w, s, len, a);
		break;
	case YE_SINGLE_QUOTED:
		write_single_quoted(w, s, len);
		break;
	case YE_LITERAL:
		write_literal(w, s, len);
		break;
	default:
		write_double_quoted(w, s, len);
		break;
	}
	w->indent = saved;
}

/* ---- events ---- */

static bool fail(ye *w)
{
	w->failed = true;
	return false;
}

static void push_frame(ye *w, bool is_map, int saved_indent)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->frames = hy_realloc(w->frames, w->cap * sizeof *w->frames);
	}
	w->frames[w->depth++] = (frame){.is_map = is_map, .saved_indent = saved_indent,
					 .next = NEXT_KEY};
}

/* A node where the state expects one: a scalar is written, a collection
 * waits for its first event. */
static bool node(ye *w, ev_type type, const char *s, size_t len, ye_style style,
		 bool in_mapping, bool simple_key, const scalar_info *a)
{
	if (type == EV_SCALAR) {
		write_scalar(w, s, len, style, simple_key, a);
		return true;
	}
	if (type != EV_SEQ_START && type != EV_MAP_START)
		return fail(w);
	w->pending = true;
	w->pending_map = type == EV_MAP_START;
	w->pending_in_mapping = in_mapping;
	return true;
}

/* The first event of a collection just started: its end makes it empty,
 * anything else opens a block collection. */
static bool resolve_pending(ye *w, ev_type type)
{
	w->pending = false;
	bool is_map = w->pending_map;
	if (type == (is_map ? EV_MAP_END : EV_SEQ_END)) {
		write_indicator(w, is_map ? "{" : "[", true, true, false);
		write_indicator(w, is_map ? "}" : "]", false, false, false);
		if (w->depth == 0)
			w->root_done = true;
		return false;
	}
	int saved = w->indent;
	bool indentless = !is_map && w->pending_in_mapping && !w->indention;
	if (w->indent < 0)
		w->indent = 0;
	else if (!indentless)
		w->indent += YE_INDENT;
	push_frame(w, is_map, saved);
	return true;
}

static bool event(ye *w, ev_type type, const char *s, size_t len, ye_style style)
{
	if (w->failed)
		return false;
	scalar_info a;
	if (type == EV_SCALAR && !analyze((const unsigned char *)s, len, &a))
		return fail(w);
	if (w->pending && !resolve_pending(w, type))
		return !w->failed;
	if (w->depth == 0) {
		/* the root: a collection */
		if (w->root_done || type == EV_SCALAR)
			return fail(w);
		return node(w, type, s, len, style, false, false, &a);
	}
	frame *f = &w->frames[w->depth - 1];
	if (type == EV_SEQ_END || type == EV_MAP_END) {
		if ((type == EV_MAP_END) != f->is_map || (f->is_map && f->next != NEXT_KEY))
			return fail(w);
		w->indent = f->saved_indent;
		w->depth--;
		w->root_done = w->depth == 0;
		return !w->failed;
	}
	if (!f->is_map) {
		write_indent(w);
		write_indicator(w, "-", true, false, true);
		return node(w, type, s, len, style, false, false, &a) && !w->failed;
	}
	if (f->next == NEXT_KEY) {
		if (type != EV_SCALAR)
			return fail(w);
		write_indent(w);
		bool simple = !a.multiline && len <= YE_SIMPLE_KEY_MAX;
		if (!simple)
			write_indicator(w, "?", true, false, true);
		f->next = simple ? NEXT_SIMPLE_VALUE : NEXT_VALUE;
		write_scalar(w, s, len, style, simple, &a);
		return !w->failed;
	}
	if (f->next == NEXT_SIMPLE_VALUE) {
		write_indicator(w, ":", false, false, false);
	} else {
		write_indent(w);
		write_indicator(w, ":", true, false, true);
	}
	f->next = NEXT_KEY;
	return node(w, type, s, len, style, true, false, &a) && !w->failed;
}

bool ye_map_start(ye *w)
{
	return event(w, EV_MAP_START, NULL, 0, YE_ANY);
}

bool ye_map_end(ye *w)
{
	return event(w, EV_MAP_END, NULL, 0, YE_ANY);
}

bool ye_seq_start(ye *w)
{
	return event(w, EV_SEQ_START, NULL, 0, YE_ANY);
}

bool ye_seq_end(ye *w)
{
	return event(w, EV_SEQ_END, NULL, 0, YE_ANY);
}

bool ye_scalar(ye *w, const char *s, size_t len, ye_style style)
{
	return event(w, EV_SCALAR, s, len, style);
}

bool ye_finish(ye *w)
{
	if (w->failed || w->pending || !w->root_done)
		return fail(w);
	/* the document's implicit end, then the stream's */
	write_indent(w);
	if (w->open_ended == 2) {
		write_indicator(w, "...", true, false, false);
		w->open_ended = 0;
		write_indent(w);
	}
	flush(w);
	return !w->failed;
}
