#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <dlfcn.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* The slow path of decode(): anything but ASCII and well-formed 3-byte
 * sequences. */
static size_t decode_slow(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

/* Decodes one character; the two common cases (ASCII, and the 3-byte
 * sequences of Japanese text) inline, since rendering decodes every
 * character of the document several times. */
static inline size_t decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		uint32_t c = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
			     (s[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return decode_slow(s, n, cp);
}

size_t hy_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	return decode(str, n, cp);
}

size_t hy_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool hy_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII and 3-byte characters past U+0FFF (all of Japanese text)
		 * need no decoding: this runs over a whole field per keystroke */
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* a lead of 0xE1..0xEF but 0xED (no overlong, no surrogate), and
		 * two continuation bytes, in one test each */
		if (n - i >= 3 && (unsigned)(u[i] - 0xE1) <= 0xEF - 0xE1 && u[i] != 0xED &&
		    ((u[i + 1] & 0xC0) | ((u[i + 2] & 0xC0) >> 2)) == 0xA0) {
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && len == 1 && (unsigned char)s[i] >= 0x80) {
			if (bad)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

char *hy_utf8_repair(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && len == 1 && (unsigned char)s[i] >= 0x80)
			hy_buf_adds(&b, "\xEF\xBF\xBD");
		else
			hy_buf_add(&b, s + i, len);
		i += len;
	}
	return hy_buf_take(&b);
}

size_t hy_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void hy_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && strcmp(cs, "UTF-8") == 0)
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

