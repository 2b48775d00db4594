/* Recovery files and locks: never lose an author's work.
 *
 * While a document is being edited, its current state is written now and then
 * to DIR/.NAME.hyoka-recover; a clean save or quit removes it.  A recovery
 * file that outlives its editor (a crash, a lost terminal) is offered back by
 * `hyoka recover`.  DIR/.NAME.hyoka-lock tells a second editor, like vim's
 * swap file, that someone is already working on the document. */
#include "hyoka/recover.h"
#include "hyoka/i18n.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Previews in the differences are shortened to about this many columns, so
 * that one changed field stays one line on an ordinary terminal. */
#define PREVIEW_COLS 60
/* A lock file holds "PID HOST\n"; anything much larger is not one of ours. */
#define LOCK_MAX_SIZE 4096
/* Rounds of create / inspect / take over before giving up on a lock that
 * keeps changing under us. */
#define LOCK_ROUNDS 5

/* ---- file names ---- */

/* DIR/.NAME + suffix: hidden, and beside the document so that it is on the
 * same file system (rename stays atomic) and travels with the directory. */
static char *hidden_sibling(const char *doc_path, const char *suffix)
{
	hy_buf b;
	hy_buf_init(&b);
	const char *slash = strrchr(doc_path, '/');
	const char *base = slash ? slash + 1 : doc_path;
	if (slash)
		hy_buf_add(&b, doc_path, (size_t)(base - doc_path));
	hy_buf_addc(&b, '.');
	hy_buf_adds(&b, base);
	hy_buf_adds(&b, suffix);
	return hy_buf_take(&b);
}

char *hy_recover_path(const char *doc_path)
{
	return hidden_sibling(doc_path, ".hyoka-recover");
}

char *hy_lock_path(const char *doc_path)
{
	return hidden_sibling(doc_path, ".hyoka-lock");
}

/* ---- recovery files ---- */

bool hy_recover_write(const hy_doc *doc, const char *doc_path, char **err)
{
	char *local = NULL;
	char **e = err ? err : &local;
	*e = NULL;
	if (!doc_path || !*doc_path) {
		*e = hy_strdup(_("the document has no file name yet"));
		free(local);
		return false;
	}
	size_t len;
	char *text = hy_doc_to_yaml(doc, &len);
	if (!text) {
		*e = hy_strdup(_("cannot produce YAML for this document"));
		free(local);
		return false;
	}
	char *path = hy_recover_path(doc_path);
	/* 0600: the recovery file holds the same personal-data descriptions as
	 * the document but nobody chose its permissions; no backup, since an
	 * older recovery state is never worth keeping. */
	bool ok = hy_write_private(path, text, len, e);
	free(path);
	free(text);
	free(local);
	return ok;
}

/* Removes a file; a file that is already gone counts as removed. */
static bool remove_file(const char *path, int *error)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return true;
	*error = errno;
	return false;
}

void hy_recover_remove(const char *doc_path)
{
	char *path = hy_recover_path(doc_path);
	int error;
	/* nothing useful can be done here on failure: a left-over recovery file
	 * only means the author is offered it again, which loses nothing */
	(void)remove_file(path, &error);
	free(path);
}

static bool timespec_before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

bool hy_recover_pending(const char *doc_path)
{
	char *path = hy_recover_path(doc_path);
	struct stat rs, ds;
	bool exists = stat(path, &rs) == 0 && S_ISREG(rs.st_mode);
	free(path);
	if (!exists)
		return false;
	/* When the document cannot be examined, or was written in the same
	 * clock tick, offering the recovery file is the side that loses nothing. */
	if (stat(doc_path, &ds) != 0)
		return true;
	return !timespec_before(rs.st_mtim, ds.st_mtim);
}

/* ---- locks ---- */

/* This machine's name, for telling our own locks from those written on
 * another machine sharing the directory. */
static char *host_name(void)
{
	for (size_t cap = 64; cap <= 65536; cap *= 2) {
		char *buf = hy_malloc(cap + 1);
		int rc = gethostname(buf, cap);
		int error = errno;
		buf[cap] = '\0';
		/* POSIX allows silent truncation: only a name shorter than the
		 * buffer is known to be complete */
		if (rc == 0 && strlen(buf) < cap && *buf)
			return buf;
		free(buf);
		if (rc != 0 && error != ENAMETOOLONG && error != EINVAL)
			break;
	}
	return hy_strdup("localhost");
}

