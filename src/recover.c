#include "hyoka/recover.h"
int hy_cmd_recover(const hy_global *g, int argc, char **argv)
{
	(void)g; (void)argc; (void)argv;
	return 2;
}
