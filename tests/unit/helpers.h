/* Shared helpers for the unit tests. */
#ifndef HYOKA_TEST_HELPERS_H
#define HYOKA_TEST_HELPERS_H

#include "hyoka/doc.h"
#include "hyoka/form.h"
#include "hyoka/util.h"
#include "hyoka/utf8.h"
#include "hyoka/validate.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* Removes a test's scratch directory and everything in it. */
static inline void remove_tree(const char *dir)
{
	char *cmd = hy_printf("rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0, "rm -rf %s", dir);
	free(cmd);
}

/* Tests run from the repository root (tests/run-unit.sh does that). */
static inline void load_shipped_forms(hy_forms *forms)
{
	setlocale(LC_ALL, "C.UTF-8");
	cr_assert(hy_forms_load_dir(forms, "forms", stderr), "shipped forms must load cleanly");
}

/* The small test forms in tests/fixtures/forms. */
static inline void load_fixture_forms(hy_forms *forms)
{
	setlocale(LC_ALL, "C.UTF-8");
	cr_assert(hy_forms_load_dir(forms, "tests/fixtures/forms", stderr));
}

static inline hy_form *form_from(const char *text, hy_diags *diags)
{
	hy_diags_init(diags);
	return hy_form_load_text(text, strlen(text), "test.yaml", diags);
}

static inline bool diags_mention(const hy_diags *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].message, needle))
			return true;
	return false;
}

static inline hy_doc *doc_from(const hy_forms *forms, const char *text, hy_diags *diags)
{
	hy_diags_init(diags);
	return hy_doc_load_text(forms, text, strlen(text), "doc.yaml", diags);
}

/* All issues of a document, load notes included. */
static inline void all_issues(const hy_doc *doc, hy_diags *out)
{
	hy_diags_init(out);
	hy_doc_collect(doc, out);
}

#endif
