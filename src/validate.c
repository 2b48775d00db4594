#include "hyoka/validate.h"
#include "hyoka/date.h"
#include "hyoka/i18n.h"
#include "hyoka/threshold.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- issues ---- */

void hy_value_clear_issues(hy_value *v)
{
	for (size_t i = 0; i < v->n_issues; i++)
		free(v->issues[i].message);
	v->n_issues = 0;
}

static void issue(hy_value *v, hy_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void issue(hy_value *v, hy_severity sev, const char *fmt, ...)
{
	hy_grow32((void **)&v->issues, &v->cap_issues, v->n_issues, sizeof *v->issues);
	va_list ap;
	va_start(ap, fmt);
	v->issues[v->n_issues].severity = sev;
	v->issues[v->n_issues].message = hy_vprintf(fmt, ap);
	v->n_issues++;
	va_end(ap);
}

/* Nothing but spaces (ASCII or 全角, line breaks). */
static bool blank_text(const char *s)
{
	for (const char *p = s ? s : ""; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else if (strncmp(p, "\u3000", 3) == 0)
			p += 3;
		else
			return false;
	}
	return true;
}

/* Nothing but spaces counts as empty for the rules, and so does the 様式's
 * blank date "令和　年　月　日"; the text is kept as written. */
static bool blank_value(const hy_value *v)
{
	if (hy_value_is_empty(v))
		return true;
	if (!v->s || v->f->type == HY_CHOICE)
		return false;
	if (v->f->type == HY_DATE)
		return hy_date_is_blank(v->s);
	return blank_text(v->s);
}

bool hy_doc_is_draft(const hy_doc *doc)
{
	const yt_node *mark = doc->top_extra ? yt_get(doc->top_extra, "draft") : NULL;
	return mark && mark->kind == YT_SCALAR &&
	       (hy_streq(mark->str, "true") || hy_streq(mark->str, "yes"));
}

/* ---- conditions ---- */

static bool cond_holds(const hy_doc *doc, const hy_value *v, const hy_cond *c)
{
	if (!c->target)
		return true;
	const hy_value *t = hy_value_resolve(doc, v, c->target);
	if (!t)
		return c->op == HY_COND_NOT || c->op == HY_COND_LACKS ||
		       (c->op == HY_COND_SET && !c->truth) ||
		       (c->op == HY_COND_IS && c->target->type == HY_FLAG && !c->truth);
	switch (c->op) {
	case HY_COND_SET:
		return blank_value(t) != c->truth;
	case HY_COND_IS:
	case HY_COND_NOT: {
		bool eq;
		if (t->f->type == HY_FLAG)
			eq = (t->flag == 1) == c->truth;
		else if (t->f->type == HY_CHOICE)
			eq = t->opt == c->option && t->opt >= 0;
		else
			eq = false;
		return c->op == HY_COND_IS ? eq : !eq;
	}
	case HY_COND_HAS:
	case HY_COND_LACKS: {
		bool has = t->checked && c->option >= 0 && t->checked[c->option];
		return c->op == HY_COND_HAS ? has : !has;
	}
	}
	return true;
}

static bool conds_hold(const hy_doc *doc, const hy_value *v, const hy_conds *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		if (!cond_holds(doc, v, &cs->items[i]))
			return false;
	return true;
}

bool hy_value_applies(const hy_doc *doc, const hy_value *v)
{
	for (const hy_value *a = v; a; a = a->parent) {
		if (a->is_instance)
			continue; /* the repeat value carries the condition */
		if (a->f->when.n && !conds_hold(doc, a, &a->f->when))
			return false;
	}
	return true;
}

bool hy_node_applies(const hy_doc *doc, const hy_value *scope, const hy_fnode *f)
{
	return hy_value_applies(doc, scope) && (!f->when.n || conds_hold(doc, scope, &f->when));
}

static char *describe_cond(const hy_cond *c)
{
	const char *label = c->target && *c->target->label ? c->target->label : c->path;
	switch (c->op) {
	case HY_COND_IS:
		return c->target && c->target->type == HY_FLAG
			? hy_printf(c->truth ? _("%s is checked") : _("%s is not checked"), label)
			: hy_printf(_("%s is %s"), label, c->value);
	case HY_COND_NOT:
		return hy_printf(_("%s is not %s"), label, c->value);
	case HY_COND_HAS:
		return hy_printf(_("%s includes %s"), label, c->value);
	case HY_COND_LACKS:
		return hy_printf(_("%s does not include %s"), label, c->value);
	case HY_COND_SET:
		return hy_printf(c->truth ? _("%s is filled in") : _("%s is empty"), label);
	}
	return hy_strdup("?");
}

static const hy_cond *failing_cond(const hy_doc *doc, const hy_value *v)
{
	for (const hy_value *a = v; a; a = a->parent) {
		if (a->is_instance)
			continue;
		for (size_t i = 0; i < a->f->when.n; i++)
			if (!cond_holds(doc, a, &a->f->when.items[i]))
				return &a->f->when.items[i];
	}
	return NULL;
}

/* ---- per-field rules ---- */

/* What a value of v's kind looks like, in the words of the person filling it in. */
static char *expected_shape(const hy_value *v)
{
	hy_type t = v->is_instance ? HY_SECTION : v->f->type;
	switch (t) {
	case HY_PART:
	case HY_SECTION: return hy_strdup(_("a group of fields (one 'key: value' per line)"));
	case HY_REPEAT:
	case HY_TABLE: return hy_strdup(_("a list of entries (each starting with '- ')"));
	case HY_CHECKS: return hy_strdup(_("a list of the checked options"));
	case HY_LIST: return hy_strdup(_("a list of texts"));
	case HY_FLAG: return hy_strdup(_("true or false"));
	case HY_INT: return hy_strdup(_("a whole number"));
	case HY_DATE: return hy_strdup(_("a date such as 令和5年12月28日"));
	case HY_CHOICE:
		if (v->f->list && v->f->list->n_options > 0)
			return hy_printf(_("one of the options, such as '%s'"),
					 v->f->list->options[0].text);
		return hy_strdup(_("a text"));
	default: return hy_strdup(_("a text"));
	}
}

/* In a list or checklist kept as it was written, the first item that
 * cannot be one (a list inside the list; for a list of texts, also a group
 * of keys), or NULL. */
static const yt_node *first_bad_item(const hy_value *v, size_t *index)
{
	const yt_node *raw = v->raw;
	if (raw->kind != YT_SEQ || (v->f->type != HY_LIST && v->f->type != HY_CHECKS))
		return NULL;
	for (size_t i = 0; i < raw->n; i++) {
		yt_kind k = raw->items[i]->kind;
		if (k == YT_SEQ || (k == YT_MAP && v->f->type == HY_LIST)) {
			*index = i + 1;
			return raw->items[i];
		}
	}
	return NULL;
}

static void wrong_shape(hy_value *v)
{
	size_t index;
	const yt_node *bad = first_bad_item(v, &index);
	char *found = yt_describe(bad ? bad : v->raw);
	if (bad && v->f->type == HY_LIST)
		issue(v, HY_ERROR, _("each item must be a text, but item %zu is %s (kept as it is)"),
		      index, found);
	else if (bad)
		issue(v, HY_ERROR,
		      _("each item must be one of the options, but item %zu is %s (kept as it is)"),
		      index, found);
	else {
		char *expected = expected_shape(v);
		issue(v, HY_ERROR, _("expected %s here, found %s (kept as it is)"), expected, found);
		free(expected);
	}
	free(found);
}

static char *allowed_options(const hy_list *list)
{
	hy_buf b;
	hy_buf_init(&b);
	for (size_t i = 0; i < list->n_options; i++) {
		char *num = hy_list_number(list, i);
		hy_buf_addf(&b, "%s%s%s", i ? ", " : "", num, list->options[i].text);
		free(num);
	}
	return hy_buf_take(&b);
}

/* ASCII and ideographic spaces. */
static const char *skip_blank(const char *p)
{
	for (;;)
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\u3000", 3) == 0)
			p += 3;
		else
			return p;
}

/* One digit, ASCII or full-width (０-９: EF BC 90-99); -1 if none. */
static int read_digit(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	if (*s >= '0' && *s <= '9') {
		(*p)++;
		return *s - '0';
	}
	if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
		*p += 3;
		return s[2] - 0x90;
	}
	return -1;
}

