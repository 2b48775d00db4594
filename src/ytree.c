#include "hyoka/ytree.h"
#include "hyoka/ytree_fast.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"
#include "hyoka/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <yaml.h>

yt_node *yt_new(yt_kind kind, int line, int col)
{
	yt_node *n = hy_calloc(1, sizeof *n);
	n->kind = kind;
	n->line = line;
	n->col = col;
	return n;
}

yt_node *yt_new_scalar(const char *s, int line, int col)
{
	yt_node *n = yt_new(YT_SCALAR, line, col);
	n->str = hy_strdup(s);
	n->len = strlen(n->str);
	return n;
}

void yt_seq_add(yt_node *seq, yt_node *item)
{
	hy_grow((void **)&seq->items, &seq->cap, seq->n, sizeof *seq->items);
	seq->items[seq->n++] = item;
}

void yt_map_add(yt_node *map, const char *key, int line, int col, yt_node *value)
{
	hy_grow((void **)&map->pairs, &map->cap, map->n, sizeof *map->pairs);
	yt_pair *p = &map->pairs[map->n++];
	p->key = hy_strdup(key);
	p->line = line;
	p->col = col;
	p->value = value;
}

void yt_free(yt_node *n)
{
	if (!n)
		return;
	free(n->str);
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		yt_free(n->items[i]);
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++) {
		free(n->pairs[i].key);
		yt_free(n->pairs[i].value);
	}
	free(n->items);
	free(n->pairs);
	free(n);
}

yt_node *yt_clone(const yt_node *n)
{
	yt_node *c = yt_new(n->kind, n->line, n->col);
	c->plain = n->plain;
	if (n->kind == YT_SCALAR) {
		c->str = hy_strndup(n->str, n->len);
		c->len = n->len;
	}
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		yt_seq_add(c, yt_clone(n->items[i]));
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++)
		yt_map_add(c, n->pairs[i].key, n->pairs[i].line, n->pairs[i].col,
			   yt_clone(n->pairs[i].value));
	return c;
}

