"""Scoring many sites at once with numpy: the engine of `landrestore batch`.

Every chunk of sites is scored against the practices as arrays (sites x practices), never by
looping the single-site code. The results agree exactly with ``recommend``: each formula of
``scoring``, ``costs`` and ``rules`` is reproduced with the same floating-point operations in the
same order, and the transcendental functions (logarithm, power) are evaluated by Python itself on
the few distinct values they take. ``tests/test_batch.py`` checks the agreement on random sites.

Sites are grouped by biome first: a practice not used in a biome is excluded there anyway, so each
group is scored against its candidate practices only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import costs, presenters, scoring, vocab
from .catalog import Catalog
from .rules import holds, practice_facts

BIOME_IX = {b: i for i, b in enumerate(vocab.BIOMES)}
ARIDITY_IX = {a: i for i, a in enumerate(vocab.ARIDITY_ZONES)}
LAND_IX = {u: i for i, u in enumerate(vocab.LAND_USES)}
DEG_IX = {d: i for i, d in enumerate(vocab.DEGRADATION_TYPES)}
SEV_IX = {s: i for i, s in enumerate(vocab.SEVERITIES)}
REGION_IX = {r: i for i, r in enumerate(vocab.REGIONS)}
EFF_NAMES = ("low", "medium", "high")
K_MAX = len(vocab.DEGRADATION_TYPES)
N_PRIO = len(vocab.PRIORITIES)


@dataclass
class Sites:
    """A chunk of checked sites as columns. Missing categories are -1, missing numbers NaN."""

    biome: np.ndarray  # int16 (n,)
    aridity: np.ndarray  # int16, -1 missing (derived from rainfall where possible)
    land_use: np.ndarray
    region: np.ndarray  # int16, -1 missing (derived from the country)
    country: np.ndarray  # int32 index into Compiled.countries, -1 missing
    rainfall: np.ndarray  # float64, NaN missing
    slope: np.ndarray
    degradation: np.ndarray  # int16 (n, k), -1 padding, in the site's order
    n_degradation: np.ndarray  # int16
    severity: np.ndarray  # int16
    area: np.ndarray  # float64, NaN missing
    budget: np.ndarray
    horizon: np.ndarray  # int64
    rate: np.ndarray  # float64
    priorities: np.ndarray  # float64 (n, 5) in vocab.PRIORITIES order

    def __len__(self) -> int:
        return len(self.biome)

    def take(self, idx: np.ndarray) -> Sites:
        return Sites(**{f: getattr(self, f)[idx] for f in self.__dataclass_fields__})


class Compiled:
    """The catalogue as arrays over practices (in id order, as the engine visits them)."""

    def __init__(self, catalog: Catalog, subset: np.ndarray | None = None, parent: Compiled | None = None) -> None:
        self.catalog = catalog
        if parent is not None:
            self._slice(parent, subset)
            return
        self.ids = sorted(catalog.practices)
        ps = [catalog.practices[i] for i in self.ids]
        self.practices = ps
        self.countries = sorted(catalog.countries)
        self.country_ix = {c: i for i, c in enumerate(self.countries)}
        n_p = len(ps)
        self.index = np.arange(n_p)
        self.biome_ok = np.zeros((len(vocab.BIOMES), n_p), dtype=bool)
        self.aridity_ok = np.zeros((len(vocab.ARIDITY_ZONES), n_p), dtype=bool)
        self.land_ok = np.zeros((len(vocab.LAND_USES), n_p), dtype=bool)
        self.rain_lo = np.full(n_p, math.nan)
        self.rain_hi = np.full(n_p, math.nan)
        self.slope_lo = np.full(n_p, math.nan)
        self.slope_hi = np.full(n_p, math.nan)
        self.eff_level = np.full((K_MAX, n_p), -1, dtype=np.int8)
        self.effpow = np.zeros((len(vocab.SEVERITIES), K_MAX, n_p))
        self.sev_fit = np.zeros((len(vocab.SEVERITIES), n_p))
        self.cob = np.zeros((len(scoring.COBENEFIT_KEYS), n_p))
        for j, p in enumerate(ps):
            s = p["suitability"]
            for b in s["biomes"]:
                self.biome_ok[BIOME_IX[b], j] = True
            for a in s["aridity"]:
                self.aridity_ok[ARIDITY_IX[a], j] = True
            for u in s["land_uses"]:
                self.land_ok[LAND_IX[u], j] = True
            if s.get("rainfall_mm"):
                self.rain_lo[j], self.rain_hi[j] = s["rainfall_mm"]["min"], s["rainfall_mm"]["max"]
            if s.get("slope_pct"):
                self.slope_lo[j], self.slope_hi[j] = s["slope_pct"]["min"], s["slope_pct"]["max"]
            for a in p["addresses"]:
                d = DEG_IX[a["degradation"]]
                self.eff_level[d, j] = EFF_NAMES.index(a["effectiveness"])
                for sev, si in SEV_IX.items():
                    self.effpow[si, d, j] = scoring.EFFECT_POWER[(a["effectiveness"], sev)]
            for sev, si in SEV_IX.items():
                self.sev_fit[si, j] = scoring.severity_fit({"severity": sev}, p)
            for k, key in enumerate(scoring.COBENEFIT_KEYS):
                self.cob[k, j] = p["cobenefits"][key]
        self.infl = np.array([costs.price_index_factor(p["costs"]["year"], catalog.deflators) for p in ps])
        self.raw = {
            k: (
                np.array([p["costs"]["establishment_per_ha"][k] for p in ps], dtype=np.float64),
                np.array([(p["costs"].get("maintenance_per_ha_year") or {}).get(k, math.nan) for p in ps], dtype=np.float64),
            )
            for k in costs.LEVELS
        }
        self.rules = catalog.rules
        self.rule_practice = [
            np.array(
                [all(holds(practice_facts(p).get(f), c) for f, c in (r.get("practice") or {}).items()) for p in ps], dtype=bool
            )
            for r in self.rules
        ]
        self.cells = [
            (f"{presenters.csv_cell(p['id'])},{presenters.csv_cell(p['name'])}", f"{p['intervention']},{p['ldn_response']}")
            for p in ps
        ]
        self.year = int(catalog.deflators["reference_year"])
        # Country -> price level -> per-practice factor, computed once per distinct level.
        levels = {None: None}
        for c in self.countries:
            levels[c] = costs.cost_level(catalog, c, None)
        self._level_of_country = levels
        self._factor_cache: dict[float | None, np.ndarray] = {}
        self._reason_cache: dict[tuple[int, tuple[int, ...]], str] = {}
        self._groups: dict[int, Compiled] = {}

    def _slice(self, parent: Compiled, cols: np.ndarray) -> None:
        """A view of the parent restricted to some practices (one biome's candidates)."""
        self.ids = [parent.ids[j] for j in cols]
        self.practices = [parent.practices[j] for j in cols]
        self.countries, self.country_ix = parent.countries, parent.country_ix
        self.index = parent.index[cols]
        for name in ("biome_ok", "aridity_ok", "land_ok", "eff_level", "sev_fit", "cob"):
            setattr(self, name, getattr(parent, name)[..., cols])
        self.effpow = parent.effpow[..., cols]
        for name in ("rain_lo", "rain_hi", "slope_lo", "slope_hi", "infl"):
            setattr(self, name, getattr(parent, name)[cols])
        self.raw = {k: (e[cols], m[cols]) for k, (e, m) in parent.raw.items()}
        self.rules = parent.rules
        self.rule_practice = [m[cols] for m in parent.rule_practice]
        self.cells = [parent.cells[j] for j in cols]
        self.year = parent.year
        self._level_of_country = parent._level_of_country
        self._factor_cache = {}
        self._reason_cache = parent._reason_cache
        self._groups = {}

    def for_biome(self, b: int) -> Compiled:
        if b not in self._groups:
            self._groups[b] = Compiled(self.catalog, np.flatnonzero(self.biome_ok[b]), self)
        return self._groups[b]

    # --- costs --------------------------------------------------------------------------------
    def factors(self, site_level: float | None) -> np.ndarray:
        """costs.price_index_factor * costs.level_factor per practice, by Python, cached."""
        f = self._factor_cache.get(site_level)
        if f is None:
            f = self._factor_cache[site_level] = np.array(
                [self.infl[j] * costs.level_factor(p, site_level, self.catalog) for j, p in enumerate(self.practices)]
            )
        return f

    def site_level_index(self, sites: Sites) -> tuple[np.ndarray, list[float | None]]:
        """Each site's price level as an index into a list of its distinct levels."""
        key = (sites.country.astype(np.int64) + 1) * 16 + (sites.region.astype(np.int64) + 1)
        uniq, inverse = np.unique(key, return_inverse=True)
        levels: list[float | None] = []
        for k in uniq.tolist():
            c, r = k // 16 - 1, k % 16 - 1
            country = self.countries[c] if c >= 0 else None
            region = vocab.REGIONS[r] if r >= 0 else None
            levels.append(costs.cost_level(self.catalog, country, region))
        return inverse.reshape(-1), levels

    # --- rules ---------------------------------------------------------------------------------
    def _site_holds(self, sites: Sites, field: str, cond: dict[str, Any]) -> np.ndarray:
        """rules.holds for one site field over all sites."""
        if field == "degradation":
            return _list_holds(sites, cond)
        cats = {
            "biome": (sites.biome, vocab.BIOMES),
            "aridity": (sites.aridity, vocab.ARIDITY_ZONES),
            "land_use": (sites.land_use, vocab.LAND_USES),
            "severity": (sites.severity, vocab.SEVERITIES),
            "region": (sites.region, vocab.REGIONS),
            "country": (sites.country, self.countries),
        }
        if field in cats:
            arr, names = cats[field]
            table = np.array([holds(None, cond)] + [holds(v, cond) for v in names])
            return table[arr.astype(np.int64) + 1]
        nums = {
            "rainfall_mm": sites.rainfall,
            "slope_pct": sites.slope,
            "area_ha": sites.area,
            "budget_usd": sites.budget,
            "horizon_years": sites.horizon.astype(np.float64),
        }
        arr = nums[field]
        missing = np.isnan(arr)
        if cond.get("missing") is True:
            return missing
        res = ~missing
        if cond.get("equals") is not None:
            res &= arr == cond["equals"]
        for key in ("in", "any_of"):
            if cond.get(key) is not None:
                res &= np.isin(arr, [v for v in cond[key] if isinstance(v, (int, float))])
        if cond.get("all_of") is not None:
            for v in cond["all_of"]:
                res &= arr == v if isinstance(v, (int, float)) else np.zeros_like(res)
        if cond.get("not_in") is not None:
            res &= ~np.isin(arr, [v for v in cond["not_in"] if isinstance(v, (int, float))])
        with np.errstate(invalid="ignore"):
            for op, fn in (("gt", np.greater), ("gte", np.greater_equal), ("lt", np.less), ("lte", np.less_equal)):
                if cond.get(op) is not None:
                    res &= fn(arr, cond[op])
        return res

    def fired(self, sites: Sites) -> list[np.ndarray]:
        """For each rule, a (n, P) mask of where it fires."""
        out = []
        for r, pmask in zip(self.rules, self.rule_practice, strict=True):
            if not pmask.any():
                out.append(np.zeros((len(sites), len(pmask)), dtype=bool))
                continue
            smask = np.ones(len(sites), dtype=bool)
            for f, c in (r.get("when") or {}).items():
                smask &= self._site_holds(sites, f, c)
            out.append(smask[:, None] & pmask[None, :])
        return out

    # --- scoring ------------------------------------------------------------------------------
    def score(self, sites: Sites) -> dict[str, Any]:
        """Scores (n, P), NaN where excluded, mirroring engine.evaluate step by step."""
        n, n_p = len(sites), len(self.ids)
        excluded = ~self.biome_ok[sites.biome.astype(np.intp)]
        ar_known = sites.aridity >= 0
        excluded |= ar_known[:, None] & ~self.aridity_ok[np.maximum(sites.aridity, 0).astype(np.intp)]
        lu_known = sites.land_use >= 0
        excluded |= lu_known[:, None] & ~self.land_ok[np.maximum(sites.land_use, 0).astype(np.intp)]
        ranges = ((sites.rainfall, self.rain_lo, self.rain_hi), (sites.slope, self.slope_lo, self.slope_hi))
        with np.errstate(invalid="ignore", divide="ignore"):
            for val, lo, hi in ranges:
                v = val[:, None]
                has = ~np.isnan(v) & ~np.isnan(lo)[None, :]
                excluded |= has & ~((lo[None, :] <= v) & (v <= hi[None, :]))
        sev = sites.severity.astype(np.intp)
        addressed = np.zeros((n, n_p), dtype=bool)
        eff_total = np.zeros((n, n_p))
        for k in range(sites.degradation.shape[1]):
            dk = sites.degradation[:, k]
            valid = dk >= 0
            if not valid.any():
                break
            d = np.maximum(dk, 0).astype(np.intp)
            addressed |= valid[:, None] & (self.eff_level[d] >= 0)
            eff_total += np.where(valid[:, None], self.effpow[sev, d], 0.0)
        excluded |= ~addressed
        boost = np.zeros((n, n_p))
        penalty = np.zeros((n, n_p))
        for r, mask in zip(self.rules, self.fired(sites), strict=True):
            if r["effect"] == "exclude":
                excluded |= mask
            elif r["effect"] == "boost":
                boost += np.where(mask, r["amount"], 0.0)
            elif r["effect"] == "penalise":
                penalty += np.where(mask, r["amount"], 0.0)

        # site_fit = mean([1, aridity?, land use?, rainfall part, slope part]), left to right.
        prefix = np.zeros(n)
        prefix += 1.0
        prefix += np.where(ar_known, 1.0, 0.5)
        prefix += np.where(lu_known, 1.0, 0.5)
        site_total = np.broadcast_to(prefix[:, None], (n, n_p)).copy()
        with np.errstate(invalid="ignore", divide="ignore"):
            for val, lo, hi in ranges:
                v = val[:, None]
                width = (hi - lo)[None, :]
                margin = np.minimum(v - lo[None, :], hi[None, :] - v) / (0.15 * width)
                edge = 0.6 + 0.4 * np.maximum(0.0, np.minimum(1.0, margin))
                edge = np.where(width <= 0, 1.0, edge)
                site_total += np.where(np.isnan(v), 0.5, np.where(np.isnan(lo)[None, :], 0.75, edge))
        site_fit = site_total / 5
        eff = eff_total / sites.n_degradation.astype(np.float64)[:, None]
        sev_fit = self.sev_fit[sev]

        # Costs: the factor (price index x cost level) per distinct site level, by Python.
        level_idx, levels = self.site_level_index(sites)
        factor = np.stack([self.factors(lv) for lv in levels])[level_idx]  # (n, P)
        est_raw, mnt_raw = self.raw["typical"]
        est = est_raw[None, :] * factor
        mnt = np.where(np.isnan(mnt_raw)[None, :], 0.0, mnt_raw[None, :] * factor)
        rh_u, rh_idx = _unique_rows(np.stack([sites.rate, sites.horizon.astype(np.float64)], axis=1))
        af_table = np.array([costs.annuity_factor(float(r), int(h)) for r, h in rh_u])
        af = af_table[rh_idx]
        area = np.where(np.isnan(sites.area), 1.0, sites.area)
        horizon = sites.horizon.astype(np.float64)
        total_typ = area[:, None] * (est + mnt * horizon[:, None])
        # cheapness(est + mnt * af) depends on (price level, rate and horizon, practice) only:
        # evaluate it by Python on that small table, then gather.
        f_tab = np.stack([self.factors(lv) for lv in levels])  # (L, P)
        est_tab = est_raw[None, :] * f_tab
        mnt_tab = np.where(np.isnan(mnt_raw)[None, :], 0.0, mnt_raw[None, :] * f_tab)
        pv_tab = est_tab[:, None, :] + mnt_tab[:, None, :] * af_table[None, :, None]  # (L, RH, P)
        cheap_tab = np.array([scoring.cheapness(v) for v in pv_tab.ravel().tolist()]).reshape(pv_tab.shape)
        cheap = cheap_tab[level_idx, rh_idx]
        ce = cheap * (0.5 + 0.5 * eff)

        has_budget = ~np.isnan(sites.budget)
        with np.errstate(invalid="ignore", divide="ignore"):
            bf = np.where(total_typ <= 0, 1.0, np.maximum(0.0, np.minimum(1.0, sites.budget[:, None] / total_typ)))

        # co-benefits per distinct priority vector.
        pr_u, pr_inv = _unique_rows(sites.priorities)
        w_total = np.zeros(len(pr_u))
        num_u = np.zeros((len(pr_u), n_p))
        for k in range(len(scoring.COBENEFIT_KEYS)):
            w_total += pr_u[:, 1 + k]
        for k in range(len(scoring.COBENEFIT_KEYS)):
            num_u += pr_u[:, 1 + k][:, None] * self.cob[k][None, :] / 3
        with np.errstate(invalid="ignore", divide="ignore"):
            cob = (num_u / w_total[:, None])[pr_inv]
        has_cob = (w_total > 0)[pr_inv]

        components = (
            ("site_fit", site_fit, None),
            ("effectiveness", eff, None),
            ("severity_fit", sev_fit, None),
            ("cost_effectiveness", ce, None),
            ("budget_fit", bf, has_budget),
            ("cobenefits", cob, has_cob),
        )
        num = np.zeros((n, n_p))
        den = np.zeros((n, n_p))
        for name, value, present in components:
            if name == "cost_effectiveness":
                w = (scoring.WEIGHTS[name] * sites.priorities[:, 0])[:, None]
            else:
                w = scoring.WEIGHTS[name] * 1.0
            wv = w * value
            wd = np.broadcast_to(w, (n, n_p))
            if present is None:
                num += wv
                den += wd
            else:
                num += np.where(present[:, None], wv, 0.0)
                den += np.where(present[:, None], wd, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            base = np.where(den != 0, num / den, 0.0)
        score = np.maximum(0.0, np.minimum(1.0, base + (boost - penalty)))
        return {"score": np.where(excluded, np.nan, score), "factor": factor, "annuity": af, "area": area}

    # --- ranking and rows ------------------------------------------------------------------------
    def main_reason(self, j: int, degradation_mask: int) -> str:
        """engine.main_reason for practice ``j`` (global index), cached per set of degradation types."""
        key = (j, degradation_mask)
        text = self._reason_cache.get(key)
        if text is None:
            from .engine import main_reason
            from .i18n import Translator

            p = self.practices[j]  # called on the whole catalogue, where j is the global index
            names = [d for i, d in enumerate(vocab.DEGRADATION_TYPES) if degradation_mask >> i & 1]
            text = self._reason_cache[key] = presenters.csv_cell(
                main_reason({"degradation": names}, p, Translator("en", self.catalog))
            )
        return text

    def csv_lines(self, sites: Sites, labels: list[str], top: int | None) -> tuple[str, list[int], float]:
        """CSV text for a chunk of sites in input order, the first practice of each (-1: none
        fits) and the sum of the first options' typical totals. ``labels`` are ready CSV cells."""
        n = len(sites)
        t = len(self.ids) if top is None else min(top, len(self.ids))
        cols = {name: np.zeros((n, t)) for name in ("score", "tl", "tt", "th", "afford")}
        order = np.full((n, t), -1, dtype=np.int64)
        within = np.zeros((n, t), dtype=bool)
        for b in np.unique(sites.biome).tolist():
            rows = np.flatnonzero(sites.biome == b)
            group = self.for_biome(b)
            if len(group.ids) == 0:
                continue
            sub = sites.take(rows)
            res = group.score(sub)
            group._fill(sub, res, rows, t, order, within, cols)
        ok = order >= 0
        has_budget = ~np.isnan(sites.budget)
        # Flatten the emitted (site, rank) pairs in input order and format them in one pass.
        site_i, rank_i = np.nonzero(ok)
        j = order[site_i, rank_i]
        flat = {k: v[site_i, rank_i].tolist() for k, v in cols.items()}
        hb = has_budget[site_i].tolist()
        wb = [(w if h else None) for w, h in zip(within[site_i, rank_i].tolist(), hb, strict=True)]
        aff = [(a if h else None) for a, h in zip(flat["afford"], hb, strict=True)]
        # The main reason depends on the practice and the set of degradation types: key by bitmask.
        deg = sites.degradation.astype(np.int64)
        dmask = np.where(deg >= 0, np.left_shift(1, np.maximum(deg, 0)), 0).sum(axis=1).tolist()
        cells, year, reasons, row = self.cells, self.year, self._reason_cache, presenters.csv_row
        site_l, j_l = site_i.tolist(), j.tolist()
        lines = [
            row(
                labels[i],
                r + 1,
                cells[jj][0],
                sc,
                cells[jj][1],
                tl,
                tt,
                th,
                w,
                a,
                year,
                reasons.get((jj, dmask[i])) or self.main_reason(jj, dmask[i]),
            )
            for i, r, jj, sc, tl, tt, th, w, a in zip(
                site_l, rank_i.tolist(), j_l, flat["score"], flat["tl"], flat["tt"], flat["th"], wb, aff, strict=True
            )
        ]
        best = np.where(ok[:, 0], order[:, 0], -1).tolist() if t else [-1] * n
        # Sites where nothing fits get one line with the reason, merged in at their place.
        empty = np.flatnonzero(~ok[:, 0]) if t else np.arange(n)
        if len(empty):
            keys = np.concatenate([site_i * 2 + 1, empty * 2])
            extra = [presenters.empty_row(labels[i], presenters.NO_FIT) for i in empty.tolist()]
            merged = lines + extra
            lines = [merged[k] for k in np.argsort(keys, kind="stable").tolist()]
        best_total = float(cols["tt"][:, 0][ok[:, 0]].sum()) if t else 0.0
        return "".join(lines), best, best_total

    def _fill(
        self,
        sites: Sites,
        res: dict[str, Any],
        rows: np.ndarray,
        t: int,
        order_out: np.ndarray,
        within_out: np.ndarray,
        cols: dict[str, np.ndarray],
    ) -> None:
        """Rank one biome group and write its top options into the chunk's arrays."""
        score = res["score"]
        key = np.where(np.isnan(score), np.inf, -score)
        order = np.argsort(key, axis=1, kind="stable")[:, :t]
        ok = np.take_along_axis(~np.isnan(score), order, axis=1)
        tg = order.shape[1]
        sc = np.take_along_axis(score, order, axis=1)
        factor = np.take_along_axis(res["factor"], order, axis=1)
        area = res["area"][:, None]
        horizon = sites.horizon.astype(np.float64)[:, None]
        per = {}
        for k in costs.LEVELS:
            est_raw, mnt_raw = self.raw[k]
            e = est_raw[order] * factor
            m = np.where(np.isnan(mnt_raw[order]), 0.0, mnt_raw[order] * factor)
            per[k] = (e, m, area * (e + m * horizon))
        tot_t = per["typical"][2]
        budget = sites.budget[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            total_ha = tot_t / area
            afford = np.where(total_ha > 0, np.minimum(area, budget / total_ha), area)
            within = np.round(tot_t, 2) <= budget
        # np.round can differ from Python's round next to a half cent: decide those by Python.
        close = ~np.isnan(budget) & (np.abs(tot_t - budget) < 0.01)
        for i, jj in zip(*np.nonzero(close), strict=True):
            within[i, jj] = round(float(tot_t[i, jj]), 2) <= float(budget[i, 0])
        global_j = np.where(ok, self.index[order], -1)
        order_out[rows, :tg] = global_j
        within_out[rows, :tg] = within
        for name, value in (("score", sc), ("tl", per["low"][2]), ("tt", tot_t), ("th", per["high"][2]), ("afford", afford)):
            cols[name][rows, :tg] = value


def _unique_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(a, axis=0, return_inverse=True), fast when every row is the same (the usual case)."""
    if len(a) and (a == a[0]).all():
        return a[:1], np.zeros(len(a), dtype=np.intp)
    u, inv = np.unique(a, axis=0, return_inverse=True)
    return u, inv.reshape(-1)


def _list_holds(sites: Sites, cond: dict[str, Any]) -> np.ndarray:
    """rules.holds on the degradation list of every site."""
    deg = sites.degradation
    valid = deg >= 0
    pad = len(vocab.DEGRADATION_TYPES)

    def member(ids: list[str]) -> np.ndarray:
        mask = np.zeros(pad + 1, dtype=bool)
        for i in ids:
            if i in DEG_IX:
                mask[DEG_IX[i]] = True
        return mask[np.where(valid, deg, pad).astype(np.intp)]

    res = np.ones(len(sites), dtype=bool)
    if cond.get("missing") is True:
        return np.zeros(len(sites), dtype=bool)  # degradation is required, never missing
    if cond.get("equals") is not None:
        res &= False
    if cond.get("in") is not None:
        res &= (member(cond["in"]) | ~valid).all(axis=1)
    if cond.get("not_in") is not None:
        res &= ~(member(cond["not_in"]) & valid).any(axis=1)
    if cond.get("any_of") is not None:
        res &= (member(cond["any_of"]) & valid).any(axis=1)
    if cond.get("all_of") is not None:
        for d in cond["all_of"]:
            res &= ((deg == DEG_IX.get(d, -2)) & valid).any(axis=1)
    if any(cond.get(op) is not None for op in ("gt", "gte", "lt", "lte")):
        res &= False
    return res


def patch(base: Sites, at: np.ndarray, new: Sites) -> Sites:
    """``base`` with rows ``at`` replaced by the rows of ``new`` (widening the degradation table)."""
    width = max(base.degradation.shape[1], new.degradation.shape[1])
    fields = {}
    for f in base.__dataclass_fields__:
        a, b = getattr(base, f), getattr(new, f)
        if f == "degradation":
            a = np.pad(a, ((0, 0), (0, width - a.shape[1])), constant_values=-1)
            b = np.pad(b, ((0, 0), (0, width - b.shape[1])), constant_values=-1)
        a = a.copy()
        a[at] = b
        fields[f] = a
    return Sites(**fields)


def sites_from_dicts(sites: list[dict[str, Any]], compiled: Compiled, derive: bool = True) -> Sites:
    """Columns from normalised site mappings (the output of ``sites.normalise_site``)."""
    n = len(sites)
    width = max((len(s["degradation"]) for s in sites), default=1)
    deg = np.full((n, width), -1, dtype=np.int16)
    ndeg = np.zeros(n, dtype=np.int16)
    for i, s in enumerate(sites):
        ds = s["degradation"]
        ndeg[i] = len(ds)
        for k, d in enumerate(ds):
            deg[i, k] = DEG_IX[d]

    def cat(field: str, ix: dict[str, int]) -> np.ndarray:
        return np.array([ix[s[field]] if s.get(field) is not None else -1 for s in sites], dtype=np.int16)

    def num(field: str) -> np.ndarray:
        return np.array([s[field] if s.get(field) is not None else math.nan for s in sites], dtype=np.float64)

    out = Sites(
        biome=cat("biome", BIOME_IX),
        aridity=cat("aridity", ARIDITY_IX),
        land_use=cat("land_use", LAND_IX),
        region=cat("region", REGION_IX),
        country=np.array([compiled.country_ix.get(s.get("country"), -1) for s in sites], dtype=np.int32),
        rainfall=num("rainfall_mm"),
        slope=num("slope_pct"),
        degradation=deg,
        n_degradation=ndeg,
        severity=cat("severity", SEV_IX),
        area=num("area_ha"),
        budget=num("budget_usd"),
        horizon=np.array([s["horizon_years"] for s in sites], dtype=np.int64),
        rate=np.array([s["discount_rate"] for s in sites], dtype=np.float64),
        priorities=np.array([[s["priorities"][p] for p in vocab.PRIORITIES] for s in sites], dtype=np.float64).reshape(n, N_PRIO),
    )
    if derive:
        complete(out, compiled)
    return out


def complete(sites: Sites, compiled: Compiled) -> None:
    """Derive region from country and aridity from rainfall, as ``engine.complete_site`` does."""
    catalog = compiled.catalog
    region_of = np.array([REGION_IX[catalog.countries[c]["region"]] for c in compiled.countries] + [-1], dtype=np.int16)
    need = (sites.region < 0) & (sites.country >= 0)
    sites.region[need] = region_of[sites.country[need]]
    pet = np.array([catalog.biomes.get(b, {}).get("pet_mm") or math.nan for b in vocab.BIOMES])
    zones = [(ARIDITY_IX[t["id"]], t.get("ai_max")) for t in catalog.vocabularies["aridity"]]
    site_pet = pet[sites.biome.astype(np.intp)]
    need = (sites.aridity < 0) & ~np.isnan(sites.rainfall) & ~np.isnan(site_pet)
    if not need.any():
        return
    ai = sites.rainfall[need] / site_pet[need]
    zone = np.full(ai.shape, zones[-1][0], dtype=np.int16)
    assigned = np.zeros(ai.shape, dtype=bool)
    for z, upper in zones:
        hit = ~assigned if upper is None else (~assigned & (ai < upper))
        zone[hit] = z
        assigned |= hit
    sites.aridity[need] = zone
