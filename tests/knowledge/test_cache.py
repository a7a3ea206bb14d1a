"""The compiled catalogue cache is a convenience, never a source of truth: an edited, damaged or
foreign cache file is rebuilt from the catalogue, never trusted and never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from landrestore.knowledge import catalog as catalog_module


def fresh(monkeypatch, tmp_path: Path):
    """A new process, as far as the catalogue knows: no memory of a loaded catalogue."""
    monkeypatch.setattr(catalog_module, "_MEMO", {})
    monkeypatch.setenv("LANDRESTORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LANDRESTORE_CONFIG_DIR", str(tmp_path / "config"))
    return catalog_module.load_catalog()


def only_cache_file(tmp_path: Path) -> Path:
    """The cache file the last load wrote (the newest)."""
    return max((tmp_path / "cache").glob("catalog-*.json"), key=lambda p: p.stat().st_mtime_ns)


def test_an_edited_cache_whose_digest_still_matches_is_not_trusted(monkeypatch, tmp_path: Path) -> None:
    real = fresh(monkeypatch, tmp_path)
    want = real.practices["zai_pits"]["costs"]["establishment"]["per_ha"]["typical"]
    f = only_cache_file(tmp_path)
    head, _, body = f.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["practices"]["zai_pits"]["costs"]["establishment"]["per_ha"]["typical"] = 1.0
    data["practices"]["zai_pits"]["name"] = "Something else"
    f.write_bytes(head + b"\n" + json.dumps(data).encode())  # the old signature, the digest unchanged
    again = fresh(monkeypatch, tmp_path)
    assert again.practices["zai_pits"]["costs"]["establishment"]["per_ha"]["typical"] == want
    assert again.practices["zai_pits"]["name"] == real.practices["zai_pits"]["name"]


def test_a_cache_with_missing_keys_is_rebuilt_not_a_crash(monkeypatch, tmp_path: Path) -> None:
    fresh(monkeypatch, tmp_path)
    f = only_cache_file(tmp_path)
    key = (tmp_path / "config" / "cache-key").read_bytes()[:64]
    body = json.dumps({"format": catalog_module.CACHE_FORMAT, "digest": "x"}).encode()
    f.write_bytes(catalog_module._mac(key, body).encode() + b"\n" + body)  # signed, but hollow
    assert len(fresh(monkeypatch, tmp_path).practices) > 40


def test_a_cache_that_is_garbage_or_a_device_is_rebuilt(monkeypatch, tmp_path: Path) -> None:
    fresh(monkeypatch, tmp_path)
    f = only_cache_file(tmp_path)
    f.write_bytes(b"\x00" * 1000)
    assert len(fresh(monkeypatch, tmp_path).practices) > 40
    f.unlink()
    f.symlink_to("/dev/zero")
    assert len(fresh(monkeypatch, tmp_path).practices) > 40


def test_old_caches_are_pruned(monkeypatch, tmp_path: Path) -> None:
    fresh(monkeypatch, tmp_path)
    for i in range(10):
        (tmp_path / "cache" / f"catalog-old{i}.json").write_bytes(b"x")
    catalog_module._write_cache(only_cache_file(tmp_path).with_name("catalog-new.json"), fresh(monkeypatch, tmp_path))
    assert len(list((tmp_path / "cache").glob("catalog-*.json"))) <= catalog_module.CACHE_KEEP
