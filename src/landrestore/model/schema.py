"""The data model of the knowledge base and of a site: the contract of every YAML file.

These pydantic models are the single source of truth for validation (``landrestore validate``)
and for the JSON Schemas that editors use (``landrestore schema``). The recommendation path does
not build them: it reads a catalogue already checked against them (see ``catalog.py``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from . import vocab
from .rulelang import EFFECTS, OPERATORS

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case identifier")]
ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 country code")]
Biome = Literal[vocab.BIOMES]  # type: ignore[valid-type]
Aridity = Literal[vocab.ARIDITY_ZONES]  # type: ignore[valid-type]
Region = Literal[vocab.REGIONS]  # type: ignore[valid-type]
LandUse = Literal[vocab.LAND_USES]  # type: ignore[valid-type]
Degradation = Literal[vocab.DEGRADATION_TYPES]  # type: ignore[valid-type]
Severity = Literal[vocab.SEVERITIES]  # type: ignore[valid-type]
Intervention = Literal[vocab.INTERVENTIONS]  # type: ignore[valid-type]
LdnResponse = Literal[vocab.LDN_RESPONSES]  # type: ignore[valid-type]
MeasureType = Literal[vocab.MEASURE_TYPES]  # type: ignore[valid-type]
Effectiveness = Literal[vocab.EFFECTIVENESS]  # type: ignore[valid-type]
Frequency = Literal[vocab.FREQUENCIES]  # type: ignore[valid-type]
BenefitCategory = Literal[vocab.BENEFIT_CATEGORIES]  # type: ignore[valid-type]
BenefitIndicator = Literal[vocab.BENEFIT_INDICATORS]  # type: ignore[valid-type]
Rating = Annotated[int, Field(ge=0, le=3)]
SourceKind = Literal[vocab.SOURCE_KINDS]  # type: ignore[valid-type]


class Strict(BaseModel):
    # A number in the catalogue is finite: .inf and .nan are refused with the field's name.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Source(Strict):
    """A reference that a figure rests on: title, year, and a URL or DOI to find it."""

    id: Id = Field(description="Key that figures in the same entry cite with `source:`.")
    title: str = Field(min_length=3, description="Title of the work.")
    author: str | None = Field(None, description="Authors or issuing body.")
    year: int | None = Field(
        None, ge=1900, le=2100, description="Year of publication; null for an undated web page (then a url is required)."
    )
    url: str | None = Field(None, description="Where to find it.")
    doi: str | None = Field(None, description="Digital Object Identifier.")
    kind: SourceKind | None = Field(
        None,
        description="peer_reviewed, official_report (UN, World Bank, IFAD, governments), wocat_record, grey_literature "
        "(NGO reports, theses) or news_commercial (news, blogs, company pages).",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not (self.url or self.doi or self.note):
            raise ValueError("a source needs a url or a doi so that readers can find it (or a note saying where it was seen)")
        if self.url and not self.url.strip().lower().startswith(("https://", "http://")):
            raise ValueError(f"a source url must be a web address (http:// or https://), got '{self.url[:40]}'")
        return self


class Triple(Strict):
    """A quantity the literature gives as a range: low <= typical <= high."""

    low: float = Field(ge=-1e12, le=1e12, description="Low end of the reported range.")
    typical: float = Field(ge=-1e12, le=1e12, description="Typical (central) value.")
    high: float = Field(ge=-1e12, le=1e12, description="High end of the reported range.")


class NonNegTriple(Triple):
    # US$ per ha or days per ha: a billion is already far beyond any real figure.
    low: float = Field(ge=0, le=1e9)
    typical: float = Field(ge=0, le=1e9)
    high: float = Field(ge=0, le=1e9)


class PartialTriple(Strict):
    """A reported effect: a single value or a range; give what the source gives."""

    low: float | None = Field(None, ge=-1e12, le=1e12)
    typical: float | None = Field(None, ge=-1e12, le=1e12)
    high: float | None = Field(None, ge=-1e12, le=1e12)

    @model_validator(mode="after")
    def _some(self) -> PartialTriple:
        if self.low is None and self.typical is None and self.high is None:
            raise ValueError("give at least one of low, typical, high")
        return self


class MinMax(Strict):
    min: float = Field(ge=0, description="Lower limit.")
    max: float = Field(ge=0, description="Upper limit.")


class Sourced(Strict):
    """Mixin fields for a block of figures: its source, or an honest estimate with reasoning."""

    source: Id | None = Field(None, description="Key of the entry's source for these figures.")
    estimate: bool = Field(False, description="True when a figure is derived or judged; say how in `note`.")
    note: str | None = Field(None, description="How the figures were derived, caveats.")


class Range(Strict):
    """A site fact's optimal range (fully suitable) and absolute range (still documented in use).

    Inside the optimal range the factor is highly suitable (S1); between the optimal and the
    absolute limits suitability falls linearly to marginal (S3); outside the absolute range the
    practice is not suitable (N). FAO ECOCROP's two ranges.
    """

    optimal: Annotated[list[float], Field(min_length=2, max_length=2)] = Field(
        description="[low, high] where it is fully suitable."
    )
    absolute: Annotated[list[float], Field(min_length=2, max_length=2)] = Field(
        description="[low, high] outside which it is not suitable; contains the optimal range."
    )
    source: Id | None = Field(None, description="Key of the entry's source for the limits.")
    estimate: bool = Field(False, description="True when the limits are derived or judged; say how in `note`.")
    note: str | None = None

    @model_validator(mode="after")
    def _nested(self) -> Range:
        (lo, hi), (alo, ahi) = self.optimal, self.absolute
        if not (alo <= lo <= hi <= ahi):
            raise ValueError(
                f"need absolute low <= optimal low <= optimal high <= absolute high, got {self.absolute} and {self.optimal}"
            )
        return self


class Suitability(Strict):
    """Where a practice works: graded factors, documented settings as evidence, hard requirements."""

    biomes: list[Biome] = Field(
        min_length=1, description="WWF biomes where a case is documented: evidence that raises the fit, never a gate."
    )
    aridity: list[Aridity] = Field(min_length=1, description="UNEP aridity zones where it is documented; graded by distance.")
    rainfall_mm: Range | None = Field(None, description="Mean annual rainfall (mm): optimal and absolute range.")
    slope_pct: Range | None = Field(None, description="Slope (percent; WOCAT classes): optimal and absolute range.")
    soil_ph: Range | None = Field(None, description="Soil pH: optimal and absolute range, for practices that depend on it.")
    land_uses: list[LandUse] = Field(
        min_length=1, description="Land uses it is documented on (mixed stands for the uses it mixes)."
    )
    converts_to: LandUse | None = Field(
        None, description="The land use it turns the land into (WOCAT M1), so that it is not ruled out for the current use."
    )
    requires: list[Id] = Field(
        default_factory=list, description="Hard requirements (ids of requirements.yaml) without which it cannot work."
    )
    severities: list[Severity] = Field(min_length=1, description="GLASOD degrees of degradation it suits.")
    source: Id | None = None
    estimate: bool = False
    note: str | None = None


class Addresses(Strict):
    degradation: Degradation = Field(description="A degradation type the practice acts on.")
    effectiveness: Effectiveness = Field(description="How well it works against that type.")
    source: Id | None = None
    note: str | None = None


CostUnit = Literal["per_ha", "per_structure", "per_km", "per_m", "per_m3", "per_tree", "per_unit", "total"]
CostIncludes = Literal["labour", "materials", "equipment", "plants", "fertiliser", "land", "other"]


class Observation(Strict):
    """One documented cost: a figure as its source gives it, with what is needed to compare it.

    The derivation (``knowledge/costs.py``) turns it into US dollars per ha of the reference year
    at the reference price level (the US = 1): local currency to USD at ``usd_rate``, per unit to
    per ha by ``units_per_ha`` (or a total divided by ``area_ha``), the price year to the
    reference year by the US CPI-U, and the labour share from the price level of ``country`` (or
    ``region``) to the reference level.
    """

    id: Id = Field(description="Key of the observation within the practice.")
    value: float = Field(ge=0, le=1e12, description="The figure as the source gives it.")
    unit: CostUnit = Field(
        description="What the figure is per: per_ha, per structure, per km, per m, per m3, per tree, per unit, or a total."
    )
    units_per_ha: float | None = Field(
        None, gt=0, le=1e7, description="For a per-unit figure: units per ha treated (say where it comes from in `note`)."
    )
    area_ha: float | None = Field(None, gt=0, le=1e9, description="For a total: the area it paid for, ha.")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field("USD", description="ISO 4217 currency of the figure.")
    usd_rate: float | None = Field(
        None,
        gt=0,
        le=1e7,
        description="Units of the currency per US dollar in the price year (the source's rate, or the note says whose).",
    )
    price_year: int = Field(ge=1970, le=2100, description="The year the money refers to.")
    country: ISO3 | None = Field(None, description="Where it was observed (sets its price level).")
    region: Region | None = Field(None, description="Where it was observed when no single country applies.")
    includes: list[CostIncludes] = Field(default_factory=list, description="What the figure covers.")
    labour_share: float | None = Field(
        None, ge=0, le=1, description="Labour share of this figure, when the source's inputs give it."
    )
    land_user_share: float | None = Field(None, ge=0, le=1, description="Share paid by the land users, when the source gives it.")
    source: Id = Field(description="Key of the entry's source for this figure.")
    estimate: bool = Field(False, description="True when the figure was derived (a division, a conversion); say how in `note`.")
    note: str | None = None

    @model_validator(mode="after")
    def _convertible(self) -> Observation:
        if self.unit == "total" and self.area_ha is None:
            raise ValueError("a total needs area_ha, the area it paid for")
        if self.unit not in ("per_ha", "total") and self.units_per_ha is None:
            raise ValueError(f"a figure {self.unit} needs units_per_ha to be turned into a cost per ha")
        if self.currency != "USD" and self.usd_rate is None:
            raise ValueError(f"a figure in {self.currency} needs usd_rate ({self.currency} per US dollar in {self.price_year})")
        if self.country is None and self.region is None and not (self.estimate and self.note):
            raise ValueError(
                "give the country (or region) where the cost was observed: it sets its price level "
                "(a judgement with no place is 'estimate: true' with a note, taken at the reference price level)"
            )
        return self


class SpreadFactors(Strict):
    """Low and high as multiples of a single observation (a judgement; say why in `note`)."""

    low: float = Field(ge=0, le=1)
    high: float = Field(ge=1, le=100)
    note: str = Field(min_length=10)


class CostItem(Strict):
    """One kind of cost (establishment, maintenance or opportunity), derived from its observations.

    ``per_ha`` is stored so that readers see it, and ``validate`` checks it against the
    observations: US dollars of the reference year per ha treated (per year for maintenance and
    opportunity costs) at the reference price level (US = 1); ``labour_share`` is the labour
    share at that level.
    """

    per_ha: NonNegTriple = Field(description="Derived: low (min), typical (median), high (max) of the observations.")
    labour_share: float = Field(ge=0, le=1, description="Derived: labour share at the reference price level.")
    observations: list[Observation] = Field(min_length=1)
    single_observation_spread: SpreadFactors | None = Field(
        None, description="With one observation: low and high as its multiples (a judgement); without it low = high = typical."
    )
    note: str | None = None


class Share(Strict):
    """The share of a site that a practice occupies or treats (gullies, stream banks, field edges)."""

    low: float = Field(gt=0, le=1)
    typical: float = Field(gt=0, le=1)
    high: float = Field(gt=0, le=1)
    basis: str = Field(min_length=5, description="What the share is of (e.g. 'the gullies and drainage lines of a hillside').")
    source: Id | None = None
    estimate: bool = False
    note: str | None = None


class Costs(Strict):
    """Costs of a practice, WOCAT-style: one-off establishment plus annual maintenance, each
    derived from documented observations; the share of a site it treats; and, apart, the
    opportunity cost of the land's forgone use."""

    establishment: CostItem = Field(description="One-off establishment cost per ha treated.")
    maintenance: CostItem | None = Field(None, description="Yearly maintenance cost per ha treated.")
    no_maintenance: str | None = Field(None, description="Why there is no maintenance cost (when `maintenance` is absent).")
    default_labour_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Labour share for observations that do not give their own (a judgement; say why in `labour_note`).",
    )
    labour_note: str | None = None
    treated_share: Share | None = Field(None, description="Share of a site the practice treats; absent: the whole site.")
    opportunity: CostItem | None = Field(
        None, description="Yearly value of the land's forgone use (grazing, cropping), shown apart."
    )
    labour_days_per_ha: NonNegTriple | None = Field(None, description="Person-days per ha to establish.")
    labour_days_source: Id | None = None

    @model_validator(mode="after")
    def _maintenance_said(self) -> Costs:
        if self.maintenance is None and not self.no_maintenance:
            raise ValueError("give maintenance observations, or say in no_maintenance why there is none")
        return self


