"""Network rules NET-01..NET-08: who can reach the API server, the nodes and the load balancers."""

from __future__ import annotations

import ipaddress
from typing import Any

from components.policy.model import OPEN_CIDRS, Context, Finding, get, is_false, is_true, rule, show
from components.records import Resource

AWS_SUBNET = "aws:ec2/subnet:Subnet"
AWS_LT = "aws:ec2/launchTemplate:LaunchTemplate"
AWS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
AKS_POOL = "azure-native:containerservice:AgentPool"
GKE_POOL = "gcp:container/nodePool:NodePool"


def aks_pools(ctx: Context) -> list[tuple[Resource, str, dict[str, Any]]]:
    """Every AKS pool as (resource, path prefix, settings): inline profiles and AgentPool resources."""
    pools: list[tuple[Resource, str, dict[str, Any]]] = []
    for cluster in ctx.clusters():
        for i, profile in enumerate(get(cluster.inputs, "agentPoolProfiles", [])):
            pools.append((cluster, f"agentPoolProfiles[{i}].", profile))
    pools.extend((pool, "", pool.inputs) for pool in ctx.of(AKS_POOL))
    return pools


def pool_check(ctx: Context, path: str, want: Any, fix: str) -> list[Finding]:
    """One finding per AKS pool: `path` must equal `want` (explicitly)."""
    findings = []
    for resource, prefix, settings in aks_pools(ctx):
        value = get(settings, path)
        ok = is_true(value) if want is True else is_false(value) if want is False else value == want
        label = f"{prefix}{path} = {show(value)}" + ("" if prefix else f" (pool {resource.name})")
        findings.append(ctx.ok(resource, label) if ok else ctx.bad(resource, label, fix))
    return findings or [ctx.missing("AKS node pool", "define the cluster's agent pools")]


def open_cidrs(cidrs: list[Any]) -> list[str]:
    """CIDRs that open a service to the whole internet (0.0.0.0/0, ::/0 or any /0)."""
    bad = []
    for cidr in cidrs:
        try:
            if str(cidr) in OPEN_CIDRS or ipaddress.ip_network(str(cidr), strict=False).prefixlen == 0:
                bad.append(str(cidr))
        except ValueError:
            bad.append(str(cidr))
    return bad


# ---------------------------------------------------------------------------------------------------------

NET_01 = rule(
    "NET-01",
    "Private API endpoint; public endpoint off by default",
    severity="high",
    cis=("EKS 5.4.2", "AKS 5.4.2", "GKE 5.6.4"),
    checkov=("CKV_AWS_39", "CKV_AZURE_115", "CKV_GCP_25"),
    avd=("AVD-AWS-0040", "AVD-AZU-0065", "AVD-GCP-0059"),
    notes={
        "aws": "aws:eks/cluster:Cluster vpcConfig.endpointPrivateAccess = true, endpointPublicAccess = false",
        "azure": "ManagedCluster apiServerAccessProfile.enablePrivateCluster = true, "
        "enablePrivateClusterPublicFQDN = false",
        "gcp": "gcp:container/cluster:Cluster privateClusterConfig.enablePrivateEndpoint = true",
    },
)


@NET_01.on("aws")
def _net01_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "vpcConfig.endpointPrivateAccess", True),
            ctx.expect(c, "vpcConfig.endpointPublicAccess", False),
        ]
    return out


@NET_01.on("azure")
def _net01_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "apiServerAccessProfile.enablePrivateCluster", True),
            ctx.expect(c, "apiServerAccessProfile.enablePrivateClusterPublicFQDN", False),
        ]
    return out


@NET_01.on("gcp")
def _net01_gcp(ctx: Context) -> list[Finding]:
    return [ctx.expect(c, "privateClusterConfig.enablePrivateEndpoint", True) for c in ctx.clusters()]


