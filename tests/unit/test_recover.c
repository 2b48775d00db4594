/* Recovery files, locks, the differences shown before restoring, and the
 * `hyoka recover` command. */
#include "helpers.h"

#include "hyoka/cli.h"
#include "hyoka/diff.h"
#include "hyoka/recover.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static hy_forms forms;
static char tmpdir[] = "/tmp/hyoka-recover-XXXXXX";

static void setup(void)
{
	load_fixture_forms(&forms);
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp: %s", strerror(errno));
	/* the per-user place of recovery files, never the real one */
	char *state = hy_printf("%s/state", tmpdir);
	cr_assert_eq(setenv("XDG_STATE_HOME", state, 1), 0);
	free(state);
}

static void teardown(void)
{
	hy_forms_free(&forms);
	remove_tree(tmpdir);
}

TestSuite(recover, .init = setup, .fini = teardown);

static const char *const sample =
	"form: mini\n"
	"cover:\n"
	"  name: 相模原市 国民健康保険事務 全項目評価書\n"
	"main:\n"
	"  outsourcing:\n"
	"    status: する\n"
	"    items:\n"
	"    - title: システム運用\n"
	"    - title: 保守\n"
	"  count: 8\n"
	"risk:\n"
	"  files:\n"
	"  - measure: 措置1\n"
	"  - measure: 措置2\n";

static hy_doc *load_sample(void)
{
	hy_diags d;
	hy_doc *doc = doc_from(&forms, sample, &d);
	cr_assert_not_null(doc, "%s", d.n ? d.items[0].message : "-");
	hy_diags_free(&d);
	return doc;
}

static char *in_tmp(const char *name)
{
	return hy_printf("%s/%s", tmpdir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert(fputs(text, f) != EOF);
	cr_assert_eq(fclose(f), 0);
}

static char *read_text(const char *path)
{
	size_t len;
	char *err = NULL;
	char *text = hy_read_file(path, 1 << 20, &len, &err);
	cr_assert_not_null(text, "%s: %s", path, err ? err : "-");
	return text;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void set_mtime(const char *path, time_t when)
{
	struct timespec times[2] = {{.tv_sec = when}, {.tv_sec = when}};
	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0, "utimensat: %s", strerror(errno));
}

static char *this_host(void)
{
	size_t cap = 256;
	char *buf = hy_calloc(cap + 1, 1);
	cr_assert_eq(gethostname(buf, cap), 0);
	return buf;
}

/* The start time of a process as /proc/PID/stat says (field 22). */
static unsigned long long start_of(long pid)
{
	char *path = hy_printf("/proc/%ld/stat", pid);
	char *text = read_text(path);
	const char *p = strrchr(text, ')');
	cr_assert_not_null(p);
	unsigned long long start = 0;
	int n = sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
			      "%*d %*d %llu", &start);
	cr_assert_eq(n, 1, "%s", text);
	free(text);
	free(path);
	return start;
}

/* What hyoka writes into its own lock. */
static char *my_lock_text(const char *host)
{
	return hy_printf("%ld %s %llu\n", (long)getpid(), host, start_of(getpid()));
}

static void fake_lock(const char *doc, long pid, const char *host)
{
	char *path = hy_lock_path(doc);
	char *text = hy_printf("%ld %s\n", pid, host);
	write_text(path, text);
	free(text);
	free(path);
}

/* ---- names ---- */

