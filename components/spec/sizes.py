"""The neutral node sizes a spec names: each a shape (vCPU, GiB of memory), the same on every cloud.

Which machine type each cloud uses for a size is the cloud's (components/sizes.py, its traits).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
