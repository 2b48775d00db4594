/* Import, step one: an extraction's text as a sequence of cells, and the
 * matching key (hy_imp_norm) that labels and values are compared by.
 * Extractions differ: table cells separated by tabs with HTML and markdown
 * fragments, or `pdftotext -layout` columns separated by runs of spaces. */
#include "hyoka/import.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the matching key ---- */

static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
				    "XI", "XII"};

/* Appends the key of one character; nothing for white space and ※. */
static void norm_char(hy_buf *b, uint32_t cp)
{
	char enc[4];
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0 ||
	    cp == 0x203B || cp == 0xFEFF)
		return;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	else if (cp >= 0x2160 && cp <= 0x216B) {
		hy_buf_adds(b, roman[cp - 0x2160]);
		return;
	} else if (cp >= 0x2170 && cp <= 0x217B) {
		hy_buf_adds(b, roman[cp - 0x2170]);
		return;
	} else if (cp == 0x3007 || cp == 0x25EF)
		cp = 0x25CB; /* 〇 ◯ → ○ */
	else if (cp == 0x301C)
		cp = '~';
	else if (cp == 0x2010 || cp == 0x2212 || cp == 0x2013)
		cp = '-';
	hy_buf_add(b, enc, hy_utf8_encode(cp, enc));
}

char *hy_imp_norm(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += hy_utf8_decode(s + i, n - i, &cp);
		norm_char(&b, cp);
	}
	return hy_buf_take(&b);
}

static bool skippable(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0 ||
	       cp == 0x203B;
}

size_t hy_imp_norm_end(const char *s, size_t nkey)
{
	size_t n = strlen(s), i = 0, produced = 0;
	hy_buf b;
	hy_buf_init(&b);
	while (i < n && produced < nkey) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		b.len = 0;
		norm_char(&b, cp);
		produced += b.len;
		i += len;
	}
	hy_buf_free(&b);
	return i;
}

size_t hy_imp_norm_skip(const char *s, size_t nkey)
{
	size_t n = strlen(s), i = hy_imp_norm_end(s, nkey);
	while (i < n) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (!skippable(cp))
			break;
		i += len;
	}
	return i;
}

static void trim(const char **s, size_t *n);

/* ---- HTML fragments ---- */

static const char *const block_tags[] = {"p", "br", "ol", "ul", "li", "tr", "table", "tbody",
					 "thead", "div", "h1", "h2", "h3", "h4", "h5", "h6",
					 "hr", "dl", "dt", "dd", "caption", NULL};
static const char *const inline_tags[] = {"td", "th", "span", "b", "i", "u", "strong", "em",
					  "font", "a", "sup", "sub", "small", "big", "s",
					  "label", "col", "colgroup", "img", NULL};

static bool in_list(const char *const *list, const char *name, size_t len)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], name, len) == 0)
			return true;
	return false;
}

/* Length of an HTML tag starting at s ('<'), or 0 when it is text such as
 * "<選択肢>" or "<国民健康保険業務>". *kind: 'b' block, 'i' inline, 'n' input. */
static size_t html_tag(const char *s, char *kind)
{
	size_t i = 1;
	if (s[i] == '/')
		i++;
	size_t name = i;
	while (isalnum((unsigned char)s[i]))
		i++;
	size_t nlen = i - name;
	if (nlen == 0 || (s[i] != '>' && s[i] != ' ' && s[i] != '/'))
		return 0;
	if (nlen == 5 && strncasecmp(s + name, "input", 5) == 0)
		*kind = 'n';
	else if (in_list(block_tags, s + name, nlen))
		*kind = 'b';
	else if (in_list(inline_tags, s + name, nlen))
		*kind = 'i';
	else
		return 0;
	const char *end = strchr(s + i, '>');
	const char *lt = strchr(s + i, '<');
	if (!end || (lt && lt < end))
		return 0;
	return (size_t)(end - s) + 1;
}

static bool tag_has(const char *tag, size_t len, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= len; i++)
		if (strncasecmp(tag + i, word, w) == 0)
			return true;
	return false;
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""},
		{"&nbsp;", " "}, {"&#39;", "'"}, {"&apos;", "'"}};

