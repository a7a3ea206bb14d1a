"""Insert `country:`/`region:` into a practice's costs block in a part file (text edit keeps comments)."""
import re, sys, pathlib
import yaml

def set_origin(path, pid, key, value, why):
    t = pathlib.Path(path).read_text()
    start = t.index(f"- id: {pid}\n")
    nxt = t.find("\n- id: ", start + 1)
    block = t[start: nxt if nxt != -1 else len(t)]
    m = re.search(r"\n(\s+)costs:\n(\s+)currency: USD\n", block)
    assert m, pid
    ind = m.group(2)
    ins = f"{ind}{key}: {value}   # {why}\n"
    new_block = block[: m.end()] + ins + block[m.end():]
    t = t[:start] + new_block + t[start + len(block):]
    yaml.safe_load(t)
    pathlib.Path(path).write_text(t)

EDITS = [
    ("data/parts/a.yaml", "zai_pits", "region", "africa", "labour valued at a Sahelian wage (US$1.5/day), see note"),
    ("data/parts/b.yaml", "contour_hedgerows", "region", "africa", "labour valued at the Rwanda VUP wage, see note"),
    ("data/parts/b.yaml", "fanya_juu_terraces", "region", "africa", "labour valued at the Rwanda VUP wage, see note"),
    ("data/parts/b.yaml", "slope_bioengineering", "region", "africa", "labour valued at the Rwanda VUP wage, see note"),
    ("data/parts/b.yaml", "vegetative_strips", "region", "africa", "labour valued at the Rwanda VUP wage, see note"),
    ("data/parts/d.yaml", "peatland_rewetting", "country", "GBR", "Peatland ACTION, Scotland"),
    ("data/parts/d.yaml", "wetland_restoration", "country", "GBR", "typical figure from Wicken Fen, UK"),
    ("data/parts/c.yaml", "enrichment_planting", "country", "BRA", "scaled from the south-east Brazil planting benchmark"),
]
for e in EDITS:
    set_origin(*e)
print("ok")
