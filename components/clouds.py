"""The clouds kumo provisions, and what every one of them must answer: the one registry shared code asks.

Shared code never names a cloud and never builds a module path: it asks `cloud(name)` for that cloud's
`Cloud` record and reads a field. Each record lives in its package's `cloud.py` (pure data: no Pulumi, no
cloud SDK), and its code-bearing parts (the layer builders, the mocks, preflight, the plan readback) are
`Lazy` module references, imported on first use, so an AWS stack never imports `pulumi_azure_native` and
`kumo --help` imports none of them.

Adding a cloud: a package `components/<name>/` shaped like the others (cloud.py, traits.py, facts.py,
layers.py, mocks.py, preflight.py, readback.py, pricing.py), and its name here. `tests/test_clouds.py` checks that every
cloud fills every field and that each lazy module has every member its protocol names.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from components.cost import Charge, Price
    from components.fact_types import FactProblem, KubernetesMinor, LocationFacts
    from components.layers.contract import InClusterParts, LayerRef
    from components.needs import CloudNeeds
    from components.preflight import Check, Target
    from components.records import Plan, Resource
    from components.spec import ClusterSpec

REGISTRY: dict[str, str] = {
    "aws": "components.aws.cloud",
    "azure": "components.azure.cloud",
    "gcp": "components.gcp.cloud",
}
"""Cloud name (the value of `kumo:cloud`) -> the module whose `CLOUD` is its record."""

CLOUDS: tuple[str, ...] = tuple(REGISTRY)
"""Every cloud kumo provisions, in the order reports show them."""


class UnknownCloudError(ValueError):
    """A cloud name kumo does not provision (the message lists the ones it does)."""


class CloudPackageError(ImportError):
    """A registered cloud whose package does not provide what the registry promises."""


T = TypeVar("T")


@dataclass(frozen=True)
class Lazy(Generic[T]):
    """A module of a cloud's package, imported the first time it is loaded."""

    module: str
    """Dotted module path, e.g. components.aws.layers."""

    def load(self) -> T:
        try:
            return cast(T, importlib.import_module(self.module))
        except ModuleNotFoundError as error:
            if error.name is not None and self.module.startswith(error.name):
                raise CloudPackageError(
                    f"{self.module} is missing: every cloud package provides it (components/clouds.py)"
                ) from error
            raise


class CloudFacts(Protocol):
    """components/<cloud>/facts.py: what the cloud accepts today, each fact with its source and date."""

    KUBERNETES: tuple[KubernetesMinor, ...]
    LOCATION: LocationFacts

    def spec_problems(self, spec: ClusterSpec) -> list[FactProblem]:
        """What this cloud refuses in a spec that is valid everywhere (e.g. a storage tier it lacks)."""
        ...


class CloudLayers(Protocol):
    """components/<cloud>/layers.py: the cloud's share of the three layers (components/layers/contract.py)."""

    def DataLayer(self, name: str, spec: ClusterSpec) -> Any: ...

    def ClusterLayer(self, name: str, spec: ClusterSpec, data: LayerRef) -> Any: ...

    def in_cluster(self, name: str, spec: ClusterSpec, cluster: LayerRef) -> InClusterParts: ...


