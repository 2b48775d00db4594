/* Files written safely, and the state of a document's file on disk. */
#include "hyoka/doc.h"
#include "hyoka/fileio.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- atomic saving ---- */

static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return hy_strdup(".");
	if (slash == path)
		return hy_strdup("/");
	return hy_strndup(path, (size_t)(slash - path));
}

static void fsync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Keeps the current file as PATH~: a hard link where possible, so the backup
 * is the old inode itself; a copy otherwise. */
static bool make_backup(const char *path, char **err)
{
	char *bak = hy_printf("%s~", path);
	char *tmp = hy_printf("%s~.tmp", path);
	unlink(tmp);
	bool ok = link(path, tmp) == 0 && rename(tmp, bak) == 0;
	if (!ok) {
		unlink(tmp);
		size_t len;
		char *e = NULL;
		char *old = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &e);
		struct stat st;
		mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0600;
		ok = old && hy_write_atomic(bak, old, len, mode, false, err);
		if (!old)
			*err = hy_printf(_("cannot keep a backup: %s"), e);
		free(e);
		free(old);
	}
	free(bak);
	free(tmp);
	return ok;
}

bool hy_atomic_open(hy_atomic *a, const char *path, mode_t new_mode, char **err)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
	struct stat st;
	a->exists = stat(path, &st) == 0;
	mode_t mode = a->exists ? (st.st_mode & 07777) : new_mode;
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	a->tmp = hy_printf("%s/.%s.XXXXXX", dir, base);
	free(dir);
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0) {
		*err = hy_printf(_("cannot create a temporary file beside %s: %s"), path,
				 strerror(errno));
		free(a->tmp);
		a->tmp = NULL;
		return false;
	}
	a->path = hy_strdup(path);
	/* keep the file's permissions (mkstemp creates 0600) */
	if (fchmod(a->fd, mode) != 0)
		a->error = errno;
	return true;
}

bool hy_atomic_write(hy_atomic *a, const char *data, size_t len)
{
	if (a->error)
		return false;
	if (!write_all(a->fd, data, len))
		a->error = errno ? errno : EIO;
	return !a->error;
}

void hy_atomic_abort(hy_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
	a->fd = -1;
}

bool hy_atomic_commit(hy_atomic *a, bool backup, char **err)
{
	int saved = a->error;
	if (!saved && fsync(a->fd) != 0)
		saved = errno;
	if (close(a->fd) != 0 && !saved)
		saved = errno;
	a->fd = -1;
	if (saved) {
		*err = hy_printf(_("cannot write %s: %s"), a->path, strerror(saved));
		hy_atomic_abort(a);
		return false;
	}
	if (a->exists && backup && !make_backup(a->path, err)) {
		hy_atomic_abort(a);
		return false;
	}
	if (rename(a->tmp, a->path) != 0) {
		*err = hy_printf(_("cannot replace %s: %s"), a->path, strerror(errno));
		hy_atomic_abort(a);
		return false;
	}
	fsync_dir(a->path);
	free(a->tmp);
	a->tmp = NULL; /* renamed: nothing to remove */
	hy_atomic_abort(a);
	return true;
}

bool hy_write_atomic(const char *path, const char *data, size_t len, mode_t new_mode,
		     bool backup, char **err)
{
	hy_atomic a;
	if (!hy_atomic_open(&a, path, new_mode, err))
		return false;
	hy_atomic_write(&a, data, len);
	return hy_atomic_commit(&a, backup, err);
}

bool hy_doc_changed_on_disk(const hy_doc *doc)
{
	if (!doc->path || !doc->has_disk_state)
		return false;
	struct stat st;
	if (stat(doc->path, &st) != 0)
		return false;
	return st.st_ino != doc->disk_ino || st.st_size != doc->disk_size ||
	       st.st_mtim.tv_sec != doc->disk_mtime.tv_sec ||
	       st.st_mtim.tv_nsec != doc->disk_mtime.tv_nsec;
}

/* ---- the file on disk ---- */

void hy_doc_remember_disk_state(hy_doc *doc, const char *path)
{
	struct stat st;
	doc->has_disk_state = stat(path, &st) == 0;
	if (doc->has_disk_state) {
		doc->disk_mtime = st.st_mtim;
		doc->disk_size = st.st_size;
		doc->disk_ino = st.st_ino;
	}
}
