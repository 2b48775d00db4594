/* The fast reader (src/ytree_fast.c) as a source of events for yt_reader:
 * one event per call, exactly libyaml's, until it declines (input outside
 * the subset it reads, or an error, which libyaml then reports). */
#ifndef HYOKA_YTREE_FAST_H
#define HYOKA_YTREE_FAST_H

#include "hyoka/ytree.h"

/* Where the text comes from when it is not all in memory. */
typedef struct {
	/* reads more of the text: *avail moves on; false on a read error */
	bool (*fill)(void *ctx, const char **avail);
	/* the text before `before` will not be looked at again (may be NULL) */
	void (*forget)(void *ctx, const char *before);
	void *ctx;
} yt_fast_input;

typedef struct yt_fast yt_fast;

/* The reader of text[0, len), of which [text, avail) has been read; in: how
 * to read the rest (NULL: avail is ignored, all of it is there).  At least
 * 3 bytes (or all) must have been read (a byte-order mark is skipped). */
yt_fast *yt_fast_new(const char *text, size_t len, const char *avail, const yt_fast_input *in);
/* The next event; false: declined.  Every event given before a decline is
 * the one libyaml gives at that place. */
bool yt_fast_next(yt_fast *s, yt_event *ev);
void yt_fast_free(yt_fast *s);

#endif
