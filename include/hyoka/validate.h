/* Validation of documents against their form: per field and across fields.
 * Results are kept on each value so that the editor can re-validate one field
 * (and the fields whose rules read it) after an edit, without walking the
 * whole document. */
#ifndef HYOKA_VALIDATE_H
#define HYOKA_VALIDATE_H

#include "hyoka/date.h"
#include "hyoka/doc.h"

void hy_validate_all(hy_doc *doc);
/* Re-validates v and every value whose rules depend on it. */
void hy_validate_edit(hy_doc *doc, hy_value *v);
void hy_value_clear_issues(hy_value *v);

/* Do the `when` conditions of v and of all its ancestors hold? */
bool hy_value_applies(const hy_doc *doc, const hy_value *v);
/* The same for a node that stores no value (fixed, ref), seen from its parent's value. */
bool hy_node_applies(const hy_doc *doc, const hy_value *scope, const hy_fnode *f);

typedef struct {
	size_t fields;     /* applicable stored fields */
	size_t filled;
	size_t required;   /* applicable required fields */
	size_t required_filled;
	size_t errors, warnings;
} hy_status;

/* Sums the status of a container's subtree (a part, section, repeat or instance). */
hy_status hy_value_status(const hy_doc *doc, const hy_value *v);

/* Collects every issue (load notes and validation) with line, column and the
 * printed item path, sorted by position. */
void hy_doc_collect(const hy_doc *doc, hy_diags *out);

/* In a basic form, sets しきい値判断結果 from 対象人数, 取扱者数 and 重大事故
 * once all three are answered (after an edit of one of them). */
void hy_threshold_autofill(hy_doc *doc, const hy_value *edited);

/* Is the document marked `draft: true` (a top-level key)?  Fields marked
 * `pending_in_draft` in the form are then reported as pending, not required. */
bool hy_doc_is_draft(const hy_doc *doc);

/* A whole number as written: ASCII or full-width digits (１２３), an optional
 * minus, spaces (ASCII or 全角) on either side.  A leading zero ("010") is
 * refused: other YAML readers take it as octal.  NULL when it is one
 * (*out set), otherwise a malloc'd reason naming s. */
char *hy_number_parse(const char *s, long *out);

#endif
