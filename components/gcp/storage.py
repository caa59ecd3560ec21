"""Storage on GKE: the block StorageClass parameters, and the durable shared store (Filestore).

The shared store lives in the data layer, outside the cluster's lifecycle: `SharedStorage` is a child of the
DataLayer, beside the network it is peered into; it and its key carry the spec's `retain_on_delete` and
`protect`. The cluster layer adds the one rule that names a cluster identity (nfs_lock_firewall: Filestore's
lock-manager callbacks to the node service account), reading the VPC and the peering range from the data
layer's outputs.

DATA-03: the share is backed up daily by standard Filestore backups (backups.py: a Cloud Scheduler job runs
a workflow that backs the share up and expires old backups). Those backups are independent regional
resources that survive the instance's deletion. Backup and DR would be the managed alternative, but it
protects only ZONAL/REGIONAL/ENTERPRISE instances, not the basic tiers kumo uses (their sizes suit the spec's);
Backup for GKE skips Filestore volumes (backup.py).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.gcp import layout, traits
from components.gcp.backups import SharedBackups
from components.gcp.keys import crypto_key, grant
from components.gcp.network import Network
from components.gcp.scope import Scope
from components.layers.contract import BlockClass, SharedStore
from components.spec import ClusterSpec


def block_parameters(spec: ClusterSpec, disk_key: str) -> dict[str, str]:
    """pd-balanced (ssd) or pd-ssd (performance), encrypted with the cluster's disk key (ENC-04)."""
    return {"type": traits.BLOCK_DISK_TYPES[spec.storage.block.tier], traits.BLOCK_KMS_PARAMETER: disk_key}


def block_class(spec: ClusterSpec, disk_key: pulumi.Input[str]) -> BlockClass:
    """The block StorageClasses' provisioner and parameters (block_parameters), for the disk key the data
    layer published."""
    return BlockClass(provisioner=traits.BLOCK_PROVISIONER,
                      parameters=pulumi.Output.from_input(disk_key).apply(lambda key: block_parameters(spec, key)))


class SharedStorage(pulumi.ComponentResource):
    """A Filestore instance on the cluster's VPC, CMEK-encrypted, exported only to nodes and pods.

    Outputs: `instance` (the Filestore instance), `backups` (its daily backup schedule, backups.py), `store`
    (the `SharedStore` the in-cluster layer mounts), `psa_range` (the private-services range Filestore's
    addresses come from, which the cluster layer's nfs-lock firewall admits).
    """

    instance: gcp.filestore.Instance
    backups: SharedBackups
    store: SharedStore
    psa_range: str

    def __init__(self, name: str, spec: ClusterSpec, network: Network, zone: str, scope: Scope,
                 project_number: pulumi.Output[str], opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("kumo:gcp:SharedStorage", name, None, opts)
        shared = spec.storage.shared
        if shared is None:
            raise ValueError("SharedStorage needs spec.storage.shared")
        scope = scope.under(self)
        durable = {"retain_on_delete": shared.retain_on_delete, "protect": shared.protect}
        tier = layout.filestore_tier(shared.size_gb)  # basic tiers are zonal: `zone` is the first node zone

        # A fixed name, unlike the cluster's ring: after a stack is gone, the retained store and its key
        # are adopted again with `pulumi import` under these names.
        ring = gcp.kms.KeyRing(f"{name}-keys", name=f"{name}-keys", location=scope.region,
                               opts=scope.opts("cloudkms", **durable))
        # GOV-03: durable data and the key it is readable only with carry stateful=true (the `up` gate's tag).
        key = crypto_key(f"{name}-key", "shared", ring, scope, scope.opts("cloudkms", **durable),
                         labels=dict(traits.STATEFUL_LABELS))
        key_grant = grant(f"{name}-key-filestore", key, "filestore", project_number, scope.opts("cloudkms"))

        # Private services access: Filestore gets a /29 of this range over a private peering (ENC-06).
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
        cmek = tier in traits.FILESTORE_CMEK_TIERS
        self.instance = gcp.filestore.Instance(
            f"{name}-filestore",
            name=name,
            location=zone,
            tier=tier,
            description=f"kumo durable shared storage ({name})",
            file_shares={
                "name": traits.FILESTORE_SHARE,
                "capacity_gb": shared.size_gb,
                "nfs_export_options": [{
                    # Nodes and pods only (pod IPs reach Filestore unmasqueraded: RFC 1918 to RFC 1918).
                    "ip_ranges": [spec.network.cidr, spec.network.pod_cidr],
                    "access_mode": "READ_WRITE",
                    "squash_mode": "ROOT_SQUASH",
                }],
            },
            networks=[{
                "network": network.vpc.name,
                "modes": ["MODE_IPV4"],
                "connect_mode": traits.FILESTORE_CONNECT_MODE,
                "reserved_ip_range": peering_range.name,
            }],
            kms_key_name=key.id if cmek else None,
            deletion_protection_enabled=shared.protect,
            deletion_protection_reason="kumo: spec.storage.shared.protect" if shared.protect else None,
            labels=dict(traits.STATEFUL_LABELS),
            opts=scope.opts("file", **durable, depends_on=[peering, key_grant]),
        )
        # DATA-03: daily backups that outlive the instance; kept running exactly as long as the store is kept.
        self.backups = SharedBackups(f"{name}-backup", cluster=scope.labels["kumo-cluster"], instance=self.instance,
                                     zone=zone, share=traits.FILESTORE_SHARE, scope=scope, **durable,
                                     opts=pulumi.ResourceOptions(parent=self))
        ip = self.instance.networks.apply(lambda nets: nets[0].ip_addresses[0] if nets and nets[0].ip_addresses
                                          else "")
        class_parameters: dict[str, pulumi.Input[str]] = {
            "tier": traits.FILESTORE_CSI_TIERS[tier],
            "network": network.vpc.name,
            "connect-mode": traits.FILESTORE_CONNECT_MODE,
            "reserved-ip-range": peering_range.name,
        }
        if cmek:
            class_parameters["instance-encryption-kms-key"] = key.id
        self.store = SharedStore(
            csi_driver=traits.SHARED_CSI_DRIVER,
            volume_handle=self.instance.name.apply(
                lambda n: f"modeInstance/{zone}/{n}/{traits.FILESTORE_SHARE}"),
            volume_attributes=ip.apply(lambda address: {"ip": address, "volume": traits.FILESTORE_SHARE}),
            mount_options=[],
            class_parameters=pulumi.Output.all(**class_parameters),
            capacity_gb=shared.size_gb,
        )
        self.register_outputs({"instance": self.instance.id, "tier": tier, "zone": zone, "ip": ip})


def nfs_lock_firewall(name: str, *, network: pulumi.Input[str], psa_range: pulumi.Input[str],
                      node_account: pulumi.Input[str], scope: Scope) -> gcp.compute.Firewall:
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
