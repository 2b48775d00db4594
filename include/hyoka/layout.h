/* The layout model: every decision about what a printed document shows, in
 * which order and with which labels, marks and lists, made once and handed
 * to a back-end (text: render.c, PDF: pdf.c) as a stream of items.  The
 * back-ends only decide how an item looks: widths, lines, rules, fonts. */
#ifndef HYOKA_LAYOUT_H
#define HYOKA_LAYOUT_H

#include "hyoka/doc.h"

typedef enum {
	HY_LY_TITLE,       /* a centred line: the form's title, 項目一覧 */
	HY_LY_STAMP,       /* a right-aligned line: [令和６年４月　様式４] */
	HY_LY_BLANK,       /* an empty line between blocks */
	HY_LY_PAGE,        /* a page break the 様式 has */
	HY_LY_WIDE,        /* a full-width cell: heading, repeat header, caption */
	HY_LY_ROW,         /* a label cell and a value cell */
	HY_LY_TABLE,       /* a table's title (may be empty) and its column heads */
	HY_LY_TABLE_ROW,   /* one row of the table opened last */
	HY_LY_TABLE_END,
	HY_LY_TABLE_GROUP, /* a row across the open table: a 区分 where it changes */
	HY_LY_LINE,        /* an outline part's line, outside any cell: wrapped, aligned */
} hy_ly_kind;

/* What a wide cell is, for back-ends that style them differently. */
typedef enum {
	HY_LW_PART,        /* Ⅰ 基本情報 */
	HY_LW_SECTION,     /* １．特定個人情報ファイルを取り扱う事務 */
	HY_LW_ENTRY,       /* a repeat entry's header: システム1 */
	HY_LW_CAPTION,     /* a fixed label printed across the row */
	HY_LW_TOC,         /* a row of 項目一覧 */
	HY_LW_TEXT,        /* a text across the row, beneath its caption */
	HY_LW_GROUP,       /* the newest template's group row: システム2～5 */
} hy_ly_wide;

/* A value cell is a list of paragraphs. */
typedef enum {
	HY_LP_TEXT,        /* text to wrap (may hold line breaks) */
	HY_LP_LINE,        /* one line as it is (the blank choice box, ＜選択肢＞) */
	HY_LP_ITEMS,       /* unbreakable items side by side, wrapped between items */
} hy_lp_kind;

typedef enum {
	HY_LR_PLAIN,
	HY_LR_CHOSEN,      /* "[ 委託する ] （ 6 ） 件" */
	HY_LR_CAPTION,     /* ＜選択肢＞ */
	HY_LR_OPTIONS,     /* "1） 委託する　2） 委託しない" */
	HY_LR_CHECKS,      /* "[ ○ ] 住民基本台帳ネットワークシステム" */
	HY_LR_GROUP,       /* a group heading inside a checklist */
} hy_lp_role;

typedef struct {
	hy_lp_kind kind;
	hy_lp_role role;
	const char *text;  /* TEXT and LINE: often the document's own string */
	char *owned;       /* what the layout allocated for text (NULL: nothing) */
	char **items;      /* ITEMS */
	size_t n_items;
} hy_lpara;

typedef struct {
	const char *label;
	bool wide;         /* a long-text column: a larger share of the width */
	int width;         /* columns asked for by the form, 0: shared */
} hy_lcol;

typedef struct {
	hy_ly_kind kind;
	hy_ly_wide wide;   /* WIDE */
	const char *text;  /* TITLE, STAMP, WIDE, TABLE_GROUP; ROW: the label (indented);
			      TABLE: title */
	const hy_lpara *paras;  /* ROW: the value cell */
	size_t n_paras;
	const hy_lcol *cols;    /* TABLE, TABLE_ROW */
	size_t n_cols;
	char *const *cells;     /* TABLE_ROW: one text per column */
	const hy_fnode *node;   /* the form node it comes from, when there is one */
	const hy_value *value;  /* its value, when there is one */
	hy_align align;         /* LINE */
	int indent;             /* LINE: full-width characters before every wrapped line */
} hy_litem;

typedef struct {
	bool ascii;        /* ASCII marks: [x] [ ] instead of [ ○ ] [　 ] */
} hy_layout_opts;

/* Receives the items in printing order; returns false to stop. */
typedef bool (*hy_layout_sink)(void *ctx, const hy_litem *item);

/* Lays the document out, item by item.  Returns false when sink stopped it. */
bool hy_layout(const hy_doc *doc, const hy_layout_opts *opts, hy_layout_sink sink, void *ctx);

/* The name printed in every page's header: the 評価書名 (or the form's title). */
const char *hy_layout_doc_name(const hy_doc *doc);

#endif
