"""Node network rules NET-03..NET-06: private nodes, network policy, no SSH from the world, VPC-native."""

from __future__ import annotations

from components.policy.inputs import as_json, get, is_false, is_true, open_cidrs, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_LT, AWS_NODE_GROUP, AWS_SUBNET, GKE_POOL, pool_check

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
    checkov=("CKV_AZURE_7", "CKV2_AZURE_29"),
    avd=("AVD-AZU-0043", "AVD-GCP-0056"),
    notes={
        "aws": 'aws:eks/addon:Addon vpc-cni configurationValues enableNetworkPolicy = "true"',
        "azure": "networkProfile.networkPolicy in azure|calico|cilium (azure needs networkPlugin = azure)",
        "gcp": "datapathProvider = ADVANCED_DATAPATH, or networkPolicy.enabled = true with "
        "addonsConfig.networkPolicyConfig.disabled = false. CKV_GCP_12 is not cited: it wants a networkPolicy "
        "block (enabled, or disabled alongside ADVANCED_DATAPATH), and kumo sets Dataplane V2 with no "
        "networkPolicy block (that block configures Calico)",
    },
)


@NET_04.on("aws")
def _net04_aws(ctx: Context) -> list[Finding]:
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
