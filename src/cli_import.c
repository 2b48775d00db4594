/* `hyoka import FILE -o OUT.yaml [--form KIND]`: a published assessment's
 * text (or its PDF, through `pdftotext -layout`) turned into a document,
 * with a summary of what was placed and what the author must review. */
#include "hyoka/cli.h"
#include "hyoka/fileio.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMPORT_MAX_INPUT ((size_t)64 << 20)
#define LEFTOVERS_SHOWN 20

static bool looks_like_pdf(const char *text, size_t len)
{
	return len >= 5 && memcmp(text, "%PDF-", 5) == 0;
}

/* The text of a PDF from `pdftotext -layout FILE -`; NULL with *err. */
static char *pdf_text(const char *path, size_t *len, char **err)
{
	int fds[2];
	if (pipe(fds) != 0) {
		*err = hy_printf("%s", strerror(errno));
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		*err = hy_printf("%s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		execlp("pdftotext", "pdftotext", "-layout", "-enc", "UTF-8", path, "-", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	hy_buf b;
	hy_buf_init(&b);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && b.len < IMPORT_MAX_INPUT)
			hy_buf_add(&b, chunk, (size_t)n);
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		*err = hy_strdup(_("reading a PDF needs pdftotext (Debian package poppler-utils); "
				   "install it, or give the text extracted from the PDF"));
		hy_buf_free(&b);
		return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*err = hy_strdup(_("pdftotext could not read it"));
		hy_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return hy_buf_take(&b);
}

static const char *cell_at_line(const hy_imp_cells *cells, int line)
{
	for (size_t i = 0; i < cells->n; i++)
		if (cells->items[i].line == line)
			return cells->items[i].text;
	return "";
}

static void print_summary(FILE *out, const char *file, const char *dest, const hy_form *form,
			  const hy_imp_report *r, const hy_imp_cells *cells)
{
	fprintf(out, _("%s: imported as %s (%s) into %s\n"), file, form->id,
		form->title ? form->title : "", dest);
	fprintf(out, _("  fields filled: %zu\n"), r->filled);
	fprintf(out, _("  options recognised: %zu\n"), r->options);
	fprintf(out, _("  fields to review: %zu\n"), r->n_reviews);
	for (size_t i = 0; i < r->n_reviews; i++)
		fprintf(out, "    %s: %s\n", r->reviews[i].path, r->reviews[i].why);
	fprintf(out, _("  text left over: %zu lines\n"), r->n_leftover);
	for (size_t i = 0; i < r->n_leftover && i < LEFTOVERS_SHOWN; i++) {
		const char *t = cell_at_line(cells, r->leftover_lines[i]);
		size_t cut = hy_fit_prefix(t, 40, NULL);
		const char *nl = memchr(t, '\n', cut);
		if (nl)
			cut = (size_t)(nl - t);
		fprintf(out, "    %s:%d: %.*s%s\n", file, r->leftover_lines[i], (int)cut, t,
			t[cut] ? "…" : "");
	}
	if (r->n_leftover > LEFTOVERS_SHOWN)
		fprintf(out, _("    … and %zu more\n"), r->n_leftover - LEFTOVERS_SHOWN);
}

typedef struct {
	const char *file, *out, *form_id;
	bool force;
} import_args;

#define IMPORT_USAGE _("Usage: hyoka import FILE -o OUT.yaml [--form KIND] [--force]\n")

/* -1: go on; otherwise the exit code (--help, a bad option, a missing operand). */
static int parse_args(int argc, char **argv, import_args *a)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"form", required_argument, NULL, 'f'},
		{"force", no_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0}};
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "ho:", opts)) != -1;) {
		if (c == 'h')
			return hy_cli_usage(IMPORT_USAGE, true);
		if (c == '?' || c == ':')
			return hy_cli_bad_option("import", c, argv, IMPORT_USAGE);
		if (c == 'o')
			a->out = optarg;
		else if (c == 'f')
			a->form_id = optarg;
		else
			a->force = true;
	}
	a->file = optind < argc ? argv[optind] : NULL;
	if (argc - optind != 1 || !a->out)
		return hy_cli_usage(IMPORT_USAGE, false);
	return -1;
}

