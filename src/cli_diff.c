/* `hyoka diff OLD NEW`: prints the changes between two versions of a
 * document (変更箇所) and appends them to its 変更箇所 table. */
#include "hyoka/cli.h"
#include "hyoka/diff.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- hyoka diff ---- */

typedef struct {
	const char *old_path, *new_path, *date;
	bool json, append;
} diff_args;

#define DIFF_USAGE _("Usage: hyoka diff OLD NEW [--format json] [--append-changes --date DATE]\n")

static bool parse_format(const char *s, diff_args *a)
{
	a->json = strcmp(s, "json") == 0;
	if (!a->json && strcmp(s, "text") != 0) {
		fprintf(stderr, _("hyoka diff: unknown format '%s'\n"), s);
		return false;
	}
	return true;
}

/* Returns -1 when the arguments are good, else the exit code (--help: 0). */
static int parse_args(int argc, char **argv, diff_args *a)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'}, {"date", required_argument, NULL, 'd'},
		{"append-changes", no_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {0}};
	memset(a, 0, sizeof *a);
	hy_cli_getopt_start();
	for (int c; (c = hy_cli_getopt(argc, argv, "h", opts)) != -1;) {
		if (c == 'F' && !parse_format(optarg, a))
			return HY_EXIT_INPUT;
		else if (c == 'd')
			a->date = optarg;
		else if (c == 'a')
			a->append = true;
		else if (c == 'h')
			return hy_cli_usage(DIFF_USAGE, true);
		else if (c != 'F')
			return hy_cli_bad_option("diff", c, argv, DIFF_USAGE);
	}
	if (argc - optind == 2) {
		a->old_path = argv[optind];
		a->new_path = argv[optind + 1];
	}
	if (!a->old_path || (a->append && !a->date) || (a->date && !a->append))
		return hy_cli_usage(DIFF_USAGE, false);
	return -1;
}

static hy_doc *load_or_report(const hy_forms *forms, const char *path)
{
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *doc = hy_doc_load(forms, path, &diags);
	if (!doc)
		hy_diags_print(&diags, path, stderr);
	hy_diags_free(&diags);
	return doc;
}

/* Document text goes to a terminal: through the one cleaning function,
 * so no control character is obeyed. */
static void put_clean(FILE *o, const char *s, size_t n)
{
	char *clean = hy_clean_for_terminal(s, n, false);
	fputs(clean, o);
	free(clean);
}

/* Continuation lines line up under the first, after the label. */
static void print_text(FILE *o, const char *label, const char *text)
{
	fputs(label, o);
	if (!*text) {
		fprintf(o, "%s\n", _("(empty)"));
		return;
	}
	int indent = hy_str_width(label);
	for (const char *p = text;; p++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (p != text)
			fprintf(o, "%*s", indent, "");
		put_clean(o, p, len);
		fputc('\n', o);
		if (!nl)
			break;
		p = nl;
	}
}

static void print_changes_text(FILE *o, const hy_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		const hy_change *c = &ch->items[i];
		if (i)
			fputc('\n', o);
		put_clean(o, c->path, strlen(c->path));
		if (c->important)
			fprintf(o, _("  ※ important change → %s\n"), hy_change_timing(c));
		else
			fprintf(o, _("  → %s\n"), hy_change_timing(c));
		print_text(o, _("  before: "), c->before);
		print_text(o, _("  after:  "), c->after);
	}
}

static const char *kind_name(hy_change_kind k)
{
	return k == HY_CHANGE_ADDED ? "added" : k == HY_CHANGE_REMOVED ? "removed" : "edited";
}

static void print_changes_json(FILE *o, const hy_changes *ch)
{
	fputs("[", o);
	for (size_t i = 0; i < ch->n; i++) {
		const hy_change *c = &ch->items[i];
		char *p = hy_json_string(c->path), *b = hy_json_string(c->before);
		char *a = hy_json_string(c->after), *t = hy_json_string(hy_change_timing(c));
		fprintf(o, "%s\n  {\"path\": %s, \"kind\": \"%s\", \"before\": %s, \"after\": %s, "
			   "\"important\": %s, \"timing\": %s}",
			i ? "," : "", p, kind_name(c->kind), b, a, c->important ? "true" : "false", t);
		free(p);
		free(b);
		free(a);
		free(t);
	}
	fputs(ch->n ? "\n]\n" : "]\n", o);
}

