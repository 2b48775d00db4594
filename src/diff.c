#include "hyoka/cli.h"
#include <stdio.h>
int hy_cmd_diff(const hy_global *g, int argc, char **argv)
{
	(void)g; (void)argc; (void)argv;
	return 2;
}
