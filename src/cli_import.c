/* `hyoka import FILE -o OUT.yaml [--form KIND]`: a published assessment's
 * text (or its PDF, through `pdftotext -layout`) turned into a document,
 * with a summary of what was placed and what the author must review.  A text
 * holding several documents (the form's `document_start`) is imported one
 * at a time (--document N) or each into its own file (--split). */
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
#define LEFTOVERS_SHOWN 20 /* lines of a summary's list (left over, documents) */

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

/* A cell's first line, cut to 40 columns ("…" when cut), for a summary. */
static void print_cut(FILE *out, const char *t)
{
	size_t cut = hy_fit_prefix(t, 40, NULL);
	const char *nl = memchr(t, '\n', cut);
	if (nl)
		cut = (size_t)(nl - t);
	fprintf(out, "%.*s%s\n", (int)cut, t, t[cut] ? "…" : "");
}

static void print_summary(FILE *out, const char *file, const char *what, const char *dest,
			  const hy_form *form, const hy_imp_report *r, const hy_imp_cells *cells)
{
	fprintf(out, _("%s: imported as %s (%s) into %s\n"), what, form->id,
		form->title ? form->title : "", dest);
	fprintf(out, _("  fields filled: %zu\n"), r->filled);
	fprintf(out, _("  options recognised: %zu\n"), r->options);
	fprintf(out, _("  fields to review: %zu\n"), r->n_reviews);
	for (size_t i = 0; i < r->n_reviews; i++)
		fprintf(out, "    %s: %s\n", r->reviews[i].path, r->reviews[i].why);
	fprintf(out, _("  text left over: %zu lines\n"), r->n_leftover);
	for (size_t i = 0; i < r->n_leftover && i < LEFTOVERS_SHOWN; i++) {
		fprintf(out, "    %s:%d: ", file, r->leftover_lines[i]);
		print_cut(out, cell_at_line(cells, r->leftover_lines[i]));
	}
	if (r->n_leftover > LEFTOVERS_SHOWN)
		fprintf(out, _("    … and %zu more\n"), r->n_leftover - LEFTOVERS_SHOWN);
}

typedef struct {
	const char *file, *out, *form_id;
	bool force, split;
	size_t document;     /* --document N: 1-based; 0 when not given */
} import_args;

#define IMPORT_USAGE _("Usage: hyoka import FILE -o OUT.yaml [--form KIND] [--document N | --split] [--force]\n")

static bool document_number(const char *arg, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n == 0 || arg[0] == '-' || arg[0] == '+')
		return false;
	*out = n;
	return true;
}

/* -1: go on; otherwise the exit code (--help, a bad option, a missing operand). */
static int parse_args(int argc, char **argv, import_args *a)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"form", required_argument, NULL, 'f'},
		{"document", required_argument, NULL, 'd'}, {"split", no_argument, NULL, 's'},
		{"force", no_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0}};
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "ho:", opts)) != -1;) {
		if (c == 'h')
			return hy_cli_usage(IMPORT_USAGE, true);
		if (c == '?' || c == ':')
			return hy_cli_bad_option("import", c, argv, IMPORT_USAGE);
		if (c == 'o') {
			a->out = optarg;
		} else if (c == 'f') {
			a->form_id = optarg;
		} else if (c == 'd') {
			if (!document_number(optarg, &a->document)) {
				fprintf(stderr, _("hyoka import: --document takes a number from 1 on, "
						  "not '%s'\n"), optarg);
				return HY_EXIT_INPUT;
			}
		} else if (c == 's') {
			a->split = true;
		} else {
			a->force = true;
		}
	}
	a->file = optind < argc ? argv[optind] : NULL;
	if (argc - optind != 1 || !a->out || (a->split && a->document))
		return hy_cli_usage(IMPORT_USAGE, false);
	if (a->split && strcmp(a->out, "-") == 0) {
		fprintf(stderr, _("hyoka import: --split writes a file per document; give -o a file "
				  "name, not -\n"));
		return HY_EXIT_INPUT;
	}
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

static bool refuse_existing(const import_args *a, const char *out)
{
	struct stat st;
	if (a->force || strcmp(out, "-") == 0 || stat(out, &st) != 0)
		return false;
	fprintf(stderr, _("hyoka import: %s already exists; not overwriting it (--force does)\n"),
		out);
	return true;
}

/* OUT.yaml -> OUT-k.yaml (OUT -> OUT-k without the suffix). */
static char *split_name(const char *out, size_t k)
{
	size_t len = strlen(out);
	bool yaml = len > 5 && strcmp(out + len - 5, ".yaml") == 0;
	return hy_printf("%.*s-%zu%s", (int)(yaml ? len - 5 : len), out, k, yaml ? ".yaml" : "");
}

/* The cells of document k (0-based) of n: a view into all of them. */
static hy_imp_cells document_cells(const hy_imp_cells *all, const size_t *starts, size_t n,
				   size_t k)
{
	size_t end = k + 1 < n ? starts[k + 1] : all->n;
	return (hy_imp_cells){.items = all->items + starts[k], .n = end - starts[k]};
}

/* Imports one document's cells into out ("-": standard output) and prints
 * its summary (as `what`); the exit code. */
