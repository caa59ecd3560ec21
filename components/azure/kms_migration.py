"""An AKS cluster kumo made before its etcd-key vault went private: what `up` would do to it, and the way over.

kumo builds the cluster's vault private and the cluster with API Server VNet Integration and KMS
keyVaultNetworkAccess Private (aks.py, keys.py). A cluster kumo made earlier runs KMS with a Public vault and no
VNet Integration. On it, `up` would first (data layer) close the vault, cutting the running KMS plugin off from the
etcd key, so the API server could no longer read Secrets; then (cluster layer) ask AKS to change the vault mode
with KMS on, which AKS refuses ("With KMS turned on, you can't change the associated key vault mode", facts.
KMS_VAULT_SOURCE), and to turn VNet Integration on, which needs a manual restart (facts.VNET_INTEGRATION_SOURCE).
kumo never replaces the cluster for this: the preflight check below refuses `up` and lists the documented steps
(facts.KMS_MODE_CHANGE_SOURCE), which leave the cluster in place. Deleting the cluster layer and running `up` again
is the other way (a new cluster starts private).
"""

from __future__ import annotations

from typing import Any

from components.azure.az import AzureContext, az_call
from components.preflight import Result, is_kumo_cluster

REWRITE_SECRETS = "kubectl get secrets --all-namespaces -o json | kubectl replace -f -"
"""Re-encrypt every Secret under the current KMS setting (AKS's documented step; "The object has been modified"
errors are safe to ignore)."""


def migration_steps(*, stack: str, group: str, cluster: str, kms_on: bool, vnet_integration: bool) -> list[str]:
    """The commands that move kumo's existing cluster to a private etcd-key vault, from where it stands: KMS on or
    off, API Server VNet Integration on or off."""
    where = f"--resource-group {group} --name {cluster}"
    steps: list[str] = []
    if kms_on:
        steps += [f"az aks update {where} --disable-azure-keyvault-kms", REWRITE_SECRETS]
    if not vnet_integration:
        steps += [
            f"kumo up {stack} --layer data --skip-preflight",
            f"az aks update {where} --enable-apiserver-vnet-integration --apiserver-subnet-id "
            f"<api_server_subnet_id of `kumo outputs {stack} --layer data`>",
            f"az aks stop {where} && az aks start {where}",
        ]
    return [*steps, f"kumo up {stack}", REWRITE_SECRETS]


def _kms_state(found: dict[str, Any]) -> tuple[bool, str | None, bool]:
    """(KMS on, its keyVaultNetworkAccess, VNet Integration on) of one `az aks list` entry."""
    kms = (found.get("securityProfile") or {}).get("azureKeyVaultKms") or {}
    access = (found.get("apiServerAccessProfile") or {}).get("enableVnetIntegration")
    return bool(kms.get("enabled")), kms.get("keyVaultNetworkAccess"), bool(access)


@az_call("Microsoft.ContainerService/managedClusters/read")
def kms_vault_mode(ctx: AzureContext) -> Result:
    name = ctx.target.spec.name
    ours = [c for c in ctx.az("aks", "list") or [] if c.get("name") == name and is_kumo_cluster(c.get("tags"), name)]
    if not ours:
        return Result.passed(f"no kumo cluster named {name} yet: it is created with its etcd key in a private vault")
    found = ours[0]
    kms_on, access, vnet_integration = _kms_state(found)
    if kms_on and access == "Private" and vnet_integration:
        return Result.passed(f"{name} reads its etcd key from a private vault (API Server VNet Integration on)")
    if not kms_on and vnet_integration:
        return Result.passed(
            f"{name} has API Server VNet Integration and KMS off: `up` turns KMS on with the private vault; "
            f"then run `{REWRITE_SECRETS}`"
        )
    steps = migration_steps(
        stack=ctx.target.stack,
        group=str(found.get("resourceGroup")),
        cluster=name,
        kms_on=kms_on,
        vnet_integration=vnet_integration,
    )
    state = (
        f"KMS on with keyVaultNetworkAccess {access or 'Public'}" if kms_on else "KMS off"
    ) + f", API Server VNet Integration {'on' if vnet_integration else 'off'}"
    return Result.failed(
        f"{name} exists with {state}: `up` would close the etcd key's vault under a running cluster, and AKS "
        "changes neither the vault mode with KMS on nor VNet Integration without a restart",
        "move it in place, in this order: " + "; ".join(f"({i}) {s}" for i, s in enumerate(steps, 1)),
    )
