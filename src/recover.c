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
#include <inttypes.h>
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

#define RECOVER_SUFFIX ".hyoka-recover"

/* The per-user place for recovery files that cannot be written beside
 * their document: $XDG_STATE_HOME/hyoka, else ~/.local/state/hyoka. */
static char *state_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	/* the XDG rule: a relative value is to be ignored */
	if (xdg && xdg[0] == '/')
		return hy_printf("%s/hyoka", xdg);
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return hy_printf("%s/.local/state/hyoka", home);
	return NULL;
}

/* The document's real file as an absolute path, so that every path to it
 * names the same recovery file in the per-user place. */
static char *absolute_real_file(const char *doc_path)
{
	char *real = hy_real_file(doc_path);
	char *resolved = realpath(real, NULL);
	if (!resolved) {
		/* not there yet: its directory's real path and its name */
		const char *slash = strrchr(real, '/');
		char *dir = slash ? hy_strndup(real, (size_t)(slash - real + (slash == real)))
				  : hy_strdup(".");
		char *rdir = realpath(dir, NULL);
		const char *base = slash ? slash + 1 : real;
		if (rdir)
			resolved = hy_printf("%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, base);
		free(rdir);
		free(dir);
	}
	if (resolved) {
		free(real);
		return resolved;
	}
	return real;
}

/* Where the recovery file goes when it cannot be written beside the
 * document: a short name, from a hash of the document's real path. */
static char *state_path(const char *doc_path)
{
	char *dir = state_dir();
	if (!dir)
		return NULL;
	char *real = absolute_real_file(doc_path);
	char *p = hy_printf("%s/%016" PRIx64 RECOVER_SUFFIX, dir, hy_name_hash(real));
	free(real);
	free(dir);
	return p;
}

static bool timespec_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

char *hy_recover_path(const char *doc_path)
{
	char *beside = hy_sidecar_path(doc_path, RECOVER_SUFFIX);
	char *state = state_path(doc_path);
	struct stat bs, ss;
	bool in_state = state && lstat(state, &ss) == 0 && S_ISREG(ss.st_mode);
	/* whatever has the name beside the document is reported on, not
	 * passed over, unless the per-user copy is a newer recovery file */
	bool state_wins = in_state && (lstat(beside, &bs) != 0 ||
				       (S_ISREG(bs.st_mode) && timespec_before(bs.st_mtim, ss.st_mtim)));
	if (state_wins) {
		free(beside);
		return state;
	}
	free(state);
	return beside;
}

/* ---- recovery files ---- */

/* mkdir -p for the per-user place, private to its user. */
static bool make_private_dir(const char *dir)
{
	char *p = hy_strdup(dir);
	bool ok = true;
	for (char *slash = strchr(p + 1, '/'); ok; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		ok = mkdir(p, 0700) == 0 || errno == EEXIST;
		if (!slash)
			break;
		*slash = '/';
	}
	free(p);
	return ok;
}

/* The second place: the per-user directory.  Takes ownership of first_err. */
static char *save_in_state(const char *doc_path, const char *text, size_t len, char *first_err,
			   char **err)
{
	char *path = state_path(doc_path);
	char *dir = state_dir();
	char *e = NULL;
	bool ok = path && make_private_dir(dir) && hy_write_private(path, text, len, &e);
	if (!ok) {
		if (!path)
			e = hy_strdup(_("neither XDG_STATE_HOME nor HOME is set"));
		else if (!e)
			e = hy_printf(_("cannot create %s: %s"), dir, strerror(errno));
		*err = hy_printf(_("%s; %s"), first_err, e);
		free(path);
		path = NULL;
	}
	free(e);
	free(dir);
	free(first_err);
	return path;
}

char *hy_recover_save(const hy_doc *doc, const char *doc_path, char **err)
{
	char *local = NULL;
	char **e = err ? err : &local;
	*e = NULL;
	if (!doc_path || !*doc_path) {
		*e = hy_strdup(_("the document has no file name yet"));
		free(local);
		return NULL;
	}
	size_t len;
	char *text = hy_doc_to_yaml(doc, &len);
	if (!text) {
		*e = hy_strdup(_("cannot produce YAML for this document"));
		free(local);
		return NULL;
	}
	/* beside the document first: it travels with the directory and
	 * `hyoka recover` finds it there; else the per-user place */
	char *path = hy_sidecar_path(doc_path, RECOVER_SUFFIX);
	char *first_err = NULL;
	if (!hy_write_private(path, text, len, &first_err)) {
		free(path);
		path = save_in_state(doc_path, text, len, first_err, e);
	}
	free(text);
	free(local);
	return path;
}

bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err)
{
	char *where = hy_recover_save(doc, doc_path, err);
	free(where);
	return where != NULL;
}

void hy_recover_remove(const char *doc_path)
{
	char *paths[] = {hy_sidecar_path(doc_path, RECOVER_SUFFIX), state_path(doc_path)};
	for (size_t i = 0; i < 2; i++) {
		int error;
		/* nothing useful can be done here on failure: a left-over recovery
		 * file only means the author is offered it again, which loses nothing */
		if (paths[i])
			(void)hy_remove_file(paths[i], &error);
		free(paths[i]);
	}
}

bool hy_recover_pending(const char *doc_path)
{
	char *path = hy_recover_path(doc_path);
	struct stat rs, ds;
	/* lstat: a link or a FIFO under the name is not a recovery file */
	bool exists = lstat(path, &rs) == 0 && S_ISREG(rs.st_mode);
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
	/* one line: a line break reads as a space */
	char *flat = hy_strdup(s);
	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	char *text = hy_clean_for_terminal(flat, strlen(flat), false);
	free(flat);
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