typedef enum { LOCK_READ_OK, LOCK_READ_GONE, LOCK_READ_BAD } lock_read;

typedef struct {
	pid_t pid;
	char *host;
} lock_owner;

/* Parses "PID HOST\n"; false for anything else. */
static bool parse_lock(const char *text, size_t len, lock_owner *o)
{
	if (strlen(text) != len || len == 0 || text[len - 1] != '\n')
		return false;
	char *end;
	errno = 0;
	long pid = strtol(text, &end, 10);
	if (end == text || *text < '0' || *text > '9' || errno || pid <= 0 ||
	    (long)(pid_t)pid != pid || *end != ' ')
		return false;
	const char *host = end + 1;
	size_t host_len = (size_t)(text + len - 1 - host);
	if (host_len == 0 || memchr(host, '\n', host_len) || memchr(host, ' ', host_len))
		return false;
	o->pid = (pid_t)pid;
	o->host = hy_strndup(host, host_len);
	return true;
}

static lock_read read_lock(const char *path, lock_owner *o)
{
	size_t len;
	char *e = NULL;
	char *text = hy_read_file(path, LOCK_MAX_SIZE, &len, &e);
	free(e);
	if (!text) {
		struct stat st;
		/* gone between our create attempt and now: simply try again */
		if (lstat(path, &st) != 0 && errno == ENOENT)
			return LOCK_READ_GONE;
		return LOCK_READ_BAD;
	}
	bool ok = parse_lock(text, len, o);
	free(text);
	return ok ? LOCK_READ_OK : LOCK_READ_BAD;
}

static bool pid_alive(pid_t pid)
{
	/* EPERM: the process exists but belongs to someone else */
	return kill(pid, 0) == 0 || errno == EPERM;
}

/* A lock written on another machine cannot be checked from here, so it is
 * taken at its word. */
static bool owner_alive(const lock_owner *o, const char *host)
{
	return strcmp(o->host, host) != 0 || pid_alive(o->pid);
}

static bool owner_is_us(const lock_owner *o, const char *host)
{
	return o->pid == getpid() && strcmp(o->host, host) == 0;
}

/* Creates the lock file exclusively; returns 0 or the errno of the failure
 * (EEXIST when someone else's lock is there). */
static int create_lock(const char *path, const char *host)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return errno;
	char *text = hy_printf("%ld %s\n", (long)getpid(), host);
	size_t len = strlen(text), done = 0;
	int error = 0;
	/* the umask may have narrowed the mode; the lock should be exactly 0600 */
	if (fchmod(fd, 0600) != 0)
		error = errno;
	while (!error && done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error = n < 0 ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) != 0 && !error)
		error = errno;
	free(text);
	if (error) {
		/* a half-written lock would read as stale anyway; do not leave it */
		unlink(path);
		return error == EEXIST ? EIO : error;
	}
	return 0;
}

typedef enum { STEP_DONE, STEP_RETRY } lock_step;

/* Looks at an existing lock and decides: held, ours, or to be taken over
 * (in which case it is removed and the caller tries to create it again). */
static lock_step inspect_lock(const char *path, const char *host, bool force,
			      hy_lock_result *result, pid_t *owner)
{
	lock_owner o = {0};
	lock_read st = read_lock(path, &o);
	if (st == LOCK_READ_GONE)
		return STEP_RETRY;
	bool ours = st == LOCK_READ_OK && owner_is_us(&o, host);
	bool held = st == LOCK_READ_OK && !ours && !force && owner_alive(&o, host);
	if (held && owner)
		*owner = o.pid;
	free(o.host);
	if (ours || held) {
		*result = ours ? HY_LOCK_OK : HY_LOCK_HELD;
		return STEP_DONE;
	}
	/* stale (dead process on this host, or not a lock we can read), or
	 * forced: take it over */
	int error;
	if (!remove_file(path, &error)) {
		*result = HY_LOCK_FAILED;
		return STEP_DONE;
	}
	return STEP_RETRY;
}

