"""Offline-engine answers for Azure: what Azure Resource Manager would return for each resource and invoke.

Pure functions (no Pulumi, no SDK), found through two tables: RESOURCES (type token -> answer) and INVOKES
(invoke token -> answer); anything else gets the generic echo. Outputs have the OUTPUT shape of each type,
camelCase: ARM ids `/subscriptions/<sub>/resourceGroups/<group>/providers/...`, autonamed names with a
suffix, identity principal/client ids, Key Vault URIs, and the cluster's FQDNs, OIDC issuer and kubeconfig
(mocks_aks.py). Values are derived from names by hashing, so plans are stable.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from typing import Any, NamedTuple

from components.azure import traits
from components.azure.mocks_aks import managed_cluster, user_credentials
from components.azure.mocks_arm import (
    TENANT_ID,
    arm_id,
    autoname,
    group_id,
    hex_digest,
    identity_output,
    location,
    subscription,
    uuid,
)
from components.kubernetes import mocks as k8s_mocks

CLIENT_ID = "00000000-0000-4000-8000-0000000000c1"
OBJECT_ID = "00000000-0000-4000-8000-0000000000b1"

Outputs = tuple[str, dict[str, Any]]
Answer = Callable[[str, dict[str, Any], Any], Outputs | None]


class Made(NamedTuple):
    """One resource ARM made, as an `extra` answer sees it."""

    name: str
    """Its Pulumi name."""
    arm_name: str
    """Its name in Azure (given, or autonamed)."""
    id: str
    inputs: dict[str, Any]
    ctx: Any


class _Inputs(dict[str, Any]):
    """The inputs as `str.format_map` reads them: an absent one is None, as an f-string of `inputs.get` says."""

    def __missing__(self, key: str) -> None:
        return None


def _arm(
    path: str, *name_inputs: str, under: str | None = None, extra: Callable[[Made], dict[str, Any]] | None = None
) -> Answer:
    """The answer for a resource named by the first of `name_inputs` that is set (else autonamed), whose id is
    `<the resource group's id, or input `under`'s value>/providers/<path>`: in `path`, {name} is its name and
    {<input>} that input's value. Its outputs: the inputs, Succeeded, its name, and what `extra` adds."""

    def answer(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
        arm_name = autoname(name, next((inputs[key] for key in name_inputs if inputs.get(key)), None))
        owner = str(inputs.get(under)) if under else group_id(ctx, str(inputs.get("resourceGroupName")))
        rid = f"{owner}/providers/{path.format_map(_Inputs(inputs, name=arm_name))}"
        outputs = {**inputs, "provisioningState": "Succeeded", "name": arm_name}
        if extra:
            outputs.update(extra(Made(name, arm_name, rid, inputs, ctx)))
        return rid, outputs

    return answer


def _ip(seed: str, base: str = "20.0.0.0/8") -> str:
    net = ipaddress.ip_network(base)
    return str(net.network_address + 1 + int(hex_digest(seed), 16) % (net.num_addresses - 2))


def _resource_group(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    group = autoname(name, inputs.get("resourceGroupName"))
    properties = {"provisioningState": "Succeeded"}
    return group_id(ctx, group), {**inputs, "provisioningState": "Succeeded", "name": group, "properties": properties}


def _role_assignment(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    assignment = str(inputs.get("roleAssignmentName") or uuid("assignment", ctx.stack, name))
    return f"{inputs.get('scope')}/providers/Microsoft.Authorization/roleAssignments/{assignment}", {
        **inputs,
        "provisioningState": "Succeeded",
        "name": assignment,
        "principalType": inputs.get("principalType"),
    }


def _file_service(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs:
    """A storage account's one file service, always named `default`."""
    path = f"Microsoft.Storage/storageAccounts/{inputs.get('accountName')}/fileServices/default"
    return arm_id(ctx, inputs, path), {**inputs, "provisioningState": "Succeeded", "name": "default"}


def _node_cidr(ctx: Any) -> str:
    raw = ctx.config.get("kumo:cluster")
    try:
        spec = json.loads(raw) if isinstance(raw, str) else (raw or {})
        return str((spec.get("network") or {}).get("cidr") or "10.0.0.0/16")
    except (ValueError, AttributeError):
        return "10.0.0.0/16"


def _service(name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    """A LoadBalancer Service gets an IP: the reserved one when annotated, a node-subnet address when
    internal, else a public address."""
    answer = k8s_mocks.new_resource("kubernetes:core/v1:Service", name, inputs, ctx)
    spec = inputs.get("spec") or {}
    if answer is None or spec.get("type") != "LoadBalancer":
        return answer
    resource_id, outputs = answer
    annotations = (inputs.get("metadata") or {}).get("annotations") or {}
    if annotations.get(traits.LB_IPV4):
        ip = annotations[traits.LB_IPV4]
    elif annotations.get(traits.LB_INTERNAL) == "true":
        ip = _ip(f"{ctx.stack}/{name}", _node_cidr(ctx))
    else:
        ip = _ip(f"{ctx.stack}/{name}/lb")
    outputs["status"] = {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
    return resource_id, outputs


def _vault_properties(made: Made) -> dict[str, Any]:
    vault_uri = f"https://{made.arm_name}.vault.azure.net/"
    return {
        "properties": {**(made.inputs.get("properties") or {}), "vaultUri": vault_uri, "provisioningState": "Succeeded"}
    }


def _key_uris(made: Made) -> dict[str, Any]:
    uri = f"https://{made.inputs.get('vaultName')}.vault.azure.net/keys/{made.arm_name}"
    return {"keyUri": uri, "keyUriWithVersion": f"{uri}/{hex_digest('version', made.arm_name, length=32)}"}


def _user_assigned_identity(made: Made) -> dict[str, Any]:
    # Principal and client ids hash the resource id, as the cluster's identity output does.
    return {"principalId": uuid("principal", made.id), "clientId": uuid("client", made.id), "tenantId": TENANT_ID}


def _storage_account(made: Made) -> dict[str, Any]:
    account = made.arm_name
    return {
        "primaryEndpoints": {
            service: f"https://{account}.{service}.core.windows.net/"
            for service in ("blob", "dfs", "file", "queue", "table", "web")
        },
        "primaryLocation": location(made.inputs, made.ctx),
        "statusOfPrimary": "available",
        "identity": identity_output(made.inputs.get("identity"), account),
    }


NETWORK, DNS = "Microsoft.Network", "Microsoft.Network/privateDnsZones"
RESOURCES: dict[str, Answer] = {
    "azure-native:resources:ResourceGroup": _resource_group,
    "azure-native:network:VirtualNetwork": _arm(
        f"{NETWORK}/virtualNetworks/{{name}}",
        "virtualNetworkName",
        extra=lambda made: {"resourceGuid": uuid("vnet", made.arm_name), "subnets": []},
    ),
    "azure-native:network:Subnet": _arm(
        f"{NETWORK}/virtualNetworks/{{virtualNetworkName}}/subnets/{{name}}", "subnetName", "name"
    ),
    "azure-native:network:PublicIPAddress": _arm(
        f"{NETWORK}/publicIPAddresses/{{name}}",
        "publicIpAddressName",
        extra=lambda made: {
            "ipAddress": _ip(f"{made.ctx.stack}/{made.name}"),
            "resourceGuid": uuid("pip", made.arm_name),
        },
    ),
    "azure-native:network:NatGateway": _arm(
        f"{NETWORK}/natGateways/{{name}}",
        "natGatewayName",
        extra=lambda made: {"resourceGuid": uuid("nat", made.arm_name)},
    ),
    "azure-native:network:PrivateEndpoint": _arm(
        f"{NETWORK}/privateEndpoints/{{name}}",
        "privateEndpointName",
        extra=lambda made: {
            "networkInterfaces": [
                {
                    "id": arm_id(
                        made.ctx,
                        made.inputs,
                        f"{NETWORK}/networkInterfaces/{made.arm_name}.nic.{uuid('nic', made.arm_name)}",
                    )
                }
            ]
        },
    ),
    "azure-native:network:FlowLog": _arm(
        f"{NETWORK}/networkWatchers/{{networkWatcherName}}/flowLogs/{{name}}",
        "flowLogName",
        extra=lambda made: {
            "etag": f'W/"{uuid("flowlog", made.arm_name)}"',
            "identity": identity_output(made.inputs.get("identity"), made.arm_name),
        },
    ),
    "azure-native:network:PrivateDnsZoneGroup": _arm(
        f"{NETWORK}/privateEndpoints/{{privateEndpointName}}/privateDnsZoneGroups/{{name}}", "privateDnsZoneGroupName"
    ),
    "azure-native:privatedns:PrivateZone": _arm(
        f"{DNS}/{{name}}", "privateZoneName", extra=lambda made: {"numberOfRecordSets": 1.0}
    ),
    "azure-native:privatedns:VirtualNetworkLink": _arm(
        f"{DNS}/{{privateZoneName}}/virtualNetworkLinks/{{name}}",
        "virtualNetworkLinkName",
        extra=lambda made: {"virtualNetworkLinkState": "Completed"},
    ),
    "azure-native:managedidentity:UserAssignedIdentity": _arm(
        "Microsoft.ManagedIdentity/userAssignedIdentities/{name}", "resourceName", extra=_user_assigned_identity
    ),
    "azure-native:keyvault:Vault": _arm("Microsoft.KeyVault/vaults/{name}", "vaultName", extra=_vault_properties),
    "azure-native:keyvault:Key": _arm("Microsoft.KeyVault/vaults/{vaultName}/keys/{name}", "keyName", extra=_key_uris),
    "azure-native:compute:DiskEncryptionSet": _arm(
        "Microsoft.Compute/diskEncryptionSets/{name}",
        "diskEncryptionSetName",
        extra=lambda made: {"identity": identity_output(made.inputs.get("identity"), made.arm_name)},
    ),
    "azure-native:authorization:RoleAssignment": _role_assignment,
    "azure-native:authorization:ManagementLockByScope": _arm(
        "Microsoft.Authorization/locks/{name}", "lockName", under="scope"
    ),
    "azure-native:operationalinsights:Workspace": _arm(
        "Microsoft.OperationalInsights/workspaces/{name}",
        "workspaceName",
        extra=lambda made: {"customerId": uuid("workspace", made.arm_name)},
    ),
    "azure-native:monitor:DiagnosticSetting": _arm(
        "Microsoft.Insights/diagnosticSettings/{name}", "name", under="resourceUri"
    ),
    "azure-native:monitor:DataCollectionRule": _arm(
        "Microsoft.Insights/dataCollectionRules/{name}",
        "dataCollectionRuleName",
        extra=lambda made: {"immutableId": f"dcr-{hex_digest('dcr', made.arm_name, length=32)}"},
    ),
    "azure-native:monitor:DataCollectionRuleAssociation": _arm(
        "Microsoft.Insights/dataCollectionRuleAssociations/{name}", "associationName", under="resourceUri"
    ),
    "azure-native:containerservice:ManagedCluster": managed_cluster,
    "azure-native:containerservice:AgentPool": _arm(
        "Microsoft.ContainerService/managedClusters/{resourceName}/agentPools/{name}",
        "agentPoolName",
        extra=lambda made: {
            "currentOrchestratorVersion": f"{made.inputs.get('orchestratorVersion') or '1.33'}.5",
            "nodeImageVersion": "AzureLinuxContainerHost-202511.03.0",
            "powerState": {"code": "Running"},
        },
    ),
    "azure-native:storage:StorageAccount": _arm(
        "Microsoft.Storage/storageAccounts/{name}", "accountName", extra=_storage_account
    ),
    "azure-native:storage:FileServiceProperties": _file_service,
    "azure-native:storage:FileShare": _arm(
        "Microsoft.Storage/storageAccounts/{accountName}/fileServices/default/shares/{name}",
        "shareName",
        extra=lambda made: {"shareUsageBytes": 0.0},
    ),
    "kubernetes:core/v1:Service": _service,
}
"""Resource type -> its answer (id, outputs); a type not listed gets the generic echo."""


def _client_config(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    return {"clientId": CLIENT_ID, "objectId": OBJECT_ID, "subscriptionId": subscription(ctx), "tenantId": TENANT_ID}


INVOKES: dict[str, Callable[[dict[str, Any], Any], dict[str, Any]]] = {
    "azure-native:authorization:getClientConfig": _client_config,
    "azure-native:containerservice:listManagedClusterUserCredentials": user_credentials,
}
"""Invoke token -> its result."""


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> Outputs | None:
    """(id, outputs) for a resource kumo creates on Azure, or None for the generic echo."""
    answer = RESOURCES.get(type_)
    return answer(name, inputs, ctx) if answer is not None else None


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    """The result of an invoke kumo makes on Azure, or None."""
    answer = INVOKES.get(token)
    return answer(args, ctx) if answer is not None else None
