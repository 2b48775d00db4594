/* Files written safely, and the state of a document's file on disk. */
#include "hyoka/doc.h"
#include "hyoka/fileio.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
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

/* The file a save must write: a symbolic link is followed (to a target that
 * may not exist yet), so the link itself stays. */
static char *real_target(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return hy_strdup(path);
	char *real = realpath(path, NULL);
	if (real)
		return real;
	/* a dangling link: its text, relative to the link's directory */
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n <= 0)
		return hy_strdup(path);
	buf[n] = '\0';
	if (buf[0] == '/')
		return hy_strdup(buf);
	char *dir = dir_of(path);
	char *joined = hy_printf("%s/%s", dir, buf);
	free(dir);
	return joined;
}

static mode_t current_umask(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return mask;
}

/* A short host tag, so that temporary files of another machine sharing the
 * directory (NFS) are never taken for those of a dead local process. */
static unsigned host_tag(void)
{
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	unsigned h = 2166136261u;
	for (const char *p = host; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h & 0xFFFFFFu;
}

/* Temporary names are short whatever the document's name (a name of 248
 * bytes must still save) and say whose they are: .hyoka-HOST-PID-XXXXXX. */
static char *temp_template(const char *path)
{
	char *dir = dir_of(path);
	char *t = hy_printf("%s/.hyoka-%06x-%ld-XXXXXX", dir, host_tag(), (long)getpid());
	free(dir);
	return t;
}

size_t hy_clean_stale_temps(const char *path)
{
	char *dir = dir_of(path);
	DIR *d = opendir(dir);
	size_t removed = 0;
	unsigned tag = host_tag();
	struct dirent *e;
	while (d && (e = readdir(d))) {
		unsigned t;
		long pid;
		int end = 0;
		if (sscanf(e->d_name, ".hyoka-%6x-%ld-%*6[A-Za-z0-9]%n", &t, &pid, &end) < 2 ||
		    e->d_name[end] != '\0' || end == 0 || t != tag || pid <= 0 || pid == getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive, or not ours to ask about */
		struct stat st;
		char *full = hy_printf("%s/%s", dir, e->d_name);
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    unlink(full) == 0)
			removed++;
		free(full);
	}
	if (d)
		closedir(d);
	free(dir);
	return removed;
}

/* Copies every extended attribute (the ACL is one: system.posix_acl_access)
 * from the file to the temporary one.  Runs after fchmod, which would
 * otherwise rewrite the ACL's mask from the group bits. */
static bool copy_xattrs(const char *from, int to_fd)
{
	ssize_t size = listxattr(from, NULL, 0);
	if (size < 0)
		return errno == ENOTSUP || errno == ENODATA;
	if (size == 0)
		return true;
	char *names = hy_malloc((size_t)size);
	size = listxattr(from, names, (size_t)size);
	bool ok = size >= 0;
	for (ssize_t i = 0; ok && i < size; i += (ssize_t)strlen(names + i) + 1) {
		const char *name = names + i;
		ssize_t vlen = getxattr(from, name, NULL, 0);
		if (vlen < 0) {
			ok = false;
			break;
		}
		char *value = hy_malloc((size_t)vlen + 1);
		vlen = getxattr(from, name, value, (size_t)vlen);
		ok = vlen >= 0 && fsetxattr(to_fd, name, value, (size_t)vlen, 0) == 0;
		free(value);
	}
	free(names);
	return ok;
}

/* Gives the temporary file the original's owner, group, mode and
 * attributes; false when any of them cannot be kept. */
static bool keep_identity(const hy_atomic *a, const struct stat *st)
{
	if (fchmod(a->fd, st->st_mode & 07777) != 0)
		return false;
	if ((st->st_uid != geteuid() || st->st_gid != getegid()) &&
	    fchown(a->fd, st->st_uid, st->st_gid) != 0)
		return false;
	/* fchown may clear set-id bits: put the mode back */
	if (fchmod(a->fd, st->st_mode & 07777) != 0)
		return false;
	return copy_xattrs(a->path, a->fd);
}

static void drop_temp(hy_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	a->tmp = NULL;
}

static bool open_temp(hy_atomic *a, const struct stat *st, char **err)
{
	a->tmp = temp_template(a->path);
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0) {
		int e = errno;
		free(a->tmp);
		a->tmp = NULL;
		if (a->exists && !a->private_file && access(a->path, W_OK) == 0) {
			a->how = HY_ATOMIC_IN_PLACE; /* the directory is not writable */
			return true;
		}
		*err = hy_printf(_("cannot create a temporary file beside %s: %s"), a->path,
				 strerror(e));
		return false;
	}
	if (!a->exists || a->private_file) {
		if (fchmod(a->fd, a->mode) != 0)
			a->error = errno;
		return true;
	}
	if (keep_identity(a, st))
		return true;
	/* another user's file, or a group we are not in: written in place, it
	 * keeps its owner, group, mode and ACL */
	drop_temp(a);
	a->how = HY_ATOMIC_IN_PLACE;
	return true;
}

