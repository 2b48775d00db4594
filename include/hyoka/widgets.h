/* The editor's context and its widgets: key input (terminal or script),
 * width-aware drawing, text editors, menus, checklists, prompts. */
#ifndef HYOKA_WIDGETS_H
#define HYOKA_WIDGETS_H

#include "hyoka/cli.h"
#include "hyoka/doc.h"
#include "hyoka/outline.h"
#include "hyoka/validate.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>

#define HY_MIN_COLS 80
#define HY_MIN_ROWS 24

typedef enum { HY_KEY_NONE, HY_KEY_CHAR, HY_KEY_FUNC, HY_KEY_EOF } hy_key_kind;

typedef struct {
	hy_key_kind kind;
	unsigned code;   /* a character, or a curses KEY_* code */
} hy_key;

/* Our own key codes for bracketed paste (defined with define_key). */
#define HY_KEY_PASTE_START 0x7f00
#define HY_KEY_PASTE_END 0x7f01

typedef enum { HY_MSG_INFO, HY_MSG_WARNING, HY_MSG_ERROR } hy_msg_kind;

typedef struct hy_tui hy_tui;

/* The editor's whole state: nothing global but the signal flag. */
struct hy_tui {
	const hy_global *g;
	hy_forms forms;
	hy_doc *doc;
	char *path;
	bool read_only;
	bool ascii;
	bool color;
	bool english;       /* the interface is not translated: show title_en glosses */
	bool has_lock;
	bool lock_refused;

	/* script mode (HYOKA_SCRIPT): keys from a file, screen dumps on request */
	FILE *script;
	unsigned *queue;
	size_t q_len, q_pos, q_cap;
	int script_line;

	hy_outline outline;
	size_t ol_sel, ol_top;
	hy_status *status;        /* per outline entry, computed when shown */
	bool *status_known;
	unsigned long status_generation;
	hy_rows rows;
	size_t row_sel, row_top;
	bool focus_fields;
	char *message;
	hy_msg_kind message_kind;
	char *search;
	size_t search_outline, search_row;

	time_t last_change;
	bool recovery_stale;   /* edits since the last recovery write */
	int autosave_seconds;
	bool quit;
	char *since_path;

	void (*draw_background)(hy_tui *t);

	/* A stop signal came (*stop_signal is set) or the terminal is gone:
	 * every read then returns HY_KEY_EOF at once, so that open boxes close
	 * and the main loop writes the recovery file and exits. */
	const volatile sig_atomic_t *stop_signal;
	bool stopping;
};

/* ---- input ---- */
hy_key hy_read_key(hy_tui *t, int timeout_ms);
bool hy_key_is(hy_key k, unsigned code);
bool hy_key_enter(hy_key k);
bool hy_key_ctrl(hy_key k, char letter);
bool hy_terminal_small(void);

/* ---- drawing ---- */
/* Draws s at (y, x) within `width` columns: wide characters never straddle
 * the edge and a cut is marked.  Returns the columns used. */
int hy_draw(int y, int x, int width, const char *s, int attr);
void hy_fill(int y, int x, int width, int attr);
void hy_box(int y, int x, int h, int w, const char *title, bool ascii);
int hy_attr_title(const hy_tui *t);
int hy_attr_select(const hy_tui *t);
int hy_attr_error(const hy_tui *t);
int hy_attr_warning(const hy_tui *t);
int hy_attr_dim(const hy_tui *t);
void hy_draw_too_small(void);
/* Writes the screen as text (for script mode and tests). */
bool hy_dump_screen(const char *path);

/* ---- widgets ---- */
/* Edits a text, longtext, int, date or list field in place, validating on
 * every keystroke.  Returns true when confirmed; Esc restores the value. */
bool hy_edit_field(hy_tui *t, hy_value *v);

/* The same editor one step at a time (hy_edit_field is a loop over these;
 * the benchmark drives them directly). */
typedef struct hy_field_editor hy_field_editor;
hy_field_editor *hy_field_editor_open(hy_tui *t, hy_value *v);
/* One key: 1 to confirm, -1 to cancel, 0 to go on. */
int hy_field_editor_key(hy_field_editor *e, hy_key k);
void hy_field_editor_draw(hy_field_editor *e);
/* Keeps the value when confirmed, restores it otherwise; frees e. */
void hy_field_editor_close(hy_field_editor *e, bool confirmed);
/* A menu of a choice's official options; returns the index, or -1. */
int hy_choose(hy_tui *t, const hy_fnode *f, int current);
/* Toggles a checklist in place; returns true when confirmed. */
bool hy_edit_checks(hy_tui *t, hy_value *v);
/* A one-line prompt; returns a malloc'd answer or NULL when cancelled. */
char *hy_prompt(hy_tui *t, const char *title, const char *initial, bool digits_only);
/* Asks a question; returns the chosen key from `keys` (e.g. "yn"), or 0. */
int hy_ask(hy_tui *t, const char *question, const char *keys);
/* Shows text in a scrollable window until q/Esc/Enter. */
void hy_show_text(hy_tui *t, const char *title, const char *text);

void hy_set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