NET_02 = rule(
    "NET-02",
    "A public API endpoint has an explicit allow-list, never 0.0.0.0/0 or ::/0",
    severity="high",
    cis=("EKS 5.4.1", "AKS 5.4.1", "GKE 5.6.3"),
    checkov=("CKV_AWS_38", "CKV_AZURE_6", "CKV_GCP_18", "CKV_GCP_20"),
    avd=("AVD-AWS-0041", "AVD-AZU-0041", "AVD-GCP-0053", "AVD-GCP-0061"),
    notes={
        "aws": "with endpointPublicAccess = true: vpcConfig.publicAccessCidrs non-empty (<= 40), none open",
        "azure": "without a private cluster: apiServerAccessProfile.authorizedIPRanges non-empty (<= 200), none "
        "open; a private cluster passes (AKS rejects authorized ranges on private clusters)",
        "gcp": "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled = false always; with a public "
        "endpoint cidrBlocks non-empty (<= 50), none open",
    },
)


def _allow_list(ctx: Context, c: Resource, path: str, cidrs: list[Any], limit: int, fix: str) -> Finding:
    if not cidrs:
        return ctx.bad(c, f"{path} = {show(cidrs or None)} with a public endpoint", fix)
    wide = open_cidrs(cidrs)
    if wide:
        return ctx.bad(c, f"{path} opens the endpoint to {', '.join(wide)}", "list only the ranges that need access")
    if len(cidrs) > limit:
        return ctx.bad(c, f"{path} has {len(cidrs)} entries (limit {limit})", f"list at most {limit} ranges")
    return ctx.ok(c, f"{path} = {show(cidrs)}")


