/* The document writer (src/docwrite.c).  The direct writer gives libyaml's
 * bytes for every document in the repository (examples, fixtures, the bad
 * corpus with its unknown keys and wrong-shaped values, the fuzz corpus)
 * and for documents built to hold awkward texts in every kind of field and
 * in kept unknown keys.  fmt's one pass (hy_doc_format_file) leaves a
 * canonical file alone -- not a byte, not its time, nothing beside it --
 * and rewrites any other exactly as a save would. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/hyoka-docwrite.XXXXXX";

static void setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	remove_tree(dir);
}

TestSuite(docwrite, .init = setup, .fini = teardown);

/* The direct writer's text is libyaml's; true when the document has one. */
static bool same_as_libyaml(const hy_doc *doc, const char *what)
{
	size_t n_direct = 0, n_lib = 0;
	char *direct = hy_doc_to_yaml(doc, &n_direct);
	char *lib = hy_doc_to_yaml_libyaml(doc, &n_lib);
	cr_assert((direct == NULL) == (lib == NULL), "%s: only one writer failed", what);
	if (!direct)
		return false;
	size_t at = 0;
	while (at < n_lib && at < n_direct && lib[at] == direct[at])
		at++;
	cr_expect(at == n_lib && at == n_direct,
		  "%s: the direct writer differs from libyaml at byte %zu\n--- libyaml\n%.300s\n"
		  "--- direct\n%.300s",
		  what, at, lib + (at > 100 ? at - 100 : 0), direct + (at > 100 ? at - 100 : 0));
	free(direct);
	free(lib);
	return true;
}

Test(docwrite, every_document_of_the_repository_as_libyaml_writes_it)
{
	hy_forms shipped, fixture;
	load_shipped_forms(&shipped);
	load_fixture_forms(&fixture);
	const char *patterns[] = {"examples/*.yaml", "tests/fixtures/*.yaml",
				  "tests/fixtures/*/*.yaml", "tests/bad/docs/*.yaml",
				  "tests/fuzz/corpus-doc/*"};
	size_t written = 0, with_extra = 0;
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
		glob_t g;
		if (glob(patterns[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++) {
			if (strstr(g.gl_pathv[i], "/forms/"))
				continue;
			for (int set = 0; set < 2; set++) {
				hy_diags d;
				hy_diags_init(&d);
				hy_doc *doc = hy_doc_load(set ? &fixture : &shipped, g.gl_pathv[i], &d);
				if (doc && same_as_libyaml(doc, g.gl_pathv[i])) {
					written++;
					with_extra += doc->top_extra != NULL;
				}
				hy_doc_free(doc);
				hy_diags_free(&d);
			}
		}
		globfree(&g);
	}
	cr_expect_gt(written, 60, "documents written: %zu", written);
	cr_expect_gt(with_extra, 0, "some with unknown top-level keys");
	hy_forms_free(&shipped);
	hy_forms_free(&fixture);
}

/* Texts at the edges of libyaml's choice of style. */
static const char *const texts[] = {
	"", " ", "a ", " a", "yes", "No", "~", "null", "010", "0x1F", "1e3", ".5", "12:30",
	"2024-01-31", "a: b", "a #b", "#a", "- a", "-", "? a", ": a", "[a]", "{a}", "&a", "*a",
	"!a", "|a", ">a", "'a'", "\"a\"", "%a", "@a", "`a", "a\tb", "a\x01", "a\xc2\x85" "b",
	"a\xe2\x80\xa8" "b", "\xef\xbb\xbf" "a", "\xf0\x9f\x98\x80", "全角　スペース", "　字下げ",
	"行1\n行2", "行1\n行2\n", "行1\n行2\n\n", "\n行", " 行\n行", "行 \n行", "行\n \n行",
	"行\n\t行", "行\r\n行", "---", "...", "--- a", "a\n...\n", "a\n---\n",
};
#define N_TEXTS (sizeof texts / sizeof texts[0])

/* A mini document with t in a text, a long text, a list item, a choice's
 * detail, a repeat's title, an unknown key and value, and a kept value of
 * the wrong shape. */
static char *awkward_doc(const char *t)
{
	/* each text as a double-quoted YAML scalar, escapes for what needs one */
	hy_buf q;
	hy_buf_init(&q);
	hy_buf_add(&q, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p == '"' || *p == '\\')
			hy_buf_addf(&q, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			hy_buf_addf(&q, "\\x%02X", *p);
		else
			hy_buf_add(&q, (const char *)p, 1);
	}
	hy_buf_add(&q, "\"", 1);
	char *s = hy_buf_take(&q);
	char *doc = hy_printf("form: mini\n"
			      "cover:\n  name: %s\n"
			      "main:\n"
			      "  outsourcing:\n"
			      "    status: する\n"
			      "    kinds:\n    - その他: %s\n    - %s\n"
			      "    items:\n    - title: %s\n      how: %s\n"
			      "  names:\n  - %s\n  - x\n"
			      "  note: %s\n"
			      "  count: %s\n"
			      "  %s: %s\n"
			      "unknown:\n  %s:\n  - %s\n  - {%s: [%s, ~, '', null]}\n"
			      "risk: %s\n",
			      s, s, s, s, s, s, s, s, s, s, s, s, s, s, s);
	free(s);
	return doc;
}

Test(docwrite, awkward_texts_in_every_place_as_libyaml_writes_them)
{
	hy_forms set;
	load_fixture_forms(&set);
	size_t written = 0;
	for (size_t i = 0; i < N_TEXTS; i++) {
		char *text = awkward_doc(texts[i]);
		hy_diags d;
		hy_doc *doc = doc_from(&set, text, &d);
		if (doc) {
			char *what = hy_printf("text \"%s\"", texts[i]);
			written += same_as_libyaml(doc, what);
			free(what);
		}
		hy_doc_free(doc);
		hy_diags_free(&d);
		free(text);
	}
	cr_expect_gt(written, N_TEXTS / 2, "documents written: %zu of %zu", written, N_TEXTS);
	hy_forms_free(&set);
}

/* ---- fmt's one pass ---- */

static char *write_file(const char *name, const char *text, size_t len)
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
	char *text = hy_read_file(path, HY_DOC_MAX_SIZE, len, &err);
	cr_assert_not_null(text, "%s: %s", path, err);
	return text;
}

