"""Finding, layering and caching the catalogue (the knowledge base) that the engine reads.

The shipped catalogue is the base layer. A user catalogue (``--data DIR`` or the
``LANDRESTORE_DATA`` environment variable) is laid on top: an entry with a new id is added,
an entry with a known id overrides only the fields it gives (a national catalogue can change
one practice's costs without copying the rest).

Validation with pydantic is the slow path; its result is cached as plain JSON keyed by a hash
of every file's bytes, so ``recommend`` on a field laptop reads one JSON file and builds no model.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landrestore.model.errors import CatalogError

from .layers import catalog_paths, layer_files

CACHE_FORMAT = 2


def _cache_dir() -> Path:
    base = os.environ.get("LANDRESTORE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "landrestore"


@dataclass
class Catalog:
    """The merged, validated knowledge base as plain data, indexed by id."""

    practices: dict[str, dict[str, Any]]
    biomes: dict[str, dict[str, Any]]
    policies: dict[str, dict[str, Any]]
    regions: dict[str, dict[str, Any]]
    countries: dict[str, dict[str, Any]]
    vocabularies: dict[str, Any]
    deflators: dict[str, Any]
    rules: list[dict[str, Any]]
    requirements: dict[str, dict[str, Any]] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    layers: list[str] = field(default_factory=list)
    digest: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CACHE_FORMAT,
            "practices": self.practices,
            "biomes": self.biomes,
            "policies": self.policies,
            "regions": self.regions,
            "countries": self.countries,
            "vocabularies": self.vocabularies,
            "deflators": self.deflators,
            "rules": self.rules,
            "requirements": self.requirements,
            "manifest": self.manifest,
            "layers": self.layers,
            "digest": self.digest,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Catalog:
        data = dict(data)
        data.pop("format", None)
        return cls(**data)

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "unknown"))

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.manifest.get("name", "landrestore"),
            "version": self.version,
            "practices": len(self.practices),
            "biomes": len(self.biomes),
            "policies": len(self.policies),
            "rules": len(self.rules),
            "layers": self.layers,
            "digest": self.digest[:12],
        }

    def practice(self, pid: str) -> dict[str, Any]:
        """Look a practice up by id or alias; raise InputError with the closest id."""
        if pid in self.practices:
            return self.practices[pid]
        for p in self.practices.values():
            if pid in p.get("aliases", ()):
                return p
        from landrestore.model.errors import InputError
        from landrestore.model.vocab import closest

        raise InputError(
            "practice", pid, f"unknown practice '{pid}' (see `landrestore practices list`)", closest(pid, tuple(self.practices))
        )


def _digest(layers: list[Path]) -> str:
    from landrestore import __version__

    h = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    for layer in layers:
        for f in layer_files(layer):
            h.update(str(f).encode())
            try:
                h.update(f.read_bytes())
            except OSError:
                h.update(b"<unreadable>")
    return h.hexdigest()


_MEMO: dict[str, Catalog] = {}


def load_catalog(data_dir: str | Path | None = None, use_cache: bool = True) -> Catalog:
    """Load the catalogue in use (shipped plus the user's layer), validated.

    Raises CatalogError when the catalogue has findings: ``landrestore validate`` lists them.
    """
    layers = catalog_paths(data_dir)
    digest = _digest(layers)
    if digest in _MEMO:
        return _MEMO[digest]
    cache_file = _cache_dir() / f"catalog-{digest[:32]}.json"
    if use_cache:
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data.get("format") == CACHE_FORMAT and data.get("digest") == digest:
                cat = Catalog.from_json(data)
                _MEMO[digest] = cat
                return cat
        except (OSError, ValueError):
            pass
    from .validate import check_layers

    diagnostics, merged = check_layers(layers)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors or merged is None:
        first = errors[0].parsable() if errors else "catalogue could not be read"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(f"the catalogue has findings: {first}{more}; run `landrestore validate` to list them")
    cat = Catalog(**merged, layers=[str(p) for p in layers], digest=digest)
    _MEMO[digest] = cat
    if use_cache:
        _write_cache(cache_file, cat)
    return cat


def _write_cache(cache_file: Path, cat: Catalog) -> None:
    """Write the compiled catalogue atomically; a read-only home simply goes without a cache."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cat.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache_file)
    except OSError:
        pass
