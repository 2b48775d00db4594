#include "hyoka/form.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"
#include "hyoka/ytree.h"
#include "form_load.h"

#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	hy_form *form;
	hy_diags *diags;
} loader;

static const struct {
	const char *name;
	hy_type type;
} type_names[] = {
	{"part", HY_PART}, {"section", HY_SECTION}, {"repeat", HY_REPEAT}, {"table", HY_TABLE},
	{"text", HY_TEXT}, {"longtext", HY_LONGTEXT}, {"int", HY_INT}, {"date", HY_DATE},
	{"choice", HY_CHOICE}, {"checks", HY_CHECKS}, {"flag", HY_FLAG}, {"list", HY_LIST},
	{"fixed", HY_FIXED}, {"ref", HY_REF},
};

const char *hy_type_name(hy_type t)
{
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (type_names[i].type == t)
			return type_names[i].name;
	return "?";
}

const char *hy_fnode_name(const hy_fnode *f)
{
	return *f->label ? f->label : f->name ? f->name : f->id;
}

bool hy_type_is_container(hy_type t)
{
	return t == HY_PART || t == HY_SECTION || t == HY_REPEAT || t == HY_TABLE;
}

bool hy_type_is_stored(hy_type t)
{
	return t != HY_FIXED && t != HY_REF;
}

/* ---- shared by the loader's files (form_load.h) ---- */

void hy_form_error(hy_diags *d, const yt_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = hy_vprintf(fmt, ap);
	va_end(ap);
	hy_diags_add(d, HY_ERROR, at ? at->line : 1, at ? at->col : 1, NULL, "%s", msg);
	free(msg);
}

char *hy_form_scalar(hy_diags *d, const yt_node *map, const char *key, bool required)
{
	const yt_node *v = yt_get(map, key);
	if (!v) {
		if (required)
			hy_form_error(d, map, _("missing '%s'"), key);
		return NULL;
	}
	if (v->kind != YT_SCALAR) {
		hy_form_error(d, v, _("'%s' must be a scalar, not %s"), key, yt_kind_name(v->kind));
		return NULL;
	}
	return hy_strndup(v->str, v->len);
}

void hy_form_check_keys(hy_diags *d, const yt_node *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, map->pairs[i].key) == 0;
		if (!ok) {
			yt_node at = {.line = map->pairs[i].line, .col = map->pairs[i].col};
			hy_form_error(d, &at, _("unknown key '%s'"), map->pairs[i].key);
		}
	}
}

void hy_form_add_dependent(hy_fnode *target, const hy_fnode *dep)
{
	for (size_t i = 0; i < target->n_dependents; i++)
		if (target->dependents[i] == dep)
			return;
	hy_grow((void **)&target->dependents, &target->cap_dependents, target->n_dependents,
		sizeof *target->dependents);
	target->dependents[target->n_dependents++] = dep;
}

/* A required scalar; "" (after the error) when it is missing, so that the
 * rest of the form can still be checked. */
static char *required_text(loader *l, const yt_node *map, const char *key)
{
	char *s = hy_form_scalar(l->diags, map, key, true);
	return s ? s : hy_strdup("");
}

static bool boolean(loader *l, const yt_node *map, const char *key, bool dflt)
{
	const yt_node *v = yt_get(map, key);
	if (!v)
		return dflt;
	if (v->kind == YT_SCALAR && (hy_streq(v->str, "true") || hy_streq(v->str, "yes")))
		return true;
	if (v->kind == YT_SCALAR && (hy_streq(v->str, "false") || hy_streq(v->str, "no")))
		return false;
	hy_form_error(l->diags, v, _("'%s' must be true or false"), key);
	return dflt;
}

static bool integer(loader *l, const yt_node *map, const char *key, long *out)
{
	const yt_node *v = yt_get(map, key);
	if (!v)
		return false;
	char *end = NULL;
	long x = v->kind == YT_SCALAR ? strtol(v->str, &end, 10) : 0;
	if (v->kind != YT_SCALAR || !*v->str || *end) {
		hy_form_error(l->diags, v, _("'%s' must be a whole number"), key);
		return false;
	}
	*out = x;
	return true;
}

static bool valid_id(const char *id, bool allow_dash)
{
	if (!id || !(*id >= 'a' && *id <= 'z'))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      (allow_dash && *p == '-')))
			return false;
	return true;
}

bool hy_form_id_is_valid(const char *id)
{
	return valid_id(id, true);
}

/* ---- option lists ---- */

static bool template_known(const hy_form *form, const char *id)
{
	for (size_t i = 0; i < form->n_templates; i++)
		if (strcmp(form->templates[i].id, id) == 0)
			return true;
	return false;
}

/* An alias is a text (older wording) or {text, template} (the wording of
 * that template). */
static void parse_alias(loader *l, hy_option *o, const yt_node *a)
{
	static const char *const keys[] = {"text", "template", NULL};
	size_t k = o->n_aliases;
	if (a->kind == YT_SCALAR) {
		o->aliases[k] = hy_strdup(a->str);
		o->n_aliases++;
		return;
	}
	if (a->kind != YT_MAP) {
		hy_form_error(l->diags, a, _("'aliases' must be a sequence of texts"));
		return;
	}
	hy_form_check_keys(l->diags, a, keys);
	o->aliases[k] = hy_form_scalar(l->diags, a, "text", true);
	o->alias_templates[k] = hy_form_scalar(l->diags, a, "template", true);
	if (!o->aliases[k])
		o->aliases[k] = hy_strdup("");
	if (o->alias_templates[k] && !template_known(l->form, o->alias_templates[k]))
		hy_form_error(l->diags, yt_get(a, "template"), _("template '%s' is not in the form's 'templates'"),
		    o->alias_templates[k]);
	o->n_aliases++;
}

