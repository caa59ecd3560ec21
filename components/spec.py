"""The cloud-neutral cluster spec.

One `ClusterSpec` describes a cluster that kumo can build, unchanged, on EKS, AKS and GKE. Every limit
here is the intersection of the three clouds' rules (see SECURITY-RULES.md, section 7), so a spec that
validates is valid everywhere. Validation reports every problem at once, each with its path, the value
given and what is allowed; nothing is silently normalised.

This module imports no Pulumi and no cloud SDK: the CLI validates specs without loading them.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from components.policy.catalog import RULE_IDS
from components.sizes import SIZES, SizeName

# ---------------------------------------------------------------------------------------------------------
# Portable limits (the strictest of EKS, AKS and GKE; SECURITY-RULES.md section 7).

CLUSTER_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,38}[a-z0-9]$")  # GKE: 40 chars, lowercase, letter first
POOL_NAME_RE = re.compile(r"^[a-z][a-z0-9]{0,11}$")  # AKS Linux agent pools: 12 chars, no hyphen
VERSION_RE = re.compile(r"^1\.(\d{2})$")
MIN_KUBERNETES_MINOR = 30  # older minors are out of standard support on all three clouds
TAG_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")  # GCP labels are the strictest
TAG_VALUE_RE = re.compile(r"^[a-z0-9_-]{0,63}$")
MAX_TAGS = 50  # AWS and Azure allow 50 tags, GCP 64 labels
# Kubernetes label keys: optional DNS-subdomain prefix (<=253) and a name (<=63).
LABEL_NAME_RE = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_PREFIX_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_VALUE_RE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
RESERVED_LABEL_PREFIXES = ("kubernetes.io", "k8s.io", "eks.amazonaws.com", "kubernetes.azure.com",
                           "cloud.google.com")
MAX_AUTHORIZED_CIDRS = 40  # EKS public_access_cidrs (AKS 200, GKE 50)
MAX_POOL_NODES = 450  # EKS managed node group (AKS 1000, GKE far more)
MAX_POOLS = 30  # EKS managed node groups per cluster
MIN_DISK_GB, MAX_DISK_GB = 30, 2048  # AKS OS disk limits (EKS 1-16384, GKE >= 10)
MIN_SHARED_GB, MAX_SHARED_GB = 1024, 63_900  # Filestore BASIC_HDD (Azure premium share >= 100)
SHARED_STEP_GB = 256  # Filestore basic tiers grow in 0.25 TiB steps
PRIVATE_RANGES = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# Ranges AKS reserves (docs) and GKE rejects for cluster use.
RESERVED_RANGES = tuple(ipaddress.ip_network(n) for n in ("169.254.0.0/16", "172.30.0.0/16",
                                                            "172.31.0.0/16", "192.0.2.0/24"))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec."""

    path: tuple[str | int, ...]
    value: Any
    message: str

    def render(self, root: str = "") -> str:
        """`kumo:cluster.node_pools[0].name = 'System!': must be ...`"""
        text = root
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        shown = "(missing)" if self.value is _MISSING else repr(self.value)
        return f"{text or '(spec)'} = {shown}: {self.message}"


_MISSING = object()


class _Problems(ValueError):
    """Carries several cross-field problems out of a model validator."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise _Problems(problems)



class _Spec(BaseModel):
    """Shared model settings: immutable, unknown keys rejected, snake_case keys equal to field names."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, use_attribute_docstrings=True)


# ---------------------------------------------------------------------------------------------------------
# Reusable field checks. Each raises ValueError with what is allowed; the formatter adds path and value.


def _cidr(value: str) -> str:
    try:
        net = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"must be an IPv4 CIDR such as 10.0.0.0/16 with no host bits set ({exc})") from None
    if net.version != 4:
        raise ValueError("must be an IPv4 CIDR: IPv6 is not portable across EKS, AKS and GKE clusters")
    return value


Cidr = Annotated[str, AfterValidator(_cidr)]


def _check_tag_key(key: str) -> None:
    if not 1 <= len(key) <= 63:
        raise ValueError(f"tag key {key!r} must be 1 to 63 characters")
    if not TAG_KEY_RE.match(key):
        raise ValueError(f"tag key {key!r} must start with a lowercase letter and use only a-z, 0-9, _ and -"
                         " (GCP label rules)")


