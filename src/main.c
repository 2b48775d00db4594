/* hyoka: parses the global options and dispatches to a command or the editor. */
#include "hyoka/cli.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/recover.h"
#include "hyoka/tui.h"
#include "hyoka/util.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#ifndef HYOKA_VERSION
#define HYOKA_VERSION "0.1.0"
#endif

typedef int (*command_fn)(const hy_global *, int, char **);

static const struct {
	const char *name;
	command_fn fn;
} commands[] = {
	{"new", hy_cmd_new}, {"validate", hy_cmd_validate}, {"fmt", hy_cmd_fmt},
	{"render", hy_cmd_render}, {"forms", hy_cmd_forms}, {"threshold", hy_cmd_threshold},
	{"diff", hy_cmd_diff}, {"recover", hy_cmd_recover}, {"import", hy_cmd_import},
};

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	hy_i18n_init(argv[0]);
	hy_global g = {.argv0 = argv[0]};
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			hy_print_help(stdout);
			return HY_EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("hyoka %s\n", HYOKA_VERSION);
			return HY_EXIT_OK;
		}
		if (strcmp(argv[i], "--forms") == 0 && i + 1 < argc) {
			g.forms_dir = argv[++i];
			continue;
		}
		if (hy_starts_with(argv[i], "--forms=")) {
			g.forms_dir = argv[i] + 8;
			continue;
		}
		break;
	}
	if (i < argc)
		for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
			if (strcmp(argv[i], commands[c].name) == 0)
				return commands[c].fn(&g, argc - i, argv + i);
	return hy_tui_main(&g, argc - i, argv + i);
}
