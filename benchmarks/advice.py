"""The advice on documented real sites (issue 10): does a restoration expert find what was done?

Each file in ``tests/cases/sites/`` is a real site described by a published source, with the
practices actually used there (``used``) and, rarely, others an expert would accept (``accepted``).
This runs ``recommend`` on every site and prints:

- top-5 hit rate: an accepted practice (used or accepted) in the top 5 (target >= 90 %);
- used-in-top-3 rate: a practice actually used in the top 3 (target >= 70 %);
- share of the used practices that the engine excludes (target <= 10 %);
- sites with fewer than 3 options (target: none);

then every miss with the engine's reasons, and the coverage of UNCCD regions and biomes.
Run: ``.venv/bin/python benchmarks/advice.py [--quiet]``; exit 1 when a target is missed.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "sites"
TARGETS = {"top5": 0.90, "used_top3": 0.70, "excluded_share": 0.10, "few_options": 0}


def load_cases(folder: Path = CASES) -> list[tuple[str, dict[str, Any]]]:
    import yaml

    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.yaml"))]


def evaluate(cases: list[tuple[str, dict[str, Any]]], catalog: Any) -> dict[str, Any]:
    """The four figures, and the misses, for a list of cases."""
    from landrestore.api import recommend_data

    rows = []
    used_total = used_excluded = 0
    for name, case in cases:
        res = recommend_data(case["site"], catalog)
        ranked = [o["practice_id"] for o in res["options"]]
        used = list(case["used"])
        accepted = set(used) | set(case.get("accepted") or [])
        excluded = {e["practice_id"]: e for e in res["excluded"]}
        used_total += len(used)
        used_excluded += sum(1 for u in used if u in excluded)
        rows.append(
            {
                "name": name,
                "top5": bool(accepted & set(ranked[:5])),
                "used_top3": bool(set(used) & set(ranked[:3])),
                "options": len(ranked),
                "ranked": ranked,
                "used": used,
                "excluded": {u: [r["text"] for r in excluded[u]["reasons"]] for u in used if u in excluded},
                "best_used": min((ranked.index(u) + 1 for u in used if u in ranked), default=None),
                "region": res["site"].get("region"),
                "biome": res["site"]["biome"],
            }
        )
    n = len(rows) or 1
    return {
        "cases": len(rows),
        "top5": sum(r["top5"] for r in rows) / n,
        "used_top3": sum(r["used_top3"] for r in rows) / n,
        "excluded_share": used_excluded / (used_total or 1),
        "few_options": sum(1 for r in rows if r["options"] < 3),
        "rows": rows,
        "regions": Counter(r["region"] for r in rows),
        "biomes": Counter(r["biome"] for r in rows),
    }


def meets(report: dict[str, Any]) -> bool:
    return (
        report["top5"] >= TARGETS["top5"]
        and report["used_top3"] >= TARGETS["used_top3"]
        and report["excluded_share"] <= TARGETS["excluded_share"]
        and report["few_options"] <= TARGETS["few_options"]
    )


def main(argv: list[str]) -> int:
    from landrestore import load_catalog

    report = evaluate(load_cases(), load_catalog())
    quiet = "--quiet" in argv
    if not quiet:
        for r in report["rows"]:
            if r["top5"] and r["used_top3"] and not r["excluded"]:
                continue
            print(
                f"- {r['name']}: used {', '.join(r['used'])}; best used at rank {r['best_used']}; top 5: {', '.join(r['ranked'][:5])}"
            )
            for u, why in r["excluded"].items():
                print(f"    excluded {u}: {'; '.join(why)}")
        print(f"regions: {dict(sorted(report['regions'].items(), key=str))}")
        print(f"biomes covered: {len(report['biomes'])} of 14")
    print(f"{report['cases']} documented sites")
    print(f"top-5 hit rate (an accepted practice in the top 5): {report['top5']:.0%} (target >= 90 %)")
    print(f"used-in-top-3 rate: {report['used_top3']:.0%} (target >= 70 %)")
    print(f"used practices excluded: {report['excluded_share']:.0%}; sites with fewer than 3 options: {report['few_options']}")
    return 0 if meets(report) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