def _check_tag_value(key: str, value: str) -> None:
    if len(value) > 63:
        raise ValueError(f"tag {key!r} value must be at most 63 characters")
    if not TAG_VALUE_RE.match(value):
        raise ValueError(f"tag {key!r} value {value!r} may use only a-z, 0-9, _ and - (GCP label rules)")


def _tags(tags: dict[str, str]) -> dict[str, str]:
    if len(tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags are portable (AWS and Azure limit); got {len(tags)}")
    for key, value in tags.items():
        _check_tag_key(key)
        _check_tag_value(key, value)
    return tags


def _check_label_key(key: str) -> None:
    prefix, _, name = key.rpartition("/")
    if not 1 <= len(name) <= 63 or not LABEL_NAME_RE.match(name):
        raise ValueError(f"label key {key!r}: the name part must be 1 to 63 characters of A-Z, a-z, 0-9, "
                         "'-', '_' or '.', starting and ending with a letter or digit")
    if prefix:
        if len(prefix) > 253 or not LABEL_PREFIX_RE.match(prefix):
            raise ValueError(f"label key {key!r}: the prefix must be a lowercase DNS subdomain of at most "
                             "253 characters")
        if any(prefix == p or prefix.endswith("." + p) for p in RESERVED_LABEL_PREFIXES):
            raise ValueError(f"label key {key!r}: the prefix {prefix!r} is reserved for the cloud or "
                             "Kubernetes itself")


def _labels(labels: dict[str, str]) -> dict[str, str]:
    for key, value in labels.items():
        _check_label_key(key)
        if len(value) > 63 or not LABEL_VALUE_RE.match(value):
            raise ValueError(f"label {key!r} value {value!r} must be at most 63 characters of A-Z, a-z, 0-9, "
                             "'-', '_' or '.', starting and ending with a letter or digit")
    return labels


Tags = Annotated[dict[str, str], AfterValidator(_tags)]
Labels = Annotated[dict[str, str], AfterValidator(_labels)]


# ---------------------------------------------------------------------------------------------------------
# The model.


class NetworkSpec(_Spec):
    """The cluster's own network: VPC / VNet / VPC network and its subnets."""

    cidr: Cidr = "10.0.0.0/16"
    """Node network range, an RFC 1918 /16 to /20. Left out: 10.0.0.0/16."""
    zones: int = Field(default=3, ge=2, le=3)
    """How many availability zones nodes spread over (2-3; EKS needs two). Left out: 3."""
    nat: Literal["single", "per_zone"] = "per_zone"
    """Egress NAT: one gateway, or one per zone so a zone outage keeps egress. Left out: per_zone."""
    pod_cidr: Cidr = "10.64.0.0/14"
    """Pod range (GKE secondary range, AKS overlay); EKS pods take node-subnet IPs. Left out: 10.64.0.0/14."""
    service_cidr: Cidr = "10.96.0.0/16"
    """ClusterIP service range, RFC 1918 /16 to /24. Left out: 10.96.0.0/16."""

    @field_validator("cidr")
    @classmethod
    def _node_cidr(cls, value: str) -> str:
        net = ipaddress.ip_network(value)
        if not 16 <= net.prefixlen <= 20:
            raise ValueError("must have a prefix between /16 and /20 (room for a public and a private subnet "
                             "per zone)")
        if not any(net.subnet_of(p) for p in PRIVATE_RANGES):  # type: ignore[arg-type]
            raise ValueError("must lie in an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)")
        return value

    @field_validator("pod_cidr")
    @classmethod
    def _pod_cidr(cls, value: str) -> str:
        net = ipaddress.ip_network(value)
        if not 12 <= net.prefixlen <= 16:
            raise ValueError("must have a prefix between /12 and /16 (enough pod addresses for the pools)")
        if not any(net.subnet_of(p) for p in PRIVATE_RANGES):  # type: ignore[arg-type]
            raise ValueError("must lie in an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)")
        return value

    @field_validator("service_cidr")
    @classmethod
    def _service_cidr(cls, value: str) -> str:
        net = ipaddress.ip_network(value)
        if not 16 <= net.prefixlen <= 24:
            raise ValueError("must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)")
        if not any(net.subnet_of(p) for p in PRIVATE_RANGES):  # type: ignore[arg-type]
            raise ValueError("must lie in an RFC 1918 private range (EKS service_ipv4_cidr rule)")
        return value

    @model_validator(mode="after")
    def _no_overlap(self) -> NetworkSpec:
        ranges = {"cidr": self.cidr, "pod_cidr": self.pod_cidr, "service_cidr": self.service_cidr}
        nets = {k: ipaddress.ip_network(v) for k, v in ranges.items()}
        problems: list[Problem] = []
        names = list(nets)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if nets[a].overlaps(nets[b]):
                    problems.append(Problem((b,), ranges[b], f"overlaps {a} {ranges[a]}; the node, pod and "
                                            "service ranges must be disjoint"))
            for reserved in RESERVED_RANGES:
                if nets[a].overlaps(reserved):
                    problems.append(Problem((a,), ranges[a], f"overlaps {reserved}, which AKS and GKE reserve"))
        _raise(problems)
        return self


class ApiSpec(_Spec):
    """Who can reach the Kubernetes API server."""

    public: bool = False
    """Expose the API endpoint on the internet (to `authorized_cidrs` only). Left out: private endpoint."""
    authorized_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """IPv4 ranges allowed to reach a public endpoint (at most 40, EKS's limit). Left out: none."""

    @model_validator(mode="after")
    def _cidrs_need_public(self) -> ApiSpec:
        if self.authorized_cidrs and not self.public:
            _raise([Problem(("authorized_cidrs",), self.authorized_cidrs,
                            "applies only to a public endpoint: set public: true, or remove the list")])
        if self.public and not self.authorized_cidrs:
            _raise([Problem(("authorized_cidrs",), [], "a public endpoint needs at least one authorized CIDR "
                            "(write 0.0.0.0/0 explicitly to open it to everyone)")])
        if len(set(self.authorized_cidrs)) != len(self.authorized_cidrs):
            _raise([Problem(("authorized_cidrs",), self.authorized_cidrs, "lists the same CIDR twice")])
        return self


class Taint(_Spec):
    """A node taint, spelt the Kubernetes way; each cloud's package translates the effect."""

    key: str
    """Taint key, a Kubernetes label key."""
    value: str = ""
    """Taint value. Left out: empty."""
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]
    """What the taint does to pods that do not tolerate it."""

    @field_validator("key")
    @classmethod
    def _key(cls, key: str) -> str:
        _check_label_key(key)
        return key

    @field_validator("value")
    @classmethod
    def _value(cls, value: str) -> str:
        if len(value) > 63 or not LABEL_VALUE_RE.match(value):
            raise ValueError("must be at most 63 characters of A-Z, a-z, 0-9, '-', '_' or '.', starting and "
                             "ending with a letter or digit")
        return value


