/* The commands: new, validate, fmt, render, forms, threshold, diff, recover.
 * Shared by the command sources (cli*.c) and the editor; never by the model. */
#ifndef HYOKA_CLI_H
#define HYOKA_CLI_H

#include "hyoka/app.h"
#include "hyoka/doc.h"
#include "hyoka/form.h"

/* Loads the forms (reporting broken ones on stderr); returns false if none. */
bool hy_cli_load_forms(const hy_global *g, hy_forms *forms);
/* Loads only the forms that the documents at paths name on their first
 * line (NULL paths are skipped), each from DIR/ID.yaml; when a document
 * does not say so cheaply (missing, not a regular file, `form:` not first)
 * or such a form file cannot be used, every form, as hy_cli_load_forms. */
bool hy_cli_load_forms_for(const hy_global *g, hy_forms *forms, const char *const *paths,
			   size_t n);
/* hy_doc_load; when it fails while only some forms are loaded, loads the
 * others (broken ones reported to errors, which may be NULL) and tries once
 * more, so that the problems reported are those of a load with every form. */
hy_doc *hy_cli_load_doc(hy_forms *forms, const char *path, hy_diags *diags, FILE *errors);

/* The command table: one line per command, X(NAME, FUNCTION).  Each line
 * declares `int FUNCTION(const hy_global *g, int argc, char **argv)` (argv[0]
 * is NAME) and makes main dispatch `hyoka NAME` to it.  Every command
 * answers --help with its own usage on stdout. */
#define HY_COMMANDS(X)                                                                          \
	X("new", hy_cmd_new)                                                                     \
	X("validate", hy_cmd_validate)                                                           \
	X("fmt", hy_cmd_fmt)                                                                     \
	X("render", hy_cmd_render)                                                               \
	X("forms", hy_cmd_forms)                                                                 \
	X("threshold", hy_cmd_threshold)                                                         \
	X("diff", hy_cmd_diff)                                                                   \
	X("recover", hy_cmd_recover)

#define HY_DECLARE_COMMAND(name, fn) int fn(const hy_global *g, int argc, char **argv);
HY_COMMANDS(HY_DECLARE_COMMAND)
#undef HY_DECLARE_COMMAND

void hy_print_help(FILE *out);

/* Option parsing, shared by every command: getopt_long over argv (argv[0]
 * is the command), options and operands in any order, "--" ending the
 * options; shorts are the short options (getopt's syntax, "h" for -h).
 * hy_cli_getopt_start before the first call; hy_cli_getopt returns an
 * option's val, '?' (unknown), ':' (value missing) or -1. */
struct option;
void hy_cli_getopt_start(void);
int hy_cli_getopt(int argc, char **argv, const char *shorts, const struct option *longopts);
/* Prints usage: on stdout for --help (exit code OK), else on stderr (INPUT). */
int hy_cli_usage(const char *usage, bool asked);
/* Reports what hy_cli_getopt returned as '?' or ':' and the usage; INPUT. */
int hy_cli_bad_option(const char *cmd, int c, char **argv, const char *usage);

/* JSON string literal of s (with quotes). Caller frees. */
char *hy_json_string(const char *s);

#endif
