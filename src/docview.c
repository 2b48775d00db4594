/* How values are shown: the text as edited, one-line previews, the headers
 * of repeat entries and the printed paths of items. */
#include "hyoka/doc.h"
#include "hyoka/i18n.h"
#include "hyoka/util.h"

#include <stdlib.h>
#include <string.h>

char *hy_value_text(const hy_value *v)
{
	switch (v->f->type) {
	case HY_CHOICE:
		if (!v->s)
			return hy_strdup("");
		return v->detail ? hy_printf("%s （ %s ）", v->s, v->detail) : hy_strdup(v->s);
	case HY_LIST: {
		hy_buf b;
		hy_buf_init(&b);
		for (size_t i = 0; i < v->n_items; i++)
			hy_buf_addf(&b, "%s%s", i ? "\n" : "", v->items[i]);
		return hy_buf_take(&b);
	}
	default:
		return hy_strdup(v->s ? v->s : "");
	}
}

#define HY_PREVIEW_BYTES 1024

char *hy_value_preview(const hy_value *v)
{
	if (v->s && strlen(v->s) > HY_PREVIEW_BYTES &&
	    (v->f->type == HY_TEXT || v->f->type == HY_LONGTEXT)) {
		size_t len = HY_PREVIEW_BYTES;
		while (len > 0 && ((unsigned char)v->s[len] & 0xC0) == 0x80)
			len--;
		char *t = hy_strndup(v->s, len);
		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		return t;
	}
	hy_buf b;
	hy_buf_init(&b);
	if (v->raw) {
		hy_buf_adds(&b, _("(value of the wrong shape)"));
		return hy_buf_take(&b);
	}
	switch (v->f->type) {
	case HY_REPEAT:
	case HY_TABLE:
		hy_buf_addf(&b, P_("%zu entry", "%zu entries", v->n_inst), (size_t)v->n_inst);
		break;
	case HY_CHECKS:
		for (size_t i = 0; i < v->f->list->n_options; i++)
			if (v->checked[i]) {
				hy_buf_addf(&b, "%s%s", b.len ? "、" : "",
					    v->written[i] ? v->written[i] : v->f->list->options[i].text);
				if (v->details[i])
					hy_buf_addf(&b, "（%s）", v->details[i]);
			}
		for (size_t i = 0; i < v->n_unknown; i++)
			hy_buf_addf(&b, "%s%s", b.len ? "、" : "", v->unknown[i]);
		break;
	case HY_FLAG:
		hy_buf_adds(&b, v->flag == 1 ? "[ ○ ]" : v->flag == 0 ? "[　 ]" : "");
		break;
	case HY_LIST:
		for (size_t i = 0; i < v->n_items; i++)
			hy_buf_addf(&b, "%s%s", i ? "、" : "", v->items[i]);
		break;
	default: {
		/* a preview is one screen line: never copy a whole long text */
		char *t = hy_value_text(v);
		size_t len = strlen(t);
		if (len > HY_PREVIEW_BYTES) {
			len = HY_PREVIEW_BYTES;
			while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
				len--;
			t[len] = '\0';
		}
		for (char *p = t; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		hy_buf_adds(&b, t);
		free(t);
	}
	}
	return hy_buf_take(&b);
}

char *hy_instance_title(const hy_value *inst)
{
	const hy_fnode *r = inst->f;
	hy_buf b;
	hy_buf_init(&b);
	const char *fmt = r->repeat_label && *r->repeat_label ? r->repeat_label : "{n}";
	bool had_n = false;
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '{' && p[1] == 'n' && p[2] == '}') {
			hy_buf_addf(&b, "%zu", (size_t)inst->index + 1);
			p += 2;
			had_n = true;
		} else {
			hy_buf_addc(&b, *p);
		}
	}
	if (!had_n)
		hy_buf_addf(&b, "%zu", (size_t)inst->index + 1);
	const hy_fnode *tc = r->title_child;
	if (!tc && r->follows)
		tc = r->follows->title_child;
	const hy_value *tv = NULL;
	if (tc && tc->parent == r)
		tv = inst->kids[tc->index];
	else if (tc && r->follows && inst->parent) {
		hy_value *leader = NULL;
		/* follower: the title comes from the leader's instance */
		const hy_value *root = inst;
		while (root->parent)
			root = root->parent;
		hy_doc fake = {.root = (hy_value *)root};
		leader = hy_value_resolve(&fake, inst->parent, r->follows);
		if (leader && inst->index < leader->n_inst)
			tv = leader->inst[inst->index]->kids[tc->index];
	}
	if (tv && tv->s && *tv->s) {
		char *pv = hy_value_preview(tv);
		hy_buf_addf(&b, " %s", pv);
		free(pv);
	}
	return hy_buf_take(&b);
}

