"""Mock answers for GKE: the cluster (a bare-IP endpoint, a DNS-based one, a base64 CA certificate), its node
pools and Backup for GKE plan, and the IP GKE gives a LoadBalancer Service (components/gcp/mocks.py dispatches)."""

from __future__ import annotations

import base64
from typing import Any

from components.gcp.mocks_ids import COMPUTE, PROJECT_NUMBER, digest, host, last, project_id, public_ip, region_of
from components.kubernetes import mocks as k8s_mocks

MASTER_VERSION = "1.35.8-gke.1225000"
"""What a cluster that pins no minor runs (the Regular channel's default in autumn 2026); a pinned minor runs
`<minor>.0-gke.1000`."""
CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIELDCCApSgAwIBAgIQKumoOfflineMockCertificateAuthority0DQYJKoZIhvcNAQELBQAw\n"
    "LzEtMCsGA1UEAxMkMmYzZjE2ZDEtMmI0Ny00YjE3LWE2ZTEtYjE0YjdjZjM1YzE3\n"
    "-----END CERTIFICATE-----\n"
)


def gke_cluster(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project, location, cluster = project_id(ctx, out), region_of(ctx, out), out.get("name", name)
    rid = f"projects/{project}/locations/{location}/clusters/{cluster}"
    private = dict(out.get("privateClusterConfig") or {})
    master = private.get("masterIpv4CidrBlock") or "172.16.0.0/28"
    private.update(
        privateEndpoint=host(master, 2),
        publicEndpoint=public_ip(rid),
        peeringName=f"gke-n{digest(rid)[:16]}-{digest(rid)[16:20]}-peer",
    )
    endpoint = private["privateEndpoint"] if private.get("enablePrivateEndpoint") else private["publicEndpoint"]
    master_auth = {**(out.get("masterAuth") or {}), "clusterCaCertificate": base64.b64encode(CA_PEM.encode()).decode()}
    # Every cluster has a DNS-based endpoint, whether it takes user traffic or not: gke-<id>-<number>.<loc>.gke.goog
    endpoints = dict(out.get("controlPlaneEndpointsConfig") or {})
    endpoints["dnsEndpointConfig"] = {
        "allowExternalTraffic": False,
        **(endpoints.get("dnsEndpointConfig") or {}),
        "endpoint": f"gke-{digest(rid)[:32]}-{PROJECT_NUMBER}.{location}.gke.goog",
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
        "labelFingerprint": digest(rid)[:8],
        "operation": None,
        "servicesIpv4Cidr": None,
    }


def _version(out: dict[str, Any]) -> str:
    minor = out.get("minMasterVersion")
    return f"{minor}.0-gke.1000" if minor else MASTER_VERSION


def node_pool(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    pool = out.get("name", name)
    rid = f"{out.get('cluster')}/nodePools/{pool}"
    cluster = last(out.get("cluster"))
    groups = [
        f"{COMPUTE}/projects/{project}/zones/{z}/instanceGroupManagers/gke-{cluster}-{pool}-{digest(rid + z)[:8]}-grp"
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


def backup_plan(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    plan = out.get("name") or f"{name}-{digest(ctx.stack + name)[:7]}"  # Pulumi's auto-name suffix
    rid = f"projects/{project}/locations/{out.get('location')}/backupPlans/{plan}"
    d = digest(rid)
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


def load_balancer_service(name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
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
        ip = public_ip(f"{ctx.stack}/{name}")
    out["status"] = {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}
    return rid, out