char *hy_number_parse(const char *s, long *out)
{
	const char *p = skip_blank(s);
	bool minus = false;
	if (*p == '-' || strncmp(p, "－", strlen("－")) == 0) {
		minus = true;
		p += *p == '-' ? 1 : strlen("－");
	}
	long n = 0;
	int digits = 0, first = -1, d;
	while ((d = read_digit(&p)) >= 0) {
		if (n > (LONG_MAX - d) / 10)
			return hy_printf(_("'%s' is too large"), s);
		n = n * 10 + d;
		if (digits++ == 0)
			first = d;
	}
	p = skip_blank(p);
	if (!digits || *p)
		return hy_printf(_("'%s' is not a whole number"), s);
	if (first == 0 && digits > 1)
		return hy_printf(_("'%s' starts with 0: write %ld (other YAML tools read 010 as the "
				   "octal number 8)"),
				 s, minus ? -n : n);
	*out = minus ? -n : n;
	return NULL;
}

static void check_detail(const hy_doc *doc, hy_value *v, const hy_option *o, const char *detail)
{
	if (o->detail == HY_DETAIL_TEXT && hy_is_blank(detail) && !o->detail_optional) {
		issue(v, HY_ERROR, _("'%s' is checked; write its text in （ ）"), o->text);
		return;
	}
	if (o->detail != HY_DETAIL_COUNT)
		return;
	long n;
	if (blank_text(detail)) {
		issue(v, HY_ERROR, _("'%s' needs its count, as in （ 3 ） 件"), o->text);
		return;
	}
	char *bad = hy_number_parse(detail, &n);
	if (!bad && n < 0)
		bad = hy_printf(_("'%s' is not a whole number"), detail);
	if (bad) {
		issue(v, HY_ERROR, _("the count of '%s': %s"), o->text, bad);
		free(bad);
		return;
	}
	if (!o->counts)
		return;
	const hy_value *rep = hy_value_resolve(doc, v, o->counts);
	/* one block may cover several recipients (a 別紙), so only fewer is odd,
	 * unless the form says every counted item has its block (委託事項) */
	if (rep && ((size_t)n < rep->n_inst || (o->count_exact && (size_t)n != rep->n_inst))) {
		char *name = hy_strdup(rep->f->repeat_label && *rep->f->repeat_label
					       ? rep->f->repeat_label : rep->f->id);
		char *brace = strstr(name, "{n}");
		if (brace)
			memmove(brace, brace + 3, strlen(brace + 3) + 1);
		issue(v, HY_WARNING, _("'%s' says %ld but %zu %s blocks are present"), o->text, n,
		      (size_t)rep->n_inst, name);
		free(name);
	}
}

