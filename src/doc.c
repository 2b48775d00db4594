#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* ---- construction ---- */

static hy_value *value_new(const hy_fnode *f, hy_value *parent, bool instance);

static void fill_kids(hy_value *v, const hy_fnode *f)
{
	v->kids = hy_calloc(f->n_children, sizeof *v->kids);
	for (size_t i = 0; i < f->n_children; i++)
		if (hy_type_is_stored(f->children[i]->type))
			v->kids[i] = value_new(f->children[i], v, false);
}

static hy_value *value_new(const hy_fnode *f, hy_value *parent, bool instance)
{
	hy_value *v = hy_calloc(1, sizeof *v);
	v->f = f;
	v->parent = parent;
	v->is_instance = instance;
	v->opt = -1;
	v->flag = -1;
	if (instance || f->type == HY_PART || f->type == HY_SECTION) {
		fill_kids(v, f);
	} else if (f->type == HY_CHECKS && f->list) {
		v->checked = hy_calloc(f->list->n_options, sizeof *v->checked);
		v->details = hy_calloc(f->list->n_options, sizeof *v->details);
		v->written = hy_calloc(f->list->n_options, sizeof *v->written);
	}
	return v;
}

static void value_free(hy_value *v)
{
	if (!v)
		return;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			value_free(v->kids[i]);
	free(v->kids);
	for (size_t i = 0; i < v->n_inst; i++)
		value_free(v->inst[i]);
	free(v->inst);
	free(v->s);
	free(v->detail);
	if (v->details)
		for (size_t i = 0; i < v->f->list->n_options; i++) {
			free(v->details[i]);
			free(v->written[i]);
		}
	free(v->details);
	free(v->written);
	free(v->checked);
	for (size_t i = 0; i < v->n_unknown; i++)
		free(v->unknown[i]);
	free(v->unknown);
	for (size_t i = 0; i < v->n_items; i++)
		free(v->items[i]);
	free(v->items);
	yt_free(v->extra);
	yt_free(v->raw);
	hy_value_clear_issues(v);
	free(v->issues);
	free(v);
}

static hy_value *instance_new(hy_value *rep, size_t index)
{
	hy_value *inst = value_new(rep->f, rep, true);
	inst->index = index;
	return inst;
}