hy_lock_result hy_lock_take(const char *doc_path, bool force, pid_t *owner)
{
	char *path = hy_lock_path(doc_path);
	char *host = host_name();
	hy_lock_result result = HY_LOCK_FAILED;
	if (owner)
		*owner = 0;
	for (int round = 0; round < LOCK_ROUNDS; round++) {
		int error = create_lock(path, host);
		if (error == 0) {
			result = HY_LOCK_OK;
			break;
		}
		if (error != EEXIST)
			break;
		if (inspect_lock(path, host, force, &result, owner) == STEP_DONE)
			break;
	}
	free(host);
	free(path);
	return result;
}

void hy_lock_release(const char *doc_path)
{
	char *path = hy_lock_path(doc_path);
	char *host = host_name();
	lock_owner o = {0};
	/* someone may have taken a stale-looking lock over from us (or forced
	 * it); theirs must survive our release */
	if (read_lock(path, &o) == LOCK_READ_OK && owner_is_us(&o, host)) {
		int error;
		(void)remove_file(path, &error);
	}
	free(o.host);
	free(host);
	free(path);
}

/* ---- differences ---- */

/* A preview made safe and short for one terminal line: control characters
 * (which a hostile file could use to drive the terminal) become spaces, and
 * long text is cut at a character boundary with "…". */
static char *shown(const char *s, int cols)
{
	hy_buf clean;
	hy_buf_init(&clean);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = hy_utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			hy_buf_addc(&clean, ' ');
		else if (cp == 0xFFFD && len == 1)
			hy_buf_adds(&clean, "\xEF\xBF\xBD");
		else
			hy_buf_add(&clean, s + i, len);
		i += len;
	}
	char *text = hy_buf_take(&clean);
	if (cols <= 0 || hy_str_width(text) <= cols)
		return text;
	size_t keep = hy_fit_prefix(text, cols - 1, NULL);
	text[keep] = '\0';
	char *cut = hy_printf("%s…", text);
	free(text);
	return cut;
}

static char *value_shown(const hy_value *v)
{
	char *p = hy_value_preview(v);
	char *s = *p ? shown(p, PREVIEW_COLS) : hy_strdup(_("(empty)"));
	free(p);
	return s;
}

static void add_line(hy_buf *out, const hy_value *at, const char *old, const char *new)
{
	char *raw_path = hy_value_path(at);
	char *path = shown(raw_path, 0);
	hy_buf_addf(out, _("%s: %s → %s\n"), path, old, new);
	free(path);
	free(raw_path);
}

static bool strs_equal(const char *a, const char *b)
{
	/* absent and empty print the same and mean the same */
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool str_arrays_equal(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!strs_equal(a[i], b[i]))
			return false;
	return true;
}

static bool yt_equal(const yt_node *a, const yt_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->n != b->n)
		return false;
	if (a->kind == YT_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == YT_SEQ && !yt_equal(a->items[i], b->items[i]))
			return false;
		if (a->kind == YT_MAP && (strcmp(a->pairs[i].key, b->pairs[i].key) != 0 ||
					  !yt_equal(a->pairs[i].value, b->pairs[i].value)))
			return false;
	}
	return true;
}

static bool checks_equal(const hy_value *a, const hy_value *b)
{
	const hy_list *list = a->f->list;
	for (size_t i = 0; list && i < list->n_options; i++)
		if (a->checked[i] != b->checked[i] ||
		    (a->checked[i] && !strs_equal(a->details[i], b->details[i])))
			return false;
	return str_arrays_equal(a->unknown, a->n_unknown, b->unknown, b->n_unknown);
}

/* Equality of the stored content of two leaf values of one form node. */
static bool leaf_equal(const hy_value *a, const hy_value *b)
{
	if (a->raw || b->raw)
		return yt_equal(a->raw, b->raw);
	switch (a->f->type) {
	case HY_CHOICE:
		return strs_equal(a->s, b->s) && strs_equal(a->detail, b->detail);
	case HY_CHECKS:
		return checks_equal(a, b);
	case HY_FLAG:
		return a->flag == b->flag;
	case HY_LIST:
		return str_arrays_equal(a->items, a->n_items, b->items, b->n_items);
	default:
		return strs_equal(a->s, b->s);
	}
}

