/* The full-screen editor: start screen, outline and fields panes, editing,
 * saving, searching, help; autosave and recovery.  All state lives in one
 * hy_tui context; the only global is the flag a signal handler may set. */
#include "hyoka/tui.h"
#include "hyoka/diff.h"
#include "hyoka/i18n.h"
#include "hyoka/recover.h"
#include "hyoka/render.h"
#include "hyoka/threshold.h"
#include "hyoka/undo.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"
#include "hyoka/keys.h"
#include "hyoka/widgets.h"

#include <curses.h>
#include <dirent.h>
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

static void set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(t->message);
	t->message = hy_vprintf(fmt, ap);
	t->message_kind = kind;
	va_end(ap);
}

/* The one loop every box runs in: draw, read, key, until it is done. */
static int run_dialog(hy_tui *t, hy_dialog *d)
{
	int result = 0;
	while (result == 0) {
		hy_dialog_draw(d);
		result = hy_dialog_key(d, hy_read_key(&t->ui, d->timeout_ms));
	}
	return result;
}

static bool edit_field(hy_tui *t, hy_value *v)
{
	hy_field_editor *e = hy_field_editor_open(&t->ui, t->doc, v);
	int result = run_dialog(t, hy_field_editor_dialog(e));
	hy_field_editor_close(e, result > 0);
	return result > 0;
}

static int choose(hy_tui *t, const hy_fnode *f, int current)
{
	hy_dialog *d = hy_choose_open(&t->ui, f, current);
	return hy_choose_close(d, run_dialog(t, d));
}

static bool edit_checks(hy_tui *t, hy_value *v)
{
	hy_dialog *d = hy_checks_open(&t->ui, t->doc, v);
	return hy_checks_close(d, run_dialog(t, d));
}

static char *prompt_with(hy_tui *t, const char *title, const char *initial, const char *previous,
			 bool digits_only)
{
	hy_dialog *d = hy_prompt_open(&t->ui, title, initial, previous, digits_only);
	return hy_prompt_close(d, run_dialog(t, d));
}

static char *prompt(hy_tui *t, const char *title, const char *initial, bool digits_only)
{
	return prompt_with(t, title, initial, NULL, digits_only);
}

static int ask(hy_tui *t, const char *question, const char *keys)
{
	hy_dialog *d = hy_ask_open(&t->ui, question, keys);
	return hy_ask_close(d, run_dialog(t, d));
}

static void show_text_at(hy_tui *t, const char *title, const char *text, size_t top)
{
	hy_dialog *d = hy_text_open(&t->ui, title, text, top);
	run_dialog(t, d);
	hy_text_close(d);
}

static void show_text(hy_tui *t, const char *title, const char *text)
{
	show_text_at(t, title, text, 0);
}

static int menu(hy_tui *t, const char *title, char **items, size_t n, size_t sel,
		const char *keys)
{
	hy_dialog *d = hy_menu_open(&t->ui, title, items, n, sel, keys);
	return hy_menu_close(d, run_dialog(t, d));
}

/* ---- model glue ---- */

static void forget_status(hy_tui *t);
static void show_value(hy_tui *t, hy_value *v);

static void rebuild(hy_tui *t)
{
	forget_status(t);
	hy_value *cur = t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
	hy_outline_free(&t->outline);
	hy_outline_build(t->doc, &t->outline);
	t->ol_sel = cur ? hy_outline_find(&t->outline, cur) : 0;
	if (t->ol_sel >= t->outline.n)
		t->ol_sel = 0;
	hy_rows_free(&t->rows);
	hy_page_rows(t->doc, &t->outline.items[t->ol_sel], &t->rows);
	if (t->row_sel >= t->rows.n)
		t->row_sel = t->rows.n ? t->rows.n - 1 : 0;
}

static void select_entry(hy_tui *t, size_t i)
{
	if (i >= t->outline.n)
		return;
	t->ol_sel = i;
	hy_rows_free(&t->rows);
	hy_page_rows(t->doc, &t->outline.items[i], &t->rows);
	t->row_sel = 0;
	t->row_top = 0;
}

static hy_row *current_row(hy_tui *t)
{
	return t->rows.n ? &t->rows.items[t->row_sel] : NULL;
}

static bool row_selectable(const hy_tui *t, const hy_row *r)
{
	if (r->kind == HY_ROW_LINK)
		return true;
	return r->kind == HY_ROW_FIELD && hy_value_applies(t->doc, r->v);
}

static void note_change(hy_tui *t)
{
	t->last_change = time(NULL);
	t->recovery_stale = true;
}

/* ---- drawing ---- */

/* The outline's columns: 3/8 of the screen up to 44, or as the author set
 * them with < and >; the fields keep at least 36. */
static int outline_width(const hy_tui *t)
{
	int w = t->ol_cols ? t->ol_cols : COLS * 3 / 8 > 44 ? 44 : COLS * 3 / 8;
	int most = COLS - 36;
	return w < 16 ? 16 : w > most ? most : w;
}

static void resize_outline(hy_tui *t, int delta)
{
	t->ol_cols = outline_width(t) + delta;
	t->ol_cols = outline_width(t);
}

static const char *form_name(const hy_tui *t)
{
	return t->doc->form->title;
}

static void draw_title(hy_tui *t)
{
	hy_fill(0, 0, COLS, hy_attr_title(&t->ui));
	const hy_form *f = t->doc->form;
	const hy_value *name = f->name_field ? hy_value_resolve(t->doc, t->doc->root, f->name_field)
					     : NULL;
	const char *state = t->read_only ? _("read-only")
			    : t->doc->modified ? _("modified") : _("saved");
	char *title = hy_printf(" hyoka │ %s [%s] │ %s │ %s", t->path ? t->path : _("(no file)"),
				state, name && name->s ? name->s : _("(untitled)"), form_name(t));
	if (t->ui.ascii)
		for (char *p = title; (p = strstr(p, "│"));)
			memcpy(p, " | ", 3);
	hy_draw(0, 0, COLS, title, hy_attr_title(&t->ui));
	free(title);
}

