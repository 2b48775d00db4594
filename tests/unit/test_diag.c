/* Diagnostics: repeated ones are capped where every command prints them. */
#include "helpers.h"

#include <stdio.h>

static char *printed(const hy_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	cr_assert_not_null(out);
	hy_diags_print(d, "f.yaml", out);
	cr_assert_eq(fclose(out), 0);
	return text;
}

static size_t lines_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

TestSuite(diag, .init = NULL);

Test(diag, repeated_messages_are_capped_with_a_count)
{
	setlocale(LC_ALL, "C.UTF-8");
	hy_diags d;
	hy_diags_init(&d);
	for (int i = 0; i < 25; i++)
		hy_diags_add(&d, HY_WARNING, i + 2, 1, NULL, "unknown key 'k%d' (kept as it is)", i);
	char *out = printed(&d);
	cr_expect_eq(lines_of(out), HY_DIAGS_REPEAT_MAX + 1, "%s", out);
	cr_expect(strstr(out, "f.yaml:11:1: warning: unknown key 'k9' (kept as it is)\n") != NULL);
	cr_expect(strstr(out, "'k10'") == NULL, "the eleventh is left out");
	cr_expect(strstr(out, "f.yaml:12:1: warning: … and 15 more: unknown key '…' (kept as it "
			      "is)\n") != NULL, "%s", out);
	free(out);
	hy_diags_free(&d);
}

Test(diag, different_fields_and_severities_are_different_kinds)
{
	setlocale(LC_ALL, "C.UTF-8");
	hy_diags d;
	hy_diags_init(&d);
	/* the same field of twelve table entries: one kind; another field and
	 * an error of the same words are others */
	for (int i = 1; i <= 12; i++)
		hy_diags_add(&d, HY_ERROR, i, 3, "委託事項 委託事項" "1" "0 ⑥委託先名", "required");
	for (int i = 1; i <= 12; i++) {
		char *path = hy_printf("委託事項 委託事項%d ⑦再委託", i);
		hy_diags_add(&d, HY_ERROR, 100 + i, 3, path, "required");
		free(path);
	}
	hy_diags_add(&d, HY_WARNING, 200, 1, "委託事項 委託事項1 ⑦再委託", "required");
	char *out = printed(&d);
	cr_expect_eq(lines_of(out), 2 * (HY_DIAGS_REPEAT_MAX + 1) + 1, "%s", out);
	cr_expect(strstr(out, "f.yaml:11:3: error: … and 2 more: required [委託事項 委託事項… "
			      "⑥委託先名]\n") != NULL, "%s", out);
	cr_expect(strstr(out, "f.yaml:111:3: error: … and 2 more: required [委託事項 委託事項… "
			      "⑦再委託]\n") != NULL, "%s", out);
	cr_expect(strstr(out, "f.yaml:200:1: warning: required [委託事項 委託事項1 ⑦再委託]\n"),
		  "%s", out);
	free(out);
	hy_diags_free(&d);
}

Test(diag, up_to_the_cap_everything_is_printed)
{
	hy_diags d;
	hy_diags_init(&d);
	for (int i = 0; i < HY_DIAGS_REPEAT_MAX; i++)
		hy_diags_add(&d, HY_WARNING, i + 1, 1, NULL, "'%d' is listed twice", i);
	char *out = printed(&d);
	cr_expect_eq(lines_of(out), HY_DIAGS_REPEAT_MAX);
	cr_expect(strstr(out, "more") == NULL);
	free(out);
	hy_diags_free(&d);
}
