/* bench/edit: the editor's costs measured in-process, through the public
 * headers only, on a headless ncurses screen (newterm writing to a temporary
 * file, so the bytes a real terminal would receive are counted too).
 *
 *   edit load  --forms DIR FILE [RUNS]    hy_doc_load (parse + validate) against a
 *                                         bare libyaml event parse of the same bytes
 *                                         (bare_parse(); RUNS 1: one call of each, for
 *                                         callgrind --toggle-collect)
 *   edit start --forms DIR FILE [RUNS]    forms + hy_doc_load + outline + first frame
 *   edit keys  --forms DIR FILE N         N keystrokes typed at the end of the long
 *                                         text field marked HY_BENCH_MARK
 *   edit nav   --forms DIR FILE N TERM    moving about: N outline moves (Down), N pages
 *                                         (PgDn) in the outline and in the fields, each
 *                                         with its redraw and the bytes it writes; the
 *                                         search for TERM (`/`, through the editor's own
 *                                         prompt and result list) and N `n` (next problem)
 *
 * The frames are drawn by the editor's own code through its benchmark hooks
 * (hy_tui_show, hy_tui_draw in tui.h; hy_field_editor_* in widgets.h).
 *
 * keys: each keystroke is what the editor does for one typed character:
 * hy_field_editor_key (insert, then hy_eb_text + hy_set_text, which
 * re-validates with hy_validate_edit) and hy_field_editor_draw (the box only:
 * the screen behind it is drawn once).  bench_keystroke() is not inlined, so
 *   valgrind --tool=callgrind --toggle-collect=bench_keystroke
 * counts exactly the instructions of the N keystrokes.  Under callgrind the
 * program starts instrumentation only for the keystrokes (run callgrind with
 * --instr-atstart=no), so the load is not slowed down. */
#include "hyoka/cli.h"
#include "hyoka/doc.h"
#include "hyoka/editbuf.h"
#include "hyoka/form.h"
#include "hyoka/outline.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"
#include "hyoka/tui.h"
#include "hyoka/tui_parts.h"
#include "hyoka/keys.h"
#include "hyoka/widgets.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <wchar.h>
#include <yaml.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "bench.h"

#define _(s) (s)

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* CPU time of this process: on a busy machine, a better estimate of the wall
 * time on an idle one (single-threaded and CPU-bound). */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the headless screen ---- */

static FILE *screen_out;

static void screen_start(void)
{
	setenv("COLUMNS", "80", 1);
	setenv("LINES", "24", 1);
	screen_out = tmpfile();
	FILE *in = fopen("/dev/null", "r");
	const char *term = getenv("TERM");
	if (!screen_out || !in || !newterm(term && *term ? term : "xterm", screen_out, in)) {
		fprintf(stderr, "edit: cannot start the screen\n");
		exit(2);
	}
	/* as start_curses() in src/tui.c */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
}

/* Bytes written to the terminal so far. */
static long screen_bytes(void)
{
	fflush(screen_out);
	struct stat st;
	return fstat(fileno(screen_out), &st) == 0 ? (long)st.st_size : -1;
}

/* ---- common ---- */

/* As the commands and the editor do: only the form the document names on
 * its first line (DIR/ID.yaml), else every form of the directory. */
static void load_forms(const char *dir, const char *path, hy_forms *forms)
{
	hy_global g = {.forms_dir = dir, .argv0 = "edit"};
	const char *paths[] = {path};
	if (!hy_cli_load_forms_for(&g, forms, paths, 1) || !forms->n) {
		fprintf(stderr, "edit: no forms in %s\n", dir);
		exit(2);
	}
}

static hy_doc *load_doc(const hy_forms *forms, const char *path)
{
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(forms, path, &d);
	if (!doc) {
		hy_diags_print(&d, path, stderr);
		exit(2);
	}
	hy_diags_free(&d);
	return doc;
}

static hy_value *find_marked(hy_value *v)
{
	if (!v)
		return NULL;
	if (v->f->type == HY_LONGTEXT && v->s && hy_starts_with(v->s, HY_BENCH_MARK))
		return v;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++) {
			hy_value *m = find_marked(v->kids[i]);
			if (m)
				return m;
		}
	for (size_t i = 0; i < v->n_inst; i++) {
		hy_value *m = find_marked(v->inst[i]);
		if (m)
			return m;
	}
	return NULL;
}

/* ---- load: hy_doc_load against a bare parse ---- */

/* Not inlined: callgrind counts it with --toggle-collect=bare_parse. */
__attribute__((noinline)) long bare_parse(const char *path)
{
	size_t len;
	char *err = NULL;
	char *text = hy_read_file(path, HY_DOC_MAX_SIZE, &len, &err);
	if (!text) {
		fprintf(stderr, "edit: %s\n", err);
		exit(2);
	}
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	long events = 0;
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			exit(2);
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		events++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	free(text);
	return events;
}

