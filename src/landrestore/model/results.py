"""The result of ``recommend`` as pydantic models: the documented JSON contract for scripts.

Reasons, warnings and exclusions are ``Coded`` items: a stable ``code`` to match on, its
parameters, and the ``text`` in the language asked for.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    # Extra keys are kept: the contract names the fields scripts rely on; more may be added.
    model_config = ConfigDict(extra="allow", frozen=True)


class Coded(_Open):
    code: str
    text: str


class Range(_Open):
    low: float
    typical: float
    high: float


class Factor(_Open):
    factor: str
    value: float | None
    code: str
    text: str


class Suitability(_Open):
    value: float
    limiting_factor: str | None
    factors: list[Factor]


class CostEstimate(_Open):
    currency: str
    year: int
    establishment_per_ha: Range
    maintenance_per_ha_year: Range
    total: Range
    present_value: Range
    within_budget: bool | None = None
    affordable_area_ha: float | None = None


class Option(_Open):
    rank: int
    practice_id: str
    name: str
    score: float
    intervention: str
    ldn_response: str
    suitability: Suitability
    main_reason: Coded
    components: dict[str, float | None]
    reasons: list[Coded]
    cost: CostEstimate
    benefits: dict[str, Any]
    monitoring: list[dict[str, Any]]
    policy_instruments: list[dict[str, Any]]
    case_study: dict[str, Any]
    sources: list[dict[str, Any]]


class Excluded(_Open):
    practice_id: str
    suitability: Suitability
    reasons: list[Coded]


class Recommendation(_Open):
    format_version: int
    site: dict[str, Any]
    catalog: dict[str, Any]
    options: list[Option]
    excluded: list[Excluded]
    warnings: list[Coded]
