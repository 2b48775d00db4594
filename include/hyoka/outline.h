/* What the editor shows, computed from the document alone: the outline (the
 * 項目一覧 down to numbered sections and repeat instances) and the rows of
 * one outline entry's page.  No terminal code. */
#ifndef HYOKA_OUTLINE_H
#define HYOKA_OUTLINE_H

#include "hyoka/doc.h"

/* HY_OL_FIELD: a field numbered like a section (Ⅰ．３．) has an entry too */
typedef enum { HY_OL_PART, HY_OL_SECTION, HY_OL_REPEAT, HY_OL_INSTANCE, HY_OL_FIELD } hy_ol_kind;

typedef struct {
	hy_ol_kind kind;
	hy_value *v;      /* part/section value, repeat value, instance, or field */
	int depth;
} hy_ol_entry;

typedef struct {
	hy_ol_entry *items;
	size_t n, cap;
} hy_outline;

typedef enum {
	HY_ROW_HEADING,   /* a section heading inside a page */
	HY_ROW_FIELD,     /* an editable field */
	HY_ROW_FIXED,     /* printed text (fixed, ref) */
	HY_ROW_LINK,      /* a sub-entry (section, repeat, instance): Enter opens it */
} hy_row_kind;

typedef struct {
	hy_row_kind kind;
	const hy_fnode *f;
	hy_value *v;      /* field value, or the linked entry's value */
	hy_value *scope;  /* container (for ref) */
	int depth;
} hy_row;

typedef struct {
	hy_row *items;
	size_t n, cap;
} hy_rows;

void hy_outline_build(const hy_doc *doc, hy_outline *out);
void hy_outline_free(hy_outline *o);
/* The title shown for an entry (label, or instance title). Caller frees. */
char *hy_ol_title(const hy_ol_entry *e);
/* Index of the entry for value v, or of its nearest ancestor entry. */
/* What the author calls a form node: its label, or its nearest labelled
 * ancestor's; never an internal id.  Caller frees. */
char *hy_field_title(const hy_fnode *f);
size_t hy_outline_find(const hy_outline *o, const hy_value *v);

void hy_page_rows(const hy_doc *doc, const hy_ol_entry *e, hy_rows *out);
void hy_rows_free(hy_rows *r);

/* Is this value an outline entry (a page of its own)? */
bool hy_is_entry(const hy_value *v);

#endif
