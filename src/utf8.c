#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t hy_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

size_t hy_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool hy_utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && len == 1 && (unsigned char)s[i] >= 0x80) {
			if (bad)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

size_t hy_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void hy_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && strcmp(cs, "UTF-8") == 0)
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

/* East Asian Wide/Fullwidth ranges, for when the C library cannot tell. */
static bool wide_fallback(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

int hy_cp_width(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	return wide_fallback(cp) ? 2 : 1;
}

int hy_str_width(const char *s)
{
	int w = 0;
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s, n, &cp);
		w += hy_cp_width(cp);
		s += len;
		n -= len;
	}
	return w;
}

size_t hy_fit_prefix(const char *s, int cols, int *used)
{
	return hy_fit_prefix_n(s, strlen(s), cols, used);
}

size_t hy_fit_prefix_n(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		int cw = hy_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

static bool in_list(uint32_t cp, const char *chars)
{
	size_t n = strlen(chars);
	while (n > 0) {
		uint32_t c;
		size_t len = hy_utf8_decode(chars, n, &c);
		if (c == cp)
			return true;
		chars += len;
		n -= len;
	}
	return false;
}

bool hy_kinsoku_no_start(uint32_t cp)
{
	return in_list(cp, "、。，．,.）)」』】〕〉》］]｝}・ー－ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
			   "々ゝゞヽヾ！？!?：；:;…‥〜～");
}

bool hy_kinsoku_no_end(uint32_t cp)
{
	return in_list(cp, "（(「『【〔〈《［[｛{");
}

typedef struct {
	char **lines;
	size_t n, cap;
} line_vec;

static void push_line(line_vec *v, const char *s, size_t len)
{
	hy_grow((void **)&v->lines, &v->cap, v->n, sizeof *v->lines);
	/* a line never ends in spaces */
	while (len > 0 && s[len - 1] == ' ')
		len--;
	v->lines[v->n++] = hy_strndup(s, len);
}

static bool is_latin_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       cp == '-' || cp == '_' || cp == '/' || cp == '.' || cp == ':' || cp == '%' ||
	       cp == '&' || cp == '=' || cp == '?' || cp == '#' || cp == '~' || cp == '@' ||
	       cp == '+' || cp == ',';
}

/* Walks back from `from` to `limit` for a position where a line may end:
 * the characters either side obey 禁則 (and, with words, do not split a
 * Latin word).  Returns 0 when there is none. */
static size_t scan_back(const char *s, size_t n, size_t from, size_t limit, bool words)
{
	for (size_t pos = from; pos > limit;) {
		uint32_t next, prev;
		hy_utf8_decode(s + pos, n - pos, &next);
		size_t p = pos;
		do
			p--;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80);
		hy_utf8_decode(s + p, n - p, &prev);
		bool ok = !hy_kinsoku_no_start(next) && !hy_kinsoku_no_end(prev);
		if (words && is_latin_word(prev) && is_latin_word(next))
			ok = false;
		if (ok || (words && prev == ' '))
			return pos;
		pos = p;
	}
	return 0;
}

/* Chooses where to break `s` (a paragraph tail): returns the byte length of
 * the line, at most `width` columns and at least one character. */
static size_t break_point(const char *s, size_t n, int width)
{
	int used;
	size_t fit = hy_fit_prefix_n(s, n, width, &used);
	if (fit >= n)
		return n;
	if (fit == 0) {
		/* a single character wider than the line: take it anyway */
		uint32_t cp;
		return hy_utf8_decode(s, n, &cp);
	}
	/* first a break that respects 禁則 and Latin words; failing that (a URL),
	 * one that respects 禁則 only; never more than a third of the line back */
	size_t pos = scan_back(s, n, fit, fit / 3, true);
	if (!pos)
		pos = scan_back(s, n, fit, fit / 3, false);
	return pos ? pos : fit;
}

size_t hy_wrap(const char *text, int width, char ***lines)
{
	line_vec v = {0};
	if (width < 2)
		width = 2;
	size_t n = strlen(text);
	if (n == 0)
		push_line(&v, "", 0);
	while (n > 0) {
		size_t len = break_point(text, n, width);
		push_line(&v, text, len);
		text += len;
		n -= len;
		while (n > 0 && *text == ' ') {
			text++;
			n--;
		}
	}
	*lines = v.lines;
	return v.n;
}

size_t hy_wrap_text(const char *text, int width, char ***lines)
{
	line_vec v = {0};
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *para = hy_strndup(p, len);
		for (char *t = para; *t; t++)
			if (*t == '\t' || *t == '\r')
				*t = ' ';
		char **pl;
		size_t pn = hy_wrap(para, width, &pl);
		for (size_t i = 0; i < pn; i++) {
			hy_grow((void **)&v.lines, &v.cap, v.n, sizeof *v.lines);
			v.lines[v.n++] = pl[i];
		}
		free(pl);
		free(para);
		if (!nl)
			break;
		p = nl + 1;
	}
	*lines = v.lines;
	return v.n;
}

void hy_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
