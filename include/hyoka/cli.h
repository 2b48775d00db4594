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
	X("recover", hy_cmd_recover)                                                             \
	X("import", hy_cmd_import)

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

/* A command's output: standard output (path NULL or "-"), a device or FIFO
 * written as it is, or a regular file replaced atomically when closed.
 * Open refuses, saying so on stderr as "hyoka CMD: ...", an output that is
 * one of the inputs (same device and inode; NULL inputs are skipped) or
 * that cannot be opened. */
typedef struct {
	FILE *stream;           /* stdout, or the device or FIFO */
	hy_atomic atomic;       /* a regular file */
	bool is_atomic;
	int error;              /* errno of the first failed write to stream */
	const char *name;       /* NULL for standard output */
} hy_cli_out;

bool hy_cli_out_open(hy_cli_out *o, const char *cmd, const char *path,
		     const char *const *inputs, size_t n_inputs);
/* Writes (an hy_render_stream sink); false once a write has failed. */
bool hy_cli_out_write(void *o, const char *data, size_t len);
/* Finishes: commits the file when ok, else removes it; reports a failed
 * write.  Returns the exit code. */
int hy_cli_out_close(hy_cli_out *o, const char *cmd, bool ok);

/* JSON string literal of s (with quotes). Caller frees. */
char *hy_json_string(const char *s);

#endif
