#include "hyoka/cli.h"
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/import.h"
#include "hyoka/render.h"
#include "hyoka/threshold.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void hy_print_help(FILE *o)
{
	fputs(_("Usage: hyoka [--forms DIR] [FILE]\n"
		"       hyoka [--forms DIR] COMMAND [ARGS]\n"
		"\n"
		"Author Japanese privacy impact assessments (特定個人情報保護評価書) in a\n"
		"full-screen terminal editor.  Without a command, hyoka opens FILE in the\n"
		"editor (asking for a form if FILE does not exist), or a start screen.\n"
		"\n"
		"Commands:\n"
		"  new --form ID FILE           create an empty document of form ID\n"
		"  validate [--format json] FILE...\n"
		"                               report problems as FILE:LINE:COL: error: ...\n"
		"  fmt [--check] FILE...        rewrite files in canonical form\n"
		"  render [FILE | --form ID] [-o OUT] [--width N] [--page-lines N] [--ascii]\n"
		"                               printable text rendering (blank form with --form)\n"
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
		"  --help, --version\n"
		"\n"
		"Exit codes:\n"
		"  0  success; validate: no errors; diff: no differences\n"
		"  1  validate found errors; diff found differences\n"
		"  2  bad usage, or an input file that cannot be read or parsed\n"
		"  3  a file could not be written\n"),
	      o);
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

int hy_cmd_new(const hy_global *g, int argc, char **argv)
{
	const char *form_id = NULL, *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			form_id = argv[++i];
		else if (hy_starts_with(argv[i], "--form="))
			form_id = argv[i] + 7;
		else if (!file && argv[i][0] != '-')
			file = argv[i];
		else {
			fprintf(stderr, _("hyoka new: unexpected argument '%s'\n"), argv[i]);
			return HY_EXIT_INPUT;
		}
	}
	if (!form_id || !file) {
		fprintf(stderr, _("Usage: hyoka new --form ID FILE\n"));
		return HY_EXIT_INPUT;
	}
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

int hy_cmd_validate(const hy_global *g, int argc, char **argv)
{
	bool json = false;
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			json = strcmp(argv[++i], "json") == 0;
			if (!json && strcmp(argv[i], "text") != 0) {
				fprintf(stderr, _("hyoka validate: unknown format '%s'\n"), argv[i]);
				return HY_EXIT_INPUT;
			}
		} else if (strcmp(argv[i], "--format=json") == 0) {
			json = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, _("hyoka validate: unknown option '%s'\n"), argv[i]);
			return HY_EXIT_INPUT;
		} else {
			nfiles++;
		}
	}
	if (!nfiles) {
		fprintf(stderr, _("Usage: hyoka validate [--format json] FILE...\n"));
		return HY_EXIT_INPUT;
	}
	const char **files = hy_calloc((size_t)nfiles, sizeof *files);
	size_t nf = 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			if (strcmp(argv[i], "--format") == 0)
				i++;
			continue;
		}
		files[nf++] = argv[i];
	}
	hy_forms forms;
	if (!hy_cli_load_forms_for(g, &forms, files, nf)) {
		hy_forms_free(&forms);
		free(files);
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
	free(files);
	return rc;
}

/* ---- fmt ---- */

/* Rewrites one file in canonical form (or, with check, says whether it
 * is); returns the file's exit code. */
static int fmt_file(hy_forms *forms, const char *path, bool check)
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
	/* compared while it is produced: the file, its canonical text and the
	 * document are never in memory together */
	bool same = hy_doc_matches_file(doc, path);
	int rc = HY_EXIT_OK;
	if (check && !same) {
		printf(_("%s: not in canonical form\n"), path);
		rc = HY_EXIT_PROBLEMS;
	} else if (!check && !same) {
		char *err = NULL;
		if (hy_doc_save(doc, path, false, &err) != HY_SAVE_OK) {
			fprintf(stderr, "hyoka fmt: %s\n", err);
			rc = HY_EXIT_WRITE;
		}
		free(err);
	}
	hy_diags_free(&diags);
	hy_doc_free(doc);
	return rc;
}

int hy_cmd_fmt(const hy_global *g, int argc, char **argv)
{
	bool check = false;
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0)
			check = true;
		else if (argv[i][0] == '-') {
			fprintf(stderr, _("hyoka fmt: unknown option '%s'\n"), argv[i]);
			return HY_EXIT_INPUT;
		} else
			nfiles++;
	}
	if (!nfiles) {
		fprintf(stderr, _("Usage: hyoka fmt [--check] FILE...\n"));
		return HY_EXIT_INPUT;
	}
	const char **files = hy_calloc((size_t)nfiles, sizeof *files);
	size_t nf = 0;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			files[nf++] = argv[i];
	hy_forms forms;
	if (!hy_cli_load_forms_for(g, &forms, files, nf)) {
		hy_forms_free(&forms);
		free(files);
		return HY_EXIT_INPUT;
	}
	int rc = HY_EXIT_OK;
	for (size_t i = 0; i < nf; i++) {
		int frc = fmt_file(&forms, files[i], check);
		/* an unreadable file and a failed write outrank "not canonical" */
		if (frc == HY_EXIT_PROBLEMS)
			rc = rc == HY_EXIT_OK ? HY_EXIT_PROBLEMS : rc;
		else if (frc != HY_EXIT_OK)
			rc = frc;
	}
	hy_forms_free(&forms);
	free(files);
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

