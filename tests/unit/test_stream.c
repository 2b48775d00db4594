/* Large documents in little memory: only the document's form is loaded, a
 * file is read one top-level key at a time, fmt compares without holding
 * the texts, render and save write as they go.  Each fast path is checked
 * against the plain one it stands for. */
#include "helpers.h"
#include "hyoka/cli.h"
#include "hyoka/render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/hyoka-stream.XXXXXX";

static void setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	remove_tree(dir);
}

TestSuite(stream, .init = setup, .fini = teardown);

static char *write_temp(const char *name, const char *text, size_t len)
{
	char *path = hy_printf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	char *err = NULL;
	char *text = hy_read_file(path, (size_t)64 << 20, len, &err);
	cr_assert_not_null(text, "%s: %s", path, err ? err : "");
	return text;
}

/* ---- the form id, without parsing ---- */

static void expect_id(const char *text, bool whole, const char *want)
{
	char *id = hy_doc_form_id_text(text, strlen(text), whole);
	if (want)
		cr_expect(hy_streq(id, want), "%s: got %s, want %s", text, id ? id : "NULL", want);
	else
		cr_expect_null(id, "%s: got %s, want NULL", text, id);
	free(id);
}

Test(stream, form_id_of_canonical_and_hand_written_starts)
{
	expect_id("form: full\nform_version: '[x]'\n", false, "full");
	expect_id("form: setagaya-consultation\ncover:\n", false, "setagaya-consultation");
	expect_id("form: 'full'\ncover: 1\n", false, "full");
	expect_id("form: \"full\"  # the form\ncover: 1\n", false, "full");
	expect_id("form: full # the form\r\ncover: 1\r\n", false, "full");
	expect_id("\xEF\xBB\xBF# written by hand\n\n---\nform: focused\ncover: 1\n", false, "focused");
	expect_id("form: full\n\n  # a comment\n\ncover: 1\n", false, "full");
	/* read as YAML reads it, escapes included */
	expect_id("form: \"fu\\x6cl\"\nx: 1\n", false, "full");
	/* the whole file is this one line */
	expect_id("form: full", true, "full");
	expect_id("form: full\n", true, "full");
}

Test(stream, form_id_refuses_what_it_cannot_be_sure_of)
{
	expect_id("form: full", false, NULL);          /* cut: the line may go on */
	expect_id("form: full\n", false, NULL);        /* the next line may continue it */
	expect_id("form: full\n  more\nx: 1\n", false, NULL); /* "full more" */
	expect_id("form:full\nx: 1\n", false, NULL);   /* one plain scalar */
	expect_id("form: full x\nx: 1\n", false, NULL);
	expect_id("form: full#x\nx: 1\n", false, NULL);
	expect_id("form: 'full\nx: 1\n", false, NULL);
	expect_id("form: ''\nx: 1\n", false, NULL);
	expect_id("form:\nx: 1\n", false, NULL);
	expect_id("form: [full]\nx: 1\n", false, NULL);
	expect_id("cover: 1\nform: full\n", false, NULL); /* not first */
	expect_id("  form: full\nx: 1\n", false, NULL);
	expect_id("", true, NULL);
}

