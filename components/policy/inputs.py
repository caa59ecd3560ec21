"""Reading a planned resource's inputs as the rules do: paths, explicit booleans, values as findings show them.

Imports no Pulumi and no cloud SDK.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

OPEN_CIDRS = frozenset({"0.0.0.0/0", "::/0"})

_PATH = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def get(data: Any, path: str, default: Any = None) -> Any:
    """`get(inputs, "vpcConfig.endpointPublicAccess")`, `get(x, "a[0].b")`; default when any step is absent."""
    current = data
    for key, index in _PATH.findall(path):
        if key:
            if not isinstance(current, dict) or key not in current:
                return default
            current = current[key]
        else:
            i = int(index)
            if not isinstance(current, list) or i >= len(current):
                return default
            current = current[i]
    return default if current is None else current


def is_true(value: Any) -> bool:
    """An explicit true (booleans, or the strings some providers take, such as EC2's "true")."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def is_false(value: Any) -> bool:
    """An explicit false; None (absent) is not false."""
    return value is False or (isinstance(value, str) and value.lower() == "false")


def equal(value: Any, want: Any) -> bool:
    """`value` is exactly `want`: booleans explicitly (see is_true), numbers whatever their type."""
    if isinstance(want, bool):
        return is_true(value) if want else is_false(value)
    if isinstance(want, (int, float)) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) == float(want)
    return value == want


def show(value: Any) -> str:
    """A value as the finding shows it: absent for None."""
    if value is None:
        return "(absent)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return repr(value) if isinstance(value, str) else str(value)


def as_json(value: Any) -> Any:
    """A JSON document given as a string (policies, provider config), parsed; other values as they are."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def open_cidrs(cidrs: list[Any]) -> list[str]:
    """CIDRs that open a service to the whole internet (0.0.0.0/0, ::/0 or any /0); unparseable ones too."""
    bad = []
    for cidr in cidrs:
        try:
            if str(cidr) in OPEN_CIDRS or ipaddress.ip_network(str(cidr), strict=False).prefixlen == 0:
                bad.append(str(cidr))
        except ValueError:
            bad.append(str(cidr))
    return bad