/* East Asian Wide/Fullwidth ranges, for when the C library cannot tell. */
static bool wide_fallback(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

struct cp_range {
	uint32_t first, last;
};

/* East Asian Width class A (Unicode EastAsianWidth.txt), merged ranges. */
static const struct cp_range ambiguous[] = {
	{0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA}, {0x00AD, 0x00AE},
	{0x00B0, 0x00B4}, {0x00B6, 0x00BA}, {0x00BC, 0x00BF}, {0x00C6, 0x00C6}, {0x00D0, 0x00D0},
	{0x00D7, 0x00D8}, {0x00DE, 0x00E1}, {0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED},
	{0x00F0, 0x00F0}, {0x00F2, 0x00F3}, {0x00F7, 0x00FA}, {0x00FC, 0x00FC}, {0x00FE, 0x00FE},
	{0x0101, 0x0101}, {0x0111, 0x0111}, {0x0113, 0x0113}, {0x011B, 0x011B}, {0x0126, 0x0127},
	{0x012B, 0x012B}, {0x0131, 0x0133}, {0x0138, 0x0138}, {0x013F, 0x0142}, {0x0144, 0x0144},
	{0x0148, 0x014B}, {0x014D, 0x014D}, {0x0152, 0x0153}, {0x0166, 0x0167}, {0x016B, 0x016B},
	{0x01CE, 0x01CE}, {0x01D0, 0x01D0}, {0x01D2, 0x01D2}, {0x01D4, 0x01D4}, {0x01D6, 0x01D6},
	{0x01D8, 0x01D8}, {0x01DA, 0x01DA}, {0x01DC, 0x01DC}, {0x0251, 0x0251}, {0x0261, 0x0261},
	{0x02C4, 0x02C4}, {0x02C7, 0x02C7}, {0x02C9, 0x02CB}, {0x02CD, 0x02CD}, {0x02D0, 0x02D0},
	{0x02D8, 0x02DB}, {0x02DD, 0x02DD}, {0x02DF, 0x02DF}, {0x0300, 0x036F}, {0x0391, 0x03A1},
	{0x03A3, 0x03A9}, {0x03B1, 0x03C1}, {0x03C3, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F},
	{0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016}, {0x2018, 0x2019}, {0x201C, 0x201D},
	{0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030}, {0x2032, 0x2033}, {0x2035, 0x2035},
	{0x203B, 0x203B}, {0x203E, 0x203E}, {0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084},
	{0x20AC, 0x20AC}, {0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113},
	{0x2116, 0x2116}, {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B}, {0x2153, 0x2154},
	{0x215B, 0x215E}, {0x2160, 0x216B}, {0x2170, 0x2179}, {0x2189, 0x2189}, {0x2190, 0x2199},
	{0x21B8, 0x21B9}, {0x21D2, 0x21D2}, {0x21D4, 0x21D4}, {0x21E7, 0x21E7}, {0x2200, 0x2200},
	{0x2202, 0x2203}, {0x2207, 0x2208}, {0x220B, 0x220B}, {0x220F, 0x220F}, {0x2211, 0x2211},
	{0x2215, 0x2215}, {0x221A, 0x221A}, {0x221D, 0x2220}, {0x2223, 0x2223}, {0x2225, 0x2225},
	{0x2227, 0x222C}, {0x222E, 0x222E}, {0x2234, 0x2237}, {0x223C, 0x223D}, {0x2248, 0x2248},
	{0x224C, 0x224C}, {0x2252, 0x2252}, {0x2260, 0x2261}, {0x2264, 0x2267}, {0x226A, 0x226B},
	{0x226E, 0x226F}, {0x2282, 0x2283}, {0x2286, 0x2287}, {0x2295, 0x2295}, {0x2299, 0x2299},
	{0x22A5, 0x22A5}, {0x22BF, 0x22BF}, {0x2312, 0x2312}, {0x2460, 0x24E9}, {0x24EB, 0x254B},
	{0x2550, 0x2573}, {0x2580, 0x258F}, {0x2592, 0x2595}, {0x25A0, 0x25A1}, {0x25A3, 0x25A9},
	{0x25B2, 0x25B3}, {0x25B6, 0x25B7}, {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8},
	{0x25CB, 0x25CB}, {0x25CE, 0x25D1}, {0x25E2, 0x25E5}, {0x25EF, 0x25EF}, {0x2605, 0x2606},
	{0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C}, {0x261E, 0x261E}, {0x2640, 0x2640},
	{0x2642, 0x2642}, {0x2660, 0x2661}, {0x2663, 0x2665}, {0x2667, 0x266A}, {0x266C, 0x266D},
	{0x266F, 0x266F}, {0x269E, 0x269F}, {0x26BF, 0x26BF}, {0x26C6, 0x26CD}, {0x26CF, 0x26D3},
	{0x26D5, 0x26E1}, {0x26E3, 0x26E3}, {0x26E8, 0x26E9}, {0x26EB, 0x26F1}, {0x26F4, 0x26F4},
	{0x26F6, 0x26F9}, {0x26FB, 0x26FC}, {0x26FE, 0x26FF}, {0x273D, 0x273D}, {0x2776, 0x277F},
	{0x2B56, 0x2B59}, {0x3248, 0x324F}, {0xE000, 0xF8FF}, {0xFE00, 0xFE0F}, {0xFFFD, 0xFFFD},
	{0x1F100, 0x1F10A}, {0x1F110, 0x1F12D}, {0x1F130, 0x1F169}, {0x1F170, 0x1F18D},
	{0x1F18F, 0x1F190}, {0x1F19B, 0x1F1AC}, {0xE0100, 0xE01EF}, {0xF0000, 0xFFFFD},
	{0x100000, 0x10FFFD},
};

static bool in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool hy_cp_is_ambiguous(uint32_t cp)
{
	return cp >= 0xA1 && in_ranges(cp, ambiguous, sizeof ambiguous / sizeof *ambiguous);
}

/* Set once at start (main), before anything is measured; read-only after. */
static int ambiguous_columns = 1;

void hy_set_ambiguous_width(int columns)
{
	ambiguous_columns = columns == 2 ? 2 : 1;
}

int hy_ambiguous_width(void)
{
	return ambiguous_columns;
}

bool hy_parse_ambiguous_width(const char *text, int *columns)
{
	if (!text || (strcmp(text, "1") != 0 && strcmp(text, "2") != 0))
		return false;
	*columns = text[0] - '0';
	return true;
}

bool hy_cp_is_control(uint32_t cp)
{
	if (cp < 0xA0)
		return cp < 0x20 || cp >= 0x7F;
	if (cp < 0x061C || cp > 0x2069) /* most text: none of the marks below */
		return false;
	return cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

bool hy_cp_is_invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

static const char *cp_name(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		const char *name;
	} names[] = {
		{0x09, "CHARACTER TABULATION"}, {0x0A, "LINE FEED"}, {0x0D, "CARRIAGE RETURN"},
		{0x1B, "ESCAPE"}, {0x7F, "DELETE"}, {0x85, "NEXT LINE"},
		{0x9B, "CONTROL SEQUENCE INTRODUCER"}, {0xAD, "SOFT HYPHEN"},
		{0x061C, "ARABIC LETTER MARK"}, {0x200B, "ZERO WIDTH SPACE"},
		{0x200C, "ZERO WIDTH NON-JOINER"}, {0x200D, "ZERO WIDTH JOINER"},
		{0x200E, "LEFT-TO-RIGHT MARK"}, {0x200F, "RIGHT-TO-LEFT MARK"},
		{0x2028, "LINE SEPARATOR"}, {0x2029, "PARAGRAPH SEPARATOR"},
		{0x202A, "LEFT-TO-RIGHT EMBEDDING"}, {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
		{0x202C, "POP DIRECTIONAL FORMATTING"}, {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
		{0x202E, "RIGHT-TO-LEFT OVERRIDE"}, {0x2060, "WORD JOINER"},
		{0x2066, "LEFT-TO-RIGHT ISOLATE"}, {0x2067, "RIGHT-TO-LEFT ISOLATE"},
		{0x2068, "FIRST STRONG ISOLATE"}, {0x2069, "POP DIRECTIONAL ISOLATE"},
		{0xFEFF, "BYTE ORDER MARK"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].cp == cp)
			return names[i].name;
	return cp < 0x20 || (cp >= 0x80 && cp < 0xA0) ? "CONTROL CHARACTER" : NULL;
}

char *hy_cp_describe(uint32_t cp)
{
	const char *name = cp_name(cp);
	return name ? hy_printf("U+%04X %s", (unsigned)cp, name) : hy_printf("U+%04X", (unsigned)cp);
}

/* ---- sixteen bytes at a time ----
 * Text is long runs of ASCII and of three-byte Japanese characters.  Going a
 * character at a time, every step waits for the length of the last one.
 * The scans below look at sixteen bytes at fixed steps instead (SSE2, which
 * every x86-64 has), and stop where a character needs the general path; the
 * callers go on a character at a time from there, so a build without SSE2
 * (where the scans stop at once) gives the same results. */

#if defined(__SSE2__)
#include <emmintrin.h>

/* Byte comparisons are signed in SSE2: 0x80-0xBF is -128..-65, 0xE0-0xEF
 * is -32..-17, ASCII is 0..127. */
#define SB(c) _mm_set1_epi8((char)(c))

static inline __m128i load16(const unsigned char *u)
{
	return _mm_loadu_si128((const __m128i *)(const void *)u);
}

static inline __m128i eq8(__m128i b, unsigned c)
{
	return _mm_cmpeq_epi8(b, SB(c));
}

/* One bit a byte (bit i: byte i). */
static inline unsigned bits(__m128i m)
{
	return (unsigned)_mm_movemask_epi8(m);
}

static inline int count16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0F0Fu;
	return (int)((x + (x >> 8)) & 0x1Fu);
}

/* Continuation bytes (0x80-0xBF). */
static inline __m128i cont8(__m128i b)
{
	return _mm_cmplt_epi8(b, SB(0xC0));
}

/* Printable ASCII (0x20-0x7E). */
static inline __m128i printable8(__m128i b)
{
	return _mm_andnot_si128(eq8(b, 0x7F), _mm_cmpgt_epi8(b, SB(0x1F)));
}

/* A block's leads of three-byte characters (bits), its continuation bytes,
 * and the bytes that stop the scan: the structure is right when every
 * continuation byte, and only they, follow a lead by one or two places. */
typedef struct {
	unsigned lead, cont, stop;
} block_bits;

/* The continuation bytes that the leads before this block (`prev`, the last
 * block's) reach into it. */
static inline unsigned carried(unsigned prev)
{
	return ((prev << 1 | prev << 2) >> 16) & 3u;
}

/* Does the block at offset i break the structure, or hold a byte that
 * stops the scan?  Then *at gets the start of the first such character (a
 * continuation byte's lead, which can lie in the last block: *in_last). */
static inline bool block_problem(block_bits k, unsigned prev, size_t i, size_t *at,
				 bool *in_last)
{
	unsigned expect = (k.lead << 1 | k.lead << 2 | carried(prev)) & 0xFFFFu;
	unsigned problem = k.stop | (k.cont ^ expect);
	if (!problem)
		return false;
	unsigned p = (unsigned)__builtin_ctz(problem);
	unsigned back = 0;
	if (expect >> p & 1) {
		unsigned leads = k.lead << 2 | prev >> 14; /* bit j: a lead at j - 2 */
		back = (leads >> (p + 1) & 1) ? 1 : 2;
	}
	*at = i + p - back;
	*in_last = back > p;
	return true;
}

/* Where a scan that stops before the block at offset i ends: before a
 * character whose continuation bytes lie in that block, unchecked. */
static inline size_t before_block(size_t i, unsigned prev, bool *cut)
{
	size_t back = (prev >> 15 & 1) ? 1 : (prev >> 14 & 1) ? 2 : 0;
	*cut = back != 0;
	return i - back;
}

/* How many bytes at u (n of them) are plain text, whole characters:
 * printable ASCII ('\n' too when newlines) and the three-byte characters
 * U+1000-U+FFFF but the surrogates (ED), U+2000-U+207F (E2 80, E2 81: the
 * bidi marks, separators and invisible characters are there) and
 * U+FEC0-U+FEFF, U+FFC0-U+FFFF (EF BB, EF BF: the byte order mark and the
 * noncharacters).  None is a control, so clean_run passes them as they are;
 * the fast reader takes them as YAML text. */
static size_t clean_scan(const unsigned char *u, size_t n, bool newlines)
{
	size_t i = 0, at;
	unsigned prev = 0;
	bool back, cut;
	for (; n >= 17 && i <= n - 17; i += 16) {
		__m128i b = load16(u + i), n1 = load16(u + i + 1);
		__m128i ascii = printable8(b);
		if (newlines)
			ascii = _mm_or_si128(ascii, eq8(b, '\n'));
		__m128i cont = cont8(b);
		__m128i lead = _mm_and_si128(_mm_cmpgt_epi8(b, SB(0xE0)), _mm_cmplt_epi8(b, SB(0xF0)));
		/* E2 followed by less than 0x82, ED, and EF BB, EF BF */
		__m128i marks = _mm_andnot_si128(_mm_cmpgt_epi8(n1, SB(0x81)), eq8(b, 0xE2));
		__m128i specials = _mm_and_si128(eq8(b, 0xEF), _mm_or_si128(eq8(n1, 0xBB), eq8(n1, 0xBF)));
		__m128i other = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(ascii, cont), lead), SB(0xFF));
		__m128i stop = _mm_or_si128(_mm_or_si128(other, marks),
					    _mm_or_si128(eq8(b, 0xED), specials));
		block_bits k = {bits(lead), bits(cont), bits(stop)};
		if (block_problem(k, prev, i, &at, &back))
			return at;
		prev = k.lead;
	}
	return before_block(i, prev, &cut);
}