class Timing(Sourced):
    first_benefit_years: float = Field(ge=0, description="Years until the first benefit is seen.")
    full_effect_years: float = Field(ge=0, description="Years until the full effect.")


class BeforeAfter(Strict):
    """Two measured states the source compares (before and after, or untreated and treated)."""

    before: float = Field(ge=-1e12, le=1e12, description="The state without the practice (before it, or on untreated land).")
    after: float = Field(ge=-1e12, le=1e12, description="The state with the practice.")


class MeanMedian(Strict):
    """Two summaries of the same measurements, as the source reports them."""

    mean: float | None = Field(None, ge=-1e12, le=1e12)
    median: float | None = Field(None, ge=-1e12, le=1e12)

    @model_validator(mode="after")
    def _some(self) -> MeanMedian:
        if self.mean is None and self.median is None:
            raise ValueError("give the mean, the median or both")
        return self


class Benefit(Strict):
    """A documented effect. ``value`` is an effect and its uncertainty (low, typical, high); a
    comparison of two states goes in ``before_after`` and two summaries in ``mean_median``, so that
    neither reads as a range."""

    category: BenefitCategory
    indicator: BenefitIndicator
    description: str = Field(min_length=3)
    value: PartialTriple | None = Field(None, description="Quantified effect (low, typical, high) where the source gives one.")
    before_after: BeforeAfter | None = Field(
        None, description="Before and after (or untreated and treated), as the source gives them."
    )
    mean_median: MeanMedian | None = Field(
        None, description="Mean and median of the same measurements, as the source gives them."
    )
    unit: str | None = None
    source: Id | None = None
    estimate: bool = False
    note: str | None = None