/* Required fields not yet written: their "required" errors are not wrong
 * answers. */
static size_t missing(const hy_status *st)
{
	return st->required - st->required_filled;
}

/* - not written yet, ! wrong, ? warned, · nothing written (optional), ✓ done */
static const char *status_mark(const hy_tui *t, const hy_status *st)
{
	if (st->errors > missing(st))
		return "!";
	if (missing(st))
		return "-";
	if (st->warnings)
		return "?";
	if (!st->filled)
		return t->ui.ascii ? "." : "·";
	return t->ui.ascii ? "+" : "✓";
}

/* The outline's marks sum whole subtrees: compute them once per edit. */
static const hy_status *entry_status(hy_tui *t, size_t i)
{
	if (t->status_generation != t->doc->generation || !t->status) {
		free(t->status);
		free(t->status_known);
		t->status = hy_calloc(t->outline.n, sizeof *t->status);
		t->status_known = hy_calloc(t->outline.n, sizeof *t->status_known);
		t->status_generation = t->doc->generation;
	}
	if (!t->status_known[i]) {
		t->status[i] = hy_value_status(t->doc, t->outline.items[i].v);
		t->status_known[i] = true;
	}
	return &t->status[i];
}

static void forget_status(hy_tui *t)
{
	free(t->status);
	free(t->status_known);
	t->status = NULL;
	t->status_known = NULL;
}

static void draw_outline(hy_tui *t, int top, int height, int width)
{
	hy_outline *o = &t->outline;
	if (t->ol_sel < t->ol_top)
		t->ol_top = t->ol_sel;
	if (t->ol_sel >= t->ol_top + (size_t)height)
		t->ol_top = t->ol_sel - (size_t)height + 1;
	for (int r = 0; r < height; r++) {
		size_t i = t->ol_top + (size_t)r;
		hy_fill(top + r, 0, width, A_NORMAL);
		if (i >= o->n)
			continue;
		const hy_ol_entry *e = &o->items[i];
		hy_status st = *entry_status(t, i);
		bool applies = hy_value_applies(t->doc, e->v);
		char *title = hy_ol_title(e);
		/* the English interface shows the form's gloss beside the printed label */
		if (t->english && e->v->f->title_en && *e->v->f->label && !e->v->is_instance) {
			char *both = hy_printf("%s (%s)", title, e->v->f->title_en);
			free(title);
			title = both;
		}
		char *line = hy_printf("%*s%s %s", e->depth, "", status_mark(t, &st), title);
		int attr = i == t->ol_sel ? (t->focus_fields ? (int)A_BOLD : hy_attr_select(&t->ui))
					  : !applies ? hy_attr_dim(&t->ui) : (int)A_NORMAL;
		if (i == t->ol_sel)
			hy_fill(top + r, 0, width, attr);
		hy_draw(top + r, 0, width, line, attr);
		if (st.errors > missing(&st) && i != t->ol_sel)
			hy_draw(top + r, e->depth, 1, "!", hy_attr_error(&t->ui));
		free(line);
		free(title);
	}
}

static int row_height(const hy_row *r)
{
	return r->kind == HY_ROW_FIELD ? 2 : 1;
}

static char *row_label(const hy_tui *t, const hy_row *r)
{
	const char *label = *r->f->label ? r->f->label : r->f->id;
	if (t->english && r->f->title_en && *r->f->label && r->kind != HY_ROW_LINK)
		return hy_printf("%s (%s)", label, r->f->title_en);
	if (r->kind == HY_ROW_LINK && r->v) {
		hy_ol_kind kind = r->v->is_instance ? HY_OL_INSTANCE
				  : r->v->f->type == HY_SECTION || r->v->f->type == HY_PART ? HY_OL_SECTION
				  : r->v->f->type == HY_REPEAT || r->v->f->type == HY_TABLE ? HY_OL_REPEAT
				  : HY_OL_FIELD;
		hy_ol_entry e = {.kind = kind, .v = r->v};
		char *t = hy_ol_title(&e);
		char *s = e.kind == HY_OL_REPEAT ? hy_printf("%s (%zu)", t, r->v->n_inst) : hy_strdup(t);
		free(t);
		return s;
	}
	return hy_strdup(label);
}

static char *row_preview(hy_tui *t, const hy_row *r)
{
	if (r->kind == HY_ROW_FIXED) {
		if (r->f->type == HY_REF && r->f->ref_target) {
			const hy_value *v = hy_value_resolve(t->doc, r->scope, r->f->ref_target);
			return v ? hy_value_preview(v) : hy_strdup("");
		}
		return hy_strdup(r->f->text ? r->f->text : "");
	}
	if (r->kind != HY_ROW_FIELD)
		return hy_strdup("");
	if (r->v->f->type == HY_FLAG)
		return hy_strdup(r->v->flag == 1 ? (t->ui.ascii ? "[x]" : "[○]")
						 : (t->ui.ascii ? "[ ]" : "[  ]"));
	if (hy_value_is_empty(r->v))
		return hy_strdup(_("(empty)"));
	return hy_value_preview(r->v);
}

