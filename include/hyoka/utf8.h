/* UTF-8 and display width.  One width function serves the renderer and the
 * terminal, so what is printed and what is drawn line up. */
#ifndef HYOKA_UTF8_H
#define HYOKA_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one character at s (n bytes available); returns its length (1 for
 * an invalid byte, which decodes as U+FFFD). */
size_t hy_utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t hy_utf8_encode(uint32_t cp, char out[4]);
bool hy_utf8_valid(const char *s, size_t n, size_t *bad_offset);
size_t hy_utf8_chars(const char *s);
/* Display columns of one character (0 for combining, 2 for wide). */
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
void hy_lines_free(char **lines, size_t n);

/* Makes the C library's width tables use UTF-8 even in a plain C locale. */
void hy_utf8_locale(void);

#endif
