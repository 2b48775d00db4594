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
 *
 * The editor draws its frames with static functions of src/tui.c and
 * src/widgets.c (draw_main, draw_editor).  Until the editor exports a
 * frame-drawing hook, frame_main() and frame_editor() below mirror them call
 * for call (same public functions, same order, same refresh() calls); run.sh
 * checks the figures against the real binary.  Keep them in step with src/.
 *
 * keys: each keystroke is what the editor does for one typed character:
 * hy_eb_insert; apply (hy_eb_text + hy_set_text, which re-validates with
 * hy_validate_edit); then draw_editor (the main screen as background, with
 * its own refresh, then the editor box, the layout of the whole text and a
 * second refresh).  bench_keystroke() is not inlined, so
 *   valgrind --tool=callgrind --toggle-collect=bench_keystroke
 * counts exactly the instructions of the N keystrokes.  Under callgrind the
 * program starts instrumentation only for the keystrokes (run callgrind with
 * --instr-atstart=no), so the load is not slowed down. */
#include "hyoka/doc.h"
#include "hyoka/editbuf.h"
#include "hyoka/form.h"
#include "hyoka/outline.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"
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

/* ---- mirror of draw_main (src/tui.c) ---- */

static int outline_width(void)
{
	int w = COLS * 3 / 8;
	return w > 44 ? 44 : w;
}

static void draw_title(hy_tui *t)
{
	hy_fill(0, 0, COLS, hy_attr_title(t));
	const hy_form *f = t->doc->form;
	const hy_value *name = f->name_field ? hy_value_resolve(t->doc, t->doc->root, f->name_field)
					     : NULL;
	const char *state = t->read_only ? _("read-only")
			    : t->doc->modified ? _("modified") : _("saved");
	char *title = hy_printf(" hyoka │ %s │ %s │ %s │ %s",
				name && name->s ? name->s : _("(untitled)"), t->doc->form->title,
				t->path ? t->path : _("(no file)"), state);
	hy_draw(0, 0, COLS, title, hy_attr_title(t));
	free(title);
}

static const char *status_mark(const hy_tui *t, const hy_status *st)
{
	if (st->errors)
		return "!";
	if (st->required_filled < st->required)
		return "-";
	if (st->warnings)
		return "?";
	return t->ascii ? "+" : "✓";
}

static void draw_outline(hy_tui *t, int top, int height, int width)
{
	hy_outline *o = &t->outline;
	if (t->ol_sel < t->ol_top)
		t->ol_top = t->ol_sel;
	if (t->ol_sel >= t->ol_top + (size_t)height)
		t->ol_top = t->ol_sel - (size_t)height + 1;
	for (int r = 0; r < height; r++) {
		size_t i = t->ol_top + (size_t)r;
		hy_fill(top + r, 0, width, A_NORMAL);
		if (i >= o->n)
			continue;
		const hy_ol_entry *e = &o->items[i];
		hy_status st = hy_value_status(t->doc, e->v);
		bool applies = hy_value_applies(t->doc, e->v);
		char *title = hy_ol_title(e);
		char *line = hy_printf("%*s%s %s", e->depth, "", status_mark(t, &st), title);
		int attr = i == t->ol_sel ? (t->focus_fields ? (int)A_BOLD : hy_attr_select(t))
					  : !applies ? hy_attr_dim(t) : (int)A_NORMAL;
		if (i == t->ol_sel)
			hy_fill(top + r, 0, width, attr);
		hy_draw(top + r, 0, width, line, attr);
		if (st.errors && i != t->ol_sel)
			hy_draw(top + r, e->depth, 1, "!", hy_attr_error(t));
		free(line);
		free(title);
	}
}

static int row_height(const hy_row *r)
{
	return r->kind == HY_ROW_FIELD ? 2 : 1;
}

static char *row_label(const hy_row *r)
{
	const char *label = *r->f->label ? r->f->label : r->f->id;
	if (r->kind == HY_ROW_LINK && r->v && r->v->is_instance)
		return hy_instance_title(r->v);
	if (r->kind == HY_ROW_LINK && r->v) {
		hy_ol_entry e = {.kind = r->v->f->type == HY_SECTION || r->v->f->type == HY_PART
						 ? HY_OL_SECTION : HY_OL_REPEAT,
				 .v = r->v};
		char *t = hy_ol_title(&e);
		char *s = e.kind == HY_OL_REPEAT ? hy_printf("%s (%zu)", t, r->v->n_inst) : hy_strdup(t);
		free(t);
		return s;
	}
	return hy_strdup(label);
}

