/* Locks, and the files a document keeps beside it (its lock and its
 * recovery file): their names and their removal.  Knows nothing of the
 * terminal or the command line. */
#ifndef HYOKA_LOCK_H
#define HYOKA_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

/* The document's own file: doc_path with symbolic links at its end
 * followed (even to a file that does not exist yet), so that every path to
 * one file gets the same lock and recovery file.  Caller frees. */
char *hy_real_file(const char *doc_path);
/* DIR/.NAME + suffix beside the real file: hidden, on the same file system
 * (rename stays atomic).  A NAME too long to leave room for that becomes
 * .hyoka-HASH + suffix (HASH: 16 hex digits of hy_name_hash(NAME)).
 * Caller frees. */
char *hy_sidecar_path(const char *doc_path, const char *suffix);
/* A stable 64-bit hash of a name, for short file names. */
uint64_t hy_name_hash(const char *s);

/* Reads a file that someone else may have put in its place: a symbolic
 * link, FIFO, device or directory is refused (*err says which), never
 * followed or waited on.  Files over max bytes are refused.  Caller frees;
 * NULL with *err (malloc'd) on failure. */
char *hy_read_regular(const char *path, size_t max, size_t *len, char **err);
/* The lock file of a document: DIR/.NAME.hyoka-lock, holding "PID HOST
 * START" (START: the process's start time, where the system tells it). */
char *hy_lock_path(const char *doc_path);

/* Removes a file; one already gone counts as removed.  false with *error
 * set to the errno otherwise. */
bool hy_remove_file(const char *path, int *error);

typedef enum { HY_LOCK_OK, HY_LOCK_HELD, HY_LOCK_FAILED } hy_lock_result;
/* Takes the lock; HY_LOCK_HELD with *owner set when a live process holds it.
 * A stale lock (dead process on this host, or a live one with the same
 * number that started later), or anything that is not a lock (not a
 * regular file, unreadable), is taken over. */
hy_lock_result hy_lock_take(const char *doc_path, bool force, pid_t *owner);
void hy_lock_release(const char *doc_path);

#endif
