/* Recovery files: never lose an author's work.  Knows nothing of the
 * terminal or the command line (`hyoka recover` is cli_recover.c). */
#ifndef HYOKA_RECOVER_H
#define HYOKA_RECOVER_H

#include "hyoka/doc.h"
#include "hyoka/lock.h"

#include <stdbool.h>

/* The recovery file of a document: DIR/.NAME.hyoka-recover (mode 0600). */
char *hy_recover_path(const char *doc_path);

/* Writes the document's current YAML to its recovery file. */
bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err);
void hy_recover_remove(const char *doc_path);
/* Is there a recovery file newer than the document (or no document)? */
bool hy_recover_pending(const char *doc_path);

/* Field-by-field differences between two documents of one form, as lines
 * "PATH: OLD → NEW". Caller frees. */
char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered);

#endif
