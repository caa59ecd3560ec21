"""What a GKE stack pays for, read from its offline plan (every layer), in Google Cloud's price-list units.

Price keys (pricing_skus.py; the region of every charge is the stack's region):
- `gke:cluster` (hour): the cluster management fee, $0.10 per cluster-hour for any mode or topology. The GKE free
  tier's $74.40 monthly credit per billing account applies only to zonal and Autopilot clusters: kumo's clusters
  are regional (location = the region), so it never covers them; a zonal cluster's charge says the credit may.
- `gke:extended-support` (hour): the extra fee of a cluster on the Extended release channel while its minor is in
  extended support (facts.support_on). A cluster on another channel (kumo's: spec.gcp.release_channel) is upgraded
  by GKE when its minor leaves standard support, so it is charged the standard fee, with a note saying so.
- `gce:<machine type>:on-demand` / `gce:<machine type>:spot` (hour): one node. The key is the machine type, not its
  two price-list SKUs: N2 is billed per vCPU-hour ("N2 Instance Core running in ...") and per GiB-hour ("N2
  Instance Ram running in ..."), and a node's price is vCPUs x core + GiB x RAM (traits.MACHINE_SHAPES); each
  price's description names both SKUs. Spot pools use the Spot Preemptible core and RAM SKUs (Google changes
  Spot prices up to once a month).
- `pd:<disk type>` (GiB-month): node boot disks (nodeConfig.diskType, diskSizeGb) by pool, at its node counts.
- `nat:gateway-vm` (hour, per VM): a Cloud NAT gateway is billed $/VM-hour for the VMs using it, at most 32 (all
  the cluster's nodes: kumo's NAT serves the node subnetwork); `nat:ip` (hour): each address the NAT uses.
- `lb:forwarding-rule:first-5` / `lb:forwarding-rule:additional` (hour): each LoadBalancer Service gets one
  forwarding rule per protocol from GKE (an internal or external passthrough Network Load Balancer); the first 5
  rules of a project in a region share one minimum charge.
- `kms:key-version:software` / `:hsm` (month): one active version per Cloud KMS key.
- `filestore:<tier>[:<capacity band>]` (GiB-month): the shared store's instance at its provisioned capacity.
- `scheduler:job` (month): the Cloud Scheduler job of the shared store's daily backups.

Not charged, because Google bills nothing for them: the VPC, subnetworks, firewall rules, routers, internal
addresses (the private services range), service accounts, IAM, log sinks and buckets (their data is usage, in
NOT_INCLUDED), the GKE default pool (removed at creation). The static external address of a public load balancer
is not priced (NOT_INCLUDED says so): it is billed by IP-address pricing kumo's table does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from components import facts as shared_facts
from components.cost import Charge, Price, Span, hourly, in_layer_order, load_balancer_services
from components.gcp import pricing_skus as skus
from components.gcp import readback, traits

if TYPE_CHECKING:
    from components.records import Plan, Resource
    from components.spec import ClusterSpec

PRICES = Path(__file__).with_name("prices.json")

NOT_INCLUDED: tuple[str, ...] = (
    "Cloud NAT data processing: per GiB processed by the gateway, both directions",
    "Load balancer data processing: per GiB of inbound and outbound data processed by the forwarding rules",
    "Network data transfer: internet egress, inter-zone and inter-region traffic",
    "Cloud Logging: ingestion, and retention beyond 30 days, of GKE, audit, VPC flow and Cloud NAT logs",
    "Cloud Monitoring: Managed Service for Prometheus samples and GKE control-plane metrics",
    "Cloud KMS: cryptographic operations (per 10,000), and the key versions each 90-day rotation adds (billed "
    "until destroyed)",
    "Backup for GKE: backup management per protected pod-month and backup storage per GiB-month",
    "Filestore backups: backup storage per GiB-month",
    "Workflows steps and Cloud Run job executions of the shared store's backup workflow and owner job",
    "Persistent disks that workloads' PersistentVolumeClaims create through kumo's block StorageClasses",
    "External IP addresses of public load balancers' forwarding rules (VPC IP address pricing, not in kumo's "
    "price table)",
    "Binary Authorization (its own pricing, not in kumo's price table)",
)


_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")
_ROTATION = re.compile(r"^(\d+)s$")
_ADDRESS_URL = re.compile(r"/addresses/([^/]+)$")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(value: Any, default: int) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _layer(resource: Resource) -> str:
    return resource.layer or ""


def _range(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _cluster(plan: Plan, cluster: Resource, region: str, today: date) -> list[Charge]:
    minor = readback.kubernetes_version(plan.resources)
    support = shared_facts.support_on("gcp", minor, today)
    channel = str(_dict(cluster.inputs.get("releaseChannel")).get("channel") or "UNSPECIFIED")
    location = str(cluster.inputs.get("location") or region)
    zonal = bool(_ZONE.match(location))
    kind = "zonal" if zonal else "regional"
    credit = (
        "the GKE free tier's $74.40 monthly credit per billing account may cover one zonal cluster (not deducted)"
        if zonal
        else "regional cluster: the GKE free tier's $74.40 monthly credit applies only to zonal and Autopilot "
        "clusters, not to this one"
    )
    name = cluster.inputs.get("name") or cluster.name
    extended = support == "extended" and channel == "EXTENDED"
    text = f"cluster {name} control plane ({kind}, {channel} channel, {'extended' if extended else 'standard'} support)"
    notes = [credit]
    if support == "extended" and not extended:
        end = shared_facts.minor_table("gcp")[str(minor)].end_of_standard.isoformat()
        notes.append(
            f"{minor} left standard support on {end}: GKE upgrades a {channel}-channel cluster then (only the "
            "Extended channel keeps a minor in extended support, for an extra fee), so the standard fee is shown"
        )
    charges = [hourly(_layer(cluster), text, skus.GKE_CLUSTER, region, Span.exactly(1), "; ".join(notes))]
    if extended:
        charges.append(
            hourly(
                _layer(cluster),
                f"cluster {name} extended support ({minor})",
                skus.GKE_EXTENDED,
                region,
                Span.exactly(1),
            )
        )
    return charges


def _nodes(pool: Resource, cluster: Resource | None, region: str) -> tuple[list[Charge], Span]:
    row = readback.node_pools([pool] if cluster is None else [pool, cluster])[0]
    lo, hi = row["min_nodes"] or 0, row["max_nodes"] or 0
    count = Span(lo, max(lo, hi))
    machine, spot = str(row["machine_type"]), bool(row["spot"])
    capacity = "Spot" if spot else "on-demand"
    note = "Spot price of the price list (Google changes Spot prices up to once a month)" if spot else ""
    text = f"pool {row['name']}: {_range(lo, hi)} x {machine} ({capacity})"
    nodes = hourly(_layer(pool), text, skus.machine_sku(machine, spot), region, count, note)
    node_config = _dict(pool.inputs.get("nodeConfig"))
    disk_type = str(node_config.get("diskType") or traits.NODE_DISK_TYPE)
    size = _count(node_config.get("diskSizeGb"), 100)  # GKE's default boot disk: 100 GB
    sku = skus.disk_sku(disk_type)
    text = f"pool {row['name']} boot disks: {_range(lo, hi)} x {size} GiB {disk_type}"
    disk = Charge(_layer(pool), text, sku, region, skus.unit(sku), count.times(size))
    return [nodes, disk], count


def _nat(nat: Resource, region: str, vms: Span) -> Charge:
    capped = Span(min(vms.min, skus.NAT_VM_CAP), min(vms.max, skus.NAT_VM_CAP))
    note = (
        f"billed per VM using the gateway (the cluster's {_range(int(vms.min), int(vms.max))} nodes), "
        f"at most {skus.NAT_VM_CAP} VMs"
    )
    name = nat.inputs.get("name") or nat.name
    return hourly(_layer(nat), f"Cloud NAT gateway {name}", skus.NAT_GATEWAY_VM, region, capped, note)


def _key(key: Resource, region: str) -> Charge:
    level = str(_dict(key.inputs.get("versionTemplate")).get("protectionLevel") or "SOFTWARE")
    rotation = _ROTATION.match(str(key.inputs.get("rotationPeriod") or ""))
    note = (
        f"one active key version; rotation every {int(rotation.group(1)) // 86400} days adds one (not included)"
        if rotation
        else "one active key version"
    )
    sku = skus.kms_sku(level)
    name = key.inputs.get("name") or key.name
    return Charge(_layer(key), f"Cloud KMS key {name} ({level})", sku, region, skus.unit(sku), Span.exactly(1), note)


def _filestore(instance: Resource, region: str) -> Charge:
    tier = str(instance.inputs.get("tier") or "BASIC_HDD")
    capacity = _count(_dict(instance.inputs.get("fileShares")).get("capacityGb"), 0)
    sku = skus.filestore_sku(tier, capacity)
    name = instance.inputs.get("name") or instance.name
    text = f"Filestore {name}: {tier}, {capacity} GiB"
    return Charge(_layer(instance), text, sku, region, skus.unit(sku), Span.exactly(capacity))


def _load_balancers(plan: Plan, region: str) -> list[Charge]:
    """One forwarding rule per protocol of each LoadBalancer Service (GKE's passthrough Network Load Balancers)."""
    rules: list[tuple[str, str]] = []
    for service in load_balancer_services(plan):
        metadata = _dict(service.inputs.get("metadata"))
        internal = _dict(metadata.get("annotations")).get("networking.gke.io/load-balancer-type") == "Internal"
        ports = [_dict(p) for p in _dict(service.inputs.get("spec")).get("ports") or []]
        where = f"{metadata.get('namespace', 'default')}/{metadata.get('name', service.name)}"
        kind = "internal" if internal else "external"
        for protocol in sorted({str(p.get("protocol") or "TCP") for p in ports}) or ["TCP"]:
            rules.append((_layer(service), f"Service {where}: {kind} passthrough Network Load Balancer ({protocol})"))
    if not rules:
        return []
    first = rules[: skus.LB_RULES_IN_MINIMUM]
    note = (
        f"{len(first)} forwarding rule(s); the first {skus.LB_RULES_IN_MINIMUM} forwarding rules of a project in a "
        "region share this charge"
    )
    text = "; ".join(t for _, t in first)
    charges = [hourly(first[0][0], text, skus.LB_FIRST_FIVE, region, Span.exactly(1), note)]
    for layer, text in rules[skus.LB_RULES_IN_MINIMUM :]:
        charges.append(hourly(layer, text, skus.LB_ADDITIONAL, region, Span.exactly(1)))
    return charges


def charges(plan: Plan, spec: ClusterSpec, region: str, today: date) -> list[Charge]:
    """Every priced thing the plan creates, by layer (data, cluster, in-cluster), in plan order within one."""
    del spec  # the plan says what kumo creates; the spec is what was asked
    clusters = plan.of_type(readback.CLUSTER)
    cluster = clusters[0] if len(clusters) == 1 else None
    nat_addresses = {
        m.group(1)
        for nat in plan.of_type("gcp:compute/routerNat:RouterNat")
        for url in nat.inputs.get("natIps") or []
        if (m := _ADDRESS_URL.search(str(url)))
    }
    node_charges: dict[str, list[Charge]] = {}
    vms = Span(0, 0)
    for pool in plan.of_type(readback.NODE_POOL):
        node_charges[pool.urn], count = _nodes(pool, cluster, region)
        vms = vms + count
    out: list[Charge] = []
    ordered = in_layer_order(plan.resources)
    for r in ordered:
        if r.type == readback.CLUSTER:
            out += _cluster(plan, r, region, today)
        elif r.type == readback.NODE_POOL:
            out += node_charges[r.urn]
        elif r.type == "gcp:compute/routerNat:RouterNat":
            out.append(_nat(r, region, vms))
            if r.inputs.get("natIpAllocateOption") == "AUTO_ONLY":
                note = "Google allocates the addresses (AUTO_ONLY): 1 shown, more are added and billed as ports run out"
                text = f"addresses of Cloud NAT gateway {r.inputs.get('name') or r.name}"
                out.append(hourly(_layer(r), text, skus.NAT_IP, region, Span(1, 1), note))
        elif r.type == "gcp:compute/address:Address" and str(r.inputs.get("name")) in nat_addresses:
            out.append(
                hourly(_layer(r), f"address {r.inputs.get('name')} (Cloud NAT)", skus.NAT_IP, region, Span(1, 1))
            )
        elif r.type == "gcp:kms/cryptoKey:CryptoKey":
            out.append(_key(r, region))
        elif r.type == "gcp:filestore/instance:Instance":
            out.append(_filestore(r, region))
        elif r.type == "gcp:cloudscheduler/job:Job":
            text = f"Cloud Scheduler job {r.inputs.get('name') or r.name}"
            note = "3 jobs per billing account are free (not deducted)"
            out.append(
                Charge(_layer(r), text, skus.SCHEDULER_JOB, region, skus.unit(skus.SCHEDULER_JOB), Span(1, 1), note)
            )
    return out + _load_balancers(plan, region)


def catalog(region: str) -> list[str]:
    """Every price key kumo may charge a GKE stack in `region` (pricing_skus.catalog)."""
    return skus.catalog(region)


def refresh(wanted: Sequence[tuple[str, str]], today: date) -> list[Price]:
    """The (key, region) prices the Cloud Billing Catalog API lists (pricing_api.refresh)."""
    from components.gcp import pricing_api

    return pricing_api.refresh(wanted, today)
