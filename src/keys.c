/* The key table and key names; see keys.h. */
#include "hyoka/keys.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

/* The one table.  Order matters: a context's rows come first in its help
 * section and its key line, and the first row that matches a key wins. */
static const hy_binding bindings[] = {
	/* the outline */
	{HY_ACT_SWITCH, HY_CTX_OUTLINE, "Tab", "Right", N_("go to the fields of this section"), N_("fields")},
	{HY_ACT_SWITCH, HY_CTX_OUTLINE, "Enter", "l", NULL, N_("open")},
	{HY_ACT_UP, HY_CTX_OUTLINE, "Up", "k", N_("previous section"), NULL},
	{HY_ACT_DOWN, HY_CTX_OUTLINE, "Down", "j", N_("next section"), NULL},
	{HY_ACT_LAST, HY_CTX_OUTLINE, "End", "G", N_("last section"), NULL},
	/* the fields */
	{HY_ACT_EDIT, HY_CTX_FIELDS, "Enter", "e", N_("edit the field, or open the entry"), N_("edit")},
	{HY_ACT_SWITCH, HY_CTX_FIELDS, "Tab", "Left", N_("back to the outline"), N_("outline")},
	{HY_ACT_SWITCH, HY_CTX_FIELDS, "BTab", "h", NULL, NULL},
	{HY_ACT_TOGGLE, HY_CTX_FIELDS, "Space", NULL, N_("tick a check box or flag; open a checklist"), NULL},
	{HY_ACT_UP, HY_CTX_FIELDS, "Up", "k", N_("previous field"), NULL},
	{HY_ACT_DOWN, HY_CTX_FIELDS, "Down", "j", N_("next field (on into the next section)"), NULL},
	/* everywhere on the main screen */
	{HY_ACT_NEXT, HY_CTX_MAIN, "n", NULL, N_("next field with a problem, or next search hit"), N_("problem")},
	{HY_ACT_PREV, HY_CTX_MAIN, "N", NULL, N_("previous field with a problem, or search hit"), NULL},
	{HY_ACT_REVIEW_NEXT, HY_CTX_MAIN, "r", NULL, N_("next field to review (marked by hyoka import)"), NULL},
	{HY_ACT_REVIEW_PREV, HY_CTX_MAIN, "R", NULL, N_("previous field to review"), NULL},
	{HY_ACT_SEARCH, HY_CTX_MAIN, "/", NULL, N_("search labels, values and titles: a list of hits"), N_("find")},
	{HY_ACT_GOTO, HY_CTX_MAIN, ":", "g", N_("go to a printed path (Ⅱ．３．⑦) or FILE:LINE"), NULL},
	{HY_ACT_PREVIEW, HY_CTX_MAIN, "p", NULL, N_("this section as `hyoka render` prints it"), N_("print")},
	{HY_ACT_UNDO, HY_CTX_MAIN, "u", NULL, N_("undo the last change (many levels)"), N_("undo")},
	{HY_ACT_REDO, HY_CTX_MAIN, "C-r", NULL, N_("redo what was undone"), NULL},
	{HY_ACT_WIDEN, HY_CTX_MAIN, ">", NULL, N_("widen the outline (longer titles)"), NULL},
	{HY_ACT_NARROW, HY_CTX_MAIN, "<", NULL, N_("narrow the outline"), NULL},
	{HY_ACT_ADD, HY_CTX_MAIN, "+", "Insert", N_("add an entry to a repeating block"), NULL},
	{HY_ACT_DUPLICATE, HY_CTX_MAIN, "c", NULL, N_("duplicate the selected entry"), NULL},
	{HY_ACT_DELETE, HY_CTX_MAIN, "-", "Delete", N_("delete the selected entry (asks first)"), NULL},
	{HY_ACT_MOVE_UP, HY_CTX_MAIN, "[", "K", N_("move the selected entry up"), NULL},
	{HY_ACT_MOVE_DOWN, HY_CTX_MAIN, "]", "J", N_("move the selected entry down"), NULL},
	{HY_ACT_SAVE, HY_CTX_MAIN, "C-s", "F2", N_("save (drafts with errors save too)"), N_("save")},
	{HY_ACT_QUIT, HY_CTX_MAIN, "C-q", "F10", N_("quit (asks when there are unsaved changes)"), N_("quit")},
	{HY_ACT_WRITE_CHANGES, HY_CTX_MAIN, "D", NULL, N_("with --since OLD: write the 変更箇所 rows"), NULL},
	{HY_ACT_HELP, HY_CTX_MAIN, "?", "F1", N_("this help"), N_("help")},
	{HY_ACT_STOP, HY_CTX_MAIN, "Esc", NULL, N_("end a search"), NULL},
	/* menus, checklists, lists and text windows */
	{HY_ACT_UP, HY_CTX_LIST, "Up", "k", N_("move up"), NULL},
	{HY_ACT_DOWN, HY_CTX_LIST, "Down", "j", N_("move down"), NULL},
	{HY_ACT_PAGE_UP, HY_CTX_LIST, "PgUp", NULL, N_("a page up"), NULL},
	{HY_ACT_PAGE_DOWN, HY_CTX_LIST, "PgDn", NULL, N_("a page down"), NULL},
	{HY_ACT_FIRST, HY_CTX_LIST, "Home", NULL, N_("the first"), NULL},
	{HY_ACT_LAST, HY_CTX_LIST, "End", NULL, N_("the last"), NULL},
	{HY_ACT_TOGGLE, HY_CTX_LIST, "Space", "x", N_("tick or untick (checklists; a number ticks that option)"), NULL},
	{HY_ACT_DETAIL, HY_CTX_LIST, "e", NULL, N_("edit the （ ） of a ticked option"), NULL},
	{HY_ACT_CLEAR, HY_CTX_LIST, "Delete", NULL, N_("clear the choice"), NULL},
	{HY_ACT_CONFIRM, HY_CTX_LIST, "Enter", "C-d", N_("choose, or done"), NULL},
	{HY_ACT_CANCEL, HY_CTX_LIST, "Esc", "q", N_("cancel, or close"), NULL},
	/* text editors */
	{HY_ACT_CONFIRM, HY_CTX_EDITOR, "C-d", "F2", N_("done (Enter in a one-line field)"), NULL},
	{HY_ACT_CONFIRM, HY_CTX_EDITOR, "C-s", NULL, NULL, NULL},
	{HY_ACT_NEWLINE, HY_CTX_EDITOR, "Enter", NULL, N_("a new line in long texts"), NULL},
	{HY_ACT_CANCEL, HY_CTX_EDITOR, "Esc", NULL, N_("cancel and restore the old value (asks when changed)"), NULL},
	{HY_ACT_UP, HY_CTX_EDITOR, "Up", NULL, N_("a line up"), NULL},
	{HY_ACT_DOWN, HY_CTX_EDITOR, "Down", NULL, N_("a line down"), NULL},
	{HY_ACT_PAGE_UP, HY_CTX_EDITOR, "PgUp", NULL, N_("ten lines up"), NULL},
	{HY_ACT_PAGE_DOWN, HY_CTX_EDITOR, "PgDn", NULL, N_("ten lines down"), NULL},
	{HY_ACT_WORD_LEFT, HY_CTX_EDITOR, "C-Left", "S-Left", N_("a word left"), NULL},
	{HY_ACT_WORD_RIGHT, HY_CTX_EDITOR, "C-Right", "S-Right", N_("a word right"), NULL},
	/* prompts, and every text editor */
	{HY_ACT_CONFIRM, HY_CTX_PROMPT, "Enter", NULL, N_("OK"), NULL},
	{HY_ACT_CANCEL, HY_CTX_PROMPT, "Esc", NULL, N_("cancel"), NULL},
	{HY_ACT_HISTORY, HY_CTX_PROMPT, "Up", NULL, N_("the previous answer (search, go to)"), NULL},
	{HY_ACT_LEFT, HY_CTX_PROMPT, "Left", "C-b", N_("a character left"), NULL},
	{HY_ACT_RIGHT, HY_CTX_PROMPT, "Right", "C-f", N_("a character right"), NULL},
	{HY_ACT_LINE_START, HY_CTX_PROMPT, "C-a", "Home", N_("start of the line"), NULL},
	{HY_ACT_LINE_END, HY_CTX_PROMPT, "C-e", "End", N_("end of the line"), NULL},
	{HY_ACT_KILL_END, HY_CTX_PROMPT, "C-k", NULL, N_("cut to the end of the line"), NULL},
	{HY_ACT_KILL_START, HY_CTX_PROMPT, "C-u", NULL, N_("cut to the start of the line"), NULL},
	{HY_ACT_BACKSPACE, HY_CTX_PROMPT, "Backspace", NULL, N_("delete the character before"), NULL},
	{HY_ACT_DELETE_CHAR, HY_CTX_PROMPT, "Delete", NULL, N_("delete the character under the cursor"), NULL},
};

