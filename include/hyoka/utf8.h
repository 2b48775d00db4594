/* UTF-8 and display width.  One width function serves the renderer and the
 * terminal, so what is printed and what is drawn line up. */
#ifndef HYOKA_UTF8_H
#define HYOKA_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hyoka/util.h"

/* Decodes one character at s (n bytes available); returns its length (1 for
 * an invalid byte, which decodes as U+FFFD). */
size_t hy_utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t hy_utf8_encode(uint32_t cp, char out[4]);
bool hy_utf8_valid(const char *s, size_t n, size_t *bad_offset);
size_t hy_utf8_chars(const char *s);
/* s with every invalid byte replaced by U+FFFD (malloc'd). */
char *hy_utf8_repair(const char *s);
/* Characters that must never reach a terminal as they are: C0 controls,
 * DEL, C1 controls (U+0080-U+009F, U+0085 among them), the line and paragraph
 * separators U+2028/U+2029 and the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069).  '\n' and '\t' are controls too:
 * callers that keep line breaks or tabs test for them first.  This is the one
 * definition drawing, width, rendering, messages and validation share. */
bool hy_cp_is_control(uint32_t cp);
/* Characters that draw nothing and so hide in text: zero-width spaces and
 * joiners, the word joiner, a byte-order mark (U+FEFF) and the soft hyphen. */
bool hy_cp_is_invisible(uint32_t cp);
/* "U+2028 LINE SEPARATOR": the code and name of a control or invisible
 * character, for messages (malloc'd). */
char *hy_cp_describe(uint32_t cp);
/* The first control or invisible character in s[0..n), or 0 when there is
 * none; newlines (and tabs, when allow_tab) are allowed.  *offset gets its
 * byte offset. */
uint32_t hy_find_unsafe(const char *s, size_t n, bool allow_tab, size_t *offset);
/* Text made safe for a terminal: every control character (newlines kept when
 * keep_newlines, tabs become a space) and every invalid byte becomes U+FFFD,
 * so nothing in a document or a message can drive the terminal. */
char *hy_clean_for_terminal(const char *s, size_t n, bool keep_newlines);
/* The same, appended to b. */
void hy_clean_append(hy_buf *b, const char *s, size_t n, bool keep_newlines);
/* How many bytes at the start of s it leaves as they are. */
size_t hy_clean_span(const char *s, size_t n, bool keep_newlines);
/* How many bytes at the start of s[0..n) are, as whole characters, printable
 * ASCII or three-byte characters that are neither controls, invisible, the
 * byte order mark nor noncharacters (nearly all Japanese text); found
 * sixteen bytes at a time.  It may stop short of the end (the last bytes
 * and anything else are for the caller to look at one by one). */
size_t hy_plain_span(const char *s, size_t n);
/* Writes s through hy_clean_for_terminal's rule; returns false on a write error. */
bool hy_fputs_clean(const char *s, FILE *out);

/* East Asian "ambiguous" characters (①, Ⅱ, ※, ○, ■, box lines): one column
 * by default, two when set to 2 (Tera Term, PuTTY, RLogin, ＭＳ ゴシック). Set once,
 * at start, before anything is measured; every width below honours it. */
bool hy_cp_is_ambiguous(uint32_t cp);
void hy_set_ambiguous_width(int columns);
int hy_ambiguous_width(void);
/* Reads a width setting: "1" or "2" (from --ambiguous-width or the
 * HYOKA_AMBIGUOUS_WIDTH environment variable); false for anything else. */
bool hy_parse_ambiguous_width(const char *text, int *columns);
/* Display columns of one character (0 for combining, 2 for wide); a control
 * character is shown as U+FFFD and counts as that, except '\n' (0). */
int hy_cp_width(uint32_t cp);
/* Display columns of a string. */
int hy_str_width(const char *s);
/* Byte length of the longest prefix of s that fits in `cols` columns. */
size_t hy_fit_prefix(const char *s, int cols, int *used);
/* The same for the first n bytes of s (no strlen: for long paragraphs). */
size_t hy_fit_prefix_n(const char *s, size_t n, int cols, int *used);

/* Japanese line-breaking (禁則): may a line start with / end with cp? */
bool hy_kinsoku_no_start(uint32_t cp);
bool hy_kinsoku_no_end(uint32_t cp);

/* Wraps one paragraph (no '\n') into lines of at most `width` columns, by
 * display width, with 禁則 and word breaks for Latin text.  Returns the
 * number of lines; *lines is a malloc'd array of malloc'd strings. */
size_t hy_wrap(const char *text, int width, char ***lines);
/* Wraps text with '\n' into lines (each paragraph separately). */
size_t hy_wrap_text(const char *text, int width, char ***lines);
/* The same, with each line's width in columns in *widths (malloc'd), as
 * hy_str_width would measure it: the wrapping has measured them already. */
size_t hy_wrap_text_w(const char *text, int width, char ***lines, int **widths);
/* A line of hy_wrap_spans: len bytes at text + off, width columns. */
typedef struct {
	size_t off, len;
	int width;
} hy_span;
/* The lines of hy_wrap_text_w as places in text, without copying them (a
 * rendering wraps the whole document); *spans is malloc'd.  0 (and NULL)
 * when text holds a tab or a carriage return, which the wrapping turns into
 * spaces: use hy_wrap_text_w. */
size_t hy_wrap_spans(const char *text, int width, hy_span **spans);
void hy_lines_free(char **lines, size_t n);

/* Makes the C library's width tables use UTF-8 even in a plain C locale. */
void hy_utf8_locale(void);

#endif
