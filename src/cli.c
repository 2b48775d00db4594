#include "hyoka/cli.h"
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/pdf.h"
#include "hyoka/import.h"
#include "hyoka/render.h"
#include "hyoka/threshold.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void hy_print_help(FILE *o)
{
	fputs(_("Usage: hyoka [--forms DIR] [--ambiguous-width 1|2] [FILE]\n"
		"       hyoka [--forms DIR] [--ambiguous-width 1|2] COMMAND [ARGS]\n"
		"\n"
		"Author Japanese privacy impact assessments (特定個人情報保護評価書) in a\n"
		"full-screen terminal editor.  Without a command, hyoka opens FILE in the\n"
		"editor (asking for a form if FILE does not exist), or a start screen.\n"
		"\n"
		"Commands (each answers --help with its own usage):\n"
		"  new --form ID FILE           create an empty document of form ID\n"
		"  validate [--format json] FILE...\n"
		"                               report problems as FILE:LINE:COL: error: ...\n"
		"  fmt [--check] FILE...        rewrite files in canonical form\n"
		"  render [FILE | --form ID] [-o OUT] [--format text|pdf] [--width N]\n"
		"         [--page-lines N] [--ascii]\n"
		"                               printable text or A4 PDF (blank form with --form)\n"
		"  import FILE -o OUT.yaml [--form ID] [--document N | --split] [--force]\n"
		"                               a published assessment (text or PDF) as a document\n"
		"  forms [show ID]              list the forms, or print one form's outline\n"
		"  threshold --subjects N --handlers N --incident yes|no [--exempt] [--format json]\n"
		"                               which assessments a task needs (しきい値判断)\n"
		"  diff OLD NEW [--format json] [--append-changes --date DATE]\n"
		"                               changes between two versions (変更箇所)\n"
		"  recover FILE [--restore | --discard | --show]\n"
		"                               restore, show or discard a recovery file\n"
		"\n"
		"Editor options:\n"
		"  --read-only                  open without saving\n"
		"  --ascii                      ASCII borders and marks only\n"
		"  --since OLD                  offer to write 変更箇所 rows against OLD\n"
		"\n"
		"Options:\n"
		"  --forms DIR                  read forms from DIR (also $HYOKA_FORMS)\n"
		"  --ambiguous-width 1|2        columns of ①, Ⅱ, ※, ○ and box lines on this terminal\n"
		"                               (also $HYOKA_AMBIGUOUS_WIDTH; 2 for Tera Term, PuTTY)\n"
		"  --help, --version\n"
		"\n"
		"Exit codes:\n"
		"  0  success; validate: no errors; diff: no differences\n"
		"  1  validate found errors; diff found differences; import: fields to review\n"
		"  2  bad usage, or an input file that cannot be read or parsed\n"
		"  3  a file could not be written\n"
		"  4  out of memory (the editor writes its recovery file first)\n"),
	      o);
}

/* ---- option parsing ---- */

int hy_cli_getopt(int argc, char **argv, const char *shorts, const struct option *longopts)
{
	/* a leading ':' tells a missing value from an unknown option */
	char *spec = hy_printf(":%s", shorts);
	opterr = 0;
	int c = getopt_long(argc, argv, spec, longopts, NULL);
	free(spec);
	return c;
}

void hy_cli_getopt_start(void)
{
	/* 0, not 1: GNU getopt starts over, argument permutation and all */
	optind = 0;
}

int hy_cli_usage(const char *usage, bool asked)
{
	fputs(usage, asked ? stdout : stderr);
	if (!asked)
		return HY_EXIT_INPUT;
	return fflush(stdout) == 0 ? HY_EXIT_OK : HY_EXIT_WRITE;
}

int hy_cli_bad_option(const char *cmd, int c, char **argv, const char *usage)
{
	/* a long option is named as written; a short one (perhaps inside a
	 * cluster such as -xo) by its letter */
	const char *last = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = {'-', (char)optopt, '\0'};
	bool is_short = !hy_starts_with(last, "--") && optopt > 0 && optopt < 128;
	const char *arg = is_short ? shortopt : last;
	if (c == ':')
		fprintf(stderr, _("hyoka %s: %s needs a value\n"), cmd, arg);
	else
		fprintf(stderr, _("hyoka %s: unknown option '%s'\n"), cmd, arg);
	return hy_cli_usage(usage, false);
}