static void draw_row(hy_tui *t, const hy_row *r, int y, int x, int width, bool selected)
{
	int indent = r->depth * 2;
	char *label = row_label(t, r);
	bool applies = r->kind != HY_ROW_FIELD || hy_value_applies(t->doc, r->v);
	int attr = !applies ? hy_attr_dim(&t->ui) : (int)A_NORMAL;
	if (r->kind == HY_ROW_HEADING)
		attr = A_BOLD;
	if (selected) {
		attr = t->focus_fields ? hy_attr_select(&t->ui) : (int)A_BOLD;
		hy_fill(y, x, width, attr);
	}
	const char *mark = "  ";
	if (r->kind == HY_ROW_FIELD && r->v->n_issues)
		mark = r->v->issues[0].severity != HY_ERROR ? "? "
		       : hy_value_is_empty(r->v) ? "- " : "! ";
	else if (r->kind == HY_ROW_LINK)
		mark = t->ui.ascii ? "> " : "▸ ";
	char *line = hy_printf("%*s%s%s", indent, "", mark, label);
	hy_draw(y, x, width, line, attr);
	if (r->kind == HY_ROW_FIELD && r->v->n_issues && !selected)
		hy_draw(y, x + indent, 2, mark,
			r->v->issues[0].severity == HY_ERROR ? hy_attr_error(&t->ui) : hy_attr_warning(&t->ui));
	free(line);
	free(label);
	if (r->kind == HY_ROW_FIXED) {
		char *p = row_preview(t, r);
		int used = hy_str_width(r->f->label) + indent + 2;
		if (*p && used + 2 < width)
			hy_draw(y, x + used + 1, width - used - 1, p, hy_attr_dim(&t->ui));
		free(p);
	}
	if (row_height(r) == 2) {
		char *p = row_preview(t, r);
		hy_fill(y + 1, x, width, A_NORMAL);
		hy_draw(y + 1, x + indent + 4, width - indent - 4, p,
			!applies || hy_value_is_empty(r->v) ? hy_attr_dim(&t->ui) : (int)A_NORMAL);
		free(p);
	}
}

static void draw_fields(hy_tui *t, int top, int height, int x, int width)
{
	for (int r = 0; r < height; r++)
		hy_fill(top + r, x, width, A_NORMAL);
	if (!t->rows.n) {
		hy_draw(top, x + 1, width - 1, _("(no fields here: + adds an entry)"), hy_attr_dim(&t->ui));
		return;
	}
	if (t->row_sel < t->row_top)
		t->row_top = t->row_sel;
	/* make the selected row fit */
	for (;;) {
		int h = 0;
		for (size_t i = t->row_top; i <= t->row_sel && i < t->rows.n; i++)
			h += row_height(&t->rows.items[i]);
		if (h <= height || t->row_top >= t->row_sel)
			break;
		t->row_top++;
	}
	int y = top;
	for (size_t i = t->row_top; i < t->rows.n && y < top + height; i++) {
		const hy_row *r = &t->rows.items[i];
		if (y + row_height(r) > top + height)
			break;
		draw_row(t, r, y, x + 1, width - 1, i == t->row_sel);
		y += row_height(r);
	}
}

/* "required 12/30  5 problems": how far the whole document is. */
static char *progress_text(hy_tui *t)
{
	if (t->doc_status_generation != t->doc->generation || !t->doc_status_known) {
		t->doc_status = hy_value_status(t->doc, t->doc->root);
		t->doc_status_generation = t->doc->generation;
		t->doc_status_known = true;
	}
	const hy_status *st = &t->doc_status;
	size_t problems = st->errors - missing(st) + st->warnings;
	return hy_printf(_("required %zu/%zu  problems %zu"), st->required_filled, st->required,
			 problems);
}

static void draw_status(hy_tui *t)
{
	int y = LINES - 2;
	hy_fill(y, 0, COLS, A_NORMAL);
	char *progress = progress_text(t);
	int pw = hy_str_width(progress);
	hy_draw(y, COLS - pw, pw, progress, hy_attr_dim(&t->ui));
	free(progress);
	int room = COLS - pw - 1;
	const hy_row *r = t->focus_fields ? current_row(t) : NULL;
	if (t->message) {
		int attr = t->message_kind == HY_MSG_ERROR ? hy_attr_error(&t->ui)
			   : t->message_kind == HY_MSG_WARNING ? hy_attr_warning(&t->ui) : (int)A_BOLD;
		hy_draw(y, 0, room, t->message, attr);
	} else if (r && r->kind == HY_ROW_FIELD && r->v->n_issues) {
		const hy_issue *is = &r->v->issues[0];
		hy_draw(y, 0, room, is->message,
			is->severity == HY_ERROR ? hy_attr_error(&t->ui) : hy_attr_warning(&t->ui));
	} else if (r && r->f->help) {
		hy_draw(y, 0, room, r->f->help, hy_attr_dim(&t->ui));
	}
	hy_fill(LINES - 1, 0, COLS, hy_attr_title(&t->ui));
	char *keys = hy_keys_line(t->focus_fields ? HY_CTX_FIELDS : HY_CTX_OUTLINE);
	hy_draw(LINES - 1, 0, COLS, keys, hy_attr_title(&t->ui));
	free(keys);
}

/* The value the author is on: the selected field, else the section. */
static hy_value *current_value(hy_tui *t)
{
	hy_row *r = t->focus_fields ? current_row(t) : NULL;
	if (r && r->v && (r->kind == HY_ROW_FIELD || r->kind == HY_ROW_LINK))
		return r->v;
	return t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
}

/* The printed path of a value, as `hyoka validate` prints it, with the
 * full label of a section (whose path ends at its number). */
