"""Where GKE children go: their parent, the explicit provider, the project and region."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout
from components.spec import ClusterSpec


@dataclass(frozen=True)
class Scope:
    """The parent and provider every child of a kumo GCP component is created with."""

    parent: pulumi.Resource
    provider: gcp.Provider
    project: str
    region: str
    labels: dict[str, str]
    """Labels kumo puts on everything (also the provider's default_labels)."""
    apis: Mapping[str, pulumi.Resource] = field(default_factory=dict)
    """The project services (APIs) kumo enables, by short name ("compute", "container", ...). Only the data
    layer holds them; the cluster layer runs after it, so its children find the APIs on already."""

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


def provider_scope(name: str, spec: ClusterSpec, parent: pulumi.Resource) -> Scope:
    """An explicit `gcp.Provider` named `{name}-gcp` under `parent`, for the stack's `gcp:project` and
    `gcp:region`, whose default_labels carry the spec's tags and kumo's own; and the scope of its children.

    Each layer is its own stack, so each has its own provider of the same name (same project and region:
    the layers read the same spec file).
    """
    config = pulumi.Config("gcp")
    project = config.require("project")
    region = config.require("region")
    labels = layout.kumo_labels(name, spec.tags)
    provider = gcp.Provider(
        f"{name}-gcp", project=project, region=region, default_labels=labels, opts=pulumi.ResourceOptions(parent=parent)
    )
    return Scope(parent=parent, provider=provider, project=project, region=region, labels=labels)
