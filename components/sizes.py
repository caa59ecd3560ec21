"""Neutral node sizes, and the machine type each cloud uses for each size.

A size is a shape (vCPU, GiB of memory), not a product: every cloud maps it to a current general-purpose
machine type with exactly that shape, so the same spec gives the same capacity everywhere. The tables
live in each cloud's `traits.py` (pure data); this module loads only the one it is asked about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from components.clouds import cloud

if TYPE_CHECKING:
    from components.spec import ClusterSpec, NodePoolSpec

SizeName = Literal["small", "medium", "large", "xlarge"]


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


def machine_types(name: str) -> Mapping[str, str]:
    """The size -> machine type table of one cloud (its record's, from `components/<cloud>/traits.py`);
    `UnknownCloudError` for a cloud kumo does not provision."""
    return cloud(name).machine_types


def machine_type(cloud: str, pool: NodePoolSpec) -> str:
    """The machine type a pool runs on: its per-cloud override if given, else the size table's."""
    override = getattr(pool.machine_types, cloud)
    return override or machine_types(cloud)[pool.size]


def pool_machine_types(name: str, spec: ClusterSpec) -> dict[str, str]:
    """Pool name -> the machine type each pool of `spec` runs on, on cloud `name`."""
    return {pool.name: machine_type(name, pool) for pool in spec.node_pools}
