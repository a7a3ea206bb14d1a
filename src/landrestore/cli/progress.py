"""A progress bar on stderr for long runs, when stderr is a terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def progress_bar(input_file: Path, show: bool) -> tuple[Callable[[int, Any], None] | None, Callable[[], None]]:
    """(update, stop): update(position, summary) by bytes or records read; stop() clears the bar."""
    if not show:
        return None, lambda: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    try:
        total = input_file.stat().st_size
    except OSError:
        total = None
    bar = Progress(
        TextColumn("batch"), BarColumn(), TextColumn("{task.fields[sites]} sites"), TimeRemainingColumn(), transient=True
    )
    task = bar.add_task("batch", total=total, sites=0)
    bar.start()

    def update(position: int, summary: Any) -> None:
        bar.update(
            task, completed=position if total and position > 100 else None, sites=f"{summary.sites_ok + summary.sites_failed:,}"
        )

    return update, bar.stop
