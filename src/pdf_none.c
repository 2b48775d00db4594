/* hyoka without the PDF back-end: cairo and pango (some 40 libraries) are
 * loaded only by hyoka-pdf, to which `render --format pdf` hands over. */
#include "hyoka/pdf.h"

bool hy_pdf_stream(const hy_doc *doc, hy_render_write write, void *ctx)
{
	(void)doc;
	(void)write;
	(void)ctx;
	return false;
}

bool hy_pdf_built_in(void)
{
	return false;
}
