/* Diagnostics: problems found in forms and documents, reported gcc-style as
 * FILE:LINE:COL: error|warning: MESSAGE [PATH]. */
#ifndef HYOKA_DIAG_H
#define HYOKA_DIAG_H

#include <stdio.h>
#include <stddef.h>

typedef enum { HY_WARNING = 1, HY_ERROR = 2 } hy_severity;

typedef struct {
	hy_severity severity;
	int line, col;   /* 1-based; 0 when unknown */
	char *message;
	char *path;      /* printed item path, may be NULL */
	size_t seq;      /* order of addition: ties keep it */
} hy_diag;

typedef struct {
	hy_diag *items;
	size_t n, cap;
} hy_diags;

void hy_diags_init(hy_diags *d);
void hy_diags_free(hy_diags *d);
void hy_diags_add(hy_diags *d, hy_severity sev, int line, int col, const char *path,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
size_t hy_diags_count(const hy_diags *d, hy_severity sev);
/* Sorts by line, column. */
void hy_diags_sort(hy_diags *d);
/* Prints one line per diagnostic, in order; of a kind that repeats (the same
 * message and path but for quoted words and numbers: "unknown key 'k1'" and
 * "unknown key 'k2'"; "required [委託事項2 ⑥委託先名]" and "required
 * [委託事項3 ⑥委託先名]"), the first HY_DIAGS_REPEAT_MAX, then one line
 * "… and N more: KIND" where the first one left out is. */
void hy_diags_print(const hy_diags *d, const char *file, FILE *out);

#define HY_DIAGS_REPEAT_MAX 10

#endif
