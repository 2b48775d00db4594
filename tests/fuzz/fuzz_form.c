/* Forms: load any bytes as a form definition.  A form that loads is then
 * used: an empty document is made from it (minimum repeat instances and
 * followers included), validated, written, read back, and rendered blank.
 * A refused form must say why. */
#include "fuzz_common.h"
#include "hyoka/render.h"
#include "hyoka/validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

/* `min: 1000000000` on a repeat makes hy_doc_new allocate that many
 * instances (reported separately); keep the fuzzer on other problems. */
static bool reasonable(const hy_form *form)
{
	size_t instances = 0;
	for (size_t i = 0; i < form->n_all; i++) {
		const hy_fnode *f = form->all[i];
		if ((f->type == HY_REPEAT || f->type == HY_TABLE) && f->has_min) {
			if (f->min > 50)
				return false;
			instances += (size_t)(f->min > 0 ? f->min : 0);
		}
	}
	return instances < 200;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_form *form = hy_form_load_text(text, size, "fuzz.yaml", &diags);
	free(text);
	if (!form) {
		FUZZ_CHECK(hy_diags_count(&diags, HY_ERROR) > 0, "a refused form must say why");
		hy_diags_free(&diags);
		return 0;
	}
	hy_diags_free(&diags);
	FUZZ_CHECK(form->id && form->title, "a loaded form has an id and a title");
	for (size_t i = 0; i < form->n_all; i++) {
		const hy_fnode *f = form->all[i];
		FUZZ_CHECK(f->serial == i, "serials are in order");
		FUZZ_CHECK(!(f->type == HY_CHOICE || f->type == HY_CHECKS) ||
			   (f->list && f->list->n_options > 0),
			   "choice/checks '%s' without options", f->id);
		char *p = hy_fnode_id_path(f);
		FUZZ_CHECK(hy_form_find(form, p) == f || !*f->id, "id path %s does not lead back", p);
		free(p);
	}
	if (reasonable(form)) {
		hy_doc *doc = hy_doc_new(form);
		hy_validate_all(doc);
		hy_diags all;
		hy_diags_init(&all);
		hy_doc_collect(doc, &all);
		hy_diags_free(&all);
		size_t len = 0;
		char *yaml = hy_doc_to_yaml(doc, &len);
		FUZZ_CHECK(yaml != NULL, "an empty document could not be written");
		hy_forms set = {.forms = &form, .n = 1, .dir = NULL};
		hy_diags_init(&diags);
		hy_doc *again = hy_doc_load_text(&set, yaml, len, "empty.yaml", &diags);
		FUZZ_CHECK(again != NULL, "an empty document does not load again: %s\n%s",
			   diags.n ? diags.items[0].message : "?", yaml);
		hy_diags_free(&diags);
		hy_render_opts o = {.width = 80, .blank = true};
		char *out = hy_render(doc, &o);
		free(out);
		hy_doc_free(again);
		free(yaml);
		hy_doc_free(doc);
	}
	hy_form_free(form);
	return 0;
}
