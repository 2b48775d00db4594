/* The fast YAML path (src/ytree_fast.c) against libyaml: on every file of the
 * repository's corpora and on cases at each boundary of the subset, the fast
 * path either declines or builds exactly libyaml's tree (compared through
 * yt_dump: kinds, strings, `plain`, every line and column), and yt_parse
 * gives exactly what the libyaml path gives, errors included.  Also checks
 * that the fast path does take hyoka's own files. */
#include "helpers.h"
#include "hyoka/ytree.h"

#include <glob.h>
#include <stdio.h>
#include <unistd.h>

typedef enum { DECLINE, ACCEPT, EITHER } expect;

/* "line N: <fast line> / <libyaml line>" for the first line where two dumps differ. */
static char *first_difference(const char *a, const char *b)
{
	int line = 1;
	const char *la = a, *lb = b;
	for (; *a && *a == *b; a++, b++)
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
	/* at most 200 bytes of each: Criterion chokes on huge messages */
	int na = (int)strcspn(la, "\n"), nb = (int)strcspn(lb, "\n");
	return hy_printf("dump line %d: fast '%.*s' / libyaml '%.*s'", line, na < 200 ? na : 200,
			 la, nb < 200 ? nb : 200, lb);
}

/* The tree the reader's events build from a reader, or its error as
 * yt_reader_whole tells it; the dump, or "error L:C MESSAGE". */
static char *reader_result(yt_reader *r)
{
	yt_node *t = yt_tree_from(yt_reader_next_fn, r);
	char *out;
	if (t) {
		out = yt_dump(t);
	} else {
		char *err = NULL;
		int line, col;
		t = yt_reader_whole(r, &err, &line, &col);
		out = t ? hy_strdup("whole parse succeeded where the reader failed")
			: hy_printf("error %d:%d %s", line, col, err);
		free(err);
	}
	yt_free(t);
	return out;
}

/* The reader -- fast reader, then libyaml from where it declined, skipping
 * the events already given -- on the text and on a file holding it: the
 * same tree as the libyaml path, or a failure whose whole parse gives the
 * libyaml path's error.  Were the fast reader's events before a decline not
 * libyaml's first ones, the trees would differ. */
static void reader_agrees(const char *what, const char *text, size_t len, const yt_node *lib,
			  const char *lib_err, int lib_line, int lib_col)
{
	char *want = lib ? yt_dump(lib) : hy_printf("error %d:%d %s", lib_line, lib_col, lib_err);
	yt_reader *r = yt_reader_text(text, len);
	char *got = reader_result(r);
	yt_reader_free(r);
	if (strcmp(got, want) != 0) {
		char *d = first_difference(got, want);
		cr_expect_fail("%s: the reader on the text differs at %s", what, d);
		free(d);
	}
	free(got);
	char path[] = "/tmp/hyoka-reader-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	r = yt_reader_file(fd, len);
	got = reader_result(r);
	yt_reader_free(r);
	close(fd);
	unlink(path);
	if (strcmp(got, want) != 0) {
		char *d = first_difference(got, want);
		cr_expect_fail("%s: the reader on a file differs at %s", what, d);
		free(d);
	}
	free(got);
	free(want);
}

/* Parses text with the fast path, the libyaml path and yt_parse, checks that
 * they agree, and returns whether the fast path took it. */
