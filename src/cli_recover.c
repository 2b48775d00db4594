/* `hyoka recover FILE`: shows, restores or discards the recovery file that
 * an interrupted editor left, asking on a terminal which to do. */
#include "hyoka/cli.h"
#include "hyoka/i18n.h"
#include "hyoka/lock.h"
#include "hyoka/recover.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- hyoka recover ---- */

typedef enum { ACT_ASK, ACT_SHOW, ACT_RESTORE, ACT_DISCARD } recover_action;

#define RECOVER_USAGE _("Usage: hyoka recover FILE [--restore | --discard | --show]\n")

/* Returns -1 when the arguments are good, else the exit code (--help: 0). */
static int parse_recover_args(int argc, char **argv, const char **file, recover_action *act)
{
	static const struct option opts[] = {
		{"restore", no_argument, NULL, 'r'}, {"discard", no_argument, NULL, 'd'},
		{"show", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'}, {0}};
	*file = NULL;
	*act = ACT_ASK;
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		recover_action a = c == 'r' ? ACT_RESTORE : c == 'd' ? ACT_DISCARD
				 : c == 's' ? ACT_SHOW : ACT_ASK;
		if (c == 'h')
			return hy_cli_usage(RECOVER_USAGE, true);
		if (a == ACT_ASK)
			return hy_cli_bad_option("recover", c, argv, RECOVER_USAGE);
		if (*act != ACT_ASK && *act != a) {
			fprintf(stderr, _("hyoka recover: unexpected argument '%s'\n"), argv[optind - 1]);
			return HY_EXIT_INPUT;
		}
		*act = a;
	}
	if (argc - optind != 1)
		return hy_cli_usage(RECOVER_USAGE, false);
	*file = argv[optind];
	return -1;
}

/* Refuses to touch the recovery file of a document that a running editor is
 * still writing it for.  Returns whether we took the lock (to release it). */
static bool lock_for_change(const char *file, bool *refused)
{
	pid_t owner = 0;
	hy_lock_result r = hy_lock_take(file, false, &owner);
	*refused = r == HY_LOCK_HELD;
	if (*refused)
		fprintf(stderr, _("hyoka recover: %s is open in another hyoka (process %ld); "
				  "close it there first\n"), file, (long)owner);
	/* HY_LOCK_FAILED (say, a read-only directory): go on without; the
	 * write itself will tell whether anything can be changed there */
	return r == HY_LOCK_OK;
}

static int discard(const char *file, const char *rpath)
{
	bool refused;
	bool locked = lock_for_change(file, &refused);
	if (refused)
		return HY_EXIT_WRITE;
	int rc = HY_EXIT_OK, error = 0;
	if (!hy_remove_file(rpath, &error)) {
		fprintf(stderr, _("hyoka recover: cannot remove %s: %s\n"), rpath, strerror(error));
		rc = HY_EXIT_WRITE;
	}
	if (locked)
		hy_lock_release(file);
	return rc;
}

static int restore(const char *file, const char *rpath, const char *text, size_t len)
{
	bool refused;
	bool locked = lock_for_change(file, &refused);
	if (refused)
		return HY_EXIT_WRITE;
	int rc = HY_EXIT_OK, error = 0;
	char *err = NULL;
	/* the version being replaced is kept as FILE~, as on every save */
	/* a document that is a link keeps its link: its real file is written */
	char *real = hy_real_file(file);
	bool written = hy_write_atomic(real, text, len, 0666, true, &err);
	free(real);
	if (!written) {
		fprintf(stderr, "hyoka recover: %s\n", err);
		rc = HY_EXIT_WRITE;
	} else if (!hy_remove_file(rpath, &error)) {
		fprintf(stderr, _("hyoka recover: %s was restored, but %s cannot be removed: %s\n"),
			file, rpath, strerror(error));
		rc = HY_EXIT_WRITE;
	}
	free(err);
	if (locked)
		hy_lock_release(file);
	return rc;
}

/* The saved document to compare with; an empty one of the recovered form
 * when the file is missing, unreadable or of another form, so that every
 * recovered field is shown rather than nothing. */
static hy_doc *saved_for_comparison(const hy_forms *forms, const char *file, const hy_doc *rec)
{
	struct stat st;
	if (stat(file, &st) != 0 && errno == ENOENT) {
		fprintf(stderr, _("hyoka recover: %s does not exist; showing everything recovered\n"),
			file);
		return hy_doc_new(rec->form);
	}
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *saved = hy_doc_load(forms, file, &diags);
	if (!saved) {
		hy_diags_print(&diags, file, stderr);
		fprintf(stderr, _("hyoka recover: cannot read %s; showing everything recovered\n"),
			file);
	} else if (saved->form != rec->form) {
		fprintf(stderr, _("hyoka recover: %s is a '%s' document but the recovery file is "
				  "'%s'; showing everything recovered\n"),
			file, saved->form->id, rec->form->id);
		hy_doc_free(saved);
		saved = NULL;
	}
	hy_diags_free(&diags);
	return saved ? saved : hy_doc_new(rec->form);
}

static char *differences(const hy_forms *forms, const char *file, const hy_doc *rec)
{
	hy_doc *saved = saved_for_comparison(forms, file, rec);
	char *text = hy_recover_describe(saved, rec);
	hy_doc_free(saved);
	return text;
}

static int print_differences(const char *file, const char *diff)
{
	if (*diff)
		fputs(diff, stdout);
	else
		printf(_("No differences: the recovery file matches %s.\n"), file);
	if (fflush(stdout) != 0) {
		int error = errno;
		fprintf(stderr, _("hyoka recover: cannot write output: %s\n"), strerror(error));
		return HY_EXIT_WRITE;
	}
	return HY_EXIT_OK;
}

/* The first non-blank character of an answer, or '\0'. */
static char answer_of(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '\n' ? '\0' : *line;
}

typedef struct {
	const char *file, *rpath, *text;
	size_t len;
	const char *diff;
} recover_ctx;

/* Ends the question without an answer: everything stays as it is. */
static int keep_all(const recover_ctx *c)
{
	fputc('\n', stdout);
	fflush(stdout);
	fprintf(stderr, _("hyoka recover: no answer; %s is kept\n"), c->rpath);
	return HY_EXIT_PROBLEMS;
}

static int ask(const recover_ctx *c)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = -1;
	while (rc < 0) {
		fputs(_("Restore (r), show differences (s) or discard (d)? "), stdout);
		/* end of input, a read error or a terminal that is gone (hangup):
		 * never ask again, and keep the recovery file */
		if (fflush(stdout) != 0 || getline(&line, &cap, stdin) < 0) {
			rc = keep_all(c);
			break;
		}
		switch (answer_of(line)) {
		case 'r': case 'R':
			rc = restore(c->file, c->rpath, c->text, c->len);
			break;
		case 'd': case 'D':
			rc = discard(c->file, c->rpath);
			break;
		case 's': case 'S':
			/* a failed write is a terminal that is gone: stop asking */
			if (print_differences(c->file, c->diff) != HY_EXIT_OK)
				rc = keep_all(c);
			break;
		default:
			break;
		}
	}
	free(line);
	return rc;
}

