/* The direct YAML writer (src/yemit.c) against libyaml's emitter, with the
 * settings docwrite gives it: for the same events, the same bytes.  Scalars
 * at every boundary of libyaml's style choice, in every place a scalar can
 * stand (value, key, item, nested, last in the document), empty
 * collections, and many random documents built of them. */
#include "helpers.h"
#include "hyoka/yemit.h"

#include <yaml.h>

typedef enum { E_SCALAR, E_SEQ, E_SEQ_END, E_MAP, E_MAP_END } etype;

typedef struct {
	etype type;
	const char *s;
	ye_style style;
} ev;

typedef struct {
	ev *items;
	size_t n, cap;
} evs;

static void add(evs *e, etype type, const char *s, ye_style style)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->items = hy_realloc(e->items, e->cap * sizeof *e->items);
	}
	e->items[e->n++] = (ev){type, s, style};
}

static int buf_sink(void *data, unsigned char *buffer, size_t size)
{
	hy_buf_add(data, (const char *)buffer, size);
	return 1;
}

/* libyaml's text for the events, or NULL when it fails. */
static char *by_libyaml(const evs *e)
{
	yaml_emitter_t em;
	hy_buf out;
	hy_buf_init(&out);
	cr_assert(yaml_emitter_initialize(&em));
	yaml_emitter_set_output(&em, buf_sink, &out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	yaml_event_t x;
	bool ok = yaml_stream_start_event_initialize(&x, YAML_UTF8_ENCODING) &&
		  yaml_emitter_emit(&em, &x);
	ok = ok && yaml_document_start_event_initialize(&x, NULL, NULL, NULL, 1) &&
	     yaml_emitter_emit(&em, &x);
	for (size_t i = 0; ok && i < e->n; i++) {
		const ev *v = &e->items[i];
		switch (v->type) {
		case E_SCALAR:
			ok = yaml_scalar_event_initialize(&x, NULL, NULL, (yaml_char_t *)v->s,
							  (int)strlen(v->s), 1, 1,
							  (yaml_scalar_style_t)v->style);
			break;
		case E_SEQ:
			ok = yaml_sequence_start_event_initialize(&x, NULL, NULL, 1,
								  YAML_BLOCK_SEQUENCE_STYLE);
			break;
		case E_SEQ_END:
			ok = yaml_sequence_end_event_initialize(&x);
			break;
		case E_MAP:
			ok = yaml_mapping_start_event_initialize(&x, NULL, NULL, 1,
								 YAML_BLOCK_MAPPING_STYLE);
			break;
		case E_MAP_END:
			ok = yaml_mapping_end_event_initialize(&x);
			break;
		}
		ok = ok && yaml_emitter_emit(&em, &x);
	}
	ok = ok && yaml_document_end_event_initialize(&x, 1) && yaml_emitter_emit(&em, &x);
	ok = ok && yaml_stream_end_event_initialize(&x) && yaml_emitter_emit(&em, &x);
	ok = ok && yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	if (!ok) {
		hy_buf_free(&out);
		return NULL;
	}
	return hy_buf_take(&out);
}

/* The direct writer's text, sent in its own pieces. */
static char *by_direct(const evs *e)
{
	hy_buf out;
	hy_buf_init(&out);
	ye *w = ye_new(buf_sink, &out);
	bool ok = true;
	for (size_t i = 0; ok && i < e->n; i++) {
		const ev *v = &e->items[i];
		ok = v->type == E_SCALAR ? ye_scalar(w, v->s, strlen(v->s), v->style)
			: v->type == E_SEQ ? ye_seq_start(w)
			: v->type == E_SEQ_END ? ye_seq_end(w)
			: v->type == E_MAP ? ye_map_start(w) : ye_map_end(w);
	}
	ok = ok && ye_finish(w);
	ye_free(w);
	if (!ok) {
		hy_buf_free(&out);
		return NULL;
	}
	return hy_buf_take(&out);
}

static size_t n_compared;

static void same_text(const evs *e, const char *what)
{
	char *lib = by_libyaml(e);
	char *dir = by_direct(e);
	cr_assert(lib, "libyaml failed on %s", what);
	cr_assert(dir, "the direct writer failed on %s; libyaml wrote:\n%s", what, lib);
	size_t at = 0;
	while (lib[at] && lib[at] == dir[at])
		at++;
	cr_assert(lib[at] == dir[at], "%s: differs at byte %zu\n--- libyaml\n%.400s\n--- direct\n%.400s",
		  what, at, lib, dir);
	n_compared++;
	free(lib);
	free(dir);
}

static const char *const scalars[] = {
	"", " ", "  ", "a", "abc", " a", "a ", " a ", "a  b", "a\tb", "\ta", "a\t",
	"a: b", "a:b", "a:", ":", ": a", "a #b", "a#b", "#a", "# a", "a #", "-", "- a", "-a",
	"--", "---", "--- a", "...", "... a", "..", "?", "? a", "?a", "a?", ",a", "a,b", "[a",
	"a[b]", "]", "{a", "a{b}", "}", "&a", "*a", "!a", "|a", ">a", "'a", "a'b", "'", "''",
	"\"a", "a\"b", "\"", "%a", "@a", "`a", "a\\b", "\\", "~", "null", "Null", "NULL", "true",
	"false", "yes", "no", "on", "off", "y", "n", "0", "1", "-1", "+1", "010", "0x1F", "1.5",
	"1e3", ".inf", ".nan", "1_000", "12:30", "2024-01-31", "2024-01-31T10:00:00Z",
	"a\nb", "a\n", "a\n\n", "a\n\n\n", "\na", "\n", "\n\n", "\n\na", " a\nb", "a\n b",
	"a \nb", "a\n \nb", "a\n  \n", "  \n", "a\n  b\n", "  a\n  b\n", "a\n\tb", "a\nb\t",
	"a\nb ", "a\r\nb", "a\rb", "a\x01b", "\x01", "\x7f", "a\x1b", "a\xc2\x85" "b",
	"a\xc2\x85", "a\xe2\x80\xa8" "b", "a\xe2\x80\xa9" "b", "a\xe2\x80\xa8", "\xe2\x80\xa8",
	"a\nb\xe2\x80\xa8" "c\n", "\xef\xbb\xbf" "a", "a\xef\xbb\xbf", "\xef\xbf\xbe",
	"\xef\xbf\xbd", "\xee\x80\x80", "\xed\x9f\xbf", "\xc2\xa0", "a\xc2\xa0", "\xc2\xa0" "a",
	"\xc2\x9f", "\xf0\x9f\x98\x80", "a\xf0\x9f\x98\x80" "b", "個人番号", "特定個人情報の取扱い",
	"　全角スペース", "全角スペース　", "全角　スペース", "行1\n行2\n", "行1\n\n行2",
	"　字下げ\n　二行目\n", "※注記：あり", "①　第一", "■ 見出し", "→ 次へ", "a ：b",
	"項目: 値", "項目 #注", "ー", "―", "～", "a\n\n\nb\n", "x\n  y\n    z\n", " \n", "\n ",
	"a\n\n ", "a\n\n b", "- a\n- b\n", "key: v\nk2: v2\n", "|\n", ">\n", "'q'\n", "\"d\"\n",
	"#c\n", "a\xe2\x80\xa8\n", "a\n\xe2\x80\xa8", "\xe2\x80\xa9\n",
	/* libyaml lets surrogates and values past U+10FFFF through (escaped) */
	"\xed\xa0\x80", "a\xf4\x90\x80\x80", "\xf6\x93\x96\x88" "b",
};
#define N_SCALARS (sizeof scalars / sizeof scalars[0])

static const ye_style styles[] = {YE_ANY, YE_PLAIN, YE_SINGLE_QUOTED, YE_DOUBLE_QUOTED,
				  YE_LITERAL};

/* {k: s} and others: s in every place a scalar stands. */
static void contexts(const char *s, ye_style st)
{
	evs e = {0};
	/* a value, then another key */
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "k", YE_ANY);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SCALAR, "next", YE_ANY);
	add(&e, E_SCALAR, "v", YE_ANY);
	/* a key */
	add(&e, E_SCALAR, s, st);
	add(&e, E_SCALAR, "v", YE_ANY);
	/* an item of a sequence in a mapping, of one in a sequence */
	add(&e, E_SCALAR, "list", YE_ANY);
	add(&e, E_SEQ, NULL, 0);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SEQ, NULL, 0);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SEQ_END, NULL, 0);
	/* a mapping in a sequence: its key and value */
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SCALAR, "k", YE_ANY);
	add(&e, E_SCALAR, s, st);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_SCALAR, s, st);
	add(&e, E_SEQ_END, NULL, 0);
	/* nested mappings */
	add(&e, E_SCALAR, "deep", YE_ANY);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "in", YE_ANY);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "k", YE_ANY);
	add(&e, E_SCALAR, s, st);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_SCALAR, "after", YE_ANY);
	add(&e, E_SCALAR, s, st);
	add(&e, E_MAP_END, NULL, 0);
	/* last in the document */
	add(&e, E_SCALAR, "last", YE_ANY);
	add(&e, E_SCALAR, s, st);
	add(&e, E_MAP_END, NULL, 0);
	char *what = hy_printf("scalar \"%s\" style %d", s, (int)st);
	same_text(&e, what);
	free(what);
	free(e.items);
}

