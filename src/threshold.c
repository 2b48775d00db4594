#include "hyoka/threshold.h"
#include "hyoka/util.h"

#include <string.h>

static const char *const band_texts[] = {
	"1,000人未満", "1,000人以上1万人未満", "1万人以上10万人未満", "10万人以上30万人未満",
	"30万人以上",
};

hy_band hy_band_of_count(long n)
{
	if (n < 1000)
		return HY_BAND_UNDER_1000;
	if (n < 10000)
		return HY_BAND_1000;
	if (n < 100000)
		return HY_BAND_10000;
	if (n < 300000)
		return HY_BAND_100000;
	return HY_BAND_300000;
}

hy_band hy_band_parse(const char *text)
{
	if (!text)
		return HY_BAND_UNKNOWN;
	for (int i = 0; i < 5; i++)
		if (hy_starts_with(text, band_texts[i])) {
			const char *rest = text + strlen(band_texts[i]);
			if (!*rest || hy_starts_with(rest, "（") || hy_starts_with(rest, "("))
				return (hy_band)i;
		}
	return HY_BAND_UNKNOWN;
}

const char *hy_band_text(hy_band band)
{
	return band < HY_BAND_UNKNOWN ? band_texts[band] : "?";
}

hy_requirement hy_threshold_required(hy_band band, bool handlers, bool incident, bool exempt)
{
	if (exempt)
		return HY_REQ_NONE;
	switch (band) {
	case HY_BAND_UNDER_1000: return HY_REQ_NONE;
	case HY_BAND_1000: return HY_REQ_BASIC;
	case HY_BAND_10000: return handlers || incident ? HY_REQ_BASIC_FOCUSED : HY_REQ_BASIC;
	case HY_BAND_100000: return handlers || incident ? HY_REQ_BASIC_FULL : HY_REQ_BASIC_FOCUSED;
	case HY_BAND_300000: return HY_REQ_BASIC_FULL;
	default: return HY_REQ_NONE;
	}
}

const char *hy_requirement_text(hy_requirement r)
{
	switch (r) {
	case HY_REQ_NONE: return "特定個人情報保護評価の実施が義務付けられない";
	case HY_REQ_BASIC: return "基礎項目評価の実施が義務付けられる";
	case HY_REQ_BASIC_FOCUSED: return "基礎項目評価及び重点項目評価の実施が義務付けられる";
	case HY_REQ_BASIC_FULL: return "基礎項目評価及び全項目評価の実施が義務付けられる";
	}
	return "?";
}

const char *hy_requirement_documents(hy_requirement r)
{
	switch (r) {
	case HY_REQ_NONE: return "なし（任意に実施可）";
	case HY_REQ_BASIC: return "基礎項目評価書";
	case HY_REQ_BASIC_FOCUSED: return "基礎項目評価書 + 重点項目評価書";
	case HY_REQ_BASIC_FULL: return "基礎項目評価書 + 全項目評価書";
	}
	return "?";
}

bool hy_requirement_parse(const char *text, hy_requirement *out)
{
	for (int r = HY_REQ_NONE; r <= HY_REQ_BASIC_FULL; r++)
		if (text && hy_starts_with(text, hy_requirement_text((hy_requirement)r))) {
			*out = (hy_requirement)r;
			return true;
		}
	return false;
}

bool hy_requirement_possible(hy_band band, hy_requirement r)
{
	if (band == HY_BAND_UNKNOWN)
		return true;
	return hy_threshold_required(band, false, false, false) == r ||
	       hy_threshold_required(band, true, false, false) == r;
}

bool hy_threshold_answers_matter(hy_band band)
{
	return band == HY_BAND_10000 || band == HY_BAND_100000;
}
