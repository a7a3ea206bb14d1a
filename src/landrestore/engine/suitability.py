"""Land suitability of a practice on a site, graded as the FAO Framework for Land Evaluation does.

Each factor below compares one fact of the site with what the catalogue documents for the
practice and gives a value in [0, 1] and a class (FAO 1976; FAO 2007, *Land evaluation: towards
a revised framework*):

====== =============== =================================================================
class  value           meaning
====== =============== =================================================================
S1     0.75 - 1        highly suitable: no significant limitation
S2     0.50 - 0.75     moderately suitable: the limitation lowers the benefit
S3     0 - 0.50        marginally suitable: severe limitation, the practice is a stretch
N      0               not suitable: outside what is documented as possible
====== =============== =================================================================

The practice's suitability is its **most limiting factor** (the minimum value), FAO's rule for
the class of a land unit; the result names that factor. A fact the site does not give is not
assessed: it lowers the stated confidence and never the value.

Every factor is one registry entry with its scalar form (``scalar``: one site, returns the value,
the class and a reason code with its parameters) and its column form (``column``: a chunk of
sites against every practice, returns the values as a sites x practices array, NaN where not
assessed), side by side; ``tests/engine/test_suitability.py`` checks on random sites that the two
agree exactly. Numpy is imported by the column forms only, so single-site advice never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from landrestore.model.rulelang import OPERATORS, holds, is_missing
from landrestore.model.vocab import ARIDITY_ZONES, LAND_USES, SUITABILITY_CLASSES

#: Lower bounds of the classes S1 and S2; any value above 0 is at least S3, and 0 is N. The
#: factors below never give a value between 0 and 0.25.
CLASS_BOUNDS = (0.75, 0.5)
#: The share of the way from S1 to S3 lost over the margin between the optimal and the absolute
#: limit: the value falls linearly from 1 at the optimal limit to 0.25 (S3) at the absolute limit.
RAMP_DROP = 0.75
#: The land uses the WOCAT type "mixed" combines (agroforestry, agro-pastoralism,
#: silvo-pastoralism): mixed land matches practices documented on each of them. A practice
#: documented on mixed land does not thereby match pure cropland or pasture: there it changes
#: the land use (``converts_to``).
MIXED_PARTS = ("cropland", "grazing_land", "forest")


def suitability_class(value: float) -> str:
    """S1, S2, S3 or N for a value in [0, 1] (see the table above).

    >>> suitability_class(0.8), suitability_class(0.6), suitability_class(0.3), suitability_class(0.0)
    ('S1', 'S2', 'S3', 'N')
    """
    for cls, bound in zip(SUITABILITY_CLASSES, CLASS_BOUNDS, strict=False):
        if value >= bound:
            return cls
    return "S3" if value > 0 else "N"


def class_index(values: Any) -> Any:
    """Column form of ``suitability_class``: 0 (S1) .. 3 (N) for an array of values."""
    import numpy as np

    out = np.where(values > 0, 2, 3).astype(np.int8)
    for i in range(len(CLASS_BOUNDS) - 1, -1, -1):
        out = np.where(values >= CLASS_BOUNDS[i], i, out).astype(np.int8)
    return out


@dataclass(frozen=True)
class Factor:
    """One suitability factor: its id, what it compares, and its two forms.

    ``scalar(site, practice, catalog)`` returns None (not assessed) or a dict with ``value``,
    ``code`` and the code's parameters. ``column(sites, compiled)`` returns a float array
    (sites x practices), NaN where not assessed.
    """

    id: str
    doc: str
    scalar: Callable[[dict[str, Any], dict[str, Any], Any], dict[str, Any] | None]
    column: Callable[[Any, Any], Any]


# --- numbers with an optimal and an absolute range (ECOCROP) --------------------------------------


def ramp(x: float, opt: list[float], ab: list[float]) -> float:
    """1 inside the optimal range, falling linearly to 0.25 at the absolute limit, 0 outside.

    ECOCROP (FAO; Hijmans et al. 2001) gives each crop an optimal and an absolute range of a
    factor and lets suitability fall linearly between them; here the fall ends at the floor of
    S3 rather than at 0, because the catalogue's absolute limits are where a practice is still
    documented in use. Example, slope with optimal 0-30 % and absolute 0-60 %: 20 % gives 1,
    35 % gives 1 - 0.75 * 5/30 = 0.875 (S1), 50 % gives 0.5 (S2), 61 % gives 0 (N).
    """
    lo, hi = opt
    alo, ahi = ab
    if x < alo or x > ahi:
        return 0.0
    if x < lo:
        return 1 - RAMP_DROP * (lo - x) / (lo - alo)
    if x > hi:
        return 1 - RAMP_DROP * (x - hi) / (ahi - hi)
    return 1.0


def ramp_column(x: Any, lo: Any, hi: Any, alo: Any, ahi: Any) -> Any:
    """Column form of ``ramp``: x (n, 1) against ranges (1, P); the same operations in the same order."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        below = 1 - RAMP_DROP * (lo - x) / (lo - alo)
        above = 1 - RAMP_DROP * (x - hi) / (ahi - hi)
        v = np.where(x < lo, below, np.where(x > hi, above, 1.0))
        v = np.where((x < alo) | (x > ahi), 0.0, v)
    return v