static bool load_forms(const hy_global *g, hy_forms *forms, bool *all_good)
{
	char *dir = hy_forms_find_dir(g->forms_dir, g->argv0);
	if (!dir) {
		fprintf(stderr, _("hyoka: no forms directory found; use --forms DIR or HYOKA_FORMS\n"));
		memset(forms, 0, sizeof *forms);
		return false;
	}
	bool good = hy_forms_load_dir(forms, dir, stderr);
	if (all_good)
		*all_good = good;
	free(dir);
	if (forms->n == 0) {
		fprintf(stderr, _("hyoka: no usable forms in %s\n"), forms->dir);
		return false;
	}
	return true;
}

bool hy_cli_load_forms(const hy_global *g, hy_forms *forms)
{
	return load_forms(g, forms, NULL);
}

/* Adds the form that the document at path names on its first line, alone;
 * false when that is not enough to know (then every form is needed). */
static bool load_form_of(hy_forms *forms, const char *path)
{
	char *id = hy_doc_form_id(path);
	bool ok = id && hy_forms_load_one(forms, id);
	free(id);
	return ok;
}

bool hy_cli_load_forms_for(const hy_global *g, hy_forms *forms, const char *const *paths,
			   size_t n)
{
	/* the forms directory comes first, as when every form is loaded */
	char *dir = hy_forms_find_dir(g->forms_dir, g->argv0);
	if (!dir) {
		fprintf(stderr, _("hyoka: no forms directory found; use --forms DIR or HYOKA_FORMS\n"));
		memset(forms, 0, sizeof *forms);
		return false;
	}
	hy_forms_init(forms, dir);
	free(dir);
	bool enough = true;
	for (size_t i = 0; i < n && enough; i++)
		enough = !paths[i] || load_form_of(forms, paths[i]);
	if (enough && forms->n > 0)
		return true;
	/* a document that does not start with its form: every form, and
	 * broken ones reported, as always */
	hy_forms_free(forms);
	return hy_cli_load_forms(g, forms);
}

hy_doc *hy_cli_load_doc(hy_forms *forms, const char *path, hy_diags *diags, FILE *errors)
{
	hy_doc *doc = hy_doc_load(forms, path, diags);
	if (doc || forms->complete)
		return doc;
	/* what a failed load reports (an unknown form lists the known ones) is
	 * what it was with every form loaded */
	hy_diags_free(diags);
	hy_diags_init(diags);
	hy_forms_load_rest(forms, errors);
	return hy_doc_load(forms, path, diags);
}

char *hy_json_string(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_addc(&b, '"');
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '"': hy_buf_adds(&b, "\\\""); break;
		case '\\': hy_buf_adds(&b, "\\\\"); break;
		case '\n': hy_buf_adds(&b, "\\n"); break;
		case '\t': hy_buf_adds(&b, "\\t"); break;
		case '\r': hy_buf_adds(&b, "\\r"); break;
		default:
			if (*p < 0x20)
				hy_buf_addf(&b, "\\u%04x", *p);
			else
				hy_buf_addc(&b, (char)*p);
		}
	}
	hy_buf_addc(&b, '"');
	return hy_buf_take(&b);
}

static void print_diags_json(FILE *o, const char *file, const hy_diags *d, bool *first)
{
	for (size_t i = 0; i < d->n; i++) {
		char *f = hy_json_string(file), *m = hy_json_string(d->items[i].message);
		char *p = hy_json_string(d->items[i].path ? d->items[i].path : "");
		fprintf(o, "%s\n  {\"file\": %s, \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
			   "\"message\": %s, \"path\": %s}",
			*first ? "" : ",", f, d->items[i].line, d->items[i].col,
			d->items[i].severity == HY_ERROR ? "error" : "warning", m, p);
		*first = false;
		free(f);
		free(m);
		free(p);
	}
}

/* ---- new ---- */

#define NEW_USAGE _("Usage: hyoka new --form ID FILE\n")

