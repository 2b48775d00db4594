/* Recovery files and locks: never lose an author's work.
 *
 * While a document is being edited, its current state is written now and then
 * to DIR/.NAME.hyoka-recover; a clean save or quit removes it.  A recovery
 * file that outlives its editor (a crash, a lost terminal) is offered back by
 * `hyoka recover`.  DIR/.NAME.hyoka-lock tells a second editor, like vim's
 * swap file, that someone is already working on the document. */
#include "hyoka/recover.h"
#include "hyoka/lock.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Previews in the differences are shortened to about this many columns, so
 * that one changed field stays one line on an ordinary terminal. */
#define PREVIEW_COLS 60

/* ---- file names ---- */

char *hy_recover_path(const char *doc_path)
{
	return hy_sidecar_path(doc_path, ".hyoka-recover");
}

/* ---- recovery files ---- */

bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err)
{
	char *local = NULL;
	char **e = err ? err : &local;
	*e = NULL;
	if (!doc_path || !*doc_path) {
		*e = hy_strdup(_("the document has no file name yet"));
		free(local);
		return false;
	}
	size_t len;
	char *text = hy_doc_to_yaml(doc, &len);
	if (!text) {
		*e = hy_strdup(_("cannot produce YAML for this document"));
		free(local);
		return false;
	}
	char *path = hy_recover_path(doc_path);
	/* 0600: the recovery file holds the same personal-data descriptions as
	 * the document but nobody chose its permissions; no backup, since an
	 * older recovery state is never worth keeping. */
	bool ok = hy_write_atomic(path, text, len, 0600, false, e);
	free(path);
	free(text);
	free(local);
	return ok;
}

void hy_recover_remove(const char *doc_path)
{
	char *path = hy_recover_path(doc_path);
	int error;
	/* nothing useful can be done here on failure: a left-over recovery file
	 * only means the author is offered it again, which loses nothing */
	(void)hy_remove_file(path, &error);
	free(path);
}

static bool timespec_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

bool hy_recover_pending(const char *doc_path)
{
	char *path = hy_recover_path(doc_path);
	struct stat rs, ds;
	bool exists = stat(path, &rs) == 0 && S_ISREG(rs.st_mode);
	free(path);
	if (!exists)
		return false;
	/* When the document cannot be examined, or was written in the same
	 * clock tick, offering the recovery file is the side that loses nothing. */
	if (stat(doc_path, &ds) != 0)
		return true;
	return !timespec_before(rs.st_mtim, ds.st_mtim);
}

/* ---- differences ---- */

/* A preview made safe and short for one terminal line: control characters
 * (which a hostile file could use to drive the terminal) become spaces, and
 * long text is cut at a character boundary with "…". */
static char *shown(const char *s, int cols)
{
	hy_buf clean;
	hy_buf_init(&clean);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			hy_buf_addc(&clean, ' ');
		else if (cp == 0xFFFD && len == 1)
			hy_buf_adds(&clean, "\xEF\xBF\xBD");
		else
			hy_buf_add(&clean, s + i, len);
		i += len;
	}
	char *text = hy_buf_take(&clean);
	if (cols <= 0 || hy_str_width(text) <= cols)
		return text;
	size_t keep = hy_fit_prefix(text, cols - 1, NULL);
	text[keep] = '\0';
	char *cut = hy_printf("%s…", text);
	free(text);
	return cut;
}

static char *value_shown(const hy_value *v)
{
	char *p = hy_value_preview(v);
	char *s = *p ? shown(p, PREVIEW_COLS) : hy_strdup(_("(empty)"));
	free(p);
	return s;
}

static void add_line(hy_buf *out, const hy_value *at, const char *old, const char *new)
{
	char *raw_path = hy_value_path(at);
	char *path = shown(raw_path, 0);
	hy_buf_addf(out, _("%s: %s → %s\n"), path, old, new);
	free(path);
	free(raw_path);
}

static bool strs_equal(const char *a, const char *b)
{
	/* absent and empty print the same and mean the same */
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool str_arrays_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!strs_equal(a[i], b[i]))
			return false;
	return true;
}