Test(stream, form_id_of_a_file)
{
	char *doc = write_temp("d.yaml", "form: basic\ncover: 1\n", 21);
	char *id = hy_doc_form_id(doc);
	cr_expect(hy_streq(id, "basic"));
	free(id);
	char *missing = hy_printf("%s/none.yaml", dir);
	cr_expect_null(hy_doc_form_id(missing));
	cr_expect_null(hy_doc_form_id(dir), "a directory");
	/* a FIFO is not read (what it gives cannot be read again), nor waited on */
	char *fifo = hy_printf("%s/fifo", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_expect_null(hy_doc_form_id(fifo));
	free(fifo);
	free(missing);
	free(doc);
}

/* ---- one form ---- */

Test(stream, load_one_form_by_id)
{
	setlocale(LC_ALL, "C.UTF-8");
	hy_forms set;
	hy_forms_init(&set, "forms");
	const hy_form *full = hy_forms_load_one(&set, "full");
	cr_assert_not_null(full);
	cr_expect_str_eq(full->id, "full");
	cr_expect_eq(set.n, 1);
	cr_expect_not(set.complete);
	cr_expect_eq(hy_forms_load_one(&set, "full"), full, "loaded once");
	cr_expect_eq(set.n, 1);
	cr_expect_null(hy_forms_load_one(&set, "nope"));
	cr_expect_null(hy_forms_load_one(&set, "../forms/full"), "not a form id");
	cr_expect_null(hy_forms_load_one(&set, "README"), "not a form id");
	cr_expect_eq(set.n, 1, "failures leave the set as it was");
	/* the rest, in the directory's order, the loaded one kept in place */
	cr_expect(hy_forms_load_rest(&set, stderr));
	cr_expect(set.complete);
	cr_assert_eq(set.n, 4);
	cr_expect_str_eq(set.forms[0]->id, "basic");
	cr_expect_eq(set.forms[2], full, "documents may point at it");
	cr_expect_str_eq(set.forms[3]->id, "setagaya-consultation");
	hy_forms_free(&set);
}

Test(stream, load_one_form_checks_the_id_inside_the_file)
{
	setlocale(LC_ALL, "C.UTF-8");
	/* juten.yaml defines focused: the file name is not the id */
	size_t len;
	char *text = slurp("forms/focused.yaml", &len);
	char *renamed = write_temp("juten.yaml", text, len);
	char *broken = write_temp("basic.yaml", "id: basic\ntitle: x\nparts: 3\n", 28);
	hy_forms set;
	hy_forms_init(&set, dir);
	cr_expect_null(hy_forms_load_one(&set, "juten"), "juten.yaml says focused");
	cr_expect_null(hy_forms_load_one(&set, "focused"), "no focused.yaml");
	cr_expect_null(hy_forms_load_one(&set, "basic"), "broken");
	cr_expect_eq(set.n, 0);
	/* loading the directory finds it, and reports the broken one */
	cr_expect_not(hy_forms_load_rest(&set, NULL));
	cr_expect_eq(set.n, 1);
	cr_expect_not_null(hy_forms_get(&set, "focused"));
	hy_forms_free(&set);
	free(renamed);
	free(broken);
	free(text);
}

Test(stream, cli_loads_only_the_forms_documents_name)
{
	setlocale(LC_ALL, "C.UTF-8");
	hy_global g = {.forms_dir = "forms", .argv0 = "hyoka"};
	hy_forms set;
	const char *one[] = {"examples/yokohama-hitorioya-focused.yaml"};
	cr_assert(hy_cli_load_forms_for(&g, &set, one, 1));
	cr_expect_eq(set.n, 1);
	cr_expect_str_eq(set.forms[0]->id, "focused");
	hy_forms_free(&set);

	const char *two[] = {"examples/yokohama-hitorioya-focused.yaml", NULL,
			     "examples/sagamihara-kokuho-full.yaml"};
	cr_assert(hy_cli_load_forms_for(&g, &set, two, 3));
	cr_expect_eq(set.n, 2);
	cr_expect_not(set.complete);
	hy_forms_free(&set);

	/* a document that does not start with its form, or no document: all */
	char *late = write_temp("late.yaml", "cover: {}\nform: basic\n", 22);
	const char *others[] = {"examples/sagamihara-kokuho-full.yaml", late};
	cr_assert(hy_cli_load_forms_for(&g, &set, others, 2));
	cr_expect(set.complete);
	cr_expect_eq(set.n, 4);
	hy_forms_free(&set);
	char *missing = hy_printf("%s/new.yaml", dir);
	const char *fresh[] = {missing};
	cr_assert(hy_cli_load_forms_for(&g, &set, fresh, 1));
	cr_expect(set.complete, "a new file needs the menu of every form");
	hy_forms_free(&set);
	free(missing);
	free(late);
}

Test(stream, cli_load_doc_falls_back_to_every_form)
{
	setlocale(LC_ALL, "C.UTF-8");
	hy_forms set;
	hy_forms_init(&set, "forms");
	cr_assert_not_null(hy_forms_load_one(&set, "basic"));
	hy_diags d;
	hy_diags_init(&d);
	/* a focused document, with only basic loaded: loads the rest, retries */
	hy_doc *doc = hy_cli_load_doc(&set, "examples/yokohama-hitorioya-focused.yaml", &d, NULL);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "");
	cr_expect_eq(d.n, 0, "the failed try leaves nothing behind");
	cr_expect(set.complete);
	cr_expect_str_eq(doc->form->id, "focused");
	hy_doc_free(doc);
	hy_diags_free(&d);
	/* an unknown form lists every known one, as it always did */
	char *odd = write_temp("odd.yaml", "form: odd\n", 10);
	hy_diags_init(&d);
	cr_expect_null(hy_cli_load_doc(&set, odd, &d, NULL));
	cr_assert_eq(d.n, 1);
	cr_expect(strstr(d.items[0].message, "basic, focused, full, setagaya-consultation") != NULL,
		  "%s", d.items[0].message);
	hy_diags_free(&d);
	hy_forms_free(&set);
	free(odd);
}

