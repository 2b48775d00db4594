/* Import: any bytes as an extraction of a published assessment.  The text
 * is split into cells, its form detected (else each shipped form in turn,
 * as `--form` does), and imported; the document must validate, write, and
 * load again with the same review marks; the report must name a printed
 * path and a reason for each field to review, and a line of the input for
 * each piece of text left over. */
#include "fuzz_common.h"
#include "hyoka/import.h"
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

static int count_lines(const char *text, size_t size)
{
	int n = 1;
	for (size_t i = 0; i < size; i++)
		n += text[i] == '\n';
	return n;
}

static void import_as(const hy_form *form, hy_imp_cells *cells, const char *text, size_t size)
{
	hy_imp_report rep = {0};
	hy_doc *doc = hy_imp_document(form, cells, &rep);
	FUZZ_CHECK(doc, "a document, always");
	int lines = count_lines(text, size);
	for (size_t i = 0; i < rep.n_reviews; i++)
		FUZZ_CHECK(rep.reviews[i].path && rep.reviews[i].why, "review %zu named", i);
	for (size_t i = 0; i < rep.n_leftover; i++)
		FUZZ_CHECK(rep.leftover_lines[i] >= 1 && rep.leftover_lines[i] <= lines,
			   "leftover line %d of %d", rep.leftover_lines[i], lines);
	FUZZ_CHECK(hy_review_count(doc) <= rep.n_reviews, "%zu marks, %zu reviews",
		   hy_review_count(doc), rep.n_reviews);
	hy_validate_all(doc);
	size_t len;
	char *yaml = hy_doc_to_yaml(doc, &len);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *again = hy_doc_load_text(&forms, yaml, len, "import.yaml", &d);
	FUZZ_CHECK(again, "the imported document loads again: %s",
		   d.n ? d.items[0].message : "?");
	FUZZ_CHECK(hy_review_count(again) == hy_review_count(doc), "marks kept");
	hy_diags_free(&d);
	hy_doc_free(again);
	free(yaml);
	hy_doc_free(doc);
	hy_imp_report_free(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	hy_imp_cells cells;
	hy_imp_split(text, size, &cells);
	for (size_t i = 0; i < cells.n; i++)
		FUZZ_CHECK(cells.items[i].text && *cells.items[i].text && cells.items[i].norm,
			   "cell %zu has text", i);
	hy_imp_report rep = {0};
	const hy_form *form = hy_imp_detect(&forms, &cells, &rep);
	FUZZ_CHECK(form || rep.why_not, "undetected, with a reason");
	hy_imp_report_free(&rep);
	if (form)
		import_as(form, &cells, text, size);
	else if (size % 4 == 0) /* --form: every shipped form now and then */
		for (size_t f = 0; f < forms.n && f < 4; f++) {
			for (size_t i = 0; i < cells.n; i++)
				cells.items[i].used = false;
			import_as(forms.forms[f], &cells, text, size);
		}
	hy_imp_cells_free(&cells);
	free(text);
	return 0;
}