Test(yemit, every_scalar_in_every_place)
{
	n_compared = 0;
	for (size_t i = 0; i < N_SCALARS; i++)
		for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++)
			contexts(scalars[i], styles[k]);
	cr_assert_eq(n_compared, N_SCALARS * 5);
}

Test(yemit, long_keys_and_lines)
{
	/* a key of 128 bytes is simple, of 129 not; lines far past 80 columns */
	char key[200];
	memset(key, 'k', sizeof key);
	char *text = NULL;
	for (size_t len = 120; len < 135; len++) {
		key[len] = '\0';
		evs e = {0};
		add(&e, E_MAP, NULL, 0);
		add(&e, E_SCALAR, key, YE_ANY);
		add(&e, E_SCALAR, "v", YE_ANY);
		add(&e, E_SCALAR, "list", YE_ANY);
		add(&e, E_SEQ, NULL, 0);
		add(&e, E_MAP, NULL, 0);
		add(&e, E_SCALAR, key, YE_ANY);
		add(&e, E_SEQ, NULL, 0);
		add(&e, E_SCALAR, key, YE_ANY);
		add(&e, E_SEQ_END, NULL, 0);
		add(&e, E_MAP_END, NULL, 0);
		add(&e, E_SEQ_END, NULL, 0);
		add(&e, E_MAP_END, NULL, 0);
		same_text(&e, "long key");
		free(e.items);
		key[len] = 'k';
	}
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i < 300; i++)
		hy_buf_add(&b, "長い行 with spaces and: colons ", strlen("長い行 with spaces and: colons "));
	hy_buf_add(&b, "\n次の行\n", strlen("\n次の行\n"));
	text = hy_buf_take(&b);
	const char *multiline_key = "a\nb";
	for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
		evs e = {0};
		add(&e, E_MAP, NULL, 0);
		add(&e, E_SCALAR, "text", YE_ANY);
		add(&e, E_SCALAR, text, styles[k]);
		add(&e, E_SCALAR, text, styles[k]);
		add(&e, E_SCALAR, "v", YE_ANY);
		add(&e, E_SCALAR, multiline_key, styles[k]);
		add(&e, E_SCALAR, "v", YE_ANY);
		add(&e, E_MAP_END, NULL, 0);
		same_text(&e, "long text");
		free(e.items);
	}
	free(text);
}

