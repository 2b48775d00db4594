/* LD_PRELOAD shim for the e2e tests: makes saving fail the way a full disk
 * (HYOKA_FAIL=enospc) or an unwritable directory (HYOKA_FAIL=eacces) does,
 * for files under the directory HYOKA_FAIL_DIR.  Root ignores permissions,
 * so the tests cannot rely on chmod. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int under_fail_dir(const char *path)
{
	const char *dir = getenv("HYOKA_FAIL_DIR");
	return dir && *dir && path && strstr(path, dir) != NULL;
}

static int fd_under_fail_dir(int fd)
{
	char link[64], target[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	return under_fail_dir(target);
}

static int mode_is(const char *m)
{
	const char *v = getenv("HYOKA_FAIL");
	return v && strcmp(v, m) == 0;
}

int mkstemp(char *template)
{
	static int (*real)(char *);
	if (!real)
		real = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
	char cwd[PATH_MAX], full[2 * PATH_MAX];
	/* a relative template lives in the current directory */
	if (template[0] != '/' && getcwd(cwd, sizeof cwd))
		snprintf(full, sizeof full, "%s/%s", cwd, template);
	else
		snprintf(full, sizeof full, "%s", template);
	if (mode_is("eacces") && under_fail_dir(full)) {
		errno = EACCES;
		return -1;
	}
	return real(template);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (mode_is("enospc") && fd > 2 && fd_under_fail_dir(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n);
}

/* HYOKA_FAIL=malloc: any allocation of more than HYOKA_FAIL_MALLOC_OVER bytes
 * fails, as when memory runs out in the middle of a large paste.  The C
 * library's own entry points do the rest (no dlsym: it allocates). */
extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_calloc(size_t, size_t);

static int too_big(size_t n)
{
	static long limit = -1;
	if (limit < 0) {
		const char *v = mode_is("malloc") ? getenv("HYOKA_FAIL_MALLOC_OVER") : NULL;
		limit = v ? atol(v) : 0;
	}
	return limit > 0 && n > (size_t)limit;
}

void *malloc(size_t n)
{
	if (too_big(n)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *realloc(void *p, size_t n)
{
	if (too_big(n)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}

void *calloc(size_t count, size_t size)
{
	if (size && count > (size_t)-1 / size)
		return NULL;
	if (too_big(count * size)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(count, size);
}
