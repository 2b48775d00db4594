/* bench/gen: generates a large, realistic document of the `full` form for the
 * benchmarks, by taking the sentences of a real assessment (the Sagamihara
 * example) and varying them.
 *
 *   gen --forms DIR EXAMPLE SCALE OUT
 *
 * SCALE 1 is the largest published size: about 600,000 characters, 20
 * システム, 20 委託事項, 30 提供先 (and 12 移転先) spread over 4 特定個人情報
 * ファイル, with long risk texts.  SCALE 5 and 20 multiply the repeats
 * (files, 委託事項, 提供先, 移転先; システム stays at the form's cap of 20) by
 * about sqrt(SCALE) and lengthen the long texts so that the whole document
 * has SCALE x 600,000 characters (within 1%).
 *
 * The example is parsed with the project's ytree, reshaped, written out with
 * libyaml, loaded as a hyoka document (so it must be valid: the program
 * fails on any error) and saved in canonical form with hy_doc_to_yaml.
 *
 * One field, risk.files[0].outsourcing.subcontract_method (Ⅲ．４ 再委託先に
 * よる特定個人情報ファイルの適切な取扱いの確保, the longest text of the
 * example), starts with the marker HY_BENCH_MARK: the editor benchmarks find
 * it by searching for that marker and type into it.  Deterministic: the same
 * arguments always give the same bytes. */
#include "hyoka/doc.h"
#include "hyoka/form.h"
#include "hyoka/utf8.h"
#include "hyoka/util.h"
#include "hyoka/validate.h"
#include "hyoka/ytree.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "bench.h"

/* ---- a deterministic PRNG (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t rnd_below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static uint64_t hash_str(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* ---- variation: each copy of a file is another 事務 of the same city ---- */

/* What the example's 事務 name becomes in copy k.  All are 個人番号利用事務 of
 * a city (番号法別表第１). */
static const char *const task_names[] = {
	"国民健康保険", "介護保険", "後期高齢者医療", "児童手当", "住民基本台帳",
	"個人住民税", "生活保護", "障害者福祉", "予防接種", "子ども・子育て支援",
	"健康増進", "児童扶養手当", "特別児童扶養手当", "母子保健", "軽自動車税",
	"固定資産税", "国民年金", "就学援助", "市営住宅管理", "災害救助",
};
#define N_TASKS (sizeof task_names / sizeof *task_names)

static const char *const system_names[] = {
	"国民健康保険システム", "中間サーバー", "共通基盤システム", NULL /* keep the 4th */,
	"住民記録システム", "税務総合システム", "介護保険システム", "後期高齢者医療システム",
	"福祉総合システム", "子ども・子育て支援システム", "健康管理システム", "収納管理システム",
	"滞納整理システム", "統合宛名管理システム", "文書管理システム", "統合運用管理システム",
	"電子申請システム", "証明書コンビニ交付システム", "庁内データ連携基盤",
	"ガバメントクラウド接続基盤",
};

static const char *const recipients[] = {
	"都道府県知事", "市町村長", "日本年金機構", "全国健康保険協会", "健康保険組合",
	"国家公務員共済組合", "地方公務員共済組合", "日本私立学校振興・共済事業団",
	"後期高齢者医療広域連合", "厚生労働大臣", "文部科学大臣",
	"独立行政法人日本学生支援機構", "社会保険診療報酬支払基金", "国民健康保険組合",
	"都道府県教育委員会", "市町村教育委員会", "地方税共同機構", "公営住宅の事業主体",
	"独立行政法人農業者年金基金", "特別区長",
};

static const char *const departments[] = {
	"市民局区政推進課", "財政局市民税課", "健康福祉局地域包括ケア推進課", "健康福祉局生活福祉課",
	"こども・若者未来局こども家庭課", "健康福祉局障害政策課", "財政局納税課",
	"健康福祉局健康増進課", "教育局学務課", "都市建設局市営住宅課", "市民局市民課",
	"危機管理局危機管理課",
};