static void path_part(hy_buf *b, const hy_value *v)
{
	if (!v || v->f->depth < 0)
		return;
	if (v->is_instance) {
		path_part(b, v->parent->parent);
		char *t = hy_instance_title(v);
		/* only the numbered header, not the title text */
		char *space = strchr(t, ' ');
		if (space)
			*space = '\0';
		bool glued = b->len >= 3 && strcmp(b->data + b->len - 3, "．") == 0;
		hy_buf_addf(b, "%s%s", b->len && !glued ? " " : "", t);
		free(t);
		return;
	}
	if (v->f->type == HY_REPEAT && v->parent && v->parent->is_instance) {
		path_part(b, v->parent);
	} else {
		path_part(b, v->parent);
	}
	char *num, *rest;
	hy_label_split(v->f->label, &num, &rest);
	bool container = v->f->type == HY_PART || v->f->type == HY_SECTION;
	if (container && *num) {
		/* "Ⅱ" -> "Ⅱ．", "３．" stays; after an instance title, a space */
		bool glued = b->len >= 3 && strcmp(b->data + b->len - 3, "．") == 0;
		if (b->len && !glued)
			hy_buf_addc(b, ' ');
		hy_buf_adds(b, num);
		if (v->f->type == HY_PART && strncmp(num, "\xE2\x85", 2) == 0)
			hy_buf_adds(b, "．");
	} else if (container && v->f->type == HY_PART) {
		hy_buf_addf(b, "%s%s", b->len ? " " : "", hy_fnode_name(v->f));
	} else if (container) {
		hy_buf_addf(b, "%s%s", b->len ? " " : "", rest);
	} else if (v->f->type == HY_REPEAT || v->f->type == HY_TABLE) {
		char *plain = hy_strdup(rest);
		char *brace = strstr(plain, "{n}");
		if (brace)
			memmove(brace, brace + 3, strlen(brace + 3) + 1);
		hy_buf_addf(b, "%s%s", b->len ? " " : "", plain);
		free(plain);
	}
	free(num);
	free(rest);
}

char *hy_value_path(const hy_value *v)
{
	hy_buf b;
	hy_buf_init(&b);
	if (v->is_instance || v->f->type == HY_PART || v->f->type == HY_SECTION) {
		path_part(&b, v);
		return hy_buf_take(&b);
	}
	path_part(&b, v->parent && v->parent->is_instance ? v->parent : v->parent);
	const char *label = hy_fnode_name(v->f);
	char *num, *rest;
	hy_label_split(label, &num, &rest);
	char *brace = strstr(rest, "{n}");
	if (brace)
		memmove(brace, brace + 3, strlen(brace + 3) + 1);
	/* "３．⑦ 使用者数": a number follows "．" directly, anything else after a space */
	bool glued = b.len >= 3 && strcmp(b.data + b.len - 3, "．") == 0;
	if (*num)
		hy_buf_addf(&b, "%s%s %s", b.len && !glued ? " " : "", num, rest);
	else
		hy_buf_addf(&b, "%s%s", b.len ? " " : "", rest);
	free(num);
	free(rest);
	return hy_buf_take(&b);
}

