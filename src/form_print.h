/* Internal to the form loader (form.c): the print-only keys. */
#ifndef HYOKA_FORM_PRINT_H
#define HYOKA_FORM_PRINT_H

#include "hyoka/diag.h"
#include "hyoka/form.h"
#include "hyoka/ytree.h"

/* Reads print, print_as, toc_label, groups, align, omit, numbered and join
 * into f; a wrong value is an error in d at its line and column. */
void hy_form_parse_print(hy_diags *d, hy_fnode *f, const yt_node *n);

/* Once the form is whole: every {path} of a `print_as` names a field. */
void hy_form_check_print(hy_diags *d, const hy_form *form);

#endif