/* An input is a tick when it is checked or a radio (extractors draw a ○
 * as a radio).  A plain checkbox says little: inside the printed brackets
 * ("[<input …/>]") it is a mark that may be a tick, "[◆]"; bare it may be
 * an empty box, "[◇]".  hy_imp_checks decides from the contrast. */
static void add_input(hy_buf *b, const char *tag, size_t len, const char *after)
{
	bool bracketed = b->len > 0 && b->data[b->len - 1] == '[' && *after == ']';
	bool ticked = tag_has(tag, len, "checked") || tag_has(tag, len, "radio");
	if (bracketed)
		hy_buf_adds(b, ticked ? "○" : "◆");
	else
		hy_buf_adds(b, ticked ? " [○] " : " [◇] ");
}

/* The end of a "<ul …>" block's content: its "</ul>", or (extractors
 * drop it) the next paragraph or list, or the end. */
static const char *ul_end(const char *s)
{
	static const char *const ends[] = {"</ul>", "<p", "<ul", "<ol", "<table", "</td"};
	const char *e = s + strlen(s);
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		const char *f = strstr(s, ends[i]);
		if (f && f < e)
			e = f;
	}
	return e;
}

/* A bulleted list printed without its bullets: "<ul> 文一。 文二。</ul>"
 * has no <li> and no "・"; each sentence is an item, written "・文一。". */
static void add_ul_items(hy_buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		bool end = i == n;
		if (!end && i >= 3 && memcmp(s + i - 3, "。", 3) == 0 && (s[i] == ' ' || s[i] == '\n'))
			end = true;
		if (!end)
			continue;
		const char *p = s + start;
		size_t len = i - start;
		trim(&p, &len);
		if (len) {
			hy_buf_adds(b, "\n・");
			hy_buf_add(b, p, len);
		}
		start = i;
	}
	hy_buf_addc(b, '\n');
}

static bool ul_without_bullets(const char *s, const char *e)
{
	for (const char *p = s; p < e; p++)
		if (strncasecmp(p, "<li", 3) == 0 || hy_starts_with(p, "・") ||
		    strncasecmp(p, "<ul", 3) == 0 || strncasecmp(p, "<ol", 3) == 0)
			return false;
	return true;
}

char *hy_imp_html_to_text(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; s[i];) {
		char kind = 0;
		size_t len = s[i] == '<' ? html_tag(s + i, &kind) : 0;
		if (len && kind == 'b' && strncasecmp(s + i, "<ul", 3) == 0) {
			const char *e = ul_end(s + i + len);
			if (ul_without_bullets(s + i + len, e)) {
				char *inner = hy_strndup(s + i + len, (size_t)(e - (s + i + len)));
				char *plain = hy_imp_html_to_text(inner);
				free(inner);
				add_ul_items(&b, plain, strlen(plain));
				free(plain);
				i = (size_t)(e - s);
				continue;
			}
		}
		if (len) {
			if (kind == 'b')
				hy_buf_addc(&b, '\n');
			else if (kind == 'i')
				hy_buf_addc(&b, ' ');
			else
				add_input(&b, s + i, len, s + i + len);
			i += len;
			continue;
		}
		bool ent = false;
		if (s[i] == '&')
			for (size_t e = 0; e < sizeof entities / sizeof *entities; e++)
				if (hy_starts_with(s + i, entities[e].name)) {
					hy_buf_adds(&b, entities[e].text);
					i += strlen(entities[e].name);
					ent = true;
					break;
				}
		if (!ent)
			hy_buf_addc(&b, s[i++]);
	}
	return hy_buf_take(&b);
}

static bool is_space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Leading and trailing ASCII and ideographic spaces. */
static void trim(const char **s, size_t *n)
{
	for (;;) {
		if (*n && is_space_byte(**s)) {
			(*s)++;
			(*n)--;
		} else if (*n >= 3 && memcmp(*s, "\xE3\x80\x80", 3) == 0) {
			*s += 3;
			*n -= 3;
		} else
			break;
	}
	for (;;) {
		if (*n && is_space_byte((*s)[*n - 1]))
			(*n)--;
		else if (*n >= 3 && memcmp(*s + *n - 3, "\xE3\x80\x80", 3) == 0)
			*n -= 3;
		else
			break;
	}
}

