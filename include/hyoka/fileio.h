/* Files written safely: atomically (temporary file, fsync, rename, fsync of
 * the directory), keeping the previous version as PATH~, and the state of a
 * document's file on disk, to notice a change by someone else (src/fileio.c). */
#ifndef HYOKA_FILEIO_H
#define HYOKA_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "hyoka/util.h"

typedef struct hy_doc hy_doc;

/* Writes text to path atomically; used for documents and outputs.  On a
 * shared server the file keeps what it had: a symbolic link stays a link (its
 * target is written), owner, group, mode, ACL and other extended attributes
 * are kept; when they cannot be (another user's file, a group we are not in)
 * or the directory is not writable, the file is written in place after its
 * backup.  A new file gets new_mode less the umask.  A device or FIFO is
 * written to, not replaced. */
bool hy_write_atomic(const char *path, const char *data, size_t len, mode_t new_mode,
		     bool backup, char **err);
/* The same for private files (recovery): always a new file of mode 0600,
 * renamed over whatever had the name (a FIFO, a link or a file of another
 * mode is replaced, never written through). */
bool hy_write_private(const char *path, const char *data, size_t len, char **err);
/* Do a and b name the same file (device and inode)?  False when either
 * cannot be seen. */
bool hy_same_file(const char *a, const char *b);
/* Removes temporary files that saves of dead hyoka processes on this host
 * left in the directory of path; returns how many. */
size_t hy_clean_stale_temps(const char *path);

/* The same in steps, for text written as it is produced: open (creates the
 * temporary file beside path, mode: the file's, else new_mode), write any
 * number of times, then commit (fsync, PATH~ when backup, rename) or abort
 * (removes the temporary file).  A write error is remembered and reported
 * by commit, with the same messages as hy_write_atomic.  On a failed open
 * or commit nothing is left to abort. */
typedef enum {
	HY_ATOMIC_RENAME,       /* temporary file beside it, then rename */
	HY_ATOMIC_IN_PLACE,     /* kept in memory, written over the file at commit */
	HY_ATOMIC_DIRECT,       /* a device or FIFO: written to as it comes */
} hy_atomic_how;

typedef struct {
	char *path;             /* the real file: a symbolic link is followed */
	char *tmp;
	int fd;
	bool exists;
	bool private_file;
	hy_atomic_how how;
	mode_t mode;            /* the file's mode, or the new file's */
	hy_buf held;            /* HY_ATOMIC_IN_PLACE: the text so far */
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
