"""The interface in the user's language: English and Chinese complete; other UN languages fall
back to English for the interface but show the translated names of practices, biomes and
policy instruments. The Chinese terms follow the UN Chinese edition of ICCD/COP(13)/CST/4."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from landrestore.model.vocab import LANGUAGES

#: key -> {lang: template}. Placeholders take plain strings; lists are joined by the caller.
MESSAGES: dict[str, dict[str, str]] = {
    # --- engine codes: suitability factors (range factors share the range.* templates) ---
    "range.optimal": {
        "en": "{what} {given}{unit} is in its optimal range ({optimal}{unit})",
        "zh": "{what}{given}{unit}处于其最适范围（{optimal}{unit}）内",
    },
    "range.below_optimal": {
        "en": "{what} {given}{unit} is below its optimal range of {optimal}{unit} (documented down to {absolute_low}{unit})",
        "zh": "{what}{given}{unit}低于其最适范围{optimal}{unit}（有记录的下限为{absolute_low}{unit}）",
    },
    "range.above_optimal": {
        "en": "{what} {given}{unit} is above its optimal range of {optimal}{unit} (documented up to {absolute_high}{unit})",
        "zh": "{what}{given}{unit}高于其最适范围{optimal}{unit}（有记录的上限为{absolute_high}{unit}）",
    },
    "range.below_absolute": {
        "en": "{what} {given}{unit} is below the lowest at which it is documented ({absolute_low}{unit})",
        "zh": "{what}{given}{unit}低于其有记录的最低值（{absolute_low}{unit}）",
    },
    "range.above_absolute": {
        "en": "{what} {given}{unit} is above the highest at which it is documented ({absolute_high}{unit})",
        "zh": "{what}{given}{unit}高于其有记录的最高值（{absolute_high}{unit}）",
    },
    "what.rainfall": {"en": "rainfall", "zh": "降雨量"},
    "what.slope": {"en": "slope", "zh": "坡度"},
    "what.soil_ph": {"en": "soil pH", "zh": "土壤pH值"},
    "unit.rainfall": {"en": " mm", "zh": "毫米"},
    "unit.slope": {"en": " %", "zh": "%"},
    "unit.soil_ph": {"en": "", "zh": ""},
    "aridity.documented": {"en": "documented in {aridity} land", "zh": "在{aridity}地区有记录案例"},
    "aridity.undocumented": {
        "en": "no case documented in {aridity} land (documented in: {documented_zones})",
        "zh": "在{aridity}地区无记录案例（有记录的地区：{documented_zones}）",
    },
    "aridity.biome_documented": {
        "en": "documented in {aridity} land, a zone of this biome (aridity not given)",
        "zh": "在{aridity}地区有记录案例，该生物群落包含此类地区（未给出干旱等级）",
    },
    "aridity.biome_undocumented": {
        "en": "no case documented in the aridity zones of this biome (nearest: {aridity}; documented in: {documented_zones})",
        "zh": "在该生物群落的干旱等级地区无记录案例（最接近：{aridity}；有记录的地区：{documented_zones}）",
    },
    "biome.documented": {"en": "cases documented in this biome ({biome})", "zh": "本生物群落（{biome}）有记录案例"},
    "biome.similar": {
        "en": "no case documented in {biome}, but in the similar {similar_biomes}",
        "zh": "{biome}无记录案例，但相近的{similar_biomes}有记录",
    },
    "biome.undocumented": {
        "en": "no case documented in {biome} (documented in: {documented_biomes})",
        "zh": "{biome}无记录案例（有记录的生物群落：{documented_biomes}）",
    },
    "biome.other_climate": {
        "en": "no case documented in {biome} nor in any biome of its climate (documented in: {documented_biomes})",
        "zh": "{biome}及同一气候带的生物群落均无记录案例（有记录的生物群落：{documented_biomes}）",
    },
    "biome.other_realm": {
        "en": "no case documented in {biome} nor in any biome of its kind of land (dry land, wetland or tidal coast; documented in: {documented_biomes})",
        "zh": "{biome}及同类土地（旱地、湿地或潮间带海岸）的生物群落均无记录案例（有记录的生物群落：{documented_biomes}）",
    },
    "land_use.documented": {"en": "documented on {land_uses}", "zh": "在{land_uses}上有记录"},
    "land_use.part_of_mixed": {
        "en": "documented on a use that mixed land combines, not on mixed systems as such",
        "zh": "在混合用地所包含的某一用途上有记录，而非在混合系统本身上",
    },
    "land_use.cropland_conversion": {
        "en": "turns cropland into {to}, which takes the harvest away: only where the farmers agree and gain from it",
        "zh": "将耕地转为{to}，会失去收成：仅在农民同意并从中受益时采用",
    },
    "land_use.conversion": {
        "en": "turns {land_uses} into {to}: agree the change of land use with those who use the land",
        "zh": "将{land_uses}转为{to}：须与土地使用者商定土地用途的改变",
    },
    "land_use.undocumented": {
        "en": "not documented on {land_uses} (documented on: {documented_uses})",
        "zh": "在{land_uses}上无记录（有记录的土地利用：{documented_uses}）",
    },
    "requirement.met": {"en": "has what it needs: {requirements}", "zh": "具备所需条件：{requirements}"},
    "requirement.unmet": {"en": "needs {requirements}, which the site does not have", "zh": "需要{requirements}，而本地块不具备"},
    "requirement.implausible": {
        "en": "needs {requirements}: not given, and unlikely on this site; measure or check it before choosing this",
        "zh": "需要{requirements}：未给出且本地块不太可能具备；选用前请实测或核实",
    },
    "requirement.unknown": {"en": "check on the ground: it needs {requirements}", "zh": "请实地核实：需要{requirements}"},
    "class.S1": {"en": "highly suitable", "zh": "高度适宜"},
    "class.S2": {"en": "moderately suitable", "zh": "中度适宜"},
    "class.S3": {"en": "marginally suitable", "zh": "勉强适宜"},
    "class.N": {"en": "not suitable", "zh": "不适宜"},
    "factor.rainfall": {"en": "rainfall", "zh": "降雨量"},
    "factor.slope": {"en": "slope", "zh": "坡度"},
    "factor.soil_ph": {"en": "soil pH", "zh": "土壤pH值"},
    "factor.aridity": {"en": "aridity", "zh": "干旱等级"},
    "factor.biome": {"en": "biome", "zh": "生物群落"},
    "factor.land_use": {"en": "land use", "zh": "土地利用"},
    "factor.requirements": {"en": "requirement", "zh": "必要条件"},
    "factor.none": {"en": "none", "zh": "无"},
    # --- engine codes: reasons ---
    "reason.acts_on": {"en": "acts on the site's degradation: {effects}", "zh": "针对本地块的退化：{effects}"},
    "reason.effect": {"en": "{level} against {degradation}", "zh": "对{degradation}效果{level}"},
    "reason.no_effect": {
        "en": "acts on none of the site's degradation types ({degradation}); ranked for its other benefits",
        "zh": "对本地块的退化类型（{degradation}）均无直接作用；因其他效益而列入",
    },
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
    "main.effect": {"en": "{level} effect on {degradation}", "zh": "对{degradation}效果{level}"},
    "main.no_effect": {"en": "no direct effect on the site's degradation", "zh": "对本地块的退化无直接作用"},
    "level.high": {"en": "high", "zh": "高"},
    "level.medium": {"en": "medium", "zh": "中"},
    "level.low": {"en": "low", "zh": "低"},
    "cob.carbon": {"en": "carbon", "zh": "碳"},
    "cob.biodiversity": {"en": "biodiversity", "zh": "生物多样性"},
    "cob.livelihoods": {"en": "livelihoods", "zh": "生计"},
    "cob.water": {"en": "water", "zh": "水"},
    # --- engine codes: warnings about the site ---
    "site.region_mismatch": {
        "en": "region '{region_given}' given, but {country} belongs to '{region}'; using the region given",
        "zh": "给定区域为“{region_given}”，但{country}属于“{region}”；采用给定区域",
    },
    "site.aridity_derived": {
        "en": "aridity derived as {aridity} from {rainfall_mm} mm rainfall and a typical PET of {pet_mm} mm for the biome (AI {ai}); give --aridity if you know it",
        "zh": "根据{rainfall_mm}毫米降雨量和该生物群落典型潜在蒸散量{pet_mm}毫米推算干旱等级为{aridity}（干旱指数{ai}）；如已知请用 --aridity 给出",
    },
    "site.area_missing": {"en": "area not given: totals are for 1 ha", "zh": "未给出面积：总费用按1公顷计算"},
    "site.facts_missing": {
        "en": "not given: {facts}; the practices were not checked against them, so the confidence is lower",
        "zh": "未给出：{facts}；未据此检查各项措施，因此可信度较低",
    },
    "site.no_fit": {
        "en": "no practice in the catalogue can work on this site; see 'excluded' for the reasons",
        "zh": "目录中没有可在本地块实施的措施；原因见“排除”列表",
    },
    # table and report
    "table.title": {"en": "Restoration options: {site}", "zh": "恢复方案：{site}"},
    "col.fit": {"en": "Fit", "zh": "适宜性"},
    "col.per_ha_range": {"en": "US$/ha (range)", "zh": "美元/公顷（范围）"},
    "col.pv": {"en": "Present value US$", "zh": "现值(美元)"},
    "table.cost_note": {
        "en": "Costs are estimates: per ha over {years} years, undiscounted, in US$ of {year}; present value at {rate} in the JSON output.",
        "zh": "费用为估算值：每公顷{years}年合计（未贴现），以{year}年美元计；按{rate}贴现的现值见JSON输出。",
    },
    "freq.once": {"en": "once", "zh": "一次"},
    "freq.seasonal": {"en": "every season", "zh": "每季"},
    "freq.annual": {"en": "every year", "zh": "每年"},
    "freq.every_2_years": {"en": "every 2 years", "zh": "每2年"},
    "freq.every_3_years": {"en": "every 3 years", "zh": "每3年"},
    "freq.every_5_years": {"en": "every 5 years", "zh": "每5年"},
    "explain.suitability": {
        "en": "suitability {cls} ({name}), value {value}, limiting factor: {factor}",
        "zh": "适宜性{cls}（{name}），数值{value}，限制因素：{factor}",
    },
    "explain.suitability_multiplier": {"en": "suitability multiplier", "zh": "适宜性乘数"},
    "requirement": {"en": "requirement", "zh": "必要条件"},
    "col.rank": {"en": "#", "zh": "#"},
    "col.practice": {"en": "Practice", "zh": "措施"},
    "col.practice_reason": {"en": "Practice and main reason", "zh": "措施及主要理由"},
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
        "en": "cost per ha treated: establishment {est} (low {low}, high {high}), maintenance {mnt}/yr; site price level {level} (labour share {share}); {treated} of {area} ha treated",
        "zh": "每公顷实施面积费用：建设{est}（低{low}，高{high}），维护每年{mnt}；地块价格水平{level}（劳动力份额{share}）；{area}公顷中实施{treated}公顷",
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
    "report.cost_axis": {
        "en": "total cost, US$ (log scale): typical, with a bar from low to high",
        "zh": "总费用，美元（对数刻度）：典型值，横条为低值至高值",
    },
    "report.score_axis": {"en": "score", "zh": "得分"},
    "field.biome": {"en": "Biome", "zh": "生物群落"},
    "field.country": {"en": "Country", "zh": "国家"},
    "field.region": {"en": "Region", "zh": "区域"},
    "field.aridity": {"en": "Aridity", "zh": "干旱等级"},
    "field.rainfall_mm": {"en": "Rainfall (mm)", "zh": "降雨量（毫米）"},
    "field.slope_pct": {"en": "Slope (%)", "zh": "坡度（%）"},
    "field.soil_ph": {"en": "Soil pH", "zh": "土壤pH值"},
    "prais.title": {"en": "Implemented actions (PRAIS SO1)", "zh": "已实施行动（PRAIS战略目标1）"},
    "prais.description": {"en": "Description of the action", "zh": "行动说明"},
    "prais.location": {"en": "Location", "zh": "地点"},
    "prais.start_date": {"en": "Start date", "zh": "开始日期"},
    "prais.area_km2": {"en": "Area (km2)", "zh": "面积（平方公里）"},
    "prais.funding_source": {"en": "Funding source", "zh": "资金来源"},
    "prais.practice_id": {"en": "landrestore practice id", "zh": "landrestore措施编号"},
    "prais.cost_usd": {"en": "Typical total cost (US$, estimate)", "zh": "典型总费用（美元，估算）"},
    "mrv.title": {"en": "Monitoring plan", "zh": "监测计划"},
    "mrv.practice": {"en": "Practice", "zh": "措施"},
    "mrv.indicator": {"en": "Indicator", "zh": "指标"},
    "mrv.method": {"en": "Method", "zh": "方法"},
    "mrv.baseline": {"en": "Baseline to measure", "zh": "需测定的基线"},
    "mrv.frequency": {"en": "Frequency", "zh": "频率"},
    "mrv.sdg": {"en": "SDG 15.3.1 sub-indicator", "zh": "可持续发展目标15.3.1子指标"},
    "mrv.baseline_text": {
        "en": "{indicator} before work starts (year 0), on the treated area and on a comparable untreated area",
        "zh": "开工前（第0年）在处理区和可比的未处理区测定{indicator}",
    },
    "benefit.typical": {"en": "typical", "zh": "典型值"},
    "benefit.before_after": {"en": "before {before}, after {after}", "zh": "实施前{before}，实施后{after}"},
    "benefit.mean": {"en": "mean", "zh": "平均值"},
    "benefit.median": {"en": "median", "zh": "中位数"},
    "indicator.land_cover": {"en": "land cover", "zh": "土地覆盖"},
    "indicator.land_productivity": {"en": "land productivity", "zh": "土地生产力"},
    "indicator.soil_organic_carbon": {"en": "soil organic carbon", "zh": "土壤有机碳"},
    "field.land_use": {"en": "Land use", "zh": "土地利用"},
    "field.degradation": {"en": "Degradation", "zh": "退化类型"},
    "field.severity": {"en": "Severity", "zh": "退化程度"},
    "field.area_ha": {"en": "Area (ha)", "zh": "面积（公顷）"},
    "field.budget_usd": {"en": "Budget (US$)", "zh": "预算（美元）"},
    "field.horizon_years": {"en": "Horizon (years)", "zh": "规划期（年）"},
    "field.discount_rate": {"en": "Discount rate", "zh": "贴现率"},
    "field.confidence": {"en": "Confidence of the advice", "zh": "建议可信度"},
    # plan
    "plan.title": {"en": "Plan for {site}", "zh": "{site}的规划"},
    "plan.summary": {
        "en": "Budget US${budget}: {treated} of {area} ha covered, typical cost US${cost} over {years} years (US${left} left)",
        "zh": "预算{budget}美元：{area}公顷中覆盖{treated}公顷，{years}年典型成本{cost}美元（剩余{left}美元）",
    },
    "plan.col.zone": {"en": "Zone", "zh": "分区"},
    "plan.col.area": {"en": "ha", "zh": "公顷"},
    "plan.col.practices": {"en": "Practices (ha covered)", "zh": "措施（覆盖公顷）"},
    "plan.col.cost": {"en": "Cost US$", "zh": "成本（美元）"},
    "plan.uncovered": {"en": "{area} ha not covered", "zh": "{area}公顷未覆盖"},
    "plan.uncertainty": {
        "en": "Cost over {years} years, P10-P50-P90 of {draws} draws: US${p10} / {p50} / {p90}; within budget in {chance} of draws",
        "zh": "{years}年成本（{draws}次抽样的P10-P50-P90）：{p10} / {p50} / {p90}美元；{chance}的抽样不超预算",
    },
    "plan.pv": {
        "en": "Present value at {rate}: US${p10} / {p50} / {p90} (P10 / P50 / P90)",
        "zh": "按{rate}贴现的现值：{p10} / {p50} / {p90}美元（P10 / P50 / P90）",
    },
    "plan.npv": {
        "en": "Net present value where money benefits are known ({area} ha): US${p10} / {p50} / {p90}",
        "zh": "已知货币收益部分（{area}公顷）的净现值：{p10} / {p50} / {p90}美元",
    },
    "plan.sensitivity": {"en": "Typical present value at {rates}", "zh": "不同贴现率下的典型现值：{rates}"},
    "plan.next": {
        "en": "The next US${step} would cover {area} ha more (value +{value})",
        "zh": "再增加{step}美元可多覆盖{area}公顷（价值+{value}）",
    },
    "plan.everything": {
        "en": "Everything the zones can take would cost about US${cost} (typical)",
        "zh": "各分区可实施的全部措施典型成本约{cost}美元",
    },
    "plan.frontier": {"en": "What each budget buys", "zh": "不同预算的效果"},
    "plan.fan": {"en": "Cumulative cost by year (P10-P90)", "zh": "逐年累计成本（P10-P90）"},
    "plan.value_axis": {"en": "benefit-weighted ha", "zh": "效益加权公顷"},
    "plan.budget_axis": {"en": "budget (US$)", "zh": "预算（美元）"},
    "plan.year_axis": {"en": "year", "zh": "年"},
    "plan.time_limit": {
        "en": "the solver stopped at its time limit ({seconds} s): the plan is the best found, perhaps not the best",
        "zh": "求解器达到时间限制（{seconds}秒）：此为已找到的最佳方案，未必最优",
    },
    "plan.budget_too_small": {
        "en": "the budget (US${budget}) is too small for the smallest patch of any practice (about US${cheapest})",
        "zh": "预算（{budget}美元）不足以实施任何措施的最小地块（约{cheapest}美元）",
    },
    "plan.cell.zone_no_candidate": {"en": "no practice can work here", "zh": "没有适用的措施"},
    "plan.cell.zone_not_funded": {
        "en": "not funded: the budget goes further elsewhere",
        "zh": "未获资金：预算用于其他分区效果更好",
    },
    "plan.zone_no_candidate": {"en": "zone {zone}: no practice can work there", "zh": "分区{zone}：没有适用的措施"},
    "plan.zone_not_funded": {
        "en": "zone {zone}: not funded, the budget goes further elsewhere",
        "zh": "分区{zone}：未获资金，预算用于其他分区效果更好",
    },
    "plan.note": {
        "en": "Costs are estimates in US$ of {year}: typical total over the horizon, undiscounted; "
        "value = hectares x the practices' scores without their cost criteria.",
        "zh": "成本为{year}年美元估算值：规划期内典型总额，未贴现；价值 = 公顷数 × 措施得分（不含成本指标）。",
    },
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
                from landrestore.model.errors import InputError
                from landrestore.model.vocab import closest

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
#: Vocabulary names read inside a sentence start with a small letter in English ("soil erosion
#: by water"); biome, region, country and requirement names keep their capitals.
INLINE_LOWER = frozenset(TERM_SECTIONS)


def _inline(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


@dataclass
class Translator:
    """Renders messages and names in one language, falling back to English."""

    lang: str = "en"
    catalog: Any = None

    def __call__(self, key: str, **params: Any) -> str:
        entry = MESSAGES.get(key, {})
        template = entry.get(self.lang)
        if template is None:
            template = entry.get("en", key)  # an empty message (a unitless number) is a message too
        return template.format(**params)

    def has(self, key: str) -> bool:
        return key in MESSAGES

    def _entry(self, kind: str, ident: str) -> dict[str, Any] | None:
        cat = self.catalog
        if cat is None:
            return None
        if kind == "biome":
            return cat.biomes.get(ident)
        if kind == "region":
            return cat.regions.get(ident)
        if kind == "country":
            return cat.countries.get(ident)
        if kind == "requirement":
            return (getattr(cat, "requirements", None) or {}).get(ident)
        if kind == "policy":
            return cat.policies.get(ident)
        if kind == "practice":
            return cat.practices.get(ident)
        section = TERM_SECTIONS.get(kind)
        for t in (cat.vocabularies or {}).get(section, []) if section else []:
            if t["id"] == ident:
                return t
        return None

    def term(self, kind: str, ident: str | None, inline: bool = True) -> str:
        """The name of an id of a vocabulary or of the catalogue, in the language (never the raw id
        when the catalogue has a name for it)."""
        if ident is None:
            return ""
        entry = self._entry(kind, ident)
        if entry is None:
            return ident.replace("_", " ")
        text = self.name(entry)
        if inline and self.lang == "en" and kind in INLINE_LOWER:
            return _inline(text)
        return text

    def indicator(self, ident: str) -> str:
        """A monitoring indicator in words: its message when there is one, else the id spelt out."""
        key = f"indicator.{ident}"
        return self(key) if key in MESSAGES else ident.replace("_", " ")

    def terms(self, kind: str, idents: list[str]) -> str:
        return self.enum([self.term(kind, i) for i in idents])

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

    # --- numbers for people -------------------------------------------------------------------
    def number(self, x: float | int | None, digits: int = 0) -> str:
        """Thousands separators and no trailing ".0": 30000.0 -> "30,000", 550.0 -> "550"."""
        if x is None:
            return ""
        if digits == 0 or float(x).is_integer():
            return f"{round(float(x)):,}"
        return f"{float(x):,.{digits}f}".rstrip("0").rstrip(".")