static void insert_instance(hy_value *rep, size_t at, hy_value *inst)
{
	hy_grow((void **)&rep->inst, &rep->cap_inst, rep->n_inst, sizeof *rep->inst);
	memmove(rep->inst + at + 1, rep->inst + at, (rep->n_inst - at) * sizeof *rep->inst);
	rep->inst[at] = inst;
	rep->n_inst++;
	for (size_t i = at; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
}

static void add_min_instances(hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->f->has_min && !v->f->when.n &&
	    !v->f->follows)
		while ((long)v->n_inst < v->f->min)
			insert_instance(v, v->n_inst, instance_new(v, v->n_inst));
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			add_min_instances(v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		add_min_instances(v->inst[i]);
}

static hy_doc *doc_alloc(const hy_form *form)
{
	hy_doc *doc = hy_calloc(1, sizeof *doc);
	doc->form = form;
	doc->root = value_new(&form->root, NULL, false);
	hy_diags_init(&doc->notes);
	return doc;
}

/* Gives every follower repeat as many instances as its leader has. */
static void sync_followers(hy_doc *doc, hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->f->follows) {
		hy_value *leader = hy_value_resolve(doc, v->parent, v->f->follows);
		while (leader && v->n_inst < leader->n_inst) {
			hy_value *inst = instance_new(v, v->n_inst);
			insert_instance(v, v->n_inst, inst);
			add_min_instances(inst);
		}
	}
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			sync_followers(doc, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		sync_followers(doc, v->inst[i]);
}

hy_doc *hy_doc_new(const hy_form *form)
{
	hy_doc *doc = doc_alloc(form);
	add_min_instances(doc->root);
	sync_followers(doc, doc->root);
	hy_validate_all(doc);
	return doc;
}

void hy_doc_free(hy_doc *doc)
{
	if (!doc)
		return;
	value_free(doc->root);
	free(doc->path);
	free(doc->form_version);
	yt_free(doc->top_extra);
	hy_diags_free(&doc->notes);
	free(doc);
}

/* ---- loading ---- */

typedef struct {
	hy_doc *doc;
	hy_diags *diags;
} reader;

static void note(reader *r, hy_severity sev, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void note(reader *r, hy_severity sev, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = hy_vprintf(fmt, ap);
	va_end(ap);
	hy_diags_add(&r->doc->notes, sev, line, col, NULL, "%s", m);
	free(m);
}

static void read_value(reader *r, hy_value *v, const yt_node *n);

static void read_container(reader *r, hy_value *v, const yt_node *n)
{
	if (yt_is_null(n))
		return;
	if (n->kind != YT_MAP) {
		v->raw = yt_clone(n);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const yt_pair *p = &n->pairs[i];
		const hy_fnode *child = NULL;
		for (size_t k = 0; k < v->f->n_children && !child; k++)
			if (strcmp(v->f->children[k]->id, p->key) == 0 &&
			    hy_type_is_stored(v->f->children[k]->type))
				child = v->f->children[k];
		if (!child) {
			note(r, HY_WARNING, p->line, p->col,
			     _("unknown key '%s' (kept as it is)"), p->key);
			if (!v->extra)
				v->extra = yt_new(YT_MAP, p->line, p->col);
			yt_map_add(v->extra, p->key, p->line, p->col, yt_clone(p->value));
			continue;
		}
		read_value(r, v->kids[child->index], p->value);
	}
}

static void read_repeat(reader *r, hy_value *v, const yt_node *n)
{
	if (yt_is_null(n))
		return;
	if (n->kind != YT_SEQ) {
		v->raw = yt_clone(n);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		hy_value *inst = instance_new(v, v->n_inst);
		inst->line = n->items[i]->line;
		inst->col = n->items[i]->col;
		insert_instance(v, v->n_inst, inst);
		read_container(r, inst, n->items[i]);
	}
}

/* Splits an option entry: "text" or {text: detail}. */
static bool option_entry(const yt_node *n, const char **text, const yt_node **detail)
{
	if (n->kind == YT_SCALAR) {
		*text = n->str;
		*detail = NULL;
		return true;
	}
	if (n->kind == YT_MAP && n->n == 1) {
		*text = n->pairs[0].key;
		*detail = n->pairs[0].value;
		return (*detail)->kind == YT_SCALAR;
	}
	return false;
}

static char *detail_text(const yt_node *d)
{
	return d && !yt_is_null(d) ? hy_strndup(d->str, d->len) : NULL;
}

static void read_choice(reader *r, hy_value *v, const yt_node *n)
{
	const char *text;
	const yt_node *detail;
	if (!option_entry(n, &text, &detail)) {
		v->raw = yt_clone(n);
		return;
	}
	bool alias = false;
	v->opt = hy_list_find(v->f->list, text, &alias);
	if (alias)
		note(r, HY_WARNING, n->line, n->col,
		     _("older wording '%s' (the current form says '%s'); kept as written"), text,
		     v->f->list->options[v->opt].text);
	v->s = hy_strdup(text);
	v->detail = detail_text(detail);
}

static void read_checks_items(reader *r, hy_value *v, const yt_node *n, const yt_node *original);

static void read_checks(reader *r, hy_value *v, const yt_node *n)
{
	if (n->kind == YT_SCALAR || n->kind == YT_MAP) {
		/* one entry written without the sequence */
		yt_node seq = {.kind = YT_SEQ, .line = n->line, .col = n->col};
		yt_node *one = (yt_node *)n;
		seq.items = &one;
		seq.n = 1;
		read_checks_items(r, v, &seq, n);
		return;
	}
	read_checks_items(r, v, n, n);
}

/* `original` is what the file holds, kept as it is when it is of the wrong shape. */
static void read_checks_items(reader *r, hy_value *v, const yt_node *n, const yt_node *original)
{
	for (size_t i = 0; i < n->n; i++) {
		const char *text;
		const yt_node *detail;
		const yt_node *item = n->items[i];
		if (!option_entry(item, &text, &detail)) {
			for (size_t k = 0; k < v->f->list->n_options; k++) {
				v->checked[k] = false;
				free(v->details[k]);
				v->details[k] = NULL;
			}
			v->raw = yt_clone(original);
			return;
		}
		bool alias = false;
		int o = hy_list_find(v->f->list, text, &alias);
		if (o < 0) {
			v->unknown = hy_realloc(v->unknown, (v->n_unknown + 1) * sizeof *v->unknown);
			v->unknown[v->n_unknown++] = hy_strdup(text);
			continue;
		}
		if (alias) {
			note(r, HY_WARNING, item->line, item->col,
			     _("older wording '%s' (the current form says '%s'); kept as written"),
			     text, v->f->list->options[o].text);
			free(v->written[o]);
			v->written[o] = hy_strdup(text);
		}
		if (v->checked[o])
			note(r, HY_WARNING, item->line, item->col, _("'%s' is listed twice"), text);
		v->checked[o] = true;
		free(v->details[o]);
		v->details[o] = detail_text(detail);
	}
}

static void read_list(hy_value *v, const yt_node *n)
{
	if (n->kind == YT_SCALAR) {
		v->items = hy_calloc(1, sizeof *v->items);
		v->items[v->n_items++] = hy_strndup(n->str, n->len);
		return;
	}
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		if (n->items[i]->kind != YT_SCALAR) {
			v->raw = yt_clone(n);
			return;
		}
	if (n->kind != YT_SEQ) {
		v->raw = yt_clone(n);
		return;
	}
	v->items = hy_calloc(n->n, sizeof *v->items);
	for (size_t i = 0; i < n->n; i++)
		v->items[v->n_items++] = hy_strndup(n->items[i]->str, n->items[i]->len);
}

static void read_value(reader *r, hy_value *v, const yt_node *n)
{
	v->line = n->line;
	v->col = n->col;
	switch (v->f->type) {
	case HY_PART:
	case HY_SECTION:
		read_container(r, v, n);
		return;
	case HY_REPEAT:
	case HY_TABLE:
		read_repeat(r, v, n);
		return;
	default:
		break;
	}
	if (yt_is_null(n))
		return;
	switch (v->f->type) {
	case HY_TEXT:
	case HY_LONGTEXT:
	case HY_INT:
	case HY_DATE:
		if (n->kind != YT_SCALAR)
			v->raw = yt_clone(n);
		else
			v->s = hy_strndup(n->str, n->len);
		break;
	case HY_CHOICE:
		read_choice(r, v, n);
		break;
	case HY_CHECKS:
		read_checks(r, v, n);
		break;
	case HY_FLAG:
		if (n->kind == YT_SCALAR && (hy_streq(n->str, "true") || hy_streq(n->str, "yes")))
			v->flag = 1;
		else if (n->kind == YT_SCALAR && (hy_streq(n->str, "false") || hy_streq(n->str, "no")))
			v->flag = 0;
		else
			v->raw = yt_clone(n);
		break;
	case HY_LIST:
		read_list(v, n);
		break;
	default:
		break;
	}
}

static void remember_disk_state(hy_doc *doc, const char *path)
{
	struct stat st;
	doc->has_disk_state = stat(path, &st) == 0;
	if (doc->has_disk_state) {
		doc->disk_mtime = st.st_mtim;
		doc->disk_size = st.st_size;
		doc->disk_ino = st.st_ino;
	}
}

hy_doc *hy_doc_load_text(const hy_forms *forms, const char *text, size_t len,
			 const char *name, hy_diags *diags)
{
	(void)name;
	char *perr = NULL;
	int line, col;
	yt_node *top = yt_parse(text, len, &perr, &line, &col);
	if (!top) {
		hy_diags_add(diags, HY_ERROR, line, col, NULL, "%s", perr);
		free(perr);
		return NULL;
	}
	if (top->kind != YT_MAP) {
		hy_diags_add(diags, HY_ERROR, top->line, top->col, NULL,
			     _("a document must be a mapping starting with 'form: ID'"));
		yt_free(top);
		return NULL;
	}
	const yt_node *fid = yt_get(top, "form");
	if (fid && fid->kind != YT_SCALAR) {
		hy_diags_add(diags, HY_ERROR, fid->line, fid->col, NULL,
			     _("'form' must be a form id such as full or focused, not %s"),
			     yt_kind_name(fid->kind));
		yt_free(top);
		return NULL;
	}
	if (!fid || yt_is_null(fid)) {
		hy_diags_add(diags, HY_ERROR, fid ? fid->line : 1, fid ? fid->col : 1, NULL,
			     _("missing 'form: ID' naming the document's form"));
		yt_free(top);
		return NULL;
	}
	const hy_form *form = hy_forms_get(forms, fid->str);
	if (!form) {
		hy_buf known;
		hy_buf_init(&known);
		for (size_t i = 0; i < forms->n; i++)
			hy_buf_addf(&known, "%s%s", i ? ", " : "", forms->forms[i]->id);
		hy_diags_add(diags, HY_ERROR, fid->line, fid->col, NULL,
			     _("unknown form '%s' (known forms: %s)"), fid->str,
			     known.data ? known.data : "-");
		hy_buf_free(&known);
		yt_free(top);
		return NULL;
	}
	hy_doc *doc = doc_alloc(form);
	reader r = {.doc = doc, .diags = diags};
	yt_node parts = {.kind = YT_MAP, .line = top->line, .col = top->col};
	yt_pair *pairs = hy_calloc(top->n, sizeof *pairs);
	parts.pairs = pairs;
	int version_line = 1, version_col = 1;
	for (size_t i = 0; i < top->n; i++) {
		const yt_pair *p = &top->pairs[i];
		if (strcmp(p->key, "form") == 0)
			continue;
		if (strcmp(p->key, "form_version") == 0) {
			if (p->value->kind == YT_SCALAR)
				doc->form_version = hy_strdup(p->value->str);
			version_line = p->line;
			version_col = p->col;
			continue;
		}
		pairs[parts.n++] = *p;
	}
	read_container(&r, doc->root, &parts);
	free(pairs);
	doc->top_extra = doc->root->extra;
	doc->root->extra = NULL;
	if (doc->form_version && form->stamp && !hy_streq(doc->form_version, form->stamp))
		note(&r, HY_WARNING, version_line, version_col,
		     _("form_version '%s' differs from the form's '%s'; it will be saved as the latter"),
		     doc->form_version, form->stamp);
	yt_free(top);
	hy_validate_all(doc);
	return doc;
}

hy_doc *hy_doc_load(const hy_forms *forms, const char *path, hy_diags *diags)
{
	size_t len;
	char *e = NULL;
	char *text = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &e);
	if (!text) {
		hy_diags_add(diags, HY_ERROR, 0, 0, NULL, _("cannot read: %s"), e);
		free(e);
		return NULL;
	}
	hy_doc *doc = hy_doc_load_text(forms, text, len, path, diags);
	free(text);
	if (doc) {
		doc->path = hy_strdup(path);
		remember_disk_state(doc, path);
	}
	return doc;
}

/* ---- writing ---- */

typedef struct {
	yaml_emitter_t em;
	hy_buf out;
	bool failed;
} writer;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	hy_buf_add((hy_buf *)data, (const char *)buffer, size);
	return 1;
}

