/* bench/runx: runs commands several times and prints their median wall-clock
 * and CPU times and peak resident memory (ru_maxrss from wait4, the number
 * GNU time's %M prints).
 *
 *   runx [-n RUNS] [-w WARMUP] [-i STDIN] [-o STDOUT] [-c SRC DST]... [-e NAME=VALUE]...
 *        -- CMD ARGS... [:: CMD ARGS...]...
 *
 * stdin defaults to /dev/null, stdout and stderr to /dev/null.  Each -c copies
 * SRC over DST before every run (not timed): for commands that rewrite their
 * input.  Each -e sets an environment variable for the commands.  Several
 * commands separated by `::` run in turn (round robin), so that a busy machine
 * slows them alike and their ratio stays meaningful.  WARMUP rounds (default 1)
 * are not counted.  Prints one line per command:
 *   median_ms min_ms max_ms maxrss_kb runs cpu_median_ms
 * (cpu: user + system time of the child); exits 1 when a run fails (an exit
 * code other than 0 and 1, or a signal). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void copy(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct stat st;
	if (in < 0 || out < 0 || fstat(in, &st) != 0) {
		perror("runx: copy");
		exit(2);
	}
	off_t off = 0;
	while (off < st.st_size)
		if (sendfile(out, in, &off, (size_t)(st.st_size - off)) <= 0) {
			perror("runx: copy");
			exit(2);
		}
	close(in);
	close(out);
}

static double run_once(char **cmd, const char *in, const char *out, long *maxrss, double *cpu)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644),
		    fe = open("/dev/null", O_WRONLY);
		if (fi < 0 || fo < 0 || fe < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
		perror("runx");
		exit(2);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) {
		fprintf(stderr, "runx: %s failed (status %d)\n", cmd[0], status);
		exit(1);
	}
	if (ru.ru_maxrss > *maxrss)
		*maxrss = ru.ru_maxrss;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

#define MAX_CMDS 8

int main(int argc, char **argv)
{
	int runs = 5, warmup = 1;
	const char *in = "/dev/null", *out = "/dev/null";
	const char *copies[16][2];
	int n_copies = 0, i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc)
			in = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-c") == 0 && i + 2 < argc && n_copies < 16) {
			copies[n_copies][0] = argv[++i];
			copies[n_copies++][1] = argv[++i];
		} else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc && strchr(argv[i + 1], '=')) {
			putenv(argv[++i]);
		} else {
			fprintf(stderr, "runx: bad argument %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc || runs < 1) {
		fprintf(stderr, "usage: runx [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] [-c SRC DST] "
				"[-e NAME=VALUE] -- CMD... [:: CMD...]\n");
		return 2;
	}
	/* split the commands at "::" */
	char **cmds[MAX_CMDS];
	int n_cmds = 0;
	cmds[n_cmds++] = argv + i + 1;
	for (int j = i + 1; j < argc; j++)
		if (strcmp(argv[j], "::") == 0) {
			argv[j] = NULL;
			if (n_cmds == MAX_CMDS || j + 1 >= argc) {
				fprintf(stderr, "runx: too many or empty commands\n");
				return 2;
			}
			cmds[n_cmds++] = argv + j + 1;
		}
	double *ms[MAX_CMDS], *cpu[MAX_CMDS];
	long maxrss[MAX_CMDS] = {0};
	for (int c = 0; c < n_cmds; c++)
	{
		ms[c] = calloc((size_t)runs, sizeof *ms[c]);
		cpu[c] = calloc((size_t)runs, sizeof *cpu[c]);
	}
	for (int r = -warmup; r < runs; r++)
		for (int c = 0; c < n_cmds; c++) {
			for (int k = 0; k < n_copies; k++)
				copy(copies[k][0], copies[k][1]);
			long rss = 0;
			double u;
			double t = run_once(cmds[c], in, out, &rss, &u);
			if (r >= 0) {
				ms[c][r] = t;
				cpu[c][r] = u;
				if (rss > maxrss[c])
					maxrss[c] = rss;
			}
		}
	for (int c = 0; c < n_cmds; c++) {
		qsort(ms[c], (size_t)runs, sizeof *ms[c], cmp);
		qsort(cpu[c], (size_t)runs, sizeof *cpu[c], cmp);
		double med = runs % 2 ? ms[c][runs / 2] : (ms[c][runs / 2 - 1] + ms[c][runs / 2]) / 2;
		double cmed = runs % 2 ? cpu[c][runs / 2] : (cpu[c][runs / 2 - 1] + cpu[c][runs / 2]) / 2;
		printf("%.2f %.2f %.2f %ld %d %.2f\n", med, ms[c][0], ms[c][runs - 1], maxrss[c], runs,
		       cmed);
	}
	return 0;
}