/* The leads of the wide characters of known_width (wide3), as bytes. */
static inline __m128i wide8(__m128i b, __m128i n1, __m128i n2)
{
	/* U+5000-U+9FFF; U+4E00-U+4FFF */
	__m128i kanji = _mm_and_si128(_mm_cmpgt_epi8(b, SB(0xE4)), _mm_cmplt_epi8(b, SB(0xEA)));
	kanji = _mm_or_si128(kanji, _mm_and_si128(eq8(b, 0xE4), _mm_cmpgt_epi8(n1, SB(0xB7))));
	/* U+3000-U+3029, U+3041-U+307F, U+3080-U+3096 and U+309B-U+30BF,
	 * U+30C0-U+30FF (the byte after a lead is checked to be a continuation
	 * byte, so the comparisons only need to hold for 0x80-0xBF) */
	__m128i kana = _mm_or_si128(
		_mm_or_si128(_mm_and_si128(eq8(n1, 0x80), _mm_cmplt_epi8(n2, SB(0xAA))),
			     _mm_and_si128(eq8(n1, 0x81), _mm_cmpgt_epi8(n2, SB(0x80)))),
		_mm_or_si128(_mm_and_si128(eq8(n1, 0x82),
					   _mm_or_si128(_mm_cmplt_epi8(n2, SB(0x97)),
							_mm_cmpgt_epi8(n2, SB(0x9A)))),
			     eq8(n1, 0x83)));
	kana = _mm_and_si128(kana, eq8(b, 0xE3));
	/* U+FF01-U+FF3F, U+FF40-U+FF60 */
	__m128i full = _mm_or_si128(_mm_and_si128(eq8(n1, 0xBC), _mm_cmpgt_epi8(n2, SB(0x80))),
				    _mm_and_si128(eq8(n1, 0xBD), _mm_cmplt_epi8(n2, SB(0xA1))));
	full = _mm_and_si128(full, eq8(b, 0xEF));
	return _mm_or_si128(_mm_or_si128(kanji, kana), full);
}

