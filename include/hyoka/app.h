/* What the program as a whole shares between main, the commands and the
 * editor: the global options and the exit codes.  Model modules (documents,
 * forms, validation, rendering, diff, recovery, locks) never include this. */
#ifndef HYOKA_APP_H
#define HYOKA_APP_H

/* Exit codes (documented in --help and hyoka(1)). */
enum {
	HY_EXIT_OK = 0,
	HY_EXIT_PROBLEMS = 1,   /* validate found errors; diff found differences */
	HY_EXIT_INPUT = 2,      /* bad usage, or a file that cannot be read or parsed */
	HY_EXIT_WRITE = 3,      /* a file could not be written */
};

typedef struct {
	const char *forms_dir;  /* --forms */
	const char *argv0;
} hy_global;

#endif