static const char *template_name(const hy_form *form, const char *id)
{
	for (size_t i = 0; i < form->n_templates; i++)
		if (strcmp(form->templates[i].id, id) == 0)
			return form->templates[i].stamp ? form->templates[i].stamp : id;
	return id;
}

/* An option written in other wording than its text: silent when it is the
 * wording of the document's own template (form_version), otherwise named. */
static void check_wording(const hy_doc *doc, hy_value *v, const hy_option *o, const char *written)
{
	if (!written || strcmp(written, o->text) == 0)
		return;
	const char *owner = hy_option_template(o, written);
	const hy_template *mine = hy_form_template(doc->form, doc->form_version);
	if (owner && mine && strcmp(owner, mine->id) == 0)
		return;
	if (owner)
		issue(v, HY_WARNING,
		      _("'%s' is the wording of %s; this document's template (%s) prints '%s'; kept "
			"as written"),
		      written, template_name(doc->form, owner),
		      mine->stamp ? mine->stamp : mine->id, o->text);
	else
		issue(v, HY_WARNING,
		      _("older wording '%s' (the current form says '%s'); kept as written"), written,
		      o->text);
}

static void check_choice(const hy_doc *doc, hy_value *v)
{
	if (!v->s)
		return;
	if (v->opt < 0) {
		char *allowed = allowed_options(v->f->list);
		issue(v, HY_ERROR, _("'%s' is not one of the official options: %s"), v->s, allowed);
		free(allowed);
		return;
	}
	const hy_option *o = &v->f->list->options[v->opt];
	check_wording(doc, v, o, v->s);
	if (o->detail != HY_DETAIL_NONE)
		check_detail(doc, v, o, v->detail);
	else if (v->detail)
		issue(v, HY_WARNING, _("'%s' takes no extra text; '%s' is ignored when printed"),
		      o->text, v->detail);
}

static void check_checks(const hy_doc *doc, hy_value *v)
{
	const hy_list *list = v->f->list;
	if (v->n_unknown) {
		char *allowed = allowed_options(list);
		for (size_t i = 0; i < v->n_unknown; i++)
			issue(v, HY_ERROR, _("'%s' is not one of the official options: %s"),
			      v->unknown[i], allowed);
		free(allowed);
	}
	size_t checked = 0;
	for (size_t i = 0; i < list->n_options; i++)
		checked += v->checked[i];
	for (size_t i = 0; i < list->n_options; i++) {
		if (!v->checked[i])
			continue;
		check_wording(doc, v, &list->options[i], v->written ? v->written[i] : NULL);
		if (list->options[i].exclusive && checked > 1)
			issue(v, HY_ERROR, _("'%s' cannot be checked together with other options"),
			      list->options[i].text);
		check_detail(doc, v, &list->options[i], v->details[i]);
	}
}

