/* Locks, and the files a document keeps beside it.
 *
 * DIR/.NAME.hyoka-lock tells a second editor, like vim's swap file, that
 * someone is already working on the document.  The recovery file lives
 * beside it under the same naming rules. */
#include "hyoka/lock.h"
#include "hyoka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A lock file holds "PID HOST\n"; anything much larger is not one of ours. */
#define LOCK_MAX_SIZE 4096
/* Rounds of create / inspect / take over before giving up on a lock that
 * keeps changing under us. */
#define LOCK_ROUNDS 5

/* ---- file names ---- */

/* DIR/.NAME + suffix: hidden, and beside the document so that it is on the
 * same file system (rename stays atomic) and travels with the directory. */
char *hy_sidecar_path(const char *doc_path, const char *suffix)
{
	hy_buf b;
	hy_buf_init(&b);
	const char *slash = strrchr(doc_path, '/');
	const char *base = slash ? slash + 1 : doc_path;
	if (slash)
		hy_buf_add(&b, doc_path, (size_t)(base - doc_path));
	hy_buf_addc(&b, '.');
	hy_buf_adds(&b, base);
	hy_buf_adds(&b, suffix);
	return hy_buf_take(&b);
}

char *hy_lock_path(const char *doc_path)
{
	return hy_sidecar_path(doc_path, ".hyoka-lock");
}

/* Removes a file; a file that is already gone counts as removed. */
bool hy_remove_file(const char *path, int *error)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return true;
	*error = errno;
	return false;
}

/* ---- locks ---- */

/* This machine's name, for telling our own locks from those written on
 * another machine sharing the directory. */
static char *host_name(void)
{
	for (size_t cap = 64; cap <= 65536; cap *= 2) {
		char *buf = hy_malloc(cap + 1);
		int rc = gethostname(buf, cap);
		int error = errno;
		buf[cap] = '\0';
		/* POSIX allows silent truncation: only a name shorter than the
		 * buffer is known to be complete */
		if (rc == 0 && strlen(buf) < cap && *buf)
			return buf;
		free(buf);
		if (rc != 0 && error != ENAMETOOLONG && error != EINVAL)
			break;
	}
	return hy_strdup("localhost");
}

typedef enum { LOCK_READ_OK, LOCK_READ_GONE, LOCK_READ_BAD } lock_read;

typedef struct {
	pid_t pid;
	char *host;
} lock_owner;

/* Parses "PID HOST\n"; false for anything else. */
static bool parse_lock(const char *text, size_t len, lock_owner *o)
{
	if (strlen(text) != len || len == 0 || text[len - 1] != '\n')
		return false;
	char *end;
	errno = 0;
	long pid = strtol(text, &end, 10);
	if (end == text || *text < '0' || *text > '9' || errno || pid <= 0 ||
	    (long)(pid_t)pid != pid || *end != ' ')
		return false;
	const char *host = end + 1;
	size_t host_len = (size_t)(text + len - 1 - host);
	if (host_len == 0 || memchr(host, '\n', host_len) || memchr(host, ' ', host_len))
		return false;
	o->pid = (pid_t)pid;
	o->host = hy_strndup(host, host_len);
	return true;
}

static lock_read read_lock(const char *path, lock_owner *o)
{
	size_t len;
	char *e = NULL;
	char *text = hy_read_file(path, LOCK_MAX_SIZE, &len, &e);
	free(e);
	if (!text) {
		struct stat st;
		/* gone between our create attempt and now: simply try again */
		if (lstat(path, &st) != 0 && errno == ENOENT)
			return LOCK_READ_GONE;
		return LOCK_READ_BAD;
	}
	bool ok = parse_lock(text, len, o);
	free(text);
	return ok ? LOCK_READ_OK : LOCK_READ_BAD;
}

static bool pid_alive(pid_t pid)
{
	/* EPERM: the process exists but belongs to someone else */
	return kill(pid, 0) == 0 || errno == EPERM;
}

/* A lock written on another machine cannot be checked from here, so it is
 * taken at its word. */
static bool owner_alive(const lock_owner *o, const char *host)
{
	return strcmp(o->host, host) != 0 || pid_alive(o->pid);
}

static bool owner_is_us(const lock_owner *o, const char *host)
{
	return o->pid == getpid() && strcmp(o->host, host) == 0;
}

/* Creates the lock file exclusively; returns 0 or the errno of the failure
 * (EEXIST when someone else's lock is there). */
static int create_lock(const char *path, const char *host)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return errno;
	char *text = hy_printf("%ld %s\n", (long)getpid(), host);
	size_t len = strlen(text), done = 0;
	int error = 0;
	/* the umask may have narrowed the mode; the lock should be exactly 0600 */
	if (fchmod(fd, 0600) != 0)
		error = errno;
	while (!error && done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) != 0 && !error)
		error = errno;
	free(text);
	if (error) {
		/* a half-written lock would read as stale anyway; do not leave it */
		unlink(path);
		return error == EEXIST ? EIO : error;
	}
	return 0;
}

typedef enum { STEP_DONE, STEP_RETRY } lock_step;

/* Looks at an existing lock and decides: held, ours, or to be taken over
 * (in which case it is removed and the caller tries to create it again). */
static lock_step inspect_lock(const char *path, const char *host, bool force,
			      hy_lock_result *result, pid_t *owner)
{
	lock_owner o = {0};
	lock_read st = read_lock(path, &o);
	if (st == LOCK_READ_GONE)
		return STEP_RETRY;
	bool ours = st == LOCK_READ_OK && owner_is_us(&o, host);
	bool held = st == LOCK_READ_OK && !ours && !force && owner_alive(&o, host);
	if (held && owner)
		*owner = o.pid;
	free(o.host);
	if (ours || held) {
		*result = ours ? HY_LOCK_OK : HY_LOCK_HELD;
		return STEP_DONE;
	}
	/* stale (dead process on this host, or not a lock we can read), or
	 * forced: take it over */
	int error;
	if (!hy_remove_file(path, &error)) {
		*result = HY_LOCK_FAILED;
		return STEP_DONE;
	}
	return STEP_RETRY;
}

hy_lock_result hy_lock_take(const char *doc_path, bool force, pid_t *owner)
{
	char *path = hy_lock_path(doc_path);
	char *host = host_name();
	hy_lock_result result = HY_LOCK_FAILED;
	if (owner)
		*owner = 0;
	for (int round = 0; round < LOCK_ROUNDS; round++) {
		int error = create_lock(path, host);
		if (error == 0) {
			result = HY_LOCK_OK;
			break;
		}
		if (error != EEXIST)
			break;
		if (inspect_lock(path, host, force, &result, owner) == STEP_DONE)
			break;
	}
	free(host);
	free(path);
	return result;
}

void hy_lock_release(const char *doc_path)
{
	char *path = hy_lock_path(doc_path);
	char *host = host_name();
	lock_owner o = {0};
	/* someone may have taken a stale-looking lock over from us (or forced
	 * it); theirs must survive our release */
	if (read_lock(path, &o) == LOCK_READ_OK && owner_is_us(&o, host)) {
		int error;
		(void)hy_remove_file(path, &error);
	}
	free(o.host);
	free(host);
	free(path);
}
