/* Small allocation and string helpers: every allocation is checked. */
#ifndef HYOKA_UTIL_H
#define HYOKA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Exit status when memory runs out (documented in hyoka --help). */
#define HY_EXIT_OUT_OF_MEMORY 4

/* Called when an allocation below fails, instead of crashing: it may save
 * what it can (the editor writes its recovery file) and then returns; hyoka
 * then exits with HY_EXIT_OUT_OF_MEMORY.  `reserve` bytes are set aside now
 * and freed before the handler runs, so that it has memory to work with. */
typedef void (*hy_oom_handler)(void *ctx);
void hy_set_oom_handler(hy_oom_handler fn, void *ctx, size_t reserve);

void *hy_malloc(size_t size);
void *hy_calloc(size_t count, size_t size);
void *hy_realloc(void *ptr, size_t size);
/* Grows *items so that index `need` fits; doubles the capacity. */
void hy_grow(void **items, size_t *cap, size_t need, size_t elem_size);
/* The same for the 32-bit counts of a document's values; a count that would
 * pass 2^32 - 1 is treated as running out of memory. */
void hy_grow32(void **items, uint32_t *cap, size_t need, size_t elem_size);
char *hy_strdup(const char *s);
char *hy_strndup(const char *s, size_t n);
char *hy_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *hy_vprintf(const char *fmt, va_list ap);
bool hy_streq(const char *a, const char *b);
bool hy_starts_with(const char *s, const char *prefix);
bool hy_is_blank(const char *s);

/* A growable byte buffer; always NUL-terminated. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
} hy_buf;

void hy_buf_init(hy_buf *b);
void hy_buf_free(hy_buf *b);
void hy_buf_add(hy_buf *b, const char *s, size_t n);
void hy_buf_adds(hy_buf *b, const char *s);
void hy_buf_addc(hy_buf *b, char c);
void hy_buf_addf(hy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hy_buf_repeat(hy_buf *b, const char *s, int times);
/* Hands the buffer's string to the caller and empties the buffer. */
char *hy_buf_take(hy_buf *b);

/* Reads a whole file, refusing ones larger than max_size.  On failure returns
 * NULL and sets *err to a malloc'd human message. */
char *hy_read_file(const char *path, size_t max_size, size_t *len, char **err);

#endif
