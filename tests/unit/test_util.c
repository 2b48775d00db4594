/* Allocation helpers: running out of memory saves what it can and exits
 * with the documented status instead of aborting. */
#include "helpers.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void note_oom(void *ctx)
{
	FILE *f = fopen((const char *)ctx, "w");
	if (f) {
		fputs("recovery written\n", f);
		fclose(f);
	}
}

Test(util, out_of_memory_exits_4, .exit_code = HY_EXIT_OUT_OF_MEMORY)
{
	hy_set_oom_handler(note_oom, "/dev/null", 1 << 20);
	free(hy_malloc((size_t)-1 / 2));
	cr_assert_fail("an impossible allocation returned");
}

Test(util, out_of_memory_runs_the_handler_first)
{
	char marker[] = "/tmp/hyoka-oom.XXXXXX";
	int fd = mkstemp(marker);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(marker);
	pid_t child = fork();
	if (child == 0) {
		hy_set_oom_handler(note_oom, marker, 1 << 20);
		free(hy_malloc((size_t)-1 / 2));
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == HY_EXIT_OUT_OF_MEMORY,
		  "status %d", status);
	FILE *f = fopen(marker, "r");
	cr_assert_not_null(f, "the handler did not run");
	fclose(f);
	unlink(marker);
}

/* The 32-bit counts of a document's values grow like the others, zeroed,
 * and a count that would pass 2^32 - 1 is running out of memory. */
Test(util, grow32_doubles_and_zeroes)
{
	uint32_t *items = NULL, cap = 0;
	hy_grow32((void **)&items, &cap, 0, sizeof *items);
	cr_expect_eq(cap, 8);
	items[7] = 7;
	hy_grow32((void **)&items, &cap, 100, sizeof *items);
	cr_expect_eq(cap, 128);
	cr_expect_eq(items[7], 7);
	for (uint32_t i = 8; i < cap; i++)
		cr_expect_eq(items[i], 0, "item %u is not zeroed", i);
	free(items);
}

Test(util, grow32_past_its_count_is_out_of_memory, .exit_code = HY_EXIT_OUT_OF_MEMORY)
{
	char *items = NULL;
	uint32_t cap = 0;
	hy_grow32((void **)&items, &cap, (size_t)UINT32_MAX, 1);
	cr_assert_fail("a count past 2^32 - 1 was granted");
}
