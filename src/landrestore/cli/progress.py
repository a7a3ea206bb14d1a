"""A progress bar on stderr for long runs, when stderr is a terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def progress_bar(show: bool) -> tuple[Callable[[int, int | None, Any], None] | None, Callable[[], None]]:
    """(update, stop): update(position, total, summary) in the reader's unit (bytes of a CSV or
    JSON Lines file, rows of a Parquet file, items of a document); stop() clears the bar."""
    if not show:
        return None, lambda: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("batch"), BarColumn(), TextColumn("{task.fields[sites]} sites"), TimeRemainingColumn(), transient=True
    )
    task = bar.add_task("batch", total=None, sites=0)
    bar.start()

    def update(position: int, total: int | None, summary: Any) -> None:
        bar.update(task, total=total, completed=position if total else 0, sites=f"{summary.sites_ok + summary.sites_failed:,}")

    return update, bar.stop
