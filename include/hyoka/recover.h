/* Recovery files: never lose an author's work.  Knows nothing of the
 * terminal or the command line (`hyoka recover` is cli_recover.c). */
#ifndef HYOKA_RECOVER_H
#define HYOKA_RECOVER_H

#include "hyoka/doc.h"
#include "hyoka/lock.h"

#include <stdbool.h>

/* The recovery file of a document: DIR/.NAME.hyoka-recover beside its real
 * file (see hy_sidecar_path for long names), or, when only that one exists
 * or it is newer, the one in the per-user place ($XDG_STATE_HOME/hyoka/,
 * else ~/.local/state/hyoka/, named by a hash of the real path).  Caller
 * frees. */
char *hy_recover_path(const char *doc_path);

/* Writes the document's current YAML to its recovery file, a new file of
 * mode 0600 whatever had the name; beside the document, else in the
 * per-user place.  Returns where it was written (caller frees), or NULL
 * with *err (malloc'd, saying why for both places; err may be NULL). */
char *hy_recover_save(const hy_doc *doc, const char *doc_path, char **err);
/* hy_recover_save, saying only whether it was written. */
bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err);
/* Removes the recovery files of the document (in both places). */
void hy_recover_remove(const char *doc_path);
/* Is there a recovery file newer than the document (or no document)? */
bool hy_recover_pending(const char *doc_path);

/* Field-by-field differences between two documents of one form, as lines
 * "PATH: OLD → NEW". Caller frees. */
char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered);

#endif
