/* Keys: what a key press is, and the one table of the editor's key bindings
 * (as tig's request.h/keys.c).  The table drives the main loop's dispatch,
 * the help screen, the key line at the bottom and the key names of scripts
 * (HYOKA_SCRIPT).  Only this file, tui.c and widgets.c know curses. */
#ifndef HYOKA_KEYS_H
#define HYOKA_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { HY_KEY_NONE, HY_KEY_CHAR, HY_KEY_FUNC, HY_KEY_EOF } hy_key_kind;

typedef struct {
	hy_key_kind kind;
	unsigned code;   /* a character, or a curses KEY_* code */
} hy_key;

/* Our own key codes for bracketed paste (defined with define_key). */
#define HY_KEY_PASTE_START 0x7f00
#define HY_KEY_PASTE_END 0x7f01
/* The Escape character, as get_wch returns it. */
#define HY_KEY_ESC 27
/* Lines or entries that PgUp/PgDn move in every list and text. */
#define HY_PAGE_STEP 10

bool hy_key_is(hy_key k, unsigned code);
bool hy_key_char(hy_key k, unsigned c);
bool hy_key_enter(hy_key k);
bool hy_key_esc(hy_key k);
bool hy_key_ctrl(hy_key k, char letter);
bool hy_key_backspace(hy_key k);

/* Where a binding holds. */
typedef enum {
	HY_CTX_MAIN,      /* the editor's main screen, outline or fields */
	HY_CTX_OUTLINE,   /* the outline has the focus */
	HY_CTX_FIELDS,    /* the fields have the focus */
	HY_CTX_LIST,      /* a menu, checklist, result list or text window */
	HY_CTX_EDITOR,    /* a text editor (fields) */
	HY_CTX_PROMPT,    /* a one-line prompt (and a one-line field) */
	HY_CTX_COUNT
} hy_key_context;

typedef enum {
	HY_ACT_NONE,
	/* main screen */
	HY_ACT_SAVE, HY_ACT_QUIT, HY_ACT_HELP, HY_ACT_SEARCH, HY_ACT_NEXT, HY_ACT_PREV,
	HY_ACT_GOTO, HY_ACT_PREVIEW, HY_ACT_UNDO, HY_ACT_REDO, HY_ACT_NARROW, HY_ACT_WIDEN,
	HY_ACT_ADD, HY_ACT_DUPLICATE, HY_ACT_DELETE, HY_ACT_MOVE_UP, HY_ACT_MOVE_DOWN,
	HY_ACT_WRITE_CHANGES, HY_ACT_STOP, HY_ACT_REVIEW_NEXT, HY_ACT_REVIEW_PREV,
	HY_ACT_SWITCH, HY_ACT_EDIT, HY_ACT_TOGGLE,
	/* moving, in every list */
	HY_ACT_UP, HY_ACT_DOWN, HY_ACT_PAGE_UP, HY_ACT_PAGE_DOWN, HY_ACT_FIRST, HY_ACT_LAST,
	/* dialogs */
	HY_ACT_CONFIRM, HY_ACT_CANCEL, HY_ACT_CLEAR, HY_ACT_DETAIL,
	/* text editing */
	HY_ACT_LEFT, HY_ACT_RIGHT, HY_ACT_WORD_LEFT, HY_ACT_WORD_RIGHT, HY_ACT_LINE_START,
	HY_ACT_LINE_END, HY_ACT_KILL_END, HY_ACT_KILL_START, HY_ACT_DELETE_CHAR,
	HY_ACT_BACKSPACE, HY_ACT_NEWLINE, HY_ACT_HISTORY,
} hy_action;

typedef struct {
	hy_action action;
	hy_key_context ctx;
	const char *key;    /* script name: "C-s", "F2", "Up", "j", "C-Left" */
	const char *alt;    /* another key, or NULL */
	const char *help;   /* msgid for the help screen; NULL: an alias not listed */
	const char *brief;  /* msgid for the key line, or NULL */
} hy_binding;

/* The action bound to k in ctx (bindings of HY_CTX_MAIN also hold in the
 * outline and fields; those of HY_CTX_PROMPT also in the editor), or NONE. */
hy_action hy_key_action(hy_key k, hy_key_context ctx);

/* The key a script name stands for ("Enter", "C-s", "F2", "PgDn", "C-Left",
 * one character).  False for an unknown name. */
bool hy_key_parse(const char *name, hy_key *out);

/* The help screen's key list: every context, its bindings and their help
 * texts, translated.  Caller frees. */
char *hy_keys_help(void);

/* The key line for ctx ("Enter:edit Tab:outline …"), translated.  Caller frees. */
char *hy_keys_line(hy_key_context ctx);

/* Terminal key codes the table names by capability (C-Left: kLFT5); call
 * once the screen is started. */
void hy_keys_init(void);

#endif
