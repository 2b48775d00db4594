/* bench/yparse: the floor for load + validate — reads a file into memory and
 * runs libyaml's event parser over it, doing nothing with the events (the
 * same input path hyoka takes: whole file, then yaml_parser_set_input_string).
 *
 *   yparse FILE      prints the number of events */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yparse FILE\n");
		return 2;
	}
	/* one read of the whole file, as hy_read_file does */
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(argv[1]);
		return 2;
	}
	size_t len = (size_t)st.st_size, got = 0;
	unsigned char *buf = malloc(len + 1);
	while (buf && got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n <= 0) {
			perror(argv[1]);
			return 2;
		}
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return 2;
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, buf, len);
	long events = 0;
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "%s:%zu:%zu: %s\n", argv[1], p.problem_mark.line + 1,
				p.problem_mark.column + 1, p.problem ? p.problem : "parse error");
			return 1;
		}
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		events++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	free(buf);
	printf("%ld events\n", events);
	return 0;
}
