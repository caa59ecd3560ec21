"""Storage on AWS: the durable EFS store outside the cluster's lifecycle, and the EBS block classes."""

from __future__ import annotations

import pytest

from components.aws import mocks
from components.records import Plan
from tests.aws.conftest import DATA, REGION, ZONES, component, named, policy

FS = "aws:efs/fileSystem:FileSystem"
ACCOUNT = mocks.ACCOUNT_ID


def test_shared_storage_component_and_exact_children(contract: Plan) -> None:
    shared = contract.one("kumo:aws:SharedStorage")
    assert shared.name == "contract-shared" and shared.parent == component(contract, DATA).urn
    children = sorted((r.type, r.name) for r in contract.resources if r.parent == shared.urn)
    assert children == sorted(
        [
            ("aws:kms/key:Key", "contract-shared-key"),
            ("aws:kms/alias:Alias", "contract-shared-key-alias"),
            ("aws:ec2/securityGroup:SecurityGroup", "contract-shared-nfs"),
            ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "contract-shared-nfs-from-nodes"),
            (FS, "contract-shared-efs"),
            ("aws:efs/backupPolicy:BackupPolicy", "contract-shared-efs-backup"),
            ("aws:efs/fileSystemPolicy:FileSystemPolicy", "contract-shared-efs-policy"),
            ("aws:efs/accessPoint:AccessPoint", "contract-shared-ap"),
            *[("aws:efs/mountTarget:MountTarget", f"contract-shared-mt-{zone}") for zone in ZONES],
            # Its backups under kumo's key (tests/aws/test_backup.py).
            ("aws:backup/vault:Vault", "contract-shared-vault"),
            ("aws:backup/plan:Plan", "contract-shared-plan"),
            ("aws:backup/selection:Selection", "contract-shared-selection"),
            ("aws:iam/role:Role", "contract-shared-backup"),
            *[
                ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f"contract-shared-backup-{policy}")
                for policy in ("AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores")
            ],
        ]
    )


def test_file_system_is_encrypted_with_its_own_key(contract: Plan) -> None:
    fs = contract.one(FS)
    key = named(contract, "aws:kms/key:Key")["contract-shared-key"]
    assert fs.inputs == {
        "encrypted": True,
        "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}",
        "performanceMode": "generalPurpose",
        "throughputMode": "elastic",
        "lifecyclePolicies": [
            {"transitionToIa": "AFTER_30_DAYS"},
            {"transitionToPrimaryStorageClass": "AFTER_1_ACCESS"},
        ],
        "tags": {"Name": "contract-shared-efs", "stateful": "true"},
    }
    backup = contract.one("aws:efs/backupPolicy:BackupPolicy")
    # EFS's automatic backups (AWS's vault and key) off: kumo's own plan backs it up (DATA-07).
    assert backup.inputs == {"fileSystemId": fs.id, "backupPolicy": {"status": "DISABLED"}}


