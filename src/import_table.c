/* Import: tables -- numbered items in side-by-side bands (（別添２）), rows
 * under a printed header row (変更箇所). */
#include "hyoka/import_int.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables ---- */

static hy_value *column(hy_value *row, const hy_fnode *table, size_t k)
{
	return k < table->n_children ? hy_value_child(row, table->children[k]) : NULL;
}

/* Which column's label a cell is exactly (a header cell); -1 if none. */
static int header_column(const ictx *c, const hy_fnode *t, size_t i)
{
	for (size_t k = 0; k < t->n_children; k++) {
		const char *key = imp_key_of(c, t->children[k]);
		if (key && strcmp(c->cells->items[i].norm, key) == 0)
			return (int)k;
	}
	return -1;
}

typedef struct {
	long num;
	size_t name_cell;   /* also the reading order */
	char *category;
	int band;
} numbered;

static int by_num(const void *a, const void *b)
{
	const numbered *x = a, *y = b;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->name_cell < y->name_cell ? -1 : x->name_cell > y->name_cell;
}

static int by_band(const void *a, const void *b)
{
	const numbered *x = a, *y = b;
	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	return x->name_cell < y->name_cell ? -1 : x->name_cell > y->name_cell;
}

#define MAX_BANDS 64

/* A numbered table (区分 | No | 項目名): items "N<tab>name" in one or more
 * side-by-side bands, a lone text in a band being the 区分 of the band's
 * next item. */
static size_t place_numbered(ictx *c, hy_value *tv, const hy_fnode *t, size_t lo, size_t hi,
			     int num_col)
{
	numbered *items = NULL;
	size_t n = 0, cap = 0;
	char *pending[MAX_BANDS] = {0};
	for (size_t i = lo; i < hi; i++) {
		hy_imp_cell *cell = &c->cells->items[i];
		long num;
		int band = cell->col < MAX_BANDS ? cell->col : MAX_BANDS - 1;
		bool pair = i + 1 < hi && c->cells->items[i + 1].line == cell->line &&
			    !hy_imp_int(c->cells->items[i + 1].text, &num);
		if (hy_imp_int(cell->text, &num) && pair) {
			hy_grow((void **)&items, &cap, n, sizeof *items);
			items[n++] = (numbered){num, i + 1, pending[band], band};
			pending[band] = NULL;
			cell->used = c->cells->items[i + 1].used = true;
			i++;
		} else if (header_column(c, t, i) < 0 && !c->stop[i] && !cell->used) {
			free(pending[band]);
			pending[band] = hy_strdup(cell->text);
			cell->used = true;
		}
	}
	for (int b = 0; b < MAX_BANDS; b++)
		free(pending[b]);
	/* numbers unique across the table: in their order; numbers that
	 * restart (per 区分): band by band, in reading order */
	if (n > 1) {
		qsort(items, n, sizeof *items, by_num);
		bool unique = true;
		for (size_t i = 1; i < n && unique; i++)
			unique = items[i - 1].num != items[i].num;
		if (!unique)
			qsort(items, n, sizeof *items, by_band);
	}
	int text_before = -1, text_after = -1;
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_TEXT || t->children[k]->type == HY_LONGTEXT) {
			if ((int)k < num_col)
				text_before = (int)k;
			else if (text_after < 0)
				text_after = (int)k;
		}
	for (size_t i = 0; i < n; i++) {
		hy_value *row = tv ? imp_instance(c, tv, tv->n_inst) : NULL;
		if (row) {
			char *num = hy_printf("%ld", items[i].num);
			imp_put_value(c, column(row, t, (size_t)num_col), num);
			free(num);
			char *name = hy_strdup(c->cells->items[items[i].name_cell].text);
			if (text_after >= 0)
				imp_put_value(c, column(row, t, (size_t)text_after), name);
			free(name);
			if (items[i].category && text_before >= 0)
				imp_put_value(c, column(row, t, (size_t)text_before), items[i].category);
		}
		free(items[i].category);
	}
	free(items);
	return hi;
}

/* Does a row of a table with a date column have a date in it?  (A row
 * without is the header of another table.) */
static bool row_has_date(const ictx *c, const hy_fnode *t, const int *colmap, size_t i, size_t j)
{
	bool has_date_column = false;
	for (size_t k = i; k < j; k++) {
		const hy_imp_cell *cell = &c->cells->items[k];
		int col = cell->col < MAX_BANDS ? colmap[cell->col] : -1;
		if (col < 0 || t->children[col]->type != HY_DATE)
			continue;
		has_date_column = true;
		bool alone;
		char *d = hy_imp_date(cell->text, &alone);
		free(d);
		if (d)
			return true;
	}
	for (size_t k = 0; k < t->n_children && !has_date_column; k++)
		has_date_column = t->children[k]->type == HY_DATE;
	return !has_date_column;
}

/* A table printed with its header row (変更日 | 項目 | …): each later line
 * is a row, its cells under the header's columns; a line of one cell
 * continues the row above. */
static size_t place_headed(ictx *c, hy_value *tv, const hy_fnode *t, size_t lo, size_t hi)
{
	int colmap[MAX_BANDS];
	bool have_header = false;
	hy_value *row = NULL;
	size_t i = lo;
	while (i < hi) {
		int line = c->cells->items[i].line;
		size_t j = i;
		int headers = 0;
		while (j < hi && c->cells->items[j].line == line) {
			if (header_column(c, t, j) >= 0)
				headers++;
			j++;
		}
		if (headers >= 2) {
			for (int k = 0; k < MAX_BANDS; k++)
				colmap[k] = -1;
			for (size_t k = i; k < j; k++) {
				int hc = header_column(c, t, k);
				if (hc >= 0 && c->cells->items[k].col < MAX_BANDS)
					colmap[c->cells->items[k].col] = hc;
				c->cells->items[k].used = true;
			}
			have_header = true;
			i = j;
			continue;
		}
		if (!have_header) {
			i = j;
			continue;
		}
		if (j - i >= 2 || !row) {
			if (!row_has_date(c, t, colmap, i, j))
				break; /* another table follows */
			row = tv ? imp_instance(c, tv, tv->n_inst) : NULL;
			if (!row)
				break;
		}
		for (size_t k = i; k < j; k++) {
			hy_imp_cell *cell = &c->cells->items[k];
			int col = cell->col < MAX_BANDS ? colmap[cell->col] : -1;
			if (j - i == 1 && col < 0)
				col = (int)t->n_children - 1;
			hy_value *v = col >= 0 ? column(row, t, (size_t)col) : NULL;
			if (!v)
				continue;
			cell->used = true;
			char *text = v->s && (v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT)
					     ? hy_printf("%s\n%s", v->s, cell->text)
					     : hy_strdup(cell->text);
			imp_put_value(c, v, text);
			free(text);
		}
		i = j;
	}
	return hi;
}

size_t imp_place_table(ictx *c, hy_value *tv, const hy_fnode *t, size_t cur, size_t hi)
{
	size_t end = imp_region_end(c, t, cur, hi);
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_INT)
			return place_numbered(c, tv, t, cur, end, (int)k);
	return place_headed(c, tv, t, cur, end);
}

