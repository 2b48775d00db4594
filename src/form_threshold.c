/* What a form's threshold lists mean (forms/README.md, しきい値判断): the
 * fields the しきい値判断 reads and the meaning of their options, read and
 * checked apart from the rest of the form (form.c). */
#include "form_load.h"
#include "hyoka/i18n.h"
#include "hyoka/threshold.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

static void err_at_list(hy_diags *d, const hy_list *list, const char *msg)
{
	yt_node at = {.line = list->line, .col = list->col};
	hy_form_error(d, &at, "%s", msg);
}

/* `bands: [0, 1000, 10000, 100000, 300000]`: each option's lower bound. */
static hy_band band_of_bound(const yt_node *n)
{
	static const long bounds[] = {0, 1000, 10000, 100000, 300000};
	char *end;
	long v = n->kind == YT_SCALAR ? strtol(n->str, &end, 10) : -1;
	if (n->kind != YT_SCALAR || *end || end == n->str)
		return HY_BAND_UNKNOWN;
	for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++)
		if (v == bounds[i])
			return hy_band_of_count(v);
	return HY_BAND_UNKNOWN;
}

/* `results: [full, focused, basic, none]`: what each option requires. */
static bool requirement_of_word(const yt_node *n, hy_requirement *out)
{
	static const char *const words[] = {"none", "basic", "focused", "full"};
	for (int r = HY_REQ_NONE; r <= HY_REQ_BASIC_FULL && n->kind == YT_SCALAR; r++)
		if (strcmp(n->str, words[r]) == 0) {
			*out = (hy_requirement)r;
			return true;
		}
	return false;
}

/* A list of meanings given in the form (*given, NULL when not given) must
 * have one entry per option. */
static bool meanings(hy_diags *d, const yt_node *n, const char *key, const hy_list *list,
		     const yt_node **given)
{
	*given = yt_get(n, key);
	if (*given && ((*given)->kind != YT_SEQ || (*given)->n != list->n_options)) {
		hy_form_error(d, *given,
		    _("threshold '%s' must give one entry per option of the list '%s' (%zu)"), key,
		    list->id, list->n_options);
		return false;
	}
	return true;
}

static void read_bands(hy_diags *d, const yt_node *n, hy_threshold_spec *t)
{
	const hy_list *list = t->population->list;
	const yt_node *given;
	if (!meanings(d, n, "bands", list, &given))
		return;
	t->bands = hy_calloc(list->n_options ? list->n_options : 1, sizeof *t->bands);
	for (size_t i = 0; i < list->n_options; i++) {
		t->bands[i] = given ? band_of_bound(given->items[i])
				    : hy_band_parse(list->options[i].text);
		if (t->bands[i] != HY_BAND_UNKNOWN)
			continue;
		if (given) {
			hy_form_error(d, given->items[i], _("a band is given by its lower bound: 0, 1000, 10000, "
						  "100000 or 300000"));
		} else {
			char *msg = hy_printf(_("the しきい値判断 cannot read the 対象人数 option '%s' of "
						"the list '%s'; give each option's lower bound in "
						"threshold 'bands'"),
					      list->options[i].text, list->id);
			err_at_list(d, list, msg);
			free(msg);
		}
		return;
	}
}

static void read_results(hy_diags *d, const yt_node *n, hy_threshold_spec *t)
{
	const hy_list *list = t->result->list;
	const yt_node *given;
	if (!meanings(d, n, "results", list, &given))
		return;
	t->results = hy_calloc(list->n_options ? list->n_options : 1, sizeof *t->results);
	for (size_t i = 0; i < list->n_options; i++) {
		bool ok = given ? requirement_of_word(given->items[i], &t->results[i])
				: hy_requirement_parse(list->options[i].text, &t->results[i]);
		if (ok)
			continue;
		if (given) {
			hy_form_error(d, given->items[i], _("a result is one of none, basic, focused, full"));
		} else {
			char *msg = hy_printf(_("the しきい値判断 cannot read the result option '%s' of "
						"the list '%s'; say what each option requires in "
						"threshold 'results'"),
					      list->options[i].text, list->id);
			err_at_list(d, list, msg);
			free(msg);
		}
		return;
	}
}

