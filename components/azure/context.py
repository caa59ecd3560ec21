"""What every Azure child resource of one cluster shares: parent, provider, location and tags.

azure-native has no provider-level default tags, so each builder passes `scope.tags` explicitly. Both
layers that talk to Azure (data, cluster) build their scope with `layer_scope`: each is its own stack, so
each has its own explicit provider, under the same resource name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_azure_native as azure_native

from components.spec import ClusterSpec


@dataclass(frozen=True)
class AzureScope:
    """The parent, provider, location and tags one cluster's resources are created with."""

    parent: pulumi.Resource
    provider: azure_native.Provider
    location: str
    tags: dict[str, str]

    def opts(self, **kwargs: Any) -> pulumi.ResourceOptions:
        """Resource options for a child: this scope's parent and provider, plus `kwargs`."""
        return pulumi.ResourceOptions(parent=self.parent, provider=self.provider, **kwargs)

    def invoke_opts(self) -> pulumi.InvokeOutputOptions:
        return pulumi.InvokeOutputOptions(parent=self.parent, provider=self.provider)

    def under(self, parent: pulumi.Resource) -> AzureScope:
        """The same scope for children of another component."""
        return AzureScope(parent=parent, provider=self.provider, location=self.location, tags=self.tags)


def role_definition_id(subscription_id: pulumi.Input[str], role_guid: str) -> pulumi.Output[str]:
    """The ARM id of a built-in role in the subscription."""
    return pulumi.Output.concat(
        "/subscriptions/", subscription_id, "/providers/Microsoft.Authorization/roleDefinitions/", role_guid
    )


def cluster_tags(name: str, spec: ClusterSpec) -> dict[str, str]:
    """Tags on every Azure resource: the spec's, then kumo's own (which win)."""
    return {**spec.tags, "kumo-cluster": name, "managed-by": "kumo"}


def layer_scope(name: str, spec: ClusterSpec, parent: pulumi.Resource) -> AzureScope:
    """The explicit provider `{name}-azure` (a child of the layer's component) and the scope on it.

    An explicit provider does not read the stack's azure-native:* config: pass on what identifies the
    subscription (credentials come from the environment: az login, ARM_* variables, OIDC).
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
    return AzureScope(parent=parent, provider=provider, location=location, tags=cluster_tags(name, spec))
