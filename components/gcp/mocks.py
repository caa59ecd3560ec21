"""Offline-engine answers for Google Cloud: what the GCP APIs would return for kumo's resources.

Pure functions (no SDK import), looked up in two tables: RESOURCES (resource type token -> its answer) and
INVOKES (invoke token -> its answer). The answers live by concern in mocks_network.py (VPC, NAT, firewall,
peering, Filestore), mocks_project.py (APIs, agents, IAM, KMS, logs, the shared store's backup and owner job)
and mocks_gke.py (cluster, node pools, Backup for GKE, LoadBalancer Services), built from mocks_ids.py: ids in
the provider's formats (projects/P/locations/R/clusters/N, ...), self links, a bare-IP cluster endpoint and a
DNS-based one, a base64 CA certificate, service-account emails, a project number, zones. A type or token not
in the tables gets None, so the generic echo applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.gcp import facts, mocks_gke, mocks_network, mocks_project
from components.gcp.mocks_ids import PROJECT_NUMBER, project_id

Answer = Callable[[str, dict[str, Any], Any], tuple[str, dict[str, Any]] | None]
"""(name, a copy of the inputs, ctx) -> (id, outputs), or None to echo the inputs."""

RESOURCES: dict[str, Answer] = {
    "gcp:compute/network:Network": mocks_network.network,
    "gcp:compute/subnetwork:Subnetwork": mocks_network.regional("subnetworks"),
    "gcp:compute/router:Router": mocks_network.regional("routers"),
    "gcp:compute/address:Address": mocks_network.regional("addresses"),
    "gcp:compute/routerNat:RouterNat": mocks_network.router_nat,
    "gcp:compute/globalAddress:GlobalAddress": mocks_network.global_address,
    "gcp:compute/firewall:Firewall": mocks_network.firewall,
    "gcp:servicenetworking/connection:Connection": mocks_network.psa_connection,
    "gcp:kms/keyRing:KeyRing": mocks_project.key_ring,
    "gcp:kms/cryptoKey:CryptoKey": mocks_project.crypto_key,
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": mocks_project.key_member,
    "gcp:serviceaccount/account:Account": mocks_project.service_account,
    "gcp:projects/iAMMember:IAMMember": mocks_project.project_member,
    "gcp:projects/iAMAuditConfig:IAMAuditConfig": mocks_project.audit_config,
    "gcp:binaryauthorization/policy:Policy": mocks_project.binauthz_policy,
    "gcp:container/cluster:Cluster": mocks_gke.gke_cluster,
    "gcp:container/nodePool:NodePool": mocks_gke.node_pool,
    "gcp:filestore/instance:Instance": mocks_network.filestore_instance,
    "gcp:projects/service:Service": mocks_project.project_service,
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": mocks_project.log_bucket,
    "gcp:logging/projectSink:ProjectSink": mocks_project.log_sink,
    "gcp:gkebackup/backupPlan:BackupPlan": mocks_gke.backup_plan,
    "gcp:projects/iAMCustomRole:IAMCustomRole": mocks_project.custom_role,
    "gcp:workflows/workflow:Workflow": mocks_project.workflow,
    "gcp:cloudscheduler/job:Job": mocks_project.scheduler_job,
    "gcp:projects/serviceIdentity:ServiceIdentity": mocks_project.service_identity,
    "gcp:cloudrunv2/job:Job": mocks_project.run_job,
    "kubernetes:core/v1:Service": mocks_gke.load_balancer_service,
}
"""Resource type token -> its answer."""


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    """(id, outputs) for a GCP resource kumo creates, or None to echo the inputs."""
    answer = RESOURCES.get(type_)
    return answer(name, dict(inputs), ctx) if answer else None


def get_zones(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """The region's zones, as facts.LOCATION lists them (the data layer picks the node zones from them)."""
    region = args.get("region") or ctx.config.get("gcp:region", "us-central1")
    project = args.get("project") or project_id(ctx)
    return {
        "id": f"projects/{project}/regions/{region}",
        "project": project,
        "region": region,
        "status": args.get("status"),
        "names": list(facts.LOCATION.regions.get(region, ())),
    }


def get_project(args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """The project, with the mock project number every service agent's email carries."""
    project = args.get("projectId") or project_id(ctx)
    return {
        "id": f"projects/{project}",
        "projectId": project,
        "name": project,
        "number": PROJECT_NUMBER,
        "orgId": "123456789",
        "folderId": None,
        "billingAccount": "012345-6789AB-CDEF01",
        "labels": {},
        "effectiveLabels": {},
        "autoCreateNetwork": True,
        "deletionPolicy": "PREVENT",
    }


INVOKES: dict[str, Callable[[dict[str, Any], Any], dict[str, Any]]] = {
    "gcp:compute/getZones:getZones": get_zones,
    "gcp:organizations/getProject:getProject": get_project,
}
"""Invoke token -> its answer (the invokes the data layer makes)."""


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    """Answers for the invokes the data layer makes; None for any other token."""
    answer = INVOKES.get(token)
    return answer(args, ctx) if answer else None
