/* A small YAML tree built from libyaml events, for forms and documents.
 * Refuses what an assessment never needs and an attacker likes: anchors and
 * aliases, tags, duplicate keys, complex keys, deep nesting, huge input. */
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

/* Parses text; on error returns NULL with *err (malloc'd), *line and *col set. */
yt_node *yt_parse(const char *text, size_t len, char **err, int *line, int *col);
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

#endif