static char *printed_path(const hy_value *v)
{
	char *path = hy_value_path(v);
	/* a top part without a label (表紙) is called by its title, not its id */
	const hy_value *top = v;
	while (top->parent && top->parent->parent)
		top = top->parent;
	size_t idlen = strlen(top->f->id);
	if (!*top->f->label && top->parent && strncmp(path, top->f->id, idlen) == 0 &&
	    (path[idlen] == ' ' || !path[idlen])) {
		hy_ol_entry e = {.kind = HY_OL_PART, .v = (hy_value *)top};
		char *title = hy_ol_title(&e);
		char *named = hy_printf("%s%s", title, path + idlen);
		free(title);
		free(path);
		path = named;
	}
	if (!hy_is_entry(v) || v->is_instance)
		return path;
	hy_ol_entry e = {.kind = v->f->type == HY_PART ? HY_OL_PART : HY_OL_SECTION,
			 .v = (hy_value *)v};
	char *title = hy_ol_title(&e);
	char *num, *rest;
	hy_label_split(title, &num, &rest);
	char *full = *rest && !strstr(path, rest) ? hy_printf("%s%s%s", path, *path ? " " : "", rest)
						  : hy_strdup(path);
	free(num);
	free(rest);
	free(title);
	free(path);
	return full;
}

/* Where the author is, always in view: the printed path and full label. */
static void draw_breadcrumb(hy_tui *t)
{
	hy_fill(1, 0, COLS, A_NORMAL);
	hy_value *v = current_value(t);
	if (!v || !v->parent)
		return;
	char *path = printed_path(v);
	char *line = hy_printf("%s %s", t->ui.ascii ? ">" : "▶", path);
	hy_draw(1, 0, COLS, line, A_BOLD);
	free(line);
	free(path);
}

static void draw_main(hy_tui *t)
{
	if (hy_terminal_small()) {
		hy_draw_too_small();
		return;
	}
	erase();
	int ow = outline_width(t);
	int top = 2, height = LINES - 4;
	draw_title(t);
	draw_breadcrumb(t);
	draw_outline(t, top, height, ow);
	for (int y = top; y < top + height; y++) {
		if (t->ui.ascii)
			mvaddch(y, ow, '|');
		else
			mvaddch(y, ow, ACS_VLINE);
	}
	draw_fields(t, top, height, ow + 1, COLS - ow - 1);
	draw_status(t);
	refresh();
}

/* ---- actions ---- */

static bool refuse_read_only(hy_tui *t)
{
	if (!t->read_only)
		return false;
	set_message(t, HY_MSG_WARNING, _("read-only: this document cannot be changed here"));
	return true;
}

static void after_edit(hy_tui *t, hy_value *v)
{
	hy_threshold_autofill(t->doc, v);
	note_change(t);
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
	select_entry(t, i);
	t->focus_fields = true;
}

static void edit_row(hy_tui *t)
{
	hy_row *r = current_row(t);
	if (!r)
		return;
	if (r->kind == HY_ROW_LINK) {
		open_link(t, r);
		return;
	}
	if (r->kind != HY_ROW_FIELD)
		return;
	if (!hy_value_applies(t->doc, r->v)) {
		set_message(t, HY_MSG_INFO, _("this item does not apply with the current answers"));
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
	rebuild(t);
}

/* The repeat an add/delete/move key acts on, and the instance index. */
static hy_value *target_repeat(hy_tui *t, size_t *index, bool *on_instance)
{
	*on_instance = false;
	hy_row *r = t->focus_fields ? current_row(t) : NULL;
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
		set_message(t, HY_MSG_INFO, _("these entries follow %s: add or remove them there"),
			       rep->f->follows->label);
		return false;
	}
	if (!hy_value_applies(t->doc, rep)) {
		set_message(t, HY_MSG_INFO, _("this block does not apply with the current answers"));
		return false;
	}
	return true;
}

static void goto_value(hy_tui *t, const hy_value *v)
{
	size_t i = hy_outline_find(&t->outline, v);
	select_entry(t, i);
}

static void add_instance(hy_tui *t, bool duplicate)
{
	size_t idx;
	bool on_instance;
	hy_value *rep = target_repeat(t, &idx, &on_instance);
	if (!rep) {
		set_message(t, HY_MSG_INFO, _("+ adds an entry on a repeating block (システム, 委託事項, 提供先…)"));
		return;
	}
	if (refuse_read_only(t) || !repeat_editable(t, rep))
		return;
	if (rep->f->has_max && (long)rep->n_inst >= rep->f->max) {
		set_message(t, HY_MSG_WARNING, _("at most %ld entries are allowed here"), rep->f->max);
		return;
	}
	if (duplicate && !on_instance) {
		set_message(t, HY_MSG_INFO, _("select an entry to duplicate"));
		return;
	}
	size_t at = on_instance ? idx + 1 : rep->n_inst;
	hy_undo_begin(t->undo, t->doc, rep);
	hy_value *inst = hy_repeat_add(t->doc, rep, at, duplicate ? rep->inst[idx] : NULL);
	hy_undo_commit(t->undo, t->doc);
	note_change(t);
	rebuild(t);
	goto_value(t, inst);
	t->focus_fields = true;
	set_message(t, HY_MSG_INFO, duplicate ? _("entry duplicated") : _("entry added"));
}

static void delete_instance(hy_tui *t)
{
	size_t idx;
	bool on_instance;
	hy_value *rep = target_repeat(t, &idx, &on_instance);
	if (!rep || !on_instance) {
		set_message(t, HY_MSG_INFO, _("select an entry of a repeating block to delete it"));
		return;
	}
	if (refuse_read_only(t) || !repeat_editable(t, rep))
		return;
	char *title = hy_instance_title(rep->inst[idx]);
	char *q = hy_printf(_("Delete %s and everything in it? (y/n)"), title);
	int answer = ask(t, q, "yn");
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
	note_change(t);
	hy_outline_build(t->doc, &t->outline);
	forget_status(t);
	select_entry(t, hy_outline_find(&t->outline, rep));
	set_message(t, HY_MSG_INFO, _("entry deleted"));
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
	note_change(t);
	bool in_fields = t->focus_fields && current_row(t) && current_row(t)->kind == HY_ROW_LINK;
	size_t row = t->row_sel;
	rebuild(t);
	if (in_fields) {
		t->row_sel = delta < 0 ? row - 1 : row + 1;
	} else {
		goto_value(t, rep->inst[to]);
	}
}

