/* The text-editing model behind every field editor. */
#include "helpers.h"
#include "hyoka/editbuf.h"

static void c_utf8(void)
{
	setlocale(LC_ALL, "C.UTF-8");
}

TestSuite(editbuf, .init = c_utf8);

static void expect_text(const hy_editbuf *eb, const char *want)
{
	char *t = hy_eb_text(eb);
	cr_expect_str_eq(t, want);
	free(t);
}

Test(editbuf, insert_delete_by_character)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "評価書", false);
	cr_expect_eq(eb.cursor, 3, "cursor at the end");
	hy_eb_left(&eb);
	cr_expect(hy_eb_insert(&eb, 0x6848)); /* 案 */
	expect_text(&eb, "評価案書");
	cr_expect(hy_eb_backspace(&eb));
	expect_text(&eb, "評価書");
	eb.cursor = 0;
	cr_expect(hy_eb_delete(&eb));
	expect_text(&eb, "価書");
	cr_expect(!hy_eb_insert(&eb, '\n'), "one-line fields refuse line breaks");
	cr_expect(!hy_eb_insert(&eb, 0x07), "control characters are refused");
	eb.cursor = 0;
	cr_expect(!hy_eb_backspace(&eb));
	hy_eb_free(&eb);
}

Test(editbuf, paste_normalises_line_ends_and_tabs)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "", true);
	const char *p = "一行目\r\n二行目\tタブ\r三行目";
	hy_eb_insert_text(&eb, p, strlen(p));
	expect_text(&eb, "一行目\n二行目 タブ\n三行目");
	hy_eb_free(&eb);
	hy_eb_init(&eb, "", false);
	hy_eb_insert_text(&eb, "a\nb", 3);
	expect_text(&eb, "a b");
	hy_eb_insert_text(&eb, "\xff", 1);
	expect_text(&eb, "a b\xef\xbf\xbd");
	hy_eb_free(&eb);
}

Test(editbuf, word_moves_follow_scripts)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "国民健康保険の被保険者 abc", false);
	eb.cursor = 0;
	hy_eb_word_right(&eb);
	cr_expect_eq(eb.cursor, 6, "kanji run ends before の");
	hy_eb_word_right(&eb);
	cr_expect_eq(eb.cursor, 7, "hiragana run");
	hy_eb_word_right(&eb);
	cr_expect_eq(eb.cursor, 12, "kanji, then the space");
	hy_eb_word_left(&eb);
	cr_expect_eq(eb.cursor, 7);
	hy_eb_free(&eb);
}

Test(editbuf, layout_by_display_width)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "あいうえおかきくけこ\nabc", true);
	hy_eb_line *lines;
	size_t cl;
	int cc;
	size_t n = hy_eb_layout(&eb, 7, &lines, &cl, &cc);
	cr_assert_eq(n, 5, "3+3+3+1 wide characters, then abc");
	cr_expect_eq(lines[0].end - lines[0].start, 3, "a wide character never straddles column 7");
	cr_expect_eq(cl, 4);
	cr_expect_eq(cc, 3);
	free(lines);
	hy_eb_up(&eb, 7);
	cr_expect_eq(eb.cursor, 10, "up keeps the column as near as it can");
	hy_eb_home(&eb, 7);
	cr_expect_eq(eb.cursor, 9);
	hy_eb_end(&eb, 7);
	cr_expect_eq(eb.cursor, 10);
	hy_eb_free(&eb);
}

/* The edit box wraps with the renderer's 禁則: no line starts with "。". */
Test(editbuf, wrapping_keeps_kinsoku)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "あいうえお。かきく（け）", true);
	hy_eb_line *lines;
	size_t cl;
	int cc;
	size_t n = hy_eb_layout(&eb, 10, &lines, &cl, &cc);
	cr_assert_geq(n, 2);
	for (size_t k = 1; k < n; k++)
		cr_expect(!hy_kinsoku_no_start(eb.cp[lines[k].start]), "line %zu starts with %04X", k,
			  eb.cp[lines[k].start]);
	for (size_t k = 0; k + 1 < n; k++)
		cr_expect(lines[k].end == lines[k].start ||
				  !hy_kinsoku_no_end(eb.cp[lines[k].end - 1]),
			  "line %zu ends with an opening bracket", k);
	cr_expect_eq(lines[0].end, 4, "お moves down with its 。");
	free(lines);
	hy_eb_free(&eb);
}

Test(editbuf, kill_line)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "一行目\n二行目", true);
	eb.cursor = 1;
	hy_eb_kill_line(&eb, 40);
	expect_text(&eb, "一\n二行目");
	hy_eb_kill_line(&eb, 40);
	expect_text(&eb, "一二行目"); /* at the end of a line, the next joins it */
	hy_eb_free(&eb);
}

