/* Internal to the form loader: form.c reads a form file and checks it; the
 * print-only keys (form_print.c) and what the threshold lists mean
 * (form_threshold.c) are read apart.  Errors go to d at the node's line and
 * column (line 1 when there is no node). */
#ifndef HYOKA_FORM_LOAD_H
#define HYOKA_FORM_LOAD_H

#include "hyoka/diag.h"
#include "hyoka/form.h"
#include "hyoka/ytree.h"

#include <stdbool.h>

void hy_form_error(hy_diags *d, const yt_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The scalar under key, copied; NULL (and an error if required) when absent
 * or not a scalar. */
char *hy_form_scalar(hy_diags *d, const yt_node *map, const char *key, bool required);
/* An error for each key of map not in the NULL-terminated allowed list. */
void hy_form_check_keys(hy_diags *d, const yt_node *map, const char *const *allowed);
/* An edit of target re-checks dep. */
void hy_form_add_dependent(hy_fnode *target, const hy_fnode *dep);

/* Reads print, print_as, toc_label, groups, align, omit, numbered and join
 * into f; a wrong value is an error in d at its line and column. */
void hy_form_parse_print(hy_diags *d, hy_fnode *f, const yt_node *n);

/* Once the form is whole: every {path} of a `print_as` names a field. */
void hy_form_check_print(hy_diags *d, const hy_form *form);

/* The form's `threshold` mapping (NULL: none): the fields the しきい値判断
 * reads and what their options mean, checked against the form's lists, so a
 * renamed option cannot silently switch a check off. */
void hy_form_parse_threshold(hy_diags *d, hy_form *form, const yt_node *n);

#endif
