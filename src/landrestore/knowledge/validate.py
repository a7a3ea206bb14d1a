"""Checks of catalogue files: every finding in one run, each at FILE:LINE:COL.

Finds YAML syntax errors, duplicate keys, schema errors, duplicate ids, unknown ids across
files, disordered ranges, negative costs, figures without a source, estimates without their
reasoning, missing case studies and missing translations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landrestore.io.yamlio import Document, YamlError, load_file
from landrestore.model import vocab

from .diagnostics import Diagnostic
from .layers import FILES, kind_of, layer_files

LIST_KINDS = ("practices", "biomes", "policies", "rules", "requirements", "combinations")
ENTRY_NAME = {
    "practices": "practice",
    "biomes": "biome",
    "policies": "policy instrument",
    "rules": "rule",
    "requirements": "requirement",
    "combinations": "combination",
}


class Collector:
    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(
        self,
        doc: Document | str,
        loc: list[Any] | tuple[Any, ...],
        code: str,
        message: str,
        key: bool = False,
        severity: str = "error",
    ) -> None:
        if isinstance(doc, str):
            self.items.append(Diagnostic(doc, 1, 1, code, message, severity))
            return
        line, col = doc.locate(loc, key=key)
        self.items.append(Diagnostic(doc.path, line, col, code, message, severity))


def _models():
    from landrestore.model import schema as models

    return {
        "practices": models.Practice,
        "biomes": models.BiomeEntry,
        "policies": models.Policy,
        "rules": models.Rule,
        "requirements": models.Requirement,
        "combinations": models.Combination,
        "regions": models.RegionsFile,
        "vocabularies": models.VocabulariesFile,
        "deflators": models.DeflatorsFile,
    }


def _label(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "entry"


def _schema_findings(out: Collector, err: dict[str, Any], locate: Any, model: Any, entry_name: str) -> None:
    """Turn one pydantic error into a finding with a message a data keeper can act on."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    typ = err["type"]
    field = str(loc[-1]) if loc else entry_name
    value = err.get("input")
    doc, path = locate(loc)
    if typ == "missing":
        out.add(doc, path[:-1], "missing-field", f"missing field '{field}' in the {entry_name} starting here")
    elif typ == "extra_forbidden":
        parent = loc[:-1]
        allowed: tuple[str, ...] = ()
        try:
            sub = model
            for part in parent:
                if isinstance(part, int):
                    continue
                ann = sub.model_fields[part].annotation
                sub = _inner_model(ann)
            allowed = tuple(sub.model_fields)
        except Exception:  # noqa: BLE001 - the suggestion is a nicety
            allowed = ()
        hint = vocab.closest(field, allowed) if allowed else None
        msg = f"unknown field '{field}'" + (f"; did you mean '{hint}'?" if hint else "")
        out.add(doc, path, "unknown-field", msg, key=True)
    elif typ == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        allowed = tuple(x.strip().strip("'") for x in expected.replace(" or ", ", ").split(","))
        hint = vocab.closest(str(value), allowed)
        kind = field if not isinstance(loc[-1], int) else str(loc[-2])
        kind = kind.rstrip("s") if kind.endswith("s") and kind not in ("aridity", "biomes") else kind
        kind = {"biomes": "biome", "land_use": "land use", "severitie": "severity"}.get(kind, kind)
        msg = f"unknown {kind.replace('_', ' ')} '{value}'" + (
            f"; did you mean '{hint}'?" if hint else f" (allowed: {', '.join(allowed)})"
        )
        out.add(doc, path, "unknown-id", msg)
    elif typ in ("greater_than_equal", "greater_than") and any(str(p).endswith(("per_ha", "per_ha_year")) for p in loc):
        out.add(doc, path, "negative-cost", f"{_label(loc)} is {value}; a cost cannot be negative")
    else:
        out.add(
            doc,
            path,
            "schema",
            f"{_label(loc)}: {err['msg']} (got {value!r})"
            if not isinstance(value, (dict, list))
            else f"{_label(loc)}: {err['msg']}",
        )


def _inner_model(ann: Any) -> Any:
    import typing

    from pydantic import BaseModel

    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in typing.get_args(ann):
        try:
            return _inner_model(arg)
        except TypeError:
            continue
    raise TypeError