/* ---- one top-level key at a time ---- */

static void expect_same_values(const hy_value *a, const hy_value *b, const char *what)
{
	if (!a || !b) {
		cr_expect_eq(a == NULL, b == NULL, "%s: a value on one side only", what);
		return;
	}
	cr_expect(a->line == b->line && a->col == b->col, "%s: %s at %d:%d, whole %d:%d", what,
		  a->f->id, a->line, a->col, b->line, b->col);
	cr_assert_eq(a->n_inst, b->n_inst, "%s: %s", what, a->f->id);
	for (size_t i = 0; i < a->n_inst; i++)
		expect_same_values(a->inst[i], b->inst[i], what);
	for (size_t i = 0; a->kids && b->kids && i < a->f->n_children; i++)
		expect_same_values(a->kids[i], b->kids[i], what);
}

static void expect_same_diags(const hy_diags *a, const hy_diags *b, const char *what)
{
	cr_assert_eq(a->n, b->n, "%s: %zu problems, whole %zu (first: %s)", what, a->n, b->n,
		     a->n ? a->items[0].message : b->n ? b->items[0].message : "-");
	for (size_t i = 0; i < a->n; i++) {
		const hy_diag *x = &a->items[i], *y = &b->items[i];
		cr_expect(x->severity == y->severity && x->line == y->line && x->col == y->col &&
			  hy_streq(x->message, y->message) && hy_streq(x->path, y->path),
			  "%s: %d:%d %s, whole %d:%d %s", what, x->line, x->col, x->message, y->line,
			  y->col, y->message);
	}
}

/* Loads text from a file (read as the reader goes) and from memory, and
 * expects the same document or the same problems; also
 * hy_doc_load_parts, the file's load without a report, which must load
 * exactly when the others do.  Says whether the document loaded. */
static bool expect_same_load(const hy_forms *set, const char *name, const char *text, size_t len)
{
	char *path = write_temp(name, text, len);
	hy_doc *parts = hy_doc_load_parts(set, path);
	hy_diags dfile, dtext;
	hy_diags_init(&dfile);
	hy_diags_init(&dtext);
	hy_doc *a = hy_doc_load(set, path, &dfile);
	hy_doc *b = hy_doc_load_text(set, text, len, path, &dtext);
	cr_expect_eq(a == NULL, b == NULL, "%s: loads from the file and from memory differ", name);
	expect_same_diags(&dfile, &dtext, name);
	if (a && b) {
		char *ya = hy_doc_to_yaml(a, NULL), *yb = hy_doc_to_yaml(b, NULL);
		cr_expect_str_eq(ya, yb, "%s: the canonical texts differ", name);
		free(ya);
		free(yb);
		expect_same_diags(&a->notes, &b->notes, name);
		hy_diags ia, ib;
		all_issues(a, &ia);
		all_issues(b, &ib);
		expect_same_diags(&ia, &ib, name);
		hy_diags_free(&ia);
		hy_diags_free(&ib);
		expect_same_values(a->root, b->root, name);
		cr_expect(hy_streq(a->form_version, b->form_version), "%s", name);
	}
	cr_expect_eq(parts != NULL, a != NULL, "%s: the load without a report differs", name);
	bool by_parts = parts != NULL;
	hy_doc_free(parts);
	hy_doc_free(a);
	hy_doc_free(b);
	hy_diags_free(&dfile);
	hy_diags_free(&dtext);
	free(path);
	return by_parts;
}

