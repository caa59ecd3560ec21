"""Node rules NODE-01..NODE-04 and NODE-06: boot integrity, OS, repair, upgrades, rolling upgrades.

NODE-05 (supported versions) is in versions.py.
"""

from __future__ import annotations

from components.policy.inputs import get, show
from components.policy.model import Context, Finding, rule
from components.policy.resources import AWS_NODE_GROUP, GKE_POOL, aks_pools, pool_check

NODE_01 = rule(
    "NODE-01",
    "Shielded / secure-boot nodes with integrity monitoring",
    severity="medium",
    cis=("GKE 5.5.5", "GKE 5.5.6", "GKE 5.5.7"),
    checkov=("CKV_GCP_71", "CKV_GCP_72", "CKV_GCP_68"),
    avd=("AVD-GCP-0055",),
    notes={
        "aws": "not applicable: EKS managed node groups have no secure-boot setting (UEFI secure boot needs a "
        "custom AMI); NODE-02 requires the EKS-optimised AL2023 / Bottlerocket AMIs instead",
        "azure": "every pool securityProfile.enableSecureBoot = true and enableVTPM = true (trusted launch)",
        "gcp": "enableShieldedNodes = true; every node pool nodeConfig.shieldedInstanceConfig enableSecureBoot = "
        "true, enableIntegrityMonitoring = true",
    },
    not_applicable={"aws": "EKS managed node groups expose no secure-boot / vTPM setting; it needs a custom UEFI AMI"},
)


@NODE_01.on("azure")
def _node01_azure(ctx: Context) -> list[Finding]:
    return pool_check(
        ctx, "securityProfile.enableSecureBoot", True, "set securityProfile.enableSecureBoot = true"
    ) + pool_check(ctx, "securityProfile.enableVTPM", True, "set securityProfile.enableVTPM = true")