class MachineTypes(_Spec):
    """Per-cloud machine-type overrides for one pool; each must have the size's vCPU and memory."""

    aws: str | None = None
    """EC2 instance type. Left out: the size's default (sizes.py)."""
    azure: str | None = None
    """Azure VM size. Left out: the size's default."""
    gcp: str | None = None
    """GCE machine type. Left out: the size's default."""


class NodePoolSpec(_Spec):
    """A group of identical worker nodes, autoscaled between `min_nodes` and `max_nodes` (pool-wide)."""

    name: str
    """Pool name: 1-12 lowercase letters and digits, starting with a letter (AKS's limit)."""
    size: SizeName = "medium"
    """Neutral size: small 2 vCPU/8 GiB, medium 4/16, large 8/32, xlarge 16/64. Left out: medium."""
    machine_types: MachineTypes = MachineTypes()
    """Per-cloud machine-type overrides. Left out: the size table's types."""
    min_nodes: int = Field(default=1, ge=0, le=MAX_POOL_NODES)
    """Fewest nodes across all zones. Left out: 1."""
    max_nodes: int = Field(default=3, ge=1, le=MAX_POOL_NODES)
    """Most nodes across all zones (at most 450, EKS's managed node group limit). Left out: 3."""
    disk_size_gb: int = Field(default=100, ge=MIN_DISK_GB, le=MAX_DISK_GB)
    """OS disk size in GiB (30-2048). Left out: 100."""
    spot: bool = False
    """Run on spot / preemptible capacity. Left out: on-demand."""
    labels: Labels = Field(default_factory=dict)
    """Kubernetes labels on every node (besides kumo.io/pool). Left out: none."""
    taints: list[Taint] = Field(default_factory=list, max_length=50)
    """Taints on every node (at most 50). Left out: none."""
    system: bool = False
    """This pool runs the cluster's system add-ons; exactly one pool must say so. Left out: false."""

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not 1 <= len(name) <= 12:
            raise ValueError("must be 1 to 12 characters (AKS agent pool limit)")
        if not POOL_NAME_RE.match(name):
            raise ValueError("must be lowercase letters and digits, starting with a letter (AKS agent pool rule)")
        return name

    @model_validator(mode="after")
    def _counts(self) -> NodePoolSpec:
        problems = []
        if self.min_nodes > self.max_nodes:
            problems.append(Problem(("min_nodes",), self.min_nodes, f"must not exceed max_nodes ({self.max_nodes})"))
        if self.system and self.spot:
            problems.append(Problem(("spot",), True, "the system pool cannot be spot: evictions would take "
                                    "down cluster add-ons"))
        if self.system and self.min_nodes < 1:
            problems.append(Problem(("min_nodes",), self.min_nodes, "the system pool needs at least 1 node"))
        keys = [(t.key, t.effect) for t in self.taints]
        if len(set(keys)) != len(keys):
            problems.append(Problem(("taints",), [t.model_dump() for t in self.taints],
                                    "repeats a key with the same effect"))
        _raise(problems)
        return self

    @property
    def vcpu(self) -> int:
        """vCPUs per node for this pool's size."""
        return SIZES[self.size].vcpu

    @property
    def memory_gib(self) -> int:
        """Memory per node in GiB for this pool's size."""
        return SIZES[self.size].memory_gib