/* ---- moving ---- */

static void row_step(hy_tui *t, int delta)
{
	size_t i = t->row_sel;
	for (;;) {
		if (delta < 0 && i == 0)
			return;
		if (delta > 0 && i + 1 >= t->rows.n) {
			/* walk on into the next section */
			if (t->ol_sel + 1 < t->outline.n) {
				select_entry(t, t->ol_sel + 1);
				while (t->row_sel + 1 < t->rows.n && !row_selectable(t, current_row(t)))
					t->row_sel++;
			}
			return;
		}
		i = delta < 0 ? i - 1 : i + 1;
		if (row_selectable(t, &t->rows.items[i])) {
			t->row_sel = i;
			return;
		}
	}
}

static void focus_fields(hy_tui *t)
{
	t->focus_fields = true;
	if (t->rows.n && !row_selectable(t, current_row(t)))
		row_step(t, 1);
}

/* Visits every field row in outline order from the current position. */
typedef bool (*row_test)(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg);

static bool find_row(hy_tui *t, int dir, row_test test, void *arg)
{
	size_t ne = t->outline.n;
	size_t e = t->ol_sel;
	size_t start_row = t->row_sel;
	for (size_t step = 0; step <= ne; step++) {
		hy_rows rows;
		hy_page_rows(t->doc, &t->outline.items[e], &rows);
		size_t n = rows.n;
		for (size_t k = 0; k < n; k++) {
			size_t ri;
			if (dir > 0)
				ri = step == 0 ? start_row + 1 + k : k;
			else
				ri = step == 0 ? (start_row >= 1 + k ? start_row - 1 - k : (size_t)-1)
					       : n - 1 - k;
			if (ri >= n)
				continue;
			if (test(t, &rows.items[ri], &t->outline.items[e], arg)) {
				hy_rows_free(&rows);
				select_entry(t, e);
				t->row_sel = ri;
				t->focus_fields = true;
				return true;
			}
		}
		hy_rows_free(&rows);
		e = dir > 0 ? (e + 1) % ne : (e + ne - 1) % ne;
	}
	return false;
}

static bool has_problem(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg)
{
	(void)t;
	(void)e;
	(void)arg;
	return r->kind == HY_ROW_FIELD && r->v->n_issues > 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	if (strstr(hay, needle))
		return true;
	/* ASCII letters match either case; Japanese matches as written */
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

static bool matches_search(hy_tui *t, const hy_row *r, const hy_ol_entry *e, void *arg)
{
	(void)e;
	const char *needle = arg;
	if (r->kind != HY_ROW_FIELD && r->kind != HY_ROW_LINK && r->kind != HY_ROW_HEADING)
		return false;
	char *label = row_label(t, r);
	bool hit = contains_ci(label, needle);
	free(label);
	if (!hit && r->kind == HY_ROW_FIELD) {
		char *p = row_preview(t, r);
		hit = contains_ci(p, needle);
		free(p);
		if (!hit && r->v->s)
			hit = contains_ci(r->v->s, needle);
	}
	return hit;
}

static void next_problem(hy_tui *t, int dir)
{
	if (!find_row(t, dir, has_problem, NULL))
		set_message(t, HY_MSG_INFO, _("no problems found: every field is valid"));
	else
		free(t->message), t->message = NULL;
}

static void search_next(hy_tui *t, int dir)
{
	if (!find_row(t, dir, matches_search, t->search))
		set_message(t, HY_MSG_INFO, _("not found: %s"), t->search);
	else
		set_message(t, HY_MSG_INFO, _("found \"%s\" (n: next, N: previous, Esc: stop)"),
			       t->search);
}

static char *squeeze(const char *s);

/* A search hit: an outline entry (row SIZE_MAX) or a row of its page. */
typedef struct {
	size_t entry, row;
	char *text;
} search_hit;

typedef struct {
	search_hit *items;
	size_t n, cap;
} search_hits;

static void add_hit(search_hits *h, size_t entry, size_t row, char *text)
{
	/* a part and the list that fills it can read the same: one line */
	if (h->n) {
		char *a = squeeze(h->items[h->n - 1].text), *b = squeeze(text);
		bool same = strcmp(a, b) == 0;
		free(a);
		free(b);
		if (same) {
			free(text);
			return;
		}
	}
	hy_grow((void **)&h->items, &h->cap, h->n, sizeof *h->items);
	h->items[h->n++] = (search_hit){entry, row, text};
}

/* "path  value" for a field whose value matched, else the path. */
static char *hit_text(hy_tui *t, const hy_row *r, const char *needle)
{
	char *path = r->v ? printed_path(r->v) : hy_field_title(r->f);
	if (r->kind != HY_ROW_FIELD)
		return path;
	char *label = row_label(t, r);
	bool by_label = contains_ci(label, needle);
	free(label);
	if (by_label)
		return path;
	char *p = row_preview(t, r);
	char *text = hy_printf("%s  %s", path, p);
	free(p);
	free(path);
	return text;
}

/* Every title, label and value that holds the needle, in outline order. */
static void collect_hits(hy_tui *t, const char *needle, search_hits *out)
{
	for (size_t e = 0; e < t->outline.n; e++) {
		const hy_ol_entry *en = &t->outline.items[e];
		char *title = hy_ol_title(en);
		if (contains_ci(title, needle))
			add_hit(out, e, SIZE_MAX, printed_path(en->v));
		free(title);
		hy_rows rows;
		hy_page_rows(t->doc, en, &rows);
		for (size_t i = 0; i < rows.n; i++) {
			const hy_row *r = &rows.items[i];
			/* a link is its entry's title, found above */
			if (r->kind != HY_ROW_LINK && matches_search(t, r, en, (void *)needle))
				add_hit(out, e, i, hit_text(t, r, needle));
		}
		hy_rows_free(&rows);
	}
}

static void jump_to_hit(hy_tui *t, const search_hit *h)
{
	select_entry(t, h->entry);
	t->focus_fields = h->row != SIZE_MAX;
	if (t->focus_fields)
		t->row_sel = h->row;
}

static void start_search(hy_tui *t)
{
	/* a fresh prompt; the last term is one Up away */
	char *s = prompt_with(t, _("Search labels, values and titles"), "", t->search, false);
	if (!s || !*s) {
		free(s);
		return;
	}
	free(t->search);
	t->search = s;
	search_hits hits = {NULL, 0, 0};
	collect_hits(t, s, &hits);
	if (!hits.n) {
		set_message(t, HY_MSG_INFO, _("not found: %s"), s);
		return;
	}
	char **lines = hy_calloc(hits.n, sizeof *lines);
	for (size_t i = 0; i < hits.n; i++)
		lines[i] = hits.items[i].text;
	char *title = hy_printf(P_("%zu place holds \"%s\"", "%zu places hold \"%s\"", hits.n), hits.n, s);
	int pick = menu(t, title, lines, hits.n, 0, _("Up/Down: move  Enter: go there  Esc: close"));
	free(title);
	if (pick >= 0) {
		jump_to_hit(t, &hits.items[pick]);
		set_message(t, HY_MSG_INFO, _("found \"%s\" (n: next, N: previous, Esc: stop)"), s);
	}
	for (size_t i = 0; i < hits.n; i++)
		free(hits.items[i].text);
	free(hits.items);
	free(lines);
}

/* ---- going to a printed path or FILE:LINE ---- */

/* Spaces (and full-width ones) do not count when paths are compared. */
static char *squeeze(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (strncmp(p, "　", 3) == 0) {
			p += 2;
			continue;
		}
		hy_buf_addc(&b, *p);
	}
	return b.data ? hy_buf_take(&b) : hy_strdup("");
}

