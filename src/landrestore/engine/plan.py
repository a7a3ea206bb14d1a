"""``plan``: which practices to apply where, on how many hectares, for a budget; and how sure
the plan's cost and return are.

**The value a hectare gets.** Each practice that can work in a zone has the engine's score on
that zone with its cost criteria left out (``criteria.COST_CRITERIA``: the budget weighs cost
here). Two practices documented as applied together on the same land (``combinations.yaml``)
may share hectares; together they are worth ``1 - (1 - b1)(1 - b2)``: more than either alone,
less than the sum, since their effects overlap. A *package* is one practice or a set of up to
``max_stack`` practices that pairwise combine.

**The programme** (a mixed-integer programme; HiGHS through ``scipy.optimize.milp``):

- ``a[z, k] >= 0``: hectares of zone z under package k; ``y[z, p]`` in {0, 1}: practice p used in z;
- maximise ``sum v[z, k] * a[z, k]`` (benefit-weighted hectares), with a tie-break of one
  millionth towards the cheaper of two equal plans;
- each zone: ``sum_k a[z, k] <= area[z]`` and ``>= min_share * area[z]``;
- each practice used in a zone covers at least ``min_patch_share`` of it and at most all of it:
  ``min_patch * y <= sum_{k with p} a[z, k] <= area * y``; at most ``max_practices`` per zone;
- the budget: ``sum cost[z, k] * a[z, k] <= budget``, cost being the typical total over the
  horizon (establishment and maintenance, undiscounted, as ``recommend`` compares a budget);
- a practice the user requires is used in at least one zone; one the user refuses is never offered.

**Uncertainty.** Each cost's low, typical and high (``docs/catalogue.md``: the lowest, the median
and the highest of its documented observations) are read as the bounds and the mode of a PERT
distribution (a beta distribution with shape 4, Vose 2008, *Risk Analysis*, 3rd ed.), drawn
once per practice for the whole site (the same practice costs alike in every zone) with a fixed
seed, so the same input gives the same output byte for byte.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from landrestore.model.errors import InputError
from landrestore.model.vocab import closest

from . import assess, costs

PLAN_FORMAT_VERSION = 1
LEVELS = costs.LEVELS
#: How many of a zone's best practices the programme considers (by the engine's score).
MAX_CANDIDATES = 8
#: How many practices may share the same hectares.
MAX_STACK = 3
#: Practices per zone at most.
MAX_PRACTICES = 4
#: A practice used in a zone covers at least this share of it (no scattered slivers).
MIN_PATCH_SHARE = 0.05
#: Tie-break weight of cost against value (relative): picks the cheaper of equal plans only.
TIE_BREAK = 1e-6
#: PERT shape (the weight of the mode).
PERT_LAMBDA = 4.0
#: Discount rates of the sensitivity (De Groot et al. 2013 use 2 % and 8 %).
SENSITIVITY_RATES = (0.02, 0.08)
#: The step of "what the next dollars buy".
NEXT_STEP_USD = 10_000.0


@dataclass
class Option:
    """One practice that can work in one zone, with the figures the programme needs."""

    practice_id: str
    score: float
    benefit: float
    share: dict[str, float]  # share of the zone it occupies, low/typical/high
    share_fixed: bool  # the site or zone gave the share
    est: dict[str, float]  # establishment per ha treated
    mnt: dict[str, float]  # maintenance per ha treated per year
    total: dict[str, float]  # total over the horizon per ha of zone covered (share included)
    pv: dict[str, float]  # present value per ha of zone covered
    money: dict[str, float] | None  # present value of money benefits per ha of zone covered
    limiting_factor: str | None = None


@dataclass
class Zone:
    id: str
    name: str | None
    area: float
    site: dict[str, Any]
    options: list[Option]
    packages: list[tuple[int, ...]] = field(default_factory=list)
    eligible: int = 0


@dataclass
class Problem:
    zones: list[Zone]
    budget: float
    horizon: int
    rate: float
    min_share: float
    min_patch_share: float
    max_practices: int
    include: tuple[str, ...]
    area_step: float | None


# --- building the problem ------------------------------------------------------------------


def zone_sites(site: dict[str, Any]) -> list[dict[str, Any]]:
    """The zones of a checked site, each a whole site; without zones, the site is one zone."""
    if site.get("zones"):
        base = {k: v for k, v in site.items() if k not in ("zones", "id", "name", "area_ha")}
        return [{**base, **z} for z in site["zones"]]
    if site.get("area_ha") is None:
        raise InputError(
            "area_ha", None, "a plan needs the site's area: give area_ha (or zones, each with its area_ha)", allowed=None
        )
    return [{**{k: v for k, v in site.items() if k != "zones"}, "id": site.get("id") or "site"}]


def complement_pairs(catalog: Any) -> set[frozenset[str]]:
    """The pairs of practices documented together on the same land."""
    return {frozenset(c["practices"]) for c in (getattr(catalog, "combinations", None) or {}).values()}


def packages(options: list[Option], pairs: set[frozenset[str]], max_stack: int) -> list[tuple[int, ...]]:
    """Every set of up to ``max_stack`` options that pairwise combine (singletons included),
    in a fixed order."""
    ids = [o.practice_id for o in options]
    out: list[tuple[int, ...]] = [(i,) for i in range(len(options))]
    for size in range(2, max_stack + 1):
        for combo in itertools.combinations(range(len(options)), size):
            if all(frozenset((ids[a], ids[b])) in pairs for a, b in itertools.combinations(combo, 2)):
                out.append(combo)
    return out


def package_value(options: list[Option], pkg: tuple[int, ...]) -> float:
    """What a hectare under the package is worth: 1 - prod(1 - benefit)."""
    rest = 1.0
    for i in pkg:
        rest *= 1.0 - options[i].benefit
    return 1.0 - rest


def package_cost(options: list[Option], pkg: tuple[int, ...], level: str = "typical", what: str = "total") -> float:
    total = 0.0
    for i in pkg:
        total += getattr(options[i], what)[level]
    return total


def package_money(options: list[Option], pkg: tuple[int, ...], level: str = "typical") -> float | None:
    """Money benefits of a package per ha: the largest of its practices' (their effects overlap,
    so they are not added)."""
    vals = [options[i].money[level] for i in pkg if options[i].money is not None]
    return max(vals) if vals else None


def _option(p: dict[str, Any], e: dict[str, Any], zone: dict[str, Any]) -> Option:
    c = e["cost"]
    area = c["area_ha"]
    share = c["treated_share"]
    bc = costs.benefit_cost(p, c)
    money = None
    if bc.get("computed"):
        pvb = bc["present_value_benefits_per_ha"]
        money = {k: pvb[k] * share[k] for k in LEVELS}
    return Option(
        practice_id=p["id"],
        score=e["raw_score"],
        benefit=e["benefit"],
        share=dict(share),
        share_fixed=(zone.get("treated_share") or {}).get(p["id"]) is not None,
        est=dict(c["establishment_per_ha"]),
        mnt=dict(c["maintenance_per_ha_year"]),
        total={k: c["total"][k] / area for k in LEVELS},
        pv={k: c["present_value"][k] / area for k in LEVELS},
        money=money,
        limiting_factor=e["suitability"].get("limiting_factor"),
    )


def build(
    site: dict[str, Any],
    catalog: Any,
    budget: float,
    *,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    max_candidates: int = MAX_CANDIDATES,
    max_stack: int = MAX_STACK,
    max_practices: int = MAX_PRACTICES,
    min_patch_share: float = MIN_PATCH_SHARE,
    min_share: float = 0.0,
    area_step: float | None = None,
) -> Problem:
    """Evaluate every practice in every zone and keep each zone's best candidates."""
    for pid in (*include, *exclude):
        if pid not in catalog.practices:
            raise InputError("practice", pid, f"unknown practice '{pid}'", closest(pid, tuple(catalog.practices)))
    both = sorted(set(include) & set(exclude))
    if both:
        raise InputError("include", both[0], f"'{both[0]}' is both required and refused")
    pairs = complement_pairs(catalog)
    zones: list[Zone] = []
    for z in zone_sites(site):
        full, _ = assess.complete_site(z, catalog)
        evaluated = [assess.evaluate(full, p, catalog) for _, p in sorted(catalog.practices.items())]
        kept = [e for e in assess.rank(evaluated) if e["practice_id"] not in exclude]
        chosen = kept[:max_candidates]
        chosen += [e for e in kept[max_candidates:] if e["practice_id"] in include]
        options = [_option(catalog.practices[e["practice_id"]], e, full) for e in chosen]
        zone = Zone(str(z["id"]), z.get("name"), float(z["area_ha"]), full, options, eligible=len(kept))
        zone.packages = packages(options, pairs, max_stack)
        zones.append(zone)
    for pid in include:
        if not any(o.practice_id == pid for zone in zones for o in zone.options):
            raise InputError("include", pid, f"'{pid}' cannot work in any zone of this site (see `landrestore explain {pid}`)")
    return Problem(
        zones,
        float(budget),
        int(site["horizon_years"]),
        float(site["discount_rate"]),
        float(min_share),
        float(min_patch_share),
        int(max_practices),
        tuple(include),
        area_step,
    )


