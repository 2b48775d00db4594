/* bench/runx: runs a command several times and prints wall-clock times and
 * the peak resident memory (ru_maxrss from wait4, the number GNU time's %M
 * prints).
 *
 *   runx [-n RUNS] [-w WARMUP] [-i STDIN] [-o STDOUT] [-c SRC DST]... -- CMD ARGS...
 *
 * stdin defaults to /dev/null, stdout and stderr to /dev/null.  Each -c copies
 * SRC over DST before every run (not timed): for commands that rewrite their
 * input.  Prints one line: "median_ms min_ms max_ms maxrss_kb runs"; exits 1
 * when any run fails (a non-zero exit code other than 1, or a signal). */
#define _GNU_SOURCE
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
		} else {
			fprintf(stderr, "runx: bad argument %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc || runs < 1) {
		fprintf(stderr, "usage: runx [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] [-c SRC DST] -- CMD...\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	double *ms = calloc((size_t)runs, sizeof *ms);
	long maxrss = 0;
	for (int r = -warmup; r < runs; r++) {
		for (int c = 0; c < n_copies; c++)
			copy(copies[c][0], copies[c][1]);
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
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) {
			fprintf(stderr, "runx: %s failed (status %d)\n", cmd[0], status);
			return 1;
		}
		if (r >= 0) {
			ms[r] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
			if (ru.ru_maxrss > maxrss)
				maxrss = ru.ru_maxrss;
		}
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	double med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	printf("%.2f %.2f %.2f %ld %d\n", med, ms[0], ms[runs - 1], maxrss, runs);
	return 0;
}
