"""`batch --engine dask`: the same bytes as the local engine, on a local cluster of worker
processes; a worker killed mid-run costs nothing; a chunk that keeps failing is reported, row by
row; a run begun on a cluster is finished locally with --resume."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

from test_batch import random_rows, records_of, write_csv  # noqa: E402

from landrestore.batch import dask_engine, readers  # noqa: E402
from landrestore.batch.run import run  # noqa: E402
from landrestore.model.errors import UserError  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, as `--engine dask` starts on a 2-core laptop."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        )
    yield local
    local.close()


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """300 varied sites, read in chunks of 25 (12 tasks)."""
    monkeypatch.setattr(readers, "CHUNK_ROWS", 25)
    path = tmp_path / "sites.csv"
    write_csv(path, random_rows(300, seed=21))
    return path


def test_a_local_cluster_gives_the_local_engines_bytes(tmp_path: Path, sites: Path) -> None:
    local = run(str(sites), str(tmp_path / "local.csv"), jobs=2)
    on_dask = run(str(sites), str(tmp_path / "dask.csv"), engine="dask", jobs=2)
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert (on_dask.sites_ok, on_dask.sites_failed, on_dask.best) == (local.sites_ok, local.sites_failed, local.best)
    assert "scored on a local Dask cluster of 2 worker process(es)" in on_dask.notes


@pytest.mark.parametrize("out", ["out.jsonl", "out.parquet"])
def test_an_existing_cluster_gives_the_local_engines_output_in_every_format(
    tmp_path: Path, sites: Path, cluster, out: str
) -> None:
    if out.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    run(str(sites), str(tmp_path / f"local-{out}"))
    summary = run(str(sites), str(tmp_path / f"dask-{out}"), engine="dask", scheduler=cluster.scheduler_address)
    assert (tmp_path / f"dask-{out}").read_bytes() == (tmp_path / f"local-{out}").read_bytes()
    assert summary.sites_ok == 300 and summary.sites_failed == 0


def test_a_worker_killed_mid_run_loses_no_row(tmp_path: Path, sites: Path, cluster) -> None:
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one_worker(position: int, total: int | None, summary) -> None:
        if not killed:  # after the first chunk: the others are in flight on both workers
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    run(str(sites), str(tmp_path / "local.csv"))
    summary = run(
        str(sites), str(tmp_path / "dask.csv"), engine="dask", scheduler=cluster.scheduler_address, progress=kill_one_worker
    )
    assert killed
    assert (summary.sites_ok, summary.sites_failed) == (300, 0)
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=30)  # the nanny restarted the killed worker


def test_a_chunk_that_keeps_failing_is_retried_then_reported_row_by_row(tmp_path: Path, cluster, catalog) -> None:
    attempts = tmp_path / "attempts"
    attempts.mkdir()

    def work(chunk: tuple[int, list[str]], state: dict) -> tuple[int, list[str]]:
        assert state["options"] == {"output_format": "csv"}  # the run's state, made on the worker
        (attempts / f"{chunk[0]}-{os.getpid()}-{len(list(attempts.iterdir()))}").touch()
        if chunk[0] == 1:
            raise ValueError("a bad chunk")
        if chunk[0] == 2:
            os._exit(1)  # kills its worker every time
        return chunk

    def failed(chunk: tuple[int, list[str]], message: str) -> tuple[int, str]:
        return (chunk[0], message)

    handled: list = []
    notes: list[str] = []
    chunks = [(i, [f"row {i}"]) for i in range(5)]
    dask_engine.run_parallel(
        iter(chunks), None, cluster.scheduler_address, catalog, {"output_format": "csv"}, work, failed, handled.append, notes
    )
    assert [h[0] for h in handled] == [0, 1, 2, 3, 4]  # in input order, none dropped
    assert handled[0] == chunks[0] and handled[3] == chunks[3] and handled[4] == chunks[4]
    assert handled[1][1].startswith("internal error while processing this row's chunk: ValueError: a bad chunk")
    assert handled[2][1] == "Dask workers died repeatedly while processing this row's chunk"
    tries = [p.name.split("-")[0] for p in attempts.iterdir()]
    # At least: a worker's death can also cost a finished attempt whose outcome it had not sent yet.
    assert tries.count("1") >= 1 + dask_engine.RETRIES
    assert tries.count("2") >= 4  # allowed-failures=1: a second death ends it, and again under a new key


def test_a_run_begun_on_a_cluster_is_finished_locally_with_resume(tmp_path: Path, sites: Path, cluster) -> None:
    def interrupt(position: int, total: int | None, summary) -> None:
        if summary.sites_ok + summary.sites_failed >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(str(sites), str(tmp_path / "out.csv"), engine="dask", scheduler=cluster.scheduler_address, progress=interrupt)
    assert not (tmp_path / "out.csv").exists()
    resumed = run(str(sites), str(tmp_path / "out.csv"), resume=True)
    assert resumed.resumed_from == 101
    run(str(sites), str(tmp_path / "local.csv"))
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert len(records_of(tmp_path / "out.csv")) == len(records_of(tmp_path / "local.csv"))


def test_without_dask_the_engine_says_what_to_install(tmp_path: Path, sites: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UserError, match=r"pip install 'landrestore\[dask\]'"):
        run(str(sites), str(tmp_path / "out.csv"), engine="dask")
    assert not (tmp_path / "out.csv").exists()


def test_engine_and_scheduler_are_checked_before_any_work(cli, tmp_path: Path, sites: Path) -> None:
    r = cli("batch", sites, "-o", tmp_path / "out.csv", "--engine", "dusk")
    assert r.code == 2 and "--engine must be one of local, dask, got 'dusk'; did you mean 'dask'?" in r.err
    r = cli("batch", sites, "-o", tmp_path / "out.csv", "--scheduler", "tcp://127.0.0.1:8786")
    assert r.code == 2 and "--scheduler is for the Dask engine; add --engine dask" in r.err
    assert not (tmp_path / "out.csv").exists()


def test_a_worker_with_another_landrestore_is_refused_with_both_versions(
    tmp_path: Path, sites: Path, cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    import landrestore

    monkeypatch.setattr(landrestore, "__version__", "0.0.1")  # as if the client were another release
    with pytest.raises(UserError, match=r"landrestore \S+ and the client 0\.0\.1; install the same version on both"):
        run(str(sites), str(tmp_path / "out.csv"), engine="dask", scheduler=cluster.scheduler_address)
    assert not (tmp_path / "out.csv").exists()


def test_two_runs_sharing_a_cluster_keep_their_own_options(tmp_path: Path, sites: Path, cluster) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def on_dask(top: int) -> bytes:
        out = tmp_path / f"dask-{top}.jsonl"
        run(str(sites), str(out), top=top, engine="dask", scheduler=cluster.scheduler_address)
        return out.read_bytes()

    with ThreadPoolExecutor(2) as both:
        one, three = both.map(on_dask, (1, 3))
    for top, got in ((1, one), (3, three)):
        run(str(sites), str(tmp_path / f"local-{top}.jsonl"), top=top)
        assert got == (tmp_path / f"local-{top}.jsonl").read_bytes(), f"--top {top}"
