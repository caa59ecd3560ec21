"""Small lookups over a plan for the GKE tests."""

from __future__ import annotations

from components.records import Plan, Resource

PROJECT_NUMBER = "123456789012"  # components/gcp/mocks_ids.py
REGION = "europe-west1"
PROJECT = "kumo-test"


def parent_name(plan: Plan, r: Resource) -> str | None:
    if r.parent is None or r.parent.endswith("::kumo-test") or "pulumi:pulumi:Stack" in r.parent.rsplit("::", 1)[-1]:
        return None
    try:
        return plan.by_urn(r.parent).name
    except KeyError:
        return None


def gcp_children(plan: Plan) -> set[tuple[str, str, str | None]]:
    """(type, name, parent name) of every GCP resource and kumo:gcp component."""
    return {
        (r.type, r.name, parent_name(plan, r))
        for r in plan.resources
        if r.type.startswith(("gcp:", "kumo:gcp:", "pulumi:providers:gcp"))
    }


def layer_children(plan: Plan, layer: str) -> set[tuple[str, str, str | None]]:
    """gcp_children of one layer's own run (parents resolved within that stack)."""
    return gcp_children(plan.layers[layer])


def urn_of(plan: Plan, type_: str, name: str) -> str:
    return plan.one(type_, name).urn