/* Standard input ("-"), read whole. */
static char *read_stdin(size_t *len, char **err)
{
	hy_buf b;
	hy_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (b.len + n > IMPORT_MAX_INPUT) {
			hy_buf_free(&b);
			*err = hy_strdup(_("the input is larger than 64 MiB"));
			return NULL;
		}
		hy_buf_add(&b, chunk, n);
	}
	if (ferror(stdin)) {
		hy_buf_free(&b);
		*err = hy_printf("%s", strerror(errno));
		return NULL;
	}
	*len = b.len;
	return hy_buf_take(&b);
}

static char *read_input(const char *file, size_t *len, char **err)
{
	if (strcmp(file, "-") == 0)
		return read_stdin(len, err);
	char *text = hy_read_file(file, IMPORT_MAX_INPUT, len, err);
	if (text && looks_like_pdf(text, *len)) {
		free(text);
		text = pdf_text(file, len, err);
	}
	return text;
}

static const hy_form *choose_form(const hy_forms *forms, const import_args *a,
				  const hy_imp_cells *cells, hy_imp_report *rep)
{
	if (!a->form_id)
		return hy_imp_detect(forms, cells, rep);
	const hy_form *form = hy_forms_get(forms, a->form_id);
	if (!form)
		rep->why_not = hy_printf(_("unknown form '%s'; see 'hyoka forms'"), a->form_id);
	return form;
}

int hy_cmd_import(const hy_global *g, int argc, char **argv)
{
	import_args a = {0};
	int parsed = parse_args(argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	struct stat st;
	if (!a.force && strcmp(a.out, "-") != 0 && stat(a.out, &st) == 0) {
		fprintf(stderr, _("hyoka import: %s already exists; not overwriting it (--force does)\n"),
			a.out);
		return HY_EXIT_INPUT;
	}
	size_t len = 0;
	char *err = NULL;
	char *text = read_input(a.file, &len, &err);
	if (!text) {
		fprintf(stderr, "hyoka import: %s: %s\n", a.file, err ? err : "?");
		free(err);
		return HY_EXIT_INPUT;
	}
	hy_forms forms;
	if (!hy_cli_load_forms(g, &forms)) {
		hy_forms_free(&forms);
		free(text);
		return HY_EXIT_INPUT;
	}
	hy_imp_cells cells;
	hy_imp_split(text, len, &cells);
	free(text);
	hy_imp_report rep = {0};
	int rc = HY_EXIT_INPUT;
	hy_doc *doc = NULL;
	const hy_form *form = choose_form(&forms, &a, &cells, &rep);
	if (form)
		doc = hy_imp_document(form, &cells, &rep);
	if (rep.why_not) {
		fprintf(stderr, _("hyoka import: %s: not recognisable as an assessment: %s\n"), a.file,
			rep.why_not);
		goto done;
	}
	bool to_stdout = strcmp(a.out, "-") == 0;
	if (!to_stdout && strcmp(a.file, "-") != 0 && hy_same_file(a.file, a.out)) {
		fprintf(stderr, _("hyoka %s: the output %s is the input file %s; not writing over "
				  "it\n"), "import", a.out, a.file);
		goto done;
	}
	if (to_stdout) {
		size_t n;
		char *yaml = hy_doc_to_yaml(doc, &n);
		bool ok = fwrite(yaml, 1, n, stdout) == n && fflush(stdout) == 0;
		free(yaml);
		if (!ok) {
			rc = HY_EXIT_WRITE;
			goto done;
		}
	} else if (hy_doc_save(doc, a.out, true, &err) != HY_SAVE_OK) {
		fprintf(stderr, "hyoka import: %s\n", err ? err : a.out);
		free(err);
		rc = HY_EXIT_WRITE;
		goto done;
	}
	print_summary(to_stdout ? stderr : stdout, a.file, a.out, form, &rep, &cells);
	rc = rep.n_reviews || rep.n_leftover ? HY_EXIT_PROBLEMS : HY_EXIT_OK;
done:
	hy_doc_free(doc);
	hy_imp_report_free(&rep);
	hy_imp_cells_free(&cells);
	hy_forms_free(&forms);
	return rc;
}