static bool agrees(const char *what, const char *text, size_t len)
{
	char *lib_err = NULL, *err = NULL;
	int lib_line = 0, lib_col = 0, line = 0, col = 0;
	yt_node *lib = yt_parse_libyaml(text, len, &lib_err, &lib_line, &lib_col);
	yt_node *fast = yt_parse_fast(text, len);
	yt_node *both = yt_parse(text, len, &err, &line, &col);
	char *lib_dump = yt_dump(lib), *both_dump = yt_dump(both);
	if (fast) {
		char *fast_dump = yt_dump(fast);
		cr_expect_not_null(lib, "%s: the fast path took what libyaml refuses (%d:%d: %s)",
				   what, lib_line, lib_col, lib_err);
		if (strcmp(fast_dump, lib_dump) != 0) {
			char *d = first_difference(fast_dump, lib_dump);
			cr_expect_fail("%s: the trees differ at %s", what, d);
			free(d);
		}
		free(fast_dump);
	}
	cr_expect((both == NULL) == (lib == NULL) && strcmp(both_dump, lib_dump) == 0,
		  "%s: yt_parse differs from the libyaml path", what);
	if (!lib)
		cr_expect(err && lib_err && strcmp(err, lib_err) == 0 && line == lib_line &&
				  col == lib_col,
			  "%s: errors differ: %d:%d %s / %d:%d %s", what, line, col,
			  err ? err : "-", lib_line, lib_col, lib_err ? lib_err : "-");
	reader_agrees(what, text, len, lib, lib_err, lib_line, lib_col);
	bool took = fast != NULL;
	free(lib_dump);
	free(both_dump);
	free(lib_err);
	free(err);
	yt_free(lib);
	yt_free(fast);
	yt_free(both);
	return took;
}

static void check(const char *text, expect want)
{
	bool took = agrees(text, text, strlen(text));
	if (want == ACCEPT)
		cr_expect(took, "the fast path should take:\n%s", text);
	else if (want == DECLINE)
		cr_expect(!took, "the fast path should decline:\n%s", text);
}

static void check_len(const char *what, const char *text, size_t len, expect want)
{
	bool took = agrees(what, text, len);
	cr_expect(want == EITHER || took == (want == ACCEPT), "%s: the fast path should %s it",
		  what, want == ACCEPT ? "take" : "decline");
}

/* Every file matching the patterns, compared; returns how many the fast path took. */
static size_t check_files(const char *const *patterns, size_t *total)
{
	size_t took = 0;
	*total = 0;
	for (const char *const *p = patterns; *p; p++) {
		glob_t g;
		if (glob(*p, 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			size_t len;
			char *e = NULL;
			char *text = hy_read_file(g.gl_pathv[i], YT_MAX_INPUT + 1, &len, &e);
			if (!text) {
				free(e); /* a directory, or larger than any input yt_parse reads */
				continue;
			}
			(*total)++;
			took += agrees(g.gl_pathv[i], text, len);
			free(text);
		}
		globfree(&g);
	}
	return took;
}

TestSuite(ytree_fast, .init = hy_utf8_locale);

/* ---- corpora ---- */

Test(ytree_fast, forms_and_fixtures_agree)
{
	static const char *const patterns[] = {
		"forms/*.yaml", "tests/fixtures/*.yaml", "tests/fixtures/*/*.yaml",
		"tests/fixtures/*/*/*.yaml", "tests/fuzz/forms/*.yaml", NULL};
	size_t total, took = check_files(patterns, &total);
	cr_expect_geq(total, 6);
	cr_log_info("forms and fixtures: %zu files, fast path took %zu", total, took);
}

Test(ytree_fast, examples_are_taken_by_the_fast_path)
{
	static const char *const patterns[] = {"examples/*.yaml", NULL};
	size_t total, took = check_files(patterns, &total);
	cr_expect_geq(total, 2);
	cr_expect_eq(took, total, "every example is canonical: the fast path must take it");
}

Test(ytree_fast, bad_inputs_agree)
{
	static const char *const patterns[] = {"tests/bad/docs/*.yaml", "tests/bad/forms/*.yaml",
					       NULL};
	size_t total, took = check_files(patterns, &total);
	cr_expect_geq(total, 100);
	cr_log_info("bad inputs: %zu files, fast path took %zu", total, took);
}

/* The generated bad documents (tests/bad/docs, NAME.gen): deep nesting, huge files. */
Test(ytree_fast, generated_bad_inputs_agree, .timeout = 120)
{
	char dir[] = "/tmp/hyoka-ytree-fast.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	glob_t g;
	cr_assert_eq(glob("tests/bad/docs/*.gen", 0, NULL, &g), 0);
	size_t total = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *out = hy_printf("%s/case.yaml", dir);
		char *cmd = hy_printf("sh '%s' '%s'", g.gl_pathv[i], out);
		cr_expect_eq(system(cmd), 0, "%s", cmd);
		size_t len;
		char *e = NULL;
		char *text = hy_read_file(out, YT_MAX_INPUT + 1, &len, &e);
		if (text) {
			total++;
			agrees(g.gl_pathv[i], text, len);
		}
		free(text);
		free(e);
		unlink(out);
		free(cmd);
		free(out);
	}
	globfree(&g);
	rmdir(dir);
	cr_expect_geq(total, 10);
}