Test(recover, files_are_hidden_beside_the_document)
{
	const struct {
		const char *doc, *rec, *lock;
	} cases[] = {
		{"dir/sub/評価書.yaml", "dir/sub/.評価書.yaml.hyoka-recover", "dir/sub/.評価書.yaml.hyoka-lock"},
		{"a.yaml", ".a.yaml.hyoka-recover", ".a.yaml.hyoka-lock"},
		{"/a.yaml", "/.a.yaml.hyoka-recover", "/.a.yaml.hyoka-lock"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *r = hy_recover_path(cases[i].doc), *l = hy_lock_path(cases[i].doc);
		cr_expect_str_eq(r, cases[i].rec);
		cr_expect_str_eq(l, cases[i].lock);
		free(r);
		free(l);
	}
}

/* ---- recovery files ---- */

Test(recover, write_then_load_round_trips_with_mode_0600)
{
	hy_doc *doc = load_sample();
	hy_value *count = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, "main.count"));
	hy_set_text(doc, count, "12");
	char *path = in_tmp("doc.yaml");
	cr_expect(!hy_recover_pending(path), "nothing to recover yet");
	umask(0);  /* the recovery file must not depend on the umask */
	char *err = NULL;
	cr_assert(hy_recover_write(doc, path, &err), "%s", err ? err : "-");
	cr_expect_null(err);
	cr_expect(hy_recover_pending(path), "recovery file and no document");

	char *rpath = hy_recover_path(path);
	struct stat st;
	cr_assert_eq(stat(rpath, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);

	hy_diags d;
	hy_diags_init(&d);
	hy_doc *back = hy_doc_load(&forms, rpath, &d);
	cr_assert_not_null(back, "loads as a normal document");
	char *want = hy_doc_to_yaml(doc, NULL), *got = hy_doc_to_yaml(back, NULL);
	cr_expect_str_eq(got, want);
	char *raw = read_text(rpath);
	cr_expect_str_eq(raw, want, "the YAML and nothing else");

	/* a second write replaces it in place, and leaves no temporary files */
	cr_assert(hy_recover_write(back, path, &err));
	char *cmd = hy_printf("test $(ls -A '%s' | wc -l) -eq 1", tmpdir);
	cr_expect_eq(system(cmd), 0, "only the recovery file is there");
	free(cmd);

	free(raw);
	free(want);
	free(got);
	hy_doc_free(back);
	hy_diags_free(&d);
	free(rpath);
	free(path);
	hy_doc_free(doc);
}

