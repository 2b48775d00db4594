/* The print-only keys of a form node (forms/README.md, "Printing"): how
 * layout.c prints it, never what a document holds.  Kept apart from form.c,
 * which reads everything else. */
#include "form_load.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

/* The outline keys (forms/README.md, "Printing"): align, omit, numbered, join. */
static void parse_print_outline(hy_diags *d, hy_fnode *f, const yt_node *n)
{
	char *align = hy_form_scalar(d, n, "align", false);
	if (align && !strcmp(align, "center"))
		f->align = HY_ALIGN_CENTER;
	else if (align && !strcmp(align, "right"))
		f->align = HY_ALIGN_RIGHT;
	else if (align && strcmp(align, "left"))
		hy_form_error(d, yt_get(n, "align"), _("'align' must be left, center or right"));
	free(align);
	const yt_node *o = yt_get(n, "omit");
	size_t no = o ? (o->kind == YT_SEQ ? o->n : 1) : 0;
	for (size_t i = 0; i < no; i++) {
		const yt_node *w = o->kind == YT_SEQ ? o->items[i] : o;
		bool in = w->kind == YT_SCALAR && !strcmp(w->str, "inapplicable");
		bool em = w->kind == YT_SCALAR && !strcmp(w->str, "empty");
		if (!in && !em)
			hy_form_error(d, w, _("'omit' takes inapplicable and empty"));
		f->omit_inapplicable |= in;
		f->omit_empty |= em;
	}
	f->numbered = hy_form_scalar(d, n, "numbered", false);
	const yt_node *j = yt_get(n, "join");
	if (j) {
		f->join_item = hy_form_scalar(d, j, "item", false);
		f->join_sep = hy_form_scalar(d, j, "sep", true);
		f->join_last = hy_form_scalar(d, j, "last", false);
	}
}

/* Print-only keys (forms/README.md, "Printing"): how layout.c prints a node. */
void hy_form_parse_print(hy_diags *d, hy_fnode *f, const yt_node *n)
{
	static const char *const names[] = {"row",     "caption", "inside", "group", "no_header",
					    "outline", "none",    "prefix", "lines", "grid"};
	char *print = hy_form_scalar(d, n, "print", false);
	for (size_t i = 0; print && i < sizeof names / sizeof *names; i++)
		if (strcmp(print, names[i]) == 0)
			f->print = (hy_print)i;
	if (print && f->print == HY_PRINT_ROW && strcmp(print, "row") != 0)
		hy_form_error(d, yt_get(n, "print"), _("'print' must be row, caption, inside, group, no_header, "
					      "outline, none, prefix, lines or grid"));
	free(print);
	parse_print_outline(d, f, n);
	f->print_as = hy_form_scalar(d, n, "print_as", false);
	f->toc_label = hy_form_scalar(d, n, "toc_label", false);
	const yt_node *g = yt_get(n, "groups");
	if (!g)
		return;
	const yt_node *starts = yt_get(g, "starts");
	f->group_label = hy_form_scalar(d, g, "label", true);
	if (!starts || starts->kind != YT_SEQ || !starts->n) {
		hy_form_error(d, g, _("'groups' needs a label and a list of starts"));
		return;
	}
	f->group_starts = hy_calloc(starts->n, sizeof *f->group_starts);
	for (size_t i = 0; i < starts->n; i++) {
		char *end = NULL;
		const char *s = starts->items[i]->kind == YT_SCALAR ? starts->items[i]->str : "";
		long v = strtol(s, &end, 10);
		if (!*s || *end || v < 1 || v > 100000 || (i && v <= f->group_starts[i - 1]))
			hy_form_error(d, starts->items[i], _("'groups' starts must be increasing entry numbers"));
		f->group_starts[f->n_groups++] = v;
	}
}

/* Are the placeholders of f's template known: {value}, {spaced}, a path? */
static void check_template(hy_diags *d, const hy_form *form, const hy_fnode *f)
{
	for (const char *p = f->print_as; (p = strchr(p, '{')) != NULL;) {
		const char *close = strchr(p, '}');
		if (!close)
			return;
		char *name = hy_strndup(p + 1, (size_t)(close - p - 1));
		if (strcmp(name, "value") && strcmp(name, "spaced") && !hy_form_lookup(form, f, name)) {
			yt_node at = {.line = f->line, .col = f->col};
			hy_form_error(d, &at, _("print_as of '%s' names '%s', which is not a field"), f->id, name);
		}
		free(name);
		p = close + 1;
	}
}

void hy_form_check_print(hy_diags *d, const hy_form *form)
{
	for (size_t i = 0; i < form->n_all; i++)
		if (form->all[i]->print_as && form->all[i]->print != HY_PRINT_INSIDE)
			check_template(d, form, form->all[i]);
}
