/* The editor's context and its widgets: key input (terminal or script),
 * width-aware drawing, text editors, menus, checklists, prompts. */
#ifndef HYOKA_WIDGETS_H
#define HYOKA_WIDGETS_H

#include "hyoka/doc.h"
#include "hyoka/keys.h"
#include "hyoka/outline.h"
#include "hyoka/validate.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>

#define HY_MIN_COLS 80
#define HY_MIN_ROWS 24

typedef enum { HY_MSG_INFO, HY_MSG_WARNING, HY_MSG_ERROR } hy_msg_kind;

/* The widgets' context: how to draw and where keys come from.  The editor's
 * own state (document, outline, messages) is in tui.h's hy_tui. */
typedef struct hy_ui {
	bool ascii;
	bool color;

	/* script mode (HYOKA_SCRIPT): keys from a file, screen dumps on request */
	FILE *script;
	unsigned *queue;
	size_t q_len, q_pos, q_cap;
	int script_line;

	/* what lies under a box: the owner redraws its screen */
	void (*draw_background)(void *owner);
	void *owner;

	/* A stop signal came (*stop_signal is set) or the terminal is gone:
	 * every read then returns HY_KEY_EOF at once, so that open boxes close
	 * and the main loop writes the recovery file and exits. */
	const volatile sig_atomic_t *stop_signal;
	bool stopping;
} hy_ui;

/* Every box has one shape: open, then draw / key until key says 1 (confirm)
 * or -1 (cancel), then its own close, which gives the result.  tui.c runs
 * them all in one loop; a box may hold another (a checklist's （ ） prompt). */
typedef struct hy_dialog hy_dialog;
struct hy_dialog {
	hy_ui *ui;
	void (*draw)(hy_dialog *d);
	int (*key)(hy_dialog *d, hy_key k);
	int timeout_ms;   /* how long a read waits (-1: for a key); a box sees HY_KEY_NONE after */
	bool drawn;       /* the background is on screen: only the box is redrawn */
};
/* One step; a resize redraws the background. */
void hy_dialog_draw(hy_dialog *d);
int hy_dialog_key(hy_dialog *d, hy_key k);

/* ---- input ---- */
hy_key hy_read_key(hy_ui *ui, int timeout_ms);
bool hy_terminal_small(void);

/* ---- drawing ---- */
/* Draws s at (y, x) within `width` columns: wide characters never straddle
 * the edge and a cut is marked.  Returns the columns used. */
int hy_draw(int y, int x, int width, const char *s, int attr);
void hy_fill(int y, int x, int width, int attr);
void hy_box(int y, int x, int h, int w, const char *title, bool ascii);
int hy_attr_title(const hy_ui *ui);
int hy_attr_select(const hy_ui *ui);
int hy_attr_error(const hy_ui *ui);
int hy_attr_warning(const hy_ui *ui);
int hy_attr_dim(const hy_ui *ui);
void hy_draw_too_small(void);
/* Writes the screen as text (for script mode and tests). */
bool hy_dump_screen(const char *path);

/* ---- widgets ---- */
/* The field editor: a text, longtext, int, date or list field edited in
 * place, validated on every keystroke.  Closing unconfirmed (Esc) restores
 * the value.  (The benchmark drives these directly.) */
typedef struct hy_field_editor hy_field_editor;
hy_field_editor *hy_field_editor_open(hy_ui *ui, hy_doc *doc, hy_value *v);
hy_dialog *hy_field_editor_dialog(hy_field_editor *e);
/* One key: 1 to confirm, -1 to cancel, 0 to go on. */
int hy_field_editor_key(hy_field_editor *e, hy_key k);
void hy_field_editor_draw(hy_field_editor *e);
/* Keeps the value when confirmed, restores it otherwise; frees e. */
void hy_field_editor_close(hy_field_editor *e, bool confirmed);

/* A menu of a choice's official options, numbered.  Close gives the index,
 * -1 when cancelled, -2 for "clear the choice". */
hy_dialog *hy_choose_open(hy_ui *ui, const hy_fnode *f, int current);
int hy_choose_close(hy_dialog *d, int result);

/* A numbered checklist, ticked in place (Space, or its number).  Close
 * restores the ticks unless confirmed; returns whether it was. */
hy_dialog *hy_checks_open(hy_ui *ui, hy_doc *doc, hy_value *v);
bool hy_checks_close(hy_dialog *d, int result);

/* A one-line prompt, starting with `initial`; Up brings back `previous`
 * (the last answer).  Close gives a malloc'd answer, or NULL when cancelled. */
hy_dialog *hy_prompt_open(hy_ui *ui, const char *title, const char *initial,
			  const char *previous, bool digits_only);
char *hy_prompt_close(hy_dialog *d, int result);
/* Tab in the prompt replaces its text with complete(text) (malloc'd; NULL:
 * nothing to complete), as a shell completes file names. */
void hy_prompt_complete(hy_dialog *d, char *(*complete)(const char *text));

/* A question answered with one of `keys` (e.g. "yn").  Close gives the
 * key, or 0. */
hy_dialog *hy_ask_open(hy_ui *ui, const char *question, const char *keys);
int hy_ask_close(hy_dialog *d, int result);

/* Text in a scrollable window, shown from line `top`, until q/Esc/Enter. */
hy_dialog *hy_text_open(hy_ui *ui, const char *title, const char *text, size_t top);
void hy_text_close(hy_dialog *d);

/* A menu of lines (form picker, search results).  Close gives the index,
 * or -1. */
hy_dialog *hy_menu_open(hy_ui *ui, const char *title, char **items, size_t n, size_t sel,
			const char *keys);
int hy_menu_close(hy_dialog *d, int result);

#endif