class Cobenefits(Strict):
    """0 (none) to 3 (strong) on each dimension that site priorities weigh; a judgement."""

    carbon: Rating
    biodiversity: Rating
    livelihoods: Rating
    water: Rating
    basis: str = Field(min_length=3, description="Why these ratings: which benefits and sources.")


class Monitoring(Strict):
    indicator: Id = Field(description="land_cover, land_productivity, soil_organic_carbon (SDG 15.3.1) or an own id.")
    method: str = Field(min_length=3)
    frequency: Frequency
    unit: str | None = None


class Years(Strict):
    start: int | None = Field(None, ge=1800, le=2100, description="First year; null when the source does not say.")
    end: int | None = Field(None, ge=1800, le=2100)


class CaseStudy(Strict):
    name: str
    place: str
    country: ISO3
    years: Years
    biome: Biome | None = None
    aridity: Aridity | None = None
    area_ha: float | None = Field(None, ge=0)
    what: str = Field(min_length=3)
    outcome: str = Field(min_length=3)
    source: Id


class Translation(Strict):
    name: str = Field(min_length=1)
    summary: str | None = None


class Translatable(Strict):
    translations: dict[str, Translation] = Field(default_factory=dict, description="By language code: zh, fr, es, ar, ru.")


class Practice(Translatable):
    """A land-management practice that avoids, reduces or reverses degradation."""

    id: Id
    name: str = Field(min_length=2)
    aliases: list[Id] = Field(default_factory=list, description="Former ids that still resolve.")
    summary: str = Field(min_length=10)
    intervention: Intervention
    ldn_response: LdnResponse
    measure_types: list[MeasureType] = Field(min_length=1)
    wocat_measures: list[Annotated[str, Field(pattern=r"^(A[1-6]|V[1-5]|S([1-9]|1[01])|M[1-7])$")]] = Field(default_factory=list)
    suitability: Suitability
    addresses: list[Addresses] = Field(min_length=1)
    costs: Costs
    timing: Timing
    benefits: list[Benefit] = Field(min_length=1)
    cobenefits: Cobenefits
    monitoring: list[Monitoring] = Field(min_length=1)
    policy_instruments: list[Id] = Field(min_length=1)
    case_studies: list[CaseStudy] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class BiomeRestoration(Sourced):
    currency: Literal["USD"] = "USD"
    year: int = Field(ge=1970, le=2100)
    cost_per_ha: NonNegTriple | None = None
    annual_benefit_per_ha: NonNegTriple | None = None
    benefit_cost_ratio: NonNegTriple | None = None


