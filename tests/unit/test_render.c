/* Rendering: width limits at 60/80/120 for every form and example, golden
 * files for the blank forms, layout details. */
#include "helpers.h"
#include "hyoka/render.h"

#include <dirent.h>
#include <stdio.h>

static hy_forms forms;

static void setup(void)
{
	load_shipped_forms(&forms);
}

static void teardown(void)
{
	hy_forms_free(&forms);
}

TestSuite(render, .init = setup, .fini = teardown);

static hy_doc *blank(const char *id)
{
	const hy_form *f = hy_forms_get(&forms, id);
	cr_assert_not_null(f, "form %s", id);
	hy_doc *doc = hy_doc_new(f);
	hy_doc_fill_blank(doc);
	return doc;
}

static void expect_width(const char *text, int width, const char *what)
{
	const char *p = text;
	int line = 1;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = hy_strndup(p, len);
		const char *s = l[0] == '\f' ? l + 1 : l;
		cr_expect_leq(hy_str_width(s), width, "%s, width %d, line %d too wide: %s", what, width,
			      line, s);
		free(l);
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
}

Test(render, blank_forms_fit_every_width)
{
	int widths[] = {60, 80, 120};
	for (size_t i = 0; i < forms.n; i++) {
		hy_doc *doc = blank(forms.forms[i]->id);
		for (size_t w = 0; w < 3; w++) {
			hy_render_opts o = {.width = widths[w], .blank = true};
			char *text = hy_render(doc, &o);
			expect_width(text, widths[w], forms.forms[i]->id);
			o.ascii = true;
			o.page_lines = 60;
			free(text);
			text = hy_render(doc, &o);
			expect_width(text, widths[w], forms.forms[i]->id);
			for (const unsigned char *p = (const unsigned char *)text; *p; p++)
				if (*p == 0xE2 && p[1] == 0x94) /* U+2500 box drawing */
					cr_assert_fail("--ascii output contains box drawing");
			free(text);
		}
		hy_doc_free(doc);
	}
}

Test(render, examples_fit_every_width)
{
	DIR *d = opendir("examples");
	cr_assert_not_null(d);
	struct dirent *e;
	int seen = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue; /* not FILE.yaml~ backups or recovery files */
		char *path = hy_printf("examples/%s", e->d_name);
		hy_diags diags;
		hy_diags_init(&diags);
		hy_doc *doc = hy_doc_load(&forms, path, &diags);
		cr_assert_not_null(doc, "%s: %s", path, diags.n ? diags.items[0].message : "");
		for (int w = 60; w <= 120; w += 20) {
			hy_render_opts o = {.width = w, .page_lines = w == 80 ? 66 : 0};
			char *text = hy_render(doc, &o);
			expect_width(text, w, path);
			free(text);
		}
		seen++;
		hy_doc_free(doc);
		hy_diags_free(&diags);
		free(path);
	}
	closedir(d);
	cr_expect_geq(seen, 1, "examples exist");
}

Test(render, blank_forms_match_golden_files)
{
	for (size_t i = 0; i < forms.n; i++) {
		hy_doc *doc = blank(forms.forms[i]->id);
		hy_render_opts o = {.width = 80, .blank = true};
		char *text = hy_render(doc, &o);
		char *path = hy_printf("tests/golden/%s-blank.txt", forms.forms[i]->id);
		size_t len;
		char *err = NULL;
		char *want = hy_read_file(path, 1 << 24, &len, &err);
		cr_expect_not_null(want, "%s missing (make golden): %s", path, err ? err : "");
		if (want)
			cr_expect(strcmp(want, text) == 0,
				  "%s differs from the rendering; compare with `./hyoka render --form %s`",
				  path, forms.forms[i]->id);
		free(want);
		free(err);
		free(path);
		free(text);
		hy_doc_free(doc);
	}
}

Test(render, choices_checklists_and_pages)
{
	hy_doc *doc = blank("full");
	hy_value *pop = hy_value_resolve(doc, doc->root,
					 hy_form_find(doc->form, "basic_info.task.target_population"));
	cr_assert_not_null(pop);
	hy_set_choice(doc, pop, 4, NULL);
	hy_render_opts o = {.width = 80, .page_lines = 60};
	char *text = hy_render(doc, &o);
	cr_expect(strstr(text, "[ 30万人以上 ]") != NULL);
	cr_expect(strstr(text, "＜選択肢＞") != NULL);
	cr_expect(strstr(text, "1) 1,000人未満") != NULL);
	cr_expect(strstr(text, "[　 ] 個人番号") != NULL);
	cr_expect(strstr(text, "\f") != NULL, "form feeds between pages");
	cr_expect(strstr(text, "- 1 / ") != NULL, "page footer");
	cr_expect(strstr(text, "null") == NULL, "empty values are blank boxes");
	free(text);
	hy_doc_free(doc);
}