class BlockStorageSpec(_Spec):
    """Dynamically provisioned, encrypted, expandable block volumes (StorageClasses kumo-block*)."""

    tier: Literal["ssd", "performance"] = "ssd"
    """Disk tier: ssd (gp3 / Premium SSD ZRS / pd-balanced) or performance (io2 / Premium SSD v2 / pd-ssd).
    Left out: ssd."""


class SharedStorageSpec(_Spec):
    """Durable ReadWriteMany file storage that outlives the cluster (EFS / Azure Files NFS / Filestore)."""

    size_gb: int = Field(default=MIN_SHARED_GB, ge=MIN_SHARED_GB, le=MAX_SHARED_GB)
    """Capacity in GiB: 1024-63900 in steps of 256 (Filestore basic's limits). Left out: 1024."""
    protect: bool = False
    """Refuse to delete or replace the store (Pulumi protect). Left out: false."""
    retain_on_delete: bool = True
    """Leave the store in the cloud when the stack forgets it. Left out: true (data is kept)."""

    @field_validator("size_gb")
    @classmethod
    def _step(cls, size: int) -> int:
        if size % SHARED_STEP_GB:
            raise ValueError(f"must be a multiple of {SHARED_STEP_GB} GiB (Filestore grows in 0.25 TiB steps); "
                             f"the nearest are {size // SHARED_STEP_GB * SHARED_STEP_GB} and "
                             f"{(size // SHARED_STEP_GB + 1) * SHARED_STEP_GB}")
        return size


class StorageSpec(_Spec):
    """Persistent storage: block classes always, shared file storage when asked."""

    block: BlockStorageSpec = BlockStorageSpec()
    """Block volume classes. Left out: the ssd tier."""
    shared: SharedStorageSpec | None = None
    """Shared RWX storage. Left out: none is created."""