/* Replaces every occurrence of `from` by `to`.  Caller frees. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	hy_buf b;
	hy_buf_init(&b);
	size_t fl = strlen(from);
	const char *p = s, *q;
	while ((q = strstr(p, from))) {
		hy_buf_add(&b, p, (size_t)(q - p));
		hy_buf_adds(&b, to);
		p = q + fl;
	}
	hy_buf_adds(&b, p);
	return b.data ? hy_buf_take(&b) : hy_strdup("");
}

static void set_scalar(yt_node *n, char *s)
{
	free(n->str);
	n->str = s;
	n->len = strlen(s);
}

static void vary_tree(yt_node *n, size_t k)
{
	if (!n || k % N_TASKS == 0)
		return;
	if (n->kind == YT_SCALAR) {
		if (strstr(n->str, task_names[0]))
			set_scalar(n, replace_all(n->str, task_names[0], task_names[k % N_TASKS]));
		return;
	}
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		vary_tree(n->items[i], k);
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++)
		vary_tree(n->pairs[i].value, k);
}

/* ---- the sentence pool ---- */

typedef struct {
	char **s;
	size_t n, cap;
} pool;

static void pool_add(pool *p, const char *s, size_t len)
{
	if (len < 30) /* too short to be a sentence (10 characters) */
		return;
	hy_grow((void **)&p->s, &p->cap, p->n, sizeof *p->s);
	p->s[p->n++] = hy_strndup(s, len);
}

/* Splits text into sentences ending in 。 (or at line ends). */
static void harvest(pool *p, const char *text)
{
	const char *start = text;
	for (const char *c = text; *c;) {
		if (*c == '\n') {
			pool_add(p, start, (size_t)(c - start));
			start = ++c;
		} else if (strncmp(c, "。", 3) == 0) {
			c += 3;
			pool_add(p, start, (size_t)(c - start));
			start = c;
		} else {
			c++;
		}
	}
	pool_add(p, start, strlen(start));
}

static void harvest_tree(pool *p, const yt_node *n)
{
	if (!n)
		return;
	if (n->kind == YT_SCALAR && hy_utf8_chars(n->str) >= 60)
		harvest(p, n->str);
	for (size_t i = 0; n->kind == YT_SEQ && i < n->n; i++)
		harvest_tree(p, n->items[i]);
	for (size_t i = 0; n->kind == YT_MAP && i < n->n; i++)
		harvest_tree(p, n->pairs[i].value);
}

/* ---- lengthening the long texts ---- */

typedef struct {
	pool risk;          /* sentences of Ⅲ, Ⅳ (risk measures) */
	pool general;       /* every other long text */
	double factor;      /* long texts become factor x their length */
	size_t longtext_chars;
} grow_ctx;

/* Appends paragraphs of 2-4 pool sentences (varied for copy k) until the text
 * has `target` characters. */
static char *lengthen(const char *text, size_t target, const pool *p, size_t k,
		      const char *salt)
{
	size_t chars = hy_utf8_chars(text);
	if (chars >= target || !p->n)
		return hy_strdup(text);
	rng_state = hash_str(salt, hash_str(text, 0xcbf29ce484222325ull));
	hy_buf b;
	hy_buf_init(&b);
	hy_buf_adds(&b, text);
	if (b.len && b.data[b.len - 1] != '\n')
		hy_buf_addc(&b, '\n');
	static const char *const heads[] = {
		"<運用における措置>", "<システムにおける措置>", "<中間サーバー・プラットフォームにおける措置>",
		"<委託先における措置>", "<ガバメントクラウドにおける措置>",
	};
	while (chars < target) {
		const char *h = heads[rnd_below(sizeof heads / sizeof *heads)];
		hy_buf_addf(&b, "\n%s\n", h);
		chars += hy_utf8_chars(h) + 2;
		size_t n = 2 + rnd_below(3);
		for (size_t i = 0; i < n && chars < target; i++) {
			char *s = replace_all(p->s[rnd_below(p->n)], task_names[0],
					      task_names[k % N_TASKS]);
			hy_buf_adds(&b, s);
			chars += hy_utf8_chars(s);
			free(s);
		}
	}
	hy_buf_addc(&b, '\n');
	return hy_buf_take(&b);
}

