"""Codes to words: every code the engine can emit reads as a sentence in English and in Chinese,
names things by their names (never by their ids), and writes numbers for people."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from landrestore.api import prepare_site
from landrestore.engine import assess
from landrestore.engine import suitability as S
from landrestore.model import vocab
from landrestore.render import localise
from landrestore.render.i18n import MESSAGES, Translator

ENGINE = Path(assess.__file__).parent
#: Where a value falls against a range factor's optimal and absolute range (``_range_factor``).
RANGE_POSITIONS = ("optimal", "below_optimal", "above_optimal", "below_absolute", "above_absolute")
#: The statuses of a requirement (``requirement_status``).
REQUIREMENT_STATUSES = ("met", "unmet", "implausible", "unknown")
#: Codes written out in the engine's source (``code("...")``, ``"code": "..."`` and the factors' own
#: codes); the rest are composed (range factors, requirement statuses, rules).
LITERAL = [
    re.compile(r'(?:\bcode\(\s*|"code":\s*)"([a-z_]+(?:\.[a-z_]+)+)"'),
    re.compile(r'"((?:reason|main|site|aridity|biome|land_use|requirement)\.[a-z_]+)"'),
]
#: The codes of a recommendation (``recommend``, ``explain``); other commands add their own.
RECOMMENDATION = ("reason.", "main.", "site.", "rule.", "requirement.", *(f"{f}." for f in S.FACTORS))
RANGES = {
    "rainfall": ("rainfall_mm", [300, 800], [250, 1000], (500, 275, 900, 100, 2000)),
    "slope": ("slope_pct", [5, 30], [2, 60], (10, 3, 40, 1, 70)),
    "soil_ph": ("soil_ph", [5.5, 7.0], [4.5, 8.5], (6.2, 5.0, 8.0, 4.0, 9.0)),
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def literal_codes() -> set[str]:
    found: set[str] = set()
    for f in ENGINE.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        for pattern in LITERAL:
            found |= set(pattern.findall(text))
    return found


def expected_codes(catalog) -> set[str]:
    """Every code the engine can emit: the factor codes for every factor and range position, the
    requirement codes, the reason, main-reason and site codes, and rule.<id> for every rule."""
    codes = set(literal_codes())
    for fid in S.FACTORS:
        if fid in RANGES:
            codes |= {f"{fid}.{where}" for where in RANGE_POSITIONS}
    codes |= {f"requirement.{status}" for status in REQUIREMENT_STATUSES}
    codes |= {f"rule.{r['id']}" for r in catalog.rules}
    return codes


def message_keys(code: str) -> list[str]:
    """The message templates a code is written with."""
    factor, _, where = code.partition(".")
    if factor in RANGES:
        return [f"range.{where}", f"what.{factor}", f"unit.{factor}"]
    return [code]


# --- walking the engine: each code produced by the engine itself, with its real parameters ---------


def factor_items(catalog) -> list[dict[str, Any]]:
    """One item per factor code, made by the factor itself on a site and a practice that reach it."""
    items = []
    for fid, (fact, opt, ab, values) in RANGES.items():
        p = {"suitability": {fact: {"optimal": opt, "absolute": ab}}}
        for v in values:
            items.append(S.FACTORS[fid].scalar({"biome": "mangroves", fact: float(v)}, p, catalog))
    aridity = S.FACTORS["aridity"].scalar
    p = {"suitability": {"aridity": ["arid", "semi_arid"]}}
    for site in (
        {"biome": "mangroves", "aridity": "arid"},
        {"biome": "mangroves", "aridity": "humid"},
        {"biome": "deserts_xeric_shrublands"},
        {"biome": "tropical_subtropical_moist_broadleaf_forests"},
    ):
        items.append(aridity(site, p, catalog))
    biome = S.FACTORS["biome"].scalar
    for a, b in itertools.product(vocab.BIOMES, repeat=2):  # every biome against every documented biome
        items.append(biome({"biome": a}, {"suitability": {"biomes": [b]}, "case_studies": []}, catalog))
    land = S.FACTORS["land_use"].scalar
    items += [
        land({"land_use": ["grazing_land"]}, {"suitability": {"land_uses": ["grazing_land", "mixed"]}}, catalog),
        land({"land_use": ["cropland"]}, {"suitability": {"land_uses": ["forest"], "converts_to": "forest"}}, catalog),
        land({"land_use": ["settlement"]}, {"suitability": {"land_uses": ["cropland", "forest"]}}, catalog),
        land({"land_use": ["mixed"]}, {"suitability": {"land_uses": ["grazing_land"]}}, catalog),
        land({"land_use": ["grazing_land"]}, {"suitability": {"land_uses": ["forest"], "converts_to": "forest"}}, catalog),
    ]
    req = S.FACTORS["requirements"].scalar
    p = {"suitability": {"requires": ["acid_soil", "watercourse"]}}
    for site in (
        {"soil_ph": 5.0, "watercourse": True, "degradation": ["nutrient_decline"]},
        {"soil_ph": 7.2, "watercourse": True, "degradation": ["nutrient_decline"]},
        {"watercourse": True, "degradation": ["nutrient_decline"], "aridity": "semi_arid"},
        {"soil_ph": 5.0, "degradation": ["nutrient_decline"]},
    ):
        items.append(req(site, p, catalog))
    return [{k: v for k, v in i.items() if k != "value"} for i in items if i]


SITES = [
    # a steep, dry hillside with a budget: acts on / no effect, fits / covers the budget, co-benefits
    {
        "name": "Tigray",
        "country": "ETH",
        "biome": "montane_grasslands_shrublands",
        "rainfall_mm": 550,
        "slope_pct": 25,
        "land_use": "grazing_land",
        "degradation": ["water_erosion", "vegetation_loss"],
        "severity": "strong",
        "area_ha": 120,
        "budget_usd": 30000,
    },
    # few facts, a region that does not match the country
    {"biome": "mangroves", "country": "VNM", "region": "africa", "degradation": ["water_erosion"], "severity": "light"},
    # nothing can work here
    {
        "biome": "temperate_broadleaf_mixed_forests",
        "degradation": ["peat_subsidence"],
        "severity": "extreme",
        "land_use": ["grazing_land"],
        "rainfall_mm": 0,
        "slope_pct": 100,
        "soil_ph": 14,
    },
    # extreme, salty, dry cropland on peat with fire: several rules
    {
        "biome": "deserts_xeric_shrublands",
        "aridity": "hyper_arid",
        "degradation": ["salinization", "fire_damage", "peat_subsidence"],
        "severity": "extreme",
        "land_use": ["mine", "wetland"],
        "slope_pct": 40,
    },
]


def engine_items(catalog) -> list[dict[str, Any]]:
    """Every code item the engine put in its results for a few contrasting sites."""
    items: list[dict[str, Any]] = []
    for site in SITES:
        res = assess.recommend(prepare_site(site, catalog), catalog)
        items += res["warnings"]
        for o in res["options"]:
            items += [o["main_reason"], *o["reasons"], *o["suitability"]["factors"], *o["rules_fired"]]
        for e in res["excluded"]:
            items += [*e["reasons"], *e["suitability"]["factors"]]
    return items


@pytest.fixture(scope="module")
def walked(catalog) -> dict[str, dict[str, Any]]:
    """code -> one item of that code, as the engine made it."""
    out: dict[str, dict[str, Any]] = {}
    for item in [*factor_items(catalog), *engine_items(catalog)]:
        out.setdefault(item["code"], item)
    for r in catalog.rules:  # every rule, whether or not one of the sites above fired it
        out.setdefault(f"rule.{r['id']}", {"code": f"rule.{r['id']}", "rule": r["id"]})
    return out


def test_the_walk_reaches_every_code_of_a_recommendation_and_nothing_else(walked, catalog) -> None:
    expected = {c for c in expected_codes(catalog) if c.startswith(RECOMMENDATION)}
    assert len(expected) > 50
    assert set(walked) - expected == set(), "the engine emits codes this test does not know: add them above"
    assert expected - set(walked) == set(), "codes the walk did not reach: add a site or a practice that produces them"


def test_the_engine_source_names_no_code_without_a_message(catalog) -> None:
    for code in sorted(expected_codes(catalog)):
        if code.startswith("rule."):
            continue
        for key in message_keys(code):
            assert key in MESSAGES, f"{code}: no message '{key}' in render/i18n.py"
            missing = {"en", "zh"} - set(MESSAGES[key])
            assert not missing, f"{code}: message '{key}' has no {sorted(missing)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_code_reads_as_a_sentence(walked, catalog, lang: str) -> None:
    tr = Translator(lang, catalog)
    en = Translator("en", catalog)
    for code, item in sorted(walked.items()):
        text = localise.text(item, tr)
        assert text and text != code and "{" not in text and "}" not in text, (code, text)
        leaked = [k for k in MESSAGES if "." in k and k in text]
        assert not leaked, f"{code} shows the message keys {leaked} instead of their words: {text!r}"
        if lang == "zh":
            assert CJK.search(text), f"{code} has no Chinese text: {text!r}"
            assert text != localise.text(item, en), f"{code} falls back to English"
        else:
            assert not CJK.search(text), (code, text)


def test_every_rule_has_its_message_in_english_and_chinese(catalog) -> None:
    for r in catalog.rules:
        item = {"code": f"rule.{r['id']}", "rule": r["id"]}
        assert localise.text(item, Translator("en", catalog)) == r["message"]
        zh = localise.text(item, Translator("zh", catalog))
        assert zh == r["translations"]["zh"]["message"] and CJK.search(zh), r["id"]


def _ids_with_underscores(catalog) -> set[str]:
    ids = {i for ids in vocab.VOCABULARIES.values() for i in ids}
    ids |= set(catalog.requirements) | set(catalog.biomes) | set(catalog.practices) | set(catalog.policies)
    return {i for i in ids if "_" in i}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_name_things_by_name_not_by_id(walked, catalog, lang: str) -> None:
    tr = Translator(lang, catalog)
    ids = _ids_with_underscores(catalog)
    for code, item in sorted(walked.items()):
        text = localise.text(item, tr)
        leaked = sorted(i for i in ids if re.search(rf"\b{re.escape(i)}\b", text))
        assert not leaked, f"{code} shows ids {leaked}: {text!r}"


def test_a_biome_appears_by_its_catalogue_name(catalog) -> None:
    item = {"code": "biome.documented", "biome": "montane_grasslands_shrublands"}
    assert localise.text(item, Translator("en", catalog)) == "cases documented in this biome (Montane Grasslands & Shrublands)"
    zh_name = catalog.biomes["montane_grasslands_shrublands"]["translations"]["zh"]["name"]
    assert zh_name in localise.text(item, Translator("zh", catalog))


def test_other_ids_appear_by_their_names(catalog) -> None:
    en = Translator("en", catalog)
    req = catalog.requirements["watercourse"]["name"]
    assert (
        localise.text({"code": "requirement.unknown", "requirements": ["watercourse"]}, en)
        == f"check on the ground: it needs {req}"
    )
    mismatch = {"code": "site.region_mismatch", "region_given": "africa", "country": "VNM", "region": "asia_pacific"}
    text = localise.text(mismatch, en)
    assert catalog.countries["VNM"]["name"] in text and "VNM" not in text
    assert catalog.regions["asia_pacific"]["name"] in text and catalog.regions["africa"]["name"] in text
    effect = {"code": "main.effect", "degradation": "water_erosion", "level": "high"}
    assert localise.text(effect, en) == "high effect on soil erosion by water"
    assert localise.text({"code": "aridity.documented", "aridity": "semi_arid"}, en) == "documented in semi-arid land"


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [(30000.0, 0, "30,000"), (550.0, 1, "550"), (1234.56, 1, "1,234.6"), (0.5, 1, "0.5"), (1999.86, 0, "2,000"), (None, 0, "")],
)
def test_numbers_for_people(catalog, value, digits: int, shown: str) -> None:
    for lang in ("en", "zh"):
        assert Translator(lang, catalog).number(value, digits) == shown


def test_numbers_in_texts_have_separators_and_no_trailing_zero(catalog) -> None:
    en, zh = Translator("en", catalog), Translator("zh", catalog)
    cost = {"code": "reason.cost", "per_ha": 30000.0, "low": 12345.678, "high": 99999.5, "years": 20, "maintenance_known": True}
    assert localise.text(cost, en) == "about US$30,000/ha over 20 years (range 12,346-100,000)"
    assert "30,000" in localise.text(cost, zh) and "12,346" in localise.text(cost, zh)
    covers = {"code": "reason.covers", "area": 55.0, "total": 120.0}
    assert localise.text(covers, en) == "the budget covers about 55 of 120 ha"
    rain = {"code": "rainfall.above_optimal", "given": 1250.0, "optimal": [300.0, 1200.0], "absolute": [250.0, 2000.0]}
    assert localise.text(rain, en) == "rainfall 1,250 mm is above its optimal range of 300-1,200 mm (documented up to 2,000 mm)"


def test_soil_ph_reads_without_a_unit(catalog) -> None:
    item = {"code": "soil_ph.below_optimal", "given": 4.8, "optimal": [5.5, 7.0], "absolute": [4.0, 8.5]}
    assert (
        localise.text(item, Translator("en", catalog)) == "soil pH 4.8 is below its optimal range of 5.5-7 (documented down to 4)"
    )
    assert localise.text(item, Translator("zh", catalog)) == "土壤pH值4.8低于其最适范围5.5-7（有记录的下限为4）"


def test_no_walked_text_shows_a_raw_float(walked, catalog) -> None:
    for lang in ("en", "zh"):
        tr = Translator(lang, catalog)
        for code, item in sorted(walked.items()):
            text = localise.text(item, tr)
            assert not re.search(r"\d\.0(?!\d)", text), (code, text)
            assert not re.search(r"(?<![\d,.])\d{5,}", text), f"{code}: a large number without separators: {text!r}"
