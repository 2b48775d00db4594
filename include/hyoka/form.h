/* Form definitions (forms/NAME.yaml): the official structure of a document kind.
 * See forms/README.md for the language. */
#ifndef HYOKA_FORM_H
#define HYOKA_FORM_H

#include "hyoka/diag.h"
#include "hyoka/threshold.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	HY_PART, HY_SECTION, HY_REPEAT, HY_TABLE,
	HY_TEXT, HY_LONGTEXT, HY_INT, HY_DATE, HY_CHOICE, HY_CHECKS, HY_FLAG, HY_LIST,
	HY_FIXED, HY_REF
} hy_type;

typedef enum { HY_DETAIL_NONE, HY_DETAIL_TEXT, HY_DETAIL_COUNT } hy_detail;

typedef struct hy_fnode hy_fnode;

/* How a node prints (`print:`; print-only, read by layout.c). */
typedef enum {
	HY_PRINT_ROW,        /* a label | value row (a repeat: a header row per entry) */
	HY_PRINT_CAPTION,    /* the label across the row, the text beneath it */
	HY_PRINT_INSIDE,     /* inside the row before it, as `print_as` says */
	HY_PRINT_GROUP,      /* a table column printed as a row when it changes */
	HY_PRINT_NO_HEADER,  /* a repeat whose entries have no header row */
	HY_PRINT_OUTLINE,    /* a part as a letter: lines, no tables or boxes (forms/README.md) */
	HY_PRINT_NONE,       /* not printed (its value is printed elsewhere, by a template) */
	HY_PRINT_PREFIX,     /* a flag: when on, print_as goes before each value of the next sibling */
	HY_PRINT_LINES,      /* a table in an outline: a line per row, no grid, no heads */
	HY_PRINT_GRID,       /* a repeat of one `heads` list: a bordered table (別紙) */
} hy_print;

/* Where an outline line sits (`align:`). */
typedef enum { HY_ALIGN_LEFT, HY_ALIGN_CENTER, HY_ALIGN_RIGHT } hy_align;

typedef struct {
	char *text;
	char **aliases;
	char **alias_templates; /* per alias: the template whose wording it is, or NULL (older wording) */
	size_t n_aliases;
	hy_detail detail;
	bool detail_optional; /* published documents also print the option alone */
	bool exclusive;
	bool row_break;     /* starts a new printed row */
	char *group;        /* heading of a printed group starting here */
	char *counts_path;
	const hy_fnode *counts; /* repeat whose instance count the detail count should match */
	bool count_exact;   /* the count must equal the blocks (else it may exceed them: a 別紙) */
} hy_option;

/* A choice keeps its option's index in 16 bits (hy_value.opt): the loader
 * refuses a longer list. */
#define HY_OPTIONS_MAX 32767

typedef struct {
	char *id;
	char *ref;
	char *number_fmt;   /* "{n}） " */
	char *caption;      /* "＜選択肢＞" */
	int columns;
	hy_option *options;
	size_t n_options;
	int line, col;
} hy_list;

typedef enum { HY_COND_IS, HY_COND_NOT, HY_COND_HAS, HY_COND_LACKS, HY_COND_SET } hy_cond_op;

typedef struct {
	char *path;
	const hy_fnode *target;
	hy_cond_op op;
	char *value;         /* option text, or NULL for flags/set */
	int option;          /* option index for choice/checks, -1 otherwise */
	bool truth;          /* flag value for `is`/`not` on flags, and for `set` */
	int line, col;
} hy_cond;

typedef struct {
	hy_cond *items;
	size_t n;
} hy_conds;

struct hy_fnode {
	hy_type type;
	char *id;
	char *label;
	char *title_en;
	char *name;          /* what paths and the outline call an unlabelled part (表紙) */
	char *help;
	char *help_en;
	char *note;
	char *text;          /* fixed text */
	hy_fnode *parent;
	hy_fnode **children;
	size_t n_children;
	size_t index;        /* position among the parent's children */
	size_t serial;       /* position in the whole form, depth first */
	int depth;           /* parts are depth 0 */

