"""Offline-engine answers for Azure: what Azure Resource Manager would return for each resource and invoke.

Pure functions (no Pulumi, no SDK). Outputs have the OUTPUT shape of each type, camelCase: ARM ids
`/subscriptions/<sub>/resourceGroups/<group>/providers/...`, autonamed names with a suffix, identity
principal/client ids, Key Vault URIs, cluster FQDNs and OIDC issuer, and a decodable base64 kubeconfig
from listManagedClusterUserCredentials. Values are derived from names by hashing, so plans are stable.
The one piece of state: the API server each registered cluster's kubeconfig names (its private FQDN when
the cluster is private without a public FQDN, as ARM answers), looked up by the credentials invoke.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
from typing import Any

SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"
CLIENT_ID = "00000000-0000-4000-8000-0000000000c1"
OBJECT_ID = "00000000-0000-4000-8000-0000000000b1"
DEFAULT_LOCATION = "eastus"
PREFIX = "azure-native:"


def _hex(*parts: str, length: int = 8) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def _uuid(*parts: str) -> str:
    h = _hex(*parts, length=32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def _subscription(ctx: Any) -> str:
    return str(ctx.config.get("azure-native:subscriptionId") or SUBSCRIPTION_ID)


def _location(inputs: dict[str, Any], ctx: Any) -> str:
    return str(inputs.get("location") or ctx.config.get("azure-native:location") or DEFAULT_LOCATION)


def _group_id(ctx: Any, group: str) -> str:
    return f"/subscriptions/{_subscription(ctx)}/resourceGroups/{group}"


def _arm_id(ctx: Any, inputs: dict[str, Any], path: str) -> str:
    return f"{_group_id(ctx, str(inputs.get('resourceGroupName')))}/providers/{path}"


def _autoname(name: str, explicit: Any) -> str:
    """azure-native's autonaming: the Pulumi name plus a random (here: hashed) suffix."""
    return str(explicit) if explicit else f"{name}{_hex('autoname', name)}"


def _ip(seed: str, base: str = "20.0.0.0/8") -> str:
    net = ipaddress.ip_network(base)
    return str(net.network_address + 1 + int(_hex(seed), 16) % (net.num_addresses - 2))


def _identity_output(identity: dict[str, Any] | None, owner: str) -> dict[str, Any] | None:
    """ARM returns userAssignedIdentities as a dict of id -> {principalId, clientId}; inputs give a list."""
    if not identity:
        return None
    out: dict[str, Any] = {"type": identity.get("type")}
    if "SystemAssigned" in str(identity.get("type")):
        out.update(principalId=_uuid("principal", owner), tenantId=TENANT_ID)
    ids = identity.get("userAssignedIdentities")
    if ids:
        out["userAssignedIdentities"] = {
            i: {"principalId": _uuid("principal", i), "clientId": _uuid("client", i)} for i in ids
        }
    return out


_SERVERS: dict[tuple[str, str, str], str] = {}
"""(stack, resource group, cluster) -> the FQDN its kubeconfig's server names."""


def _fqdn(cluster: str, location: str, private: bool) -> str:
    if private:
        return f"{cluster}-{_hex('fqdn', cluster)}.{_hex('zone', cluster, length=32)}.privatelink.{location}.azmk8s.io"
    return f"{cluster}-{_hex('fqdn', cluster)}.hcp.{location}.azmk8s.io"


