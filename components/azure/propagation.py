"""Waiting for Azure role assignments to take effect before anything checks them.

Azure RBAC is eventually consistent: a role assignment exists as soon as ARM answers its PUT, but the
services that check it (Key Vault for a storage account's or the KMS plugin's key, AKS's guard for the
Kubernetes API) can refuse the new grant for a while. Microsoft documents "up to 10 minutes"
(facts.ROLE_PROPAGATION); Bicep and Terraform users hit it as a first-run failure that a re-run fixes
(Azure/bicep#16601: a CMK storage account created right after its identity's Key Vault grant fails with
KeyVaultAuthenticationFailure), and Azure's own verified modules put a `time_sleep` between the grant and
its first use (terraform-azurerm-avm-res-keyvault-vault `wait_for_rbac_before_key_operations`).

kumo does the same, once per grant: a `RolePropagation` resource whose creation waits the documented
bound after the grants it names exist. What must not start before the grants work depends on it. It
waits again only when one of its grants is replaced (a new principal or scope is a new grant), never on a
plain update, and never in a preview. Layers order the rest: a grant whose first user lives in a later
layer (the disk encryption set's key grant, used by node disks the cluster layer creates) needs no wait of
its own, because that layer's own wait runs before its first disk.

The wait runs in Pulumi's Python dynamic-provider host, which imports this module from the program's
virtualenv (kumo is installed there), so it needs no provider plugin.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi.dynamic

from components.azure import facts

if TYPE_CHECKING:  # the provider host imports this module: it needs no scope (nor pulumi_azure_native)
    from components.scope import Scope


class _Wait(pulumi.dynamic.ResourceProvider):
    """Creation sleeps `seconds`; a change of `grants` replaces the resource (and so waits again)."""

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        time.sleep(float(props.get("seconds") or 0))
        return pulumi.dynamic.CreateResult(id_="waited", outs=props)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        replaces = ["grants"] if list(olds.get("grants") or []) != list(news.get("grants") or []) else []
        changed = bool(replaces) or olds.get("seconds") != news.get("seconds")
        return pulumi.dynamic.DiffResult(changes=changed, replaces=replaces, delete_before_replace=False)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        return pulumi.dynamic.UpdateResult(outs=news)


class RolePropagation(pulumi.dynamic.Resource, module="kumo", name="RolePropagation"):
    """Exists once `grants` (role assignments) have had the documented time to take effect. A child of the
    scope's parent, without its provider: a dynamic resource is served by its own (Python) provider."""

    def __init__(self, name: str, grants: Sequence[pulumi.CustomResource], scope: Scope[Any]) -> None:
        super().__init__(
            _Wait(),
            name,
            {"grants": [g.id for g in grants], "seconds": facts.ROLE_PROPAGATION.seconds},
            pulumi.ResourceOptions(parent=scope.parent, depends_on=list(grants)),
        )
