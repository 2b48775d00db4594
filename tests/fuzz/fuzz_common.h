/* Shared helpers for the libFuzzer harnesses (see scripts/fuzz.sh).
 * A harness aborts (and libFuzzer saves the input) when an invariant fails. */
#ifndef HYOKA_FUZZ_COMMON_H
#define HYOKA_FUZZ_COMMON_H

#include "hyoka/doc.h"
#include "hyoka/form.h"
#include "hyoka/util.h"
#include "hyoka/utf8.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* scripts/fuzz.sh defines these as absolute paths into the repository;
 * $HYOKA_FORMS and $HYOKA_FUZZ_FIXTURES override them at run time. */
#ifndef FUZZ_FORMS_DIR
#define FUZZ_FORMS_DIR "forms"
#endif
#ifndef FUZZ_FIXTURES_DIR
#define FUZZ_FIXTURES_DIR "tests/fixtures/forms"
#endif
#ifndef FUZZ_EXTRA_FORMS_DIR
#define FUZZ_EXTRA_FORMS_DIR "tests/fuzz/forms"
#endif

#define FUZZ_CHECK(cond, ...)                                                       \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n  ",   \
				__FILE__, __LINE__, #cond);                         \
			fprintf(stderr, __VA_ARGS__);                               \
			fputc('\n', stderr);                                        \
			abort();                                                    \
		}                                                                   \
	} while (0)

static inline void fuzz_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	hy_utf8_locale();
}

static inline void fuzz_add_form(hy_forms *forms, hy_form *f)
{
	if (f && !hy_forms_get(forms, f->id)) {
		forms->forms = hy_realloc(forms->forms, (forms->n + 1) * sizeof *forms->forms);
		forms->forms[forms->n++] = f;
	} else {
		hy_form_free(f);
	}
}

/* The shipped forms, the test fixture `mini` (every field type) and the
 * forms in tests/fuzz/forms (rules the shipped forms do not use). */
static inline void fuzz_load_forms(hy_forms *forms)
{
	const char *dir = getenv("HYOKA_FORMS");
	if (!dir || !*dir)
		dir = FUZZ_FORMS_DIR;
	if (!hy_forms_load_dir(forms, dir, stderr) || forms->n == 0) {
		fprintf(stderr, "fuzz: cannot load the forms in %s\n", dir);
		exit(1);
	}
	const char *fix = getenv("HYOKA_FUZZ_FIXTURES");
	if (!fix || !*fix)
		fix = FUZZ_FIXTURES_DIR;
	char *path = hy_printf("%s/mini.yaml", fix);
	hy_diags d;
	hy_diags_init(&d);
	hy_form *mini = hy_form_load_file(path, &d);
	hy_diags_free(&d);
	free(path);
	fuzz_add_form(forms, mini);
	const char *extra_dir = getenv("HYOKA_FUZZ_EXTRA_FORMS");
	if (!extra_dir || !*extra_dir)
		extra_dir = FUZZ_EXTRA_FORMS_DIR;
	hy_forms extra;
	hy_forms_load_dir(&extra, extra_dir, stderr);
	for (size_t i = 0; i < extra.n; i++)
		fuzz_add_form(forms, extra.forms[i]);
	extra.n = 0;
	hy_forms_free(&extra);
}

/* Copies the input to a NUL-terminated buffer of exactly `size` bytes plus
 * the terminator, so that ASan catches reads past the end. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
