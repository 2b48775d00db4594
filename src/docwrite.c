/* Writing a document: its canonical YAML, through the direct writer
 * (src/yemit.c) or libyaml's emitter, to a buffer, to a file being saved,
 * or against a file to compare -- fmt compares and writes in one pass. */
#include "hyoka/docwrite.h"
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"
#include "hyoka/yemit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

/* ---- writing ---- */

/* The events go to the direct writer, or (tests, to hold it to libyaml's
 * output) to libyaml's emitter. */
typedef struct {
	ye *direct;
	yaml_emitter_t em;
	bool failed;
} writer;

static void emit(writer *w, yaml_event_t *ev)
{
	if (w->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&w->em, ev))
		w->failed = true;
}

static void w_scalar(writer *w, const char *s, size_t len, yaml_scalar_style_t style)
{
	if (w->direct) {
		w->failed |= !ye_scalar(w->direct, s, len, (ye_style)style);
		return;
	}
	yaml_event_t ev;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1,
					  style)) {
		w->failed = true; /* not UTF-8 */
		return;
	}
	emit(w, &ev);
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

/* Is s a number to some YAML reader?  YAML 1.2 and 1.1 integers and floats
 * (signs, "0x1F", "0o17", "0b101", underscores, exponents, ".5", ".inf",
 * ".nan"), 1.1's octal ("010") and sexagesimal ("12:30" is 750).  Written
 * bare, such a text is read back as a number by other tools. */