typedef struct {
	const char *want;   /* squeezed */
	long line;          /* > 0: a FILE:LINE */
	hy_value *exact, *prefix, *at_line;
} goto_search;

static void goto_visit(goto_search *g, hy_value *v)
{
	if (v->parent && !g->exact && !g->line) {
		char *a = hy_value_path(v), *b = printed_path(v);
		char *sa = squeeze(a), *sb = squeeze(b);
		if (strcmp(sa, g->want) == 0 || strcmp(sb, g->want) == 0)
			g->exact = v;
		else if (!g->prefix && (hy_starts_with(sa, g->want) || hy_starts_with(sb, g->want)))
			g->prefix = v;
		free(sa);
		free(sb);
		free(a);
		free(b);
	}
	if (g->line && v->line > 0 && v->line <= g->line &&
	    (!g->at_line || v->line >= g->at_line->line))
		g->at_line = v;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				goto_visit(g, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		goto_visit(g, v->inst[i]);
}

/* "FILE:LINE[:COL]…" gives LINE; a message of `hyoka validate` ends with
 * its path in [ ]. */
static long parse_line(const char *s)
{
	const char *c = strchr(s, ':');
	if (!c || c[1] < '0' || c[1] > '9')
		return s[0] >= '0' && s[0] <= '9' ? strtol(s, NULL, 10) : 0;
	return strtol(c + 1, NULL, 10);
}

static void go_to(hy_tui *t)
{
	char *s = prompt_with(t, _("Go to: a printed path (Ⅱ．３．⑦) or FILE:LINE"), "", t->goto_text,
			      false);
	if (!s || !*s) {
		free(s);
		return;
	}
	free(t->goto_text);
	t->goto_text = s;
	char *path = NULL;
	const char *open = strrchr(s, '[');
	if (open && strchr(open, ']'))
		path = hy_strndup(open + 1, (size_t)(strchr(open, ']') - open - 1));
	goto_search g = {.line = path ? 0 : parse_line(s)};
	char *want = squeeze(path ? path : s);
	g.want = want;
	goto_visit(&g, t->doc->root);
	hy_value *v = g.exact ? g.exact : g.prefix ? g.prefix : g.at_line;
	if (v)
		show_value(t, v);
	else
		set_message(t, HY_MSG_INFO, _("no item at %s"), s);
	free(want);
	free(path);
}

/* ---- the printed section ---- */

/* The offset of the section in the rendering: each ancestor's title is
 * looked for after the one before, so that the second file's ２．基本情報
 * is not the first one's. */
static size_t section_offset(const char *text, const hy_value *v)
{
	const hy_value *chain[32];
	size_t n = 0;
	for (const hy_value *a = v; a && a->parent && n < 32; a = a->parent)
		chain[n++] = a;
	size_t off = 0;
	while (n--) {
		const hy_value *a = chain[n];
		char *title = a->is_instance ? hy_instance_title(a) : hy_field_title(a->f);
		char *num, *rest;
		hy_label_split(title, &num, &rest);
		const char *hit = *title ? strstr(text + off, title) : NULL;
		if (!hit && *rest)
			hit = strstr(text + off, rest);
		if (hit)
			off = (size_t)(hit - text);
		free(num);
		free(rest);
		free(title);
	}
	return off;
}

static void preview(hy_tui *t)
{
	int width = COLS - 8;
	hy_render_opts opts = {.width = width < 40 ? 40 : width, .ascii = t->ui.ascii};
	char *text = hy_render(t->doc, &opts);
	if (!text) {
		set_message(t, HY_MSG_ERROR, _("cannot render the document"));
		return;
	}
	hy_value *v = t->outline.n ? t->outline.items[t->ol_sel].v : NULL;
	size_t off = v ? section_offset(text, v) : 0;
	size_t line = 0;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	show_text_at(t, _("As printed (hyoka render)"), text, line);
	free(text);
}

/* ---- help ---- */

static void show_help(hy_tui *t)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_row *r = t->focus_fields ? current_row(t) : NULL;
	if (r) {
		hy_buf_addf(&b, "%s\n", *r->f->label ? r->f->label : r->f->id);
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

static bool save(hy_tui *t)
{
	if (refuse_read_only(t))
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
		int a = ask(t, q, "yn");
		free(q);
		if (a != 'y') {
			set_message(t, HY_MSG_WARNING, _("not saved"));
			return false;
		}
		r = hy_doc_save(t->doc, t->path, true, &err);
	}
	if (r != HY_SAVE_OK) {
		set_message(t, HY_MSG_ERROR, _("NOT saved: %s (your edits are kept here)"),
			       err ? err : "?");
		free(err);
		return false;
	}
	free(err);
	hy_recover_remove(t->path);
	t->recovery_stale = false;
	hy_status st = hy_value_status(t->doc, t->doc->root);
	set_message(t, st.errors ? HY_MSG_WARNING : HY_MSG_INFO,
		       _("saved %s (%zu errors, %zu warnings)"), t->path, st.errors, st.warnings);
	return true;
}

static void request_quit(hy_tui *t)
{
	if (t->doc->modified && !t->read_only) {
		int a = ask(t, _("Save changes before quitting? (y)es, (n)o, (c)ancel"), "ync");
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
	if (!t->path || !t->doc->modified || t->read_only)
		return;
	char *err = NULL;
	if (hy_recover_write(t->doc, t->path, &err)) {
		t->recovery_stale = false;
	} else {
		/* try again after another interval; never hide a message already shown
		 * (a failed save says more) */
		t->last_change = time(NULL);
		if (!t->message)
			set_message(t, HY_MSG_ERROR, _("cannot write the recovery file: %s"), err);
	}
	free(err);
}

/* ---- revisions (--since OLD) ---- */

static char *today_wareki(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int y = tm.tm_year + 1900;
	return hy_printf("令和%d年%d月%d日", y - 2018, tm.tm_mon + 1, tm.tm_mday);
}

static void write_changes(hy_tui *t)
{
	if (!t->since_path) {
		set_message(t, HY_MSG_INFO, _("open the document with --since OLD to write its 変更箇所 rows"));
		return;
	}
	if (refuse_read_only(t))
		return;
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *old = hy_cli_load_doc(&t->forms, t->since_path, &d, NULL);
	hy_diags_free(&d);
	if (!old) {
		set_message(t, HY_MSG_ERROR, _("cannot read %s"), t->since_path);
		return;
	}
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	if (!hy_diff(old, t->doc, &ch, &err)) {
		set_message(t, HY_MSG_ERROR, "%s", err);
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
		set_message(t, HY_MSG_INFO, _("no differences from %s"), t->since_path);
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
				note_change(t);
				rebuild(t);
				set_message(t, HY_MSG_INFO,
					       P_("%zu row added to 変更箇所; write its 提出時期に係る説明", "%zu rows added to 変更箇所; write 提出時期に係る説明 for each", added),
					       added);
			} else {
				set_message(t, HY_MSG_ERROR, "%s", err);
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
		set_message(t, HY_MSG_INFO, redo ? _("nothing to redo") : _("nothing to undo"));
		return;
	}
	/* the outline and rows point into values a step may free */
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	forget_status(t);
	t->ol_sel = t->row_sel = t->row_top = 0;
	hy_value *where = NULL;
	if (redo)
		hy_undo_redo(t->undo, t->doc, &where);
	else
		hy_undo_undo(t->undo, t->doc, &where);
	note_change(t);
	show_value(t, where);
	char *path = where && where->parent ? hy_value_path(where) : hy_strdup("");
	set_message(t, HY_MSG_INFO, redo ? _("redone: %s") : _("undone: %s"), path);
	free(path);
}

/* ---- hooks for the benchmark ---- */

/* Shows v: its outline entry, and its row when it is a field. */
static void show_value(hy_tui *t, hy_value *v)
{
	rebuild(t);
	if (!v)
		return;
	select_entry(t, hy_outline_find(&t->outline, v));
	for (size_t i = 0; i < t->rows.n; i++)
		if (t->rows.items[i].v == v)
			t->row_sel = i;
	t->focus_fields = t->rows.n > 0;
	if (t->focus_fields && !row_selectable(t, current_row(t)))
		row_step(t, 1);
}

void hy_tui_show(hy_tui *t, hy_value *v)
{
	rebuild(t);
	if (!v)
		return;
	select_entry(t, hy_outline_find(&t->outline, v));
	for (size_t i = 0; i < t->rows.n; i++)
		if (t->rows.items[i].v == v)
			t->row_sel = i;
	t->focus_fields = true;
}

void hy_tui_draw(hy_tui *t)
{
	draw_main(t);
}

void hy_tui_release_view(hy_tui *t)
{
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	forget_status(t);
}

/* ---- the main loop ---- */

static void select_step(hy_tui *t, long delta)
{
	long last = (long)t->outline.n - 1, i = (long)t->ol_sel + delta;
	select_entry(t, (size_t)(i < 0 ? 0 : i > last ? last : i));
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
		select_entry(t, 0);
		break;
	case HY_ACT_LAST:
		select_entry(t, t->outline.n - 1);
		break;
	case HY_ACT_SWITCH:
		focus_fields(t);
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
		row_step(t, -1);
		break;
	case HY_ACT_DOWN:
		row_step(t, 1);
		break;
	case HY_ACT_PAGE_UP:
		for (int i = 0; i < HY_PAGE_STEP; i++)
			row_step(t, -1);
		break;
	case HY_ACT_PAGE_DOWN:
		for (int i = 0; i < HY_PAGE_STEP && t->ol_sel == e; i++)
			row_step(t, 1);
		break;
	case HY_ACT_FIRST:
		t->row_sel = 0;
		if (t->rows.n && !row_selectable(t, current_row(t)))
			row_step(t, 1);
		break;
	case HY_ACT_LAST:
		t->row_sel = t->rows.n ? t->rows.n - 1 : 0;
		break;
	case HY_ACT_EDIT:
		edit_row(t);
		break;
	case HY_ACT_TOGGLE: {
		hy_row *r = current_row(t);
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
		start_search(t);
		return true;
	case HY_ACT_NEXT:
	case HY_ACT_PREV:
		if (was_search)
			search_next(t, a == HY_ACT_NEXT ? 1 : -1);
		else
			next_problem(t, a == HY_ACT_NEXT ? 1 : -1);
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
		go_to(t);
		return true;
	case HY_ACT_NARROW:
	case HY_ACT_WIDEN:
		resize_outline(t, a == HY_ACT_WIDEN ? 4 : -4);
		return true;
	case HY_ACT_PREVIEW:
		preview(t);
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
	draw_main(owner);
}

static int run_editor(hy_tui *t)
{
	rebuild(t);
	t->ui.draw_background = background_main;
	t->ui.owner = t;
	while (!t->quit) {
		if (signal_caught || t->ui.stopping) {
			/* a lost terminal is a hang-up that may come without SIGHUP */
			write_recovery(t);
			return 128 + (int)(signal_caught ? signal_caught : SIGHUP);
		}
		draw_main(t);
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

/* ---- opening documents ---- */

static void background_blank(void *owner)
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
	int pick = menu(t, title, items, n, 0, _("Enter or number: choose  Esc: cancel"));
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
	hy_doc *rec = hy_cli_load_doc(&t->forms, rpath, &d, NULL);
	hy_diags_free(&d);
	if (!rec) {
		free(rpath);
		return true;
	}
	for (;;) {
		int a = ask(t, _("A recovery file newer than this document exists (hyoka was "
				    "interrupted). (r)estore it, (s)how what differs, or (d)iscard it?"),
			       "rsd");
		if (a == 's') {
			char *diff = t->doc ? hy_recover_describe(t->doc, rec) : hy_strdup("");
			show_text(t, _("Recovered changes"), *diff ? diff : _("(no differences)"));
			free(diff);
			continue;
		}
		if (a == 'r') {
			hy_doc_free(t->doc);
			t->doc = rec;
			free(rec->path);
			rec->path = hy_strdup(t->path);
			rec->has_disk_state = false;
			struct stat st;
			if (stat(t->path, &st) == 0) {
				rec->has_disk_state = true;
				rec->disk_mtime = st.st_mtim;
				rec->disk_size = st.st_size;
				rec->disk_ino = st.st_ino;
			}
			rec->modified = true;
			t->recovery_stale = true;
			set_message(t, HY_MSG_INFO, _("recovered; save with Ctrl-S to keep it"));
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
	int a = ask(t, q, "rtq");
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
static bool open_path(hy_tui *t, const char *path)
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
		set_message(t, HY_MSG_INFO, _("new %s: Ctrl-S saves it as %s"), f->title, path);
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
		show_text(t, _("Cannot open the document"), b.data ? b.data : "");
		hy_buf_free(&b);
		hy_diags_free(&d);
		return false;
	}
	hy_diags_free(&d);
	if (access(path, W_OK) != 0) {
		t->read_only = true;
		set_message(t, HY_MSG_WARNING, _("read-only: you cannot write to %s"), path);
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
	return hy_prompt_close(d, run_dialog(t, d));
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
		int pick = menu(t, _("Open which document?"), names, n + 1, 0,
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

static bool start_screen(hy_tui *t)
{
	char *items[] = {hy_printf("1) %s", _("New document…")), hy_printf("2) %s", _("Open a file…")),
			 hy_printf("3) %s", _("Quit"))};
	bool opened = false;
	for (int sel = 0; !opened;) {
		sel = menu(t, "hyoka", items, 3, (size_t)sel, _("Enter or number: choose  Ctrl-Q: quit"));
		if (sel < 0 || sel == 2)
			break;
		char *path = sel == 0 ? prompt_file_name(t, _("New document: file name"))
				      : ask_document(t);
		if (path && *path)
			opened = open_path(t, path);
		free(path);
	}
	for (size_t i = 0; i < 3; i++)
		free(items[i]);
	return opened;
}

static void tui_free(hy_tui *t)
{
	if (t->has_lock && t->path)
		hy_lock_release(t->path);
	hy_outline_free(&t->outline);
	hy_rows_free(&t->rows);
	forget_status(t);
	hy_undo_free(t->undo);
	hy_doc_free(t->doc);
	hy_forms_free(&t->forms);
	free(t->path);
	free(t->message);
	free(t->search);
	free(t->goto_text);
	free(t->ui.queue);
	if (t->ui.script)
		fclose(t->ui.script);
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
	t.ui.stop_signal = &signal_caught;
	t.ui.draw_background = background_blank;
	t.ui.owner = &t;
	bool opened = file ? open_path(&t, file) : start_screen(&t);
	/* a document that exists but cannot be read or parsed is bad input */
	bool unreadable = file && !opened && !t.doc && access(file, F_OK) == 0 && !t.lock_refused;
	if (opened && t.since_path && !t.message)
		set_message(&t, HY_MSG_INFO, _("comparing with %s: press D to write the 変更箇所 rows"),
			       t.since_path);
	int rc = opened ? run_editor(&t) : 0;
	stop_curses(&t);
	if (rc > 128)
		fprintf(stderr, _("hyoka: stopped by a signal; your edits are in the recovery file "
				  "(hyoka recover %s)\n"),
			t.path ? t.path : _("FILE"));
	tui_free(&t);
	return unreadable ? HY_EXIT_INPUT : rc;
}