static void parse_aliases(loader *l, hy_option *o, const yt_node *al)
{
	if (!al)
		return;
	if (al->kind != YT_SEQ) {
		hy_form_error(l->diags, al, _("'aliases' must be a sequence of texts"));
		return;
	}
	o->aliases = hy_calloc(al->n, sizeof *o->aliases);
	o->alias_templates = hy_calloc(al->n, sizeof *o->alias_templates);
	for (size_t i = 0; i < al->n; i++)
		parse_alias(l, o, al->items[i]);
}

static void parse_option(loader *l, hy_option *o, const yt_node *n)
{
	static const char *const keys[] = {"text", "aliases", "detail", "exclusive", "break",
					   "group", "counts", "count_exact", "detail_optional", NULL};
	memset(o, 0, sizeof *o);
	if (n->kind == YT_SCALAR) {
		o->text = hy_strdup(n->str);
		return;
	}
	if (n->kind != YT_MAP) {
		hy_form_error(l->diags, n, _("an option must be a text or a mapping"));
		o->text = hy_strdup("");
		return;
	}
	hy_form_check_keys(l->diags, n, keys);
	o->text = required_text(l, n, "text");
	parse_aliases(l, o, yt_get(n, "aliases"));
	o->count_exact = boolean(l, n, "count_exact", false);
	char *detail = hy_form_scalar(l->diags, n, "detail", false);
	if (detail && strcmp(detail, "text") == 0)
		o->detail = HY_DETAIL_TEXT;
	else if (detail && strcmp(detail, "count") == 0)
		o->detail = HY_DETAIL_COUNT;
	else if (detail)
		hy_form_error(l->diags, yt_get(n, "detail"), _("'detail' must be 'text' or 'count'"));
	free(detail);
	o->detail_optional = boolean(l, n, "detail_optional", false);
	if (o->detail_optional && o->detail != HY_DETAIL_TEXT)
		hy_form_error(l->diags, yt_get(n, "detail_optional"), _("'detail_optional' goes with 'detail: text'"));
	o->exclusive = boolean(l, n, "exclusive", false);
	o->row_break = boolean(l, n, "break", false);
	o->group = hy_form_scalar(l->diags, n, "group", false);
	o->counts_path = hy_form_scalar(l->diags, n, "counts", false);
	if (o->group)
		o->row_break = true;
}

static int by_option_text(const void *a, const void *b)
{
	const hy_option *x = *(const hy_option *const *)a, *y = *(const hy_option *const *)b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x > y) - (x < y);
}

/* Each option after the first with the same text is reported where it is
 * written, in the list's order.  Sorted, not pairwise: a list may be long
 * (all the municipalities of a prefecture). */
static void report_repeated_options(loader *l, const hy_list *list, const yt_node *opts)
{
	size_t n = list->n_options;
	const hy_option **sorted = hy_calloc(n, sizeof *sorted);
	bool *repeated = hy_calloc(n, sizeof *repeated);
	for (size_t i = 0; i < n; i++)
		sorted[i] = &list->options[i];
	qsort(sorted, n, sizeof *sorted, by_option_text);
	for (size_t i = 1; i < n; i++)
		if (strcmp(sorted[i - 1]->text, sorted[i]->text) == 0)
			repeated[sorted[i] - list->options] = true;
	for (size_t i = 0; i < n; i++)
		if (repeated[i])
			hy_form_error(l->diags, opts->items[i], _("option '%s' appears twice in list '%s'"),
			    list->options[i].text, list->id);
	free(repeated);
	free(sorted);
}

static hy_list *parse_list(loader *l, const char *id, const yt_node *n)
{
	static const char *const keys[] = {"ref", "number", "caption", "columns", "options", NULL};
	hy_list *list = hy_calloc(1, sizeof *list);
	list->id = hy_strdup(id);
	list->line = n->line;
	list->col = n->col;
	list->columns = 1;
	if (n->kind != YT_MAP) {
		hy_form_error(l->diags, n, _("option list '%s' must be a mapping"), id);
		return list;
	}
	hy_form_check_keys(l->diags, n, keys);
	list->ref = hy_form_scalar(l->diags, n, "ref", false);
	list->number_fmt = hy_form_scalar(l->diags, n, "number", false);
	if (!list->number_fmt)
		list->number_fmt = hy_strdup("{n}） ");
	list->caption = hy_form_scalar(l->diags, n, "caption", false);
	if (!list->caption)
		list->caption = hy_strdup("＜選択肢＞");
	long cols = 1;
	if (integer(l, n, "columns", &cols) && (cols < 1 || cols > 6))
		hy_form_error(l->diags, yt_get(n, "columns"), _("'columns' must be from 1 to 6"));
	list->columns = cols < 1 || cols > 6 ? 1 : (int)cols;
	const yt_node *opts = yt_get(n, "options");
	if (!opts || opts->kind != YT_SEQ || opts->n == 0) {
		hy_form_error(l->diags, opts ? opts : n, _("option list '%s' has no options"), id);
		return list;
	}
	if (opts->n > HY_OPTIONS_MAX) {
		hy_form_error(l->diags, opts, _("option list '%s' has %zu options; at most %d are allowed"), id,
		    opts->n, HY_OPTIONS_MAX);
		return list;
	}
	list->options = hy_calloc(opts->n, sizeof *list->options);
	for (size_t i = 0; i < opts->n; i++)
		parse_option(l, &list->options[i], opts->items[i]);
	list->n_options = opts->n;
	report_repeated_options(l, list, opts);
	return list;
}