/* Where, in a block that does not fit, the first character that does not
 * fit in `room` starts: the characters are the bits of `starts` (ASCII, one
 * column, in `ascii`; the others two); *w grows by those that fit. */
static inline size_t fit_in_block(unsigned ascii, unsigned starts, int room, int *w)
{
	for (; starts; starts &= starts - 1) {
		unsigned p = (unsigned)__builtin_ctz(starts);
		int cw = (ascii >> p & 1) ? 1 : 2;
		if (cw > room - *w)
			return p;
		*w += cw;
	}
	return 16;
}

/* How many bytes at u (n of them), whole characters, are printable ASCII
 * (one column) and wide3's characters (two), as many as fit in `room`
 * columns; *cols gets their width. */
static size_t width_scan(const unsigned char *u, size_t n, int room, int *cols)
{
	size_t i = 0, at;
	unsigned prev = 0;
	int w = 0;
	bool back, cut;
	for (; n >= 18 && i <= n - 18; i += 16) {
		__m128i b = load16(u + i), n1 = load16(u + i + 1), n2 = load16(u + i + 2);
		__m128i ascii = printable8(b), cont = cont8(b), wide = wide8(b, n1, n2);
		__m128i stop = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(ascii, cont), wide), SB(0xFF));
		block_bits k = {bits(wide), bits(cont), bits(stop)};
		unsigned a = bits(ascii), within = 0xFFFFu;
		if (block_problem(k, prev, i, &at, &back)) {
			/* the whole characters before `at`; a lead cut off in the
			 * last block gives its two columns back */
			if (back) {
				*cols = w - 2;
				return at;
			}
			within = (1u << (at - i)) - 1;
		}
		int bw = count16(a & within) + 2 * count16(k.lead & within);
		if (bw > room - w && bw > 0) {
			size_t p = fit_in_block(a, (a | k.lead) & within, room, &w);
			*cols = w;
			return i + p;
		}
		w += bw;
		if (within != 0xFFFFu) {
			*cols = w;
			return at;
		}
		prev = k.lead;
	}
	size_t end = before_block(i, prev, &cut);
	*cols = w - (cut ? 2 : 0);
	return end;
}
#else
static size_t clean_scan(const unsigned char *u, size_t n, bool newlines)
{
	(void)u;
	(void)n;
	(void)newlines;
	return 0;
}

