"""Concatenate researched fragments (data/parts/*.yaml) into the catalogue files. One-off tool."""
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
parts = root / "data" / "parts"
HEAD = "# yaml-language-server: $schema=../schema/{kind}.schema.json\n# {what}\n"
def strip(text):
    lines = text.splitlines()
    # drop leading comments/blank lines and a leading '---'
    while lines and (not lines[0].strip() or lines[0].startswith("#") or lines[0].strip() == "---"):
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"
prac = "".join(strip((parts / f"{g}.yaml").read_text(encoding="utf-8")) + "\n" for g in "abcdef")
(root / "data" / "practices.yaml").write_text(HEAD.format(kind="practices", what="Land-management practices. Every figure carries a source; estimates say how they were made.") + prac, encoding="utf-8")
for kind, what in (("biomes", "The 14 WWF terrestrial biomes (Olson et al. 2001) with restoration figures per biome."), ("policies", "Policy instruments that enable practices.")):
    (root / "data" / f"{kind}.yaml").write_text(HEAD.format(kind=kind, what=what) + strip((parts / f"{kind}.yaml").read_text(encoding="utf-8")), encoding="utf-8")
print("merged")
