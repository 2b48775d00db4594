/* bench/yparse: the floor for load + validate — reads a file into memory and
 * runs libyaml's event parser over it, doing nothing with the events (the
 * same input path hyoka takes: whole file, then yaml_parser_set_input_string).
 *
 *   yparse FILE      prints the number of events */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yparse FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, len = 0, n;
	unsigned char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
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