static size_t width_scan(const unsigned char *u, size_t n, int room, int *cols)
{
	(void)u;
	(void)n;
	(void)room;
	*cols = 0;
	return 0;
}
#endif

/* 3 when s starts a well-formed 3-byte character that is neither a control
 * nor an invisible mark (all of which but U+FEFF lie in U+2000..U+207F),
 * else 0; without a full decode, as text is mostly these. */
static inline size_t plain_cjk(const unsigned char *s, size_t n)
{
	if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
		return 0;
	switch (s[0]) {
	case 0xE0:
		return s[1] >= 0xA0 ? 3 : 0; /* else overlong */
	case 0xE2:
		return s[1] >= 0x82 ? 3 : 0; /* U+2080..: box lines; not the marks below */
	case 0xED:
		return s[1] < 0xA0 ? 3 : 0; /* else a surrogate */
	case 0xEF:
		return s[1] != 0xBB ? 3 : 0; /* U+FEC0..U+FEFF: the byte order mark */
	default:
		return s[0] >= 0xE1 && s[0] <= 0xEE ? 3 : 0;
	}
}

/* The bytes that can start an unsafe character: C0 controls and DEL, and
 * the lead bytes of C1 controls and U+00AD (0xC2), U+061C (0xD8), the marks
 * of U+2000..U+206F (0xE2) and U+FEFF (0xEF).  None is a continuation byte,
 * so a scan byte by byte stops at every character that needs a closer look,
 * whatever comes before it. */
