"""How Azure Resource Manager names things, for the offline engine's answers (mocks.py, mocks_aks.py).

Pure: the mock account (subscription, tenant), ARM ids, azure-native's autonaming and identity outputs, every
value derived from names by hashing so that plans are stable.
"""

from __future__ import annotations

import hashlib
from typing import Any

SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001"
"""The subscription when the stack names none (azure-native:subscriptionId)."""
TENANT_ID = "00000000-0000-4000-8000-0000000000aa"
DEFAULT_LOCATION = "eastus"


def hex_digest(*parts: str, length: int = 8) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def uuid(*parts: str) -> str:
    h = hex_digest(*parts, length=32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"


def subscription(ctx: Any) -> str:
    return str(ctx.config.get("azure-native:subscriptionId") or SUBSCRIPTION_ID)


def location(inputs: dict[str, Any], ctx: Any) -> str:
    """A resource's location: its own, else the stack's."""
    return str(inputs.get("location") or ctx.config.get("azure-native:location") or DEFAULT_LOCATION)


def group_id(ctx: Any, group: str) -> str:
    return f"/subscriptions/{subscription(ctx)}/resourceGroups/{group}"


def arm_id(ctx: Any, inputs: dict[str, Any], path: str) -> str:
    """The id of a resource in the resource group its inputs name: `<group id>/providers/<path>`."""
    return f"{group_id(ctx, str(inputs.get('resourceGroupName')))}/providers/{path}"


def autoname(name: str, explicit: Any) -> str:
    """azure-native's autonaming: the Pulumi name plus a random (here: hashed) suffix."""
    return str(explicit) if explicit else f"{name}{hex_digest('autoname', name)}"


def identity_output(identity: dict[str, Any] | None, owner: str) -> dict[str, Any] | None:
    """ARM returns userAssignedIdentities as a dict of id -> {principalId, clientId}; inputs give a list."""
    if not identity:
        return None
    out: dict[str, Any] = {"type": identity.get("type")}
    if "SystemAssigned" in str(identity.get("type")):
        out.update(principalId=uuid("principal", owner), tenantId=TENANT_ID)
    ids = identity.get("userAssignedIdentities")
    if ids:
        out["userAssignedIdentities"] = {
            i: {"principalId": uuid("principal", i), "clientId": uuid("client", i)} for i in ids
        }
    return out