Test(recover, write_falls_back_to_the_per_user_place_and_says_where)
{
	hy_doc *doc = load_sample();
	char *err = NULL;
	char *where = hy_recover_save(doc, "/nonexistent-dir/x.yaml", &err);
	cr_assert_not_null(where, "%s", err ? err : "-");
	cr_expect_null(err);
	char *prefix = hy_printf("%s/state/hyoka/", tmpdir);
	cr_expect(hy_starts_with(where, prefix), "%s", where);
	cr_expect(strlen(where) - strlen(prefix) < 40, "a short name: %s", where);
	struct stat st;
	cr_assert_eq(stat(where, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	char *dir = hy_printf("%s/state/hyoka", tmpdir);
	cr_assert_eq(stat(dir, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, "a private directory");

	/* found, offered and removed through the document's name */
	char *rpath = hy_recover_path("/nonexistent-dir/x.yaml");
	cr_expect_str_eq(rpath, where);
	cr_expect(hy_recover_pending("/nonexistent-dir/x.yaml"));
	hy_recover_remove("/nonexistent-dir/x.yaml");
	cr_expect(!exists(where));
	free(rpath);
	free(dir);
	free(prefix);
	free(where);
	hy_doc_free(doc);
}

Test(recover, write_fails_with_a_message_when_both_places_fail)
{
	hy_doc *doc = load_sample();
	cr_assert_eq(setenv("XDG_STATE_HOME", "/dev/null/state", 1), 0);
	char *err = NULL;
	cr_expect_null(hy_recover_save(doc, "/nonexistent-dir/x.yaml", &err));
	cr_assert_not_null(err);
	cr_expect(strstr(err, "/nonexistent-dir/") && strstr(err, "/dev/null/state"),
		  "both places are named: %s", err);
	free(err);
	cr_expect(!hy_recover_write(doc, "/nonexistent-dir/x.yaml", NULL), "err may be NULL");
	hy_doc_free(doc);
}

/* Whatever already has the recovery file's name, a FIFO, a link to another
 * file or a file of another mode, the recovery file is a new 0600 file. */
Test(recover, whatever_has_the_name_the_recovery_file_is_private, .timeout = 20)
{
	hy_doc *doc = load_sample();
	char *path = in_tmp("doc.yaml"), *rpath = hy_recover_path(path);
	char *target = in_tmp("elsewhere.txt");
	write_text(target, "keep me\n");
	cr_assert_eq(chmod(target, 0644), 0);
	cr_assert_eq(symlink(target, rpath), 0);
	cr_assert(hy_recover_write(doc, path, NULL));
	struct stat st;
	cr_assert_eq(lstat(rpath, &st), 0);
	cr_expect(S_ISREG(st.st_mode), "the link is replaced, not written through");
	cr_expect_eq(st.st_mode & 0777, 0600);
	char *kept = read_text(target);
	cr_expect_str_eq(kept, "keep me\n");
	free(kept);

	cr_assert_eq(chmod(rpath, 0644), 0);
	cr_assert(hy_recover_write(doc, path, NULL));
	cr_assert_eq(lstat(rpath, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "an old mode is not kept");

	cr_assert_eq(unlink(rpath), 0);
	cr_assert_eq(mkfifo(rpath, 0644), 0);
	cr_expect(!hy_recover_pending(path), "a FIFO is not a recovery file");
	cr_assert(hy_recover_write(doc, path, NULL), "a FIFO is replaced, never opened");
	cr_assert_eq(lstat(rpath, &st), 0);
	cr_expect(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
	free(target);
	free(rpath);
	free(path);
	hy_doc_free(doc);
}

/* A 239-byte name saves; its recovery file and lock get short names that
 * the document's name still finds. */
Test(recover, a_long_file_name_gets_short_names)
{
	hy_doc *doc = load_sample();
	hy_buf name;
	hy_buf_init(&name);
	while (name.len < 234)
		hy_buf_adds(&name, "a");
	hy_buf_adds(&name, ".yaml");
	cr_assert_eq(name.len, 239);
	char *path = in_tmp(name.data);
	write_text(path, sample);
	char *err = NULL;
	char *where = hy_recover_save(doc, path, &err);
	cr_assert_not_null(where, "%s", err ? err : "-");
	char *beside = hy_printf("%s/.hyoka-", tmpdir);
	cr_expect(hy_starts_with(where, beside), "beside the document, short: %s", where);
	char *rpath = hy_recover_path(path);
	cr_expect_str_eq(rpath, where);
	cr_expect(strlen(strrchr(rpath, '/')) < 60);
	char *lpath = hy_lock_path(path);
	cr_expect(strlen(strrchr(lpath, '/')) < 60);
	cr_expect_eq(hy_lock_take(path, false, NULL), HY_LOCK_OK);
	cr_expect(exists(lpath));
	hy_lock_release(path);
	free(lpath);
	free(rpath);
	free(beside);
	free(where);
	free(path);
	hy_buf_free(&name);
	hy_doc_free(doc);
}

/* Two editors opening one file by different paths share its lock and its
 * recovery file. */
Test(recover, one_lock_and_recovery_file_per_real_file)
{
	hy_doc *doc = load_sample();
	char *sub = in_tmp("sub");
	cr_assert_eq(mkdir(sub, 0700), 0);
	char *real = in_tmp("sub/real.yaml"), *link = in_tmp("link.yaml");
	char *link2 = in_tmp("link2.yaml");
	write_text(real, sample);
	cr_assert_eq(symlink("sub/real.yaml", link), 0, "a relative link");
	cr_assert_eq(symlink(link, link2), 0, "a link to a link");
	char *lr = hy_lock_path(real), *ll = hy_lock_path(link), *ll2 = hy_lock_path(link2);
	cr_expect_str_eq(ll, lr);
	cr_expect_str_eq(ll2, lr);
	char *rr = hy_recover_path(real), *rl = hy_recover_path(link);
	cr_expect_str_eq(rl, rr);

	/* a lock taken through the link holds the real file */
	char *host = this_host();
	fake_lock(link, 1, host);
	cr_expect(exists(lr));
	cr_expect_eq(hy_lock_take(real, false, NULL), HY_LOCK_HELD);
	cr_assert(hy_recover_write(doc, link, NULL));
	cr_expect(hy_recover_pending(real), "written through one name, found through the other");
	free(host);
	free(rl);
	free(rr);
	free(ll2);
	free(ll);
	free(lr);
	free(link2);
	free(link);
	free(real);
	free(sub);
	hy_doc_free(doc);
}

Test(recover, remove_deletes_it_and_is_harmless_when_absent)
{
	hy_doc *doc = load_sample();
	char *path = in_tmp("doc.yaml"), *rpath = hy_recover_path(path);
	cr_assert(hy_recover_write(doc, path, NULL));
	cr_expect(exists(rpath));
	hy_recover_remove(path);
	cr_expect(!exists(rpath));
	cr_expect(!hy_recover_pending(path));
	hy_recover_remove(path);
	cr_expect(!exists(rpath));
	free(rpath);
	free(path);
	hy_doc_free(doc);
}

Test(recover, pending_only_when_newer_than_the_document)
{
	hy_doc *doc = load_sample();
	char *path = in_tmp("doc.yaml"), *rpath = hy_recover_path(path);
	write_text(path, sample);
	cr_assert(hy_recover_write(doc, path, NULL));
	time_t now = time(NULL);

	set_mtime(rpath, now - 100);
	set_mtime(path, now);
	cr_expect(!hy_recover_pending(path), "the document was saved after the recovery file");

	set_mtime(path, now - 200);
	cr_expect(hy_recover_pending(path), "the recovery file is newer");

	set_mtime(path, now - 100);
	cr_expect(hy_recover_pending(path), "same time: offer it rather than lose it");

	free(rpath);
	free(path);
	hy_doc_free(doc);
}

/* ---- locks ---- */

Test(recover, lock_is_taken_with_pid_and_host)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	pid_t owner = -1;
	cr_assert_eq(hy_lock_take(path, false, &owner), HY_LOCK_OK);
	char *host = this_host();
	char *want = my_lock_text(host);
	char *got = read_text(lpath);
	cr_expect_str_eq(got, want, "PID HOST START");
	struct stat st;
	cr_assert_eq(stat(lpath, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_OK, "our own lock is ours");
	hy_lock_release(path);
	cr_expect(!exists(lpath), "released");
	free(got);
	free(want);
	free(host);
	free(lpath);
	free(path);
}

Test(recover, a_live_process_holds_the_lock)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	char *host = this_host();

	/* pid 1 always exists; kill() answers 0 or EPERM */
	fake_lock(path, 1, host);
	pid_t owner = 0;
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_HELD);
	cr_expect_eq(owner, 1);

	pid_t child = fork();
	cr_assert_neq(child, -1);
	if (child == 0) {
		pause();
		_exit(0);
	}
	fake_lock(path, child, host);
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_HELD);
	cr_expect_eq(owner, child);
	char *before = read_text(lpath);

	cr_expect_eq(hy_lock_take(path, true, &owner), HY_LOCK_OK, "force takes it over");
	char *after = read_text(lpath);
	char *mine = my_lock_text(host);
	cr_expect_str_neq(after, before);
	cr_expect_str_eq(after, mine);

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	free(mine);
	free(after);
	free(before);
	free(host);
	free(lpath);
	free(path);
}

Test(recover, a_stale_lock_is_taken_over)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	char *host = this_host();
	char *mine = my_lock_text(host);

	pid_t child = fork();
	cr_assert_neq(child, -1);
	if (child == 0)
		_exit(0);
	cr_assert_eq(waitpid(child, NULL, 0), child);

	fake_lock(path, child, host);
	pid_t owner = -1;
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_OK, "dead process on this host");
	char *got = read_text(lpath);
	cr_expect_str_eq(got, mine);
	free(got);

	const char *const garbage[] = {"", "not a lock\n", "12 \n", "-5 host\n", "123 host"};
	for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++) {
		write_text(lpath, garbage[i]);
		cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_OK, "unreadable: '%s'",
			     garbage[i]);
		got = read_text(lpath);
		cr_expect_str_eq(got, mine);
		free(got);
	}

	/* a dead pid on another machine cannot be checked from here */
	fake_lock(path, child, "elsewhere.invalid");
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_HELD);
	cr_expect_eq(owner, child);

	free(mine);
	free(host);
	free(lpath);
	free(path);
}