static hy_list *find_list(const hy_form *f, const char *id)
{
	for (size_t i = 0; i < f->n_lists; i++)
		if (strcmp(f->lists[i]->id, id) == 0)
			return f->lists[i];
	return NULL;
}

/* ---- conditions ---- */

static void parse_cond_one(loader *l, hy_cond *c, const yt_node *n)
{
	static const char *const keys[] = {"field", "is", "not", "has", "lacks", "set", NULL};
	memset(c, 0, sizeof *c);
	c->option = -1;
	c->line = n->line;
	c->col = n->col;
	if (n->kind != YT_MAP) {
		hy_form_error(l->diags, n, _("a condition must be a mapping such as {field: x, is: y}"));
		return;
	}
	hy_form_check_keys(l->diags, n, keys);
	c->path = hy_form_scalar(l->diags, n, "field", true);
	static const struct { const char *key; hy_cond_op op; } ops[] = {
		{"is", HY_COND_IS}, {"not", HY_COND_NOT}, {"has", HY_COND_HAS},
		{"lacks", HY_COND_LACKS}, {"set", HY_COND_SET},
	};
	int found = 0;
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		const yt_node *v = yt_get(n, ops[i].key);
		if (!v)
			continue;
		found++;
		c->op = ops[i].op;
		if (v->kind != YT_SCALAR) {
			hy_form_error(l->diags, v, _("'%s' must be a scalar"), ops[i].key);
			continue;
		}
		free(c->value); /* two operators: an error below, and no leak */
		c->value = hy_strdup(v->str);
	}
	if (found != 1)
		hy_form_error(l->diags, n, _("a condition needs exactly one of is, not, has, lacks, set"));
}

static void parse_conds(loader *l, hy_conds *cs, const yt_node *n)
{
	if (!n)
		return;
	if (n->kind == YT_SEQ) {
		cs->items = hy_calloc(n->n, sizeof *cs->items);
		for (size_t i = 0; i < n->n; i++)
			parse_cond_one(l, &cs->items[cs->n++], n->items[i]);
		return;
	}
	cs->items = hy_calloc(1, sizeof *cs->items);
	parse_cond_one(l, &cs->items[cs->n++], n);
}

/* ---- nodes ---- */

static const char *const node_keys[] = {
	"id", "type", "label", "name", "title_en", "help", "help_en", "note", "when", "important",
	"indent", "children", "toc", "page", "title", "min", "max", "follows", "required",
	"require_if", "suggest_if", "expected", "pending_in_draft", "same_as", "list", "unit",
	"partial", "notes", "inline", "columns", "heads", "warn_empty",
	"text", "ref", "width",
	"print", "print_as", "toc_label", "groups", "align", "omit", "numbered", "join",
	/* the last two lines: print-only, read by hy_form_parse_print (form_print.c) */
	NULL};

static bool parse_type(loader *l, const yt_node *n, hy_type *out, hy_type dflt)
{
	const yt_node *t = yt_get(n, "type");
	if (!t) {
		*out = dflt;
		return true;
	}
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (t->kind == YT_SCALAR && strcmp(type_names[i].name, t->str) == 0) {
			*out = type_names[i].type;
			return true;
		}
	hy_form_error(l->diags, t, _("unknown type '%s'"), t->kind == YT_SCALAR ? t->str : "?");
	return false;
}

static hy_fnode *parse_node(loader *l, const yt_node *n, hy_fnode *parent, int depth,
			    hy_type dflt);

static void parse_children(loader *l, hy_fnode *node, const yt_node *kids, int depth)
{
	if (!kids)
		return;
	if (kids->kind != YT_SEQ) {
		hy_form_error(l->diags, kids, _("'children' must be a sequence"));
		return;
	}
	node->children = hy_calloc(kids->n, sizeof *node->children);
	for (size_t i = 0; i < kids->n; i++) {
		hy_fnode *c = parse_node(l, kids->items[i], node, depth + 1,
					 node->type == HY_TABLE ? HY_TEXT : HY_SECTION);
		if (!c)
			continue;
		for (size_t j = 0; j < node->n_children; j++)
			if (c->id && node->children[j]->id && strcmp(c->id, node->children[j]->id) == 0)
				hy_form_error(l->diags, kids->items[i], _("duplicate id '%s'"), c->id);
		c->index = node->n_children;
		node->children[node->n_children++] = c;
	}
}

static void parse_field_extras(loader *l, hy_fnode *f, const yt_node *n)
{
	long x;
	if (integer(l, n, "min", &x)) {
		f->has_min = true;
		f->min = x;
	}
	if (integer(l, n, "max", &x)) {
		f->has_max = true;
		f->max = x;
	}
	f->unit = hy_form_scalar(l->diags, n, "unit", false);
	f->partial_date = boolean(l, n, "partial", false);
	f->date_notes = boolean(l, n, "notes", false);
	f->inline_flag = boolean(l, n, "inline", false);
	f->text = hy_form_scalar(l->diags, n, "text", false);
	f->ref_path = hy_form_scalar(l->diags, n, "ref", false);
	f->same_as_path = hy_form_scalar(l->diags, n, "same_as", false);
	f->heads_path = hy_form_scalar(l->diags, n, "heads", false);
	if (f->heads_path && f->type != HY_LIST)
		hy_form_error(l->diags, yt_get(n, "heads"), _("'heads' is for a list field; '%s' is a %s"), f->id,
		    hy_type_name(f->type));
	f->required = boolean(l, n, "required", false);
	f->expected = boolean(l, n, "expected", false);
	f->pending_in_draft = boolean(l, n, "pending_in_draft", false);
	parse_conds(l, &f->require_if, yt_get(n, "require_if"));
	parse_conds(l, &f->suggest_if, yt_get(n, "suggest_if"));
	char *list = hy_form_scalar(l->diags, n, "list", f->type == HY_CHOICE || f->type == HY_CHECKS);
	if (list) {
		f->list = find_list(l->form, list);
		if (!f->list)
			hy_form_error(l->diags, yt_get(n, "list"), _("option list '%s' is not defined"), list);
		free(list);
	}
	if (f->type == HY_REF && !f->ref_path)
		hy_form_error(l->diags, n, _("a ref needs 'ref: PATH'"));
}

