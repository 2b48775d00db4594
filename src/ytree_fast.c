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
#include "hyoka/ytree_fast.h"
#include "hyoka/utf8.h"
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
	/* text read so far: [start, avail); more comes from the input (NULL:
	 * all of it is there), which may also forget what was read before a
	 * line (the scanner never looks back) */
	const char *avail;
	const yt_fast_input *in;
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
 * one loop that looks at every byte of the input: runs of plain text go
 * sixteen bytes at a time (hy_plain_span), what is left of them eight bytes
 * or two characters at a time. */
static const char *scan_line_end(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)end;
	for (;;) {
		u += hy_plain_span((const char *)u, (size_t)(e - u));
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

/* scan_line_end for the line at p, read from the input first when needed:
 * up to its '\n', or all of the text. */
static const char *line_end(fparser *f, const char *p)
{
	const char *from = p;
	while (f->avail < f->end && !memchr(from, '\n', (size_t)(f->avail - from))) {
		from = f->avail;
		if (!f->in->fill(f->in->ctx, &f->avail))
			return NULL;
	}
	return scan_line_end(p, f->end);
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
	while (f->avail < f->end)
		if (!f->in->fill(f->in->ctx, &f->avail))
			return false;
	for (const char *q = eol; q < f->end; q++)
		if (*q != '\n' && *q != ' ')
			return false;
	f->eof = true;
	return true;
}

/* Moves to the first content line at or after p (the start of line `no`).
 * Lines of spaces only are skipped, as libyaml's scanner skips them.
 * False (decline) on a bad byte, a trailing space, a comment line, or a
 * document marker other than a final "...". */
static bool content_from(fparser *f, const char *p, int no)
{
	if (f->in && f->in->forget)
		f->in->forget(f->in->ctx, p);
	for (; p < f->end; no++) {
		const char *eol = line_end(f, p);
		if (!eol)
			return false;
		const char *c = p;
		while (c < eol && *c == ' ')
			c++;
		if (c < eol) {
			if (eol[-1] == ' ')
				return false; /* trailing spaces: never written by hyoka */
			/* a comment is no line to libyaml: deciding anything (the end
			 * of a collection, an empty value) by it would be wrong */
			if (*c == '#')
				return false;
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

/* A scalar event owning str; false (and str freed) past the node limit. */
static bool scalar(fparser *f, yt_event *ev, char *str, size_t len, bool plain, int line, int col)
{
	if (!count_node(f)) {
		free(str);
		return false;
	}
	*ev = (yt_event){.type = YT_EV_SCALAR, .line = line, .col = col, .str = str, .len = len,
			 .plain = plain};
	return true;
}

/* An empty value ("key:" or "-" with nothing after): a plain empty scalar. */
static bool empty(fparser *f, yt_event *ev, int line, int col)
{
	return scalar(f, ev, hy_strdup(""), 0, true, line, col);
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
		const char *eol = line_end(f, b->q);
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
 * column ctx: its text in *str.  Leaves the parser on the line that ends
 * the block. */
static bool block_scalar(fparser *f, const char *p, int ctx, char **str, size_t *len)
{
	int chomp, incr;
	if (!block_header(p + 1, f->ln.eol, &chomp, &incr))
		return false;
	fblock b = {
		.q = f->ln.eol < f->end ? f->ln.eol + 1 : f->end,
		.no = f->ln.no + 1,
		.indent = incr ? ctx + incr : 0,
	};
	hy_buf out;
	hy_buf_init(&out);
	if (!block_breaks(f, &b, ctx) || !block_text(f, &b, ctx, chomp, &out) ||
	    !content_from(f, b.q, b.no)) {
		hy_buf_free(&out);
		return false;
	}
	*len = out.len;
	/* the buffer grew by doubling: give back the unused part */
	*str = out.data ? hy_realloc(out.data, out.len + 1) : hy_strdup("");
	return true;
}

/* ---- events ---- */

/* The reader is libyaml's grammar for the subset, a recursive descent
 * turned inside out so that it gives one event per call: a stack of the
 * open collections, each at the step it is in. */
typedef enum {
	AT_KEY,   /* a mapping: its key is at `at` */
	AT_VALUE, /* a mapping: its key has been given; the ':' is at `at` */
	AT_ITEM,  /* a sequence: its "-" is at `at` */
	AT_NEXT,  /* the entry is complete: on to the next, or the end */
} fstep;

typedef struct {
	bool map;
	bool indentless; /* a sequence at its key's column ("key:\n- a") */
	int col;         /* its column (bytes: only spaces and "- " before it) */
	fstep step;
	const char *at;  /* on the current line */
} fframe;

struct yt_fast {
	fparser f;
	const char *text;
	fframe stack[YT_MAX_DEPTH + 1];
	int n;
	bool started;
};

static bool open_collection(fparser *f)
{
	if (f->depth >= YT_MAX_DEPTH || !count_node(f))
		return false;
	f->depth++;
	return true;
}

static const char *key_colon(const fparser *f, const char *k);

/* Opens the mapping whose first key is at k (libyaml marks it there). */
static bool open_map(yt_fast *s, const char *k, yt_event *ev)
{
	fparser *f = &s->f;
	int col = (int)(k - f->ln.s);
	/* what libyaml reads as a mapping's start only if a key follows */
	if (!key_colon(f, k) || !open_collection(f))
		return false;
	s->stack[s->n++] = (fframe){.map = true, .col = col, .step = AT_KEY, .at = k};
	*ev = (yt_event){.type = YT_EV_MAP_START, .line = f->ln.no, .col = col + 1};
	return true;
}

/* Opens the sequence whose first "-" is at dash. */
static bool open_seq(yt_fast *s, const char *dash, bool indentless, yt_event *ev)
{
	fparser *f = &s->f;
	int col = (int)(dash - f->ln.s);
	if (!open_collection(f))
		return false;
	s->stack[s->n++] = (fframe){.indentless = indentless, .col = col, .step = AT_ITEM,
				    .at = dash};
	*ev = (yt_event){.type = YT_EV_SEQ_START, .line = f->ln.no, .col = col + 1};
	return true;
}

/* A collection starting the current line, deeper than a key or a "-" that
 * has nothing after it.  A scalar there would be a multi-line plain scalar
 * or an error: the mapping's key declines it. */
static bool open_nested(yt_fast *s, yt_event *ev)
{
	fparser *f = &s->f;
	if (is_dash(f->ln.c, f->ln.eol))
		return open_seq(s, f->ln.c, false, ev);
	return open_map(s, f->ln.c, ev);
}

/* An inline scalar value at p (after "key: " or "- ") in the collection at
 * column ctx; leaves the parser on the next content line.  A next line
 * deeper than ctx would continue a plain scalar (or be an error): declined
 * before the scalar is given, so that every event given is libyaml's. */
static bool inline_scalar(fparser *f, const char *p, int ctx, yt_event *ev)
{
	const char *eol = f->ln.eol;
	int line = f->ln.no, col = cols(f->ln.s, p) + 1;
	char *str;
	size_t len;
	bool plain = false;
	if (*p == '|') {
		if (!block_scalar(f, p, ctx, &str, &len))
			return false;
	} else {
		if (*p == '\'' || *p == '"') {
			if (quoted_end(p, eol) != eol)
				return false; /* unclosed (multi-line) or followed by more */
			str = unquote(p, eol, &len);
		} else {
			if (!plain_ok(p, eol))
				return false;
			len = (size_t)(eol - p);
			str = hy_strndup(p, len);
			plain = true;
		}
		if (!advance(f)) {
			free(str);
			return false;
		}
	}
	if (!f->eof && f->ln.ind > ctx) {
		free(str);
		return false;
	}
	return scalar(f, ev, str, len, plain, line, col);
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

/* The ':' that ends the key at k on the current line, or NULL when the key
 * is outside the subset.  libyaml forgets a simple key 1,024 characters on;
 * bytes bound characters, so the check is safe. */
static const char *key_colon(const fparser *f, const char *k)
{
	const char *eol = f->ln.eol, *colon;
	if (*k == '\'' || *k == '"') {
		colon = quoted_end(k, eol);
		if (!colon || colon == eol || *colon != ':' || (colon + 1 < eol && colon[1] != ' '))
			return NULL;
	} else {
		colon = find_colon(k, eol);
		if (!colon || !plain_ok(k, colon))
			return NULL;
	}
	return colon - k > 1024 ? NULL : colon;
}

/* The key at fr->at. */
static bool map_key(yt_fast *s, fframe *fr, yt_event *ev)
{
	fparser *f = &s->f;
	const char *k = fr->at, *colon = key_colon(f, k);
	if (!colon || !count_node(f))
		return false;
	bool quoted = *k == '\'' || *k == '"';
	size_t len = (size_t)(colon - k);
	char *text = quoted ? unquote(k, colon, &len) : hy_strndup(k, len);
	fr->at = colon;
	fr->step = AT_VALUE;
	*ev = (yt_event){.type = YT_EV_SCALAR, .line = f->ln.no, .col = cols(f->ln.s, k) + 1,
			 .str = text, .len = len, .plain = !quoted};
	return true;
}

/* The value after the ':' at fr->at. */
static bool map_value(yt_fast *s, fframe *fr, yt_event *ev)
{
	fparser *f = &s->f;
	const char *v = fr->at + 1;
	int col = fr->col;
	fr->step = AT_NEXT;
	if (v < f->ln.eol) {
		while (*v == ' ')
			v++; /* the line has no trailing spaces: a value follows */
		return inline_scalar(f, v, col, ev);
	}
	/* libyaml marks an empty value at the end of the ':' */
	int line = f->ln.no, vcol = cols(f->ln.s, v) + 1;
	if (!advance(f))
		return false;
	if (!f->eof && f->ln.ind == col && is_dash(f->ln.c, f->ln.eol))
		return open_seq(s, f->ln.c, true, ev); /* "key:\n- item" */
	if (!f->eof && f->ln.ind > col)
		return open_nested(s, ev);
	/* libyaml takes a node at the key's column that is not a key ("key:\n|"
	 * or "key:\nvalue") as the value: only a key there means empty */
	if (!f->eof && f->ln.ind == col && !key_colon(f, f->ln.c))
		return false;
	return empty(f, ev, line, vcol);
}

/* The item after the "-" at fr->at. */
static bool seq_item(yt_fast *s, fframe *fr, yt_event *ev)
{
	fparser *f = &s->f;
	const char *v = fr->at + 1, *eol = f->ln.eol;
	int col = fr->col;
	fr->step = AT_NEXT;
	if (v == eol) {
		/* libyaml marks an empty item at the end of the '-' */
		int line = f->ln.no, vcol = col + 2;
		if (!advance(f))
			return false;
		if (!f->eof && f->ln.ind > col)
			return open_nested(s, ev);
		/* as after a key: libyaml takes a node at the "-"'s column that
		 * is not another "-" (nor, after an indentless one, a key) as the
		 * item */
		if (!f->eof && f->ln.ind == col && !is_dash(f->ln.c, f->ln.eol) &&
		    !(fr->indentless && key_colon(f, f->ln.c)))
			return false;
		return empty(f, ev, line, vcol);
	}
	while (*v == ' ')
		v++; /* the line has no trailing spaces: an item follows */
	if (is_dash(v, eol))
		return open_seq(s, v, false, ev); /* "- - x" */
	if (is_key(v, eol))
		return open_map(s, v, ev); /* "- key: value" */
	return inline_scalar(f, v, col, ev);
}

typedef enum { STEP_GIVEN, STEP_ON, STEP_DECLINE } step_result;

/* After a complete entry: the collection's next entry (STEP_ON), or its end
 * (STEP_GIVEN, the end event). */
static step_result next_entry(yt_fast *s, fframe *fr, yt_event *ev)
{
	fparser *f = &s->f;
	bool end = f->eof || f->ln.ind < fr->col;
	if (!end && f->ln.ind != fr->col)
		return STEP_DECLINE; /* deeper: a continuation line or an error */
	bool dash = !end && is_dash(f->ln.c, f->ln.eol);
	if (!end && fr->map && dash)
		return STEP_DECLINE; /* "-" where a key belongs: an error */
	if (!end && !fr->map && !dash) {
		if (!fr->indentless)
			return STEP_DECLINE;
		end = true; /* the parent mapping's next key */
	}
	if (end) {
		*ev = (yt_event){.type = fr->map ? YT_EV_MAP_END : YT_EV_SEQ_END};
		s->n--;
		f->depth--;
		return STEP_GIVEN;
	}
	fr->at = f->ln.c;
	fr->step = fr->map ? AT_KEY : AT_ITEM;
	return STEP_ON;
}

/* Before the root and after it. */
static bool root_step(yt_fast *s, yt_event *ev)
{
	fparser *f = &s->f;
	if (!s->started) {
		s->started = true;
		/* an empty document and a lone scalar are left to libyaml */
		if (!content_from(f, s->text, 1) || f->eof)
			return false;
		return open_nested(s, ev);
	}
	if (!f->eof)
		return false; /* something after the root collection: an error */
	*ev = (yt_event){.type = YT_EV_END};
	return true;
}

bool yt_fast_next(yt_fast *s, yt_event *ev)
{
	for (;;) {
		if (s->n == 0)
			return root_step(s, ev);
		fframe *fr = &s->stack[s->n - 1];
		switch (fr->step) {
		case AT_KEY:
			return map_key(s, fr, ev);
		case AT_VALUE:
			return map_value(s, fr, ev);
		case AT_ITEM:
			return seq_item(s, fr, ev);
		case AT_NEXT:
			break;
		}
		step_result r = next_entry(s, fr, ev);
		if (r != STEP_ON)
			return r == STEP_GIVEN;
	}
}

yt_fast *yt_fast_new(const char *text, size_t len, const char *avail, const yt_fast_input *in)
{
	yt_fast *s = hy_calloc(1, sizeof *s);
	/* yt_parse ignores a UTF-8 byte-order mark; marks count from after it */
	if (len >= 3 && avail - text >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	s->text = text;
	s->f = (fparser){.end = text + len, .avail = in ? avail : text + len, .in = in};
	return s;
}

void yt_fast_free(yt_fast *s)
{
	free(s);
}

static bool fast_next(void *s, yt_event *ev)
{
	return yt_fast_next(s, ev);
}

yt_node *yt_parse_fast(const char *text, size_t len)
{
	if (len > YT_MAX_INPUT)
		return NULL;
	yt_fast *s = yt_fast_new(text, len, text + len, NULL);
	yt_node *root = yt_tree_from(fast_next, s);
	yt_fast_free(s);
	return root;
}