class Entry:
    """A merged list entry and where each of its top-level fields came from."""

    def __init__(self, data: dict[str, Any], doc: Document, index: int) -> None:
        self.data = dict(data)
        self.origin = {k: (doc, index) for k in data}
        self.doc, self.index = doc, index

    def overlay(self, data: dict[str, Any], doc: Document, index: int) -> None:
        """Lay a later layer's fields over this entry.

        ``sources`` merge by id and ``translations`` by language, so an override that cites a
        new source or adds a language keeps the rest; every other field is replaced whole.
        """
        for k, v in data.items():
            old = self.data.get(k)
            if k == "sources" and isinstance(old, list) and isinstance(v, list):
                ids = {s.get("id") for s in v if isinstance(s, dict)}
                v = [s for s in old if not (isinstance(s, dict) and s.get("id") in ids)] + v
            elif k == "translations" and isinstance(old, dict) and isinstance(v, dict):
                v = {**old, **v}
            self.data[k] = v
            self.origin[k] = (doc, index)

    def locate(self, loc: tuple[Any, ...]) -> tuple[Document, list[Any]]:
        if loc and loc[0] in self.origin:
            doc, index = self.origin[loc[0]]
        else:
            doc, index = self.doc, self.index
        return doc, [index, *loc]


def check_layers(layers: list[Path]) -> tuple[list[Diagnostic], dict[str, Any] | None]:
    """Validate catalogue layers (folders or files) laid in order; return findings and the merged data."""
    import gc

    # Parsing builds millions of small objects that all stay alive; the cyclic collector would
    # scan them again and again for nothing (a 5,000-practice catalogue ran 2x slower with it).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_layers(layers)
    finally:
        if enabled:
            gc.enable()