static char *row_preview(hy_tui *t, const hy_row *r)
{
	if (r->kind == HY_ROW_FIXED) {
		if (r->f->type == HY_REF && r->f->ref_target) {
			const hy_value *v = hy_value_resolve(t->doc, r->scope, r->f->ref_target);
			return v ? hy_value_preview(v) : hy_strdup("");
		}
		return hy_strdup(r->f->text ? r->f->text : "");
	}
	if (r->kind != HY_ROW_FIELD)
		return hy_strdup("");
	if (r->v->f->type == HY_FLAG)
		return hy_strdup(r->v->flag == 1 ? (t->ascii ? "[x]" : "[○]")
						 : (t->ascii ? "[ ]" : "[  ]"));
	if (hy_value_is_empty(r->v))
		return hy_strdup(_("(empty)"));
	return hy_value_preview(r->v);
}

static void draw_row(hy_tui *t, const hy_row *r, int y, int x, int width, bool selected)
{
	int indent = r->depth * 2;
	char *label = row_label(r);
	bool applies = r->kind != HY_ROW_FIELD || hy_value_applies(t->doc, r->v);
	int attr = !applies ? hy_attr_dim(t) : (int)A_NORMAL;
	if (r->kind == HY_ROW_HEADING)
		attr = A_BOLD;
	if (selected) {
		attr = t->focus_fields ? hy_attr_select(t) : (int)A_BOLD;
		hy_fill(y, x, width, attr);
	}
	const char *mark = "  ";
	if (r->kind == HY_ROW_FIELD && r->v->n_issues)
		mark = r->v->issues[0].severity == HY_ERROR ? "! " : "? ";
	else if (r->kind == HY_ROW_LINK)
		mark = t->ascii ? "> " : "▸ ";
	char *line = hy_printf("%*s%s%s", indent, "", mark, label);
	hy_draw(y, x, width, line, attr);
	if (r->kind == HY_ROW_FIELD && r->v->n_issues && !selected)
		hy_draw(y, x + indent, 1, mark,
			r->v->issues[0].severity == HY_ERROR ? hy_attr_error(t) : hy_attr_warning(t));
	free(line);
	free(label);
	if (r->kind == HY_ROW_FIXED) {
		char *p = row_preview(t, r);
		int used = hy_str_width(r->f->label) + indent + 2;
		if (*p && used + 2 < width)
			hy_draw(y, x + used + 1, width - used - 1, p, hy_attr_dim(t));
		free(p);
	}
	if (row_height(r) == 2) {
		char *p = row_preview(t, r);
		hy_fill(y + 1, x, width, A_NORMAL);
		hy_draw(y + 1, x + indent + 4, width - indent - 4, p,
			!applies || hy_value_is_empty(r->v) ? hy_attr_dim(t) : (int)A_NORMAL);
		free(p);
	}
}

static void draw_fields(hy_tui *t, int top, int height, int x, int width)
{
	for (int r = 0; r < height; r++)
		hy_fill(top + r, x, width, A_NORMAL);
	if (!t->rows.n) {
		hy_draw(top, x + 1, width - 1, _("(no fields here: + adds an entry)"), hy_attr_dim(t));
		return;
	}
	if (t->row_sel < t->row_top)
		t->row_top = t->row_sel;
	for (;;) {
		int h = 0;
		for (size_t i = t->row_top; i <= t->row_sel && i < t->rows.n; i++)
			h += row_height(&t->rows.items[i]);
		if (h <= height || t->row_top >= t->row_sel)
			break;
		t->row_top++;
	}
	int y = top;
	for (size_t i = t->row_top; i < t->rows.n && y < top + height; i++) {
		const hy_row *r = &t->rows.items[i];
		if (y + row_height(r) > top + height)
			break;
		draw_row(t, r, y, x + 1, width - 1, i == t->row_sel);
		y += row_height(r);
	}
}

