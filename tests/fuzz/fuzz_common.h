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

static void fuzz_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	hy_utf8_locale();
}

/* The shipped forms plus the test fixture `mini` (every field type). */
static void fuzz_load_forms(hy_forms *forms)
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
	if (mini && !hy_forms_get(forms, mini->id)) {
		forms->forms = hy_realloc(forms->forms, (forms->n + 1) * sizeof *forms->forms);
		forms->forms[forms->n++] = mini;
	} else {
		hy_form_free(mini);
	}
}

/* Copies the input to a NUL-terminated buffer of exactly `size` bytes plus
 * the terminator, so that ASan catches reads past the end. */
static char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
