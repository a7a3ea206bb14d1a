"""Rendering catalogue findings (``validate``) and catalogue facts (``catalog stats``)."""

from __future__ import annotations

from typing import Any


def render_diagnostics(diags: list[Any], fmt: str, coverage: dict[str, Any] | None = None) -> str:
    """Findings as FILE:LINE:COL lines, GitHub annotations, or JSON (with translation coverage)."""
    if fmt == "json":
        from .writers.jsonfmt import dumps

        errors = [d for d in diags if d.severity == "error"]
        return dumps(
            {
                "status": "fail" if errors else "ok",
                "findings": len(diags),
                "diagnostics": [d.to_dict() for d in diags],
                "translation_coverage": coverage,
            }
        )
    if fmt == "github":
        return "".join(d.github() + "\n" for d in diags)
    return "".join(d.parsable() + "\n" for d in diags)


def render_stats(stats: dict[str, Any]) -> str:
    """`catalog stats` as aligned text."""
    lines = []
    for section, values in stats.items():
        lines.append(f"{section}:")
        if isinstance(values, dict):
            width = max((len(str(k)) for k in values), default=0)
            for k, v in values.items():
                lines.append(f"  {str(k):<{width}}  {v}")
        else:
            lines.append(f"  {values}")
    return "\n".join(lines) + "\n"
