"""What every AWS mock answer is built from: the one account the offline engine answers as, and ids and ARNs
derived from resource names and the stack's region, so a plan's ids are stable from run to run. Pure: no SDK.
"""

from __future__ import annotations

import hashlib
from typing import Any

from components.aws import facts

ACCOUNT_ID = "123456789012"
DEPLOYER_ROLE = "kumo-deployer"
ZONE_SUFFIXES = ("a", "b", "c", "d")
ACCOUNT_ZONE_IDS: dict[str, tuple[str, ...]] = {
    # Zone names are an account's aliases for zone IDs. In us-east-1 the mocks answer as one real account does
    # (moto's recorded DescribeAvailabilityZones): us-east-1e, not 1c, is use1-az3 (where EKS refuses
    # control-plane subnets). Elsewhere the n-th name is az<n>.
    "us-east-1": ("use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az3", "use1-az5"),
}
CA_PEM = (
    "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkumoOfflineMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNVBAMT\n"
    "Cmt1YmVybmV0ZXMwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAVMRMw\n-----END CERTIFICATE-----\n"
)

Outputs = tuple[str, dict[str, Any]]
"""(id, outputs) of one resource."""


def hex_id(name: str, length: int) -> str:
    """`length` hex digits derived from `name`."""
    return hashlib.sha256(name.encode()).hexdigest()[:length]


def uuid_id(name: str) -> str:
    """A UUID-shaped id derived from `name`."""
    h = hex_id(name, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def region(ctx: Any) -> str:
    """The stack's region (`aws:region`; us-east-1 when unset)."""
    return str(ctx.config.get(facts.LOCATION.region_key, "us-east-1"))


def arn(ctx: Any, service: str, resource: str, *, regional: bool = True) -> str:
    """An ARN of the mock account, in the stack's region unless `regional` is false."""
    return f"arn:aws:{service}:{region(ctx) if regional else ''}:{ACCOUNT_ID}:{resource}"


def zone_prefix(region_name: str) -> str:
    """us-east-1 -> use1, ap-southeast-2 -> apse2 (how AWS spells zone ids)."""
    parts = region_name.split("-")
    return parts[0] + "".join(p[0] for p in parts[1:-1]) + parts[-1]
