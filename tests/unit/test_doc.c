/* Documents: load/save round trips, canonical form, unknown keys, bad input,
 * atomic saves. */
#include "helpers.h"

#include <stdio.h>
#include <sys/stat.h>
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

TestSuite(doc, .init = setup, .fini = teardown);

static const char *const sample =
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
	"    - 提供を行っている: 2\n"
	"    items:\n"
	"    - title: システム運用\n"
	"      sub: する\n"
	"      how: |\n"
	"        書面による申請に基づき、\n"
	"        妥当性を考慮し許諾する。\n"
	"      what: 運用・保守業務の一部\n"
	"    - title: 保守\n"
	"      sub: しない\n"
	"  count: 8\n"
	"  date: 令和5年12月28日\n"
	"  names:\n"
	"  - (1) 資格・賦課・給付情報ファイル\n"
	"  none: false\n"
	"risk:\n"
	"  files:\n"
	"  - measure: 措置1\n"
	"  - measure: 措置2\n";

static char *roundtrip(const char *text, hy_doc **out)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, text, &d);
	cr_assert_not_null(doc, "load failed: %s", d.n ? d.items[0].message : "-");
	hy_diags_free(&d);
	char *yaml = hy_doc_to_yaml(doc, NULL);
	cr_assert_not_null(yaml);
	if (out)
		*out = doc;
	else
		hy_doc_free(doc);
	return yaml;
}

Test(doc, canonical_save_is_stable_and_lossless)
{
	char *once = roundtrip(sample, NULL);
	cr_expect_str_eq(once, sample, "the sample is already canonical");
	char *twice = roundtrip(once, NULL);
	cr_expect_str_eq(twice, once, "fmt of fmt output changes nothing");
	free(once);
	free(twice);
}

Test(doc, loads_values_into_the_model)
{
	hy_doc *doc;
	char *y = roundtrip(sample, &doc);
	free(y);
	const hy_form *f = doc->form;
	hy_value *items = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.outsourcing.items"));
	cr_assert_not_null(items);
	cr_expect_eq(items->n_inst, 2);
	hy_value *sub = items->inst[1]->kids[1];
	cr_expect_str_eq(sub->s, "しない");
	cr_expect_eq(sub->opt, 1);
	hy_value *kinds = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.outsourcing.kinds"));
	cr_expect(kinds->checked[1]);
	cr_expect_str_eq(kinds->details[1], "共通基盤システム");
	cr_expect_str_eq(kinds->details[2], "2");
	char *title = hy_instance_title(items->inst[0]);
	cr_expect_str_eq(title, "委託事項1 システム運用");
	free(title);
	/* a follower's title comes from its leader */
	hy_value *files = hy_value_resolve(doc, doc->root, hy_form_find(f, "risk.files"));
	title = hy_instance_title(files->inst[1]);
	cr_expect_str_eq(title, "ファイル2 保守");
	free(title);
	hy_doc_free(doc);
}

Test(doc, keeps_unknown_keys_and_warns)
{
	const char *text = "form: mini\nmain:\n  count: 3\n  colour: 赤\nextra_top:\n  a: [1, 2]\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	cr_expect(strstr(y, "colour: 赤") != NULL, "unknown key written back:\n%s", y);
	cr_expect(strstr(y, "extra_top:") != NULL);
	cr_expect(diags_mention(&doc->notes, "unknown key 'colour'"));
	cr_expect_eq(doc->notes.items[0].line, 4);
	free(y);
	hy_doc_free(doc);
}

Test(doc, older_wording_is_accepted_and_kept_as_written)
{
	const char *text = "form: mini\nmain:\n  outsourcing:\n    kinds: [していない]\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	cr_expect(strstr(y, "- していない") != NULL, "%s", y);
	hy_value *kinds = hy_value_resolve(doc, doc->root,
					   hy_form_find(doc->form, "main.outsourcing.kinds"));
	cr_expect(kinds->checked[3], "it counts as the current option");
	hy_diags all;
	all_issues(doc, &all); /* the validator says whose wording it is */
	cr_expect(diags_mention(&all, "older wording"));
	hy_diags_free(&all);
	free(y);
	hy_doc_free(doc);
}