static void emit(writer *w, yaml_event_t *ev)
{
	if (w->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&w->em, ev))
		w->failed = true;
}

static bool looks_special(const char *s)
{
	static const char *const words[] = {"", "~", "null", "Null", "NULL", "true", "True",
					    "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
					    "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
					    NULL};
	for (const char *const *w = words; *w; w++)
		if (strcmp(s, *w) == 0)
			return true;
	return false;
}

static void emit_scalar(writer *w, const char *s, bool text_value)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (text_value && strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (text_value && looks_special(s))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
				     style);
	emit(w, &ev);
}

static void emit_map_start(writer *w)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	emit(w, &ev);
}

static void emit_map_end(writer *w)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(w, &ev);
}

static void emit_seq_start(writer *w)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit(w, &ev);
}

static void emit_seq_end(writer *w)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(w, &ev);
}

static void emit_yt(writer *w, const yt_node *n)
{
	if (n->kind == YT_SCALAR) {
		yaml_event_t ev;
		/* both implicit flags: libyaml must never add a "!" tag; a quoted
		 * text that reads as null stays quoted */
		bool plain_null = n->plain && yt_is_null(n);
		bool quote = !n->plain && looks_special(n->str);
		yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)n->str, (int)n->len, 1, 1,
					     plain_null ? YAML_PLAIN_SCALAR_STYLE
					     : quote ? YAML_SINGLE_QUOTED_SCALAR_STYLE
					     : strchr(n->str, '\n') ? YAML_LITERAL_SCALAR_STYLE
					     : YAML_ANY_SCALAR_STYLE);
		emit(w, &ev);
	} else if (n->kind == YT_SEQ) {
		emit_seq_start(w);
		for (size_t i = 0; i < n->n; i++)
			emit_yt(w, n->items[i]);
		emit_seq_end(w);
	} else {
		emit_map_start(w);
		for (size_t i = 0; i < n->n; i++) {
			emit_scalar(w, n->pairs[i].key, false);
			emit_yt(w, n->pairs[i].value);
		}
		emit_map_end(w);
	}
}