Test(editbuf, kill_line_on_an_empty_buffer)
{
	hy_editbuf eb;
	hy_eb_init(&eb, NULL, true);
	hy_eb_kill_line(&eb, 10);
	cr_expect_eq(eb.len, 0);
	cr_expect_eq(eb.cursor, 0);
	hy_eb_free(&eb);
}

/* The old whole-text layout, kept as the reference the window must agree with. */
static size_t reference_layout(const hy_editbuf *eb, int width, hy_eb_line *out, size_t *cur_line,
			       int *cur_col)
{
	size_t n = 0, start = 0;
	int w = 0;
	for (size_t i = 0; i <= eb->len; i++) {
		if (i == eb->len) {
			out[n++] = (hy_eb_line){start, i};
			break;
		}
		uint32_t c = eb->cp[i];
		if (c == '\n') {
			out[n++] = (hy_eb_line){start, i};
			start = i + 1;
			w = 0;
			continue;
		}
		int cw = hy_cp_width(c);
		if (w + cw > width && i > start) {
			/* 禁則: back up to two characters so that no line starts with
			 * "、" or ends with "（" */
			size_t b = i;
			while (b > start + 1 && i - b < 2 &&
			       (hy_kinsoku_no_start(eb->cp[b]) || hy_kinsoku_no_end(eb->cp[b - 1])))
				b--;
			out[n++] = (hy_eb_line){start, b};
			start = b;
			w = 0;
			i = b - 1; /* measure the new line from its start */
			continue;
		}
		w += cw;
	}
	size_t line = 0;
	for (size_t k = 0; k < n; k++)
		if (eb->cursor >= out[k].start && eb->cursor <= out[k].end)
			line = k;
	for (size_t k = 0; k + 1 < n; k++)
		if (eb->cursor == out[k].end && out[k + 1].start == eb->cursor)
			line = k + 1;
	int col = 0;
	for (size_t i = out[line].start; i < eb->cursor; i++)
		col += hy_cp_width(eb->cp[i]);
	*cur_line = line;
	*cur_col = col;
	return n;
}

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7FFF;
}

static const uint32_t alphabet[] = {'a', 'b', ' ', '\n', 0x3042 /* あ */, 0x8A55 /* 評 */,
				    0x3001 /* 、 */, 0xFF11 /* １ */, 0x0301 /* combining */,
				    0x3002 /* 。 */, 0xFF08 /* （ */};

static void random_edit(hy_editbuf *eb, uint32_t *state, int width)
{
	uint32_t r = next_random(state) % 20;
	uint32_t c = alphabet[next_random(state) % (sizeof alphabet / sizeof *alphabet)];
	if (r < 9)
		hy_eb_insert(eb, c);
	else if (r < 11)
		hy_eb_backspace(eb);
	else if (r < 12)
		hy_eb_delete(eb);
	else if (r < 13)
		hy_eb_up(eb, width);
	else if (r < 14)
		hy_eb_down(eb, width);
	else if (r < 15)
		eb->cursor = next_random(state) % (eb->len + 1);
	else if (r < 16)
		hy_eb_home(eb, width);
	else if (r < 17)
		hy_eb_end(eb, width);
	else if (r < 18)
		hy_eb_kill_line(eb, width);
	else
		hy_eb_left(eb);
}

static void expect_window_agrees(hy_editbuf *eb, hy_eb_view *view, int width, int rows,
				 size_t old_top_line, bool old_top_valid, unsigned step)
{
	hy_eb_line *all = malloc((eb->len + 2) * sizeof *all);
	size_t cur_line;
	int cur_col;
	size_t n_all = reference_layout(eb, width, all, &cur_line, &cur_col);
	hy_eb_line *lines;
	size_t cur_row;
	int col;
	bool more;
	size_t n = hy_eb_view_layout(eb, view, width, rows, &lines, &cur_row, &col, &more);
	size_t top = n_all;
	for (size_t k = 0; k < n_all; k++)
		if (all[k].start == view->top)
			top = k;
	cr_assert_lt(top, n_all, "step %u: the top (%zu) starts a display line", step, view->top);
	cr_assert(cur_line >= top && cur_line < top + (size_t)rows,
		  "step %u: the cursor's line %zu is in the window from %zu", step, cur_line, top);
	cr_assert_eq(cur_row, cur_line - top, "step %u: cursor row", step);
	cr_assert_eq(col, cur_col, "step %u: cursor column", step);
	size_t want_n = n_all - top < (size_t)rows ? n_all - top : (size_t)rows;
	cr_assert_eq(n, want_n, "step %u: lines shown", step);
	for (size_t r = 0; r < n; r++) {
		cr_assert_eq(lines[r].start, all[top + r].start, "step %u row %zu start", step, r);
		cr_assert_eq(lines[r].end, all[top + r].end, "step %u row %zu end", step, r);
	}
	cr_assert_eq(more, top + n < n_all, "step %u: lines below", step);
	/* it scrolls no more than it must */
	if (old_top_valid && cur_line >= old_top_line && cur_line < old_top_line + (size_t)rows)
		cr_assert_eq(top, old_top_line, "step %u: the window did not need to scroll", step);
	free(lines);
	free(all);
}

