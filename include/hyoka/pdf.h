/* The PDF back-end of the layout model (layout.h): A4 portrait pages drawn
 * with cairo, text laid out by pango (Japanese line breaking) in
 * IPAexGothic / IPAexMincho, embedded; ruled cells, a shaded label column,
 * ＜選択肢＞ lists, the 評価書名 in the header and "- 3 / 41 -" below. */
#ifndef HYOKA_PDF_H
#define HYOKA_PDF_H

#include "hyoka/doc.h"
#include "hyoka/render.h"

/* Writes the PDF through write, a piece at a time (the document is laid
 * out twice: once to count the pages).  Returns false when write failed or
 * cairo could not make the PDF. */
bool hy_pdf_stream(const hy_doc *doc, hy_render_write write, void *ctx);

/* Is the PDF back-end in this binary?  hyoka itself links no cairo or pango
 * (pdf_none.c): `render --format pdf` is carried out by hyoka-pdf, the same
 * program with pdf.c in it. */
bool hy_pdf_built_in(void);

#endif
