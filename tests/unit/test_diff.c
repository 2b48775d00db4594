/* Revision diff: changed fields and their 提出時期, added and removed repeat
 * instances, paragraph-wise long texts, appending to the 変更箇所 table, and
 * the `hyoka diff` command's exit codes.  Uses the fixture form `revisable`. */
#include "helpers.h"
#include "hyoka/cli.h"
#include "hyoka/diff.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static hy_forms forms;

static void setup(void)
{
	load_fixture_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(diff, .init = setup, .fini = teardown);

static const char *const base =
	"form: revisable\n"
	"cover:\n"
	"  name: 改訂テスト評価書\n"
	"basic:\n"
	"  task:\n"
	"    name: 国民健康保険に関する事務\n"
	"    content: |\n"
	"      第一段落。被保険者の資格を管理する。\n"
	"      第二段落。保険料を賦課する。\n"
	"      第三段落。保険給付を行う。\n"
	"      第四段落。高額療養費を支給する。\n"
	"    population: 10万人以上30万人未満\n"
	"    contact: 保険年金課\n"
	"  outsourcing:\n"
	"    status: する\n"
	"    items:\n"
	"    - title: システム運用\n"
	"      contractor: A社\n"
	"    - title: 保守\n"
	"      contractor: B社\n"
	"  records:\n"
	"    items:\n"
	"    - category: 個人\n"
	"      name: 氏名\n"
	"    - category: 個人\n"
	"      name: 住所\n"
	"risk:\n"
	"  files:\n"
	"  - measure: 措置1\n"
	"  - measure: 措置2\n"
	"changes:\n"
	"  rows:\n"
	"  - date: 令和6年4月1日\n"
	"    item: Ⅰ．１．① 事務の名称\n"
	"    before: 旧名称\n"
	"    after: 国民健康保険に関する事務\n"
	"    timing: 事後\n"
	"    timing_reason: 重要な変更に当たらないため\n";

/* text with the first `from` replaced by `to`. */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	cr_assert_not_null(at, "'%s' is in the text", from);
	return hy_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static hy_doc *load(const char *text)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, text, &d);
	cr_assert_not_null(doc, "load failed: %s", d.n ? d.items[0].message : "-");
	hy_diags_free(&d);
	return doc;
}

static void diff_texts(const char *old_text, const char *new_text, hy_changes *out)
{
	hy_doc *a = load(old_text), *b = load(new_text);
	hy_changes_init(out);
	char *err = NULL;
	cr_assert(hy_diff(a, b, out, &err), "diff failed: %s", err ? err : "-");
	hy_doc_free(a);
	hy_doc_free(b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

Test(diff, equal_documents_have_no_changes)
{
	hy_changes ch;
	diff_texts(base, base, &ch);
	cr_expect_eq(ch.n, 0);
	hy_changes_free(&ch);
	/* a trailing line break and the 変更箇所 table itself are not changes */
	char *a = edit(base, "第四段落。高額療養費を支給する。\n", "第四段落。高額療養費を支給する。\n\n");
	char *b = edit(a, "changes:\n  rows:\n", "changes:\n  rows:\n  - item: 追加の行\n");
	diff_texts(base, b, &ch);
	cr_expect_eq(ch.n, 0, "got %zu rows, first %s", ch.n, ch.n ? ch.items[0].path : "");
	hy_changes_free(&ch);
	free(a);
	free(b);
}

Test(diff, a_changed_choice_is_one_row)
{
	char *b = edit(base, "population: 10万人以上30万人未満", "population: 30万人以上");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 1);
	const hy_change *c = &ch.items[0];
	cr_expect_eq(c->kind, HY_CHANGE_EDITED);
	cr_expect_str_eq(c->path, "Ⅰ．１．③ 対象人数　※");
	cr_expect_str_eq(c->before, "10万人以上30万人未満");
	cr_expect_str_eq(c->after, "30万人以上");
	hy_changes_free(&ch);
	free(b);
}

Test(diff, important_items_suggest_submitting_beforehand)
{
	char *a = edit(base, "population: 10万人以上30万人未満", "population: 30万人以上");
	char *b = edit(a, "contact: 保険年金課", "contact: 保険年金課 国保係");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 2);
	cr_expect(ch.items[0].important, "③対象人数　※ is a ※ item");
	cr_expect_str_eq(hy_change_timing(&ch.items[0]), "事前");
	cr_expect_str_eq(ch.items[1].path, "Ⅰ．１．④ 連絡先");
	cr_expect(!ch.items[1].important, "④連絡先 is not marked");
	cr_expect_str_eq(hy_change_timing(&ch.items[1]), "事後");
	hy_changes_free(&ch);
	free(a);
	free(b);
}

