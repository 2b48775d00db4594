/* The full-screen editor: terminal, the main loop and its keys, editing
 * actions, saving and revisions; opening documents and the start screen are
 * in tui_open.c, the view in tui_view.c, finding things in tui_find.c.  All state lives in
 * one hy_tui context; the only global is the flag a signal handler may set. */
#include "hyoka/tui_parts.h"
#include "hyoka/date.h"
#include "hyoka/diff.h"
#include "hyoka/fileio.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/recover.h"
#include "hyoka/threshold.h"
#include "hyoka/undo.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"
#include "hyoka/keys.h"
#include "hyoka/widgets.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Set by SIGHUP/SIGTERM/SIGINT; the main loop writes recovery data and exits. */
static volatile sig_atomic_t signal_caught;

static void on_signal(int sig)
{
	signal_caught = sig;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* ---- terminal ---- */

static bool start_curses(hy_tui *t)
{
	const char *script = getenv("HYOKA_SCRIPT");
	if (script && *script) {
		t->ui.script = fopen(script, "r");
		if (!t->ui.script) {
			fprintf(stderr, _("hyoka: cannot read script %s\n"), script);
			return false;
		}
		/* headless: a virtual 80x24 screen unless the script says otherwise */
		if (!getenv("COLUMNS"))
			setenv("COLUMNS", "80", 1);
		if (!getenv("LINES"))
			setenv("LINES", "24", 1);
		FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
		const char *term = getenv("TERM");
		if (!out || !in || !newterm(term && *term ? term : "xterm", out, in)) {
			fprintf(stderr, _("hyoka: cannot start the screen\n"));
			return false;
		}
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, _("hyoka: the editor needs a terminal; see 'hyoka --help' for commands\n"));
			return false;
		}
		set_escdelay(25);
		if (!initscr()) {
			fprintf(stderr, _("hyoka: cannot start the screen\n"));
			return false;
		}
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	hy_keys_init();
	define_key("\033[200~", HY_KEY_PASTE_START);
	define_key("\033[201~", HY_KEY_PASTE_END);
	if (!t->ui.script) {
		fputs("\033[?2004h", stdout); /* bracketed paste */
		fflush(stdout);
	}
	t->ui.color = has_colors() && !getenv("NO_COLOR") && !t->ui.script;
	if (t->ui.color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_BLACK, COLOR_CYAN);
		init_pair(3, COLOR_RED, -1);
		init_pair(4, COLOR_YELLOW, -1);
	}
	return true;
}

static void stop_curses(hy_tui *t)
{
	if (!t->ui.script) {
		fputs("\033[?2004l", stdout);
		fflush(stdout);
	}
	endwin();
}

/* ---- messages and boxes ---- */

void hy_set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(t->message);
	t->message = hy_vprintf(fmt, ap);
	t->message_kind = kind;
	va_end(ap);
}

static void write_recovery(hy_tui *t);

/* Autosave while a box is open: a field editor puts what is typed into the
 * document as it goes, so a second without a key writes it out (a kill -9
 * while typing loses at most that second). */
static void autosave_in_box(hy_tui *t)
{
	if (t->doc && t->doc->modified && t->doc->generation != t->recovery_generation &&
	    time(NULL) - t->last_change >= t->autosave_seconds)
		write_recovery(t);
}

/* The one loop every box runs in: draw, read, key, until it is done. */
int tui_run_dialog(hy_tui *t, hy_dialog *d)
{
	int result = 0;
	while (result == 0) {
		hy_dialog_draw(d);
		int wait = d->timeout_ms < 0 || d->timeout_ms > 1000 ? 1000 : d->timeout_ms;
		hy_key k = hy_read_key(&t->ui, wait);
		if (k.kind == HY_KEY_NONE) {
			autosave_in_box(t);
			if (d->timeout_ms < 0)
				continue; /* the box asked to wait for a key */
		}
		result = hy_dialog_key(d, k);
	}
	return result;
}

static bool edit_field(hy_tui *t, hy_value *v)
{
	hy_field_editor *e = hy_field_editor_open(&t->ui, t->doc, v);
	int result = tui_run_dialog(t, hy_field_editor_dialog(e));
	hy_field_editor_close(e, result > 0);
	return result > 0;
}

static int choose(hy_tui *t, const hy_fnode *f, int current)
{
	hy_dialog *d = hy_choose_open(&t->ui, f, current);
	return hy_choose_close(d, tui_run_dialog(t, d));
}