char *hy_imp_tidy(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		const char *line = s;
		size_t len = n;
		trim(&line, &len);
		if (len) {
			if (b.len)
				hy_buf_addc(&b, '\n');
			/* runs of spaces inside a line become one */
			for (size_t i = 0; i < len; i++)
				if (!(line[i] == ' ' && i > 0 && line[i - 1] == ' '))
					hy_buf_addc(&b, line[i]);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	return hy_buf_take(&b);
}

/* ---- lines and cells ---- */

static void add_cell(hy_imp_cells *out, const char *raw, size_t n, int line, int col, int x)
{
	char *piece = hy_strndup(raw, n);
	char *plain = hy_imp_html_to_text(piece);
	free(piece);
	char *text = hy_imp_tidy(plain);
	free(plain);
	char *norm = hy_imp_norm(text);
	if (!*norm) { /* nothing but white space or a lone ※ */
		free(text);
		free(norm);
		return;
	}
	hy_grow((void **)&out->items, &out->cap, out->n, sizeof *out->items);
	hy_imp_cell *c = &out->items[out->n++];
	c->text = text;
	c->norm = norm;
	c->line = line;
	c->col = col;
	c->x = x;
	c->used = false;
}

/* A line that is only page furniture or a markdown rule: "- 12 -",
 * "12 / 40", "---|---", a lone page number far to the right. */
static bool is_furniture(const char *s, size_t n)
{
	size_t digits = 0, dashes = 0, other = 0, lead = 0;
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\r') {
			if (!seen)
				lead++;
			continue;
		}
		seen = true;
		if (isdigit((unsigned char)c))
			digits++;
		else if (c == '-' || c == '|' || c == ':' || c == '=' || c == '/')
			dashes++;
		else
			other++;
	}
	if (other || (!digits && !dashes))
		return !seen;
	if (!digits)
		return dashes >= 3;
	if (dashes)
		return true;      /* "- 12 -", "12/40" */
	return lead >= 20;    /* a centred page number */
}

/* Splits a line into cells: at tabs, else at runs of two or more spaces
 * (columns of `pdftotext -layout`). */
static void split_line(hy_imp_cells *out, const char *s, size_t n, int line)
{
	bool tabs = memchr(s, '\t', n) != NULL;
	size_t start = 0;
	int col = 0;
	for (size_t i = 0; i <= n; i++) {
		bool cut = i == n;
		size_t skip = 1;
		if (!cut && tabs && s[i] == '\t')
			cut = true;
		else if (!cut && !tabs && s[i] == ' ' && i + 1 < n && s[i + 1] == ' ') {
			/* a layout's columns: two spaces or more (a label filling its
			 * column leaves no more than that before the value) */
			cut = true;
			skip = 2;
			while (i + skip < n && s[i + skip] == ' ')
				skip++;
		}
		if (!cut)
			continue;
		const char *p = s + start;
		size_t len = i - start;
		trim(&p, &len);
		if (len >= 2 && p[0] == '-' && p[1] == ' ') { /* markdown item */
			p += 2;
			len -= 2;
		}
		while (len && p[0] == '#') { /* markdown heading */
			p++;
			len--;
		}
		if (len) {
			int x = -1;
			if (!tabs) {
				char *before = hy_strndup(s, (size_t)(p - s));
				x = hy_str_width(before);
				free(before);
			}
			add_cell(out, p, len, line, col, x);
		}
		col++;
		if (i == n)
			break;
		start = i + skip;
		i += skip - 1;
	}
}

/* The text as valid UTF-8: an invalid byte becomes U+FFFD, a form feed (a
 * page break, which pdftotext puts before a page's first line) a space,
 * other control characters but tab and line feed are dropped: what a
 * document may hold. */
