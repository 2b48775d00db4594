/* A set of forms: the forms directory, loaded whole or a form at a time
 * (hy_forms_*, see form.h).  One form's language is form.c. */
#include "hyoka/form.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HYOKA_DATADIR
#define HYOKA_DATADIR "/usr/local/share/hyoka"
#endif

/* ---- the forms directory ---- */

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *hy_forms_find_dir(const char *explicit_dir, const char *argv0)
{
	(void)argv0;
	if (explicit_dir)
		return hy_strdup(explicit_dir);
	const char *env = getenv("HYOKA_FORMS");
	if (env && *env)
		return hy_strdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			const char *rel[] = {"forms", "../forms", "../share/hyoka/forms"};
			for (size_t i = 0; i < 3; i++) {
				char *p = hy_printf("%s/%s", exe, rel[i]);
				if (is_dir(p))
					return p;
				free(p);
			}
		}
	}
	char *p = hy_printf("%s/forms", HYOKA_DATADIR);
	if (is_dir(p))
		return p;
	free(p);
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool hy_forms_load_dir(hy_forms *set, const char *dir, FILE *errors)
{
	memset(set, 0, sizeof *set);
	set->dir = hy_strdup(dir);
	DIR *d = opendir(dir);
	if (!d) {
		if (errors)
			fprintf(errors, _("hyoka: cannot open forms directory %s\n"), dir);
		return false;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
			hy_grow((void **)&names, &cap, n, sizeof *names);
			names[n++] = hy_strdup(e->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, by_name);
	bool ok = true;
	size_t fcap = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = hy_printf("%s/%s", dir, names[i]);
		hy_diags diags;
		hy_diags_init(&diags);
		hy_form *f = hy_form_load_file(path, &diags);
		if (f && hy_forms_get(set, f->id)) {
			hy_diags_add(&diags, HY_ERROR, 1, 1, NULL, _("form id '%s' is defined twice"),
				     f->id);
			hy_form_free(f);
			f = NULL;
		}
		if (!f) {
			ok = false;
			if (errors)
				hy_diags_print(&diags, path, errors);
		} else {
			hy_grow((void **)&set->forms, &fcap, set->n, sizeof *set->forms);
			set->forms[set->n++] = f;
		}
		hy_diags_free(&diags);
		free(path);
		free(names[i]);
	}
	free(names);
	set->complete = true;
	return ok;
}

const hy_form *hy_forms_get(const hy_forms *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (hy_streq(set->forms[i]->id, id))
			return set->forms[i];
	return NULL;
}

void hy_forms_free(hy_forms *set)
{
	for (size_t i = 0; i < set->n; i++)
		hy_form_free(set->forms[i]);
	free(set->forms);
	free(set->dir);
	memset(set, 0, sizeof *set);
}

void hy_forms_init(hy_forms *set, const char *dir)
{
	memset(set, 0, sizeof *set);
	set->dir = hy_strdup(dir);
}

static void forms_add(hy_forms *set, hy_form *f)
{
	set->forms = hy_realloc(set->forms, (set->n + 1) * sizeof *set->forms);
	set->forms[set->n++] = f;
}

const hy_form *hy_forms_load_one(hy_forms *set, const char *id)
{
	const hy_form *have = hy_forms_get(set, id);
	if (have || set->complete || !set->dir || !hy_form_id_is_valid(id))
		return have;
	/* the id is [a-z][a-z0-9_-]*: no '/' nor "..", the path stays in dir */
	char *path = hy_printf("%s/%s.yaml", set->dir, id);
	hy_diags diags;
	hy_diags_init(&diags);
	hy_form *f = hy_form_load_file(path, &diags);
	hy_diags_free(&diags);
	free(path);
	if (f && !hy_streq(f->id, id)) {
		hy_form_free(f);
		f = NULL;
	}
	if (f)
		forms_add(set, f);
	return f;
}

/* Takes the form with this id out of the set (NULL if absent). */
static hy_form *forms_take(hy_forms *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++) {
		hy_form *f = set->forms[i];
		if (f && hy_streq(f->id, id)) {
			set->forms[i] = NULL;
			return f;
		}
	}
	return NULL;
}

bool hy_forms_load_rest(hy_forms *set, FILE *errors)
{
	if (set->complete)
		return true;
	if (!set->dir)
		return false; /* not a set of a directory's forms */
	hy_forms all;
	bool ok = hy_forms_load_dir(&all, set->dir, errors);
	/* the directory's order and content, with the loaded forms kept */
	for (size_t i = 0; i < all.n; i++) {
		hy_form *kept = forms_take(set, all.forms[i]->id);
		if (kept) {
			hy_form_free(all.forms[i]);
			all.forms[i] = kept;
		}
	}
	/* one whose file went away meanwhile stays too: a document may use it */
	for (size_t i = 0; i < set->n; i++)
		if (set->forms[i])
			forms_add(&all, set->forms[i]);
	free(set->forms);
	free(set->dir);
	*set = all;
	return ok;
}
