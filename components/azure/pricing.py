"""What an AKS stack pays for each month (components/cost.py), read from its offline plan, all three layers.

SKU keys (kumo's, one per meter of the Azure Retail Prices API; the unit is the price's and the charge's):

- `aks:free`, `aks:standard`, `aks:premium` (hour): one cluster's management fee by tier (`sku.tier` of the
  ManagedCluster). Free has none; Premium is the tier of long-term support (LTS), which a minor past its
  community support needs (components/azure/facts.py), so such a cluster is priced Premium whatever its plan.
  Meters `Standard Uptime SLA` and `Standard Long Term Support` of `Azure Kubernetes Service`.
- `vm:<armSkuName>:ondemand`, `vm:<armSkuName>:spot` (hour): one Linux node (`Virtual Machines`, the size's
  meter or its `... Spot` meter). Azure publishes Spot prices, so a spot pool is priced at them.
- `disk:<tier>:<LRS|ZRS>` (month): one Premium SSD managed disk of that size tier (`P10` holds 128 GiB): node
  OS disks (kumo makes them Managed, Premium SSD LRS) and claims on kumo's Azure Disk classes.
- `files:premium:<LRS|ZRS>` (GiB-month): an SSD (premium) file share under provisioned v1, per provisioned GiB
  (meter `Premium ZRS Provisioned` of `Premium Files`).
- `nat:standard` (hour): a Standard NAT gateway. `ip:standard:static` (hour): a Standard static public IPv4.
- `lb:standard:rules` (hour): a Standard load balancer with up to five rules; `lb:standard:overage` (hour):
  each rule over five. AKS makes them for Services of type LoadBalancer.
- `privatelink:endpoint` (hour): a private endpoint. `dns:private-zone` (month): an Azure DNS private zone.
- `keyvault:rotation` (rotation): one scheduled key rotation. `keyvault:hsm-key` (month): an HSM-protected
  key on a Premium vault.

Where the prices come from: `prices.json` (shipped: each price with its source and the day it shows) and
`pricing_source.refresh` (the Retail Prices API, no credentials).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from components.azure import traits
from components.azure.pricing_context import Context
from components.azure.pricing_items import HANDLERS, MANAGED_CLUSTER, service_load_balancers
from components.azure.pricing_source import refresh
from components.azure.pricing_storage import PREMIUM_SSD_TIERS
from components.cost import Charge, load_balancer_services
from components.layers import LAYERS

if TYPE_CHECKING:
    from components.records import Plan
    from components.spec import ClusterSpec

__all__ = ["NOT_INCLUDED", "PRICES", "catalog", "charges", "refresh"]

PRICES = Path(__file__).with_name("prices.json")

NOT_INCLUDED: tuple[str, ...] = (
    "NAT gateway data processed (per GB)",
    "Standard Load Balancer data processed (per GB)",
    "Private endpoint inbound and outbound data processed (per GB)",
    "bandwidth: data transfer out to the internet and between regions (per GB)",
    "Log Analytics data ingestion (control-plane diagnostic logs, Container insights) and its retention "
    "beyond the included days (per GB)",
    "Network Watcher virtual network flow logs collected (per GB) and their storage account's blob capacity "
    "and operations (per GB-month, per 10,000 operations)",
    "Key Vault operations on keys (per 10,000 transactions)",
    "Azure DNS private zone queries (per million queries)",
    "Azure Files share snapshots and soft-deleted shares kept for the retention days (per used GiB-month)",
    "Azure Disk snapshots taken through the CSI snapshot controller (per GB-month)",
)


OS_DISK_TIERS = tuple(tier for tier, gib in PREMIUM_SSD_TIERS if 32 <= gib <= 2048)
"""The tiers of the OS disk sizes a spec may ask for (30 to 2048 GiB: components/spec/limits.py)."""


def catalog(region: str) -> list[str]:
    """Every SKU key a stack of kumo's may charge in `region` (the same keys in every region)."""
    del region
    return [
        "aks:free",
        "aks:standard",
        "aks:premium",
        *(f"vm:{size}:{kind}" for size in traits.MACHINE_TYPES.values() for kind in ("ondemand", "spot")),
        *(f"disk:{tier}:{redundancy}" for redundancy in ("LRS", "ZRS") for tier in OS_DISK_TIERS),
        "files:premium:LRS",
        "files:premium:ZRS",
        "nat:standard",
        "ip:standard:static",
        "lb:standard:rules",
        "lb:standard:overage",
        "privatelink:endpoint",
        "dns:private-zone",
        "keyvault:rotation",
        "keyvault:hsm-key",
    ]


def charges(plan: Plan, spec: ClusterSpec, region: str, today: date) -> list[Charge]:
    """Every priced thing the plan creates: layer data, then cluster, then in-cluster, each in plan order (the
    cluster first in its layer); the load balancers AKS makes for Services close their layer. Everything is
    read from the plan (what kumo creates), not from the spec; `today` decides the control plane's support
    (community or long-term)."""
    del spec
    ctx = Context(plan, region, today)
    services = {s.urn for s in load_balancer_services(plan)}
    found: list[Charge] = []
    for layer in (*LAYERS, None):
        resources = [r for r in plan.resources if r.layer == layer or (layer is None and r.layer not in LAYERS)]
        # The cluster (its control plane and inline system pool) leads its layer; the rest keep plan order.
        for resource in sorted(resources, key=lambda r: r.type != MANAGED_CLUSTER):
            handler = HANDLERS.get(resource.type)
            if handler is not None and resource.custom:
                found += handler(ctx, resource)
        found += service_load_balancers(ctx, [r for r in resources if r.urn in services])
    return found
