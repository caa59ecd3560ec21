"""What the offline engine records of a program run: each resource as the engine would see it, and the plan
of a stack (one layer) or of an environment (its layers merged). Plain data; no Pulumi import at module level."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECRET = "[secret]"
"""What a secret value shows as: in a redacted plan, and for a stack file's ciphertext (never decrypted offline)."""


@dataclass
class Resource:
    """One resource the program registered, as the engine would see it."""

    urn: str
    id: str | None
    type: str
    name: str
    parent: str | None
    custom: bool
    provider: str | None
    inputs: dict[str, Any]
    secret_paths: list[str]
    property_dependencies: dict[str, list[str]]
    options: dict[str, Any]
    """protect, retain_on_delete, ignore_changes, deleted_with, ... and depends_on: every resource this one
    waits for, as the engine sees it (explicit depends_on and the inputs' dependencies together)."""
    layer: str | None = None
    """The layer (stack) that registered it: data, cluster or in-cluster."""

    def to_json(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The plan document's shape (ARCHITECTURE.md); secrets redacted unless asked."""
        inputs = self.inputs if show_secrets else redact_secrets(self.inputs, self.secret_paths)
        return {
            "urn": self.urn,
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "custom": self.custom,
            "provider": self.provider,
            "inputs": inputs,
            "property_dependencies": {k: v for k, v in self.property_dependencies.items() if v},
            "options": self.options,
        }


@dataclass
class Plan:
    """Everything one program run registered."""

    stack: str
    cloud: str
    config: dict[str, str]
    resources: list[Resource] = field(default_factory=list)
    """Every registered resource, sorted by URN (registration order is not deterministic)."""
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Component URN -> the outputs it registered (secrets unwrapped)."""
    invokes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    layer: str | None = None
    """The layer this run planned; None for an environment's merged plan."""
    layers: dict[str, Plan] = field(default_factory=dict)
    """An environment's plan: each layer's own run, in apply order (the merged lists hold all of them)."""
    exports: dict[str, Any] = field(default_factory=dict)
    """The stack's outputs (what the program exported), secrets unwrapped."""
    secret_exports: list[str] = field(default_factory=list)
    """Names of the exports that are secret."""

    def in_layer(self, layer: str) -> list[Resource]:
        """The resources one layer registered."""
        return [r for r in self.resources if r.layer == layer]

    def of_type(self, type_: str) -> list[Resource]:
        return [r for r in self.resources if r.type == type_]

    def one(self, type_: str, name: str | None = None) -> Resource:
        found = [r for r in self.of_type(type_) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {type_} named {name!r}, found {[r.name for r in found]}"
        return found[0]

    def by_urn(self, urn: str) -> Resource:
        for r in self.resources:
            if r.urn == urn:
                return r
        raise KeyError(urn)

    def ancestors(self, resource: Resource) -> list[Resource]:
        chain: list[Resource] = []
        urns = {r.urn: r for r in self.resources}
        parent = resource.parent
        while parent and parent in urns:
            chain.append(urns[parent])
            parent = urns[parent].parent
        return chain

    def dependencies(self, resource: Resource) -> set[str]:
        """URNs this resource depends on, directly: explicit depends_on and every input's dependencies."""
        deps = set(resource.options.get("depends_on", []))
        for urns in resource.property_dependencies.values():
            deps.update(urns)
        return deps

    def all_dependencies(self, resource: Resource) -> set[str]:
        """URNs this resource depends on, transitively (through dependencies and parents)."""
        urns = {r.urn: r for r in self.resources}
        seen: set[str] = set()
        todo = list(self.dependencies(resource))
        while todo:
            urn = todo.pop()
            if urn in seen:
                continue
            seen.add(urn)
            if urn in urns:
                todo.extend(self.dependencies(urns[urn]))
                # Depending on a component means depending on all of its children.
                todo.extend(r.urn for r in self.resources if r.parent == urn)
        return seen


def redact_secrets(value: Any, secret_paths: list[str], path: str = "") -> Any:
    if path in secret_paths:
        return SECRET
    if isinstance(value, dict):
        return {k: redact_secrets(v, secret_paths, f"{path}.{k}" if path else k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_secrets(v, secret_paths, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def unwrap_secrets(value: Any, secret_paths: list[str], path: str = "") -> Any:
    """Remove secret envelopes (recording where they were) and unknown sentinels."""
    from pulumi.runtime import rpc

    if isinstance(value, dict):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            secret_paths.append(path)
            return unwrap_secrets(value.get("value"), [], path)
        return {k: unwrap_secrets(v, secret_paths, f"{path}.{k}" if path else k) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v, secret_paths, f"{path}[{i}]") for i, v in enumerate(value)]
    if value == rpc.UNKNOWN:
        return None
    return value