static hy_fnode *parse_node(loader *l, const yt_node *n, hy_fnode *parent, int depth,
			    hy_type dflt)
{
	if (n->kind != YT_MAP) {
		hy_form_error(l->diags, n, _("a form node must be a mapping"));
		return NULL;
	}
	if (depth > 16) {
		hy_form_error(l->diags, n, _("form nesting deeper than 16 levels"));
		return NULL;
	}
	hy_form_check_keys(l->diags, n, node_keys);
	hy_fnode *f = hy_calloc(1, sizeof *f);
	f->parent = parent;
	f->depth = depth;
	f->line = n->line;
	f->col = n->col;
	if (!parse_type(l, n, &f->type, dflt))
		f->type = HY_SECTION;
	if (depth == 0 && f->type != HY_PART)
		hy_form_error(l->diags, n, _("a top-level node must be a part"));
	f->id = hy_form_scalar(l->diags, n, "id", true);
	if (f->id && !valid_id(f->id, false))
		hy_form_error(l->diags, yt_get(n, "id"), _("id '%s' must be ASCII: a lowercase letter, then [a-z0-9_]"),
		    f->id);
	if (!f->id)
		f->id = hy_strdup("");
	f->label = hy_form_scalar(l->diags, n, "label", false);
	if (!f->label)
		f->label = hy_strdup("");
	f->title_en = hy_form_scalar(l->diags, n, "title_en", false);
	f->name = hy_form_scalar(l->diags, n, "name", false);
	f->help = hy_form_scalar(l->diags, n, "help", false);
	f->help_en = hy_form_scalar(l->diags, n, "help_en", false);
	f->note = hy_form_scalar(l->diags, n, "note", false);
	parse_conds(l, &f->when, yt_get(n, "when"));
	long indent = 0, width = 0;
	integer(l, n, "indent", &indent);
	f->indent = (int)indent;
	if (integer(l, n, "width", &width) && (width < 2 || width > 60))
		hy_form_error(l->diags, yt_get(n, "width"), _("'width' must be from 2 to 60 columns"));
	f->width = width >= 2 && width <= 60 ? (int)width : 0;
	const yt_node *imp = yt_get(n, "important");
	if (imp)
		f->important = boolean(l, n, "important", false);
	else if (parent && parent->depth >= 0)
		f->important = parent->important || strstr(f->label, "※") != NULL;
	else
		f->important = strstr(f->label, "※") != NULL;
	f->toc = boolean(l, n, "toc", true);
	f->page = boolean(l, n, "page", true);
	hy_form_parse_print(l->diags, f, n);
	if (f->type == HY_REPEAT || f->type == HY_TABLE) {
		long x;
		f->repeat_label = f->type == HY_REPEAT ? hy_strdup(f->label) : NULL;
		f->title_id = hy_form_scalar(l->diags, n, "title", false);
		f->follows_path = hy_form_scalar(l->diags, n, "follows", false);
		f->warn_empty = boolean(l, n, "warn_empty", false);
		if (integer(l, n, "min", &x)) {
			f->has_min = true;
			f->min = x;
		}
		if (integer(l, n, "max", &x)) {
			f->has_max = true;
			f->max = x;
		}
		if (f->has_min && f->has_max && f->min > f->max)
			hy_form_error(l->diags, n, _("repeat '%s' has min greater than max"), f->id);
		if ((f->has_min && (f->min < 0 || f->min > 1000)) ||
		    (f->has_max && (f->max < 0 || f->max > 100000)))
			hy_form_error(l->diags, n, _("repeat '%s': min must be 0 to 1000 and max 0 to 100000"), f->id);
	}
	if (f->type == HY_TABLE) {
		parse_children(l, f, yt_get(n, "columns"), depth);
		for (size_t i = 0; i < f->n_children; i++)
			if (hy_type_is_container(f->children[i]->type) ||
			    !hy_type_is_stored(f->children[i]->type))
				hy_form_error(l->diags, n, _("table column '%s' must be a field"), f->children[i]->id);
	} else if (hy_type_is_container(f->type)) {
		parse_children(l, f, yt_get(n, "children"), depth);
	} else {
		if (yt_get(n, "children"))
			hy_form_error(l->diags, yt_get(n, "children"), _("a %s field cannot have children"),
			    hy_type_name(f->type));
		parse_field_extras(l, f, n);
	}
	if (f->type == HY_TABLE || f->type == HY_REPEAT) {
		/* a table column of type choice needs its list too */
		for (size_t i = 0; i < f->n_children; i++)
			if (f->children[i]->type == HY_CHOICE && !f->children[i]->list)
				hy_form_error(l->diags, n, _("column '%s' needs a list"), f->children[i]->id);
	}
	return f;
}

/* ---- resolution ---- */

