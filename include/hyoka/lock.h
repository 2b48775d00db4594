/* Locks, and the files a document keeps beside it (its lock and its
 * recovery file): their names and their removal.  Knows nothing of the
 * terminal or the command line. */
#ifndef HYOKA_LOCK_H
#define HYOKA_LOCK_H

#include <stdbool.h>
#include <sys/types.h>

/* DIR/.NAME + suffix: hidden, and beside the document.  Caller frees. */
char *hy_sidecar_path(const char *doc_path, const char *suffix);
/* The lock file of a document: DIR/.NAME.hyoka-lock, holding "PID HOST". */
char *hy_lock_path(const char *doc_path);

/* Removes a file; one already gone counts as removed.  false with *error
 * set to the errno otherwise. */
bool hy_remove_file(const char *path, int *error);

typedef enum { HY_LOCK_OK, HY_LOCK_HELD, HY_LOCK_FAILED } hy_lock_result;
/* Takes the lock; HY_LOCK_HELD with *owner set when a live process holds it.
 * A stale lock (dead process on this host) is taken over. */
hy_lock_result hy_lock_take(const char *doc_path, bool force, pid_t *owner);
void hy_lock_release(const char *doc_path);

#endif
