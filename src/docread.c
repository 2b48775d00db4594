/* Reading a document: YAML into the values of its form. */
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
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
		if (!child) {
			note(r, HY_WARNING, p->line, p->col,
			     _("unknown key '%s' (kept as it is)"), p->key);
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

static void read_choice(reader *r, hy_value *v, yt_node *n)
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

static yt_node *parse_text(const char *text, size_t len, hy_diags *diags)
{
	char *perr = NULL;
	int line, col;
	yt_node *top = yt_parse(text, len, &perr, &line, &col);
	if (!top) {
		hy_diags_add(diags, HY_ERROR, line, col, NULL, "%s", perr);
		free(perr);
	}
	return top;
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
	if (doc->form_version && doc->form->stamp && !hy_streq(doc->form_version, doc->form->stamp))
		note(r, HY_WARNING, ver->line, ver->col,
		     _("form_version '%s' differs from the form's '%s'; it will be saved as the latter"),
		     doc->form_version, doc->form->stamp);
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

/* ---- loading a file one part at a time ---- */

/* A document as hyoka writes it is a mapping whose keys (form, form_version
 * and the parts) start in column 0, each followed by its indented value.
 * Parsed one such key at a time, only that part's text and tree are in
 * memory beside the values read so far, instead of the whole text and the
 * whole tree.  The split is safe because a line starting in column 0
 * always ends the value above it (block scalars, plain scalars and
 * sequences of a top-level key are indented or "- "); a split inside a
 * quoted text or a bracket leaves that part unclosed, which is an error.
 *
 * The largest parts are one repeat of large entries ("risk:\n  files:\n
 * - ..."): such a part is read one entry at a time, each parsed behind a
 * copy of the part's first two lines, for the same reason (an entry ends
 * where the next "  - " or a key in column 0 starts).
 *
 * Anything unusual (a "---", a flow mapping at the top, a part that does
 * not parse, a key given twice, a pipe) gives up without a word: the load
 * of the whole file then reports exactly what it always has. */

#define PART_READ ((size_t)64 << 10)

typedef struct {
	int fd;
	char *buf;          /* text read but not yet parsed; buf[0] starts a chunk */
	size_t len, cap;
	bool eof;
	size_t total;       /* bytes read */
	int line;           /* line breaks before buf[0], counted as libyaml does */
	size_t nodes;       /* YAML values so far, counted as yt_parse counts them */
	char **keys;        /* hash set of the top-level keys so far (a key twice is
			       an error): n_slots slots, n_keys used */
	size_t n_keys, n_slots;
	/* a part read entry by entry: "KEY:\n  SUB:\n" and entries "  - " */
	bool entries;       /* the current part is */
	bool entry_chunk;   /* buf[0] starts one of its entries after the first */
	bool chunk_is_entry; /* the chunk part_next found is such an entry */
	char *prefix;       /* its first two lines, put before each later entry */
	size_t prefix_len;
	const hy_fnode *part_f, *repeat_f; /* KEY and SUB */
} part_reader;

typedef enum { PART_OK, PART_END, PART_ODD } part_result;

/* Reads more of the file; false on a read error or past the size limit. */
static bool part_fill(part_reader *pr)
{
	if (pr->len + PART_READ > pr->cap) {
		pr->cap = pr->len + PART_READ > pr->cap * 2 ? pr->len + PART_READ : pr->cap * 2;
		pr->buf = hy_realloc(pr->buf, pr->cap);
	}
	ssize_t n;
	do
		n = read(pr->fd, pr->buf + pr->len, PART_READ);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return false;
	pr->eof = n == 0;
	pr->len += (size_t)n;
	pr->total += (size_t)n;
	return pr->total <= HY_DOC_MAX_SIZE;
}

typedef enum { LINE_KEY, LINE_ENTRY, LINE_MORE, LINE_ODD, LINE_WAIT } line_kind;

static bool key_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool ends_token(const char *s, size_t left, size_t at)
{
	return at >= left || s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r';
}

/* What the line starting at buf[p] is to the split: a key in column 0
 * starts a part; a comment, a blank line, and (after a key) an indented
 * line or a "- " item go on with it; anything else is unusual. */
static line_kind classify_line(const part_reader *pr, size_t p, bool keyed)
{
	size_t left = pr->len - p;
	if (left < 2 && !pr->eof)
		return LINE_WAIT;
	if (left == 0)
		return LINE_MORE;
	const char *s = pr->buf + p;
	if (key_start(s[0]))
		return LINE_KEY;
	if (s[0] == '#' || s[0] == '\n' || s[0] == '\r')
		return LINE_MORE;
	bool item = s[0] == '-' && ends_token(s, left, 1);
	return keyed && (s[0] == ' ' || item) ? LINE_MORE : LINE_ODD;
}

/* The same inside a part read entry by entry: "  - " starts an entry, a
 * line indented further goes on with it; any other line indented less
 * than 3 (another key of the part's mapping) is unusual. */
static line_kind classify_entry_line(const part_reader *pr, size_t p)
{
	size_t left = pr->len - p;
	if (left < 4 && !pr->eof)
		return LINE_WAIT;
	if (left == 0)
		return LINE_MORE;
	const char *s = pr->buf + p;
	for (size_t i = 0; i < 3 && i < left; i++) {
		if (i == 0 && key_start(s[0]))
			return LINE_KEY;
		if (s[i] == '#' || s[i] == '\n' || s[i] == '\r')
			return LINE_MORE;
		if (i == 2 && s[i] == '-' && ends_token(s, left, 3))
			return LINE_ENTRY;
		if (s[i] != ' ')
			return LINE_ODD;
	}
	return left < 3 ? LINE_ODD : LINE_MORE;
}

/* The length of "ID:" (and "\r\n" or "\n") at s with `indent` spaces
 * before it, or 0.  *id and *id_len: the id. */
static size_t bare_key_line(const char *s, size_t left, size_t indent, const char **id,
			    size_t *id_len)
{
	size_t i = 0;
	while (i < indent && i < left && s[i] == ' ')
		i++;
	if (i < indent || i >= left || !key_start(s[i]))
		return 0;
	*id = s + i;
	while (i < left && (key_start(s[i]) || s[i] == '-'))
		i++;
	*id_len = (size_t)(s + i - *id);
	if (i >= left || s[i++] != ':')
		return 0;
	if (i < left && s[i] == '\r')
		i++;
	return i < left && s[i] == '\n' ? i + 1 : 0;
}

static const hy_fnode *child_named(const hy_fnode *f, const char *id, size_t len)
{
	for (size_t i = 0; f && i < f->n_children; i++)
		if (strlen(f->children[i]->id) == len && memcmp(f->children[i]->id, id, len) == 0)
			return f->children[i];
	return NULL;
}

/* Does the part at buf[0] read entry by entry: "KEY:", "  SUB:", then an
 * entry "  - ", where KEY is a part of the form and SUB a repeat in it?
 * Then remembers its first two lines and returns where its first entry
 * starts; else 0. */
static size_t entries_start(part_reader *pr, const hy_form *form)
{
	/* its first three lines */
	while (!pr->eof && pr->len < 4096 && part_fill(pr))
		;
	const char *key, *sub;
	size_t key_len, sub_len;
	size_t l1 = bare_key_line(pr->buf, pr->len, 0, &key, &key_len);
	size_t l2 = l1 ? bare_key_line(pr->buf + l1, pr->len - l1, 2, &sub, &sub_len) : 0;
	const char *s = pr->buf + l1 + l2;
	size_t left = pr->len - l1 - l2;
	if (!l2 || left < 3 || memcmp(s, "  -", 3) != 0 || !ends_token(s, left, 3))
		return 0;
	/* as read_container matches keys: stored children of the form */
	const hy_fnode *part = child_named(&form->root, key, key_len);
	bool section = part && hy_type_is_stored(part->type) &&
		       (part->type == HY_PART || part->type == HY_SECTION) &&
		       strcmp(part->id, "form") != 0 && strcmp(part->id, "form_version") != 0;
	const hy_fnode *rep = section ? child_named(part, sub, sub_len) : NULL;
	if (!rep || !hy_type_is_stored(rep->type) ||
	    (rep->type != HY_REPEAT && rep->type != HY_TABLE))
		return 0;
	pr->entries = true;
	pr->part_f = part;
	pr->repeat_f = rep;
	free(pr->prefix);
	pr->prefix = hy_strndup(pr->buf, l1 + l2);
	pr->prefix_len = l1 + l2;
	return l1 + l2;
}

/* Finds where the chunk starting at buf[0] ends: the next key in column 0
 * or the end of the file; inside a part read entry by entry, also the next
 * entry.  Reads as needed.  form: the document's form, once known. */
static part_result part_next(part_reader *pr, const hy_form *form, size_t *end)
{
	bool keyed = pr->entry_chunk, in_entry = false;
	size_t pos = 0, searched = 0;
	pr->chunk_is_entry = pr->entry_chunk;
	if (pr->total == pr->len && pr->len == 0 && !part_fill(pr))
		return PART_ODD;
	/* a byte-order mark may open the file */
	if (pr->total == pr->len && pr->len >= 3 && memcmp(pr->buf, "\xEF\xBB\xBF", 3) == 0)
		pos = searched = 3;
	for (;;) {
		if (pos >= pr->len && pr->eof) {
			*end = pr->len;
			pr->entries = pr->entry_chunk = false;
			return keyed ? PART_OK : pr->len == 0 ? PART_END : PART_ODD;
		}
		line_kind k = pr->entries ? classify_entry_line(pr, pos) : classify_line(pr, pos, keyed);
		if (k == LINE_WAIT) {
			if (!part_fill(pr))
				return PART_ODD;
			continue;
		}
		if (k == LINE_ODD)
			return PART_ODD;
		if ((k == LINE_KEY && keyed) || (k == LINE_ENTRY && in_entry)) {
			*end = pos;
			pr->entry_chunk = k == LINE_ENTRY;
			pr->entries = pr->entry_chunk;
			return PART_OK;
		}
		in_entry = in_entry || k == LINE_ENTRY;
		size_t first = k == LINE_KEY && pos == 0 && form ? entries_start(pr, form) : 0;
		if (first) {
			/* on to the part's first entry */
			keyed = true;
			pos = searched = first;
			continue;
		}
		keyed = keyed || k == LINE_KEY;
		/* on to the next line start */
		const char *nl = NULL;
		while (!(nl = memchr(pr->buf + searched, '\n', pr->len - searched)) && !pr->eof) {
			searched = pr->len;
			if (!part_fill(pr))
				return PART_ODD;
		}
		pos = searched = nl ? (size_t)(nl - pr->buf) + 1 : pr->len;
	}
}

/* Line breaks in text, as libyaml counts them ("\r\n" is one). */
static int count_breaks(const char *text, size_t len)
{
	int n = 0;
	const char *end = text + len;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	/* a lone "\r" breaks a line too */
	for (const char *p = text; (p = memchr(p, '\r', (size_t)(end - p))); p++)
		n += p + 1 == end || p[1] != '\n';
	return n;
}

/* Moves a part's tree to where it is in the file, and counts its values
 * (a mapping's keys count, as yt_parse counts them). */
static size_t shift_lines(yt_node *n, int by)
{
	size_t count = 1;
	n->line += by;
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		count += shift_lines(n->items[i], by);
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++) {
		n->pairs[i].line += by;
		count += 1 + shift_lines(n->pairs[i].value, by);
	}
	return count;
}

static yt_node *parse_chunk(const char *text, size_t len)
{
	char *perr = NULL;
	int line, col;
	yt_node *t = yt_parse(text, len, &perr, &line, &col);
	free(perr);
	if (t && t->kind != YT_MAP) {
		yt_free(t);
		t = NULL;
	}
	return t;
}

static size_t hash_key(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Adds a top-level key to the set of those seen; false if it was there.  A
 * hash set: a file of 200,000 keys stays linear. */
static bool add_key(part_reader *pr, const char *key)
{
	if (2 * (pr->n_keys + 1) > pr->n_slots) {
		size_t n = pr->n_slots ? 2 * pr->n_slots : 64;
		char **slots = hy_calloc(n, sizeof *slots);
		for (size_t i = 0; i < pr->n_slots; i++) {
			if (!pr->keys[i])
				continue;
			size_t h = hash_key(pr->keys[i]) & (n - 1);
			while (slots[h])
				h = (h + 1) & (n - 1);
			slots[h] = pr->keys[i];
		}
		free(pr->keys);
		pr->keys = slots;
		pr->n_slots = n;
	}
	size_t h = hash_key(key) & (pr->n_slots - 1);
	for (; pr->keys[h]; h = (h + 1) & (pr->n_slots - 1))
		if (strcmp(pr->keys[h], key) == 0)
			return false;
	pr->keys[h] = hy_strdup(key);
	pr->n_keys++;
	return true;
}

/* Parses the text buf[0..end) as a part: a mapping of new keys. */
static yt_node *part_parse(part_reader *pr, size_t end)
{
	yt_node *part = parse_chunk(pr->buf, end);
	if (!part)
		return NULL;
	/* the whole file counts as one top-level mapping */
	pr->nodes += shift_lines(part, pr->line) - (pr->nodes ? 1 : 0);
	bool twice = pr->nodes > YT_MAX_NODES;
	for (size_t i = 0; i < part->n && !twice; i++)
		twice = !add_key(pr, part->pairs[i].key);
	if (twice) {
		yt_free(part);
		return NULL;
	}
	return part;
}

/* Drops the parsed chunk from the buffer; a buffer grown for a large one
 * is given back, so that it does not stay resident beside the values. */
static void part_drop(part_reader *pr, size_t end)
{
	pr->line += count_breaks(pr->buf, end);
	size_t rest = pr->len - end;
	if (pr->cap > 4 * PART_READ) {
		char *small = hy_malloc(rest + PART_READ);
		memcpy(small, pr->buf + end, rest);
		free(pr->buf);
		pr->buf = small;
		pr->cap = rest + PART_READ;
	} else {
		memmove(pr->buf, pr->buf + end, rest);
	}
	pr->len = rest;
}

/* An entry after the first of a part read entry by entry: parsed behind
 * the part's first two lines, it must give KEY: {SUB: [one entry]}. */
static yt_node *entry_parse(part_reader *pr, size_t end)
{
	char *text = hy_malloc(pr->prefix_len + end);
	memcpy(text, pr->prefix, pr->prefix_len);
	memcpy(text + pr->prefix_len, pr->buf, end);
	int first_line = pr->line;
	part_drop(pr, end);
	yt_node *t = parse_chunk(text, pr->prefix_len + end);
	free(text);
	const yt_node *v = t && t->n == 1 ? t->pairs[0].value : NULL;
	v = v && v->kind == YT_MAP && v->n == 1 ? v->pairs[0].value : NULL;
	if (!v || v->kind != YT_SEQ || v->n != 1) {
		yt_free(t);
		return NULL;
	}
	/* the prefix's two lines are not in the file there: its root, KEY, the
	 * mapping, SUB and the sequence are counted once, with the first entry */
	pr->nodes += shift_lines(t, first_line - 2) - 5;
	if (pr->nodes > YT_MAX_NODES) {
		yt_free(t);
		return NULL;
	}
	return t;
}

/* Reads an entry after the first: the part's value and the repeat keep
 * where the first chunk put them. */
static void read_entry(reader *r, yt_node *t, const part_reader *pr, version_at *ver)
{
	hy_value *part = r->doc->root->kids[pr->part_f->index];
	hy_value *rep = part ? part->kids[pr->repeat_f->index] : NULL;
	int pl = part ? part->line : 0, pc = part ? part->col : 0;
	int rl = rep ? rep->line : 0, rc = rep ? rep->col : 0;
	read_top(r, t, ver);
	if (part) {
		part->line = pl;
		part->col = pc;
	}
	if (rep) {
		rep->line = rl;
		rep->col = rc;
	}
}

static void part_reader_free(part_reader *pr)
{
	for (size_t i = 0; i < pr->n_slots; i++)
		free(pr->keys[i]);
	free(pr->keys);
	free(pr->buf);
	free(pr->prefix);
}

/* The document, read one part at a time; NULL when it has to be loaded
 * whole (nothing is reported here). */
static hy_doc *load_in_parts(const hy_forms *forms, int fd)
{
	part_reader pr = {.fd = fd};
	hy_diags scratch;
	hy_diags_init(&scratch);
	hy_doc *doc = NULL;
	reader r = {.diags = &scratch};
	version_at ver = {1, 1};
	bool ok = true;
	size_t end;
	part_result res;
	while (ok && (res = part_next(&pr, doc ? doc->form : NULL, &end)) == PART_OK) {
		bool entry = pr.chunk_is_entry;
		yt_node *part;
		if (entry) {
			part = entry_parse(&pr, end);
		} else {
			part = part_parse(&pr, end);
			part_drop(&pr, end);
		}
		/* the first part names the form (hyoka writes "form:" first) */
		if (part && !doc) {
			const hy_form *form = form_of(forms, part, &scratch);
			doc = form ? hy_doc_new_empty(form) : NULL;
			r.doc = doc;
		}
		ok = part && doc;
		if (ok && entry)
			read_entry(&r, part, &pr, &ver);
		else if (ok)
			read_top(&r, part, &ver);
		yt_free(part);
	}
	ok = ok && res == PART_END && doc;
	if (ok)
		finish_doc(&r, &ver);
	else
		hy_doc_free(doc);
	part_reader_free(&pr);
	hy_diags_free(&scratch);
	return ok ? doc : NULL;
}

/* ---- the form id, without parsing ---- */

static bool blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The end of the line starting at p (its '\n', or end). */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

/* A line with nothing to parse: blank, or a comment. */
static bool empty_line(const char *p, const char *eol)
{
	while (p < eol && blank_char(*p))
		p++;
	return p == eol || *p == '#';
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The value of a `form:` line: a plain or simply quoted form id, then only
 * blanks or a comment.  NULL for anything else. */
static char *form_value(const char *p, const char *eol)
{
	/* "form:full" is one plain scalar, not a key and its value */
	if (p < eol && !blank_char(*p))
		return NULL;
	while (p < eol && blank_char(*p))
		p++;
	char quote = p < eol && (*p == '\'' || *p == '"') ? *p : 0;
	if (quote)
		p++;
	const char *start = p;
	while (p < eol && id_char(*p))
		p++;
	const char *stop = p;
	if (stop == start || (quote && (p == eol || *p++ != quote)))
		return NULL;
	const char *after = p;
	while (p < eol && blank_char(*p))
		p++;
	/* a comment needs a blank before it; anything else is more value */
	if (p < eol && !(*p == '#' && p > after))
		return NULL;
	return hy_strndup(start, (size_t)(stop - start));
}

char *hy_doc_form_id_text(const char *text, size_t len, bool whole)
{
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	/* comments, blank lines and a "---" may come first */
	const char *eol = line_end(p, end);
	while (eol < end && (empty_line(p, eol) || (eol - p >= 3 && memcmp(p, "---", 3) == 0 &&
						     empty_line(p + 3, eol)))) {
		p = eol + 1;
		eol = line_end(p, end);
	}
	/* a line cut by the end of what was read may go on */
	if ((eol == end && !whole) || (size_t)(eol - p) < 5 || memcmp(p, "form:", 5) != 0)
		return NULL;
	char *id = form_value(p + 5, eol);
	/* a plain value may go on over indented lines ("form: full\n  x" is
	 * "full x"): the next line with text must start a key in column 0 */
	p = eol + (eol < end);
	while (id && p < end) {
		eol = line_end(p, end);
		if (!empty_line(p, eol))
			break;
		p = eol + (eol < end);
	}
	bool next_key = p < end && !blank_char(*p) && *p != '\n';
	if (id && !next_key && (p < end || !whole)) {
		free(id);
		id = NULL;
	}
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
	yt_node *top = parse_text(text, len, diags);
	return top ? doc_from_tree(forms, top, diags) : NULL;
}

hy_doc *hy_doc_load_parts(const hy_forms *forms, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	/* a pipe cannot be read a second time, should the parts not do */
	hy_doc *doc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? load_in_parts(forms, fd) : NULL;
	close(fd);
	return doc;
}

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
	yt_node *top = parse_text(text, len, diags);
	/* the tree holds all the document needs: the text goes before the
	 * values are built */
	free(text);
	return top ? doc_from_tree(forms, top, diags) : NULL;
}

hy_doc *hy_doc_load(const hy_forms *forms, const char *path, hy_diags *diags)
{
	hy_doc *doc = hy_doc_load_parts(forms, path);
	if (!doc)
		doc = load_file_whole(forms, path, diags);
	if (doc) {
		doc->path = hy_strdup(path);
		hy_doc_remember_disk_state(doc, path);
	}
	return doc;
}