/* A live process that got the number of a dead hyoka is not "another
 * hyoka": the lock names the start time of the process that wrote it. */
Test(recover, a_reused_pid_is_not_another_hyoka)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	char *host = this_host();
	pid_t child = fork();
	cr_assert_neq(child, -1);
	if (child == 0) {
		pause();
		_exit(0);
	}
	unsigned long long start = start_of(child);
	char *text = hy_printf("%ld %s %llu\n", (long)child, host, start);
	write_text(lpath, text);
	pid_t owner = 0;
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_HELD, "its writer runs");
	cr_expect_eq(owner, child);
	free(text);

	text = hy_printf("%ld %s %llu\n", (long)child, host, start + 1000000);
	write_text(lpath, text);
	cr_expect_eq(hy_lock_take(path, false, &owner), HY_LOCK_OK,
		     "the same number, started later: another program");
	char *got = read_text(lpath), *mine = my_lock_text(host);
	cr_expect_str_eq(got, mine);
	hy_lock_release(path);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	free(mine);
	free(got);
	free(text);
	free(host);
	free(lpath);
	free(path);
}

/* A FIFO or a link under the lock's name is not a lock: never opened or
 * waited on (that hung the editor and `hyoka recover --discard`). */
Test(recover, a_lock_that_is_not_a_regular_file_is_replaced, .timeout = 20)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	cr_assert_eq(mkfifo(lpath, 0666), 0);
	cr_expect_eq(hy_lock_take(path, false, NULL), HY_LOCK_OK);
	struct stat st;
	cr_assert_eq(lstat(lpath, &st), 0);
	cr_expect(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
	hy_lock_release(path);

	char *fifo = in_tmp("fifo");
	cr_assert_eq(mkfifo(fifo, 0666), 0);
	cr_assert_eq(symlink(fifo, lpath), 0);
	cr_expect_eq(hy_lock_take(path, false, NULL), HY_LOCK_OK);
	cr_assert_eq(lstat(lpath, &st), 0);
	cr_expect(S_ISREG(st.st_mode), "the link is replaced");
	cr_assert_eq(lstat(fifo, &st), 0);
	cr_expect(S_ISFIFO(st.st_mode), "its target is left alone");
	hy_lock_release(path);
	free(fifo);
	free(lpath);
	free(path);
}

