"""Node pools: size, scaling, spot capacity, labels and taints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from components.spec.errors import Problem, raise_problems
from components.spec.limits import (
    LABEL_VALUE_RE,
    MAX_DISK_GB,
    MAX_POOL_NODES,
    MIN_DISK_GB,
    POOL_NAME_RE,
    Labels,
    SpecModel,
    check_label_key,
)
from components.spec.sizes import SIZES, SizeName


class Taint(SpecModel):
    """A node taint, spelt the Kubernetes way; each cloud's package translates the effect."""

    key: str
    """Taint key, a Kubernetes label key."""
    value: str = ""
    """Taint value. Left out: empty."""
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]
    """What the taint does to pods that do not tolerate it."""

    @field_validator("key")
    @classmethod
    def _key(cls, key: str) -> str:
        check_label_key(key)
        return key

    @field_validator("value")
    @classmethod
    def _value(cls, value: str) -> str:
        if len(value) > 63 or not LABEL_VALUE_RE.match(value):
            raise ValueError(
                "must be at most 63 characters of A-Z, a-z, 0-9, '-', '_' or '.', starting and "
                "ending with a letter or digit"
            )
        return value


class MachineTypes(SpecModel):
    """Per-cloud machine-type overrides for one pool; each must have the size's vCPU and memory."""

    aws: str | None = None
    """EC2 instance type. Left out: the size's default (sizes.py)."""
    azure: str | None = None
    """Azure VM size. Left out: the size's default."""
    gcp: str | None = None
    """GCE machine type. Left out: the size's default."""


class NodePoolSpec(SpecModel):
    """A group of identical worker nodes, autoscaled between `min_nodes` and `max_nodes` (pool-wide)."""

    name: str
    """Pool name: 1-12 lowercase letters and digits, starting with a letter (AKS's limit)."""
    size: SizeName = "medium"
    """Neutral size: small 2 vCPU/8 GiB, medium 4/16, large 8/32, xlarge 16/64. Left out: medium."""
    machine_types: MachineTypes = MachineTypes()
    """Per-cloud machine-type overrides. Left out: the size table's types."""
    min_nodes: int = Field(default=1, ge=0, le=MAX_POOL_NODES)
    """Fewest nodes across all zones. Left out: 1."""
    max_nodes: int = Field(default=3, ge=1, le=MAX_POOL_NODES)
    """Most nodes across all zones (at most 450, EKS's managed node group limit). Left out: 3."""
    disk_size_gb: int = Field(default=100, ge=MIN_DISK_GB, le=MAX_DISK_GB)
    """OS disk size in GiB (30-2048). Left out: 100."""
    spot: bool = False
    """Run on spot / preemptible capacity. Left out: on-demand."""
    labels: Labels = Field(default_factory=dict)
    """Kubernetes labels on every node (besides kumo.io/pool). Left out: none."""
    taints: list[Taint] = Field(default_factory=list, max_length=50)
    """Taints on every node (at most 50). Left out: none."""
    system: bool = False
    """This pool runs the cluster's system add-ons; exactly one pool must say so. Left out: false."""

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not 1 <= len(name) <= 12:
            raise ValueError("must be 1 to 12 characters (AKS agent pool limit)")
        if not POOL_NAME_RE.match(name):
            raise ValueError("must be lowercase letters and digits, starting with a letter (AKS agent pool rule)")
        return name

    @model_validator(mode="after")
    def _counts(self) -> NodePoolSpec:
        problems = []
        if self.min_nodes > self.max_nodes:
            problems.append(Problem(("min_nodes",), self.min_nodes, f"must not exceed max_nodes ({self.max_nodes})"))
        if self.system and self.spot:
            problems.append(
                Problem(("spot",), True, "the system pool cannot be spot: evictions would take down cluster add-ons")
            )
        if self.system and self.min_nodes < 1:
            problems.append(Problem(("min_nodes",), self.min_nodes, "the system pool needs at least 1 node"))
        keys = [(t.key, t.effect) for t in self.taints]
        if len(set(keys)) != len(keys):
            problems.append(
                Problem(("taints",), [t.model_dump() for t in self.taints], "repeats a key with the same effect")
            )
        raise_problems(problems)
        return self

    @property
    def vcpu(self) -> int:
        """vCPUs per node for this pool's size."""
        return SIZES[self.size].vcpu

    @property
    def memory_gib(self) -> int:
        """Memory per node in GiB for this pool's size."""
        return SIZES[self.size].memory_gib


# What every kumo node carries, on every cloud. AKS labels and taints each Spot node itself
# (kubernetes.azure.com/scalesetpriority=spot, and the NoSchedule taint with that key) and re-adds them if
# removed; EKS and GKE mark spot nodes with no taint at all. The only spelling all three clouds can agree on
# is therefore AKS's: kumo declares the same label and taint on EKS and GKE spot pools, so a pod that
# tolerates a spot pool runs on it on any cloud, and pods that do not are kept off spot capacity everywhere.
# (The key's prefix is reserved for Azure in user specs, which is why these are built unvalidated.)
POOL_LABEL = "kumo.io/pool"
"""Label naming the node's kumo pool, on every node."""
SPOT_LABELS: dict[str, str] = {"kubernetes.azure.com/scalesetpriority": "spot"}
"""Labels every spot node carries (AKS's own spot label, declared by kumo on the other clouds)."""
SPOT_TAINTS: tuple[Taint, ...] = (
    Taint.model_construct(key="kubernetes.azure.com/scalesetpriority", value="spot", effect="NoSchedule"),
)
"""Taints every spot node carries (AKS's own spot taint, declared by kumo on the other clouds)."""


def node_labels(pool: NodePoolSpec) -> dict[str, str]:
    """The Kubernetes labels on every node of `pool`: kumo.io/pool (which always wins), the pool's labels,
    and on spot pools SPOT_LABELS."""
    labels = {POOL_LABEL: pool.name}
    labels.update((k, v) for k, v in pool.labels.items() if k != POOL_LABEL)
    if pool.spot:
        labels.update(SPOT_LABELS)
    return labels


def node_taints(pool: NodePoolSpec) -> list[Taint]:
    """The Kubernetes taints on every node of `pool`: the pool's, in order, then on spot pools SPOT_TAINTS."""
    return [*pool.taints, *(SPOT_TAINTS if pool.spot else ())]
