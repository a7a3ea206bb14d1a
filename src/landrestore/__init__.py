"""landrestore: which practices can bring a piece of degraded land back, what they cost, and what to watch.

Public API (imported lazily so that the command line starts fast)::

    from landrestore import Site, load_catalog, recommend
    result = recommend({"biome": "mangroves", "degradation": ["water_erosion"], "severity": "strong"})
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = [
    "Catalog",
    "Site",
    "explain",
    "load_catalog",
    "plan",
    "recommend",
    "recommend_many",
    "run_batch",
    "validate_paths",
    "__version__",
]

_LAZY = {
    "Site": ("landrestore.model.schema", "Site"),
    "Catalog": ("landrestore.knowledge.catalog", "Catalog"),
    "load_catalog": ("landrestore.knowledge.catalog", "load_catalog"),
    "recommend": ("landrestore.api", "recommend"),
    "recommend_many": ("landrestore.api", "recommend_many"),
    "explain": ("landrestore.api", "explain"),
    "plan": ("landrestore.api", "plan"),
    "run_batch": ("landrestore.batch.run", "run"),
    "validate_paths": ("landrestore.knowledge.validate", "validate_paths"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'landrestore' has no attribute {name!r}")