/* A control character (ESC, C1, U+2028, a bidi override) in a value could
 * drive a terminal or reorder what a reader sees; an invisible one (a zero
 * width space, a BOM) makes equal-looking texts differ.  Both are named. */
static void check_one_text(hy_value *v, const char *s)
{
	size_t at;
	uint32_t cp = s ? hy_find_unsafe(s, strlen(s), true, &at) : 0;
	if (!cp)
		return;
	char *name = hy_cp_describe(cp);
	if (hy_cp_is_control(cp))
		issue(v, HY_ERROR, _("contains the control character %s (at byte %zu): delete it"), name,
		      at);
	else
		issue(v, HY_WARNING, _("contains %s, which cannot be seen (at byte %zu): delete it"),
		      name, at);
	free(name);
}

static void check_characters(hy_value *v)
{
	check_one_text(v, v->s);
	check_one_text(v, v->detail);
	size_t n_options = v->f->list && v->checked ? v->f->list->n_options : 0;
	for (size_t i = 0; i < n_options; i++)
		if (v->checked[i]) {
			check_one_text(v, v->details ? v->details[i] : NULL);
			check_one_text(v, v->written ? v->written[i] : NULL);
		}
	for (size_t i = 0; i < v->n_unknown; i++)
		check_one_text(v, v->unknown[i]);
	for (size_t i = 0; i < v->n_items; i++)
		check_one_text(v, v->items[i]);
}

static void check_text(hy_value *v)
{
	if (!v->s)
		return;
	size_t chars = v->f->has_max ? hy_utf8_chars(v->s) : 0;
	if (v->f->has_max && (long)chars > v->f->max)
		issue(v, HY_ERROR, P_("too long: %zu characters, at most %ld allowed",
				      "too long: %zu characters, at most %ld allowed", chars),
		      chars, v->f->max);
	if (v->f->type == HY_TEXT && strchr(v->s, '\n'))
		issue(v, HY_WARNING, _("a one-line field contains line breaks"));
}

static void check_int(hy_value *v)
{
	if (!v->s)
		return;
	long n;
	char *bad = hy_number_parse(v->s, &n);
	if (bad) {
		issue(v, HY_ERROR, "%s", bad);
		free(bad);
		return;
	}
	if (v->f->has_min && n < v->f->min)
		issue(v, HY_ERROR, _("%ld is below the minimum %ld"), n, v->f->min);
	if (v->f->has_max && n > v->f->max)
		issue(v, HY_ERROR, _("%ld is above the maximum %ld"), n, v->f->max);
}

static void check_date(hy_value *v)
{
	if (!v->s)
		return;
	char *bad = hy_date_parse(v->s, v->f->partial_date, v->f->date_notes, NULL);
	if (bad) {
		issue(v, HY_ERROR, _("not a date: %s"), bad);
		free(bad);
	}
}

/* `warn_empty`: an entry with nothing in it (an empty 別紙) is a warning. */
static void check_empty_entries(hy_value *v)
{
	for (size_t i = 0; i < v->n_inst; i++) {
		if (!hy_value_is_empty(v->inst[i]))
			continue;
		char *title = hy_instance_title(v->inst[i]);
		issue(v, HY_WARNING, _("%s is empty; fill it in or remove it"), title);
		free(title);
	}
}

static void check_repeat(const hy_doc *doc, hy_value *v)
{
	const hy_fnode *f = v->f;
	if (f->warn_empty)
		check_empty_entries(v);
	if (f->has_min && (long)v->n_inst < f->min && hy_value_applies(doc, v))
		issue(v, HY_ERROR, P_("at least %ld entry is needed", "at least %ld entries are needed",
				      f->min),
		      f->min);
	if (f->has_max && (long)v->n_inst > f->max)
		issue(v, HY_ERROR, P_("at most %ld entry is allowed", "at most %ld entries are allowed",
				      f->max),
		      f->max);
	if (f->follows) {
		const hy_value *leader = hy_value_resolve(doc, v, f->follows);
		if (leader && leader->n_inst != v->n_inst) {
			char *name = hy_strdup(hy_fnode_name(f->follows));
			char *brace = strstr(name, "{n}");
			if (brace)
				memmove(brace, brace + 3, strlen(brace + 3) + 1);
			issue(v, HY_WARNING,
			      P_("%zu entry here but %zu in %s; they should correspond one to one",
				 "%zu entries here but %zu in %s; they should correspond one to one",
				 v->n_inst),
			      (size_t)v->n_inst, (size_t)leader->n_inst, name);
			free(name);
		}
	}
}

