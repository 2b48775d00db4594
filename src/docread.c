/* Reading a document: YAML into the values of its form. */
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The readers below take what they keep from the tree: a scalar's string
 * moves into the value (the node's str becomes NULL) instead of being
 * copied, and each subtree is freed as soon as it has been read, so that a
 * large document is never in memory twice. */
static void read_value(reader *r, hy_value *v, yt_node *n);

/* The node's string, now the caller's. */
static char *take_str(yt_node *n)
{
	char *s = n->str;
	n->str = NULL;
	n->len = 0;
	return s;
}

/* Top-level keys that belong to the document, not to its form: the draft
 * mark (read by the validator, hy_doc_is_draft) and the import's review
 * marks (import_marks.c); kept as they are and written back. */
static bool is_document_key(const char *key)
{
	return strcmp(key, "draft") == 0 || strcmp(key, "review") == 0;
}

static void read_container(reader *r, hy_value *v, yt_node *n)
{
	if (yt_is_null(n))
		return;
	if (n->kind != YT_MAP) {
		v->raw = yt_clone(n);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		yt_pair *p = &n->pairs[i];
		const hy_fnode *child = NULL;
		for (size_t k = 0; k < v->f->n_children && !child; k++)
			if (strcmp(v->f->children[k]->id, p->key) == 0 &&
			    hy_type_is_stored(v->f->children[k]->type))
				child = v->f->children[k];
		bool document_key = v == r->doc->root && is_document_key(p->key);
		if (!child && !document_key)
			note(r, HY_WARNING, p->line, p->col,
			     _("unknown key '%s' (kept as it is)"), p->key);
		if (!child) {
			if (!v->extra)
				v->extra = yt_new(YT_MAP, p->line, p->col);
			yt_map_add(v->extra, p->key, p->line, p->col, p->value);
			p->value = NULL;
			continue;
		}
		read_value(r, v->kids[child->index], p->value);
		yt_free(p->value);
		p->value = NULL;
	}
}

static void read_repeat(reader *r, hy_value *v, yt_node *n)
{
	if (yt_is_null(n))
		return;
	if (n->kind != YT_SEQ) {
		v->raw = yt_clone(n);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		hy_value *inst = hy_repeat_append(v);
		inst->line = n->items[i]->line;
		inst->col = n->items[i]->col;
		read_container(r, inst, n->items[i]);
		yt_free(n->items[i]);
		n->items[i] = NULL;
	}
	n->n = 0;
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

static void read_choice(hy_value *v, yt_node *n)
{
	const char *text;
	const yt_node *detail;
	if (!option_entry(n, &text, &detail)) {
		v->raw = yt_clone(n);
		return;
	}
	/* wording of another template or an older one: the validator says which */
	v->opt = hy_list_find(v->f->list, text, NULL);
	v->s = n->kind == YT_SCALAR ? take_str(n) : hy_strdup(text);
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

/* `original` is what the file holds, kept as it is when it is of the wrong
 * shape: nothing is taken from it here (a later entry may turn out wrong). */
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
		if (alias) { /* the validator says whose wording it is */
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

static void read_list(hy_value *v, yt_node *n)
{
	if (n->kind == YT_SCALAR) {
		v->items = hy_calloc(1, sizeof *v->items);
		v->items[v->n_items++] = take_str(n);
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
		v->items[v->n_items++] = take_str(n->items[i]);
}

static void read_value(reader *r, hy_value *v, yt_node *n)
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
			v->s = take_str(n);
		break;
	case HY_CHOICE:
		read_choice(v, n);
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

/* The form that the top-level mapping names, or NULL with the reason in diags. */
static const hy_form *form_of(const hy_forms *forms, const yt_node *top, hy_diags *diags)
{
	if (yt_is_null(top)) {
		hy_diags_add(diags, HY_ERROR, top->line, top->col, NULL,
			     _("the file is empty: a document starts with 'form: ID'"));
		return NULL;
	}
	if (top->kind != YT_MAP) {
		char *found = yt_describe(top);
		hy_diags_add(diags, HY_ERROR, top->line, top->col, NULL,
			     _("a document starts with 'form: ID' and its parts, not %s"), found);
		free(found);
		return NULL;
	}
	const yt_node *fid = yt_get(top, "form");
	if (fid && fid->kind != YT_SCALAR) {
		char *found = yt_describe(fid);
		hy_diags_add(diags, HY_ERROR, fid->line, fid->col, NULL,
			     _("'form' must be a form id such as full or focused, not %s"), found);
		free(found);
		return NULL;
	}
	if (!fid || yt_is_null(fid)) {
		hy_diags_add(diags, HY_ERROR, fid ? fid->line : 1, fid ? fid->col : 1, NULL,
			     _("missing 'form: ID' naming the document's form"));
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
	}
	return form;
}

/* Where form_version was, for the note when it differs from the form's. */
typedef struct {
	int line, col;
} version_at;

/* Reads the pairs of a top-level mapping into the document: form is
 * skipped (form_of read it), form_version remembered, the rest are parts
 * or unknown keys.  Takes what it reads from top (its values become NULL). */
static void read_top(reader *r, yt_node *top, version_at *ver)
{
	hy_doc *doc = r->doc;
	/* the parts move to a mapping of their own: the tree keeps only its keys */
	yt_node parts = {.kind = YT_MAP, .line = top->line, .col = top->col};
	yt_pair *pairs = hy_calloc(top->n, sizeof *pairs);
	parts.pairs = pairs;
	for (size_t i = 0; i < top->n; i++) {
		yt_pair *p = &top->pairs[i];
		if (strcmp(p->key, "form") == 0)
			continue;
		if (strcmp(p->key, "form_version") == 0) {
			if (p->value->kind == YT_SCALAR)
				doc->form_version = hy_strdup(p->value->str);
			ver->line = p->line;
			ver->col = p->col;
			continue;
		}
		pairs[parts.n++] = *p;
		p->value = NULL;
	}
	read_container(r, doc->root, &parts);
	free(pairs);
}

/* What follows the last part: unknown top-level keys, the form_version
 * note, validation. */
static void finish_doc(reader *r, const version_at *ver)
{
	hy_doc *doc = r->doc;
	doc->top_extra = doc->root->extra;
	doc->root->extra = NULL;
	/* the stamp says which 様式 the document is written on: kept as written;
	 * one the form does not know is read as the newest template */
	if (doc->form_version && !hy_form_knows_stamp(doc->form, doc->form_version))
		note(r, HY_WARNING, ver->line, ver->col,
		     _("form_version '%s' is not a 様式 this form knows (it knows '%s'); it is read "
		       "as the newest template and kept as written"),
		     doc->form_version, doc->form->stamp ? doc->form->stamp : "");
	hy_validate_all(doc);
}

/* Builds the document from its parsed tree, consuming (and freeing) the tree. */
static hy_doc *doc_from_tree(const hy_forms *forms, yt_node *top, hy_diags *diags)
{
	const hy_form *form = form_of(forms, top, diags);
	if (!form) {
		yt_free(top);
		return NULL;
	}
	hy_doc *doc = hy_doc_new_empty(form);
	reader r = {.doc = doc, .diags = diags};
	version_at ver = {1, 1};
	read_top(&r, top, &ver);
	yt_free(top);
	finish_doc(&r, &ver);
	return doc;
}

/* ---- reading events as they arrive ---- */

/* A document is read from the events of a yt_reader, as they arrive:
 * parts, sections, entries of repeats and tables go straight into their
 * values; only a leaf value (a text, a choice, a checklist, a list), an
 * unknown key's value and a value of the wrong shape are first made into
 * a small tree, which the readers above take apart.  The first error in
 * the input stops the reading; the input is then read whole by yt_parse
 * for its message, so that every message and position is the one the
 * whole parse gives. */
typedef struct {
	reader r;
	yt_reader *in;
	bool failed;         /* the input has an error */
} ev_reader;

static bool next_event(ev_reader *e, yt_event *ev)
{
	if (e->failed || !yt_reader_next(e->in, ev)) {
		memset(ev, 0, sizeof *ev);
		e->failed = true;
		return false;
	}
	return true;
}

/* The value whose first event is *ev, as a tree (NULL: the input failed). */
static yt_node *capture(ev_reader *e, yt_event *ev)
{
	yt_node *t = yt_tree_of(yt_reader_next_fn, e->in, ev);
	if (!t)
		e->failed = true;
	return t;
}

/* A value that is not what its field holds: kept as written (nothing for
 * a null), as read_container and read_repeat keep it. */
static void keep_raw(ev_reader *e, hy_value *v, yt_event *ev)
{
	yt_node *t = capture(e, ev);
	if (t && !yt_is_null(t))
		v->raw = t;
	else
		yt_free(t);
}

static void read_event_value(ev_reader *e, hy_value *v, yt_event *ev);

/* One "key: value" of a part, a section or an entry: the key's event has
 * been taken, the value's is *val. */
static void read_event_pair(ev_reader *e, hy_value *v, const yt_event *key, yt_event *val)
{
	const hy_fnode *child = NULL;
	for (size_t k = 0; k < v->f->n_children && !child; k++)
		if (strcmp(v->f->children[k]->id, key->str) == 0 &&
		    hy_type_is_stored(v->f->children[k]->type))
			child = v->f->children[k];
	if (child) {
		read_event_value(e, v->kids[child->index], val);
		return;
	}
	if (!(v == e->r.doc->root && is_document_key(key->str)))
		note(&e->r, HY_WARNING, key->line, key->col, _("unknown key '%s' (kept as it is)"),
		     key->str);
	yt_node *t = capture(e, val);
	if (!t)
		return;
	if (!v->extra)
		v->extra = yt_new(YT_MAP, key->line, key->col);
	yt_map_add(v->extra, key->str, key->line, key->col, t);
}

/* The pairs of a mapping, each handed to pair(), up to its end. */
static void read_event_pairs(ev_reader *e, void (*pair)(ev_reader *, void *, const yt_event *,
							yt_event *),
			     void *data)
{
	for (;;) {
		yt_event key, val;
		if (!next_event(e, &key) || key.type == YT_EV_MAP_END)
			return;
		if (next_event(e, &val))
			pair(e, data, &key, &val);
		yt_event_clear(&key);
		yt_event_clear(&val);
		if (e->failed)
			return;
	}
}

static void container_pair(ev_reader *e, void *v, const yt_event *key, yt_event *val)
{
	read_event_pair(e, v, key, val);
}

static void read_event_container(ev_reader *e, hy_value *v, yt_event *ev)
{
	if (ev->type != YT_EV_MAP_START)
		keep_raw(e, v, ev);
	else
		read_event_pairs(e, container_pair, v);
}

static void read_event_repeat(ev_reader *e, hy_value *v, yt_event *ev)
{
	if (ev->type != YT_EV_SEQ_START) {
		keep_raw(e, v, ev);
		return;
	}
	for (;;) {
		yt_event item;
		if (!next_event(e, &item) || item.type == YT_EV_SEQ_END)
			return;
		hy_value *inst = hy_repeat_append(v);
		inst->line = item.line;
		inst->col = item.col;
		read_event_container(e, inst, &item);
		yt_event_clear(&item);
		if (e->failed)
			return;
	}
}

static void read_event_value(ev_reader *e, hy_value *v, yt_event *ev)
{
	v->line = ev->line;
	v->col = ev->col;
	switch (v->f->type) {
	case HY_PART:
	case HY_SECTION:
		read_event_container(e, v, ev);
		return;
	case HY_REPEAT:
	case HY_TABLE:
		read_event_repeat(e, v, ev);
		return;
	default:
		break;
	}
	yt_node *t = capture(e, ev);
	if (t)
		read_value(&e->r, v, t);
	yt_free(t);
}

/* The top-level mapping: `form` names the form; the pairs before it wait
 * (as small trees) until it has. */
typedef struct {
	const hy_forms *forms;
	hy_diags form_problem; /* why the form is not known, if it is not */
	bool form_seen;
	yt_node *waiting;      /* pairs before `form` */
	version_at ver;
} top_reader;

/* `form: VALUE`: the document begins, with the pairs that came before. */
static void read_form_pair(ev_reader *e, top_reader *t, const yt_event *key, yt_event *val)
{
	t->form_seen = true;
	yt_node *value = capture(e, val);
	if (!value)
		return;
	yt_node top = {.kind = YT_MAP, .line = 1, .col = 1};
	yt_pair pair = {.key = key->str, .line = key->line, .col = key->col, .value = value};
	top.pairs = &pair;
	top.n = 1;
	const hy_form *form = form_of(t->forms, &top, &t->form_problem);
	yt_free(value);
	if (!form)
		return;
	e->r.doc = hy_doc_new_empty(form);
	read_top(&e->r, t->waiting, &t->ver);
}

static void top_pair(ev_reader *e, void *data, const yt_event *key, yt_event *val)
{
	top_reader *t = data;
	if (strcmp(key->str, "form") == 0) {
		read_form_pair(e, t, key, val);
	} else if (!e->r.doc) {
		/* before `form` (or after a form that is not known) */
		yt_node *value = capture(e, val);
		if (value && !t->form_seen)
			yt_map_add(t->waiting, key->str, key->line, key->col, value);
		else
			yt_free(value);
	} else if (strcmp(key->str, "form_version") == 0) {
		yt_node *value = capture(e, val);
		if (value && value->kind == YT_SCALAR)
			e->r.doc->form_version = hy_strdup(value->str);
		yt_free(value);
		t->ver = (version_at){key->line, key->col};
	} else {
		read_event_pair(e, e->r.doc->root, key, val);
	}
}

/* The rest of the input, for an error that would come first. */
static void drain(ev_reader *e)
{
	yt_event ev;
	while (next_event(e, &ev) && ev.type != YT_EV_END)
		yt_event_clear(&ev);
	yt_event_clear(&ev);
}

/* The document read from in; NULL with the reason in diags. */
static hy_doc *load_events(const hy_forms *forms, yt_reader *in, hy_diags *diags)
{
	ev_reader e = {.r = {.diags = diags}, .in = in};
	top_reader t = {.forms = forms, .ver = {1, 1}};
	hy_diags_init(&t.form_problem);
	t.waiting = yt_new(YT_MAP, 1, 1);
	yt_event ev;
	if (!next_event(&e, &ev)) {
		/* nothing to read */
	} else if (ev.type != YT_EV_MAP_START) {
		/* not a mapping: form_of says what it is */
		yt_node *root = capture(&e, &ev);
		if (root)
			form_of(forms, root, &t.form_problem);
		yt_free(root);
	} else {
		read_event_pairs(&e, top_pair, &t);
		if (!e.failed && !t.form_seen)
			form_of(forms, t.waiting, &t.form_problem);
	}
	yt_event_clear(&ev);
	drain(&e);
	hy_doc *doc = e.r.doc;
	if (e.failed) {
		/* the whole parse's message; should it succeed, its document */
		hy_doc_free(doc);
		doc = NULL;
		char *err = NULL;
		int line, col;
		yt_node *top = yt_reader_whole(in, &err, &line, &col);
		if (top)
			doc = doc_from_tree(forms, top, diags);
		else
			hy_diags_add(diags, HY_ERROR, line, col, NULL, "%s", err);
		free(err);
	} else if (!doc) {
		for (size_t i = 0; i < t.form_problem.n; i++) {
			const hy_diag *d = &t.form_problem.items[i];
			hy_diags_add(diags, d->severity, d->line, d->col, d->path, "%s", d->message);
		}
	} else {
		finish_doc(&e.r, &t.ver);
	}
	yt_free(t.waiting);
	hy_diags_free(&t.form_problem);
	return doc;
}

/* ---- the form id, from the first events ---- */

static bool form_id_text(const yt_event *ev)
{
	if (ev->type != YT_EV_SCALAR || ev->len == 0)
		return false;
	for (size_t i = 0; i < ev->len; i++) {
		char c = ev->str[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The first events of the text: a mapping, the key `form`, an id; then,
 * unless the text is the whole file, the next key, which shows that the
 * id's line has ended (the text may be cut in the middle of anything). */
char *hy_doc_form_id_text(const char *text, size_t len, bool whole)
{
	yt_reader *in = yt_reader_text(text, len);
	yt_event ev[4];
	size_t n = 0;
	while (n < 4 && yt_reader_next(in, &ev[n]))
		n++;
	bool form_first = n >= 3 && ev[0].type == YT_EV_MAP_START && ev[1].type == YT_EV_SCALAR &&
			  strcmp(ev[1].str, "form") == 0 && form_id_text(&ev[2]);
	char *id = NULL;
	if (form_first && (whole || (n == 4 && ev[3].type == YT_EV_SCALAR)))
		id = hy_strndup(ev[2].str, ev[2].len);
	for (size_t i = 0; i < n; i++)
		yt_event_clear(&ev[i]);
	yt_reader_free(in);
	return id;
}

/* The first bytes of a document hold its `form:` line when hyoka wrote it. */
#define FORM_PEEK_BYTES 8192

char *hy_doc_form_id(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *id = NULL;
	/* only a regular file can be read twice (a pipe would lose what was read) */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char buf[FORM_PEEK_BYTES];
		ssize_t n;
		do
			n = pread(fd, buf, sizeof buf, 0);
		while (n < 0 && errno == EINTR);
		if (n > 0)
			id = hy_doc_form_id_text(buf, (size_t)n, (size_t)n == (size_t)st.st_size);
	}
	close(fd);
	return id;
}

hy_doc *hy_doc_load_text(const hy_forms *forms, const char *text, size_t len,
			 const char *name, hy_diags *diags)
{
	(void)name;
	yt_reader *in = yt_reader_text(text, len);
	hy_doc *doc = load_events(forms, in, diags);
	yt_reader_free(in);
	return doc;
}

/* A file that cannot be read as it goes (not a regular file): read whole. */
static hy_doc *load_file_whole(const hy_forms *forms, const char *path, hy_diags *diags)
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
	return doc;
}

/* A regular file, read as the reader goes; NULL (and *whole) for any other. */
static hy_doc *load_file(const hy_forms *forms, const char *path, hy_diags *diags, bool *whole)
{
	*whole = true;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	hy_doc *doc = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= HY_DOC_MAX_SIZE) {
		*whole = false;
		yt_reader *in = yt_reader_file(fd, (size_t)st.st_size);
		doc = load_events(forms, in, diags);
		yt_reader_free(in);
	}
	close(fd);
	return doc;
}

hy_doc *hy_doc_load_parts(const hy_forms *forms, const char *path)
{
	hy_diags scratch;
	hy_diags_init(&scratch);
	bool whole;
	hy_doc *doc = load_file(forms, path, &scratch, &whole);
	hy_diags_free(&scratch);
	return doc;
}

hy_doc *hy_doc_load(const hy_forms *forms, const char *path, hy_diags *diags)
{
	bool whole;
	hy_doc *doc = load_file(forms, path, diags, &whole);
	if (whole)
		doc = load_file_whole(forms, path, diags);
	if (doc) {
		doc->path = hy_strdup(path);
		hy_doc_remember_disk_state(doc, path);
	}
	return doc;
}

/* Does the file hold a '#' at all?  Read a piece at a time: most documents
 * have none, and then the whole file is never held again. */
static bool file_has_hash(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	char buf[65536];
	ssize_t n;
	bool found = false;
	while (!found && (n = read(fd, buf, sizeof buf)) > 0)
		found = memchr(buf, '#', (size_t)n) != NULL;
	close(fd);
	return found;
}

int hy_doc_file_comment(const char *path, int *col, char **text)
{
	if (!file_has_hash(path))
		return 0;
	size_t len;
	char *err = NULL;
	char *data = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &err);
	free(err);
	int line = 0;
	long at = data ? yt_find_comment(data, len, &line, col) : -1;
	if (at >= 0) {
		const char *eol = memchr(data + at, '\n', len - (size_t)at);
		size_t n = eol ? (size_t)(eol - (data + at)) : len - (size_t)at;
		char *whole = hy_strndup(data + at, n);
		size_t cut = hy_fit_prefix(whole, 40, NULL);
		*text = hy_printf("%.*s%s", (int)cut, whole, cut < n ? "…" : "");
		free(whole);
	} else {
		line = 0;
	}
	free(data);
	return line;
}
