/* Locks, and the files a document keeps beside it.
 *
 * DIR/.NAME.hyoka-lock tells a second editor, like vim's swap file, that
 * someone is already working on the document.  The recovery file lives
 * beside it under the same naming rules. */
#include "hyoka/lock.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
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

/* The longest ".NAME.suffix" kept as it is; a longer one (or one that
 * would leave no room in NAME_MAX for a temporary name beside it) becomes
 * ".hyoka-HASH.suffix". */
#define SIDECAR_NAME_MAX 200
/* Links followed before giving up (as the kernel's ELOOP). */
#define MAX_LINKS 40

uint64_t hy_name_hash(const char *s)
{
	/* FNV-1a, 64 bits: stable across runs and machines */
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

/* The directory part of path with its slash ("" for none). */
static char *dir_part(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? hy_strndup(path, (size_t)(slash - path + 1)) : hy_strdup("");
}

char *hy_real_file(const char *doc_path)
{
	char *path = hy_strdup(doc_path);
	for (int i = 0; i < MAX_LINKS; i++) {
		struct stat st;
		if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		char *target = hy_malloc((size_t)PATH_MAX + 1);
		ssize_t n = readlink(path, target, PATH_MAX);
		if (n <= 0) {
			free(target);
			break;
		}
		target[n] = '\0';
		/* a relative target is relative to the link's directory */
		char *dir = target[0] == '/' ? hy_strdup("") : dir_part(path);
		free(path);
		path = hy_printf("%s%s", dir, target);
		free(dir);
		free(target);
	}
	return path;
}

char *hy_sidecar_path(const char *doc_path, const char *suffix)
{
	char *real = hy_real_file(doc_path);
	const char *slash = strrchr(real, '/');
	const char *base = slash ? slash + 1 : real;
	char *dir = dir_part(real);
	char *p = strlen(base) + strlen(suffix) + 1 <= SIDECAR_NAME_MAX
		? hy_printf("%s.%s%s", dir, base, suffix)
		: hy_printf("%s.hyoka-%016" PRIx64 "%s", dir, hy_name_hash(base), suffix);
	free(dir);
	free(real);
	return p;
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

/* ---- reading a file that someone else may have put there ---- */

static char *read_fd(int fd, size_t max, size_t *len, char **err)
{
	hy_buf b;
	hy_buf_init(&b);
	char chunk[4096];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = hy_strdup(strerror(errno));
			hy_buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			*err = hy_printf(_("larger than %zu bytes"), max);
			hy_buf_free(&b);
			return NULL;
		}
		hy_buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	return b.data ? hy_buf_take(&b) : hy_strdup("");
}

char *hy_read_regular(const char *path, size_t max, size_t *len, char **err)
{
	/* O_NOFOLLOW: a link (to /dev/tty, say) is not followed; O_NONBLOCK:
	 * opening a FIFO does not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		*err = errno == ELOOP ? hy_strdup(_("is a symbolic link, not a regular file"))
				      : hy_strdup(strerror(errno));
		return NULL;
	}
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) != 0)
		*err = hy_strdup(strerror(errno));
	else if (!S_ISREG(st.st_mode))
		*err = hy_strdup(_("is not a regular file"));
	else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
		*err = hy_strdup(strerror(errno));
	else
		text = read_fd(fd, max, len, err);
	close(fd);
	return text;
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
	unsigned long long start;   /* the process's start time; 0: not known */
} lock_owner;

/* When the process started, in clock ticks since boot (field 22 of
 * /proc/PID/stat), so that a later process given the same number is told
 * apart; 0 where that cannot be known (no /proc). */
static unsigned long long process_start(pid_t pid)
{
	char *path = hy_printf("/proc/%ld/stat", (long)pid);
	size_t len;
	char *e = NULL;
	char *text = hy_read_regular(path, 4096, &len, &e);
	free(e);
	free(path);
	unsigned long long start = 0;
	/* the command name in parentheses may hold spaces: count after it */
	const char *p = text ? strrchr(text, ')') : NULL;
	for (int field = 2; p && *p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p && *p)
		start = strtoull(p + 1, NULL, 10);
	free(text);
	return start;
}

/* Parses "PID HOST START\n" or, from older hyokas, "PID HOST\n"; false for
 * anything else. */
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
	const char *host_end = strpbrk(host, " \n");
	size_t host_len = (size_t)(host_end - host);
	unsigned long long start = 0;
	if (*host_end == ' ') {
		const char *digits = host_end + 1;
		errno = 0;
		start = strtoull(digits, &end, 10);
		if (end == digits || *digits < '0' || *digits > '9' || errno || *end != '\n' ||
		    end != text + len - 1)
			return false;
	} else if (host_end != text + len - 1) {
		return false;
	}
	if (host_len == 0)
		return false;
	o->pid = (pid_t)pid;
	o->host = hy_strndup(host, host_len);
	o->start = start;
	return true;
}

static lock_read read_lock(const char *path, lock_owner *o)
{
	size_t len;
	char *e = NULL;
	/* a FIFO or a link to a terminal is not a lock: never wait on it */
	char *text = hy_read_regular(path, LOCK_MAX_SIZE, &len, &e);
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

/* Is the process that wrote the lock still running?  A live process with
 * the same number but another start time is some later program. */
static bool pid_alive(pid_t pid, unsigned long long start)
{
	/* EPERM: the process exists but belongs to someone else */
	if (kill(pid, 0) != 0 && errno != EPERM)
		return false;
	unsigned long long now = start ? process_start(pid) : 0;
	return !now || now == start;
}

/* A lock written on another machine cannot be checked from here, so it is
 * taken at its word. */
static bool owner_alive(const lock_owner *o, const char *host)
{
	return strcmp(o->host, host) != 0 || pid_alive(o->pid, o->start);
}

static bool owner_is_us(const lock_owner *o, const char *host)
{
	return o->pid == getpid() && strcmp(o->host, host) == 0 &&
	       (!o->start || o->start == process_start(getpid()));
}

/* Creates the lock file exclusively; returns 0 or the errno of the failure
 * (EEXIST when someone else's lock is there). */
static int create_lock(const char *path, const char *host)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return errno;
	unsigned long long start = process_start(getpid());
	char *text = start ? hy_printf("%ld %s %llu\n", (long)getpid(), host, start)
			   : hy_printf("%ld %s\n", (long)getpid(), host);
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