Test(recover, only_the_owner_releases)
{
	char *path = in_tmp("doc.yaml"), *lpath = hy_lock_path(path);
	char *host = this_host();
	fake_lock(path, 1, host);
	hy_lock_release(path);
	cr_expect(exists(lpath), "someone else's lock stays");
	fake_lock(path, getpid(), "elsewhere.invalid");
	hy_lock_release(path);
	cr_expect(exists(lpath), "our pid on another machine is not us");

	cr_assert_eq(hy_lock_take(path, true, NULL), HY_LOCK_OK);
	hy_lock_release(path);
	cr_expect(!exists(lpath));
	hy_lock_release(path);  /* nothing left: harmless */
	free(host);
	free(lpath);
	free(path);
}

Test(recover, lock_in_a_missing_directory_fails)
{
	pid_t owner = 7;
	cr_expect_eq(hy_lock_take("/nonexistent-dir/x.yaml", false, &owner), HY_LOCK_FAILED);
	cr_expect_eq(owner, 0);
}

/* ---- differences ---- */

static hy_value *at(hy_doc *doc, const char *path)
{
	hy_value *v = hy_value_resolve(doc, doc->root, hy_form_find(doc->form, path));
	cr_assert_not_null(v, "%s", path);
	return v;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(recover, describe_lists_changed_fields_and_added_instances)
{
	hy_doc *saved = load_sample(), *rec = load_sample();
	char *none = hy_recover_describe(saved, rec);
	cr_expect_str_eq(none, "", "same content, no lines");
	free(none);

	hy_set_text(rec, at(rec, "cover.name"), "横浜市 評価書");
	hy_value *inst = hy_repeat_add(rec, at(rec, "main.outsourcing.items"), 2, NULL);
	hy_set_text(rec, inst->kids[0], "監査");
	char *d = hy_recover_describe(saved, rec);
	cr_expect(strstr(d, "表紙 評価書名: 相模原市 国民健康保険事務 全項目評価書 → 横浜市 評価書\n"),
		  "changed text:\n%s", d);
	cr_expect(strstr(d, "委託事項3: (none) → (added) 監査\n"), "added instance:\n%s", d);
	/* the follower's new instance is empty and comes with its leader's */
	cr_expect_eq(count_lines(d), 2, "one line per change:\n%s", d);
	free(d);

	d = hy_recover_describe(rec, saved);
	cr_expect(strstr(d, "委託事項3: 監査 → (removed)\n"), "removed instance:\n%s", d);
	free(d);
	hy_doc_free(saved);
	hy_doc_free(rec);
}

Test(recover, describe_shows_empty_values_and_changes_inside_instances)
{
	hy_doc *saved = load_sample(), *rec = load_sample();
	hy_set_text(rec, at(rec, "main.count"), "");
	hy_value *files = at(rec, "risk.files");
	hy_set_text(rec, files->inst[1]->kids[1], "措置2\n追記");
	hy_set_flag(rec, at(rec, "main.none"), 1);
	char *d = hy_recover_describe(saved, rec);
	cr_expect(strstr(d, "② 件数: 8 → (empty)\n"), "%s", d);
	cr_expect(strstr(d, "ファイル2 措置: 措置2 → 措置2 追記\n"), "line breaks become spaces:\n%s", d);
	cr_expect(strstr(d, "委託しない: [　 ] → [ ○ ]\n"), "as the form prints it:\n%s", d);
	cr_expect_eq(count_lines(d), 3, "%s", d);
	free(d);
	hy_doc_free(saved);
	hy_doc_free(rec);
}

/* Recovery and `hyoka diff` walk the documents with one walker: they agree
 * on what is a change and on which instance was removed. */
Test(recover, describe_agrees_with_diff)
{
	hy_doc *saved = load_sample(), *rec = load_sample();
	hy_set_text(saved, at(saved, "main.note"), "備考");
	hy_set_text(rec, at(rec, "main.note"), "備考\n");
	char *d = hy_recover_describe(saved, rec);
	hy_changes ch;
	hy_changes_init(&ch);
	char *err = NULL;
	cr_assert(hy_diff(saved, rec, &ch, &err));
	cr_expect_str_eq(d, "", "a trailing line break prints as nothing:\n%s", d);
	cr_expect_eq(ch.n, 0);
	free(d);
	hy_changes_free(&ch);

	/* the first of two instances removed: that one, not an edit of the first
	 * and a removal of the second */
	hy_repeat_remove(rec, at(rec, "main.outsourcing.items"), 0);
	d = hy_recover_describe(saved, rec);
	cr_expect(strstr(d, "委託事項1: システム運用 → (removed)\n"), "%s", d);
	cr_expect(!strstr(d, "保守 →"), "the second is unchanged:\n%s", d);
	free(d);
	hy_doc_free(saved);
	hy_doc_free(rec);
}

Test(recover, describe_shortens_long_previews_on_a_character_boundary)
{
	hy_doc *saved = load_sample(), *rec = load_sample();
	hy_buf b;
	hy_buf_init(&b);
	for (int i = 0; i < 50; i++)
		hy_buf_adds(&b, "評価");
	hy_buf_adds(&b, "\x1b[31m");
	hy_set_text(rec, at(rec, "main.count"), b.data);
	char *d = hy_recover_describe(saved, rec);
	cr_expect(hy_utf8_valid(d, strlen(d), NULL), "no cut UTF-8 sequence");
	cr_expect(strstr(d, "…\n"), "%s", d);
	cr_expect(!strchr(d, '\x1b'), "no terminal control characters");
	const char *arrow = strstr(d, "→ ");
	cr_assert_not_null(arrow);
	char *line = hy_strndup(arrow + strlen("→ "), strcspn(arrow + strlen("→ "), "\n"));
	int w = hy_str_width(line);
	cr_expect(w <= 60 && w >= 55, "about 60 columns, got %d: %s", w, line);
	free(line);
	free(d);
	hy_buf_free(&b);
	hy_doc_free(saved);
	hy_doc_free(rec);
}

/* ---- hyoka recover ---- */

typedef struct {
	int rc;
	char *out, *err;
} run_result;

/* Runs the command with stdout and stderr captured in files and standard
 * input from /dev/null (not a terminal). */
static run_result run_recover(const char *file, const char *option)
{
	char *out_path = in_tmp("stdout.txt"), *err_path = in_tmp("stderr.txt");
	fflush(stdout);
	fflush(stderr);
	int saved_in = dup(0), saved_out = dup(1), saved_err = dup(2);
	int in = open("/dev/null", O_RDONLY);
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(saved_in >= 0 && saved_out >= 0 && saved_err >= 0 && in >= 0 && out >= 0 && err >= 0);
	cr_assert(dup2(in, 0) >= 0 && dup2(out, 1) >= 0 && dup2(err, 2) >= 0);
	hy_global g = {.forms_dir = "tests/fixtures/forms", .argv0 = "hyoka"};
	char *argv[] = {"recover", (char *)file, (char *)option, NULL};
	run_result r = {.rc = hy_cmd_recover(&g, option ? 3 : 2, argv)};
	fflush(stdout);
	fflush(stderr);
	cr_assert(dup2(saved_in, 0) >= 0 && dup2(saved_out, 1) >= 0 && dup2(saved_err, 2) >= 0);
	close(saved_in);
	close(saved_out);
	close(saved_err);
	close(in);
	close(out);
	close(err);
	r.out = read_text(out_path);
	r.err = read_text(err_path);
	unlink(out_path);
	unlink(err_path);
	free(out_path);
	free(err_path);
	return r;
}

static void run_free(run_result *r)
{
	free(r->out);
	free(r->err);
}

/* A saved document and a recovery file with one changed field. */
static char *prepare(void)
{
	char *path = in_tmp("doc.yaml");
	write_text(path, sample);
	hy_doc *doc = load_sample();
	hy_set_text(doc, at(doc, "main.count"), "9");
	cr_assert(hy_recover_write(doc, path, NULL));
	hy_doc_free(doc);
	return path;
}

Test(recover, command_show_and_no_terminal)
{
	char *path = prepare(), *rpath = hy_recover_path(path);
	run_result r = run_recover(path, "--show");
	cr_expect_eq(r.rc, HY_EXIT_OK, "%s", r.err);
	cr_expect(strstr(r.out, "② 件数: 8 → 9\n"), "%s", r.out);
	run_free(&r);

	r = run_recover(path, NULL);
	cr_expect_eq(r.rc, HY_EXIT_PROBLEMS, "no terminal: show and stop");
	cr_expect(strstr(r.out, "② 件数: 8 → 9\n"), "%s", r.out);
	cr_expect(strstr(r.err, "--restore"), "%s", r.err);
	cr_expect(exists(rpath), "nothing changed");
	run_free(&r);
	free(rpath);
	free(path);
}

Test(recover, command_restore_keeps_a_backup)
{
	char *path = prepare(), *rpath = hy_recover_path(path);
	char *recovered = read_text(rpath);
	run_result r = run_recover(path, "--restore");
	cr_expect_eq(r.rc, HY_EXIT_OK, "%s", r.err);
	char *now = read_text(path);
	cr_expect_str_eq(now, recovered);
	char *bak = hy_printf("%s~", path);
	char *old = read_text(bak);
	cr_expect_str_eq(old, sample);
	cr_expect(!exists(rpath), "recovery file removed");
	char *lpath = hy_lock_path(path);
	cr_expect(!exists(lpath), "no lock left behind");
	run_free(&r);

	r = run_recover(path, "--restore");
	cr_expect_eq(r.rc, HY_EXIT_INPUT, "nothing left to recover");
	run_free(&r);
	free(lpath);
	free(old);
	free(bak);
	free(now);
	free(recovered);
	free(rpath);
	free(path);
}

Test(recover, command_discard_and_refusals)
{
	char *path = prepare(), *rpath = hy_recover_path(path);
	char *host = this_host();

	/* an editor still running on the document keeps its recovery file */
	fake_lock(path, 1, host);
	run_result r = run_recover(path, "--discard");
	cr_expect_eq(r.rc, HY_EXIT_WRITE);
	cr_expect(exists(rpath));
	run_free(&r);
	char *lpath = hy_lock_path(path);
	cr_assert_eq(unlink(lpath), 0);

	r = run_recover(path, "--discard");
	cr_expect_eq(r.rc, HY_EXIT_OK, "%s", r.err);
	cr_expect(!exists(rpath));
	char *doc = read_text(path);
	cr_expect_str_eq(doc, sample, "the document is untouched");
	run_free(&r);

	r = run_recover(path, "--show");
	cr_expect_eq(r.rc, HY_EXIT_INPUT, "no recovery file");
	run_free(&r);

	r = run_recover(path, "--bogus");
	cr_expect_eq(r.rc, HY_EXIT_INPUT);
	run_free(&r);

	free(doc);
	free(lpath);
	free(host);
	free(rpath);
	free(path);
}

Test(recover, command_reports_an_unparsable_recovery_file)
{
	char *path = prepare(), *rpath = hy_recover_path(path);
	write_text(rpath, "form: mini\nmain:\n  count: [unclosed\n");
	run_result r = run_recover(path, "--restore");
	cr_expect_eq(r.rc, HY_EXIT_INPUT);
	char *prefix = hy_printf("%s:", rpath);
	cr_expect(hy_starts_with(r.err, prefix) && strstr(r.err, ": error: "), "%s", r.err);
	char *doc = read_text(path);
	cr_expect_str_eq(doc, sample, "the document is untouched");
	cr_expect(exists(rpath), "the recovery file is kept");
	free(doc);
	free(prefix);
	run_free(&r);
	free(rpath);
	free(path);
}
