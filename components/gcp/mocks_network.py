"""Mock answers for the VPC and what hangs off it: network, subnetworks, router and NAT, addresses, firewall rules,
the private-services peering and the Filestore instance reached through it (components/gcp/mocks.py dispatches)."""

from __future__ import annotations

from typing import Any

from components.gcp.mocks_ids import COMPUTE, digest, host, project_id, public_ip, region_of


def network(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{project_id(ctx, out)}/global/networks/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "selfLink": f"{COMPUTE}/{rid}",
        "numericId": str(int(digest(rid)[:15], 16)),
        "project": project_id(ctx, out),
    }


def regional(kind: str) -> Any:
    def handler(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
        rid = f"projects/{project_id(ctx, out)}/regions/{region_of(ctx, out)}/{kind}/{out.get('name', name)}"
        out.update(
            name=out.get("name", name),
            selfLink=f"{COMPUTE}/{rid}",
            project=project_id(ctx, out),
            region=region_of(ctx, out),
            creationTimestamp="2026-01-01T00:00:00.000-08:00",
        )
        if kind == "subnetworks" and out.get("ipCidrRange"):
            out["gatewayAddress"] = host(out["ipCidrRange"], 1)
            out["fingerprint"] = digest(rid)[:12]
        if kind == "addresses":
            out.setdefault("address", public_ip(rid))
            out.setdefault("addressType", "EXTERNAL")
            out["users"] = []
        return rid, out

    return handler


def router_nat(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{project_id(ctx, out)}/{region_of(ctx, out)}/{out.get('router')}/{out.get('name', name)}"
    return rid, {**out, "project": project_id(ctx, out), "region": region_of(ctx, out)}


def global_address(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{project_id(ctx, out)}/global/addresses/{out.get('name', name)}"
    return rid, {**out, "name": out.get("name", name), "selfLink": f"{COMPUTE}/{rid}", "project": project_id(ctx, out)}


def firewall(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"projects/{project_id(ctx, out)}/global/firewalls/{out.get('name', name)}"
    return rid, {
        **out,
        "name": out.get("name", name),
        "selfLink": f"{COMPUTE}/{rid}",
        "project": project_id(ctx, out),
        "creationTimestamp": "2026-01-01T00:00:00.000-08:00",
    }


def psa_connection(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    rid = f"{out.get('network')}:{out.get('service')}"
    return rid, {**out, "peering": "servicenetworking-googleapis-com"}


def filestore_instance(name: str, out: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]]:
    project = project_id(ctx, out)
    rid = f"projects/{project}/locations/{out.get('location')}/instances/{out.get('name', name)}"
    networks = [{**n, "ipAddresses": ["172.17.0.2"]} for n in out.get("networks") or []]
    return rid, {
        **out,
        "name": out.get("name", name),
        "project": project,
        "networks": networks,
        "createTime": "2026-01-01T00:00:00Z",
        "etag": digest(rid)[:16],
    }
