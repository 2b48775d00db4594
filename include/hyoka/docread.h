/* Reading a document from YAML: the values of its form, with notes for
 * unknown keys and older wording (src/docread.c). */
#ifndef HYOKA_DOCREAD_H
#define HYOKA_DOCREAD_H

#include "hyoka/diag.h"
#include "hyoka/doc.h"
#include "hyoka/form.h"

#include <stdbool.h>
#include <stddef.h>

/* Loads a document.  Returns NULL when the file cannot be read or parsed (the
 * reason goes to diags with line and column); otherwise the document, whose
 * load notes are in doc->notes and whose validation has been run. */
hy_doc *hy_doc_load(const hy_forms *forms, const char *path, hy_diags *diags);
hy_doc *hy_doc_load_text(const hy_forms *forms, const char *text, size_t len,
			 const char *name, hy_diags *diags);
/* What hy_doc_load tries first: a regular file written as hyoka writes it
 * (`form:` first, every top-level key in column 0) read one top-level key
 * at a time, and a part that is one repeat ("risk:\n  files:\n  - ...")
 * one entry at a time, so that the whole text and the whole tree are never
 * in memory together.  NULL, reporting nothing, for anything else and any
 * problem: then the whole file is loaded, which reports.  Sets neither path
 * nor the disk state. */
hy_doc *hy_doc_load_parts(const hy_forms *forms, const char *path);

/* The id that a document's `form:` line names, read without parsing the
 * document: hyoka writes `form: ID` first.  NULL (look further, or load
 * every form) when the first key is not `form` with a plain or quoted id
 * on its own line, or the file is not a regular file.  Caller frees. */
char *hy_doc_form_id(const char *path);
/* The same for the first len bytes of a document; whole: they are all of it. */
char *hy_doc_form_id_text(const char *text, size_t len, bool whole);

#endif