Test(ytree_fast, fuzz_corpora_agree)
{
	static const char *const patterns[] = {"tests/fuzz/corpus-*/*", "tests/fuzz/crashes/*",
					       NULL};
	size_t total, took = check_files(patterns, &total);
	cr_expect_geq(total, 20);
	cr_log_info("fuzz corpora: %zu files, fast path took %zu", total, took);
}

/* The benchmark documents (bench/data, when generated): canonical, large. */
Test(ytree_fast, bench_documents_are_taken_by_the_fast_path, .timeout = 120)
{
	static const char *const patterns[] = {"bench/data/*.yaml", NULL};
	size_t total, took = check_files(patterns, &total);
	cr_expect_eq(took, total);
	cr_log_info("bench documents: %zu files", total);
}

/* ---- hyoka's own output ---- */

static void expect_canonical_taken(const char *what, const hy_doc *doc, const char *must_contain)
{
	size_t len;
	char *yaml = hy_doc_to_yaml(doc, &len);
	cr_assert_not_null(yaml);
	cr_expect(agrees(what, yaml, len), "%s: the fast path must take hyoka's own output:\n%s",
		  what, yaml);
	for (const char *m = must_contain; m && *m; m += strlen(m) + 1)
		cr_expect(strstr(yaml, m), "%s: the output should exercise '%s':\n%s", what, m, yaml);
	free(yaml);
}

Test(ytree_fast, saved_examples_are_taken_by_the_fast_path)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	glob_t g;
	cr_assert_eq(glob("examples/*.yaml", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		hy_diags d;
		hy_diags_init(&d);
		hy_doc *doc = hy_doc_load(&forms, g.gl_pathv[i], &d);
		cr_assert_not_null(doc, "%s does not load", g.gl_pathv[i]);
		expect_canonical_taken(g.gl_pathv[i], doc, NULL);
		hy_doc_free(doc);
		hy_diags_free(&d);
	}
	globfree(&g);
	hy_forms_free(&forms);
}

/* Texts that make libyaml's emitter choose every style hyoka writes: block
 * scalars with each chomping and an indentation indicator, the document end
 * marker after a kept block, single quotes for special words and indicators,
 * double quotes with escapes for tabs and trailing spaces. */
Test(ytree_fast, every_style_hyoka_writes_is_taken)
{
	hy_forms forms;
	load_fixture_forms(&forms);
	const char *text =
		"form: mini\n"
		"cover:\n"
		"  name: \"it's: #1 ~\"\n"
		"main:\n"
		"  outsourcing:\n"
		"    status: する\n"
		"    kinds:\n"
		"    - 紙\n"
		"    - その他: \"  leading spaces\\nand two lines\"\n"
		"    items:\n"
		"    - title: \"- looks like an entry\"\n"
		"      what: \"ends without a break\\nsecond line\"\n"
		"    - title: \"null\"\n"
		"      what: \"trailing space \\nthen\\ttab\"\n"
		"  names:\n"
		"  - \"\"\n"
		"  - \"~\"\n"
		"  - \"true\"\n"
		"  - \"'quoted'\"\n"
		"  - \"#not a comment\"\n"
		"  - \"a: b\"\n"
		"  - \"[x]\"\n"
		"  - \"back\\\\slash \\\"dq\\\"\"\n"
		"  - \"\\nstarts with a break\"\n"
		"  note: \"one\\n\\n  indented\\nkept breaks\\n\\n\\n\"\n";
	hy_diags d;
	hy_doc *doc = doc_from(&forms, text, &d);
	cr_assert_not_null(doc, "load: %s", d.n ? d.items[0].message : "-");
	expect_canonical_taken("every style", doc,
			       "|2-\0|-\0|+\0\n...\n\0'~'\0''\0\"trailing space \\nthen\\ttab\"\0");
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_forms_free(&forms);
}