int hy_cmd_new(const hy_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"form", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *form_id = NULL;
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		if (c == 'f')
			form_id = optarg;
		else if (c == 'h')
			return hy_cli_usage(NEW_USAGE, true);
		else
			return hy_cli_bad_option("new", c, argv, NEW_USAGE);
	}
	const char *file = optind + 1 == argc ? argv[optind] : NULL;
	if (!form_id || !file)
		return hy_cli_usage(NEW_USAGE, false);
	struct stat st;
	if (stat(file, &st) == 0) {
		fprintf(stderr, _("hyoka new: %s already exists; not overwriting it\n"), file);
		return HY_EXIT_INPUT;
	}
	hy_forms forms;
	if (!hy_cli_load_forms(g, &forms)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	const hy_form *form = hy_forms_get(&forms, form_id);
	if (!form) {
		fprintf(stderr, _("hyoka new: unknown form '%s'; see 'hyoka forms'\n"), form_id);
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	hy_doc *doc = hy_doc_new(form);
	char *err = NULL;
	int rc = hy_doc_save(doc, file, false, &err) == HY_SAVE_OK ? HY_EXIT_OK : HY_EXIT_WRITE;
	if (rc != HY_EXIT_OK)
		fprintf(stderr, "hyoka new: %s\n", err);
	free(err);
	hy_doc_free(doc);
	hy_forms_free(&forms);
	return rc;
}

/* ---- validate ---- */

#define VALIDATE_USAGE _("Usage: hyoka validate [--format json] FILE...\n")

/* --format text|json; false after saying why for anything else. */
static bool parse_format(const char *cmd, const char *s, bool *json)
{
	*json = strcmp(s, "json") == 0;
	if (*json || strcmp(s, "text") == 0)
		return true;
	fprintf(stderr, _("hyoka %s: unknown format '%s'\n"), cmd, s);
	return false;
}

int hy_cmd_validate(const hy_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0}};
	bool json = false;
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		if (c == 'F' && !parse_format("validate", optarg, &json))
			return HY_EXIT_INPUT;
		else if (c == 'h')
			return hy_cli_usage(VALIDATE_USAGE, true);
		else if (c != 'F')
			return hy_cli_bad_option("validate", c, argv, VALIDATE_USAGE);
	}
	const char *const *files = (const char *const *)argv + optind;
	size_t nf = (size_t)(argc - optind);
	if (!nf)
		return hy_cli_usage(VALIDATE_USAGE, false);
	hy_forms forms;
	if (!hy_cli_load_forms_for(g, &forms, files, nf)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	int rc = HY_EXIT_OK;
	bool first = true;
	size_t errors = 0, warnings = 0;
	if (json)
		fputs("[", stdout);
	for (size_t i = 0; i < nf; i++) {
		hy_diags diags;
		hy_diags_init(&diags);
		hy_doc *doc = hy_cli_load_doc(&forms, files[i], &diags, stderr);
		if (!doc) {
			rc = HY_EXIT_INPUT;
		} else {
			hy_doc_collect(doc, &diags);
			hy_review_diags(doc, &diags);
			if (hy_diags_count(&diags, HY_ERROR) && rc == HY_EXIT_OK)
				rc = HY_EXIT_PROBLEMS;
		}
		errors += hy_diags_count(&diags, HY_ERROR);
		warnings += hy_diags_count(&diags, HY_WARNING);
		if (json)
			print_diags_json(stdout, files[i], &diags, &first);
		else
			hy_diags_print(&diags, files[i], doc ? stdout : stderr);
		hy_diags_free(&diags);
		hy_doc_free(doc);
	}
	if (json)
		fputs("\n]\n", stdout);
	else if (errors || warnings)
	{
		/* the summary goes to stderr so that stdout stays machine-readable */
		char *e = hy_printf(P_("%zu error", "%zu errors", errors), errors);
		char *w = hy_printf(P_("%zu warning", "%zu warnings", warnings), warnings);
		/* TRANSLATORS: "1 error, 2 warnings" */
		fprintf(stderr, _("%s, %s\n"), e, w);
		free(e);
		free(w);
	}
	hy_forms_free(&forms);
	return rc;
}

/* ---- fmt ---- */

/* Rewrites one file in canonical form (or, with check, says whether it
 * is); returns the file's exit code. */
/* fmt writes no comments: a file with its own is not rewritten unless asked. */
static bool refuse_comments(const char *path)
{
	int col = 0;
	char *text = NULL;
	int line = hy_doc_file_comment(path, &col, &text);
	if (!line)
		return false;
	char *clean_path = hy_clean_for_terminal(path, strlen(path), false);
	char *clean_text = hy_clean_for_terminal(text, strlen(text), false);
	fprintf(stderr, _("%s:%d:%d: error: the file has YAML comments (%s), which fmt would drop; "
			  "move them into the document's text, or run fmt --drop-comments\n"),
		clean_path, line, col, clean_text);
	free(clean_path);
	free(clean_text);
	free(text);
	return true;
}

/* May fmt rewrite the file?  Not when that drops its comments. */
static bool no_comments(void *path)
{
	return !refuse_comments(path);
}