# --- the programme -------------------------------------------------------------------------


@dataclass
class Solution:
    status: str  # optimal | time_limit | infeasible
    message: str
    areas: list[list[float]]  # per zone, per package: hectares
    value: float
    cost: float


def _variables(problem: Problem) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    area_vars = [(z, k) for z, zone in enumerate(problem.zones) for k in range(len(zone.packages))]
    use_vars = [(z, i) for z, zone in enumerate(problem.zones) for i in range(len(zone.options))]
    return area_vars, use_vars


def solve(problem: Problem, budget: float | None = None, time_limit: float = 10.0) -> Solution:
    """Solve the programme (``budget`` None: no budget constraint, the plan that buys everything)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    area_vars, use_vars = _variables(problem)
    if not area_vars:
        return Solution("optimal", "nothing can work in any zone", [[] for _ in problem.zones], 0.0, 0.0)
    unit = problem.area_step or 1.0
    n_a, n = len(area_vars), len(area_vars) + len(use_vars)
    col_a = {v: j for j, v in enumerate(area_vars)}
    col_y = {v: n_a + j for j, v in enumerate(use_vars)}
    value = np.zeros(n)
    cost = np.zeros(n)
    upper = np.ones(n)
    for (z, k), j in col_a.items():
        zone = problem.zones[z]
        pkg = zone.packages[k]
        value[j] = package_value(zone.options, pkg) * unit
        cost[j] = package_cost(zone.options, pkg) * unit
        upper[j] = zone.area / unit
    scale = float(cost.max()) or 1.0
    objective = -value + TIE_BREAK * float(value.max() or 1.0) * cost / scale
    rows: list[tuple[dict[int, float], float, float]] = []
    for z, zone in enumerate(problem.zones):
        ks = [col_a[(z, k)] for k in range(len(zone.packages))]
        if not ks:
            continue
        rows.append(({j: 1.0 for j in ks}, problem.min_share * zone.area / unit, zone.area / unit))
        for i in range(len(zone.options)):
            covering = {col_a[(z, k)]: 1.0 for k, pkg in enumerate(zone.packages) if i in pkg}
            y = col_y[(z, i)]
            rows.append(({**covering, y: -zone.area / unit}, -np.inf, 0.0))
            rows.append(({**covering, y: -problem.min_patch_share * zone.area / unit}, 0.0, np.inf))
        rows.append(({col_y[(z, i)]: 1.0 for i in range(len(zone.options))}, 0.0, float(problem.max_practices)))
    if budget is not None:
        rows.append(({j: cost[j] for j in col_a.values() if cost[j]}, -np.inf, float(budget)))
    for pid in problem.include:
        cols = {col_y[(z, i)]: 1.0 for (z, i) in use_vars if problem.zones[z].options[i].practice_id == pid}
        rows.append((cols, 1.0, np.inf))
    a = lil_matrix((len(rows), n))
    lo = np.empty(len(rows))
    hi = np.empty(len(rows))
    for r, (coefs, lb, ub) in enumerate(rows):
        for j, v in coefs.items():
            a[r, j] = v
        lo[r], hi[r] = lb, ub
    integrality = np.zeros(n)
    integrality[n_a:] = 1
    if problem.area_step:
        integrality[:n_a] = 1
    res = milp(
        objective,
        constraints=LinearConstraint(a.tocsr(), lo, hi),
        integrality=integrality,
        bounds=Bounds(np.zeros(n), upper),
        options={"time_limit": float(time_limit), "mip_rel_gap": 1e-7, "presolve": True},
    )
    if res.x is None:
        return Solution("infeasible", str(res.message), [[0.0] * len(zone.packages) for zone in problem.zones], 0.0, 0.0)
    x = np.where(np.abs(res.x) < 1e-9, 0.0, res.x)
    areas = [[0.0] * len(zone.packages) for zone in problem.zones]
    for (z, k), j in col_a.items():
        areas[z][k] = float(round(x[j] * unit, 6))
    status = "optimal" if res.status == 0 else "time_limit"
    return Solution(status, str(res.message), areas, float(value @ x), float(cost @ x))


# --- reading a solution --------------------------------------------------------------------


def practice_areas(problem: Problem, sol: Solution) -> list[dict[str, float]]:
    """Per zone: practice id -> hectares of the zone it covers."""
    out: list[dict[str, float]] = []
    for z, zone in enumerate(problem.zones):
        covered: dict[str, float] = {}
        for k, pkg in enumerate(zone.packages):
            a = sol.areas[z][k]
            if a <= 0:
                continue
            for i in pkg:
                pid = zone.options[i].practice_id
                covered[pid] = covered.get(pid, 0.0) + a
        out.append(covered)
    return out


def _r(x: float) -> float:
    return round(x, 2)


def totals(problem: Problem, sol: Solution, rate: float | None = None) -> dict[str, Any]:
    """Deterministic figures of a plan: area, value, and cost at low, typical and high."""
    total = {k: 0.0 for k in LEVELS}
    pv = {k: 0.0 for k in LEVELS}
    establishment = {k: 0.0 for k in LEVELS}
    money: dict[str, float] | None = None
    treated = value = 0.0
    for z, zone in enumerate(problem.zones):
        for k, pkg in enumerate(zone.packages):
            a = sol.areas[z][k]
            if a <= 0:
                continue
            treated += a
            value += a * package_value(zone.options, pkg)
            for lvl in LEVELS:
                total[lvl] += a * package_cost(zone.options, pkg, lvl, "total")
                pv[lvl] += a * package_cost(zone.options, pkg, lvl, "pv")
                for i in pkg:
                    o = zone.options[i]
                    establishment[lvl] += a * o.share[lvl] * o.est[lvl]
            m = {lvl: package_money(zone.options, pkg, lvl) for lvl in LEVELS}
            if m["typical"] is not None:
                money = money or {lvl: 0.0 for lvl in LEVELS}
                for lvl in LEVELS:
                    money[lvl] += a * float(m[lvl] or 0.0)
    out: dict[str, Any] = {
        "treated_ha": _r(treated),
        "value": round(value, 4),
        "total": {k: _r(v) for k, v in total.items()},
        "present_value": {k: _r(v) for k, v in pv.items()},
        "establishment": {k: _r(v) for k, v in establishment.items()},
    }
    if money is not None:
        out["present_value_benefits"] = {k: _r(v) for k, v in money.items()}
        out["net_present_value"] = _r(money["typical"] - pv["typical"])
    return out


def _zone_result(problem: Problem, sol: Solution, z: int, covered: dict[str, float], catalog: Any) -> dict[str, Any]:
    zone = problem.zones[z]
    allocations = []
    for k, pkg in enumerate(zone.packages):
        a = sol.areas[z][k]
        if a > 0:
            allocations.append(
                {
                    "practices": [zone.options[i].practice_id for i in pkg],
                    "area_ha": _r(a),
                    "value_per_ha": round(package_value(zone.options, pkg), 4),
                    "cost_per_ha": _r(package_cost(zone.options, pkg)),
                }
            )
    used = []
    for o in zone.options:
        a = covered.get(o.practice_id, 0.0)
        if a <= 0:
            continue
        used.append(
            {
                "practice_id": o.practice_id,
                "area_ha": _r(a),
                "treated_ha": _r(a * o.share["typical"]),
                "score": round(o.score, 4),
                "benefit": round(o.benefit, 4),
                "limiting_factor": o.limiting_factor,
                "total": {k: _r(a * o.total[k]) for k in LEVELS},
                "present_value": {k: _r(a * o.pv[k]) for k in LEVELS},
            }
        )
    treated = sum(x["area_ha"] for x in allocations)
    out: dict[str, Any] = {
        "id": zone.id,
        "name": zone.name,
        "area_ha": zone.area,
        "facts": {
            k: zone.site.get(k)
            for k in ("land_use", "slope_pct", "degradation", "severity", "soil_ph", "aridity")
            if zone.site.get(k) is not None
        },
        "covered_ha": _r(treated),
        "uncovered_ha": _r(max(zone.area - treated, 0.0)),
        "allocations": allocations,
        "practices": used,
        "candidates": [o.practice_id for o in zone.options],
        "eligible": zone.eligible,
    }
    if not zone.options:
        out["unfunded"] = assess.code("plan.zone_no_candidate")
    elif treated <= 0:
        out["unfunded"] = assess.code("plan.zone_not_funded")
    return out


# --- the trade-off and the uncertainty -----------------------------------------------------


def frontier(problem: Problem, full_cost: float, points: int, time_limit: float) -> list[dict[str, Any]]:
    """The best value at budgets from a tenth of what buys everything up to all of it."""
    out = []
    for j in range(1, points + 1):
        b = full_cost * j / points
        s = solve(problem, b, time_limit)
        t = totals(problem, s)
        out.append({"budget": _r(b), "cost": t["total"]["typical"], "value": t["value"], "treated_ha": t["treated_ha"]})
    return out


def pert(rng: Any, low: Any, mode: Any, high: Any, size: int) -> Any:
    """PERT draws (``size`` x len(low)) between low and high with the given mode; constant where low == high."""
    import numpy as np

    low, mode, high = (np.asarray(v, dtype=float) for v in (low, mode, high))
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    alpha = 1 + PERT_LAMBDA * (mode - low) / safe
    beta = 1 + PERT_LAMBDA * (high - mode) / safe
    draws = rng.beta(alpha, beta, size=(size, len(low)))
    return np.where(span > 0, low + draws * span, low)


def monte_carlo(problem: Problem, sol: Solution, draws: int, seed: int) -> dict[str, Any]:
    """P10, P50 and P90 of the plan's total cost, present value and (with money benefits) net
    present value and benefit-cost ratio; the chance it stays within budget; the fan of
    cumulative cost by year."""
    import numpy as np

    terms: list[tuple[float, int, Option]] = []  # (hectares, practice index, option)
    pids: dict[str, int] = {}
    first: dict[str, Option] = {}
    money_terms: list[tuple[float, list[Option]]] = []
    for z, zone in enumerate(problem.zones):
        for k, pkg in enumerate(zone.packages):
            a = sol.areas[z][k]
            if a <= 0:
                continue
            for i in pkg:
                o = zone.options[i]
                pids.setdefault(o.practice_id, len(pids))
                first.setdefault(o.practice_id, o)
                terms.append((a, pids[o.practice_id], o))
            money_terms.append((a, [zone.options[i] for i in pkg if zone.options[i].money is not None]))
    if not terms:
        return {"draws": draws, "seed": seed}
    rng = np.random.default_rng(seed)
    order = list(pids)
    tri = [first[p] for p in order]
    est = pert(rng, [o.est["low"] for o in tri], [o.est["typical"] for o in tri], [o.est["high"] for o in tri], draws)
    mnt = pert(rng, [o.mnt["low"] for o in tri], [o.mnt["typical"] for o in tri], [o.mnt["high"] for o in tri], draws)
    share = pert(rng, [o.share["low"] for o in tri], [o.share["typical"] for o in tri], [o.share["high"] for o in tri], draws)
    af = costs.annuity_factor(problem.rate, problem.horizon)
    e_sum = np.zeros(draws)
    m_sum = np.zeros(draws)
    for a, j, o in terms:
        sh = o.share["typical"] if o.share_fixed else share[:, j]
        e_sum += a * sh * est[:, j]
        m_sum += a * sh * mnt[:, j]
    total = e_sum + m_sum * problem.horizon
    pv = e_sum + m_sum * af

    def pct(x: Any) -> dict[str, float]:
        p10, p50, p90 = np.percentile(x, [10, 50, 90])
        return {"p10": _r(float(p10)), "p50": _r(float(p50)), "p90": _r(float(p90))}

    years = np.arange(problem.horizon + 1)
    cumulative = e_sum[:, None] + m_sum[:, None] * years[None, :]
    c10, c50, c90 = np.percentile(cumulative, [10, 50, 90], axis=0)
    out: dict[str, Any] = {
        "distribution": "pert",
        "draws": draws,
        "seed": seed,
        "total": pct(total),
        "present_value": pct(pv),
        "within_budget": round(float(np.mean(total <= problem.budget)), 4),
        "cumulative_cost": [
            {"year": int(t), "p10": _r(float(c10[t])), "p50": _r(float(c50[t])), "p90": _r(float(c90[t]))} for t in years
        ],
    }
    if any(opts for _, opts in money_terms):
        mids = {o.practice_id for _, opts in money_terms for o in opts}
        mo = {p: first[p] for p in sorted(mids)}
        mdraw = pert(
            rng,
            [mo[p].money["low"] for p in mo],  # type: ignore[index]
            [mo[p].money["typical"] for p in mo],  # type: ignore[index]
            [mo[p].money["high"] for p in mo],  # type: ignore[index]
            draws,
        )
        col = {p: i for i, p in enumerate(mo)}
        benefits = np.zeros(draws)
        for a, opts in money_terms:
            if opts:
                benefits += a * np.max(np.stack([mdraw[:, col[o.practice_id]] for o in opts]), axis=0)
        out["present_value_benefits"] = pct(benefits)
        out["net_present_value"] = pct(benefits - pv)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(pv > 0, benefits / np.where(pv > 0, pv, 1.0), np.nan)
        if np.isfinite(ratio).all():
            p10, p50, p90 = np.percentile(ratio, [10, 50, 90])
            out["benefit_cost_ratio"] = {"p10": round(float(p10), 2), "p50": round(float(p50), 2), "p90": round(float(p90), 2)}
        out["money_benefits_ha"] = _r(sum(a for a, opts in money_terms if opts))
    return out


def sensitivity(problem: Problem, sol: Solution, catalog: Any) -> dict[str, Any]:
    """Typical present value (and net present value where money benefits exist) at 2 %, the
    site's rate and 8 %."""
    out: dict[str, Any] = {}
    for rate in sorted({*SENSITIVITY_RATES, problem.rate}):
        af = costs.annuity_factor(rate, problem.horizon)
        pv = 0.0
        money = 0.0
        has_money = False
        for z, zone in enumerate(problem.zones):
            for k, pkg in enumerate(zone.packages):
                a = sol.areas[z][k]
                if a <= 0:
                    continue
                best = None
                for i in pkg:
                    o = zone.options[i]
                    pv += a * o.share["typical"] * (o.est["typical"] + o.mnt["typical"] * af)
                    pvb = costs.benefits_present_value(catalog.practices[o.practice_id], rate, problem.horizon)
                    if pvb is not None:
                        m = pvb["typical"] * o.share["typical"]
                        best = m if best is None else max(best, m)
                if best is not None:
                    has_money = True
                    money += a * best
        row: dict[str, Any] = {"present_value": _r(pv)}
        if has_money:
            row["present_value_benefits"] = _r(money)
            row["net_present_value"] = _r(money - pv)
        out[f"{rate:.2f}"] = row
    return out


