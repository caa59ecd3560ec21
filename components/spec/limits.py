"""Portable limits: the strictest of EKS, AKS and GKE (SECURITY-RULES.md, section 7), and the reusable
field types that enforce them. Each check raises ValueError saying what is allowed; the error formatter
adds the path and the value."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from components.echo import echo

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
RESERVED_LABEL_PREFIXES = ("kubernetes.io", "k8s.io", "eks.amazonaws.com", "kubernetes.azure.com", "cloud.google.com")
MAX_AUTHORIZED_CIDRS = 40  # EKS public_access_cidrs (AKS 200, GKE 50)
MAX_POOL_NODES = 450  # EKS managed node group (AKS 1000, GKE far more)
MAX_POOLS = 30  # EKS managed node groups per cluster
MIN_DISK_GB, MAX_DISK_GB = 30, 2048  # AKS OS disk limits (EKS 1-16384, GKE >= 10)
MIN_SHARED_GB, MAX_SHARED_GB = 1024, 63_900  # Filestore BASIC_HDD (Azure premium share >= 100)
SHARED_STEP_GB = 256  # Filestore basic tiers grow in 0.25 TiB steps
PRIVATE_RANGES = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# Ranges AKS reserves (docs) and GKE rejects for cluster use.
RESERVED_RANGES = tuple(
    ipaddress.ip_network(n) for n in ("169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24")
)


class SpecModel(BaseModel):
    """Shared model settings: immutable, unknown keys rejected, snake_case keys equal to field names."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, use_attribute_docstrings=True)


def cidr(value: str) -> str:
    try:
        net = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"must be an IPv4 CIDR such as 10.0.0.0/16 with no host bits set ({exc})") from None
    if net.version != 4:
        raise ValueError("must be an IPv4 CIDR: IPv6 is not portable across EKS, AKS and GKE clusters")
    return value


Cidr = Annotated[str, AfterValidator(cidr)]


def _check_tag_key(key: str) -> None:
    if not 1 <= len(key) <= 63:
        raise ValueError(f"tag key {echo(key)} must be 1 to 63 characters")
    if not TAG_KEY_RE.match(key):
        raise ValueError(
            f"tag key {echo(key)} must start with a lowercase letter and use only a-z, 0-9, _ and - (GCP label rules)"
        )


def _check_tag_value(key: str, value: str) -> None:
    if len(value) > 63:
        raise ValueError(f"tag {echo(key)} value must be at most 63 characters")
    if not TAG_VALUE_RE.match(value):
        raise ValueError(f"tag {echo(key)} value {echo(value)} may use only a-z, 0-9, _ and - (GCP label rules)")


def _tags(tags: dict[str, str]) -> dict[str, str]:
    if len(tags) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags are portable (AWS and Azure limit); got {len(tags)}")
    for key, value in tags.items():
        _check_tag_key(key)
        _check_tag_value(key, value)
    return tags


def check_label_key(key: str) -> None:
    prefix, _, name = key.rpartition("/")
    if not 1 <= len(name) <= 63 or not LABEL_NAME_RE.match(name):
        raise ValueError(
            f"label key {echo(key)}: the name part must be 1 to 63 characters of A-Z, a-z, 0-9, "
            "'-', '_' or '.', starting and ending with a letter or digit"
        )
    if prefix:
        if len(prefix) > 253 or not LABEL_PREFIX_RE.match(prefix):
            raise ValueError(
                f"label key {echo(key)}: the prefix must be a lowercase DNS subdomain of at most 253 characters"
            )
        if any(prefix == p or prefix.endswith("." + p) for p in RESERVED_LABEL_PREFIXES):
            raise ValueError(
                f"label key {echo(key)}: the prefix {echo(prefix)} is reserved for the cloud or Kubernetes itself"
            )


def _labels(labels: dict[str, str]) -> dict[str, str]:
    for key, value in labels.items():
        check_label_key(key)
        if len(value) > 63 or not LABEL_VALUE_RE.match(value):
            raise ValueError(
                f"label {echo(key)} value {echo(value)} must be at most 63 characters of A-Z, a-z, 0-9, "
                "'-', '_' or '.', starting and ending with a letter or digit"
            )
    return labels


Tags = Annotated[dict[str, str], AfterValidator(_tags)]
Labels = Annotated[dict[str, str], AfterValidator(_labels)]
