/* Saving on a shared server: owners, groups, modes, ACLs and links are kept,
 * the umask is honoured, private files stay private, nothing hangs. */
#include "helpers.h"
#include "hyoka/fileio.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/hyoka-fileio.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	chmod(dir, 0777);
}

static void remove_dir(void)
{
	remove_tree(dir);
}

TestSuite(fileio, .init = make_dir, .fini = remove_dir);

static char *in_dir(const char *name)
{
	return hy_printf("%s/%s", dir, name);
}

static void put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	cr_assert_geq(fd, 0, "%s", path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

static char *slurp(const char *path)
{
	size_t len;
	char *err = NULL;
	char *text = hy_read_file(path, 1 << 20, &len, &err);
	free(err);
	return text;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(lstat(path, &st), 0, "%s", path);
	return st.st_mode & 07777;
}

static bool save(const char *path, const char *text)
{
	char *err = NULL;
	bool ok = hy_write_atomic(path, text, strlen(text), 0666, true, &err);
	if (!ok)
		cr_log_error("%s", err);
	free(err);
	return ok;
}

Test(fileio, new_files_honour_the_umask)
{
	char *a = in_dir("a.yaml"), *b = in_dir("b.yaml");
	mode_t old = umask(077);
	cr_assert(save(a, "x\n"));
	umask(022);
	cr_assert(save(b, "x\n"));
	umask(old);
	cr_expect_eq(mode_of(a), 0600, "umask 077 gives 0600, not %o", mode_of(a));
	cr_expect_eq(mode_of(b), 0644);
	free(a);
	free(b);
}

Test(fileio, a_save_keeps_mode_and_a_backup_gets_the_documents_mode)
{
	char *doc = in_dir("doc.yaml"), *bak = in_dir("doc.yaml~");
	put(doc, "old\n", 0640);
	put(bak, "older\n", 0777); /* an older backup of another mode */
	cr_assert(save(doc, "new\n"));
	cr_expect_eq(mode_of(doc), 0640);
	cr_expect_eq(mode_of(bak), 0640, "the backup has the document's mode, not %o", mode_of(bak));
	char *text = slurp(bak);
	cr_expect_str_eq(text, "old\n");
	free(text);
	free(doc);
	free(bak);
}

Test(fileio, a_symbolic_link_stays_a_link)
{
	char *target = in_dir("real.yaml"), *link_path = in_dir("link.yaml");
	char *link_bak = in_dir("link.yaml~"), *real_bak = in_dir("real.yaml~");
	put(target, "old\n", 0644);
	cr_assert_eq(symlink("real.yaml", link_path), 0);
	cr_assert(save(link_path, "new\n"));
	struct stat st;
	cr_assert_eq(lstat(link_path, &st), 0);
	cr_expect(S_ISLNK(st.st_mode), "the link was replaced by a copy");
	char *text = slurp(target);
	cr_expect_str_eq(text, "new\n", "the target holds the save");
	free(text);
	cr_expect_neq(lstat(link_bak, &st), 0, "no link.yaml~ beside the link");
	cr_assert_eq(lstat(real_bak, &st), 0, "the target's backup exists");
	cr_expect(S_ISREG(st.st_mode), "the backup is a file, not a link to the live one");
	text = slurp(real_bak);
	cr_expect_str_eq(text, "old\n");
	free(text);
	cr_expect(hy_same_file(link_path, target));
	free(target);
	free(link_path);
	free(link_bak);
	free(real_bak);
}

Test(fileio, extended_attributes_are_kept)
{
	char *doc = in_dir("x.yaml");
	put(doc, "old\n", 0644);
	if (setxattr(doc, "user.hyoka-test", "総務課", strlen("総務課"), 0) != 0)
		cr_skip_test("this file system has no user extended attributes");
	cr_assert(save(doc, "new\n"));
	char value[64] = "";
	ssize_t n = getxattr(doc, "user.hyoka-test", value, sizeof value - 1);
	cr_expect_eq(n, (ssize_t)strlen("総務課"), "the attribute was dropped");
	free(doc);
}

Test(fileio, private_files_are_0600_and_regular)
{
	char *rec = in_dir(".r"), *fifo = in_dir(".f");
	put(rec, "someone else's\n", 0666);
	char *err = NULL;
	cr_assert(hy_write_private(rec, "edits\n", 6, &err));
	cr_expect_eq(mode_of(rec), 0600);
	cr_assert_eq(mkfifo(fifo, 0644), 0);
	/* a FIFO would block a writer: it is replaced, never written through */
	cr_assert(hy_write_private(fifo, "edits\n", 6, &err), "%s", err);
	struct stat st;
	cr_assert_eq(lstat(fifo, &st), 0);
	cr_expect(S_ISREG(st.st_mode));
	cr_expect_eq(st.st_mode & 07777, 0600);
	free(rec);
	free(fifo);
}

Test(fileio, a_device_is_written_to_not_replaced)
{
	char *err = NULL;
	cr_assert(hy_write_atomic("/dev/null", "text\n", 5, 0666, true, &err), "%s", err);
	struct stat st;
	cr_assert_eq(stat("/dev/null", &st), 0);
	cr_expect(S_ISCHR(st.st_mode));
}

Test(fileio, long_names_save_with_short_temporary_names)
{
	char name[256];
	memset(name, 'a', 243);
	strcpy(name + 243, ".yaml"); /* 248 bytes */
	char *doc = in_dir(name);
	cr_expect(save(doc, "one\n"));
	cr_expect(save(doc, "two\n"), "a second save, with a backup name of 249 bytes");
	memset(name, 'b', 250);
	name[250 - 5] = '\0';
	strcat(name, ".yaml"); /* 250 bytes */
	free(doc);
	doc = in_dir(name);
	cr_expect(save(doc, "one\n"));
	free(doc);
}

Test(fileio, stale_temporary_files_of_dead_saves_are_removed)
{
	char *doc = in_dir("s.yaml");
	pid_t child = fork();
	if (child == 0) {
		hy_atomic a;
		char *err = NULL;
		hy_atomic_open(&a, doc, 0666, &err);
		_exit(0); /* dies in the middle of a save */
	}
	int status;
	waitpid(child, &status, 0);
	char *cmd = hy_printf("ls -A '%s' | grep -c '^\\.hyoka-'", dir);
	FILE *p = popen(cmd, "r");
	int before = 0;
	cr_assert_eq(fscanf(p, "%d", &before), 1);
	pclose(p);
	cr_assert_eq(before, 1, "the dead save left its temporary file");
	cr_expect_eq(hy_clean_stale_temps(doc), 1);
	cr_expect_eq(hy_clean_stale_temps(doc), 0);
	free(cmd);
	free(doc);
}

/* Runs fn as an unprivileged user in a child: root ignores permissions. */
static int as_user(uid_t uid, gid_t gid, bool (*fn)(void))
{
	pid_t child = fork();
	if (child == 0) {
		if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
			_exit(3);
		_exit(fn() ? 0 : 1);
	}
	int status;
	waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}

static char *shared_doc;

/* In the child: no Criterion calls, which would talk to the runner. */
static bool save_shared(void)
{
	char *err = NULL;
	const char *text = "group member's edit\n";
	bool ok = hy_write_atomic(shared_doc, text, strlen(text), 0666, true, &err);
	if (!ok)
		fprintf(stderr, "%s\n", err);
	free(err);
	return ok;
}

Test(fileio, another_users_file_keeps_its_owner)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to act as two users");
	shared_doc = in_dir("shared.yaml");
	put(shared_doc, "owner's text\n", 0666);
	cr_assert_eq(chown(shared_doc, 4321, 4321), 0);
	int rc = as_user(65534, 65534, save_shared);
	cr_assert_eq(rc, 0, "the save as another user failed (%d)", rc);
	struct stat st;
	cr_assert_eq(stat(shared_doc, &st), 0);
	cr_expect_eq(st.st_uid, 4321, "the file was taken from its owner");
	cr_expect_eq(st.st_gid, 4321);
	cr_expect_eq(st.st_mode & 07777, 0666);
	char *text = slurp(shared_doc);
	cr_expect_str_eq(text, "group member's edit\n");
	free(text);
	free(shared_doc);
}

Test(fileio, an_unwritable_directory_with_a_writable_file_saves_in_place)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to act as another user");
	shared_doc = in_dir("locked/doc.yaml");
	char *sub = in_dir("locked");
	cr_assert_eq(mkdir(sub, 0755), 0);
	put(shared_doc, "before\n", 0666);
	struct stat before;
	cr_assert_eq(stat(shared_doc, &before), 0);
	int rc = as_user(65534, 65534, save_shared);
	cr_assert_eq(rc, 0, "the save failed (%d)", rc);
	struct stat after;
	cr_assert_eq(stat(shared_doc, &after), 0);
	cr_expect_eq(after.st_ino, before.st_ino, "written in place");
	char *text = slurp(shared_doc);
	cr_expect_str_eq(text, "group member's edit\n");
	free(text);
	free(sub);
	free(shared_doc);
}