# --- the whole plan ------------------------------------------------------------------------


def plan(
    site: dict[str, Any],
    catalog: Any,
    budget: float | None = None,
    *,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    max_candidates: int = MAX_CANDIDATES,
    max_stack: int = MAX_STACK,
    max_practices: int = MAX_PRACTICES,
    min_patch_share: float = MIN_PATCH_SHARE,
    min_share: float = 0.0,
    area_step: float | None = None,
    time_limit: float = 10.0,
    draws: int = 10_000,
    seed: int = 0,
    frontier_points: int = 10,
) -> dict[str, Any]:
    """The plan for a checked site, as data (codes and numbers)."""
    if budget is None:
        budget = site.get("budget_usd")
    if budget is None:
        raise InputError("budget_usd", None, "a plan needs a budget: give budget_usd in the site or --budget")
    if not 0 <= min_share <= 1:
        raise InputError("min_share", min_share, f"min_share must be a share between 0 and 1, got {min_share}")
    if not 0 <= min_patch_share <= 1:
        raise InputError("min_patch_share", min_patch_share, f"min_patch_share must be between 0 and 1, got {min_patch_share}")
    problem = build(
        site,
        catalog,
        float(budget),
        include=include,
        exclude=exclude,
        max_candidates=max_candidates,
        max_stack=max_stack,
        max_practices=max_practices,
        min_patch_share=min_patch_share,
        min_share=min_share,
        area_step=area_step,
    )
    warnings: list[dict[str, Any]] = []
    everything = solve(problem, None, time_limit)
    full_cost = totals(problem, everything)["total"]["typical"]
    sol = solve(problem, problem.budget, time_limit)
    if sol.status == "infeasible":
        asked = [f"min_share {min_share:g}"] if min_share else []
        asked += [f"required {', '.join(include)}"] if include else []
        raise InputError(
            "budget_usd",
            problem.budget,
            f"no plan fits a budget of US${problem.budget:,.0f}"
            + (f" with {' and '.join(asked)}" if asked else "")
            + f"; everything that can work on the site would cost about US${full_cost:,.0f} (typical, over the horizon)",
        )
    if sol.status == "time_limit":
        warnings.append(assess.code("plan.time_limit", seconds=time_limit))
    covered = practice_areas(problem, sol)
    t = totals(problem, sol)
    if t["treated_ha"] <= 0:
        cheapest = _cheapest_patch(problem)
        warnings.append(assess.code("plan.budget_too_small", budget=problem.budget, cheapest=cheapest))
    nxt = solve(problem, problem.budget + NEXT_STEP_USD, time_limit)
    tn = totals(problem, nxt)
    zones_out = [_zone_result(problem, sol, z, covered[z], catalog) for z in range(len(problem.zones))]
    for zr in zones_out:
        if zr.get("unfunded"):
            warnings.append(assess.code(zr["unfunded"]["code"], zone=zr["id"]))
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "kind": "plan",
        "site": {k: v for k, v in site.items() if k != "zones"},
        "currency": "USD",
        "year": catalog.deflators["reference_year"],
        "budget_usd": problem.budget,
        "horizon_years": problem.horizon,
        "discount_rate": problem.rate,
        "settings": {
            "max_candidates": max_candidates,
            "max_stack": max_stack,
            "max_practices": max_practices,
            "min_patch_share": min_patch_share,
            "min_share": min_share,
            "area_step": area_step,
            "include": list(include),
            "exclude": list(exclude),
            "draws": draws,
            "seed": seed,
        },
        "status": sol.status,
        "zones": zones_out,
        "totals": {
            **t,
            "area_ha": _r(sum(z.area for z in problem.zones)),
            "budget_left": _r(problem.budget - t["total"]["typical"]),
        },
        "everything": {"cost": full_cost, "value": totals(problem, everything)["value"]},
        "next": {
            "step_usd": NEXT_STEP_USD,
            "value": round(tn["value"] - t["value"], 4),
            "treated_ha": _r(tn["treated_ha"] - t["treated_ha"]),
            "cost": _r(tn["total"]["typical"] - t["total"]["typical"]),
        },
        "frontier": frontier(problem, full_cost, frontier_points, time_limit) if full_cost > 0 else [],
        "uncertainty": monte_carlo(problem, sol, draws, seed),
        "sensitivity": sensitivity(problem, sol, catalog),
        "warnings": warnings,
    }


def _cheapest_patch(problem: Problem) -> float | None:
    """The cost of the smallest patch of the cheapest practice (what a plan needs at least)."""
    best = None
    for zone in problem.zones:
        patch = max(problem.min_patch_share * zone.area, 1e-9)
        for o in zone.options:
            c = o.total["typical"] * patch
            best = c if best is None else min(best, c)
    return _r(best) if best is not None else None
