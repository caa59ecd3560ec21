"""Cloud KMS keys kumo creates, and the service agents allowed to use them (service_facts.KEY_USERS).

Every grant names an agent that agents.py made sure exists (the scope's `agents`), and waits for it: on a fresh
project a grant to an agent the API has not created yet fails.

Keys are never deleted by kumo: destroying a CryptoKey destroys all its versions, and anything they
encrypted (a retained disk, a cluster's Secrets) becomes unreadable; GCP cannot delete key rings at all.
So every key carries `retain_on_delete`, and `protect` where the spec asks for protection.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.gcp import service_facts, traits
from components.gcp.scope import GcpScope


@dataclass(frozen=True)
class ClusterKeys:
    """The cluster's key ring, its keys and the grants that let Google's agents use them."""

    ring: gcp.kms.KeyRing
    secrets: gcp.kms.CryptoKey
    """Envelope encryption of Kubernetes Secrets in etcd (ENC-01)."""
    disks: gcp.kms.CryptoKey
    """Node boot disks and CSI-provisioned Persistent Disks (ENC-03, ENC-04)."""
    grants: list[gcp.kms.CryptoKeyIAMMember]


def crypto_key(
    resource_name: str,
    key_name: str,
    ring: gcp.kms.KeyRing,
    scope: GcpScope,
    opts: pulumi.ResourceOptions,
    labels: dict[str, str] | None = None,
) -> gcp.kms.CryptoKey:
    """A software symmetric key rotated every 90 days (ENC-02); `labels` add to the provider's defaults."""
    return gcp.kms.CryptoKey(
        resource_name,
        name=key_name,
        key_ring=ring.id,
        purpose="ENCRYPT_DECRYPT",
        rotation_period=traits.KEY_ROTATION_PERIOD,
        destroy_scheduled_duration=traits.KEY_DESTROY_DELAY,
        version_template={"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protection_level": "SOFTWARE"},
        labels=labels,
        opts=opts,
    )


GRANT_SUFFIX: dict[str, str] = {
    "container": "gke",
    "compute": "compute",
    "filestore": "filestore",
    "gkebackup": "gkebackup",
}
"""Agent -> the suffix of its grants' resource names (`{key resource}-{suffix}`; "gke" predates the table)."""


def grant(resource_name: str, key: gcp.kms.CryptoKey, agent: str, scope: GcpScope) -> gcp.kms.CryptoKeyIAMMember:
    """Let the service agent `agent` (a key of `scope.agents`) encrypt and decrypt with `key` (and nothing else),
    once the agent exists."""
    made = scope.agents[agent]
    return gcp.kms.CryptoKeyIAMMember(
        resource_name,
        crypto_key_id=key.id,
        role=traits.KMS_ROLE,
        member=made.member,
        opts=scope.opts("cloudkms", depends_on=made.ready),
    )


def key_users(key: str) -> list[str]:
    """The agents (service_facts.SERVICE_AGENTS keys) that must use kumo's `key` ("secrets", "disks" or
    "shared")."""
    return [use.agent for use in service_facts.KEY_USERS if use.key == key]


def build_cluster_keys(name: str, scope: GcpScope, *, protect: bool) -> ClusterKeys:
    """Key ring + Secrets key + disk key in the cluster's region, with their service-agent grants (every agent
    service_facts.KEY_USERS names for them: GKE on the Secrets key; Compute Engine and Backup for GKE on the disk
    key), each to the agent in `scope.agents`."""
    keep = scope.opts("cloudkms", retain_on_delete=True, protect=protect)
    # No fixed ring name: a key ring can never be deleted, so a fixed name would make a destroyed stack
    # impossible to create again; Pulumi's auto-name adds a random suffix.
    ring = gcp.kms.KeyRing(f"{name}-keys", location=scope.region, opts=keep)
    secrets = crypto_key(f"{name}-secrets", "secrets", ring, scope, keep)
    disks = crypto_key(f"{name}-disks", "disks", ring, scope, keep)
    grants = [
        grant(f"{name}-{label}-{GRANT_SUFFIX[agent]}", key, agent, scope)
        for label, key in (("secrets", secrets), ("disks", disks))
        for agent in key_users(label)
    ]
    return ClusterKeys(ring=ring, secrets=secrets, disks=disks, grants=grants)
