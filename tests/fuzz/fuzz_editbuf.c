/* The field editor's text model: the input is a program of editing
 * operations (typed characters, wide and combining characters, pastes of raw
 * bytes, deletions, moves, Ctrl-K, layouts at varying widths).  After every
 * operation the invariants are checked:
 *   - 0 <= cursor <= len, and every code point is a valid, insertable one;
 *   - the layout's lines cover the text exactly, in order, split only at
 *     '\n' (which no line contains) or between characters;
 *   - no line is wider than the width unless it holds a single character;
 *   - the cursor's line contains the cursor and its column is the width of
 *     the characters before it on that line;
 *   - the text survives UTF-8 encoding and decoding unchanged. */
#include "fuzz_common.h"
#include "hyoka/editbuf.h"
#include "hyoka/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

typedef struct {
	const uint8_t *p;
	size_t n;
} input;

static unsigned next(input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* A soft break is made where the next character does not fit, or up to two
 * characters before that where 禁則 forbids each later place (a line may not
 * start with "。" or "）" nor end with "（"). */
static void check_soft_break(const hy_editbuf *eb, const hy_eb_line *l, int w, int eff, size_t i)
{
	size_t fit = l->end;
	while (fit < eb->len && eb->cp[fit] != '\n' && w + hy_cp_width(eb->cp[fit]) <= eff)
		w += hy_cp_width(eb->cp[fit++]);
	FUZZ_CHECK(fit < eb->len && eb->cp[fit] != '\n', "line %zu broken early: the rest fits",
		   i);
	FUZZ_CHECK(fit - l->end <= 2, "line %zu broken %zu characters early", i, fit - l->end);
	for (size_t b = fit; b > l->end; b--)
		FUZZ_CHECK(hy_kinsoku_no_start(eb->cp[b]) || hy_kinsoku_no_end(eb->cp[b - 1]),
			   "line %zu broken early at %zu, where 禁則 allows a break at %zu", i,
			   l->end, b);
}

static void check_layout(const hy_editbuf *eb, int width)
{
	hy_eb_line *lines = NULL;
	size_t cur_line = (size_t)-1;
	int cur_col = -1;
	size_t n = hy_eb_layout(eb, width, &lines, &cur_line, &cur_col);
	int eff = width < 2 ? 2 : width;
	FUZZ_CHECK(n >= 1 && lines, "layout returned no lines");
	FUZZ_CHECK(lines[0].start == 0, "first line starts at %zu", lines[0].start);
	FUZZ_CHECK(lines[n - 1].end == eb->len, "last line ends at %zu, text has %zu",
		   lines[n - 1].end, eb->len);
	for (size_t i = 0; i < n; i++) {
		const hy_eb_line *l = &lines[i];
		FUZZ_CHECK(l->start <= l->end && l->end <= eb->len, "line %zu is [%zu, %zu)", i,
			   l->start, l->end);
		int w = 0;
		for (size_t k = l->start; k < l->end; k++) {
			FUZZ_CHECK(eb->cp[k] != '\n', "line %zu contains a line break", i);
			w += hy_cp_width(eb->cp[k]);
		}
		FUZZ_CHECK(w <= eff || l->end - l->start == 1,
			   "line %zu is %d columns wide at width %d", i, w, eff);
		if (i + 1 < n) {
			const hy_eb_line *m = &lines[i + 1];
			bool hard = l->end < eb->len && eb->cp[l->end] == '\n';
			FUZZ_CHECK(m->start == (hard ? l->end + 1 : l->end),
				   "line %zu ends at %zu but line %zu starts at %zu", i, l->end,
				   i + 1, m->start);
			if (!hard && l->end > l->start)
				check_soft_break(eb, l, w, eff, i);
		}
	}
	FUZZ_CHECK(cur_line < n, "cursor line %zu of %zu", cur_line, n);
	const hy_eb_line *cl = &lines[cur_line];
	FUZZ_CHECK(eb->cursor >= cl->start && eb->cursor <= cl->end,
		   "cursor %zu outside its line [%zu, %zu)", eb->cursor, cl->start, cl->end);
	int col = 0;
	for (size_t k = cl->start; k < eb->cursor; k++)
		col += hy_cp_width(eb->cp[k]);
	FUZZ_CHECK(col == cur_col, "cursor column %d, expected %d", cur_col, col);
	free(lines);
}

static void check(const hy_editbuf *eb, int width)
{
	FUZZ_CHECK(eb->cursor <= eb->len, "cursor %zu beyond length %zu", eb->cursor, eb->len);
	FUZZ_CHECK(eb->len <= eb->cap || (eb->len == 0 && eb->cap == 0), "length beyond capacity");
	for (size_t i = 0; i < eb->len; i++) {
		uint32_t c = eb->cp[i];
		FUZZ_CHECK(c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF), "bad code point %x", c);
		FUZZ_CHECK(c == '\n' ? eb->multiline : (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)),
			   "control character %x in the buffer", c);
	}
	check_layout(eb, width);
	/* the text round-trips through UTF-8 */
	char *text = hy_eb_text(eb);
	hy_editbuf again;
	hy_eb_init(&again, text, eb->multiline);
	FUZZ_CHECK(again.len == eb->len && (eb->len == 0 ||
		   memcmp(again.cp, eb->cp, eb->len * sizeof *eb->cp) == 0),
		   "text does not round-trip: %s", text);
	FUZZ_CHECK(again.cursor == again.len, "init leaves the cursor at the end");
	hy_eb_free(&again);
	free(text);
}