static void emit_option(writer *w, const char *text, const char *detail)
{
	if (!detail) {
		emit_scalar(w, text, true);
		return;
	}
	emit_map_start(w);
	emit_scalar(w, text, false);
	emit_scalar(w, detail, true);
	emit_map_end(w);
}

static void emit_value(writer *w, const hy_value *v);

static void emit_fields(writer *w, const hy_value *v, const yt_node *extra)
{
	for (size_t i = 0; i < v->f->n_children; i++) {
		const hy_value *k = v->kids[i];
		if (!k || hy_value_is_empty(k))
			continue;
		emit_scalar(w, k->f->id, false);
		emit_value(w, k);
	}
	for (size_t i = 0; extra && i < extra->n; i++) {
		emit_scalar(w, extra->pairs[i].key, false);
		emit_yt(w, extra->pairs[i].value);
	}
}

static void emit_value(writer *w, const hy_value *v)
{
	if (v->raw) {
		emit_yt(w, v->raw);
		return;
	}
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION) {
		emit_map_start(w);
		emit_fields(w, v, v->extra);
		emit_map_end(w);
		return;
	}
	switch (v->f->type) {
	case HY_REPEAT:
	case HY_TABLE:
		emit_seq_start(w);
		for (size_t i = 0; i < v->n_inst; i++)
			emit_value(w, v->inst[i]);
		emit_seq_end(w);
		break;
	case HY_INT:
		emit_scalar(w, v->s, false);
		break;
	case HY_CHOICE:
		emit_option(w, v->s, v->detail);
		break;
	case HY_CHECKS:
		emit_seq_start(w);
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i])
				emit_option(w, v->written[i] ? v->written[i] : v->f->list->options[i].text,
					    v->details[i]);
		for (size_t i = 0; i < v->n_unknown; i++)
			emit_scalar(w, v->unknown[i], true);
		emit_seq_end(w);
		break;
	case HY_FLAG:
		emit_scalar(w, v->flag ? "true" : "false", false);
		break;
	case HY_LIST:
		emit_seq_start(w);
		for (size_t i = 0; i < v->n_items; i++)
			emit_scalar(w, v->items[i], true);
		emit_seq_end(w);
		break;
	default:
		emit_scalar(w, v->s ? v->s : "", true);
		break;
	}
}

char *hy_doc_to_yaml(const hy_doc *doc, size_t *len)
{
	writer w;
	memset(&w, 0, sizeof w);
	hy_buf_init(&w.out);
	if (!yaml_emitter_initialize(&w.em))
		return NULL;
	yaml_emitter_set_output(&w.em, write_handler, &w.out);
	yaml_emitter_set_unicode(&w.em, 1);
	yaml_emitter_set_width(&w.em, -1);
	yaml_emitter_set_indent(&w.em, 2);
	yaml_emitter_set_break(&w.em, YAML_LN_BREAK);
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&w, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&w, &ev);
	emit_map_start(&w);
	emit_scalar(&w, "form", false);
	emit_scalar(&w, doc->form->id, true); /* quoted if it reads as null or a boolean */
	emit_scalar(&w, "form_version", false);
	emit_scalar(&w, doc->form->stamp ? doc->form->stamp : "", true);
	emit_fields(&w, doc->root, doc->top_extra);
	emit_map_end(&w);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&w, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&w, &ev);
	yaml_emitter_flush(&w.em);
	yaml_emitter_delete(&w.em);
	if (w.failed) {
		hy_buf_free(&w.out);
		return NULL;
	}
	if (len)
		*len = w.out.len;
	return hy_buf_take(&w.out);
}

