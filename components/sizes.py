"""Neutral node sizes, and the machine type each cloud uses for each size.

A size is a shape (vCPU, GiB of memory), not a product: every cloud maps it to a current general-purpose
machine type with exactly that shape, so the same spec gives the same capacity everywhere. The sizes are the
spec's words (components/spec/sizes.py); the machine tables live in each cloud's `traits.py` (pure data,
reached through the registry).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from components.clouds import cloud
from components.spec.sizes import SIZES, NodeSize, SizeName

if TYPE_CHECKING:
    from components.spec import ClusterSpec, NodePoolSpec

__all__ = ["SIZES", "NodeSize", "SizeName", "machine_type", "machine_types", "pool_machine_types"]


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
