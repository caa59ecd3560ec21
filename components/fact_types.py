"""The records cloud facts are written in: each fact with the document it comes from and the date it was read.

Pure data types, imported by each cloud's tables (`components/<cloud>/facts.py`), by the registry's protocols
(components/clouds.py) and by the checks that read them (components/facts.py); they import nothing of kumo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a fact comes from."""

    url: str
    checked: date
    """The day the document was read and the fact copied from it."""


@dataclass(frozen=True)
class KubernetesMinor:
    """One Kubernetes minor on one cloud."""

    minor: str
    """"1.NN"."""
    released: date
    """Generally available on this cloud."""
    end_of_standard: date
    """Last day of standard support (after it: extended / long-term support, or none)."""
    end_of_extended: date | None
    """Last day of extended (EKS), long-term (AKS, Premium tier) or extended-channel (GKE) support; None when
    the cloud offers none for this minor."""
    source: Source


@dataclass(frozen=True)
class LocationKey:
    """A stack-config key that says where a stack goes."""

    key: str
    """`aws:region`, `azure-native:location`, `gcp:project`, `gcp:region`."""
    meaning: str
    """What it names, for messages: "AWS region"."""


@dataclass(frozen=True)
class LocationFacts:
    """The location keys a cloud's stacks must set, and the regions that exist."""

    required: tuple[LocationKey, ...]
    region_key: str
    """Which of `required` names the region, checked against `regions`."""
    regions: dict[str, tuple[str, ...]]
    """Region -> its zones (for Azure, the availability zones "1", "2", "3" where the region has them)."""
    source: Source
    formats: dict[str, str] = field(default_factory=dict)
    """Key -> a regular expression its value must match (e.g. a GCP project id)."""


@dataclass(frozen=True)
class FactProblem:
    """One thing a cloud would refuse: the config key or spec path, the value, and what is allowed."""

    path: tuple[str | int, ...]
    """("aws:region",) for a config key; ("kumo:cluster", "kubernetes_version") for the spec."""
    value: Any
    message: str