#define N_BINDINGS (sizeof bindings / sizeof *bindings)

/* Keys that have a name; the rest are one character. */
static const struct {
	const char *name;
	hy_key_kind kind;
	unsigned code;
} named[] = {
	{"Enter", HY_KEY_CHAR, '\r'}, {"Tab", HY_KEY_CHAR, '\t'}, {"Esc", HY_KEY_CHAR, HY_KEY_ESC},
	{"Space", HY_KEY_CHAR, ' '}, {"BTab", HY_KEY_FUNC, KEY_BTAB}, {"Up", HY_KEY_FUNC, KEY_UP},
	{"Down", HY_KEY_FUNC, KEY_DOWN}, {"Left", HY_KEY_FUNC, KEY_LEFT},
	{"Right", HY_KEY_FUNC, KEY_RIGHT}, {"PgUp", HY_KEY_FUNC, KEY_PPAGE},
	{"PgDn", HY_KEY_FUNC, KEY_NPAGE}, {"Home", HY_KEY_FUNC, KEY_HOME},
	{"End", HY_KEY_FUNC, KEY_END}, {"Backspace", HY_KEY_FUNC, KEY_BACKSPACE},
	{"Delete", HY_KEY_FUNC, KEY_DC}, {"Insert", HY_KEY_FUNC, KEY_IC},
	{"S-Left", HY_KEY_FUNC, KEY_SLEFT}, {"S-Right", HY_KEY_FUNC, KEY_SRIGHT},
};