/* `many_handlers: 500人以上`, `incident_yes: 発生あり`: the option that means yes. */
static int yes_option(hy_diags *d, const yt_node *n, const char *key, const hy_fnode *field)
{
	const yt_node *given = yt_get(n, key);
	if (!field)
		return -1;
	if (!given || given->kind != YT_SCALAR) {
		hy_form_error(d, given ? given : n, _("threshold '%s' must name the option of '%s' that means "
					    "yes"),
		    key, field->id);
		return -1;
	}
	int o = hy_list_find(field->list, given->str, NULL);
	if (o < 0)
		hy_form_error(d, given, _("threshold '%s': '%s' is not an option of the list '%s'"), key,
		    given->str, field->list->id);
	return o;
}

static void read_threshold_meaning(hy_diags *d, const yt_node *n, hy_threshold_spec *t)
{
	t->many_handlers = t->incident_yes = -1;
	if (t->population && t->population->type == HY_CHOICE && t->population->list)
		read_bands(d, n, t);
	if (t->result && t->result->type == HY_CHOICE && t->result->list)
		read_results(d, n, t);
	if (t->handlers && t->handlers->type == HY_CHOICE && t->handlers->list)
		t->many_handlers = yes_option(d, n, "many_handlers", t->handlers);
	if (t->incident && t->incident->type == HY_CHOICE && t->incident->list)
		t->incident_yes = yes_option(d, n, "incident_yes", t->incident);
}

void hy_form_parse_threshold(hy_diags *d, hy_form *form, const yt_node *n)
{
	static const char *const keys[] = {"kind", "population", "handlers", "incident", "result",
					   "bands", "results", "many_handlers", "incident_yes",
					   NULL};
	if (!n)
		return;
	if (n->kind != YT_MAP) {
		hy_form_error(d, n, _("'threshold' must be a mapping"));
		return;
	}
	hy_form_check_keys(d, n, keys);
	hy_threshold_spec *t = &form->threshold;
	form->has_threshold = true;
	t->kind = hy_form_scalar(d, n, "kind", true);
	t->population_path = hy_form_scalar(d, n, "population", true);
	t->handlers_path = hy_form_scalar(d, n, "handlers", false);
	t->incident_path = hy_form_scalar(d, n, "incident", false);
	t->result_path = hy_form_scalar(d, n, "result", true);
	if (t->kind && !hy_streq(t->kind, "basic") && !hy_streq(t->kind, "focused") &&
	    !hy_streq(t->kind, "full"))
		hy_form_error(d, yt_get(n, "kind"), _("threshold kind must be basic, focused or full"));
	struct { char *path; const hy_fnode **out; const char *key; } refs[] = {
		{t->population_path, &t->population, "population"},
		{t->handlers_path, &t->handlers, "handlers"},
		{t->incident_path, &t->incident, "incident"},
		{t->result_path, &t->result, "result"},
	};
	for (size_t i = 0; i < 4; i++) {
		if (!refs[i].path)
			continue;
		*refs[i].out = hy_form_find(form, refs[i].path);
		if (!*refs[i].out || (*refs[i].out)->type != HY_CHOICE)
			hy_form_error(d, yt_get(n, refs[i].key), _("threshold %s '%s' is not a choice field"),
			    refs[i].key, refs[i].path);
	}
	read_threshold_meaning(d, n, t);
	if (t->population && t->result) {
		hy_form_add_dependent((hy_fnode *)t->population, t->result);
		if (t->handlers)
			hy_form_add_dependent((hy_fnode *)t->handlers, t->result);
		if (t->incident)
			hy_form_add_dependent((hy_fnode *)t->incident, t->result);
	}
}
