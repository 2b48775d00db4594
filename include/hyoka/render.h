/* Printable plain-text rendering of a document, laid out like the published
 * assessment: label | value rows, ＜選択肢＞ grids, [ ○ ] checklists, repeat
 * headers and bordered tables.  No line is wider than opts->width columns. */
#ifndef HYOKA_RENDER_H
#define HYOKA_RENDER_H

#include "hyoka/doc.h"

typedef struct {
	int width;       /* columns, at least 40 */
	int page_lines;  /* 0: no pagination; else lines per page incl. header/footer */
	bool ascii;      /* ASCII rules and marks only */
	bool blank;      /* a blank form: print one empty block for empty repeats */
	bool pdf;        /* A4 PDF pages (pdf.h) instead of text; width etc. unused */
} hy_render_opts;

/* The text rendering whole (opts->pdf is ignored: see hy_render_stream). */
char *hy_render(const hy_doc *doc, const hy_render_opts *opts);

/* Receives the rendering a piece at a time; returns false to stop (a write
 * error: nothing more is written). */
typedef bool (*hy_render_write)(void *ctx, const char *data, size_t len);

/* The same text as hy_render (or, with opts->pdf, the PDF), written as it is made instead of held whole
 * (with page_lines, the document is rendered twice: once to count the
 * pages).  Returns false when write failed. */
bool hy_render_stream(const hy_doc *doc, const hy_render_opts *opts, hy_render_write write,
		      void *ctx);

#endif
