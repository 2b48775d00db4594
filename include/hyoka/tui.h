/* The full-screen editor. */
#ifndef HYOKA_TUI_H
#define HYOKA_TUI_H

#include "hyoka/cli.h"
#include "hyoka/outline.h"
#include "hyoka/undo.h"
#include "hyoka/validate.h"
#include "hyoka/widgets.h"

#include <time.h>

/* The editor's own state; the widgets' context is `ui`.  Nothing global but
 * the signal flag. */
typedef struct hy_tui {
	hy_ui ui;
	const hy_global *g;
	hy_forms forms;
	hy_doc *doc;
	char *path;
	bool read_only;
	bool english;       /* the interface is not translated: show title_en glosses */
	bool has_lock;
	bool lock_refused;

	hy_outline outline;
	size_t ol_sel, ol_top;
	int ol_cols;              /* the outline's width set with < and >; 0: the default */
	hy_status *status;        /* per outline entry, computed when shown */
	bool *status_known;
	unsigned long status_generation;
	hy_value **review;        /* fields marked `check` and the values holding them, by address */
	size_t n_review_set;      /* entries in review */
	size_t n_review;          /* fields marked `check` */
	unsigned long review_generation;
	bool review_known;
	hy_status doc_status;     /* the whole document's, for the status line */
	unsigned long doc_status_generation;
	bool doc_status_known;
	hy_rows rows;
	size_t row_sel, row_top;
	bool focus_fields;
	char *message;
	hy_msg_kind message_kind;
	char *search;
	char *goto_text;          /* the last answer of `:` */
	hy_undo *undo;            /* every change since the document was opened */

	time_t last_change;
	bool recovery_stale;   /* edits since the last recovery write */
	unsigned long recovery_generation; /* the document's generation when last written */
	char *recovery_where;  /* where the last recovery write went; NULL: none */
	char *recovery_error;  /* why the last one failed */
	int comment_line;      /* the file's first YAML comment, which a save drops (0: none) */
	char *comment_text;
	int autosave_seconds;
	bool quit;
	char *since_path;
} hy_tui;

/* Runs the editor: `hyoka [FILE] [--read-only] [--ascii] [--since OLD]`. */
int hy_tui_main(const hy_global *g, int argc, char **argv);

/* For the benchmark, which builds a context by hand (see bench/edit.c). */
/* Builds the outline and selects the entry and row of v (NULL: the first). */
void hy_tui_show(hy_tui *t, hy_value *v);
/* Draws the main screen. */
void hy_tui_draw(hy_tui *t);
/* Frees what hy_tui_show built. */
void hy_tui_release_view(hy_tui *t);

#endif
