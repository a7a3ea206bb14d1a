"""The interface in the user's language: English and Chinese complete; other UN languages fall
back to English for the interface but show the translated names of practices, biomes and
policy instruments. The Chinese terms follow the UN Chinese edition of ICCD/COP(13)/CST/4."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .vocab import LANGUAGES

#: key -> {lang: template}. Placeholders take plain strings; lists are joined by the caller.
MESSAGES: dict[str, dict[str, str]] = {
    # hard exclusions
    "excl.biome": {
        "en": "not used in the biome {biome} (used in: {allowed})",
        "zh": "不用于{biome}生物群落（适用于：{allowed}）",
    },
    "excl.aridity": {
        "en": "does not work in {aridity} land (works in: {allowed})",
        "zh": "不适用于{aridity}地区（适用于：{allowed}）",
    },
    "excl.land_use": {
        "en": "does not apply to {land_use} (applies to: {allowed})",
        "zh": "不适用于{land_use}（适用于：{allowed}）",
    },
    "excl.rainfall": {
        "en": "rainfall {value} mm is outside its range of {low}-{high} mm",
        "zh": "降雨量{value}毫米超出其适用范围{low}-{high}毫米",
    },
    "excl.slope": {
        "en": "slope {value} % is outside its range of {low}-{high} %",
        "zh": "坡度{value}%超出其适用范围{low}-{high}%",
    },
    "excl.degradation": {
        "en": "acts on none of the site's degradation types ({types})",
        "zh": "对本地块的退化类型（{types}）均无作用",
    },
    # reasons
    "reason.acts_on": {"en": "acts on the site's degradation: {items}", "zh": "针对本地块的退化：{items}"},
    "reason.effect": {"en": "{level} against {degradation}", "zh": "对{degradation}效果{level}"},
    "reason.fit": {
        "en": "a {ldn} response by {intervention}, {fit} to {severity} degradation",
        "zh": "以{intervention}实现{ldn}，{fit}{severity}退化",
    },
    "fit.well": {"en": "well suited", "zh": "非常适合"},
    "fit.partly": {"en": "partly suited", "zh": "部分适合"},
    "fit.poorly": {"en": "poorly suited", "zh": "不太适合"},
    "reason.cost": {
        "en": "about US${per_ha}/ha over {years} years (range {low}-{high})",
        "zh": "{years}年内约每公顷{per_ha}美元（范围{low}-{high}）",
    },
    "reason.no_maintenance": {"en": "; maintenance cost unknown, not included", "zh": "；维护费用未知，未计入"},
    "reason.fits_budget": {"en": "the typical total fits the budget", "zh": "典型总费用在预算之内"},
    "reason.covers": {"en": "the budget covers about {area} of {total} ha", "zh": "预算约可覆盖{total}公顷中的{area}公顷"},
    "reason.cobenefits": {"en": "co-benefits for {items}", "zh": "协同效益：{items}"},
    "main_reason": {"en": "{level} effect on {degradation}", "zh": "对{degradation}效果{level}"},
    "level.high": {"en": "high", "zh": "高"},
    "level.medium": {"en": "medium", "zh": "中"},
    "level.low": {"en": "low", "zh": "低"},
    "cob.carbon": {"en": "carbon", "zh": "碳"},
    "cob.biodiversity": {"en": "biodiversity", "zh": "生物多样性"},
    "cob.livelihoods": {"en": "livelihoods", "zh": "生计"},
    "cob.water": {"en": "water", "zh": "水"},
    # warnings
    "warn.region": {
        "en": "region '{given}' given, but {country} belongs to '{region}'; using the region given",
        "zh": "给定区域为“{given}”，但{country}属于“{region}”；采用给定区域",
    },
    "warn.aridity": {
        "en": "aridity derived as {zone} from {rain} mm rainfall and a typical PET of {pet} mm for the biome (AI {ai}); give --aridity if you know it",
        "zh": "根据{rain}毫米降雨量和该生物群落典型潜在蒸散量{pet}毫米推算干旱等级为{zone}（干旱指数{ai}）；如已知请用 --aridity 给出",
    },
    "warn.area": {"en": "area not given: totals are for 1 ha", "zh": "未给出面积：总费用按1公顷计算"},
    "warn.missing": {
        "en": "not given: {facts}; practices that depend on them were not checked against them",
        "zh": "未给出：{facts}；依赖这些信息的条件未作检查",
    },
    "warn.no_fit": {
        "en": "no practice in the catalogue fits this site; see 'excluded' for the reasons",
        "zh": "目录中没有适合本地块的措施；原因见“排除”列表",
    },
    # table and report
    "table.title": {"en": "Restoration options: {site}", "zh": "恢复方案：{site}"},
    "col.rank": {"en": "#", "zh": "#"},
    "col.practice": {"en": "Practice", "zh": "措施"},
    "col.intervention": {"en": "Intervention", "zh": "干预类型"},
    "col.score": {"en": "Score", "zh": "得分"},
    "col.type": {"en": "Type", "zh": "类型"},
    "short.restoration": {"en": "restor.", "zh": "恢复"},
    "short.rehabilitation": {"en": "rehab.", "zh": "复原"},
    "short.reclamation": {"en": "reclam.", "zh": "开垦"},
    "col.per_ha": {"en": "US$/ha", "zh": "美元/公顷"},
    "col.total": {"en": "Total US$", "zh": "总计(美元)"},
    "col.fits": {"en": "Fits", "zh": "预算内"},
    "col.reason": {"en": "Main reason", "zh": "主要理由"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "confidence": {"en": "confidence: {level}", "zh": "可信度：{level}"},
    "conf.high": {"en": "high", "zh": "高"},
    "conf.medium": {"en": "medium", "zh": "中"},
    "conf.low": {"en": "low", "zh": "低"},
    "budget": {"en": "budget US${amount}", "zh": "预算{amount}美元"},
    "none_fit": {
        "en": "No practice in the catalogue fits this site. Run with --explain to see why each was excluded.",
        "zh": "目录中没有适合本地块的措施。使用 --explain 查看各项被排除的原因。",
    },
    "case_study": {"en": "case study", "zh": "案例"},
    "monitor": {"en": "monitor", "zh": "监测"},
    "policy": {"en": "policy", "zh": "政策"},
    "note": {"en": "note", "zh": "注意"},
    "footer": {
        "en": "Costs in US dollars of {year}, adjusted to the site's price level. Catalogue {version}.",
        "zh": "费用以{year}年美元计，已按地块所在地价格水平调整。目录版本{version}。",
    },
    "excluded": {"en": "Excluded", "zh": "已排除"},
    "components": {"en": "components", "zh": "得分构成"},
    "rule": {"en": "rule", "zh": "规则"},
    # explain
    "explain.excluded": {"en": "EXCLUDED on this site:", "zh": "本地块不适用（已排除）："},
    "explain.rank": {"en": "rank {rank} of {of}, score {score}", "zh": "排名第{rank}（共{of}项），得分{score}"},
    "explain.components": {"en": "score components (weight x value):", "zh": "得分构成（权重 x 数值）："},
    "explain.na": {"en": "n/a (not applicable)", "zh": "不适用"},
    "explain.adjustment": {"en": "rule adjustment", "zh": "规则调整"},
    "explain.cost": {
        "en": "cost per ha: establishment {est} (low {low}, high {high}), maintenance {mnt}/yr; price index x{index}, cost level x{level}",
        "zh": "每公顷费用：建设{est}（低{low}，高{high}），维护每年{mnt}；价格指数 x{index}，成本水平 x{level}",
    },
    # report
    "report.title": {"en": "Restoration options for {site}", "zh": "{site}的恢复方案"},
    "report.site": {"en": "The site", "zh": "地块概况"},
    "report.options": {"en": "Ranked options", "zh": "方案排序"},
    "report.chart_cost_score": {"en": "Cost against score", "zh": "费用与得分"},
    "report.chart_cost_time": {"en": "Cumulative cost over the horizon (typical, US$)", "zh": "规划期内累计费用（典型值，美元）"},
    "report.details": {"en": "The best options in detail", "zh": "优选方案详情"},
    "report.benefits": {"en": "Benefits", "zh": "效益"},
    "report.mrv": {"en": "Monitoring, reporting and verification", "zh": "监测、报告和核查"},
    "report.policies": {"en": "Policy instruments", "zh": "政策工具"},
    "report.case": {"en": "Case study", "zh": "案例"},
    "report.sources": {"en": "Sources", "zh": "资料来源"},
    "report.warnings": {"en": "Notes", "zh": "注意事项"},
    "report.made": {
        "en": "Made on {date} with landrestore {tool} and catalogue {catalog}.",
        "zh": "由landrestore {tool}于{date}生成，目录版本{catalog}。",
    },
    "report.estimates": {
        "en": "Cost figures are estimates anchored on the cited studies; see each practice's sources.",
        "zh": "费用数字为依据所引研究得出的估算值；详见各措施的资料来源。",
    },
    "report.year": {"en": "year", "zh": "年"},
    "report.cost_axis": {"en": "typical total cost, US$ (log scale)", "zh": "典型总费用，美元（对数刻度）"},
    "report.score_axis": {"en": "score", "zh": "得分"},
    "field.biome": {"en": "Biome", "zh": "生物群落"},
    "field.country": {"en": "Country", "zh": "国家"},
    "field.region": {"en": "Region", "zh": "区域"},
    "field.aridity": {"en": "Aridity", "zh": "干旱等级"},
    "field.rainfall_mm": {"en": "Rainfall (mm)", "zh": "降雨量（毫米）"},
    "field.slope_pct": {"en": "Slope (%)", "zh": "坡度（%）"},
    "field.land_use": {"en": "Land use", "zh": "土地利用"},
    "field.degradation": {"en": "Degradation", "zh": "退化类型"},
    "field.severity": {"en": "Severity", "zh": "退化程度"},
    "field.area_ha": {"en": "Area (ha)", "zh": "面积（公顷）"},
    "field.budget_usd": {"en": "Budget (US$)", "zh": "预算（美元）"},
    "field.horizon_years": {"en": "Horizon (years)", "zh": "规划期（年）"},
    "field.discount_rate": {"en": "Discount rate", "zh": "贴现率"},
    "field.confidence": {"en": "Confidence of the advice", "zh": "建议可信度"},
    # prompts
    "prompt.intro": {
        "en": "Some facts about the site are missing. Answer the questions (Enter keeps the value in brackets; '?' lists the choices).",
        "zh": "地块信息不完整。请回答以下问题（按回车采用方括号中的值；输入“?”列出选项）。",
    },
    "prompt.choose": {"en": "{field}", "zh": "{field}"},
    "prompt.optional": {"en": "(optional, Enter to skip)", "zh": "（可选，按回车跳过）"},
    "prompt.unknown": {"en": "'{value}' is not one of the choices.", "zh": "“{value}”不在选项中。"},
    "prompt.did_you_mean": {"en": "Did you mean '{value}'? [Y/n]", "zh": "您是指“{value}”吗？[Y/n]"},
    "prompt.multi": {"en": "(several allowed, separated by commas)", "zh": "（可多选，用逗号分隔）"},
    "prompt.number": {"en": "Please give a number: {allowed}.", "zh": "请输入数字：{allowed}。"},
    "prompt.suggested": {"en": "suggested from {source}", "zh": "根据{source}推荐"},
}


def detect_language(given: str | None = None) -> str:
    """--lang, else LANDRESTORE_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    for value in (
        given,
        os.environ.get("LANDRESTORE_LANG"),
        os.environ.get("LC_ALL"),
        os.environ.get("LC_MESSAGES"),
        os.environ.get("LANG"),
    ):
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
            if given and value == given:
                from .errors import InputError
                from .vocab import closest

                raise InputError(
                    "lang", given, f"--lang must be one of {', '.join(LANGUAGES)}, got '{given}'", closest(code, LANGUAGES)
                )
    return "en"