Test(diff, an_instance_inserted_in_the_middle_is_one_row)
{
	/* the follower (Ⅲ 委託先n) gets an empty instance: told by its leader's row */
	char *a = edit(base, "    - title: 保守\n",
		       "    - title: 健康管理システムの運用\n      contractor: C社\n      resub: する\n"
		       "    - title: 保守\n");
	char *b = edit(a, "  - measure: 措置2\n", "  - {}\n  - measure: 措置2\n");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 1, "one row, not one per later instance or field (got %zu)", ch.n);
	const hy_change *c = &ch.items[0];
	cr_expect_eq(c->kind, HY_CHANGE_ADDED);
	cr_expect(hy_starts_with(c->path, "Ⅰ．４．") && ends_with(c->path, "委託事項2"), "%s",
		  c->path);
	cr_expect_str_eq(c->before, "（新規）");
	cr_expect_str_eq(c->after, "委託事項2 健康管理システムの運用");
	cr_expect(c->important, "it sets ⑦再委託の有無　※, so it is a 重要な変更");
	hy_changes_free(&ch);
	free(a);
	free(b);
}

Test(diff, a_removed_instance_is_one_row_and_its_follower_too)
{
	char *a = edit(base, "    - title: 保守\n      contractor: B社\n", "");
	char *b = edit(a, "  - measure: 措置2\n", "");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 2, "the 委託事項 and its Ⅲ block, which held text (got %zu)", ch.n);
	cr_expect_eq(ch.items[0].kind, HY_CHANGE_REMOVED);
	cr_expect(ends_with(ch.items[0].path, "委託事項2"), "%s", ch.items[0].path);
	cr_expect_str_eq(ch.items[0].before, "委託事項2 保守");
	cr_expect_str_eq(ch.items[0].after, "（削除）");
	cr_expect(!ch.items[0].important, "it held no ※ item");
	cr_expect_eq(ch.items[1].kind, HY_CHANGE_REMOVED);
	cr_expect_str_eq(ch.items[1].before, "委託先2 保守", "a follower is titled by its leader");
	cr_expect(ch.items[1].important, "Ⅲ is ※ as a whole");
	hy_changes_free(&ch);
	free(a);
	free(b);
}

Test(diff, a_renamed_instance_beside_an_added_one_is_an_edit)
{
	char *b = edit(base, "    - title: 保守\n      contractor: B社\n",
		       "    - title: 保守・運用\n      contractor: B社\n    - title: 印刷\n");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 2, "got %zu", ch.n);
	cr_expect_eq(ch.items[0].kind, HY_CHANGE_EDITED);
	cr_expect(ends_with(ch.items[0].path, "委託事項2"), "the title row is the header: %s",
		  ch.items[0].path);
	cr_expect_str_eq(ch.items[0].after, "保守・運用");
	cr_expect_eq(ch.items[1].kind, HY_CHANGE_ADDED);
	cr_expect_str_eq(ch.items[1].after, "委託事項3 印刷");
	hy_changes_free(&ch);
	free(b);
}

Test(diff, a_table_row_inserted_in_the_middle_is_one_row)
{
	char *b = edit(base, "      name: 住所\n", "      name: 生年月日\n    - category: 個人\n      name: 住所\n");
	hy_changes ch;
	diff_texts(base, b, &ch);
	cr_assert_eq(ch.n, 1, "got %zu", ch.n);
	cr_expect_eq(ch.items[0].kind, HY_CHANGE_ADDED);
	cr_expect(ends_with(ch.items[0].path, "2行目"), "%s", ch.items[0].path);
	cr_expect_str_eq(ch.items[0].after, "個人／生年月日");
	hy_changes_free(&ch);
	free(b);
}

Test(diff, a_long_text_shows_only_the_changed_paragraph)
{
	hy_buf long_par;
	hy_buf_init(&long_par);
	hy_buf_repeat(&long_par, "アクセス権限を定期的に見直し、不要な権限を削除する。", 40);
	char *a = edit(base, "第一段落。被保険者の資格を管理する。", long_par.data);
	char *b = edit(a, "第三段落。保険給付を行う。", "第三段落。保険給付及び保健事業を行う。");
	hy_changes ch;
	diff_texts(a, b, &ch);
	cr_assert_eq(ch.n, 1);
	cr_expect_str_eq(ch.items[0].path, "Ⅰ．１．② 事務の内容　※");
	cr_expect_str_eq(ch.items[0].before, "…\n第三段落。保険給付を行う。\n…");
	cr_expect_str_eq(ch.items[0].after, "…\n第三段落。保険給付及び保健事業を行う。\n…");
	hy_changes_free(&ch);
	hy_buf_free(&long_par);
	free(a);
	free(b);
}

