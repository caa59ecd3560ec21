"""Where an Azure child resource of one cluster goes: the shared Scope (components/scope.py) plus what every
Azure child needs, the location, the tags and the account (tenant, subscription).

azure-native has no provider-level default tags, so each builder passes `scope.tags` explicitly. Both
layers that talk to Azure (data, cluster) build their scope with `layer_scope`: each is its own stack, so
each has its own explicit provider, under the same resource name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple, Self

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import authorization

from components.scope import Scope
from components.spec import ClusterSpec


class Account(NamedTuple):
    """The Entra ID tenant and the subscription a layer's resources live in."""

    tenant_id: pulumi.Input[str]
    """The tenant of the subscription: Key Vaults and the cluster's Entra ID (AAD) profile name it."""
    subscription_id: pulumi.Input[str]
    """Every resource's subscription: built-in role definition ids live under it (identity.grant)."""


@dataclass(frozen=True)
class AzureScope(Scope[azure_native.Provider]):
    """The parent, provider, location, tags and account one cluster's Azure resources are created with."""

    location: str
    """The stack's azure-native:location: every regional resource is created there."""
    tags: dict[str, str]
    """Tags of every taggable resource (cluster_tags), passed explicitly: azure-native has no default tags."""
    account: Account

    def with_tags(self, **tags: str) -> Self:
        """The same scope whose children carry `tags` as well (durable data: stateful=true)."""
        return replace(self, tags={**self.tags, **tags})


def cluster_tags(name: str, spec: ClusterSpec) -> dict[str, str]:
    """Tags on every Azure resource: the spec's, then kumo's own (which win)."""
    return {**spec.tags, "kumo-cluster": name, "managed-by": "kumo"}


def layer_scope(name: str, spec: ClusterSpec, parent: pulumi.Resource, account: Account | None = None) -> AzureScope:
    """The explicit provider `{name}-azure` (a child of the layer's component) and the scope on it.

    An explicit provider does not read the stack's azure-native:* config: pass on what identifies the
    subscription (credentials come from the environment: az login, ARM_* variables, OIDC). `account`: the
    tenant and subscription when the layer already knows them (the cluster layer reads the data layer's); by
    default the provider's own, from its client configuration.
    """
    config = pulumi.Config("azure-native")
    location = config.require("location")
    provider = azure_native.Provider(
        f"{name}-azure",
        location=location,
        subscription_id=config.get("subscriptionId"),
        tenant_id=config.get("tenantId"),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    if account is None:
        client = authorization.get_client_config_output(
            opts=pulumi.InvokeOutputOptions(parent=parent, provider=provider)
        )
        account = Account(tenant_id=client.tenant_id, subscription_id=client.subscription_id)
    return AzureScope(
        parent=parent,
        provider=provider,
        cluster=name,
        location=location,
        tags=cluster_tags(name, spec),
        account=account,
    )
