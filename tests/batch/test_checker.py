"""Checking a chunk's mapping rows: the columnar route gives the columns and the messages of the
single-site checks, whatever the rows hold."""

from __future__ import annotations

import random
from dataclasses import fields
from typing import Any

import numpy as np
import pytest
from test_batch import random_rows

from landrestore.batch import columns as bulk
from landrestore.batch.checker import check_mappings
from landrestore.batch.readers import Bad, Chunk
from landrestore.model.errors import InputError
from landrestore.model.site import normalise_site
from landrestore.model.vocab import SITE_FEATURES


@pytest.fixture(scope="module")
def compiled(catalog):
    return bulk.Compiled(catalog)


def typed(row: dict[str, str], rnd: random.Random) -> dict[str, Any]:
    """A spreadsheet row as a JSON or GeoJSON writer would type it: numbers as numbers, lists as
    lists, yes/no as booleans, some values odd (a bool for a number, a list with a non-id)."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if v == "":
            if rnd.random() < 0.3:
                out[k] = None
            continue
        if k in ("rainfall_mm", "slope_pct", "soil_ph", "area_ha", "budget_usd", "discount_rate") and rnd.random() < 0.8:
            try:
                out[k] = float(v)
                continue
            except ValueError:
                pass
        if k == "horizon_years" and rnd.random() < 0.8:
            out[k] = int(v)
        elif k in ("degradation", "land_use") and rnd.random() < 0.8:
            out[k] = [p.strip() for p in v.replace(",", ";").split(";") if p.strip()]
        elif k in SITE_FEATURES and v.lower() in ("yes", "true", "no", "0") and rnd.random() < 0.8:
            out[k] = v.lower() in ("yes", "true")
        else:
            out[k] = v
    odd = rnd.random()
    if odd < 0.05:
        out["slope_pct"] = True
    elif odd < 0.1:
        out["degradation"] = ["water_erosion", 3]
    elif odd < 0.15:
        out["area_ha"] = float("inf")
    elif odd < 0.2:
        out["land_use"] = ["cropland;forest"]
    return out


def equal_columns(a: bulk.Sites, b: bulk.Sites) -> None:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x is None or y is None:
            assert x is None and y is None, f.name
            continue
        if f.name == "degradation":  # widths may differ by padding
            w = max(x.shape[1], y.shape[1])
            x = np.pad(x, ((0, 0), (0, w - x.shape[1])), constant_values=-1)
            y = np.pad(y, ((0, 0), (0, w - y.shape[1])), constant_values=-1)
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f.name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mapping_rows_get_the_columns_and_messages_of_the_single_site_checks(compiled, catalog, seed: int) -> None:
    rnd = random.Random(seed)
    rows: list[Any] = [typed(r, rnd) for r in random_rows(300, seed=seed)]
    rows[5] = None  # a blank line
    rows[9] = Bad("not valid JSON")
    chunk = Chunk(index=0, first_row=1, rows=len(rows), items=[(r, None) for r in rows], end=len(rows))
    checked = check_mappings(chunk, compiled)
    good, rows_ok, errors = [], [], []
    for n, r in enumerate(rows, start=1):
        if r is None:
            continue
        if isinstance(r, Bad):
            errors.append((n, "row", r.message))
            continue
        try:
            good.append(normalise_site(r, countries=catalog.countries))
            rows_ok.append(n)
        except InputError as exc:
            errors.append((n, exc.field, str(exc)))
    assert [(e[0], e[2], e[3]) for e in checked.errors] == errors
    assert checked.rows == rows_ok
    want = bulk.sites_from_dicts(good, compiled)
    bulk.complete(want, compiled)
    equal_columns(checked.sites, want)


def test_geojson_properties_that_are_not_site_fields_are_not_read(compiled) -> None:
    props = {"OBJECTID": 7, "biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong", "landrestore": {}}
    chunk = Chunk(index=0, first_row=1, rows=1, items=[(props, None)], end=1)
    assert check_mappings(chunk, compiled).errors[0][2] == "OBJECTID"  # a site file: an unknown field
    checked = check_mappings(chunk, compiled, ignore_unknown=True)  # a GIS layer: another attribute
    assert (checked.errors, checked.ignored, checked.props) == ([], ["OBJECTID"], [props])
