"""Offline-engine answers for Kubernetes objects: what the API server would fill in.

A cloud's own mocks module answers first (the load balancer's ingress shape is the cloud's); these are the
cloud-neutral defaults.
"""

from __future__ import annotations

import hashlib
from typing import Any


def _uid(name: str) -> str:
    digest = hashlib.sha1(name.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def new_resource(type_: str, name: str, inputs: dict[str, Any], ctx: Any) -> tuple[str, dict[str, Any]] | None:
    if not type_.startswith("kubernetes:"):
        return None
    outputs = dict(inputs)
    metadata = dict(outputs.get("metadata") or {})
    if type_.startswith("kubernetes:helm.sh/"):
        values = {
            "name": inputs.get("name") or name,
            "namespace": inputs.get("namespace") or "default",
            "status": {
                "status": "deployed",
                "version": 1.0,
                "name": inputs.get("name") or name,
                "namespace": inputs.get("namespace") or "default",
            },
        }
        return f"{values['namespace']}/{values['name']}", {**outputs, **values}
    metadata.setdefault("name", f"{name}-{_uid(name)[:8]}")
    metadata["uid"] = _uid(f"{ctx.stack}/{name}")
    outputs["metadata"] = metadata
    namespace = metadata.get("namespace")
    resource_id = f"{namespace}/{metadata['name']}" if namespace else str(metadata["name"])
    if type_ == "kubernetes:core/v1:PersistentVolumeClaim":
        outputs["status"] = {"phase": "Bound", "accessModes": (inputs.get("spec") or {}).get("accessModes", [])}
    return resource_id, outputs


def call(token: str, args: dict[str, Any], ctx: Any) -> dict[str, Any] | None:
    return None