/* The counts go to stderr so that stdout stays machine-readable. */
static void print_summary(const hy_changes *ch)
{
	size_t important = 0;
	for (size_t i = 0; i < ch->n; i++)
		important += ch->items[i].important;
	if (!ch->n) {
		fprintf(stderr, _("no differences\n"));
		return;
	}
	char *n = hy_printf(P_("%zu change", "%zu changes", ch->n), ch->n);
	char *m = hy_printf(P_("%zu important (※)", "%zu important (※)", important), important);
	fprintf(stderr, _("%s, %s\n"), n, m);
	free(n);
	free(m);
}

/* Appends and saves; returns an exit code. */
static int append_and_save(hy_doc *doc, const char *path, const hy_changes *ch, const char *date)
{
	size_t added = 0;
	char *err = NULL;
	if (!hy_diff_append(doc, ch, date, &added, &err)) {
		fprintf(stderr, "hyoka diff: %s\n", err);
		free(err);
		return HY_EXIT_INPUT;
	}
	if (added && hy_doc_save(doc, path, false, &err) != HY_SAVE_OK) {
		fprintf(stderr, "hyoka diff: %s\n", err);
		free(err);
		return HY_EXIT_WRITE;
	}
	fprintf(stderr, P_("%zu row appended to the 変更箇所 table of %s",
			   "%zu rows appended to the 変更箇所 table of %s", added),
		added, path);
	if (ch->n > added)
		fprintf(stderr, P_(" (%zu already there)", " (%zu already there)", ch->n - added),
			ch->n - added);
	fputc('\n', stderr);
	if (added)
		fprintf(stderr, _("write 提出時期に係る説明 for each new row; 'hyoka validate %s' "
				  "lists them\n"),
			path);
	return HY_EXIT_OK;
}

static bool check_append_target(const hy_doc *doc, const char *date)
{
	char *err = NULL;
	if (hy_diff_append_check(doc, date, &err))
		return true;
	fprintf(stderr, "hyoka diff: %s\n", err);
	free(err);
	return false;
}

static int run_diff(const diff_args *a, const hy_doc *old_doc, hy_doc *new_doc)
{
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	if (!hy_diff(old_doc, new_doc, &ch, &err)) {
		fprintf(stderr, "hyoka diff: %s\n", err);
		free(err);
		return HY_EXIT_INPUT;
	}
	/* a bad --date or a form without the table is refused before anything is printed */
	if (a->append && !check_append_target(new_doc, a->date)) {
		hy_changes_free(&ch);
		return HY_EXIT_INPUT;
	}
	if (a->json)
		print_changes_json(stdout, &ch);
	else
		print_changes_text(stdout, &ch);
	if (!a->json) {
		fflush(stdout);
		print_summary(&ch);
	}
	int rc = ch.n ? HY_EXIT_PROBLEMS : HY_EXIT_OK;
	if (a->append) {
		int arc = append_and_save(new_doc, a->new_path, &ch, a->date);
		rc = arc != HY_EXIT_OK ? arc : rc;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, _("hyoka diff: cannot write output: %s\n"), strerror(errno));
		rc = HY_EXIT_WRITE;
	}
	hy_changes_free(&ch);
	return rc;
}

int hy_cmd_diff(const hy_global *g, int argc, char **argv)
{
	diff_args a;
	int usage_rc = parse_args(argc, argv, &a);
	if (usage_rc >= 0)
		return usage_rc;
	hy_utf8_locale();
	hy_forms forms;
	if (!hy_cli_load_forms(g, &forms)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	hy_doc *old_doc = load_or_report(&forms, a.old_path);
	hy_doc *new_doc = old_doc ? load_or_report(&forms, a.new_path) : NULL;
	int rc = old_doc && new_doc ? run_diff(&a, old_doc, new_doc) : HY_EXIT_INPUT;
	hy_doc_free(old_doc);
	hy_doc_free(new_doc);
	hy_forms_free(&forms);
	return rc;
}
