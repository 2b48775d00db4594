/* Dates as assessments write them, and the eras (元号) they are written in.
 * Every rule about dates and eras lives here: the validator, the change
 * table's comparison and the editor ask this module, never an era table of
 * their own. */
#ifndef HYOKA_DATE_H
#define HYOKA_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A date as read.  Parts written masked ("****.12.01", "****年**月**日")
 * are 0 and flagged; the day is 0 when only year and month were given. */
typedef struct {
	int year, month, day;  /* Gregorian */
	bool masked;           /* some part was written as * */
	size_t consumed;       /* bytes of the date itself, from the start; the rest is notes */
} hy_date;

/* Reads a date written as published documents write it:
 *   和暦  令和5年12月28日, 令和５年１２月２８日, 令和元年5月1日, 令和 ２年 ６月２６日
 *   西暦  2023-12-28, 2020.04.01, 2021/03/26 (full-width digits and separators too)
 *   masked parts  ****.12.01, ****年**月**日 (also with slashes)
 *   a mark before the date (※2021/03/26) and spaces around it.
 * `partial`: year and month alone are a date.  A parenthesised note after
 * the date ("（予定）", "（書面会議）") is always accepted; any other text
 * after it only with `notes`.  A day on which one era ended and the next
 * began is valid in both (大正15年12月25日 = 昭和元年12月25日).
 * Returns NULL when s is a date (filling *out if not NULL), otherwise a
 * malloc'd reason. */
char *hy_date_parse(const char *s, bool partial, bool notes, hy_date *out);

/* No date written: nothing but spaces, or the 様式's blank "令和　年　月　日"
 * (any era, 年/月/日 with nothing but spaces between). */
bool hy_date_is_blank(const char *s);

/* The 和暦 of a Gregorian date in the era it belongs to: "令和7年4月1日",
 * "令和元年5月1日".  On a day two eras share, the later era.  NULL before
 * 明治.  Caller frees. */
char *hy_date_wareki(int year, int month, int day);

/* Could the character c be part of a date as written (digits, separators,
 * era names, 年月日元, a mask)?  For an editor refusing keys. */
bool hy_date_char(uint32_t c);

#endif
