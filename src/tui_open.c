/* The editor's documents: opening one (a new one of a chosen form, a
 * recovery file, another hyoka's lock), the list of documents here with file
 * name completion, and the start screen. */
#include "hyoka/tui_parts.h"
#include "hyoka/cli.h"
#include "hyoka/fileio.h"
#include "hyoka/i18n.h"
#include "hyoka/lock.h"
#include "hyoka/recover.h"
#include "hyoka/util.h"
#include "hyoka/widgets.h"

#include <curses.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tui_background_blank(void *owner)
{
	(void)owner;
	erase();
	hy_fill(0, 0, COLS, A_REVERSE);
	hy_draw(0, 0, COLS, " hyoka", A_REVERSE);
}

/* The form of a new document at `path` (it does not exist: say so first). */
static const hy_form *pick_form(hy_tui *t, const char *path)
{
	/* every form, even if only an opened document's one was loaded (under
	 * curses, broken forms are not reported: `hyoka forms` does that) */
	hy_forms_load_rest(&t->forms, NULL);
	size_t n = t->forms.n;
	char **items = hy_calloc(n ? n : 1, sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = hy_printf("%zu) %-22s %s", i + 1, t->forms.forms[i]->id,
				     t->forms.forms[i]->title);
	char *title = hy_printf(_("%s does not exist: a new document of which form?"), path);
	int pick = tui_menu(t, title, items, n, 0, _("Enter or number: choose  Esc: cancel"));
	free(title);
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
	return pick >= 0 ? t->forms.forms[pick] : NULL;
}

static bool offer_recovery(hy_tui *t)
{
	if (!hy_recover_pending(t->path))
		return true;
	char *rpath = hy_recover_path(t->path);
	hy_diags d;
	hy_diags_init(&d);
	/* a regular file only, opened without following a link or waiting on
	 * a FIFO put in its place after the check */
	size_t len = 0;
	char *err = NULL;
	char *text = hy_read_regular(rpath, HY_DOC_MAX_SIZE, &len, &err);
	hy_doc *rec = text ? hy_doc_load_text(&t->forms, text, len, rpath, &d) : NULL;
	free(text);
	free(err);
	hy_diags_free(&d);
	if (!rec) {
		free(rpath);
		return true;
	}
	for (;;) {
		int a = tui_ask(t, _("A recovery file newer than this document exists (hyoka was "
				    "interrupted). (r)estore it, (s)how what differs, or (d)iscard it?"),
			       "rsd");
		if (a == 's') {
			char *diff = t->doc ? hy_recover_describe(t->doc, rec) : hy_strdup("");
			tui_show_text_at(t, _("Recovered changes"), *diff ? diff : _("(no differences)"), 0);
			free(diff);
			continue;
		}
		if (a == 'r') {
			hy_doc_free(t->doc);
			t->doc = rec;
			free(rec->path);
			rec->path = hy_strdup(t->path);
			hy_doc_remember_disk_state(rec, t->path);
			rec->modified = true;
			t->recovery_stale = true;
			hy_set_message(t, HY_MSG_INFO, _("recovered; save with Ctrl-S to keep it"));
			free(rpath);
			return true;
		}
		if (a == 'd') {
			hy_recover_remove(t->path);
			break;
		}
	}
	hy_doc_free(rec);
	free(rpath);
	return true;
}

static bool take_lock(hy_tui *t)
{
	if (t->read_only || !t->path)
		return true;
	pid_t owner = 0;
	hy_lock_result r = hy_lock_take(t->path, false, &owner);
	if (r == HY_LOCK_OK) {
		t->has_lock = true;
		return true;
	}
	if (r == HY_LOCK_FAILED)
		return true; /* e.g. a read-only directory: saving will say why */
	char *q = hy_printf(_("%s is open in another hyoka (process %ld). Open it (r)ead-only, "
			      "(t)ake over, or (q)uit?"),
			    t->path, (long)owner);
	int a = tui_ask(t, q, "rtq");
	free(q);
	if (a == 'r') {
		t->read_only = true;
		return true;
	}
	if (a == 't') {
		t->has_lock = hy_lock_take(t->path, true, &owner) == HY_LOCK_OK;
		return true;
	}
	return false;
}

/* Loads FILE, or starts a new document of a chosen form when it does not exist. */
bool tui_open_path(hy_tui *t, const char *path)
{
	struct stat st;
	free(t->path);
	t->path = hy_strdup(path);
	if (stat(path, &st) != 0) {
		const hy_form *f = pick_form(t, path);
		if (!f)
			return false;
		t->doc = hy_doc_new(f);
		t->doc->modified = true;
		t->recovery_stale = true;
		hy_set_message(t, HY_MSG_INFO, _("new %s: Ctrl-S saves it as %s"), f->title, path);
		return true;
	}
	hy_diags d;
	hy_diags_init(&d);
	t->doc = hy_cli_load_doc(&t->forms, path, &d, NULL);
	if (!t->doc) {
		hy_buf b;
		hy_buf_init(&b);
		for (size_t i = 0; i < d.n; i++)
			hy_buf_addf(&b, "%s:%d:%d: %s\n", path, d.items[i].line, d.items[i].col,
				    d.items[i].message);
		tui_show_text_at(t, _("Cannot open the document"), b.data ? b.data : "", 0);
		hy_buf_free(&b);
		hy_diags_free(&d);
		return false;
	}
	hy_diags_free(&d);
	int col = 0;
	t->comment_line = hy_doc_file_comment(path, &col, &t->comment_text);
	/* temporary files that saves of dead hyoka processes left beside it */
	size_t stale = hy_clean_stale_temps(path);
	if (stale)
		hy_set_message(t, HY_MSG_INFO,
			       P_("removed %zu temporary file left by an interrupted save",
				  "removed %zu temporary files left by interrupted saves", stale),
			       stale);
	if (access(path, W_OK) != 0) {
		t->read_only = true;
		hy_set_message(t, HY_MSG_WARNING, _("read-only: you cannot write to %s"), path);
	}
	if (!take_lock(t)) {
		t->lock_refused = true;
		return false;
	}
	return offer_recovery(t);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The documents (*.yaml) in the current directory, sorted; *n of them. */
static char **list_documents(size_t *n)
{
	*n = 0;
	char **names = NULL;
	size_t cap = 0;
	DIR *d = opendir(".");
	if (!d)
		return NULL;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		hy_grow((void **)&names, &cap, *n, sizeof *names);
		names[(*n)++] = hy_strdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, compare_names);
	return names;
}

/* Completes a file name as far as the names in its directory agree; a
 * directory gets its "/". */
static char *complete_file_name(const char *text)
{
	const char *slash = strrchr(text, '/');
	char *dir = slash ? hy_strndup(text, (size_t)(slash - text + 1)) : hy_strdup("");
	const char *base = slash ? slash + 1 : text;
	size_t blen = strlen(base);
	DIR *d = opendir(*dir ? dir : ".");
	char *common = NULL;
	size_t matches = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, base, blen) != 0 || (e->d_name[0] == '.' && base[0] != '.'))
			continue;
		matches++;
		if (!common) {
			common = hy_strdup(e->d_name);
			continue;
		}
		size_t i = 0;
		while (common[i] && common[i] == e->d_name[i])
			i++;
		common[i] = '\0';
	}
	if (d)
		closedir(d);
	char *done = NULL;
	if (common && (strlen(common) > blen || matches == 1)) {
		done = hy_printf("%s%s", dir, common);
		struct stat st;
		if (matches == 1 && stat(done, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *with = hy_printf("%s/", done);
			free(done);
			done = with;
		}
	}
	free(common);
	free(dir);
	return done;
}