class RecoveryYears(Sourced):
    low: float = Field(ge=0)
    typical: float = Field(ge=0)
    high: float = Field(ge=0)


class BiomeEntry(Translatable):
    """One of the 14 WWF terrestrial biomes (Olson et al. 2001)."""

    id: Biome
    name: str
    wwf_code: int = Field(ge=1, le=14)
    description: str
    aridity: list[Aridity] = Field(min_length=1)
    rainfall_mm: MinMax
    climate_source: Id | None = None
    climate_estimate: bool = False
    climate_note: str | None = None
    pet_mm: float | None = Field(
        None, gt=0, description="Typical potential evapotranspiration, mm/yr, to derive aridity from rainfall."
    )
    pet_source: Id | None = None
    pet_estimate: bool = False
    pet_note: str | None = None
    restoration_group: str
    iucn_get: list[Annotated[str, Field(pattern=r"^(T[1-7]|TF1|MFT1|F[1-3])$")]] = Field(
        default_factory=list,
        description="IUCN Global Ecosystem Typology biomes (Keith et al. 2022) the WWF biome falls in; biomes sharing one are similar evidence.",
    )
    thermal_zone: Literal["tropical", "temperate", "cold", "any"] | None = Field(
        None, description="Thermal zone of the biome (from its WWF name; montane and desert biomes are in all)."
    )
    iucn_get_source: Id | None = None
    iucn_get_estimate: bool = False
    iucn_get_note: str | None = None
    restoration: BiomeRestoration
    recovery_years: RecoveryYears
    sources: list[Source] = Field(min_length=1)