/* ---- boundaries ---- */

Test(ytree_fast, literal_block_scalars)
{
	check("a: |\n  x\n  y\n", ACCEPT);
	check("a: |\n  x\n\n\nb: 1\n", ACCEPT);
	check("a: |-\n  x\n\n\nb: 1\n", ACCEPT);
	check("a: |+\n  x\n\n\nb: 1\n", ACCEPT);
	check("a: |+\n  x\n\n\n", ACCEPT);
	check("a: |+\n  x\n\n...\n", ACCEPT);
	check("a: |\n  x\n    \n  y\n", ACCEPT);  /* a line of more spaces inside */
	check("a: |\n  x\n \n  y\n", ACCEPT);    /* a line of fewer spaces inside */
	check("a: |+\n  x\n   \n \nb: 1\n", ACCEPT);
	check("a: |\n  x", ACCEPT);               /* end of file without a line break */
	check("a: |-\n  x", ACCEPT);
	check("a: |+\n  x\n  ", ACCEPT);
	check("a: |+\n  x\n ", ACCEPT);
	check("a: |\n", ACCEPT);
	check("a: |", ACCEPT);
	check("a: |\nb: 1\n", ACCEPT);
	check("a: |+\n\n\nb: 1\n", ACCEPT);
	check("a: |\n\n  x\n", ACCEPT);           /* leading empty line, no indicator */
	check("a: |\n \n  x\n", ACCEPT);
	check("a: |2\n   lead\n  x\n", ACCEPT);
	check("a: |2-\n\n  x\n", ACCEPT);
	check("a: |-2\n  x\n", ACCEPT);
	check("a: |1\n  x\n", ACCEPT);
	check("a: |+9\n           x\n", ACCEPT);
	check("- |2+\n\n", ACCEPT);
	check("- |\n  x\n- |-\n  y\n", ACCEPT);
	check("a:\n- |\n  x\n", ACCEPT);
	check("a:\n- |\n x\n", ACCEPT);
	check("- a: |\n    x\n  b: 1\n", ACCEPT);
	check("- - |\n    x\n  - y\n", ACCEPT);
	check("a: |\n  - x\n  k: v\n  # not a comment\n  'q' \"d\" |\n", ACCEPT);
	check("a: |\n  テキスト\n\n  　全角の字下げ\n", ACCEPT);
	check("a: |\n    \n  x\nb: 1\n", EITHER);     /* deeper empty line first */
	check("a:\n  b: |\n    x\n   y\n", DECLINE); /* a line between two levels */
	check("a: |0\n  x\n", DECLINE);
	check("a: |10\n  x\n", DECLINE);
	check("a: |+-\n  x\n", DECLINE);
	check("a: | # comment\n  x\n", DECLINE);
	check("a: |x\n", DECLINE);
	check("a: | \n  x\n", DECLINE);
	check("a: >\n  folded\n", DECLINE);
	check("a: >-\n  folded\n", DECLINE);
	check("a: |\n\tx\n", DECLINE);
	check("a: |\n  x\r\n", DECLINE);
}