class CloudMocks(Protocol):
    """components/<cloud>/mocks.py: realistic outputs for the offline engine, per resource type and invoke."""

    def new_resource(
        self, type_: str, name: str, inputs: dict[str, Any], ctx: Any
    ) -> tuple[str | None, dict[str, Any]] | None: ...

    def call(self, token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None: ...


class CloudPreflight(Protocol):
    """components/<cloud>/preflight.py: the live checks `kumo preflight` runs with the user's credentials."""

    CHECKS: list[Check]

    def context(self, target: Target) -> Any:
        """The checks' context for a stack (keyword-only extras are the tests' seams: a session, a runner)."""
        ...

    def location_problem(self, config: dict[str, Any]) -> str | None: ...


class CloudReadback(Protocol):
    """components/<cloud>/readback.py: what the planned resources say, in neutral words (equivalence)."""

    def node_pools(self, resources: list[Resource]) -> list[dict[str, Any]]: ...

    def kubernetes_version(self, resources: list[Resource]) -> str | None: ...

    def zones(self, resources: list[Resource]) -> int | None: ...

    def network(self, resources: list[Resource]) -> dict[str, Any]: ...

    def api(self, resources: list[Resource], data_exports: dict[str, Any] | None = None) -> dict[str, Any]: ...


class CloudPricing(Protocol):
    """components/<cloud>/pricing.py: what a stack of this cloud pays for (components/cost.py), and where its
    prices come from."""

    PRICES: Path
    """The shipped price table (a price file, components/cost.py `read_prices`)."""
    NOT_INCLUDED: tuple[str, ...]
    """Usage-based charges the estimate leaves out, in the cloud's words (data processed, egress, logs)."""

    def charges(self, plan: Plan, spec: ClusterSpec, region: str, today: date) -> list[Charge]:
        """Every priced thing the plan (all layers of one stack) creates, in its price list's unit; `today`
        decides the support type of the control plane (standard or extended)."""
        ...

    def catalog(self, region: str) -> list[str]:
        """Every SKU key kumo may charge in a region: what the price-table script reads for each region."""
        ...

    def refresh(self, wanted: Sequence[tuple[str, str]], today: date) -> list[Price]:
        """Read the (sku, region) prices from the cloud's public price list; `PriceSourceError` (with the
        hint) when it cannot be reached or refuses the credentials. Prices it does not list are left out."""
        ...


@dataclass(frozen=True)
class Cloud:
    """Everything shared code needs to know of one cloud, as data or as a lazily imported module."""

    name: str
    """The value of `kumo:cloud`: aws, azure, gcp."""
    service: str
    """Its managed Kubernetes service, for people: EKS, AKS, GKE."""
    extended_support: str
    """What the cloud calls support after a minor's standard support ends."""
    provider_package: str
    """The Pulumi package of its resources: the first part of their type tokens (aws, azure-native, gcp)."""
    sdk_module: str
    """The Python SDK that registers them (pulumi_aws, ...): what `kumo --help` must never import."""
    cluster_type: str
    """Type token of its managed cluster resource."""
    location: LocationFacts
    """The stack-config keys that say where a stack goes, and the regions that exist (facts.LOCATION)."""
    machine_types: Mapping[str, str]
    """Neutral size -> its machine type of exactly that shape (components/sizes.py)."""
    taint_effects: Mapping[str, str]
    """Kubernetes taint effect -> how its API spells it."""
    block_provisioner: str
    """CSI driver of the block StorageClasses."""
    shared_provisioner: str
    """CSI driver of the shared (RWX) store."""
    lb_annotations: Mapping[str, Mapping[str, str]]
    """Load-balancer scheme (public, internal) -> the Service annotations that ask for it."""
    stateful_types: tuple[str, ...]
    """Resource types that hold data (what `kumo destroy` and the gate refuse to delete silently)."""
    retired_resources: tuple[tuple[str, str], ...]
    """(type, name pattern) of resources kumo no longer declares whose cloud object must stay (migration)."""
    facts: CloudFacts
    """Its fact tables (pure data, loaded with the record)."""
    needs: CloudNeeds
    """What a real run needs on the user's machine: its CLI tools and where its credentials come from."""
    layers: Lazy[CloudLayers]
    mocks: Lazy[CloudMocks]
    preflight: Lazy[CloudPreflight]
    readback: Lazy[CloudReadback]
    pricing: Lazy[CloudPricing]

    @property
    def region_key(self) -> str:
        """The stack-config key naming the region (aws:region, azure-native:location, gcp:region)."""
        return self.location.region_key


@functools.cache
def cloud(name: str) -> Cloud:
    """The record of cloud `name`; `UnknownCloudError` (naming the clouds there are) for any other name."""
    try:
        module = REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownCloudError(f"unknown cloud {name!r}: kumo provisions {', '.join(CLOUDS)}") from None
    record = getattr(importlib.import_module(module), "CLOUD", None)
    if not isinstance(record, Cloud) or record.name != name:
        raise CloudPackageError(f"{module} must define CLOUD = Cloud(name={name!r}, ...) (components/clouds.py)")
    return record


def of_type(type_: str) -> Cloud | None:
    """The cloud whose Pulumi package a resource type token belongs to (None: kubernetes, kumo, pulumi)."""
    package = type_.split(":", 1)[0]
    return next((c for c in map(cloud, CLOUDS) if c.provider_package == package), None)