static bool is_ancestor(const hy_fnode *a, const hy_fnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* May a path from `from` step into repeat r? Only when `from` is inside it,
 * or inside a repeat that follows it (Ⅲ per file of Ⅱ). */
static bool may_enter(const hy_fnode *r, const hy_fnode *from)
{
	if (is_ancestor(r, from))
		return true;
	for (const hy_fnode *a = from; a; a = a->parent)
		if ((a->type == HY_REPEAT || a->type == HY_TABLE) && a->follows == r)
			return true;
	return false;
}

static const hy_fnode *resolve_from(const hy_fnode *scope, const hy_fnode *from, const char *path,
				    bool absolute)
{
	const hy_fnode *cur = scope;
	const char *p = path;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if ((cur->type == HY_REPEAT || cur->type == HY_TABLE) && cur != scope && !absolute &&
		    !may_enter(cur, from))
			return NULL;
		const hy_fnode *next = NULL;
		for (size_t i = 0; i < cur->n_children && !next; i++)
			if (strlen(cur->children[i]->id) == len &&
			    strncmp(cur->children[i]->id, p, len) == 0)
				next = cur->children[i];
		if (!next)
			return NULL;
		cur = next;
		p = dot ? dot + 1 : p + len;
	}
	return cur == scope ? NULL : cur;
}

const hy_fnode *hy_form_lookup(const hy_form *form, const hy_fnode *from, const char *path)
{
	(void)form;
	if (!path || !*path)
		return NULL;
	for (const hy_fnode *scope = from->parent ? from->parent : from; scope;
	     scope = scope->parent) {
		const hy_fnode *r = resolve_from(scope, from, path, false);
		if (r)
			return r;
	}
	return NULL;
}

const hy_fnode *hy_form_find(const hy_form *form, const char *path)
{
	return resolve_from(&form->root, &form->root, path, true);
}

static void resolve_cond(loader *l, hy_fnode *owner, hy_cond *c)
{
	yt_node at = {.line = c->line, .col = c->col};
	if (!c->path)
		return;
	c->target = hy_form_lookup(l->form, owner, c->path);
	if (!c->target) {
		hy_form_error(l->diags, &at, _("condition names '%s', which is not a field here"), c->path);
		return;
	}
	if (is_ancestor(owner, c->target)) {
		hy_form_error(l->diags, &at, _("condition of '%s' depends on itself"), owner->id);
		c->target = NULL;
		return;
	}
	const hy_fnode *t = c->target;
	if (c->op == HY_COND_SET) {
		c->truth = hy_streq(c->value, "true");
		if (!hy_streq(c->value, "true") && !hy_streq(c->value, "false"))
			hy_form_error(l->diags, &at, _("'set' must be true or false"));
	} else if (t->type == HY_FLAG) {
		c->truth = hy_streq(c->value, "true");
		if ((c->op != HY_COND_IS && c->op != HY_COND_NOT) ||
		    (!hy_streq(c->value, "true") && !hy_streq(c->value, "false")))
			hy_form_error(l->diags, &at, _("a flag condition is 'is: true' or 'is: false'"));
	} else if (t->type == HY_CHOICE || t->type == HY_CHECKS) {
		bool alias = false;
		c->option = t->list ? hy_list_find(t->list, c->value, &alias) : -1;
		if (c->option < 0)
			hy_form_error(l->diags, &at, _("'%s' is not an option of '%s'"), c->value ? c->value : "",
			    t->id);
		if ((c->op == HY_COND_HAS || c->op == HY_COND_LACKS) && t->type != HY_CHECKS)
			hy_form_error(l->diags, &at, _("'has'/'lacks' need a checks field; '%s' is a %s"), t->id,
			    hy_type_name(t->type));
	} else {
		hy_form_error(l->diags, &at, _("conditions can test choice, checks and flag fields, or 'set'; '%s' is a %s"),
		    t->id, hy_type_name(t->type));
	}
	hy_form_add_dependent((hy_fnode *)t, owner);
}

const hy_fnode *hy_grid_cells(const hy_fnode *f)
{
	if (f->type != HY_REPEAT)
		return NULL;
	for (size_t i = 0; i < f->n_children; i++)
		if (f->children[i]->type == HY_LIST && f->children[i]->heads_path)
			return f->children[i];
	return NULL;
}

/* `heads`: the list naming the columns that this list's items fill. */
static void resolve_heads(loader *l, hy_fnode *f)
{
	yt_node at = {.line = f->line, .col = f->col};
	const hy_fnode *h = hy_form_lookup(l->form, f, f->heads_path);
	if (!h || h->type != HY_LIST || h == f) {
		hy_form_error(l->diags, &at, _("'heads' names '%s', which is not another list field"), f->heads_path);
		return;
	}
	f->heads = h;
	hy_form_add_dependent((hy_fnode *)h, f);
}

