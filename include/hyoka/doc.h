/* Documents: values of a form, loaded from and saved to YAML.
 * See docs/document-format.md.  Knows nothing of the terminal. */
#ifndef HYOKA_DOC_H
#define HYOKA_DOC_H

#include "hyoka/diag.h"
#include "hyoka/form.h"
#include "hyoka/ytree.h"

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

typedef struct {
	hy_severity severity;
	char *message;
} hy_issue;

typedef struct hy_value hy_value;

/* One value per stored form node.  A repeat (or table) has a value holding
 * its instances; each instance is a value (is_instance) holding the children. */
struct hy_value {
	const hy_fnode *f;
	hy_value *parent;
	bool is_instance;
	size_t index;          /* instance index */
	int line, col;         /* where it was in the file (0: not from a file) */

	hy_value **kids;       /* part/section/instance: one per child of f (NULL if not stored) */
	hy_value **inst;       /* repeat/table */
	size_t n_inst, cap_inst;

	char *s;               /* text, longtext, int, date; choice: option text as written
	                          (an older wording is kept as it was written) */
	int opt;               /* choice: option index, -1 if none/unknown */
	char *detail;          /* choice: detail text or count */
	bool *checked;         /* checks: per option */
	char **details;        /* checks: per option detail */
	char **written;        /* checks: older wording as written (NULL: current text) */
	char **unknown;        /* checks: entries not in the list, kept */
	size_t n_unknown;
	int flag;              /* -1 unset, 0, 1 */
	char **items;          /* list */
	size_t n_items;

	yt_node *extra;        /* unknown keys of a mapping, kept and written back */
	yt_node *raw;          /* a value of the wrong shape, kept and written back */

	hy_issue *issues;      /* validation results for this value */
	size_t n_issues, cap_issues;
};

typedef struct {
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
} hy_doc;

#define HY_DOC_MAX_SIZE ((size_t)64 << 20)

hy_doc *hy_doc_new(const hy_form *form);
void hy_doc_free(hy_doc *doc);

/* Loads a document.  Returns NULL when the file cannot be read or parsed (the
 * reason goes to diags with line and column); otherwise the document, whose
 * load notes are in doc->notes and whose validation has been run. */
hy_doc *hy_doc_load(const hy_forms *forms, const char *path, hy_diags *diags);
hy_doc *hy_doc_load_text(const hy_forms *forms, const char *text, size_t len,
			 const char *name, hy_diags *diags);
/* What hy_doc_load tries first: a regular file written as hyoka writes it
 * (`form:` first, every top-level key in column 0) read one top-level key
 * at a time, and a part that is one repeat ("risk:\n  files:\n  - ...")
 * one entry at a time, so that the whole text and the whole tree are never
 * in memory together.  NULL, reporting nothing, for anything else and any
 * problem: then the whole file is loaded, which reports.  Sets neither path
 * nor the disk state. */
hy_doc *hy_doc_load_parts(const hy_forms *forms, const char *path);

/* The id that a document's `form:` line names, read without parsing the
 * document: hyoka writes `form: ID` first.  NULL (look further, or load
 * every form) when the first key is not `form` with a plain or quoted id
 * on its own line, or the file is not a regular file.  Caller frees. */
char *hy_doc_form_id(const char *path);
/* The same for the first len bytes of a document; whole: they are all of it. */
char *hy_doc_form_id_text(const char *text, size_t len, bool whole);

/* The canonical YAML text of a document. */
char *hy_doc_to_yaml(const hy_doc *doc, size_t *len);
/* Is the file at path byte for byte the canonical YAML of doc?  Compared
 * while the YAML is produced, a piece at a time: neither text is held whole. */
bool hy_doc_matches_file(const hy_doc *doc, const char *path);

typedef enum {
	HY_SAVE_OK = 0,
	HY_SAVE_CHANGED_ON_DISK,   /* refused: the file changed since loaded */
	HY_SAVE_FAILED,            /* I/O failure; the old file is intact */
} hy_save_result;

/* Saves atomically (temp file, fsync, rename), keeping the previous version
 * as PATH~ and the file's permissions. */
hy_save_result hy_doc_save(hy_doc *doc, const char *path, bool force, char **err);
/* Writes text to path atomically; used for documents and recovery files. */
bool hy_write_atomic(const char *path, const char *data, size_t len, mode_t new_mode,
		     bool backup, char **err);

/* The same in steps, for text written as it is produced: open (creates the
 * temporary file beside path, mode: the file's, else new_mode), write any
 * number of times, then commit (fsync, PATH~ when backup, rename) or abort
 * (removes the temporary file).  A write error is remembered and reported
 * by commit, with the same messages as hy_write_atomic.  On a failed open
 * or commit nothing is left to abort. */
typedef struct {
	char *path;
	char *tmp;
	int fd;
	bool exists;
	int error;              /* errno of the first failure, 0 if none */
} hy_atomic;

bool hy_atomic_open(hy_atomic *a, const char *path, mode_t new_mode, char **err);
bool hy_atomic_write(hy_atomic *a, const char *data, size_t len);
bool hy_atomic_commit(hy_atomic *a, bool backup, char **err);
void hy_atomic_abort(hy_atomic *a);
/* Has the file changed on disk since it was loaded or saved? */
bool hy_doc_changed_on_disk(const hy_doc *doc);

/* ---- access ---- */
hy_value *hy_value_child(const hy_value *container, const hy_fnode *child);
/* The value of a form node reached from `from` by the form's lexical rule
 * (the same instance inside repeats, the same index across `follows`). */
hy_value *hy_value_resolve(const hy_doc *doc, const hy_value *from, const hy_fnode *target);
bool hy_value_is_empty(const hy_value *v);
/* A one-line preview of a value for lists and outlines. Caller frees. */
char *hy_value_preview(const hy_value *v);
/* The header of a repeat instance: "委託事項2 健康管理システムの運用・保守". Caller frees. */
char *hy_instance_title(const hy_value *inst);
/* The printed path: "Ⅱ．３．⑦ 使用者数", "Ⅱ．４．委託事項2 ⑥委託先名". Caller frees. */
char *hy_value_path(const hy_value *v);

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

/* The text of a value as typed in an editor (choices: option text). */
char *hy_value_text(const hy_value *v);

#endif