static int fmt_file(hy_forms *forms, const char *path, bool check, bool drop_comments)
{
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_cli_load_doc(forms, path, &diags, stderr);
	if (!doc) {
		hy_diags_print(&diags, path, stderr);
		hy_diags_free(&diags);
		return HY_EXIT_INPUT;
	}
	hy_diags_print(&doc->notes, path, stderr);
	/* compared while it is produced, and written in the same pass: the
	 * file, its canonical text and the document are never in memory
	 * together */
	char *err = NULL;
	hy_fmt_result r = hy_doc_format_file(doc, path, !check,
					     drop_comments ? NULL : no_comments, (void *)path, &err);
	int rc = HY_EXIT_OK;
	if (r == HY_FMT_DIFFERS) {
		printf(_("%s: not in canonical form\n"), path);
		rc = HY_EXIT_PROBLEMS;
	} else if (r == HY_FMT_REFUSED) {
		rc = HY_EXIT_INPUT;
	} else if (r == HY_FMT_FAILED) {
		fprintf(stderr, "hyoka fmt: %s\n", err);
		rc = HY_EXIT_WRITE;
	}
	free(err);
	hy_diags_free(&diags);
	hy_doc_free(doc);
	return rc;
}

#define FMT_USAGE _("Usage: hyoka fmt [--check] [--drop-comments] FILE...\n")

int hy_cmd_fmt(const hy_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"check", no_argument, NULL, 'c'}, {"drop-comments", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'}, {0}};
	bool check = false, drop_comments = false;
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		if (c == 'c')
			check = true;
		else if (c == 'd')
			drop_comments = true;
		else if (c == 'h')
			return hy_cli_usage(FMT_USAGE, true);
		else
			return hy_cli_bad_option("fmt", c, argv, FMT_USAGE);
	}
	const char *const *files = (const char *const *)argv + optind;
	size_t nf = (size_t)(argc - optind);
	if (!nf)
		return hy_cli_usage(FMT_USAGE, false);
	hy_forms forms;
	if (!hy_cli_load_forms_for(g, &forms, files, nf)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	int rc = HY_EXIT_OK;
	for (size_t i = 0; i < nf; i++) {
		int frc = fmt_file(&forms, files[i], check, drop_comments);
		/* an unreadable file and a failed write outrank "not canonical" */
		if (frc == HY_EXIT_PROBLEMS)
			rc = rc == HY_EXIT_OK ? HY_EXIT_PROBLEMS : rc;
		else if (frc != HY_EXIT_OK)
			rc = frc;
	}
	hy_forms_free(&forms);
	return rc;
}

/* ---- render ---- */

static bool parse_int_arg(const char *s, int *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < 0 || n > 10000)
		return false;
	*out = (int)n;
	return true;
}

/* A blank form needs that form only; a document, the one it names. */
static bool load_render_forms(const hy_global *g, hy_forms *forms, const char *file,
			      const char *form_id)
{
	if (file)
		return hy_cli_load_forms_for(g, forms, &file, 1);
	char *dir = hy_forms_find_dir(g->forms_dir, g->argv0);
	if (!dir)
		return hy_cli_load_forms(g, forms); /* says that there is none */
	hy_forms_init(forms, dir);
	free(dir);
	if (hy_forms_load_one(forms, form_id))
		return true;
	hy_forms_free(forms);
	return hy_cli_load_forms(g, forms);
}

/* ---- output files ---- */

/* Is path the same file (device and inode) as one of the inputs? */
static const char *same_as_input(const char *path, const char *const *inputs, size_t n)
{
	struct stat out;
	if (stat(path, &out) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct stat in;
		if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino)
			return inputs[i];
	}
	return NULL;
}

bool hy_cli_out_open(hy_cli_out *o, const char *cmd, const char *path,
		     const char *const *inputs, size_t n_inputs)
{
	memset(o, 0, sizeof *o);
	o->atomic.fd = -1;
	o->name = path && strcmp(path, "-") != 0 ? path : NULL;
	if (!o->name) {
		o->stream = stdout;
		return true;
	}
	const char *input = same_as_input(path, inputs, n_inputs);
	if (input) {
		fprintf(stderr, _("hyoka %s: the output %s is the input file %s; not writing over "
				  "it\n"), cmd, path, input);
		return false;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a FIFO is written to, never replaced */
		int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		o->stream = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!o->stream) {
			fprintf(stderr, _("hyoka %s: cannot write %s: %s\n"), cmd, path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return false;
		}
		return true;
	}
	char *err = NULL;
	o->is_atomic = hy_atomic_open(&o->atomic, path, 0666, &err);
	if (!o->is_atomic) {
		fprintf(stderr, "hyoka %s: %s\n", cmd, err);
		free(err);
	}
	return o->is_atomic;
}