static void resolve_node(loader *l, hy_fnode *f)
{
	hy_conds *sets[] = {&f->when, &f->require_if, &f->suggest_if};
	for (size_t s = 0; s < 3; s++)
		for (size_t i = 0; i < sets[s]->n; i++)
			resolve_cond(l, f, &sets[s]->items[i]);
	yt_node at = {.line = f->line, .col = f->col};
	if (f->follows_path) {
		f->follows = hy_form_find(l->form, f->follows_path);
		if (!f->follows || f->follows->type != HY_REPEAT) {
			hy_form_error(l->diags, &at, _("'follows' names '%s', which is not a repeat"), f->follows_path);
			f->follows = NULL;
		} else {
			hy_fnode *leader = (hy_fnode *)f->follows;
			leader->followers = hy_realloc(leader->followers,
						       (leader->n_followers + 1) * sizeof *leader->followers);
			leader->followers[leader->n_followers++] = f;
		}
	}
	if (f->title_id) {
		for (size_t i = 0; i < f->n_children && !f->title_child; i++)
			if (strcmp(f->children[i]->id, f->title_id) == 0)
				f->title_child = f->children[i];
		if (!f->title_child)
			hy_form_error(l->diags, &at, _("'title' names '%s', which is not a field of '%s'"), f->title_id,
			    f->id);
	}
	if (f->ref_path) {
		f->ref_target = hy_form_lookup(l->form, f, f->ref_path);
		if (!f->ref_target)
			hy_form_error(l->diags, &at, _("ref names '%s', which is not a field here"), f->ref_path);
	}
	if (f->same_as_path) {
		f->same_as = hy_form_lookup(l->form, f, f->same_as_path);
		if (!f->same_as || f->same_as->type != HY_LIST || !hy_fnode_repeat(f)) {
			hy_form_error(l->diags, &at, _("'same_as' names '%s', which is not a list of texts (and '%s' "
				      "must be in a repeat)"),
			    f->same_as_path, f->id);
			f->same_as = NULL;
		} else {
			hy_form_add_dependent((hy_fnode *)f->same_as, f);
		}
	}
	if (f->heads_path)
		resolve_heads(l, f);
	if (f->print == HY_PRINT_GRID && !hy_grid_cells(f))
		hy_form_error(l->diags, &at, _("'print: grid' is for a repeat with a list field that has 'heads'"));
	if (f->warn_empty)
		hy_form_add_dependent(f, f); /* an edit inside an entry re-checks the entry */
	if (f->list)
		for (size_t i = 0; i < f->list->n_options; i++) {
			hy_option *o = &f->list->options[i];
			if (!o->counts_path || o->counts)
				continue;
			const hy_fnode *r = hy_form_lookup(l->form, f, o->counts_path);
			if (r && r->type == HY_REPEAT) {
				o->counts = r;
				hy_form_add_dependent((hy_fnode *)r, f);
			}
		}
	for (size_t i = 0; i < f->n_children; i++)
		resolve_node(l, f->children[i]);
}

static void number_nodes(hy_form *form, hy_fnode *f)
{
	if (f != &form->root) {
		form->all = hy_realloc(form->all, (form->n_all + 1) * sizeof *form->all);
		f->serial = form->n_all;
		form->all[form->n_all++] = f;
	}
	for (size_t i = 0; i < f->n_children; i++)
		number_nodes(form, f->children[i]);
}

/* Applicability cycles: a node's `when` reads a field whose own applicability
 * (or an ancestor's) reads the node again. */
static bool cycle_from(const hy_fnode *f, unsigned char *state)
{
	if (state[f->serial] == 1)
		return true;
	if (state[f->serial] == 2)
		return false;
	state[f->serial] = 1;
	for (const hy_fnode *a = f; a && a->depth >= 0; a = a->parent)
		for (size_t i = 0; i < a->when.n; i++)
			if (a->when.items[i].target && cycle_from(a->when.items[i].target, state))
				return true;
	state[f->serial] = 2;
	return false;
}

static void check_cycles(loader *l)
{
	unsigned char *state = hy_calloc(l->form->n_all, 1);
	for (size_t i = 0; i < l->form->n_all; i++) {
		const hy_fnode *f = l->form->all[i];
		if (f->when.n && cycle_from(f, state)) {
			yt_node at = {.line = f->line, .col = f->col};
			hy_form_error(l->diags, &at, _("the conditions of '%s' form a cycle"), f->id);
			break;
		}
	}
	free(state);
}

static void parse_template(loader *l, hy_template *t, const yt_node *n)
{
	static const char *const keys[] = {"id", "stamp", "also", "note", NULL};
	t->line = n->line;
	t->col = n->col;
	if (n->kind != YT_MAP) {
		hy_form_error(l->diags, n, _("a template must be a mapping with id and stamp"));
		t->id = hy_strdup("");
		return;
	}
	hy_form_check_keys(l->diags, n, keys);
	t->id = required_text(l, n, "id");
	t->stamp = hy_form_scalar(l->diags, n, "stamp", false);
	const yt_node *also = yt_get(n, "also");
	if (also && also->kind != YT_SEQ) {
		hy_form_error(l->diags, also, _("'also' must be a sequence of texts"));
		return;
	}
	t->also = hy_calloc(also ? also->n : 1, sizeof *t->also);
	for (size_t i = 0; also && i < also->n; i++)
		if (also->items[i]->kind == YT_SCALAR)
			t->also[t->n_also++] = hy_strdup(also->items[i]->str);
}

static void parse_templates(loader *l, const yt_node *n)
{
	if (!n)
		return;
	if (n->kind != YT_SEQ) {
		hy_form_error(l->diags, n, _("'templates' must be a sequence, oldest first"));
		return;
	}
	hy_form *f = l->form;
	f->templates = hy_calloc(n->n ? n->n : 1, sizeof *f->templates);
	for (size_t i = 0; i < n->n; i++) {
		hy_template *t = &f->templates[f->n_templates++];
		parse_template(l, t, n->items[i]);
		for (size_t j = 0; j + 1 < f->n_templates; j++)
			if (strcmp(f->templates[j].id, t->id) == 0)
				hy_form_error(l->diags, n->items[i], _("duplicate id '%s'"), t->id);
	}
}

/* Compiled once here only to refuse a pattern that is not one, where it is
 * written; the importer compiles it again when it reads a text. */
static void parse_document_start(loader *l, const yt_node *doc)
{
	char *pattern = hy_form_scalar(l->diags, doc, "document_start", false);
	if (!pattern)
		return;
	regex_t re;
	int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char why[256];
		regerror(rc, &re, why, sizeof why);
		hy_form_error(l->diags, yt_get(doc, "document_start"),
			      _("'document_start' is not an extended regular expression: %s"), why);
		free(pattern);
		return;
	}
	regfree(&re);
	l->form->document_start = pattern;
}

