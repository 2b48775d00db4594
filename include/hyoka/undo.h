/* Undo and redo of document edits, on the model side (no terminal code).
 * A step keeps snapshots of the values a change touched, before and after;
 * undo and redo put them back through the doc API (hy_set_*, hy_repeat_*),
 * so validation and the modified mark follow.  Values are found again by
 * their position from the root, since a change may free and re-create them. */
#ifndef HYOKA_UNDO_H
#define HYOKA_UNDO_H

#include "hyoka/doc.h"

typedef struct hy_undo hy_undo;

hy_undo *hy_undo_new(void);
void hy_undo_free(hy_undo *u);

/* Starts a step: snapshots v with everything in it (a repeat together with
 * the repeats whose entries follow it).  Call before changing v. */
void hy_undo_begin(hy_undo *u, const hy_doc *doc, const hy_value *v);
/* Adds another value the same change may touch (one an edit fills in by
 * itself, such as しきい値判断結果) to the step begun. */
void hy_undo_add(hy_undo *u, const hy_value *v);
/* Ends the step begun: snapshots the same values again.  A step that
 * changed nothing is dropped; one that did clears what could be redone.
 * Returns whether a step was recorded. */
bool hy_undo_commit(hy_undo *u, const hy_doc *doc);

bool hy_undo_can_undo(const hy_undo *u);
bool hy_undo_can_redo(const hy_undo *u);
/* Puts back the values as they were before the last step (after it, for
 * redo).  *where, if given, receives the value the step changed.  False
 * when there is nothing to undo (redo). */
bool hy_undo_undo(hy_undo *u, hy_doc *doc, hy_value **where);
bool hy_undo_redo(hy_undo *u, hy_doc *doc, hy_value **where);

#endif