def _cluster(name: str, inputs: dict[str, Any], ctx: Any) -> dict[str, Any]:
    cluster = str(inputs.get("resourceName") or name)
    location = _location(inputs, ctx)
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
        "fqdn": _fqdn(cluster, location, False),
        "azurePortalFQDN": f"{cluster}-{_hex('portal', cluster)}.portal.hcp.{location}.azmk8s.io",
        "currentKubernetesVersion": f"{version}.5",
        "nodeResourceGroup": inputs.get("nodeResourceGroup") or f"MC_{group}_{cluster}_{location}",
        "identity": _identity_output(inputs.get("identity"), cluster),
        "oidcIssuerProfile": {
            "enabled": True,
            "issuerURL": f"https://{location}.oic.prod-aks.azure.com/{TENANT_ID}/{_uuid('oidc', cluster)}/",
        },
        "maxAgentPools": 100,
    }
    server = out["fqdn"]
    if private:
        out["privateFQDN"] = _fqdn(cluster, location, True)
        if not access.get("enablePrivateClusterPublicFQDN"):
            server = out["privateFQDN"]
    _SERVERS[(ctx.stack, group, cluster)] = server
    return out


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    if type_ == "kubernetes:core/v1:Service":
        return _service(name, inputs, ctx)
    if not type_.startswith(PREFIX):
        return None
    kind = type_[len(PREFIX) :]
    out: dict[str, Any] = {**inputs, "provisioningState": "Succeeded"}
    tags = inputs.get("tags")
    if tags is not None:
        out["tags"] = tags

    if kind == "resources:ResourceGroup":
        group = _autoname(name, inputs.get("resourceGroupName"))
        return _group_id(ctx, group), {**out, "name": group, "properties": {"provisioningState": "Succeeded"}}
    if kind == "network:VirtualNetwork":
        vnet = _autoname(name, inputs.get("virtualNetworkName"))
        return _arm_id(ctx, inputs, f"Microsoft.Network/virtualNetworks/{vnet}"), {
            **out,
            "name": vnet,
            "resourceGuid": _uuid("vnet", vnet),
            "subnets": [],
        }
    if kind == "network:Subnet":
        subnet = _autoname(name, inputs.get("subnetName") or inputs.get("name"))
        vnet = inputs.get("virtualNetworkName")
        return _arm_id(ctx, inputs, f"Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}"), {
            **out,
            "name": subnet,
        }
    if kind == "network:PublicIPAddress":
        ip_name = _autoname(name, inputs.get("publicIpAddressName"))
        return _arm_id(ctx, inputs, f"Microsoft.Network/publicIPAddresses/{ip_name}"), {
            **out,
            "name": ip_name,
            "ipAddress": _ip(f"{ctx.stack}/{name}"),
            "resourceGuid": _uuid("pip", ip_name),
        }
    if kind == "network:NatGateway":
        nat = _autoname(name, inputs.get("natGatewayName"))
        return _arm_id(ctx, inputs, f"Microsoft.Network/natGateways/{nat}"), {
            **out,
            "name": nat,
            "resourceGuid": _uuid("nat", nat),
        }
    if kind == "network:PrivateEndpoint":
        pe = _autoname(name, inputs.get("privateEndpointName"))
        return _arm_id(ctx, inputs, f"Microsoft.Network/privateEndpoints/{pe}"), {
            **out,
            "name": pe,
            "networkInterfaces": [
                {"id": _arm_id(ctx, inputs, f"Microsoft.Network/networkInterfaces/{pe}.nic.{_uuid('nic', pe)}")}
            ],
        }
    if kind == "network:PrivateDnsZoneGroup":
        group_name = _autoname(name, inputs.get("privateDnsZoneGroupName"))
        pe = inputs.get("privateEndpointName")
        return _arm_id(ctx, inputs, f"Microsoft.Network/privateEndpoints/{pe}/privateDnsZoneGroups/{group_name}"), {
            **out,
            "name": group_name,
        }
    if kind == "privatedns:PrivateZone":
        zone = _autoname(name, inputs.get("privateZoneName"))
        return _arm_id(ctx, inputs, f"Microsoft.Network/privateDnsZones/{zone}"), {
            **out,
            "name": zone,
            "numberOfRecordSets": 1.0,
        }
    if kind == "privatedns:VirtualNetworkLink":
        link = _autoname(name, inputs.get("virtualNetworkLinkName"))
        zone = inputs.get("privateZoneName")
        return _arm_id(ctx, inputs, f"Microsoft.Network/privateDnsZones/{zone}/virtualNetworkLinks/{link}"), {
            **out,
            "name": link,
            "virtualNetworkLinkState": "Completed",
        }
    if kind == "managedidentity:UserAssignedIdentity":
        identity = _autoname(name, inputs.get("resourceName"))
        rid = _arm_id(ctx, inputs, f"Microsoft.ManagedIdentity/userAssignedIdentities/{identity}")
        # Principal and client ids hash the resource id, as the cluster's identity output does.
        return rid, {
            **out,
            "name": identity,
            "principalId": _uuid("principal", rid),
            "clientId": _uuid("client", rid),
            "tenantId": TENANT_ID,
        }
    if kind == "keyvault:Vault":
        vault = _autoname(name, inputs.get("vaultName"))
        props = {
            **(inputs.get("properties") or {}),
            "vaultUri": f"https://{vault}.vault.azure.net/",
            "provisioningState": "Succeeded",
        }
        return _arm_id(ctx, inputs, f"Microsoft.KeyVault/vaults/{vault}"), {**out, "name": vault, "properties": props}
    if kind == "keyvault:Key":
        key = _autoname(name, inputs.get("keyName"))
        vault = inputs.get("vaultName")
        uri = f"https://{vault}.vault.azure.net/keys/{key}"
        return _arm_id(ctx, inputs, f"Microsoft.KeyVault/vaults/{vault}/keys/{key}"), {
            **out,
            "name": key,
            "keyUri": uri,
            "keyUriWithVersion": f"{uri}/{_hex('version', key, length=32)}",
        }
    if kind == "compute:DiskEncryptionSet":
        des = _autoname(name, inputs.get("diskEncryptionSetName"))
        return _arm_id(ctx, inputs, f"Microsoft.Compute/diskEncryptionSets/{des}"), {
            **out,
            "name": des,
            "identity": _identity_output(inputs.get("identity"), des),
        }
    if kind == "authorization:RoleAssignment":
        assignment = str(inputs.get("roleAssignmentName") or _uuid("assignment", ctx.stack, name))
        return f"{inputs.get('scope')}/providers/Microsoft.Authorization/roleAssignments/{assignment}", {
            **out,
            "name": assignment,
            "principalType": inputs.get("principalType"),
        }
    if kind == "authorization:ManagementLockByScope":
        lock = _autoname(name, inputs.get("lockName"))
        return f"{inputs.get('scope')}/providers/Microsoft.Authorization/locks/{lock}", {**out, "name": lock}
    if kind == "operationalinsights:Workspace":
        workspace = _autoname(name, inputs.get("workspaceName"))
        return _arm_id(ctx, inputs, f"Microsoft.OperationalInsights/workspaces/{workspace}"), {
            **out,
            "name": workspace,
            "customerId": _uuid("workspace", workspace),
        }
    if kind == "monitor:DiagnosticSetting":
        setting = _autoname(name, inputs.get("name"))
        return f"{inputs.get('resourceUri')}/providers/Microsoft.Insights/diagnosticSettings/{setting}", {
            **out,
            "name": setting,
        }
    if kind == "monitor:DataCollectionRule":
        rule = _autoname(name, inputs.get("dataCollectionRuleName"))
        return _arm_id(ctx, inputs, f"Microsoft.Insights/dataCollectionRules/{rule}"), {
            **out,
            "name": rule,
            "immutableId": f"dcr-{_hex('dcr', rule, length=32)}",
        }
    if kind == "monitor:DataCollectionRuleAssociation":
        association = _autoname(name, inputs.get("associationName"))
        return (
            f"{inputs.get('resourceUri')}/providers/Microsoft.Insights/dataCollectionRuleAssociations/{association}",
            {**out, "name": association},
        )
    if kind == "containerservice:ManagedCluster":
        outputs = _cluster(name, inputs, ctx)
        return _arm_id(ctx, inputs, f"Microsoft.ContainerService/managedClusters/{outputs['name']}"), outputs
    if kind == "containerservice:AgentPool":
        pool = _autoname(name, inputs.get("agentPoolName"))
        cluster = inputs.get("resourceName")
        return _arm_id(ctx, inputs, f"Microsoft.ContainerService/managedClusters/{cluster}/agentPools/{pool}"), {
            **out,
            "name": pool,
            "currentOrchestratorVersion": f"{inputs.get('orchestratorVersion') or '1.33'}.5",
            "nodeImageVersion": "AzureLinuxContainerHost-202511.03.0",
            "powerState": {"code": "Running"},
        }
    if kind == "storage:StorageAccount":
        account = _autoname(name, inputs.get("accountName"))
        endpoints = {
            service: f"https://{account}.{service}.core.windows.net/"
            for service in ("blob", "dfs", "file", "queue", "table", "web")
        }
        return _arm_id(ctx, inputs, f"Microsoft.Storage/storageAccounts/{account}"), {
            **out,
            "name": account,
            "primaryEndpoints": endpoints,
            "primaryLocation": _location(inputs, ctx),
            "statusOfPrimary": "available",
            "identity": _identity_output(inputs.get("identity"), account),
        }
    if kind == "storage:FileServiceProperties":
        account = inputs.get("accountName")
        return _arm_id(ctx, inputs, f"Microsoft.Storage/storageAccounts/{account}/fileServices/default"), {
            **out,
            "name": "default",
        }
    if kind == "storage:FileShare":
        share = _autoname(name, inputs.get("shareName"))
        account = inputs.get("accountName")
        return _arm_id(
            ctx, inputs, f"Microsoft.Storage/storageAccounts/{account}/fileServices/default/shares/{share}"
        ), {**out, "name": share, "shareUsageBytes": 0.0}
    return None


