/* The full-screen editor. */
#ifndef HYOKA_TUI_H
#define HYOKA_TUI_H

#include "hyoka/cli.h"

/* Runs the editor: `hyoka [FILE] [--read-only] [--ascii] [--since OLD]`. */
int hy_tui_main(const hy_global *g, int argc, char **argv);

#endif
