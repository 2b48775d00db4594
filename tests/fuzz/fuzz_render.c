/* Rendering: the first three bytes choose the options (width, page length,
 * ASCII), the rest is a document loaded against the shipped forms (and
 * `mini`).  Checks the renderer's promise: no printed line is wider than the
 * width (at least 40), whatever the values hold. */
#include "fuzz_common.h"
#include "hyoka/render.h"

static hy_forms forms;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	fuzz_load_forms(&forms);
	return 0;
}

static void check_widths(const char *out, int width)
{
	int line_no = 1;
	const char *p = out;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = hy_strndup(p, len);
		char *s = line;
		while (*s == '\f')
			s++;
		int w = hy_str_width(s);
		FUZZ_CHECK(w <= width, "line %d is %d columns wide, more than %d:\n%s", line_no, w,
			   width, s);
		free(line);
		line_no++;
		if (!nl)
			break;
		p = nl + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	hy_render_opts o;
	memset(&o, 0, sizeof o);
	/* 0..299: below 40 the renderer uses 40 */
	o.width = (int)(((unsigned)data[0] | ((unsigned)(data[1] & 1) << 8)) % 300);
	o.ascii = data[1] & 2;
	o.blank = data[1] & 4;
	o.page_lines = data[2] < 128 ? 0 : 10 + data[2] % 64;
	char *text = fuzz_copy(data + 3, size - 3);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_doc_load_text(&forms, text, size - 3, "fuzz.yaml", &diags);
	free(text);
	hy_diags_free(&diags);
	if (!doc)
		return 0;
	char *out = hy_render(doc, &o);
	FUZZ_CHECK(out != NULL, "no rendering");
	check_widths(out, o.width < 40 ? 40 : o.width);
	free(out);
	hy_doc_free(doc);
	return 0;
}