static bool open_direct(hy_atomic *a, char **err)
{
	a->how = HY_ATOMIC_DIRECT;
	a->fd = open(a->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (a->fd < 0) {
		*err = hy_printf(_("cannot write %s: %s"), a->path, strerror(errno));
		return false;
	}
	return true;
}

static bool atomic_open_as(hy_atomic *a, const char *path, mode_t new_mode, bool private_file,
			   char **err)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
	a->private_file = private_file;
	a->path = private_file ? hy_strdup(path) : real_target(path);
	struct stat st;
	a->exists = (private_file ? lstat(a->path, &st) : stat(a->path, &st)) == 0;
	a->mode = private_file ? 0600 : a->exists ? (st.st_mode & 07777) : new_mode & ~current_umask();
	bool ok;
	if (a->exists && !S_ISREG(st.st_mode) && !private_file) {
		ok = open_direct(a, err);
	} else if (a->exists && !private_file && access(a->path, W_OK) != 0) {
		/* replacing the file through its directory would get round its
		 * permissions: a file we may not write is not saved over */
		*err = hy_printf(_("you cannot write to %s"), a->path);
		ok = false;
	} else {
		hy_clean_stale_temps(a->path);
		ok = open_temp(a, &st, err);
	}
	if (!ok) {
		free(a->path);
		a->path = NULL;
	}
	return ok;
}

bool hy_atomic_open(hy_atomic *a, const char *path, mode_t new_mode, char **err)
{
	return atomic_open_as(a, path, new_mode, false, err);
}

bool hy_atomic_write(hy_atomic *a, const char *data, size_t len)
{
	if (a->error)
		return false;
	if (a->how == HY_ATOMIC_IN_PLACE) {
		hy_buf_add(&a->held, data, len);
		return true;
	}
	if (!write_all(a->fd, data, len))
		a->error = errno ? errno : EIO;
	return !a->error;
}

void hy_atomic_abort(hy_atomic *a)
{
	drop_temp(a);
	free(a->path);
	hy_buf_free(&a->held);
	memset(a, 0, sizeof *a);
	a->fd = -1;
}

/* Keeps the current file as PATH~, with the document's mode: a hard link
 * where possible, so the backup is the old inode itself; a copy otherwise.
 * A name too long for the "~" gets no backup rather than no save. */
static bool make_backup(const char *path, mode_t mode, char **err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (strlen(base) + 1 > NAME_MAX)
		return true;
	char *bak = hy_printf("%s~", path);
	char *tmp = temp_template(path);
	int fd = mkstemp(tmp);
	bool ok = false;
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
		ok = link(path, tmp) == 0 && rename(tmp, bak) == 0;
		if (!ok)
			unlink(tmp);
	}
	if (!ok) {
		size_t len;
		char *e = NULL;
		char *old = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &e);
		if (!old) {
			*err = hy_printf(_("cannot keep a backup: %s"), e);
		} else {
			unlink(bak); /* an older file of that name keeps nothing of its own */
			ok = hy_write_atomic(bak, old, len, mode, false, err) && chmod(bak, mode) == 0;
		}
		free(e);
		free(old);
	}
	free(bak);
	free(tmp);
	return ok;
}

static bool dir_writable(const char *path)
{
	char *dir = dir_of(path);
	bool ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

static bool write_in_place(hy_atomic *a, char **err)
{
	int fd = open(a->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	bool ok = fd >= 0 && write_all(fd, a->held.data ? a->held.data : "", a->held.len) &&
		  ftruncate(fd, (off_t)a->held.len) == 0 && fsync(fd) == 0;
	int e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok)
		*err = hy_printf(_("cannot write %s: %s"), a->path, strerror(e));
	return ok;
}

static bool finish_direct(hy_atomic *a, char **err)
{
	int saved = a->error;
	if (close(a->fd) != 0 && !saved)
		saved = errno;
	a->fd = -1;
	if (saved)
		*err = hy_printf(_("cannot write %s: %s"), a->path, strerror(saved));
	return !saved;
}

bool hy_atomic_commit(hy_atomic *a, bool backup, char **err)
{
	bool ok;
	if (a->how == HY_ATOMIC_DIRECT) {
		ok = finish_direct(a, err);
	} else if (a->how == HY_ATOMIC_IN_PLACE) {
		/* the backup is what a crash in the middle of the write falls back
		 * on; a directory we cannot write to cannot hold one */
		char *bak_err = NULL;
		if (backup && dir_writable(a->path) && !make_backup(a->path, a->mode, &bak_err)) {
			*err = bak_err;
			ok = false;
		} else {
			free(bak_err);
			ok = write_in_place(a, err);
		}
	} else {
		int saved = a->error;
		if (!saved && fsync(a->fd) != 0)
			saved = errno;
		if (close(a->fd) != 0 && !saved)
			saved = errno;
		a->fd = -1;
		if (saved)
			*err = hy_printf(_("cannot write %s: %s"), a->path, strerror(saved));
		ok = !saved && (!a->exists || !backup || make_backup(a->path, a->mode, err));
		if (ok && rename(a->tmp, a->path) != 0) {
			*err = hy_printf(_("cannot replace %s: %s"), a->path, strerror(errno));
			ok = false;
		}
		if (ok) {
			fsync_dir(a->path);
			free(a->tmp);
			a->tmp = NULL; /* renamed: nothing to remove */
		}
	}
	hy_atomic_abort(a);
	return ok;
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

bool hy_write_private(const char *path, const char *data, size_t len, char **err)
{
	hy_atomic a;
	if (!atomic_open_as(&a, path, 0600, true, err))
		return false;
	hy_atomic_write(&a, data, len);
	return hy_atomic_commit(&a, false, err);
}

bool hy_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
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
