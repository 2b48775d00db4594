/* gettext shorthands.  English is the source language. */
#ifndef HYOKA_I18N_H
#define HYOKA_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext((one), (many), (n))

/* Binds the text domain to the catalogue directory found at run time
 * (build tree first, then the installed locale directory). */
void hy_i18n_init(const char *argv0);

#endif
