"""What is AWS-specific in kumo, as pure data: machine types, spellings, drivers, annotations, versions.

No Pulumi and no AWS SDK here: the CLI and the tests read these tables without loading a cloud.
"""

from __future__ import annotations

import re


def kumo_tags(cluster_name: str, spec_tags: dict[str, str]) -> dict[str, str]:
    """kumo's tags: the provider's default tags in both layers, and what the Load Balancer Controller puts on
    the load balancers it creates (so everything an environment owns carries the same tags)."""
    return {**spec_tags, "kumo-cluster": cluster_name, "managed-by": "kumo"}


MACHINE_TYPES: dict[str, str] = {
    # Current-generation general purpose (Intel Sapphire Rapids), 1 vCPU : 4 GiB, exactly the size's shape.
    "small": "m7i.large",  # 2 vCPU, 8 GiB
    "medium": "m7i.xlarge",  # 4 vCPU, 16 GiB
    "large": "m7i.2xlarge",  # 8 vCPU, 32 GiB
    "xlarge": "m7i.4xlarge",  # 16 vCPU, 64 GiB
}

INSTANCE_SHAPES: dict[str, tuple[int, int]] = {
    # vCPU, GiB of every instance type kumo may choose (from the EC2 instance-type pages).
    "m7i.large": (2, 8),
    "m7i.xlarge": (4, 16),
    "m7i.2xlarge": (8, 32),
    "m7i.4xlarge": (16, 64),
    "m6i.large": (2, 8),
    "m6i.xlarge": (4, 16),
    "m6i.2xlarge": (8, 32),
    "m6i.4xlarge": (16, 64),
    "m7a.large": (2, 8),
    "m7a.xlarge": (4, 16),
    "m7a.2xlarge": (8, 32),
    "m7a.4xlarge": (16, 64),
    "m6a.large": (2, 8),
    "m6a.xlarge": (4, 16),
    "m6a.2xlarge": (8, 32),
    "m6a.4xlarge": (16, 64),
}

SPOT_ALTERNATIVES: dict[str, list[str]] = {
    # Spot pools draw from several x86 families of the same shape: more capacity pools, fewer interruptions.
    "small": ["m7i.large", "m6i.large", "m7a.large", "m6a.large"],
    "medium": ["m7i.xlarge", "m6i.xlarge", "m7a.xlarge", "m6a.xlarge"],
    "large": ["m7i.2xlarge", "m6i.2xlarge", "m7a.2xlarge", "m6a.2xlarge"],
    "xlarge": ["m7i.4xlarge", "m6i.4xlarge", "m7a.4xlarge", "m6a.4xlarge"],
}

_GRAVITON = re.compile(r"^[a-z]+\d+g[a-z]*\.")  # m7g.large, c7gn.xlarge, r8gd.2xlarge, t4g.small

AMI_TYPE_X86 = "AL2023_x86_64_STANDARD"
AMI_TYPE_ARM = "AL2023_ARM_64_STANDARD"


def ami_type(instance_type: str) -> str:
    """The EKS-optimised Amazon Linux 2023 AMI type for an instance type's architecture (NODE-02)."""
    return AMI_TYPE_ARM if _GRAVITON.match(instance_type) else AMI_TYPE_X86


CAPACITY_TYPES: dict[bool, str] = {False: "ON_DEMAND", True: "SPOT"}
"""spot -> managed node group capacity_type."""

TAINT_EFFECTS: dict[str, str] = {
    # EKS API spelling -> the Kubernetes effect the node ends up with.
    "NoSchedule": "NO_SCHEDULE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
}

STATEFUL_TYPES: tuple[str, ...] = (
    "aws:eks/cluster:Cluster",  # the cluster itself, with everything running in it
    "aws:efs/fileSystem:FileSystem",  # the shared store's data
    "aws:kms/key:Key",  # a new key cannot read Secrets, logs, volumes or EFS data encrypted with the old one
)
"""Types whose replacement or deletion loses data or the cluster: `kumo up` refuses a plan that replaces or
deletes one without --allow-replace (cli/gate.py). Node groups are not stateful: they are rebuilt at will."""

RETIRED_RESOURCES: tuple[tuple[str, str], ...] = (
    # The autoscaler's discovery pair on each managed node group's Auto Scaling group (`<pool>-asg-enabled`,
    # `<pool>-asg-owner`): EKS puts and owns these tags (facts.EKS_MANAGED_ASG_TAGS). Deleting kumo's records
    # the ordinary way would call autoscaling:DeleteTags and strip EKS's tags, ending auto-discovery.
    ("aws:autoscaling/tag:Tag", r".+-asg-(enabled|owner)"),
)
"""(type, full-match name pattern) of resources earlier kumo versions declared and the program no longer does,
whose cloud object must stay: an upgrade or a migration forgets them (`pulumi state delete`), never deletes them."""

CONTROL_PLANE_LOG_TYPES: list[str] = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
LOG_RETENTION_DAYS = 365  # CKV_AWS_338 asks for a year of control-plane logs
FLOW_LOG_TRAFFIC = "ALL"  # LOG-03: accepted and rejected traffic (facts.FLOW_LOG_RESOURCE)
FLOW_LOG_AGGREGATION_SECONDS = 60  # the finer of the two intervals the API takes (60, 600)

