"""The end of a batch run is atomic with its journal, and two runs never write the same output.

A kill can land at any step of the end of a run: after the journal says ``finishing``, between
the two renames, or after the output is in place but before the journal is gone. Each time,
``--resume`` must leave exactly what an uninterrupted run writes, and a later ``--resume`` must
never touch a finished output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from landrestore.batch import pool
from landrestore.batch import run as run_module
from landrestore.batch.journal import Journal
from landrestore.batch.run import interrupted_message, run
from landrestore.model.errors import UserError

ROWS = (
    "id,biome,degradation,severity,slope_pct\n"
    "a,montane_grasslands_shrublands,water_erosion,strong,20\n"
    "b,mangroves,water_erosion,awful,\n"  # a bad row: the errors file exists too
    "c,deserts_xeric_shrublands,wind_erosion,strong,\n"
)


@pytest.fixture
def sites(tmp_path: Path) -> Path:
    src = tmp_path / "sites.csv"
    src.write_text(ROWS, encoding="utf-8")
    return src


@pytest.fixture
def reference(tmp_path: Path, sites: Path) -> tuple[bytes, bytes]:
    out = tmp_path / "ref" / "out.csv"
    out.parent.mkdir()
    run(str(sites), str(out))
    return out.read_bytes(), (out.parent / "out.errors.csv").read_bytes()


class Kill(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even `except Exception`)."""


def killer_at(step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kill the run at one step of its end: 0 before the renames, 1 after the errors file's
    rename, 2 after the output's rename (the journal not yet removed)."""
    real_replace = os.replace
    done = {"renames": 0, "finishing": False}

    def finish(journal, out_path, err_path, state):
        if step == 0:
            raise Kill
        done["finishing"] = True
        return real_finish(journal, out_path, err_path, state)

    def replace(a, b):
        real_replace(a, b)
        if done["finishing"]:  # only the renames of the end of the run (the journal uses replace too)
            done["renames"] += 1
            if done["renames"] == step:
                raise Kill

    real_finish = run_module._finish
    monkeypatch.setattr(run_module, "_finish", finish)
    monkeypatch.setattr(run_module.os, "replace", replace)


@pytest.mark.parametrize("step", [0, 1, 2], ids=["before-renames", "after-errors-rename", "after-output-rename"])
def test_a_kill_at_any_step_of_the_end_then_resume_gives_the_uninterrupted_result(
    step: int, tmp_path: Path, sites: Path, reference: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    with monkeypatch.context() as m:
        killer_at(step, m)
        with pytest.raises(Kill):
            run(str(sites), str(out))
    assert "--resume" in interrupted_message(str(out)), "the message after the kill leads to the fix"
    summary = run(str(sites), str(out), resume=True)
    assert summary.finished_before and (summary.sites_ok, summary.sites_failed) == (2, 1)
    assert out.read_bytes() == reference[0]
    assert (tmp_path / "out.errors.csv").read_bytes() == reference[1]
    journal = Journal(out.resolve())
    assert not journal.path.exists() and not journal.partial.exists() and not journal.errors_partial.exists()
    again = run(str(sites), str(out), resume=True)
    assert again.finished_before and out.read_bytes() == reference[0], "a finished output is never rewritten"


def test_resume_on_a_finished_job_says_so_and_leaves_it(tmp_path: Path, sites: Path, reference) -> None:
    out = tmp_path / "out.csv"
    run(str(sites), str(out))
    before = out.stat().st_mtime_ns
    summary = run(str(sites), str(out), resume=True)
    assert summary.finished_before and any("complete" in n for n in summary.notes)
    assert out.stat().st_mtime_ns == before and out.read_bytes() == reference[0]
    assert interrupted_message(str(out)).endswith("is complete")


def test_a_second_run_on_the_same_output_is_stopped_while_the_first_holds_it(tmp_path: Path, sites: Path) -> None:
    out = tmp_path / "out.csv"
    first = Journal(out.resolve())
    first.lock()
    try:
        with pytest.raises(UserError, match="another"):
            run(str(sites), str(out))
        assert not out.exists(), "the second run wrote nothing"
    finally:
        first.unlock()
    run(str(sites), str(out))  # once the first is done, the output can be made
    assert out.exists()


def test_jobs_are_capped_by_the_cores(tmp_path: Path, sites: Path, reference) -> None:
    assert pool.cap_jobs(1000) == pool.MAX_JOBS_PER_CORE * (os.cpu_count() or 1)
    assert pool.cap_jobs(0) == 1
    out = tmp_path / "out.csv"
    run(str(sites), str(out), jobs=1000)
    assert out.read_bytes() == reference[0]


def test_strict_leaves_no_partial_files_behind(tmp_path: Path, sites: Path) -> None:
    from landrestore.model.errors import InputError

    out = tmp_path / "out.csv"
    with pytest.raises(InputError):
        run(str(sites), str(out), strict=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.csv"]