/* The text after an instance's numbered header ("委託事項2 保守" -> "保守"). */
static char *instance_text(const hy_value *inst)
{
	char *title = hy_instance_title(inst);
	char *space = strchr(title, ' ');
	char *text = space && space[1] ? shown(space + 1, PREVIEW_COLS) : NULL;
	free(title);
	return text;
}

static void instance_added(hy_buf *out, const hy_value *inst)
{
	char *text = instance_text(inst);
	char *new = text ? hy_printf(_("(added) %s"), text) : hy_strdup(_("(added)"));
	add_line(out, inst, _("(none)"), new);
	free(new);
	free(text);
}

static void instance_removed(hy_buf *out, const hy_value *inst)
{
	char *text = instance_text(inst);
	add_line(out, inst, text ? text : _("(entry)"), _("(removed)"));
	free(text);
}

static void diff_value(hy_buf *out, const hy_value *a, const hy_value *b);

static void diff_instances(hy_buf *out, const hy_value *a, const hy_value *b)
{
	size_t common = a->n_inst < b->n_inst ? a->n_inst : b->n_inst;
	for (size_t i = 0; i < common; i++)
		diff_value(out, a->inst[i], b->inst[i]);
	/* An empty instance of a following repeat comes and goes with its
	 * leader's, which already has its own line. */
	bool follower = a->f->follows != NULL;
	for (size_t i = common; i < b->n_inst; i++)
		if (!follower || !hy_value_is_empty(b->inst[i]))
			instance_added(out, b->inst[i]);
	for (size_t i = common; i < a->n_inst; i++)
		if (!follower || !hy_value_is_empty(a->inst[i]))
			instance_removed(out, a->inst[i]);
}

static void diff_leaf(hy_buf *out, const hy_value *a, const hy_value *b)
{
	if (leaf_equal(a, b))
		return;
	char *old = value_shown(a), *new = value_shown(b);
	add_line(out, b, old, new);
	free(old);
	free(new);
}

/* Walks two values of the same form node in parallel. */
static void diff_value(hy_buf *out, const hy_value *a, const hy_value *b)
{
	if (!a || !b)
		return;
	if (a->is_instance || a->f->type == HY_PART || a->f->type == HY_SECTION) {
		for (size_t i = 0; a->kids && b->kids && i < a->f->n_children; i++)
			diff_value(out, a->kids[i], b->kids[i]);
	} else if ((a->f->type == HY_REPEAT || a->f->type == HY_TABLE) && !a->raw && !b->raw) {
		diff_instances(out, a, b);
	} else {
		diff_leaf(out, a, b);
	}
}

char *hy_recover_describe(const hy_doc *saved, const hy_doc *recovered)
{
	if (saved->form != recovered->form)
		return hy_printf(_("the documents are of different forms (%s, %s)\n"),
				 saved->form->id, recovered->form->id);
	hy_buf out;
	hy_buf_init(&out);
	diff_value(&out, saved->root, recovered->root);
	return out.data ? hy_buf_take(&out) : hy_strdup("");
}

/* ---- hyoka recover ---- */

typedef enum { ACT_ASK, ACT_SHOW, ACT_RESTORE, ACT_DISCARD } recover_action;

static bool parse_recover_args(int argc, char **argv, const char **file, recover_action *act)
{
	*file = NULL;
	*act = ACT_ASK;
	for (int i = 1; i < argc; i++) {
		recover_action a = strcmp(argv[i], "--restore") == 0 ? ACT_RESTORE
				 : strcmp(argv[i], "--discard") == 0 ? ACT_DISCARD
				 : strcmp(argv[i], "--show") == 0    ? ACT_SHOW
								     : ACT_ASK;
		if (a != ACT_ASK && *act == ACT_ASK)
			*act = a;
		else if (a == ACT_ASK && argv[i][0] != '-' && !*file)
			*file = argv[i];
		else {
			fprintf(stderr, _("hyoka recover: unexpected argument '%s'\n"), argv[i]);
			return false;
		}
	}
	if (!*file) {
		fprintf(stderr, _("Usage: hyoka recover FILE [--restore | --discard | --show]\n"));
		return false;
	}
	return true;
}

