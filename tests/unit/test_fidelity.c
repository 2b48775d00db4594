/* Fidelity: the rendering of each transcribed example contains, in order, the
 * labels and values of the published text it came from (../shared/seeds/).
 * The score is the share of the seed's text cells found in order; the
 * thresholds sit just under what the renderer reaches, so a regression in
 * labels, options or values fails.  FIDELITY_MISSES=1 lists the cells not found. */
#include "helpers.h"
#include "hyoka/render.h"

#include <stdint.h>
#include <stdio.h>

#define FIDELITY_YOKOHAMA 90.0 /* reached: 91.1 */
#define FIDELITY_SAGAMIHARA 77.0 /* reached: 78.7; 別添３ is transcribed in part */
/* reached: 88.6 (68.9 as label/value tables); the bound-in 全項目評価書 is not counted */
#define FIDELITY_SETAGAYA 87.0

/* Folds the differences an extraction introduces: full-width ASCII, bracket
 * shapes, dashes, spaces, box drawing and check marks. */
static char *normalise(const char *s)
{
	hy_buf b;
	hy_buf_init(&b);
	size_t n = strlen(s), i = 0;
	static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII",
					    "IX", "X"};
	while (i < n) {
		uint32_t c;
		/* HTML left in the seed by its conversion: <p>, </td>, <input …/> */
		if (s[i] == '<' && i + 1 < n && (s[i + 1] == '/' || (s[i + 1] >= 'a' && s[i + 1] <= 'z'))) {
			const char *close = strchr(s + i, '>');
			if (close) {
				i = (size_t)(close - s) + 1;
				continue;
			}
		}
		i += hy_utf8_decode(s + i, n - i, &c);
		if (c >= 0x2160 && c <= 0x2169) {
			hy_buf_adds(&b, roman[c - 0x2160]);
			continue;
		}
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0;
		if (c == 0x3000 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '[' ||
		    c == ']' || c == 0x25CB || c == '|' || (c >= 0x2500 && c <= 0x257F) ||
		    c == 0x2014 || c == 0x2015 || c == '-' || c == 0x2212 || c == '*' || c == '#')
			continue;
		if (c == 0xFF08 || c == 0x3008 || c == 0xFF1C)
			c = '(';
		if (c == 0xFF09 || c == 0x3009 || c == 0xFF1E)
			c = ')';
		if (c == '<')
			c = '(';
		if (c == '>')
			c = ')';
		char enc[4];
		hy_buf_add(&b, enc, hy_utf8_encode(c, enc));
	}
	return hy_buf_take(&b);
}

static bool has_japanese(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE3)
			return true;
	return false;
}

/* The text rendering of an example. */
static char *rendering(const char *example)
{
	hy_forms forms;
	load_shipped_forms(&forms);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load(&forms, example, &d);
	cr_assert_not_null(doc, "%s", example);
	hy_render_opts o = {.width = 10000};
	char *text = hy_render(doc, &o);
	hy_doc_free(doc);
	hy_diags_free(&d);
	hy_forms_free(&forms);
	return text;
}

/* Share (0..100) of the seed's cells found in the renderings of the
 * examples, one after the other, in order.  The seed's lines from the one
 * equal to skip_from up to the one before skip_to are not counted (a part
 * the examples do not transcribe); NULL: none skipped. */
