"""The chunk scorer of ``batch``: many sites at once, by the column forms of the engine's registries.

A chunk of sites (``Sites``, one array per site fact) is scored against every practice of the
catalogue (``Compiled``, one array per practice fact) as sites x practices arrays. Nothing here
restates a formula: every suitability factor, score criterion, rule operator and effect is taken
from its registry entry (``suitability.FACTORS``, ``criteria.CRITERIA``, ``model.rulelang``),
whose column form sits beside its scalar form. Where a value depends on one categorical fact
(the biome, the aridity zone, the land uses, a country's price level), the column form is a
lookup in a table that the scalar form fills, so both paths give the very same number.
``tests/batch/test_columns.py`` checks that the scores equal ``recommend``'s on random sites.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from landrestore.engine import costs, criteria, rules, suitability
from landrestore.model import vocab
from landrestore.model.rulelang import EFFECTS, OPERATORS, all_hold

BIOME_IX = {b: i for i, b in enumerate(vocab.BIOMES)}
ARIDITY_IX = {a: i for i, a in enumerate(vocab.ARIDITY_ZONES)}
LAND_IX = {u: i for i, u in enumerate(vocab.LAND_USES)}
DEG_IX = {d: i for i, d in enumerate(vocab.DEGRADATION_TYPES)}
SEV_IX = {s: i for i, s in enumerate(vocab.SEVERITIES)}
REGION_IX = {r: i for i, r in enumerate(vocab.REGIONS)}
EFF_NAMES = ("low", "medium", "high")
K_MAX = len(vocab.DEGRADATION_TYPES)
CATEGORICAL = {"biome": vocab.BIOMES, "aridity": vocab.ARIDITY_ZONES, "severity": vocab.SEVERITIES, "region": vocab.REGIONS}
LISTS = {"land_use": vocab.LAND_USES, "degradation": vocab.DEGRADATION_TYPES}
NUMBERS = {
    "rainfall_mm": "rainfall_mm",
    "slope_pct": "slope_pct",
    "soil_ph": "soil_ph",
    "area_ha": "area",
    "budget_usd": "budget",
}


def mask_of(ids: list[str] | None, index: dict[str, int]) -> int:
    out = 0
    for i in ids or ():
        out |= 1 << index[i]
    return out


def ids_of(mask: int, names: tuple[str, ...]) -> list[str]:
    return [n for i, n in enumerate(names) if mask >> i & 1]


@dataclass
class Sites:
    """A chunk of checked, completed sites as columns. Missing: -1 (codes), NaN (numbers), 0 (lists)."""

    biome: np.ndarray  # int16 (n,)
    aridity: np.ndarray  # int16; derived from rainfall where possible
    land_use: np.ndarray  # int64 bitmask over vocab.LAND_USES
    region: np.ndarray  # int16; derived from the country
    country: np.ndarray  # int32 index into Compiled.countries
    rainfall_mm: np.ndarray  # float64
    slope_pct: np.ndarray
    soil_ph: np.ndarray
    degradation: np.ndarray  # int16 (n, k), -1 padding, in the site's order
    n_degradation: np.ndarray  # int16
    deg_mask: np.ndarray  # int64 bitmask over vocab.DEGRADATION_TYPES
    severity: np.ndarray  # int16
    area: np.ndarray  # float64
    budget: np.ndarray
    horizon: np.ndarray  # int64
    rate: np.ndarray  # float64
    priorities: np.ndarray  # float64 (n, 5) in vocab.PRIORITIES order
    features: np.ndarray  # int8 (n, len(vocab.SITE_FEATURES)): -1 unknown, 0 no, 1 yes
    shares: np.ndarray | None = None  # float64 (n, P): a site's own treated share of a practice, NaN: the catalogue's

    def __len__(self) -> int:
        return len(self.biome)

    def take(self, idx: np.ndarray) -> Sites:
        return Sites(**{f.name: (None if getattr(self, f.name) is None else getattr(self, f.name)[idx]) for f in fields(self)})


def sites_from_dicts(sites: list[dict[str, Any]], compiled: Compiled) -> Sites:
    """Columns from completed site mappings (``assess.complete_site`` of ``normalise_site``)."""
    n = len(sites)
    width = max((len(s["degradation"]) for s in sites), default=1)
    deg = np.full((n, width), -1, dtype=np.int16)
    for i, s in enumerate(sites):
        for k, d in enumerate(s["degradation"]):
            deg[i, k] = DEG_IX[d]

    def cat(field: str, ix: dict[str, int]) -> np.ndarray:
        return np.array([ix[s[field]] if s.get(field) is not None else -1 for s in sites], dtype=np.int16)

    def num(field: str) -> np.ndarray:
        return np.array([s[field] if s.get(field) is not None else math.nan for s in sites], dtype=np.float64)

    return Sites(
        biome=cat("biome", BIOME_IX),
        aridity=cat("aridity", ARIDITY_IX),
        land_use=np.array([mask_of(s.get("land_use"), LAND_IX) for s in sites], dtype=np.int64),
        region=cat("region", REGION_IX),
        country=np.array([compiled.country_ix.get(s.get("country"), -1) for s in sites], dtype=np.int32),
        rainfall_mm=num("rainfall_mm"),
        slope_pct=num("slope_pct"),
        soil_ph=num("soil_ph"),
        degradation=deg,
        n_degradation=np.array([len(s["degradation"]) for s in sites], dtype=np.int16),
        deg_mask=np.array([mask_of(s["degradation"], DEG_IX) for s in sites], dtype=np.int64),
        severity=cat("severity", SEV_IX),
        area=num("area_ha"),
        budget=num("budget_usd"),
        horizon=np.array([s["horizon_years"] for s in sites], dtype=np.int64),
        rate=np.array([s["discount_rate"] for s in sites], dtype=np.float64),
        priorities=np.array([[s["priorities"][p] for p in vocab.PRIORITIES] for s in sites], dtype=np.float64).reshape(
            n, len(vocab.PRIORITIES)
        ),
        features=np.array(
            [[-1 if s.get(f) is None else int(bool(s[f])) for f in vocab.SITE_FEATURES] for s in sites], dtype=np.int8
        ).reshape(n, len(vocab.SITE_FEATURES)),
        shares=_shares(sites, compiled),
    )


def _shares(sites: list[dict[str, Any]], compiled: Compiled) -> np.ndarray | None:
    """The sites' own treated shares as a (n, P) array (NaN: the catalogue's), or None if no site has one."""
    if not any(s.get("treated_share") for s in sites):
        return None
    index = {pid: j for j, pid in enumerate(compiled.ids)}
    out = np.full((len(sites), compiled.n), math.nan)
    for i, s in enumerate(sites):
        for pid, share in (s.get("treated_share") or {}).items():
            out[i, index[pid]] = share
    return out


def complete(sites: Sites, compiled: Compiled) -> None:
    """Derive region from country and aridity from rainfall, as ``assess.complete_site`` does."""
    catalog = compiled.catalog
    region_of = np.array([REGION_IX[catalog.countries[c]["region"]] for c in compiled.countries] + [-1], dtype=np.int16)
    need = (sites.region < 0) & (sites.country >= 0)
    sites.region[need] = region_of[sites.country[need]]
    pet = np.array([(catalog.biomes.get(b) or {}).get("pet_mm") or math.nan for b in vocab.BIOMES])
    zones = [(ARIDITY_IX[t["id"]], t.get("ai_max")) for t in catalog.vocabularies["aridity"]]
    site_pet = pet[sites.biome.astype(np.intp)]
    need = (sites.aridity < 0) & ~np.isnan(sites.rainfall_mm) & ~np.isnan(site_pet)
    if not need.any():
        return
    ai = sites.rainfall_mm[need] / site_pet[need]
    zone = np.full(ai.shape, zones[-1][0], dtype=np.int16)
    assigned = np.zeros(ai.shape, dtype=bool)
    for z, upper in zones:
        hit = ~assigned if upper is None else (~assigned & (ai < upper))
        zone[hit] = z
        assigned |= hit
    sites.aridity[need] = zone


# --- conditions on site facts, in column form -------------------------------------------------


def site_values(sites: Sites, field: str, compiled: Compiled) -> tuple[str, np.ndarray, Any]:
    """A site field as (encoding, array, vocabulary)."""
    if field in CATEGORICAL:
        return "cat", getattr(sites, field), CATEGORICAL[field]
    if field == "country":
        return "cat", sites.country, tuple(compiled.countries)
    if field in LISTS:
        return "mask", sites.land_use if field == "land_use" else sites.deg_mask, LISTS[field]
    if field in vocab.SITE_FEATURES:
        return "bool", sites.features[:, vocab.SITE_FEATURES.index(field)], None
    if field == "horizon_years":
        return "num", sites.horizon.astype(np.float64), None
    return "num", getattr(sites, NUMBERS[field]), None


def condition_column(sites: Sites, field: str, cond: dict[str, Any], compiled: Compiled) -> tuple[np.ndarray, np.ndarray]:
    """``rulelang.holds`` for one field over a chunk: (holds, value missing) boolean arrays."""
    enc, arr, names = site_values(sites, field, compiled)
    if enc == "cat":
        # Value of the scalar test for every code (and for a missing value): exact by construction.
        from landrestore.model.rulelang import holds

        table = np.array([holds(None, cond)] + [holds(v, cond) for v in names])
        return table[arr.astype(np.int64) + 1], arr < 0
    if enc == "bool":
        from landrestore.model.rulelang import holds

        table = np.array([holds(None, cond), holds(False, cond), holds(True, cond)])
        return table[arr.astype(np.int64) + 1], arr < 0
    if enc == "mask":
        index = {n: i for i, n in enumerate(names)}
        missing = arr == 0
        if cond.get("missing") is True:
            return missing.copy(), missing
        res = ~missing
        for name, value in cond.items():
            if name == "missing" or value is None:
                continue
            op = OPERATORS[name]
            if op.mask is None:
                res &= False  # a number test on a list never holds (as in the scalar form)
                continue
            argmask = 0
            for v in value if isinstance(value, list) else [value]:
                if v in index:
                    argmask |= 1 << index[v]
            res &= op.mask(arr, argmask)
        return res, missing
    missing = np.isnan(arr)
    if cond.get("missing") is True:
        return missing.copy(), missing
    res = ~missing
    with np.errstate(invalid="ignore"):
        for name, value in cond.items():
            if name == "missing" or value is None:
                continue
            op = OPERATORS[name]
            if op.number is None or not isinstance(value, (int, float)) or isinstance(value, bool):
                res &= False  # an id test on a number never holds (as in the scalar form)
            else:
                res &= op.number(arr, value)
    return res, missing


def conditions_column(sites: Sites, conditions: dict[str, Any] | None, compiled: Compiled) -> np.ndarray:
    out = np.ones(len(sites), dtype=bool)
    for field, cond in (conditions or {}).items():
        out &= condition_column(sites, field, cond, compiled)[0]
    return out


#: requirement status codes in column form
MET, UNMET, UNKNOWN, IMPLAUSIBLE = 0, 1, 2, 3


def requirement_status_column(req: dict[str, Any], sites: Sites, compiled: Compiled) -> np.ndarray:
    """Column form of ``suitability.requirement_status``: MET, UNMET, UNKNOWN or IMPLAUSIBLE per site."""
    n = len(sites)
    met = np.zeros(n, dtype=bool)
    could = np.zeros(n, dtype=bool)
    for alt in req["any_of"]:
        known_ok = np.ones(n, dtype=bool)
        missing = np.zeros(n, dtype=bool)
        for field, cond in alt.items():
            ok, miss = condition_column(sites, field, cond, compiled)
            if cond.get("missing") is None:
                missing |= miss & known_ok
                known_ok &= ok | miss
            else:
                known_ok &= ok
        met |= known_ok & ~missing
        could |= known_ok & missing
    status = np.where(met, MET, np.where(could, UNKNOWN, UNMET)).astype(np.int8)
    if req.get("implausible_when"):
        implausible = conditions_column(sites, req["implausible_when"], compiled)
        status = np.where((status == UNKNOWN) & implausible, IMPLAUSIBLE, status).astype(np.int8)
    return status


class Compiled:
    """The catalogue as arrays over practices (in id order, as the engine visits them)."""

    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self.ids = sorted(catalog.practices)
        self.practices = [catalog.practices[i] for i in self.ids]
        ps = self.practices
        self.n = len(ps)
        self.countries = sorted(catalog.countries)
        self.country_ix = {c: i for i, c in enumerate(self.countries)}
        self.ranges = {}
        for fact in vocab.RANGE_FACTS:
            arrs = np.full((4, self.n), math.nan)
            for j, p in enumerate(ps):
                rng = p["suitability"].get(fact)
                if rng:
                    arrs[:, j] = [*rng["optimal"], *rng["absolute"]]
            self.ranges[fact] = tuple(arrs)
        self.effpow = np.zeros((len(vocab.SEVERITIES), K_MAX, self.n))
        self.sev_fit = np.zeros((len(vocab.SEVERITIES), self.n))
        self.cob = np.zeros((len(criteria.COBENEFIT_KEYS), self.n))
        for j, p in enumerate(ps):
            for a in p["addresses"]:
                for sev, si in SEV_IX.items():
                    self.effpow[si, DEG_IX[a["degradation"]], j] = criteria.EFFECT_POWER[(a["effectiveness"], sev)]
            for sev, si in SEV_IX.items():
                self.sev_fit[si, j] = criteria.severity_fit({"severity": sev}, p)
            for k, key in enumerate(criteria.COBENEFIT_KEYS):
                self.cob[k, j] = p["cobenefits"][key]
        self.raw = {
            k: (
                np.array([p["costs"]["establishment"]["per_ha"][k] for p in ps], dtype=np.float64),
                np.array([(p["costs"].get("maintenance") or {"per_ha": {k: 0.0}})["per_ha"][k] for p in ps], dtype=np.float64),
            )
            for k in costs.LEVELS
        }
        self.share = {k: np.array([costs.treated_shares(p, {})[k] for p in ps], dtype=np.float64) for k in costs.LEVELS}
        self.rules = catalog.rules
        self.rule_practice = [np.array([rules.practice_holds(r, p) for p in ps], dtype=bool) for r in self.rules]
        self.requires = [list(p["suitability"].get("requires") or []) for p in ps]
        self.year = int(catalog.deflators["reference_year"])
        self._tables: dict[tuple[str, int], np.ndarray] = {}
        self._factors: dict[float, np.ndarray] = {}

    # --- tables filled by the scalar forms -----------------------------------------------------
    def _row(self, factor: str, key: int) -> np.ndarray:
        cached = self._tables.get((factor, key))
        if cached is None:
            if factor == "biome":
                b, flags = key % 16, key // 16
                uses = (["cropland"] if flags & 1 else []) + (["wetland"] if flags & 2 else [])
                site: dict[str, Any] = {"biome": vocab.BIOMES[b], "land_use": uses or None}
            elif factor == "aridity":
                a, b = divmod(key, 16)
                site = {"aridity": vocab.ARIDITY_ZONES[a - 1] if a else None, "biome": vocab.BIOMES[b]}
            else:
                site = {"land_use": ids_of(key, vocab.LAND_USES) or None}
            fn = suitability.TABLE_FACTORS[factor]
            vals = []
            for p in self.practices:
                res = fn(site, p, self.catalog)
                vals.append(math.nan if res is None else res["value"])
            cached = self._tables[(factor, key)] = np.array(vals, dtype=np.float64)
        return cached

    def table(self, factor: str, codes: np.ndarray, sites: Sites | None = None) -> np.ndarray:
        """Values (sites x practices) of a factor that depends on one categorical fact."""
        if factor == "aridity" and sites is not None:
            codes = (codes.astype(np.int64) + 1) * 16 + sites.biome.astype(np.int64)
        elif factor == "biome" and sites is not None:
            # the biome factor also reads whether the site names dry-land uses and wetland
            wet_bit = np.int64(1) << LAND_IX["wetland"]
            dry = (sites.land_use & ~wet_bit) != 0
            wet = (sites.land_use & wet_bit) != 0
            codes = codes.astype(np.int64) + 16 * (dry.astype(np.int64) + 2 * wet.astype(np.int64))
        uniq, inverse = np.unique(codes.astype(np.int64), return_inverse=True)
        rows = np.stack([self._row(factor, int(k)) for k in uniq.tolist()])
        return rows[inverse.reshape(-1)]

    def requirement_values(self, sites: Sites) -> np.ndarray:
        """Column form of the requirements factor (``suitability._requirements_scalar``)."""
        n = len(sites)
        out = np.full((n, self.n), math.nan)
        status = {rid: requirement_status_column(req, sites, self) for rid, req in self.catalog.requirements.items()}
        for j, ids in enumerate(self.requires):
            if not ids:
                continue
            st = np.stack([status[r] for r in ids], axis=1)
            unmet = (st == UNMET).any(axis=1) | (st == IMPLAUSIBLE).any(axis=1)
            unknown = (st == UNKNOWN).any(axis=1)
            out[:, j] = np.where(unmet, 0.0, np.where(unknown, suitability.REQUIREMENT_UNKNOWN_VALUE, 1.0))
        return out

    # --- costs ---------------------------------------------------------------------------------
    def factors(self, site_level: float) -> np.ndarray:
        """``costs.level_factor`` of every practice's establishment and maintenance at one price
        level (2 x practices), by the scalar form, cached."""
        f = self._factors.get(site_level)
        if f is None:
            f = self._factors[site_level] = np.array(
                [
                    [costs.level_factor(p["costs"].get(key), site_level) for p in self.practices]
                    for key in ("establishment", "maintenance")
                ]
            )
        return f

    def shares(self, sites: Sites, level: str) -> np.ndarray:
        """Column form of ``costs.treated_shares``: the site's own share of a practice, else the
        catalogue's (sites x practices)."""
        base = np.broadcast_to(self.share[level][None, :], (len(sites), self.n))
        if sites.shares is None:
            return base
        return np.where(np.isnan(sites.shares), base, sites.shares)

    def site_levels(self, sites: Sites) -> tuple[np.ndarray, list[float]]:
        """Each site's price level (``costs.site_level``) as an index into the list of its distinct levels."""
        key = (sites.country.astype(np.int64) + 1) * 16 + (sites.region.astype(np.int64) + 1)
        uniq, inverse = np.unique(key, return_inverse=True)
        levels: list[float] = []
        for k in uniq.tolist():
            c, r = k // 16 - 1, k % 16 - 1
            site = {"country": self.countries[c] if c >= 0 else None, "region": vocab.REGIONS[r] if r >= 0 else None}
            levels.append(costs.site_level(self.catalog, site))
        return inverse.reshape(-1), levels

    # --- the score -----------------------------------------------------------------------------
    def score(self, sites: Sites) -> dict[str, np.ndarray]:
        """Everything ``assess.evaluate`` computes, as sites x practices arrays (NaN score: excluded)."""
        n = len(sites)
        value = np.ones((n, self.n))
        limiting = np.full((n, self.n), -1, dtype=np.int8)
        for i, f in enumerate(suitability.FACTORS.values()):
            v = f.column(sites, self)
            lower = ~np.isnan(v) & (v < value)
            value = np.where(lower, v, value)
            limiting = np.where(lower, i, limiting).astype(np.int8)
        state = {"excluded": value == 0.0, "boost": np.zeros((n, self.n)), "penalty": np.zeros((n, self.n))}
        for r, pmask in zip(self.rules, self.rule_practice, strict=True):
            if not pmask.any() or EFFECTS[r["effect"]].column is None:
                continue
            smask = conditions_column(sites, r.get("when"), self)
            EFFECTS[r["effect"]].column(state, smask[:, None] & pmask[None, :], r)

        # Costs: the price-level factors per distinct level, then the figures the criteria use.
        level_idx, levels = self.site_levels(sites)
        f_est = np.stack([self.factors(lv)[0] for lv in levels])  # (L, P)
        f_mnt = np.stack([self.factors(lv)[1] for lv in levels])
        est_raw, mnt_raw = self.raw["typical"]
        est = est_raw[None, :] * f_est[level_idx]
        mnt = mnt_raw[None, :] * f_mnt[level_idx]
        rh = np.stack([sites.rate, sites.horizon.astype(np.float64)], axis=1)
        rh_u, rh_idx = _unique_rows(rh)
        af_table = np.array([costs.annuity_factor(float(r), int(h)) for r, h in rh_u])
        area = np.where(np.isnan(sites.area), 1.0, sites.area)
        horizon = sites.horizon.astype(np.float64)
        share = self.shares(sites, "typical")
        total_typ = (area[:, None] * share) * (est + mnt * horizon[:, None])
        # cheapness(share * pv per ha treated): the pv per ha treated depends on (price level, rate
        # and horizon, practice) only, so it is taken from a table; cheapness itself is computed by
        # Python on the distinct values it takes.
        pv_tab = (est_raw[None, :] * f_est)[:, None, :] + (mnt_raw[None, :] * f_mnt)[:, None, :] * af_table[None, :, None]
        if sites.shares is None:
            # Every site uses the catalogue's shares: the value depends on (level, rate and
            # horizon, practice) only, so cheapness is computed on that small table.
            tab = self.share["typical"][None, None, :] * pv_tab
            cheap_tab = np.array([criteria.cheapness(v) for v in tab.ravel().tolist()]).reshape(tab.shape)
            cheap = cheap_tab[level_idx, rh_idx]
        else:
            pv_site = share * pv_tab[level_idx, rh_idx]
            uniq, inv = np.unique(pv_site.ravel(), return_inverse=True)
            cheap = np.array([criteria.cheapness(v) for v in uniq.tolist()])[inv].reshape(pv_site.shape)
        factor = np.stack([f_est[level_idx], f_mnt[level_idx]])

        ctx = _ChunkContext(sites, self, cheap, total_typ)
        num = np.zeros((n, self.n))
        den = np.zeros((n, self.n))
        for name, crit in criteria.CRITERIA.items():
            v = ctx.values[name] = crit.column(ctx)
            w = crit.weight * (sites.priorities[:, 0][:, None] if name == "cost_effectiveness" else 1.0)
            present = ~np.isnan(v)
            num += np.where(present, w * v, 0.0)
            den += np.where(present, np.broadcast_to(w, (n, self.n)), 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            base = np.where(den != 0, num / den, 0.0)
        mult = criteria.SUIT_FLOOR + (1 - criteria.SUIT_FLOOR) * value
        score = np.maximum(0.0, np.minimum(1.0, base * mult + (state["boost"] - state["penalty"])))
        return {
            "score": np.where(state["excluded"], np.nan, score),
            "suitability": value,
            "limiting": limiting,
            "factor": factor,
            "area": area,
        }

    def top(self, sites: Sites, top: int | None) -> dict[str, np.ndarray]:
        """The best ``top`` options of every site: practice index (-1: none), score, suitability,
        limiting factor and the cost figures of the CSV, as (sites x top) arrays."""
        res = self.score(sites)
        score = res["score"]
        t = self.n if top is None else min(top, self.n)
        key = np.where(np.isnan(score), np.inf, -score)
        if t <= 8:
            # A few best by repeated argmin: it returns the first of equal keys, so ties go to the
            # lower index (practices are in id order), exactly as the stable sort below.
            work = key.copy()
            rows = np.arange(len(work))
            order = np.empty((len(work), t), dtype=np.intp)
            ok = np.empty((len(work), t), dtype=bool)
            for k in range(t):
                best = np.argmin(work, axis=1)
                ok[:, k] = work[rows, best] != np.inf  # all left are excluded: no option at this rank
                order[:, k] = best
                work[rows, best] = np.inf
        else:
            order = np.argsort(key, axis=1, kind="stable")[:, :t]
            ok = np.take_along_axis(~np.isnan(score), order, axis=1)
        out = {
            "order": np.where(ok, order, -1),
            "score": np.take_along_axis(score, order, axis=1),
            "suitability": np.take_along_axis(res["suitability"], order, axis=1),
            "limiting": np.take_along_axis(res["limiting"], order, axis=1),
        }
        f_est = np.take_along_axis(res["factor"][0], order, axis=1)
        f_mnt = np.take_along_axis(res["factor"][1], order, axis=1)
        area = res["area"][:, None]
        horizon = sites.horizon.astype(np.float64)[:, None]
        for k in costs.LEVELS:
            est_raw, mnt_raw = self.raw[k]
            e = est_raw[order] * f_est
            m = mnt_raw[order] * f_mnt
            share = np.take_along_axis(self.shares(sites, k), order, axis=1)
            out[f"total_{k}"] = (area * share) * (e + m * horizon)
        tot = out["total_typical"]
        budget = sites.budget[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            total_ha = tot / area
            out["affordable"] = np.where(total_ha > 0, np.minimum(area, budget / total_ha), area)
            within = np.round(tot, 2) <= budget
        # np.round can differ from Python's round next to a half cent: decide those by Python.
        close = ~np.isnan(budget) & (np.abs(tot - budget) < 0.01)
        for i, j in zip(*np.nonzero(close), strict=True):
            within[i, j] = round(float(tot[i, j]), 2) <= float(budget[i, 0])
        out["within"] = within
        return out


class _ChunkContext:
    """What the criteria's column forms read: the chunk, the compiled catalogue, the values of the
    criteria before them, and the cost figures."""

    def __init__(self, sites: Sites, comp: Compiled, cheap: np.ndarray, total_typical: np.ndarray) -> None:
        self.sites, self.comp, self.cheap, self.total_typical = sites, comp, cheap, total_typical
        self.values: dict[str, np.ndarray] = {}


def _unique_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(a, axis=0, return_inverse=True), fast when every row is the same (the usual case)."""
    if len(a) and (a == a[0]).all():
        return a[:1], np.zeros(len(a), dtype=np.intp)
    u, inv = np.unique(a, axis=0, return_inverse=True)
    return u, inv.reshape(-1)


_ = all_hold  # the practice side of rules is evaluated once per practice by the scalar form
