/* A fast reader for the YAML that hyoka writes itself.
 *
 * Documents saved by hyoka are written by libyaml's emitter (hy_doc_to_yaml)
 * and use a small part of YAML: block mappings and sequences indented with
 * spaces, one-line plain and quoted scalars, literal block scalars (`|`,
 * `|-`, `|+`, `|2`), and a final `...` after a kept block.  libyaml reads
 * them a character at a time through its decoder; this reader works a line
 * at a time (memchr; the UTF-8 checks take eight ASCII bytes or two Japanese
 * characters a step) and builds the same tree several times faster.
 *
 * The contract: yt_parse_fast either returns exactly the tree that
 * yt_parse_libyaml would return for the same bytes -- same kinds, strings,
 * lengths, `plain` flags, and 1-based lines and columns as libyaml marks them
 * (columns count characters) -- or NULL, "not in the subset", and yt_parse
 * runs libyaml, which also writes every error message.  So it declines,
 * rather than guesses, anything it does not handle with certainty, and every
 * input that is an error: tabs, CR, comments, flow collections, anchors,
 * aliases, tags, `?` keys, directives, other document markers, folded and
 * multi-line scalars, unusual escapes, trailing spaces, duplicate keys, and
 * the limits of yt_parse (depth, node count, size).  The rules mirror
 * libyaml 0.2.5 (src/scanner.c, src/parser.c); tests/unit/test_ytree_fast.c
 * and tests/fuzz/fuzz_ytree.c compare the two paths. */
#include "hyoka/ytree.h"
#include "hyoka/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A content line: one that is neither empty nor only spaces. */
typedef struct {
	const char *s;   /* its first byte */
	const char *eol; /* its '\n', or the end of the text */
	const char *c;   /* its first byte that is not a space */
	int ind;         /* its indentation: leading spaces */
	int no;          /* 1-based line number */
} fline;

typedef struct {
	const char *end; /* end of the text */
	fline ln;        /* the current content line, unless eof */
	bool eof;        /* no content line is left */
	int depth;       /* open collections */
	size_t nodes;    /* scalars (keys too) and collections, counted as yt_parse does */
} fparser;

/* ---- characters ---- */

/* Length of the UTF-8 sequence at u when it is a character libyaml's reader
 * accepts and treats as ordinary text, else 0.  Besides invalid UTF-8 (what
 * libyaml reports as a reader error), this refuses C1 controls (U+0085 is a
 * line break to libyaml), U+2028/U+2029 (line breaks; yt_parse refuses them),
 * U+FEFF (skipped at the start of a line) and U+FFFE/U+FFFF. */
static size_t utf8_text_len(const unsigned char *u, const unsigned char *end)
{
	unsigned c = u[0];
	size_t avail = (size_t)(end - u);
	if (c < 0xC2 || c > 0xF4)
		return 0; /* stray continuation byte, overlong lead, beyond U+10FFFF */
	if (c < 0xE0)
		return avail >= 2 && (u[1] & 0xC0) == 0x80 && !(c == 0xC2 && u[1] < 0xA0) ? 2 : 0;
	if (c < 0xF0) {
		if (avail < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] >= 0xA0))
			return 0; /* overlong, surrogate */
		if (c == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
			return 0;
		if (c == 0xEF && ((u[1] == 0xBB && u[2] == 0xBF) || (u[1] == 0xBF && u[2] >= 0xBE)))
			return 0;
		return 3;
	}
	if (avail < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
	    (u[3] & 0xC0) != 0x80)
		return 0;
	if ((c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] >= 0x90))
		return 0; /* overlong, beyond U+10FFFF */
	return 4;
}

/* Lead bytes of three-byte characters with nothing to check but their
 * continuation bytes: U+1000-U+CFFF less U+2000-U+2FFF, and U+E000-U+EFFF,
 * nearly all Japanese text. */
static const bool plain_lead3[256] = {
	[0xE1] = true, [0xE3] = true, [0xE4] = true, [0xE5] = true, [0xE6] = true,
	[0xE7] = true, [0xE8] = true, [0xE9] = true, [0xEA] = true, [0xEB] = true,
	[0xEC] = true, [0xEE] = true,
};

