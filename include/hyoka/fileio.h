/* Files written safely: atomically (temporary file, fsync, rename, fsync of
 * the directory), keeping the previous version as PATH~, and the state of a
 * document's file on disk, to notice a change by someone else (src/fileio.c). */
#ifndef HYOKA_FILEIO_H
#define HYOKA_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct hy_doc hy_doc;

/* Writes text to path atomically; used for documents and recovery files. */
bool hy_write_atomic(const char *path, const char *data, size_t len, mode_t new_mode,
		     bool backup, char **err);

/* The same in steps, for text written as it is produced: open (creates the
 * temporary file beside path, mode: the file's, else new_mode), write any
 * number of times, then commit (fsync, PATH~ when backup, rename) or abort
 * (removes the temporary file).  A write error is remembered and reported
 * by commit, with the same messages as hy_write_atomic.  On a failed open
 * or commit nothing is left to abort. */
typedef struct {
	char *path;
	char *tmp;
	int fd;
	bool exists;
	int error;              /* errno of the first failure, 0 if none */
} hy_atomic;

bool hy_atomic_open(hy_atomic *a, const char *path, mode_t new_mode, char **err);
bool hy_atomic_write(hy_atomic *a, const char *data, size_t len);
bool hy_atomic_commit(hy_atomic *a, bool backup, char **err);
void hy_atomic_abort(hy_atomic *a);
/* Has the file changed on disk since it was loaded or saved? */
bool hy_doc_changed_on_disk(const hy_doc *doc);

/* Remembers the state on disk of the file at path (its time, size and inode)
 * as the document's: what hy_doc_changed_on_disk compares with.  Forgets it
 * when the file cannot be seen. */
void hy_doc_remember_disk_state(hy_doc *doc, const char *path);

#endif