static int ask_or_show(const recover_ctx *c)
{
	if (!hy_recover_pending(c->file))
		fprintf(stderr, _("hyoka recover: note: %s was saved after its recovery file was "
				  "written\n"), c->file);
	printf(_("Recovery file %s of %s:\n"), c->rpath, c->file);
	int rc = print_differences(c->file, c->diff);
	if (rc != HY_EXIT_OK)
		return rc;
	if (isatty(STDIN_FILENO))
		return ask(c);
	/* never wait for an answer nobody can type */
	fprintf(stderr, _("hyoka recover: use --restore, --discard or --show\n"));
	return HY_EXIT_PROBLEMS;
}

/* Loads the recovery file (kept as text: --restore writes it back as it is). */
static hy_doc *load_recovered(const hy_forms *forms, const char *rpath, char **text, size_t *len)
{
	char *e = NULL;
	hy_diags diags;
	hy_diags_init(&diags);
	/* a FIFO or a link put under the name is refused, not waited on */
	*text = hy_read_regular(rpath, HY_DOC_MAX_SIZE, len, &e);
	hy_doc *doc = NULL;
	if (!*text)
		hy_diags_add(&diags, HY_ERROR, 0, 0, NULL, _("cannot read: %s"), e);
	else
		doc = hy_doc_load_text(forms, *text, *len, rpath, &diags);
	hy_diags_print(doc ? &doc->notes : &diags, rpath, stderr);
	hy_diags_free(&diags);
	free(e);
	return doc;
}

static int act_on_recovered(const hy_global *g, const char *file, const char *rpath,
			    recover_action act)
{
	hy_forms forms;
	if (!hy_cli_load_forms(g, &forms)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	size_t len = 0;
	char *text = NULL;
	hy_doc *rec = load_recovered(&forms, rpath, &text, &len);
	int rc = HY_EXIT_INPUT;
	if (rec && act == ACT_RESTORE) {
		rc = restore(file, rpath, text, len);
	} else if (rec) {
		char *diff = differences(&forms, file, rec);
		recover_ctx c = {.file = file, .rpath = rpath, .text = text, .len = len, .diff = diff};
		rc = act == ACT_SHOW ? print_differences(file, diff) : ask_or_show(&c);
		free(diff);
	}
	hy_doc_free(rec);
	free(text);
	hy_forms_free(&forms);
	return rc;
}

int hy_cmd_recover(const hy_global *g, int argc, char **argv)
{
	const char *file;
	recover_action act;
	int usage_rc = parse_recover_args(argc, argv, &file, &act);
	if (usage_rc >= 0)
		return usage_rc;
	hy_utf8_locale();
	char *rpath = hy_recover_path(file);
	struct stat st;
	int rc;
	/* lstat: a link under the name is reported, not followed */
	if (lstat(rpath, &st) != 0) {
		int error = errno;
		if (error == ENOENT)
			fprintf(stderr, _("hyoka recover: %s has no recovery file (%s)\n"), file, rpath);
		else
			fprintf(stderr, _("hyoka recover: cannot read %s: %s\n"), rpath, strerror(error));
		rc = HY_EXIT_INPUT;
	} else if (act == ACT_DISCARD) {
		rc = discard(file, rpath);
	} else {
		rc = act_on_recovered(g, file, rpath, act);
	}
	free(rpath);
	return rc;
}
