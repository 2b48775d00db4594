/* Documents: load any bytes against the shipped forms (and the `mini` test
 * form), validate, collect the issues, write the canonical YAML, load that
 * again and check that nothing changed:
 *   - a document that loaded must write (hy_doc_to_yaml != NULL), and the
 *     direct writer (src/yemit.c) writes libyaml's emitter's very bytes;
 *   - its canonical text must load again;
 *   - writing the reloaded document gives the same bytes (fmt is stable);
 *   - the reloaded document has the same errors (ignoring positions). */
#include "fuzz_common.h"
#include "hyoka/validate.h"

static hy_forms forms;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	fuzz_load_forms(&forms);
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The error messages with their item paths, sorted, one per line. */
static char *error_summary(const hy_doc *doc)
{
	hy_diags d;
	hy_diags_init(&d);
	hy_doc_collect(doc, &d);
	char **items = hy_calloc(d.n, sizeof *items);
	size_t n = 0;
	for (size_t i = 0; i < d.n; i++)
		if (d.items[i].severity == HY_ERROR)
			items[n++] = hy_printf("%s [%s]", d.items[i].message,
					       d.items[i].path ? d.items[i].path : "");
	qsort(items, n, sizeof *items, by_text);
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		hy_buf_addf(&b, "%s\n", items[i]);
		free(items[i]);
	}
	free(items);
	hy_diags_free(&d);
	return hy_buf_take(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_doc_load_text(&forms, text, size, "fuzz.yaml", &diags);
	free(text);
	if (!doc) {
		FUZZ_CHECK(diags.n > 0, "a refused document must say why");
		for (size_t i = 0; i < diags.n; i++)
			FUZZ_CHECK(diags.items[i].message && *diags.items[i].message,
				   "empty diagnostic");
		hy_diags_free(&diags);
		return 0;
	}
	hy_diags_free(&diags);
	hy_validate_all(doc);
	char *errors1 = error_summary(doc);
	hy_status st = hy_value_status(doc, doc->root);
	(void)st;

	size_t len1 = 0;
	char *yaml1 = hy_doc_to_yaml(doc, &len1);
	FUZZ_CHECK(yaml1 != NULL, "a loaded document could not be written as YAML");
	size_t len_lib = 0;
	char *yaml_lib = hy_doc_to_yaml_libyaml(doc, &len_lib);
	FUZZ_CHECK(yaml_lib && len_lib == len1 && memcmp(yaml1, yaml_lib, len1) == 0,
		   "the direct writer differs from libyaml:\n--- direct\n%s\n--- libyaml\n%s",
		   yaml1, yaml_lib ? yaml_lib : "(failed)");
	free(yaml_lib);

	hy_diags_init(&diags);
	hy_doc *doc2 = hy_doc_load_text(&forms, yaml1, len1, "fuzz2.yaml", &diags);
	FUZZ_CHECK(doc2 != NULL, "the canonical text does not load again: %s\n---\n%s",
		   diags.n ? diags.items[0].message : "?", yaml1);
	hy_diags_free(&diags);

	size_t len2 = 0;
	char *yaml2 = hy_doc_to_yaml(doc2, &len2);
	FUZZ_CHECK(yaml2 != NULL, "the reloaded document could not be written");
	FUZZ_CHECK(len1 == len2 && memcmp(yaml1, yaml2, len1) == 0,
		   "writing is not stable:\n--- first\n%s\n--- second\n%s", yaml1, yaml2);

	char *errors2 = error_summary(doc2);
	FUZZ_CHECK(strcmp(errors1, errors2) == 0,
		   "errors changed across a save and reload:\n--- before\n%s--- after\n%s--- yaml\n%s",
		   errors1, errors2, yaml1);

	free(errors1);
	free(errors2);
	free(yaml1);
	free(yaml2);
	hy_doc_free(doc2);
	hy_doc_free(doc);
	return 0;
}
