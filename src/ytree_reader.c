/* The streaming reader (yt_reader_*, declared in ytree.h): events from the
 * fast scanner while the input is in its subset, then from libyaml. */
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

/* ---- the reader ---- */

/* How much of a file is read at a time, and how much of what was read may
 * stay before it is given back. */
#define READ_STEP ((size_t)64 << 10)
#define FORGET_STEP ((size_t)64 << 10)

/* What the reader checks as events go by, as the tree builder does: keys
 * (duplicate or complex), depth, the number of values, one document. */
typedef struct {
	bool map;
	bool want_key;
	char **slots;        /* open-addressing set of the mapping's keys */
	size_t n_slots, n_keys;
} check_frame;

struct yt_reader {
	/* the input: a text, or a file read into an anonymous mapping as needed */
	const char *text;
	size_t len;
	int fd;              /* -1 for a text */
	char *region;        /* the file's mapping, NULL for a text */
	size_t loaded, forgotten;
	yt_fast_input in;
	yt_fast *fast;       /* NULL once libyaml has taken over */
	/* libyaml, from where the fast reader declined */
	bool lib;
	yaml_parser_t parser;
	size_t skip;         /* events the fast reader gave: libyaml's first ones */
	size_t lib_off;      /* file offset libyaml reads next */
	unsigned char carry[2]; /* the last bytes read, for a separator split between reads */
	size_t n_carry;
	bool odd_break;      /* U+2028, U+2029 or U+0085 seen */
	bool root_seen;      /* libyaml gave a value at depth 0 */
	bool lib_ended;      /* libyaml gave the end of the stream */
	/* checks */
	check_frame stack[YT_MAX_DEPTH + 1];
	int depth;
	size_t nodes, given;
	bool root_done, failed, ended;
	bool was_fast;
};

static bool file_fill(void *ctx, const char **avail)
{
	yt_reader *r = ctx;
	size_t want = r->len - r->loaded < READ_STEP ? r->len - r->loaded : READ_STEP;
	while (want > 0) {
		ssize_t n = pread(r->fd, r->region + r->loaded, want, (off_t)r->loaded);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false; /* a read error, or the file shrank: libyaml reads it */
		r->loaded += (size_t)n;
		want -= (size_t)n;
	}
	*avail = r->region + r->loaded;
	return true;
}

/* Gives back the pages of the file that the fast reader has passed. */
static void file_forget(void *ctx, const char *before)
{
	yt_reader *r = ctx;
	long page = sysconf(_SC_PAGESIZE);
	size_t upto = (size_t)(before - r->region) / (size_t)page * (size_t)page;
	if (upto < r->forgotten + FORGET_STEP)
		return;
	madvise(r->region + r->forgotten, upto - r->forgotten, MADV_DONTNEED);
	r->forgotten = upto;
}

static yt_reader *reader_new(void)
{
	yt_reader *r = hy_calloc(1, sizeof *r);
	r->fd = -1;
	r->was_fast = true;
	return r;
}

yt_reader *yt_reader_text(const char *text, size_t len)
{
	yt_reader *r = reader_new();
	r->text = text;
	r->len = len;
	if (len <= YT_MAX_INPUT)
		r->fast = yt_fast_new(text, len, text + len, NULL);
	else
		r->failed = true;
	return r;
}

yt_reader *yt_reader_file(int fd, size_t size)
{
	yt_reader *r = reader_new();
	r->fd = fd;
	r->len = size;
	if (size > YT_MAX_INPUT) {
		r->failed = true;
		return r;
	}
	/* the mapping only reserves addresses: pages come as the file is read */
	void *m = size ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
		       : NULL;
	if (m == MAP_FAILED)
		m = NULL;
	r->region = m;
	r->text = m ? m : "";
	r->in = (yt_fast_input){.fill = file_fill, .forget = file_forget, .ctx = r};
	const char *avail = r->text;
	/* the first bytes: a byte-order mark is looked at before the rest */
	if (size && (!m || !file_fill(r, &avail)))
		r->was_fast = false;
	else
		r->fast = yt_fast_new(r->text, size, avail, &r->in);
	return r;
}

/* ---- libyaml, from where the fast reader declined ---- */

/* U+2028, U+2029, U+0085 in bytes just read (yt_parse refuses them before
 * parsing; here they are found as the file is read). */
static void find_odd_break(yt_reader *r, const unsigned char *buf, size_t n)
{
	unsigned char w[3] = {0};
	size_t have = r->n_carry;
	memcpy(w, r->carry, have);
	for (size_t i = 0; i < n && !r->odd_break; i++) {
		if (have == 3) {
			w[0] = w[1];
			w[1] = w[2];
			have = 2;
		}
		w[have++] = buf[i];
		if (have >= 2 && w[have - 2] == 0xC2 && w[have - 1] == 0x85)
			r->odd_break = true;
		if (have == 3 && w[0] == 0xE2 && w[1] == 0x80 && (w[2] == 0xA8 || w[2] == 0xA9))
			r->odd_break = true;
	}
	r->n_carry = have < 2 ? have : 2;
	memcpy(r->carry, w + have - r->n_carry, r->n_carry);
}