/* ---- atomic saving ---- */

static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return hy_strdup(".");
	if (slash == path)
		return hy_strdup("/");
	return hy_strndup(path, (size_t)(slash - path));
}

static void fsync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Keeps the current file as PATH~: a hard link where possible, so the backup
 * is the old inode itself; a copy otherwise. */
static bool make_backup(const char *path, char **err)
{
	char *bak = hy_printf("%s~", path);
	char *tmp = hy_printf("%s~.tmp", path);
	unlink(tmp);
	bool ok = link(path, tmp) == 0 && rename(tmp, bak) == 0;
	if (!ok) {
		unlink(tmp);
		size_t len;
		char *e = NULL;
		char *old = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &e);
		struct stat st;
		mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0600;
		ok = old && hy_write_atomic(bak, old, len, mode, false, err);
		if (!old)
			*err = hy_printf(_("cannot keep a backup: %s"), e);
		free(e);
		free(old);
	}
	free(bak);
	free(tmp);
	return ok;
}

bool hy_write_atomic(const char *path, const char *data, size_t len, mode_t new_mode,
		     bool backup, char **err)
{
	struct stat st;
	bool exists = stat(path, &st) == 0;
	mode_t mode = exists ? (st.st_mode & 07777) : new_mode;
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *tmp = hy_printf("%s/.%s.XXXXXX", dir, base);
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = hy_printf(_("cannot create a temporary file beside %s: %s"), path,
				 strerror(errno));
		free(tmp);
		return false;
	}
	/* keep the file's permissions (mkstemp creates 0600) */
	bool ok = fchmod(fd, mode) == 0;
	int saved = errno;
	if (ok) {
		ok = write_all(fd, data, len);
		saved = errno;
	}
	if (ok && fsync(fd) != 0) {
		ok = false;
		saved = errno;
	}
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		*err = hy_printf(_("cannot write %s: %s"), path, strerror(saved));
		unlink(tmp);
		free(tmp);
		return false;
	}
	if (exists && backup && !make_backup(path, err)) {
		unlink(tmp);
		free(tmp);
		return false;
	}
	if (rename(tmp, path) != 0) {
		*err = hy_printf(_("cannot replace %s: %s"), path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	fsync_dir(path);
	return true;
}

bool hy_doc_changed_on_disk(const hy_doc *doc)
{
	if (!doc->path || !doc->has_disk_state)
		return false;
	struct stat st;
	if (stat(doc->path, &st) != 0)
		return false;
	return st.st_ino != doc->disk_ino || st.st_size != doc->disk_size ||
	       st.st_mtim.tv_sec != doc->disk_mtime.tv_sec ||
	       st.st_mtim.tv_nsec != doc->disk_mtime.tv_nsec;
}

hy_save_result hy_doc_save(hy_doc *doc, const char *path, bool force, char **err)
{
	*err = NULL;
	bool same_file = doc->path && strcmp(doc->path, path) == 0;
	if (same_file && !force && hy_doc_changed_on_disk(doc)) {
		*err = hy_printf(_("%s changed on disk since it was opened"), path);
		return HY_SAVE_CHANGED_ON_DISK;
	}
	size_t len;
	char *text = hy_doc_to_yaml(doc, &len);
	if (!text) {
		*err = hy_strdup(_("cannot produce YAML for this document"));
		return HY_SAVE_FAILED;
	}
	bool ok = hy_write_atomic(path, text, len, 0644 & ~0, true, err);
	free(text);
	if (!ok)
		return HY_SAVE_FAILED;
	if (!same_file) {
		free(doc->path);
		doc->path = hy_strdup(path);
	}
	remember_disk_state(doc, path);
	doc->modified = false;
	return HY_SAVE_OK;
}

/* ---- access ---- */

hy_value *hy_value_child(const hy_value *container, const hy_fnode *child)
{
	if (!container || !container->kids || child->parent != container->f)
		return NULL;
	return container->kids[child->index];
}

/* The chain root..target of form nodes (excluding the root). */
static size_t chain_of(const hy_fnode *t, const hy_fnode **chain, size_t max)
{
	size_t n = 0;
	for (const hy_fnode *a = t; a && a->depth >= 0; a = a->parent)
		n++;
	if (n > max)
		return 0;
	size_t i = n;
	for (const hy_fnode *a = t; a && a->depth >= 0; a = a->parent)
		chain[--i] = a;
	return n;
}

/* Descends from container value `cur` (whose form node is chain[from-1], or the
 * root) along chain[from..n-1]. Refuses to enter a repeat's instances. */
static hy_value *descend(hy_value *cur, const hy_fnode **chain, size_t from, size_t n)
{
	for (size_t i = from; i < n && cur; i++) {
		if (!cur->kids)
			return NULL;
		cur = cur->kids[chain[i]->index];
		if (cur && i + 1 < n && (cur->f->type == HY_REPEAT || cur->f->type == HY_TABLE))
			return NULL;
	}
	return cur;
}

hy_value *hy_value_resolve(const hy_doc *doc, const hy_value *from, const hy_fnode *target)
{
	const hy_fnode *chain[64];
	size_t n = chain_of(target, chain, 64);
	if (n == 0)
		return NULL;
	for (const hy_value *a = from; a; a = a->parent) {
		bool container = a->is_instance || a->f->type == HY_PART ||
				 a->f->type == HY_SECTION;
		if (!container)
			continue;
		if (a == doc->root)
			return descend((hy_value *)a, chain, 0, n);
		for (size_t j = 0; j < n; j++)
			if (chain[j] == a->f)
				return j + 1 == n ? (hy_value *)a
						  : descend((hy_value *)a, chain, j + 1, n);
		/* Across `follows`: instance i of a follower reads instance i of its leader. */
		if (a->is_instance && a->f->follows) {
			for (size_t j = 0; j < n; j++) {
				if (chain[j] != a->f->follows)
					continue;
				hy_value *leader = hy_value_resolve(doc, a->parent, a->f->follows);
				if (!leader || a->index >= leader->n_inst)
					return NULL;
				return descend(leader->inst[a->index], chain, j + 1, n);
			}
		}
	}
	return NULL;
}

bool hy_value_is_empty(const hy_value *v)
{
	if (v->raw || v->extra)
		return false;
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION) {
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i] && !hy_value_is_empty(v->kids[i]))
				return false;
		return true;
	}
	switch (v->f->type) {
	case HY_REPEAT:
	case HY_TABLE:
		return v->n_inst == 0;
	case HY_CHOICE:
		return !v->s;
	case HY_CHECKS:
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i])
				return false;
		return v->n_unknown == 0;
	case HY_FLAG:
		return v->flag < 0;
	case HY_LIST:
		return v->n_items == 0;
	default:
		return !v->s || !*v->s;
	}
}