static char *prompt_file_name(hy_tui *t, const char *title)
{
	hy_dialog *d = hy_prompt_open(&t->ui, title, "", NULL, false);
	hy_prompt_complete(d, complete_file_name);
	return hy_prompt_close(d, tui_run_dialog(t, d));
}

/* Which file to open: a list of the documents here, or a name typed. */
static char *ask_document(hy_tui *t)
{
	size_t n;
	char **names = list_documents(&n);
	char *path = NULL;
	if (n) {
		names = hy_realloc(names, (n + 1) * sizeof *names);
		names[n] = hy_strdup(_("Another file name…"));
		int pick = tui_menu(t, _("Open which document?"), names, n + 1, 0,
				_("Up/Down: move  Enter: open  Esc: cancel"));
		if (pick >= 0 && (size_t)pick < n)
			path = hy_strdup(names[pick]);
		for (size_t i = 0; i <= n; i++)
			free(names[i]);
		free(names);
		if (pick < 0 || path)
			return path;
	} else {
		free(names);
	}
	return prompt_file_name(t, _("Open: file name (Tab completes)"));
}

bool tui_start_screen(hy_tui *t)
{
	char *items[] = {hy_printf("1) %s", _("New document…")), hy_printf("2) %s", _("Open a file…")),
			 hy_printf("3) %s", _("Quit"))};
	bool opened = false;
	for (int sel = 0; !opened;) {
		sel = tui_menu(t, "hyoka", items, 3, (size_t)sel, _("Enter or number: choose  Ctrl-Q: quit"));
		if (sel < 0 || sel == 2)
			break;
		char *path = sel == 0 ? prompt_file_name(t, _("New document: file name"))
				      : ask_document(t);
		if (path && *path)
			opened = tui_open_path(t, path);
		free(path);
	}
	for (size_t i = 0; i < 3; i++)
		free(items[i]);
	return opened;
}