	hy_conds when, require_if, suggest_if;
	bool required;
	bool expected;       /* asked for, but published documents may leave it empty: a warning */
	bool pending_in_draft; /* a draft cannot hold it yet: pending, not required */
	bool important;      /* effective ※ (inherited) */
	int indent;
	int width;           /* table column width in print columns, 0: shared */
	bool inline_flag;
	bool toc, page;
	/* print-only (layout.c) */
	hy_print print;
	char *print_as;      /* HY_PRINT_INSIDE: "（手数料額、納付方法：{value}）" */
	char *toc_label;     /* the row of 項目一覧, when it differs from the heading */
	hy_align align;      /* an outline line's place */
	bool omit_inapplicable; /* `omit: inapplicable`: not printed when its `when` fails */
	bool omit_empty;     /* `omit: empty`: not printed without a value */
	char *numbered;      /* a list of two or more items numbers them: "（{n}）" */
	char *join_item, *join_sep, *join_last; /* a list in a template: 「A」、「B」及び「C」 */
	char *group_label;   /* repeat: the newest template's group rows "システム{from}～{to}" */
	long *group_starts;  /* the first entry of each group */
	size_t n_groups;

	hy_list *list;       /* choice, checks, table column of type choice */
	bool has_min, has_max;
	long min, max;       /* int range; text/longtext max chars; list max items; repeat min/max */
	char *unit;
	bool partial_date, date_notes;

	char *repeat_label;  /* "委託事項{n}" */
	char *title_id;
	const hy_fnode *title_child;
	char *follows_path;
	const hy_fnode *follows;
	hy_fnode **followers; /* repeats that follow this one */
	size_t n_followers;

	char *ref_path;
	const hy_fnode *ref_target;
	char *same_as_path;  /* a list whose nth item the nth entry of this field should equal */
	const hy_fnode *same_as;
	char *heads_path;    /* a list whose items are cells under the column names of this list */
	const hy_fnode *heads;
	bool warn_empty;     /* repeat: an entry with nothing in it is a warning (an empty 別紙) */

	const hy_fnode **dependents; /* nodes whose rules read this node */
	size_t n_dependents, cap_dependents;
	int line, col;
};

typedef struct {
	char *kind;          /* basic, focused, full */
	char *population_path, *handlers_path, *incident_path, *result_path;
	const hy_fnode *population, *handlers, *incident, *result;
	/* what the options mean, from the form (see forms/README.md) */
	hy_band *bands;              /* per option of the population list */
	hy_requirement *results;     /* per option of the result list */
	int many_handlers;           /* option of the handlers list meaning 500人以上, or -1 */
	int incident_yes;            /* option of the incident list meaning 発生あり, or -1 */
} hy_threshold_spec;

/* A revision of the 様式 that documents of a form are written on (`templates:`).
 * Its wording is the options' texts, except where an alias names it. */
typedef struct {
	char *id;
	char *stamp;         /* as printed; NULL when no document shows it */
	char **also;         /* other spellings of the stamp */
	size_t n_also;
	int line, col;
} hy_template;

typedef struct {
	char *id;
	char *title;
	char *title_en;
	char *stamp;
	char *note;
	char *name_field_path;
	const hy_fnode *name_field;
	/* `document_start`: an extended regular expression that a text cell
	 * (spaces removed, digits and brackets made half-width) matches where
	 * a document begins, so that `hyoka import` can tell the documents of
	 * one text apart (a council's packet of 諮問); NULL when not given */
	char *document_start;
	char *file;          /* where it was loaded from */
	hy_list **lists;
	size_t n_lists;
	hy_fnode root;       /* type HY_SECTION; children are the parts */
	hy_fnode **all;      /* every node, depth first (serial order) */
	size_t n_all;
	bool has_threshold;
	hy_threshold_spec threshold;
	hy_template *templates; /* oldest first; the last is the newest */
	size_t n_templates;
} hy_form;

