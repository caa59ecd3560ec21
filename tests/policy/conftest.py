"""The rules judge support windows by date: these tests judge on the day their fixtures were written."""

from __future__ import annotations

from datetime import date

import pytest

RULES_DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr("components.policy.model.clock", lambda: RULES_DAY)
    return RULES_DAY