static const char *const mini_doc =
	"form: mini\n"
	"form_version: '[様式]'\n"
	"cover:\n"
	"  name: 相模原市 国民健康保険事務 全項目評価書\n"
	"main:\n"
	"  outsourcing:\n"
	"    status: する\n"
	"    kinds:\n"
	"    - 紙\n"
	"    - その他: 共通基盤システム\n"
	"    items:\n"
	"    - title: システム運用\n"
	"      how: |\n"
	"        書面による申請に基づき、\n"
	"\n"
	"        妥当性を考慮し許諾する。\n"
	"    - title: 保守\n"
	"  count: 8\n"
	"  date: 令和5年12月28日\n"
	"  names:\n"
	"  - (1) 資格・賦課・給付情報ファイル\n"
	"risk:\n"
	"  files:\n"
	"  - measure: 措置1\n"
	"  - measure: 措置2\n";

/* mini_doc with `from` replaced by `to` (once). */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(mini_doc, from);
	cr_assert_not_null(at, "%s", from);
	return hy_printf("%.*s%s%s", (int)(at - mini_doc), mini_doc, to, at + strlen(from));
}

static char *crlf(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	for (; *s; s++) {
		if (*s == '\n')
			hy_buf_addc(&b, '\r');
		hy_buf_addc(&b, *s);
	}
	return hy_buf_take(&b);
}

Test(stream, parts_load_hyokas_own_files)
{
	hy_forms set;
	load_fixture_forms(&set);
	cr_expect(expect_same_load(&set, "plain.yaml", mini_doc, strlen(mini_doc)));
	char *t = crlf(mini_doc);
	cr_expect(expect_same_load(&set, "crlf.yaml", t, strlen(t)), "CRLF");
	free(t);
	t = hy_printf("\xEF\xBB\xBF# written by hand\n\n%s# the end", mini_doc);
	cr_expect(expect_same_load(&set, "comments.yaml", t, strlen(t)), "BOM, comments");
	free(t);
	t = variant("main:\n", "# between\n\nmain:\n");
	cr_expect(expect_same_load(&set, "between.yaml", t, strlen(t)));
	free(t);
	/* unknown keys (kept, noted), one with a sequence in column 0 */
	t = hy_printf("%sextra:\n- a\n- b: 1\nmore: 1\n  - 2\n", mini_doc);
	cr_expect(expect_same_load(&set, "unknown.yaml", t, strlen(t)));
	free(t);
	t = variant("form_version: '[様式]'", "form_version: older");
	cr_expect(expect_same_load(&set, "version.yaml", t, strlen(t)));
	free(t);
	/* values of the wrong shape and validation problems keep their lines */
	t = variant("  count: 8\n  date: 令和5年12月28日\n", "  count: [8]\n  date: 12月\n");
	cr_expect(expect_same_load(&set, "shapes.yaml", t, strlen(t)));
	free(t);
	t = hy_printf("%.*s", (int)strlen(mini_doc) - 1, mini_doc);
	cr_expect(expect_same_load(&set, "no-newline.yaml", t, strlen(t)));
	free(t);
	hy_forms_free(&set);
}

/* 200,000 unknown top-level keys: each is kept and noted, read in linear
 * time (a quadratic look for keys given twice took minutes), and a key
 * given twice among them is still found. */
Test(stream, many_unknown_top_level_keys)
{
	hy_forms set;
	load_fixture_forms(&set);
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "form: mini\n");
	for (int i = 0; i < 200000; i++)
		hy_buf_addf(&b, "k%d: v\n", i);
	cr_expect(expect_same_load(&set, "keys.yaml", b.data, b.len), "read in parts");
	char *path = write_temp("keys2.yaml", b.data, b.len);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&set, path, &d);
	cr_assert_not_null(doc);
	cr_expect_eq(doc->notes.n, 200000);
	cr_expect_eq(doc->top_extra->n, 200000);
	hy_doc_free(doc);
	free(path);
	hy_buf_adds(&b, "k123456: again\n");
	path = write_temp("twice.yaml", b.data, b.len);
	doc = hy_doc_load(&set, path, &d);
	cr_expect_null(doc, "a key given twice is refused");
	cr_expect(diags_mention(&d, "duplicate key 'k123456'"));
	hy_diags_free(&d);
	free(path);
	hy_buf_free(&b);
	hy_forms_free(&set);
}

/* Entries of a repeat with comments, blank lines, a block text with an
 * empty line, an empty entry, unknown keys: read as they arrive. */
