/* Recovery files and locks: never lose an author's work.
 *
 * While a document is being edited, its current state is written now and then
 * to DIR/.NAME.hyoka-recover; a clean save or quit removes it.  A recovery
 * file that outlives its editor (a crash, a lost terminal) is offered back by
 * `hyoka recover`.  DIR/.NAME.hyoka-lock tells a second editor, like vim's
 * swap file, that someone is already working on the document. */
#include "hyoka/recover.h"
#include "hyoka/diff.h"
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

/* A change's side as one short line: "(empty)" for nothing. */
static char *side_shown(const char *text)
{
	return *text ? shown(text, PREVIEW_COLS) : hy_strdup(_("(empty)"));
}

/* An added or removed instance's summary without its numbered header, when
 * the path already ends with it ("委託事項3 監査" after "… 委託事項3"). */
static const char *summary_text(const char *path, const char *summary)
{
	const char *space = strchr(summary, ' ');
	if (!space || !space[1])
		return summary;
	size_t head = (size_t)(space - summary), n = strlen(path);
	bool repeated = n >= head && memcmp(path + n - head, summary, head) == 0;
	return repeated ? space + 1 : summary;
}

static void add_line(hy_buf *out, const char *raw_path, const char *old, const char *new)
{
	char *path = shown(raw_path, 0);
	hy_buf_addf(out, _("%s: %s → %s\n"), path, old, new);
	free(path);
}

static void describe_change(hy_buf *out, const hy_change *c)
{
	if (c->kind == HY_CHANGE_ADDED) {
		const char *text = summary_text(c->path, c->after);
		char *s = *text ? shown(text, PREVIEW_COLS) : NULL;
		char *new = s ? hy_printf(_("(added) %s"), s) : hy_strdup(_("(added)"));
		add_line(out, c->path, _("(none)"), new);
		free(new);
		free(s);
	} else if (c->kind == HY_CHANGE_REMOVED) {
		const char *text = summary_text(c->path, c->before);
		char *s = *text ? shown(text, PREVIEW_COLS) : hy_strdup(_("(entry)"));
		add_line(out, c->path, s, _("(removed)"));
		free(s);
	} else {
		char *old = side_shown(c->before), *new = side_shown(c->after);
		add_line(out, c->path, old, new);
		free(old);
		free(new);
	}
}

/* The walk is diff.c's, so that recovery and `hyoka diff` agree on what
 * changed; only the 変更箇所 table, which diff leaves out, is walked too. */
char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered)
{
	if (saved->form != recovered->form)
		return hy_printf(_("the documents are of different forms (%s, %s)\n"),
				 saved->form->id, recovered->form->id);
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	if (!hy_diff_all(saved, recovered, &ch, &err)) {
		char *text = hy_printf("%s\n", err);
		free(err);
		return text;
	}
	hy_buf out;
	hy_buf_init(&out);
	for (size_t i = 0; i < ch.n; i++)
		describe_change(&out, &ch.items[i]);
	hy_changes_free(&ch);
	return out.data ? hy_buf_take(&out) : hy_strdup("");
}