static void draw_status(hy_tui *t)
{
	int y = LINES - 2;
	hy_fill(y, 0, COLS, A_NORMAL);
	const hy_row *r = t->focus_fields && t->rows.n ? &t->rows.items[t->row_sel] : NULL;
	if (t->message) {
		hy_draw(y, 0, COLS, t->message, A_BOLD);
	} else if (r && r->kind == HY_ROW_FIELD && r->v->n_issues) {
		const hy_issue *is = &r->v->issues[0];
		hy_draw(y, 0, COLS, is->message,
			is->severity == HY_ERROR ? hy_attr_error(t) : hy_attr_warning(t));
	} else if (r && r->f->help) {
		hy_draw(y, 0, COLS, r->f->help, hy_attr_dim(t));
	}
	hy_fill(LINES - 1, 0, COLS, hy_attr_title(t));
	const char *keys = t->focus_fields
		? _("Enter:edit  Tab:outline  n/N:problem  /:find  +/-:entry  ^S:save  ^Q:quit  ?:help")
		: _("Enter:open  j/k:move  Tab:fields  n/N:problem  /:find  ^S:save  ^Q:quit  ?:help");
	hy_draw(LINES - 1, 0, COLS, keys, hy_attr_title(t));
}

static void frame_main(hy_tui *t)
{
	erase();
	int ow = outline_width();
	int top = 1, height = LINES - 3;
	draw_title(t);
	draw_outline(t, top, height, ow);
	for (int y = top; y < top + height; y++)
		mvaddch(y, ow, ACS_VLINE);
	draw_fields(t, top, height, ow + 1, COLS - ow - 1);
	draw_status(t);
	refresh();
}

/* rebuild() of src/tui.c */
static void rebuild(hy_tui *t)
{
	hy_outline_free(&t->outline);
	hy_outline_build(t->doc, &t->outline);
	if (t->ol_sel >= t->outline.n)
		t->ol_sel = 0;
	hy_rows_free(&t->rows);
	hy_page_rows(t->doc, &t->outline.items[t->ol_sel], &t->rows);
	if (t->row_sel >= t->rows.n)
		t->row_sel = t->rows.n ? t->rows.n - 1 : 0;
}

/* ---- mirror of draw_editor (src/widgets.c) ---- */

typedef struct {
	hy_tui *t;
	hy_value *v;
	hy_editbuf eb;
	int top;
} field_editor;

static void frame_editor(field_editor *e)
{
	hy_tui *t = e->t;
	frame_main(t); /* background(t) */
	bool multi = e->eb.multiline;
	int h = multi ? LINES - 4 : 8;
	int y = multi ? 2 : LINES - 2 - h;
	int w = COLS;
	hy_box(y, 0, h, w, e->v->f->label, t->ascii);
	int inner = w - 4;
	const char *help = e->v->f->help ? e->v->f->help : "";
	hy_draw(y + 1, 2, inner, help, hy_attr_dim(t));
	int area_top = y + 2, area_h = h - 5;
	hy_eb_line *lines;
	size_t cur_line;
	int cur_col;
	size_t n = hy_eb_layout(&e->eb, inner, &lines, &cur_line, &cur_col);
	if ((int)cur_line < e->top)
		e->top = (int)cur_line;
	if ((int)cur_line >= e->top + area_h)
		e->top = (int)cur_line - area_h + 1;
	for (int r = 0; r < area_h; r++) {
		size_t li = (size_t)(e->top + r);
		hy_fill(area_top + r, 2, inner, A_UNDERLINE);
		if (li >= n)
			continue;
		move(area_top + r, 2);
		attrset(A_UNDERLINE);
		for (size_t i = lines[li].start; i < lines[li].end; i++) {
			wchar_t wc = (wchar_t)e->eb.cp[i];
			addnwstr(&wc, 1);
		}
		attrset(A_NORMAL);
	}
	if (e->top > 0)
		hy_draw(area_top, w - 2, 1, "^", A_BOLD);
	if ((size_t)(e->top + area_h) < n)
		hy_draw(area_top + area_h - 1, w - 2, 1, "v", A_BOLD);
	free(lines);
	if (e->v->n_issues)
		hy_draw(y + h - 3, 2, inner, e->v->issues[0].message, hy_attr_error(t));
	else
		hy_draw(y + h - 3, 2, inner, _("OK"), hy_attr_dim(t));
	hy_draw(y + h - 2, 2, inner,
		_("Enter: new line  Ctrl-D/F2: done  Esc: cancel  Ctrl-K: cut line"), hy_attr_dim(t));
	move(area_top + (int)cur_line - e->top, 2 + cur_col);
	curs_set(1);
	refresh();
}