static const unsigned char may_be_unsafe[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

uint32_t hy_find_unsafe(const char *s, size_t n, bool allow_tab, size_t *offset)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		/* past what cannot matter, sixteen bytes and then four a step:
		 * this runs over a whole field per keystroke, and over the whole
		 * document when it is opened */
		i += hy_plain_span(s + i, n - i);
		while (n - i >= 4 && !(may_be_unsafe[u[i]] | may_be_unsafe[u[i + 1]] |
				       may_be_unsafe[u[i + 2]] | may_be_unsafe[u[i + 3]]))
			i += 4;
		if (i >= n)
			break;
		if (!may_be_unsafe[u[i]])
			continue;
		uint32_t cp;
		decode(s + i, n - i, &cp);
		bool allowed = cp == '\n' || (allow_tab && cp == '\t');
		if (!allowed && (hy_cp_is_control(cp) || hy_cp_is_invisible(cp))) {
			if (offset)
				*offset = i;
			return cp;
		}
	}
	return 0;
}

/* The bytes from s that go out unchanged: printable characters (and
 * newlines when kept). */
static size_t clean_run(const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		i += clean_scan(u + i, n - i, keep_newlines);
		if (i >= n)
			break;
		unsigned char c = u[i];
		if ((c >= 0x20 && c < 0x7F) || (c == '\n' && keep_newlines)) {
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		size_t cjk = plain_cjk((const unsigned char *)s + i, n - i);
		if (cjk) {
			i += cjk;
			continue;
		}
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp);
		if ((cp == 0xFFFD && len == 1) || hy_cp_is_control(cp))
			break;
		i += len;
	}
	return i;
}

size_t hy_plain_span(const char *s, size_t n)
{
	return clean_scan((const unsigned char *)s, n, false);
}

size_t hy_clean_span(const char *s, size_t n, bool keep_newlines)
{
	return clean_run(s, n, keep_newlines);
}

void hy_clean_append(hy_buf *b, const char *s, size_t n, bool keep_newlines)
{
	for (size_t i = 0; i < n;) {
		size_t run = clean_run(s + i, n - i, keep_newlines);
		hy_buf_add(b, s + i, run);
		i += run;
		if (i >= n)
			break;
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp);
		if (cp == '\t')
			hy_buf_addc(b, ' ');
		else
			hy_buf_adds(b, "\xEF\xBF\xBD");
		i += len;
	}
}

char *hy_clean_for_terminal(const char *s, size_t n, bool keep_newlines)
{
	hy_buf b;
	hy_buf_init(&b);
	hy_clean_append(&b, s, n, keep_newlines);
	return hy_buf_take(&b);
}

bool hy_fputs_clean(const char *s, FILE *out)
{
	char *clean = hy_clean_for_terminal(s, strlen(s), true);
	bool ok = fputs(clean, out) >= 0;
	free(clean);
	return ok;
}

/* The editor's terminal draws ambiguous characters two columns wide: ncurses
 * must place its cells the same way, and it measures with wcwidth.  This
 * definition takes the C library's place for the whole program (ncursesw
 * included); with the default setting it answers exactly as the library. */
static int (*libc_wcwidth)(wchar_t);

int wcwidth(wchar_t c)
{
	if (!libc_wcwidth)
		libc_wcwidth = (int (*)(wchar_t))dlsym(RTLD_NEXT, "wcwidth");
	int w = libc_wcwidth ? libc_wcwidth(c) : (c < 0x20 ? -1 : 1);
	if (w == 1 && ambiguous_columns == 2 && hy_cp_is_ambiguous((uint32_t)c))
		return 2;
	return w;
}

/* Ranges whose width every UTF-8 locale's wcwidth and wide_fallback agree
 * on, and which are not ambiguous: answered without the library call (a
 * rendering measures every character). 0: ask the library. */
static inline __attribute__((always_inline)) int known_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) ||
	    (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309B && cp <= 0x30FF) ||
	    (cp >= 0xFF01 && cp <= 0xFF60))
		return 2;
	return 0;
}

static int cp_width_slow(uint32_t cp);

/* hy_cp_width, with the common characters answered inline. */
static inline int width_of(uint32_t cp)
{
	int known = known_width(cp);
	return known ? known : cp_width_slow(cp);
}

int hy_cp_width(uint32_t cp)
{
	return width_of(cp);
}

static int cp_width_slow(uint32_t cp)
{
	if (cp == 0 || cp == '\n')
		return 0;
	if (hy_cp_is_control(cp))
		cp = 0xFFFD; /* what is drawn in its place */
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		w = wide_fallback(cp) ? 2 : 1;
	if (w == 1 && ambiguous_columns == 2 && hy_cp_is_ambiguous(cp))
		return 2;
	return w;
}

/* Is cp (a 3-byte character) in one of known_width's wide ranges?  Without
 * branches: kanji and kana alternate in Japanese text, and a branch per
 * character between them is mispredicted half of the time. */
