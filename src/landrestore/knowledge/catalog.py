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
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landrestore.model.errors import CatalogError

from .layers import catalog_paths, layer_files

CACHE_FORMAT = 3
#: Modules whose code decides what a validated catalogue holds (their bytes key the cache).
SHAPING_MODULES = (
    "model/schema.py",
    "model/vocab.py",
    "model/rulelang.py",
    "knowledge/validate.py",
    "knowledge/costs.py",
    "knowledge/layers.py",
    "knowledge/catalog.py",
)


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
    combinations: dict[str, dict[str, Any]] = field(default_factory=dict)
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
            "combinations": self.combinations,
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
    from landrestore.io.limits import MAX_YAML_BYTES, ReadError, read_bounded

    # The code that validates and shapes the data is part of the key: a changed model (a new
    # field, a new default) must never be answered from a cache built by the old one.
    package = Path(__file__).resolve().parents[1]
    for module in SHAPING_MODULES:
        try:
            h.update((package / module).read_bytes())
        except OSError:
            h.update(module.encode())

    for layer in layers:
        for f in layer_files(layer):
            h.update(str(f).encode())
            try:
                h.update(read_bounded(f, MAX_YAML_BYTES, "catalogue file", "LANDRESTORE_MAX_YAML_BYTES"))
            except ReadError as exc:
                raise CatalogError(f"cannot read the catalogue: {exc}") from None
    return h.hexdigest()


_MEMO: dict[str, Catalog] = {}


def load_catalog(data_dir: str | Path | None = None, use_cache: bool = True, allow_drift: bool = False) -> Catalog:
    """Load the catalogue in use (shipped plus the user's layer), validated.

    Raises CatalogError when the catalogue has findings: ``landrestore validate`` lists them.
    """
    layers = catalog_paths(data_dir)
    digest = _digest(layers)
    if digest in _MEMO and not allow_drift:
        return _MEMO[digest]
    cache_file = _cache_dir() / f"catalog-{digest[:32]}.json"
    if use_cache:
        cat = _read_cache(cache_file, digest)
        if cat is not None:
            _MEMO[digest] = cat
            return cat
    from .validate import check_layers

    diagnostics, merged = check_layers(layers)
    errors = [d for d in diagnostics if d.severity == "error" and not (allow_drift and d.code == "cost-drift")]
    if errors or merged is None:
        first = errors[0].parsable() if errors else "catalogue could not be read"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(f"the catalogue has findings: {first}{more}; run `landrestore validate` to list them")
    cat = Catalog(**merged, layers=[str(p) for p in layers], digest=digest)
    if allow_drift:
        return cat
    _MEMO[digest] = cat
    if use_cache:
        _write_cache(cache_file, cat)
    return cat


#: The compiled catalogue's parts and their types: a cache that does not have them is rebuilt.
CACHE_SHAPE = {
    "practices": dict,
    "biomes": dict,
    "policies": dict,
    "regions": dict,
    "countries": dict,
    "vocabularies": dict,
    "deflators": dict,
    "rules": list,
    "requirements": dict,
    "combinations": dict,
    "manifest": dict,
    "layers": list,
    "digest": str,
}
#: Cache files kept; older ones are removed when a new one is written.
CACHE_KEEP = 4


def _cache_key() -> bytes | None:
    """A secret kept outside the cache folder, that signs the cache (an edited cache is rebuilt);
    None when it cannot be kept (then no cache is used)."""
    base = os.environ.get("LANDRESTORE_CONFIG_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CONFIG_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".config") / "landrestore"
    path = folder / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) >= 32 and path.is_file():
            return key[:64]
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = os.urandom(32).hex().encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except FileExistsError:
        try:
            return path.read_bytes()[:64] or None
        except OSError:
            return None
    except OSError:
        return None


def _mac(key: bytes, body: bytes) -> str:
    import hmac

    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _read_cache(cache_file: Path, digest: str) -> Catalog | None:
    """The cached catalogue if it is whole, signed by this user's key and of the expected shape;
    None (rebuild) otherwise: never an error."""
    from landrestore.io.limits import MAX_YAML_BYTES, ReadError, read_bounded

    key = _cache_key()
    if key is None:
        return None
    try:
        raw = read_bounded(cache_file, 4 * MAX_YAML_BYTES, "cache")
    except ReadError:
        return None
    head, _, body = raw.partition(b"\n")
    try:
        import hmac

        if not hmac.compare_digest(head.decode("ascii"), _mac(key, body)):
            return None
        import orjson  # parses the 1 MB cache three times faster than json: start-up counts

        data = orjson.loads(body)
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("digest") != digest:
            return None
        if any(not isinstance(data.get(k), t) for k, t in CACHE_SHAPE.items()):
            return None
        return Catalog.from_json(data)
    except (ValueError, TypeError, UnicodeDecodeError):  # orjson.JSONDecodeError is a ValueError
        return None


def _write_cache(cache_file: Path, cat: Catalog) -> None:
    """Write the compiled catalogue atomically, signed; prune old caches. A read-only home simply
    goes without a cache."""
    key = _cache_key()
    if key is None:
        return
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        import orjson

        body = orjson.dumps(cat.to_json())
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(_mac(key, body).encode("ascii") + b"\n" + body)
        os.replace(tmp, cache_file)
        old = sorted(cache_file.parent.glob("catalog-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