def _range_factor(fact: str, fid: str) -> Factor:
    def scalar(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any] | None:
        x = site.get(fact)
        rng = p["suitability"].get(fact)
        if x is None or not rng:
            return None
        opt, ab = rng["optimal"], rng["absolute"]
        v = ramp(x, opt, ab)
        if v == 0.0:
            where = "below_absolute" if x < ab[0] else "above_absolute"
        elif x < opt[0]:
            where = "below_optimal"
        elif x > opt[1]:
            where = "above_optimal"
        else:
            where = "optimal"
        return {"value": v, "code": f"{fid}.{where}", "given": x, "optimal": list(opt), "absolute": list(ab)}

    def column(sites: Any, comp: Any) -> Any:
        import numpy as np

        x = getattr(sites, fact)[:, None]
        lo, hi, alo, ahi = (a[None, :] for a in comp.ranges[fact])
        v = ramp_column(x, lo, hi, alo, ahi)
        return np.where(np.isnan(x) | np.isnan(lo), np.nan, v)

    return Factor(fid, f"{fact} against the practice's optimal and absolute range", scalar, column)


# --- aridity zone: documented zones, graded by distance on the UNEP scale ----------------------------

#: Value by the number of steps between the site's zone and the nearest documented one on the
#: UNEP scale hyper-arid < arid < semi-arid < dry sub-humid < humid. Never N: rainfall, when given,
#: sets the hard limits; the zone is coarser evidence of the same water constraint.
ARIDITY_STEP_VALUE = (1.0, 0.7, 0.45, 0.25, 0.25)


def _aridity_scalar(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any] | None:
    """The site's zone, or, when neither aridity nor rainfall is given, the zones of its biome
    (``biomes.yaml``; the most favourable of them, since the site could be in any)."""
    zone = site.get("aridity")
    documented = p["suitability"].get("aridity") or []
    if not documented:
        return None
    zones = [zone] if zone else list((catalog.biomes.get(site["biome"]) or {}).get("aridity") or [])
    if not zones:
        return None
    steps, best = min((abs(ARIDITY_ZONES.index(a) - ARIDITY_ZONES.index(z)), a) for a in zones for z in documented)
    if zone:
        code = "aridity.documented" if steps == 0 else "aridity.undocumented"
    else:
        code = "aridity.biome_documented" if steps == 0 else "aridity.biome_undocumented"
    return {
        "value": ARIDITY_STEP_VALUE[steps],
        "code": code,
        "aridity": best,
        "documented_zones": list(documented),
        "steps": steps,
    }


def _aridity_column(sites: Any, comp: Any) -> Any:
    return comp.table("aridity", sites.aridity, sites)


# --- biome: where documented cases exist is evidence, never a gate ------------------------------------

#: Value when no case is documented in the site's biome: a documented case in a biome of the same
#: IUCN Global Ecosystem Typology biome (Keith et al. 2022) is closer evidence than none.
BIOME_SIMILAR_VALUE = 0.85
BIOME_UNDOCUMENTED_VALUE = 0.7
#: ... and when no case is documented in any biome of the site's thermal zone either (a practice
#: known only from tropical biomes, on a boreal site): marginal evidence.
BIOME_OTHER_CLIMATE_VALUE = 0.45
#: ... and when every documented case lies in another realm of the IUCN Global Ecosystem
#: Typology (Keith et al. 2022): terrestrial (T), palustrine wetland (TF) or intertidal (MFT). A
#: hillside earthwork known only from dry land, on a tidal mangrove flat, is at the floor of S3.
BIOME_OTHER_REALM_VALUE = 0.25


def documented_biomes(p: dict[str, Any]) -> list[str]:
    """Biomes where the practice is documented: its suitability list and its own case studies."""
    out = list(p["suitability"].get("biomes") or [])
    for cs in p.get("case_studies") or []:
        if cs.get("biome") and cs["biome"] not in out:
            out.append(cs["biome"])
    return out


def land_kinds(catalog: Any, biome: str) -> set[str]:
    """``dry`` and/or ``wet``: the kinds of land of a biome's IUCN GET realms (T1 is terrestrial,
    dry land; TF1 palustrine and MFT1 intertidal are wet)."""
    out = set()
    for code in (catalog.biomes.get(biome) or {}).get("iucn_get") or ():
        out.add("dry" if code.rstrip("0123456789") == "T" else "wet")
    return out