const yt_pair *yt_get_pair(const yt_node *map, const char *key)
{
	if (!map || map->kind != YT_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return &map->pairs[i];
	return NULL;
}

yt_node *yt_get(const yt_node *map, const char *key)
{
	const yt_pair *p = yt_get_pair(map, key);
	return p ? p->value : NULL;
}

bool yt_is_null(const yt_node *n)
{
	if (!n)
		return true;
	if (n->kind != YT_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	       strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

const char *yt_kind_name(yt_kind k)
{
	switch (k) {
	case YT_SCALAR: return _("a scalar");
	case YT_SEQ: return _("a sequence");
	case YT_MAP: return _("a mapping");
	}
	return "?";
}

/* The start of a text, for a message: its first line, cut at 20 characters. */
static char *excerpt(const char *s, size_t len)
{
	const size_t max_chars = 20;
	const char *nl = memchr(s, '\n', len);
	size_t end = nl ? (size_t)(nl - s) : len, at = 0, chars = 0;
	while (at < end && chars < max_chars) {
		uint32_t cp;
		at += hy_utf8_decode(s + at, end - at, &cp);
		chars++;
	}
	char *cut = hy_strndup(s, at);
	if (at == len)
		return cut;
	char *out = hy_printf("%s…", cut);
	free(cut);
	return out;
}

char *yt_describe(const yt_node *n)
{
	if (n->kind == YT_SEQ)
		return n->n == 0 ? hy_strdup(_("an empty list"))
				 : hy_printf(P_("a list of %zu item", "a list of %zu items", n->n), n->n);
	if (n->kind == YT_MAP && n->n == 0)
		return hy_strdup(_("an empty group of keys"));
	const char *text = n->kind == YT_MAP ? n->pairs[0].key : n->str;
	char *shown = excerpt(text, n->kind == YT_MAP ? strlen(text) : n->len);
	char *out = n->kind == YT_MAP ? hy_printf(_("a group of keys (%s: …)"), shown)
				      : hy_printf(_("the text '%s'"), shown);
	free(shown);
	return out;
}

static void dump_text(hy_buf *b, const char *s, size_t len)
{
	hy_buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			hy_buf_adds(b, "\\n");
		else if (s[i] == '"' || s[i] == '\\')
			hy_buf_addf(b, "\\%c", s[i]);
		else
			hy_buf_addc(b, s[i]);
	}
	hy_buf_addc(b, '"');
}

static void dump_node(hy_buf *b, const yt_node *n, int depth)
{
	hy_buf_addf(b, "%*s%d:%d ", depth * 2, "", n->line, n->col);
	if (n->kind == YT_SCALAR) {
		hy_buf_addf(b, "%s %zu ", n->plain ? "plain" : "styled", n->len);
		dump_text(b, n->str, n->len);
		hy_buf_addc(b, '\n');
		return;
	}
	hy_buf_adds(b, n->kind == YT_SEQ ? "seq\n" : "map\n");
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		dump_node(b, n->items[i], depth + 1);
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++) {
		hy_buf_addf(b, "%*s%d:%d key ", depth * 2 + 2, "", n->pairs[i].line, n->pairs[i].col);
		dump_text(b, n->pairs[i].key, strlen(n->pairs[i].key));
		hy_buf_addc(b, '\n');
		dump_node(b, n->pairs[i].value, depth + 2);
	}
}

char *yt_dump(const yt_node *n)
{
	hy_buf b;
	hy_buf_init(&b);
	if (n)
		dump_node(&b, n, 0);
	return hy_buf_take(&b);
}

/* Parser state: a stack of open containers and, for mappings, the pending key. */
typedef struct {
	yt_node *node;
	char *pending_key;
	int key_line, key_col;
	size_t *slots;       /* open-addressing set of pair indexes + 1, for duplicate keys */
	size_t n_slots;
} frame;

typedef struct {
	frame stack[YT_MAX_DEPTH + 2];
	int depth;
	size_t nodes;      /* refused past YT_MAX_NODES: a small file of [] can be huge */
	yt_node *root;
	char *err;
	int line, col;
} builder;

static void fail(builder *b, int line, int col, char *msg)
{
	if (!b->err) {
		b->err = msg;
		b->line = line;
		b->col = col;
	} else {
		free(msg);
	}
}

static size_t hash_key(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Is `key` already in the mapping?  A linear look for small mappings, a hash
 * set once they grow, so that a file with many keys stays linear. */
static bool has_key(frame *f, const char *key)
{
	yt_node *map = f->node;
	if (map->n < 16)
		return yt_get_pair(map, key) != NULL;
	if (map->n * 2 >= f->n_slots) {
		free(f->slots);
		f->n_slots = f->n_slots ? f->n_slots * 4 : 64;
		f->slots = hy_calloc(f->n_slots, sizeof *f->slots);
		for (size_t i = 0; i < map->n; i++) {
			size_t h = hash_key(map->pairs[i].key) & (f->n_slots - 1);
			while (f->slots[h])
				h = (h + 1) & (f->n_slots - 1);
			f->slots[h] = i + 1;
		}
	}
	size_t h = hash_key(key) & (f->n_slots - 1);
	for (; f->slots[h]; h = (h + 1) & (f->n_slots - 1))
		if (strcmp(map->pairs[f->slots[h] - 1].key, key) == 0)
			return true;
	return false;
}

static void remember_key(frame *f)
{
	yt_node *map = f->node;
	if (!f->slots || map->n * 2 >= f->n_slots)
		return; /* rebuilt on the next look-up */
	size_t h = hash_key(map->pairs[map->n - 1].key) & (f->n_slots - 1);
	while (f->slots[h])
		h = (h + 1) & (f->n_slots - 1);
	f->slots[h] = map->n;
}

/* Attaches a finished node to the container on top of the stack. Returns false
 * (and frees the node) on error. */
static bool attach(builder *b, yt_node *n)
{
	if (b->depth == 0) {
		if (b->root) {
			fail(b, n->line, n->col, hy_strdup(_("more than one YAML document in the file")));
			yt_free(n);
			return false;
		}
		b->root = n;
		return true;
	}
	frame *top = &b->stack[b->depth - 1];
	if (top->node->kind == YT_SEQ) {
		yt_seq_add(top->node, n);
		return true;
	}
	if (!top->pending_key) {
		if (n->kind != YT_SCALAR) {
			fail(b, n->line, n->col, hy_strdup(_("a key must be a simple name, not a list or a group of keys")));
			yt_free(n);
			return false;
		}
		if (has_key(top, n->str)) {
			fail(b, n->line, n->col, hy_printf(_("duplicate key '%s'"), n->str));
			yt_free(n);
			return false;
		}
		top->pending_key = n->str;
		top->key_line = n->line;
		top->key_col = n->col;
		n->str = NULL;
		yt_free(n);
		return true;
	}
	yt_map_add(top->node, top->pending_key, top->key_line, top->key_col, n);
	remember_key(top);
	free(top->pending_key);
	top->pending_key = NULL;
	return true;
}

static bool open_container(builder *b, yt_kind kind, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	if (b->depth >= YT_MAX_DEPTH) {
		fail(b, line, col, hy_printf(_("nesting deeper than %d levels"), YT_MAX_DEPTH));
		return false;
	}
	frame *f = &b->stack[b->depth++];
	f->node = yt_new(kind, line, col);
	f->pending_key = NULL;
	f->slots = NULL;
	f->n_slots = 0;
	return true;
}

static bool close_container(builder *b)
{
	frame *f = &b->stack[--b->depth];
	free(f->pending_key);
	f->pending_key = NULL;
	free(f->slots);
	f->slots = NULL;
	return attach(b, f->node);
}

static bool refuse_extras(builder *b, const yaml_char_t *anchor, const yaml_char_t *tag,
			  int line, int col)
{
	if (anchor) {
		fail(b, line, col, hy_printf(_("YAML anchors ('&%s') are not allowed in hyoka files"),
					     (const char *)anchor));
		return false;
	}
	if (tag && strncmp((const char *)tag, "tag:yaml.org,2002:", 18) != 0) {
		fail(b, line, col, hy_printf(_("YAML tag '%s' is not allowed"), (const char *)tag));
		return false;
	}
	return true;
}

bool yt_has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)
			return true;
	}
	return false;
}

