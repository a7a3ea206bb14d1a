"""The result of ``recommend`` as pydantic models: the documented JSON contract for scripts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    # Extra keys are kept: the contract names the fields scripts rely on; more may be added.
    model_config = ConfigDict(extra="allow", frozen=True)


class Range(_Open):
    low: float
    typical: float
    high: float


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
    components: dict[str, float | None]
    reasons: list[str]
    cost: CostEstimate
    benefits: dict[str, Any]
    monitoring: list[dict[str, Any]]
    policy_instruments: list[dict[str, Any]]
    case_study: dict[str, Any]
    sources: list[dict[str, Any]]


class Excluded(_Open):
    practice_id: str
    reasons: list[str]


class Recommendation(_Open):
    site: dict[str, Any]
    catalog: dict[str, Any]
    options: list[Option]
    excluded: list[Excluded]
    warnings: list[str]