Test(ytree_fast, mappings_and_sequences)
{
	check("key:\n", ACCEPT);
	check("key:", ACCEPT);
	check("a:\nb: 1\n", ACCEPT);
	check("a:\n  b:\n", ACCEPT);
	check("a:\n- x\n- y\nb: 1\n", ACCEPT);      /* sequence at the key's column */
	check("a:\n  - x\n  - y\n", ACCEPT);
	check("a:\n-\n- \"\"\nb:\n", ACCEPT);
	check("- a: 1\n  b: 2\n- c: 3\n", ACCEPT);  /* items that are mappings */
	check("- a:\n  - x\n  b: 2\n- c\n", ACCEPT);
	check("- - x\n  - y\n- z\n", ACCEPT);       /* nested sequences */
	check("- - - x\n", ACCEPT);
	check("-\n  a: 1\n", ACCEPT);
	check("-\n  - a\n", ACCEPT);
	check("-\n- x\n", ACCEPT);
	check("-\n", ACCEPT);
	check("-   a: 1\n    b: 2\n", ACCEPT);
	check("-  - x\n   - y\n", ACCEPT);
	check("  a: 1\n  b: 2\n", ACCEPT);
	check("\n\na: 1\n\n   \n\nb: 2\n\n", ACCEPT);
	check("a:\n    b: 1\n    c:\n      d: 2\ne: 3\n", ACCEPT);
	check("- x\n...\n", ACCEPT);
	check("a:\n...", ACCEPT);
	check("- \n", DECLINE);
	check("a: 1\n  b: 2\n", DECLINE);  /* a key deeper than allowed */
	check("a:\n    b: 1\n  c: 2\n", DECLINE); /* back to no open level */
	check("a: 1\nb: 2\na: 3\n", DECLINE); /* duplicate */
	check("a: b: c\n", DECLINE);
	check("a: - b\n", DECLINE);
	check("a: -\n", DECLINE);
	check("a: 1\n- b\n", DECLINE);
	check("- a\nb: 1\n", DECLINE);
	check("  a: 1\nb: 2\n", DECLINE);
	check("a:\n- x\n  - y\n", DECLINE);
	check("a:\n  - x\n  b: 1\n", DECLINE);
	check("a\n", DECLINE);
	check("'a'\n", DECLINE);
	check("", DECLINE);
	check("\n  \n", DECLINE);
	check("---\na: 1\n", DECLINE);
	check("a: 1\n---\nb: 2\n", DECLINE);
	check("a: 1\n...\nb: 2\n", DECLINE);
	check("a: 1\n... # end\n", DECLINE);
	check("...\n", DECLINE);
	check("a: 1\n....\n", DECLINE);
	check("? a\n: b\n", DECLINE);
	check("a: [x]\n", DECLINE);
	check("a: {x: 1}\n", DECLINE);
	check("a: &x 1\nb: *x\n", DECLINE);
	check("a: !t x\n", DECLINE);
	check("%YAML 1.1\n---\na: 1\n", DECLINE);
}

Test(ytree_fast, duplicate_keys_in_a_large_mapping)
{
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i < 40; i++)
		hy_buf_addf(&b, "key%d: %d\n", i, i);
	check(b.data, ACCEPT);
	hy_buf_adds(&b, "key17: again\n");
	check(b.data, DECLINE);
	hy_buf_free(&b);
}

/* Comment lines are nothing to libyaml: the fast reader gives no event
 * decided by one (an empty value, the end of a collection) -- the reader
 * would then build another tree than libyaml's (found by fuzz_ytree). */
Test(ytree_fast, comment_lines_decide_nothing)
{
	check("\xE5\xB8\x82:\n# o\n-\n- nulll\n", DECLINE);
	check("a:\n  b: 1\n# c\n  d: 2\n", DECLINE);
	check("a:\n  - 1\n  # c\n  - 2\nb: 3\n", DECLINE);
	check("a: 1\n# c\n", DECLINE);
	check("- a\n   # c\n- b\n", DECLINE);
}

/* libyaml takes a node at a key's column that is not a key as the key's
 * value: the fast reader must not give the empty value first (found by
 * fuzz_ytree). */
