"""Neutral node sizes, and the machine type each cloud uses for each size.

A size is a shape (vCPU, GiB of memory), not a product: every cloud maps it to a current general-purpose
machine type with exactly that shape, so the same spec gives the same capacity everywhere. The tables
live in each cloud's `traits.py` (pure data); this module loads only the one it is asked about.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from components.spec import NodePoolSpec

SizeName = Literal["small", "medium", "large", "xlarge"]
CLOUDS: tuple[str, ...] = ("aws", "azure", "gcp")


@dataclass(frozen=True)
class NodeSize:
    """The shape of one node."""

    vcpu: int
    memory_gib: int


SIZES: dict[str, NodeSize] = {
    "small": NodeSize(vcpu=2, memory_gib=8),
    "medium": NodeSize(vcpu=4, memory_gib=16),
    "large": NodeSize(vcpu=8, memory_gib=32),
    "xlarge": NodeSize(vcpu=16, memory_gib=64),
}


class _HasMachineTypes(Protocol):
    MACHINE_TYPES: dict[str, str]


def machine_types(cloud: str) -> dict[str, str]:
    """The size -> machine type table of one cloud (from `components/<cloud>/traits.py`)."""
    if cloud not in CLOUDS:
        raise KeyError(f"unknown cloud {cloud!r}; kumo supports {', '.join(CLOUDS)}")
    traits: _HasMachineTypes = importlib.import_module(f"components.{cloud}.traits")  # type: ignore[assignment]
    return traits.MACHINE_TYPES


def machine_type(cloud: str, pool: NodePoolSpec) -> str:
    """The machine type a pool runs on: its per-cloud override if given, else the size table's."""
    override = getattr(pool.machine_types, cloud)
    return override or machine_types(cloud)[pool.size]
