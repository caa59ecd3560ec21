"""Where GKE children go: their parent, the explicit provider, the project, region and zones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
    apis: Mapping[str, pulumi.Resource] = field(default_factory=dict)
    """The project services (APIs) kumo enables, by short name ("compute", "container", ...)."""

    def opts(self, *needs: str, **options: Any) -> pulumi.ResourceOptions:
        """Options for a child: parent and provider always, `depends_on` the APIs it `needs`, plus `options`."""
        depends_on = [self.apis[api] for api in needs if api in self.apis]
        depends_on += list(options.pop("depends_on", None) or [])
        if depends_on:
            options["depends_on"] = depends_on
        return pulumi.ResourceOptions(parent=self.parent, provider=self.provider, **options)

    def under(self, parent: pulumi.Resource) -> Scope:
        """The same scope with another parent (a nested component)."""
        return replace(self, parent=parent)

    def with_apis(self, apis: Mapping[str, pulumi.Resource]) -> Scope:
        """The same scope whose children wait for these enabled APIs."""
        return replace(self, apis=dict(apis))
