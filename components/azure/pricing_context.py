"""What every Azure pricing handler may look at besides its resource (components/azure/pricing_items.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.records import Plan


@dataclass(frozen=True)
class Context:
    """The whole plan, the stack's region, the day (it decides standard or long-term support)."""

    plan: Plan
    region: str
    today: date
