"""What AWS accepts today, as data with its sources (components/facts.py has the record types).

Pure data: no Pulumi, no AWS SDK. The layers, preflight and tests read these tables; nothing repeats them.
Keeping them current: re-read each `Source.url`, change the entries and their `checked` date together;
`kumo preflight` compares the Kubernetes dates with EKS's live `DescribeClusterVersions` and says when they
differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.fact_types import FactProblem, KubernetesMinor, LocationFacts, LocationKey, Source

CHECKED = date(2026, 12, 1)

# ---------------------------------------------------------------------------------------------------------
# Kubernetes minors on EKS

EKS_CALENDAR = Source("https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html", CHECKED)
"""The EKS release calendar: Amazon EKS release, end of standard support, end of extended support (UTC).
The stored copy read on CHECKED lists 1.29 to 1.34; it also states the rule used below where a date is
derived: standard support lasts 14 months from the EKS release, extended support the 12 months after it."""

KUBERNETES: tuple[KubernetesMinor, ...] = (
    KubernetesMinor("1.31", date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26), EKS_CALENDAR),
    KubernetesMinor("1.32", date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23), EKS_CALENDAR),
    # The issue's own finding: standard support ended 2026-07-29; a 1.33 cluster is in extended support.
    KubernetesMinor("1.33", date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29), EKS_CALENDAR),
    KubernetesMinor("1.34", date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2), EKS_CALENDAR),
    # End of standard and extended support as the EKS calendar gives them, copied by endoflife.date (its
    # release_table of the calendar page). The EKS release day is derived from the 14-month rule
    # (2027-03-27 less 14 months); endoflife.date lists the first platform version on 2026-01-28.
    KubernetesMinor(
        "1.35",
        date(2026, 1, 27),
        date(2027, 3, 27),
        date(2028, 3, 27),
        Source("https://endoflife.date/amazon-eks", CHECKED),
    ),
    # Available on EKS (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html
    # has its release notes); the EKS release (2026-06-02) and end of standard support (2027-08-02) come from
    # the page below, consistent with the 14-month rule. End of extended support is derived from the
    # 12-month rule (2027-08-02 plus 12 months): no stored copy of the calendar lists 1.36 yet.
    KubernetesMinor(
        "1.36",
        date(2026, 6, 2),
        date(2027, 8, 2),
        date(2028, 8, 2),
        Source("https://devopsdreams.blogspot.com/2026/08/kubernetes-136-on-amazon-eks-upgrade.html", CHECKED),
    ),
)
"""Every minor from 1.31 to the newest EKS offers on CHECKED as far as a stored source shows. Upstream 1.37 was
released on 2026-08-26; its EKS tracking issue (https://github.com/aws/containers-roadmap/issues/2864) is open
in the stored copy and no stored page shows it on EKS. Preflight's live check names any newer minor EKS offers."""

# ---------------------------------------------------------------------------------------------------------
# Where a stack goes

REGIONS_SOURCE = Source("https://github.com/boto/botocore/blob/1.44.8/botocore/data/endpoints.json", CHECKED)
"""The `aws` (commercial) partition's regions, as botocore 1.44.8 (November 2026) lists them for EC2 and EKS
(the same 34). Not GovCloud (aws-us-gov), China (aws-cn) or the European Sovereign Cloud partitions."""

ZONES_SOURCE = Source(
    "https://github.com/getmoto/moto/blob/5.2.5/moto/ec2/models/availability_zones_and_regions.py", CHECKED
)
"""The regular zones (no Local or Wavelength Zones) of each region, as EC2 DescribeAvailabilityZones answers
one account (moto 5.2.5's recorded answers). In the oldest regions zone names are mapped to physical zones per
account, and older accounts may see other letters (https://docs.aws.amazon.com/global-infrastructure/latest/
regions/aws-availability-zones.html): kumo chooses zones live, by zone ID, and never from this table."""

LOCATION = LocationFacts(
    required=(LocationKey("aws:region", "AWS region"),),
    region_key="aws:region",
    regions={
        "af-south-1": ("af-south-1a", "af-south-1b", "af-south-1c"),
        "ap-east-1": ("ap-east-1a", "ap-east-1b", "ap-east-1c"),
        "ap-east-2": ("ap-east-2a", "ap-east-2b", "ap-east-2c"),
        "ap-northeast-1": ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"),
        "ap-northeast-2": ("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"),
        "ap-northeast-3": ("ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3c"),
        "ap-south-1": ("ap-south-1a", "ap-south-1b", "ap-south-1c"),
        "ap-south-2": ("ap-south-2a", "ap-south-2b", "ap-south-2c"),
        "ap-southeast-1": ("ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"),
        "ap-southeast-2": ("ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"),
        "ap-southeast-3": ("ap-southeast-3a", "ap-southeast-3b", "ap-southeast-3c"),
        "ap-southeast-4": ("ap-southeast-4a", "ap-southeast-4b", "ap-southeast-4c"),
        "ap-southeast-5": ("ap-southeast-5a", "ap-southeast-5b", "ap-southeast-5c"),
        "ap-southeast-6": ("ap-southeast-6a", "ap-southeast-6b", "ap-southeast-6c"),
        "ap-southeast-7": ("ap-southeast-7a", "ap-southeast-7b", "ap-southeast-7c"),
        "ca-central-1": ("ca-central-1a", "ca-central-1b", "ca-central-1d"),
        "ca-west-1": ("ca-west-1a", "ca-west-1b", "ca-west-1c"),
        "eu-central-1": ("eu-central-1a", "eu-central-1b", "eu-central-1c"),
        "eu-central-2": ("eu-central-2a", "eu-central-2b", "eu-central-2c"),
        "eu-north-1": ("eu-north-1a", "eu-north-1b", "eu-north-1c"),
        "eu-south-1": ("eu-south-1a", "eu-south-1b", "eu-south-1c"),
        "eu-south-2": ("eu-south-2a", "eu-south-2b", "eu-south-2c"),
        "eu-west-1": ("eu-west-1a", "eu-west-1b", "eu-west-1c"),
        "eu-west-2": ("eu-west-2a", "eu-west-2b", "eu-west-2c"),
        "eu-west-3": ("eu-west-3a", "eu-west-3b", "eu-west-3c"),
        "il-central-1": ("il-central-1a", "il-central-1b", "il-central-1c"),
        "me-central-1": ("me-central-1a", "me-central-1b", "me-central-1c"),
        "me-south-1": ("me-south-1a", "me-south-1b", "me-south-1c"),
        "mx-central-1": ("mx-central-1a", "mx-central-1b", "mx-central-1c"),
        "sa-east-1": ("sa-east-1a", "sa-east-1b", "sa-east-1c"),
        "us-east-1": ("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"),
        "us-east-2": ("us-east-2a", "us-east-2b", "us-east-2c"),
        "us-west-1": ("us-west-1a", "us-west-1b"),  # two zones per account (three physical ones)
        "us-west-2": ("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"),
    },
    source=REGIONS_SOURCE,
)

# ---------------------------------------------------------------------------------------------------------
# EKS-specific tables

EKS_SUBNET_REQUIREMENTS = Source(
    "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets", CHECKED
)

EKS_UNSUPPORTED_ZONE_IDS: dict[str, tuple[str, ...]] = {
    # "Subnet requirements for clusters": the subnets can't reside in these zones. They are zone IDs, the same
    # physical zone in every account; which zone NAME is that ID differs per account (us-east-1c in one,
    # us-east-1e in another), so kumo maps names to IDs live (ec2:DescribeAvailabilityZones) before choosing.
    "us-east-1": ("use1-az3",),
    "us-west-1": ("usw1-az2",),
    "ca-central-1": ("cac1-az3",),
}
"""Region -> availability-zone IDs where EKS refuses control-plane (cluster) subnets (EKS_SUBNET_REQUIREMENTS).
eksctl (pkg/az) also avoids cnn1-az4 in cn-north-1, outside the commercial partition kumo's regions cover."""

EKS_MANAGED_NODE_GROUPS = Source("https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html", CHECKED)

EKS_MANAGED_ASG_TAGS: tuple[str, ...] = (
    "k8s.io/cluster-autoscaler/enabled",
    "k8s.io/cluster-autoscaler/{cluster_name}",
)
"""Tag keys EKS itself puts on a managed node group's Auto Scaling group ("Amazon EKS tags managed node group
resources so that they are configured to use the Kubernetes Cluster Autoscaler", EKS_MANAGED_NODE_GROUPS): the
autoscaler's auto-discovery pair (`true` and `owned`). A stack must not declare them again: two owners of one
tag, and deleting kumo's copy would delete EKS's. Labels and taints for scale-from-zero
(`k8s.io/cluster-autoscaler/node-template/...`) are not among them: kumo adds those."""


# ---------------------------------------------------------------------------------------------------------
# VPC flow logs (LOG-03)

FLOW_LOGS_READ = date(2026, 12, 2)


@dataclass(frozen=True)
class FlowLogRole:
    """What the VPC guide asks of the role a flow log assumes to publish to CloudWatch Logs."""

    service: str
    """The service principal that assumes it (its trust names this, scoped by aws:SourceAccount/SourceArn)."""
    actions: tuple[str, ...]
    """What it must be allowed on the log group and its streams."""
    source: Source


FLOW_LOG_ROLE = FlowLogRole(
    service="vpc-flow-logs.amazonaws.com",
    # The guide lists logs:CreateLogGroup too: kumo creates the group itself, so the role does without it.
    actions=("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"),
    source=Source("https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html", FLOW_LOGS_READ),
)
FLOW_LOG_RESOURCE = Source("https://www.pulumi.com/registry/packages/aws/api-docs/ec2/flowlog/", FLOW_LOGS_READ)
"""aws.ec2.FlowLog: traffic_type ACCEPT | REJECT | ALL; log_destination_type cloud-watch-logs | s3 |
kinesis-data-firehose; max_aggregation_interval 60 or 600 seconds; iam_role_arn for CloudWatch Logs."""


def spec_problems(spec: object) -> list[FactProblem]:
    """What EKS would refuse in a spec that is valid on every cloud: nothing known. Its limits are among those
    the neutral spec already enforces (SECURITY-RULES.md, input limits), and the version and location checks
    every cloud shares are in components/facts.py."""
    del spec
    return []


# ---------------------------------------------------------------------------------------------------------
# IAM conditions of the controllers' roles (IAM-06) and the shared store's backups (DATA-07)

IAM_READ = date(2026, 12, 2)

EC2_AUTHORIZATION = Source(
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html", IAM_READ
)
"""The EC2 security-group resource takes the condition key ec2:Vpc (the ARN of its VPC); CreateSecurityGroup
authorizes against the vpc and the new security-group ARNs (resource-level); AuthorizeSecurityGroupIngress also
against the security-group-rule it creates, which has no ec2:Vpc key (hence ...IfExists)."""
LB_CONTROLLER_TRACKING = Source(
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/pkg/deploy/tracking/provider_test.go",
    IAM_READ,
)
"""The controller's stack tags: `elbv2.k8s.aws/cluster: <clusterName>` on everything it creates."""
AUTOSCALING_AUTHORIZATION = Source(
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html", IAM_READ
)
"""autoscaling:Describe* list no resource type: they take Resource "*" only (so do ec2:DescribeImages,
DescribeInstanceTypes, DescribeLaunchTemplateVersions and GetInstanceTypesFromInstanceRequirements)."""
EKS_AUTHORIZATION = Source(
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html",
    IAM_READ,
)
"""eks:DescribeNodegroup authorizes against nodegroup/<cluster>/<nodegroup>/<uuid>: it can name one cluster."""
UNSCOPABLE_ACTIONS: frozenset[str] = frozenset(
    {
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
    }
)
"""The cluster autoscaler's read actions that support no resource-level permission (the sources above)."""

EFS_AUTOMATIC_BACKUPS = Source("https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html", IAM_READ)
"""EFS automatic backups: a default plan (daily, 35 days) into a default vault EFS creates, neither of which can be
deleted or given a key. kumo's own plan backs the file system up daily into a vault under kumo's key, so the
automatic backups would be a second, AWS-keyed copy of every day: kumo turns them off (BackupPolicy DISABLED)."""
BACKUP_VAULT = Source("https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html", IAM_READ)
"""A vault's KMS key encrypts the backups of fully managed resources (EFS is); whoever creates the vault needs
kms:CreateGrant/DescribeKey on the key (kumo's key policies delegate to the account's IAM)."""