static bool edit_checks(hy_tui *t, hy_value *v)
{
	hy_dialog *d = hy_checks_open(&t->ui, t->doc, v);
	return hy_checks_close(d, tui_run_dialog(t, d));
}

char *tui_prompt(hy_tui *t, const char *title, const char *initial, const char *previous,
			 bool digits_only)
{
	hy_dialog *d = hy_prompt_open(&t->ui, title, initial, previous, digits_only);
	return hy_prompt_close(d, tui_run_dialog(t, d));
}

static char *prompt(hy_tui *t, const char *title, const char *initial, bool digits_only)
{
	return tui_prompt(t, title, initial, NULL, digits_only);
}

int tui_ask(hy_tui *t, const char *question, const char *keys)
{
	hy_dialog *d = hy_ask_open(&t->ui, question, keys);
	return hy_ask_close(d, tui_run_dialog(t, d));
}

void tui_show_text_at(hy_tui *t, const char *title, const char *text, size_t top)
{
	hy_dialog *d = hy_text_open(&t->ui, title, text, top);
	tui_run_dialog(t, d);
	hy_text_close(d);
}

static void show_text(hy_tui *t, const char *title, const char *text)
{
	tui_show_text_at(t, title, text, 0);
}

int tui_menu(hy_tui *t, const char *title, char **items, size_t n, size_t sel,
		const char *keys)
{
	hy_dialog *d = hy_menu_open(&t->ui, title, items, n, sel, keys);
	return hy_menu_close(d, tui_run_dialog(t, d));
}

/* ---- actions ---- */

static bool refuse_read_only(hy_tui *t)
{
	if (!t->read_only)
		return false;
	hy_set_message(t, HY_MSG_WARNING, _("read-only: this document cannot be changed here"));
	return true;
}

static void after_edit(hy_tui *t, hy_value *v)
{
	hy_threshold_autofill(t->doc, v);
	tui_note_change(t);
	/* edited or confirmed: the author has looked at it (undo brings the mark back) */
	if (hy_review_get(t->doc, v) == HY_MARK_NONE)
		return;
	hy_review_set(t->doc, v, HY_MARK_NONE);
	size_t left = tui_review_left(t); /* as the status line counts them */
	if (left)
		hy_set_message(t, HY_MSG_INFO, _("confirmed; %zu to review (r: next)"), left);
	else
		hy_set_message(t, HY_MSG_INFO, _("confirmed; no field is left to review"));
}

static void edit_choice(hy_tui *t, hy_value *v)
{
	int pick = choose(t, v->f, v->opt);
	if (pick == -1)
		return;
	if (pick == -2) {
		hy_set_choice(t->doc, v, -1, NULL);
		after_edit(t, v);
		return;
	}
	const hy_option *o = &v->f->list->options[pick];
	char *detail = NULL;
	if (o->detail != HY_DETAIL_NONE) {
		char *title = hy_printf(o->detail == HY_DETAIL_COUNT ? _("%s: how many (件)?")
								     : _("%s: the text in （ ）"),
					o->text);
		detail = prompt(t, title, pick == v->opt ? v->detail : NULL,
				   o->detail == HY_DETAIL_COUNT);
		free(title);
	}
	hy_set_choice(t->doc, v, pick, detail);
	free(detail);
	after_edit(t, v);
}

static void open_link(hy_tui *t, hy_row *r)
{
	size_t i = hy_outline_find(&t->outline, r->v);
	tui_select_entry(t, i);
	t->focus_fields = true;
}

static void edit_row(hy_tui *t)
{
	hy_row *r = tui_current_row(t);
	if (!r)
		return;
	if (r->kind == HY_ROW_LINK) {
		open_link(t, r);
		return;
	}
	if (r->kind != HY_ROW_FIELD)
		return;
	if (!hy_value_applies(t->doc, r->v)) {
		hy_set_message(t, HY_MSG_INFO, _("this item does not apply with the current answers"));
		return;
	}
	if (refuse_read_only(t))
		return;
	hy_value *v = r->v;
	hy_undo_begin(t->undo, t->doc, v);
	/* しきい値判断結果 may be filled in by the edit (hy_threshold_autofill) */
	if (t->doc->form->has_threshold && t->doc->form->threshold.result)
		hy_undo_add(t->undo, hy_value_resolve(t->doc, v, t->doc->form->threshold.result));
	switch (v->f->type) {
	case HY_CHOICE:
		edit_choice(t, v);
		break;
	case HY_CHECKS:
		if (edit_checks(t, v))
			after_edit(t, v);
		break;
	case HY_FLAG:
		hy_set_flag(t->doc, v, v->flag == 1 ? 0 : 1);
		after_edit(t, v);
		break;
	default:
		if (edit_field(t, v))
			after_edit(t, v);
		break;
	}
	hy_undo_commit(t->undo, t->doc);
	tui_rebuild(t);
}