class PolicyConditions(Strict):
    severities: list[Severity] = Field(default_factory=list)
    land_uses: list[LandUse] = Field(default_factory=list)
    ldn_responses: list[LdnResponse] = Field(default_factory=list)


class PolicyCost(Sourced):
    description: str
    value: NonNegTriple | None = None
    unit: str | None = None
    currency: Literal["USD"] | None = "USD"
    year: int | None = Field(None, ge=1970, le=2100)


class PolicyExample(Strict):
    name: str
    country: ISO3
    years: Years | None = None
    description: str
    source: Id


class Policy(Translatable):
    """A policy instrument that enables practices: what it does, when it fits, what it costs."""

    id: Id
    name: str
    summary: str = Field(min_length=10)
    fits_when: list[str] = Field(min_length=1)
    conditions: PolicyConditions = Field(default_factory=PolicyConditions)
    typical_cost: PolicyCost
    scale: str | None = None
    examples: list[PolicyExample] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class Country(Strict):
    iso3: ISO3
    name: str
    region: Region
    also_in: list[Region] = Field(
        default_factory=list, description="Other regional annexes the country is an affected Party of (Albania: Annex IV and V)."
    )
    also_in_source: Id | None = Field(None, description="Source of also_in (a key of the file's sources).")
    cost_level: float | None = Field(None, gt=0, le=10, description="Price-level ratio to the US (1.0 = US prices); at most 10.")
    cost_level_source: Id | None = Field(None, description="Source of cost_level (a key of the file's sources).")
    cost_level_year: int | None = Field(None, ge=1970, le=2100, description="Year the price level refers to.")
    source: Id | None = None
    estimate: bool = False


