"""Parquet and GeoParquet in and out of `batch`: the same rows as CSV, typed; the geometry and its
CRS carried through; resume and bad rows as for any other format."""

from __future__ import annotations

import csv
import io
import json
import struct
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from landrestore.batch import run as run_module  # noqa: E402
from landrestore.batch.run import run  # noqa: E402
from landrestore.model.errors import UserError  # noqa: E402

SITES = {
    "id": ["a", "b", "c", "d"],
    "biome": ["mangroves", "montane_grasslands_shrublands", "nowhere", "deserts_xeric_shrublands"],
    "degradation": [["water_erosion"], ["water_erosion", "vegetation_loss"], ["water_erosion"], ["wind_erosion"]],
    "severity": ["strong", "strong", "strong", "moderate"],
    "slope_pct": [1.0, 25.0, None, 3.0],
    "area_ha": [10.0, 120.0, 5.0, None],
    "budget_usd": [None, 30000.0, None, 5000.0],
    "country": ["VNM", "ETH", None, "MRT"],
}
CRS = {"id": {"authority": "EPSG", "code": 4326}}


def point(x: float, y: float) -> bytes:
    """A WKB point (little endian), as GeoParquet stores geometry."""
    return struct.pack("<BIdd", 1, 1, x, y)


def write_sites(path: Path, geometry: bool = False) -> None:
    table = pa.table(SITES)
    if geometry:
        table = table.append_column("geometry", pa.array([point(i, -i) for i in range(4)], pa.binary()))
        geo = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {"encoding": "WKB", "crs": CRS}}}
        table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    pq.write_table(table, path)


def csv_sites(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(SITES)
        for i in range(4):
            row = []
            for col in SITES.values():
                v = col[i]
                row.append(";".join(v) if isinstance(v, list) else ("" if v is None else v))
            w.writerow(row)


def test_parquet_in_gives_the_rows_of_the_same_sites_in_csv(tmp_path: Path) -> None:
    write_sites(tmp_path / "in.parquet")
    csv_sites(tmp_path / "in.csv")
    a = run(str(tmp_path / "in.parquet"), str(tmp_path / "a.csv"))
    b = run(str(tmp_path / "in.csv"), str(tmp_path / "b.csv"))
    assert (a.sites_ok, a.sites_failed) == (b.sites_ok, b.sites_failed) == (3, 1)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.errors.csv").read_bytes() == (tmp_path / "b.errors.csv").read_bytes()


def test_parquet_out_holds_the_csv_rows_typed(tmp_path: Path) -> None:
    csv_sites(tmp_path / "in.csv")
    run(str(tmp_path / "in.csv"), str(tmp_path / "out.csv"))
    run(str(tmp_path / "in.csv"), str(tmp_path / "out.parquet"))
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("rank").type == pa.int16() and table.schema.field("score").type == pa.float64()
    assert table.schema.field("within_budget").type == pa.bool_()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    got = table.to_pylist()
    assert len(got) == len(rows)
    for g, r in zip(got, rows, strict=True):
        assert g["site"] == r["site"] and (g["practice_id"] or "") == r["practice_id"]
        assert f"{g['score']:.4f}" == r["score"] if g["score"] is not None else r["score"] == ""
        assert f"{g['total_typical']:.2f}" == r["total_typical"] if g["total_typical"] is not None else True
        assert ("" if g["within_budget"] is None else str(g["within_budget"]).lower()) == r["within_budget"]
        assert g["main_reason"] == r["main_reason"]


def test_geoparquet_geometry_and_crs_are_carried_through(tmp_path: Path) -> None:
    write_sites(tmp_path / "in.parquet", geometry=True)
    run(str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet"))
    table = pq.read_table(tmp_path / "out.parquet")
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["crs"] == CRS
    by_site = {r["site"]: r["geometry"] for r in table.to_pylist()}
    assert by_site["a"] == point(0, 0) and by_site["b"] == point(1, -1) and by_site["d"] == point(3, -3)


def test_geoparquet_from_geopandas_opens_in_geopandas_with_its_geometry_and_crs(tmp_path: Path) -> None:
    geopandas = pytest.importorskip("geopandas")
    shapely = pytest.importorskip("shapely")
    cells = [shapely.box(500000 + 1000 * i, 1500000, 501000 + 1000 * i, 1501000) for i in range(4)]
    frame = geopandas.GeoDataFrame(
        {k: v for k, v in SITES.items() if k != "degradation"} | {"degradation": [";".join(d) for d in SITES["degradation"]]},
        geometry=cells,
        crs="EPSG:32637",  # UTM zone 37N, as a national grid in Ethiopia is often held
    )
    frame.to_parquet(tmp_path / "in.parquet")
    summary = run(str(tmp_path / "in.parquet"), str(tmp_path / "out.parquet"))
    assert (summary.sites_ok, summary.sites_failed) == (3, 1)
    out = geopandas.read_parquet(tmp_path / "out.parquet")
    assert out.crs == frame.crs
    assert set(out["site"]) == {"a", "b", "d"}
    for site, geom in zip(out["site"], out.geometry, strict=True):  # every option row carries its site's cell
        assert geom.equals_exact(cells[SITES["id"].index(site)], 0), f"site {site}"


def test_a_killed_parquet_run_resumes_to_the_uninterrupted_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv_sites(tmp_path / "in.csv")
    ref = tmp_path / "ref" / "out.parquet"
    ref.parent.mkdir()
    run(str(tmp_path / "in.csv"), str(ref))
    out = tmp_path / "out.parquet"

    class Kill(BaseException):
        pass

    def killed(*args):
        raise Kill

    with monkeypatch.context() as m:
        m.setattr(run_module, "_finish", killed)
        with pytest.raises(Kill):
            run(str(tmp_path / "in.csv"), str(out))
    assert not out.exists()
    run(str(tmp_path / "in.csv"), str(out), resume=True)
    assert pq.read_table(out).equals(pq.read_table(ref))
    assert not list(tmp_path.glob(".out.parquet*")), "no partial, journal or converted file is left"


def test_parquet_to_a_device_is_refused(tmp_path: Path) -> None:
    csv_sites(tmp_path / "in.csv")
    with pytest.raises(UserError, match="Parquet is written to a file"):
        run(str(tmp_path / "in.csv"), "-", output_format="parquet")


def test_a_file_that_is_not_parquet_is_a_clear_error(tmp_path: Path) -> None:
    from landrestore.model.errors import InputError

    bad = tmp_path / "in.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        run(str(bad), str(tmp_path / "out.csv"))


def test_progress_counts_parquet_rows_against_the_file_s_rows(tmp_path: Path) -> None:
    write_sites(tmp_path / "in.parquet")
    seen: list[tuple[int, int | None]] = []
    run(str(tmp_path / "in.parquet"), str(tmp_path / "out.csv"), progress=lambda pos, total, s: seen.append((pos, total)))
    assert seen[-1] == (4, 4)