Test(ytree_fast, a_value_at_the_keys_column)
{
	check("form: minifo\nmaier:\nn:\n inite:r:\n |+", DECLINE);
	check("a:\n|\n x\n", DECLINE);
	check("a:\nb\n", DECLINE);
	check("a:\n'b'\n", DECLINE);
	check("a:\nb: 1\n", ACCEPT);
	check("-\n>\n", DECLINE);
	check("-\nb\n", DECLINE);
	check("a:\n-\nb\n", DECLINE);
	check("a:\n-\nb: 1\n", ACCEPT);
	check("-\n- b\n", ACCEPT);
}

Test(ytree_fast, one_line_scalars)
{
	check("a: 'it''s'\nb: ''\nc: ' spaced '\n", ACCEPT);
	check("'k: x': v\n'': empty key\n'it''s': q\n", ACCEPT);
	check("\"k\\tx\": v\n", ACCEPT);
	check("a: \"t\\tn\\nq\\\"b\\\\r\\r\"\n", ACCEPT);
	check("a: ~\nb: null\nc:\nd: ''\ne: '~'\nf: NULL\n", ACCEPT);
	check("a: x:y\nb: a#b\nc: -x\nd: ?x\ne: :x\nf: http://h/p?q=1#f\ng: a'b\"c\n", ACCEPT);
	check("a:  two spaces\n", ACCEPT);
	check("名前: 値\nその他:\n- その他: 共通基盤システム\n  備考:\n", ACCEPT);
	check("-x: 1\n?y: 2\n:z: 3\n", ACCEPT);
	check("a: \xc2\xa0nbsp\xc2\xa0\n", ACCEPT);
	check("a: 😀 \xee\x80\x80 \xef\xbf\xbd\n", ACCEPT);
	check("a: '''\n", DECLINE);
	check("a: 'x\n  y'\n", DECLINE);
	check("a: \"x\n  y\"\n", DECLINE);
	check("a: 'x' y\n", DECLINE);
	check("'a':b\n", DECLINE);
	check("a: \"x\\\n  y\"\n", DECLINE);
	check("a: \"\\x41\"\n", DECLINE);
	check("a: \"\\u3042\"\n", DECLINE);
	check("a: \"\\0\"\n", DECLINE);
	check("a: \"\\e[31m\"\n", DECLINE);
	check("a: \"\\/\"\n", DECLINE);
	check("a: \"\\q\"\n", DECLINE);
	check("a: x\n  y\n", DECLINE); /* a multi-line plain scalar */
	check("- x\n  y\n", DECLINE);
	check("a: x #c\n", DECLINE);
	check("a: #c\n", DECLINE);
	check("# c\na: 1\n", DECLINE);
	check("a: 1 # c\n", DECLINE);
	check("a: x \n", DECLINE);
	check("a : x\n", DECLINE);
	check("a: x:\n", DECLINE);
	check("a: @x\n", DECLINE);
	check("a: `x\n", DECLINE);
	check("a: %x\n", DECLINE);
	check("a:\tb\n", DECLINE);
	check("a: 1\r\nb: 2\r\n", DECLINE);
	check("a:b\n", DECLINE);
}

Test(ytree_fast, characters)
{
	check("\xef\xbb\xbf" "a: 1\n", ACCEPT);
	check("\xef\xbb\xbf" "\xef\xbb\xbf" "a: 1\n", DECLINE);
	check("a: x\xef\xbb\xbfy\n", DECLINE);
	check("a: x\xe2\x80\xa8y\n", DECLINE);
	check("a: x\xe2\x80\xa9y\n", DECLINE);
	check("a: x\xc2\x85y\n", DECLINE);
	check("a: x\xc2\x80y\n", DECLINE);
	check("a: x\xef\xbf\xbey\n", DECLINE);
	check("a: x\xef\xbf\xbf\n", DECLINE);
	check("a: \xff\n", DECLINE);
	check("a: \xe3\x81", DECLINE);
	check("a: \xe3\x81x\n", DECLINE);
	check("a: \xc0\xaf\n", DECLINE);
	check("a: \xe0\x80\xaf\n", DECLINE);
	check("a: \xed\xa0\x80\n", DECLINE);
	check("a: \xf4\x90\x80\x80\n", DECLINE);
	check("a: \x01\n", DECLINE);
	check("a: \x7f\n", DECLINE);
	check_len("NUL", "a: x\0y\n", 7, DECLINE);
	check_len("NUL in a block", "a: |\n  x\0y\n", 11, DECLINE);
}