Test(stream, parts_read_a_repeat_entry_by_entry)
{
	hy_forms set;
	load_fixture_forms(&set);
	char *t = variant("  - measure: 措置2\n",
			  "\n  # the second\n  - measure: 措置2\n  - measure: |\n      三行目\n\n"
			  "      四行目\n  -\n  - measure: 措置5\n    nothing: x\n# the end\n");
	cr_expect(expect_same_load(&set, "entries.yaml", t, strlen(t)));
	char *c = crlf(t);
	cr_expect(expect_same_load(&set, "entries-crlf.yaml", c, strlen(c)));
	free(c);
	free(t);
	/* a part after the entries */
	t = hy_printf("%sextra: 1\n", mini_doc);
	cr_expect(expect_same_load(&set, "after.yaml", t, strlen(t)));
	free(t);
	/* not a repeat of the form */
	t = variant("risk:\n  files:\n", "risk:\n  other:\n");
	cr_expect(expect_same_load(&set, "unknown-repeat.yaml", t, strlen(t)));
	free(t);
	/* another key of the part after its entries: fine; a text over an
	 * entry's start, a tab, an anchor: errors, reported as the whole
	 * parse reports them */
	const char *const odd[] = {"  other: 1\n", "  - measure: \"a\n  - b\"\n", "\t- x\n",
				   "  - &a x\n"};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		t = hy_printf("%s%s", mini_doc, odd[i]);
		cr_expect_eq(expect_same_load(&set, "odd-entry.yaml", t, strlen(t)), i < 2,
			     "%s", odd[i]);
		free(t);
	}
	hy_forms_free(&set);
}

/* Layouts hyoka does not write: libyaml reads on from where the fast reader
 * stops; errors are reported as the whole parse reports them. */
Test(stream, parts_give_way_to_the_whole_file)
{
	hy_forms set;
	load_fixture_forms(&set);
	const struct {
		const char *text, *what;
		bool loads;
	} cases[] = {
		{"---\n", "a document start", false},
		{"form: mini\n", "form twice", false},
		{"cover:\n  name: x\n", "a part twice", false},
		{"{x: 1}\n", "flow mapping", false},
		{"x1:\n\tcount: 1\n", "tab", false},
		{"x2: [1,\n2]\n", "a bracket over a column-0 line", true},
		{"x3: \"a\nb\"\n", "a quoted text over a column-0 line", true},
		{"x4: [1, 2\n", "a syntax error in the last part", false},
		{"? x\n: 1\n", "a complex key", true},
		{"...\n", "a document end", true},
		{"x5: {a: 1}  # comment\n", "flow and a comment", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *t = hy_printf("%s%s", mini_doc, cases[i].text);
		cr_expect_eq(expect_same_load(&set, "odd.yaml", t, strlen(t)), cases[i].loads, "%s",
			     cases[i].what);
		free(t);
	}
	char *t = hy_printf("cover:\n  name: x\n%sform: mini\n",
			    strstr(mini_doc, "main:\n"));
	cr_expect(expect_same_load(&set, "late.yaml", t, strlen(t)), "form not first");
	free(t);
	t = hy_printf("x0: 1\nform: nosuchform\ncover: [\n");
	cr_expect_not(expect_same_load(&set, "unknown-form-then-error.yaml", t, strlen(t)),
		      "a syntax error after an unknown form");
	free(t);
	const char *cr = "form: mini\rcover:\r  name: x\r";
	expect_same_load(&set, "cr.yaml", cr, strlen(cr));
	const char *empty = "# nothing\n";
	cr_expect_not(expect_same_load(&set, "empty.yaml", empty, strlen(empty)));
	hy_forms_free(&set);
}

Test(stream, parts_load_the_examples)
{
	hy_forms set;
	load_shipped_forms(&set);
	const char *examples[] = {"examples/sagamihara-kokuho-full.yaml",
				  "examples/yokohama-hitorioya-focused.yaml"};
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *text = slurp(examples[i], &len);
		cr_expect(expect_same_load(&set, "example.yaml", text, len), "%s", examples[i]);
		free(text);
	}
	hy_forms_free(&set);
}

/* ---- comparing with the file ---- */