/* The repeat an add/delete/move key acts on, and the instance index. */
static hy_value *target_repeat(hy_tui *t, size_t *index, bool *on_instance)
{
	*on_instance = false;
	hy_row *r = t->focus_fields ? tui_current_row(t) : NULL;
	if (r && r->kind == HY_ROW_LINK && r->v && r->v->is_instance) {
		*index = r->v->index;
		*on_instance = true;
		return r->v->parent;
	}
	if (r && r->kind == HY_ROW_LINK && r->v &&
	    (r->v->f->type == HY_REPEAT || r->v->f->type == HY_TABLE)) {
		*index = r->v->n_inst;
		return r->v;
	}
	const hy_ol_entry *e = &t->outline.items[t->ol_sel];
	if (e->kind == HY_OL_INSTANCE) {
		*index = e->v->index;
		*on_instance = true;
		return e->v->parent;
	}
	if (e->kind == HY_OL_REPEAT) {
		*index = e->v->n_inst;
		return e->v;
	}
	return NULL;
}

static bool repeat_editable(hy_tui *t, hy_value *rep)
{
	if (rep->f->follows) {
		hy_set_message(t, HY_MSG_INFO, _("these entries follow %s: add or remove them there"),
			       rep->f->follows->label);
		return false;
	}
	if (!hy_value_applies(t->doc, rep)) {
		hy_set_message(t, HY_MSG_INFO, _("this block does not apply with the current answers"));
		return false;
	}
	return true;
}

static void goto_value(hy_tui *t, const hy_value *v)
{
	size_t i = hy_outline_find(&t->outline, v);
	tui_select_entry(t, i);
}

static void add_instance(hy_tui *t, bool duplicate)
{
	size_t idx;
	bool on_instance;
	hy_value *rep = target_repeat(t, &idx, &on_instance);
	if (!rep) {
		hy_set_message(t, HY_MSG_INFO, _("+ adds an entry on a repeating block (システム, 委託事項, 提供先…)"));
		return;
	}
	if (refuse_read_only(t) || !repeat_editable(t, rep))
		return;
	if (rep->f->has_max && (long)rep->n_inst >= rep->f->max) {
		hy_set_message(t, HY_MSG_WARNING, _("at most %ld entries are allowed here"), rep->f->max);
		return;
	}
	if (duplicate && !on_instance) {
		hy_set_message(t, HY_MSG_INFO, _("select an entry to duplicate"));
		return;
	}
	size_t at = on_instance ? idx + 1 : rep->n_inst;
	hy_undo_begin(t->undo, t->doc, rep);
	hy_value *inst = hy_repeat_add(t->doc, rep, at, duplicate ? rep->inst[idx] : NULL);
	hy_undo_commit(t->undo, t->doc);
	tui_note_change(t);
	tui_rebuild(t);
	goto_value(t, inst);
	t->focus_fields = true;
	hy_set_message(t, HY_MSG_INFO, duplicate ? _("entry duplicated") : _("entry added"));
}

static void delete_instance(hy_tui *t)
{
	size_t idx;
	bool on_instance;
	hy_value *rep = target_repeat(t, &idx, &on_instance);
	if (!rep || !on_instance) {
		hy_set_message(t, HY_MSG_INFO, _("select an entry of a repeating block to delete it"));
		return;
	}
	if (refuse_read_only(t) || !repeat_editable(t, rep))
		return;
	char *title = hy_instance_title(rep->inst[idx]);
	char *q = hy_printf(_("Delete %s and everything in it? (y/n)"), title);
	int answer = tui_ask(t, q, "yn");
	free(q);
	free(title);
	if (answer != 'y')
		return;
	/* leave the entry first: the outline and rows point into what is freed */
	goto_value(t, rep);
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	t->ol_sel = 0;
	hy_undo_begin(t->undo, t->doc, rep);
	hy_repeat_remove(t->doc, rep, idx);
	hy_undo_commit(t->undo, t->doc);
	tui_note_change(t);
	hy_outline_build(t->doc, &t->outline);
	tui_forget_status(t);
	tui_select_entry(t, hy_outline_find(&t->outline, rep));
	hy_set_message(t, HY_MSG_INFO, _("entry deleted"));
}

