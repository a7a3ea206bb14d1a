"""The command line (``landrestore``): wiring over the API and the writers."""

from __future__ import annotations


def main() -> None:
    from .app import main as run

    run()
