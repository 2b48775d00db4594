/* A text-editing model for one field: characters, a cursor, edits, and a
 * layout into display lines by width.  No terminal code: the editor's widgets
 * draw it, the tests and the fuzzer drive it directly. */
#ifndef HYOKA_EDITBUF_H
#define HYOKA_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Edit the text only through these functions (the cursor may be set freely). */
typedef struct {
	uint32_t *cp;     /* code points; '\n' separates paragraphs */
	size_t len, cap;
	size_t cursor;    /* index in cp, 0..len */
	bool multiline;
	size_t changed_from; /* lowest index edited since the last view layout */
	/* the same text in UTF-8, kept up to date by every edit, and the byte
	 * offset of one character (the last edit's) to find others from */
	char *u8;
	size_t u8_len, u8_cap;
	size_t sync_index, sync_byte;
} hy_editbuf;

typedef struct {
	size_t start, end; /* [start, end) in cp, excluding the '\n' */
} hy_eb_line;

void hy_eb_init(hy_editbuf *eb, const char *utf8, bool multiline);
void hy_eb_free(hy_editbuf *eb);
char *hy_eb_text(const hy_editbuf *eb);

/* Inserts one character; control characters other than '\n' (multi-line
 * only) are refused.  Returns false when refused. */
bool hy_eb_insert(hy_editbuf *eb, uint32_t cp);
/* Inserts pasted text: tabs become spaces, CR LF become '\n', and in a
 * one-line buffer line breaks become spaces.  Invalid UTF-8 becomes U+FFFD. */
void hy_eb_insert_text(hy_editbuf *eb, const char *utf8, size_t n);
bool hy_eb_backspace(hy_editbuf *eb);
bool hy_eb_delete(hy_editbuf *eb);
void hy_eb_left(hy_editbuf *eb);
void hy_eb_right(hy_editbuf *eb);
void hy_eb_word_left(hy_editbuf *eb);
void hy_eb_word_right(hy_editbuf *eb);
/* Home/End of the display line the cursor is on. */
void hy_eb_home(hy_editbuf *eb, int width);
void hy_eb_end(hy_editbuf *eb, int width);
/* Up/down one display line, keeping the display column where possible. */
void hy_eb_up(hy_editbuf *eb, int width);
void hy_eb_down(hy_editbuf *eb, int width);
/* Deletes from the cursor to the end of the display line (Ctrl-K). */
void hy_eb_kill_line(hy_editbuf *eb, int width);

/* Lays the text out in display lines of at most `width` columns (a wide
 * character never straddles the edge).  Returns the number of lines; the
 * cursor's line and column are stored when non-NULL. */
size_t hy_eb_layout(const hy_editbuf *eb, int width, hy_eb_line **lines, size_t *cur_line,
		    int *cur_col);

/* What a window onto the buffer keeps between frames: where its first display
 * line starts.  Zero-initialise; reset it when the buffer is re-initialised. */
typedef struct {
	size_t top;  /* index in cp */
	int width;   /* the width `top` was laid out for */
} hy_eb_view;

/* Lays out the at most `rows` display lines of a window, first scrolling it as
 * little as shows the cursor's line.  Only the lines from the window's top to
 * the cursor are laid out, so a keystroke costs what the window shows, not
 * what the text holds.  *lines is malloc'd; the cursor's row and column in the
 * window are stored; *more_below tells whether lines follow the window. */
size_t hy_eb_view_layout(hy_editbuf *eb, hy_eb_view *view, int width, int rows,
			 hy_eb_line **lines, size_t *cur_row, int *cur_col, bool *more_below);

#endif
