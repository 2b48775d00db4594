/* The direct YAML writer (src/yemit.c) against libyaml's emitter, on any
 * events with any scalar bytes: both fail (text not UTF-8) or both write
 * the very same bytes.  The input is cut at NUL bytes into pieces; a
 * piece's first byte says what it is -- 0-4: a scalar (the rest of the
 * piece) asking for style 0-4 (any, plain, single-quoted, double-quoted,
 * literal), 5: a sequence, 6: a mapping, 7: the end of the innermost one
 * (modulo 8).  The events are kept well formed: the root is a mapping, a
 * key is always a scalar, everything open is closed at the end. */
#include "fuzz_common.h"
#include "hyoka/yemit.h"

#include <yaml.h>

typedef struct {
	int type; /* 0-4 scalar of that style, 5 seq, 6 map, 7 end */
	char *s;
} ev;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int sink(void *data, unsigned char *buffer, size_t size)
{
	hy_buf_add(data, (const char *)buffer, size);
	return 1;
}

static bool lib_event(yaml_emitter_t *em, const ev *e)
{
	yaml_event_t x;
	bool ok;
	if (e->type < 5)
		ok = yaml_scalar_event_initialize(&x, NULL, NULL, (yaml_char_t *)e->s,
						  (int)strlen(e->s), 1, 1, (yaml_scalar_style_t)e->type);
	else if (e->type == 5)
		ok = yaml_sequence_start_event_initialize(&x, NULL, NULL, 1,
							  YAML_BLOCK_SEQUENCE_STYLE);
	else if (e->type == 6)
		ok = yaml_mapping_start_event_initialize(&x, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else if (e->type == 7)
		ok = yaml_sequence_end_event_initialize(&x);
	else
		ok = yaml_mapping_end_event_initialize(&x);
	return ok && yaml_emitter_emit(em, &x);
}

static char *by_libyaml(const ev *evs, size_t n)
{
	yaml_emitter_t em;
	hy_buf out;
	hy_buf_init(&out);
	if (!yaml_emitter_initialize(&em))
		abort();
	yaml_emitter_set_output(&em, sink, &out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	yaml_event_t x;
	bool ok = yaml_stream_start_event_initialize(&x, YAML_UTF8_ENCODING) &&
		  yaml_emitter_emit(&em, &x) &&
		  yaml_document_start_event_initialize(&x, NULL, NULL, NULL, 1) &&
		  yaml_emitter_emit(&em, &x);
	for (size_t i = 0; ok && i < n; i++)
		ok = lib_event(&em, &evs[i]);
	ok = ok && yaml_document_end_event_initialize(&x, 1) && yaml_emitter_emit(&em, &x) &&
	     yaml_stream_end_event_initialize(&x) && yaml_emitter_emit(&em, &x) &&
	     yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	if (!ok) {
		hy_buf_free(&out);
		return NULL;
	}
	return hy_buf_take(&out);
}

static char *by_direct(const ev *evs, size_t n)
{
	hy_buf out;
	hy_buf_init(&out);
	ye *w = ye_new(sink, &out);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		const ev *e = &evs[i];
		ok = e->type < 5 ? ye_scalar(w, e->s, strlen(e->s), (ye_style)e->type)
			: e->type == 5 ? ye_seq_start(w)
			: e->type == 6 ? ye_map_start(w)
			: e->type == 7 ? ye_seq_end(w) : ye_map_end(w);
	}
	ok = ok && ye_finish(w);
	ye_free(w);
	if (!ok) {
		hy_buf_free(&out);
		return NULL;
	}
	return hy_buf_take(&out);
}

/* Open collections: 'm' a mapping awaiting a key, 'v' one awaiting a
 * value, 's' a sequence. */
typedef struct {
	char *open;
	size_t depth;
	ev *evs;
	size_t n;
} builder;

static void push(builder *b, int type, char *s)
{
	b->evs[b->n++] = (ev){type, s};
	if (b->depth && b->open[b->depth - 1] != 's')
		b->open[b->depth - 1] = b->open[b->depth - 1] == 'm' ? 'v' : 'm';
	if (type == 5 || type == 6)
		b->open[b->depth++] = type == 5 ? 's' : 'm';
}

/* The end of the innermost collection; a mapping awaiting a value gets an
 * empty one first. */
static void close_one(builder *b)
{
	if (b->open[b->depth - 1] == 'v')
		push(b, 0, hy_strdup(""));
	bool is_map = b->open[b->depth - 1] != 's';
	b->depth--;
	/* the parent moved on when the collection started */
	b->evs[b->n++] = (ev){is_map ? 8 : 7, NULL};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	/* a piece per NUL and one more, each at most two events (an empty value
	 * and an end), and each collection closed at the end */
	builder b = {.open = malloc(size + 3), .evs = malloc((4 * size + 8) * sizeof(ev))};
	if (!b.open || !b.evs)
		abort();
	push(&b, 6, NULL);
	for (size_t at = 0; at < size;) {
		const uint8_t *end = memchr(data + at, 0, size - at);
		size_t len = end ? (size_t)(end - (data + at)) : size - at;
		int op = len ? data[at] % 8 : 0;
		char *text = len ? hy_strndup((const char *)data + at + 1, len - 1) : hy_strdup("");
		bool want_key = b.open[b.depth - 1] == 'm';
		if (op == 7 && b.depth > 1) {
			free(text);
			close_one(&b);
		} else if (op < 5 || want_key || op == 7) {
			push(&b, op < 5 ? op : 0, text);
		} else {
			free(text);
			push(&b, op, NULL);
		}
		at += len + 1;
	}
	while (b.depth)
		close_one(&b);
	char *lib = by_libyaml(b.evs, b.n);
	char *direct = by_direct(b.evs, b.n);
	FUZZ_CHECK((lib == NULL) == (direct == NULL), "only one writer failed (libyaml: %s)",
		   lib ? "wrote" : "failed");
	FUZZ_CHECK(!lib || strcmp(lib, direct) == 0,
		   "the direct writer differs:\n--- libyaml\n%s\n--- direct\n%s", lib, direct);
	free(lib);
	free(direct);
	for (size_t i = 0; i < b.n; i++)
		free(b.evs[i].s);
	free(b.evs);
	free(b.open);
	return 0;
}