class LoadBalancerSpec(_Spec):
    """How the reference app's Service is exposed: an L4 load balancer."""

    scheme: Literal["public", "internal"] = "internal"
    """public (internet-facing) or internal (reachable from the network only). Left out: internal."""
    source_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """Client ranges allowed through (loadBalancerSourceRanges). Left out: no restriction."""
    static_ip: bool = False
    """Reserve a static public address for a public load balancer. Left out: the cloud assigns one."""
    ports: list[Annotated[int, Field(ge=1, le=65535)]] = Field(default_factory=lambda: [80], min_length=1,
                                                               max_length=5)
    """Service ports, each forwarded to the app's port. Left out: [80]."""

    @model_validator(mode="after")
    def _static_needs_public(self) -> LoadBalancerSpec:
        problems = []
        if self.static_ip and self.scheme == "internal":
            problems.append(Problem(("static_ip",), True, "a static public IP needs scheme: public"))
        if len(set(self.ports)) != len(self.ports):
            problems.append(Problem(("ports",), self.ports, "lists the same port twice"))
        _raise(problems)
        return self


class AppSpec(_Spec):
    """The reference workload: replicated web servers behind the load balancer, sharing one volume."""

    enabled: bool = False
    """Deploy the reference app. Left out: false."""
    image: str = "nginxinc/nginx-unprivileged:1.27-alpine"
    """Container image; it must serve HTTP on `port` as a non-root user. Left out: unprivileged nginx."""
    replicas: int = Field(default=3, ge=1, le=100)
    """Replica count, spread across zones. Left out: 3."""
    port: int = Field(default=8080, ge=1, le=65535)
    """Container port the app listens on. Left out: 8080."""

    @field_validator("image")
    @classmethod
    def _image(cls, image: str) -> str:
        if not image or any(c.isspace() for c in image):
            raise ValueError("must be a container image reference such as nginxinc/nginx-unprivileged:1.27")
        return image


