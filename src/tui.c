#include "hyoka/tui.h"
#include <stdio.h>
int hy_tui_main(const hy_global *g, int argc, char **argv)
{
	(void)g; (void)argc; (void)argv;
	fprintf(stderr, "editor: not yet\n");
	return 2;
}