/* The names in the test directory, one a line, sorted by readdir order. */
static size_t count_entries(void)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.' || strncmp(e->d_name, ".hyoka-", 7) == 0;
	closedir(d);
	return n;
}

typedef struct {
	int calls;
	bool answer;
} asked;

static bool may_write(void *ctx)
{
	asked *a = ctx;
	a->calls++;
	return a->answer;
}

/* The example, loaded, with its canonical text. */
static hy_doc *load_example(hy_forms *set, char **canon, size_t *len)
{
	load_shipped_forms(set);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(set, "examples/sagamihara-kokuho-full.yaml", &d);
	hy_diags_free(&d);
	cr_assert_not_null(doc);
	*canon = hy_doc_to_yaml(doc, len);
	cr_assert_gt(*len, 200000, "several pieces of the writer");
	return doc;
}

Test(docwrite, a_canonical_file_is_left_alone)
{
	hy_forms set;
	size_t len;
	char *canon;
	hy_doc *doc = load_example(&set, &canon, &len);
	char *path = write_file("doc.yaml", canon, len);
	cr_assert_eq(chmod(path, 0640), 0);
	struct stat before, after, dir_before, dir_after;
	cr_assert_eq(stat(path, &before), 0);
	cr_assert_eq(stat(dir, &dir_before), 0);
	size_t entries = count_entries();
	sleep(1); /* a rewrite would show in the times */
	for (int write = 0; write < 2; write++) {
		asked a = {0, true};
		char *err = NULL;
		cr_expect_eq(hy_doc_format_file(doc, path, write, may_write, &a, &err), HY_FMT_SAME,
			     "%s", err ? err : "");
		cr_expect_eq(a.calls, 0, "nothing to ask about");
		free(err);
	}
	cr_assert_eq(stat(path, &after), 0);
	cr_assert_eq(stat(dir, &dir_after), 0);
	cr_expect_eq(after.st_ino, before.st_ino);
	cr_expect_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	cr_expect_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	cr_expect_eq(after.st_mode & 07777, 0640);
	cr_expect_eq(dir_after.st_mtim.tv_sec, dir_before.st_mtim.tv_sec,
		     "nothing created beside it, not even for a moment");
	cr_expect_eq(dir_after.st_mtim.tv_nsec, dir_before.st_mtim.tv_nsec);
	cr_expect_eq(count_entries(), entries, "no backup, no temporary file");
	free(path);
	free(canon);
	hy_doc_free(doc);
	hy_forms_free(&set);
}