/* The byte check runs eight ASCII bytes, or two Japanese characters, at a
 * time: a bad byte at every offset of those words. */
Test(ytree_fast, bad_bytes_inside_runs)
{
	static const unsigned char bad[] = {0x00, 0x01, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xBF,
					    0xC0, 0xC2, 0xE2, 0xED, 0xEF, 0xF5, 0xFF};
	for (size_t b = 0; b < sizeof bad; b++)
		for (int at = 0; at < 24; at++) {
			char ascii[] = "a: abcdefghijklmnopqrstuvwxyz\n";
			char jp[] = "a: あいうえおかきく\n";
			ascii[3 + at] = (char)bad[b];
			jp[3 + at] = (char)bad[b];
			char *what = hy_printf("byte 0x%02x at %d", bad[b], at);
			check_len(what, ascii, sizeof ascii - 1, bad[b] >= 0x80 ? EITHER : DECLINE);
			check_len(what, jp, sizeof jp - 1, EITHER);
			free(what);
		}
	check("a: ~abcdefghijklmnopqrstuvwxyz}~ \n", DECLINE); /* trailing space */
	check("a: ~abcdefghijklmnopqrstuvwxyz}~\x7e\n", ACCEPT);
	check("a: あいうえおかきくけ\xe4\xb8\x80\xea\xb0\x80\xee\x80\x80\n", ACCEPT);
}

/* A line far longer than any buffer libyaml or the fast path starts with. */
Test(ytree_fast, very_long_lines)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "a: ");
	hy_buf_repeat(&b, "評価", 100000);
	hy_buf_adds(&b, "\nb: |\n  ");
	hy_buf_repeat(&b, "書", 300000);
	hy_buf_adds(&b, "\n\n  x\n");
	check_len("long lines", b.data, b.len, ACCEPT);
	hy_buf_free(&b);
}

/* libyaml forgets a simple key 1,024 characters on; the fast path declines
 * keys longer than 1,024 bytes. */
Test(ytree_fast, key_length_limit)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_repeat(&b, "k", 1024);
	hy_buf_adds(&b, ": v\n");
	check_len("1,024-byte key", b.data, b.len, ACCEPT);
	hy_buf_free(&b);
	hy_buf_init(&b);
	hy_buf_repeat(&b, "k", 1025);
	hy_buf_adds(&b, ": v\n");
	check_len("1,025-byte key", b.data, b.len, DECLINE);
	hy_buf_free(&b);
	hy_buf_init(&b);
	hy_buf_repeat(&b, "鍵", 500);
	hy_buf_adds(&b, ": v\n");
	check_len("500-character key", b.data, b.len, DECLINE);
	hy_buf_free(&b);
}

static void nested_sequences(int depth, expect want)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_repeat(&b, "- ", depth);
	hy_buf_adds(&b, "x\n");
	char *what = hy_printf("%d nested sequences", depth);
	check_len(what, b.data, b.len, want);
	free(what);
	hy_buf_free(&b);
}

Test(ytree_fast, depth_limit)
{
	nested_sequences(YT_MAX_DEPTH, ACCEPT);
	nested_sequences(YT_MAX_DEPTH + 1, DECLINE);
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i <= YT_MAX_DEPTH; i++) {
		hy_buf_repeat(&b, " ", i);
		hy_buf_addf(&b, "k%d:\n", i);
	}
	check_len("65 nested mappings", b.data, b.len, DECLINE);
	hy_buf_free(&b);
}