/* Eight printable ASCII bytes (0x20-0x7E)?  A byte below 0x20 borrows into
 * its high bit when 0x20 is subtracted, 0x7F carries into it when 1 is added,
 * and bytes from 0x80 have it already. */
static bool ascii8(const unsigned char *u)
{
	uint64_t w;
	memcpy(&w, u, 8);
	return !(((w - 0x2020202020202020u) | (w + 0x0101010101010101u) | w) &
		 0x8080808080808080u);
}

/* Two characters as plain_lead3 describes them?  Continuation bytes are
 * 10xxxxxx; the same mask on every byte makes the byte order irrelevant. */
static bool two_plain3(const unsigned char *u)
{
	uint16_t a, b;
	memcpy(&a, u + 1, 2);
	memcpy(&b, u + 4, 2);
	return plain_lead3[u[0]] && plain_lead3[u[3]] &&
	       ((a & 0xC0C0u) | (uint32_t)(b & 0xC0C0u) << 16) == 0x80808080u;
}

/* The end of the line that starts at p: its '\n', or `end`.  NULL when the
 * line holds a byte that is not plain text to libyaml: a control character
 * (tab and CR included), DEL, or what utf8_text_len refuses.  This is the
 * one loop that looks at every byte of the input: runs of ASCII go eight
 * bytes at a time, runs of Japanese two characters at a time. */
static const char *line_end(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)end;
	for (;;) {
		while (e - u >= 8 && ascii8(u))
			u += 8;
		while (e - u >= 6 && two_plain3(u))
			u += 6;
		if (u == e)
			return end;
		unsigned c = *u;
		if (c == '\n')
			return (const char *)u;
		size_t n = c >= 0x20 && c < 0x7F ? 1 : c < 0x80 ? 0 : utf8_text_len(u, e);
		if (!n)
			return NULL;
		u += n;
	}
}