static int import_one(const import_args *a, const hy_form *form, hy_imp_cells *cells,
		      const hy_imp_cells *all, const char *out, const char *what)
{
	hy_imp_report rep = {0};
	hy_doc *doc = hy_imp_document(form, cells, &rep);
	int rc = HY_EXIT_INPUT;
	bool to_stdout = strcmp(out, "-") == 0;
	char *err = NULL;
	if (rep.why_not) {
		fprintf(stderr, _("hyoka import: %s: not recognisable as an assessment: %s\n"), what,
			rep.why_not);
	} else if (!to_stdout && strcmp(a->file, "-") != 0 && hy_same_file(a->file, out)) {
		fprintf(stderr, _("hyoka %s: the output %s is the input file %s; not writing over "
				  "it\n"), "import", out, a->file);
	} else if (to_stdout) {
		size_t n;
		char *yaml = hy_doc_to_yaml(doc, &n);
		bool ok = fwrite(yaml, 1, n, stdout) == n && fflush(stdout) == 0;
		free(yaml);
		rc = ok ? -1 : HY_EXIT_WRITE;
	} else if (hy_doc_save(doc, out, true, &err) != HY_SAVE_OK) {
		fprintf(stderr, "hyoka import: %s\n", err ? err : out);
		free(err);
		rc = HY_EXIT_WRITE;
	} else {
		rc = -1;
	}
	if (rc == -1) {
		print_summary(to_stdout ? stderr : stdout, a->file, what, out, form, &rep, all);
		rc = rep.n_reviews || rep.n_leftover ? HY_EXIT_PROBLEMS : HY_EXIT_OK;
	}
	hy_doc_free(doc);
	hy_imp_report_free(&rep);
	return rc;
}

static void list_documents(const import_args *a, const hy_form *form, const hy_imp_cells *all,
			   const size_t *starts, size_t n)
{
	fprintf(stderr, _("hyoka import: %s holds %zu documents of %s; import one with "
			  "--document N, or each into its own file with --split:\n"),
		a->file, n, form->id);
	for (size_t k = 0; k < n && k < LEFTOVERS_SHOWN; k++) {
		const hy_imp_cell *first = &all->items[starts[k]];
		fprintf(stderr, "  %zu: %s:%d: ", k + 1, a->file, first->line);
		print_cut(stderr, first->text);
	}
	if (n > LEFTOVERS_SHOWN)
		fprintf(stderr, _("    … and %zu more\n"), n - LEFTOVERS_SHOWN);
}

/* The worst exit code of importing each document into OUT-k.yaml; nothing
 * is written when one of those files exists (without --force). */
static int import_each(const import_args *a, const hy_form *form, const hy_imp_cells *all,
		       const size_t *starts, size_t n)
{
	char **outs = hy_calloc(n, sizeof *outs);
	bool refused = false;
	for (size_t k = 0; k < n; k++) {
		outs[k] = split_name(a->out, k + 1);
		refused = refuse_existing(a, outs[k]) || refused;
	}
	int rc = refused ? HY_EXIT_INPUT : HY_EXIT_OK;
	for (size_t k = 0; k < n && !refused; k++) {
		hy_imp_cells cells = document_cells(all, starts, n, k);
		char *what = hy_printf(_("%s, document %zu of %zu (line %d)"), a->file, k + 1, n,
				       cells.n ? cells.items[0].line : 0);
		int one = import_one(a, form, &cells, all, outs[k], what);
		free(what);
		rc = one > rc ? one : rc;
	}
	for (size_t k = 0; k < n; k++)
		free(outs[k]);
	free(outs);
	return rc;
}

static int import_documents(const import_args *a, const hy_form *form, hy_imp_cells *all)
{
	size_t *starts = NULL;
	size_t n = hy_imp_documents(form, all, &starts);
	int rc = HY_EXIT_INPUT;
	if (a->split) {
		rc = import_each(a, form, all, starts, n);
	} else if (a->document > n) {
		fprintf(stderr, P_("hyoka import: %s holds %zu document of %s, not %zu\n",
				   "hyoka import: %s holds %zu documents of %s, not %zu\n", n),
			a->file, n, form->id, a->document);
	} else if (n > 1 && !a->document) {
		list_documents(a, form, all, starts, n);
	} else if (n > 1) {
		hy_imp_cells cells = document_cells(all, starts, n, a->document - 1);
		char *what = hy_printf(_("%s, document %zu of %zu (line %d)"), a->file,
				       a->document, n, cells.n ? cells.items[0].line : 0);
		rc = import_one(a, form, &cells, all, a->out, what);
		free(what);
	} else {
		rc = import_one(a, form, all, all, a->out, a->file);
	}
	free(starts);
	return rc;
}

int hy_cmd_import(const hy_global *g, int argc, char **argv)
{
	import_args a = {0};
	int parsed = parse_args(argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	if (!a.split && refuse_existing(&a, a.out))
		return HY_EXIT_INPUT;
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
	const hy_form *form = choose_form(&forms, &a, &cells, &rep);
	if (form)
		rc = import_documents(&a, form, &cells);
	else
		fprintf(stderr, _("hyoka import: %s: not recognisable as an assessment: %s\n"), a.file,
			rep.why_not ? rep.why_not : "?");
	hy_imp_report_free(&rep);
	hy_imp_cells_free(&cells);
	hy_forms_free(&forms);
	return rc;
}
