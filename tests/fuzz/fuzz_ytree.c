/* The fast YAML path (src/ytree_fast.c) against libyaml, on any bytes:
 *   - yt_parse_fast either declines (NULL) or builds exactly the tree that
 *     yt_parse_libyaml builds: kinds, strings, `plain`, every line and
 *     column (compared through yt_dump);
 *   - what the fast path accepts, libyaml accepts;
 *   - yt_parse (fast path first) gives the libyaml path's tree, or its error
 *     with the same message, line and column;
 *   - the reader (yt_reader: the fast reader's events, then libyaml's from
 *     where it declines, the events already given skipped) builds the libyaml
 *     path's tree, or fails where yt_reader_whole gives the libyaml path's
 *     error: the fast reader's events before a decline are libyaml's. */
#include "fuzz_common.h"
#include "hyoka/ytree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

/* Exactly `size` bytes, not NUL-terminated: ASan sees a read past the end. */
static char *exact_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = exact_copy(data, size);
	char *lib_err = NULL, *err = NULL;
	int lib_line = 0, lib_col = 0, line = 0, col = 0;
	yt_node *lib = yt_parse_libyaml(text, size, &lib_err, &lib_line, &lib_col);
	yt_node *fast = yt_parse_fast(text, size);
	yt_node *both = yt_parse(text, size, &err, &line, &col);
	char *lib_dump = yt_dump(lib);
	if (fast) {
		char *fast_dump = yt_dump(fast);
		FUZZ_CHECK(lib != NULL, "the fast path accepted what libyaml refuses (%d:%d: %s)",
			   lib_line, lib_col, lib_err);
		FUZZ_CHECK(strcmp(fast_dump, lib_dump) == 0,
			   "the trees differ\n--- fast\n%s--- libyaml\n%s", fast_dump, lib_dump);
		free(fast_dump);
	}
	char *both_dump = yt_dump(both);
	FUZZ_CHECK((both == NULL) == (lib == NULL) && strcmp(both_dump, lib_dump) == 0,
		   "yt_parse differs from the libyaml path\n--- yt_parse\n%s--- libyaml\n%s",
		   both_dump, lib_dump);
	FUZZ_CHECK(!lib || (!err && line == 0 && col == 0), "an error reported with a tree");
	FUZZ_CHECK(lib || (err && lib_err && strcmp(err, lib_err) == 0 && line == lib_line &&
			   col == lib_col),
		   "errors differ: yt_parse %d:%d %s, libyaml %d:%d %s", line, col,
		   err ? err : "(none)", lib_line, lib_col, lib_err ? lib_err : "(none)");
	yt_reader *r = yt_reader_text(text, size);
	yt_node *streamed = yt_tree_from(yt_reader_next_fn, r);
	char *streamed_dump = yt_dump(streamed);
	FUZZ_CHECK((streamed == NULL) == (lib == NULL) && strcmp(streamed_dump, lib_dump) == 0,
		   "the reader differs from the libyaml path\n--- reader\n%s--- libyaml\n%s",
		   streamed_dump, lib_dump);
	if (!streamed) {
		char *rerr = NULL;
		int rline = 0, rcol = 0;
		yt_node *whole = yt_reader_whole(r, &rerr, &rline, &rcol);
		FUZZ_CHECK(!whole && rerr && lib_err && strcmp(rerr, lib_err) == 0 &&
				   rline == lib_line && rcol == lib_col,
			   "the reader's error differs: %d:%d %s, libyaml %d:%d %s", rline, rcol,
			   rerr ? rerr : "(none)", lib_line, lib_col, lib_err ? lib_err : "(none)");
		yt_free(whole);
		free(rerr);
	}
	free(streamed_dump);
	yt_free(streamed);
	yt_reader_free(r);
	free(both_dump);
	free(lib_dump);
	free(err);
	free(lib_err);
	yt_free(both);
	yt_free(fast);
	yt_free(lib);
	free(text);
	return 0;
}
