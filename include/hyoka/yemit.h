/* A direct writer of the YAML hyoka writes (src/yemit.c): one block-style
 * document whose root is a mapping, of block mappings and sequences (an
 * empty one is written `{}` / `[]`) and scalars without tags or anchors.
 * Its output is byte for byte what libyaml's emitter writes for the same
 * events with the settings docwrite gives it (unicode, no line width, indent
 * 2, "\n" breaks, implicit document start and end): the same choice of
 * plain, single-quoted, double-quoted or literal style, the same escapes,
 * chomping and indentation hints, the same `? ` for keys too long or on
 * several lines.  Several times faster: no event queue, and text is copied
 * a line at a time.  tests/unit/test_yemit.c holds it to libyaml's output. */
#ifndef HYOKA_YEMIT_H
#define HYOKA_YEMIT_H

#include <stdbool.h>
#include <stddef.h>

/* The scalar styles a caller asks for; the writer may choose another, as
 * libyaml does (values match yaml_scalar_style_t). */
typedef enum {
	YE_ANY = 0,
	YE_PLAIN = 1,
	YE_SINGLE_QUOTED = 2,
	YE_DOUBLE_QUOTED = 3,
	YE_LITERAL = 4,
} ye_style;

/* Receives the text in pieces; returning 0 stops the writer (as libyaml's
 * yaml_write_handler_t). */
typedef int ye_sink(void *data, unsigned char *buffer, size_t size);

typedef struct ye ye;

/* A writer for one document, sending its text to sink. */
ye *ye_new(ye_sink *sink, void *data);
/* Each returns false once the writer has failed: the sink stopped it, a
 * scalar is not valid UTF-8, or the events are out of order (a key that is
 * not a scalar, an end without its start); later calls do nothing. */
bool ye_map_start(ye *w);
bool ye_map_end(ye *w);
bool ye_seq_start(ye *w);
bool ye_seq_end(ye *w);
bool ye_scalar(ye *w, const char *s, size_t len, ye_style style);
/* Ends the document (after the root mapping's end) and sends what is left;
 * false when anything failed. */
bool ye_finish(ye *w);
void ye_free(ye *w);

#endif
