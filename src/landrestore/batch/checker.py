"""Checking a chunk's rows: every good row becomes a column of sites, every bad row an error.

CSV rows are checked column by column, and every row the columnar check is unsure of goes
through the single-site checks (``model.site.normalise_site``), so a CSV row gets the same
message as the same site given to ``recommend``. Mapping rows (JSON Lines, YAML/JSON lists,
GeoJSON properties) take the same route, as the cells a CSV row would have, when their values
are plain; any other goes to the single-site checks with its own values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from landrestore.model import vocab
from landrestore.model.errors import InputError
from landrestore.model.site import ALIASES, FIELDS, LIST_FIELDS, NUMBERS, normalise_site
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
    ignored: list[str] = field(default_factory=list)  # GeoJSON properties that are not site fields


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


#: The fields a batch row may carry, in the column order the columnar check reads them.
ROW_FIELDS = tuple(f for f in FIELDS if f != "zones")
_ROW_INDEX = {f: i for i, f in enumerate(ROW_FIELDS)}
_ROW_MAPPING = dict(enumerate(ROW_FIELDS))
_FEATURES = frozenset(vocab.SITE_FEATURES)


#: A mapping key's column (or UNKNOWN, ZONES, OURS), cached per process: a file repeats its keys.
_KEYS: dict[Any, int] = {}
UNKNOWN, ZONES, OURS = -1, -2, -3


def _key_index(key: Any) -> int:
    ix = _KEYS.get(key)
    if ix is None:
        name = key.strip() if isinstance(key, str) else str(key)
        name = ALIASES.get(name, name)
        ix = _ROW_INDEX.get(name, ZONES if name == "zones" else OURS if name == "landrestore" else UNKNOWN)
        if len(_KEYS) < 10_000:
            _KEYS[key] = ix
    return ix


def check_mappings(chunk: Chunk, compiled: bulk.Compiled, ignore_unknown: bool = False) -> Checked:
    """Rows as mappings (JSON Lines, YAML/JSON lists, GeoJSON properties). A row whose values are
    plain (text, numbers, a list of ids, a yes/no feature) is turned into the cells a CSV row
    would have and checked column by column; any other row, and any row the columnar check is
    unsure of, goes through the single-site checks with its own values, so the messages are
    those of ``recommend``. With ``ignore_unknown`` (GeoJSON, whose features carry a GIS layer's
    attributes) a property that is not a site field is not read; the names are in ``ignored``."""
    items = chunk.items or []
    width = len(ROW_FIELDS)
    records: list[list[str] | Bad | None] = []
    forced = np.zeros(len(items), dtype=bool)
    ignored: set[str] = set()
    for pos, (row, _) in enumerate(items):
        if row is None or isinstance(row, Bad):
            records.append(row)
            continue
        rec = [""] * width
        plain = True
        for key, value in row.items():
            ix = _key_index(key)
            if ix < 0:
                if not ignore_unknown or ix == ZONES:
                    plain = False
                elif ix == UNKNOWN:
                    ignored.add(str(key)[:80])
                continue
            kind = type(value)
            if kind is str:
                rec[ix] = value
            elif kind is int or kind is float:
                rec[ix] = repr(value)
            elif value is None:
                rec[ix] = ""
            elif kind is list and ROW_FIELDS[ix] in LIST_FIELDS:
                try:
                    joined = ";".join(value)  # a TypeError for any item that is not text
                except TypeError:
                    joined = None
                if joined is None or "," in joined or joined.count(";") != len(value) - 1:
                    plain = False  # an item that is not an id on its own: the single-site checks say why
                else:
                    rec[ix] = joined
            elif kind is bool and ROW_FIELDS[ix] in _FEATURES:
                rec[ix] = "true" if value else "false"
            else:
                plain = False
        records.append(rec)
        if not plain:
            forced[pos] = True
    synthetic = Chunk(
        index=chunk.index,
        first_row=chunk.first_row,
        rows=chunk.rows,
        records=records,
        geometry=[g for _, g in items],
        end=chunk.end,
    )
    originals = [r for r, _ in items]
    checked = check_csv(synthetic, _ROW_MAPPING, compiled, forced=forced, originals=originals, known_only=ignore_unknown)
    checked.props = [items[n - chunk.first_row][0] for n in checked.rows]
    checked.ignored = sorted(ignored)
    return checked


def _known(row: dict[Any, Any]) -> dict[Any, Any]:
    """A GeoJSON feature's properties without those that are not site fields (they are not read)."""
    return {k: v for k, v in row.items() if _key_index(k) not in (UNKNOWN, OURS)}


def check_csv(
    chunk: Chunk,
    mapping: dict[int, str],
    compiled: bulk.Compiled,
    forced: np.ndarray | None = None,
    originals: list[Any] | None = None,
    known_only: bool = False,
) -> Checked:
    """CSV records checked column by column; rows the fast check is unsure of, and rows ``forced``
    (by position in the chunk), go through the single-site checks (the same messages as
    ``recommend``), with their ``originals`` where given (only their site fields if
    ``known_only``), else their cells."""
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
    slow = forced[keep_pos] if forced is not None and n else np.zeros(n, dtype=bool)

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
        horizon=np.where(np.isfinite(nums["horizon_years"]), nums["horizon_years"], 20).astype(
            np.int64
        ),  # a bad one is patched below
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
            if originals is not None:
                row = _known(originals[keep_pos[i]]) if known_only else originals[keep_pos[i]]
            else:
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