Test(yemit, empty_collections)
{
	evs e = {0};
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "m", YE_ANY);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_SCALAR, "s", YE_ANY);
	add(&e, E_SEQ, NULL, 0);
	add(&e, E_SEQ_END, NULL, 0);
	add(&e, E_SCALAR, "l", YE_ANY);
	add(&e, E_SEQ, NULL, 0);
	add(&e, E_SEQ, NULL, 0);
	add(&e, E_SEQ_END, NULL, 0);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "x", YE_ANY);
	add(&e, E_MAP, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	add(&e, E_SEQ_END, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	same_text(&e, "empty collections");
	e.n = 0;
	add(&e, E_MAP, NULL, 0);
	add(&e, E_MAP_END, NULL, 0);
	same_text(&e, "an empty document");
	free(e.items);
}

/* A random node of depth at most `depth`, from the scalars above. */
static void random_node(evs *e, unsigned *seed, int depth)
{
	int kind = depth > 0 ? rand_r(seed) % 4 : 0;
	if (kind <= 1) {
		add(e, E_SCALAR, scalars[(size_t)rand_r(seed) % N_SCALARS],
		    styles[rand_r(seed) % 5]);
		return;
	}
	int n = rand_r(seed) % 4;
	add(e, kind == 2 ? E_SEQ : E_MAP, NULL, 0);
	for (int i = 0; i < n; i++) {
		if (kind == 3)
			add(e, E_SCALAR, scalars[(size_t)rand_r(seed) % N_SCALARS],
			    styles[rand_r(seed) % 5]);
		random_node(e, seed, depth - 1);
	}
	add(e, kind == 2 ? E_SEQ_END : E_MAP_END, NULL, 0);
}

Test(yemit, random_documents)
{
	unsigned seed = 20261202;
	for (int doc = 0; doc < 3000; doc++) {
		evs e = {0};
		add(&e, E_MAP, NULL, 0);
		int n = rand_r(&seed) % 6;
		for (int i = 0; i < n; i++) {
			add(&e, E_SCALAR, scalars[(size_t)rand_r(&seed) % N_SCALARS],
			    styles[rand_r(&seed) % 5]);
			random_node(&e, &seed, 4);
		}
		add(&e, E_MAP_END, NULL, 0);
		char *what = hy_printf("random document %d", doc);
		same_text(&e, what);
		free(what);
		free(e.items);
	}
}

Test(yemit, refuses_what_libyaml_cannot_write)
{
	/* not UTF-8: libyaml refuses the event; the writer fails */
	evs e = {0};
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SCALAR, "k", YE_ANY);
	add(&e, E_SCALAR, "a\xff", YE_ANY);
	add(&e, E_MAP_END, NULL, 0);
	cr_assert_null(by_libyaml(&e));
	cr_assert_null(by_direct(&e));
	const char *invalid[] = {"\xc0\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80", "\xe3\x81",
				 "\xe3\x81x", "\x80", "\xf8\x88\x80\x80\x80"};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		e.items[2].s = invalid[i];
		cr_expect_null(by_libyaml(&e), "libyaml takes invalid %zu", i);
		cr_expect_null(by_direct(&e), "the writer takes invalid %zu", i);
	}
	/* a key that is not a scalar; an end without its start */
	e.n = 0;
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SEQ, NULL, 0);
	cr_assert_null(by_direct(&e));
	e.n = 0;
	add(&e, E_MAP, NULL, 0);
	add(&e, E_SEQ_END, NULL, 0);
	cr_assert_null(by_direct(&e));
	free(e.items);
}