Test(stream, matches_file_compares_every_byte)
{
	hy_forms set;
	load_shipped_forms(&set);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&set, "examples/sagamihara-kokuho-full.yaml", &d);
	cr_assert_not_null(doc);
	size_t len;
	char *yaml = hy_doc_to_yaml(doc, &len);
	cr_assert_gt(len, 100000, "more than one piece of the emitter");
	char *path = write_temp("canon.yaml", yaml, len);
	cr_expect(hy_doc_matches_file(doc, path));
	free(write_temp("canon.yaml", yaml, len - 1));
	cr_expect_not(hy_doc_matches_file(doc, path), "one byte short");
	char *longer = hy_printf("%s\n", yaml);
	free(write_temp("canon.yaml", longer, len + 1));
	cr_expect_not(hy_doc_matches_file(doc, path), "one byte more");
	for (size_t at = 0; at < len; at += len / 7 + 1) {
		char *changed = hy_strdup(yaml);
		changed[at] ^= 0x20;
		free(write_temp("canon.yaml", changed, len));
		cr_expect_not(hy_doc_matches_file(doc, path), "byte %zu changed", at);
		free(changed);
	}
	char *missing = hy_printf("%s/none.yaml", dir);
	cr_expect_not(hy_doc_matches_file(doc, missing));
	free(missing);
	free(longer);
	free(path);
	free(yaml);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_forms_free(&set);
}

/* ---- rendering as it goes ---- */

typedef struct {
	hy_buf text;
	size_t calls, fail_after;
} sink;

static bool sink_write(void *ctx, const char *data, size_t len)
{
	sink *s = ctx;
	s->calls++;
	if (s->fail_after && s->calls > s->fail_after)
		return false;
	hy_buf_add(&s->text, data, len);
	return true;
}

/* Every page of a paginated rendering: page_lines lines, and a footer that
 * counts the pages right. */
static void expect_pages(const char *text, int page_lines)
{
	size_t pages = 1;
	for (const char *p = text; *p; p++)
		pages += *p == '\f';
	size_t page = 0;
	const char *p = text;
	while (*p) {
		const char *ff = strchr(p, '\f');
		size_t len = ff ? (size_t)(ff - p) : strlen(p);
		int lines = 0;
		for (size_t i = 0; i < len; i++)
			lines += p[i] == '\n';
		page++;
		cr_expect_eq(lines, page_lines, "page %zu has %d lines", page, lines);
		char *foot = hy_printf("- %zu / %zu -", page, pages);
		char *body = hy_strndup(p, len);
		cr_expect(strstr(body, foot) != NULL, "page %zu: no '%s'", page, foot);
		free(body);
		free(foot);
		p += len + (ff != NULL);
	}
	cr_expect_eq(page, pages);
}

Test(stream, streamed_render_is_the_string_render)
{
	hy_forms set;
	load_shipped_forms(&set);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&set, "examples/yokohama-hitorioya-focused.yaml", &d);
	cr_assert_not_null(doc);
	hy_render_opts opts[] = {
		{.width = 80}, {.width = 80, .page_lines = 66}, {.width = 60, .ascii = true},
		{.width = 40, .page_lines = 10}, {.width = 120, .page_lines = 14, .ascii = true},
	};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		char *want = hy_render(doc, &opts[i]);
		sink s = {.calls = 0};
		hy_buf_init(&s.text);
		cr_expect(hy_render_stream(doc, &opts[i], sink_write, &s));
		/* written in pieces as it goes, not at the end in one */
		cr_expect_geq(s.calls, s.text.len / (64 << 10), "%zu writes", s.calls);
		cr_expect_gt(s.calls, 1, "%zu writes", s.calls);
		cr_expect_str_eq(s.text.data, want, "options %zu", i);
		if (opts[i].page_lines)
			expect_pages(want, opts[i].page_lines);
		hy_buf_free(&s.text);
		free(want);
	}
	/* a failed write stops the output */
	sink s = {.fail_after = 3};
	hy_buf_init(&s.text);
	cr_expect_not(hy_render_stream(doc, &opts[1], sink_write, &s));
	cr_expect_eq(s.calls, 4, "nothing written after the failure");
	hy_buf_free(&s.text);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_forms_free(&set);
}

/* ---- writing as it goes ---- */