/* Loads one form file.  Problems go to diags; returns NULL when any is an error. */
hy_form *hy_form_load_file(const char *path, hy_diags *diags);
hy_form *hy_form_load_text(const char *text, size_t len, const char *name, hy_diags *diags);
void hy_form_free(hy_form *form);

bool hy_type_is_container(hy_type t);
bool hy_type_is_stored(hy_type t);  /* has a value in documents */
const char *hy_type_name(hy_type t);

/* What the author calls a node: its label, else its name (an unlabelled
 * part: 表紙), else its id. */
const char *hy_fnode_name(const hy_fnode *f);
/* Looks a path of ids up lexically from `from` (see forms/README.md). */
const hy_fnode *hy_form_lookup(const hy_form *form, const hy_fnode *from, const char *path);
/* Looks an absolute dotted path up from the root. */
const hy_fnode *hy_form_find(const hy_form *form, const char *path);
/* Index of an option by text or alias; -1 if none.  *alias set when matched an alias. */
int hy_list_find(const hy_list *list, const char *text, bool *alias);
/* The template a document stamped form_version (may be NULL) is written on:
 * the one whose stamp (or another spelling of it) it is, else the newest.
 * NULL when the form lists no templates. */
const hy_template *hy_form_template(const hy_form *form, const char *form_version);
/* Is form_version the form's stamp, or a template's (in any spelling)? */
bool hy_form_knows_stamp(const hy_form *form, const char *form_version);
/* The template whose wording `text` is, for the option it names: NULL when
 * text is the option's own text or an older wording that no template owns. */
const char *hy_option_template(const hy_option *o, const char *text);
/* The option's printed number, e.g. "3） ". Caller frees. */
char *hy_list_number(const hy_list *list, size_t index);
/* A `print: grid` repeat's cells: its list field with `heads`, or NULL. */
const hy_fnode *hy_grid_cells(const hy_fnode *f);
/* The enclosing repeat (or table) of a node, or NULL. */
const hy_fnode *hy_fnode_repeat(const hy_fnode *n);
/* The label with its leading number split off: "①事務の名称" -> "①" + "事務の名称". */
void hy_label_split(const char *label, char **number, char **rest);
/* The dotted id path from the root, e.g. "basic_info.task.name". Caller frees. */
char *hy_fnode_id_path(const hy_fnode *n);

/* Is id a form id ([a-z][a-z0-9_-]*)? */
bool hy_form_id_is_valid(const char *id);

/* A set of loaded forms (forms.c): every form of dir (hy_forms_load_dir), or only
 * those that the documents at hand name (hy_forms_init + hy_forms_load_one). */
typedef struct {
	hy_form **forms;
	size_t n;
	char *dir;
	bool complete;       /* every form of dir has been loaded */
} hy_forms;

/* Finds the forms directory: explicit dir, $HYOKA_FORMS, next to the binary,
 * then the installed one.  Returns a malloc'd path or NULL. */
char *hy_forms_find_dir(const char *explicit_dir, const char *argv0);
/* Loads every *.yaml in dir, sorted by file name. Broken forms are reported
 * to diags (per file) and skipped; returns false if any was broken. */
bool hy_forms_load_dir(hy_forms *set, const char *dir, FILE *errors);
const hy_form *hy_forms_get(const hy_forms *set, const char *id);
void hy_forms_free(hy_forms *set);
/* An empty set of the forms of dir, to be filled form by form. */
void hy_forms_init(hy_forms *set, const char *dir);
/* Adds the form `id` alone, from DIR/ID.yaml, when that file loads cleanly
 * and defines `id` (a form's id is its `id:` key, not its file name).
 * Returns the form (also when already in the set), or NULL, reporting
 * nothing and leaving the set as it was: then load the whole directory,
 * which says what is wrong. */
const hy_form *hy_forms_load_one(hy_forms *set, const char *id);
/* Loads every form of set->dir that is not in the set yet, reporting broken
 * ones to errors (may be NULL) as hy_forms_load_dir does, in the same order.
 * The forms already loaded stay where they are (documents point at them).
 * Returns false if a form file was broken. */
bool hy_forms_load_rest(hy_forms *set, FILE *errors);

#endif
