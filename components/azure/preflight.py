"""Azure preflight checks: what would make an AKS `up` fail, asked through the `az` CLI (az.py: why the CLI,
how it is run, which failures mean "cannot ask").
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from components.azure import facts
from components.azure.az import LOGIN_FIX, AzureContext, az_call
from components.azure.kms_migration import kms_vault_mode
from components.azure.versions import UnsupportedVersion, support_plan
from components.azure.zones import vnet_integration_problem
from components.preflight import Check, CommandRunner, Fail, Result, Skip, Target, is_kumo_cluster, subprocess_runner

_LOCATION = re.compile(r"^[a-z][a-z0-9]+$")
SPOT_USAGE = "lowPriorityCores"  # "Total Regional Low-priority vCPUs": Spot VMs count against it
TOTAL_USAGE = "cores"  # "Total Regional vCPUs"
STANDARD_PLAN = facts.SUPPORT_PLANS["standard"]


def context(target: Target, *, runner: CommandRunner | None = None) -> AzureContext:
    """The context for `target`'s checks; tests pass a runner replaying recorded `az` output."""
    return AzureContext(target=target, run=runner or subprocess_runner())


def _zones_wanted(ctx: AzureContext) -> list[str]:
    return list(facts.ZONES[: ctx.target.spec.network.zones])


# ---------------------------------------------------------------------------------------------------------
# The checks


@az_call("Reader on the subscription")
def credentials(ctx: AzureContext) -> Result:
    account = ctx.az("account", "show")
    if not account:
        raise Skip("`az account show` returned no account", fix=LOGIN_FIX, prerequisite="Azure login")
    if account.get("state", "Enabled") != "Enabled":
        return Result.failed(
            f"subscription {account.get('name')} ({account.get('id')}) is {account.get('state')}",
            "use an enabled subscription: `az account set --subscription ...` or azure-native:subscriptionId",
        )
    user = account.get("user", {})
    return Result.passed(f"subscription {account.get('name')} ({account.get('id')}) as {user.get('name')}")


@az_call("Microsoft.Resources/subscriptions/locations/read")
def location(ctx: AzureContext) -> Result:
    locations = {loc["name"]: loc for loc in ctx.az("account", "list-locations") or []}
    found = locations.get(ctx.location)
    if found is None:
        physical = sorted(
            n for n, loc in locations.items() if loc.get("metadata", {}).get("regionType", "Physical") == "Physical"
        )
        return Result.failed(
            f"{ctx.location} is not a location of this subscription",
            f"set azure-native:location to one of {', '.join(physical)}",
        )
    unavailable = vnet_integration_problem(ctx.location)
    if unavailable:
        return Result.failed(unavailable, "set azure-native:location to another region of this subscription")
    mappings = found.get("availabilityZoneMappings") or []
    available = sorted(m["logicalZone"] for m in mappings)
    wanted = _zones_wanted(ctx)
    if len(available) < len(wanted):
        return Result.failed(
            f"{ctx.location} has {len(available)} availability zone(s); network.zones asks for {len(wanted)}",
            "choose a location with availability zones (eastus, westeurope, ...) or lower network.zones",
        )
    ctx.zones = wanted
    return Result.passed(
        f"{found.get('displayName', ctx.location)}: zones {', '.join(available)}; the cluster uses {', '.join(wanted)}"
    )


def _restricted_zones(sku: dict[str, Any], location: str) -> tuple[bool, set[str]]:
    """(unavailable in the whole location, zones where it is restricted) for this subscription."""
    whole, zones = False, set()
    for r in sku.get("restrictions") or []:
        info = r.get("restrictionInfo") or {}
        if r.get("type") == "Location" and location in [v.lower() for v in r.get("values", [])]:
            whole = True
        if r.get("type") == "Zone":
            zones |= set(info.get("zones") or [])
    return whole, zones


