"""Reading and checking a site description, with messages a field officer can act on.

Plain Python, no pydantic: the recommendation path stays fast, and the same checks serve the
``Site`` model, the CLI flags, site files and every batch row.
"""

from __future__ import annotations

import math
from typing import Any

from . import vocab
from .errors import InputError

REQUIRED = ("biome", "degradation", "severity")
FIELDS = (
    "id",
    "name",
    "country",
    "region",
    "biome",
    "aridity",
    "rainfall_mm",
    "slope_pct",
    "soil_ph",
    "land_use",
    "degradation",
    "severity",
    "area_ha",
    "budget_usd",
    "horizon_years",
    "discount_rate",
    "priorities",
    "treated_share",
    *vocab.SITE_FEATURES,
    "zones",
)
#: What a zone may say; every other field comes from its site.
ZONE_FIELDS = (
    "id",
    "name",
    "area_ha",
    "aridity",
    "rainfall_mm",
    "slope_pct",
    "soil_ph",
    "land_use",
    "degradation",
    "severity",
    "treated_share",
    *vocab.SITE_FEATURES,
)
#: A zone area may exceed the site's by rounding only.
ZONE_AREA_TOLERANCE = 1.001
DEFAULTS: dict[str, Any] = {"horizon_years": 20, "discount_rate": 0.05}
#: (minimum, maximum, minimum exclusive?, description of what is allowed)
NUMBERS: dict[str, tuple[float, float, bool, str]] = {
    "rainfall_mm": (0, 15000, False, "a number of mm between 0 and 15000"),
    "slope_pct": (0, 100, False, "a percentage between 0 and 100"),
    "soil_ph": (0, 14, False, "a pH between 0 and 14"),
    "area_ha": (0, 1e9, True, "a number of hectares greater than 0"),
    "budget_usd": (0, 1e13, False, "an amount of USD of 0 or more"),
    "horizon_years": (1, 100, False, "a whole number of years between 1 and 100"),
    "discount_rate": (0, 1, False, "a fraction between 0 and 1 (e.g. 0.05 for 5 %)"),
}
ID_FIELDS = {
    "biome": vocab.BIOMES,
    "region": vocab.REGIONS,
    "aridity": vocab.ARIDITY_ZONES,
    "severity": vocab.SEVERITIES,
}
#: Fields that hold a list of ids (a comma- or semicolon-separated text is accepted too).
LIST_FIELDS = {"degradation": vocab.DEGRADATION_TYPES, "land_use": vocab.LAND_USES}
ALIASES = {
    "rainfall": "rainfall_mm",
    "slope": "slope_pct",
    "area": "area_ha",
    "budget": "budget_usd",
    "horizon": "horizon_years",
    "landuse": "land_use",
    "land-use": "land_use",
    "discount-rate": "discount_rate",
    "ph": "soil_ph",
    "land_uses": "land_use",
}
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0")


def _unknown_id(field: str, value: Any, allowed: tuple[str, ...]) -> InputError:
    hint = f"allowed: {', '.join(allowed)}" if len(allowed) <= 8 else f"allowed ids: `landrestore vocab {field}`"
    return InputError(field, value, f"unknown {field.replace('_', ' ')} '{value}'", vocab.closest(str(value), allowed), hint)