bool hy_cli_out_write(void *ctx, const char *data, size_t len)
{
	hy_cli_out *o = ctx;
	if (o->is_atomic)
		return hy_atomic_write(&o->atomic, data, len);
	if (o->error)
		return false;
	if (fwrite(data, 1, len, o->stream) == len)
		return true;
	/* remembered now: the caller may go on before the close reports it */
	o->error = errno ? errno : EIO;
	return false;
}

int hy_cli_out_close(hy_cli_out *o, const char *cmd, bool ok)
{
	if (o->is_atomic) {
		char *err = NULL;
		if (!ok) {
			hy_atomic_abort(&o->atomic);
			return HY_EXIT_WRITE;
		}
		if (hy_atomic_commit(&o->atomic, false, &err))
			return HY_EXIT_OK;
		fprintf(stderr, "hyoka %s: %s\n", cmd, err);
		free(err);
		return HY_EXIT_WRITE;
	}
	int error = o->error;
	if (fflush(o->stream) != 0 && !error)
		error = errno;
	if (o->stream != stdout && fclose(o->stream) != 0 && !error)
		error = errno;
	if (!error)
		return ok ? HY_EXIT_OK : HY_EXIT_WRITE;
	fprintf(stderr, _("hyoka %s: cannot write output: %s\n"), cmd, strerror(error));
	return HY_EXIT_WRITE;
}

/* Text on its way to a terminal or a file someone will `cat`: every control
 * character of a value (an ESC, a C1 control, a bidi override) is replaced
 * as it passes, except the line breaks and form feeds of the layout.  A
 * character cut between two pieces waits for the rest. */
typedef struct {
	hy_cli_out *out;
	char tail[4];
	size_t n_tail;
} clean_writer;

/* Is s[0..n) safe as it is (form feeds included)? */
static bool all_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *ff = memchr(s + i, '\f', n - i);
		size_t j = ff ? (size_t)(ff - s) : n;
		if (hy_clean_span(s + i, j - i, true) != j - i)
			return false;
		i = j + 1;
	}
	return true;
}

static bool clean_piece(clean_writer *cw, const char *s, size_t n)
{
	if (all_clean(s, n)) /* the common case: written as it is, no copy */
		return hy_cli_out_write(cw->out, s, n);
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < n;) {
		const char *ff = memchr(s + i, '\f', n - i);
		size_t j = ff ? (size_t)(ff - s) : n;
		hy_clean_append(&b, s + i, j - i, true);
		if (j < n)
			hy_buf_addc(&b, '\f');
		i = j + 1;
	}
	bool ok = hy_cli_out_write(cw->out, b.data ? b.data : "", b.len);
	hy_buf_free(&b);
	return ok;
}

/* Where the last whole character of s[0..n) ends. */
static size_t whole_chars(const char *s, size_t n)
{
	size_t back = 0;
	while (back < n && back < 3 && ((unsigned char)s[n - 1 - back] & 0xC0) == 0x80)
		back++;
	if (back == n)
		return n;
	unsigned char lead = (unsigned char)s[n - 1 - back];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return need > back + 1 ? n - 1 - back : n;
}

static bool clean_write(void *ctx, const char *data, size_t len)
{
	clean_writer *cw = ctx;
	if (!cw->n_tail) {
		/* the common case (the renderer writes whole lines): no copy */
		size_t whole = whole_chars(data, len);
		cw->n_tail = len - whole;
		memcpy(cw->tail, data + whole, cw->n_tail);
		return clean_piece(cw, data, whole);
	}
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_add(&b, cw->tail, cw->n_tail);
	hy_buf_add(&b, data, len);
	size_t whole = whole_chars(b.data, b.len);
	cw->n_tail = b.len - whole;
	memcpy(cw->tail, b.data + whole, cw->n_tail);
	bool ok = clean_piece(cw, b.data, whole);
	hy_buf_free(&b);
	return ok;
}

static void clean_flush(clean_writer *cw)
{
	if (cw->n_tail)
		clean_piece(cw, cw->tail, cw->n_tail);
	cw->n_tail = 0;
}

/* The rendering goes out as it is made: it can be several times the size of
 * the document. */
static int render_out(const hy_doc *doc, const hy_render_opts *o, const char *outfile,
		      const char *file)
{
	hy_cli_out out;
	if (!hy_cli_out_open(&out, "render", outfile, &file, 1))
		return HY_EXIT_INPUT;
	/* it fails only when a write does, which the close reports with its
	 * reason (and then does not replace the file) */
	if (o->pdf) {
		(void)hy_render_stream(doc, o, hy_cli_out_write, &out);
	} else {
		clean_writer cw = {.out = &out};
		if (hy_render_stream(doc, o, clean_write, &cw))
			clean_flush(&cw);
	}
	return hy_cli_out_close(&out, "render", true);
}

