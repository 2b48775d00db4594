#include "hyoka/ytree.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"
#include "hyoka/utf8.h"

#include <stdlib.h>
#include <string.h>
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

/* Parser state: a stack of open containers and, for mappings, the pending key. */
typedef struct {
	yt_node *node;
	char *pending_key;
	int key_line, key_col;
} frame;

typedef struct {
	frame stack[YT_MAX_DEPTH + 2];
	int depth;
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
			fail(b, n->line, n->col, hy_strdup(_("a mapping key must be a plain scalar")));
			yt_free(n);
			return false;
		}
		if (yt_get_pair(top->node, n->str)) {
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
	return true;
}

static bool close_container(builder *b)
{
	frame *f = &b->stack[--b->depth];
	free(f->pending_key);
	f->pending_key = NULL;
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

static bool handle_event(builder *b, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail(b, line, col, hy_strdup(_("YAML aliases ('*name') are not allowed in hyoka files")));
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
	if (offset > len)
		offset = len;
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	if (offset < len && text[offset] == '\0')
		*err = hy_strdup(_("NUL byte in the file"));
	else if (offset < len && (unsigned char)text[offset] >= 0x80)
		*err = hy_printf(_("invalid UTF-8 byte 0x%02x (save the file as UTF-8)"),
				 (unsigned char)text[offset]);
	else if (offset < len)
		*err = hy_printf(_("control character 0x%02x is not allowed"),
				 (unsigned char)text[offset]);
	else
		*err = hy_strdup(_("the file ends in the middle of a UTF-8 character"));
}

yt_node *yt_parse(const char *text, size_t len, char **err, int *line, int *col)
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
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		*err = hy_strdup(_("cannot initialise the YAML parser"));
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
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
			const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
			char *msg = parser.context
				? hy_printf(_("malformed YAML: %s %s"), parser.problem, parser.context)
				: hy_printf(_("malformed YAML: %s"),
					    parser.problem ? parser.problem : "?");
			fail(&b, (int)m->line + 1, (int)m->column + 1, msg);
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
