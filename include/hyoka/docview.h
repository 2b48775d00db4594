/* How values are shown: previews, instance titles, printed paths
 * (src/docview.c). */
#ifndef HYOKA_DOCVIEW_H
#define HYOKA_DOCVIEW_H

#include "hyoka/doc.h"

/* A one-line preview of a value for lists and outlines. Caller frees. */
char *hy_value_preview(const hy_value *v);
/* The header of a repeat instance: "委託事項2 健康管理システムの運用・保守". Caller frees. */
char *hy_instance_title(const hy_value *inst);
/* The printed path: "Ⅱ．３．⑦ 使用者数", "Ⅱ．４．委託事項2 ⑥委託先名". Caller frees. */
char *hy_value_path(const hy_value *v);

/* The text of a value as typed in an editor (choices: option text). */
char *hy_value_text(const hy_value *v);

#endif