static double fidelity_of(const char *seed_path, const char *const *examples, size_t n_ex,
			  const char *skip_from, const char *skip_to)
{
	size_t len;
	char *err = NULL;
	char *seed = hy_read_file(seed_path, 1 << 24, &len, &err);
	cr_assert_not_null(seed, "%s: %s", seed_path, err ? err : "");
	hy_buf all;
	hy_buf_init(&all);
	for (size_t i = 0; i < n_ex; i++) {
		char *text = rendering(examples[i]);
		hy_buf_adds(&all, text);
		free(text);
	}
	char *rendered = normalise(all.data ? all.data : "");
	hy_buf_free(&all);
	size_t found = 0, total = 0;
	const char *pos = rendered;
	bool skipping = false;
	for (char *line = strtok(seed, "\n"); line; line = strtok(NULL, "\n")) {
		if (skip_from && !strcmp(line, skip_from))
			skipping = true;
		if (skip_to && !strcmp(line, skip_to))
			skipping = false;
		if (skipping)
			continue;
		/* a seed line may hold several table cells */
		char *cells = hy_strdup(line);
		for (char *c = cells; c;) {
			char *sep = strpbrk(c, "\t|");
			if (sep)
				*sep = '\0';
			char *cell = normalise(c);
			if (hy_utf8_chars(cell) >= 6 && has_japanese(cell)) {
				total++;
				const char *hit = strstr(pos, cell);
				if (hit) {
					found++;
					pos = hit + strlen(cell);
				} else if (strstr(rendered, cell)) {
					found++; /* present, out of order: tables are re-ordered in seeds */
				} else if (getenv("FIDELITY_MISSES")) {
					fprintf(stderr, "miss: %s\n", cell);
				}
			}
			free(cell);
			c = sep ? sep + 1 : NULL;
		}
		free(cells);
	}
	free(rendered);
	free(seed);
	return total ? 100.0 * (double)found / (double)total : 0;
}

static double fidelity(const char *seed_path, const char *example)
{
	return fidelity_of(seed_path, &example, 1, NULL, NULL);
}

static bool seeds_present(void)
{
	FILE *f = fopen("../shared/seeds/yokohama-hitorioya-focused.txt", "r");
	if (f)
		fclose(f);
	return f != NULL;
}

Test(fidelity, yokohama_focused)
{
	if (!seeds_present())
		cr_skip_test("../shared/seeds is absent: fidelity against the published seeds skipped");
	double score = fidelity("../shared/seeds/yokohama-hitorioya-focused.txt",
				"examples/yokohama-hitorioya-focused.yaml");
	cr_log_info("yokohama fidelity: %.1f%%", score);
	printf("fidelity yokohama: %.1f%%\n", score);
	cr_expect_geq(score, FIDELITY_YOKOHAMA, "fidelity %.1f%% fell below %.1f%%", score,
		      (double)FIDELITY_YOKOHAMA);
}

Test(fidelity, sagamihara_full)
{
	if (!seeds_present())
		cr_skip_test("../shared/seeds is absent: fidelity against the published seeds skipped");
	double score = fidelity("../shared/seeds/sagamihara-kokuho-full.txt",
				"examples/sagamihara-kokuho-full.yaml");
	printf("fidelity sagamihara: %.1f%%\n", score);
	cr_expect_geq(score, FIDELITY_SAGAMIHARA, "fidelity %.1f%% fell below %.1f%%", score,
		      (double)FIDELITY_SAGAMIHARA);
}

/* The eight 諮問 of seed 004, printed one after the other as the seed has
 * them; the 全項目評価書 bound in as 別紙2 is a separate document. */
Test(fidelity, setagaya_consultations)
{
	if (!seeds_present())
		cr_skip_test("../shared/seeds is absent: fidelity against the published seeds skipped");
	static const char *const examples[] = {
		"examples/setagaya-shimon-986.yaml", "examples/setagaya-shimon-987.yaml",
		"examples/setagaya-shimon-988.yaml", "examples/setagaya-shimon-989.yaml",
		"examples/setagaya-shimon-990.yaml", "examples/setagaya-shimon-991.yaml",
		"examples/setagaya-shimon-992.yaml", "examples/setagaya-shimon-993.yaml"};
	double score = fidelity_of("../shared/seeds/setagaya-shimon-986-993.txt", examples,
				   sizeof examples / sizeof *examples,
				   "特定個人情報保護評価書(全項目評価書)",
				   "公金受取口座を活用した還付金の還付について");
	printf("fidelity setagaya: %.1f%%\n", score);
	cr_expect_geq(score, FIDELITY_SETAGAYA, "fidelity %.1f%% fell below %.1f%%", score,
		      (double)FIDELITY_SETAGAYA);
}
