"""Storage on GKE: the block StorageClass parameters, and the durable shared store (Filestore).

The shared store lives in the data layer, outside the cluster's lifecycle: `SharedStorage` is a child of the
DataLayer, beside the network it is peered into; it and its key carry the spec's `retain_on_delete` and
`protect`. The cluster layer adds the one rule that names a cluster identity (nfs_lock_firewall: Filestore's
lock-manager callbacks to the node service account), reading the VPC and the peering range from the data
layer's outputs.

The tier: the shared store is encrypted with its own customer-managed key (ENC-05), and the basic tiers take none
("CMEK support is not available for the basic HDD and basic SSD service tiers":
https://cloud.google.com/filestore/docs/cmek-organization-policy). So the store takes the first tier of
traits.SHARED_TIER_PREFERENCE that takes a key and the spec's size (facts.FILESTORE_TIERS): ZONAL for every size
up to 9984 GiB and every multiple of 2560 GiB from 10240 (https://cloud.google.com/filestore/docs/service-tiers);
a size no such tier takes is refused before anything is planned (facts.spec_problems). Like the basic
tiers, a zonal instance lives in one zone: the first node zone.

Who can write: the share's root is handed to the app's uid/gid (APP_UID:APP_GID) by a one-shot job on an admin
subnetwork, the only range exported without root squash, which also re-owns a share an earlier uid/gid owns; the
nodes get the share with root squashed (layout.nfs_exports, share_owner.py).

DATA-03: the share is backed up daily by standard Filestore backups on kumo's schedule (filestore_backups.py: a
Cloud Scheduler job runs a workflow that backs the share up, with the store's key, and expires old backups). Those
backups are independent regional resources that survive the instance's deletion. Backup and DR protects zonal
instances too and would be the managed alternative; Backup for GKE skips Filestore volumes (gke_backup.py).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import facts, layout, traits
from components.gcp.filestore_backups import SharedBackups
from components.gcp.keys import GRANT_SUFFIX, crypto_key, grant, key_users
from components.gcp.network import Network
from components.gcp.scope import GcpScope
from components.gcp.share_owner import ShareOwner, build_share_owner
from components.layers.contract import BlockClass, SharedStore
from components.spec import ClusterSpec


def block_parameters(spec: ClusterSpec, disk_key: str) -> dict[str, str]:
    """pd-balanced (ssd) or pd-ssd (performance), encrypted with the cluster's disk key (ENC-04)."""
    return {"type": traits.BLOCK_DISK_TYPES[spec.storage.block.tier], traits.BLOCK_KMS_PARAMETER: disk_key}


def block_class(spec: ClusterSpec, disk_key: pulumi.Input[str]) -> BlockClass:
    """The block StorageClasses' provisioner and parameters (block_parameters), for the disk key the data
    layer published."""
    return BlockClass(
        provisioner=traits.BLOCK_PROVISIONER,
        parameters=pulumi.Output.from_input(disk_key).apply(lambda key: block_parameters(spec, key)),
    )