static inline bool wide3(uint32_t cp)
{
	return (cp - 0x4E00u <= 0x9FFFu - 0x4E00u) | (cp - 0x3000u <= 0x3029u - 0x3000u) |
	       (cp - 0x3041u <= 0x3096u - 0x3041u) | (cp - 0x309Bu <= 0x30FFu - 0x309Bu) |
	       (cp - 0xFF01u <= 0xFF60u - 0xFF01u);
}

/* The length and width (in *w) of the character s starts with: printable
 * ASCII and the wide characters of Japanese text without the general path
 * (a rendering measures every character). */
static inline __attribute__((always_inline)) size_t next_width(const char *str, size_t n,
							      int *w)
{
	const unsigned char *u = (const unsigned char *)str;
	if (n >= 3 && ((u[0] & 0xF0) == 0xE0) & ((u[1] & 0xC0) == 0x80) & ((u[2] & 0xC0) == 0x80)) {
		uint32_t cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
			      (u[2] & 0x3F);
		if (wide3(cp)) {
			*w = 2;
			return 3;
		}
	} else if (u[0] >= 0x20 && u[0] < 0x7F) {
		*w = 1;
		return 1;
	}
	uint32_t cp;
	size_t len = decode(str, n, &cp);
	*w = width_of(cp);
	return len;
}

int hy_str_width(const char *s)
{
	int w = 0;
	size_t n = strlen(s);
	while (n > 0) {
		int cw;
		size_t len = next_width(s, n, &cw);
		w += cw;
		s += len;
		n -= len;
	}
	return w;
}

size_t hy_fit_prefix(const char *s, int cols, int *used)
{
	return hy_fit_prefix_n(s, strlen(s), cols, used);
}

size_t hy_fit_prefix_n(const char *s, size_t n, int cols, int *used)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int w = 0;
	while (i < n) {
		int bw;
		i += width_scan(u + i, n - i, cols - w, &bw);
		w += bw;
		if (i >= n)
			break;
		int cw;
		size_t len = next_width(s + i, n - i, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

static bool in_sorted(uint32_t cp, const uint32_t *set, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set[mid] == cp)
			return true;
		if (set[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* 、。，．,.）)」』】〕〉》］]｝}・ー－ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ
 * 々ゝゞヽヾ！？!?：；:;…‥〜～, sorted (line breaking asks for every character) */
static const uint32_t no_start[] = {
	0x0021, 0x0029, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F, 0x005D, 0x007D, 0x2025,
	0x2026, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
	0x301C, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
	0x308E, 0x309D, 0x309E, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3,
	0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0xFF01,
	0xFF09, 0xFF0C, 0xFF0D, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E,
};

/* （(「『【〔〈《［[｛{, sorted */
static const uint32_t no_end[] = {
	0x0028, 0x005B, 0x007B, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0xFF08,
	0xFF3B, 0xFF5B,
};

/* Kanji (U+4E00-U+9FFF) lie between the tables' kana and full-width
 * forms: answered without a search, as most characters are. */
bool hy_kinsoku_no_start(uint32_t cp)
{
	if ((cp > 0x30FE && cp < 0xFF01) || cp > 0xFF5E)
		return false;
	return in_sorted(cp, no_start, sizeof no_start / sizeof *no_start);
}

bool hy_kinsoku_no_end(uint32_t cp)
{
	if ((cp > 0x3014 && cp < 0xFF08) || cp > 0xFF5B)
		return false;
	return in_sorted(cp, no_end, sizeof no_end / sizeof *no_end);
}

typedef struct {
	char **lines;
	size_t n, cap;
	int *widths;       /* each line's columns, when asked for (hy_wrap_text_w) */
	size_t wcap;
	bool want_widths;
	hy_span *spans;    /* hy_wrap_spans: the lines as places in base, no copies */
	size_t scap;
	const char *base;
} line_vec;

static void push_line(line_vec *v, const char *s, size_t len, int width)
{
	/* a line never ends in spaces */
	while (len > 0 && s[len - 1] == ' ') {
		len--;
		width--;
	}
	if (v->base) {
		hy_grow((void **)&v->spans, &v->scap, v->n, sizeof *v->spans);
		v->spans[v->n++] = (hy_span){(size_t)(s - v->base), len, width};
		return;
	}
	hy_grow((void **)&v->lines, &v->cap, v->n, sizeof *v->lines);
	if (v->want_widths) {
		hy_grow((void **)&v->widths, &v->wcap, v->n, sizeof *v->widths);
		v->widths[v->n] = width;
	}
	v->lines[v->n++] = hy_strndup(s, len);
}

/* The columns of s[0..n). */
static int width_n(const char *s, size_t n)
{
	int w = 0;
	while (n > 0) {
		int cw;
		size_t len = next_width(s, n, &cw);
		w += cw;
		s += len;
		n -= len;
	}
	return w;
}

static bool is_latin_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       cp == '-' || cp == '_' || cp == '/' || cp == '.' || cp == ':' || cp == '%' ||
	       cp == '&' || cp == '=' || cp == '?' || cp == '#' || cp == '~' || cp == '@' ||
	       cp == '+' || cp == ',';
}