def _check_layers(layers: list[Path]) -> tuple[list[Diagnostic], dict[str, Any] | None]:
    out = Collector()
    unreadable = False
    docs: dict[str, list[Document]] = {k: [] for k in set(FILES.values())}
    for layer in layers:
        root = layer.resolve() if layer.is_dir() else None
        for path in layer_files(layer):
            if root is not None and not path.resolve().is_relative_to(root):
                out.add(
                    str(path),
                    (),
                    "file-outside-catalogue",
                    f"refused: {path.name} links to {path.resolve()}, outside the catalogue folder",
                )
                continue
            kind = kind_of(path)
            if kind is None:
                out.add(
                    str(path),
                    (),
                    "unknown-file",
                    f"not a catalogue file; expected one of {', '.join(FILES)} (or NAME.practices.yaml, ...)",
                )
                continue
            try:
                doc = load_file(path)
            except YamlError as exc:
                out.items.append(Diagnostic(exc.path, max(exc.line, 1), max(exc.column, 1), exc.code, exc.message))
                unreadable = True
                continue
            for p in doc.problems:
                out.items.append(Diagnostic(doc.path, p.line, p.column, p.code, p.message))
            docs[kind].append(doc)
    models = _models()

    merged: dict[str, Any] = {}
    entries: dict[str, dict[str, Entry]] = {}
    for kind in LIST_KINDS:
        entries[kind] = {}
        for doc in docs[kind]:
            data = doc.data
            if data is None:
                continue
            if isinstance(data, dict) and kind in data and isinstance(data[kind], list):
                out.add(
                    doc,
                    [kind],
                    "schema",
                    f"write {kind} as a top-level list (each item beginning with '- id:'), not under a '{kind}:' key",
                    key=True,
                )
                continue
            if not isinstance(data, list):
                out.add(doc, [], "schema", f"{doc.path} must hold a list of {kind}, each item beginning with '- id:'")
                continue
            seen_here: dict[str, int] = {}
            for i, item in enumerate(data):
                if not isinstance(item, dict):
                    out.add(doc, [i], "schema", f"each {ENTRY_NAME[kind]} must be a mapping of fields")
                    continue
                key = item.get("id")
                if not isinstance(key, str) or not key:
                    out.add(doc, [i], "missing-field", f"missing field 'id' in the {ENTRY_NAME[kind]} starting here")
                    continue
                if key in seen_here:
                    first = doc.locate([seen_here[key], "id"])[0]
                    out.add(doc, [i, "id"], "duplicate-id", f"duplicate {ENTRY_NAME[kind]} id '{key}' (first at line {first})")
                    continue
                seen_here[key] = i
                if key in entries[kind]:
                    entries[kind][key].overlay(item, doc, i)
                else:
                    entries[kind][key] = Entry(item, doc, i)
        valid: dict[str, dict[str, Any]] = {}
        for key, entry in entries[kind].items():
            try:
                obj = models[kind].model_validate(entry.data)
            except Exception as exc:  # pydantic.ValidationError
                errs = getattr(exc, "errors", None)
                if errs is None:
                    raise
                for err in errs():
                    _schema_findings(out, err, entry.locate, models[kind], ENTRY_NAME[kind])
                continue
            valid[key] = obj.model_dump(mode="json", by_alias=True, exclude_none=False)
        merged[kind] = valid

    for kind in ("regions", "vocabularies", "deflators", "manifest"):
        merged_doc: dict[str, Any] = {}
        last_doc: Document | None = None
        for doc in docs[kind]:
            if doc.data is None:
                continue
            if not isinstance(doc.data, dict):
                out.add(doc, [], "schema", f"{doc.path} must be a mapping")
                continue
            last_doc = doc
            if kind == "regions" and merged_doc:
                merged_doc = _merge_regions(merged_doc, doc.data)
            else:
                merged_doc = {**merged_doc, **doc.data}
        if kind == "manifest":
            merged["manifest"] = merged_doc
            continue
        if last_doc is None:
            out.add("catalogue", (), "missing-file", f"no {kind}.yaml in any catalogue layer")
            merged[kind] = None
            continue
        try:
            obj = models[kind].model_validate(merged_doc)
            merged[kind] = obj.model_dump(mode="json", by_alias=True)
        except Exception as exc:
            errs = getattr(exc, "errors", None)
            if errs is None:
                raise
            doc0 = last_doc
            for err in errs():
                _schema_findings(out, err, lambda loc, d=doc0: (d, list(loc)), models[kind], kind)
            merged[kind] = None

    if not unreadable:
        # With a file that could not be read, every id it defines would be 'unknown' elsewhere:
        # the syntax error is the one thing to fix, so the checks across files wait for it.
        _cross_checks(out, merged, entries, docs)
    # A catalogue whose only errors are drifted cost figures can still be assembled, so that
    # `landrestore catalog derive` can compute the figures to store; loading refuses it.
    blocking = [d for d in out.items if d.severity == "error" and d.code != "cost-drift"]
    result = _assemble(merged) if not blocking else None
    return sorted(set(out.items)), result