class RegionEntry(Translatable):
    id: Region
    name: str
    unccd_annex: str | None = None
    cost_level: float = Field(gt=0, le=10, description="Price-level ratio to the US for countries without their own; at most 10.")
    source: Id | None = None
    estimate: bool = False
    note: str | None = None


class RegionsFile(Strict):
    regions: list[RegionEntry]
    countries: list[Country]
    sources: list[Source] = Field(min_length=1)


class Term(Translatable):
    id: Id
    name: str
    definition: str | None = None
    code: str | None = None
    source: Id | None = None


class AridityTerm(Term):
    ai_min: float | None = Field(None, ge=0)
    ai_max: float | None = Field(None, ge=0)


class VocabulariesFile(Strict):
    aridity: list[AridityTerm]
    land_uses: list[Term]
    degradation: list[Term]
    severity: list[Term]
    intervention: list[Term]
    ldn_response: list[Term]
    measure_type: list[Term]
    sources: list[Source] = Field(min_length=1)


class Deflator(Strict):
    year: int
    index: float = Field(gt=0)


class DeflatorsFile(Strict):
    reference_year: int
    series: str
    values: list[Deflator] = Field(min_length=2)
    sources: list[Source] = Field(min_length=1)


# --- rules -----------------------------------------------------------------------------


_OPERATOR_TYPES = {"value": str | float | bool | None, "list": list[str] | None, "number": float | None, "bool": bool | None}
#: A test on one field, built from the operators of the rule language (``model/rulelang.py``):
#: every operator there is a field here, so an unknown operator is a validation error.
Condition = create_model(
    "Condition",
    __base__=Strict,
    __doc__="A test on one field. All given tests must hold.",
    **{
        (name if name != "in" else "in_"): (
            _OPERATOR_TYPES[op.arg],
            Field(None, alias="in", description=op.doc) if name == "in" else Field(None, description=op.doc),
        )
        for name, op in OPERATORS.items()
    },
)
Condition.model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
Condition.model_rebuild(force=True)


SiteField = Literal[
    "biome",
    "region",
    "country",
    "aridity",
    "rainfall_mm",
    "slope_pct",
    "soil_ph",
    "land_use",
    "degradation",
    "severity",
    "area_ha",
    "budget_usd",
    "horizon_years",
    "irrigated",
    "watercourse",
    "gullies",
    "remnant_vegetation",
]
PracticeField = Literal[
    "id",
    "intervention",
    "ldn_response",
    "measure_types",
    "land_uses",
    "addresses",
    "establishment_typical",
    "maintenance_typical",
    "first_benefit_years",
    "labour_days_typical",
    "labour_share",
]