static bool handle_event(builder *b, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	if ((ev->type == YAML_SCALAR_EVENT || ev->type == YAML_SEQUENCE_START_EVENT ||
	     ev->type == YAML_MAPPING_START_EVENT) && ++b->nodes > YT_MAX_NODES) {
		fail(b, line, col, hy_printf(_("more than %d values in one file"), YT_MAX_NODES));
		return false;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail(b, line, col, hy_printf(_("YAML aliases ('*%s') are not allowed in hyoka files"),
					     (const char *)ev->data.alias.anchor));
		return false;
	case YAML_SCALAR_EVENT: {
		if (!refuse_extras(b, ev->data.scalar.anchor, ev->data.scalar.tag, line, col))
			return false;
		size_t len = ev->data.scalar.length;
		const char *s = (const char *)ev->data.scalar.value;
		if (memchr(s, '\0', len)) {
			fail(b, line, col, hy_strdup(_("NUL character in a value")));
			return false;
		}
		/* only a double-quoted scalar can spell one (libyaml refuses raw ones) */
		if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && yt_has_control(s, len)) {
			fail(b, line, col, hy_strdup(_("control character in a value (only line "
						       "breaks and tabs are allowed)")));
			return false;
		}
		yt_node *n = yt_new(YT_SCALAR, line, col);
		n->str = hy_strndup(s, len);
		n->len = len;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return attach(b, n);
	}
	case YAML_SEQUENCE_START_EVENT:
		if (!refuse_extras(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
				   line, col))
			return false;
		return open_container(b, YT_SEQ, ev);
	case YAML_MAPPING_START_EVENT:
		if (!refuse_extras(b, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
				   line, col))
			return false;
		return open_container(b, YT_MAP, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_container(b);
	default:
		return true;
	}
}

/* libyaml reports encoding errors by byte offset only: turn the offset into
 * a line and column, and say what is wrong in words a person can act on. */
static void reader_error(const char *text, size_t len, size_t offset, char **err, int *line,
			 int *col)
{
	/* libyaml's offset is where it noticed; the first bad byte is what to show */
	size_t bad = len;
	const char *nul = memchr(text, '\0', len);
	if (!hy_utf8_valid(text, len, &bad))
		offset = bad;
	if (nul && (size_t)(nul - text) < offset)
		offset = (size_t)(nul - text);
	if (offset > len)
		offset = len;
	*line = 1;
	*col = 1;
	/* a byte-order mark is not a column */
	size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (size_t i = start; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	if (offset < len && text[offset] == '\0')
		*err = hy_strdup(_("NUL byte in the file"));
	else if (offset < len && (unsigned char)text[offset] >= 0xC0 &&
		 offset + ((unsigned char)text[offset] >= 0xF0 ? 4
			   : (unsigned char)text[offset] >= 0xE0 ? 3 : 2) > len)
		*err = hy_strdup(_("the file ends in the middle of a UTF-8 character"));
	else if (offset < len && (unsigned char)text[offset] >= 0x80)
		*err = hy_printf(_("invalid UTF-8 byte 0x%02x (save the file as UTF-8)"),
				 (unsigned char)text[offset]);
	else if (offset < len)
		*err = hy_printf(_("control character 0x%02x is not allowed"),
				 (unsigned char)text[offset]);
	else
		*err = hy_strdup(_("the file ends in the middle of a UTF-8 character"));
}

static bool starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* libyaml's problems in words an author can act on, at the place to look:
 * an unclosed quote or bracket is reported where it opens, not at the end. */
/* The byte offset of a libyaml mark (its index counts characters, not bytes). */
static size_t mark_offset(const char *text, size_t len, const yaml_mark_t *m)
{
	size_t at = 0;
	for (size_t l = 0; l < m->line; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl)
			return len;
		at = (size_t)(nl - text) + 1;
	}
	for (size_t c = 0; c < m->column && at < len && text[at] != '\n'; c++) {
		uint32_t cp;
		at += hy_utf8_decode(text + at, len - at, &cp);
	}
	return at;
}