/* Walks a value of form node f; lengthens its long texts (≥ 60 characters). */
static void grow_tree(grow_ctx *g, yt_node *n, const hy_fnode *f, size_t k, const char *path)
{
	if (!n || !f)
		return;
	if (f->type == HY_LONGTEXT && n->kind == YT_SCALAR) {
		size_t chars = hy_utf8_chars(n->str);
		if (chars >= 60) {
			bool risk = hy_starts_with(path, "risk") || hy_starts_with(path, "other_risks");
			size_t target = (size_t)((double)chars * g->factor);
			set_scalar(n, lengthen(n->str, target, risk ? &g->risk : &g->general, k, path));
		}
		g->longtext_chars += hy_utf8_chars(n->str);
		return;
	}
	if (f->type == HY_REPEAT && n->kind == YT_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			char *p = hy_printf("%s[%zu]", path, i);
			/* the instance of a file repeat is the variation key */
			size_t kk = strcmp(f->id, "files") == 0 ? i : k;
			const hy_fnode fake = {.type = HY_SECTION, .children = f->children,
					       .n_children = f->n_children};
			grow_tree(g, n->items[i], &fake, kk, p);
			free(p);
		}
		return;
	}
	if (hy_type_is_container(f->type) && f->type != HY_TABLE && n->kind == YT_MAP) {
		for (size_t i = 0; i < n->n; i++) {
			const hy_fnode *c = NULL;
			for (size_t j = 0; j < f->n_children; j++)
				if (strcmp(f->children[j]->id, n->pairs[i].key) == 0)
					c = f->children[j];
			char *p = *path ? hy_printf("%s.%s", path, n->pairs[i].key)
				       : hy_strdup(n->pairs[i].key);
			grow_tree(g, n->pairs[i].value, c, k, p);
			free(p);
		}
	}
}

/* ---- building the document tree ---- */

typedef struct {
	size_t files, systems, outsourcing, provisions, transfers, change_rows;
} shape;

static yt_node *path_get(yt_node *root, const char *dotted)
{
	char *copy = hy_strdup(dotted);
	yt_node *n = root;
	for (char *k = strtok(copy, "."); k && n; k = strtok(NULL, "."))
		n = yt_get(n, k);
	free(copy);
	return n;
}

static void seq_clear(yt_node *seq)
{
	for (size_t i = 0; i < seq->n; i++)
		yt_free(seq->items[i]);
	seq->n = 0;
}

/* Share `total` blocks out over `files` files, at most 20 each. */
static size_t share(size_t total, size_t files, size_t i)
{
	size_t n = total / files + (i < total % files ? 1 : 0);
	return n > 20 ? 20 : n ? n : 1;
}

static void set_count(yt_node *status, const char *option, size_t count)
{
	/* `status` is a check list [{option: N}, …] or a choice {option: N} */
	yt_node *entry = NULL;
	if (status->kind == YT_MAP)
		entry = yt_get(status, option);
	for (size_t i = 0; !entry && status->kind == YT_SEQ && i < status->n; i++)
		entry = yt_get(status->items[i], option);
	if (!entry || entry->kind != YT_SCALAR)
		return;
	long old = atol(entry->str);
	if ((long)count > old)
		set_scalar(entry, hy_printf("%zu", count));
}

/* Refills seq with n blocks cloned from proto (already varied for its file);
 * blocks beyond the prototypes get another recipient name. */
static void fill_blocks(yt_node *seq, const yt_node *proto, size_t n, const char *key,
			const char *const *names, size_t n_names, size_t *serial)
{
	seq_clear(seq);
	for (size_t j = 0; j < n; j++) {
		yt_node *c = yt_clone(proto->items[j % proto->n]);
		if (key && j >= proto->n) {
			yt_node *name = yt_get(c, key);
			if (name && name->kind == YT_SCALAR)
				set_scalar(name, hy_printf("%s（%s）", names[*serial % n_names],
							    name->str));
		}
		(*serial)++;
		yt_seq_add(seq, c);
	}
}