char *hy_value_text(const hy_value *v)
{
	switch (v->f->type) {
	case HY_CHOICE:
		if (!v->s)
			return hy_strdup("");
		return v->detail ? hy_printf("%s （ %s ）", v->s, v->detail) : hy_strdup(v->s);
	case HY_LIST: {
		hy_buf b;
		hy_buf_init(&b);
		for (size_t i = 0; i < v->n_items; i++)
			hy_buf_addf(&b, "%s%s", i ? "\n" : "", v->items[i]);
		return hy_buf_take(&b);
	}
	default:
		return hy_strdup(v->s ? v->s : "");
	}
}

#define HY_PREVIEW_BYTES 1024

char *hy_value_preview(const hy_value *v)
{
	if (v->s && strlen(v->s) > HY_PREVIEW_BYTES &&
	    (v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT)) {
		size_t len = HY_PREVIEW_BYTES;
		while (len > 0 && ((unsigned char)v->s[len] & 0xC0) == 0x80)
			len--;
		char *t = hy_strndup(v->s, len);
		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		return t;
	}
	hy_buf b;
	hy_buf_init(&b);
	if (v->raw) {
		hy_buf_adds(&b, _("(value of the wrong shape)"));
		return hy_buf_take(&b);
	}
	switch (v->f->type) {
	case HY_REPEAT:
	case HY_TABLE:
		hy_buf_addf(&b, P_("%zu entry", "%zu entries", v->n_inst), v->n_inst);
		break;
	case HY_CHECKS:
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i]) {
				hy_buf_addf(&b, "%s%s", b.len ? "、" : "",
					    v->written[i] ? v->written[i] : v->f->list->options[i].text);
				if (v->details[i])
					hy_buf_addf(&b, "（%s）", v->details[i]);
			}
		for (size_t i = 0; i < v->n_unknown; i++)
			hy_buf_addf(&b, "%s%s", b.len ? "、" : "", v->unknown[i]);
		break;
	case HY_FLAG:
		hy_buf_adds(&b, v->flag == 1 ? "[ ○ ]" : v->flag == 0 ? "[　 ]" : "");
		break;
	case HY_LIST:
		for (size_t i = 0; i < v->n_items; i++)
			hy_buf_addf(&b, "%s%s", i ? "、" : "", v->items[i]);
		break;
	default: {
		/* a preview is one screen line: never copy a whole long text */
		char *t = hy_value_text(v);
		size_t len = strlen(t);
		if (len > HY_PREVIEW_BYTES) {
			len = HY_PREVIEW_BYTES;
			while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
				len--;
			t[len] = '\0';
		}
		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		hy_buf_adds(&b, t);
		free(t);
	}
	}
	return hy_buf_take(&b);
}