class Waiver(_Spec):
    """Accepts one failed security rule for this stack, with the reason on record."""

    rule: str
    """The rule id, such as NET-01."""
    reason: str = Field(min_length=10)
    """Why the failure is accepted (at least 10 characters)."""

    @field_validator("rule")
    @classmethod
    def _known(cls, rule: str) -> str:
        if rule not in RULE_IDS:
            near = difflib.get_close_matches(rule, RULE_IDS, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise ValueError(f"is not a kumo rule id{hint} (known: {', '.join(RULE_IDS)})")
        return rule


class AwsOptions(_Spec):
    """AWS-only knobs."""

    admin_role_arns: list[str] = Field(default_factory=list)
    """IAM role ARNs given cluster-admin through EKS access entries. Left out: none."""

    @field_validator("admin_role_arns")
    @classmethod
    def _arns(cls, arns: list[str]) -> list[str]:
        for arn in arns:
            if not re.match(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", arn):
                raise ValueError(f"{arn!r} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)")
        return arns


class AzureOptions(_Spec):
    """Azure-only knobs."""

    admin_group_object_ids: list[str] = Field(default_factory=list)
    """Entra ID group object ids given cluster-admin through Azure RBAC. Left out: none."""
    sku_tier: Literal["Free", "Standard", "Premium"] = "Standard"
    """AKS control-plane tier; Standard carries the uptime SLA. Left out: Standard."""

    @field_validator("admin_group_object_ids")
    @classmethod
    def _uuids(cls, ids: list[str]) -> list[str]:
        for gid in ids:
            if not re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", gid):
                raise ValueError(f"{gid!r} is not a lowercase object id (a UUID)")
        return ids


class GcpOptions(_Spec):
    """Google Cloud-only knobs."""

    security_group: str | None = None
    """Google Groups for RBAC group (gke-security-groups@DOMAIN). Left out: off."""
    release_channel: Literal["RAPID", "REGULAR", "STABLE"] = "REGULAR"
    """GKE release channel for automatic upgrades. Left out: REGULAR."""

    @field_validator("security_group")
    @classmethod
    def _group(cls, group: str | None) -> str | None:
        if group is not None and not re.match(r"^gke-security-groups@[a-z0-9.-]+\.[a-z]{2,}$", group):
            raise ValueError("must be gke-security-groups@YOUR-DOMAIN")
        return group


class ClusterSpec(_Spec):
    """One cluster, described once, built the same way on EKS, AKS and GKE."""

    name: str
    """Cluster name: 2-40 lowercase letters, digits and hyphens, letter first (GKE's limit). Left out: the
    stack name."""
    kubernetes_version: str | None = None
    """Kubernetes minor version "1.NN". Left out: the cloud's default at creation."""
    network: NetworkSpec = NetworkSpec()
    """The cluster's network. Left out: 10.0.0.0/16 over 3 zones with a NAT per zone."""
    api: ApiSpec = ApiSpec()
    """API server exposure. Left out: private endpoint only."""
    node_pools: list[NodePoolSpec] = Field(
        default_factory=lambda: [NodePoolSpec(name="system", size="medium", min_nodes=3, max_nodes=6, system=True)],
        min_length=1, max_length=MAX_POOLS)
    """Worker pools (1-30); exactly one is the system pool. Left out: one medium system pool of 3-6 nodes."""
    storage: StorageSpec = StorageSpec()
    """Persistent storage. Left out: block classes only, no shared store."""
    load_balancer: LoadBalancerSpec = LoadBalancerSpec()
    """Load-balancer exposure of the reference app. Left out: internal, port 80."""
    app: AppSpec = AppSpec()
    """The reference workload. Left out: not deployed."""
    deletion_protection: bool = True
    """Refuse to delete the cluster (GKE/EKS deletion protection, an AKS CanNotDelete lock). Left out: on."""
    tags: Tags = Field(default_factory=dict)
    """Tags / labels on every cloud resource (GCP label rules). Left out: only kumo's own."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Accepted security-rule failures, each with a reason. Left out: none."""
    aws: AwsOptions = AwsOptions()
    """AWS-only settings. Left out: defaults."""
    azure: AzureOptions = AzureOptions()
    """Azure-only settings. Left out: defaults."""
    gcp: GcpOptions = GcpOptions()
    """Google Cloud-only settings. Left out: defaults."""

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not 2 <= len(name) <= 40:
            raise ValueError("must be 2 to 40 characters (GKE's limit)")
        if not CLUSTER_NAME_RE.match(name):
            raise ValueError("must be lowercase letters, digits and '-', start with a letter and end with a "
                             "letter or digit (GKE's rule)")
        return name

    @field_validator("kubernetes_version")
    @classmethod
    def _version(cls, version: str | None) -> str | None:
        if version is None:
            return None
        match = VERSION_RE.match(version)
        if not match:
            raise ValueError('must be a minor version "1.NN" such as "1.33" (patch versions are the cloud\'s '
                             "to choose)")
        if int(match.group(1)) < MIN_KUBERNETES_MINOR:
            raise ValueError(f"must be 1.{MIN_KUBERNETES_MINOR} or newer: older versions are out of standard "
                             "support on EKS, AKS and GKE")
        return version

    @model_validator(mode="after")
    def _cross(self) -> ClusterSpec:
        problems = _cluster_problems([(p.name, p.system) for p in self.node_pools], self.app.enabled,
                                     self.storage.shared is not None)
        zones = self.network.zones
        for i, pool in enumerate(self.node_pools):
            # Pools start with the same number of nodes in every zone (GKE's regional pools): some whole
            # number per zone must land between min_nodes and max_nodes.
            if not any(pool.min_nodes <= per_zone * zones <= pool.max_nodes for per_zone in range(pool.max_nodes + 1)):
                problems.append(Problem(("node_pools", i, "max_nodes"), pool.max_nodes,
                                        f"must allow an equal number of nodes in each of the {zones} zones: "
                                        f"raise max_nodes to at least {-(-max(pool.min_nodes, 1) // zones) * zones} "
                                        f"or lower min_nodes"))
        _raise(problems)
        return self

    @property
    def system_pool(self) -> NodePoolSpec:
        """The pool that runs system add-ons."""
        return next(p for p in self.node_pools if p.system)


def _cluster_problems(pools: list[tuple[Any, Any]], app_enabled: bool, has_shared: bool) -> list[Problem]:
    """Rules across sections: unique pool names, exactly one system pool, the app needs shared storage.

    Also run on the raw data when other fields fail, so these problems are reported in the same run."""
    problems: list[Problem] = []
    names = [name for name, _ in pools]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(Problem(("node_pools", i, "name"), name, "is already used by another pool"))
    system = [i for i, (_, is_system) in enumerate(pools) if is_system is True]
    if len(system) != 1:
        problems.append(Problem(("node_pools",), names, f"must have exactly one pool with system: true "
                                f"(found {len(system)})"))
    if app_enabled and not has_shared:
        problems.append(Problem(("app", "enabled"), True, "the reference app serves files from the shared "
                                "volume: set storage.shared (for example {size_gb: 1024})"))
    return problems


def _raw_cluster_problems(data: dict[str, Any]) -> list[Problem]:
    pools = data.get("node_pools")
    if pools is None:
        pools = [{"name": "system", "system": True}]
    pairs = [(p.get("name"), p.get("system")) for p in pools if isinstance(p, dict)] if isinstance(pools, list) else []
    app = data.get("app") if isinstance(data.get("app"), dict) else {}
    storage = data.get("storage") if isinstance(data.get("storage"), dict) else {}
    return _cluster_problems(pairs, (app or {}).get("enabled") is True, (storage or {}).get("shared") is not None)


# ---------------------------------------------------------------------------------------------------------
# Errors: every problem at once, each with its path, the value given and what is allowed.


class SpecError(Exception):
    """A spec that does not validate; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem], root: str = "kumo:cluster"):
        self.problems = problems
        self.root = root
        lines = [p.render(root) for p in problems]
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"invalid cluster spec ({count}):\n  " + "\n  ".join(lines))


def _problems_from(error: ValidationError, data: Any) -> list[Problem]:
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        exc = ctx.get("error")
        if isinstance(exc, _Problems):
            problems.extend(Problem(loc + p.path, p.value, p.message) for p in exc.problems)
            continue
        # Pydantic puts Annotated-validator locations inside containers; keep only real keys.
        kind = err["type"]
        value = err.get("input", _MISSING)
        if kind == "extra_forbidden":
            parent = _model_at(loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            near = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            message = f"unknown key; {hint}allowed: {', '.join(allowed)}"
        elif kind == "missing":
            value = _MISSING
            message = "is required"
        elif kind == "literal_error":
            message = f"must be one of {ctx.get('expected')}"
        elif kind in _MESSAGES:
            message = _MESSAGES[kind].format(**ctx)
        elif kind == "value_error" and exc is not None:
            message = str(exc)
        else:
            message = err["msg"][0].lower() + err["msg"][1:]
        problems.append(Problem(loc, value, message))
    return problems


_CROSS_MESSAGES = {p.message for p in _cluster_problems([("a", False), ("a", False)], True, False)}
_MESSAGES = {
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "greater_than": "must be greater than {gt}",
    "less_than": "must be less than {lt}",
    "too_long": "must have at most {max_length} entries",
    "too_short": "must have at least {min_length} entries",
    "string_too_short": "must be at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be a string (quote numbers such as \"1.33\")",
    "dict_type": "must be a mapping",
    "list_type": "must be a list",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a location points into, for suggesting a misspelt key's right name."""
    model: Any = ClusterSpec
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not nested:
            for c in candidates:
                nested += [a for a in getattr(c, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return None
        model = nested[0]
    return model


def parse_spec(data: Any, *, default_name: str, root: str = "kumo:cluster") -> ClusterSpec:
    """Validate raw stack config into a `ClusterSpec`, or raise `SpecError` listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecError([Problem((), data, "must be a mapping of spec keys")], root)
    if "name" not in data:
        data = {**data, "name": default_name}
    try:
        return ClusterSpec.model_validate(data)
    except ValidationError as error:
        problems = _problems_from(error, data)
        if not any(p.path[:1] in (("node_pools",), ("app",)) and p.message in _CROSS_MESSAGES for p in problems):
            # The cross-section checks did not run (a field failed): run them on the raw data.
            problems += [p for p in _raw_cluster_problems(data) if p not in problems]
        raise SpecError(problems, root) from None
