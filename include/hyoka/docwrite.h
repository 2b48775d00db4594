/* Writing a document: its canonical YAML, comparing that with a file, and
 * saving it (src/docwrite.c). */
#ifndef HYOKA_DOCWRITE_H
#define HYOKA_DOCWRITE_H

#include "hyoka/doc.h"

#include <stdbool.h>
#include <stddef.h>

/* The canonical YAML text of a document. */
char *hy_doc_to_yaml(const hy_doc *doc, size_t *len);
/* Is the file at path byte for byte the canonical YAML of doc?  Compared
 * while the YAML is produced, a piece at a time: neither text is held whole. */
bool hy_doc_matches_file(const hy_doc *doc, const char *path);

typedef enum {
	HY_SAVE_OK = 0,
	HY_SAVE_CHANGED_ON_DISK,   /* refused: the file changed since loaded */
	HY_SAVE_FAILED,            /* I/O failure; the old file is intact */
} hy_save_result;

/* Saves atomically (temp file, fsync, rename), keeping the previous version
 * as PATH~ and the file's permissions. */
hy_save_result hy_doc_save(hy_doc *doc, const char *path, bool force, char **err);
#endif