static bool looks_number(const char *s)
{
	static const char *const words[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", NULL};
	const char *p = s + (*s == '+' || *s == '-');
	for (const char *const *w = words; *w; w++)
		if (strcmp(p, *w) == 0)
			return true;
	const char *digits = p[0] == '0' && p[1] && strchr("xXoObB", p[1]) ? p + 2 : NULL;
	if (digits)
		return *digits && strspn(digits, "0123456789abcdefABCDEF_") == strlen(digits);
	size_t n_digits = 0;
	for (; (*p >= '0' && *p <= '9') || *p == '_' || *p == ':'; p++)
		n_digits += *p >= '0' && *p <= '9';
	if (*p == '.')
		for (p++; (*p >= '0' && *p <= '9') || *p == '_'; p++)
			n_digits += *p >= '0' && *p <= '9';
	if (n_digits && (*p == 'e' || *p == 'E')) {
		p += 1 + (p[1] == '+' || p[1] == '-');
		if (!(*p >= '0' && *p <= '9'))
			return false;
		p += strspn(p, "0123456789");
	}
	return n_digits > 0 && !*p;
}

/* A decimal integer that every YAML reader reads as that integer: "0", "8",
 * "-12"; not "010", "+1" or "1_000". */
static bool plain_integer(const char *s)
{
	const char *p = s + (*s == '-');
	if (p[0] == '0')
		return !p[1];
	return *p >= '1' && *p <= '9' && strspn(p, "0123456789") == strlen(p);
}

/* A text: a literal block when it has line breaks, quoted when it would be
 * read back as something else (null, a boolean, a number); a key or a
 * number (plain_integer): as libyaml likes. */
static void emit_scalar(writer *w, const char *s, bool text_value)
{
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (text_value && strchr(s, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (text_value && (looks_special(s) || looks_number(s)))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	w_scalar(w, s, strlen(s), style);
}

/* A number field or count: bare when it is a plain integer, else a text
 * ("010" stays '010': bare, other tools read octal 8). */
static void emit_number(writer *w, const char *s)
{
	emit_scalar(w, s, !plain_integer(s));
}

static void emit_map_start(writer *w)
{
	if (w->direct) {
		w->failed |= !ye_map_start(w->direct);
		return;
	}
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	emit(w, &ev);
}

static void emit_map_end(writer *w)
{
	if (w->direct) {
		w->failed |= !ye_map_end(w->direct);
		return;
	}
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(w, &ev);
}

static void emit_seq_start(writer *w)
{
	if (w->direct) {
		w->failed |= !ye_seq_start(w->direct);
		return;
	}
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit(w, &ev);
}

static void emit_seq_end(writer *w)
{
	if (w->direct) {
		w->failed |= !ye_seq_end(w->direct);
		return;
	}
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(w, &ev);
}

static void emit_yt(writer *w, const yt_node *n)
{
	if (n->kind == YT_SCALAR) {
		/* both implicit flags: libyaml must never add a "!" tag; a quoted
		 * text that reads as null stays quoted */
		bool plain_null = n->plain && yt_is_null(n);
		bool quote = !n->plain && (looks_special(n->str) || looks_number(n->str));
		w_scalar(w, n->str, n->len,
			 plain_null ? YAML_PLAIN_SCALAR_STYLE
			 : quote ? YAML_SINGLE_QUOTED_SCALAR_STYLE
			 : strchr(n->str, '\n') ? YAML_LITERAL_SCALAR_STYLE
			 : YAML_ANY_SCALAR_STYLE);
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

/* An option: its text, or {text: detail}; a count (kind HY_DETAIL_COUNT) is
 * a number. */
static void emit_option(writer *w, const char *text, const char *detail, hy_detail kind)
{
	if (!detail) {
		emit_scalar(w, text, true);
		return;
	}
	emit_map_start(w);
	emit_scalar(w, text, false);
	if (kind == HY_DETAIL_COUNT)
		emit_number(w, detail);
	else
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
		emit_number(w, v->s);
		break;
	case HY_CHOICE:
		emit_option(w, v->s, v->detail,
			    v->opt >= 0 ? v->f->list->options[v->opt].detail : HY_DETAIL_TEXT);
		break;
	case HY_CHECKS:
		emit_seq_start(w);
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i])
				emit_option(w, v->written[i] ? v->written[i] : v->f->list->options[i].text,
					    v->details[i], v->f->list->options[i].detail);
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

static void emit_body(writer *w, const hy_doc *doc)
{
	emit_map_start(w);
	emit_scalar(w, "form", false);
	emit_scalar(w, doc->form->id, true); /* quoted if it reads as null or a boolean */
	/* the document's own 様式, as it was written (a new one: the form's) */
	if (doc->form_version) {
		emit_scalar(w, "form_version", false);
		emit_scalar(w, doc->form_version, true);
	}
	emit_fields(w, doc->root, doc->top_extra);
	emit_map_end(w);
}

static bool emit_doc_libyaml(const hy_doc *doc, yaml_write_handler_t *handler, void *data)
{
	writer w;
	memset(&w, 0, sizeof w);
	if (!yaml_emitter_initialize(&w.em))
		return false;
	yaml_emitter_set_output(&w.em, handler, data);
	yaml_emitter_set_unicode(&w.em, 1);
	yaml_emitter_set_width(&w.em, -1);
	yaml_emitter_set_indent(&w.em, 2);
	yaml_emitter_set_break(&w.em, YAML_LN_BREAK);
	yaml_event_t ev;
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&w, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&w, &ev);
	emit_body(&w, doc);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&w, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&w, &ev);
	if (!w.failed && !yaml_emitter_flush(&w.em))
		w.failed = true;
	yaml_emitter_delete(&w.em);
	return !w.failed;
}

/* Emits the canonical YAML of doc through handler, which receives it in
 * pieces and may stop it by returning 0.  Returns false when the YAML could
 * not be produced or the handler stopped it. */
static bool emit_doc(const hy_doc *doc, yaml_write_handler_t *handler, void *data)
{
	writer w = {.direct = ye_new(handler, data)};
	emit_body(&w, doc);
	bool ok = !w.failed && ye_finish(w.direct);
	ye_free(w.direct);
	return ok;
}

static int buf_handler(void *data, unsigned char *buffer, size_t size)
{
	hy_buf_add((hy_buf *)data, (const char *)buffer, size);
	return 1;
}

char *hy_doc_to_yaml(const hy_doc *doc, size_t *len)
{
	hy_buf out;
	hy_buf_init(&out);
	if (!emit_doc(doc, buf_handler, &out)) {
		hy_buf_free(&out);
		return NULL;
	}
	if (len)
		*len = out.len;
	return hy_buf_take(&out);
}

char *hy_doc_to_yaml_libyaml(const hy_doc *doc, size_t *len)
{
	hy_buf out;
	hy_buf_init(&out);
	if (!emit_doc_libyaml(doc, buf_handler, &out)) {
		hy_buf_free(&out);
		return NULL;
	}
	if (len)
		*len = out.len;
	return hy_buf_take(&out);
}

/* ---- comparing with the file ---- */

typedef struct {
	int fd;
	char *chunk;         /* the file's bytes, one emitter piece at a time */
	size_t cap;
	bool differs;
} comparer;

/* Reads exactly len bytes unless the file ends first; returns the count, or
 * (size_t)-1 on a read error. */
static size_t read_exact(int fd, char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, buf + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return (size_t)-1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Compares the next piece of the canonical text with the file's next bytes;
 * stops the emitter (returns 0) at the first difference. */
static int compare_handler(void *data, unsigned char *buffer, size_t size)
{
	comparer *c = data;
	if (size > c->cap) {
		c->chunk = hy_realloc(c->chunk, size);
		c->cap = size;
	}
	size_t got = read_exact(c->fd, c->chunk, size);
	if (got != size || memcmp(c->chunk, buffer, size) != 0) {
		c->differs = true;
		return 0;
	}
	return 1;
}

bool hy_doc_matches_file(const hy_doc *doc, const char *path)
{
	comparer c = {.fd = open(path, O_RDONLY | O_CLOEXEC)};
	if (c.fd < 0)
		return false;
	bool same = emit_doc(doc, compare_handler, &c) && !c.differs;
	/* the file must end where the canonical text does */
	char extra;
	if (same)
		same = read_exact(c.fd, &extra, 1) == 0;
	close(c.fd);
	free(c.chunk);
	return same;
}

/* ---- saving ---- */

static int atomic_handler(void *data, unsigned char *buffer, size_t size)
{
	return hy_atomic_write(data, (const char *)buffer, size);
}

/* Refuses to overwrite a file changed on disk since it was loaded (unless
 * forced), then opens the temporary file the text goes to. */
static hy_save_result save_begin(const hy_doc *doc, const char *path, bool force, hy_atomic *a,
				 char **err)
{
	bool same_file = doc->path && strcmp(doc->path, path) == 0;
	if (same_file && !force && hy_doc_changed_on_disk(doc)) {
		*err = hy_printf(_("%s changed on disk since it was opened"), path);
		return HY_SAVE_CHANGED_ON_DISK;
	}
	return hy_atomic_open(a, path, 0666, err) ? HY_SAVE_OK : HY_SAVE_FAILED;
}

/* fsync, PATH~, rename; the document then belongs to the file. */
static hy_save_result save_commit(hy_doc *doc, const char *path, hy_atomic *a, char **err)
{
	if (!hy_atomic_commit(a, true, err))
		return HY_SAVE_FAILED;
	if (!doc->path || strcmp(doc->path, path) != 0) {
		free(doc->path);
		doc->path = hy_strdup(path);
	}
	hy_doc_remember_disk_state(doc, path);
	doc->modified = false;
	return HY_SAVE_OK;
}

hy_save_result hy_doc_save(hy_doc *doc, const char *path, bool force, char **err)
{
	*err = NULL;
	/* the text goes straight to the temporary file: a large document is
	 * not held twice */
	hy_atomic a;
	hy_save_result r = save_begin(doc, path, force, &a, err);
	if (r != HY_SAVE_OK)
		return r;
	if (!emit_doc(doc, atomic_handler, &a) && !a.error) {
		hy_atomic_abort(&a);
		*err = hy_strdup(_("cannot produce YAML for this document"));
		return HY_SAVE_FAILED;
	}
	return save_commit(doc, path, &a, err);
}

/* ---- formatting a file: compared and written in one pass ---- */

typedef struct {
	comparer cmp;
	off_t matched;          /* the file's first bytes, equal to the text so far */
	hy_doc *doc;
	const char *path;
	bool write;
	bool (*may_write)(void *ctx);
	void *ctx;
	bool refused;
	bool writing;           /* the text goes to the temporary file */
	hy_atomic a;
	hy_save_result save;
	char *err;
} formatter;

/* The canonical text so far is the file's first `matched` bytes: copied
 * from the file to the temporary one. */
static bool copy_matched(formatter *f)
{
	char *buf = hy_malloc(65536);
	off_t at = 0;
	bool ok = true;
	while (ok && at < f->matched) {
		size_t want = f->matched - at < 65536 ? (size_t)(f->matched - at) : 65536;
		ssize_t got = pread(f->cmp.fd, buf, want, at);
		if (got < 0 && errno == EINTR)
			continue;
		ok = got > 0 && hy_atomic_write(&f->a, buf, (size_t)got);
		at += got > 0 ? got : 0;
	}
	free(buf);
	if (!ok && !f->a.error)
		f->a.error = errno ? errno : EIO;
	return ok;
}

/* At the first difference: may the file be rewritten?  Then opens the
 * temporary file and gives it what was already compared. */
static bool start_writing(formatter *f)
{
	if (f->may_write && !f->may_write(f->ctx)) {
		f->refused = true;
		return false;
	}
	f->save = save_begin(f->doc, f->path, false, &f->a, &f->err);
	if (f->save != HY_SAVE_OK)
		return false;
	f->writing = true;
	return copy_matched(f);
}

static int format_handler(void *data, unsigned char *buffer, size_t size)
{
	formatter *f = data;
	if (!f->writing) {
		if (!f->cmp.differs) {
			if (compare_handler(&f->cmp, buffer, size)) {
				f->matched += (off_t)size;
				return 1;
			}
			if (!f->write)
				return 0; /* a check: the first difference is the answer */
		}
		if (!start_writing(f))
			return 0;
	}
	return hy_atomic_write(&f->a, (const char *)buffer, size);
}

static hy_fmt_result format_failed(formatter *f, char **err)
{
	if (f->writing)
		hy_atomic_abort(&f->a);
	*err = f->err ? f->err : hy_strdup(_("cannot produce YAML for this document"));
	return HY_FMT_FAILED;
}

hy_fmt_result hy_doc_format_file(hy_doc *doc, const char *path, bool write,
				 bool (*may_write)(void *ctx), void *ctx, char **err)
{
	*err = NULL;
	formatter f = {.cmp = {.fd = open(path, O_RDONLY | O_CLOEXEC)},
		       .doc = doc, .path = path, .write = write, .may_write = may_write,
		       .ctx = ctx};
	/* an unreadable file differs from the first byte */
	f.cmp.differs = f.cmp.fd < 0;
	bool emitted = emit_doc(doc, format_handler, &f);
	/* the file must end where the canonical text does */
	char extra;
	if (emitted && !f.cmp.differs && read_exact(f.cmp.fd, &extra, 1) != 0) {
		f.cmp.differs = true;
		if (write && !start_writing(&f))
			emitted = false;
	}
	hy_fmt_result r;
	if (f.refused) {
		r = HY_FMT_REFUSED;
		if (f.writing)
			hy_atomic_abort(&f.a);
	} else if (!f.cmp.differs && emitted) {
		r = HY_FMT_SAME;
	} else if (!write && f.cmp.differs) {
		r = HY_FMT_DIFFERS;
	} else if (!f.writing || (!emitted && !f.a.error)) {
		r = format_failed(&f, err);
	} else {
		r = save_commit(doc, path, &f.a, err) == HY_SAVE_OK ? HY_FMT_WRITTEN : HY_FMT_FAILED;
	}
	if (f.cmp.fd >= 0)
		close(f.cmp.fd);
	free(f.cmp.chunk);
	return r;
}
