/* Writing a document: its canonical YAML, comparing that with a file, and
 * saving it (src/docwrite.c). */
#ifndef HYOKA_DOCWRITE_H
#define HYOKA_DOCWRITE_H

#include "hyoka/doc.h"

#include <stdbool.h>
#include <stddef.h>

/* The canonical YAML text of a document (NULL when a text is not UTF-8). */
char *hy_doc_to_yaml(const hy_doc *doc, size_t *len);
/* The same through libyaml's emitter rather than the direct writer
 * (src/yemit.c): the tests hold the two to the same bytes. */
char *hy_doc_to_yaml_libyaml(const hy_doc *doc, size_t *len);
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

typedef enum {
	HY_FMT_SAME,       /* the file is the canonical text: left untouched */
	HY_FMT_DIFFERS,    /* it is not (not asked to write) */
	HY_FMT_WRITTEN,    /* it was not, and now is */
	HY_FMT_REFUSED,    /* it is not, and may_write said no: untouched */
	HY_FMT_FAILED,     /* *err says why; the file is intact */
} hy_fmt_result;

/* fmt: compares the file at path with doc's canonical text as the text is
 * produced -- once.  With write, at the first difference may_write (when
 * not NULL) is asked, then the text goes to a temporary file (the part
 * already compared copied from the file) that replaces the file as
 * hy_doc_save does: atomically, PATH~ kept, refused when the file changed
 * on disk.  A canonical file is never written, nor anything beside it. */
hy_fmt_result hy_doc_format_file(hy_doc *doc, const char *path, bool write,
				 bool (*may_write)(void *ctx), void *ctx, char **err);
#endif