@az_call("Microsoft.Compute/skus/read")
def machine_types(ctx: AzureContext) -> Result:
    by_pool = ctx.target.machine_types
    missing: list[str] = []
    for size in sorted(set(by_pool.values())):
        listed = (
            ctx.az(
                "vm",
                "list-skus",
                "--location",
                ctx.location,
                "--resource-type",
                "virtualMachines",
                "--size",
                size,
                "--all",
            )
            or []
        )
        sku = next((s for s in listed if s.get("name", "").lower() == size.lower()), None)
        pools = ", ".join(p for p, t in by_pool.items() if t == size)
        if sku is None:
            missing.append(f"{size} ({pools}) does not exist in {ctx.location}")
            continue
        ctx.skus[size] = sku
        whole, restricted = _restricted_zones(sku, ctx.location)
        offered = {
            z
            for info in sku.get("locationInfo", [])
            if info.get("location", "").lower() == ctx.location
            for z in info.get("zones", [])
        }
        if whole:
            missing.append(f"{size} ({pools}) is not available to this subscription in {ctx.location}")
            continue
        bad = [z for z in ctx.zones if z not in offered or z in restricted]
        if bad:
            missing.append(f"{size} ({pools}) not offered in zone(s) {', '.join(bad)}")
    if missing:
        return Result.failed(
            "; ".join(missing),
            "set node_pools[].machine_types.azure to a size of the same shape offered in every "
            "zone (`az vm list-skus -l LOCATION --zone -o table`), or choose another location",
        )
    return Result.passed(f"{', '.join(sorted(set(by_pool.values())))} offered in zones {', '.join(ctx.zones)}")


@az_call("Microsoft.Compute/locations/usages/read")
def quota(ctx: AzureContext) -> Result:
    usages = {u["name"]["value"]: u for u in ctx.az("vm", "list-usage", "--location", ctx.location) or []}
    needs: dict[str, int] = {}
    spec = ctx.target.spec
    types = ctx.target.machine_types
    for pool in spec.node_pools:
        vcpus = pool.max_nodes * pool.vcpu
        if pool.spot:
            needs[SPOT_USAGE] = needs.get(SPOT_USAGE, 0) + vcpus
            continue
        needs[TOTAL_USAGE] = needs.get(TOTAL_USAGE, 0) + vcpus
        family = ctx.skus.get(types[pool.name], {}).get("family")
        if family:
            needs[family] = needs.get(family, 0) + vcpus
    short: list[str] = []
    shown: list[str] = []
    for key, need in needs.items():
        usage = usages.get(key)
        if usage is None:
            raise Skip(f"`az vm list-usage` lists no {key} quota in {ctx.location}")
        free = int(usage["limit"]) - int(usage["currentValue"])
        label = usage["name"].get("localizedValue", key)
        shown.append(f"{label} {need}/{free} free")
        if need > free:
            short.append(
                f"{label}: pools need up to {need}, {free} free ({usage['currentValue']} of {usage['limit']} used)"
            )
    if short:
        return Result.failed(
            "; ".join(short),
            "request a quota increase (Azure portal > Quotas > Compute, or `az quota update`), or lower max_nodes",
        )
    return Result.passed("; ".join(shown))


@az_call("Microsoft.ContainerService/managedClusters/read")
def cluster_name(ctx: AzureContext) -> Result:
    # AKS names are unique per resource group, and kumo creates the cluster in a new group of its own, so a
    # same-named cluster elsewhere cannot make `up` fail; it is reported so the two are not confused.
    name = ctx.target.spec.name
    same = [c for c in ctx.az("aks", "list") or [] if c.get("name") == name]
    foreign = [c for c in same if not is_kumo_cluster(c.get("tags"), name)]
    if not same:
        return Result.passed(f"no AKS cluster named {name} in the subscription")
    if not foreign:
        return Result.passed(f"{name} exists and carries kumo's tags: `up` updates it")
    groups = ", ".join(sorted(str(c.get("resourceGroup")) for c in foreign))
    return Result.passed(
        f"AKS cluster(s) named {name} exist in resource group(s) {groups} (not kumo's); kumo "
        "creates its own group, so this is no conflict, but kubeconfig contexts share the name"
    )