static void move_instance(hy_tui *t, int delta)
{
	size_t idx;
	bool on_instance;
	hy_value *rep = target_repeat(t, &idx, &on_instance);
	if (!rep || !on_instance || refuse_read_only(t) || !repeat_editable(t, rep))
		return;
	if ((delta < 0 && idx == 0) || (delta > 0 && idx + 1 >= rep->n_inst))
		return;
	size_t to = delta < 0 ? idx - 1 : idx + 1;
	hy_undo_begin(t->undo, t->doc, rep);
	hy_repeat_move(t->doc, rep, idx, to);
	hy_undo_commit(t->undo, t->doc);
	tui_note_change(t);
	bool in_fields = t->focus_fields && tui_current_row(t) && tui_current_row(t)->kind == HY_ROW_LINK;
	size_t row = t->row_sel;
	tui_rebuild(t);
	if (in_fields) {
		t->row_sel = delta < 0 ? row - 1 : row + 1;
	} else {
		goto_value(t, rep->inst[to]);
	}
}

/* ---- help ---- */

static void show_help(hy_tui *t)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_row *r = t->focus_fields ? tui_current_row(t) : NULL;
	if (r) {
		hy_buf_addf(&b, "%s\n", hy_fnode_name(r->f));
		if (r->f->help)
			hy_buf_addf(&b, "%s\n", r->f->help);
		if (r->f->help_en)
			hy_buf_addf(&b, "%s\n", r->f->help_en);
		if (r->f->title_en)
			hy_buf_addf(&b, "(%s)\n", r->f->title_en);
		if (r->v && r->v->n_issues)
			for (size_t i = 0; i < r->v->n_issues; i++)
				hy_buf_addf(&b, "%s: %s\n",
					    r->v->issues[i].severity == HY_ERROR ? _("error") : _("warning"),
					    r->v->issues[i].message);
		hy_buf_adds(&b, "\n");
	}
	char *keys = hy_keys_help();
	hy_buf_addf(&b, "%s\n%s", keys,
		    _("Marks: - not written yet, ! errors, ? warnings, · empty, ✓ done.\n"));
	free(keys);
	show_text(t, _("Help"), b.data);
	hy_buf_free(&b);
}

/* ---- saving and quitting ---- */

/* A save failed (a full disk, a directory gone read-only): the edits are
 * still here; offer another name, as an editor should. */
static bool save_elsewhere(hy_tui *t, char *err)
{
	char *q = hy_printf(_("NOT saved: %s. Save under another name? (y/n)"), err ? err : "?");
	free(err);
	int a = tui_ask(t, q, "yn");
	free(q);
	char *p = a == 'y' ? prompt(t, _("Save as (file name)"), "", false) : NULL;
	if (!p || !*p) {
		free(p);
		hy_set_message(t, HY_MSG_ERROR, _("NOT saved (your edits are kept here)"));
		return false;
	}
	char *err2 = NULL;
	if (hy_doc_save(t->doc, p, false, &err2) != HY_SAVE_OK) {
		hy_set_message(t, HY_MSG_ERROR, _("NOT saved: %s (your edits are kept here)"),
			       err2 ? err2 : "?");
		free(err2);
		free(p);
		return false;
	}
	free(err2);
	/* the document lives at its new name from now on */
	if (t->has_lock && t->path)
		hy_lock_release(t->path);
	t->has_lock = false;
	hy_recover_remove(t->path);
	free(t->path);
	t->path = p;
	pid_t owner = 0;
	t->has_lock = hy_lock_take(t->path, false, &owner) == HY_LOCK_OK;
	t->recovery_stale = false;
	hy_set_message(t, HY_MSG_INFO, _("saved as %s"), t->path);
	return true;
}