/* Shape errors name what was found in a writer's words, not YAML's. */
Test(doc, wrong_shapes_are_described_plainly)
{
	const char *text = "form: mini\n"
			   "cover: とても多い説明文で二十文字を超える長さの値です\n"
			   "main:\n  count: [1, 2]\n"
			   "  names: [[a], b]\n"
			   "  outsourcing:\n    status: [する]\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	hy_diags all;
	all_issues(doc, &all);
	cr_expect(diags_mention(&all, "expected a whole number here, found a list of 2 items"));
	cr_expect(diags_mention(&all, "found the text 'とても多い説明文で二十文字を超える長さの…'"),
		  "a long text is cut at 20 characters");
	cr_expect(diags_mention(&all, "each item must be a text, but item 1 is a list of 1 item"));
	cr_expect(diags_mention(&all, "expected one of the options, such as"));
	free(y);
	hy_diags_free(&all);
	hy_doc_free(doc);
}

Test(doc, an_empty_file_is_called_empty)
{
	hy_diags d;
	hy_diags_init(&d);
	cr_expect_null(doc_from(&forms, "# only a comment\n", &d));
	cr_expect(diags_mention(&d, "the file is empty"));
	hy_diags_free(&d);
}

Test(doc, wrong_shapes_are_kept_and_reported)
{
	const char *text = "form: mini\nmain:\n  count: {a: 1}\n  names: 単独\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	cr_expect(strstr(y, "count:\n    a: 1") != NULL, "kept as it was:\n%s", y);
	hy_diags all;
	all_issues(doc, &all);
	cr_expect(diags_mention(&all, "expected a whole number here, found a group of keys (a: …)"));
	free(y);
	hy_diags_free(&all);
	hy_doc_free(doc);
}

Test(doc, text_that_cannot_be_a_literal_round_trips)
{
	const char *text = "form: mini\nmain:\n  note: \"tab\\there \\ntrailing  \\n\\n  indented\"\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	hy_value *note = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "main.note"));
	cr_expect_str_eq(note->s, "tab\there \ntrailing  \n\n  indented");
	char *again = roundtrip(y, NULL);
	cr_expect_str_eq(again, y);
	free(again);
	free(y);
	hy_doc_free(doc);
}

static void expect_refused(const char *text, size_t len, const char *needle, int line)
{
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load_text(&forms, text, len, "bad.yaml", &d);
	cr_expect_null(doc, "should refuse: %s", needle);
	cr_expect(diags_mention(&d, needle), "want '%s', got '%s'", needle,
		  d.n ? d.items[0].message : "(none)");
	if (line && d.n)
		cr_expect_eq(d.items[0].line, line, "line for %s", needle);
	hy_doc_free(doc);
	hy_diags_free(&d);
}

Test(doc, bad_input_is_refused_with_a_position)
{
	expect_refused("form: mini\nmain: [unclosed\n", 26, "opened here is never closed", 2);
	expect_refused("form: mini\nmain:\n  count: 1\n  count: 2\n", 38, "duplicate key 'count'", 4);
	expect_refused("form: mini\nmain: &a {count: 1}\nrisk: *a\n", 39, "anchors", 2);
	expect_refused("form: nope\n", 11, "unknown form 'nope'", 1);
	expect_refused("- a\n- b\n", 8, "a document starts with 'form: ID' and its parts, not a list", 1);
	expect_refused("main: {}\n", 9, "missing 'form: ID'", 1);
	expect_refused("form: mini\nmain:\n  note: \"a\\0b\"\n", 32, "NUL", 3);
	expect_refused("form: mini\nmain:\n  note: \xff\xfe\n", 27, "UTF-8", 3);
	expect_refused("form: mini\x00\n", 12, "", 0);
}

Test(doc, deep_nesting_is_refused)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "form: mini\nmain: ");
	for (int i = 0; i < 10000; i++)
		hy_buf_adds(&b, "[");
	expect_refused(b.data, b.len, "nesting deeper", 0);
	hy_buf_free(&b);
}

