#include "hyoka/date.h"
#include "hyoka/utf8.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <string.h>

/* Each era from its first to its last day, both inclusive.  An emperor's
 * last day was also his successor's first (明治45年7月30日 = 大正元年7月30日,
 * 大正15年12月25日 = 昭和元年12月25日): such a day is valid in both eras. */
static const struct era {
	const char *name;
	int y, m, d;         /* first day */
	int last_y, last_m, last_d; /* 0: still running */
} eras[] = {
	{"明治", 1868, 1, 25, 1912, 7, 30},
	{"大正", 1912, 7, 30, 1926, 12, 25},
	{"昭和", 1926, 12, 25, 1989, 1, 7},
	{"平成", 1989, 1, 8, 2019, 4, 30},
	{"令和", 2019, 5, 1, 0, 0, 0},
};
enum { N_ERAS = sizeof eras / sizeof *eras };

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static long day_number(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

static bool eat(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* ASCII and ideographic spaces. */
static void skip_spaces(const char **p)
{
	for (;;)
		if (**p == ' ' || **p == '\t')
			(*p)++;
		else if (!eat(p, "\u3000"))
			return;
}

static bool is_digit_at(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;
	return (*s >= '0' && *s <= '9') ||
	       (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99);
}

/* A part of a date: ASCII or full-width digits (at most 4), or a mask of
 * '*' / '＊'.  *n is 0 for a mask. */
static bool read_part(const char **p, int *n, int *digits, bool *masked)
{
	const unsigned char *s = (const unsigned char *)*p;
	int value = 0, count = 0, stars = 0;
	for (;;) {
		if (*s >= '0' && *s <= '9' && !stars) {
			value = value * 10 + (*s - '0');
			s++;
		} else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99 && !stars) {
			value = value * 10 + (s[2] - 0x90);
			s += 3;
		} else if (*s == '*' && !count) {
			s++;
			stars++;
			continue;
		} else if (s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8A && !count) {
			s += 3;
			stars++;
			continue;
		} else {
			break;
		}
		if (++count > 4)
			return false;
		/* text taken from a PDF may space the digits out: "8 月 1 9 日" */
		const char *after = (const char *)s;
		skip_spaces(&after);
		if (after != (const char *)s && is_digit_at(after))
			s = (const unsigned char *)after;
	}
	if (!count && !stars)
		return false;
	*p = (const char *)s;
	*n = value;
	*digits = count;
	*masked = stars > 0;
	return true;
}

static bool eat_separator(const char **p)
{
	return eat(p, "-") || eat(p, ".") || eat(p, "/") || eat(p, "－") || eat(p, "．") ||
	       eat(p, "／");
}

/* Checks month and day against the calendar; unknown (masked) parts pass. */
static char *check_calendar(int y, int m, int d)
{
	if (m && (m < 1 || m > 12))
		return hy_printf(_("there is no month %d"), m);
	if (m && d && (d < 1 || d > days_in(y ? y : 2000, m)))
		return hy_printf(_("%d-%02d has no day %d"), y, m, d);
	return NULL;
}

/* Does the written span of days (a day, a month or a year) meet the era? */
static char *check_era(const struct era *e, int y, int m, int d)
{
	long from = day_number(y, m ? m : 1, d ? d : 1);
	long to = day_number(y, m ? m : 12, d ? d : (m ? days_in(y, m) : 31));
	if (to < day_number(e->y, e->m, e->d))
		return hy_printf(_("%s began on %d-%02d-%02d; that date is in the previous era"),
				 e->name, e->y, e->m, e->d);
	if (e->last_y && from > day_number(e->last_y, e->last_m, e->last_d))
		return hy_printf(_("%s ended on %d-%02d-%02d; write it in %s"), e->name, e->last_y,
				 e->last_m, e->last_d, e[1].name);
	return NULL;
}

static const struct era *read_era(const char **p)
{
	for (size_t i = 0; i < N_ERAS; i++)
		if (eat(p, eras[i].name))
			return &eras[i];
	return NULL;
}

/* "12月28日" (or "12月" when partial), spaces allowed around the parts. */
static char *read_month_day(const char **pp, bool partial, int *m, int *d, bool *masked)
{
	const char *p = *pp;
	int digits;
	bool mm, dm = false;
	*d = 0;
	skip_spaces(&p);
	if (!read_part(&p, m, &digits, &mm))
		return hy_strdup(_("expected the month, as in 12月"));
	skip_spaces(&p);
	if (!eat(&p, "月"))
		return hy_strdup(_("expected the month, as in 12月"));
	const char *before_day = p;
	skip_spaces(&p);
	if (read_part(&p, d, &digits, &dm)) {
		skip_spaces(&p);
		if (!eat(&p, "日"))
			return hy_strdup(_("expected 日 after the day"));
	} else if (!partial) {
		return hy_strdup(_("expected the day, as in 28日"));
	} else {
		p = before_day;
	}
	*masked = mm || dm;
	*pp = p;
	return NULL;
}

static char *parse_wareki(const char **pp, bool partial, hy_date *out)
{
	const char *p = *pp;
	const struct era *era = read_era(&p);
	int ey, m, d, digits;
	bool ym = false, md_masked;
	skip_spaces(&p);
	if (eat(&p, "元"))
		ey = 1;
	else if (!read_part(&p, &ey, &digits, &ym) || (!ym && ey < 1))
		return hy_printf(_("expected the year after %s (元, 1, 2, …)"), era->name);
	skip_spaces(&p);
	if (!eat(&p, "年"))
		return hy_strdup(_("expected 年 after the year"));
	char *bad = read_month_day(&p, partial, &m, &d, &md_masked);
	if (bad)
		return bad;
	int y = ym ? 0 : era->y + ey - 1;
	bad = check_calendar(y, m, d);
	if (!bad && y)
		bad = check_era(era, y, m, d);
	if (bad)
		return bad;
	*out = (hy_date){.year = y, .month = m, .day = d, .masked = ym || md_masked};
	*pp = p;
	return NULL;
}

/* 2023-12-28, 2020.04.01, 2021/03/26, 2023年12月28日, masked parts. */
static char *parse_western(const char **pp, bool partial, hy_date *out)
{
	const char *p = *pp;
	int y, m, d = 0, digits;
	bool ym, mm, dm = false;
	if (!read_part(&p, &y, &digits, &ym) || (!ym && digits != 4))
		return hy_strdup(_("expected a date such as 令和5年12月28日 or 2023-12-28"));
	if (!ym && y == 0)
		return hy_strdup(_("there is no year 0"));
	skip_spaces(&p);
	char *bad = NULL;
	if (eat(&p, "年")) {
		bad = read_month_day(&p, partial, &m, &d, &mm);
	} else if (!eat_separator(&p) || !read_part(&p, &m, &digits, &mm)) {
		bad = hy_strdup(_("expected a date such as 令和5年12月28日 or 2023-12-28"));
	} else {
		const char *before_day = p;
		if (!eat_separator(&p))
			p = before_day;
		else if (!read_part(&p, &d, &digits, &dm))
			bad = hy_strdup(_("expected the day after the second separator"));
		if (!bad && p == before_day && !partial)
			bad = hy_strdup(_("expected a full date YYYY-MM-DD"));
	}
	if (!bad)
		bad = check_calendar(y, m, d);
	if (bad)
		return bad;
	*out = (hy_date){.year = y, .month = m, .day = d, .masked = ym || mm || dm};
	*pp = p;
	return NULL;
}

/* Skips "（…）" or "(…)"; false when p does not start one or it is not closed. */
static bool skip_parenthetical(const char **p)
{
	const char *close;
	if (eat(p, "（"))
		close = strstr(*p, "）");
	else if (eat(p, "("))
		close = strchr(*p, ')');
	else
		return false;
	if (!close)
		return false;
	*p = close + (*close == ')' ? 1 : strlen("）"));
	return true;
}

/* What may follow a date: parenthesised notes always, any text with notes. */
static char *check_rest(const char *rest, bool notes)
{
	const char *p = rest;
	for (;;) {
		skip_spaces(&p);
		if (!*p || notes)
			return NULL;
		if (!skip_parenthetical(&p))
			return hy_printf(_("unexpected text after the date: '%s'"), rest);
	}
}

char *hy_date_parse(const char *s, bool partial, bool notes, hy_date *out)
{
	hy_date tmp;
	if (!out)
		out = &tmp;
	memset(out, 0, sizeof *out);
	const char *p = s;
	skip_spaces(&p);
	if (eat(&p, "※"))
		skip_spaces(&p);
	const char *start = p;
	const struct era *era = read_era(&start);
	char *bad = era ? parse_wareki(&p, partial, out) : parse_western(&p, partial, out);
	if (bad)
		return bad;
	out->consumed = (size_t)(p - s);
	return check_rest(p, notes);
}

bool hy_date_is_blank(const char *s)
{
	const char *p = s;
	skip_spaces(&p);
	read_era(&p);
	skip_spaces(&p);
	if (eat(&p, "年")) {
		skip_spaces(&p);
		if (eat(&p, "月")) {
			skip_spaces(&p);
			if (eat(&p, "日"))
				skip_spaces(&p);
		}
	}
	skip_spaces(&p);
	return !*p;
}

char *hy_date_wareki(int year, int month, int day)
{
	long n = day_number(year, month, day);
	for (size_t i = N_ERAS; i-- > 0;) {
		const struct era *e = &eras[i];
		if (n < day_number(e->y, e->m, e->d))
			continue;
		int ey = year - e->y + 1;
		if (ey == 1)
			return hy_printf("%s元年%d月%d日", e->name, month, day);
		return hy_printf("%s%d年%d月%d日", e->name, ey, month, day);
	}
	return NULL;
}

bool hy_date_char(uint32_t c)
{
	static const char *const ok = "0123456789０１２３４５６７８９-./－．／*＊※ 　()（）年月日元";
	if (c < 0x80)
		return strchr(ok, (int)c) && c != 0;
	char enc[5] = {0};
	hy_utf8_encode(c, enc);
	if (strstr(ok, enc))
		return true;
	for (size_t i = 0; i < N_ERAS; i++)
		if (strstr(eras[i].name, enc))
			return true;
	return false;
}