class Rule(Strict):
    """A general rule: when the site and practice match, apply one effect (interpreted, never eval'd)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    description: str = Field(min_length=10, description="Why the rule exists; shown in explanations.")
    when: dict[SiteField, Condition] = Field(default_factory=dict, description="Conditions on the site.")
    practice: dict[PracticeField, Condition] = Field(default_factory=dict, description="Conditions on the practice.")
    effect: Literal[tuple(EFFECTS)] = Field(description="; ".join(f"{e.name}: {e.doc}" for e in EFFECTS.values()))  # type: ignore[valid-type]
    amount: float | None = Field(None, gt=0, le=1, description="Score change for boost/penalise.")
    policy: Id | None = Field(None, description="Policy instrument for add_policy.")
    message: str = Field(min_length=5, description="What the user reads when the rule fires.")
    translations: dict[str, dict[Literal["message"], str]] = Field(
        default_factory=dict, description="The message in other languages, e.g. {zh: {message: ...}}."
    )
    source: Source | None = None

    @model_validator(mode="after")
    def _effect_args(self) -> Rule:
        needs = EFFECTS[self.effect].needs
        if needs == "amount" and self.amount is None:
            raise ValueError(f"effect '{self.effect}' needs an amount between 0 and 1")
        if needs == "policy" and not self.policy:
            raise ValueError(f"effect '{self.effect}' needs a policy id")
        return self


class Requirement(Translatable):
    """A hard requirement: what a practice truly cannot work without (requirements.yaml)."""

    id: Id
    name: str = Field(min_length=3)
    description: str = Field(min_length=10, description="Why the practice cannot work without it; shown in explanations.")
    any_of: list[dict[SiteField, Condition]] = Field(  # type: ignore[valid-type]
        min_length=1, description="Met when any one of these condition sets holds on the site."
    )
    implausible_when: dict[SiteField, Condition] | None = Field(  # type: ignore[valid-type]
        None, description="When a fact it needs is not given and these hold, treat it as unmet (implausible)."
    )
    source: Source = Field(description="Where the requirement comes from.")


class Combination(Strict):
    """Two practices documented as applied together on the same land (combinations.yaml).

    ``landrestore plan`` lets two practices share the same hectares only when they form such a
    pair; any other two practices in a zone share its area between them.
    """

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\+[a-z][a-z0-9_]*$")] = Field(
        description="Key of the pair: the two practice ids joined by '+', e.g. stone_bunds+zai_pits."
    )
    practices: Annotated[list[Id], Field(min_length=2, max_length=2)] = Field(
        description="The two practice ids, applied on the same plots."
    )
    note: str = Field(min_length=10, description="What the source documents: where and how the two were combined.")
    source: Source = Field(description="Where the combination is documented.")


# --- the site -------------------------------------------------------------------------


class Priorities(Strict):
    cost: float = Field(1.0, ge=0, le=10)
    carbon: float = Field(1.0, ge=0, le=10)
    biodiversity: float = Field(1.0, ge=0, le=10)
    livelihoods: float = Field(1.0, ge=0, le=10)
    water: float = Field(1.0, ge=0, le=10)


class Zone(BaseModel):
    """A part of a site with its own facts (``plan``); every field it does not give comes from the site."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="A short id for the zone, e.g. hillside.")
    name: str | None = Field(None, description="A name to show.")
    area_ha: float = Field(gt=0, description="Area of the zone, ha.")
    aridity: Aridity | None = None
    rainfall_mm: float | None = Field(None, ge=0, le=15000)
    slope_pct: float | None = Field(None, ge=0, le=100)
    soil_ph: float | None = Field(None, ge=0, le=14)
    land_use: list[LandUse] | None = None
    degradation: list[Degradation] | None = Field(None, min_length=1)
    severity: Severity | None = None
    treated_share: dict[str, float] | None = None
    irrigated: bool | None = None
    watercourse: bool | None = None
    gullies: bool | None = None
    remnant_vegetation: bool | None = None