def _as_id(field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise InputError(field, value, f"{field} must be one of the ids, not {value!r}")
    text = value.strip()
    if text in allowed:
        return text
    norm = text.lower().replace("-", "_").replace(" ", "_")
    if norm in allowed:
        return norm
    raise _unknown_id(field, value, allowed)


def _as_number(field: str, value: Any, strict_types: bool) -> float:
    lo, hi, exclusive, allowed = NUMBERS[field]
    num: float
    if isinstance(value, bool):
        raise InputError(field, value, f"{field} must be {allowed}, got {value!r}")
    if isinstance(value, (int, float)):
        num = float(value)
    elif isinstance(value, str) and not strict_types:
        text = value.strip().replace("_", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # decimal comma from a spreadsheet in another locale
        try:
            num = float(text)
        except ValueError:
            raise InputError(field, value, f"{field} must be {allowed}, got '{value}'") from None
    else:
        raise InputError(field, value, f"{field} must be {allowed}, got {value!r}")
    if math.isnan(num) or math.isinf(num) or num < lo or num > hi or (exclusive and num <= lo):
        raise InputError(field, value, f"{field} must be {allowed}, got {value}")
    if field == "horizon_years":
        if num != int(num):
            raise InputError(field, value, f"{field} must be {allowed}, got {value}")
        return int(num)
    return num


def _as_list(field: str, value: Any) -> list[str]:
    allowed = LIST_FIELDS[field]
    what = "degradation types" if field == "degradation" else "land uses"
    if isinstance(value, str):
        items = [v for v in (p.strip() for p in value.replace(";", ",").split(",")) if v]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InputError(field, value, f"{field} must be a list of {what}, got {value!r}")
    out: list[str] = []
    for item in items:
        d = _as_id(field, item, allowed)
        if d not in out:
            out.append(d)
    if not out:
        raise InputError(field, value, f"{field} needs at least one of the {what} (see `landrestore vocab {field}`)")
    return out


def _as_bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(field, value, f"{field} must be yes or no (true/false), got {value!r}")


def _priorities(value: Any, strict_types: bool) -> dict[str, float]:
    if value is None:
        return {p: 1.0 for p in vocab.PRIORITIES}
    if isinstance(value, str):
        pairs = [p for p in value.replace(";", ",").split(",") if p.strip()]
        parsed: dict[str, Any] = {}
        for pair in pairs:
            if "=" not in pair:
                raise InputError("priorities", value, f"priority '{pair.strip()}' must be NAME=WEIGHT, e.g. carbon=2")
            k, v = pair.split("=", 1)
            parsed[k.strip()] = v.strip()
        value = parsed
    if not isinstance(value, dict):
        raise InputError("priorities", value, "priorities must be a mapping such as {cost: 1, carbon: 2}")
    out = {p: 1.0 for p in vocab.PRIORITIES}
    for k, v in value.items():
        name = str(k).strip().lower()
        if name not in vocab.PRIORITIES:
            raise InputError(
                "priorities",
                k,
                f"unknown priority '{k}' (allowed: {', '.join(vocab.PRIORITIES)})",
                vocab.closest(name, vocab.PRIORITIES),
            )
        try:
            w = float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            raise InputError("priorities", v, f"priority {name} must be a weight between 0 and 10, got {v!r}") from None
        if isinstance(v, bool) or not (0 <= w <= 10) or math.isnan(w):
            raise InputError("priorities", v, f"priority {name} must be a weight between 0 and 10, got {v!r}")
        out[name] = w
    return out


def _shares(value: Any) -> dict[str, float]:
    """``treated_share``: practice id -> the share of the site it treats (0-1], e.g. the gullies."""
    if isinstance(value, str):
        pairs = {}
        for pair in (p for p in value.replace(";", ",").split(",") if p.strip()):
            if "=" not in pair:
                raise InputError(
                    "treated_share", value, f"treated_share '{pair.strip()}' must be PRACTICE=SHARE, e.g. check_dams=0.05"
                )
            k, v = pair.split("=", 1)
            pairs[k.strip()] = v.strip()
        value = pairs
    if not isinstance(value, dict):
        raise InputError("treated_share", value, "treated_share must be a mapping such as {check_dams: 0.05}")
    out: dict[str, float] = {}
    for k, v in value.items():
        try:
            share = float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            raise InputError("treated_share", v, f"treated_share of {k} must be a share between 0 and 1, got {v!r}") from None
        if isinstance(v, bool) or not (0 < share <= 1):
            raise InputError("treated_share", v, f"treated_share of {k} must be a share above 0 and at most 1, got {v!r}")
        out[str(k).strip()] = share
    return out


def normalise_site(data: dict[str, Any], strict_types: bool = False, countries: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check a site mapping and return it with canonical ids and defaults.

    Raises InputError for the first problem, naming the field, the value given and what is
    allowed, with the closest id for a typo. ``countries`` (iso3 -> region) enables the check
    that a country code exists.
    """
    if not isinstance(data, dict):
        raise InputError("site", data, "a site must be a mapping of fields (biome, degradation, severity, ...)")
    site: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip()
        name = ALIASES.get(name, name)
        if name not in FIELDS:
            raise InputError(
                name, value, f"unknown site field '{key}' (allowed: {', '.join(FIELDS)})", vocab.closest(name, FIELDS)
            )
        if value is None or (isinstance(value, str) and not value.strip() and name != "name"):
            continue
        site[name] = value
    for field in REQUIRED:
        if field not in site:
            raise InputError(field, None, f"missing required field '{field}' (give it in the site file or with --{field})")
    out: dict[str, Any] = {}
    for key in ("id", "name"):
        if key in site:
            out[key] = str(site[key])
    if "country" in site:
        code = str(site["country"]).strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise InputError(
                "country",
                site["country"],
                f"country must be an ISO 3166-1 alpha-3 code such as ETH or BFA, got '{site['country']}'",
            )
        if countries is not None and code not in countries:
            raise InputError(
                "country",
                site["country"],
                f"unknown country code '{site['country']}' (ISO 3166-1 alpha-3)",
                vocab.closest(code, tuple(countries)),
            )
        out["country"] = code
    for field, allowed in ID_FIELDS.items():
        if field in site:
            out[field] = _as_id(field, site[field], allowed)
    for field in LIST_FIELDS:
        if field in site:
            out[field] = _as_list(field, site[field])
    for field in NUMBERS:
        if field in site:
            out[field] = _as_number(field, site[field], strict_types)
        elif field in DEFAULTS:
            out[field] = DEFAULTS[field]
    out["priorities"] = _priorities(site.get("priorities"), strict_types)
    if "treated_share" in site:
        out["treated_share"] = _shares(site["treated_share"])
    for field in vocab.SITE_FEATURES:
        if field in site:
            out[field] = _as_bool(field, site[field])
    if "zones" in site:
        out["zones"] = _zones(data, site["zones"], out, strict_types, countries)
    return out


def _zones(
    data: dict[str, Any], zones: Any, site: dict[str, Any], strict_types: bool, countries: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each zone's own fields, checked as the whole site they make with the site's other fields.

    Errors name the zone: ``zones[2].slope_pct`` (counted from 1, as a person reads a list).
    """
    if not isinstance(zones, list) or not zones:
        raise InputError("zones", zones, "zones must be a list of parts of the site, each with an id and an area_ha")
    base = {
        k: v for k, v in data.items() if ALIASES.get(str(k).strip(), str(k).strip()) not in ("zones", "id", "name", "area_ha")
    }
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, zone in enumerate(zones, start=1):
        where = f"zones[{i}]"
        if not isinstance(zone, dict):
            raise InputError(
                where, zone, f"{where} must be a mapping with an id, an area_ha and the facts that differ from the site"
            )
        fields = {ALIASES.get(str(k).strip(), str(k).strip()): v for k, v in zone.items()}
        for name in fields:
            if name not in ZONE_FIELDS:
                raise InputError(
                    f"{where}.{name}",
                    fields[name],
                    f"a zone cannot set '{name}' (a zone may set: {', '.join(ZONE_FIELDS)})",
                    vocab.closest(name, ZONE_FIELDS),
                )
        for name in ("id", "area_ha"):
            if fields.get(name) in (None, ""):
                raise InputError(f"{where}.{name}", None, f"missing required field '{name}' in {where}")
        zid = str(fields["id"]).strip()
        if zid in seen:
            raise InputError(f"{where}.id", zid, f"duplicate zone id '{zid}'")
        seen.add(zid)
        try:
            whole = normalise_site({**base, **fields}, strict_types, countries)
        except InputError as exc:
            raise InputError(f"{where}.{exc.field}", exc.value, f"{where}: {exc.message}") from None
        # Keep only what the zone says (checked and canonical), so that a checked site checks again.
        out.append({k: whole[k] for k in ZONE_FIELDS if k in fields and k in whole})
    total = sum(z["area_ha"] for z in out)
    if site.get("area_ha") is not None and total > site["area_ha"] * ZONE_AREA_TOLERANCE:
        raise InputError(
            "zones",
            total,
            f"the zones cover {total:g} ha but the site's area_ha is {site['area_ha']:g} ha; "
            "make the zones fit inside the site (or raise area_ha)",
        )
    return out