/* The file with canon's byte at `at` changed, with `extra` bytes added or
 * taken off its end. */
static void rewritten(hy_doc *doc, const char *canon, size_t len, size_t at, int extra)
{
	char *text = hy_malloc(len + 2);
	memcpy(text, canon, len);
	size_t n = len;
	if (at < len)
		text[at] = text[at] == 'x' ? 'y' : 'x';
	if (extra > 0) {
		memcpy(text + len, "\n\n", 2);
		n += (size_t)extra;
	} else {
		n -= (size_t)-extra;
	}
	char *path = write_file("doc.yaml", text, n);
	char *bak = hy_printf("%s~", path);
	unlink(bak);
	cr_assert_eq(chmod(path, 0604), 0);
	hy_doc_remember_disk_state(doc, path); /* as when it was loaded */
	char *err = NULL;
	/* a check says so and writes nothing */
	cr_expect_eq(hy_doc_format_file(doc, path, false, NULL, NULL, &err), HY_FMT_DIFFERS,
		     "byte %zu, %d more", at, extra);
	free(err);
	cr_expect_eq(access(bak, F_OK), -1);
	/* refused: the file stays, nothing beside it */
	asked no = {0, false};
	cr_expect_eq(hy_doc_format_file(doc, path, true, may_write, &no, &err), HY_FMT_REFUSED);
	cr_expect_eq(no.calls, 1);
	free(err);
	size_t got_len;
	char *got = slurp(path, &got_len);
	cr_expect(got_len == n && memcmp(got, text, n) == 0, "refused: the file is untouched");
	free(got);
	cr_expect_eq(count_entries(), 1, "refused: no backup, no temporary file");
	/* written: the canonical text, the old one as PATH~, the mode kept */
	asked yes = {0, true};
	cr_expect_eq(hy_doc_format_file(doc, path, true, may_write, &yes, &err), HY_FMT_WRITTEN,
		     "byte %zu, %d more: %s", at, extra, err ? err : "");
	cr_expect_eq(yes.calls, 1);
	free(err);
	got = slurp(path, &got_len);
	cr_expect(got_len == len && memcmp(got, canon, len) == 0,
		  "byte %zu, %d more: the canonical text", at, extra);
	free(got);
	got = slurp(bak, &got_len);
	cr_expect(got_len == n && memcmp(got, text, n) == 0, "the backup is the old file");
	free(got);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0604);
	cr_expect_eq(count_entries(), 2, "the file and its backup, no temporary file left");
	cr_expect_not(doc->modified);
	cr_expect_not(hy_doc_changed_on_disk(doc));
	cr_expect_eq(hy_doc_format_file(doc, path, true, NULL, NULL, &err), HY_FMT_SAME);
	free(err);
	free(bak);
	free(path);
	free(text);
}

Test(docwrite, a_file_that_is_not_canonical_is_rewritten_in_one_pass)
{
	hy_forms set;
	size_t len;
	char *canon;
	hy_doc *doc = load_example(&set, &canon, &len);
	/* the first byte, one in each piece the writer sends, the last; a file
	 * longer or shorter than the text */
	for (size_t at = 0; at < len; at += len / 5)
		rewritten(doc, canon, len, at, 0);
	rewritten(doc, canon, len, len - 2, 0);
	rewritten(doc, canon, len, len, 2);
	rewritten(doc, canon, len, len, -1);
	free(canon);
	hy_doc_free(doc);
	hy_forms_free(&set);
}

Test(docwrite, a_file_changed_on_disk_is_not_overwritten)
{
	hy_forms set;
	size_t len;
	char *canon;
	hy_doc *doc = load_example(&set, &canon, &len);
	char *path = write_file("doc.yaml", canon, len - 1);
	hy_doc_remember_disk_state(doc, path);
	free(doc->path);
	doc->path = hy_strdup(path);
	sleep(1);
	free(write_file("doc.yaml", canon, len - 2));
	char *err = NULL;
	cr_expect_eq(hy_doc_format_file(doc, path, true, NULL, NULL, &err), HY_FMT_FAILED);
	cr_expect(err && strstr(err, "changed on disk"), "%s", err ? err : "");
	free(err);
	size_t got_len;
	char *got = slurp(path, &got_len);
	cr_expect_eq(got_len, len - 2, "the other writer's file stays");
	free(got);
	cr_expect_eq(count_entries(), 1);
	free(path);
	free(canon);
	hy_doc_free(doc);
	hy_forms_free(&set);
}