/* Is the character at the mark a tab in the line's indentation? */
static bool tab_in_indentation(const char *text, size_t len, const yaml_mark_t *m)
{
	size_t at = mark_offset(text, len, m);
	if (at >= len || text[at] != '\t')
		return false;
	while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
		at--;
	return at == 0 || text[at - 1] == '\n';
}

/* A key where libyaml expected one at the mark, in line with the keys of
 * the mapping that starts at `map`: what stands there instead. */
static char *not_a_key(const char *text, size_t len, const yaml_mark_t *m, const yaml_mark_t *map)
{
	if (m->column != map->column)
		return hy_strdup(_("this line is indented differently from the keys above it"));
	size_t at = mark_offset(text, len, m);
	char c = at < len ? text[at] : '\0';
	char next = at + 1 < len ? text[at + 1] : '\n';
	bool alone = next == ' ' || next == '\n' || next == '\r';
	if (c == '-' && alone)
		return hy_strdup(_("a list item ('- …') where a key is expected"));
	if (c == ':' && alone)
		return hy_strdup(_("':' without a key before it"));
	return hy_strdup(_("this line is indented differently from the keys above it"));
}

/* Does line (from 0) start with a byte order mark?  Two files joined
 * together leave the second one's there, invisible. */
static bool bom_starts_line(const char *text, size_t len, size_t line)
{
	size_t at = 0;
	for (size_t l = 0; l < line && at < len; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl)
			return false;
		at = (size_t)(nl - text) + 1;
	}
	return at > 0 && len - at >= 3 && memcmp(text + at, "\xEF\xBB\xBF", 3) == 0;
}

static char *explain(const yaml_parser_t *p, const char *text, size_t len, int *line, int *col)
{
	const yaml_mark_t *at = &p->problem_mark;
	const char *problem = p->problem ? p->problem : "?";
	const char *context = p->context;
	char *msg = NULL;
	if (bom_starts_line(text, len, p->problem_mark.line)) {
		*line = (int)p->problem_mark.line + 1;
		*col = 1;
		return hy_strdup(_("an invisible byte order mark (U+FEFF) starts this line: were two "
				   "files joined together?  Delete it"));
	}
	if (starts(context, "while scanning a quoted scalar") &&
	    starts(problem, "found unexpected end of stream")) {
		at = &p->context_mark;
		msg = hy_strdup(_("the quoted text starting here is never closed"));
	} else if (starts(context, "while scanning a simple key") &&
		   p->context_mark.line == p->problem_mark.line) {
		msg = hy_strdup(_("no ':' after this key (a key is at most 1,024 characters)"));
	} else if (starts(context, "while scanning a simple key")) {
		/* the "key" is a line that was meant to continue a text above */
		at = &p->context_mark;
		msg = hy_strdup(_("no ':' after this key; if the line continues the text above, "
				  "indent it like that text's first line"));
	} else if (starts(context, "while parsing a flow")) {
		at = &p->context_mark;
		msg = hy_strdup(_("the '[' or '{' opened here is never closed"));
	} else if (starts(problem, "found character that cannot start any token") &&
		   tab_in_indentation(text, len, at)) {
		msg = hy_strdup(_("a tab character is used for indentation; use spaces"));
	} else if (starts(problem, "mapping values are not allowed")) {
		msg = hy_strdup(_("': ' inside a value: put the value in quotes, or check the "
				  "indentation of the line above"));
	} else if (starts(problem, "did not find expected key")) {
		msg = not_a_key(text, len, at, &p->context_mark);
	} else if (starts(problem, "found unknown escape character")) {
		msg = hy_strdup(_("unknown escape in a double-quoted text; write \\\\ for a "
				  "backslash, or use single quotes"));
	} else if (starts(problem, "found unexpected end of stream") && context) {
		at = &p->context_mark;
		msg = hy_printf(_("the file ends too early (%s)"), context);
	} else {
		msg = context ? hy_printf(_("malformed YAML: %s %s"), problem, context)
			      : hy_printf(_("malformed YAML: %s"), problem);
	}
	*line = (int)at->line + 1;
	*col = (int)at->column + 1;
	return msg;
}