static bool yt_equal(const yt_node *a, const yt_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->n != b->n)
		return false;
	if (a->kind == YT_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == YT_SEQ && !yt_equal(a->items[i], b->items[i]))
			return false;
		if (a->kind == YT_MAP && (strcmp(a->pairs[i].key, b->pairs[i].key) != 0 ||
					  !yt_equal(a->pairs[i].value, b->pairs[i].value)))
			return false;
	}
	return true;
}

static bool checks_equal(const hy_value *a, const hy_value *b)
{
	const hy_list *list = a->f->list;
	for (size_t i = 0; list && i < list->n_options; i++)
		if (a->checked[i] != b->checked[i] ||
		    (a->checked[i] && !strs_equal(a->details[i], b->details[i])))
			return false;
	return str_arrays_equal(a->unknown, a->n_unknown, b->unknown, b->n_unknown);
}

/* Equality of the stored content of two leaf values of one form node. */
static bool leaf_equal(const hy_value *a, const hy_value *b)
{
	if (a->raw || b->raw)
		return yt_equal(a->raw, b->raw);
	switch (a->f->type) {
	case HY_CHOICE:
		return strs_equal(a->s, b->s) && strs_equal(a->detail, b->detail);
	case HY_CHECKS:
		return checks_equal(a, b);
	case HY_FLAG:
		return a->flag == b->flag;
	case HY_LIST:
		return str_arrays_equal(a->items, a->n_items, b->items, b->n_items);
	default:
		return strs_equal(a->s, b->s);
	}
}

/* The text after an instance's numbered header ("委託事項2 保守" -> "保守"). */
static char *instance_text(const hy_value *inst)
{
	char *title = hy_instance_title(inst);
	char *space = strchr(title, ' ');
	char *text = space && space[1] ? shown(space + 1, PREVIEW_COLS) : NULL;
	free(title);
	return text;
}

static void instance_added(hy_buf *out, const hy_value *inst)
{
	char *text = instance_text(inst);
	char *new = text ? hy_printf(_("(added) %s"), text) : hy_strdup(_("(added)"));
	add_line(out, inst, _("(none)"), new);
	free(new);
	free(text);
}

static void instance_removed(hy_buf *out, const hy_value *inst)
{
	char *text = instance_text(inst);
	add_line(out, inst, text ? text : _("(entry)"), _("(removed)"));
	free(text);
}

static void diff_value(hy_buf *out, const hy_value *a, const hy_value *b);

static void diff_instances(hy_buf *out, const hy_value *a, const hy_value *b)
{
	size_t common = a->n_inst < b->n_inst ? a->n_inst : b->n_inst;
	for (size_t i = 0; i < common; i++)
		diff_value(out, a->inst[i], b->inst[i]);
	/* An empty instance of a following repeat comes and goes with its
	 * leader's, which already has its own line. */
	bool follower = a->f->follows != NULL;
	for (size_t i = common; i < b->n_inst; i++)
		if (!follower || !hy_value_is_empty(b->inst[i]))
			instance_added(out, b->inst[i]);
	for (size_t i = common; i < a->n_inst; i++)
		if (!follower || !hy_value_is_empty(a->inst[i]))
			instance_removed(out, a->inst[i]);
}

static void diff_leaf(hy_buf *out, const hy_value *a, const hy_value *b)
{
	if (leaf_equal(a, b))
		return;
	char *old = value_shown(a), *new = value_shown(b);
	add_line(out, b, old, new);
	free(old);
	free(new);
}

/* Walks two values of the same form node in parallel. */
static void diff_value(hy_buf *out, const hy_value *a, const hy_value *b)
{
	if (!a || !b)
		return;
	if (a->is_instance || a->f->type == HY_PART || a->f->type == HY_SECTION) {
		for (size_t i = 0; a->kids && b->kids && i < a->f->n_children; i++)
			diff_value(out, a->kids[i], b->kids[i]);
	} else if ((a->f->type == HY_REPEAT || a->f->type == HY_TABLE) && !a->raw && !b->raw) {
		diff_instances(out, a, b);
	} else {
		diff_leaf(out, a, b);
	}
}

char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered)
{
	if (saved->form != recovered->form)
		return hy_printf(_("the documents are of different forms (%s, %s)\n"),
				 saved->form->id, recovered->form->id);
	hy_buf out;
	hy_buf_init(&out);
	diff_value(&out, saved->root, recovered->root);
	return out.data ? hy_buf_take(&out) : hy_strdup("");
}
