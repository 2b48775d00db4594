/* Recovery files and locks: never lose an author's work. */
#ifndef HYOKA_RECOVER_H
#define HYOKA_RECOVER_H

#include "hyoka/cli.h"
#include "hyoka/doc.h"

#include <stdbool.h>
#include <sys/types.h>

/* The recovery file of a document: DIR/.NAME.hyoka-recover (mode 0600). */
char *hy_recover_path(const char *doc_path);
/* The lock file of a document: DIR/.NAME.hyoka-lock, holding "PID HOST". */
char *hy_lock_path(const char *doc_path);

/* Writes the document's current YAML to its recovery file. */
bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err);
void hy_recover_remove(const char *doc_path);
/* Is there a recovery file newer than the document (or no document)? */
bool hy_recover_pending(const char *doc_path);

typedef enum { HY_LOCK_OK, HY_LOCK_HELD, HY_LOCK_FAILED } hy_lock_result;
/* Takes the lock; HY_LOCK_HELD with *owner set when a live process holds it.
 * A stale lock (dead process on this host) is taken over. */
hy_lock_result hy_lock_take(const char *doc_path, bool force, pid_t *owner);
void hy_lock_release(const char *doc_path);

/* Field-by-field differences between two documents of one form, as lines
 * "PATH: OLD → NEW". Caller frees. */
char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered);

int hy_cmd_recover(const hy_global *g, int argc, char **argv);

#endif