static yt_node *build(const yt_node *ex, const shape *sh)
{
	yt_node *root = yt_clone(ex);
	/* Ⅰ．２ システム1…20 */
	yt_node *systems = path_get(root, "basic_info.used_systems.systems");
	yt_node *sys_proto = yt_clone(systems);
	seq_clear(systems);
	for (size_t i = 0; i < sh->systems; i++) {
		yt_node *c = yt_clone(sys_proto->items[i % sys_proto->n]);
		vary_tree(c, i / sys_proto->n);
		const char *nm = system_names[i % (sizeof system_names / sizeof *system_names)];
		if (nm && i >= 1)
			set_scalar(yt_get(c, "name"), hy_strdup(nm));
		yt_seq_add(systems, c);
	}
	yt_free(sys_proto);

	/* Ⅱ, 別添２, Ⅲ: one instance per file */
	yt_node *ov = path_get(root, "file_overview.files");
	yt_node *an = path_get(root, "annex2.files");
	yt_node *rk = path_get(root, "risk.files");
	yt_node *ov0 = yt_clone(ov->items[0]), *an0 = yt_clone(an->items[0]),
		*rk0 = yt_clone(rk->items[0]);
	seq_clear(ov);
	seq_clear(an);
	seq_clear(rk);
	yt_node *names = path_get(root, "basic_info.file_names");
	seq_clear(names);
	size_t serial_p = 0, serial_t = 0, serial_o = 0;
	for (size_t f = 0; f < sh->files; f++) {
		yt_node *o = yt_clone(ov0);
		vary_tree(o, f);
		yt_node *oname = yt_get(o, "name");
		if (f >= N_TASKS)
			set_scalar(oname, hy_printf("%s（その%zu）", oname->str, f / N_TASKS + 1));
		yt_seq_add(names, yt_new_scalar(oname->str, 0, 0));

		yt_node *items = path_get(o, "outsourcing.items");
		yt_node *items0 = yt_clone(items);
		size_t n_out = share(sh->outsourcing, sh->files, f);
		fill_blocks(items, items0, n_out, NULL, NULL, 0, &serial_o);
		yt_free(items0);
		set_count(path_get(o, "outsourcing.status"), "委託する", n_out);

		yt_node *prov = path_get(o, "provision.provisions");
		yt_node *prov0 = yt_clone(prov);
		size_t n_prov = share(sh->provisions, sh->files, f);
		fill_blocks(prov, prov0, n_prov, "recipient", recipients,
			    sizeof recipients / sizeof *recipients, &serial_p);
		yt_free(prov0);
		yt_node *tr = path_get(o, "provision.transfers");
		yt_node *tr0 = yt_clone(tr);
		size_t n_tr = share(sh->transfers, sh->files, f);
		fill_blocks(tr, tr0, n_tr, "recipient", departments,
			    sizeof departments / sizeof *departments, &serial_t);
		yt_free(tr0);
		yt_node *st = path_get(o, "provision.status");
		set_count(st, "提供を行っている", n_prov);
		set_count(st, "移転を行っている", n_tr);
		yt_seq_add(ov, o);

		yt_node *a = yt_clone(an0);
		vary_tree(a, f);
		yt_seq_add(an, a);
		yt_node *r = yt_clone(rk0);
		vary_tree(r, f);
		yt_seq_add(rk, r);
	}
	yt_free(ov0);
	yt_free(an0);
	yt_free(rk0);

	/* （別添３）変更箇所 */
	yt_node *rows = path_get(root, "changes.rows");
	if (rows && rows->kind == YT_SEQ && rows->n) {
		yt_node *rows0 = yt_clone(rows);
		seq_clear(rows);
		for (size_t i = 0; i < sh->change_rows; i++)
			yt_seq_add(rows, yt_clone(rows0->items[i % rows0->n]));
		yt_free(rows0);
	}
	return root;
}

/* ---- writing a tree as YAML (libyaml emitter) ---- */

static int buf_write(void *data, unsigned char *buffer, size_t size)
{
	hy_buf_add(data, (const char *)buffer, size);
	return 1;
}

static void emit_or_die(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev)) {
		fprintf(stderr, "gen: yaml emitter: %s\n", e->problem ? e->problem : "?");
		exit(2);
	}
}

static void emit_scalar(yaml_emitter_t *e, const char *s, size_t len, bool plain)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = plain ? YAML_ANY_SCALAR_STYLE
				    : memchr(s, '\n', len) ? YAML_LITERAL_SCALAR_STYLE
							    : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style);
	emit_or_die(e, &ev);
}

