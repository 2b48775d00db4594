#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HYOKA_LOCALEDIR
#define HYOKA_LOCALEDIR "/usr/local/share/locale"
#endif

static bool has_catalogue(const char *dir)
{
	char *p = hy_printf("%s/ja/LC_MESSAGES/hyoka.mo", dir);
	struct stat st;
	bool ok = stat(p, &st) == 0;
	free(p);
	return ok;
}

/* The build tree keeps catalogues in build/locale beside the binary; an
 * installed hyoka finds them in $(PREFIX)/share/locale. */
void hy_i18n_init(const char *argv0)
{
	(void)argv0;
	char exe[PATH_MAX];
	char *dir = NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			const char *rel[] = {"build/locale", "../build/locale", "../share/locale"};
			for (size_t i = 0; i < 3 && !dir; i++) {
				char *p = hy_printf("%s/%s", exe, rel[i]);
				if (has_catalogue(p))
					dir = p;
				else
					free(p);
			}
		}
	}
	bindtextdomain("hyoka", dir ? dir : HYOKA_LOCALEDIR);
	bind_textdomain_codeset("hyoka", "UTF-8");
	textdomain("hyoka");
	free(dir);
}
