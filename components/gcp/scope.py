"""Where GKE children go: their parent, the explicit provider, the project, region and zones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pulumi
import pulumi_gcp as gcp


@dataclass(frozen=True)
class Scope:
    """The parent and provider every child of a kumo GCP component is created with."""

    parent: pulumi.Resource
    provider: gcp.Provider
    project: str
    region: str
    zones: list[str]
    """The node zones: the first spec.network.zones zones of the region."""
    labels: dict[str, str]
    """Labels kumo puts on everything (also the provider's default_labels)."""

    def opts(self, **options: Any) -> pulumi.ResourceOptions:
        """Options for a child: parent and provider always, plus `options`."""
        return pulumi.ResourceOptions(parent=self.parent, provider=self.provider, **options)

    def under(self, parent: pulumi.Resource) -> Scope:
        """The same scope with another parent (a nested component)."""
        return replace(self, parent=parent)