static void parse_form(loader *l, const yt_node *doc)
{
	static const char *const keys[] = {"id", "title", "title_en", "stamp", "note", "name_field",
					   "document_start", "threshold", "templates", "lists",
					   "parts", NULL};
	hy_form *f = l->form;
	if (doc->kind != YT_MAP) {
		hy_form_error(l->diags, doc, _("a form must be a mapping with id, title, lists and parts"));
		return;
	}
	hy_form_check_keys(l->diags, doc, keys);
	f->id = hy_form_scalar(l->diags, doc, "id", true);
	if (f->id && !valid_id(f->id, true))
		hy_form_error(l->diags, yt_get(doc, "id"), _("form id '%s' must start with a lowercase letter and use "
					    "only lowercase letters, digits and '-'"), f->id);
	f->title = hy_form_scalar(l->diags, doc, "title", true);
	f->title_en = hy_form_scalar(l->diags, doc, "title_en", false);
	f->stamp = hy_form_scalar(l->diags, doc, "stamp", false);
	f->note = hy_form_scalar(l->diags, doc, "note", false);
	f->name_field_path = hy_form_scalar(l->diags, doc, "name_field", false);
	parse_document_start(l, doc);
	parse_templates(l, yt_get(doc, "templates"));
	const yt_node *lists = yt_get(doc, "lists");
	if (lists && lists->kind == YT_MAP) {
		f->lists = hy_calloc(lists->n, sizeof *f->lists);
		for (size_t i = 0; i < lists->n; i++)
			f->lists[f->n_lists++] = parse_list(l, lists->pairs[i].key, lists->pairs[i].value);
	} else if (lists) {
		hy_form_error(l->diags, lists, _("'lists' must be a mapping of list ids to lists"));
	}
	const yt_node *parts = yt_get(doc, "parts");
	if (!parts || parts->kind != YT_SEQ || parts->n == 0) {
		hy_form_error(l->diags, parts ? parts : doc, _("a form needs a non-empty 'parts' sequence"));
		return;
	}
	f->root.type = HY_SECTION;
	f->root.id = hy_strdup("");
	f->root.label = hy_strdup("");
	f->root.depth = -1;
	f->root.children = hy_calloc(parts->n, sizeof *f->root.children);
	for (size_t i = 0; i < parts->n; i++) {
		hy_fnode *p = parse_node(l, parts->items[i], &f->root, 0, HY_PART);
		if (!p)
			continue;
		for (size_t j = 0; j < f->root.n_children; j++)
			if (strcmp(p->id, f->root.children[j]->id) == 0)
				hy_form_error(l->diags, parts->items[i], _("duplicate id '%s'"), p->id);
		p->index = f->root.n_children;
		f->root.children[f->root.n_children++] = p;
	}
	number_nodes(f, &f->root);
	for (size_t i = 0; i < f->root.n_children; i++)
		resolve_node(l, f->root.children[i]);
	hy_form_parse_threshold(l->diags, l->form, yt_get(doc, "threshold"));
	if (f->name_field_path) {
		f->name_field = hy_form_find(f, f->name_field_path);
		if (!f->name_field)
			hy_form_error(l->diags, yt_get(doc, "name_field"), _("name_field '%s' is not a field"),
			    f->name_field_path);
	}
	check_cycles(l);
	hy_form_check_print(l->diags, f);
}

hy_form *hy_form_load_text(const char *text, size_t len, const char *name, hy_diags *diags)
{
	char *perr = NULL;
	int line, col;
	yt_node *doc = yt_parse(text, len, &perr, &line, &col);
	if (!doc) {
		hy_diags_add(diags, HY_ERROR, line, col, NULL, "%s", perr);
		free(perr);
		return NULL;
	}
	loader l = {.form = hy_calloc(1, sizeof(hy_form)), .diags = diags};
	l.form->file = hy_strdup(name);
	size_t before = hy_diags_count(diags, HY_ERROR);
	parse_form(&l, doc);
	yt_free(doc);
	if (hy_diags_count(diags, HY_ERROR) > before) {
		hy_form_free(l.form);
		return NULL;
	}
	return l.form;
}

hy_form *hy_form_load_file(const char *path, hy_diags *diags)
{
	size_t len;
	char *e = NULL;
	char *text = hy_read_file(path, (size_t)8 << 20, &len, &e);
	if (!text) {
		hy_diags_add(diags, HY_ERROR, 0, 0, NULL, _("cannot read form: %s"), e);
		free(e);
		return NULL;
	}
	hy_form *f = hy_form_load_text(text, len, path, diags);
	free(text);
	return f;
}

static void free_conds(hy_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].path);
		free(c->items[i].value);
	}
	free(c->items);
}

static void free_node(hy_fnode *f)
{
	for (size_t i = 0; i < f->n_children; i++) {
		free_node(f->children[i]);
		free(f->children[i]);
	}
	free(f->children);
	free(f->id);
	free(f->label);
	free(f->title_en);
	free(f->name);
	free(f->help);
	free(f->help_en);
	free(f->note);
	free(f->text);
	free(f->unit);
	free(f->repeat_label);
	free(f->print_as);
	free(f->toc_label);
	free(f->numbered);
	free(f->join_item);
	free(f->join_sep);
	free(f->join_last);
	free(f->group_label);
	free(f->group_starts);
	free(f->title_id);
	free(f->follows_path);
	free(f->followers);
	free(f->ref_path);
	free(f->same_as_path);
	free(f->heads_path);
	free(f->dependents);
	free_conds(&f->when);
	free_conds(&f->require_if);
	free_conds(&f->suggest_if);
}

