"""Where GKE children go: the shared scope (components/scope.py) with what every Google Cloud child needs.

`layer_scope` makes a layer's explicit provider and its `GcpScope`; every builder and component of this package
takes the scope and creates its children with `scope.opts(...)` (a nested component hands `scope.under(self)`
to its own), so parent, provider and the APIs a child waits for are set one way everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout
from components.scope import Scope
from components.spec import ClusterSpec


@dataclass(frozen=True)
class Agent:
    """One Google service agent as kumo's key grants see it (made to exist by agents.py)."""

    key: str
    """Its service_facts.SERVICE_AGENTS key."""
    member: pulumi.Output[str]
    """`serviceAccount:<email>`, resolved only once the agent exists."""
    identity: gcp.projects.ServiceIdentity | None = None
    """The ServiceIdentity that creates it (primary agents only)."""
    role: gcp.projects.IAMMember | None = None
    """Its project role, granted with the identity."""
    ready: list[pulumi.Resource] = field(default_factory=list)
    """What a grant to it must wait for."""


@dataclass(frozen=True)
class GcpScope(Scope[gcp.Provider]):
    """The parent and provider every child of a kumo GCP component is created with, and the project it goes in.

    `apis` and `agents` are the data layer's prerequisites (what its children wait for); the cluster layer runs
    after that layer is applied, so its scope has neither and its children find them in place.
    """

    project: str
    region: str
    labels: dict[str, str]
    """Labels kumo puts on everything (also the provider's default_labels)."""
    apis: Mapping[str, pulumi.Resource] = field(default_factory=dict)
    """The project services (APIs) kumo enables, by short name ("compute", "container", ...)."""
    agents: Mapping[str, Agent] = field(default_factory=dict)
    """The service agents kumo's keys name, by service_facts.SERVICE_AGENTS key (agents.py)."""

    def opts(self, *needs: str, **options: Any) -> pulumi.ResourceOptions:
        """Options for a child: parent and provider always, `depends_on` the APIs it `needs`, plus `options`."""
        depends_on = [self.apis[api] for api in needs if api in self.apis]
        depends_on += list(options.pop("depends_on", None) or [])
        if depends_on:
            options["depends_on"] = depends_on
        return super().opts(**options)

    def with_apis(self, apis: Mapping[str, pulumi.Resource]) -> GcpScope:
        """The same scope whose children wait for these enabled APIs."""
        return replace(self, apis=dict(apis))

    def with_agents(self, agents: Mapping[str, Agent]) -> GcpScope:
        """The same scope whose key grants name these service agents."""
        return replace(self, agents=dict(agents))


def layer_scope(name: str, spec: ClusterSpec, parent: pulumi.Resource) -> GcpScope:
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
    return GcpScope(parent=parent, provider=provider, cluster=name, project=project, region=region, labels=labels)