/* The answers a しきい値判断 reads, by what their options mean in the form. */
typedef struct {
	hy_band band;
	bool answered;       /* 取扱者数 and 重大事故 too (basic) */
	bool many, incident;
} threshold_answers;

static bool read_answers(const hy_doc *doc, const hy_value *from, threshold_answers *a)
{
	const hy_threshold_spec *t = &doc->form->threshold;
	const hy_value *pop = hy_value_resolve(doc, from, t->population);
	if (!pop || pop->opt < 0 || !t->bands)
		return false;
	a->band = t->bands[pop->opt];
	const hy_value *h = t->handlers ? hy_value_resolve(doc, from, t->handlers) : NULL;
	const hy_value *inc = t->incident ? hy_value_resolve(doc, from, t->incident) : NULL;
	a->answered = h && h->opt >= 0 && inc && inc->opt >= 0;
	a->many = a->answered && h->opt == t->many_handlers;
	a->incident = a->answered && inc->opt == t->incident_yes;
	return true;
}

/* The form's own text for a requirement (its result list), else the official one. */
static const char *result_text(const hy_form *form, hy_requirement r)
{
	const hy_threshold_spec *t = &form->threshold;
	const hy_list *list = t->result ? t->result->list : NULL;
	for (size_t i = 0; list && t->results && i < list->n_options; i++)
		if (t->results[i] == r)
			return list->options[i].text;
	return hy_requirement_text(r);
}

/* What `hyoka threshold` says: the result, the documents it asks for and why. */
static void threshold_mismatch(const hy_doc *doc, hy_value *v, hy_requirement need,
			       const hy_value *pop)
{
	const hy_threshold_spec *t = &doc->form->threshold;
	hy_buf why;
	hy_buf_init(&why);
	hy_buf_addf(&why, _("対象人数 %s"), pop->s);
	const hy_value *h = hy_value_resolve(doc, v, t->handlers);
	const hy_value *inc = hy_value_resolve(doc, v, t->incident);
	if (hy_threshold_answers_matter(t->bands[pop->opt]) && h && inc) {
		hy_buf_addf(&why, _(" and 取扱者数 %s"), h->s);
		hy_buf_addf(&why, _(" and 重大事故 %s"), inc->s);
	}
	issue(v, HY_ERROR, _("the answers give '%s' (%s: %s), not '%s'"),
	      result_text(doc->form, need), hy_requirement_documents(need), why.data, v->s);
	hy_buf_free(&why);
}

static void check_threshold(const hy_doc *doc, hy_value *v)
{
	const hy_threshold_spec *t = &doc->form->threshold;
	if (!doc->form->has_threshold || t->result != v->f || v->opt < 0 || !t->results)
		return;
	hy_requirement printed = t->results[v->opt];
	threshold_answers a;
	if (!read_answers(doc, v, &a))
		return;
	const hy_value *pop = hy_value_resolve(doc, v, t->population);
	if (hy_streq(t->kind, "basic")) {
		if (!a.answered)
			return;
		hy_requirement need = hy_threshold_required(a.band, a.many, a.incident, false);
		if (need != printed)
			threshold_mismatch(doc, v, need, pop);
		return;
	}
	if (!hy_requirement_possible(a.band, printed))
		issue(v, HY_ERROR, _("'%s' cannot follow from 対象人数 '%s'"), v->s, pop->s);
	else if (hy_streq(t->kind, "focused") && printed == HY_REQ_BASIC_FULL)
		issue(v, HY_ERROR, _("a 全項目評価 is required; a 重点項目評価書 cannot record it"));
	if (hy_streq(t->kind, "focused") && a.band == HY_BAND_300000)
		issue(v, HY_ERROR, _("対象人数 30万人以上 requires a 全項目評価書, not a 重点項目評価書"));
}