Test(doc, atomic_save_keeps_a_backup_and_permissions)
{
	char dir[] = "/tmp/hyoka-test-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = hy_printf("%s/a.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs("form: mini\nmain:\n  count: 1\n", f);
	fclose(f);
	chmod(path, 0640);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&forms, path, &d);
	cr_assert_not_null(doc);
	hy_value *count = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "main.count"));
	hy_set_text(doc, count, "2");
	cr_expect(doc->modified);
	char *err = NULL;
	cr_assert_eq(hy_doc_save(doc, path, false, &err), HY_SAVE_OK, "%s", err ? err : "");
	cr_expect(!doc->modified);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0640, "permissions kept");
	char *bak = hy_printf("%s~", path);
	size_t len;
	char *e = NULL;
	char *old = hy_read_file(bak, 1 << 20, &len, &e);
	cr_assert_not_null(old, "backup exists");
	cr_expect(strstr(old, "count: 1") != NULL);
	/* someone else changes the file: a plain save is refused */
	sleep(0);
	f = fopen(path, "a");
	fputs("# edited elsewhere\n", f);
	fclose(f);
	hy_set_text(doc, count, "3");
	cr_expect_eq(hy_doc_save(doc, path, false, &err), HY_SAVE_CHANGED_ON_DISK);
	free(err);
	err = NULL;
	cr_expect_eq(hy_doc_save(doc, path, true, &err), HY_SAVE_OK);
	/* no temporary files are left behind */
	char *cmd = hy_printf("test $(ls -A %s | wc -l) -eq 2", dir);
	cr_expect_eq(system(cmd), 0, "only the file and its backup remain");
	free(cmd);
	free(err);
	free(old);
	free(e);
	remove_tree(dir);
	free(bak);
	free(path);
	hy_doc_free(doc);
	hy_diags_free(&d);
}

Test(doc, save_into_a_missing_directory_fails_cleanly)
{
	hy_doc *doc = hy_doc_new(hy_forms_get(&forms, "mini"));
	char *err = NULL;
	cr_expect_eq(hy_doc_save(doc, "/nonexistent-dir/x.yaml", false, &err), HY_SAVE_FAILED);
	cr_expect_not_null(err);
	free(err);
	hy_doc_free(doc);
}

Test(doc, repeats_with_followers_move_together)
{
	hy_doc *doc;
	char *y = roundtrip(sample, &doc);
	free(y);
	hy_value *items = hy_value_resolve(doc, doc->root,
					   hy_form_find(doc->form, "main.outsourcing.items"));
	hy_value *files = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "risk.files"));
	hy_repeat_add(doc, items, 2, items->inst[0]);
	cr_expect_eq(items->n_inst, 3);
	cr_expect_eq(files->n_inst, 3);
	cr_expect_str_eq(items->inst[2]->kids[0]->s, "システム運用", "duplicated instance");
	hy_repeat_move(doc, items, 0, 1);
	cr_expect_str_eq(items->inst[0]->kids[0]->s, "保守");
	cr_expect_str_eq(files->inst[0]->kids[1]->s, "措置2", "followers move too");
	hy_repeat_remove(doc, items, 0);
	cr_expect_eq(files->n_inst, 2);
	cr_expect_str_eq(files->inst[0]->kids[1]->s, "措置1");
	hy_doc_free(doc);
}

Test(doc, kept_values_round_trip_without_tags)
{
	/* a plain scalar continued over a blank line holds a line break */
	const char *text = "form: mini\nmemo: first\n\n  second\nmain:\n  count: {a: ''}\n";
	hy_doc *doc;
	char *y = roundtrip(text, &doc);
	cr_expect(strstr(y, "!") == NULL, "no tags are written:\n%s", y);
	hy_doc *again;
	char *y2 = roundtrip(y, &again);
	cr_expect_str_eq(y2, y, "the saved file loads and saves the same");
	free(y);
	free(y2);
	hy_doc_free(doc);
	hy_doc_free(again);
}

