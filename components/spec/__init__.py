"""The cloud-neutral cluster spec.

One `ClusterSpec` describes a cluster that kumo can build, unchanged, on EKS, AKS and GKE. Every limit is
the intersection of the three clouds' rules (SECURITY-RULES.md, section 7; `limits.py`), so a spec that
validates is valid everywhere. Validation reports every problem at once, each with its path, the value
given and what is allowed (`errors.py`); nothing is silently normalised.

This package imports no Pulumi and no cloud SDK: the CLI validates specs without loading them.
"""

from components.spec.cluster import AwsOptions, AzureOptions, ClusterSpec, GcpOptions, Waiver, parse_spec
from components.spec.errors import Problem, SpecError
from components.spec.limits import CLUSTER_NAME_RE, POOL_NAME_RE, SpecModel
from components.spec.network import ApiSpec, NetworkSpec
from components.spec.nodes import (
    POOL_LABEL,
    SPOT_LABELS,
    SPOT_TAINTS,
    MachineTypes,
    NodePoolSpec,
    Taint,
    node_labels,
    node_taints,
)
from components.spec.storage import BlockStorageSpec, SharedStorageSpec, StorageSpec
from components.spec.workload import AppSpec, GuardrailsSpec, LoadBalancerSpec, PublicService

__all__ = [
    "CLUSTER_NAME_RE",
    "POOL_LABEL",
    "POOL_NAME_RE",
    "SPOT_LABELS",
    "SPOT_TAINTS",
    "ApiSpec",
    "AppSpec",
    "AwsOptions",
    "AzureOptions",
    "BlockStorageSpec",
    "ClusterSpec",
    "GcpOptions",
    "GuardrailsSpec",
    "LoadBalancerSpec",
    "MachineTypes",
    "NetworkSpec",
    "NodePoolSpec",
    "Problem",
    "PublicService",
    "SharedStorageSpec",
    "SpecError",
    "SpecModel",
    "StorageSpec",
    "Taint",
    "Waiver",
    "node_labels",
    "node_taints",
    "parse_spec",
]
