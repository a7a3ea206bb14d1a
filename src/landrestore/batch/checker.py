"""Checking a chunk's rows: every good row becomes a column of sites, every bad row an error.

Mapping rows (JSON Lines, YAML/JSON lists, GeoJSON properties) go through the single-site checks
(``model.site.normalise_site``) and their messages. CSV rows are checked column by column, and
every row the columnar check is unsure of goes through the single-site checks too, so a CSV row
gets the same message as the same site given to ``recommend``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landrestore.model import vocab
from landrestore.model.errors import InputError
from landrestore.model.site import ALIASES, FIELDS, NUMBERS, normalise_site
from landrestore.render.writers.csvfmt import site_label

from . import columns as bulk
from .readers import Bad, Chunk

_TRUE = {"true": 1, "yes": 1, "y": 1, "1": 1, "false": 0, "no": 0, "n": 0, "0": 0, "": -1}


@dataclass
class Checked:
    """The good rows of a chunk as columns, with their labels, row numbers and what the output
    carries through (properties and geometry), and the errors of the bad rows."""

    sites: bulk.Sites
    labels: list[str]
    rows: list[int]
    errors: list[tuple[int, str, str, str]]  # row, site, field, message
    props: list[Any] = field(default_factory=list)
    geometry: list[Any] = field(default_factory=list)
    normalised: list[dict[str, Any]] | None = None


def map_columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> site field; unknown columns are reported (with the closest field) and ignored."""
    mapping: dict[int, str] = {}
    notes: list[str] = []
    for i, name in enumerate(header):
        key = ALIASES.get(name, name)
        if key in FIELDS and key not in mapping.values():
            mapping[i] = key
        elif name:
            hint = vocab.closest(key, FIELDS)
            if len(notes) < 20:
                notes.append(
                    f"column '{name[:80]}' is not a site field and is ignored" + (f" (did you mean '{hint}'?)" if hint else "")
                )
            elif len(notes) == 20:
                notes.append("more columns are not site fields and are ignored")
    for req in ("biome", "degradation", "severity"):
        if req not in mapping.values():
            raise InputError(req, None, f"the input has no '{req}' column (columns: {', '.join(h[:40] for h in header[:30])})")
    return mapping, notes


def check_mappings(chunk: Chunk, compiled: bulk.Compiled) -> Checked:
    """Rows as mappings, each checked by the single-site checks."""
    countries = compiled.catalog.countries
    sites: list[dict[str, Any]] = []
    labels: list[str] = []
    rows: list[int] = []
    props: list[Any] = []
    geometry: list[Any] = []
    errors: list[tuple[int, str, str, str]] = []
    for pos, (row, geom) in enumerate(chunk.items or []):
        n = chunk.first_row + pos
        if row is None:
            continue
        if isinstance(row, Bad):
            errors.append((n, str(n), "row", row.message))
            continue
        label = site_label(row, n)
        try:
            sites.append(normalise_site(row, countries=countries))
        except InputError as exc:
            errors.append((n, label, exc.field, str(exc)))
            continue
        except (RecursionError, ValueError, TypeError) as exc:
            errors.append((n, label, "row", f"not a readable site ({type(exc).__name__})"))
            continue
        labels.append(site_label(sites[-1], n))
        rows.append(n)
        props.append(row)
        geometry.append(geom)
    cols = bulk.sites_from_dicts(sites, compiled)
    bulk.complete(cols, compiled)
    return Checked(cols, labels, rows, errors, props, geometry, sites)