def site_land_kinds(catalog: Any, site: dict[str, Any]) -> set[str]:
    """The kinds of land of a site: its biome's, plus dry land when it names a land use other
    than wetland (a rice field behind a mangrove belt), plus wet land when it names wetland."""
    out = land_kinds(catalog, site["biome"])
    uses = set(site.get("land_use") or ())
    if uses - {"wetland"}:
        out.add("dry")
    if "wetland" in uses:
        out.add("wet")
    return out


def similar_biomes(catalog: Any, a: str, b: str) -> bool:
    """Two biomes are similar evidence when they share an IUCN GET biome and a thermal zone
    (a case in a tropical savanna says little about a cold steppe, though both are GET T4)."""
    ea, eb = catalog.biomes.get(a) or {}, catalog.biomes.get(b) or {}
    if not set(ea.get("iucn_get") or ()) & set(eb.get("iucn_get") or ()):
        return False
    za, zb = ea.get("thermal_zone") or "any", eb.get("thermal_zone") or "any"
    return za == zb or "any" in (za, zb)


def _biome_scalar(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any] | None:
    biome = site["biome"]
    documented = documented_biomes(p)
    if biome in documented:
        return {"value": 1.0, "code": "biome.documented", "biome": biome}
    similar = [b for b in documented if similar_biomes(catalog, biome, b)]
    if similar:
        return {"value": BIOME_SIMILAR_VALUE, "code": "biome.similar", "biome": biome, "similar_biomes": similar}
    kinds = site_land_kinds(catalog, site)
    documented_kinds = set().union(*(land_kinds(catalog, b) for b in documented)) if documented else set()
    if kinds and documented_kinds and not kinds & documented_kinds:
        return {
            "value": BIOME_OTHER_REALM_VALUE,
            "code": "biome.other_realm",
            "biome": biome,
            "documented_biomes": list(documented),
        }
    zone = (catalog.biomes.get(biome) or {}).get("thermal_zone") or "any"
    zones = {(catalog.biomes.get(b) or {}).get("thermal_zone") or "any" for b in documented} - {"any"}
    if zone != "any" and zones and zone not in zones:
        return {
            "value": BIOME_OTHER_CLIMATE_VALUE,
            "code": "biome.other_climate",
            "biome": biome,
            "documented_biomes": list(documented),
        }
    return {
        "value": BIOME_UNDOCUMENTED_VALUE,
        "code": "biome.undocumented",
        "biome": biome,
        "documented_biomes": list(documented),
    }


def _biome_column(sites: Any, comp: Any) -> Any:
    return comp.table("biome", sites.biome, sites)


# --- land use: the uses on the ground, and practices that change them -----------------------------------

LAND_USE_CONVERSION_VALUE = 0.8
#: On mixed land (agroforestry, agro-pastoral systems), a practice documented on mixed systems
#: fits fully; one documented only on a use the system mixes (pure pasture, pure cropland) fits
#: a part of it: still S1, ranked below the first.
LAND_USE_PART_OF_MIXED_VALUE = 0.85
#: Turning cropland into something else takes the harvest away: closing or planting productive
#: farmland pays less than doing it on grazing or bare land (exclosures: negative net present
#: value on productive land, positive on marginal land; Balana et al. 2012, doi:
#: 10.1016/j.foreco.2012.04.004). A moderate limitation, like an undocumented land use.
LAND_USE_CROPLAND_CONVERSION_VALUE = 0.55
LAND_USE_UNDOCUMENTED_VALUE = 0.55


def expand_land_uses(uses: list[str]) -> set[str]:
    """The land uses a list stands for: ``mixed`` also stands for the uses it mixes."""
    out = set(uses)
    if "mixed" in out:
        out.update(MIXED_PARTS)
    return out


def _land_use_scalar(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any] | None:
    uses = site.get("land_use")
    s = p["suitability"]
    documented = s.get("land_uses") or []
    if not uses or not documented:
        return None
    if set(uses) & set(documented):
        return {"value": 1.0, "code": "land_use.documented", "land_uses": list(uses)}
    if expand_land_uses(uses) & set(documented):
        # documented on a use that mixed land mixes, not on mixed systems as such
        return {"value": LAND_USE_PART_OF_MIXED_VALUE, "code": "land_use.part_of_mixed", "land_uses": list(uses)}
    if s.get("converts_to"):
        if "cropland" in uses and s["converts_to"] not in ("cropland", "mixed"):
            return {
                "value": LAND_USE_CROPLAND_CONVERSION_VALUE,
                "code": "land_use.cropland_conversion",
                "land_uses": list(uses),
                "to": s["converts_to"],
            }
        return {
            "value": LAND_USE_CONVERSION_VALUE,
            "code": "land_use.conversion",
            "land_uses": list(uses),
            "to": s["converts_to"],
        }
    return {
        "value": LAND_USE_UNDOCUMENTED_VALUE,
        "code": "land_use.undocumented",
        "land_uses": list(uses),
        "documented_uses": documented,
    }


