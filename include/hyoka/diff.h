/* Revision diff: the changes between two versions of a document of the same
 * form, as rows for its 変更箇所 table.  Used by `hyoka diff` and by the
 * editor (`--since OLD`), and by the recovery of a document.  Knows nothing of the terminal. */
#ifndef HYOKA_DIFF_H
#define HYOKA_DIFF_H

#include "hyoka/doc.h"

#include <stdbool.h>
#include <stddef.h>

/* Texts written into change rows.  They are document content, which is
 * Japanese whatever the interface language, so they are not translated. */
#define HY_DIFF_ADDED "（新規）"     /* "before" of an added repeat instance */
#define HY_DIFF_REMOVED "（削除）"   /* "after" of a removed repeat instance */
#define HY_DIFF_ELIDED "…"          /* stands for unchanged paragraphs */
#define HY_DIFF_BEFORE_HAND "事前"  /* suggested 提出時期 of a 重要な変更 */
#define HY_DIFF_AFTER_HAND "事後"   /* suggested 提出時期 otherwise */

typedef enum {
	HY_CHANGE_EDITED,   /* a field's value changed */
	HY_CHANGE_ADDED,    /* a repeat instance or table row was added */
	HY_CHANGE_REMOVED,  /* a repeat instance or table row was removed */
} hy_change_kind;

typedef struct {
	hy_change_kind kind;
	char *path;          /* printed item path: "Ⅰ．１．③ 対象人数", "… 委託事項2 ①委託内容" */
	char *before;        /* "" when it was empty; long texts: the changed paragraphs only */
	char *after;
	bool important;      /* a 重要な変更: the field is a ※ item, or the added or removed
				instance is one or holds a filled ※ item */
	const hy_fnode *f;   /* the field, or the repeat of an added/removed instance */
} hy_change;

typedef struct {
	hy_change *items;
	size_t n, cap;
} hy_changes;

void hy_changes_init(hy_changes *c);
void hy_changes_free(hy_changes *c);

/* Compares two documents of the same form field by field, in form order, and
 * appends one row per change to out.  Repeat instances are matched by index;
 * when the counts differ, by their title (or, without one, their content), so
 * that one inserted instance is one row.  The 変更箇所 table itself is left
 * out.  Returns false with *err (malloc'd) when the forms differ. */
bool hy_diff(const hy_doc *old_doc, const hy_doc *new_doc, hy_changes *out, char **err);

/* As hy_diff, with the 変更箇所 table compared too: every change, as the
 * recovery of a document shows them (recover.c). */
bool hy_diff_all(const hy_doc *old_doc, const hy_doc *new_doc, hy_changes *out, char **err);

/* The 提出時期 to suggest: 事前 for a 重要な変更, 事後 otherwise. */
const char *hy_change_timing(const hy_change *c);

/* Compares two texts paragraph by paragraph (lines).  When both are non-empty
 * and one has several paragraphs, *before and *after hold only the changed
 * paragraphs, each run of unchanged ones shown as "…" (one neighbour is kept
 * when a side would otherwise be empty); else the whole texts.  Caller frees. */
void hy_diff_text(const char *old_text, const char *new_text, char **before, char **after);

/* The form's 変更箇所 table: a table child of the top-level part `changes`. */
const hy_fnode *hy_changes_table(const hy_form *form);

/* Appends the changes to doc's 変更箇所 table as rows dated `date` (columns
 * date, item, before, after, timing; timing_reason is left for the author),
 * skipping any row already there with the same date, item and after.  Sets
 * *added to the number appended.  Returns false with *err (malloc'd), and the
 * document untouched, when the form has no such table or the date is not
 * valid for its date column. */
/* Whether hy_diff_append can append to doc's table with this date: false
 * with *err (malloc'd) as hy_diff_append would say. */
bool hy_diff_append_check(const hy_doc *doc, const char *date, char **err);

bool hy_diff_append(hy_doc *doc, const hy_changes *changes, const char *date, size_t *added,
		    char **err);

#endif