static char *clean_utf8(const char *text, size_t len, size_t *out_len)
{
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = hy_utf8_decode(text + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(text + i, "\xEF\xBF\xBD", 3) == 0))
			hy_buf_adds(&b, "\xEF\xBF\xBD");
		else if (cp == '\f' || cp == 0x2028 || cp == 0x2029)
			hy_buf_addc(&b, ' '); /* a page break; line separators YAML refuses */
		else if (cp == 0xFFFE || cp == 0xFFFF)
			; /* not characters */
		else if (!hy_cp_is_control(cp) || cp == '\t' || cp == '\n')
			hy_buf_add(&b, text + i, n);
		i += n;
	}
	*out_len = b.len;
	return hy_buf_take(&b);
}

/* ---- tables drawn with box characters ---- */

#define BOX_BAR "\xE2\x94\x82" /* │ */
#define MAX_BOX_COLS 16

/* A row of a drawn table: the text of each column, over the lines of the
 * row, a wrapped line joined to the one before it. */
typedef struct {
	hy_buf cols[MAX_BOX_COLS];
	bool open[MAX_BOX_COLS];   /* the column's last line was wrapped */
	int line;                  /* the row's first line */
	bool active;
} box_row;

static bool is_box_char(uint32_t cp)
{
	return cp >= 0x2500 && cp <= 0x257F;
}

/* A rule of a drawn table: box characters and spaces only. */
static bool is_box_rule(const char *s, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += hy_utf8_decode(s + i, n - i, &cp);
		if (is_box_char(cp) && cp != 0x2502)
			any = true;
		else if (cp != ' ')
			return false;
	}
	return any;
}

static void box_flush(hy_imp_cells *out, box_row *row)
{
	for (int k = 0; k < MAX_BOX_COLS; k++) {
		if (row->active && row->cols[k].len)
			add_cell(out, row->cols[k].data, row->cols[k].len, row->line, k, -1);
		hy_buf_free(&row->cols[k]);
		hy_buf_init(&row->cols[k]);
		row->open[k] = false;
	}
	row->active = false;
}

/* One line "│label │value  │" of a drawn table: each segment goes to its
 * column; a segment filled to the border (at most one space left, where a
 * wide character did not fit) continues on the next line. */
static void box_line(box_row *row, const char *s, size_t n, int line)
{
	if (!row->active) {
		row->active = true;
		row->line = line;
	}
	const char *end = s + n;
	const char *p = s;
	const char *bar = memmem(p, (size_t)(end - p), BOX_BAR, 3);
	if (!bar)
		return;
	p = bar + 3;
	for (int k = 0; k < MAX_BOX_COLS && p < end; k++) {
		bar = memmem(p, (size_t)(end - p), BOX_BAR, 3);
		const char *seg_end = bar ? bar : end;
		size_t len = (size_t)(seg_end - p), text_len = len;
		while (text_len && p[text_len - 1] == ' ')
			text_len--;
		bool wrapped = len - text_len <= 1 && text_len > 0;
		if (text_len) {
			if (row->cols[k].len && !row->open[k])
				hy_buf_addc(&row->cols[k], '\n');
			hy_buf_add(&row->cols[k], p, text_len);
		}
		row->open[k] = wrapped;
		if (!bar)
			break;
		p = bar + 3;
	}
}

void hy_imp_split(const char *raw, size_t raw_len, hy_imp_cells *out)
{
	out->items = NULL;
	out->n = out->cap = 0;
	size_t len;
	char *text = clean_utf8(raw, raw_len, &len);
	box_row row;
	memset(&row, 0, sizeof row);
	for (int k = 0; k < MAX_BOX_COLS; k++)
		hy_buf_init(&row.cols[k]);
	int line = 1;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		if (memmem(text + i, n, BOX_BAR, 3))
			box_line(&row, text + i, n, line);
		else {
			box_flush(out, &row);
			if (!is_furniture(text + i, n) && !is_box_rule(text + i, n))
				split_line(out, text + i, n, line);
		}
		if (is_box_rule(text + i, n))
			box_flush(out, &row);
		i += n + 1;
		line++;
	}
	box_flush(out, &row);
	free(text);
}

void hy_imp_cells_free(hy_imp_cells *cells)
{
	for (size_t i = 0; i < cells->n; i++) {
		free(cells->items[i].text);
		free(cells->items[i].norm);
	}
	free(cells->items);
	cells->items = NULL;
	cells->n = cells->cap = 0;
}
