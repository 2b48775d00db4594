/* hyoka: parses the global options and dispatches to a command or the editor. */
#include "hyoka/cli.h"
#include "hyoka/i18n.h"
#include "hyoka/tui.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HYOKA_VERSION
#define HYOKA_VERSION "0.1.0"
#endif

typedef int (*command_fn)(const hy_global *, int, char **);

#define HY_COMMAND_ENTRY(name, fn) {name, fn},
static const struct {
	const char *name;
	command_fn fn;
} commands[] = {HY_COMMANDS(HY_COMMAND_ENTRY)};
#undef HY_COMMAND_ENTRY

/* How wide East Asian ambiguous characters are drawn: --ambiguous-width,
 * else HYOKA_AMBIGUOUS_WIDTH, else one column. */
static bool set_ambiguous_width(const char *option)
{
	const char *text = option ? option : getenv("HYOKA_AMBIGUOUS_WIDTH");
	if (!text || !*text)
		return true;
	int cols;
	if (!hy_parse_ambiguous_width(text, &cols)) {
		fprintf(stderr, option ? _("hyoka: --ambiguous-width takes 1 or 2\n")
				       : _("hyoka: HYOKA_AMBIGUOUS_WIDTH must be 1 or 2\n"));
		return false;
	}
	hy_set_ambiguous_width(cols);
	return true;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	hy_i18n_init(argv[0]);
	hy_global g = {.argv0 = argv[0]};
	const char *ambiguous = NULL;
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
		if (strcmp(argv[i], "--ambiguous-width") == 0 && i + 1 < argc) {
			ambiguous = argv[++i];
			continue;
		}
		if (hy_starts_with(argv[i], "--ambiguous-width=")) {
			ambiguous = argv[i] + strlen("--ambiguous-width=");
			continue;
		}
		break;
	}
	if (!set_ambiguous_width(ambiguous))
		return HY_EXIT_INPUT;
	if (i < argc)
		for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
			if (strcmp(argv[i], commands[c].name) == 0)
				return commands[c].fn(&g, argc - i, argv + i);
	return hy_tui_main(&g, argc - i, argv + i);
}