TERM_SECTIONS = {
    "aridity": "aridity",
    "land_use": "land_uses",
    "degradation": "degradation",
    "severity": "severity",
    "intervention": "intervention",
    "ldn_response": "ldn_response",
    "measure_type": "measure_type",
}


@dataclass
class Translator:
    """Renders messages and names in one language, falling back to English."""

    lang: str = "en"
    catalog: Any = None

    def __call__(self, key: str, **params: Any) -> str:
        entry = MESSAGES.get(key, {})
        template = entry.get(self.lang) or entry.get("en") or key
        return template.format(**params)

    def term(self, kind: str, ident: str | None) -> str:
        """A vocabulary id in words: English shows the id with spaces; others the translated name."""
        if ident is None:
            return ""
        if self.lang != "en" and self.catalog is not None:
            if kind == "biome":
                entry = self.catalog.biomes.get(ident)
                if entry:
                    return self.name(entry)
            elif kind == "region":
                entry = self.catalog.regions.get(ident)
                if entry:
                    return self.name(entry)
            else:
                section = TERM_SECTIONS.get(kind)
                for t in (self.catalog.vocabularies or {}).get(section, []) if section else []:
                    if t["id"] == ident:
                        return self.name(t)
        return ident.replace("_", " ")

    def terms(self, kind: str, idents: list[str]) -> str:
        sep = "、" if self.lang == "zh" else ", "
        return sep.join(self.term(kind, i) for i in idents)

    def enum(self, items: list[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(items)

    def join(self, items: list[str]) -> str:
        return ("；" if self.lang == "zh" else ", ").join(items)

    def name(self, entry: dict[str, Any]) -> str:
        tr = (entry.get("translations") or {}).get(self.lang) or {}
        return tr.get("name") or entry.get("name") or entry.get("id", "")

    def summary(self, entry: dict[str, Any]) -> str:
        tr = (entry.get("translations") or {}).get(self.lang) or {}
        return tr.get("summary") or entry.get("summary") or entry.get("description") or ""

    def message(self, rule: dict[str, Any]) -> str:
        """A rule's message in the language (rules may carry `translations: {zh: {message: ...}}`)."""
        tr = (rule.get("translations") or {}).get(self.lang) or {}
        return tr.get("message") or rule["message"]


def coverage(catalog: Any) -> dict[str, dict[str, str]]:
    """Share of practices, biomes and policies with a name and a summary in each language."""
    out: dict[str, dict[str, str]] = {}
    groups = {"practices": catalog.practices, "biomes": catalog.biomes, "policies": catalog.policies}
    for lang in LANGUAGES[1:]:
        row = {}
        for kind, items in groups.items():
            total = len(items) or 1
            names = sum(1 for e in items.values() if ((e.get("translations") or {}).get(lang) or {}).get("name"))
            summaries = sum(1 for e in items.values() if ((e.get("translations") or {}).get(lang) or {}).get("summary"))
            row[kind] = f"names {100 * names // total}%, summaries {100 * summaries // total}%"
        out[lang] = row
    return out