class Site(BaseModel):
    """A described piece of degraded land: the input of ``recommend``.

    Required: ``biome``, ``degradation``, ``severity``. A missing optional fact lowers the
    confidence of the advice; it does not fail it.
    """

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, description="A name for the site.")
    id: str | None = Field(None, description="An identifier, e.g. in a batch.")
    country: ISO3 | None = Field(None, description="ISO 3166-1 alpha-3; sets the region and cost level.")
    region: Region | None = Field(None, description="UNCCD regional annex; optional when country is given.")
    biome: Biome = Field(description="WWF terrestrial biome.")
    aridity: Aridity | None = Field(None, description="UNEP aridity zone; derived from rainfall when missing.")
    rainfall_mm: float | None = Field(None, ge=0, le=15000, description="Mean annual rainfall, mm.")
    slope_pct: float | None = Field(None, ge=0, le=100, description="Slope, percent (0-100).")
    soil_ph: float | None = Field(None, ge=0, le=14, description="Soil pH (in water) of the topsoil.")
    land_use: list[LandUse] | None = Field(
        None, description="Current land use, or several for a landscape (mixed stands for the uses it mixes)."
    )
    degradation: list[Degradation] = Field(min_length=1, description="Degradation types present.")
    severity: Severity = Field(description="GLASOD degree of degradation.")
    area_ha: float | None = Field(None, gt=0, description="Area to treat, ha.")
    budget_usd: float | None = Field(None, ge=0, description="Total budget for the site, USD.")
    horizon_years: int = Field(20, ge=1, le=100, description="Years over which costs are counted.")
    discount_rate: float = Field(0.05, ge=0, le=1, description="Discount rate for present values (0-1).")
    priorities: Priorities = Field(default_factory=Priorities, description="Weights of the co-benefits.")
    treated_share: dict[str, float] | None = Field(
        None, description="Practice id -> the share of the site it treats (0-1], e.g. {check_dams: 0.05} for the gullies."
    )
    irrigated: bool | None = Field(None, description="Whether the land is irrigated (salt leaching needs it).")
    watercourse: bool | None = Field(
        None, description="Whether a stream, river or lake borders the site (riparian buffers, sand dams)."
    )
    gullies: bool | None = Field(None, description="Whether the site has gullies or drainage lines (check dams, gully works).")
    remnant_vegetation: bool | None = Field(
        None,
        description="Whether living tree stumps, roots or seedlings remain, or seed trees stand nearby (natural regeneration).",
    )

    zones: list[Zone] | None = Field(
        None,
        description="Parts of the site with their own facts, for `landrestore plan`; each inherits what it does not say.",
    )

    @model_validator(mode="before")
    @classmethod
    def _checked(cls, data: object) -> object:
        # One set of checks, with "did you mean" messages, for the API, the CLI and batch.
        from .site import normalise_site

        if isinstance(data, dict):
            return normalise_site(data, strict_types=False)
        return data


LIST_FILES = ("practices", "biomes", "policies", "rules", "requirements", "combinations")
SCHEMAS = {
    "practices": Practice,
    "biomes": BiomeEntry,
    "policies": Policy,
    "site": Site,
    "rules": Rule,
    "requirements": Requirement,
    "combinations": Combination,
    "regions": RegionsFile,
    "vocabularies": VocabulariesFile,
    "deflators": DeflatorsFile,
}


def json_schema(name: str) -> dict:
    """The JSON Schema of a file kind, as `landrestore schema NAME` prints it and `schema/` holds it.

    List files (practices, biomes, policies, rules, requirements, combinations) are arrays of
    their entry.
    """
    model = SCHEMAS[name]
    schema = model.model_json_schema()
    if name in LIST_FILES:
        schema = {
            "title": f"landrestore {name}",
            "type": "array",
            "items": {"$ref": f"#/$defs/{model.__name__}"},
            "$defs": {**schema.pop("$defs", {}), model.__name__: schema},
        }
    return schema