/* hyoka writes no comments: the first save of a file that has some asks. */
static bool comments_may_go(hy_tui *t)
{
	if (!t->comment_line)
		return true;
	char *shown_text = hy_clean_for_terminal(t->comment_text, strlen(t->comment_text), false);
	char *q = hy_printf(_("This file has YAML comments (line %d: %s), which saving removes. "
			      "Save anyway? (y/n)"),
			    t->comment_line, shown_text);
	free(shown_text);
	int a = tui_ask(t, q, "yn");
	free(q);
	if (a != 'y') {
		hy_set_message(t, HY_MSG_WARNING, _("not saved"));
		return false;
	}
	t->comment_line = 0;
	return true;
}

static bool save(hy_tui *t)
{
	if (refuse_read_only(t))
		return false;
	if (!comments_may_go(t))
		return false;
	if (!t->path) {
		char *p = prompt(t, _("Save as (file name)"), "", false);
		if (!p || !*p) {
			free(p);
			return false;
		}
		t->path = p;
	}
	char *err = NULL;
	hy_save_result r = hy_doc_save(t->doc, t->path, false, &err);
	if (r == HY_SAVE_CHANGED_ON_DISK) {
		free(err);
		err = NULL;
		char *q = hy_printf(_("%s changed on disk since it was opened. Overwrite it? (y/n)"),
				    t->path);
		int a = tui_ask(t, q, "yn");
		free(q);
		if (a != 'y') {
			hy_set_message(t, HY_MSG_WARNING, _("not saved"));
			return false;
		}
		r = hy_doc_save(t->doc, t->path, true, &err);
	}
	if (r != HY_SAVE_OK)
		return save_elsewhere(t, err);
	free(err);
	hy_recover_remove(t->path);
	t->recovery_stale = false;
	hy_status st = hy_value_status(t->doc, t->doc->root);
	hy_set_message(t, st.errors ? HY_MSG_WARNING : HY_MSG_INFO,
		       _("saved %s (%zu errors, %zu warnings)"), t->path, st.errors, st.warnings);
	return true;
}

static void request_quit(hy_tui *t)
{
	if (t->doc->modified && !t->read_only) {
		int a = tui_ask(t, _("Save changes before quitting? (y)es, (n)o, (c)ancel"), "ync");
		if (a == 'y' && !save(t))
			return;
		if (a == 'c' || a == 0)
			return;
		if (a == 'n' && t->path)
			hy_recover_remove(t->path);
	}
	t->quit = true;
}

static void write_recovery(hy_tui *t)
{
	if (!t->path || !t->doc || !t->doc->modified || t->read_only)
		return;
	char *err = NULL;
	char *where = hy_recover_save(t->doc, t->path, &err);
	/* what the exit message may promise: only a file that was written */
	free(t->recovery_where);
	t->recovery_where = where;
	free(t->recovery_error);
	t->recovery_error = where ? NULL : hy_strdup(err ? err : "?");
	if (where) {
		t->recovery_stale = false;
		t->recovery_generation = t->doc->generation;
	} else {
		/* try again after another interval; never hide a message already shown
		 * (a failed save says more) */
		t->last_change = time(NULL);
		if (!t->message)
			hy_set_message(t, HY_MSG_ERROR, _("cannot write the recovery file: %s"), err);
	}
	free(err);
}

/* ---- revisions (--since OLD) ---- */

