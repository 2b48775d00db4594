/* The full-screen editor. */
#ifndef HYOKA_TUI_H
#define HYOKA_TUI_H

#include "hyoka/cli.h"

/* Runs the editor: `hyoka [FILE] [--read-only] [--ascii] [--since OLD]`. */
int hy_tui_main(const hy_global *g, int argc, char **argv);

/* For the benchmark, which builds a context by hand (see bench/edit.c). */
typedef struct hy_tui hy_tui;
typedef struct hy_value hy_value;
/* Builds the outline and selects the entry and row of v (NULL: the first). */
void hy_tui_show(hy_tui *t, hy_value *v);
/* Draws the main screen. */
void hy_tui_draw(hy_tui *t);
/* Frees what hy_tui_show built. */
void hy_tui_release_view(hy_tui *t);

#endif