/* hyoka-pdf: beside this binary (a build tree), else where `make install`
 * puts it.  Caller frees. */
static char *pdf_binary(void)
{
	char *self = realpath("/proc/self/exe", NULL);
	char *slash = self ? strrchr(self, '/') : NULL;
	if (slash) {
		*slash = '\0';
		char *beside = hy_printf("%s/hyoka-pdf", self);
		free(self);
		if (access(beside, X_OK) == 0)
			return beside;
		free(beside);
	} else {
		free(self);
	}
#ifdef HYOKA_LIBEXECDIR
	return hy_strdup(HYOKA_LIBEXECDIR "/hyoka-pdf");
#else
	return NULL;
#endif
}

/* The same command, carried out by hyoka-pdf with the same global options. */
static int exec_pdf_binary(const hy_global *g, int argc, char **argv)
{
	char *bin = pdf_binary();
	char **args = hy_calloc((size_t)argc + 8, sizeof *args);
	size_t n = 0;
	char width[2] = {(char)('0' + hy_ambiguous_width()), '\0'};
	args[n++] = bin ? bin : "hyoka-pdf";
	if (g->forms_dir) {
		args[n++] = "--forms";
		args[n++] = (char *)g->forms_dir;
	}
	args[n++] = "--ambiguous-width";
	args[n++] = width;
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(NULL);
	if (bin)
		execv(bin, args);
	fprintf(stderr, _("hyoka render: PDF output needs hyoka-pdf, installed with hyoka (%s): %s\n"),
		bin ? bin : "?", strerror(errno));
	free(bin);
	free(args);
	return HY_EXIT_INPUT;
}

#define RENDER_USAGE _("Usage: hyoka render [FILE | --form ID] [-o OUT] [--format text|pdf] " \
			"[--width N] [--page-lines N] [--ascii] [--ambiguous-width 1|2]\n")

/* One option of render; false after saying why when its value is bad. */
static bool render_option(int c, const char **form_id, const char **outfile, hy_render_opts *o)
{
	switch (c) {
	case 'f':
		*form_id = optarg;
		return true;
	case 'o':
		*outfile = optarg;
		return true;
	case 'w':
		if (parse_int_arg(optarg, &o->width) && o->width >= 40)
			return true;
		fprintf(stderr, _("hyoka render: --width needs a number of at least 40\n"));
		return false;
	case 'p':
		if (parse_int_arg(optarg, &o->page_lines) && (o->page_lines == 0 || o->page_lines >= 10))
			return true;
		fprintf(stderr, _("hyoka render: --page-lines needs 0 or a number of at least 10\n"));
		return false;
	case 'F':
		o->pdf = strcmp(optarg, "pdf") == 0;
		if (o->pdf || strcmp(optarg, "text") == 0)
			return true;
		fprintf(stderr, _("hyoka render: unknown format '%s'\n"), optarg);
		return false;
	case 'A': {
		int cols;
		if (!hy_parse_ambiguous_width(optarg, &cols)) {
			fprintf(stderr, _("hyoka: --ambiguous-width takes 1 or 2\n"));
			return false;
		}
		hy_set_ambiguous_width(cols);
		return true;
	}
	default: /* 'a' */
		o->ascii = true;
		return true;
	}
}

int hy_cmd_render(const hy_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"form", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"width", required_argument, NULL, 'w'}, {"page-lines", required_argument, NULL, 'p'},
		{"ascii", no_argument, NULL, 'a'}, {"format", required_argument, NULL, 'F'},
		{"ambiguous-width", required_argument, NULL, 'A'}, {"help", no_argument, NULL, 'h'},
		{0}};
	const char *form_id = NULL, *outfile = NULL;
	hy_render_opts o = {.width = 80};
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "ho:", opts)) != -1;) {
		if (c == 'h')
			return hy_cli_usage(RENDER_USAGE, true);
		if (c == '?' || c == ':')
			return hy_cli_bad_option("render", c, argv, RENDER_USAGE);
		if (!render_option(c, &form_id, &outfile, &o))
			return HY_EXIT_INPUT;
	}
	const char *file = optind < argc ? argv[optind] : NULL;
	if (argc - optind > 1 || !file == !form_id)
		return hy_cli_usage(RENDER_USAGE, false);
	if (o.pdf && !hy_pdf_built_in())
		return exec_pdf_binary(g, argc, argv);
	hy_utf8_locale();
	hy_forms forms;
	if (!load_render_forms(g, &forms, file, form_id)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	hy_doc *doc = NULL;
	if (form_id) {
		const hy_form *form = hy_forms_get(&forms, form_id);
		if (!form) {
			fprintf(stderr, _("hyoka render: unknown form '%s'; see 'hyoka forms'\n"), form_id);
			hy_forms_free(&forms);
			return HY_EXIT_INPUT;
		}
		doc = hy_doc_new(form);
		hy_doc_fill_blank(doc);
		o.blank = true;
	} else {
		hy_diags diags;
		hy_diags_init(&diags);
		doc = hy_cli_load_doc(&forms, file, &diags, stderr);
		if (!doc) {
			hy_diags_print(&diags, file, stderr);
			hy_diags_free(&diags);
			hy_forms_free(&forms);
			return HY_EXIT_INPUT;
		}
		hy_diags_free(&diags);
	}
	int rc = render_out(doc, &o, outfile, file);
	hy_doc_free(doc);
	hy_forms_free(&forms);
	return rc;
}

