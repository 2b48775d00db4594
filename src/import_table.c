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
	char *name;
	char *category;
	int band;
	int name_x, last_line; /* a layout's name wraps onto the lines below */
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
		int band = cell->x >= 0 ? cell->x / 4 : cell->col;
		if (band >= MAX_BANDS)
			band = MAX_BANDS - 1;
		bool pair = i + 1 < hi && c->cells->items[i + 1].line == cell->line &&
			    !hy_imp_int(c->cells->items[i + 1].text, &num);
		if (hy_imp_int(cell->text, &num) && pair) {
			const hy_imp_cell *name = &c->cells->items[i + 1];
			hy_grow((void **)&items, &cap, n, sizeof *items);
			items[n++] = (numbered){num, i + 1, hy_strdup(name->text), pending[band], band,
						name->x, name->line};
			pending[band] = NULL;
			cell->used = c->cells->items[i + 1].used = true;
			i++;
			continue;
		}
		numbered *wrapped = NULL;
		for (size_t k = n; cell->x >= 0 && k-- > 0 && k + 4 >= n;)
			if (items[k].last_line + 1 == cell->line && abs(items[k].name_x - cell->x) <= 1)
				wrapped = &items[k];
		if (wrapped && !c->stop[i]) {
			char *joined = hy_printf("%s%s", wrapped->name, cell->text);
			free(wrapped->name);
			wrapped->name = joined;
			wrapped->last_line = cell->line;
			cell->used = true;
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
			if (text_after >= 0)
				imp_put_value(c, column(row, t, (size_t)text_after), items[i].name);
			if (items[i].category && text_before >= 0)
				imp_put_value(c, column(row, t, (size_t)text_before), items[i].category);
		}
		free(items[i].category);
		free(items[i].name);
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

/* ---- a headed table laid out with spaces ---- */

/* A header cell of a layout: a column's label, or its beginning when the
 * label wraps ("提出時" over "期"). */
static int header_prefix_column(const ictx *c, const hy_fnode *t, size_t i)
{
	int k = header_column(c, t, i);
	if (k >= 0)
		return k;
	const char *norm = c->cells->items[i].norm;
	for (size_t j = 0; j < t->n_children; j++) {
		const char *key = imp_key_of(c, t->children[j]);
		if (key && strlen(norm) >= 6 && imp_starts(key, norm))
			return (int)j;
	}
	return -1;
}

typedef struct {
	int x;        /* where the column starts */
	int column;   /* the table's column, -1 when unknown */
} layout_col;

static bool starts_date(const char *norm)
{
	return hy_starts_with(norm, "令和") || hy_starts_with(norm, "平成") ||
	       hy_starts_with(norm, "昭和") ||
	       (isdigit((unsigned char)norm[0]) && isdigit((unsigned char)norm[1]) &&
		isdigit((unsigned char)norm[2]) && isdigit((unsigned char)norm[3]));
}

static void flush_row(ictx *c, hy_value *tv, const hy_fnode *t, hy_buf *bufs, bool *any)
{
	if (!*any)
		return;
	hy_value *row = tv ? imp_instance(c, tv, tv->n_inst) : NULL;
	for (size_t k = 0; k < t->n_children; k++) {
		if (row && bufs[k].len) {
			char *text = hy_strdup(bufs[k].data);
			imp_put_value(c, hy_value_child(row, t->children[k]), text);
			free(text);
		}
		bufs[k].len = 0;
		if (bufs[k].data)
			bufs[k].data[0] = '\0';
	}
	*any = false;
}

/* Columns told by where their header cells start; a row starts where the
 * date column starts a date, and its lines are joined column by column
 * (a narrow column wraps words: no break is added). */
static size_t place_headed_layout(ictx *c, hy_value *tv, const hy_fnode *t, size_t lo, size_t hi)
{
	layout_col cols[MAX_BANDS];
	int ncols = 0;
	int date_col = -1;
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_DATE)
			date_col = (int)k;
	hy_buf *bufs = hy_calloc(t->n_children ? t->n_children : 1, sizeof *bufs);
	bool any = false;
	for (size_t i = lo; i < hi;) {
		int line = c->cells->items[i].line;
		size_t j = i;
		int headers = 0;
		while (j < hi && c->cells->items[j].line == line) {
			if (header_prefix_column(c, t, j) >= 0)
				headers++;
			j++;
		}
		if (headers >= 2) { /* a header row, on each page */
			flush_row(c, tv, t, bufs, &any);
			ncols = 0;
			for (size_t k = i; k < j && ncols < MAX_BANDS; k++) {
				cols[ncols++] = (layout_col){c->cells->items[k].x, header_prefix_column(c, t, k)};
				c->cells->items[k].used = true;
			}
			i = j;
			continue;
		}
		for (size_t k = i; ncols && k < j; k++) {
			hy_imp_cell *cell = &c->cells->items[k];
			int col = -1;
			for (int n = 0; n < ncols; n++)
				if (cols[n].x <= cell->x + 1)
					col = cols[n].column;
			if (col < 0)
				continue;
			if (col == date_col && starts_date(cell->norm))
				flush_row(c, tv, t, bufs, &any);
			if (!any && date_col >= 0 && col != date_col)
				continue; /* before the first row: the header's wrapped end */
			hy_buf_adds(&bufs[col], cell->text);
			cell->used = true;
			any = true;
		}
		i = j;
	}
	flush_row(c, tv, t, bufs, &any);
	for (size_t k = 0; k < t->n_children; k++)
		hy_buf_free(&bufs[k]);
	free(bufs);
	return hi;
}

static bool laid_out(const ictx *c, size_t lo, size_t hi)
{
	size_t layout = 0, n = 0;
	for (size_t i = lo; i < hi && n < 50; i++, n++)
		layout += c->cells->items[i].x >= 0;
	return n && layout * 2 > n;
}

size_t imp_place_table(ictx *c, hy_value *tv, const hy_fnode *t, size_t cur, size_t hi)
{
	size_t end = imp_region_end(c, t, cur, hi);
	for (size_t k = 0; k < t->n_children; k++)
		if (t->children[k]->type == HY_INT)
			return place_numbered(c, tv, t, cur, end, (int)k);
	if (laid_out(c, cur, end))
		return place_headed_layout(c, tv, t, cur, end);
	return place_headed(c, tv, t, cur, end);
}

