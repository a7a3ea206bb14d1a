"""Start-up benchmark: whole-process times against the import floor of the stack.

Targets (issue 3): `recommend --site FILE --format json` within 1.5x and `--help` within 1.2x of
`python -c "import typer, pydantic, yaml, rich.table"`. Run: `.venv/bin/python benchmarks/startup.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SITE = ROOT / "examples" / "tigray-hillside.yaml"


#: As an installed package runs: pip compiles every module's bytecode at install time. Where the
#: environment forbids writing it (PYTHONDONTWRITEBYTECODE), every run would recompile the
#: project's modules but not its dependencies', charging this project alone for the compiler.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_ms(cmd: list[str], runs: int = 11) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    import compileall

    import landrestore

    compileall.compile_dir(Path(landrestore.__file__).parent, quiet=1)
    entry = [PY, "-c", "from landrestore.cli import main; main()"]
    subprocess.run(
        [*entry, "recommend", "--site", str(SITE), "--format", "json"], stdout=subprocess.DEVNULL, check=True
    )  # warm the cache
    floor = median_ms([PY, "-c", "import typer, pydantic, yaml, rich.table"])
    rows = [
        ("recommend --format json", median_ms([*entry, "recommend", "--site", str(SITE), "--format", "json"]), 1.5),
        ("recommend (table)", median_ms([*entry, "recommend", "--site", str(SITE)]), None),
        ("--help", median_ms([*entry, "--help"]), 1.2),
        ("practices list --format json", median_ms([*entry, "practices", "list", "--format", "json"]), None),
    ]
    print(f"floor (import typer, pydantic, yaml, rich.table): {floor:.0f} ms  [{os.cpu_count()} cpus]")
    failed = False
    for name, ms, target in rows:
        ratio = ms / floor
        verdict = "" if target is None else ("ok" if ratio <= target else "SLOW")
        failed |= verdict == "SLOW"
        print(f"{name:<32} {ms:7.0f} ms  {ratio:5.2f}x  {'target ' + str(target) + 'x ' + verdict if target else ''}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
