/* しきい値判断: which assessments a 事務 must carry (特定個人情報保護評価指針 第5の2). */
#ifndef HYOKA_THRESHOLD_H
#define HYOKA_THRESHOLD_H

#include <stdbool.h>

typedef enum {
	HY_REQ_NONE,           /* 特定個人情報保護評価の実施が義務付けられない */
	HY_REQ_BASIC,          /* 基礎項目評価 */
	HY_REQ_BASIC_FOCUSED,  /* 基礎項目評価及び重点項目評価 */
	HY_REQ_BASIC_FULL,     /* 基礎項目評価及び全項目評価 */
} hy_requirement;

/* 対象人数 bands as printed: <1,000; 1,000–1万; 1万–10万; 10万–30万; ≥30万. */
typedef enum {
	HY_BAND_UNDER_1000, HY_BAND_1000, HY_BAND_10000, HY_BAND_100000, HY_BAND_300000,
	HY_BAND_UNKNOWN
} hy_band;

hy_band hy_band_of_count(long subjects);
/* Parses a band as printed ("10万人以上30万人未満", "1,000人未満（任意実施）"). */
hy_band hy_band_parse(const char *text);
const char *hy_band_text(hy_band band);

hy_requirement hy_threshold_required(hy_band band, bool handlers_500_or_more, bool incident,
				     bool exempt);
/* Do 取扱者数 and 重大事故 change the result in this band (1万人以上30万人未満)? */
bool hy_threshold_answers_matter(hy_band band);
/* The official wording of the result (基礎項目評価書 Ⅲ). */
const char *hy_requirement_text(hy_requirement r);
/* The documents to write, e.g. "基礎項目評価書 + 重点項目評価書". */
const char *hy_requirement_documents(hy_requirement r);
/* Reads a printed result option (of any of the three forms) back. */
bool hy_requirement_parse(const char *text, hy_requirement *out);
/* Could a 事務 in this band require r, for some 取扱者数 and 重大事故? */
bool hy_requirement_possible(hy_band band, hy_requirement r);

#endif