ROOT_DEVICE_NAME = "/dev/xvda"  # Amazon Linux 2023 EKS AMIs boot from xvda
ROOT_VOLUME_TYPE = "gp3"
ROOT_VOLUME_IOPS = 3000  # gp3 baseline, included in the price
ROOT_VOLUME_THROUGHPUT = 125  # MiB/s, gp3 baseline

# Managed policies (AWS-owned ARNs; the partition is substituted).
CLUSTER_POLICIES = ["AmazonEKSClusterPolicy"]
NODE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    # Pull-only ECR access: the narrowest managed policy that lets the kubelet pull images (IAM-02).
    "AmazonEC2ContainerRegistryPullOnly",
]
CNI_POLICY = "AmazonEKS_CNI_Policy"  # on the aws-node service account through IRSA, never on the node role
EBS_CSI_POLICY = "service-role/AmazonEBSCSIDriverPolicy"
EFS_CSI_POLICY = "service-role/AmazonEFSCSIDriverPolicy"
CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy"

# ---------------------------------------------------------------------------------------------------------
# Storage

EBS_CSI_DRIVER = "ebs.csi.aws.com"
EFS_CSI_DRIVER = "efs.csi.aws.com"

BLOCK_PARAMETERS: dict[str, dict[str, str]] = {
    # spec.storage.block.tier -> EBS CSI StorageClass parameters (the KMS key is added per cluster).
    "ssd": {"type": "gp3", "encrypted": "true", "csi.storage.k8s.io/fstype": "ext4"},
    "performance": {
        "type": "io2",
        "iopsPerGB": "50",
        "allowAutoIOPSPerGBIncrease": "true",
        "encrypted": "true",
        "csi.storage.k8s.io/fstype": "ext4",
    },
}

BUILTIN_DEFAULT_CLASSES: list[str] = []
"""EKS 1.30+ creates gp2 without the default-class annotation and kumo accepts only 1.30+: nothing to un-mark."""

EFS_MOUNT_OPTIONS = ["tls"]  # TLS in transit (stunnel through efs-utils), matching the file-system policy
EFS_SHARED_ROOT = "/kumo-shared"
EFS_SHARED_POSIX_ID = 1000  # every NFS operation through the access point runs as this uid/gid
EFS_DYNAMIC_BASE_PATH = "/dynamic"

# ---------------------------------------------------------------------------------------------------------
# Load balancing (through the AWS Load Balancer Controller: NLB, IP targets)

LB_SCHEMES: dict[str, str] = {"public": "internet-facing", "internal": "internal"}

LB_ANNOTATIONS: dict[str, dict[str, str]] = {
    scheme: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": aws_scheme,
        # Zonal NLB nodes forward to targets in every zone, as Azure's and GCP's regional LBs do.
        "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
    }
    for scheme, aws_scheme in LB_SCHEMES.items()
}
EIP_ALLOCATIONS_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-eip-allocations"
SUBNETS_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-subnets"
SUBNET_ROLE_TAGS: dict[str, dict[str, str]] = {
    "public": {"kubernetes.io/role/elb": "1"},
    "private": {"kubernetes.io/role/internal-elb": "1"},
}

# ---------------------------------------------------------------------------------------------------------
# Helm charts (pinned: a chart upgrade is a reviewed change, never a surprise at `up`)

LB_CONTROLLER_CHART = {
    "chart": "aws-load-balancer-controller",
    "version": "3.5.0",
    "repo": "https://aws.github.io/eks-charts",
}
LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller"

CLUSTER_AUTOSCALER_CHART = {
    "chart": "cluster-autoscaler",
    "version": "9.59.0",
    "repo": "https://kubernetes.github.io/autoscaler",
}
CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler"
CLUSTER_AUTOSCALER_IMAGE_TAGS: dict[str, str] = {
    # The autoscaler's minor must match the cluster's: the newest patch of each release branch, one per minor
    # of facts.KUBERNETES (tags cluster-autoscaler-1.NN.P of github.com/kubernetes/autoscaler, read 2026-12-01
    # in a snapshot of 2026-08-22; chart 9.59.0, the newest, defaults to 1.35.0).
    "1.31": "v1.31.5",
    "1.32": "v1.32.7",
    "1.33": "v1.33.6",
    "1.34": "v1.34.5",
    "1.35": "v1.35.2",
    "1.36": "v1.36.1",
}

# --- The shared store's backups (DATA-03, DATA-07) ----------------------------------------------------------
EFS_BACKUP_SCHEDULE = "cron(0 3 * * ? *)"  # AWS Backup cron (UTC): daily, as EFS's automatic backups were
EFS_BACKUP_RETAIN_DAYS = 35  # what the automatic backups kept (facts.EFS_AUTOMATIC_BACKUPS): no less protection
EFS_BACKUP_START_WINDOW_MINUTES = 60
EFS_BACKUP_COMPLETION_WINDOW_MINUTES = 24 * 60
BACKUP_POLICIES = [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
]
"""AWS's managed policies for the role AWS Backup assumes to back up and restore the file system."""
