/* YAML for forms and documents: a reader of events (yt_reader) and a small
 * tree built from them.  Refuses what an assessment never needs and an
 * attacker likes: anchors and aliases, tags, duplicate keys, complex keys,
 * deep nesting, huge input.  The YAML hyoka writes itself is read by a
 * line-based reader several times faster than libyaml (src/ytree_fast.c)
 * that gives the very same events; libyaml reads the rest. */
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

/* ---- reading as events ---- */

/* What a reader gives, one at a time, in file order: a mapping's keys and
 * values alternate between its start and end. */
typedef enum {
	YT_EV_END,        /* the end of the input: given again on every later call */
	YT_EV_SCALAR,
	YT_EV_SEQ_START,
	YT_EV_SEQ_END,
	YT_EV_MAP_START,
	YT_EV_MAP_END,
} yt_ev_type;

typedef struct {
	yt_ev_type type;
	int line, col;     /* 1-based start, as libyaml marks it (0 for ends) */
	char *str;         /* SCALAR: the text, malloc'd: the caller's */
	size_t len;
	bool plain;        /* SCALAR: unquoted */
} yt_event;

/* A source of events: fills *ev and returns true, or returns false (an
 * error, or a source that declines). */
typedef bool yt_next_fn(void *source, yt_event *ev);

/* The tree of all the events of a source up to YT_EV_END, with the checks
 * of yt_parse (duplicate and complex keys); NULL when the source fails or a
 * check does (no message: the sources' callers report). */
yt_node *yt_tree_from(yt_next_fn *next, void *source);
/* The tree of one value whose first event is *first (already taken from
 * the source): a scalar, or a collection up to its end.  NULL as above. */
yt_node *yt_tree_of(yt_next_fn *next, void *source, yt_event *first);

/* A reader of one YAML input, served by the fast reader while the input is
 * in its subset and by libyaml from where it is not (libyaml reads the input
 * again from its start and skips the events already given, which are the
 * same), with every refusal of yt_parse.  Neither the whole text nor a tree
 * is kept: a file is read as the reader goes and what it has passed is
 * given back. */
typedef struct yt_reader yt_reader;

/* text must stay until yt_reader_free. */
yt_reader *yt_reader_text(const char *text, size_t len);
/* fd: a regular file of `size` bytes, read from its start (the reader
 * does not close it). */
yt_reader *yt_reader_file(int fd, size_t size);
/* The next event.  False on an error in the input: then yt_reader_whole
 * tells what it is. */
bool yt_reader_next(yt_reader *r, yt_event *ev);
/* For yt_tree_from and yt_tree_of. */
bool yt_reader_next_fn(void *reader, yt_event *ev);
/* The input read whole and parsed by yt_parse, for its exact message (file,
 * line, column) after yt_reader_next failed.  NULL with *err set, or, should
 * the whole parse succeed, the tree. */
yt_node *yt_reader_whole(yt_reader *r, char **err, int *line, int *col);
/* Did the fast reader give every event (tests, benchmarks)? */
bool yt_reader_was_fast(const yt_reader *r);
void yt_reader_free(yt_reader *r);
void yt_event_clear(yt_event *ev);

/* The first YAML comment in text ("# 要確認: 総務課に確認"), found with
 * libyaml's own scanner: a '#' between two tokens.  Returns its byte offset
 * and sets *line and *col (from 1), or returns -1 when there is none (or the
 * text does not scan).  A '#' inside a value is not a comment. */
long yt_find_comment(const char *text, size_t len, int *line, int *col);

/* Does a double-quoted value hold an escaped C0 control or DEL ("\e[31m")?
 * Line breaks and tabs are text.  (Other controls, C1 and bidi among them,
 * are named by the validator: see hy_cp_is_control.) */
bool yt_has_control(const char *s, size_t len);

#endif
