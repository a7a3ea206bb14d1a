"""Guided input for people who do not write site files: questions on the terminal, and a
commented site template (`landrestore site new`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from landrestore.model import vocab
from landrestore.render.i18n import Translator

REQUIRED = ("biome", "degradation", "severity")


class Asker:
    """Asks one question at a time on stderr and reads the answer from stdin (or given functions)."""

    def __init__(
        self, tr: Translator, read: Callable[[str], str] | None = None, write: Callable[[str], None] | None = None
    ) -> None:
        self.tr = tr
        self.read = read or self._read
        self.write = write or (lambda text: sys.stderr.write(text + "\n"))

    @staticmethod
    def _read(prompt: str) -> str:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.strip()

    def choice(
        self,
        field: str,
        ids: tuple[str, ...],
        kind: str,
        required: bool,
        default: str | None = None,
        multi: bool = False,
        why: str | None = None,
    ) -> Any:
        """A choice among ids, shown with plain names; accepts a number, an id, a name or a near miss."""
        tr = self.tr
        names = [tr.term(kind, i) if kind != "id" else i for i in ids]

        def show() -> None:
            for n, (i, name) in enumerate(zip(ids, names, strict=True), start=1):
                label = name if name.replace(" ", "_") == i else f"{name} ({i})"
                self.write(f"  {n:>2}. {label}")

        header = tr(f"field.{field}")
        self.write("")
        self.write(header + (" " + tr("prompt.multi") if multi else "") + ("" if required else " " + tr("prompt.optional")))
        show()
        while True:
            hint = f" [{tr.term(kind, default) if kind != 'id' else default}]" if default else ""
            if default and why:
                hint += f" ({why})"
            answer = self.read(f"{header}{hint}: ").strip()
            if answer == "?":
                show()
                continue
            if not answer:
                if default:
                    return [default] if multi else default
                if not required:
                    return None
                continue
            parts = [a.strip() for a in answer.replace(";", ",").split(",") if a.strip()] if multi else [answer]
            picked: list[str] = []
            for part in parts:
                got = self._match(part, ids, names)
                if got is None:
                    break
                if got not in picked:
                    picked.append(got)
            else:
                return picked if multi else picked[0]

    def _match(self, answer: str, ids: tuple[str, ...], names: list[str]) -> str | None:
        tr = self.tr
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            return ids[int(answer) - 1]
        low = answer.lower()
        for i, name in zip(ids, names, strict=True):
            if low in (i, name.lower(), i.replace("_", " ")):
                return i
        guess = vocab.closest(answer, ids)
        if guess is None:
            for i, name in zip(ids, names, strict=True):
                if low and low in name.lower():
                    guess = i
                    break
        if guess is None:
            self.write(tr("prompt.unknown", value=answer) + " ?")
            return None
        yes = self.read(tr("prompt.did_you_mean", value=tr.term("id", guess) if guess else guess) + " ").strip().lower()
        return guess if yes in ("", "y", "yes", "是", "o", "oui", "s", "si", "sí", "д", "да") else None

    def number(self, field: str, low: float, high: float, default: float | None = None, why: str | None = None) -> float | None:
        tr = self.tr
        header = tr(f"field.{field}")
        while True:
            hint = f" [{default:g}]" if default is not None else f" {tr('prompt.optional')}"
            if default is not None and why:
                hint += f" ({why})"
            answer = self.read(f"{header}{hint}: ").strip().replace(",", ".")
            if not answer:
                return default
            try:
                value = float(answer)
            except ValueError:
                value = float("nan")
            if low <= value <= high:
                return value
            self.write(tr("prompt.number", allowed=f"{low:g}-{high:g}"))


def needs_questions(site: dict[str, Any]) -> bool:
    return any(site.get(f) in (None, "", []) for f in REQUIRED)


def ask_missing(site: dict[str, Any], catalog: Any, asker: Asker) -> dict[str, Any]:
    """Ask for every fact the site lacks, required first in the natural order of a field visit."""
    from landrestore.engine.assess import derive_aridity

    tr = asker.tr
    s = dict(site)
    asker.write(tr("prompt.intro"))
    # the required facts first, then the optional ones in the order of a field visit
    if not s.get("biome"):
        s["biome"] = asker.choice("biome", vocab.BIOMES, "biome", True)
    if not s.get("degradation"):
        s["degradation"] = asker.choice("degradation", vocab.DEGRADATION_TYPES, "degradation", True, multi=True)
    if not s.get("severity"):
        s["severity"] = asker.choice("severity", vocab.SEVERITIES, "severity", True)
    if not s.get("country"):
        codes = tuple(sorted(catalog.countries))
        answer = asker.read(f"{tr('field.country')} (ISO3, e.g. ETH) {tr('prompt.optional')}: ").strip().upper()
        while answer and answer not in catalog.countries:
            guess = vocab.closest(answer, codes)
            answer = (
                asker.read(tr("prompt.unknown", value=answer) + (f" {tr('prompt.did_you_mean', value=guess)} " if guess else " "))
                .strip()
                .upper()
            )
            if guess and answer in ("", "Y", "YES", "是"):
                answer = guess
        if answer:
            s["country"] = answer
    if not s.get("region"):
        default = catalog.countries[s["country"]]["region"] if s.get("country") in catalog.countries else None
        s["region"] = asker.choice(
            "region",
            vocab.REGIONS,
            "region",
            False,
            default,
            why=tr("prompt.suggested", source=s.get("country", "")) if default else None,
        )
    if s.get("rainfall_mm") in (None, ""):
        s["rainfall_mm"] = asker.number("rainfall_mm", 0, 15000)
    if not s.get("aridity"):
        default = None
        pet = catalog.biomes.get(s["biome"], {}).get("pet_mm")
        if s.get("rainfall_mm") is not None and pet:
            default = derive_aridity(
                float(s["rainfall_mm"]), pet, [(t["id"], t.get("ai_max")) for t in catalog.vocabularies["aridity"]]
            )[0]
        s["aridity"] = asker.choice(
            "aridity",
            vocab.ARIDITY_ZONES,
            "aridity",
            False,
            default,
            why=tr("prompt.suggested", source=tr("field.rainfall_mm")) if default else None,
        )
    if s.get("slope_pct") in (None, ""):
        s["slope_pct"] = asker.number("slope_pct", 0, 100)
    if not s.get("land_use"):
        s["land_use"] = asker.choice("land_use", vocab.LAND_USES, "land_use", False)
    if s.get("area_ha") in (None, ""):
        s["area_ha"] = asker.number("area_ha", 0.0001, 1e9)
    if s.get("budget_usd") in (None, ""):
        s["budget_usd"] = asker.number("budget_usd", 0, 1e13)
    return {k: v for k, v in s.items() if v is not None}


def site_template(lang: str = "en") -> str:
    """A commented site file to fill in, listing the allowed ids next to each field."""
    lines = [
        "# landrestore site file. Fill in what you know; only biome, degradation and severity are",
        "# required. Then run:  landrestore recommend --site THIS_FILE   (or: landrestore report --site THIS_FILE -o report.html)",
        "# For checks as you type in an editor: landrestore schema site > site.schema.json (beside this file)",
        "# yaml-language-server: $schema=./site.schema.json",
        "",
        "name: My site",
        "# country: ISO 3166-1 alpha-3 code, e.g. ETH, BFA, KEN, IND, BRA. Sets the region and the cost level.",
        "country: ",
        "# biome (required), one of:",
        *[f"#   {b}" for b in vocab.BIOMES],
        "biome: ",
        "# aridity (optional; derived from rainfall when missing): " + ", ".join(vocab.ARIDITY_ZONES),
        "aridity: ",
        "# mean annual rainfall in mm",
        "rainfall_mm: ",
        "# slope in percent (0-100)",
        "slope_pct: ",
        "# soil pH (0-14), if measured: liming needs an acid soil, gypsum a sodic one",
        "soil_ph: ",
        "# land use: " + ", ".join(vocab.LAND_USES),
        "land_use: ",
        "# degradation types (required, one or more): " + ", ".join(vocab.DEGRADATION_TYPES),
        "degradation: []",
        "# severity (required): light, moderate, strong, extreme (GLASOD degrees)",
        "severity: ",
        "# area to treat in hectares, and the total budget in US dollars",
        "area_ha: ",
        "budget_usd: ",
        "# years over which costs are counted, and the discount rate (0-1)",
        "horizon_years: 20",
        "discount_rate: 0.05",
        "# what matters most, as weights from 0 to 10",
        "priorities: {cost: 1, carbon: 1, biodiversity: 1, livelihoods: 1, water: 1}",
        "",
    ]
    return "\n".join(lines)
