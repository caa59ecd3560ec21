"""What every Azure child resource of one cluster shares: parent, provider, location and tags.

azure-native has no provider-level default tags, so each builder passes `scope.tags` explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_azure_native as azure_native


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
    return pulumi.Output.concat("/subscriptions/", subscription_id,
                                "/providers/Microsoft.Authorization/roleDefinitions/", role_guid)