char *hy_instance_title(const hy_value *inst)
{
	const hy_fnode *r = inst->f;
	hy_buf b;
	hy_buf_init(&b);
	const char *fmt = r->repeat_label && *r->repeat_label ? r->repeat_label : "{n}";
	bool had_n = false;
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '{' && p[1] == 'n' && p[2] == '}') {
			hy_buf_addf(&b, "%zu", inst->index + 1);
			p += 2;
			had_n = true;
		} else {
			hy_buf_addc(&b, *p);
		}
	}
	if (!had_n)
		hy_buf_addf(&b, "%zu", inst->index + 1);
	const hy_fnode *tc = r->title_child;
	if (!tc && r->follows)
		tc = r->follows->title_child;
	const hy_value *tv = NULL;
	if (tc && tc->parent == r)
		tv = inst->kids[tc->index];
	else if (tc && r->follows && inst->parent) {
		hy_value *leader = NULL;
		/* follower: the title comes from the leader's instance */
		const hy_value *root = inst;
		while (root->parent)
			root = root->parent;
		hy_doc fake = {.root = (hy_value *)root};
		leader = hy_value_resolve(&fake, inst->parent, r->follows);
		if (leader && inst->index < leader->n_inst)
			tv = leader->inst[inst->index]->kids[tc->index];
	}
	if (tv && tv->s && *tv->s) {
		char *pv = hy_value_preview(tv);
		hy_buf_addf(&b, " %s", pv);
		free(pv);
	}
	return hy_buf_take(&b);
}

static void path_part(hy_buf *b, const hy_value *v)
{
	if (!v || v->f->depth < 0)
		return;
	if (v->is_instance) {
		path_part(b, v->parent->parent);
		char *t = hy_instance_title(v);
		/* only the numbered header, not the title text */
		char *space = strchr(t, ' ');
		if (space)
			*space = '\0';
		bool glued = b->len >= 3 && strcmp(b->data + b->len - 3, "．") == 0;
		hy_buf_addf(b, "%s%s", b->len && !glued ? " " : "", t);
		free(t);
		return;
	}
	if (v->f->type == HY_REPEAT && v->parent && v->parent->is_instance) {
		path_part(b, v->parent);
	} else {
		path_part(b, v->parent);
	}
	char *num, *rest;
	hy_label_split(v->f->label, &num, &rest);
	bool container = v->f->type == HY_PART || v->f->type == HY_SECTION;
	if (container && *num) {
		/* "Ⅱ" -> "Ⅱ．", "３．" stays; after an instance title, a space */
		bool glued = b->len >= 3 && strcmp(b->data + b->len - 3, "．") == 0;
		if (b->len && !glued)
			hy_buf_addc(b, ' ');
		hy_buf_adds(b, num);
		if (v->f->type == HY_PART && strncmp(num, "\xE2\x85", 2) == 0)
			hy_buf_adds(b, "．");
	} else if (container && v->f->type == HY_PART) {
		hy_buf_addf(b, "%s%s", b->len ? " " : "", *v->f->label ? v->f->label : v->f->id);
	} else if (container) {
		hy_buf_addf(b, "%s%s", b->len ? " " : "", rest);
	} else if (v->f->type == HY_REPEAT || v->f->type == HY_TABLE) {
		char *plain = hy_strdup(rest);
		char *brace = strstr(plain, "{n}");
		if (brace)
			memmove(brace, brace + 3, strlen(brace + 3) + 1);
		hy_buf_addf(b, "%s%s", b->len ? " " : "", plain);
		free(plain);
	}
	free(num);
	free(rest);
}

char *hy_value_path(const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION) {
		path_part(&b, v);
		return hy_buf_take(&b);
	}
	path_part(&b, v->parent && v->parent->is_instance ? v->parent : v->parent);
	const char *label = *v->f->label ? v->f->label : v->f->id;
	char *num, *rest;
	hy_label_split(label, &num, &rest);
	char *brace = strstr(rest, "{n}");
	if (brace)
		memmove(brace, brace + 3, strlen(brace + 3) + 1);
	/* "３．⑦ 使用者数": a number follows "．" directly, anything else after a space */
	bool glued = b.len >= 3 && strcmp(b.data + b.len - 3, "．") == 0;
	if (*num)
		hy_buf_addf(&b, "%s%s %s", b.len && !glued ? " " : "", num, rest);
	else
		hy_buf_addf(&b, "%s%s", b.len ? " " : "", rest);
	free(num);
	free(rest);
	return hy_buf_take(&b);
}

/* ---- editing ---- */

static void edited(hy_doc *doc, hy_value *v)
{
	doc->modified = true;
	doc->generation++;
	yt_free(v->raw);
	v->raw = NULL;
	hy_validate_edit(doc, v);
}

void hy_set_text_owned(hy_doc *doc, hy_value *v, char *text)
{
	free(v->s);
	if (text && !*text) {
		free(text);
		text = NULL;
	}
	v->s = text;
	edited(doc, v);
}

void hy_set_text(hy_doc *doc, hy_value *v, const char *text)
{
	free(v->s);
	v->s = text && *text ? hy_strdup(text) : NULL;
	edited(doc, v);
}

void hy_set_choice(hy_doc *doc, hy_value *v, int option, const char *detail)
{
	free(v->s);
	free(v->detail);
	v->s = NULL;
	v->detail = NULL;
	v->opt = -1;
	if (option >= 0 && v->f->list && (size_t)option < v->f->list->n_options) {
		v->opt = option;
		v->s = hy_strdup(v->f->list->options[option].text);
		v->detail = detail && *detail ? hy_strdup(detail) : NULL;
	}
	edited(doc, v);
}