Test(diff, paragraphs_added_alone_keep_a_neighbour)
{
	char *before, *after;
	hy_diff_text("一\n二\n三\n四", "一\n二\n追加\n三\n四", &before, &after);
	cr_expect_str_eq(before, "…\n二\n…");
	cr_expect_str_eq(after, "…\n二\n追加\n…");
	free(before);
	free(after);
	hy_diff_text("一つの段落", "別の段落", &before, &after);
	cr_expect_str_eq(before, "一つの段落", "one paragraph: the whole text");
	cr_expect_str_eq(after, "別の段落");
	free(before);
	free(after);
	hy_diff_text("", "一\n二", &before, &after);
	cr_expect_str_eq(before, "");
	cr_expect_str_eq(after, "一\n二", "a text written from nothing is shown whole");
	free(before);
	free(after);
}

Test(diff, different_forms_are_refused)
{
	hy_doc *a = load(base), *b = load("form: mini\nmain:\n  count: 1\n");
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	cr_expect(!hy_diff(a, b, &ch, &err));
	cr_expect_not_null(err);
	cr_expect(err && strstr(err, "different forms"), "%s", err ? err : "-");
	cr_expect_eq(ch.n, 0);
	free(err);
	hy_changes_free(&ch);
	hy_doc_free(a);
	hy_doc_free(b);
}

Test(diff, appending_skips_rows_already_there)
{
	hy_doc *old_doc = load(base);
	char *text = edit(base, "contact: 保険年金課", "contact: 保険年金課 国保係");
	hy_doc *doc = load(text);
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	cr_assert(hy_diff(old_doc, doc, &ch, &err));
	size_t added = 0;
	cr_assert(hy_diff_append(doc, &ch, "令和7年4月1日", &added, &err), "%s", err ? err : "");
	cr_expect_eq(added, 1);
	cr_expect(hy_diff_append(doc, &ch, "2025-04-01", &added, &err));
	cr_expect_eq(added, 0, "the same date written in ISO is the same row");
	cr_expect(hy_diff_append(doc, &ch, "令和7年5月1日", &added, &err));
	cr_expect_eq(added, 1, "another date is another row");
	cr_expect(!hy_diff_append(doc, &ch, "令和7年13月1日", &added, &err));
	cr_expect(err && strstr(err, "not a date"), "%s", err ? err : "-");
	free(err);
	hy_changes_free(&ch);
	hy_doc_free(doc);
	hy_doc_free(old_doc);
	free(text);
}

/* ---- the command ---- */

typedef struct {
	char dir[32];
	char *old_path, *new_path;
} scratch;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

static void scratch_init(scratch *s, const char *old_text, const char *new_text)
{
	strcpy(s->dir, "/tmp/hyoka-diff-test-XXXXXX");
	cr_assert_not_null(mkdtemp(s->dir));
	s->old_path = hy_printf("%s/old.yaml", s->dir);
	s->new_path = hy_printf("%s/new.yaml", s->dir);
	write_file(s->old_path, old_text);
	write_file(s->new_path, new_text);
}

static void scratch_free(scratch *s)
{
	remove_tree(s->dir);
	free(s->old_path);
	free(s->new_path);
}

/* Runs `hyoka diff ARGS...` with stdout caught in *out (when out is not NULL)
 * and stderr kept out of the test log. */