/* Characters worth typing: ASCII, kana/kanji, full-width forms, combining
 * marks, emoji, U+3000, 禁則 punctuation. */
static uint32_t pick_char(unsigned a, unsigned b)
{
	static const uint32_t table[] = {
		'a', 'Z', '0', ' ', '-', '.', '/', 0x3042, 0x30A2, 0x6F22, 0x5B57, 0xFF11, 0xFF21,
		0x3000, 0x3001, 0x3002, 0xFF08, 0xFF09, 0x300C, 0x300D, 0x30FC, 0x0301, 0x3099,
		0x200B, 0x1F600, 0x20000, 0xFFFD, 0x00E9, 0x2028, 0xAC00, 0xFF66, 0x2460,
	};
	unsigned sel = a % (sizeof table / sizeof *table + 4);
	if (sel < sizeof table / sizeof *table)
		return table[sel];
	switch (sel - sizeof table / sizeof *table) {
	case 0: return 0x20 + b % 0x5F;             /* printable ASCII */
	case 1: return 0x3040 + b % 0x60;           /* hiragana */
	case 2: return 0x4E00 + (a * 256 + b) % 0x5000; /* kanji */
	default: return '\n';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	input in = {data, size};
	unsigned first = next(&in);
	hy_editbuf eb;
	hy_eb_init(&eb, NULL, first & 1);
	int width = 2 + (int)(first >> 1) % 40;
	size_t ops = 0;
	while (in.n > 0 && ops++ < 2000 && eb.len < 20000) {
		unsigned op = next(&in) % 20;
		switch (op) {
		case 0:
		case 1: {
			unsigned a = next(&in), b = next(&in);
			hy_eb_insert(&eb, pick_char(a, b));
			break;
		}
		case 2: { /* any 21-bit value, including refused ones */
			uint32_t c = (uint32_t)next(&in) << 16 | (uint32_t)next(&in) << 8 | next(&in);
			hy_eb_insert(&eb, c);
			break;
		}
		case 3: { /* a paste of raw bytes (tabs, CR LF, invalid UTF-8) */
			size_t n = next(&in) % 32;
			if (n > in.n)
				n = in.n;
			hy_eb_insert_text(&eb, (const char *)in.p, n);
			in.p += n;
			in.n -= n;
			break;
		}
		case 4: hy_eb_backspace(&eb); break;
		case 5: hy_eb_delete(&eb); break;
		case 6: hy_eb_left(&eb); break;
		case 7: hy_eb_right(&eb); break;
		case 8: hy_eb_word_left(&eb); break;
		case 9: hy_eb_word_right(&eb); break;
		case 10: hy_eb_home(&eb, width); break;
		case 11: hy_eb_end(&eb, width); break;
		case 12: hy_eb_up(&eb, width); break;
		case 13: hy_eb_down(&eb, width); break;
		case 14:
			hy_eb_kill_line(&eb, width);
			break;
		case 15: /* a new width, including ones below the minimum */
			width = (int)next(&in) % 90 - 5;
			break;
		case 16: { /* the editor's PgUp/PgDn */
			bool up = next(&in) & 1;
			for (int i = 0; i < 10; i++)
				up ? hy_eb_up(&eb, width) : hy_eb_down(&eb, width);
			break;
		}
		case 17: { /* a run of typing */
			unsigned n = next(&in) % 16, a = next(&in);
			for (unsigned i = 0; i < n; i++)
				hy_eb_insert(&eb, pick_char(a + i, a * i));
			break;
		}
		case 18: { /* re-initialise from the current text, as Esc does */
			char *t = hy_eb_text(&eb);
			bool multi = eb.multiline;
			hy_eb_free(&eb);
			hy_eb_init(&eb, t, multi);
			free(t);
			break;
		}
		default:
			check_layout(&eb, (int)next(&in) % 120 - 10);
			break;
		}
		check(&eb, width);
	}
	hy_eb_free(&eb);
	return 0;
}