void hy_set_check(hy_doc *doc, hy_value *v, size_t option, bool on, const char *detail)
{
	if (!v->f->list || option >= v->f->list->n_options)
		return;
	if (!on || !v->checked[option]) {
		free(v->written[option]);
		v->written[option] = NULL;
	}
	v->checked[option] = on;
	free(v->details[option]);
	v->details[option] = on && detail && *detail ? hy_strdup(detail) : NULL;
	edited(doc, v);
}

void hy_set_flag(hy_doc *doc, hy_value *v, int flag)
{
	v->flag = flag;
	edited(doc, v);
}

void hy_set_list(hy_doc *doc, hy_value *v, char **items, size_t n)
{
	for (size_t i = 0; i < v->n_items; i++)
		free(v->items[i]);
	free(v->items);
	v->items = hy_calloc(n, sizeof *v->items);
	v->n_items = 0;
	for (size_t i = 0; i < n; i++)
		if (!hy_is_blank(items[i]))
			v->items[v->n_items++] = hy_strdup(items[i]);
	edited(doc, v);
}

static void copy_value(hy_value *dst, const hy_value *src)
{
	if (src->kids)
		for (size_t i = 0; i < src->f->n_children; i++)
			if (src->kids[i])
				copy_value(dst->kids[i], src->kids[i]);
	for (size_t i = 0; i < src->n_inst; i++) {
		hy_value *inst = instance_new(dst, i);
		insert_instance(dst, dst->n_inst, inst);
		copy_value(inst, src->inst[i]);
	}
	if (src->s)
		dst->s = hy_strdup(src->s);
	dst->opt = src->opt;
	if (src->detail)
		dst->detail = hy_strdup(src->detail);
	if (src->checked)
		for (size_t i = 0; i < src->f->list->n_options; i++) {
			dst->checked[i] = src->checked[i];
			dst->details[i] = src->details[i] ? hy_strdup(src->details[i]) : NULL;
			dst->written[i] = src->written[i] ? hy_strdup(src->written[i]) : NULL;
		}
	dst->flag = src->flag;
	for (size_t i = 0; i < src->n_items; i++) {
		dst->items = hy_realloc(dst->items, (dst->n_items + 1) * sizeof *dst->items);
		dst->items[dst->n_items++] = hy_strdup(src->items[i]);
	}
	if (src->extra)
		dst->extra = yt_clone(src->extra);
	if (src->raw)
		dst->raw = yt_clone(src->raw);
}

static hy_value *follower_value(hy_doc *doc, const hy_value *rep, const hy_fnode *follower)
{
	return hy_value_resolve(doc, rep->parent, follower);
}

hy_value *hy_repeat_add(hy_doc *doc, hy_value *rep, size_t at, const hy_value *copy_from)
{
	if (at > rep->n_inst)
		at = rep->n_inst;
	hy_value *inst = instance_new(rep, at);
	if (copy_from)
		copy_value(inst, copy_from);
	insert_instance(rep, at, inst);
	add_min_instances(inst);
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv && at <= fv->n_inst) {
			hy_value *fi = instance_new(fv, at);
			insert_instance(fv, at, fi);
			add_min_instances(fi);
		}
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
	return inst;
}

void hy_repeat_remove(hy_doc *doc, hy_value *rep, size_t at)
{
	if (at >= rep->n_inst)
		return;
	value_free(rep->inst[at]);
	memmove(rep->inst + at, rep->inst + at + 1, (rep->n_inst - at - 1) * sizeof *rep->inst);
	rep->n_inst--;
	for (size_t i = 0; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv)
			hy_repeat_remove(doc, fv, at);
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
}

void hy_repeat_move(hy_doc *doc, hy_value *rep, size_t from, size_t to)
{
	if (from >= rep->n_inst || to >= rep->n_inst || from == to)
		return;
	hy_value *x = rep->inst[from];
	if (from < to)
		memmove(rep->inst + from, rep->inst + from + 1, (to - from) * sizeof *rep->inst);
	else
		memmove(rep->inst + to + 1, rep->inst + to, (from - to) * sizeof *rep->inst);
	rep->inst[to] = x;
	for (size_t i = 0; i < rep->n_inst; i++)
		rep->inst[i]->index = i;
	for (size_t i = 0; i < rep->f->n_followers; i++) {
		hy_value *fv = follower_value(doc, rep, rep->f->followers[i]);
		if (fv)
			hy_repeat_move(doc, fv, from, to);
	}
	doc->modified = true;
	doc->generation++;
	hy_validate_all(doc);
}

static void fill_blank(hy_doc *doc, hy_value *v)
{
	if (!v)
		return;
	if (!v->is_instance && v->f->type == HY_REPEAT && v->n_inst == 0 && !v->f->follows)
		hy_repeat_add(doc, v, 0, NULL);
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			fill_blank(doc, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		fill_blank(doc, v->inst[i]);
}

void hy_doc_fill_blank(hy_doc *doc)
{
	fill_blank(doc, doc->root);
}
