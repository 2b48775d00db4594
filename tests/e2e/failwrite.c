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
