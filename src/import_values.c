/* Import, step two: recognisers for the printed shapes of values -- a
 * chosen option "[ 30万人以上 ]", ticks "[○] 専用線", counts "（ 6 ）件",
 * dates, numbers -- always against the field's own option list. */
#include "hyoka/import.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Does key start with the option's (or one alias's) key?  Returns the
 * longest matching length, 0 when none; *alias the older wording matched
 * (NULL: the current text). */
static size_t option_prefix(const hy_option *o, const char *key, const char **alias)
{
	size_t best = 0;
	for (size_t a = 0; a <= o->n_aliases; a++) {
		const char *t = a == 0 ? o->text : o->aliases[a - 1];
		char *k = hy_imp_norm(t);
		size_t n = strlen(k);
		if (n > best && strncmp(key, k, n) == 0) {
			best = n;
			*alias = a == 0 ? NULL : t;
		}
		free(k);
	}
	return best;
}

/* The option whose key is the longest prefix of key; -1 when none. */
static int best_option(const hy_list *list, const char *key, size_t *matched, const char **alias)
{
	int best = -1;
	size_t best_len = 0;
	*alias = NULL;
	for (size_t i = 0; i < list->n_options; i++) {
		const char *a = NULL;
		size_t n = option_prefix(&list->options[i], key, &a);
		if (n > best_len) {
			best_len = n;
			best = (int)i;
			*alias = a;
		}
	}
	*matched = best_len;
	return best;
}

/* The option whose key is exactly key; -1 when none. */
static int exact_option(const hy_list *list, const char *key, const char **alias)
{
	size_t n;
	int i = best_option(list, key, &n, alias);
	return i >= 0 && n == strlen(key) ? i : -1;
}

/* Position of the next '[' or '［' at or after s; NULL if none. */
static const char *next_open(const char *s, size_t *open_len)
{
	const char *a = strchr(s, '[');
	const char *b = strstr(s, "［");
	if (b && (!a || b < a)) {
		*open_len = 3;
		return b;
	}
	*open_len = 1;
	return a;
}

static const char *close_of(const char *s, size_t *close_len)
{
	const char *a = strchr(s, ']');
	const char *b = strstr(s, "］");
	if (b && (!a || b < a)) {
		*close_len = 3;
		return b;
	}
	*close_len = 1;
	return a;
}

long hy_imp_count(const char *text)
{
	char *k = hy_imp_norm(text);
	long result = -1;
	for (char *p = strstr(k, "件"); p; p = strstr(p + 1, "件")) {
		if (p - k < 3 || p[-1] != ')')
			continue;
		char *q = p - 2;
		while (q > k && isdigit((unsigned char)*q))
			q--;
		if (*q == '(' && q + 1 < p - 1) {
			result = strtol(q + 1, NULL, 10);
			break;
		}
	}
	free(k);
	return result;
}

/* The text inside the parentheses that open at s (after white space),
 * nested ones kept; NULL when s does not open one.  *end after the close. */