@pytest.mark.parametrize(("variant", "protect"), [("contract", True), ("internal", False)])
def test_durable_resources_follow_the_spec_and_never_the_cluster(
    variant: str, protect: bool, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(variant)
    cluster = plan.one("aws:eks/cluster:Cluster")
    durable = {f"{variant}-shared-{n}" for n in ("key", "key-alias", "efs", "efs-backup", "efs-policy", "ap", "vault")}
    shared = plan.one("kumo:aws:SharedStorage")
    for r in plan.resources:
        if r.parent != shared.urn:
            continue
        expected = (protect, True) if r.name in durable else (False, False)
        assert (r.options["protect"], r.options["retain_on_delete"]) == expected, r.name
        assert cluster.urn not in plan.all_dependencies(r), f"{r.name} depends on the cluster"
        assert cluster.urn not in {a.urn for a in plan.ancestors(r)}
        assert r.layer == "data", f"{r.name} is not in the data layer"


def test_mount_target_per_private_subnet_behind_the_nfs_group(contract: Plan) -> None:
    fs = contract.one(FS)
    sgs = named(contract, "aws:ec2/securityGroup:SecurityGroup")
    subnets = named(contract, "aws:ec2/subnet:Subnet")
    rule = contract.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    for zone in ZONES:
        target = named(contract, "aws:efs/mountTarget:MountTarget")[f"contract-shared-mt-{zone}"]
        assert target.inputs == {
            "fileSystemId": fs.id,
            "subnetId": subnets[f"contract-network-private-{zone}"].id,
            "securityGroups": [sgs["contract-shared-nfs"].id],
        }
        assert rule.urn in target.options["depends_on"]
    # NFS only, only from the nodes' security group: no CIDR, no other port.
    assert rule.inputs == {
        "securityGroupId": sgs["contract-shared-nfs"].id,
        "referencedSecurityGroupId": sgs["contract-network-nodes"].id,
        "ipProtocol": "tcp",
        "fromPort": 2049.0,
        "toPort": 2049.0,
        "description": "NFS from the cluster's nodes only",
    }
    assert "ingress" not in sgs["contract-shared-nfs"].inputs


def test_file_system_policy_is_tls_only(contract: Plan) -> None:
    fs = contract.one(FS)
    arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{fs.id}"
    statements = {s["Sid"]: s for s in policy(contract.one("aws:efs/fileSystemPolicy:FileSystemPolicy"))["Statement"]}
    assert statements["DenyWithoutTls"] == {
        "Sid": "DenyWithoutTls",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "*",
        "Resource": arn,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    allow = statements["MountThroughMountTargets"]
    assert allow["Action"] == ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    assert allow["Condition"] == {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}


def test_static_volume_points_at_the_access_point_over_tls(contract: Plan) -> None:
    fs = contract.one(FS)
    ap = contract.one("aws:efs/accessPoint:AccessPoint")
    assert ap.inputs["posixUser"] == {"uid": 1000.0, "gid": 1000.0}
    assert ap.inputs["rootDirectory"] == {
        "path": "/kumo-shared",
        "creationInfo": {"ownerUid": 1000.0, "ownerGid": 1000.0, "permissions": "0775"},
    }
    pv = contract.one("kubernetes:core/v1:PersistentVolume")
    csi = pv.inputs["spec"]["csi"]
    assert csi == {
        "driver": "efs.csi.aws.com",
        "volumeHandle": f"{fs.id}::{ap.id}",
        "volumeAttributes": {"encryptInTransit": "true"},
    }
    assert pv.inputs["spec"]["mountOptions"] == ["tls"]
    assert pv.inputs["spec"]["capacity"] == {"storage": "2560Gi"}
    shared_class = named(contract, "kubernetes:storage.k8s.io/v1:StorageClass")["contract-storage-kumo-shared"]
    assert shared_class.inputs["parameters"] == {
        "provisioningMode": "efs-ap",
        "fileSystemId": fs.id,
        "directoryPerms": "0700",
        "basePath": "/dynamic",
    }


@pytest.mark.parametrize(
    ("variant", "parameters"),
    [
        ("contract", {"type": "gp3", "encrypted": "true", "csi.storage.k8s.io/fstype": "ext4"}),
        (
            "edge",
            {
                "type": "io2",
                "iopsPerGB": "50",
                "allowAutoIOPSPerGBIncrease": "true",
                "encrypted": "true",
                "csi.storage.k8s.io/fstype": "ext4",
            },
        ),
    ],
)
def test_block_classes_use_ebs_with_the_volume_key(
    variant: str, parameters: dict[str, str], request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(variant)
    key = named(plan, "aws:kms/key:Key")[f"{variant}-volumes-key"]
    classes = named(plan, "kubernetes:storage.k8s.io/v1:StorageClass")
    for class_name in ("kumo-block", "kumo-block-retain"):
        sc = classes[f"{variant}-storage-{class_name}"]
        assert sc.inputs["provisioner"] == "ebs.csi.aws.com"
        assert sc.inputs["parameters"] == {
            **parameters,
            "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}",
            "tagSpecification_1": f"kumo-cluster={variant}",
            "tagSpecification_2": "managed-by=kumo",
        }
    # EKS 1.30+ does not mark gp2 default: nothing to un-mark.
    assert plan.of_type("kubernetes:storage.k8s.io/v1:StorageClassPatch") == []


def test_no_shared_store_without_the_spec(minimal: Plan, edge: Plan) -> None:
    for plan in (minimal, edge):
        assert plan.of_type("kumo:aws:SharedStorage") == [] and plan.of_type(FS) == []
        assert not [a for a in plan.of_type("aws:eks/addon:Addon") if a.inputs["addonName"] == "aws-efs-csi-driver"]


def test_app_user_writes_the_shared_store_through_the_access_point_without_root_or_world_write(contract: Plan) -> None:
    """The app runs as uid/gid 10101; the shared volume is EFS through an access point that enforces 1000:1000 on
    every request (https://docs.aws.amazon.com/efs/latest/ug/enforce-identity-access-points.html) and creates
    its root directory 1000:1000 0775. So 10101 writes (as 1000, the owner), root in a pod is 1000 there too, and
    nobody else may write. Literal values, as the AWS API receives them; no manual chown anywhere. The app's ids
    never reach EFS, so the move from 101 to 10101 hands nothing over: every file stays 1000's, the app's."""
    app = contract.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]
    assert {k: app["securityContext"][k] for k in ("runAsUser", "runAsGroup", "fsGroup", "supplementalGroups")} == {
        "runAsUser": 10101.0,
        "runAsGroup": 10101.0,
        "fsGroup": 10101.0,
        "supplementalGroups": [101.0],
    }
    assert {"persistentVolumeClaim": {"claimName": "kumo-shared"}, "name": "shared"} in app["volumes"]
    claim = contract.one("kubernetes:core/v1:PersistentVolumeClaim").inputs["spec"]
    volume = contract.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]
    assert claim["volumeName"] == contract.one("kubernetes:core/v1:PersistentVolume").inputs["metadata"]["name"]
    access_point = contract.one("aws:efs/accessPoint:AccessPoint")
    assert volume["csi"]["volumeHandle"].endswith(f"::{access_point.id}")  # mounted through the access point

    assert access_point.inputs["posixUser"] == {"uid": 1000.0, "gid": 1000.0}
    assert access_point.inputs["rootDirectory"] == {
        "path": "/kumo-shared",
        "creationInfo": {"ownerUid": 1000.0, "ownerGid": 1000.0, "permissions": "0775"},
    }

    def may_write(client_uid: int) -> bool:
        """What EFS decides for a write by `client_uid` through this access point (POSIX owner/group/other)."""
        enforced = access_point.inputs["posixUser"]
        uid, gid = int(enforced["uid"]), int(enforced["gid"])  # the client's ids are replaced, whatever they are
        root = access_point.inputs["rootDirectory"]["creationInfo"]
        mode = int(root["permissions"], 8)
        if uid == int(root["ownerUid"]):
            return bool(mode & 0o200)
        if gid == int(root["ownerGid"]):
            return bool(mode & 0o020)
        return bool(mode & 0o002)

    assert may_write(10101) is True
    assert may_write(101) is True  # the app's old uid wrote as 1000 too: its files are the new app's
    assert may_write(0) is True  # as 1000, not as root: root in a pod has no root on the file system
    # Not world-writable: no write bit for "other".
    assert int(access_point.inputs["rootDirectory"]["creationInfo"]["permissions"], 8) & 0o002 == 0
    # Root squash stays: the file-system policy grants mount and write, never ClientRootAccess.
    allow = {s["Sid"]: s for s in policy(contract.one("aws:efs/fileSystemPolicy:FileSystemPolicy"))["Statement"]}
    assert allow["MountThroughMountTargets"]["Action"] == [
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
    ]
