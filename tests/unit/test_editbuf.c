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