/* A file name without the numbering published lists put before it: "(1) ", "（１）". */
static char *bare_name(const char *s)
{
	const char *p = skip_blank(s);
	const char *open = NULL;
	if (*p == '(')
		open = p + 1;
	else if (strncmp(p, "（", strlen("（")) == 0)
		open = p + strlen("（");
	if (open) {
		const char *q = open;
		int d, digits = 0;
		while ((d = read_digit(&q)) >= 0)
			digits++;
		if (digits && *q == ')')
			p = skip_blank(q + 1);
		else if (digits && strncmp(q, "）", strlen("）")) == 0)
			p = skip_blank(q + strlen("）"));
	}
	char *out = hy_strdup(p);
	size_t n = strlen(out);
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
	while (n >= 3 && strcmp(out + n - 3, "\u3000") == 0)
		out[n -= 3] = '\0';
	return out;
}

/* The nth entry's value against the nth item of the list it should repeat
 * (Ⅱ ファイル名 against Ⅰ．３ 特定個人情報ファイル名). */
static void check_same_as(const hy_doc *doc, hy_value *v)
{
	const hy_value *inst = v->parent;
	const hy_value *list = v->f->same_as ? hy_value_resolve(doc, v, v->f->same_as) : NULL;
	if (!v->s || !inst || !inst->is_instance || !list || !list->n_items)
		return;
	char *where = hy_value_path(list);
	if (inst->index >= list->n_items) {
		issue(v, HY_WARNING, P_("%s names %zu file; this is file %zu",
					"%s names %zu files; this is file %zu", list->n_items),
		      where, (size_t)list->n_items, (size_t)inst->index + 1);
	} else {
		char *mine = bare_name(v->s), *theirs = bare_name(list->items[inst->index]);
		if (strcmp(mine, theirs) != 0)
			issue(v, HY_WARNING, _("differs from %s, entry %zu: '%s'"), where,
			      (size_t)inst->index + 1, list->items[inst->index]);
		free(mine);
		free(theirs);
	}
	free(where);
}

/* `heads`: a row's cells fill the named columns; one beyond them has no
 * column to print in (a 別紙 table row with more cells than columns). */
static void check_heads(const hy_doc *doc, hy_value *v)
{
	const hy_value *heads = v->f->heads ? hy_value_resolve(doc, v, v->f->heads) : NULL;
	size_t n_heads = heads ? heads->n_items : 0;
	if (!v->f->heads || v->n_items <= n_heads)
		return;
	const char *name = hy_fnode_name(v->f->heads);
	issue(v, HY_ERROR, P_("%zu cells but %zu column in %s", "%zu cells but %zu columns in %s",
			      n_heads),
	      (size_t)v->n_items, n_heads, name);
}

static bool is_leaf(const hy_value *v)
{
	return !v->is_instance && !hy_type_is_container(v->f->type);
}

/* Must the field be written: required, or required under a condition that
 * holds now? */
static bool is_needed(const hy_doc *doc, const hy_value *v)
{
	return v->f->required || (v->f->require_if.n && conds_hold(doc, v, &v->f->require_if));
}

static void validate_one(const hy_doc *doc, hy_value *v)
{
	hy_value_clear_issues(v);
	if (v->raw) {
		wrong_shape(v);
		return;
	}
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION)
		return;
	bool applies = hy_value_applies(doc, v);
	bool empty = blank_value(v);
	if (!applies) {
		/* report only the outermost node that does not apply */
		const hy_value *up = v->parent && v->parent->is_instance ? v->parent->parent : v->parent;
		if (!empty && (!up || hy_value_applies(doc, up))) {
			const hy_cond *c = failing_cond(doc, v);
			char *why = c ? describe_cond(c) : hy_strdup("?");
			issue(v, HY_ERROR, _("filled in, but it applies only when %s"), why);
			free(why);
		}
		return;
	}
	if (v->f->type == HY_REPEAT || v->f->type == HY_TABLE) {
		check_repeat(doc, v);
		return;
	}
	if (empty) {
		bool needed = is_needed(doc, v);
		if (needed && v->f->pending_in_draft && hy_doc_is_draft(doc))
			issue(v, HY_WARNING, _("pending: a draft cannot hold it before the public "
					       "comment period and the 第三者点検 (draft: true)"));
		else if (v->f->required)
			issue(v, HY_ERROR, _("required"));
		else if (v->f->require_if.n && conds_hold(doc, v, &v->f->require_if)) {
			char *why = describe_cond(&v->f->require_if.items[0]);
			issue(v, HY_ERROR, _("required because %s"), why);
			free(why);
		} else if (v->f->expected) {
			issue(v, HY_WARNING, v->f->type == HY_CHECKS
						     ? _("nothing is checked; check what applies")
						     : _("not filled in; the form asks for it"));
		} else if (v->f->suggest_if.n && conds_hold(doc, v, &v->f->suggest_if)) {
			char *why = describe_cond(&v->f->suggest_if.items[0]);
			issue(v, HY_WARNING, _("should be described because %s"), why);
			free(why);
		}
		return;
	}
	check_characters(v);
	switch (v->f->type) {
	case HY_TEXT:
	case HY_LONGTEXT: check_text(v); check_same_as(doc, v); break;
	case HY_INT: check_int(v); break;
	case HY_DATE: check_date(v); break;
	case HY_CHOICE: check_choice(doc, v); check_threshold(doc, v); break;
	case HY_CHECKS: check_checks(doc, v); break;
	case HY_LIST:
		if (v->f->has_max && (long)v->n_items > v->f->max)
			issue(v, HY_ERROR, _("at most %ld items are allowed"), v->f->max);
		check_heads(doc, v);
		break;
	default: break;
	}
}