def _merge_regions(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    res = dict(base)
    for key, ident in (("regions", "id"), ("countries", "iso3")):
        if key in top and isinstance(top[key], list):
            by = {r.get(ident): dict(r) for r in base.get(key, []) if isinstance(r, dict)}
            for r in top[key]:
                if isinstance(r, dict) and r.get(ident) in by:
                    by[r[ident]].update(r)
                elif isinstance(r, dict):
                    by[r.get(ident)] = dict(r)
            res[key] = list(by.values())
    if "sources" in top:
        ids = {s.get("id") for s in top["sources"] if isinstance(s, dict)}
        res["sources"] = [s for s in base.get("sources", []) if s.get("id") not in ids] + list(top["sources"])
    return res


def _check_sourced(out: Collector, entry: Entry, loc: tuple[Any, ...], block: dict[str, Any], keys: set[str], what: str) -> None:
    src = block.get("source")
    if src is None and not block.get("estimate"):
        doc, path = entry.locate(loc)
        out.add(
            doc,
            path,
            "missing-source",
            key=True,
            message=f"{what} has no source; cite one of the entry's sources with 'source:' or mark it 'estimate: true' with a note",
        )
    elif src is not None and src not in keys:
        doc, path = entry.locate((*loc, "source"))
        out.add(
            doc,
            path,
            "unknown-source",
            f"source '{src}' is not in this entry's sources"
            + (f"; did you mean '{vocab.closest(src, tuple(keys))}'?" if vocab.closest(src, tuple(keys)) else ""),
        )
    if block.get("estimate") and not block.get("note"):
        doc, path = entry.locate((*loc, "estimate"))
        out.add(
            doc,
            path,
            "estimate-without-reasoning",
            f"{what} is marked 'estimate: true' but has no 'note' explaining how it was estimated",
        )


def _check_triple(out: Collector, entry: Entry, loc: tuple[Any, ...], t: dict[str, Any] | None, what: str) -> None:
    if not t:
        return
    present = [t.get(k) for k in ("low", "typical", "high") if t.get(k) is not None]
    if any(a > b for a, b in zip(present, present[1:], strict=False)):
        doc, path = entry.locate(loc)
        out.add(
            doc,
            path,
            "range-disordered",
            f"{what}: low <= typical <= high does not hold ({t.get('low')}, {t.get('typical')}, {t.get('high')})",
        )


def _check_minmax(out: Collector, entry: Entry, loc: tuple[Any, ...], mm: dict[str, Any] | None, what: str) -> None:
    if mm and mm["min"] > mm["max"]:
        doc, path = entry.locate(loc)
        out.add(doc, path, "range-disordered", f"{what}: min {mm['min']} is greater than max {mm['max']}")


def _cross_checks(
    out: Collector, merged: dict[str, Any], entries: dict[str, dict[str, Entry]], docs: dict[str, list[Document]]
) -> None:
    policies = merged.get("policies") or {}
    policy_ids = set(entries["policies"])
    requirement_ids = set(entries["requirements"])
    manifest = merged.get("manifest") or {}
    required_tr: dict[str, list[str]] = manifest.get("translations_required") or {}

    def check_translations(kind: str, key: str, entry: Entry, data: dict[str, Any]) -> None:
        if not required_tr:
            return
        tr = data.get("translations") or {}
        for lang, fields in required_tr.items():
            for f in fields:
                if not (tr.get(lang) or {}).get(f):
                    doc, path = entry.locate(("translations",) if "translations" in entry.data else ())
                    out.add(
                        doc,
                        path,
                        "missing-translation",
                        key="translations" in entry.data,
                        message=f"{ENTRY_NAME[kind]} '{key}' has no {lang} {f} (required by catalog.yaml)",
                    )

    for key, data in (merged.get("practices") or {}).items():
        e = entries["practices"][key]
        keys = {s["id"] for s in data["sources"]}
        _check_costs(out, e, data["costs"], keys, merged)
        _check_sourced(out, e, ("timing",), data["timing"], keys, "timing")
        if data["timing"]["first_benefit_years"] > data["timing"]["full_effect_years"]:
            out.add(
                *e.locate(("timing", "first_benefit_years")),
                "range-disordered",
                "timing: first benefit comes after the full effect",
            )
        s = data["suitability"]
        for fact, (lo, hi, unit) in RANGE_LIMITS.items():
            rng = s.get(fact)
            if not rng:
                continue
            if rng["absolute"][0] < lo or rng["absolute"][1] > hi:
                out.add(
                    *e.locate(("suitability", fact, "absolute")),
                    "out-of-bounds",
                    f"suitability.{fact}.absolute {rng['absolute']} is outside {lo:g}-{hi:g} {unit}",
                )
            _cite(out, e, ("suitability", fact, "source"), rng.get("source"), keys)
            if rng.get("source") is None and not rng.get("estimate") and s.get("source") is None and not s.get("estimate"):
                out.add(
                    *e.locate(("suitability", fact)),
                    "missing-source",
                    key=True,
                    message=f"suitability.{fact} has no source; cite one with 'source:' or mark it 'estimate: true' with a note",
                )
            if rng.get("estimate") and not rng.get("note"):
                out.add(
                    *e.locate(("suitability", fact, "estimate")),
                    "estimate-without-reasoning",
                    f"suitability.{fact} is marked 'estimate: true' but has no 'note' explaining how it was estimated",
                )
        for i, rid in enumerate(s.get("requires") or []):
            if rid not in requirement_ids:
                hint = vocab.closest(rid, tuple(sorted(requirement_ids)))
                out.add(
                    *e.locate(("suitability", "requires", i)),
                    "unknown-id",
                    f"unknown requirement '{rid}' (see requirements.yaml)" + (f"; did you mean '{hint}'?" if hint else ""),
                )
        _cite(out, e, ("suitability", "source"), s.get("source"), keys)
        for i, a in enumerate(data["addresses"]):
            _cite(out, e, ("addresses", i, "source"), a.get("source"), keys)
        seen_deg: set[str] = set()
        for i, a in enumerate(data["addresses"]):
            if a["degradation"] in seen_deg:
                out.add(
                    *e.locate(("addresses", i, "degradation")),
                    "duplicate-id",
                    f"degradation '{a['degradation']}' is listed twice",
                )
            seen_deg.add(a["degradation"])
        for i, b in enumerate(data["benefits"]):
            if b.get("value") is not None:
                _check_sourced(out, e, ("benefits", i), b, keys, f"benefits[{i}] ({b['indicator']})")
                _check_triple(out, e, ("benefits", i, "value"), b["value"], f"benefits[{i}].value")
            else:
                _cite(out, e, ("benefits", i, "source"), b.get("source"), keys)
        for i, cs in enumerate(data["case_studies"]):
            _cite(out, e, ("case_studies", i, "source"), cs["source"], keys)
            if (
                cs["years"].get("end") is not None
                and cs["years"].get("start") is not None
                and cs["years"]["end"] < cs["years"]["start"]
            ):
                out.add(*e.locate(("case_studies", i, "years")), "range-disordered", "case study ends before it starts")
        for i, pid in enumerate(data["policy_instruments"]):
            if pid not in policy_ids:
                hint = vocab.closest(pid, tuple(sorted(policy_ids)))
                out.add(
                    *e.locate(("policy_instruments", i)),
                    "unknown-id",
                    f"unknown policy instrument '{pid}'" + (f"; did you mean '{hint}'?" if hint else ""),
                )
        src_ids: dict[str, int] = {}
        for i, src in enumerate(data["sources"]):
            if not (src.get("url") or src.get("doi")):
                out.add(
                    *e.locate(("sources", i, "id")),
                    "source-not-findable",
                    f"source '{src['id']}' has no url or doi; readers cannot check it",
                    severity="warning",
                )
            if src["id"] in src_ids:
                out.add(*e.locate(("sources", i, "id")), "duplicate-id", f"duplicate source id '{src['id']}'")
            src_ids[src["id"]] = i
        check_translations("practices", key, e, data)

    for key, data in (merged.get("biomes") or {}).items():
        e = entries["biomes"][key]
        keys = {s["id"] for s in data["sources"]}
        if data.get("id") != key:
            continue
        _check_sourced(out, e, ("restoration",), data["restoration"], keys, "restoration figures")
        for f in ("cost_per_ha", "annual_benefit_per_ha", "benefit_cost_ratio"):
            _check_triple(out, e, ("restoration", f), data["restoration"].get(f), f"restoration.{f}")
        _check_sourced(out, e, ("recovery_years",), data["recovery_years"], keys, "recovery_years")
        _check_triple(out, e, ("recovery_years",), data["recovery_years"], "recovery_years")
        _check_minmax(out, e, ("rainfall_mm",), data["rainfall_mm"], "rainfall_mm")
        if data.get("climate_source") is None and not data.get("climate_estimate"):
            out.add(
                *e.locate(("rainfall_mm",)),
                "missing-source",
                "rainfall/aridity ranges have no climate_source (or climate_estimate: true with climate_note)",
            )
        if data.get("pet_mm") is not None and data.get("pet_source") is None and not data.get("pet_estimate"):
            out.add(*e.locate(("pet_mm",)), "missing-source", "pet_mm has no pet_source (or pet_estimate: true with pet_note)")
        check_translations("biomes", key, e, data)
    if docs["biomes"] and merged.get("biomes") is not None:
        missing = [b for b in vocab.BIOMES if b not in entries["biomes"]]
        if missing:
            out.add(
                docs["biomes"][0],
                [],
                "missing-entry",
                f"biomes.yaml lacks {len(missing)} of the 14 WWF biomes: {', '.join(missing)}",
            )

    for key, data in policies.items():
        e = entries["policies"][key]
        keys = {s["id"] for s in data["sources"]}
        tc = data["typical_cost"]
        if tc.get("value") is not None or tc.get("source"):
            _check_sourced(out, e, ("typical_cost",), tc, keys, "typical_cost")
            _check_triple(out, e, ("typical_cost", "value"), tc.get("value"), "typical_cost.value")
        for i, ex in enumerate(data["examples"]):
            _cite(out, e, ("examples", i, "source"), ex["source"], keys)
        check_translations("policies", key, e, data)

    practice_ids = set(entries["practices"])
    for key, data in (merged.get("rules") or {}).items():
        e = entries["rules"][key]
        if data.get("policy") and data["policy"] not in policy_ids:
            out.add(*e.locate(("policy",)), "unknown-id", f"unknown policy instrument '{data['policy']}'")
        cond = (data.get("practice") or {}).get("id") or {}
        for f in ("in", "not_in"):
            for i, pid in enumerate(cond.get(f) or []):
                if pid not in practice_ids:
                    hint = vocab.closest(pid, tuple(sorted(practice_ids)))
                    out.add(
                        *e.locate(("practice", "id", f, i)),
                        "unknown-id",
                        f"unknown practice '{pid}'" + (f"; did you mean '{hint}'?" if hint else ""),
                    )
        _check_condition_ids(out, e, ("when",), data.get("when") or {})

    for key, data in (merged.get("requirements") or {}).items():
        e = entries["requirements"][key]
        for i, alt in enumerate(data["any_of"]):
            _check_condition_ids(out, e, ("any_of", i), alt)
        _check_condition_ids(out, e, ("implausible_when",), data.get("implausible_when") or {})

    pairs: dict[tuple[str, ...], str] = {}
    for key, data in (merged.get("combinations") or {}).items():
        e = entries["combinations"][key]
        for i, pid in enumerate(data["practices"]):
            if pid not in practice_ids:
                hint = vocab.closest(pid, tuple(sorted(practice_ids)))
                out.add(
                    *e.locate(("practices", i)),
                    "unknown-id",
                    f"unknown practice '{pid}'" + (f"; did you mean '{hint}'?" if hint else ""),
                )
        pair = tuple(sorted(data["practices"]))
        if pair[0] == pair[1]:
            out.add(*e.locate(("practices",)), "schema", f"combination '{key}' pairs '{pair[0]}' with itself")
        elif pair in pairs:
            out.add(
                *e.locate(("practices",)), "duplicate-id", f"the pair {pair[0]} + {pair[1]} is already listed as '{pairs[pair]}'"
            )
        else:
            pairs[pair] = key

    voc = merged.get("vocabularies")
    if voc and docs["vocabularies"]:
        doc = docs["vocabularies"][-1]
        for section, expected in (
            ("aridity", vocab.ARIDITY_ZONES),
            ("land_uses", vocab.LAND_USES),
            ("degradation", vocab.DEGRADATION_TYPES),
            ("severity", vocab.SEVERITIES),
            ("intervention", vocab.INTERVENTIONS),
            ("ldn_response", vocab.LDN_RESPONSES),
            ("measure_type", vocab.MEASURE_TYPES),
        ):
            got = [t["id"] for t in voc[section]]
            for i, t in enumerate(got):
                if t not in expected:
                    out.add(
                        doc,
                        [section, i, "id"],
                        "unknown-id",
                        f"'{t}' is not an id of the {section} vocabulary (the vocabularies are fixed: {', '.join(expected)})",
                    )
            for t in expected:
                if t not in got:
                    out.add(doc, [section], "missing-entry", f"the {section} vocabulary lacks '{t}'", key=True)
            keys = {s["id"] for s in voc["sources"]}
            for i, t in enumerate(voc[section]):
                if t.get("source") and t["source"] not in keys:
                    out.add(
                        doc, [section, i, "source"], "unknown-source", f"source '{t['source']}' is not in this file's sources"
                    )
    reg = merged.get("regions")
    if reg and docs["regions"]:
        doc = docs["regions"][-1]
        keys = {s["id"] for s in reg["sources"]}
        seen: set[str] = set()
        for i, c in enumerate(reg["countries"]):
            if c["iso3"] in seen:
                out.add(doc, ["countries", i, "iso3"], "duplicate-id", f"country {c['iso3']} is listed twice")
            seen.add(c["iso3"])
            for field in ("source", "also_in_source"):
                if c.get(field) and c[field] not in keys:
                    out.add(doc, ["countries", i, field], "unknown-source", f"source '{c[field]}' is not in this file's sources")
            if c.get("also_in") and not c.get("also_in_source"):
                out.add(doc, ["countries", i, "also_in"], "missing-source", f"also_in of {c['iso3']} has no also_in_source")
            if c["region"] in (c.get("also_in") or []):
                out.add(doc, ["countries", i, "also_in"], "schema", f"also_in of {c['iso3']} repeats its region '{c['region']}'")
            if c.get("cost_level") is not None and not c.get("cost_level_source"):
                out.add(
                    doc, ["countries", i, "cost_level"], "missing-source", f"cost_level of {c['iso3']} has no cost_level_source"
                )
            elif c.get("cost_level_source") and c["cost_level_source"] not in keys:
                out.add(
                    doc,
                    ["countries", i, "cost_level_source"],
                    "unknown-source",
                    f"source '{c['cost_level_source']}' is not in this file's sources",
                )
        for r in vocab.REGIONS:
            if r not in {x["id"] for x in reg["regions"]}:
                out.add(doc, ["regions"], "missing-entry", f"regions.yaml lacks region '{r}'", key=True)


def _cite(out: Collector, e: Entry, loc: tuple[Any, ...], src: str | None, keys: set[str], where: str = "entry") -> None:
    """A finding when ``src`` is not one of the entry's (or file's) source keys, with the closest key."""
    if not src or src in keys:
        return
    hint = vocab.closest(src, tuple(sorted(keys)))
    out.add(
        *e.locate(loc),
        "unknown-source",
        f"source '{src}' is not in this {where}'s sources" + (f"; did you mean '{hint}'?" if hint else ""),
    )


def _check_costs(out: Collector, e: Entry, c: dict[str, Any], keys: set[str], merged: dict[str, Any]) -> None:
    """Each cost item: its observations cite the entry's sources and can be converted, and the
    stored triple and labour share are what its observations give (``knowledge/costs.py``)."""
    from .costs import CatalogParts, DerivationError, derive, drifts

    reg, defl = merged.get("regions"), merged.get("deflators")
    parts = (
        CatalogParts({r["id"]: r for r in reg["regions"]}, {x["iso3"]: x for x in reg["countries"]}, defl)
        if reg and defl
        else None
    )
    countries = {x["iso3"] for x in reg["countries"]} if reg else set()
    for key in ("establishment", "maintenance", "opportunity"):
        item = c.get(key)
        if not item:
            continue
        _check_triple(out, e, ("costs", key, "per_ha"), item["per_ha"], f"costs.{key}.per_ha")
        for i, obs in enumerate(item["observations"]):
            loc = ("costs", key, "observations", i)
            _cite(out, e, (*loc, "source"), obs["source"], keys)
            if obs.get("country") and countries and obs["country"] not in countries:
                out.add(*e.locate((*loc, "country")), "unknown-id", f"unknown country '{obs['country']}'")
            if obs.get("estimate") and not obs.get("note"):
                out.add(
                    *e.locate((*loc, "estimate")),
                    "estimate-without-reasoning",
                    f"costs.{key}.observations[{i}] is marked 'estimate: true' but has no 'note' saying how it was derived",
                )
        if parts is None:
            continue
        try:
            derived = derive(item, c.get("default_labour_share", 0.5), parts)
        except (DerivationError, KeyError, ZeroDivisionError) as exc:
            out.add(*e.locate(("costs", key, "observations")), "cost-underivable", f"costs.{key}: {exc}")
            continue
        for problem in drifts(item, derived):
            out.add(
                *e.locate(("costs", key, "per_ha")),
                "cost-drift",
                f"costs.{key}.{problem}; update the stored figures (landrestore catalog derive)",
            )
    share = c.get("treated_share")
    if share:
        _check_triple(out, e, ("costs", "treated_share"), share, "costs.treated_share")
        _check_sourced(out, e, ("costs", "treated_share"), share, keys, "costs.treated_share")
    _cite(out, e, ("costs", "labour_days_source"), c.get("labour_days_source"), keys)


#: Bounds of the site facts a practice gives ranges for, with their unit.
RANGE_LIMITS = {"rainfall_mm": (0, 15000, "mm"), "slope_pct": (0, 100, "%"), "soil_ph": (0, 14, "pH")}
#: Site fields whose condition arguments are ids of a vocabulary.
CONDITION_VOCABULARIES = {
    "biome": vocab.BIOMES,
    "region": vocab.REGIONS,
    "aridity": vocab.ARIDITY_ZONES,
    "land_use": vocab.LAND_USES,
    "degradation": vocab.DEGRADATION_TYPES,
    "severity": vocab.SEVERITIES,
}


def _check_condition_ids(out: Collector, e: Entry, loc: tuple[Any, ...], conditions: dict[str, Any]) -> None:
    """Every id a condition tests for must be an id of the field's vocabulary."""
    for fname, c in conditions.items():
        allowed = CONDITION_VOCABULARIES.get(fname)
        if not allowed:
            continue
        for op in ("in", "not_in", "any_of", "all_of"):
            for i, v in enumerate(c.get(op) or []):
                if v not in allowed:
                    hint = vocab.closest(v, allowed)
                    out.add(
                        *e.locate((*loc, fname, op, i)),
                        "unknown-id",
                        f"unknown {fname} '{v}'" + (f"; did you mean '{hint}'?" if hint else ""),
                    )


def _assemble(merged: dict[str, Any]) -> dict[str, Any]:
    """Shape validated data for the engine: plain dicts indexed by id, sorted for determinism."""
    reg = merged["regions"]
    return {
        "practices": dict(sorted(merged["practices"].items())),
        "biomes": merged["biomes"],
        "policies": dict(sorted(merged["policies"].items())),
        "regions": {r["id"]: r for r in reg["regions"]},
        "countries": {c["iso3"]: c for c in reg["countries"]},
        "vocabularies": merged["vocabularies"],
        "deflators": merged["deflators"],
        "rules": [merged["rules"][k] for k in merged["rules"]],
        "requirements": dict(sorted(merged["requirements"].items())),
        "combinations": dict(sorted(merged["combinations"].items())),
        "manifest": merged.get("manifest") or {},
    }


def validate_paths(paths: list[str | Path] | None = None, data_dir: str | Path | None = None) -> list[Diagnostic]:
    """Validate the catalogue in use, or the given folders/files laid over the shipped catalogue."""
    return validate_report(paths, data_dir)[0]


def validate_report(
    paths: list[str | Path] | None = None, data_dir: str | Path | None = None
) -> tuple[list[Diagnostic], dict[str, Any] | None]:
    """Findings, and the translation coverage per language when the catalogue could be read."""
    from .layers import catalog_paths, stack_layers

    if not paths:
        layers = catalog_paths(data_dir)
    else:
        missing = [Diagnostic(str(p), 1, 1, "file-not-found", "no such file or folder") for p in paths if not Path(p).exists()]
        if missing:
            return missing, None
        layers = stack_layers([Path(p) for p in paths])
    diagnostics, merged = check_layers(layers)
    cov = translation_coverage(merged) if merged is not None else None
    return diagnostics, cov


def translation_coverage(merged: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Share of practices, biomes and policies with a name and a summary in each language."""
    out: dict[str, dict[str, str]] = {}
    groups = {"practices": merged["practices"], "biomes": merged["biomes"], "policies": merged["policies"]}
    for lang in vocab.LANGUAGES[1:]:
        row = {}
        for kind, items in groups.items():
            total = len(items) or 1
            names = sum(1 for e in items.values() if ((e.get("translations") or {}).get(lang) or {}).get("name"))
            summaries = sum(1 for e in items.values() if ((e.get("translations") or {}).get(lang) or {}).get("summary"))
            row[kind] = f"names {100 * names // total}%, summaries {100 * summaries // total}%"
        out[lang] = row
    return out