/* libyaml's column of p on the line starting at s: characters, not bytes. */
static int cols(const char *s, const char *p)
{
	int n = 0;
	for (; s < p; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- lines ---- */

/* A line starting with "---" or "..." (at column 0, then eol).  libyaml's
 * emitter ends the document with "..." when its last block scalar keeps its
 * trailing line breaks (`|+`): the marker closes every open collection, like
 * the end of the text, and only blank lines may follow it.  Anything else
 * ("---", more documents, "...x") is declined. */
static bool document_end(fparser *f, const char *p, const char *eol)
{
	if (eol - p != 3 || memcmp(p, "...", 3) != 0)
		return false;
	for (const char *q = eol; q < f->end; q++)
		if (*q != '\n' && *q != ' ')
			return false;
	f->eof = true;
	return true;
}

/* Moves to the first content line at or after p (the start of line `no`).
 * Lines of spaces only are skipped, as libyaml's scanner skips them.
 * False (decline) on a bad byte, a trailing space, or a document marker
 * other than a final "...". */
static bool content_from(fparser *f, const char *p, int no)
{
	for (; p < f->end; no++) {
		const char *eol = line_end(p, f->end);
		if (!eol)
			return false;
		const char *c = p;
		while (c < eol && *c == ' ')
			c++;
		if (c < eol) {
			if (eol[-1] == ' ')
				return false; /* trailing spaces: never written by hyoka */
			if (c == p && eol - p >= 3 &&
			    (memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0))
				return document_end(f, p, eol);
			f->ln = (fline){.s = p, .eol = eol, .c = c, .ind = (int)(c - p), .no = no};
			f->eof = false;
			return true;
		}
		if (eol == f->end)
			break;
		p = eol + 1;
	}
	f->eof = true;
	return true;
}

/* Moves past the current line. */
static bool advance(fparser *f)
{
	const char *next = f->ln.eol < f->end ? f->ln.eol + 1 : f->end;
	return content_from(f, next, f->ln.no + 1);
}

/* ---- scalars on one line ---- */

/* "-" followed by a space or the end of the line: a block sequence entry. */
static bool is_dash(const char *p, const char *eol)
{
	return *p == '-' && (p + 1 == eol || p[1] == ' ');
}

/* Can a plain scalar start at p (libyaml's yaml_parser_fetch_next_token, in
 * block context)?  Indicators cannot, but "-", "?" and ":" can when followed
 * by something other than a space or the end of the line. */
static bool plain_start(const char *p, const char *eol)
{
	switch (*p) {
	case '-':
	case '?':
	case ':':
		return p + 1 < eol && p[1] != ' ';
	case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*':
	case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
	case ' ':
		return false;
	default:
		return true;
	}
}

/* The first ':' in [p, eol) followed by a space or the end of the line: where
 * libyaml ends a plain scalar and sees a value indicator. */
static const char *find_colon(const char *p, const char *eol)
{
	for (const char *q = p; (q = memchr(q, ':', (size_t)(eol - q))); q++)
		if (q + 1 == eol || q[1] == ' ')
			return q;
	return NULL;
}

/* Is [p, e) a plain scalar that libyaml reads as exactly these bytes?  It
 * must start like one, hold no value indicator (": ") and no comment (" #"),
 * and end with neither ':' nor a space. */
static bool plain_ok(const char *p, const char *e)
{
	if (p == e || !plain_start(p, e) || e[-1] == ' ' || e[-1] == ':')
		return false;
	if (find_colon(p, e))
		return false;
	for (const char *q = p; (q = memchr(q, '#', (size_t)(e - q))); q++)
		if (q > p && q[-1] == ' ')
			return false;
	return true;
}

/* The escapes of double-quoted scalars the fast path reads; the emitter
 * writes these for hyoka's texts.  Others (\x, \u, \0, \N, …) decline. */
static char unescape(char c)
{
	switch (c) {
	case '\\': return '\\';
	case '"': return '"';
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	default: return 0;
	}
}

/* The byte after the closing quote of the quoted scalar starting at p, when
 * it closes on this line and uses only the escapes above; else NULL. */
static const char *quoted_end(const char *p, const char *eol)
{
	if (*p == '\'') {
		/* '' is a quote inside the text */
		for (const char *q = p + 1; (q = memchr(q, '\'', (size_t)(eol - q))); q += 2)
			if (q + 1 == eol || q[1] != '\'')
				return q + 1;
		return NULL;
	}
	/* the next quote, and the backslashes before it, by memchr */
	const char *q = p + 1, *quote = memchr(q, '"', (size_t)(eol - q));
	while (quote) {
		const char *bs = memchr(q, '\\', (size_t)(quote - q));
		if (!bs)
			return quote + 1;
		if (!unescape(bs[1]))
			return NULL; /* bs[1] exists: bs < quote */
		q = bs + 2;
		if (q > quote) /* that quote was escaped */
			quote = memchr(q, '"', (size_t)(eol - q));
	}
	return NULL;
}

/* The text of the quoted scalar [p, qend) that quoted_end accepted. */
static char *unquote(const char *p, const char *qend, size_t *len)
{
	char *out = hy_malloc((size_t)(qend - p)), *o = out;
	const char *q = p + 1, *e = qend - 1; /* between the quotes */
	while (q < e) {
		char c = *q++;
		if (*p == '\'' && c == '\'')
			q++; /* the second quote of '' */
		else if (*p == '"' && c == '\\')
			c = unescape(*q++);
		*o++ = c;
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

static bool count_node(fparser *f)
{
	return ++f->nodes <= YT_MAX_NODES;
}

/* A scalar node owning str; NULL (and str freed) past the node limit. */
static yt_node *scalar(fparser *f, char *str, size_t len, bool plain, int line, int col)
{
	if (!count_node(f)) {
		free(str);
		return NULL;
	}
	yt_node *n = yt_new(YT_SCALAR, line, col);
	n->str = str;
	n->len = len;
	n->plain = plain;
	return n;
}

/* An empty value ("key:" or "-" with nothing after): a plain empty scalar. */
static yt_node *empty(fparser *f, int line, int col)
{
	return scalar(f, hy_strdup(""), 0, true, line, col);
}

/* ---- literal block scalars (libyaml's yaml_parser_scan_block_scalar) ---- */

typedef struct {
	const char *q;   /* start of the line being looked at */
	int no;          /* its line number */
	const char *eol; /* its end */
	int col;         /* the column reached on it, after the indentation eaten */
	int indent;      /* the block's indentation; 0 until known */
	size_t breaks;   /* empty lines read and not yet added to the text */
} fblock;

/* yaml_parser_scan_block_scalar_breaks: eats indentation (at most `indent`
 * spaces once it is known) and empty lines, stopping on the first line with
 * anything else, or at the end; then fixes the indentation if unknown: the
 * deepest of those lines, and more than the enclosing collection's `ctx`. */
static bool block_breaks(fparser *f, fblock *b, int ctx)
{
	int max = 0;
	for (;;) {
		if (b->q == f->end) {
			b->eol = f->end;
			b->col = 0;
			break;
		}
		const char *eol = line_end(b->q, f->end);
		if (!eol)
			return false;
		int n = 0;
		while (b->q + n < eol && b->q[n] == ' ' && (!b->indent || n < b->indent))
			n++;
		if (n > max)
			max = n;
		if (b->q + n < eol || eol == f->end) {
			b->eol = eol;
			b->col = n;
			break;
		}
		b->breaks++;
		b->q = eol + 1;
		b->no++;
	}
	if (!b->indent)
		b->indent = max > ctx + 1 ? max : ctx + 1;
	return true;
}

static void add_breaks(hy_buf *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hy_buf_addc(out, '\n');
}

/* The header after '|': chomping (-1 strip, 0 clip, +1 keep) and an
 * indentation indicator (1-9), in either order, then the end of the line. */
static bool block_header(const char *h, const char *eol, int *chomp, int *incr)
{
	*chomp = 0;
	*incr = 0;
	for (int i = 0; i < 2 && h < eol; i++, h++) {
		if ((*h == '+' || *h == '-') && !*chomp)
			*chomp = *h == '+' ? 1 : -1;
		else if (*h >= '1' && *h <= '9' && !*incr)
			*incr = *h - '0';
		else
			break;
	}
	return h == eol; /* a comment, spaces, '0' or anything else: declined */
}

/* The text of a block scalar from its first line on (the main loop of
 * yaml_parser_scan_block_scalar, literal style): lines at the indentation,
 * the empty lines between them, and the chomping of the final breaks. */
static bool block_text(fparser *f, fblock *b, int ctx, int chomp, hy_buf *out)
{
	bool leading_break = false;
	while (b->col == b->indent && b->q + b->col < f->end) {
		if (leading_break)
			hy_buf_addc(out, '\n');
		add_breaks(out, b->breaks);
		b->breaks = 0;
		hy_buf_add(out, b->q + b->col, (size_t)(b->eol - (b->q + b->col)));
		leading_break = b->eol < f->end;
		b->q = leading_break ? b->eol + 1 : f->end;
		b->no += leading_break;
		if (!block_breaks(f, b, ctx))
			return false;
	}
	if (chomp != -1 && leading_break)
		hy_buf_addc(out, '\n');
	if (chomp == 1)
		add_breaks(out, b->breaks);
	return true;
}

/* The literal block scalar whose '|' is at p, a value in the collection at
 * column ctx.  Leaves the parser on the line that ends the block. */
static yt_node *block_scalar(fparser *f, const char *p, int ctx)
{
	int chomp, incr;
	if (!block_header(p + 1, f->ln.eol, &chomp, &incr))
		return NULL;
	int line = f->ln.no, col = cols(f->ln.s, p) + 1;
	fblock b = {
		.q = f->ln.eol < f->end ? f->ln.eol + 1 : f->end,
		.no = f->ln.no + 1,
		.indent = incr ? ctx + incr : 0,
	};
	hy_buf out;
	hy_buf_init(&out);
	if (!block_breaks(f, &b, ctx) || !block_text(f, &b, ctx, chomp, &out)) {
		hy_buf_free(&out);
		return NULL;
	}
	size_t len = out.len;
	/* the buffer grew by doubling: give back the unused part */
	char *str = out.data ? hy_realloc(out.data, len + 1) : hy_strdup("");
	yt_node *n = scalar(f, str, len, false, line, col);
	if (n && !content_from(f, b.q, b.no)) {
		yt_free(n);
		return NULL;
	}
	return n;
}

/* ---- nodes ---- */

/* An inline scalar value at p (after "key: " or "- "), in the collection at
 * column ctx; leaves the parser on the next content line. */
static yt_node *parse_scalar(fparser *f, const char *p, int ctx)
{
	if (*p == '|')
		return block_scalar(f, p, ctx);
	const char *eol = f->ln.eol;
	int line = f->ln.no, col = cols(f->ln.s, p) + 1;
	yt_node *n;
	if (*p == '\'' || *p == '"') {
		if (quoted_end(p, eol) != eol)
			return NULL; /* unclosed (multi-line) or followed by more */
		size_t len;
		char *s = unquote(p, eol, &len);
		n = scalar(f, s, len, false, line, col);
	} else {
		/* a plain scalar continues on a deeper next line: the caller
		 * declines any line deeper than its collection */
		if (!plain_ok(p, eol))
			return NULL;
		n = scalar(f, hy_strndup(p, (size_t)(eol - p)), (size_t)(eol - p), true, line, col);
	}
	if (n && !advance(f)) {
		yt_free(n);
		return NULL;
	}
	return n;
}

static yt_node *parse_map(fparser *f, const char *k);
static yt_node *parse_seq(fparser *f, const char *dash, bool indentless);

/* A collection starting the current line, deeper than a key or a "-" that
 * has nothing after it.  A scalar there would be a multi-line plain scalar
 * or an error: parse_map declines it. */
static yt_node *parse_nested(fparser *f)
{
	if (is_dash(f->ln.c, f->ln.eol))
		return parse_seq(f, f->ln.c, false);
	return parse_map(f, f->ln.c);
}

/* Is the inline node at p a mapping key ("- key: value")? */
static bool is_key(const char *p, const char *eol)
{
	if (*p == '\'' || *p == '"') {
		const char *q = quoted_end(p, eol);
		return q && q < eol && *q == ':';
	}
	return find_colon(p, eol) != NULL;
}

typedef struct {
	char *text;
	const char *colon;
	int line, col;
} fkey;

/* The key at k on the current line, up to its ':'.  libyaml forgets a
 * simple key 1,024 characters on; bytes bound characters, so the check is
 * safe. */
static bool scan_key(fparser *f, const char *k, fkey *key)
{
	const char *eol = f->ln.eol, *colon;
	bool quoted = *k == '\'' || *k == '"';
	if (quoted) {
		colon = quoted_end(k, eol);
		if (!colon || colon == eol || *colon != ':' || (colon + 1 < eol && colon[1] != ' '))
			return false;
	} else {
		colon = find_colon(k, eol);
		if (!colon || !plain_ok(k, colon))
			return false;
	}
	if (colon - k > 1024 || !count_node(f))
		return false;
	size_t len = (size_t)(colon - k);
	key->text = quoted ? unquote(k, colon, &len) : hy_strndup(k, len);
	key->colon = colon;
	key->line = f->ln.no;
	key->col = cols(f->ln.s, k) + 1;
	return true;
}

/* The value after the ':' of a key of the mapping at column col. */
static yt_node *map_value(fparser *f, const char *colon, int col)
{
	const char *v = colon + 1;
	if (v < f->ln.eol) {
		while (*v == ' ')
			v++; /* the line has no trailing spaces: a value follows */
		return parse_scalar(f, v, col);
	}
	/* libyaml marks an empty value at the end of the ':' */
	int line = f->ln.no, vcol = cols(f->ln.s, v) + 1;
	if (!advance(f))
		return NULL;
	if (!f->eof && f->ln.ind == col && is_dash(f->ln.c, f->ln.eol))
		return parse_seq(f, f->ln.c, true); /* "key:\n- item" */
	if (!f->eof && f->ln.ind > col)
		return parse_nested(f);
	return empty(f, line, vcol);
}

static void add_pair(yt_node *map, const fkey *key, yt_node *value)
{
	hy_grow((void **)&map->pairs, &map->cap, map->n, sizeof *map->pairs);
	map->pairs[map->n++] = (yt_pair){.key = key->text, .line = key->line, .col = key->col,
					 .value = value};
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Duplicate keys are an error: left to the libyaml path to report. */
static bool has_duplicate_keys(const yt_node *map)
{
	bool dup = false;
	if (map->n < 16) {
		for (size_t i = 0; i < map->n && !dup; i++)
			for (size_t j = i + 1; j < map->n && !dup; j++)
				dup = strcmp(map->pairs[i].key, map->pairs[j].key) == 0;
		return dup;
	}
	char **keys = hy_malloc(map->n * sizeof *keys);
	for (size_t i = 0; i < map->n; i++)
		keys[i] = map->pairs[i].key;
	qsort(keys, map->n, sizeof *keys, by_key);
	for (size_t i = 1; i < map->n && !dup; i++)
		dup = strcmp(keys[i - 1], keys[i]) == 0;
	free(keys);
	return dup;
}

static bool open_collection(fparser *f)
{
	if (f->depth >= YT_MAX_DEPTH || !count_node(f))
		return false;
	f->depth++;
	return true;
}

/* One "key: value" of the mapping at column col, the key at k. */
static bool map_entry(fparser *f, yt_node *map, const char *k, int col)
{
	fkey key;
	if (!scan_key(f, k, &key))
		return false;
	yt_node *value = map_value(f, key.colon, col);
	if (!value) {
		free(key.text);
		return false;
	}
	add_pair(map, &key, value);
	return true;
}

/* The block mapping whose first key is at k on the current line; its keys
 * are at that column (libyaml marks the mapping at its first key). */
static yt_node *parse_map(fparser *f, const char *k)
{
	int col = (int)(k - f->ln.s); /* only spaces and "- " before: bytes are columns */
	if (!open_collection(f))
		return NULL;
	yt_node *map = yt_new(YT_MAP, f->ln.no, col + 1);
	bool ok;
	for (;;) {
		ok = map_entry(f, map, k, col);
		if (!ok || f->eof || f->ln.ind < col)
			break;
		/* deeper: a continuation line or an error; "-": an error */
		ok = f->ln.ind == col && !is_dash(f->ln.c, f->ln.eol);
		if (!ok)
			break;
		k = f->ln.c;
	}
	f->depth--;
	if (!ok || has_duplicate_keys(map)) {
		yt_free(map);
		return NULL;
	}
	return map;
}

/* The item after the "-" at dash, in the sequence at column col. */
static yt_node *seq_item(fparser *f, const char *dash, int col)
{
	const char *v = dash + 1, *eol = f->ln.eol;
	if (v == eol) {
		/* libyaml marks an empty item at the end of the '-' */
		int line = f->ln.no, vcol = col + 2;
		if (!advance(f))
			return NULL;
		if (!f->eof && f->ln.ind > col)
			return parse_nested(f);
		return empty(f, line, vcol);
	}
	while (*v == ' ')
		v++; /* the line has no trailing spaces: an item follows */
	if (is_dash(v, eol))
		return parse_seq(f, v, false); /* "- - x" */
	if (is_key(v, eol))
		return parse_map(f, v); /* "- key: value" */
	return parse_scalar(f, v, col);
}

/* The block sequence whose first "-" is at dash on the current line.  An
 * indentless one ("key:\n- a", at the key's column) ends at the next key. */
static yt_node *parse_seq(fparser *f, const char *dash, bool indentless)
{
	int col = (int)(dash - f->ln.s);
	if (!open_collection(f))
		return NULL;
	yt_node *seq = yt_new(YT_SEQ, f->ln.no, col + 1);
	bool ok;
	for (;;) {
		yt_node *item = seq_item(f, dash, col);
		ok = item != NULL;
		if (!ok)
			break;
		yt_seq_add(seq, item);
		if (f->eof || f->ln.ind < col)
			break;
		ok = f->ln.ind == col;
		if (!ok)
			break;
		if (!is_dash(f->ln.c, f->ln.eol)) {
			ok = indentless; /* the parent mapping's next key */
			break;
		}
		dash = f->ln.c;
	}
	f->depth--;
	if (!ok) {
		yt_free(seq);
		return NULL;
	}
	return seq;
}

yt_node *yt_parse_fast(const char *text, size_t len)
{
	if (len > YT_MAX_INPUT)
		return NULL;
	/* yt_parse ignores a UTF-8 byte-order mark; marks count from after it */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	fparser f = {.end = text + len};
	/* an empty document and a lone scalar are left to libyaml */
	if (!content_from(&f, text, 1) || f.eof)
		return NULL;
	yt_node *root = parse_nested(&f);
	if (root && !f.eof) {
		/* something after the root collection: an error */
		yt_free(root);
		root = NULL;
	}
	return root;
}
