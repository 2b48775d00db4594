/* What the editor's files share (tui.c: the loop, keys, actions, saving;
 * tui_open.c: opening documents, the start screen; tui_view.c: the view and
 * drawing; tui_find.c: search, go to, the printed section).  Not for other modules: they use tui.h. */
#ifndef HYOKA_TUI_PARTS_H
#define HYOKA_TUI_PARTS_H

#include "hyoka/tui.h"

/* ---- messages and boxes (tui.c) ---- */
void hy_set_message(hy_tui *t, hy_msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A prompt; Up brings back `previous`.  Caller frees; NULL when cancelled. */
char *tui_prompt(hy_tui *t, const char *title, const char *initial, const char *previous,
		 bool digits_only);
/* A menu of lines; the index chosen, or -1. */
int tui_menu(hy_tui *t, const char *title, char **items, size_t n, size_t sel,
	     const char *keys);
void tui_show_text_at(hy_tui *t, const char *title, const char *text, size_t top);
/* A question answered by one of keys; the key, or 0 when cancelled. */
int tui_ask(hy_tui *t, const char *question, const char *keys);
/* Runs an open box until it closes (autosaving while it waits); its result. */
int tui_run_dialog(hy_tui *t, hy_dialog *d);

/* ---- documents (tui_open.c) ---- */
/* Loads path, or starts a new document of a chosen form when it does not
 * exist; offers a recovery file and respects another hyoka's lock.  False
 * when nothing was opened. */
bool tui_open_path(hy_tui *t, const char *path);
/* New, open or quit; true when a document was opened. */
bool tui_start_screen(hy_tui *t);
/* The blank screen behind the boxes before a document is open. */
void tui_background_blank(void *owner);

/* ---- the view (tui_view.c) ---- */
/* Rebuilds the outline and the page after the document changed. */
void tui_rebuild(hy_tui *t);
void tui_select_entry(hy_tui *t, size_t i);
hy_row *tui_current_row(hy_tui *t);
bool tui_row_selectable(const hy_tui *t, const hy_row *r);
/* Moves the selected row (on into the next entry at the end). */
void tui_row_step(hy_tui *t, int delta);
void tui_focus_fields(hy_tui *t);
/* Shows v: its outline entry, and its row when it is a field. */
void tui_show_value(hy_tui *t, hy_value *v);
void tui_forget_status(hy_tui *t);
/* Whether v is a field marked for review, or holds one (cached per
 * generation), and how many fields are marked. */
bool tui_review_marked(hy_tui *t, const hy_value *v);
size_t tui_review_left(hy_tui *t);
/* Remembers that the document changed (autosave, recovery). */
void tui_note_change(hy_tui *t);
void tui_resize_outline(hy_tui *t, int delta);
/* A row's label and value as shown.  Caller frees. */
char *tui_row_label(const hy_tui *t, const hy_row *r);
char *tui_row_preview(hy_tui *t, const hy_row *r);
/* The printed path (as hyoka validate prints it) with the full label of a
 * section.  Caller frees. */
char *tui_printed_path(const hy_value *v);
void tui_draw_main(hy_tui *t);

/* ---- finding (tui_find.c) ---- */
void tui_next_problem(hy_tui *t, int dir);
/* The next (dir 1) or previous (-1) field marked for review, wrapping. */
void tui_next_review(hy_tui *t, int dir);
void tui_search(hy_tui *t);
void tui_search_next(hy_tui *t, int dir);
void tui_go_to(hy_tui *t);
void tui_preview(hy_tui *t);

#endif
