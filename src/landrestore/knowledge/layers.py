"""Where the catalogue's files are: the shipped layer, a user's layer laid over it, and their kinds.

Finding files is kept apart from loading (``catalog.py``) and checking (``validate.py``), so that
neither of those imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from landrestore.model.errors import CatalogError

#: File name -> kind. A catalogue folder holds any subset of these.
FILES = {
    "catalog.yaml": "manifest",
    "vocabularies.yaml": "vocabularies",
    "regions.yaml": "regions",
    "deflators.yaml": "deflators",
    "biomes.yaml": "biomes",
    "policies.yaml": "policies",
    "practices.yaml": "practices",
    "rules.yaml": "rules",
    "requirements.yaml": "requirements",
    "combinations.yaml": "combinations",
}
ENV_DATA = "LANDRESTORE_DATA"


def shipped_data_dir() -> Path:
    """The catalogue inside the installed package (wheel) or, in a source checkout, ./data."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data"
    if (packaged / "practices.yaml").is_file():
        return packaged
    return package.parents[1] / "data"


def kind_of(path: Path) -> str | None:
    name = path.name
    if name in FILES:
        return FILES[name]
    for suffix, kind in (
        ("practices", "practices"),
        ("policies", "policies"),
        ("biomes", "biomes"),
        ("rules", "rules"),
        ("regions", "regions"),
    ):
        if name.endswith((f".{suffix}.yaml", f".{suffix}.yml", f"_{suffix}.yaml")):
            return kind
    return None


def layer_files(path: Path) -> list[Path]:
    """The catalogue files of one layer: a folder's known files, or a single file."""
    if path.is_dir():
        found = [path / name for name in FILES if (path / name).is_file()]
        found += sorted(p for p in path.glob("*.yaml") if p.name not in FILES and kind_of(p))
        return found
    return [path]


def user_data_dir(data_dir: str | Path | None) -> Path | None:
    value = data_dir if data_dir is not None else os.environ.get(ENV_DATA) or None
    if value is None:
        return None
    p = Path(value).expanduser()
    if not p.exists():
        raise CatalogError(f"catalogue folder '{value}' does not exist (from {'--data' if data_dir else ENV_DATA})")
    return p


def is_standalone(path: Path) -> bool:
    """A folder whose catalog.yaml says ``extends: none`` is a whole catalogue, not a layer."""
    manifest = path / "catalog.yaml" if path.is_dir() else None
    if manifest is None or not manifest.is_file():
        return False
    try:
        from landrestore.io.yamlio import load_file

        data = load_file(manifest).data
    except Exception:  # noqa: BLE001 - validate reports a broken manifest
        return False
    return isinstance(data, dict) and str(data.get("extends", "landrestore")).lower() in ("none", "null")


def stack_layers(paths: list[Path]) -> list[Path]:
    """Lay catalogue folders/files over the shipped catalogue, unless one is standalone."""
    base = shipped_data_dir()
    layers = [base]
    for p in paths:
        if p.resolve() == base.resolve() or (p.is_file() and p.resolve().parent == base.resolve()):
            continue
        if is_standalone(p):
            layers = [p]
        else:
            layers.append(p)
    return layers


def catalog_paths(data_dir: str | Path | None = None) -> list[Path]:
    """Layers in order: the shipped catalogue, then the user's."""
    user = user_data_dir(data_dir)
    return stack_layers([user] if user is not None else [])
