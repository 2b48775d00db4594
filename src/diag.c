#include "hyoka/diag.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void hy_diags_init(hy_diags *d)
{
	d->items = NULL;
	d->n = d->cap = 0;
}

void hy_diags_free(hy_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].message);
		free(d->items[i].path);
	}
	free(d->items);
	hy_diags_init(d);
}

void hy_diags_add(hy_diags *d, hy_severity sev, int line, int col, const char *path,
		  const char *fmt, ...)
{
	hy_grow((void **)&d->items, &d->cap, d->n, sizeof *d->items);
	va_list ap;
	va_start(ap, fmt);
	hy_diag *x = &d->items[d->n++];
	x->severity = sev;
	x->line = line;
	x->col = col;
	x->message = hy_vprintf(fmt, ap);
	x->path = path ? hy_strdup(path) : NULL;
	x->seq = d->n - 1;
	va_end(ap);
}

size_t hy_diags_count(const hy_diags *d, hy_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->items[i].severity == sev;
	return n;
}

static int by_position(const void *a, const void *b)
{
	const hy_diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void hy_diags_sort(hy_diags *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof *d->items, by_position);
}

void hy_diags_print(const hy_diags *d, const char *file, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const hy_diag *x = &d->items[i];
		const char *sev = x->severity == HY_ERROR ? _("error") : _("warning");
		/* file names, messages and paths can quote a document: never raw */
		char *f = hy_clean_for_terminal(file, strlen(file), false);
		char *m = hy_clean_for_terminal(x->message, strlen(x->message), false);
		fprintf(out, "%s:%d:%d: %s: %s", f, x->line > 0 ? x->line : 1,
			x->col > 0 ? x->col : 1, sev, m);
		free(f);
		free(m);
		if (x->path && *x->path) {
			char *p = hy_clean_for_terminal(x->path, strlen(x->path), false);
			fprintf(out, " [%s]", p);
			free(p);
		}
		fputc('\n', out);
	}
}