static char *today_wareki(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return hy_date_wareki(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void write_changes(hy_tui *t)
{
	if (!t->since_path) {
		hy_set_message(t, HY_MSG_INFO, _("open the document with --since OLD to write its 変更箇所 rows"));
		return;
	}
	if (refuse_read_only(t))
		return;
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *old = hy_cli_load_doc(&t->forms, t->since_path, &d, NULL);
	hy_diags_free(&d);
	if (!old) {
		hy_set_message(t, HY_MSG_ERROR, _("cannot read %s"), t->since_path);
		return;
	}
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	if (!hy_diff(old, t->doc, &ch, &err)) {
		hy_set_message(t, HY_MSG_ERROR, "%s", err);
		free(err);
		hy_doc_free(old);
		return;
	}
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < ch.n; i++)
		hy_buf_addf(&b, "%s%s → %s\n  %s\n  %s\n\n", ch.items[i].path,
			    ch.items[i].important ? " ※" : "", hy_change_timing(&ch.items[i]),
			    ch.items[i].before, ch.items[i].after);
	if (!ch.n) {
		hy_set_message(t, HY_MSG_INFO, _("no differences from %s"), t->since_path);
	} else {
		show_text(t, _("Changes since the previous version"), b.data);
		char *today = today_wareki();
		char *date = prompt(t, _("変更日 of these rows (Esc: do not write them)"), today, false);
		free(today);
		if (date) {
			size_t added = 0;
			hy_undo_begin(t->undo, t->doc, t->doc->root);
			bool appended = hy_diff_append(t->doc, &ch, date, &added, &err);
			hy_undo_commit(t->undo, t->doc);
			if (appended) {
				tui_note_change(t);
				tui_rebuild(t);
				hy_set_message(t, HY_MSG_INFO,
					       P_("%zu row added to 変更箇所; write its 提出時期に係る説明", "%zu rows added to 変更箇所; write 提出時期に係る説明 for each", added),
					       added);
			} else {
				hy_set_message(t, HY_MSG_ERROR, "%s", err);
				free(err);
			}
			free(date);
		}
	}
	hy_buf_free(&b);
	hy_changes_free(&ch);
	hy_doc_free(old);
}

/* ---- undo ---- */

static void undo_redo(hy_tui *t, bool redo)
{
	if (refuse_read_only(t))
		return;
	if (!(redo ? hy_undo_can_redo(t->undo) : hy_undo_can_undo(t->undo))) {
		hy_set_message(t, HY_MSG_INFO, redo ? _("nothing to redo") : _("nothing to undo"));
		return;
	}
	/* the outline and rows point into values a step may free */
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	tui_forget_status(t);
	t->ol_sel = t->row_sel = t->row_top = 0;
	hy_value *where = NULL;
	if (redo)
		hy_undo_redo(t->undo, t->doc, &where);
	else
		hy_undo_undo(t->undo, t->doc, &where);
	tui_note_change(t);
	tui_show_value(t, where);
	char *path = where && where->parent ? hy_value_path(where) : hy_strdup("");
	hy_set_message(t, HY_MSG_INFO, redo ? _("redone: %s") : _("undone: %s"), path);
	free(path);
}

/* ---- the main loop ---- */

static void select_step(hy_tui *t, long delta)
{
	long last = (long)t->outline.n - 1, i = (long)t->ol_sel + delta;
	tui_select_entry(t, (size_t)(i < 0 ? 0 : i > last ? last : i));
}

static void handle_outline_key(hy_tui *t, hy_action a)
{
	switch (a) {
	case HY_ACT_UP:
		select_step(t, -1);
		break;
	case HY_ACT_DOWN:
		select_step(t, 1);
		break;
	case HY_ACT_PAGE_UP:
		select_step(t, -HY_PAGE_STEP);
		break;
	case HY_ACT_PAGE_DOWN:
		select_step(t, HY_PAGE_STEP);
		break;
	case HY_ACT_FIRST:
		tui_select_entry(t, 0);
		break;
	case HY_ACT_LAST:
		tui_select_entry(t, t->outline.n - 1);
		break;
	case HY_ACT_SWITCH:
		tui_focus_fields(t);
		break;
	default:
		break;
	}
}

static void handle_fields_key(hy_tui *t, hy_action a)
{
	size_t e = t->ol_sel;
	switch (a) {
	case HY_ACT_UP:
		tui_row_step(t, -1);
		break;
	case HY_ACT_DOWN:
		tui_row_step(t, 1);
		break;
	case HY_ACT_PAGE_UP:
		for (int i = 0; i < HY_PAGE_STEP; i++)
			tui_row_step(t, -1);
		break;
	case HY_ACT_PAGE_DOWN:
		for (int i = 0; i < HY_PAGE_STEP && t->ol_sel == e; i++)
			tui_row_step(t, 1);
		break;
	case HY_ACT_FIRST:
		t->row_sel = 0;
		if (t->rows.n && !tui_row_selectable(t, tui_current_row(t)))
			tui_row_step(t, 1);
		break;
	case HY_ACT_LAST:
		t->row_sel = t->rows.n ? t->rows.n - 1 : 0;
		break;
	case HY_ACT_EDIT:
		edit_row(t);
		break;
	case HY_ACT_TOGGLE: {
		hy_row *r = tui_current_row(t);
		if (r && r->kind == HY_ROW_FIELD && (r->v->f->type == HY_FLAG || r->v->f->type == HY_CHECKS))
			edit_row(t);
		break;
	}
	case HY_ACT_SWITCH:
		t->focus_fields = false;
		break;
	default:
		break;
	}
}

/* The actions of the main screen wherever the focus is; false for the rest. */
static bool handle_main_key(hy_tui *t, hy_action a, bool was_search)
{
	switch (a) {
	case HY_ACT_SAVE:
		save(t);
		return true;
	case HY_ACT_QUIT:
		request_quit(t);
		return true;
	case HY_ACT_HELP:
		show_help(t);
		return true;
	case HY_ACT_SEARCH:
		tui_search(t);
		return true;
	case HY_ACT_NEXT:
	case HY_ACT_PREV:
		if (was_search)
			tui_search_next(t, a == HY_ACT_NEXT ? 1 : -1);
		else
			tui_next_problem(t, a == HY_ACT_NEXT ? 1 : -1);
		return true;
	case HY_ACT_REVIEW_NEXT:
	case HY_ACT_REVIEW_PREV:
		tui_next_review(t, a == HY_ACT_REVIEW_NEXT ? 1 : -1);
		return true;
	case HY_ACT_ADD:
	case HY_ACT_DUPLICATE:
		add_instance(t, a == HY_ACT_DUPLICATE);
		return true;
	case HY_ACT_DELETE:
		delete_instance(t);
		return true;
	case HY_ACT_MOVE_UP:
	case HY_ACT_MOVE_DOWN:
		move_instance(t, a == HY_ACT_MOVE_UP ? -1 : 1);
		return true;
	case HY_ACT_WRITE_CHANGES:
		write_changes(t);
		return true;
	case HY_ACT_GOTO:
		tui_go_to(t);
		return true;
	case HY_ACT_NARROW:
	case HY_ACT_WIDEN:
		tui_resize_outline(t, a == HY_ACT_WIDEN ? 4 : -4);
		return true;
	case HY_ACT_PREVIEW:
		tui_preview(t);
		return true;
	case HY_ACT_UNDO:
	case HY_ACT_REDO:
		undo_redo(t, a == HY_ACT_REDO);
		return true;
	case HY_ACT_STOP:
		/* Esc ends a search; nothing else to leave here */
		return true;
	default:
		return false;
	}
}

static void handle_key(hy_tui *t, hy_key k)
{
	bool was_search = t->search && t->message && t->message_kind == HY_MSG_INFO;
	free(t->message);
	t->message = NULL;
	hy_key_context ctx = t->focus_fields ? HY_CTX_FIELDS : HY_CTX_OUTLINE;
	hy_action a = hy_key_action(k, ctx);
	if (handle_main_key(t, a, was_search))
		return;
	if (t->focus_fields)
		handle_fields_key(t, a);
	else
		handle_outline_key(t, a);
}

static void background_main(void *owner)
{
	tui_draw_main(owner);
}

static int run_editor(hy_tui *t)
{
	tui_rebuild(t);
	t->ui.draw_background = background_main;
	t->ui.owner = t;
	while (!t->quit) {
		if (signal_caught || t->ui.stopping) {
			/* a lost terminal is a hang-up that may come without SIGHUP */
			write_recovery(t);
			return 128 + (int)(signal_caught ? signal_caught : SIGHUP);
		}
		tui_draw_main(t);
		hy_key k = hy_read_key(&t->ui, 1000);
		if (k.kind == HY_KEY_EOF && !t->ui.stopping)
			break;
		if (k.kind == HY_KEY_EOF)
			continue;
		if (k.kind == HY_KEY_NONE) {
			if (t->recovery_stale && time(NULL) - t->last_change >= t->autosave_seconds)
				write_recovery(t);
			continue;
		}
		if (hy_key_is(k, KEY_RESIZE))
			continue;
		handle_key(t, k);
		if (t->recovery_stale && time(NULL) - t->last_change >= t->autosave_seconds)
			write_recovery(t);
	}
	return 0;
}

static void tui_free(hy_tui *t)
{
	if (t->has_lock && t->path)
		hy_lock_release(t->path);
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	tui_forget_status(t);
	hy_undo_free(t->undo);
	hy_doc_free(t->doc);
	free(t->recovery_where);
	free(t->recovery_error);
	free(t->comment_text);
	hy_forms_free(&t->forms);
	free(t->path);
	free(t->message);
	free(t->search);
	free(t->goto_text);
	free(t->ui.queue);
	if (t->ui.script)
		fclose(t->ui.script);
}

/* After a signal or a lost terminal: say where the edits are only when the
 * recovery file was really written. */
static void say_where_edits_are(const hy_tui *t)
{
	char *shown_path = hy_clean_for_terminal(t->path ? t->path : "", t->path ? strlen(t->path) : 0,
						 false);
	if (t->recovery_where && !t->recovery_stale) {
		char *where = hy_clean_for_terminal(t->recovery_where, strlen(t->recovery_where), false);
		fprintf(stderr, _("hyoka: stopped; your edits are in %s (hyoka recover %s)\n"), where,
			shown_path);
		free(where);
	} else if (t->doc && t->doc->modified && !t->read_only) {
		char *why = hy_clean_for_terminal(t->recovery_error ? t->recovery_error : "?",
						  strlen(t->recovery_error ? t->recovery_error : "?"), false);
		fprintf(stderr, _("hyoka: stopped; the recovery file could NOT be written (%s): the "
				  "unsaved edits are lost\n"),
			why);
		free(why);
	} else {
		fprintf(stderr, _("hyoka: stopped; there were no unsaved edits\n"));
	}
	free(shown_path);
}

/* Out of memory: the terminal back to normal, the edits to the recovery
 * file (hy_malloc freed its reserve for this), the lock removed. */
static void out_of_memory(void *ctx)
{
	hy_tui *t = ctx;
	stop_curses(t);
	write_recovery(t);
	if (t->has_lock && t->path)
		hy_lock_release(t->path);
	t->has_lock = false;
	say_where_edits_are(t); /* then hy_malloc says "out of memory" and exits 4 */
}

static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

int hy_tui_main(const hy_global *g, int argc, char **argv)
{
	hy_tui t;
	memset(&t, 0, sizeof t);
	t.g = g;
	t.autosave_seconds = 3;
	t.undo = hy_undo_new();
	const char *file = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--read-only") == 0)
			t.read_only = true;
		else if (strcmp(argv[i], "--ascii") == 0)
			t.ui.ascii = true;
		else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc)
			t.since_path = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, _("hyoka: unknown option '%s'; see 'hyoka --help'\n"), argv[i]);
			return HY_EXIT_INPUT;
		} else if (!file)
			file = argv[i];
		else {
			fprintf(stderr, _("hyoka: unknown command '%s'; see 'hyoka --help'\n"), file);
			return HY_EXIT_INPUT;
		}
	}
	/* no translation in use: the English interface, with the forms' glosses */
	t.english = strcmp(gettext("saved"), "saved") == 0;
	if (!utf8_locale()) {
		fprintf(stderr, _("hyoka: this terminal's locale is not UTF-8, so Japanese text "
				  "cannot be shown.\nStart hyoka in a UTF-8 locale, for example:\n"
				  "  LANG=ja_JP.UTF-8 hyoka FILE     (Japanese interface)\n"
				  "  LANG=C.UTF-8 hyoka FILE         (English interface)\n"));
		return HY_EXIT_INPUT;
	}
	/* a document to open needs its own form (and that of --since); the
	 * start screen and a new file offer every form */
	const char *need[] = {file, t.since_path};
	bool have_forms = file ? hy_cli_load_forms_for(g, &t.forms, need, 2)
			       : hy_cli_load_forms(g, &t.forms);
	if (!have_forms) {
		hy_forms_free(&t.forms);
		return HY_EXIT_INPUT;
	}
	if (!start_curses(&t)) {
		tui_free(&t);
		return HY_EXIT_INPUT;
	}
	install_signals();
	/* enough for the emitter to write the recovery file when memory runs out */
	hy_set_oom_handler(out_of_memory, &t, (size_t)4 << 20);
	t.ui.stop_signal = &signal_caught;
	t.ui.draw_background = tui_background_blank;
	t.ui.owner = &t;
	bool opened = file ? tui_open_path(&t, file) : tui_start_screen(&t);
	/* a document that exists but cannot be read or parsed is bad input */
	bool unreadable = file && !opened && !t.doc && access(file, F_OK) == 0 && !t.lock_refused;
	if (opened && t.since_path && !t.message)
		hy_set_message(&t, HY_MSG_INFO, _("comparing with %s: press D to write the 変更箇所 rows"),
			       t.since_path);
	int rc = opened ? run_editor(&t) : 0;
	stop_curses(&t);
	if (rc > 128)
		say_where_edits_are(&t);
	hy_set_oom_handler(NULL, NULL, 0);
	tui_free(&t);
	return unreadable ? HY_EXIT_INPUT : rc;
}