static int file_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	yt_reader *r = data;
	ssize_t n;
	do
		n = pread(r->fd, buffer, size, (off_t)r->lib_off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return 0;
	find_odd_break(r, buffer, (size_t)n);
	r->lib_off += (size_t)n;
	*size_read = (size_t)n;
	return 1;
}

static bool start_libyaml(yt_reader *r)
{
	r->skip = r->given;
	r->was_fast = false;
	yt_fast_free(r->fast);
	r->fast = NULL;
	if (r->region) {
		munmap(r->region, r->len);
		r->region = NULL;
		r->text = NULL;
	}
	if (!yaml_parser_initialize(&r->parser))
		return false;
	r->lib = true;
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
	if (r->fd < 0) {
		const char *t = r->text;
		size_t len = r->len;
		if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
			t += 3;
			len -= 3;
		}
		find_odd_break(r, (const unsigned char *)t, len);
		yaml_parser_set_input_string(&r->parser, (const unsigned char *)t, len);
		return true;
	}
	unsigned char bom[3];
	ssize_t n = pread(r->fd, bom, 3, 0);
	r->lib_off = n == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	yaml_parser_set_input(&r->parser, file_handler, r);
	return true;
}

static bool refused_extras(const yaml_char_t *anchor, const yaml_char_t *tag)
{
	return anchor || (tag && strncmp((const char *)tag, "tag:yaml.org,2002:", 18) != 0);
}

/* libyaml's next event as the reader gives it; false on an error or on
 * anything yt_parse_libyaml refuses. */