/* Walks back from `from` to `limit` for a position where a line may end:
 * the characters either side obey 禁則 (and, with words, do not split a
 * Latin word).  Returns 0 when there is none. */
static size_t scan_back(const char *s, size_t n, size_t from, size_t limit, bool words)
{
	for (size_t pos = from; pos > limit;) {
		uint32_t next, prev;
		decode(s + pos, n - pos, &next);
		size_t p = pos;
		do
			p--;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80);
		decode(s + p, n - p, &prev);
		bool ok = !hy_kinsoku_no_start(next) && !hy_kinsoku_no_end(prev);
		if (words && is_latin_word(prev) && is_latin_word(next))
			ok = false;
		if (ok || (words && prev == ' '))
			return pos;
		pos = p;
	}
	return 0;
}

/* Chooses where to break `s` (a paragraph tail): returns the byte length of
 * the line, at most `width` columns and at least one character. */
static size_t break_point(const char *s, size_t n, int width, int *line_w)
{
	int used;
	size_t fit = hy_fit_prefix_n(s, n, width, &used);
	*line_w = used;
	if (fit >= n)
		return n;
	if (fit == 0) {
		/* a single character wider than the line: take it anyway */
		return next_width(s, n, line_w);
	}
	/* first a break that respects 禁則 and Latin words; failing that (a URL),
	 * one that respects 禁則 only; never more than a third of the line back */
	size_t pos = scan_back(s, n, fit, fit / 3, true);
	if (!pos)
		pos = scan_back(s, n, fit, fit / 3, false);
	if (!pos)
		return fit;
	*line_w = used - width_n(s + pos, fit - pos);
	return pos;
}

/* The lines of text[0..n) (one paragraph), added to v. */
static void wrap_into(line_vec *v, const char *text, size_t n, int width)
{
	if (width < 2)
		width = 2;
	if (n == 0)
		push_line(v, text, 0, 0); /* in text: a span is a place in it */
	while (n > 0) {
		int w;
		size_t len = break_point(text, n, width, &w);
		push_line(v, text, len, w);
		text += len;
		n -= len;
		while (n > 0 && *text == ' ') {
			text++;
			n--;
		}
	}
}

size_t hy_wrap(const char *text, int width, char ***lines)
{
	line_vec v = {0};
	wrap_into(&v, text, strlen(text), width);
	*lines = v.lines;
	return v.n;
}

size_t hy_wrap_spans(const char *text, int width, hy_span **spans)
{
	if (text[strcspn(text, "\t\r")]) {
		*spans = NULL;
		return 0; /* they become spaces: hy_wrap_text_w copies the text */
	}
	line_vec v = {.base = text};
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		wrap_into(&v, p, len, width);
		if (!nl)
			break;
		p = nl + 1;
	}
	*spans = v.spans;
	return v.n;
}

size_t hy_wrap_text(const char *text, int width, char ***lines)
{
	return hy_wrap_text_w(text, width, lines, NULL);
}

size_t hy_wrap_text_w(const char *text, int width, char ***lines, int **widths)
{
	line_vec v = {.want_widths = widths != NULL};
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t blank = strcspn(p, "\t\r\n");
		if (blank >= len) {
			wrap_into(&v, p, len, width); /* the common case: no copy */
		} else {
			char *para = hy_strndup(p, len);
			for (char *t = para; *t; t++)
				if (*t == '\t' || *t == '\r')
					*t = ' ';
			wrap_into(&v, para, len, width);
			free(para);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	*lines = v.lines;
	if (widths)
		*widths = v.widths;
	return v.n;
}

void hy_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