static int cmd_load(const char *forms_dir, const char *path, int runs)
{
	hy_forms forms;
	double t0 = now_ms();
	load_forms(forms_dir, path, &forms);
	double forms_ms = now_ms() - t0;
	double *parse = hy_calloc((size_t)runs, sizeof *parse);
	double *load = hy_calloc((size_t)runs, sizeof *load);
	double *valid = hy_calloc((size_t)runs, sizeof *valid);
	if (runs > 1)
		bare_parse(path); /* warm the page cache */
	for (int r = 0; r < runs; r++) {
		t0 = now_ms();
		bare_parse(path);
		parse[r] = now_ms() - t0;
		t0 = now_ms();
		hy_doc *doc = load_doc(&forms, path);
		load[r] = now_ms() - t0;
		t0 = now_ms();
		hy_validate_all(doc);
		valid[r] = now_ms() - t0;
		hy_doc_free(doc);
	}
	double mp = median(parse, (size_t)runs), ml = median(load, (size_t)runs);
	printf("parse_ms=%.2f load_ms=%.2f validate_ms=%.2f ratio=%.2f forms_ms=%.2f\n", mp, ml,
	       median(valid, (size_t)runs), ml / mp, forms_ms);
	hy_forms_free(&forms);
	free(parse);
	free(load);
	free(valid);
	return 0;
}

/* ---- start: to the first full frame ---- */

static int cmd_start(const char *forms_dir, const char *path, int runs)
{
	screen_start();
	double *total = hy_calloc((size_t)runs, sizeof *total);
	double *forms_t = hy_calloc((size_t)runs, sizeof *forms_t);
	double *load_t = hy_calloc((size_t)runs, sizeof *load_t);
	double *outline_t = hy_calloc((size_t)runs, sizeof *outline_t);
	double *frame_t = hy_calloc((size_t)runs, sizeof *frame_t);
	double *cpu_t = hy_calloc((size_t)runs, sizeof *cpu_t);
	long frame_bytes = 0;
	for (int r = 0; r < runs; r++) {
		hy_tui t;
		memset(&t, 0, sizeof t);
		double c0 = cpu_ms();
		double t0 = now_ms();
		load_forms(forms_dir, path, &t.forms);
		double t1 = now_ms();
		t.doc = load_doc(&t.forms, path);
		t.path = hy_strdup(path);
		double t2 = now_ms();
		hy_tui_show(&t, NULL);
		double t3 = now_ms();
		double c1 = cpu_ms();
		/* each run paints a whole screen, as the first frame does */
		erase();
		refresh();
		clearok(curscr, TRUE);
		long b0 = screen_bytes();
		double c2 = cpu_ms();
		double t4 = now_ms();
		hy_tui_draw(&t);
		double t5 = now_ms();
		cpu_t[r] = (c1 - c0) + (cpu_ms() - c2);
		frame_bytes = screen_bytes() - b0;
		forms_t[r] = t1 - t0;
		load_t[r] = t2 - t1;
		outline_t[r] = t3 - t2;
		frame_t[r] = t5 - t4;
		total[r] = (t3 - t0) + (t5 - t4);
		hy_tui_release_view(&t);
		hy_doc_free(t.doc);
		hy_forms_free(&t.forms);
		free(t.path);
	}
	endwin();
	printf("start_ms=%.2f forms_ms=%.2f load_ms=%.2f outline_ms=%.2f frame_ms=%.2f "
	       "frame_bytes=%ld cpu_ms=%.2f\n",
	       median(total, (size_t)runs), median(forms_t, (size_t)runs),
	       median(load_t, (size_t)runs), median(outline_t, (size_t)runs),
	       median(frame_t, (size_t)runs), frame_bytes, median(cpu_t, (size_t)runs));
	free(cpu_t);
	return 0;
}

/* ---- keys: typing into the long field ---- */

static const char *const typed =
	"委託先に対し特定個人情報の適正な取扱いを求め定期的に報告を受ける";

/* One keystroke through the editor's own code: the key (edit, re-validate)
 * and the redraw of the box.  Not inlined: the callgrind toggle. */
__attribute__((noinline)) void bench_keystroke(hy_field_editor *e, uint32_t c)
{
	hy_key k = {HY_KEY_CHAR, c};
	hy_field_editor_key(e, k);
	hy_field_editor_draw(e);
}