static bool libyaml_next(yt_reader *r, yt_event *ev)
{
	for (;;) {
		if (r->lib_ended) {
			*ev = (yt_event){.type = YT_EV_END};
			return true;
		}
		yaml_event_t e;
		if (!yaml_parser_parse(&r->parser, &e))
			return false;
		int line = (int)e.start_mark.line + 1, col = (int)e.start_mark.column + 1;
		bool ok = true, given = true;
		memset(ev, 0, sizeof *ev);
		ev->line = line;
		ev->col = col;
		switch (e.type) {
		case YAML_SCALAR_EVENT: {
			const char *str = (const char *)e.data.scalar.value;
			size_t len = e.data.scalar.length;
			ok = !refused_extras(e.data.scalar.anchor, e.data.scalar.tag) &&
			     !memchr(str, '\0', len) &&
			     !(e.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
			       yt_has_control(str, len));
			ev->type = YT_EV_SCALAR;
			ev->str = ok ? hy_strndup(str, len) : NULL;
			ev->len = len;
			ev->plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
			ok = !refused_extras(e.data.sequence_start.anchor, e.data.sequence_start.tag);
			ev->type = YT_EV_SEQ_START;
			break;
		case YAML_MAPPING_START_EVENT:
			ok = !refused_extras(e.data.mapping_start.anchor, e.data.mapping_start.tag);
			ev->type = YT_EV_MAP_START;
			break;
		case YAML_SEQUENCE_END_EVENT:
			ev->type = YT_EV_SEQ_END;
			ev->line = ev->col = 0;
			break;
		case YAML_MAPPING_END_EVENT:
			ev->type = YT_EV_MAP_END;
			ev->line = ev->col = 0;
			break;
		case YAML_ALIAS_EVENT:
			ok = false;
			break;
		case YAML_STREAM_END_EVENT:
			r->lib_ended = true;
			/* no document at all: an empty plain scalar, as yt_parse_libyaml */
			if (!r->root_done && r->depth == 0 && !r->root_seen) {
				*ev = (yt_event){.type = YT_EV_SCALAR, .line = 1, .col = 1,
						 .str = hy_strdup(""), .plain = true};
				r->root_seen = true;
				yaml_event_delete(&e);
				return true;
			}
			ev->type = YT_EV_END;
			ev->line = ev->col = 0;
			break;
		case YAML_NO_EVENT:
			ok = false; /* past the end: not asked for */
			break;
		default:
			given = false;
			break;
		}
		yaml_event_delete(&e);
		if (!ok)
			return false;
		if (!given)
			continue;
		if (ev->type != YT_EV_END)
			r->root_seen = true;
		if (r->skip > 0 && ev->type != YT_EV_END) {
			/* given already by the fast reader */
			r->skip--;
			yt_event_clear(ev);
			continue;
		}
		return true;
	}
}

/* ---- the checks ---- */

static size_t hash_text(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Adds key to the mapping's set; false if it is there already. */
static bool add_check_key(check_frame *f, const char *key)
{
	if (2 * (f->n_keys + 1) > f->n_slots) {
		size_t n = f->n_slots ? 2 * f->n_slots : 16;
		char **slots = hy_calloc(n, sizeof *slots);
		for (size_t i = 0; i < f->n_slots; i++) {
			if (!f->slots[i])
				continue;
			size_t h = hash_text(f->slots[i]) & (n - 1);
			while (slots[h])
				h = (h + 1) & (n - 1);
			slots[h] = f->slots[i];
		}
		free(f->slots);
		f->slots = slots;
		f->n_slots = n;
	}
	size_t h = hash_text(key) & (f->n_slots - 1);
	for (; f->slots[h]; h = (h + 1) & (f->n_slots - 1))
		if (strcmp(f->slots[h], key) == 0)
			return false;
	f->slots[h] = hy_strdup(key);
	f->n_keys++;
	return true;
}

static void drop_check_frame(check_frame *f)
{
	for (size_t i = 0; i < f->n_slots; i++)
		free(f->slots[i]);
	free(f->slots);
	memset(f, 0, sizeof *f);
}

/* A value is complete: its mapping now wants a key. */
static void value_done(yt_reader *r)
{
	if (r->depth == 0)
		r->root_done = true;
	else if (r->stack[r->depth - 1].map)
		r->stack[r->depth - 1].want_key = true;
}

/* Checks an event as the tree builder would; false: refused. */
static bool check_event(yt_reader *r, const yt_event *ev)
{
	bool node = ev->type == YT_EV_SCALAR || ev->type == YT_EV_SEQ_START ||
		    ev->type == YT_EV_MAP_START;
	if (node && ++r->nodes > YT_MAX_NODES)
		return false;
	if (node && r->depth == 0 && r->root_done)
		return false; /* a second document */
	check_frame *top = r->depth ? &r->stack[r->depth - 1] : NULL;
	if (node && top && top->map && top->want_key) {
		if (ev->type != YT_EV_SCALAR || !add_check_key(top, ev->str))
			return false; /* a complex key, or a key given twice */
		top->want_key = false;
		return true;
	}
	switch (ev->type) {
	case YT_EV_SCALAR:
		value_done(r);
		return true;
	case YT_EV_SEQ_START:
	case YT_EV_MAP_START:
		if (r->depth >= YT_MAX_DEPTH)
			return false;
		r->stack[r->depth++] = (check_frame){.map = ev->type == YT_EV_MAP_START,
						     .want_key = true};
		return true;
	case YT_EV_SEQ_END:
	case YT_EV_MAP_END:
		if (r->depth == 0)
			return false;
		drop_check_frame(&r->stack[--r->depth]);
		value_done(r);
		return true;
	case YT_EV_END:
		return r->depth == 0 && !r->odd_break;
	}
	return false;
}

bool yt_reader_next(yt_reader *r, yt_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (r->failed)
		return false;
	if (r->ended) {
		ev->type = YT_EV_END;
		return true;
	}
	bool ok = r->fast && yt_fast_next(r->fast, ev);
	if (!ok && !r->lib)
		ok = start_libyaml(r) && libyaml_next(r, ev);
	else if (!ok)
		ok = libyaml_next(r, ev);
	ok = ok && check_event(r, ev) && !r->odd_break;
	if (!ok) {
		yt_event_clear(ev);
		r->failed = true;
		return false;
	}
	r->given++;
	r->ended = ev->type == YT_EV_END;
	return true;
}

bool yt_reader_next_fn(void *reader, yt_event *ev)
{
	return yt_reader_next(reader, ev);
}

yt_node *yt_reader_whole(yt_reader *r, char **err, int *line, int *col)
{
	*err = NULL;
	*line = *col = 0;
	if (r->fd < 0)
		return yt_parse(r->text, r->len, err, line, col);
	if (r->len > YT_MAX_INPUT)
		return yt_parse_libyaml(NULL, r->len, err, line, col); /* its size message */
	char *text = hy_malloc(r->len + 1);
	size_t got = 0;
	while (got < r->len) {
		ssize_t n = pread(r->fd, text + got, r->len - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	yt_node *tree = yt_parse(text, got, err, line, col);
	free(text);
	return tree;
}

bool yt_reader_was_fast(const yt_reader *r)
{
	return r->was_fast && !r->lib;
}

void yt_reader_free(yt_reader *r)
{
	if (!r)
		return;
	yt_fast_free(r->fast);
	if (r->lib)
		yaml_parser_delete(&r->parser);
	if (r->region)
		munmap(r->region, r->len);
	while (r->depth > 0)
		drop_check_frame(&r->stack[--r->depth]);
	free(r);
}