@NET_02.on("aws")
def _net02_aws(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        public = get(c.inputs, "vpcConfig.endpointPublicAccess")
        if is_false(public):
            out.append(ctx.ok(c, "vpcConfig.endpointPublicAccess = False (no public endpoint)"))
        else:  # absent means public on EKS
            out.append(
                _allow_list(
                    ctx,
                    c,
                    "vpcConfig.publicAccessCidrs",
                    get(c.inputs, "vpcConfig.publicAccessCidrs", []),
                    40,
                    "set vpcConfig.publicAccessCidrs to the api.authorized_cidrs",
                )
            )
    return out


@NET_02.on("azure")
def _net02_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        if is_true(get(c.inputs, "apiServerAccessProfile.enablePrivateCluster")):
            out.append(ctx.ok(c, "apiServerAccessProfile.enablePrivateCluster = True (no public endpoint)"))
        else:
            path = "apiServerAccessProfile.authorizedIPRanges"
            out.append(
                _allow_list(ctx, c, path, get(c.inputs, path, []), 200, f"set {path} to the api.authorized_cidrs")
            )
    return out


@NET_02.on("gcp")
def _net02_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out.append(ctx.expect(c, "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled", False))
        if not is_true(get(c.inputs, "privateClusterConfig.enablePrivateEndpoint")):
            blocks = get(c.inputs, "masterAuthorizedNetworksConfig.cidrBlocks", [])
            out.append(
                _allow_list(
                    ctx,
                    c,
                    "masterAuthorizedNetworksConfig.cidrBlocks",
                    [b.get("cidrBlock") for b in blocks],
                    50,
                    "set masterAuthorizedNetworksConfig.cidrBlocks to the api.authorized_cidrs",
                )
            )
    return out


NET_03 = rule(
    "NET-03",
    "Nodes have no public IPs and live in private subnets",
    severity="high",
    cis=("EKS 5.4.3", "AKS 5.4.3", "GKE 5.6.5"),
    checkov=("CKV_AWS_88", "CKV_AWS_130", "CKV_AZURE_143", "CKV_GCP_64"),
    avd=("AVD-AWS-0009", "AVD-AWS-0164"),
    notes={
        "aws": "every aws:ec2/subnet:Subnet mapPublicIpOnLaunch = false; no launch template network interface "
        "with associatePublicIpAddress = true",
        "azure": "every pool (agentPoolProfiles[*], AgentPool) enableNodePublicIP = false",
        "gcp": "privateClusterConfig.enablePrivateNodes = true; no node pool networkConfig.enablePrivateNodes = false",
    },
)


@NET_03.on("aws")
def _net03_aws(ctx: Context) -> list[Finding]:
    out = [ctx.expect(s, "mapPublicIpOnLaunch", False) for s in ctx.of(AWS_SUBNET)]
    for lt in ctx.of(AWS_LT):
        for i, nic in enumerate(get(lt.inputs, "networkInterfaces", [])):
            if is_true(nic.get("associatePublicIpAddress")):
                out.append(
                    ctx.bad(
                        lt,
                        f"networkInterfaces[{i}].associatePublicIpAddress = 'true'",
                        "set associatePublicIpAddress = 'false'",
                    )
                )
    return out or [ctx.missing("VPC subnet", "create private subnets for the nodes")]


@NET_03.on("azure")
def _net03_azure(ctx: Context) -> list[Finding]:
    return pool_check(ctx, "enableNodePublicIP", False, "set enableNodePublicIP = false on every pool")


@NET_03.on("gcp")
def _net03_gcp(ctx: Context) -> list[Finding]:
    out = [ctx.expect(c, "privateClusterConfig.enablePrivateNodes", True) for c in ctx.clusters()]
    for pool in ctx.of(GKE_POOL):
        if is_false(get(pool.inputs, "networkConfig.enablePrivateNodes")):
            out.append(ctx.bad(pool, "networkConfig.enablePrivateNodes = False", "remove it or set it to true"))
    return out


NET_04 = rule(
    "NET-04",
    "NetworkPolicy enforcement enabled",
    severity="medium",
    cis=("EKS 5.4.4", "AKS 5.4.4", "Kubernetes 5.3.2"),
    checkov=("CKV_AZURE_7", "CKV_GCP_12", "CKV2_AZURE_29"),
    avd=("AVD-AZU-0043", "AVD-GCP-0056"),
    notes={
        "aws": 'aws:eks/addon:Addon vpc-cni configurationValues enableNetworkPolicy = "true"',
        "azure": "networkProfile.networkPolicy in azure|calico|cilium (azure needs networkPlugin = azure)",
        "gcp": "datapathProvider = ADVANCED_DATAPATH, or networkPolicy.enabled = true with "
        "addonsConfig.networkPolicyConfig.disabled = false",
    },
)


@NET_04.on("aws")
def _net04_aws(ctx: Context) -> list[Finding]:
    from components.policy.model import as_json

    addons = [a for a in ctx.of("aws:eks/addon:Addon") if get(a.inputs, "addonName") == "vpc-cni"]
    if not addons:
        return [
            ctx.missing(
                "vpc-cni add-on", 'add the vpc-cni addon with configurationValues {"enableNetworkPolicy": "true"}'
            )
        ]
    out = []
    for addon in addons:
        values = as_json(get(addon.inputs, "configurationValues")) or {}
        flag = values.get("enableNetworkPolicy") if isinstance(values, dict) else None
        found = f"configurationValues.enableNetworkPolicy = {show(flag)}"
        out.append(
            ctx.ok(addon, found)
            if is_true(flag)
            else ctx.bad(addon, found, 'set configurationValues {"enableNetworkPolicy": "true"}')
        )
    return out


@NET_04.on("azure")
def _net04_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        policy = get(c.inputs, "networkProfile.networkPolicy")
        plugin = get(c.inputs, "networkProfile.networkPlugin")
        found = f"networkProfile.networkPolicy = {show(policy)}, networkPlugin = {show(plugin)}"
        if policy in ("azure", "calico", "cilium") and (policy != "azure" or plugin == "azure"):
            out.append(ctx.ok(c, found))
        else:
            out.append(
                ctx.bad(
                    c, found, "set networkProfile.networkPolicy = cilium (or azure/calico) with networkPlugin = azure"
                )
            )
    return out


@NET_04.on("gcp")
def _net04_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        datapath = get(c.inputs, "datapathProvider")
        calico = is_true(get(c.inputs, "networkPolicy.enabled")) and is_false(
            get(c.inputs, "addonsConfig.networkPolicyConfig.disabled")
        )
        found = (
            f"datapathProvider = {show(datapath)}, "
            f"networkPolicy.enabled = {show(get(c.inputs, 'networkPolicy.enabled'))}"
        )
        out.append(
            ctx.ok(c, found)
            if datapath == "ADVANCED_DATAPATH" or calico
            else ctx.bad(c, found, "set datapathProvider = ADVANCED_DATAPATH (Dataplane V2)")
        )
    return out


NET_05 = rule(
    "NET-05",
    "No SSH or remote access to nodes from the world",
    severity="high",
    cis=("GKE 5.6.6",),
    checkov=("CKV_AWS_100", "CKV_GCP_2"),
    notes={
        "aws": "no node group remoteAccess unless limited to sourceSecurityGroupIds; no launch template keyName",
        "azure": "every pool securityProfile.sshAccess = Disabled (explicit)",
        "gcp": "no gcp:compute/firewall:Firewall admitting tcp/22 from 0.0.0.0/0; no node pool allows it either",
    },
)


@NET_05.on("aws")
def _net05_aws(ctx: Context) -> list[Finding]:
    out = []
    for group in ctx.of(AWS_NODE_GROUP):
        remote = get(group.inputs, "remoteAccess")
        if remote and not get(remote, "sourceSecurityGroupIds"):
            out.append(
                ctx.bad(
                    group,
                    f"remoteAccess = {show(remote)} (SSH from anywhere)",
                    "remove remoteAccess (use SSM) or limit it with sourceSecurityGroupIds",
                )
            )
        else:
            out.append(ctx.ok(group, f"remoteAccess = {show(remote)}"))
    for lt in ctx.of(AWS_LT):
        key = get(lt.inputs, "keyName")
        out.append(ctx.bad(lt, f"keyName = {show(key)}", "remove keyName") if key else ctx.ok(lt, "keyName = (absent)"))
    return out or [ctx.missing("EKS node group", "define the node groups")]


@NET_05.on("azure")
def _net05_azure(ctx: Context) -> list[Finding]:
    return pool_check(ctx, "securityProfile.sshAccess", "Disabled", "set securityProfile.sshAccess = Disabled")


@NET_05.on("gcp")
def _net05_gcp(ctx: Context) -> list[Finding]:
    out = []
    for fw in ctx.of("gcp:compute/firewall:Firewall"):
        if get(fw.inputs, "direction", "INGRESS") != "INGRESS" or not open_cidrs(get(fw.inputs, "sourceRanges", [])):
            continue
        for allow in get(fw.inputs, "allows", []):
            ports = [str(p) for p in allow.get("ports") or []]
            proto = allow.get("protocol")
            if proto in ("tcp", "all") and (not ports or any(_covers_22(p) for p in ports)):
                out.append(
                    ctx.bad(
                        fw,
                        f"allows {proto} {ports or 'all ports'} from {fw.inputs.get('sourceRanges')}",
                        "drop SSH from the internet (use IAP TCP forwarding, 35.235.240.0/20)",
                    )
                )
    if not out:
        out.append(ctx.ok(None, "no firewall rule admits SSH from the internet"))
    return out


def _covers_22(port: str) -> bool:
    low, _, high = port.partition("-")
    try:
        return int(low) <= 22 <= int(high or low)
    except ValueError:
        return False


NET_06 = rule(
    "NET-06",
    "VPC-native networking with sized subnets and secondary ranges",
    severity="medium",
    cis=("GKE 5.6.2",),
    checkov=("CKV_GCP_23",),
    avd=("AVD-GCP-0049",),
    notes={
        "aws": "aws:ec2/subnet:Subnet in >= 2 availability zones (the VPC CNI gives pods VPC addresses)",
        "azure": "networkProfile.networkPlugin = azure (Azure CNI, overlay or pod subnet)",
        "gcp": "networkingMode = VPC_NATIVE with ipAllocationPolicy cluster/services secondary range names",
    },
)


@NET_06.on("aws")
def _net06_aws(ctx: Context) -> list[Finding]:
    zones = sorted(
        {str(get(s.inputs, "availabilityZone")) for s in ctx.of(AWS_SUBNET) if get(s.inputs, "availabilityZone")}
    )
    if len(zones) >= 2:
        return [ctx.ok(None, f"subnets span {len(zones)} zones: {', '.join(zones)}")]
    return [ctx.bad(None, f"subnets span {len(zones)} zone(s)", "create node subnets in at least 2 availability zones")]


@NET_06.on("azure")
def _net06_azure(ctx: Context) -> list[Finding]:
    return [ctx.expect(c, "networkProfile.networkPlugin", "azure") for c in ctx.clusters()]


@NET_06.on("gcp")
def _net06_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        out += [
            ctx.expect(c, "networkingMode", "VPC_NATIVE"),
            ctx.expect_set(c, "ipAllocationPolicy.clusterSecondaryRangeName", "name the pods' secondary range"),
            ctx.expect_set(c, "ipAllocationPolicy.servicesSecondaryRangeName", "name the services' secondary range"),
        ]
    return out
