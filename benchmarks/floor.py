"""The floor kumo's plan is measured against (benchmarks/run.py): the same SDK resource classes registering the
same resources (same types, names and inputs, recorded from kumo's own plan) under plain Pulumi mocks, with
none of kumo's logic."""

from __future__ import annotations

from typing import Any


def _sdk_modules() -> dict[str, str]:
    """Type-token package -> the Python SDK registering its resources (each cloud's, from the registry)."""
    from components.clouds import CLOUDS, cloud

    return {"kubernetes": "pulumi_kubernetes", **{c.provider_package: c.sdk_module for c in map(cloud, CLOUDS)}}


def _sdk_class(type_: str) -> Any:
    """The SDK class registering `type_` (`aws:eks/cluster:Cluster` -> pulumi_aws.eks.Cluster), or None."""
    import importlib

    sdk_modules = _sdk_modules()
    pkg, mod, name = type_.split(":")
    if pkg == "pulumi" and mod == "providers":
        return getattr(importlib.import_module(sdk_modules[name]), "Provider", None)
    if pkg not in sdk_modules:
        return None
    if pkg == "kubernetes":
        group, _, version = mod.partition("/")
        path = f"{group.split('.')[0]}.{version}"
    else:
        path = mod.split("/")[0]
    try:
        return getattr(importlib.import_module(f"{sdk_modules[pkg]}.{path}"), name)
    except (ImportError, AttributeError):
        return None


def _engine_names(cls: Any) -> dict[str, str]:
    """Engine (camelCase) input name -> the SDK's Python argument name, matched on the constructor's own
    parameters (`osDiskSizeGB` -> `os_disk_size_gb`, `resourceName` -> `resource_name_`)."""
    import inspect

    params = [p for p in inspect.signature(cls._internal_init).parameters if p not in ("__self__", "opts")]
    return {p.replace("_", "").lower(): p for p in params}


def floor_program(recorded: list[Any], fallbacks: list[str]) -> Any:
    """A program registering the recorded resources with the SDKs' own classes (their input handling and
    aliases included) and the same inputs, with none of kumo's logic. Types whose arguments cannot be
    replayed fall back to a bare CustomResource and are appended to `fallbacks`."""
    import pulumi

    def build(r: Any, parent: Any) -> Any:
        opts = pulumi.ResourceOptions(parent=parent)
        cls = _sdk_class(r.type) if r.custom else None
        if cls is not None:
            names = _engine_names(cls)
            kwargs = {names.get(k.lower(), k): v for k, v in r.inputs.items()}
            try:
                return cls(r.name, opts=opts, **kwargs)
            except TypeError:
                pass
        if r.custom:
            fallbacks.append(r.type)
            return pulumi.CustomResource(r.type, r.name, dict(r.inputs), opts)
        return pulumi.ComponentResource(r.type, r.name, None, opts)

    def program() -> None:
        made: dict[str, Any] = {}
        pending = list(recorded)
        while pending:  # parents first
            ready = [r for r in pending if not r.parent or r.parent in made or all(p.urn != r.parent for p in pending)]
            for r in ready:
                made[r.urn] = build(r, made.get(r.parent) if r.parent else None)
            pending = [r for r in pending if r.urn not in made]

    return program
