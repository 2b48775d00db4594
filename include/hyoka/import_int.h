/* The importer's internals, shared by its modules (not an API):
 *   src/import_labels.c  label keys, where labels are in the text, form detection
 *   src/import_place.c   a field's text placed on its value, by type; shifted cells
 *   src/import_table.c   tables: numbered 別添 items, headed 変更箇所 rows
 *   src/import.c         parts, sections and repeats aligned with the text */
#ifndef HYOKA_IMPORT_INT_H
#define HYOKA_IMPORT_INT_H

#include "hyoka/import.h"

/* One import: the form, the document being filled, the cells. */
typedef struct {
	const hy_form *form;
	hy_doc *doc;
	hy_imp_cells *cells;
	hy_imp_report *rep;
	char **keys;        /* per node serial: key of its label (repeats: before {n}) */
	bool *stop;         /* per cell: it is a printed label of the form */
	bool *pure;         /* per cell: it is a label and nothing else */
	bool *part;         /* per cell: the rest of a label wrapped onto this line */
	size_t labels_found;
	const hy_value *doubt; /* cells shifted against their labels in here */
} ictx;

/* import_labels.c */
size_t imp_find_header(const ictx *c, const char *key, size_t n, size_t lo, size_t hi);
size_t imp_find_label(const ictx *c, const hy_fnode *f, size_t lo, size_t hi);
size_t imp_find_near(const ictx *c, const hy_fnode *f, size_t lo, size_t cur, size_t hi);
const char *imp_key_of(const ictx *c, const hy_fnode *f);
bool imp_label_at(const ictx *c, size_t i, const char *key);
char *imp_label_key(const hy_fnode *f);
void imp_mark_span(ictx *c, size_t i, const char *key);
void imp_mark_stops(ictx *c);
size_t imp_region_end(const ictx *c, const hy_fnode *f, size_t from, size_t hi);
bool imp_starts(const char *s, const char *key);
bool imp_usable_key(const char *key);

/* import_place.c */
void imp_add_review(ictx *c, hy_value *v, const char *why);
char *imp_collect(ictx *c, size_t at, size_t skip, size_t hi, size_t *end, char sep);
void imp_imported(ictx *c, hy_value *v);
bool imp_only_options(const char *text);
bool imp_place_template(ictx *c, hy_value *v, const hy_fnode *f, size_t lo, size_t hi);
void imp_place_text(ictx *c, hy_value *v, char *text);
void imp_put_value(ictx *c, hy_value *v, char *text);
void imp_unlabelled_next_choice(ictx *c, hy_value *v, const char *text, size_t p, size_t hi);

/* import_table.c */
size_t imp_place_table(ictx *c, hy_value *tv, const hy_fnode *t, size_t cur, size_t hi);

/* import.c */
hy_value *imp_instance(ictx *c, hy_value *rv, size_t k);

#endif
