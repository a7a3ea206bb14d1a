"""Reading within limits and writing only where it is safe (io/limits.py, io/output.py).

A device or a FIFO given as an input is refused before it is read, so nothing can run forever
or fill the memory; a device given as an output is written as it is and never replaced; a folder,
or an errors file that is the output, is refused with one line and exit 2.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landrestore.io.limits import ReadError, check_readable, read_bounded

SITE = "biome: mangroves\ndegradation: [water_erosion]\nseverity: strong\n"
CSV = "id,biome,degradation,severity\na,mangroves,water_erosion,strong\n"


def landrestore(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The command in its own process: a hang fails the test instead of stopping the suite."""
    env = {**os.environ}
    return subprocess.run([sys.executable, "-m", "landrestore", *args], env=env, capture_output=True, text=True, timeout=30)


def assert_one_error_line(err: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err


@pytest.fixture
def fifo(tmp_path: Path):
    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        return path

    return make


@pytest.mark.parametrize("command", ["recommend", "batch"])
def test_dev_zero_as_input_is_refused_at_once(tmp_path: Path, command: str) -> None:
    args = (
        ["recommend", "--site", "/dev/zero"] if command == "recommend" else ["batch", "/dev/zero", "-o", str(tmp_path / "o.csv")]
    )
    t = time.monotonic()
    r = landrestore(*args, tmp_path=tmp_path)
    assert time.monotonic() - t < 10
    assert r.returncode == 2
    assert_one_error_line(r.stderr)
    assert "not a regular file" in r.stderr


@pytest.mark.parametrize("command", ["recommend", "batch"])
def test_a_fifo_as_input_is_refused_without_waiting_for_a_writer(tmp_path: Path, fifo, command: str) -> None:
    if command == "recommend":
        args = ["recommend", "--site", str(fifo("site.yaml"))]
    else:
        args = ["batch", str(fifo("sites.csv")), "-o", str(tmp_path / "o.csv")]
    r = landrestore(*args, tmp_path=tmp_path)  # opening a FIFO for reading would block until the timeout
    assert r.returncode == 2
    assert_one_error_line(r.stderr)
    assert "not a regular file" in r.stderr


def test_check_readable_and_read_bounded(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_bytes(b"x" * 100)
    assert check_readable(f).st_size == 100
    assert read_bounded(f, 100) == b"x" * 100
    with pytest.raises(ReadError) as exc:
        read_bounded(f, 99, "site file", "LANDRESTORE_MAX_SITE_BYTES")
    assert (
        exc.value.code == "too-large"
        and "larger than 99 bytes" in str(exc.value)
        and "LANDRESTORE_MAX_SITE_BYTES" in str(exc.value)
    )
    with pytest.raises(ReadError) as exc:
        check_readable(tmp_path)
    assert "folder" in exc.value.message
    with pytest.raises(ReadError) as exc:
        check_readable(tmp_path / "missing.yaml")
    assert exc.value.code == "file-not-found"


@pytest.fixture
def dev_null():
    """/dev/null, checked before and after; if a test replaced it, it is made a device again."""
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    yield "/dev/null"
    after = os.lstat("/dev/null")
    if not stat.S_ISCHR(after.st_mode) and os.geteuid() == 0:
        os.unlink("/dev/null")
        os.mknod("/dev/null", stat.S_IFCHR | 0o666, before.st_rdev)
        os.chmod("/dev/null", 0o666)
    assert stat.S_ISCHR(after.st_mode), "/dev/null was replaced by a regular file"
    assert after.st_rdev == before.st_rdev


def test_recommend_to_dev_null_writes_to_the_device(tmp_path: Path, cli, dev_null) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    r = cli("recommend", "--site", site, "--format", "json", "-o", dev_null)
    assert r.code == 0, r.err
    assert r.out == ""


def test_batch_to_dev_null_writes_to_the_device(tmp_path: Path, cli, dev_null, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "sites.csv"
    src.write_text(CSV, encoding="utf-8")
    r = cli("batch", src, "-o", dev_null, "--output-format", "csv", "-q")
    assert r.code == 0, r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.csv"], "nothing written beside the input"


def test_batch_resume_into_a_device_is_refused(tmp_path: Path, cli, dev_null) -> None:
    src = tmp_path / "sites.csv"
    src.write_text(CSV, encoding="utf-8")
    r = cli("batch", src, "-o", dev_null, "--output-format", "csv", "--resume")
    assert r.code == 2
    assert_one_error_line(r.err)


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path, cli) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    folder = tmp_path / "advice.json"
    folder.mkdir()
    r = cli("recommend", "--site", site, "--format", "json", "-o", folder)
    assert r.code == 2 and "folder" in r.err
    assert_one_error_line(r.err)
    src = tmp_path / "sites.csv"
    src.write_text(CSV, encoding="utf-8")
    results = tmp_path / "results.csv"
    results.mkdir()
    r = cli("batch", src, "-o", results)
    assert r.code == 2 and "folder" in r.err
    assert_one_error_line(r.err)
    assert list(folder.iterdir()) == [] and list(results.iterdir()) == []


def test_an_output_in_a_missing_folder_is_refused(tmp_path: Path, cli) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(SITE, encoding="utf-8")
    r = cli("recommend", "--site", site, "--format", "json", "-o", tmp_path / "nowhere" / "advice.json")
    assert r.code == 2 and "does not exist" in r.err
    assert_one_error_line(r.err)


def test_an_errors_file_that_is_the_output_or_the_input_is_refused(tmp_path: Path, cli) -> None:
    src = tmp_path / "sites.csv"
    src.write_text(CSV + "b,nowhere,water_erosion,strong\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    for errors in (out, tmp_path / "." / "out.csv", src):
        r = cli("batch", src, "-o", out, "--errors", errors)
        assert r.code == 2, errors
        assert_one_error_line(r.err)
    assert not out.exists()
    assert src.read_text(encoding="utf-8") == CSV + "b,nowhere,water_erosion,strong\n"


# --- the environment: plain errors, never "this is a bug" -------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "s.yaml"
    site.write_text(SITE, encoding="utf-8")
    r = landrestore("recommend", "--site", str(site), "--format", "json", "-o", "/dev/full", tmp_path=tmp_path)
    assert r.returncode == 2 and "the disk is full" in r.stderr and "bug" not in r.stderr
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    r = landrestore("batch", str(src), "-o", "/dev/full", "--output-format", "csv", tmp_path=tmp_path)
    assert r.returncode == 2 and "the disk is full" in r.stderr and "bug" not in r.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "the device is still a device"


def test_a_name_too_long_and_a_symlink_loop_are_clear_errors(tmp_path: Path) -> None:
    site = tmp_path / "s.yaml"
    site.write_text(SITE, encoding="utf-8")
    r = landrestore("recommend", "--site", str(site), "-o", str(tmp_path / ("a" * 300 + ".json")), tmp_path=tmp_path)
    assert r.returncode == 2 and "too long" in r.stderr and "bug" not in r.stderr
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    r = landrestore("recommend", "--site", str(tmp_path / "loop1"), tmp_path=tmp_path)
    assert r.returncode == 2 and "symbolic links" in r.stderr and "bug" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere; a read-only folder needs another user")
def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "s.yaml"
    site.write_text(SITE, encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    r = landrestore("recommend", "--site", str(site), "-o", str(ro / "x.json"), tmp_path=tmp_path)
    assert r.returncode == 2 and "permission denied" in r.stderr


def test_a_geometry_over_its_limit_costs_its_feature(tmp_path: Path) -> None:
    import json

    good = {"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"}
    big = {"type": "Polygon", "coordinates": [[[i * 0.001, 0.0] for i in range(5000)]]}
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": good},
        {"type": "Feature", "geometry": big, "properties": good},
    ]
    src = tmp_path / "in.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    env = {**os.environ, "LANDRESTORE_MAX_GEOMETRY_BYTES": "10000"}
    r = subprocess.run(
        [sys.executable, "-m", "landrestore", "batch", str(src), "-o", str(tmp_path / "out.geojson")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1 and "1 sites done, 1 failed" in r.stderr
    assert "LANDRESTORE_MAX_GEOMETRY_BYTES" in (tmp_path / "out.errors.csv").read_text(encoding="utf-8")


def test_dev_stdout_into_a_pipe_is_written_to_the_pipe(tmp_path: Path) -> None:
    site = tmp_path / "s.yaml"
    site.write_text(SITE, encoding="utf-8")
    r = landrestore("recommend", "--site", str(site), "--format", "csv", "-o", "/dev/stdout", tmp_path=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("site,rank,practice_id")
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    r = landrestore("batch", str(src), "-o", "/dev/stdout", "--output-format", "csv", tmp_path=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("site,rank,practice_id") and r.stdout.count("\n") >= 2, r.stderr
