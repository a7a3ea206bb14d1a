"""Scoring a checked chunk in bulk, and handing its rows to the writers.

``Scored`` holds the best options of every site of a chunk as arrays (from ``engine.bulk``);
writers read it through ``csv_text`` (the CSV lines), ``jsonl_text`` (one JSON object per site,
the fields of ``recommend --format json`` they carry), ``features`` (GeoJSON) and ``columns``
(Parquet). Texts come from the
rendering layer, computed once per practice and set of degradation types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from landrestore.engine import assess, suitability
from landrestore.model import vocab
from landrestore.render import localise
from landrestore.render.i18n import Translator
from landrestore.render.writers import csvfmt

from . import columns as bulk
from .checker import Checked

FACTOR_IDS = list(suitability.FACTORS)


class Texts:
    """Rendered texts the rows need, cached: CSV cells of each practice, main reasons."""

    def __init__(self, compiled: bulk.Compiled, lang: str = "en") -> None:
        self.compiled = compiled
        self.tr = Translator(lang, compiled.catalog)
        self.names = [self.tr.name(p) for p in compiled.practices]
        self.cells = [
            (f"{csvfmt.cell(p['id'])},{csvfmt.cell(n)}", f"{p['intervention']},{p['ldn_response']}")
            for p, n in zip(compiled.practices, self.names, strict=True)
        ]
        self._reasons: dict[tuple[int, int], dict[str, Any]] = {}

    def main_reason(self, j: int, deg_mask: int) -> dict[str, Any]:
        """``assess.main_reason`` with its text, for practice ``j`` and a set of degradation types."""
        key = (j, deg_mask)
        got = self._reasons.get(key)
        if got is None:
            site = {"degradation": bulk.ids_of(deg_mask, vocab.DEGRADATION_TYPES)}
            got = self._reasons[key] = localise.with_text(assess.main_reason(site, self.compiled.practices[j]), self.tr)
        return got


class Scored:
    """A chunk's best options per site, and the rows every writer needs."""

    def __init__(self, checked: Checked, compiled: bulk.Compiled, texts: Texts, top: int | None) -> None:
        self.checked, self.compiled, self.texts = checked, compiled, texts
        self.res = compiled.top(checked.sites, top) if len(checked.sites) else None
        # A degradation set as given, in the site's order, for the main reason (which sorts it).
        self.deg_masks = checked.sites.deg_mask.tolist()

    def best(self) -> tuple[Counter, float]:
        """How often each practice came first, and the sum of the first options' typical totals."""
        if self.res is None or self.res["order"].shape[1] == 0:
            return Counter(), 0.0
        first = self.res["order"][:, 0]
        ok = first >= 0
        counts = Counter(self.compiled.ids[j] for j in first[ok].tolist())
        return counts, float(self.res["total_typical"][:, 0][ok].sum())

    def csv_text(self) -> str:
        """CSV lines for the chunk's sites in input order; a site where nothing fits gets one line."""
        checked, res = self.checked, self.res
        labels = [csvfmt.cell(x) for x in checked.labels]
        if res is None:
            return ""
        order = res["order"]
        ok = order >= 0
        site_i, rank_i = np.nonzero(ok)
        j = order[site_i, rank_i]
        flat = {
            k: res[k][site_i, rank_i].tolist()
            for k in ("score", "total_low", "total_typical", "total_high", "affordable", "suitability", "limiting")
        }
        has_budget = (~np.isnan(checked.sites.budget))[site_i].tolist()
        within = res["within"][site_i, rank_i].tolist()
        cells, texts, year, fmt = self.texts.cells, self.texts, self.compiled.year, csvfmt.ROW
        masks = self.deg_masks
        reason_cell: dict[tuple[int, int], str] = {}
        suit_cell: dict[tuple[float, int], str] = {}
        lines = []
        for i, r, jj, sc, tl, tt, th, af, sv, lim, hb, wb in zip(
            site_i.tolist(),
            rank_i.tolist(),
            j.tolist(),
            flat["score"],
            flat["total_low"],
            flat["total_typical"],
            flat["total_high"],
            flat["affordable"],
            flat["suitability"],
            flat["limiting"],
            has_budget,
            within,
            strict=True,
        ):
            key = (jj, masks[i])
            rc = reason_cell.get(key)
            if rc is None:
                rc = reason_cell[key] = csvfmt.cell(texts.main_reason(jj, masks[i])["text"])
            suit = suit_cell.get((sv, lim))
            if suit is None:
                suit = suit_cell[(sv, lim)] = f"{suitability.suitability_class(sv)},{FACTOR_IDS[lim] if lim >= 0 else ''}"
            # csvfmt.row, inlined: the same format string, without a call per line
            if hb:
                lines.append(
                    fmt
                    % (
                        labels[i],
                        r + 1,
                        cells[jj][0],
                        sc,
                        suit,
                        cells[jj][1],
                        tl,
                        tt,
                        th,
                        "true" if wb else "false",
                        f"{af:.2f}",
                        year,
                        rc,
                    )
                )
            else:
                lines.append(fmt % (labels[i], r + 1, cells[jj][0], sc, suit, cells[jj][1], tl, tt, th, "", "", year, rc))
        n = len(labels)
        empty = np.flatnonzero(~ok[:, 0]) if order.shape[1] else np.arange(n)
        if len(empty):
            keys = np.concatenate([site_i * 2 + 1, empty * 2])
            merged = lines + [csvfmt.empty_row(labels[i]) for i in empty.tolist()]
            lines = [merged[k] for k in np.argsort(keys, kind="stable").tolist()]
        return "".join(lines)

    def columns(self, geometry_column: str | None = None) -> dict[str, Any]:
        """The CSV output's rows as typed columns for Arrow (Parquet): one row per site and option in
        input order, a site where nothing fits one row without a practice; with its geometry if
        asked. Numbers are kept unrounded (the CSV prints them rounded); missing values are None."""
        import pyarrow as pa

        checked, res, comp, texts = self.checked, self.res, self.compiled, self.texts
        n = len(checked.labels)
        order = res["order"] if res is not None else np.full((n, 0), -1)
        ok = order >= 0
        site_i, rank_i = np.nonzero(ok)
        j = order[site_i, rank_i]
        empty = np.flatnonzero(~ok[:, 0]) if order.shape[1] else np.arange(n)
        perm = np.argsort(np.concatenate([site_i * 2 + 1, empty * 2]), kind="stable")
        is_empty = np.concatenate([np.zeros(len(site_i), bool), np.ones(len(empty), bool)])[perm]

        def obj(values: Any, fill: Any = None) -> Any:
            both = np.concatenate([np.asarray(values, dtype=object), np.full(len(empty), fill, dtype=object)])
            return both[perm]

        def num(values: Any, kind: Any, mask: Any = None) -> Any:
            both = np.concatenate([np.asarray(values, dtype=np.float64), np.zeros(len(empty))])[perm]
            m = is_empty if mask is None else (is_empty | np.concatenate([mask, np.ones(len(empty), bool)])[perm])
            return pa.array(both.astype(kind.to_pandas_dtype()) if kind != pa.float64() else both, type=kind, mask=m)

        labels = np.array(checked.labels, dtype=object)
        ids = np.array(comp.ids, dtype=object)
        practices = comp.practices
        get = (lambda k: res[k][site_i, rank_i]) if res is not None else (lambda k: np.zeros(0))
        sv = get("suitability")
        classes = np.array(["S1", "S2", "S3", "N"], dtype=object)[suitability.class_index(sv)] if len(sv) else []
        lim = get("limiting").astype(np.int64) if res is not None else np.zeros(0, np.int64)
        factors = np.array([*FACTOR_IDS, None], dtype=object)[np.where(lim >= 0, lim, len(FACTOR_IDS))]
        no_budget = np.isnan(checked.sites.budget)[site_i]
        masks = np.asarray(self.deg_masks, dtype=np.int64)[site_i] if len(site_i) else np.zeros(0, np.int64)
        key = j.astype(np.int64) * (1 << 32) + masks
        uniq, inv = np.unique(key, return_inverse=True)
        reasons = np.array([texts.main_reason(int(k >> 32), int(k & 0xFFFFFFFF))["text"] for k in uniq.tolist()], dtype=object)[
            inv.reshape(-1)
        ]
        within = get("within") if res is not None else np.zeros(0, bool)
        out: dict[str, Any] = {
            "site": np.concatenate([labels[site_i], labels[empty]])[perm],
            "rank": num(rank_i + 1, pa.int16()),
            "practice_id": obj(ids[j]),
            "name": obj(np.array(texts.names, dtype=object)[j]),
            "score": num(get("score"), pa.float64()),
            "suitability": obj(classes),
            "limiting_factor": obj(factors),
            "intervention": obj(np.array([p["intervention"] for p in practices], dtype=object)[j]),
            "ldn_response": obj(np.array([p["ldn_response"] for p in practices], dtype=object)[j]),
            "total_low": num(get("total_low"), pa.float64()),
            "total_typical": num(get("total_typical"), pa.float64()),
            "total_high": num(get("total_high"), pa.float64()),
            "within_budget": pa.array(
                np.concatenate([within.astype(bool), np.zeros(len(empty), bool)])[perm],
                type=pa.bool_(),
                mask=is_empty | np.concatenate([no_budget, np.ones(len(empty), bool)])[perm],
            ),
            "affordable_area_ha": num(get("affordable"), pa.float64(), no_budget),
            "currency": obj(np.full(len(site_i), "USD", dtype=object)),
            "price_year": num(np.full(len(site_i), comp.year), pa.int16()),
            "main_reason": obj(reasons, csvfmt.NO_FIT),
        }
        if geometry_column:
            geom = np.array(checked.geometry if checked.geometry else [None] * n, dtype=object)
            out[geometry_column] = np.concatenate([geom[site_i], geom[empty]])[perm]
        return out

    def _lists(self) -> dict[str, Any]:
        """The chunk's result arrays as Python lists, once (indexing numpy scalars one by one is
        slow), with the budget flags and a class per suitability value."""
        cached = getattr(self, "_as_lists", None)
        if cached is None:
            res = self.res
            keys = (
                "order",
                "limiting",
                "suitability",
                "score",
                "total_low",
                "total_typical",
                "total_high",
                "within",
                "affordable",
            )
            cached = {k: res[k].tolist() for k in keys}
            cached["has_budget"] = (~np.isnan(self.checked.sites.budget)).tolist()
            cached["class"] = {}
            self._as_lists = cached
        return cached

    def _ranked(self, i: int) -> Iterator[tuple[int, int, float, str, int]]:
        """Site ``i``'s options, best first: rank index, practice index, suitability value, its
        class and the limiting factor's index (-1: none)."""
        lists = self._lists()
        classes = lists["class"]
        for r, j in enumerate(lists["order"][i]):
            if j < 0:
                return
            sv = lists["suitability"][i][r]
            cls = classes.get(sv)
            if cls is None:
                cls = classes[sv] = suitability.suitability_class(sv)
            yield r, j, sv, cls, lists["limiting"][i][r]

    def _options_json(self) -> Iterator[str]:
        """Each site's ``options`` as JSON text, written from the arrays with fragments cached per
        practice and reason: the same JSON values as ``recommend --format json`` gives (a number
        printed as %.2f parses to the value ``round(x, 2)`` gives, since both round the exact
        binary value correctly)."""
        import orjson

        def js(v: Any) -> str:
            return orjson.dumps(v).decode("utf-8")

        if self.res is None:
            for _ in self.checked.rows:
                yield "[]"
            return
        comp, texts = self.compiled, self.texts
        head = getattr(self, "_json_heads", None)
        if head is None:
            head = [f'"practice_id":{js(comp.ids[j])},"name":{js(texts.names[j])}' for j in range(comp.n)]
            self._json_heads = head
        reasons: dict[tuple[int, int], str] = {}
        factor = [js(f) for f in FACTOR_IDS]
        year = comp.year
        lists = self._lists()
        masks = self.deg_masks
        for i in range(len(self.checked.rows)):
            opts = []
            hb = lists["has_budget"][i]
            for r, j, sv, cls, lim in self._ranked(i):
                key = (j, masks[i])
                reason = reasons.get(key)
                if reason is None:
                    reason = reasons[key] = js(texts.main_reason(j, masks[i]))
                budget = (
                    f',"within_budget":{"true" if lists["within"][i][r] else "false"},"affordable_area_ha":{lists["affordable"][i][r]:.2f}'
                    if hb
                    else ""
                )
                opts.append(
                    f'{{"rank":{r + 1},{head[j]},"score":{lists["score"][i][r]:.4f},'
                    f'"suitability":{{"class":"{cls}","value":{sv!r},"limiting_factor":{factor[lim] if lim >= 0 else "null"}}},'
                    f'"main_reason":{reason},"cost":{{"currency":"USD","year":{year},"total":{{'
                    f'"low":{lists["total_low"][i][r]:.2f},"typical":{lists["total_typical"][i][r]:.2f},"high":{lists["total_high"][i][r]:.2f}}}{budget}}}}}'
                )
            yield f"[{','.join(opts)}]"

    def jsonl_text(self) -> str:
        """One JSON object per site (row, label, ``options``) as JSON Lines."""
        import orjson

        return "".join(
            f'{{"row":{n},"site":{orjson.dumps(label).decode("utf-8")},"options":{opts}}}\n'
            for n, label, opts in zip(self.checked.rows, self.checked.labels, self._options_json(), strict=True)
        )

    def features_text(self) -> list[str]:
        """One GeoJSON feature per site, as JSON text: its geometry and properties as read, with
        the options added under ``landrestore`` (replacing any property of that name)."""
        import orjson

        n = len(self.checked.rows)
        out = []
        for props, geom, opts in zip(
            self.checked.props or [{}] * n, self.checked.geometry or [None] * n, self._options_json(), strict=True
        ):
            p = props if isinstance(props, dict) else {}
            if "landrestore" in p:
                p = {k: v for k, v in p.items() if k != "landrestore"}
            head = orjson.dumps(p).decode("utf-8")[:-1]
            out.append(
                f'{{"type":"Feature","geometry":{orjson.dumps(geom).decode("utf-8")},'
                f'"properties":{head}{"," if p else ""}"landrestore":{{"options":{opts}}}}}}}'
            )
        return out