/* ---- common ---- */

static void load_forms(const char *dir, hy_forms *forms)
{
	memset(forms, 0, sizeof *forms);
	hy_forms_load_dir(forms, dir, stderr);
	if (!forms->n) {
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
	load_forms(forms_dir, &forms);
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
		load_forms(forms_dir, &t.forms);
		double t1 = now_ms();
		t.doc = load_doc(&t.forms, path);
		t.path = hy_strdup(path);
		double t2 = now_ms();
		rebuild(&t);
		double t3 = now_ms();
		double c1 = cpu_ms();
		/* each run paints a whole screen, as the first frame does */
		erase();
		refresh();
		clearok(curscr, TRUE);
		long b0 = screen_bytes();
		double c2 = cpu_ms();
		double t4 = now_ms();
		frame_main(&t);
		double t5 = now_ms();
		cpu_t[r] = (c1 - c0) + (cpu_ms() - c2);
		frame_bytes = screen_bytes() - b0;
		forms_t[r] = t1 - t0;
		load_t[r] = t2 - t1;
		outline_t[r] = t3 - t2;
		frame_t[r] = t5 - t4;
		total[r] = (t3 - t0) + (t5 - t4);
		hy_outline_free(&t.outline);
		hy_rows_free(&t.rows);
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

/* One keystroke: editor_key() + apply() + draw_editor().  Not inlined: the
 * callgrind toggle. */
__attribute__((noinline)) void bench_keystroke(field_editor *e, uint32_t c)
{
	hy_eb_insert(&e->eb, c);
	char *text = hy_eb_text(&e->eb);
	hy_set_text(e->t->doc, e->v, text);
	free(text);
	frame_editor(e);
}

static int cmd_keys(const char *forms_dir, const char *path, int n)
{
	hy_tui t;
	memset(&t, 0, sizeof t);
	load_forms(forms_dir, &t.forms);
	t.doc = load_doc(&t.forms, path);
	t.path = hy_strdup(path);
	hy_value *v = find_marked(t.doc->root);
	if (!v) {
		fprintf(stderr, "edit: no field starts with %s in %s\n", HY_BENCH_MARK, path);
		return 2;
	}
	screen_start();
	/* the state after searching for the marker and pressing Enter on it */
	hy_outline_build(t.doc, &t.outline);
	t.ol_sel = hy_outline_find(&t.outline, v);
	hy_page_rows(t.doc, &t.outline.items[t.ol_sel], &t.rows);
	for (size_t i = 0; i < t.rows.n; i++)
		if (t.rows.items[i].v == v)
			t.row_sel = i;
	t.focus_fields = true;
	frame_main(&t);
	field_editor e = {.t = &t, .v = v};
	hy_eb_init(&e.eb, v->s, true);
	frame_editor(&e);
	size_t chars = e.eb.len;

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
		bench_keystroke(&e, cps[(size_t)k % ncp]);
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
		hy_eb_insert(&e.eb, cps[(size_t)k % ncp]);
		char *text = hy_eb_text(&e.eb);
		hy_set_text(t.doc, v, text);
		free(text);
		double t1 = now_ms();
		frame_editor(&e);
		double t2 = now_ms();
		frame_main(&t);
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
	hy_eb_free(&e.eb);
	hy_outline_free(&t.outline);
	hy_rows_free(&t.rows);
	hy_doc_free(t.doc);
	hy_forms_free(&t.forms);
	free(t.path);
	return 0;
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	hy_utf8_locale();
	if (argc < 5 || strcmp(argv[2], "--forms") != 0) {
		fprintf(stderr, "usage: edit load|start --forms DIR FILE [RUNS]\n"
				"       edit keys --forms DIR FILE N\n");
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
	fprintf(stderr, "edit: unknown mode %s\n", mode);
	return 2;
}