Test(doc, invisible_line_separators_are_refused_where_they_are)
{
	expect_refused("form: mini\nmain:\n  note: a\xe2\x80\xa8" "b\n", 29, "U+2028", 3);
}

Test(doc, many_keys_and_entries_load)
{
	/* duplicate-key checks and instance numbering must stay linear */
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, "form: mini\nextra:\n");
	for (int i = 0; i < 30000; i++)
		hy_buf_addf(&b, "  k%d: v\n", i);
	hy_buf_adds(&b, "main:\n  outsourcing:\n    status: する\n    items:\n");
	for (int i = 0; i < 20000; i++)
		hy_buf_adds(&b, "    - title: x\n");
	hy_diags d;
	hy_doc *doc = doc_from(&forms, b.data, &d);
	cr_assert_not_null(doc);
	hy_value *items = hy_value_resolve(doc, doc->root,
					   hy_form_find(doc->form, "main.outsourcing.items"));
	cr_expect_eq(items->n_inst, 20000);
	cr_expect_eq(items->inst[19999]->index, 19999);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_buf_free(&b);
}

Test(doc, the_editor_remembers_the_file_state_on_disk)
{
	/* a recovered document takes the file's state: a save then sees only
	 * changes made after that moment */
	char dir[] = "/tmp/hyoka-test-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = hy_printf("%s/a.yaml", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("form: mini\n", f);
	fclose(f);
	hy_doc *doc = hy_doc_new(hy_forms_get(&forms, "mini"));
	doc->path = hy_strdup(path);
	cr_expect(!hy_doc_changed_on_disk(doc), "no state known: nothing to compare");
	hy_doc_remember_disk_state(doc, path);
	cr_expect(doc->has_disk_state);
	cr_expect(!hy_doc_changed_on_disk(doc));
	f = fopen(path, "a");
	cr_assert_not_null(f);
	fputs("# edited elsewhere\n", f);
	fclose(f);
	cr_expect(hy_doc_changed_on_disk(doc), "a longer file has changed");
	hy_doc_remember_disk_state(doc, path);
	cr_expect(!hy_doc_changed_on_disk(doc));
	unlink(path);
	hy_doc_remember_disk_state(doc, path);
	cr_expect(!doc->has_disk_state, "a missing file has no state");
	cr_expect_eq(rmdir(dir), 0);
	free(path);
	hy_doc_free(doc);
}

/* Text from outside the reader (pasted, imported) with invalid UTF-8 is
 * repaired when set: the YAML writer would otherwise never finish. */
Test(doc, invalid_utf8_set_from_outside_is_repaired)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, sample, &d);
	cr_assert_not_null(doc);
	hy_value *name = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "cover.name"));
	cr_assert_not_null(name);
	hy_set_text(doc, name, "壊れた\xe8\xa9文字");
	cr_expect(hy_utf8_valid(name->s, strlen(name->s), NULL));
	size_t len;
	char *yaml = hy_doc_to_yaml(doc, &len);
	cr_assert_not_null(yaml);
	cr_expect(strstr(yaml, "壊れた") != NULL);
	free(yaml);
	hy_doc_free(doc);
	hy_diags_free(&d);
}

/* Text that other YAML readers take for a number stays quoted when written
 * (else '00000000' comes back as 0, '010' as 8, '12:30' as 750); a number
 * field or a count is bare when it is a plain integer. */
