/* Importing a published assessment: text extracted from its PDF (or the PDF
 * through `pdftotext -layout`) turned into a document.  The form's own
 * printed labels are aligned with the text, each value placed under its
 * field, and every imported or doubtful field marked for review.
 * Knows nothing of the terminal. */
#ifndef HYOKA_IMPORT_H
#define HYOKA_IMPORT_H

#include "hyoka/doc.h"
#include "hyoka/form.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- text: cells of an extraction (src/import_text.c) ---- */

/* One piece of text: a table cell, a line, a paragraph. */
typedef struct {
	char *text;          /* cleaned: HTML turned into lines, marks as [○] / [ ] */
	char *norm;          /* hy_imp_norm(text): for matching labels */
	int line;            /* 1-based line in the input */
	int col;             /* column on its line: tab-separated, empty ones counted */
	int x;               /* display column where it starts on a line laid out with
	                        spaces (`pdftotext -layout`); -1 otherwise */
	bool used;           /* placed (or recognised as form text) */
} hy_imp_cell;

typedef struct {
	hy_imp_cell *items;
	size_t n, cap;
} hy_imp_cells;

/* Splits an extraction into cells: tabs (or runs of two spaces) separate
 * cells, HTML fragments become lines and check marks, page numbers and
 * markdown rules are dropped. */
void hy_imp_split(const char *text, size_t len, hy_imp_cells *out);
void hy_imp_cells_free(hy_imp_cells *cells);

/* The matching key of a text: full-width ASCII and digits made narrow,
 * Roman numerals spelled with I/V/X, ※ and all white space removed. */
char *hy_imp_norm(const char *s);
/* Byte offset in s just after the part whose key is the first nkey bytes
 * of hy_imp_norm(s) (skipping white space and ※ that follow). */
size_t hy_imp_norm_skip(const char *s, size_t nkey);
/* The same without skipping what follows. */
size_t hy_imp_norm_end(const char *s, size_t nkey);
/* HTML fragments of one cell as plain lines; [○] / [ ] for inputs. */
char *hy_imp_html_to_text(const char *s);
/* Trims each line, drops empty ones, joins with '\n'. */
char *hy_imp_tidy(const char *s);

/* ---- recognisers (src/import_values.c) ---- */

/* The option chosen in a value like "[ 30万人以上 ] ＜選択肢＞ 1) …": index
 * in list, or -1.  *detail gets a count "(8) 件" or a detail text (malloc'd);
 * *written the older wording (an alias) the text used, else NULL. */
int hy_imp_choice(const hy_list *list, const char *text, char **detail, const char **written);
/* The ticked options of a value like "[○] 専用線 [ ] 電子メール": sets
 * checked[i] and details[i] (malloc'd) for each; returns how many options
 * were ticked, -1 when the text has no marks at all.  *unplaced: ticks
 * whose text is no option of the list.  *ambiguous: the extraction drew
 * boxes that do not show whether they are ticked (every box alike, or a
 * plain box); such a box counts as ticked only with a written detail
 * beside it, "その他 （…）".  written (may be NULL): per
 * option, the older wording (alias) the text used, else NULL. */
int hy_imp_checks(const hy_list *list, const char *text, bool *checked, char **details,
		  const char **written, int *unplaced, bool *ambiguous);
/* A count "（ 6 ）件" → 6; -1 when none. */
long hy_imp_count(const char *text);
/* A date in the text as the form writes it (和暦 or ISO), malloc'd; NULL
 * when none.  *rest_ok: nothing but the date (and white space) was there. */
char *hy_imp_date(const char *text, bool *alone);
/* An integer alone in the text; false when the text is anything else. */
bool hy_imp_int(const char *text, long *out);

/* ---- review marks (src/import_marks.c) ---- */

/* The document's top-level `review:` mapping: stable field path →
 * "imported" (came from an import) or "check" (needs the author's review).
 * Confirming a field removes its key.  See docs/document-format.md. */
#define HY_REVIEW_KEY "review"
typedef enum { HY_MARK_NONE, HY_MARK_IMPORTED, HY_MARK_CHECK } hy_mark;

/* "file_overview.files.2.basic.user_count": ids, 1-based instance numbers. */
char *hy_review_path(const hy_value *v);
hy_mark hy_review_get(const hy_doc *doc, const hy_value *v);
void hy_review_set(hy_doc *doc, const hy_value *v, hy_mark mark);
/* The entries of the repeat rep were added, removed or reordered: the marks
 * below it follow their entries.  map gives an entry's new index (from 0)
 * for its old one, or -1 when it is gone. */
void hy_review_renumber(hy_doc *doc, const hy_value *rep, long (*map)(long entry, const void *ctx),
			const void *ctx);
/* How many fields are marked `check`. */
size_t hy_review_count(const hy_doc *doc);
/* One warning per field marked `check`, at the field, for `hyoka validate`. */
void hy_review_diags(const hy_doc *doc, hy_diags *out);
/* The next value marked `check` after `from` in form order (NULL: from the
 * start), wrapping around; NULL when none. */
hy_value *hy_review_next(const hy_doc *doc, const hy_value *from, bool backwards);
/* Every value marked `check`, in form order, in *out (caller frees the
 * array; NULL when none); returns how many.  One pass, for the editor's marks. */
size_t hy_review_checked(const hy_doc *doc, hy_value ***out);

/* ---- the importer (src/import.c) ---- */

typedef struct {
	char *path;          /* printed path: "Ⅱ．特定個人情報ファイル1 ３．⑦ 使用者数" */
	char *why;
} hy_imp_review;

typedef struct {
	size_t filled;       /* fields given a value */
	size_t options;      /* options recognised (choices and ticks) */
	hy_imp_review *reviews;
	size_t n_reviews, cap_reviews;
	int *leftover_lines; /* lines of text left unplaced */
	size_t n_leftover, cap_leftover;
	char *why_not;       /* set when the text is not an assessment */
} hy_imp_report;

/* Which form a text is: the one whose title (or stamp) it shows; NULL
 * with report->why_not when none. */
const hy_form *hy_imp_detect(const hy_forms *forms, const hy_imp_cells *cells,
			     hy_imp_report *report);
/* Where each document begins when a text holds several of form (its
 * `document_start` matches a cell's normalised text more than once): the
 * index of each one's first cell in *starts (caller frees).  The first
 * document starts at cell 0, so what precedes the first match is its cover.
 * Returns how many (at least 1; 1 when the form gives no pattern). */
size_t hy_imp_documents(const hy_form *form, const hy_imp_cells *cells, size_t **starts);

/* Imports cells into a new document of form.  Never fails: what cannot be
 * placed is reported and marked. */
hy_doc *hy_imp_document(const hy_form *form, hy_imp_cells *cells, hy_imp_report *report);
void hy_imp_report_free(hy_imp_report *r);

#endif