/* Keys whose code the terminal description gives (terminfo capability). */
static struct {
	const char *name, *cap;
	unsigned code; /* 0 until hy_keys_init found it */
} by_cap[] = {
	{"C-Left", "kLFT5", 0},
	{"C-Right", "kRIT5", 0},
};

void hy_keys_init(void)
{
	for (size_t i = 0; i < sizeof by_cap / sizeof *by_cap; i++) {
		char *s = tigetstr((char *)by_cap[i].cap);
		int code = s && s != (char *)-1 ? key_defined(s) : 0;
		by_cap[i].code = code > 0 ? (unsigned)code : 0;
	}
}

bool hy_key_parse(const char *name, hy_key *out)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(name, named[i].name) == 0) {
			*out = (hy_key){named[i].kind, named[i].code};
			return true;
		}
	for (size_t i = 0; i < sizeof by_cap / sizeof *by_cap; i++)
		if (strcmp(name, by_cap[i].name) == 0) {
			*out = (hy_key){by_cap[i].code ? HY_KEY_FUNC : HY_KEY_NONE, by_cap[i].code};
			return by_cap[i].code != 0;
		}
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int n = atoi(name + 1);
		if (n < 1 || n > 12)
			return false;
		*out = (hy_key){HY_KEY_FUNC, (unsigned)KEY_F(n)};
		return true;
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3]) {
		*out = (hy_key){HY_KEY_CHAR, (unsigned)(name[2] - 'a' + 1)};
		return true;
	}
	size_t n = strlen(name);
	uint32_t cp;
	if (n && hy_utf8_decode(name, n, &cp) == n) {
		*out = (hy_key){HY_KEY_CHAR, cp};
		return true;
	}
	return false;
}

bool hy_key_is(hy_key k, unsigned code)
{
	return k.kind == HY_KEY_FUNC && k.code == code;
}

bool hy_key_char(hy_key k, unsigned c)
{
	return k.kind == HY_KEY_CHAR && k.code == c;
}

bool hy_key_enter(hy_key k)
{
	return hy_key_char(k, '\r') || hy_key_char(k, '\n') || hy_key_is(k, KEY_ENTER);
}

bool hy_key_esc(hy_key k)
{
	return hy_key_char(k, HY_KEY_ESC);
}

bool hy_key_ctrl(hy_key k, char letter)
{
	return hy_key_char(k, (unsigned)(letter - 'a' + 1));
}

bool hy_key_backspace(hy_key k)
{
	return hy_key_is(k, KEY_BACKSPACE) || hy_key_char(k, 127) || hy_key_char(k, 8);
}

static bool name_matches(const char *name, hy_key k)
{
	hy_key want;
	if (!name || !hy_key_parse(name, &want))
		return false;
	if (want.kind == HY_KEY_CHAR && want.code == '\r')
		return hy_key_enter(k);
	if (want.kind == HY_KEY_FUNC && want.code == KEY_BACKSPACE)
		return hy_key_backspace(k);
	return k.kind == want.kind && k.code == want.code;
}

static hy_action lookup(hy_key k, hy_key_context ctx)
{
	for (size_t i = 0; i < N_BINDINGS; i++)
		if (bindings[i].ctx == ctx &&
		    (name_matches(bindings[i].key, k) || name_matches(bindings[i].alt, k)))
			return bindings[i].action;
	return HY_ACT_NONE;
}