void hy_form_free(hy_form *form)
{
	if (!form)
		return;
	free_node(&form->root);
	for (size_t i = 0; i < form->n_lists; i++) {
		hy_list *l = form->lists[i];
		for (size_t j = 0; j < l->n_options; j++) {
			hy_option *o = &l->options[j];
			free(o->text);
			for (size_t k = 0; k < o->n_aliases; k++) {
				free(o->aliases[k]);
				free(o->alias_templates[k]);
			}
			free(o->aliases);
			free(o->alias_templates);
			free(o->group);
			free(o->counts_path);
		}
		free(l->options);
		free(l->id);
		free(l->ref);
		free(l->number_fmt);
		free(l->caption);
		free(l);
	}
	free(form->lists);
	free(form->all);
	free(form->id);
	free(form->title);
	free(form->title_en);
	free(form->stamp);
	free(form->note);
	free(form->name_field_path);
	free(form->document_start);
	free(form->file);
	for (size_t i = 0; i < form->n_templates; i++) {
		hy_template *tp = &form->templates[i];
		free(tp->id);
		free(tp->stamp);
		for (size_t k = 0; k < tp->n_also; k++)
			free(tp->also[k]);
		free(tp->also);
	}
	free(form->templates);
	hy_threshold_spec *t = &form->threshold;
	free(t->bands);
	free(t->results);
	free(t->kind);
	free(t->population_path);
	free(t->handlers_path);
	free(t->incident_path);
	free(t->result_path);
	free(form);
}

static bool template_stamped(const hy_template *t, const char *stamp)
{
	if (t->stamp && strcmp(t->stamp, stamp) == 0)
		return true;
	for (size_t k = 0; k < t->n_also; k++)
		if (strcmp(t->also[k], stamp) == 0)
			return true;
	return false;
}

const hy_template *hy_form_template(const hy_form *form, const char *form_version)
{
	if (!form->n_templates)
		return NULL;
	for (size_t i = 0; form_version && i < form->n_templates; i++)
		if (template_stamped(&form->templates[i], form_version))
			return &form->templates[i];
	return &form->templates[form->n_templates - 1];
}

bool hy_form_knows_stamp(const hy_form *form, const char *form_version)
{
	if (form->stamp && hy_streq(form->stamp, form_version))
		return true;
	for (size_t i = 0; i < form->n_templates; i++)
		if (template_stamped(&form->templates[i], form_version))
			return true;
	return false;
}

const char *hy_option_template(const hy_option *o, const char *text)
{
	for (size_t k = 0; text && k < o->n_aliases; k++)
		if (strcmp(o->aliases[k], text) == 0)
			return o->alias_templates[k];
	return NULL;
}

int hy_list_find(const hy_list *list, const char *text, bool *alias)
{
	if (alias)
		*alias = false;
	if (!list || !text)
		return -1;
	for (size_t i = 0; i < list->n_options; i++)
		if (strcmp(list->options[i].text, text) == 0)
			return (int)i;
	for (size_t i = 0; i < list->n_options; i++)
		for (size_t k = 0; k < list->options[i].n_aliases; k++)
			if (strcmp(list->options[i].aliases[k], text) == 0) {
				if (alias)
					*alias = true;
				return (int)i;
			}
	return -1;
}

char *hy_list_number(const hy_list *list, size_t index)
{
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = list->number_fmt; *p; p++) {
		if (p[0] == '{' && p[1] == 'n' && p[2] == '}') {
			hy_buf_addf(&b, "%zu", index + 1);
			p += 2;
		} else {
			hy_buf_addc(&b, *p);
		}
	}
	return hy_buf_take(&b);
}

const hy_fnode *hy_fnode_repeat(const hy_fnode *n)
{
	for (n = n ? n->parent : NULL; n; n = n->parent)
		if (n->type == HY_REPEAT || n->type == HY_TABLE)
			return n;
	return NULL;
}

/* Length in bytes of a leading label number: Ⅰ-Ⅻ, "１．"/"1.", ①-⑳, ㉑-㊿. */
static size_t number_prefix(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	/* Roman numerals U+2160..U+216B: E2 85 A0..AB */
	if (u[0] == 0xE2 && u[1] == 0x85 && u[2] >= 0xA0 && u[2] <= 0xAB)
		return 3;
	/* circled numbers U+2460..U+2473: E2 91 A0..B3 */
	if (u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3)
		return 3;
	/* full-width digits U+FF10..U+FF19: EF BC 90..99, then U+FF0E (EF BC 8E) */
	size_t i = 0;
	while (u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99)
		i += 3;
	if (i > 0 && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] == 0x8E)
		return i + 3;
	i = 0;
	while (u[i] >= '0' && u[i] <= '9')
		i++;
	if (i > 0 && (u[i] == '.' || u[i] == ' '))
		return i + 1;
	return 0;
}

void hy_label_split(const char *label, char **number, char **rest)
{
	size_t n = number_prefix(label);
	const char *r = label + n;
	while (*r == ' ' || strncmp(r, "　", 3) == 0)
		r += *r == ' ' ? 1 : 3;
	*number = hy_strndup(label, n);
	*rest = hy_strdup(r);
}

char *hy_fnode_id_path(const hy_fnode *n)
{
	if (!n || n->depth < 0)
		return hy_strdup("");
	char *up = hy_fnode_id_path(n->parent);
	char *p = *up ? hy_printf("%s.%s", up, n->id) : hy_strdup(n->id);
	free(up);
	return p;
}