/* Refuses to touch the recovery file of a document that a running editor is
 * still writing it for.  Returns whether we took the lock (to release it). */
static bool lock_for_change(const char *file, bool *refused)
{
	pid_t owner = 0;
	hy_lock_result r = hy_lock_take(file, false, &owner);
	*refused = r == HY_LOCK_HELD;
	if (*refused)
		fprintf(stderr, _("hyoka recover: %s is open in another hyoka (process %ld); "
				  "close it there first\n"), file, (long)owner);
	/* HY_LOCK_FAILED (say, a read-only directory): go on without; the
	 * write itself will tell whether anything can be changed there */
	return r == HY_LOCK_OK;
}

static int discard(const char *file, const char *rpath)
{
	bool refused;
	bool locked = lock_for_change(file, &refused);
	if (refused)
		return HY_EXIT_WRITE;
	int rc = HY_EXIT_OK, error = 0;
	if (!remove_file(rpath, &error)) {
		fprintf(stderr, _("hyoka recover: cannot remove %s: %s\n"), rpath, strerror(error));
		rc = HY_EXIT_WRITE;
	}
	if (locked)
		hy_lock_release(file);
	return rc;
}

static int restore(const char *file, const char *rpath, const char *text, size_t len)
{
	bool refused;
	bool locked = lock_for_change(file, &refused);
	if (refused)
		return HY_EXIT_WRITE;
	int rc = HY_EXIT_OK, error = 0;
	char *err = NULL;
	/* the version being replaced is kept as FILE~, as on every save */
	if (!hy_write_atomic(file, text, len, 0666, true, &err)) {
		fprintf(stderr, "hyoka recover: %s\n", err);
		rc = HY_EXIT_WRITE;
	} else if (!remove_file(rpath, &error)) {
		fprintf(stderr, _("hyoka recover: %s was restored, but %s cannot be removed: %s\n"),
			file, rpath, strerror(error));
		rc = HY_EXIT_WRITE;
	}
	free(err);
	if (locked)
		hy_lock_release(file);
	return rc;
}

/* The saved document to compare with; an empty one of the recovered form
 * when the file is missing, unreadable or of another form, so that every
 * recovered field is shown rather than nothing. */
static hy_doc *saved_for_comparison(const hy_forms *forms, const char *file, const hy_doc *rec)
{
	struct stat st;
	if (stat(file, &st) != 0 && errno == ENOENT) {
		fprintf(stderr, _("hyoka recover: %s does not exist; showing everything recovered\n"),
			file);
		return hy_doc_new(rec->form);
	}
	hy_diags diags;
	hy_diags_init(&diags);
	hy_doc *saved = hy_doc_load(forms, file, &diags);
	if (!saved) {
		hy_diags_print(&diags, file, stderr);
		fprintf(stderr, _("hyoka recover: cannot read %s; showing everything recovered\n"),
			file);
	} else if (saved->form != rec->form) {
		fprintf(stderr, _("hyoka recover: %s is a '%s' document but the recovery file is "
				  "'%s'; showing everything recovered\n"),
			file, saved->form->id, rec->form->id);
		hy_doc_free(saved);
		saved = NULL;
	}
	hy_diags_free(&diags);
	return saved ? saved : hy_doc_new(rec->form);
}

static char *differences(const hy_forms *forms, const char *file, const hy_doc *rec)
{
	hy_doc *saved = saved_for_comparison(forms, file, rec);
	char *text = hy_recover_describe(saved, rec);
	hy_doc_free(saved);
	return text;
}

static int print_differences(const char *file, const char *diff)
{
	if (*diff)
		fputs(diff, stdout);
	else
		printf(_("No differences: the recovery file matches %s.\n"), file);
	if (fflush(stdout) != 0) {
		int error = errno;
		fprintf(stderr, _("hyoka recover: cannot write output: %s\n"), strerror(error));
		return HY_EXIT_WRITE;
	}
	return HY_EXIT_OK;
}

/* The first non-blank character of an answer, or '\0'. */
static char answer_of(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '\n' ? '\0' : *line;
}

