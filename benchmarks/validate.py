"""Validation benchmark. Targets (issue 2): the shipped catalogue in under 0.5 s; a generated
5,000-practice catalogue in under 10 s. Run: `.venv/bin/python benchmarks/validate.py`."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    import landrestore.model.schema  # noqa: F401  (import cost is the same for both runs; count it once)
    from landrestore.knowledge.validate import validate_paths

    shipped = min(timed(lambda: validate_paths()) for _ in range(3))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        shutil.copytree(ROOT / "data", big)
        text = (ROOT / "data" / "practices.yaml").read_text(encoding="utf-8")
        body = text.split("\n- id: ", 1)[1]
        entries = ["- id: " + e for e in ("\n- id: " + body).split("\n- id: ")[1:]]
        out = []
        for i in range(5000):
            e = entries[i % len(entries)]
            pid = e.split("\n", 1)[0][6:]
            new_id = pid if i < len(entries) else f"{pid}_{i}"  # keep the originals: rules name them
            out.append(e.replace(f"- id: {pid}\n", f"- id: {new_id}\n", 1).rstrip("\n") + "\n")
        # five files of 1,000 practices (a layer may split a kind: NAME.practices.yaml), each
        # under the per-file limit
        (big / "practices.yaml").unlink()
        for k in range(5):
            (big / f"part{k}.practices.yaml").write_text("".join(out[k * 1000 : (k + 1) * 1000]), encoding="utf-8")
        diags = []
        large = timed(lambda: diags.extend(validate_paths([big])))
        errors = [d for d in diags if d.severity == "error"]
        assert not errors, errors[:3]
    print(f"shipped catalogue: {shipped:.3f} s (target < 0.5 s) {'ok' if shipped < 0.5 else 'SLOW'}")
    print(f"5,000 practices:   {large:.2f} s (target < 10 s) {'ok' if large < 10 else 'SLOW'}")
    sys.exit(0 if shipped < 0.5 and large < 10 else 1)


if __name__ == "__main__":
    main()
