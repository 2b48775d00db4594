#include "hyoka/util.h"
#include "hyoka/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Out of memory, the one situation that cannot wait for a caller to check:
 * the editor's handler (hy_set_oom_handler) writes the recovery file and
 * restores the terminal.  Process-wide by nature, set once at start. */
static struct {
	hy_oom_handler fn;
	void *ctx;
	void *reserve;  /* freed first, so the handler has room to work */
	bool running;   /* a handler that itself runs out is not called again */
} oom;

void hy_set_oom_handler(hy_oom_handler fn, void *ctx, size_t reserve)
{
	free(oom.reserve);
	oom.fn = fn;
	oom.ctx = ctx;
	oom.reserve = NULL;
	if (fn && reserve) {
		/* Address space, left untouched: on Linux malloc fails when a limit
		 * on it (ulimit -v) is reached, and freeing this gives it back.  (It
		 * used to be zeroed "to be really ours"; gcc turns malloc + memset
		 * into calloc, which never touches fresh pages, so it never was.) */
		oom.reserve = malloc(reserve);
	}
}

static void out_of_memory(void)
{
	free(oom.reserve);
	oom.reserve = NULL;
	if (oom.fn && !oom.running) {
		oom.running = true;
		oom.fn(oom.ctx);
	}
	fputs(_("hyoka: out of memory\n"), stderr);
	exit(HY_EXIT_OUT_OF_MEMORY);
}

void *hy_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *hy_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *hy_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void hy_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	if (need < *cap)
		return;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap <= need)
		ncap *= 2;
	if (ncap > ((size_t)-1) / elem_size)
		out_of_memory();
	*items = hy_realloc(*items, ncap * elem_size);
	memset((char *)*items + *cap * elem_size, 0, (ncap - *cap) * elem_size);
	*cap = ncap;
}

void hy_grow32(void **items, uint32_t *cap, size_t need, size_t elem_size)
{
	if (need < *cap)
		return;
	if (need >= UINT32_MAX)
		out_of_memory();
	size_t ncap = *cap;
	hy_grow(items, &ncap, need, elem_size);
	/* the room past 2^32 - 1 goes unused: the count cannot say it */
	*cap = ncap > UINT32_MAX ? UINT32_MAX : (uint32_t)ncap;
}

char *hy_strdup(const char *s)
{
	return hy_strndup(s ? s : "", strlen(s ? s : ""));
}

char *hy_strndup(const char *s, size_t n)
{
	char *p = hy_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *hy_vprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return hy_strdup("");
	char *p = hy_malloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *hy_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = hy_vprintf(fmt, ap);
	va_end(ap);
	return p;
}

bool hy_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool hy_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool hy_is_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

void hy_buf_init(hy_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void hy_buf_free(hy_buf *b)
{
	free(b->data);
	hy_buf_init(b);
}

void hy_buf_add(hy_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		b->data = hy_realloc(b->data, ncap);
		b->cap = ncap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void hy_buf_adds(hy_buf *b, const char *s)
{
	hy_buf_add(b, s, strlen(s));
}

void hy_buf_addc(hy_buf *b, char c)
{
	hy_buf_add(b, &c, 1);
}

void hy_buf_addf(hy_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = hy_vprintf(fmt, ap);
	va_end(ap);
	hy_buf_adds(b, p);
	free(p);
}

void hy_buf_repeat(hy_buf *b, const char *s, int times)
{
	for (int i = 0; i < times; i++)
		hy_buf_adds(b, s);
}

char *hy_buf_take(hy_buf *b)
{
	char *p = b->data ? b->data : hy_strdup("");
	hy_buf_init(b);
	return p;
}

static char *too_large(size_t max_size)
{
	return hy_printf(_("file is larger than the limit of %zu MiB"), max_size >> 20);
}

/* Reads up to want bytes; stops early only at the end of the file.  Returns
 * false on a read error. */
static bool read_upto(int fd, char *buf, size_t want, size_t *got)
{
	*got = 0;
	while (*got < want) {
		ssize_t r = read(fd, buf + *got, want - *got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return true;
}

/* What follows the expected size: nothing for a regular file that did not
 * grow; everything for a pipe or a device.  Appends to the buffer, doubling
 * it only here, so that the usual case keeps its exact allocation. */
static bool read_rest(int fd, hy_buf *b, size_t max_size, char **err)
{
	char chunk[4096];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = hy_strdup(_("read error"));
			return false;
		}
		if (r == 0)
			return true;
		if (b->len + (size_t)r > max_size) {
			*err = too_large(max_size);
			return false;
		}
		hy_buf_add(b, chunk, (size_t)r);
	}
}

char *hy_read_file(const char *path, size_t max_size, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = hy_printf("%s", strerror(errno));
		return NULL;
	}
	struct stat st;
	bool known = fstat(fd, &st) == 0;
	if (known && S_ISDIR(st.st_mode)) {
		close(fd);
		*err = hy_strdup(_("is a directory"));
		return NULL;
	}
	bool regular = known && S_ISREG(st.st_mode);
	if (regular && (size_t)st.st_size > max_size) {
		close(fd);
		*err = too_large(max_size);
		return NULL;
	}
	/* one allocation of the file's size: a doubling buffer would leave up
	 * to twice the file in memory while a document loads */
	size_t want = regular ? (size_t)st.st_size : 0;
	hy_buf b = {.data = hy_malloc(want + 1), .len = 0, .cap = want + 1};
	bool ok = read_upto(fd, b.data, want, &b.len);
	if (!ok)
		*err = hy_strdup(_("read error"));
	b.data[b.len] = '\0';
	if (ok && b.len == want)
		ok = read_rest(fd, &b, max_size, err);
	close(fd);
	if (!ok) {
		hy_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return hy_buf_take(&b);
}