typedef struct {
	const char *file, *rpath, *text;
	size_t len;
	const char *diff;
} recover_ctx;

static int ask(const recover_ctx *c)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = -1;
	while (rc < 0) {
		fputs(_("Restore (r), show differences (s) or discard (d)? "), stdout);
		fflush(stdout);
		if (getline(&line, &cap, stdin) < 0) {
			/* end of input: leave everything as it is */
			fputc('\n', stdout);
			rc = HY_EXIT_PROBLEMS;
			break;
		}
		switch (answer_of(line)) {
		case 'r': case 'R':
			rc = restore(c->file, c->rpath, c->text, c->len);
			break;
		case 'd': case 'D':
			rc = discard(c->file, c->rpath);
			break;
		case 's': case 'S':
			/* a failed write is reported there; the question still stands */
			(void)print_differences(c->file, c->diff);
			break;
		default:
			break;
		}
	}
	free(line);
	return rc;
}

static int ask_or_show(const recover_ctx *c)
{
	if (!hy_recover_pending(c->file))
		fprintf(stderr, _("hyoka recover: note: %s was saved after its recovery file was "
				  "written\n"), c->file);
	printf(_("Recovery file %s of %s:\n"), c->rpath, c->file);
	int rc = print_differences(c->file, c->diff);
	if (rc != HY_EXIT_OK)
		return rc;
	if (isatty(STDIN_FILENO))
		return ask(c);
	/* never wait for an answer nobody can type */
	fprintf(stderr, _("hyoka recover: use --restore, --discard or --show\n"));
	return HY_EXIT_PROBLEMS;
}

/* Loads the recovery file (kept as text: --restore writes it back as it is). */
static hy_doc *load_recovered(const hy_forms *forms, const char *rpath, char **text, size_t *len)
{
	char *e = NULL;
	hy_diags diags;
	hy_diags_init(&diags);
	*text = hy_read_file(rpath, HY_DOC_MAX_SIZE, len, &e);
	hy_doc *doc = NULL;
	if (!*text)
		hy_diags_add(&diags, HY_ERROR, 0, 0, NULL, _("cannot read: %s"), e);
	else
		doc = hy_doc_load_text(forms, *text, *len, rpath, &diags);
	hy_diags_print(doc ? &doc->notes : &diags, rpath, stderr);
	hy_diags_free(&diags);
	free(e);
	return doc;
}

static int act_on_recovered(const hy_global *g, const char *file, const char *rpath,
			    recover_action act)
{
	hy_forms forms;
	if (!hy_cli_load_forms(g, &forms)) {
		hy_forms_free(&forms);
		return HY_EXIT_INPUT;
	}
	size_t len = 0;
	char *text = NULL;
	hy_doc *rec = load_recovered(&forms, rpath, &text, &len);
	int rc = HY_EXIT_INPUT;
	if (rec && act == ACT_RESTORE) {
		rc = restore(file, rpath, text, len);
	} else if (rec) {
		char *diff = differences(&forms, file, rec);
		recover_ctx c = {.file = file, .rpath = rpath, .text = text, .len = len, .diff = diff};
		rc = act == ACT_SHOW ? print_differences(file, diff) : ask_or_show(&c);
		free(diff);
	}
	hy_doc_free(rec);
	free(text);
	hy_forms_free(&forms);
	return rc;
}

int hy_cmd_recover(const hy_global *g, int argc, char **argv)
{
	const char *file;
	recover_action act;
	if (!parse_recover_args(argc, argv, &file, &act))
		return HY_EXIT_INPUT;
	hy_utf8_locale();
	char *rpath = hy_recover_path(file);
	struct stat st;
	int rc;
	if (stat(rpath, &st) != 0) {
		int error = errno;
		if (error == ENOENT)
			fprintf(stderr, _("hyoka recover: %s has no recovery file (%s)\n"), file, rpath);
		else
			fprintf(stderr, _("hyoka recover: cannot read %s: %s\n"), rpath, strerror(error));
		rc = HY_EXIT_INPUT;
	} else if (act == ACT_DISCARD) {
		rc = discard(file, rpath);
	} else {
		rc = act_on_recovered(g, file, rpath, act);
	}
	free(rpath);
	return rc;
}