def check_csv(chunk: Chunk, mapping: dict[int, str], compiled: bulk.Compiled) -> Checked:
    """CSV records checked column by column; rows the fast check is unsure of go through the
    single-site checks (the same messages as ``recommend``)."""
    entries = chunk.records or []
    first_row = chunk.first_row
    errors: list[tuple[int, str, str, str]] = []
    keep_pos: list[int] = []
    records: list[list[str]] = []
    for pos, rec in enumerate(entries):
        if rec is None:
            continue
        if isinstance(rec, Bad):
            errors.append((first_row + pos, str(first_row + pos), "row", rec.message))
            continue
        keep_pos.append(pos)
        records.append(rec)
    n = len(records)
    width = max(mapping, default=0) + 1
    padded = [rec[:width] if len(rec) >= width else rec + [""] * (width - len(rec)) for rec in records]
    cols_raw = list(zip(*padded, strict=True)) if padded else [()] * width
    col = {f: cols_raw[i] for i, f in mapping.items()}
    empty = ("",) * n
    slow = np.zeros(n, dtype=bool)

    def categorical(name: str, ix: dict[str, int], required: bool) -> np.ndarray:
        lut = dict(ix)
        lut[""] = -2 if required else -1
        arr = np.array([lut.get(v, -3) for v in col.get(name, empty)], dtype=np.int32)
        slow[arr <= -2] = True
        return np.maximum(arr, -1)

    biome = categorical("biome", bulk.BIOME_IX, True).astype(np.int16)
    severity = categorical("severity", bulk.SEV_IX, True).astype(np.int16)
    aridity = categorical("aridity", bulk.ARIDITY_IX, False).astype(np.int16)
    region = categorical("region", bulk.REGION_IX, False).astype(np.int16)
    country = categorical("country", compiled.country_ix, False)

    def id_list(name: str, ix: dict[str, int], required: bool) -> list[tuple[int, ...] | None]:
        cache: dict[str, tuple[int, ...] | None] = {"": () if not required else None}
        out = []
        for v in col.get(name, empty):
            t = cache.get(v, ...)
            if t is ...:
                ids: list[int] = []
                ok = True
                for part in v.replace(";", ",").split(","):
                    part = part.strip()
                    if not part:
                        continue
                    d = ix.get(part)
                    if d is None:
                        ok = False
                        break
                    if d not in ids:
                        ids.append(d)
                t = cache[v] = tuple(ids) if ok and ids else None
            out.append(t)
        return out

    degs = id_list("degradation", bulk.DEG_IX, True)
    uses = id_list("land_use", bulk.LAND_IX, False)
    for i in range(n):
        if degs[i] is None or uses[i] is None:
            slow[i] = True

    def number(name: str) -> np.ndarray:
        values = col.get(name, empty)
        is_empty = np.array([v == "" for v in values], dtype=bool)
        try:
            arr = np.array(["nan" if v == "" else v for v in values], dtype=np.float64)
        except ValueError:
            arr = np.empty(n)
            for i, v in enumerate(values):
                try:
                    arr[i] = float(v) if v != "" else math.nan
                except ValueError:
                    arr[i] = math.nan
                    slow[i] = True
        lo, hi, exclusive, _ = NUMBERS[name]
        with np.errstate(invalid="ignore"):
            bad = ~is_empty & (~np.isfinite(arr) | (arr < lo) | (arr > hi) | ((arr <= lo) if exclusive else False))
            if name == "horizon_years":
                bad |= ~is_empty & (arr != np.floor(arr))
        slow[bad] = True
        return arr

    nums = {f: number(f) for f in NUMBERS}
    for name in ("priorities", "treated_share"):
        slow |= np.array([v != "" for v in col.get(name, empty)], dtype=bool)
    feats = np.full((n, len(vocab.SITE_FEATURES)), -1, dtype=np.int8)
    for k, f in enumerate(vocab.SITE_FEATURES):
        if f in col:
            vals = [_TRUE.get(v.strip().lower(), -2) for v in col[f]]
            arr = np.array(vals, dtype=np.int8)
            slow[arr == -2] = True
            feats[:, k] = np.maximum(arr, -1)

    kmax = max((len(t) for t in degs if t), default=1)
    deg_arr = np.full((n, kmax), -1, dtype=np.int16)
    ndeg = np.ones(n, dtype=np.int16)
    dmask = np.zeros(n, dtype=np.int64)
    lmask = np.zeros(n, dtype=np.int64)
    for i, t in enumerate(degs):
        if t:
            deg_arr[i, : len(t)] = t
            ndeg[i] = len(t)
            dmask[i] = sum(1 << d for d in t)
    for i, t in enumerate(uses):
        if t:
            lmask[i] = sum(1 << u for u in t)
    ids_col, names_col = col.get("id", empty), col.get("name", empty)
    labels = [
        (a if a.strip() else (b if b else str(first_row + keep_pos[k])))
        for k, (a, b) in enumerate(zip(ids_col, names_col, strict=True))
    ]
    sites = bulk.Sites(
        biome=biome,
        aridity=aridity,
        land_use=lmask,
        region=region,
        country=country.astype(np.int32),
        rainfall_mm=nums["rainfall_mm"],
        slope_pct=nums["slope_pct"],
        soil_ph=nums["soil_ph"],
        degradation=deg_arr,
        n_degradation=ndeg,
        deg_mask=dmask,
        severity=severity,
        area=nums["area_ha"],
        budget=nums["budget_usd"],
        horizon=np.where(np.isnan(nums["horizon_years"]), 20, nums["horizon_years"]).astype(np.int64),
        rate=np.where(np.isnan(nums["discount_rate"]), 0.05, nums["discount_rate"]),
        priorities=np.ones((n, len(vocab.PRIORITIES))),
        features=feats,
    )
    drop = np.zeros(n, dtype=bool)
    slow_idx = np.flatnonzero(slow).tolist()
    if slow_idx:
        items = list(mapping.items())
        fixed: list[dict[str, Any]] = []
        fixed_at: list[int] = []
        for i in slow_idx:
            rec = padded[i]
            row_n = first_row + keep_pos[i]
            row = {f: rec[c] for c, f in items if rec[c] != ""}
            try:
                norm = normalise_site(row, countries=compiled.catalog.countries)
            except InputError as exc:
                errors.append((row_n, site_label(row, row_n), exc.field, str(exc)))
                drop[i] = True
                continue
            fixed.append(norm)
            fixed_at.append(i)
            labels[i] = site_label(norm, row_n)
        if fixed:
            sites = patch(sites, np.array(fixed_at), bulk.sites_from_dicts(fixed, compiled))
    keep = np.flatnonzero(~drop)
    sites = sites.take(keep)
    bulk.complete(sites, compiled)
    errors.sort(key=lambda e: e[0])
    kept = keep.tolist()
    geometry = [chunk.geometry[keep_pos[i]] for i in kept] if chunk.geometry is not None else []
    return Checked(sites, [labels[i] for i in kept], [first_row + keep_pos[i] for i in kept], errors, geometry=geometry)


def patch(base: bulk.Sites, at: np.ndarray, new: bulk.Sites) -> bulk.Sites:
    """``base`` with rows ``at`` replaced by the rows of ``new`` (widening the degradation table)."""
    from dataclasses import fields as dc_fields

    width = max(base.degradation.shape[1], new.degradation.shape[1])
    out = {}
    for f in dc_fields(base):
        a, b = getattr(base, f.name), getattr(new, f.name)
        if f.name == "shares":
            if a is None and b is None:
                out[f.name] = None
                continue
            n_p = (b if b is not None else a).shape[1]
            a = np.full((len(base), n_p), np.nan) if a is None else a
            b = np.full((len(new), n_p), np.nan) if b is None else b
        if f.name == "degradation":
            a = np.pad(a, ((0, 0), (0, width - a.shape[1])), constant_values=-1)
            b = np.pad(b, ((0, 0), (0, width - b.shape[1])), constant_values=-1)
        a = a.copy()
        a[at] = b
        out[f.name] = a
    return bulk.Sites(**out)
