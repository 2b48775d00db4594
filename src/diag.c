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

/* ---- repeated diagnostics ---- */

/* The kind of a message: its text with what varies -- quoted words ('…',
 * 「…」) and numbers -- put as "…".  "unknown key 'k1' (kept as it is)" and
 * "unknown key 'k2' (kept as it is)" are one kind. */
static char *message_kind(const char *m)
{
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = m; *p;) {
		const char *close = NULL;
		size_t open_len = 0, close_len = 0;
		if (*p == '\'') {
			close = strchr(p + 1, '\'');
			open_len = close_len = 1;
		} else if (strncmp(p, "「", 3) == 0) {
			close = strstr(p + 3, "」");
			open_len = close_len = 3;
		}
		if (close) {
			hy_buf_add(&b, p, open_len);
			hy_buf_adds(&b, "…");
			hy_buf_add(&b, close, close_len);
			p = close + close_len;
		} else if (*p >= '0' && *p <= '9') {
			while ((*p >= '0' && *p <= '9') || *p == ',')
				p++;
			hy_buf_adds(&b, "…");
		} else {
			hy_buf_addc(&b, *p++);
		}
	}
	return hy_buf_take(&b);
}

/* An item's kind: its message's and its path's, so that a message about one
 * field of every entry of a table ("委託事項2", "委託事項3") is one kind and
 * the same message about other fields are others. */
static char *item_kind(const hy_diag *x)
{
	char *m = message_kind(x->message);
	if (!x->path || !*x->path)
		return m;
	char *p = message_kind(x->path);
	char *k = hy_printf("%s [%s]", m, p);
	free(m);
	free(p);
	return k;
}

typedef struct {
	char *text;          /* the kind, as item_kind gives it */
	hy_severity severity;
	size_t total, shown;
} kind_count;

/* Kinds of messages in an open-addressing table: one look-up per message,
 * so that 200,000 of them are counted in linear time. */
typedef struct {
	kind_count *slots;
	size_t n_slots;
} kind_table;

static size_t hash_text(const char *s, hy_severity sev)
{
	size_t h = 1469598103934665603u ^ (size_t)sev;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The entry for a kind; text becomes the table's (or is freed). */
static kind_count *kind_of(kind_table *t, char *text, hy_severity sev)
{
	size_t h = hash_text(text, sev) & (t->n_slots - 1);
	for (; t->slots[h].text; h = (h + 1) & (t->n_slots - 1))
		if (t->slots[h].severity == sev && strcmp(t->slots[h].text, text) == 0) {
			free(text);
			return &t->slots[h];
		}
	t->slots[h].text = text;
	t->slots[h].severity = sev;
	return &t->slots[h];
}

static void print_one(FILE *out, const char *file, int line, int col, hy_severity severity,
		      const char *message, const char *path)
{
	const char *sev = severity == HY_ERROR ? _("error") : _("warning");
	/* file names, messages and paths can quote a document: never raw */
	char *f = hy_clean_for_terminal(file, strlen(file), false);
	char *m = hy_clean_for_terminal(message, strlen(message), false);
	fprintf(out, "%s:%d:%d: %s: %s", f, line > 0 ? line : 1, col > 0 ? col : 1, sev, m);
	free(f);
	free(m);
	if (path && *path) {
		char *p = hy_clean_for_terminal(path, strlen(path), false);
		fprintf(out, " [%s]", p);
		free(p);
	}
	fputc('\n', out);
}

void hy_diags_print(const hy_diags *d, const char *file, FILE *out)
{
	/* at most half full: every item may be a kind of its own */
	kind_table t = {.n_slots = 16};
	while (t.n_slots < 2 * d->n)
		t.n_slots *= 2;
	t.slots = hy_calloc(t.n_slots, sizeof *t.slots);
	kind_count **kinds = hy_calloc(d->n ? d->n : 1, sizeof *kinds);
	for (size_t i = 0; i < d->n; i++) {
		kinds[i] = kind_of(&t, item_kind(&d->items[i]), d->items[i].severity);
		kinds[i]->total++;
	}
	for (size_t i = 0; i < d->n; i++) {
		const hy_diag *x = &d->items[i];
		kind_count *k = kinds[i];
		if (k->shown > HY_DIAGS_REPEAT_MAX)
			continue;
		if (k->shown++ < HY_DIAGS_REPEAT_MAX) {
			print_one(out, file, x->line, x->col, x->severity, x->message, x->path);
			continue;
		}
		/* where the first one left out is, and how many there are */
		size_t more = k->total - HY_DIAGS_REPEAT_MAX;
		char *m = hy_printf(_("… and %zu more: %s"), more,
				    k->text);
		print_one(out, file, x->line, x->col, x->severity, m, NULL);
		free(m);
	}
	for (size_t i = 0; i < t.n_slots; i++)
		free(t.slots[i].text);
	free(t.slots);
	free(kinds);
}