@az_call("Microsoft.ContainerService/locations/kubernetesVersions/read")
def kubernetes_version(ctx: AzureContext) -> Result:
    wanted = ctx.target.spec.kubernetes_version
    answer = ctx.az("aks", "get-versions", "--location", ctx.location) or {}
    entries = answer.get("values") or answer.get("orchestrators") or []  # "orchestrators": az < 2.52
    plans: dict[str, set[str]] = {}  # minor -> support plans AKS offers it under (GA only)
    preview: set[str] = set()
    by_minor: dict[str, dict[str, Any]] = {}
    for e in entries:
        version = str(e.get("version") or e.get("orchestratorVersion") or "")
        minor = ".".join(version.split(".")[:2])
        if e.get("isPreview"):
            preview.add(minor)
            continue
        by_minor[minor] = e
        plans[minor] = set((e.get("capabilities") or {}).get("supportPlan") or [STANDARD_PLAN])
    standard = sorted((m for m, p in plans.items() if STANDARD_PLAN in p), key=lambda v: tuple(map(int, v.split("."))))
    choose = f"set kubernetes_version to one of {', '.join(standard)}"
    if wanted is None:
        default = next((v for v, e in by_minor.items() if e.get("isDefault")), "AKS's default")
        return Result.passed(f"no version pinned: AKS creates {default}")
    try:  # the plan the cluster will ask for, from components/azure/facts.py
        needed = support_plan(wanted, ctx.target.spec.azure.sku_tier, ctx.today)
    except UnsupportedVersion as error:
        return Result.failed(str(error), choose)
    if wanted not in plans:
        where = "only as a preview" if wanted in preview else "not at all"
        return Result.failed(f"AKS offers Kubernetes {wanted} {where} in {ctx.location}", choose)
    if needed not in plans[wanted]:
        detail = f"AKS offers Kubernetes {wanted} in {ctx.location} only under {', '.join(sorted(plans[wanted]))}"
        if needed == STANDARD_PLAN:  # the fact table still counts it in standard support: it is out of date
            detail += " (components/azure/facts.py still has it in standard support: update the table)"
        return Result.failed(detail, choose)
    patches = sorted((by_minor[wanted].get("patchVersions") or {}).keys())
    return Result.passed(
        f"{wanted} is offered under {needed}" + (f" (patches {', '.join(patches)})" if patches else "")
    )


def _blob_target(url: str) -> tuple[str | None, str]:
    """(storage account, container) of an `azblob://container[/path]?storage_account=NAME` URL."""
    parts = urlsplit(url)
    account = (parse_qs(parts.query).get("storage_account") or [None])[0] or os.environ.get("AZURE_STORAGE_ACCOUNT")
    return account, parts.netloc


@az_call("Storage Blob Data Contributor on the state container")
def state_backend(ctx: AzureContext) -> Result:
    url = ctx.target.backend_url
    if not url or not url.startswith("azblob://"):
        return Result.skipped(f"not applicable: the state backend is {url or 'not set (the local default)'}")
    account, container = _blob_target(url)
    if not account:
        raise Fail(f"{url} names no storage account", "set AZURE_STORAGE_ACCOUNT or add ?storage_account=NAME")
    found = (
        ctx.az(
            "storage",
            "container",
            "exists",
            "--account-name",
            account,
            "--name",
            container,
            "--auth-mode",
            "login",
            subscription=False,
        )
        or {}
    )
    if not found.get("exists"):
        return Result.failed(
            f"container {container} does not exist in storage account {account}",
            f"create it: `az storage container create --account-name {account} --name {container} --auth-mode login`",
        )
    return Result.passed(f"container {container} in {account} is reachable")


CHECKS: list[Check] = [
    Check("azure.credentials", "credentials (az account show)", credentials),
    Check("azure.location", "location and availability zones", location, requires=("azure.credentials",)),
    Check("azure.machine_types", "VM sizes offered in every zone", machine_types, requires=("azure.location",)),
    Check("azure.quota", "vCPU quotas (regional, family, spot)", quota, requires=("azure.location",)),
    Check("azure.cluster_name", "AKS cluster name", cluster_name, requires=("azure.credentials",)),
    Check(
        "azure.kms_vault_mode",
        "an existing cluster's etcd-key vault can go private",
        kms_vault_mode,
        requires=("azure.credentials",),
    ),
    Check(
        "azure.kubernetes_version",
        "Kubernetes version offered by AKS",
        kubernetes_version,
        requires=("azure.location",),
    ),
    Check("azure.state_backend", "Blob state backend reachable", state_backend),
]


def location_problem(config: dict[str, Any]) -> str | None:
    """What is wrong with the stack's location keys before any cloud is asked (bad input), else None."""
    location = config.get("azure-native:location")
    if not location:
        return "azure-native:location is not set"
    if not _LOCATION.match(str(location)):
        return f"azure-native:location = {location!r} is not an Azure location name (such as eastus)"
    return None
