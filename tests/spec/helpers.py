"""What the spec tests share: a system pool, and every problem a bad spec is refused with, as users read it."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import SpecError, parse_spec

SYSTEM = {"name": "system", "system": True, "min_nodes": 2, "max_nodes": 4}
# 41 CIDRs as an error line shows them: the first 80 characters of the list, then its size (bounded echo)
CIDRS_41 = "['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.… (41 entries)"


def problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(raw, default_name="t1")
    return [p.render("") for p in caught.value.problems]