class SharedStorage(pulumi.ComponentResource):
    """A Filestore instance on the cluster's VPC, CMEK-encrypted, exported to the nodes with root squashed and
    owned by the app's user.

    Outputs: `instance` (the Filestore instance), `backups` (its daily backup schedule, filestore_backups.py),
    `owner` (the job that hands the share to the app's user, share_owner.py), `store` (the `SharedStore` the
    in-cluster layer mounts), `psa_range` (the private-services range Filestore's addresses come from, which the
    cluster layer's nfs-lock firewall admits).

    The data layer's child: `scope` is the data layer's (its APIs and the service agents the key grant names),
    `network` the VPC it is peered into, whose first node zone holds a zonal instance.
    """

    instance: gcp.filestore.Instance
    backups: SharedBackups
    owner: ShareOwner
    store: SharedStore
    psa_range: str

    def __init__(
        self,
        name: str,
        spec: ClusterSpec,
        *,
        scope: GcpScope,
        network: Network,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:gcp:SharedStorage", name, None, scope.component_opts(opts))
        shared = spec.storage.shared
        if shared is None:
            raise ValueError("SharedStorage needs spec.storage.shared")
        scope = scope.under(self)
        durable = {"retain_on_delete": shared.retain_on_delete, "protect": shared.protect}
        tier = facts.FILESTORE_TIERS[layout.filestore_tier(shared.size_gb)]  # a tier that takes a key (ENC-05)
        location = network.zones[0] if tier.location == "zone" else scope.region  # zonal: the first node zone

        # A fixed name, unlike the cluster's ring: after a stack is gone, the retained store and its key
        # are adopted again with `pulumi import` under these names.
        ring = gcp.kms.KeyRing(
            f"{name}-keys", name=f"{name}-keys", location=scope.region, opts=scope.opts("cloudkms", **durable)
        )
        # GOV-03: durable data and the key it is readable only with carry stateful=true (the `up` gate's tag).
        key = crypto_key(
            f"{name}-key", "shared", ring, scope, scope.opts("cloudkms", **durable), labels=dict(traits.STATEFUL_LABELS)
        )
        key_grants = [grant(f"{name}-key-{GRANT_SUFFIX[agent]}", key, agent, scope) for agent in key_users("shared")]

        # Private services access: Filestore gets a block of this range (a /26 for a zonal instance) over a
        # private peering (ENC-06).
        self.psa_range = psa_range = layout.psa_range(spec.network)
        psa_address, _, psa_prefix = psa_range.partition("/")
        peering_range = gcp.compute.GlobalAddress(
            f"{name}-psa",
            name=f"{name}-psa",
            network=network.vpc.id,
            purpose="VPC_PEERING",
            address_type="INTERNAL",
            address=psa_address,
            prefix_length=int(psa_prefix),
            description="Private services access range for kumo's Filestore instance",
            opts=scope.opts("compute", **durable),
        )
        peering = gcp.servicenetworking.Connection(
            f"{name}-psa",
            network=network.vpc.id,
            service="servicenetworking.googleapis.com",
            reserved_peering_ranges=[peering_range.name],
            opts=scope.opts("servicenetworking", **durable),
        )
        admin_range = layout.nfs_admin_range(spec.network)
        self.instance = gcp.filestore.Instance(
            f"{name}-filestore",
            name=name,
            location=location,
            tier=tier.tier,
            description=f"kumo durable shared storage ({name})",
            file_shares={
                "name": traits.FILESTORE_SHARE,
                "capacity_gb": shared.size_gb,
                # The admin subnetwork without root squash (the owner job's), the nodes with it: layout.nfs_exports.
                "nfs_export_options": [
                    {"ip_ranges": e.ip_ranges, "access_mode": e.access_mode, "squash_mode": e.squash_mode}
                    for e in layout.nfs_exports(spec.network)
                ],
            },
            networks=[
                {
                    "network": network.vpc.name,
                    "modes": ["MODE_IPV4"],
                    "connect_mode": traits.FILESTORE_CONNECT_MODE,
                    "reserved_ip_range": peering_range.name,
                }
            ],
            kms_key_name=key.id,
            deletion_protection_enabled=shared.protect,
            deletion_protection_reason="kumo: spec.storage.shared.protect" if shared.protect else None,
            labels=dict(traits.STATEFUL_LABELS),
            opts=scope.opts("file", **durable, depends_on=[peering, *key_grants]),
        )
        # DATA-03: daily backups that outlive the instance; kept running exactly as long as the store is kept.
        self.backups = SharedBackups(
            f"{name}-backup",
            instance=self.instance,
            zone=location,
            share=traits.FILESTORE_SHARE,
            kms_key=key.id,
            scope=scope,
            protect=shared.protect,
            retain_on_delete=shared.retain_on_delete,
        )
        ip = self.instance.networks.apply(lambda nets: nets[0].ip_addresses[0] if nets and nets[0].ip_addresses else "")
        # The share's root to the app's uid/gid, once, from the admin subnetwork (share_owner.py).
        self.owner = build_share_owner(
            name, network=network, admin_range=admin_range, instance=self.instance, ip=ip, scope=scope
        )
        # kumo-shared, for shares provisioned dynamically: the same tier and key as the store.
        class_parameters: dict[str, pulumi.Input[str]] = {
            "tier": tier.csi_tier,
            "network": network.vpc.name,
            "connect-mode": traits.FILESTORE_CONNECT_MODE,
            "reserved-ip-range": peering_range.name,
            "instance-encryption-kms-key": key.id,
        }
        self.store = SharedStore(
            csi_driver=traits.SHARED_CSI_DRIVER,
            volume_handle=self.instance.name.apply(lambda n: f"modeInstance/{location}/{n}/{traits.FILESTORE_SHARE}"),
            volume_attributes=ip.apply(lambda address: {"ip": address, "volume": traits.FILESTORE_SHARE}),
            mount_options=[],
            class_parameters=pulumi.Output.all(**class_parameters),
            capacity_gb=shared.size_gb,
        )
        self.register_outputs(
            {
                "instance": self.instance.id,
                "tier": tier.tier,
                "zone": location,
                "ip": ip,
                "owner_job": self.owner.job.id,
            }
        )


def nfs_lock_firewall(
    name: str,
    *,
    network: pulumi.Input[str],
    psa_range: pulumi.Input[str],
    node_account: pulumi.Input[str],
    scope: GcpScope,
) -> gcp.compute.Firewall:
    """NFSv3 locking: Filestore calls back the clients' lock manager; a custom VPC denies ingress by default,
    so let only Filestore's range reach only kumo's nodes on those ports.

    Cluster layer (it names the node service account, a cluster identity), created in the data layer's VPC;
    `name` is the shared store's (`{cluster}-shared`), so the rule keeps its name from before the layers.
    """
    return gcp.compute.Firewall(
        f"{name}-nfs-lock",
        name=f"{name}-nfs-lock",
        network=network,
        direction="INGRESS",
        source_ranges=[psa_range],
        target_service_accounts=[node_account],
        allows=[{"protocol": p, "ports": list(traits.NFS_LOCK_PORTS)} for p in ("tcp", "udp")],
        description="Filestore NFS lock-manager callbacks to kumo nodes",
        opts=scope.opts("compute"),
    )
