"""Offline-engine answers for Google Cloud: what the GCP APIs would return for kumo's resources.

Pure functions (no SDK import): ids in the provider's formats (projects/P/locations/R/clusters/N, ...),
self links, a bare-IP cluster endpoint and a DNS-based one, a base64 CA certificate, service-account emails,
a project number, zones. Returns None for anything else, so the generic echo applies.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from typing import Any

from components.gcp import facts
from components.kubernetes import mocks as k8s_mocks

PROJECT_NUMBER = "123456789012"
COMPUTE = "https://www.googleapis.com/compute/v1"
MASTER_VERSION = "1.35.8-gke.1225000"
"""What a cluster that pins no minor runs (the Regular channel's default in autumn 2026); a pinned minor runs
`<minor>.0-gke.1000`."""
CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIELDCCApSgAwIBAgIQKumoOfflineMockCertificateAuthority0DQYJKoZIhvcNAQELBQAw\n"
    "LzEtMCsGA1UEAxMkMmYzZjE2ZDEtMmI0Ny00YjE3LWE2ZTEtYjE0YjdjZjM1YzE3\n"
    "-----END CERTIFICATE-----\n"
)


def _project(ctx: Any, inputs: dict[str, Any] | None = None) -> str:
    return str((inputs or {}).get("project") or ctx.config.get("gcp:project", "mock-project"))


def _region(ctx: Any, inputs: dict[str, Any]) -> str:
    return str(inputs.get("region") or inputs.get("location") or ctx.config.get("gcp:region", "us-central1"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _public_ip(seed: str) -> str:
    d = bytes.fromhex(_digest(seed)[:6])
    return f"34.{d[0] % 200 + 20}.{d[1]}.{d[2] % 250 + 2}"


def _host(cidr: str, index: int) -> str:
    return str(ipaddress.ip_network(cidr)[index])


def _last(path: Any) -> str:
    return str(path).rstrip("/").rsplit("/", 1)[-1]


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    """(id, outputs) for a GCP resource kumo creates, or None to echo the inputs."""
    handler = _HANDLERS.get(type_)
    return handler(name, dict(inputs), ctx) if handler else None


def _network(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{_project(ctx, out)}/global/networks/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "selfLink": f"{COMPUTE}/{rid}",
        "numericId": str(int(_digest(rid)[:15], 16)),
        "project": _project(ctx, out),
    }


def _regional(kind: str) -> Any:
    def handler(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
        rid = f"projects/{_project(ctx, out)}/regions/{_region(ctx, out)}/{kind}/{out.get('name', name)}"
        out.update(
            name=out.get("name", name),
            selfLink=f"{COMPUTE}/{rid}",
            project=_project(ctx, out),
            region=_region(ctx, out),
            creationTimestamp="2026-01-01T00:00:00.000-08:00",
        )
        if kind == "subnetworks" and out.get("ipCidrRange"):
            out["gatewayAddress"] = _host(out["ipCidrRange"], 1)
            out["fingerprint"] = _digest(rid)[:12]
        if kind == "addresses":
            out.setdefault("address", _public_ip(rid))
            out.setdefault("addressType", "EXTERNAL")
            out["users"] = []
        return rid, out

    return handler


def _router_nat(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{_project(ctx, out)}/{_region(ctx, out)}/{out.get('router')}/{out.get('name', name)}"
    return rid, {**out, "project": _project(ctx, out), "region": _region(ctx, out)}


def _global_address(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{_project(ctx, out)}/global/addresses/{out.get('name', name)}"
    return rid, {**out, "name": out.get("name", name), "selfLink": f"{COMPUTE}/{rid}", "project": _project(ctx, out)}


def _firewall(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{_project(ctx, out)}/global/firewalls/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "selfLink": f"{COMPUTE}/{rid}",
        "project": _project(ctx, out),
        "creationTimestamp": "2026-01-01T00:00:00.000-08:00",
    }


def _psa_connection(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('network')}:{out.get('service')}"
    return rid, {**out, "peering": "servicenetworking-googleapis-com"}


def _key_ring(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    ring = out.get("name") or f"{name}-{_digest(ctx.stack + name)[:7]}"  # Pulumi's auto-name suffix
    rid = f"projects/{_project(ctx, out)}/locations/{out.get('location')}/keyRings/{ring}"
    return rid, {**out, "name": ring, "project": _project(ctx, out)}


def _crypto_key(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('keyRing')}/cryptoKeys/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "primaries": [{"name": f"{rid}/cryptoKeyVersions/1", "state": "ENABLED"}],
    }


def _key_member(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('cryptoKeyId')}/{out.get('role')}/{out.get('member')}"
    return rid, {**out, "etag": "BwY" + _digest(rid)[:9]}


def _account(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    email = f"{out.get('accountId')}@{project}.iam.gserviceaccount.com"
    rid = f"projects/{project}/serviceAccounts/{email}"
    return rid, {
        **out,
        "email": email,
        "name": rid,
        "member": f"serviceAccount:{email}",
        "project": project,
        "uniqueId": str(int(_digest(email)[:20], 16))[:21],
    }


def _project_member(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('project')}/{out.get('role')}/{out.get('member')}"
    return rid, {**out, "etag": "BwY" + _digest(rid)[:9]}


def _cluster(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, location, cluster = _project(ctx, out), _region(ctx, out), out.get("name", name)
    rid = f"projects/{project}/locations/{location}/clusters/{cluster}"
    private = dict(out.get("privateClusterConfig") or {})
    master = private.get("masterIpv4CidrBlock") or "172.16.0.0/28"
    private.update(
        privateEndpoint=_host(master, 2),
        publicEndpoint=_public_ip(rid),
        peeringName=f"gke-n{_digest(rid)[:16]}-{_digest(rid)[16:20]}-peer",
    )
    endpoint = private["privateEndpoint"] if private.get("enablePrivateEndpoint") else private["publicEndpoint"]
    master_auth = {**(out.get("masterAuth") or {}), "clusterCaCertificate": base64.b64encode(CA_PEM.encode()).decode()}
    # Every cluster has a DNS-based endpoint, whether it takes user traffic or not: gke-<id>-<number>.<loc>.gke.goog
    endpoints = dict(out.get("controlPlaneEndpointsConfig") or {})
    endpoints["dnsEndpointConfig"] = {
        "allowExternalTraffic": False,
        **(endpoints.get("dnsEndpointConfig") or {}),
        "endpoint": f"gke-{_digest(rid)[:32]}-{PROJECT_NUMBER}.{location}.gke.goog",
    }
    endpoints["ipEndpointsConfig"] = {"enabled": True, **(endpoints.get("ipEndpointsConfig") or {})}
    return rid, {
        **out,
        "name": cluster,
        "project": project,
        "location": location,
        "endpoint": endpoint,
        "controlPlaneEndpointsConfig": endpoints,
        "privateClusterConfig": private,
        "masterAuth": master_auth,
        "masterVersion": _version(out),
        "selfLink": f"https://container.googleapis.com/v1/{rid}",
        "labelFingerprint": _digest(rid)[:8],
        "operation": None,
        "servicesIpv4Cidr": None,
    }


def _version(out: dict[str, Any]) -> str:
    minor = out.get("minMasterVersion")
    return f"{minor}.0-gke.1000" if minor else MASTER_VERSION


def _node_pool(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    pool = out.get("name", name)
    rid = f"{out.get('cluster')}/nodePools/{pool}"
    cluster = _last(out.get("cluster"))
    groups = [
        f"{COMPUTE}/projects/{project}/zones/{z}/instanceGroupManagers/gke-{cluster}-{pool}-{_digest(rid + z)[:8]}-grp"
        for z in out.get("nodeLocations") or []
    ]
    return rid, {
        **out,
        "name": pool,
        "project": project,
        "version": out.get("version") or MASTER_VERSION,
        "instanceGroupUrls": groups,
        "managedInstanceGroupUrls": [g.replace("Managers", "s") for g in groups],
    }


def _filestore(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    rid = f"projects/{project}/locations/{out.get('location')}/instances/{out.get('name', name)}"
    networks = [{**n, "ipAddresses": ["172.17.0.2"]} for n in out.get("networks") or []]
    return rid, {
        **out,
        "name": out.get("name", name),
        "project": project,
        "networks": networks,
        "createTime": "2026-01-01T00:00:00Z",
        "etag": _digest(rid)[:16],
    }


def _project_service(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    return f"{project}/{out.get('service')}", {**out, "project": project}


def _log_bucket(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{_project(ctx, out)}/locations/{out.get('location')}/buckets/{out.get('bucketId')}"
    return rid, {**out, "name": rid, "lifecycleState": "ACTIVE", "locked": out.get("locked", False)}


def _log_sink(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    sink = out.get("name", name)
    # unique_writer_identity: the project's Logging service agent, shared by its sinks.
    writer = f"serviceAccount:service-{PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com"
    return f"projects/{project}/sinks/{sink}", {
        **out,
        "name": sink,
        "project": project,
        "writerIdentity": writer,
        "exclusions": out.get("exclusions") or [],
    }


def _backup_plan(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    plan = out.get("name") or f"{name}-{_digest(ctx.stack + name)[:7]}"  # Pulumi's auto-name suffix
    rid = f"projects/{project}/locations/{out.get('location')}/backupPlans/{plan}"
    d = _digest(rid)
    return rid, {
        **out,
        "name": plan,
        "project": project,
        "uid": f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}",
        "etag": d[:12],
        "state": "READY",
        "stateReason": "",
        "protectedPodCount": 0,
        "effectiveLabels": dict(out.get("labels") or {}),
    }


def _custom_role(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = _project(ctx, out)
    rid = f"projects/{project}/roles/{out.get('roleId')}"
    return rid, {**out, "project": project, "name": rid, "deleted": False, "stage": out.get("stage", "GA")}


def _workflow(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, region = _project(ctx, out), _region(ctx, out)
    workflow = out.get("name") or f"{name}-{_digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{region}/workflows/{workflow}"
    labels = dict(out.get("labels") or {})
    return rid, {
        **out,
        "name": workflow,
        "project": project,
        "region": region,
        "state": "ACTIVE",
        "revisionId": f"000001-{_digest(rid + str(out.get('sourceContents')))[:3]}",
        "createTime": "2026-01-01T00:00:00.000000Z",
        "updateTime": "2026-01-01T00:00:00.000000Z",
        "effectiveLabels": labels,
        "pulumiLabels": labels,
    }


def _scheduler_job(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, region = _project(ctx, out), _region(ctx, out)
    job = out.get("name") or f"{name}-{_digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{region}/jobs/{job}"
    return rid, {
        **out,
        "name": job,
        "project": project,
        "region": region,
        "state": "PAUSED" if out.get("paused") else "ENABLED",
    }


def _service_identity(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    """generateServiceIdentity answers the API's primary agent (facts.SERVICE_AGENTS)."""
    project = _project(ctx, out)
    agent = next(a for a in facts.SERVICE_AGENTS.values() if a.api == out.get("service"))
    email = agent.email.format(number=PROJECT_NUMBER)
    return f"projects/{project}/services/{out.get('service')}", {
        **out,
        "project": project,
        "email": email,
        "member": f"serviceAccount:{email}",
    }


def _run_job(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, location = _project(ctx, out), out.get("location") or _region(ctx, out)
    job = out.get("name") or f"{name}-{_digest(ctx.stack + name)[:7]}"
    rid = f"projects/{project}/locations/{location}/jobs/{job}"
    d = _digest(rid)
    execution = f"{job}-{out['runExecutionToken']}" if out.get("runExecutionToken") else None
    return rid, {
        **out,
        "name": job,
        "project": project,
        "location": location,
        "etag": d[:16],
        "uid": f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}",
        "generation": "1",
        "executionCount": 1 if execution else 0,
        "reconciling": False,
        "latestCreatedExecution": (
            {"name": f"{rid}/executions/{execution}", "completionTime": "2026-01-01T00:01:00Z"} if execution else None
        ),
        "terminalCondition": {"type": "Ready", "state": "CONDITION_SUCCEEDED"},
    }


def _service(name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    """A LoadBalancer Service gets an IP on GKE: the reserved one, an internal or an external address."""
    answer = k8s_mocks.new_resource("kubernetes:core/v1:Service", name, inputs, ctx)
    if answer is None:
        return None
    rid, out = answer
    spec = out.get("spec") or {}
    if spec.get("type") != "LoadBalancer":
        return rid, out
    annotations = (out.get("metadata") or {}).get("annotations") or {}
    if spec.get("loadBalancerIP"):
        ip = spec["loadBalancerIP"]
    elif annotations.get("networking.gke.io/load-balancer-type") == "Internal":
        ip = "10.0.0.50"
    else:
        ip = _public_ip(f"{ctx.stack}/{name}")
    out["status"] = {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
    return rid, out


_HANDLERS: dict[str, Any] = {
    "gcp:compute/network:Network": _network,
    "gcp:compute/subnetwork:Subnetwork": _regional("subnetworks"),
    "gcp:compute/router:Router": _regional("routers"),
    "gcp:compute/address:Address": _regional("addresses"),
    "gcp:compute/routerNat:RouterNat": _router_nat,
    "gcp:compute/globalAddress:GlobalAddress": _global_address,
    "gcp:compute/firewall:Firewall": _firewall,
    "gcp:servicenetworking/connection:Connection": _psa_connection,
    "gcp:kms/keyRing:KeyRing": _key_ring,
    "gcp:kms/cryptoKey:CryptoKey": _crypto_key,
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": _key_member,
    "gcp:serviceaccount/account:Account": _account,
    "gcp:projects/iAMMember:IAMMember": _project_member,
    "gcp:container/cluster:Cluster": _cluster,
    "gcp:container/nodePool:NodePool": _node_pool,
    "gcp:filestore/instance:Instance": _filestore,
    "gcp:projects/service:Service": _project_service,
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": _log_bucket,
    "gcp:logging/projectSink:ProjectSink": _log_sink,
    "gcp:gkebackup/backupPlan:BackupPlan": _backup_plan,
    "gcp:projects/iAMCustomRole:IAMCustomRole": _custom_role,
    "gcp:workflows/workflow:Workflow": _workflow,
    "gcp:cloudscheduler/job:Job": _scheduler_job,
    "gcp:projects/serviceIdentity:ServiceIdentity": _service_identity,
    "gcp:cloudrunv2/job:Job": _run_job,
    "kubernetes:core/v1:Service": _service,
}


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    """Answers for the invokes the data layer makes."""
    if token == "gcp:compute/getZones:getZones":
        region = args.get("region") or ctx.config.get("gcp:region", "us-central1")
        project = args.get("project") or _project(ctx)
        return {
            "id": f"projects/{project}/regions/{region}",
            "project": project,
            "region": region,
            "status": args.get("status"),
            "names": list(facts.LOCATION.regions.get(region, ())),
        }
    if token == "gcp:organizations/getProject:getProject":
        project = args.get("projectId") or _project(ctx)
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
    return None