static int cmd_keys(const char *forms_dir, const char *path, int n)
{
	hy_tui t;
	memset(&t, 0, sizeof t);
	load_forms(forms_dir, path, &t.forms);
	t.doc = load_doc(&t.forms, path);
	t.path = hy_strdup(path);
	hy_value *v = find_marked(t.doc->root);
	if (!v) {
		fprintf(stderr, "edit: no field starts with %s in %s\n", HY_BENCH_MARK, path);
		return 2;
	}
	screen_start();
	/* the state after searching for the marker and pressing Enter on it */
	hy_tui_show(&t, v);
	hy_tui_draw(&t);
	hy_field_editor *e = hy_field_editor_open(&t.ui, t.doc, v);
	hy_field_editor_draw(e);
	size_t chars = hy_utf8_chars(v->s ? v->s : "");

	uint32_t *cps = hy_calloc(strlen(typed) + 1, sizeof *cps);
	size_t ncp = 0;
	for (size_t i = 0; typed[i];) {
		i += hy_utf8_decode(typed + i, strlen(typed + i), &cps[ncp]);
		ncp++;
	}
	double *ms = hy_calloc((size_t)n + 1, sizeof *ms);
	double *cpu = hy_calloc((size_t)n + 1, sizeof *cpu);
	long b0 = screen_bytes();
	double start = now_ms();
	CALLGRIND_START_INSTRUMENTATION;
	for (int k = 0; k < n; k++) {
		double c0 = cpu_ms();
		double t0 = now_ms();
		bench_keystroke(e, cps[(size_t)k % ncp]);
		ms[k] = now_ms() - t0;
		cpu[k] = cpu_ms() - c0;
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	double total = now_ms() - start;
	long bytes = screen_bytes() - b0;
	/* the cost of the parts, separately (timed, not under callgrind) */
	int parts = n < 200 ? n : 200;
	double *p_val = hy_calloc((size_t)parts + 1, sizeof *p_val);
	double *p_draw = hy_calloc((size_t)parts + 1, sizeof *p_draw);
	double *p_bg = hy_calloc((size_t)parts + 1, sizeof *p_bg);
	for (int k = 0; k < parts; k++) {
		double t0 = now_ms();
		hy_key key = {HY_KEY_CHAR, cps[(size_t)k % ncp]};
		hy_field_editor_key(e, key);
		double t1 = now_ms();
		hy_field_editor_draw(e);
		double t2 = now_ms();
		hy_tui_draw(&t); /* what a full repaint would cost, for comparison */
		double t3 = now_ms();
		p_val[k] = t1 - t0;
		p_draw[k] = t2 - t1;
		p_bg[k] = t3 - t2;
	}
	endwin();
	printf("keys=%d field_chars=%zu key_ms=%.4f mean_ms=%.4f edit_validate_ms=%.4f "
	       "draw_ms=%.4f background_ms=%.4f bytes_per_key=%.0f cpu_ms=%.4f\n",
	       n, chars, n ? median(ms, (size_t)n) : 0.0, n ? total / n : 0.0,
	       parts ? median(p_val, (size_t)parts) : 0.0, parts ? median(p_draw, (size_t)parts) : 0.0,
	       parts ? median(p_bg, (size_t)parts) : 0.0, n ? (double)bytes / n : 0.0,
	       n ? median(cpu, (size_t)n) : 0.0);
	free(ms);
	free(cpu);
	free(p_val);
	free(p_draw);
	free(p_bg);
	free(cps);
	hy_field_editor_close(e, true);
	hy_tui_release_view(&t);
	hy_doc_free(t.doc);
	hy_forms_free(&t.forms);
	free(t.path);
	return 0;
}

/* ---- nav: moving about the document ---- */

typedef struct {
	double *ms;
	long bytes;
	int n;
} nav_steps;

/* Runs step() then the main screen's redraw, n times: the median time and
 * the bytes per step. */
static nav_steps nav_time(hy_tui *t, int n, void (*step)(hy_tui *t))
{
	nav_steps r = {hy_calloc((size_t)n + 1, sizeof *r.ms), 0, n};
	long b0 = screen_bytes();
	for (int k = 0; k < n; k++) {
		double t0 = now_ms();
		step(t);
		hy_tui_draw(t);
		r.ms[k] = now_ms() - t0;
	}
	r.bytes = screen_bytes() - b0;
	return r;
}

static double nav_median(nav_steps *r)
{
	double m = r->n ? median(r->ms, (size_t)r->n) : 0.0;
	free(r->ms);
	return m;
}

static double per_step(const nav_steps *r)
{
	return r->n ? (double)r->bytes / r->n : 0.0;
}

/* As the editor's keys do (handle_outline_key, handle_fields_key in tui.c):
 * the outline wraps to its first entry at the end, so that every run moves. */
static void outline_down(hy_tui *t)
{
	t->focus_fields = false;
	tui_select_entry(t, t->ol_sel + 1 < t->outline.n ? t->ol_sel + 1 : 0);
}

static void outline_page(hy_tui *t)
{
	t->focus_fields = false;
	size_t to = t->ol_sel + HY_PAGE_STEP;
	tui_select_entry(t, to < t->outline.n ? to : 0);
}

static void fields_page(hy_tui *t)
{
	t->focus_fields = true;
	size_t e = t->ol_sel;
	for (int i = 0; i < HY_PAGE_STEP && t->ol_sel == e; i++)
		tui_row_step(t, 1);
}

static void next_problem(hy_tui *t)
{
	tui_next_problem(t, 1);
}

/* The search as typed: `/`, the term, Enter, then Esc on the result list.
 * Returns its time; *found: whether the list came up. */
static double search_once(hy_tui *t, const char *term, bool *found)
{
	char *script = hy_printf("type %s\nkey Enter\nkey Esc\n", term);
	FILE *f = fmemopen(script, strlen(script), "r");
	if (!f) {
		fprintf(stderr, "edit: fmemopen failed\n");
		exit(2);
	}
	t->ui.script = f;
	t->ui.q_len = t->ui.q_pos = 0;
	free(t->message);
	t->message = NULL;
	double t0 = now_ms();
	tui_search(t);
	hy_tui_draw(t);
	double ms = now_ms() - t0;
	/* "not found" is the only message the search leaves when the list is closed */
	*found = t->message == NULL;
	t->ui.script = NULL;
	fclose(f);
	free(script);
	return ms;
}

static int cmd_nav(const char *forms_dir, const char *path, int n, const char *term)
{
	hy_tui t;
	memset(&t, 0, sizeof t);
	load_forms(forms_dir, path, &t.forms);
	t.doc = load_doc(&t.forms, path);
	t.path = hy_strdup(path);
	screen_start();
	hy_tui_show(&t, NULL);
	hy_tui_draw(&t);
	size_t entries = t.outline.n;

	nav_steps down = nav_time(&t, n, outline_down);
	tui_select_entry(&t, 0);
	hy_tui_draw(&t);
	nav_steps page = nav_time(&t, n, outline_page);
	tui_select_entry(&t, 0);
	hy_tui_draw(&t);
	nav_steps fpage = nav_time(&t, n, fields_page);

	int searches = n < 5 ? n : 5;
	double *sms = hy_calloc((size_t)searches + 1, sizeof *sms);
	bool found = true;
	for (int k = 0; k < searches; k++) {
		bool f;
		tui_select_entry(&t, 0);
		sms[k] = search_once(&t, term, &f);
		found = found && f;
	}
	if (!found)
		fprintf(stderr, "edit: the search for %s found nothing\n", term);

	tui_select_entry(&t, 0);
	t.focus_fields = false;
	hy_tui_draw(&t);
	nav_steps next = nav_time(&t, n, next_problem);
	double next_max = 0;
	for (int k = 0; k < n; k++)
		if (next.ms[k] > next_max)
			next_max = next.ms[k];
	bool problems = t.focus_fields; /* n found a field with a problem */
	endwin();
	printf("entries=%zu down_ms=%.4f down_bytes=%.0f page_ms=%.4f page_bytes=%.0f "
	       "fpage_ms=%.4f fpage_bytes=%.0f search_ms=%.3f next_ms=%.3f next_max_ms=%.3f "
	       "search_found=%d next_found=%d\n",
	       entries, nav_median(&down), per_step(&down), nav_median(&page), per_step(&page),
	       nav_median(&fpage), per_step(&fpage), searches ? median(sms, (size_t)searches) : 0.0,
	       nav_median(&next), next_max, found, problems);
	free(sms);
	hy_tui_release_view(&t);
	hy_doc_free(t.doc);
	hy_forms_free(&t.forms);
	free(t.path);
	free(t.message);
	free(t.search);
	return 0;
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	hy_utf8_locale();
	if (argc < 5 || strcmp(argv[2], "--forms") != 0) {
		fprintf(stderr, "usage: edit load|start --forms DIR FILE [RUNS]\n"
				"       edit keys --forms DIR FILE N\n"
				"       edit nav --forms DIR FILE N TERM\n");
		return 2;
	}
	const char *mode = argv[1], *forms = argv[3], *file = argv[4];
	int num = argc > 5 ? atoi(argv[5]) : 5;
	if (strcmp(mode, "load") == 0)
		return cmd_load(forms, file, num > 0 ? num : 5);
	if (strcmp(mode, "start") == 0)
		return cmd_start(forms, file, num > 0 ? num : 5);
	if (strcmp(mode, "keys") == 0)
		return cmd_keys(forms, file, num >= 0 ? num : 0);
	if (strcmp(mode, "nav") == 0)
		return cmd_nav(forms, file, num > 0 ? num : 1, argc > 6 ? argv[6] : HY_BENCH_MARK);
	fprintf(stderr, "edit: unknown mode %s\n", mode);
	return 2;
}