/* Eight million allocations take a minute under ASan; the plain build
 * runs this, and every other decline frees a partial tree under ASan too. */
#ifdef __SANITIZE_ADDRESS__
#define UNDER_ASAN true
#else
#define UNDER_ASAN false
#endif

/* The node limit: a sequence and its items are YT_MAX_NODES values.  Four
 * million nodes: checked against what libyaml reports, not dumped. */
Test(ytree_fast, node_limit, .timeout = 120, .disabled = UNDER_ASAN)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_repeat(&b, "-\n", YT_MAX_NODES - 1);
	yt_node *fast = yt_parse_fast(b.data, b.len);
	cr_assert_not_null(fast, "the fast path should take YT_MAX_NODES values");
	cr_expect_eq(fast->n, (size_t)YT_MAX_NODES - 1);
	const yt_node *last = fast->items[fast->n - 1];
	cr_expect(last->line == YT_MAX_NODES - 1 && last->col == 2 && last->plain && last->len == 0);
	yt_free(fast);

	/* one more: declined, and yt_parse reports libyaml's error at the last item */
	hy_buf_adds(&b, "-\n");
	cr_expect_null(yt_parse_fast(b.data, b.len));
	char *err = NULL;
	int line, col;
	char *limit = hy_printf("%d", YT_MAX_NODES);
	cr_assert_null(yt_parse(b.data, b.len, &err, &line, &col));
	cr_expect(strstr(err, limit) && line == YT_MAX_NODES && col == 2, "%d:%d %s", line, col,
		  err);
	free(limit);
	free(err);
	hy_buf_free(&b);
}

Test(ytree_fast, size_limit)
{
	size_t len = YT_MAX_INPUT + 1;
	char *text = hy_malloc(len);
	memset(text, ' ', len);
	memcpy(text, "a: 1\n", 5);
	check_len("one byte over the size limit", text, len, DECLINE);
	free(text);
}

/* Lines and columns: characters, not bytes, after multi-byte keys. */
Test(ytree_fast, positions_count_characters)
{
	const char *text = "名前: 値\nその他:\n- 鍵: |\n    x\n  次: ''\n";
	yt_node *n = yt_parse_fast(text, strlen(text));
	cr_assert_not_null(n);
	cr_expect_eq(n->pairs[0].value->col, 5);
	cr_expect_eq(n->pairs[1].value->kind, YT_SEQ);
	cr_expect_eq(n->pairs[1].value->line, 3);
	const yt_node *item = n->pairs[1].value->items[0];
	cr_expect_eq(item->col, 3);
	cr_expect_eq(item->pairs[0].value->col, 6); /* the '|' */
	cr_expect_eq(item->pairs[1].value->line, 5);
	cr_expect_eq(item->pairs[1].value->col, 6);
	cr_expect_eq(item->pairs[1].value->plain, false);
	yt_free(n);
	check(text, ACCEPT);
}

/* Comments are found where libyaml skips them, never inside a value. */
Test(ytree_fast, comments_are_found_between_tokens)
{
	int line = 0, col = 0;
	const char *a = "form: full\ncover:\n  # 要確認: 総務課に確認\n  eval_no: 3\n";
	cr_expect_eq(yt_find_comment(a, strlen(a), &line, &col), 20);
	cr_expect_eq(line, 3);
	cr_expect_eq(col, 3);
	const char *b = "name: 評価 # 後で直す\n";
	cr_expect_geq(yt_find_comment(b, strlen(b), &line, &col), 0);
	cr_expect_eq(line, 1);
	cr_expect_eq(col, 10, "columns count characters");
	const char *none[] = {
		"title: 'No.#3 の件'\n",
		"title: \"#1\"\n",
		"text: |\n  # これは本文\n  二行目\n",
		"key: a#b\n",
		"plain: 一行目\n",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		cr_expect_eq(yt_find_comment(none[i], strlen(none[i]), &line, &col), -1, "%s",
			     none[i]);
}