def _kubeconfig(cluster: str, group: str, server: str) -> str:
    """The kubeconfig ARM returns for an Entra ID cluster: exec kubelogin in device-code mode."""
    ca = base64.b64encode(
        f"-----BEGIN CERTIFICATE-----\nMOCK-{_hex('ca', cluster, length=32)}\n-----END CERTIFICATE-----\n".encode()
    ).decode()
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


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    if token == "azure-native:authorization:getClientConfig":
        return {
            "clientId": CLIENT_ID,
            "objectId": OBJECT_ID,
            "subscriptionId": _subscription(ctx),
            "tenantId": TENANT_ID,
        }
    if token == "azure-native:containerservice:listManagedClusterUserCredentials":
        cluster = str(args.get("resourceName"))
        group = str(args.get("resourceGroupName"))
        location = str(ctx.config.get("azure-native:location") or DEFAULT_LOCATION)
        server = _SERVERS.get((ctx.stack, group, cluster), _fqdn(cluster, location, False))
        value = _kubeconfig(cluster, group, server)
        return {"kubeconfigs": [{"name": "clusterUser", "value": value}]}
    return None


def _node_cidr(ctx: Any) -> str:
    raw = ctx.config.get("kumo:cluster")
    try:
        spec = json.loads(raw) if isinstance(raw, str) else (raw or {})
        return str((spec.get("network") or {}).get("cidr") or "10.0.0.0/16")
    except (ValueError, AttributeError):
        return "10.0.0.0/16"


def _service(name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    """A LoadBalancer Service gets an IP: the reserved one when annotated, a node-subnet address when
    internal, else a public address."""
    from components.kubernetes import mocks as k8s_mocks

    answer = k8s_mocks.new_resource("kubernetes:core/v1:Service", name, inputs, ctx)
    spec = inputs.get("spec") or {}
    if answer is None or spec.get("type") != "LoadBalancer":
        return answer
    resource_id, outputs = answer
    annotations = (inputs.get("metadata") or {}).get("annotations") or {}
    if annotations.get("service.beta.kubernetes.io/azure-load-balancer-ipv4"):
        ip = annotations["service.beta.kubernetes.io/azure-load-balancer-ipv4"]
    elif annotations.get("service.beta.kubernetes.io/azure-load-balancer-internal") == "true":
        ip = _ip(f"{ctx.stack}/{name}", _node_cidr(ctx))
    else:
        ip = _ip(f"{ctx.stack}/{name}/lb")
    outputs["status"] = {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
    return resource_id, outputs