def _land_use_column(sites: Any, comp: Any) -> Any:
    return comp.table("land_use", sites.land_use)


# --- hard requirements: few, named and sourced (requirements.yaml) ------------------------------------


def requirement_status(req: dict[str, Any], site: dict[str, Any]) -> str:
    """``met``, ``unmet``, ``unknown`` (a fact it needs is not given) or ``implausible`` (unknown,
    but the rest of the site makes it implausible, e.g. an acid soil on semi-arid land)."""
    could = False
    for alt in req["any_of"]:
        known_ok = True
        missing = False
        for field, cond in alt.items():
            value = site.get(field)
            if is_missing(value) and cond.get("missing") is None:
                missing = True
            elif not holds(value, cond):
                known_ok = False
                break
        if known_ok and not missing:
            return "met"
        could |= known_ok and missing
    if not could:
        return "unmet"
    implausible = req.get("implausible_when")
    if implausible and all(holds(site.get(f), c) for f, c in implausible.items()):
        return "implausible"
    return "unknown"


#: A requirement that could not be checked (a fact is missing) counts as a moderate limitation:
#: the practice stays, and it ranks below those whose requirements are known to be met.
REQUIREMENT_UNKNOWN_VALUE = 0.7


def _requirements_scalar(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any] | None:
    ids = p["suitability"].get("requires") or []
    if not ids:
        return None
    statuses = [(r, requirement_status(catalog.requirements[r], site)) for r in ids]
    for status in ("unmet", "implausible"):
        failed = [r for r, s in statuses if s == status]
        if failed:
            return {"value": 0.0, "code": f"requirement.{status}", "requirements": failed}
    unknown = [r for r, s in statuses if s == "unknown"]
    if unknown:
        return {"value": REQUIREMENT_UNKNOWN_VALUE, "code": "requirement.unknown", "requirements": unknown}
    return {"value": 1.0, "code": "requirement.met", "requirements": ids}


def _requirements_column(sites: Any, comp: Any) -> Any:
    return comp.requirement_values(sites)


FACTORS: dict[str, Factor] = {
    f.id: f
    for f in (
        _range_factor("rainfall_mm", "rainfall"),
        _range_factor("slope_pct", "slope"),
        _range_factor("soil_ph", "soil_ph"),
        Factor(
            "aridity",
            "the site's UNEP aridity zone against the zones where the practice is documented",
            _aridity_scalar,
            _aridity_column,
        ),
        Factor(
            "biome",
            "the site's biome against the biomes where a case of the practice is documented",
            _biome_scalar,
            _biome_column,
        ),
        Factor(
            "land_use", "the site's land uses against those the practice is documented on", _land_use_scalar, _land_use_column
        ),
        Factor(
            "requirements", "the practice's hard requirements (requirements.yaml)", _requirements_scalar, _requirements_column
        ),
    )
}
#: Factors whose column form is a lookup in a table built from the scalar form (their value
#: depends on one categorical site fact): see ``engine.bulk.Compiled.table``.
TABLE_FACTORS = {"aridity": _aridity_scalar, "biome": _biome_scalar, "land_use": _land_use_scalar}
_ = OPERATORS  # the requirement conditions use the operators of the rule language


def assess(site: dict[str, Any], p: dict[str, Any], catalog: Any) -> dict[str, Any]:
    """The suitability of a practice on a site: class, value, limiting factor and every factor.

    A factor is not assessed when the site does not give its fact (it lowers the confidence, not
    the value); a requirement that cannot be checked for lack of a fact counts as S2. With no
    factor below 1 the value is 1 and the limiting factor null.
    """
    factors = []
    value = 1.0
    limiting = None
    for fid, f in FACTORS.items():
        res = f.scalar(site, p, catalog)
        if res is None:
            continue
        v = res.pop("value")
        entry = {"factor": fid, "value": v, "class": suitability_class(v), **res}
        factors.append(entry)
        if v < value:
            value, limiting = v, fid
    return {"class": suitability_class(value), "value": value, "limiting_factor": limiting, "factors": factors}


def unknown_facts(suit: dict[str, Any]) -> list[str]:
    """Requirements that could not be checked for lack of a fact."""
    out: list[str] = []
    for f in suit["factors"]:
        if f["code"] == "requirement.unknown":
            out += f["requirements"]
    return out


__all__ = ["FACTORS", "LAND_USES", "assess", "ramp", "suitability_class"]