/* ---- forms ---- */

static void show_list(FILE *o, const hy_list *list, int indent)
{
	fprintf(o, "%*s%s", indent, "", *list->caption ? list->caption : "");
	for (size_t i = 0; i < list->n_options; i++) {
		const hy_option *op = &list->options[i];
		char *num = hy_list_number(list, i);
		if (op->group)
			fprintf(o, "\n%*s%s", indent, "", op->group);
		bool newline = i == 0 || op->row_break || (list->columns > 0 && i % (size_t)list->columns == 0);
		fprintf(o, "%s%s%s", newline ? "\n" : "　", newline ? "" : "", "");
		if (newline)
			fprintf(o, "%*s", indent, "");
		fprintf(o, "%s%s", num, op->text);
		if (op->detail == HY_DETAIL_TEXT)
			fputs(" （ ）", o);
		else if (op->detail == HY_DETAIL_COUNT)
			fputs(" （ N ） 件", o);
		for (size_t k = 0; k < op->n_aliases; k++)
			fprintf(o, _(" [older wording: %s]"), op->aliases[k]);
		free(num);
	}
	fputc('\n', o);
}

static void show_node(FILE *o, const hy_fnode *f, int depth)
{
	int indent = depth * 2;
	const char *label = hy_fnode_name(f);
	fprintf(o, "%*s%s  (%s %s", indent, "", label, hy_type_name(f->type), f->id);
	if (f->required)
		fputs(_(", required"), o);
	if (f->type == HY_REPEAT || f->type == HY_TABLE) {
		if (f->has_min || f->has_max)
			fprintf(o, ", %ld..%ld", f->has_min ? f->min : 0, f->has_max ? f->max : 999);
		if (f->follows)
			fprintf(o, _(", one per %s"), f->follows->id);
	}
	if (f->list)
		fprintf(o, ", %s%s%s", f->list->id, f->list->ref ? " = " : "",
			f->list->ref ? f->list->ref : "");
	for (size_t i = 0; i < f->when.n; i++)
		fprintf(o, _(", when %s"), f->when.items[i].path);
	fputs(")\n", o);
	if (f->text)
		fprintf(o, "%*s  %s\n", indent, "", f->text);
	if (f->list)
		show_list(o, f->list, indent + 4);
	for (size_t i = 0; i < f->n_children; i++)
		show_node(o, f->children[i], depth + 1);
}

#define FORMS_USAGE _("Usage: hyoka forms [show ID]\n")

int hy_cmd_forms(const hy_global *g, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		if (c == 'h')
			return hy_cli_usage(FORMS_USAGE, true);
		return hy_cli_bad_option("forms", c, argv, FORMS_USAGE);
	}
	/* the operands alone, as if they were all there was */
	argc -= optind - 1;
	argv += optind - 1;
	hy_forms forms;
	bool all_good = true;
	bool loaded = load_forms(g, &forms, &all_good);
	int rc = all_good ? HY_EXIT_OK : HY_EXIT_INPUT; /* a broken form is reported */
	if (argc >= 3 && strcmp(argv[1], "show") == 0) {
		const hy_form *f = loaded ? hy_forms_get(&forms, argv[2]) : NULL;
		if (!f) {
			fprintf(stderr, _("hyoka forms: unknown form '%s'\n"), argv[2]);
			rc = HY_EXIT_INPUT;
		} else {
			printf("%s\n%s\n", f->title, f->stamp ? f->stamp : "");
			for (size_t i = 0; i < f->root.n_children; i++)
				show_node(stdout, f->root.children[i], 0);
		}
	} else if (argc == 1) {
		for (size_t i = 0; i < forms.n; i++) {
			const hy_form *f = forms.forms[i];
			printf("%-24s %s %s\n", f->id, f->title, f->stamp ? f->stamp : "");
		}
		if (!loaded)
			rc = HY_EXIT_INPUT;
	} else {
		rc = hy_cli_usage(FORMS_USAGE, false);
	}
	hy_forms_free(&forms);
	return rc;
}