hy_action hy_key_action(hy_key k, hy_key_context ctx)
{
	if (k.kind != HY_KEY_CHAR && k.kind != HY_KEY_FUNC)
		return HY_ACT_NONE;
	hy_action a = lookup(k, ctx);
	if (a == HY_ACT_NONE && (ctx == HY_CTX_OUTLINE || ctx == HY_CTX_FIELDS))
		a = lookup(k, HY_CTX_MAIN);
	/* the main screen moves like the lists (PgUp, Home…), and does nothing else of theirs */
	if (a == HY_ACT_NONE && (ctx == HY_CTX_OUTLINE || ctx == HY_CTX_FIELDS)) {
		a = lookup(k, HY_CTX_LIST);
		if (a < HY_ACT_UP || a > HY_ACT_LAST)
			a = HY_ACT_NONE;
	}
	if (a == HY_ACT_NONE && ctx == HY_CTX_EDITOR)
		a = lookup(k, HY_CTX_PROMPT);
	return a;
}

/* "Ctrl-S" for the help, "^S" for the key line. */
static char *display_name(const char *name, bool brief)
{
	if (name[0] == 'C' && name[1] == '-' && name[2])
		return brief && !name[3] ? hy_printf("^%c", name[2] - 'a' + 'A')
		       : name[3] ? hy_printf("Ctrl-%s", name + 2)
				 : hy_printf("Ctrl-%c", name[2] - 'a' + 'A');
	if (name[0] == 'S' && name[1] == '-' && name[2])
		return hy_printf("Shift-%s", name + 2);
	if (strcmp(name, "BTab") == 0)
		return hy_strdup("Shift-Tab");
	return hy_strdup(name);
}

static const char *context_title(hy_key_context ctx)
{
	switch (ctx) {
	case HY_CTX_MAIN:
		return _("Everywhere on the main screen");
	case HY_CTX_OUTLINE:
		return _("In the outline (left)");
	case HY_CTX_FIELDS:
		return _("In the fields (right)");
	case HY_CTX_LIST:
		return _("In menus, checklists, lists and text windows");
	case HY_CTX_EDITOR:
		return _("In a text editor (also the prompt keys below)");
	case HY_CTX_PROMPT:
		return _("In a prompt and a text editor");
	default:
		return "";
	}
}

static void add_binding_help(hy_buf *b, const hy_binding *r)
{
	char *k = display_name(r->key, false);
	char *a = r->alt ? display_name(r->alt, false) : NULL;
	char *keys = a ? hy_printf(_("%s or %s"), k, a) : hy_strdup(k);
	int pad = 18 - hy_str_width(keys);
	/* keys too wide for their column: the text goes on the next line */
	if (pad < 0)
		hy_buf_addf(b, "  %s\n  %18s %s\n", keys, "", _(r->help));
	else
		hy_buf_addf(b, "  %s%*s %s\n", keys, pad, "", _(r->help));
	free(keys);
	free(a);
	free(k);
}

char *hy_keys_help(void)
{
	static const hy_key_context order[] = {HY_CTX_OUTLINE, HY_CTX_FIELDS, HY_CTX_MAIN,
					       HY_CTX_LIST, HY_CTX_EDITOR, HY_CTX_PROMPT};
	hy_buf b;
	hy_buf_init(&b);
	for (size_t c = 0; c < sizeof order / sizeof *order; c++) {
		hy_buf_addf(&b, "%s%s\n", c ? "\n" : "", context_title(order[c]));
		for (size_t i = 0; i < N_BINDINGS; i++)
			if (bindings[i].ctx == order[c] && bindings[i].help)
				add_binding_help(&b, &bindings[i]);
	}
	return hy_buf_take(&b);
}

static void add_brief(hy_buf *b, hy_key_context ctx)
{
	for (size_t i = 0; i < N_BINDINGS; i++) {
		if (bindings[i].ctx != ctx || !bindings[i].brief)
			continue;
		char *k = display_name(bindings[i].key, true);
		hy_buf_addf(b, "%s%s:%s", b->len ? " " : "", k, _(bindings[i].brief));
		free(k);
	}
}

char *hy_keys_line(hy_key_context ctx)
{
	hy_buf b;
	hy_buf_init(&b);
	add_brief(&b, ctx);
	if (ctx == HY_CTX_OUTLINE || ctx == HY_CTX_FIELDS)
		add_brief(&b, HY_CTX_MAIN);
	if (!b.data)
		return hy_strdup("");
	return hy_buf_take(&b);
}