static size_t files_in_dir(void)
{
	char *cmd = hy_printf("ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	cr_assert_eq(fscanf(p, "%zu", &n), 1);
	pclose(p);
	free(cmd);
	return n;
}

Test(stream, atomic_writes_in_pieces)
{
	char *path = hy_printf("%s/out.txt", dir);
	char *err = NULL;
	hy_atomic a;
	cr_assert(hy_atomic_open(&a, path, 0644, &err));
	cr_expect(hy_atomic_write(&a, "one ", 4));
	cr_expect(hy_atomic_write(&a, "two", 3));
	cr_assert(hy_atomic_commit(&a, false, &err), "%s", err);
	size_t len;
	char *text = slurp(path, &len);
	cr_expect_str_eq(text, "one two");
	free(text);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0644);
	/* the file's mode stays; the old version becomes PATH~ */
	cr_assert_eq(chmod(path, 0640), 0);
	cr_assert(hy_atomic_open(&a, path, 0644, &err));
	cr_expect(hy_atomic_write(&a, "three", 5));
	cr_assert(hy_atomic_commit(&a, true, &err), "%s", err);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0640);
	char *bak = hy_printf("%s~", path);
	text = slurp(bak, &len);
	cr_expect_str_eq(text, "one two");
	free(text);
	cr_expect_eq(files_in_dir(), 2);
	/* abort leaves nothing behind */
	cr_assert(hy_atomic_open(&a, path, 0644, &err));
	cr_expect(hy_atomic_write(&a, "four", 4));
	hy_atomic_abort(&a);
	cr_expect_eq(files_in_dir(), 2);
	text = slurp(path, &len);
	cr_expect_str_eq(text, "three");
	free(text);
	/* a write error is remembered and reported by commit */
	cr_assert(hy_atomic_open(&a, path, 0644, &err));
	close(a.fd);
	cr_expect_not(hy_atomic_write(&a, "five", 4));
	cr_expect_not(hy_atomic_write(&a, "six", 3));
	cr_expect_not(hy_atomic_commit(&a, true, &err));
	cr_assert_not_null(err);
	cr_expect(strstr(err, "cannot write") && strstr(err, strerror(EBADF)), "%s", err);
	free(err);
	err = NULL;
	cr_expect_eq(files_in_dir(), 2, "no temporary file left");
	text = slurp(path, &len);
	cr_expect_str_eq(text, "three");
	free(text);
	free(bak);
	free(path);
}

Test(stream, save_writes_what_to_yaml_gives)
{
	hy_forms set;
	load_fixture_forms(&set);
	hy_diags d;
	hy_doc *doc = doc_from(&set, mini_doc, &d);
	cr_assert_not_null(doc);
	char *path = hy_printf("%s/saved.yaml", dir);
	char *err = NULL;
	cr_assert_eq(hy_doc_save(doc, path, false, &err), HY_SAVE_OK, "%s", err);
	size_t len, want_len;
	char *text = slurp(path, &len);
	char *want = hy_doc_to_yaml(doc, &want_len);
	cr_expect_eq(len, want_len);
	cr_expect_str_eq(text, want);
	cr_expect(hy_doc_matches_file(doc, path));
	free(text);
	free(want);
	free(path);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_forms_free(&set);
}

/* ---- reading a file ---- */

Test(stream, read_file_regular_proc_pipe_and_limits)
{
	size_t len;
	char *err = NULL;
	char *big = hy_malloc((2 << 20) + 1);
	memset(big, 'x', (2 << 20) + 1);
	char *path = write_temp("big.txt", big, (2 << 20) + 1);
	char *text = hy_read_file(path, (size_t)4 << 20, &len, &err);
	cr_assert_not_null(text);
	cr_expect_eq(len, (size_t)(2 << 20) + 1);
	cr_expect_eq(text[len], '\0');
	cr_expect(memcmp(text, big, len) == 0);
	free(text);
	cr_expect_null(hy_read_file(path, (size_t)2 << 20, &len, &err));
	cr_expect(err && strstr(err, "larger than the limit of 2 MiB"), "%s", err);
	free(err);
	err = NULL;
	cr_expect_null(hy_read_file(dir, 1 << 20, &len, &err));
	cr_expect_str_eq(err, "is a directory");
	free(err);
	err = NULL;
	/* procfs says size 0: read to the end all the same */
	text = hy_read_file("/proc/self/status", 1 << 20, &len, &err);
	cr_assert_not_null(text);
	cr_expect(len > 0 && strstr(text, "Name:") != NULL);
	free(text);
	/* a pipe */
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(write(fds[1], big, 10000), 10000);
	close(fds[1]);
	char *pipe_path = hy_printf("/proc/self/fd/%d", fds[0]);
	text = hy_read_file(pipe_path, 1 << 20, &len, &err);
	cr_assert_not_null(text, "%s", err ? err : "");
	cr_expect_eq(len, 10000);
	free(text);
	close(fds[0]);
	free(pipe_path);
	free(path);
	free(big);
}