/* U+2028/U+2029/U+0085 act as line breaks in YAML but are invisible to the
 * author (pasted from Word or a PDF): refuse them where they are.  memchr
 * keeps the common case (none) near memory speed. */
static bool odd_line_break(const char *text, size_t len, char **err, int *line, int *col)
{
	const char *first = NULL, *end = text + len;
	for (const char *p = text; (p = memchr(p, 0xE2, (size_t)(end - p))) && !first; p++)
		if (end - p >= 3 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
			first = p;
	for (const char *p = text; (p = memchr(p, 0xC2, (size_t)(end - p))); p++)
		if (end - p >= 2 && (unsigned char)p[1] == 0x85) {
			if (!first || p < first)
				first = p;
			break;
		}
	if (!first)
		return false;
	const unsigned char *u = (const unsigned char *)text;
	size_t at = (size_t)(first - text);
	int l = 1, c = 1;
	for (size_t i = 0; i < at; i++) {
		if (u[i] == '\n') {
			l++;
			c = 1;
		} else if ((u[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	unsigned cp = u[at] == 0xC2 ? 0x85u : 0x2028u + (u[at + 2] - 0xA8u);
	*line = l;
	*col = c;
	*err = hy_printf(_("invisible line separator U+%04X (often pasted from Word or a PDF): "
			   "replace it with a line break"),
			 cp);
	return true;
}

yt_node *yt_parse_libyaml(const char *text, size_t len, char **err, int *line, int *col)
{
	builder b;
	memset(&b, 0, sizeof b);
	*err = NULL;
	*line = *col = 0;
	if (len > YT_MAX_INPUT) {
		*err = hy_printf(_("file is larger than the limit of %zu MiB"), YT_MAX_INPUT >> 20);
		*line = *col = 1;
		return NULL;
	}
	/* a UTF-8 byte-order mark is allowed and ignored (libyaml, told the
	 * encoding, would otherwise read it as text) */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (odd_line_break(text, len, err, line, col))
		return NULL;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		*err = hy_strdup(_("cannot initialise the YAML parser"));
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	/* documents are UTF-8: a UTF-16 file is refused, not silently converted */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	bool done = false;
	while (!done && !b.err) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_READER_ERROR) {
				char *msg = NULL;
				int l = 1, c = 1;
				reader_error(text, len, parser.problem_offset, &msg, &l, &c);
				fail(&b, l, c, msg);
				break;
			}
			int l, c;
			char *msg = explain(&parser, text, len, &l, &c);
			fail(&b, l, c, msg);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		handle_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (b.err) {
		while (b.depth > 0) {
			frame *f = &b.stack[--b.depth];
			free(f->pending_key);
			free(f->slots);
			yt_free(f->node);
		}
		yt_free(b.root);
		*err = b.err;
		*line = b.line;
		*col = b.col;
		return NULL;
	}
	if (!b.root) {
		b.root = yt_new(YT_SCALAR, 1, 1);
		b.root->str = hy_strdup("");
		b.root->plain = true;
	}
	return b.root;
}

/* hyoka's own files (what hy_doc_to_yaml writes) take the fast path, which
 * builds the same tree; anything else, and every error, goes to libyaml. */
yt_node *yt_parse(const char *text, size_t len, char **err, int *line, int *col)
{
	yt_node *fast = yt_parse_fast(text, len);
	if (!fast)
		return yt_parse_libyaml(text, len, err, line, col);
	*err = NULL;
	*line = *col = 0;
	return fast;
}

/* ---- trees from events ---- */

void yt_event_clear(yt_event *ev)
{
	free(ev->str);
	memset(ev, 0, sizeof *ev);
}

static void builder_free(builder *b)
{
	while (b->depth > 0) {
		frame *f = &b->stack[--b->depth];
		free(f->pending_key);
		free(f->slots);
		yt_free(f->node);
	}
	yt_free(b->root);
	free(b->err);
}

/* One event into the builder: the checks and messages of the libyaml path
 * (the messages are dropped by the callers below). */
static bool build_event(builder *b, yt_event *ev)
{
	if (ev->type == YT_EV_SCALAR || ev->type == YT_EV_SEQ_START ||
	    ev->type == YT_EV_MAP_START) {
		if (++b->nodes > YT_MAX_NODES)
			return false;
	}
	switch (ev->type) {
	case YT_EV_SCALAR: {
		yt_node *n = yt_new(YT_SCALAR, ev->line, ev->col);
		n->str = ev->str;
		n->len = ev->len;
		n->plain = ev->plain;
		ev->str = NULL;
		return attach(b, n);
	}
	case YT_EV_SEQ_START:
	case YT_EV_MAP_START: {
		if (b->depth >= YT_MAX_DEPTH)
			return false;
		frame *f = &b->stack[b->depth++];
		memset(f, 0, sizeof *f);
		f->node = yt_new(ev->type == YT_EV_SEQ_START ? YT_SEQ : YT_MAP, ev->line, ev->col);
		return true;
	}
	case YT_EV_SEQ_END:
	case YT_EV_MAP_END:
		return b->depth > 0 && close_container(b);
	case YT_EV_END:
		return true;
	}
	return false;
}

/* Builds until the root is complete (one) or the source ends (all). */
static yt_node *build(yt_next_fn *next, void *source, yt_event *first, bool one)
{
	builder b;
	memset(&b, 0, sizeof b);
	bool ok = true;
	yt_event ev = *first;
	for (;;) {
		bool end = ev.type == YT_EV_END;
		ok = !(end && one) && build_event(&b, &ev) && !b.err;
		yt_event_clear(&ev);
		if (!ok || end || (one && b.root))
			break;
		if (!next(source, &ev)) {
			ok = false;
			break;
		}
	}
	if (ok && !b.root)
		ok = false;
	yt_node *root = ok ? b.root : NULL;
	if (ok)
		b.root = NULL;
	builder_free(&b);
	return root;
}

yt_node *yt_tree_from(yt_next_fn *next, void *source)
{
	yt_event first;
	if (!next(source, &first))
		return NULL;
	return build(next, source, &first, false);
}

yt_node *yt_tree_of(yt_next_fn *next, void *source, yt_event *first)
{
	yt_event ev = *first;
	memset(first, 0, sizeof *first);
	return build(next, source, &ev, true);
}

/* ---- comments ---- */

/* libyaml's marks count characters; this walks the text alongside them. */
typedef struct {
	const char *text;
	size_t len, byte, chars;
} char_cursor;

static size_t byte_at(char_cursor *c, size_t char_index)
{
	while (c->chars < char_index && c->byte < c->len) {
		c->byte++;
		while (c->byte < c->len && ((unsigned char)c->text[c->byte] & 0xC0) == 0x80)
			c->byte++;
		c->chars++;
	}
	return c->byte;
}

static long comment_in_gap(const char *text, size_t from, size_t to)
{
	const char *hash = to > from ? memchr(text + from, '#', to - from) : NULL;
	return hash ? (long)(hash - text) : -1;
}

long yt_find_comment(const char *text, size_t len, int *line, int *col)
{
	if (!memchr(text, '#', len))
		return -1; /* the usual case: nothing to scan */
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	char_cursor cur = {.text = text, .len = len};
	size_t gap_start = 0;
	long found = -1;
	for (bool done = false; !done && found < 0;) {
		yaml_token_t tok;
		if (!yaml_parser_scan(&p, &tok))
			break;
		done = tok.type == YAML_STREAM_END_TOKEN;
		size_t start = byte_at(&cur, tok.start_mark.index);
		found = comment_in_gap(text, gap_start, done ? len : start);
		size_t end = byte_at(&cur, tok.end_mark.index);
		if (end > gap_start)
			gap_start = end;
		yaml_token_delete(&tok);
	}
	yaml_parser_delete(&p);
	if (found >= 0) {
		*line = 1;
		size_t bol = 0;
		for (size_t i = 0; i < (size_t)found; i++)
			if (text[i] == '\n') {
				(*line)++;
				bol = i + 1;
			}
		*col = 1;
		for (size_t i = bol; i < (size_t)found; i++)
			*col += ((unsigned char)text[i] & 0xC0) != 0x80;
	}
	return found;
}