static char *paren_text(const char *s, const char **end)
{
	while (*s == ' ' || hy_starts_with(s, "\xE3\x80\x80"))
		s += *s == ' ' ? 1 : 3;
	if (*s != '(' && !hy_starts_with(s, "（"))
		return NULL;
	s += *s == '(' ? 1 : 3;
	int depth = 1;
	const char *p = s;
	while (*p) {
		if (*p == '(' || hy_starts_with(p, "（"))
			depth++;
		else if (*p == ')' || hy_starts_with(p, "）")) {
			if (--depth == 0)
				break;
		}
		p += *p == '(' || *p == ')' ? 1 : (size_t)(hy_starts_with(p, "（") ||
							    hy_starts_with(p, "）") ? 3 : 1);
	}
	if (!*p)
		return NULL;
	*end = p + (*p == ')' ? 1 : 3);
	char *raw = hy_strndup(s, (size_t)(p - s));
	char *t = hy_imp_tidy(raw);
	free(raw);
	for (char *c = t; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return t;
}

/* The text without the marks an extraction draws for form controls
 * ("[<input …/> 委託する]"): a choice is told by its bracketed text. */
static char *without_marks(const char *text)
{
	static const char *const marks[] = {"[◇]", "[◆]", "[○]", "◇", "◆"};
	hy_buf b;
	hy_buf_init(&b);
	for (const char *p = text; *p;) {
		size_t skip = 0;
		for (size_t i = 0; i < sizeof marks / sizeof *marks && !skip; i++)
			if (hy_starts_with(p, marks[i]))
				skip = strlen(marks[i]);
		if (skip)
			p += skip;
		else
			hy_buf_addc(&b, *p++);
	}
	return hy_buf_take(&b);
}

static int choice_in(const hy_list *list, const char *text, char **detail, const char **written);

int hy_imp_choice(const hy_list *list, const char *text, char **detail, const char **written)
{
	*detail = NULL;
	*written = NULL;
	if (!list)
		return -1;
	char *clean = without_marks(text);
	int i = choice_in(list, clean, detail, written);
	free(clean);
	return i;
}

static int choice_in(const hy_list *list, const char *text, char **detail, const char **written)
{
	size_t ol, cl;
	for (const char *o = next_open(text, &ol); o; o = next_open(o + ol, &ol)) {
		const char *c = close_of(o + ol, &cl);
		if (!c)
			break;
		char *inner = hy_strndup(o + ol, (size_t)(c - o - ol));
		char *key = hy_imp_norm(inner);
		free(inner);
		int i = *key ? exact_option(list, key, written) : -1;
		free(key);
		if (i < 0)
			continue;
		const hy_option *opt = &list->options[i];
		if (opt->detail == HY_DETAIL_COUNT) {
			long n = hy_imp_count(text);
			if (n >= 0)
				*detail = hy_printf("%ld", n);
		} else if (opt->detail == HY_DETAIL_TEXT) {
			const char *end;
			*detail = paren_text(c + cl, &end);
		}
		return i;
	}
	/* no brackets: the value may be the option's text alone */
	const char *cap = strstr(text, "選択肢");
	char *head = cap ? hy_strndup(text, (size_t)(cap - text)) : hy_strdup(text);
	char *key = hy_imp_norm(head);
	free(head);
	size_t n = strlen(key);
	while (n && (key[n - 1] == '<' || key[n - 1] == '[' || key[n - 1] == ']'))
		key[--n] = '\0';
	int i = *key ? exact_option(list, key, written) : -1;
	free(key);
	return i;
}

/* ---- ticks ---- */

enum { MARK_OFF, MARK_ON, MARK_WEAK_ON, MARK_WEAK_OFF };

/* A tick mark at s: MARK_*, -1 no mark.  *len its length. */
static int mark_at(const char *s, size_t *len)
{
	static const char *const on[] = {"■", "☑", "☒", "●", "✔"};
	static const char *const off[] = {"□", "☐"};
	for (size_t i = 0; i < sizeof on / sizeof *on; i++)
		if (hy_starts_with(s, on[i])) {
			*len = strlen(on[i]);
			return MARK_ON;
		}
	for (size_t i = 0; i < sizeof off / sizeof *off; i++)
		if (hy_starts_with(s, off[i])) {
			*len = strlen(off[i]);
			return MARK_OFF;
		}
	size_t ol, cl;
	if (!(*s == '[' || hy_starts_with(s, "［")))
		return -1;
	ol = *s == '[' ? 1 : 3;
	const char *c = close_of(s + ol, &cl);
	if (!c || c - s > 16)
		return -1;
	char *inner = hy_strndup(s + ol, (size_t)(c - s - ol));
	char *key = hy_imp_norm(inner);
	free(inner);
	int r = -1;
	if (!*key)
		r = MARK_OFF;
	else if (strcmp(key, "◆") == 0)
		r = MARK_WEAK_ON;
	else if (strcmp(key, "◇") == 0)
		r = MARK_WEAK_OFF;
	else if (strcmp(key, "○") == 0 || strcmp(key, "x") == 0 || strcmp(key, "X") == 0 ||
		 strcmp(key, "O") == 0 || strcmp(key, "o") == 0 ||
		 strcmp(key, "✓") == 0 || strcmp(key, "✔") == 0 || strcmp(key, "●") == 0 ||
		 strcmp(key, "v") == 0 || strcmp(key, "レ") == 0)
		r = 1;
	free(key);
	if (r >= 0)
		*len = (size_t)(c - s) + cl;
	return r;
}

/* Places one ticked segment "その他 （共通基盤システム） …" on its option.
 * need_detail: tick it only when a detail is written. */
static bool tick_segment(const hy_list *list, const char *seg, bool *checked, char **details,
			 const char **written, bool need_detail)
{
	char *key = hy_imp_norm(seg);
	size_t matched;
	const char *alias;
	int i = best_option(list, key, &matched, &alias);
	free(key);
	if (i < 0)
		return false;
	const hy_option *o = &list->options[i];
	const char *after = seg + hy_imp_norm_skip(seg, matched);
	char *detail = NULL;
	if (o->detail == HY_DETAIL_TEXT) {
		const char *end;
		detail = paren_text(after, &end);
	} else if (o->detail == HY_DETAIL_COUNT) {
		long n = hy_imp_count(after);
		if (n >= 0)
			detail = hy_printf("%ld", n);
	}
	if (detail && !*detail) {
		free(detail);
		detail = NULL;
	}
	if (need_detail && !detail)
		return true; /* recognised, not ticked */
	checked[i] = true;
	free(details[i]);
	details[i] = detail;
	if (written)
		written[i] = alias;
	return true;
}

static int count_checked(const hy_list *list, const bool *checked)
{
	int n = 0;
	for (size_t i = 0; i < list->n_options; i++)
		n += checked[i];
	return n;
}

/* How many marks of each kind the text has. */
static int count_marks(const char *text, int counts[4])
{
	int marks = 0;
	for (const char *p = text; *p;) {
		size_t len;
		int m = mark_at(p, &len);
		if (m < 0) {
			p++;
			continue;
		}
		counts[m]++;
		marks++;
		p += len;
	}
	return marks;
}

int hy_imp_checks(const hy_list *list, const char *text, bool *checked, char **details,
		  const char **written, int *unplaced, bool *ambiguous)
{
	int ticked = 0, counts[4] = {0};
	*unplaced = 0;
	int marks = count_marks(text, counts);
	/* Weak marks mean something only against a contrast: beside real ticks
	 * they are the empty boxes; with empty brackets and no real tick, the
	 * bracketed ones are the ticks; alone they say nothing. */
	bool weak_on_is_on = counts[MARK_ON] == 0 && counts[MARK_OFF] > 0;
	*ambiguous = marks > 0 && counts[MARK_ON] == 0 &&
		     counts[MARK_WEAK_ON] + counts[MARK_WEAK_OFF] > 0 &&
		     !(counts[MARK_WEAK_ON] > 0 && counts[MARK_OFF] > 0);
	const char *p = text;
	while (*p) {
		size_t len;
		int m = mark_at(p, &len);
		if (m < 0) {
			p++;
			continue;
		}
		const char *seg = p + len;
		/* the segment runs to the next mark */
		const char *q = seg;
		size_t l2;
		while (*q && mark_at(q, &l2) < 0)
			q++;
		bool on = m == MARK_ON || (m == MARK_WEAK_ON && weak_on_is_on);
		/* a box that says little, with a detail written beside it: the
		 * author wrote it because the box is ticked */
		bool maybe = (*ambiguous && m != MARK_OFF) || m == MARK_WEAK_OFF;
		if (on || maybe) {
			char *s = hy_strndup(seg, (size_t)(q - seg));
			int before = count_checked(list, checked);
			if (!tick_segment(list, s, checked, details, written, !on) && on)
				(*unplaced)++;
			if (!on && count_checked(list, checked) > before)
				*ambiguous = true;
			free(s);
		}
		p = q;
	}
	ticked = count_checked(list, checked);
	return marks ? ticked : -1;
}

/* ---- dates and numbers ---- */

static const char *const eras[] = {"令和", "平成", "昭和"};

char *hy_imp_date(const char *text, bool *alone)
{
	char *k = hy_imp_norm(text);
	char *found = NULL;
	*alone = false;
	for (size_t e = 0; e < 3 && !found; e++) {
		char *p = strstr(k, eras[e]);
		if (!p)
			continue;
		char *q = p + strlen(eras[e]);
		if (hy_starts_with(q, "元"))
			q += 3;
		else if (isdigit((unsigned char)*q))
			while (isdigit((unsigned char)*q))
				q++;
		else
			continue;
		if (!hy_starts_with(q, "年"))
			continue;
		q += 3;
		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (!hy_starts_with(q, "月"))
			continue;
		q += 3;
		if (isdigit((unsigned char)*q)) {
			char *d = q;
			while (isdigit((unsigned char)*d))
				d++;
			if (hy_starts_with(d, "日"))
				q = d + 3;
		}
		found = hy_strndup(p, (size_t)(q - p));
		*alone = p == k && *q == '\0';
	}
	if (!found) {
		/* ISO 2023-12-28 */
		for (char *p = k; *p && !found; p++)
			if (isdigit((unsigned char)p[0]) && strlen(p) >= 10 && p[4] == '-' &&
			    p[7] == '-' && isdigit((unsigned char)p[5]) &&
			    isdigit((unsigned char)p[8]) && isdigit((unsigned char)p[9])) {
				found = hy_strndup(p, 10);
				*alone = p == k && p[10] == '\0';
			}
	}
	free(k);
	return found;
}

bool hy_imp_int(const char *text, long *out)
{
	char *k = hy_imp_norm(text);
	bool ok = false;
	if (*k && strlen(k) < 18) {
		char *end;
		errno = 0;
		long v = strtol(k, &end, 10);
		ok = *end == '\0' && errno == 0 && isdigit((unsigned char)k[0]);
		if (ok)
			*out = v;
	}
	free(k);
	return ok;
}