Test(doc, number_like_text_is_written_quoted)
{
	hy_doc *doc = hy_doc_new(hy_forms_get(&forms, "mini"));
	const hy_form *f = doc->form;
	static const char *const quoted[] = {"00000000", "1", "010", "-1", "+1", "1_000",
					      "12:30", "1.5", ".5", "1e3", "1E-3", "0x1F",
					      "0o17", "0b101", ".inf", "-.Inf", ".NaN", NULL};
	static const char *const bare[] = {"1.2.3", "2021.04.01", "令和5年", "1 2", "e3",
					   "0x", ".", "1e", "１２３", "No.1", NULL};
	hy_value *items = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.outsourcing.items"));
	const hy_fnode *title = hy_form_find(f, "main.outsourcing.items.title");
	size_t n = 0;
	for (const char *const *s = quoted; *s; s++, n++)
		hy_set_text(doc, hy_value_child(hy_repeat_add(doc, items, n, NULL), title), *s);
	for (const char *const *s = bare; *s; s++, n++)
		hy_set_text(doc, hy_value_child(hy_repeat_add(doc, items, n, NULL), title), *s);
	hy_value *count = hy_value_resolve(doc, doc->root, hy_form_find(f, "main.count"));
	hy_set_text(doc, count, "010");
	char *yaml = hy_doc_to_yaml(doc, NULL);
	cr_assert_not_null(yaml);
	for (const char *const *s = quoted; *s; s++) {
		char *line = hy_printf("\n    - title: '%s'\n", *s);
		cr_expect(strstr(yaml, line), "%s is quoted:\n%s", *s, yaml);
		free(line);
	}
	for (const char *const *s = bare; *s; s++) {
		char *line = hy_printf("\n    - title: %s\n", *s);
		cr_expect(strstr(yaml, line), "%s is bare:\n%s", *s, yaml);
		free(line);
	}
	cr_expect(strstr(yaml, "\n  count: '010'\n"), "%s", yaml);
	hy_set_text(doc, count, "8");
	char *again = hy_doc_to_yaml(doc, NULL);
	cr_expect(strstr(again, "\n  count: 8\n"), "a plain integer stays bare:\n%s", again);
	/* what is written reads back as the same texts, and writes the same */
	hy_doc *back;
	char *twice = roundtrip(yaml, &back);
	cr_expect_str_eq(twice, yaml);
	hy_value *bitems = hy_value_resolve(back, back->root,
					    hy_form_find(back->form, "main.outsourcing.items"));
	cr_assert_eq(bitems->n_inst, n);
	cr_expect_str_eq(hy_value_child(bitems->inst[0], title)->s, "00000000");
	free(twice);
	free(again);
	free(yaml);
	hy_doc_free(back);
	hy_doc_free(doc);
}

Test(doc, kept_values_keep_their_quotes)
{
	/* an unknown key's quoted '007' stays a text, its bare 7 a number; a
	 * count given as text stays quoted */
	const char *text = "form: mini\n"
			   "main:\n"
			   "  outsourcing:\n"
			   "    kinds:\n"
			   "    - 提供を行っている: '010'\n"
			   "  extra:\n"
			   "    a: '007'\n"
			   "    b: 7\n"
			   "    c: '12:30'\n";
	char *once = roundtrip(text, NULL);
	cr_expect(strstr(once, "    a: '007'\n    b: 7\n    c: '12:30'\n"), "%s", once);
	cr_expect(strstr(once, "    - 提供を行っている: '010'\n"), "%s", once);
	free(once);
}

/* The 様式 a document is written on is its own: a save keeps its stamp as
 * written, and keeps a document without one (the newest template) without;
 * a new document gets the form's stamp. */
Test(doc, form_version_is_kept_as_the_document_has_it)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, "form: mini\ncover:\n  name: x\n", &d);
	cr_assert_not_null(doc);
	char *yaml = hy_doc_to_yaml(doc, NULL);
	cr_expect_null(strstr(yaml, "form_version"), "%s", yaml);
	free(yaml);
	hy_doc_free(doc);
	hy_diags_free(&d);
	doc = doc_from(&forms, "form: mini\nform_version: '[古い様式]'\ncover:\n  name: x\n", &d);
	yaml = hy_doc_to_yaml(doc, NULL);
	cr_expect(strstr(yaml, "form_version: '[古い様式]'") != NULL, "%s", yaml);
	free(yaml);
	hy_doc_free(doc);
	hy_diags_free(&d);
	doc = hy_doc_new(hy_forms_get(&forms, "mini"));
	yaml = hy_doc_to_yaml(doc, NULL);
	cr_expect(strstr(yaml, "form_version: '[様式]'") != NULL, "%s", yaml);
	free(yaml);
	hy_doc_free(doc);
}
