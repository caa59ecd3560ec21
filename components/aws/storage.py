"""Storage on AWS: the durable shared store (EFS) and the parameters of the block StorageClasses (EBS).

The shared store is an EFS file system that outlives the cluster (issue 3, DATA-01, ENC-05/06). It depends
on the network and never on the EKS cluster: it is a child of this `kumo:aws:SharedStorage` component, in the
data layer (`kumo:aws:DataLayer`), a stack the cluster layer cannot touch. The file system, its key and the
policies that keep it safe carry the spec's `retain_on_delete` / `protect`; mount targets and the NFS
security group do not, so a destroyed network is not held up by them while the data stays.

Block volumes are the EBS CSI driver's, encrypted with the data layer's volume key (`block_parameters`, the
cluster layer's `block_class` output; the in-cluster layer creates the classes).
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.backup import SharedBackups, shared_backups
from components.aws.keys import customer_key, key_policy, root_statement
from components.aws.network import Network
from components.aws.scope import AwsScope
from components.layers.contract import SharedStore
from components.spec import BlockStorageSpec, SharedStorageSpec

NFS_PORT = 2049


class SharedStorage(pulumi.ComponentResource):
    """EFS with a CMK, a mount target per private subnet, NFS only from the nodes, TLS-only access."""

    file_system: aws.efs.FileSystem
    access_point: aws.efs.AccessPoint
    mount_targets: list[aws.efs.MountTarget]
    security_group: aws.ec2.SecurityGroup
    key: aws.kms.Key
    backups: SharedBackups
    store: SharedStore

    def __init__(
        self,
        name: str,
        spec: SharedStorageSpec,
        *,
        scope: AwsScope,
        network: Network,
        backup_key_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """A child of `scope.parent` unless `opts` says otherwise; its own children are under it, the mount
        targets in `network`'s private subnets. Its backups are encrypted with `backup_key_arn` (backup.py)."""
        super().__init__(
            "kumo:aws:SharedStorage",
            name,
            None,
            scope.component_opts(opts),
        )
        scope = scope.under(self)
        cluster_name = scope.cluster
        plain = scope.opts()
        durable = scope.opts(protect=spec.protect, retain_on_delete=spec.retain_on_delete)

        # Its own key: the data must stay readable after the cluster (and the cluster's key) are gone.
        self.key, _ = customer_key(
            name,
            scope=scope,
            description=f"kumo shared data of {cluster_name} (EFS)",
            alias=f"kumo/{cluster_name}/shared",
            policy=key_policy(root_statement(scope.account)),
            protect=spec.protect,
            retain_on_delete=spec.retain_on_delete,
        )

        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-nfs",
            vpc_id=network.vpc.id,
            description=f"NFS to kumo shared storage of {cluster_name}",
            tags={"Name": f"{name}-nfs"},
            opts=plain,
        )
        nfs_rule = aws.vpc.SecurityGroupIngressRule(
            f"{name}-nfs-from-nodes",
            security_group_id=self.security_group.id,
            referenced_security_group_id=network.node_security_group.id,
            ip_protocol="tcp",
            from_port=NFS_PORT,
            to_port=NFS_PORT,
            description="NFS from the cluster's nodes only",
            opts=plain,
        )

        self.file_system = aws.efs.FileSystem(
            f"{name}-efs",
            encrypted=True,
            kms_key_id=self.key.arn,
            performance_mode="generalPurpose",
            throughput_mode="elastic",
            lifecycle_policies=[
                {"transition_to_ia": "AFTER_30_DAYS"},
                {"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
            ],
            tags={"Name": f"{name}-efs", "stateful": "true"},
            opts=durable,
        )
        # DATA-03, DATA-07: daily AWS Backup of the file system into a vault under kumo's key, kept by AWS Backup
        # independently of this stack. EFS's automatic backups (AWS's key, AWS's vault) would duplicate it: off.
        self.backups = shared_backups(
            name, scope=scope, file_system=self.file_system, key_arn=backup_key_arn, protect=spec.protect
        )
        aws.efs.BackupPolicy(
            f"{name}-efs-backup", file_system_id=self.file_system.id, backup_policy={"status": "DISABLED"}, opts=durable
        )
        # ENC-06: clients mount through a mount target and over TLS, or not at all.
        aws.efs.FileSystemPolicy(
            f"{name}-efs-policy",
            file_system_id=self.file_system.id,
            policy=self.file_system.arn.apply(tls_only_policy),
            opts=durable,
        )

        self.mount_targets = [
            aws.efs.MountTarget(
                f"{name}-mt-{zone}",
                file_system_id=self.file_system.id,
                subnet_id=subnet.id,
                security_groups=[self.security_group.id],
                opts=scope.opts(depends_on=[nfs_rule]),
            )
            for zone, subnet in zip(network.zones, network.private_subnets, strict=True)
        ]

        # Every NFS operation through the access point runs as one POSIX identity, so any pod user can share
        # the volume without root on the file system. "When user enforcement is enabled, Amazon EFS replaces
        # the NFS client's user and group IDs with the identity configured on the access point for all file
        # system operations" (https://docs.aws.amazon.com/efs/latest/ug/enforce-identity-access-points.html):
        # the app (uid/gid APP_UID 10101, components/spec/workload.py) writes as 1000:1000, the owner of the 0775
        # root directory EFS creates on first mount; root in any pod is 1000 there too (no ClientRootAccess in the
        # file-system policy, and the access point overrides uid 0 anyway); "other" has no write bit, and there
        # is nothing to chown by hand. So the pod's uid never reaches EFS: the app's ids changed from 101 to 10101
        # with nothing to hand over, and the access point keeps 1000 (a new posix user would replace the access
        # point, and every file, owned by 1000, would then be another user's).
        posix_id = traits.EFS_SHARED_POSIX_ID
        self.access_point = aws.efs.AccessPoint(
            f"{name}-ap",
            file_system_id=self.file_system.id,
            posix_user={"uid": posix_id, "gid": posix_id},
            root_directory={
                "path": traits.EFS_SHARED_ROOT,
                "creation_info": {"owner_uid": posix_id, "owner_gid": posix_id, "permissions": "0775"},
            },
            tags={"Name": f"{name}-shared"},
            opts=durable,
        )

        self.store = SharedStore(
            csi_driver=traits.EFS_CSI_DRIVER,
            volume_handle=pulumi.Output.concat(self.file_system.id, "::", self.access_point.id),
            volume_attributes={"encryptInTransit": "true"},
            mount_options=list(traits.EFS_MOUNT_OPTIONS),
            class_parameters=self.file_system.id.apply(
                lambda fs_id: {
                    "provisioningMode": "efs-ap",
                    "fileSystemId": fs_id,
                    "directoryPerms": "0700",
                    "basePath": traits.EFS_DYNAMIC_BASE_PATH,
                }
            ),
            capacity_gb=spec.size_gb,
        )
        self.register_outputs(
            {
                "file_system_id": self.file_system.id,
                "file_system_arn": self.file_system.arn,
                "access_point_id": self.access_point.id,
                "key_arn": self.key.arn,
                "backup_vault_arn": self.backups.vault.arn,
            }
        )


def tls_only_policy(file_system_arn: str) -> str:
    """Mount and write through a mount target only, and deny every request not made over TLS."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "MountThroughMountTargets",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                    "Resource": file_system_arn,
                    "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}},
                },
                {
                    "Sid": "DenyWithoutTls",
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "*",
                    "Resource": file_system_arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        },
        sort_keys=True,
    )


def block_parameters(
    block: BlockStorageSpec, volume_key_arn: pulumi.Input[str], cluster_name: str
) -> pulumi.Output[dict[str, str]]:
    """The EBS CSI StorageClass parameters of the spec's block tier (traits.BLOCK_PARAMETERS), encrypted with
    the volume key, and kumo's tags on every volume the driver creates."""
    return pulumi.Output.from_input(volume_key_arn).apply(
        lambda arn: {
            **traits.BLOCK_PARAMETERS[block.tier],
            "kmsKeyId": arn,
            "tagSpecification_1": f"kumo-cluster={cluster_name}",
            "tagSpecification_2": "managed-by=kumo",
        }
    )