@NODE_01.on("gcp")
def _node01_gcp(ctx: Context) -> list[Finding]:
    out = [ctx.expect(c, "enableShieldedNodes", True) for c in ctx.clusters()]
    for pool in ctx.of(GKE_POOL):
        out += [
            ctx.expect(pool, "nodeConfig.shieldedInstanceConfig.enableSecureBoot", True),
            ctx.expect(pool, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring", True),
        ]
    return out


NODE_02 = rule(
    "NODE-02",
    "Hardened, container-optimised node OS",
    severity="medium",
    cis=("EKS 3.3.1", "GKE 5.5.1"),
    checkov=("CKV_GCP_22",),
    avd=("AVD-GCP-0054",),
    notes={
        "aws": "every node group amiType AL2023_* or BOTTLEROCKET_* (AL2 is end of life)",
        "azure": "every pool osSKU = AzureLinux (or Ubuntu2204 / Ubuntu2404)",
        "gcp": "every node pool nodeConfig.imageType = COS_CONTAINERD",
    },
)


@NODE_02.on("aws")
def _node02_aws(ctx: Context) -> list[Finding]:
    out = []
    for g in ctx.of(AWS_NODE_GROUP):
        ami = str(get(g.inputs, "amiType", ""))
        found = f"amiType = {show(ami or None)}"
        out.append(
            ctx.ok(g, found)
            if ami.startswith(("AL2023_", "BOTTLEROCKET_"))
            else ctx.bad(g, found, "set amiType = AL2023_x86_64_STANDARD (or AL2023_ARM_64_STANDARD)")
        )
    return out or [ctx.missing("node group", "define the node groups")]


@NODE_02.on("azure")
def _node02_azure(ctx: Context) -> list[Finding]:
    out = []
    for resource, prefix, settings in aks_pools(ctx):
        sku = get(settings, "osSKU")
        found = f"{prefix}osSKU = {show(sku)}"
        out.append(
            ctx.ok(resource, found)
            if sku in ("AzureLinux", "Ubuntu2204", "Ubuntu2404")
            else ctx.bad(resource, found, "set osSKU = AzureLinux")
        )
    return out or [ctx.missing("AKS node pool", "define the agent pools")]


@NODE_02.on("gcp")
def _node02_gcp(ctx: Context) -> list[Finding]:
    return [ctx.expect(p, "nodeConfig.imageType", "COS_CONTAINERD") for p in ctx.of(GKE_POOL)] or [
        ctx.missing("node pool", "define node pools")
    ]


NODE_03 = rule(
    "NODE-03",
    "Node auto-repair",
    severity="medium",
    cis=("GKE 5.5.2",),
    checkov=("CKV_GCP_9",),
    avd=("AVD-GCP-0063",),
    notes={
        "aws": "every node group nodeRepairConfig.enabled = true",
        "azure": "not applicable: AKS auto-repair is built in and cannot be turned off (no setting exists)",
        "gcp": "every node pool management.autoRepair = true",
    },
    not_applicable={"azure": "AKS repairs unhealthy nodes itself; there is no setting to turn it on or off"},
)


@NODE_03.on("aws")
def _node03_aws(ctx: Context) -> list[Finding]:
    return [ctx.expect(g, "nodeRepairConfig.enabled", True) for g in ctx.of(AWS_NODE_GROUP)] or [
        ctx.missing("node group", "define the node groups")
    ]


@NODE_03.on("gcp")
def _node03_gcp(ctx: Context) -> list[Finding]:
    return [ctx.expect(p, "management.autoRepair", True) for p in ctx.of(GKE_POOL)] or [
        ctx.missing("node pool", "define node pools")
    ]


NODE_04 = rule(
    "NODE-04",
    "Automatic upgrades through a release channel, in a maintenance window",
    severity="medium",
    cis=("GKE 5.5.3", "GKE 5.5.4"),
    checkov=("CKV_GCP_10", "CKV_GCP_70", "CKV_AZURE_171"),
    avd=("AVD-GCP-0058",),
    notes={
        "aws": "upgradePolicy.supportType = STANDARD (no silent extended support); node groups roll with "
        "updateConfig (NODE-06); EKS has no automatic minor upgrades",
        "azure": "autoUpgradeProfile.upgradeChannel in patch|stable|rapid|node-image, nodeOSUpgradeChannel in "
        "NodeImage|SecurityPatch, an azure-native:containerservice:MaintenanceConfiguration",
        "gcp": "releaseChannel.channel in RAPID|REGULAR|STABLE, maintenancePolicy set, every node pool "
        "management.autoUpgrade = true",
    },
)


@NODE_04.on("aws")
def _node04_aws(ctx: Context) -> list[Finding]:
    return [ctx.expect(c, "upgradePolicy.supportType", "STANDARD") for c in ctx.clusters()]


@NODE_04.on("azure")
def _node04_azure(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        channel = get(c.inputs, "autoUpgradeProfile.upgradeChannel")
        node_channel = get(c.inputs, "autoUpgradeProfile.nodeOSUpgradeChannel")
        found = f"autoUpgradeProfile.upgradeChannel = {show(channel)}, nodeOSUpgradeChannel = {show(node_channel)}"
        out.append(
            ctx.ok(c, found)
            if channel in ("patch", "stable", "rapid", "node-image") and node_channel in ("NodeImage", "SecurityPatch")
            else ctx.bad(c, found, "set upgradeChannel = patch and nodeOSUpgradeChannel = NodeImage")
        )
        windows = [
            m
            for m in ctx.of("azure-native:containerservice:MaintenanceConfiguration")
            if c.urn in m.property_dependencies.get("resourceName", [])
        ]
        out.append(
            ctx.ok(windows[0], f"maintenance configuration {get(windows[0].inputs, 'configName')}")
            if windows
            else ctx.bad(
                c,
                "no maintenance configuration",
                "add MaintenanceConfiguration "
                "aksManagedAutoUpgradeSchedule and aksManagedNodeOSUpgradeSchedule windows",
            )
        )
    return out


@NODE_04.on("gcp")
def _node04_gcp(ctx: Context) -> list[Finding]:
    out = []
    for c in ctx.clusters():
        channel = get(c.inputs, "releaseChannel.channel")
        found = f"releaseChannel.channel = {show(channel)}"
        out.append(
            ctx.ok(c, found)
            if channel in ("RAPID", "REGULAR", "STABLE")
            else ctx.bad(c, found, "set releaseChannel.channel = REGULAR")
        )
        out.append(ctx.expect_set(c, "maintenancePolicy", "set a maintenancePolicy window"))
    out += [ctx.expect(p, "management.autoUpgrade", True) for p in ctx.of(GKE_POOL)]
    return out


NODE_06 = rule(
    "NODE-06",
    "Safe rolling upgrades (surge, drain, PodDisruptionBudget-respecting)",
    severity="medium",
    notes={
        "aws": "every node group updateConfig.maxUnavailablePercentage (1-33) or maxUnavailable set",
        "azure": "every non-Spot pool upgradeSettings.maxSurge and drainTimeoutInMinutes set (AKS rejects surge "
        "settings on Spot pools, which are exempt)",
        "gcp": "every node pool upgradeSettings.strategy = SURGE with maxSurge >= 1 and maxUnavailable = 0, "
        "or BLUE_GREEN",
    },
)


@NODE_06.on("aws")
def _node06_aws(ctx: Context) -> list[Finding]:
    out = []
    for g in ctx.of(AWS_NODE_GROUP):
        pct = get(g.inputs, "updateConfig.maxUnavailablePercentage")
        count = get(g.inputs, "updateConfig.maxUnavailable")
        found = f"updateConfig = {show(get(g.inputs, 'updateConfig'))}"
        ok = (isinstance(pct, (int, float)) and 1 <= pct <= 33) or (isinstance(count, (int, float)) and count >= 1)
        out.append(ctx.ok(g, found) if ok else ctx.bad(g, found, "set updateConfig.maxUnavailablePercentage = 33"))
    return out or [ctx.missing("node group", "define the node groups")]


@NODE_06.on("azure")
def _node06_azure(ctx: Context) -> list[Finding]:
    out = []
    for resource, prefix, settings in aks_pools(ctx):
        if get(settings, "scaleSetPriority") == "Spot":
            out.append(ctx.ok(resource, f"{prefix}scaleSetPriority = 'Spot' (AKS takes no surge settings)"))
            continue
        surge = get(settings, "upgradeSettings.maxSurge")
        drain = get(settings, "upgradeSettings.drainTimeoutInMinutes")
        found = f"{prefix}upgradeSettings maxSurge = {show(surge)}, drainTimeoutInMinutes = {show(drain)}"
        out.append(
            ctx.ok(resource, found)
            if surge and drain
            else ctx.bad(resource, found, "set upgradeSettings.maxSurge = '33%' and drainTimeoutInMinutes")
        )
    return out or [ctx.missing("AKS node pool", "define the agent pools")]


@NODE_06.on("gcp")
def _node06_gcp(ctx: Context) -> list[Finding]:
    out = []
    for p in ctx.of(GKE_POOL):
        s = get(p.inputs, "upgradeSettings", {})
        strategy = s.get("strategy")
        ok = strategy == "BLUE_GREEN" or (
            strategy == "SURGE" and (s.get("maxSurge") or 0) >= 1 and s.get("maxUnavailable") == 0
        )
        found = f"upgradeSettings = {show(s or None)}"
        out.append(
            ctx.ok(p, found)
            if ok
            else ctx.bad(p, found, "set upgradeSettings strategy SURGE, maxSurge 1, maxUnavailable 0")
        )
    return out or [ctx.missing("node pool", "define node pools")]