static int run_diff(char **out, const char *a1, const char *a2, const char *a3,
		    const char *a4, const char *a5)
{
	char *argv[] = {"diff", (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5, NULL};
	int argc = 1;
	while (argv[argc])
		argc++;
	char tmpl[] = "/tmp/hyoka-diff-out-XXXXXX";
	int fd = mkstemp(tmpl);
	cr_assert_geq(fd, 0);
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2), null_fd = open("/dev/null", O_WRONLY);
	dup2(fd, 1);
	dup2(null_fd, 2);
	hy_global g = {.forms_dir = "tests/fixtures/forms", .argv0 = "hyoka"};
	int rc = hy_cmd_diff(&g, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(null_fd);
	close(fd);
	if (out) {
		size_t len;
		char *e = NULL;
		*out = hy_read_file(tmpl, 1 << 20, &len, &e);
		free(e);
	}
	unlink(tmpl);
	return rc;
}

static hy_value *change_rows(hy_doc *doc)
{
	return hy_value_resolve(doc, doc->root, hy_changes_table(doc->form));
}

Test(diff, append_changes_adds_rows_once)
{
	char *a = edit(base, "population: 10万人以上30万人未満", "population: 30万人以上");
	char *new_text = edit(a, "contact: 保険年金課", "contact: 保険年金課 国保係");
	scratch s;
	scratch_init(&s, base, new_text);
	int rc = run_diff(NULL, s.old_path, s.new_path, "--append-changes", "--date", "令和7年4月1日");
	cr_expect_eq(rc, HY_EXIT_PROBLEMS, "the documents differ");
	rc = run_diff(NULL, s.old_path, s.new_path, "--append-changes", "--date=令和7年4月1日", NULL);
	cr_expect_eq(rc, HY_EXIT_PROBLEMS);

	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&forms, s.new_path, &d);
	cr_assert_not_null(doc);
	hy_value *rows = change_rows(doc);
	cr_assert_eq(rows->n_inst, 3, "the old row and two new ones, not four (got %zu)", rows->n_inst);
	hy_value *r = rows->inst[1];
	cr_expect_str_eq(r->kids[0]->s, "令和7年4月1日");
	cr_expect_str_eq(r->kids[1]->s, "Ⅰ．１．③ 対象人数　※");
	cr_expect_str_eq(r->kids[2]->s, "10万人以上30万人未満");
	cr_expect_str_eq(r->kids[3]->s, "30万人以上");
	cr_expect_str_eq(r->kids[4]->s, "事前");
	cr_expect_null(r->kids[5]->s, "提出時期に係る説明 is left to the author");
	cr_expect_str_eq(rows->inst[2]->kids[4]->s, "事後");
	/* validate points at both new rows and not at the old, explained one */
	hy_diags all;
	all_issues(doc, &all);
	size_t errors = 0, warnings = 0;
	for (size_t i = 0; i < all.n; i++) {
		cr_expect(all.items[i].path && strstr(all.items[i].path, "提出時期に係る説明"),
			  "unexpected issue: %s", all.items[i].message);
		errors += all.items[i].severity == HY_ERROR;
		warnings += all.items[i].severity == HY_WARNING;
	}
	cr_expect_eq(errors, 1, "事後 without its explanation");
	cr_expect_eq(warnings, 1, "事前 without an explanation");
	hy_diags_free(&all);
	hy_diags_free(&d);
	hy_doc_free(doc);
	scratch_free(&s);
	free(a);
	free(new_text);
}

Test(diff, exit_codes_and_json)
{
	char *new_text = edit(base, "contact: 保険年金課", "contact: 保険年金課 国保係");
	scratch s;
	scratch_init(&s, base, new_text);
	char *out = NULL;
	cr_expect_eq(run_diff(&out, s.old_path, s.old_path, NULL, NULL, NULL), HY_EXIT_OK);
	cr_expect_str_eq(out, "");
	free(out);
	cr_expect_eq(run_diff(&out, s.old_path, s.new_path, "--format", "json", NULL),
		     HY_EXIT_PROBLEMS);
	cr_expect_str_eq(out, "[\n  {\"path\": \"Ⅰ．１．④ 連絡先\", \"kind\": \"edited\", "
			      "\"before\": \"保険年金課\", \"after\": \"保険年金課 国保係\", "
			      "\"important\": false, \"timing\": \"事後\"}\n]\n");
	free(out);
	cr_expect_eq(run_diff(&out, s.old_path, s.new_path, NULL, NULL, NULL), HY_EXIT_PROBLEMS);
	cr_expect(out && strstr(out, "Ⅰ．１．④ 連絡先  → 事後\n"), "%s", out ? out : "-");
	free(out);
	char *missing = hy_printf("%s/missing.yaml", s.dir);
	cr_expect_eq(run_diff(NULL, s.old_path, missing, NULL, NULL, NULL), HY_EXIT_INPUT);
	cr_expect_eq(run_diff(NULL, s.old_path, NULL, NULL, NULL, NULL), HY_EXIT_INPUT, "usage");
	cr_expect_eq(run_diff(NULL, s.old_path, s.new_path, "--append-changes", NULL, NULL),
		     HY_EXIT_INPUT, "--append-changes needs --date");
	free(missing);
	scratch_free(&s);
	free(new_text);
}

Test(diff, different_forms_and_bad_dates_leave_files_alone)
{
	char *new_text = edit(base, "contact: 保険年金課", "contact: 保険年金課 国保係");
	scratch s;
	scratch_init(&s, base, new_text);
	char *mini = hy_printf("%s/mini.yaml", s.dir);
	write_file(mini, "form: mini\nmain:\n  count: 1\n");
	cr_expect_eq(run_diff(NULL, s.old_path, mini, NULL, NULL, NULL), HY_EXIT_INPUT);
	cr_expect_eq(run_diff(NULL, mini, mini, "--append-changes", "--date", "令和7年4月1日"),
		     HY_EXIT_INPUT, "mini has no 変更箇所 table");
	cr_expect_eq(run_diff(NULL, s.old_path, s.new_path, "--append-changes", "--date",
			      "令和7年2月30日"),
		     HY_EXIT_INPUT);
	size_t len;
	char *e = NULL;
	char *now = hy_read_file(s.new_path, 1 << 20, &len, &e);
	cr_expect_str_eq(now, new_text, "NEW is untouched");
	free(now);
	free(e);
	free(mini);
	scratch_free(&s);
	free(new_text);
}