Test(editbuf, window_agrees_with_the_whole_layout_through_random_edits)
{
	const int widths[] = {2, 3, 7, 10};
	for (unsigned w = 0; w < sizeof widths / sizeof *widths; w++) {
		uint32_t state = 17 + w;
		hy_editbuf eb;
		hy_eb_init(&eb, "相模原市は、本市国民健康保険事務における\n特定個人情報ファイル", true);
		hy_eb_view view = {0};
		int width = widths[w], rows = 3;
		size_t old_top = 0;
		bool old_valid = false;
		for (unsigned step = 0; step < 3000; step++) {
			expect_window_agrees(&eb, &view, width, rows, old_top, old_valid, step);
			/* where the top line is in the whole layout before the next edit */
			hy_eb_line *all;
			size_t cl;
			int cc;
			size_t n_all = hy_eb_layout(&eb, width, &all, &cl, &cc);
			for (size_t k = 0; k < n_all; k++)
				if (all[k].start == view.top)
					old_top = k;
			free(all);
			size_t len_before = eb.len, at = eb.cursor;
			random_edit(&eb, &state, width);
			/* an edit at or above the top, or within the two characters 禁則
			 * looks at after it, may move lines; only then may it scroll freely */
			old_valid = eb.len == len_before || at > view.top + 3; /* a backspace edits at - 1 */
		}
		hy_eb_free(&eb);
	}
}

Test(editbuf, layout_agrees_with_the_reference)
{
	uint32_t state = 5;
	hy_editbuf eb;
	hy_eb_init(&eb, "", true);
	for (unsigned step = 0; step < 2000; step++) {
		random_edit(&eb, &state, 5);
		hy_eb_line *got, *want = malloc((eb.len + 2) * sizeof *want);
		size_t gl, wl;
		int gc, wc;
		size_t n = hy_eb_layout(&eb, 5, &got, &gl, &gc);
		size_t m = reference_layout(&eb, 5, want, &wl, &wc);
		cr_assert_eq(n, m, "step %u: line count", step);
		for (size_t k = 0; k < n; k++)
			cr_assert(got[k].start == want[k].start && got[k].end == want[k].end,
				  "step %u: line %zu", step, k);
		cr_assert(gl == wl && gc == wc, "step %u: cursor", step);
		free(got);
		free(want);
		/* the UTF-8 copy kept by the edits is the text's encoding */
		char *text = hy_eb_text(&eb), *p = text;
		for (size_t i = 0; i < eb.len; i++) {
			char enc[4];
			size_t k = hy_utf8_encode(eb.cp[i], enc);
			cr_assert(memcmp(p, enc, k) == 0, "step %u: character %zu encoded", step, i);
			p += k;
		}
		cr_assert_eq(*p, '\0', "step %u: nothing after the text", step);
		free(text);
	}
	hy_eb_free(&eb);
}

Test(editbuf, window_keeps_its_place_when_the_width_changes)
{
	hy_editbuf eb;
	hy_eb_init(&eb, "一二三四五六七八九十\n一二三四五六七八九十\n一二三四五六七八九十", true);
	hy_eb_view view = {0};
	hy_eb_line *lines;
	size_t row;
	int col;
	bool more;
	eb.cursor = 25; /* in the third paragraph */
	size_t n = hy_eb_view_layout(&eb, &view, 6, 2, &lines, &row, &col, &more);
	free(lines);
	cr_expect_eq(n, 2);
	cr_expect_eq(view.top, 22, "the window scrolled down to the cursor's line");
	cr_expect_eq(row, 1);
	cr_expect(more);
	n = hy_eb_view_layout(&eb, &view, 20, 2, &lines, &row, &col, &more);
	free(lines);
	cr_expect_eq(view.top, 22, "wider: the top goes back to its paragraph's start");
	cr_expect_eq(row, 0);
	cr_expect_eq(col, 6);
	cr_expect_not(more);
	hy_eb_free(&eb);
}
