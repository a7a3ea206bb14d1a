"""Batch benchmark. Targets on a 2-core machine: 1,000,000 generated sites, CSV in, CSV of the top 3
out, in at most 20 s with peak memory at most 1 GiB (all processes together); at least 30x the
throughput of calling recommend() in a loop; Parquet to Parquet at least as fast as CSV to CSV; JSON
Lines and GeoJSON out at 20,000 sites/s per job or more (from CSV and from GeoJSON in); and the Dask
engine on a local cluster of 2 workers against the local engine with --jobs 2 on 200,000 sites, with
the same bytes out. Run: `.venv/bin/python benchmarks/batch.py [N]`."""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIOMES = [
    "montane_grasslands_shrublands",
    "tropical_subtropical_grasslands_savannas_shrublands",
    "deserts_xeric_shrublands",
    "tropical_subtropical_moist_broadleaf_forests",
    "temperate_broadleaf_mixed_forests",
    "mediterranean_forests_woodlands_scrub",
]
DEGRADATION = [
    "water_erosion",
    "vegetation_loss",
    "nutrient_decline",
    "wind_erosion",
    "crusting_sealing",
    "salinization",
    "compaction",
]


def generate(path: Path, n: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["id", "country", "biome", "rainfall_mm", "slope_pct", "land_use", "degradation", "severity", "area_ha", "budget_usd"]
        )
        for i in range(n):
            w.writerow(
                [
                    f"cell{i}",
                    rnd.choice(["ETH", "KEN", "BFA", "NER"]),
                    rnd.choice(BIOMES),
                    round(rnd.uniform(100, 2000), 1),
                    round(rnd.uniform(0, 40), 1),
                    rnd.choice(["cropland", "grazing_land", "forest", "barren", "mixed"]),
                    ";".join(rnd.sample(DEGRADATION, rnd.randint(1, 3))),
                    rnd.choice(["light", "moderate", "strong", "extreme"]),
                    round(rnd.uniform(1, 500), 1),
                    rnd.choice(["", str(rnd.randint(1000, 200000))]),
                ]
            )


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return total


def timed_batch(src: Path, out: Path, jobs: int, *extra: str) -> tuple[float, int]:
    cmd = [
        sys.executable,
        "-m",
        "landrestore",
        "batch",
        str(src),
        "-o",
        str(out),
        "--top",
        "3",
        "--jobs",
        str(jobs),
        "-q",
        *extra,
    ]
    peak = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd)
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.05)

    th = threading.Thread(target=watch, daemon=True)
    th.start()
    proc.wait()
    elapsed = time.perf_counter() - t
    done.set()
    th.join()
    if proc.returncode != 0:
        sys.exit(f"batch failed with exit code {proc.returncode}")
    return elapsed, peak


def loop_rate(src: Path, n: int = 1000) -> float:
    """Sites per second of recommend() called in a Python loop."""
    from landrestore import load_catalog
    from landrestore.api import recommend_data

    cat = load_catalog()
    with src.open(newline="") as fh:
        rows = [{k: v for k, v in r.items() if v} for _, r in zip(range(n), csv.DictReader(fh), strict=False)]
    t = time.perf_counter()
    for r in rows:
        recommend_data(r, cat, top=3)
    return len(rows) / (time.perf_counter() - t)


def to_parquet(src: Path, dest: Path) -> None:
    """The same sites as a Parquet file (degradation as a list column, as GIS tools write it)."""
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    table = pcsv.read_csv(src, convert_options=pcsv.ConvertOptions(strings_can_be_null=True))
    deg = pc.split_pattern(table.column("degradation"), ";")
    table = table.set_column(table.schema.get_field_index("degradation"), "degradation", deg)
    pq.write_table(table, dest, row_group_size=100_000)


def to_geojson(src: Path, dest: Path) -> Path:
    """The same sites as a GeoJSON FeatureCollection of points, typed as GIS tools write them."""
    import json

    rnd = random.Random(7)
    numbers = ("rainfall_mm", "slope_pct", "area_ha", "budget_usd")
    with src.open(newline="") as fh, dest.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for i, row in enumerate(csv.DictReader(fh)):
            props: dict = {k: v for k, v in row.items() if v}
            for k in numbers:
                if k in props:
                    props[k] = float(props[k])
            props["degradation"] = props["degradation"].split(";")
            point = [round(rnd.uniform(-20, 50), 5), round(rnd.uniform(-35, 35), 5)]
            feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}, "properties": props}
            out.write(("," if i else "") + json.dumps(feature) + "\n")
        out.write("]}\n")
    return dest


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sites.csv"
        generate(src, n)
        size = src.stat().st_size / 2**20
        elapsed, peak = timed_batch(src, Path(tmp) / "out.csv", jobs)
        rate = n / elapsed
        loop = loop_rate(src)
        print(
            f"{n:,} sites ({size:.0f} MiB CSV) -> top 3 CSV with --jobs {jobs}: {elapsed:.1f} s ({rate:,.0f} sites/s), peak memory {peak / 2**20:.2f} GiB"
        )
        print(f"recommend() in a loop: {loop:,.0f} sites/s; batch is {rate / loop:.0f}x faster (target >= 30x)")
        ok = (n < 1_000_000 or elapsed <= 20) and peak <= 2**20 and rate / loop >= 30
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            print("Parquet: pyarrow is not installed (pip install 'landrestore[parquet]')")
        else:
            pq_src = Path(tmp) / "sites.parquet"
            to_parquet(src, pq_src)
            p_elapsed, p_peak = timed_batch(pq_src, Path(tmp) / "out.parquet", jobs)
            print(
                f"{n:,} sites Parquet -> top 3 Parquet with --jobs {jobs}: {p_elapsed:.1f} s ({n / p_elapsed:,.0f} sites/s), peak memory {p_peak / 2**20:.2f} GiB"
            )
            ok = ok and p_elapsed <= elapsed * 1.05 and p_peak <= 2**20
        m = min(n, 200_000)
        small = Path(tmp) / "small.csv"
        generate(small, m)
        for name, src_file in (("CSV", small), ("GeoJSON", to_geojson(small, Path(tmp) / "small.geojson"))):
            for fmt in ("jsonl", "geojson"):
                j_elapsed, j_peak = timed_batch(src_file, Path(tmp) / f"out.{fmt}", 1)
                rate_j = m / j_elapsed
                ok = ok and rate_j >= 20_000
                print(
                    f"{m:,} sites {name} -> {'JSON Lines' if fmt == 'jsonl' else 'GeoJSON'} with --jobs 1: {j_elapsed:.1f} s ({rate_j:,.0f} sites/s per job), peak memory {j_peak / 2**20:.2f} GiB"
                )
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("Dask: not installed (pip install 'landrestore[dask]')")
        else:
            local_s, _ = timed_batch(small, Path(tmp) / "local.csv", 2)
            dask_s, dask_peak = timed_batch(small, Path(tmp) / "dask.csv", 2, "--engine", "dask")
            same = (Path(tmp) / "local.csv").read_bytes() == (Path(tmp) / "dask.csv").read_bytes()
            print(
                f"{m:,} sites CSV -> CSV, Dask engine on a local cluster of 2 workers: {dask_s:.1f} s against {local_s:.1f} s "
                f"for the local engine with --jobs 2 (ratio {local_s / dask_s:.2f}; same bytes: {'yes' if same else 'NO'}), "
                f"peak memory {dask_peak / 2**20:.2f} GiB"
            )
            ok = ok and same
        print("ok" if ok else "MISSED A TARGET")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
