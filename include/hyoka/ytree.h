/* A small YAML tree built from libyaml events, for forms and documents.
 * Refuses what an assessment never needs and an attacker likes: anchors and
 * aliases, tags, duplicate keys, complex keys, deep nesting, huge input.
 * The YAML hyoka writes itself is read by a line-based reader several times
 * faster than libyaml (src/ytree_fast.c) that builds the very same tree. */
#ifndef HYOKA_YTREE_H
#define HYOKA_YTREE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { YT_SCALAR, YT_SEQ, YT_MAP } yt_kind;

typedef struct yt_node yt_node;

typedef struct {
	char *key;
	int line, col;
	yt_node *value;
} yt_pair;

struct yt_node {
	yt_kind kind;
	int line, col;     /* 1-based start */
	char *str;         /* scalar text (NUL-terminated; NULs are refused) */
	size_t len;
	bool plain;        /* unquoted scalar: `~`, `null` and empty mean nothing */
	yt_node **items;   /* sequence */
	yt_pair *pairs;    /* mapping, in file order */
	size_t n, cap;
};

#define YT_MAX_DEPTH 64
#define YT_MAX_INPUT ((size_t)64 << 20)
#define YT_MAX_NODES 4000000

/* Parses text; on error returns NULL with *err (malloc'd), *line and *col set.
 * Tries yt_parse_fast, then yt_parse_libyaml: the result is the latter's. */
yt_node *yt_parse(const char *text, size_t len, char **err, int *line, int *col);
/* libyaml's reading of any YAML, with hyoka's refusals and messages. */
yt_node *yt_parse_libyaml(const char *text, size_t len, char **err, int *line, int *col);
/* The fast path for the YAML hyoka writes (src/ytree_fast.c): exactly the
 * tree yt_parse_libyaml builds -- kinds, strings, `plain`, lines, columns --
 * or NULL when the text is outside that subset.  Never an error: errors are
 * the libyaml path's to report. */
yt_node *yt_parse_fast(const char *text, size_t len);
void yt_free(yt_node *n);
yt_node *yt_new_scalar(const char *s, int line, int col);
yt_node *yt_new(yt_kind kind, int line, int col);
void yt_seq_add(yt_node *seq, yt_node *item);
void yt_map_add(yt_node *map, const char *key, int line, int col, yt_node *value);
yt_node *yt_clone(const yt_node *n);

/* Mapping look-up; NULL when absent. */
yt_node *yt_get(const yt_node *map, const char *key);
const yt_pair *yt_get_pair(const yt_node *map, const char *key);
/* True for a plain empty, `~` or `null` scalar. */
bool yt_is_null(const yt_node *n);
const char *yt_kind_name(yt_kind k);
/* What a value is, in words for someone who writes documents rather than
 * YAML: "the text '1'", "a list of 2 items", "a group of keys (name: …)".
 * malloc'd. */
char *yt_describe(const yt_node *n);
/* The tree as text, one node or key a line with its line:col, kind, `plain`
 * and exact string: two trees are identical when their dumps are (tests). */
char *yt_dump(const yt_node *n);

#endif
