/* Non-interactive commands: new, validate, fmt, render, forms, threshold, diff. */
#ifndef HYOKA_CLI_H
#define HYOKA_CLI_H

#include "hyoka/doc.h"
#include "hyoka/form.h"

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

int hy_cmd_new(const hy_global *g, int argc, char **argv);
int hy_cmd_validate(const hy_global *g, int argc, char **argv);
int hy_cmd_fmt(const hy_global *g, int argc, char **argv);
int hy_cmd_render(const hy_global *g, int argc, char **argv);
int hy_cmd_forms(const hy_global *g, int argc, char **argv);
int hy_cmd_threshold(const hy_global *g, int argc, char **argv);
int hy_cmd_diff(const hy_global *g, int argc, char **argv);
void hy_print_help(FILE *out);

/* JSON string literal of s (with quotes). Caller frees. */
char *hy_json_string(const char *s);

#endif
