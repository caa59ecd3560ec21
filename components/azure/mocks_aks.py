"""The mock AKS control plane, for the offline engine (mocks.py): a ManagedCluster's outputs and the kubeconfig
listManagedClusterUserCredentials returns for it.

Pure. The one piece of state: the API server each registered cluster's kubeconfig names (its private FQDN when
the cluster is private without a public FQDN, as ARM answers), looked up by the credentials invoke.
"""

from __future__ import annotations

import base64
from typing import Any

from components.azure.mocks_arm import DEFAULT_LOCATION, TENANT_ID, arm_id, hex_digest, identity_output, location, uuid

_SERVERS: dict[tuple[str, str, str], str] = {}
"""(stack, resource group, cluster) -> the FQDN its kubeconfig's server names."""


def _fqdn(cluster: str, region: str, private: bool) -> str:
    if private:
        zone = hex_digest("zone", cluster, length=32)
        return f"{cluster}-{hex_digest('fqdn', cluster)}.{zone}.privatelink.{region}.azmk8s.io"
    return f"{cluster}-{hex_digest('fqdn', cluster)}.hcp.{region}.azmk8s.io"


def managed_cluster(name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    """A ManagedCluster's id and outputs; records the server its kubeconfig will name."""
    cluster = str(inputs.get("resourceName") or name)
    region = location(inputs, ctx)
    group = str(inputs.get("resourceGroupName"))
    access = inputs.get("apiServerAccessProfile") or {}
    private = bool(access.get("enablePrivateCluster"))
    version = inputs.get("kubernetesVersion") or "1.33"
    out = {
        **inputs,
        "name": cluster,
        "type": "Microsoft.ContainerService/ManagedClusters",
        "provisioningState": "Succeeded",
        "powerState": {"code": "Running"},
        "fqdn": _fqdn(cluster, region, False),
        "azurePortalFQDN": f"{cluster}-{hex_digest('portal', cluster)}.portal.hcp.{region}.azmk8s.io",
        "currentKubernetesVersion": f"{version}.5",
        "nodeResourceGroup": inputs.get("nodeResourceGroup") or f"MC_{group}_{cluster}_{region}",
        "identity": identity_output(inputs.get("identity"), cluster),
        "oidcIssuerProfile": {
            "enabled": True,
            "issuerURL": f"https://{region}.oic.prod-aks.azure.com/{TENANT_ID}/{uuid('oidc', cluster)}/",
        },
        "maxAgentPools": 100,
    }
    server = out["fqdn"]
    if private:
        out["privateFQDN"] = _fqdn(cluster, region, True)
        if not access.get("enablePrivateClusterPublicFQDN"):
            server = out["privateFQDN"]
    _SERVERS[(ctx.stack, group, cluster)] = server
    return arm_id(ctx, inputs, f"Microsoft.ContainerService/managedClusters/{cluster}"), out


def _kubeconfig(cluster: str, group: str, server: str) -> str:
    """The kubeconfig ARM returns for an Entra ID cluster: exec kubelogin in device-code mode."""
    pem = f"-----BEGIN CERTIFICATE-----\nMOCK-{hex_digest('ca', cluster, length=32)}\n-----END CERTIFICATE-----\n"
    ca = base64.b64encode(pem.encode()).decode()
    user = f"clusterUser_{group}_{cluster}"
    text = f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: https://{server}:443
  name: {cluster}
contexts:
- context:
    cluster: {cluster}
    user: {user}
  name: {cluster}
current-context: {cluster}
preferences: {{}}
users:
- name: {user}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - {TENANT_ID}
      - --login
      - devicecode
      command: kubelogin
      env: null
      installHint: install kubelogin
      provideClusterInfo: false
"""
    return base64.b64encode(text.encode()).decode()


def user_credentials(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """listManagedClusterUserCredentials: one kubeconfig, naming the server the cluster registered."""
    cluster = str(args.get("resourceName"))
    group = str(args.get("resourceGroupName"))
    region = str(ctx.config.get("azure-native:location") or DEFAULT_LOCATION)
    server = _SERVERS.get((ctx.stack, group, cluster), _fqdn(cluster, region, False))
    return {"kubeconfigs": [{"name": "clusterUser", "value": _kubeconfig(cluster, group, server)}]}