static void validate_tree(const hy_doc *doc, hy_value *v)
{
	validate_one(doc, v);
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				validate_tree(doc, v->kids[i]);
	for (size_t i = 0; i < v->n_inst; i++)
		validate_tree(doc, v->inst[i]);
}

void hy_validate_all(hy_doc *doc)
{
	validate_tree(doc, doc->root);
}

static bool fnode_under(const hy_fnode *a, const hy_fnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* Re-validates every value of form node `dep` that the value `from` can affect:
 * below the nearest common container, fanning out through repeats. */
static void revalidate_fnode_values(hy_doc *doc, hy_value *cur, const hy_fnode *dep)
{
	if (cur->f == dep && !cur->is_instance) {
		validate_tree(doc, cur);
		return;
	}
	if (cur->kids) {
		for (size_t i = 0; i < cur->f->n_children; i++)
			if (cur->kids[i] && fnode_under(cur->f->children[i], dep))
				revalidate_fnode_values(doc, cur->kids[i], dep);
		return;
	}
	for (size_t i = 0; i < cur->n_inst; i++)
		revalidate_fnode_values(doc, cur->inst[i], dep);
}

static void revalidate_dependent(hy_doc *doc, hy_value *from, const hy_fnode *dep)
{
	hy_value *scope = from->parent;
	while (scope && !(scope->kids && scope->f != dep && fnode_under(scope->f, dep)))
		scope = scope->parent;
	revalidate_fnode_values(doc, scope ? scope : doc->root, dep);
}

void hy_validate_edit(hy_doc *doc, hy_value *v)
{
	validate_tree(doc, v);
	for (size_t i = 0; i < v->f->n_dependents; i++)
		revalidate_dependent(doc, v, v->f->dependents[i]);
	/* rules that read an enclosing container: a repeat whose count a choice
	 * states, a condition that a section be filled in */
	for (hy_value *a = v->parent; a; a = a->parent)
		if (!a->is_instance && a->f->n_dependents)
			for (size_t i = 0; i < a->f->n_dependents; i++)
				revalidate_dependent(doc, a, a->f->dependents[i]);
}

/* ---- summaries ---- */

static void add_status(const hy_doc *doc, const hy_value *v, hy_status *st)
{
	for (size_t i = 0; i < v->n_issues; i++) {
		if (v->issues[i].severity == HY_ERROR)
			st->errors++;
		else
			st->warnings++;
	}
	if (is_leaf(v) && v->f->type != HY_REPEAT && v->f->type != HY_TABLE &&
	    hy_value_applies(doc, v)) {
		bool filled = !blank_value(v);
		st->fields++;
		st->filled += filled;
		/* what its "required" error says: not written yet, not wrong (a
		 * draft's pending field is only a warning) */
		if (is_needed(doc, v) && !(v->f->pending_in_draft && hy_doc_is_draft(doc))) {
			st->required++;
			st->required_filled += filled;
		}
	}
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				add_status(doc, v->kids[i], st);
	for (size_t i = 0; i < v->n_inst; i++)
		add_status(doc, v->inst[i], st);
}

hy_status hy_value_status(const hy_doc *doc, const hy_value *v)
{
	hy_status st;
	memset(&st, 0, sizeof st);
	add_status(doc, v, &st);
	return st;
}

/* Where a value's issues are reported: its own position, else its nearest
 * ancestor's. */
static void value_position(const hy_value *v, int *line, int *col)
{
	*line = v->line;
	*col = v->col;
	for (const hy_value *a = v->parent; *line == 0 && a; a = a->parent) {
		*line = a->line;
		*col = a->col;
	}
}

static void collect_issue(const hy_value *v, hy_severity sev, const char *message,
			  hy_diags *out)
{
	char *path = hy_value_path(v);
	int line, col;
	value_position(v, &line, &col);
	hy_diags_add(out, sev, line, col, path, "%s", message);
	free(path);
}

static void collect_own(const hy_value *v, hy_diags *out)
{
	for (size_t i = 0; i < v->n_issues; i++)
		collect_issue(v, v->issues[i].severity, v->issues[i].message, out);
}

/* A table of several hundred rows must not drown the other diagnostics:
 * the same message in the same column is reported for the first rows, then
 * once more for all the rows after them. */
enum { ALIKE_SHOWN = 3 };

typedef struct {
	size_t column;
	hy_severity severity;
	const char *message;
	size_t count;
	const hy_value *first_hidden;
} alike;

static alike *count_alike(alike **seen, size_t *n, size_t *cap, size_t column,
			  hy_severity sev, const char *message)
{
	for (size_t i = 0; i < *n; i++)
		if ((*seen)[i].column == column && (*seen)[i].severity == sev &&
		    strcmp((*seen)[i].message, message) == 0)
			return &(*seen)[i];
	hy_grow((void **)seen, cap, *n, sizeof **seen);
	alike *a = &(*seen)[(*n)++];
	*a = (alike){.column = column, .severity = sev, .message = message};
	return a;
}

static void collect_cell(const hy_value *cell, size_t column, alike **seen, size_t *n_seen,
			 size_t *cap, hy_diags *out)
{
	for (size_t i = 0; i < cell->n_issues; i++) {
		alike *a = count_alike(seen, n_seen, cap, column, cell->issues[i].severity,
				       cell->issues[i].message);
		if (a->count++ < ALIKE_SHOWN)
			collect_issue(cell, a->severity, a->message, out);
		else if (!a->first_hidden)
			a->first_hidden = cell;
	}
}

static void collect_table(const hy_value *table, hy_diags *out)
{
	alike *seen = NULL;
	size_t n_seen = 0, cap = 0;
	collect_own(table, out);
	for (size_t r = 0; r < table->n_inst; r++) {
		const hy_value *row = table->inst[r];
		collect_own(row, out);
		for (size_t c = 0; row->kids && c < row->f->n_children; c++)
			if (row->kids[c])
				collect_cell(row->kids[c], c, &seen, &n_seen, &cap, out);
	}
	for (size_t i = 0; i < n_seen; i++) {
		size_t more = seen[i].count - ALIKE_SHOWN;
		if (!seen[i].first_hidden)
			continue;
		char *msg = hy_printf(P_("%s (and in %zu more row of this column from here on)",
					 "%s (and in %zu more rows of this column from here on)",
					 more),
				      seen[i].message, more);
		collect_issue(seen[i].first_hidden, seen[i].severity, msg, out);
		free(msg);
	}
	free(seen);
}

static void collect(const hy_value *v, hy_diags *out)
{
	if (!v->is_instance && v->f->type == HY_TABLE && !v->raw) {
		collect_table(v, out);
		return;
	}
	collect_own(v, out);
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			if (v->kids[i])
				collect(v->kids[i], out);
	for (size_t i = 0; i < v->n_inst; i++)
		collect(v->inst[i], out);
}

void hy_doc_collect(const hy_doc *doc, hy_diags *out)
{
	for (size_t i = 0; i < doc->notes.n; i++) {
		const hy_diag *d = &doc->notes.items[i];
		hy_diags_add(out, d->severity, d->line, d->col, d->path, "%s", d->message);
	}
	collect(doc->root, out);
	hy_diags_sort(out);
}

void hy_threshold_autofill(hy_doc *doc, const hy_value *edited)
{
	const hy_threshold_spec *t = &doc->form->threshold;
	if (!doc->form->has_threshold || !hy_streq(t->kind, "basic") || !t->handlers ||
	    !t->incident || !t->results || !edited)
		return;
	if (edited->f != t->population && edited->f != t->handlers && edited->f != t->incident)
		return;
	threshold_answers a;
	hy_value *res = hy_value_resolve(doc, edited, t->result);
	if (!res || !res->f->list || !read_answers(doc, edited, &a) || !a.answered)
		return;
	hy_requirement need = hy_threshold_required(a.band, a.many, a.incident, false);
	for (size_t i = 0; i < res->f->list->n_options; i++) {
		if (t->results[i] == need) {
			if (res->opt != (int)i)
				hy_set_choice(doc, res, (int)i, NULL);
			return;
		}
	}
}
