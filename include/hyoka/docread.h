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
/* A document is read from a yt_reader's events as they arrive (the fast
 * reader for what hyoka writes, libyaml from where it stops): neither the
 * whole text nor a tree of it is held.  hy_doc_load_parts is that load for
 * a regular file, reporting nothing: NULL for any problem (hy_doc_load
 * then says what it is).  Sets neither path nor the disk state. */
hy_doc *hy_doc_load_parts(const hy_forms *forms, const char *path);

/* The id that a document's `form:` line names, from the reader's first
 * events over the file's first bytes: hyoka writes `form: ID` first.  NULL
 * (look further, or load every form) when the first key is not `form` with
 * an id for its value, when the bytes read do not show that the id's line
 * has ended, or when the file is not a regular file.  Caller frees. */
char *hy_doc_form_id(const char *path);
/* The same for the first len bytes of a document; whole: they are all of it. */
char *hy_doc_form_id_text(const char *text, size_t len, bool whole);

/* hyoka writes no comments, so a save drops the file's own: the first
 * comment of the file at path, for asking first.  Returns its line (0: none,
 * or the file cannot be read), sets *col and *text (its first 40 characters,
 * malloc'd). */
int hy_doc_file_comment(const char *path, int *col, char **text);

#endif