/* stdout, and why writing to it failed (the rendering goes on computing
 * after a failed write: errno would not last). */
typedef struct {
	FILE *f;
	int error;
} out_stream;

static bool stream_write(void *ctx, const char *data, size_t len)
{
	out_stream *o = ctx;
	if (fwrite(data, 1, len, o->f) == len)
		return true;
	o->error = errno;
	return false;
}

/* The rendering goes out as it is made: it can be several times the size of
 * the document. */
static int render_to_stdout(const hy_doc *doc, const hy_render_opts *o)
{
	out_stream out = {.f = stdout};
	if (hy_render_stream(doc, o, stream_write, &out) && fflush(stdout) == 0)
		return HY_EXIT_OK;
	fprintf(stderr, _("hyoka render: cannot write output: %s\n"),
		strerror(out.error ? out.error : errno));
	return HY_EXIT_WRITE;
}

static bool atomic_write(void *ctx, const char *data, size_t len)
{
	return hy_atomic_write(ctx, data, len);
}

static int render_to_file(const hy_doc *doc, const hy_render_opts *o, const char *outfile)
{
	hy_atomic a;
	char *err = NULL;
	bool ok = hy_atomic_open(&a, outfile, 0644, &err);
	if (ok) {
		hy_render_stream(doc, o, atomic_write, &a);
		ok = hy_atomic_commit(&a, false, &err);
	}
	if (!ok)
		fprintf(stderr, "hyoka render: %s\n", err);
	free(err);
	return ok ? HY_EXIT_OK : HY_EXIT_WRITE;
}

int hy_cmd_render(const hy_global *g, int argc, char **argv)
{
	const char *file = NULL, *form_id = NULL, *outfile = NULL;
	hy_render_opts o = {.width = 80};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_next = i + 1 < argc;
		if (strcmp(a, "--form") == 0 && has_next)
			form_id = argv[++i];
		else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && has_next)
			outfile = argv[++i];
		else if (strcmp(a, "--width") == 0 && has_next) {
			if (!parse_int_arg(argv[++i], &o.width) || o.width < 40) {
				fprintf(stderr, _("hyoka render: --width needs a number of at least 40\n"));
				return HY_EXIT_INPUT;
			}
		} else if (strcmp(a, "--page-lines") == 0 && has_next) {
			if (!parse_int_arg(argv[++i], &o.page_lines) ||
			    (o.page_lines > 0 && o.page_lines < 10)) {
				fprintf(stderr, _("hyoka render: --page-lines needs 0 or a number of at least 10\n"));
				return HY_EXIT_INPUT;
			}
		} else if (strcmp(a, "--ascii") == 0)
			o.ascii = true;
		else if (a[0] != '-' && !file)
			file = a;
		else {
			fprintf(stderr, _("hyoka render: unexpected argument '%s'\n"), a);
			return HY_EXIT_INPUT;
		}
	}
	if (!file == !form_id) {
		fprintf(stderr, _("Usage: hyoka render [FILE | --form ID] [-o OUT] [--width N] "
				  "[--page-lines N] [--ascii]\n"));
		return HY_EXIT_INPUT;
	}
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
	int rc = outfile ? render_to_file(doc, &o, outfile) : render_to_stdout(doc, &o);
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
	const char *label = *f->label ? f->label : f->id;
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

int hy_cmd_forms(const hy_global *g, int argc, char **argv)
{
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
		fprintf(stderr, _("Usage: hyoka forms [show ID]\n"));
		rc = HY_EXIT_INPUT;
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

int hy_cmd_threshold(const hy_global *g, int argc, char **argv)
{
	(void)g;
	const char *subjects = NULL, *handlers = NULL, *incident = NULL;
	bool exempt = false, json = false;
	for (int i = 1; i < argc; i++) {
		bool next = i + 1 < argc;
		if (strcmp(argv[i], "--subjects") == 0 && next)
			subjects = argv[++i];
		else if (strcmp(argv[i], "--handlers") == 0 && next)
			handlers = argv[++i];
		else if (strcmp(argv[i], "--incident") == 0 && next)
			incident = argv[++i];
		else if (strcmp(argv[i], "--exempt") == 0)
			exempt = true;
		else if (strcmp(argv[i], "--format") == 0 && next)
			json = strcmp(argv[++i], "json") == 0;
		else {
			fprintf(stderr, _("hyoka threshold: unexpected argument '%s'\n"), argv[i]);
			return HY_EXIT_INPUT;
		}
	}
	if (!subjects || !handlers || !incident) {
		fprintf(stderr, _("Usage: hyoka threshold --subjects N --handlers N --incident yes|no "
				  "[--exempt] [--format json]\n"));
		return HY_EXIT_INPUT;
	}
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