static void emit_node(yaml_emitter_t *e, const yt_node *n)
{
	yaml_event_t ev;
	switch (n->kind) {
	case YT_SCALAR:
		emit_scalar(e, n->str, n->len, n->plain);
		break;
	case YT_SEQ:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		emit_or_die(e, &ev);
		for (size_t i = 0; i < n->n; i++)
			emit_node(e, n->items[i]);
		yaml_sequence_end_event_initialize(&ev);
		emit_or_die(e, &ev);
		break;
	case YT_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		emit_or_die(e, &ev);
		for (size_t i = 0; i < n->n; i++) {
			emit_scalar(e, n->pairs[i].key, strlen(n->pairs[i].key), true);
			emit_node(e, n->pairs[i].value);
		}
		yaml_mapping_end_event_initialize(&ev);
		emit_or_die(e, &ev);
		break;
	}
}

static char *to_yaml(const yt_node *root, size_t *len)
{
	hy_buf b;
	hy_buf_init(&b);
	yaml_emitter_t e;
	yaml_event_t ev;
	yaml_emitter_initialize(&e);
	yaml_emitter_set_output(&e, buf_write, &b);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit_or_die(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit_or_die(&e, &ev);
	emit_node(&e, root);
	yaml_document_end_event_initialize(&ev, 1);
	emit_or_die(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit_or_die(&e, &ev);
	yaml_emitter_delete(&e);
	*len = b.len;
	return hy_buf_take(&b);
}

/* ---- one candidate document ---- */

typedef struct {
	char *text;      /* canonical YAML */
	size_t len, chars, longtext_chars, mark_chars;
	size_t errors, warnings;
} result;

static void count_blocks(const hy_value *v, const char *id, size_t *n)
{
	if (!v)
		return;
	if (!v->is_instance && strcmp(v->f->id, id) == 0 && v->f->type == HY_REPEAT)
		*n += v->n_inst;
	if (v->kids)
		for (size_t i = 0; i < v->f->n_children; i++)
			count_blocks(v->kids[i], id, n);
	for (size_t i = 0; i < v->n_inst; i++)
		count_blocks(v->inst[i], id, n);
}

static result make(const hy_forms *forms, const hy_form *form, const yt_node *ex,
		   grow_ctx *g, const shape *sh, bool verbose)
{
	result r = {0};
	yt_node *root = build(ex, sh);
	g->longtext_chars = 0;
	grow_tree(g, root, &form->root, 0, "");
	/* the marker: the first file's Ⅲ．４ 再委託 text */
	yt_node *mark = path_get(root, "risk.files");
	mark = mark && mark->n ? path_get(mark->items[0], "outsourcing.subcontract_method") : NULL;
	if (!mark || mark->kind != YT_SCALAR) {
		fprintf(stderr, "gen: the example has no risk.files[0].outsourcing.subcontract_method\n");
		exit(2);
	}
	set_scalar(mark, hy_printf("%s\n%s", HY_BENCH_MARK, mark->str));
	r.mark_chars = hy_utf8_chars(mark->str);

	size_t len;
	char *raw = to_yaml(root, &len);
	yt_free(root);
	hy_diags d;
	hy_diags_init(&d);
	hy_doc *doc = hy_doc_load_text(forms, raw, len, "generated", &d);
	free(raw);
	if (!doc) {
		hy_diags_print(&d, "generated", stderr);
		exit(2);
	}
	hy_doc_collect(doc, &d);
	r.errors = hy_diags_count(&d, HY_ERROR);
	r.warnings = hy_diags_count(&d, HY_WARNING);
	if (r.errors) {
		hy_diags_print(&d, "generated", stderr);
		fprintf(stderr, "gen: the generated document has errors\n");
		exit(2);
	}
	hy_diags_free(&d);
	r.text = hy_doc_to_yaml(doc, &r.len);
	r.chars = hy_utf8_chars(r.text);
	r.longtext_chars = g->longtext_chars;
	if (verbose) {
		size_t sys = 0, files = 0, out = 0, prov = 0, tr = 0;
		count_blocks(doc->root, "systems", &sys);
		count_blocks(doc->root, "files", &files);
		count_blocks(doc->root, "items", &out);
		count_blocks(doc->root, "provisions", &prov);
		count_blocks(doc->root, "transfers", &tr);
		printf("%zu characters, %zu bytes; %zu システム, %zu files, %zu 委託事項, %zu 提供先, "
		       "%zu 移転先; long texts x%.2f; edited field %zu characters; %zu warnings\n",
		       r.chars, r.len, sys, files / 3, out, prov, tr, g->factor, r.mark_chars,
		       r.warnings);
	}
	hy_doc_free(doc);
	return r;
}

int main(int argc, char **argv)
{
	if (argc != 6 || strcmp(argv[1], "--forms") != 0) {
		fprintf(stderr, "usage: gen --forms DIR EXAMPLE SCALE OUT\n");
		return 2;
	}
	const char *forms_dir = argv[2], *example = argv[3], *out = argv[5];
	int scale = atoi(argv[4]);
	if (scale < 1 || scale > 50) {
		fprintf(stderr, "gen: SCALE must be 1..50\n");
		return 2;
	}
	hy_utf8_locale();
	hy_forms forms;
	memset(&forms, 0, sizeof forms);
	hy_forms_load_dir(&forms, forms_dir, stderr);
	const hy_form *form = hy_forms_get(&forms, "full");
	if (!form) {
		fprintf(stderr, "gen: no form 'full' in %s\n", forms_dir);
		return 2;
	}
	size_t len;
	char *err = NULL;
	char *text = hy_read_file(example, HY_DOC_MAX_SIZE, &len, &err);
	if (!text) {
		fprintf(stderr, "gen: %s\n", err);
		return 2;
	}
	int line, col;
	yt_node *ex = yt_parse(text, len, &err, &line, &col);
	if (!ex) {
		fprintf(stderr, "gen: %s:%d:%d: %s\n", example, line, col, err);
		return 2;
	}
	free(text);

	grow_ctx g;
	memset(&g, 0, sizeof g);
	harvest_tree(&g.risk, yt_get(ex, "risk"));
	harvest_tree(&g.risk, yt_get(ex, "other_risks"));
	harvest_tree(&g.general, yt_get(ex, "basic_info"));
	harvest_tree(&g.general, yt_get(ex, "file_overview"));
	harvest_tree(&g.general, yt_get(ex, "annex1"));

	/* repeats grow with sqrt(scale); the long texts make up the rest */
	double r = sqrt((double)scale);
	shape sh = {
		.files = (size_t)lround(4 * r),
		.systems = 20,
		.outsourcing = (size_t)lround(20 * r),
		.provisions = (size_t)lround(30 * r),
		.transfers = (size_t)lround(12 * r),
		.change_rows = (size_t)lround(20 * r),
	};
	size_t target = (size_t)scale * HY_BENCH_BASE_CHARS;
	/* C(f) ~ fixed + f * L(1): find f by the secant rule, three rounds at most */
	g.factor = 1.0;
	result a = make(&forms, form, ex, &g, &sh, false);
	double f0 = 1.0;
	double per_factor = (double)a.longtext_chars; /* characters one unit of factor adds */
	double fixed = (double)a.chars - per_factor;
	result best = a;
	for (int round = 0; round < 4; round++) {
		double f = ((double)target - fixed) / per_factor;
		if (f < 1.0)
			f = 1.0;
		g.factor = f;
		result b = make(&forms, form, ex, &g, &sh, false);
		free(best.text);
		best = b;
		double dev = ((double)b.chars - (double)target) / (double)target;
		if (dev < 0.01 && dev > -0.01)
			break;
		/* refine the slope from the two points */
		if (f != f0)
			per_factor = ((double)b.chars - (double)a.chars) / (f - f0);
		fixed = (double)b.chars - per_factor * f;
		a = b;
		f0 = f;
	}
	free(best.text);
	best = make(&forms, form, ex, &g, &sh, true);
	FILE *o = fopen(out, "w");
	if (!o || fwrite(best.text, 1, best.len, o) != best.len || fclose(o) != 0) {
		fprintf(stderr, "gen: cannot write %s\n", out);
		return 2;
	}
	free(best.text);
	yt_free(ex);
	hy_forms_free(&forms);
	return 0;
}