/* ---- threshold ---- */

static bool parse_count_arg(const char *s, long *out)
{
	/* accepts 12000 and 12,000 */
	char digits[32];
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ',')
			continue;
		if (*p < '0' || *p > '9' || n + 1 >= sizeof digits)
			return false;
		digits[n++] = *p;
	}
	if (!n)
		return false;
	digits[n] = '\0';
	*out = strtol(digits, NULL, 10);
	return true;
}

#define THRESHOLD_USAGE _("Usage: hyoka threshold --subjects N --handlers N --incident yes|no " \
			   "[--exempt] [--format json]\n")

int hy_cmd_threshold(const hy_global *g, int argc, char **argv)
{
	(void)g;
	static const struct option opts[] = {
		{"subjects", required_argument, NULL, 's'}, {"handlers", required_argument, NULL, 'H'},
		{"incident", required_argument, NULL, 'i'}, {"exempt", no_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *subjects = NULL, *handlers = NULL, *incident = NULL;
	bool exempt = false, json = false;
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		switch (c) {
		case 's': subjects = optarg; break;
		case 'H': handlers = optarg; break;
		case 'i': incident = optarg; break;
		case 'e': exempt = true; break;
		case 'F':
			if (!parse_format("threshold", optarg, &json))
				return HY_EXIT_INPUT;
			break;
		case 'h': return hy_cli_usage(THRESHOLD_USAGE, true);
		default: return hy_cli_bad_option("threshold", c, argv, THRESHOLD_USAGE);
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("hyoka threshold: unexpected argument '%s'\n"), argv[optind]);
		return HY_EXIT_INPUT;
	}
	if (!subjects || !handlers || !incident)
		return hy_cli_usage(THRESHOLD_USAGE, false);
	long n = 0, h = 0;
	hy_band band = HY_BAND_UNKNOWN;
	if (parse_count_arg(subjects, &n))
		band = hy_band_of_count(n);
	else
		band = hy_band_parse(subjects);
	if (band == HY_BAND_UNKNOWN) {
		fprintf(stderr, _("hyoka threshold: --subjects must be a number of people or a band as "
				  "printed, such as 10万人以上30万人未満\n"));
		return HY_EXIT_INPUT;
	}
	if (!parse_count_arg(handlers, &h)) {
		fprintf(stderr, _("hyoka threshold: --handlers must be a number of people\n"));
		return HY_EXIT_INPUT;
	}
	bool inc;
	if (strcmp(incident, "yes") == 0 || strcmp(incident, "あり") == 0)
		inc = true;
	else if (strcmp(incident, "no") == 0 || strcmp(incident, "なし") == 0)
		inc = false;
	else {
		fprintf(stderr, _("hyoka threshold: --incident must be yes or no\n"));
		return HY_EXIT_INPUT;
	}
	hy_requirement r = hy_threshold_required(band, h >= 500, inc, exempt);
	hy_buf why;
	hy_buf_init(&why);
	if (exempt)
		hy_buf_adds(&why, _("the task is exempt (規則第4条)"));
	else {
		hy_buf_addf(&why, _("対象人数 %s"), hy_band_text(band));
		if (band == HY_BAND_10000 || band == HY_BAND_100000) {
			hy_buf_addf(&why, _(" and 取扱者数 %s"), h >= 500 ? "500人以上" : "500人未満");
			hy_buf_addf(&why, _(" and 重大事故 %s"), inc ? "あり" : "なし");
		}
	}
	if (json) {
		char *a = hy_json_string(hy_requirement_text(r)),
		     *b = hy_json_string(hy_requirement_documents(r)), *c = hy_json_string(why.data),
		     *d = hy_json_string(hy_band_text(band));
		static const char *const ids[] = {"none", "basic", "basic+focused", "basic+full"};
		printf("{\"result\": %s, \"requirement\": \"%s\", \"documents\": %s, \"band\": %s, "
		       "\"reason\": %s}\n", a, ids[r], b, d, c);
		free(a);
		free(b);
		free(c);
		free(d);
	} else {
		printf("%s\n%s\n%s\n", hy_requirement_text(r), hy_requirement_documents(r), why.data);
	}
	hy_buf_free(&why);
	return HY_EXIT_OK;
}
