/* Documents: the values of a form, and editing them.  See
 * docs/document-format.md.  Knows nothing of the terminal.
 *
 * The other concerns of a document have modules of their own, whose
 * headers doc.h includes at its end (so that including doc.h gives them all):
 *   docread.h   reading a document from YAML (src/docread.c)
 *   docwrite.h  writing it: the canonical YAML, "matches the file", saving
 *   fileio.h    atomic file writes, backups, the file's state on disk
 *   docview.h   previews, instance titles and printed paths */
#ifndef HYOKA_DOC_H
#define HYOKA_DOC_H

#include "hyoka/diag.h"
#include "hyoka/form.h"
#include "hyoka/ytree.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

typedef struct {
	hy_severity severity;
	char *message;
} hy_issue;

typedef struct hy_value hy_value;

/* One value per stored form node.  A repeat (or table) has a value holding
 * its instances; each instance is a value (is_instance) holding the children.
 * A document holds one per form node and instance (thousands), so the counts
 * are 32-bit and the small fields packed: 152 bytes instead of 208 (issue 16:
 * memory).  A file is at most HY_DOC_MAX_SIZE, so no count comes near 2^32. */
struct hy_value {
	const hy_fnode *f;
	hy_value *parent;

	hy_value **kids;       /* part/section/instance: one per child of f (NULL if not stored) */
	hy_value **inst;       /* repeat/table */

	char *s;               /* text, longtext, int, date; choice: option text as written
	                          (an older wording is kept as it was written) */
	char *detail;          /* choice: detail text or count */
	bool *checked;         /* checks: per option */
	char **details;        /* checks: per option detail */
	char **written;        /* checks: older wording as written (NULL: current text) */
	char **unknown;        /* checks: entries not in the list, kept */
	char **items;          /* list */

	yt_node *extra;        /* unknown keys of a mapping, kept and written back */
	yt_node *raw;          /* a value of the wrong shape, kept and written back */

	hy_issue *issues;      /* validation results for this value */

	uint32_t index;        /* instance index */
	int line, col;         /* where it was in the file (0: not from a file) */
	uint32_t n_inst, cap_inst;
	uint32_t n_unknown;
	uint32_t n_items;
	uint32_t n_issues, cap_issues;
	int16_t opt;           /* choice: option index, -1 if none/unknown
	                          (a list has at most HY_OPTIONS_MAX options) */
	int8_t flag;           /* -1 unset, 0, 1 */
	bool is_instance;
};

typedef struct hy_doc hy_doc;

struct hy_doc {
	const hy_form *form;
	hy_value *root;
	char *path;             /* file it was loaded from / saved to, may be NULL */
	char *form_version;     /* as found in the file */
	yt_node *top_extra;     /* unknown top-level keys */
	hy_diags notes;         /* load warnings: unknown keys, older wording */
	bool modified;
	unsigned long generation; /* bumped by every edit: lets views cache */
	bool has_disk_state;
	struct timespec disk_mtime;
	off_t disk_size;
	ino_t disk_ino;
};

#define HY_DOC_MAX_SIZE ((size_t)64 << 20)

hy_doc *hy_doc_new(const hy_form *form);
void hy_doc_free(hy_doc *doc);

/* ---- building, for the reader ---- */
/* A document with no value set and no repeat entry, not validated. */
hy_doc *hy_doc_new_empty(const hy_form *form);
/* Appends a blank entry to a repeat or table (no follower moves along, no
 * validation: the reader does both at the end). */
hy_value *hy_repeat_append(hy_value *rep);

/* ---- access ---- */
hy_value *hy_value_child(const hy_value *container, const hy_fnode *child);
/* The value of a form node reached from `from` by the form's lexical rule
 * (the same instance inside repeats, the same index across `follows`). */
hy_value *hy_value_resolve(const hy_doc *doc, const hy_value *from, const hy_fnode *target);
bool hy_value_is_empty(const hy_value *v);

/* ---- editing: each marks the document modified and re-validates ---- */
void hy_set_text(hy_doc *doc, hy_value *v, const char *text);
/* The same, taking ownership of a malloc'd text (no copy: per keystroke). */
void hy_set_text_owned(hy_doc *doc, hy_value *v, char *text);
void hy_set_choice(hy_doc *doc, hy_value *v, int option, const char *detail);
void hy_set_check(hy_doc *doc, hy_value *v, size_t option, bool on, const char *detail);
void hy_set_flag(hy_doc *doc, hy_value *v, int flag);
void hy_set_list(hy_doc *doc, hy_value *v, char **items, size_t n);
/* Repeats: instances of followers move along. Return the new/moved instance. */
hy_value *hy_repeat_add(hy_doc *doc, hy_value *rep, size_t at, const hy_value *copy_from);
void hy_repeat_remove(hy_doc *doc, hy_value *rep, size_t at);
void hy_repeat_move(hy_doc *doc, hy_value *rep, size_t from, size_t to);

/* For printing a blank form: one empty entry in every repeat that has none
 * (followers follow). */
void hy_doc_fill_blank(hy_doc *doc);

#include "hyoka/docread.h"
#include "hyoka/docwrite.h"
#include "hyoka/docview.h"
#include "hyoka/fileio.h"

#endif
