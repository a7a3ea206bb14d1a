"""How a practice's cost triple is derived from its documented observations: one rule, in code.

For each observation (``model.schema.Observation``):

1. convert to US dollars at the source's rate: ``value / usd_rate`` (a USD figure as it is);
2. turn into a cost per ha treated: ``x * units_per_ha`` for a per-unit figure, ``x / area_ha``
   for a total, ``x`` for a per-ha figure;
3. bring the price year to the catalogue's reference year with the US CPI-U (``deflators.yaml``):
   ``x * CPI[reference] / CPI[price_year]``;
4. move the labour share from the price level ``L`` of the country (or region) where it was
   observed to the reference level (the US = 1): ``x * (s / L + 1 - s)``, with ``s`` the
   observation's labour share (or the practice's default); the labour share at the reference
   level is ``(s / L) / (s / L + 1 - s)``.

Then ``low``, ``typical`` and ``high`` are the minimum, the median and the maximum of the
observations (with one observation, ``typical`` is it and low and high are its multiples given
in ``single_observation_spread``, or equal to it); the labour share is the median of theirs.
At a site of price level ``L_site`` a figure becomes ``x * (s_ref * L_site + 1 - s_ref)``
(``engine/costs.py``), which returns exactly the observed cost at its own place.

Worked example: 76,000 FCFA per ha at 500 FCFA per US dollar in 2007, in Burkina Faso (price level
0.45), with a labour share of 0.8: 152 USD/ha; x 313.689 / 207.342 (CPI 2024 / 2007) = 229.96;
x (0.8 / 0.45 + 0.2) = 454.81 US$/ha at US price levels, labour share 0.8989.
"""

from __future__ import annotations

import statistics
from typing import Any

LEVELS = ("low", "typical", "high")
#: Tolerance of ``validate`` between a stored triple and its derivation (rounding of the figures).
TOLERANCE = 0.005


class DerivationError(ValueError):
    """An observation that cannot be converted (a price year without a price index, an unknown place)."""


def cpi(deflators: dict[str, Any]) -> dict[int, float]:
    return {int(v["year"]): float(v["index"]) for v in deflators["values"]}


def price_level(regions: dict[str, Any], countries: dict[str, Any], country: str | None, region: str | None) -> float | None:
    """A country's price level (its own, else its region's), or a region's."""
    if country and country in countries:
        c = countries[country]
        if c.get("cost_level"):
            return float(c["cost_level"])
        region = region or c.get("region")
    if region and region in regions:
        return float(regions[region]["cost_level"])
    return None


def per_ha_reference(obs: dict[str, Any], default_share: float, catalog: Any) -> tuple[float, float]:
    """One observation in US$ per ha of the reference year at the reference price level, and its
    labour share at that level (steps 1-4 of the module's rule)."""
    x = float(obs["value"])
    if obs.get("currency", "USD") != "USD":
        x /= float(obs["usd_rate"])
    if obs["unit"] == "total":
        x /= float(obs["area_ha"])
    elif obs["unit"] != "per_ha":
        x *= float(obs["units_per_ha"])
    index = cpi(catalog.deflators)
    ref = int(catalog.deflators["reference_year"])
    year = int(obs["price_year"])
    if year not in index or ref not in index:
        raise DerivationError(f"no price index for {year} in deflators.yaml; the cost cannot be brought to {ref}")
    x = x * index[ref] / index[year]
    level = price_level(catalog.regions, catalog.countries, obs.get("country"), obs.get("region"))
    if level is None and not (obs.get("country") or obs.get("region")):
        level = 1.0  # a judgement with no place of observation is taken at the reference level
    if level is None:
        raise DerivationError(f"no price level for {obs.get('country') or obs.get('region')} in regions.yaml")
    s = obs["labour_share"] if obs.get("labour_share") is not None else default_share
    labour = s / level
    return x * (labour + 1 - s), (labour / (labour + 1 - s) if labour + 1 - s else 0.0)


def derive(item: dict[str, Any], default_share: float, catalog: Any) -> dict[str, Any]:
    """The triple and labour share a cost item's observations give (the stored values must match)."""
    pairs = [per_ha_reference(o, default_share, catalog) for o in item["observations"]]
    values = sorted(v for v, _ in pairs)
    typical = statistics.median(values)
    if len(values) == 1 and item.get("single_observation_spread"):
        spread = item["single_observation_spread"]
        low, high = typical * spread["low"], typical * spread["high"]
    else:
        low, high = values[0], values[-1]
    return {
        "per_ha": {"low": round(low, 2), "typical": round(typical, 2), "high": round(high, 2)},
        "labour_share": round(statistics.median(s for _, s in pairs), 3),
        "values": [round(v, 2) for v, _ in pairs],
    }


def drifts(stored: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """Where a stored item differs from its derivation, beyond rounding."""
    out = []
    for k in LEVELS:
        a, b = float(stored["per_ha"][k]), float(derived["per_ha"][k])
        if abs(a - b) > max(0.01, TOLERANCE * abs(b)):
            out.append(f"per_ha.{k} is {a:g}, its observations give {b:g}")
    if abs(float(stored["labour_share"]) - derived["labour_share"]) > 0.002:
        out.append(f"labour_share is {stored['labour_share']:g}, its observations give {derived['labour_share']:g}")
    return out


class CatalogParts:
    """The parts of a catalogue the derivation reads, from validated (merged) data."""

    def __init__(self, regions: dict[str, Any], countries: dict[str, Any], deflators: dict[str, Any]) -> None:
        self.regions, self.countries, self.deflators = regions, countries, deflators
