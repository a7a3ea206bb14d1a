"""The fixed vocabularies: the public contract of site files and catalogues.

Their definitions (names, codes, sources) live in ``data/vocabularies.yaml``; the ids are here
too so that the models, the engine and the JSON Schema agree without reading a file.
"""

from __future__ import annotations

BIOMES = (
    "tropical_subtropical_moist_broadleaf_forests",
    "tropical_subtropical_dry_broadleaf_forests",
    "tropical_subtropical_coniferous_forests",
    "temperate_broadleaf_mixed_forests",
    "temperate_conifer_forests",
    "boreal_forests_taiga",
    "tropical_subtropical_grasslands_savannas_shrublands",
    "temperate_grasslands_savannas_shrublands",
    "flooded_grasslands_savannas",
    "montane_grasslands_shrublands",
    "tundra",
    "mediterranean_forests_woodlands_scrub",
    "deserts_xeric_shrublands",
    "mangroves",
)
ARIDITY_ZONES = ("hyper_arid", "arid", "semi_arid", "dry_subhumid", "humid")
REGIONS = (
    "africa",
    "asia_pacific",
    "latin_america_caribbean",
    "northern_mediterranean",
    "central_eastern_europe",
    "other",
)
LAND_USES = ("cropland", "grazing_land", "forest", "mixed", "settlement", "wetland", "mine", "barren")
DEGRADATION_TYPES = (
    "water_erosion",
    "wind_erosion",
    "nutrient_decline",
    "salinization",
    "acidification",
    "contamination",
    "compaction",
    "crusting_sealing",
    "waterlogging",
    "peat_subsidence",
    "soil_sealing",
    "vegetation_loss",
    "biodiversity_loss",
    "invasive_species",
    "fire_damage",
    "aridification",
)
SEVERITIES = ("light", "moderate", "strong", "extreme")
INTERVENTIONS = ("restoration", "rehabilitation", "reclamation")
LDN_RESPONSES = ("avoid", "reduce", "reverse")
MEASURE_TYPES = ("agronomic", "vegetative", "structural", "management")
EFFECTIVENESS = ("low", "medium", "high")
FREQUENCIES = ("once", "seasonal", "annual", "every_2_years", "every_3_years", "every_5_years")
BENEFIT_CATEGORIES = ("ecological", "social", "economic")
BENEFIT_INDICATORS = (
    "soil_organic_carbon",
    "carbon_sequestration",
    "yield",
    "infiltration",
    "soil_loss",
    "runoff",
    "vegetation_cover",
    "biodiversity",
    "income",
    "jobs",
    "food_security",
    "water_availability",
    "groundwater",
    "other",
)
#: The three sub-indicators of SDG indicator 15.3.1 (UNCCD Good Practice Guidance, 2021).
SDG_15_3_1 = ("land_cover", "land_productivity", "soil_organic_carbon")
#: Co-benefit dimensions that site priorities weigh; "cost" weighs cost-effectiveness.
PRIORITIES = ("cost", "carbon", "biodiversity", "livelihoods", "water")
LANGUAGES = ("en", "zh", "fr", "es", "ar", "ru")
#: FAO land-suitability classes (FAO 1976, 2007): highly, moderately, marginally, not suitable.
SUITABILITY_CLASSES = ("S1", "S2", "S3", "N")
#: Site facts a practice may give an optimal and an absolute range for (ECOCROP's two ranges).
RANGE_FACTS = ("rainfall_mm", "slope_pct", "soil_ph")
#: Yes/no facts about a site that some practices need (a stream for riparian buffers, ...).
SITE_FEATURES = ("irrigated", "watercourse", "gullies", "remnant_vegetation")
#: Kinds of source, from strong to weak; `catalog stats` counts them.
SOURCE_KINDS = ("peer_reviewed", "official_report", "wocat_record", "grey_literature", "news_commercial")
STRONG_SOURCE_KINDS = ("peer_reviewed", "official_report", "wocat_record")
WEAK_SOURCE_KINDS = ("news_commercial",)

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "biome": BIOMES,
    "aridity": ARIDITY_ZONES,
    "region": REGIONS,
    "land_use": LAND_USES,
    "degradation": DEGRADATION_TYPES,
    "severity": SEVERITIES,
    "intervention": INTERVENTIONS,
    "ldn_response": LDN_RESPONSES,
    "measure_type": MEASURE_TYPES,
    "effectiveness": EFFECTIVENESS,
    "frequency": FREQUENCIES,
    "priority": PRIORITIES,
    "suitability": SUITABILITY_CLASSES,
    "source_kind": SOURCE_KINDS,
}


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions, transpositions)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def closest(value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Return the allowed id nearest to a mistyped value, or None when nothing is close.

    Matches on whole ids first, then on any word of the id, so ``tropical_forest`` finds
    ``tropical_subtropical_moist_broadleaf_forests``.
    """
    import difflib

    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    spelling = {a.lower(): a for a in allowed}  # country codes are upper case
    if text in spelling:
        return spelling[text]
    if len(text) <= 4:
        # Short codes (ETJ for ETH): one edit away, the longest common start first.
        near = [(_edits(text, a), -_common_start(text, a), a) for a in spelling if abs(len(a) - len(text)) <= 1]
        near = [n for n in near if n[0] <= 1]
        return spelling[min(near)[2]] if near else None
    hits = difflib.get_close_matches(text, list(spelling), n=1, cutoff=0.6)
    if hits:
        return spelling[hits[0]]
    words = [w for w in text.split("_") if len(w) > 2]
    best, best_score = None, 0.0
    for candidate in spelling:
        parts = candidate.split("_")
        score = 0.0
        for w in words:
            score += max((difflib.SequenceMatcher(None, w, p).ratio() for p in parts), default=0)
        if words:
            score /= len(words)
        if score > best_score:
            best, best_score = spelling[candidate], score
    return best if best_score >= 0.75 else None
