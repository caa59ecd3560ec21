"""The program each layer's project runs (`stacks/<layer>/__main__.py` calls `run`).

`pulumi up -C stacks/<layer> -s STACK`, `kumo up STACK` and the offline engine all run this same code:
the stack's config (the environment's spec file) -> ClusterSpec -> the layer's component -> its exports.
"""

from __future__ import annotations

import importlib
from typing import Any

import pulumi

from components.layers import LAYER_OF_PROJECT, check_layer
from components.stackfiles import CLOUDS

CLOUD_PACKAGES: dict[str, str] = {cloud: f"components.{cloud}.layers" for cloud in CLOUDS}
"""Each cloud's layer module (imported lazily: an AWS stack never imports pulumi_azure_native)."""


def cloud_layers(cloud: str) -> Any:
    """The cloud's layer module: DataLayer, ClusterLayer and in_cluster()."""
    try:
        module = CLOUD_PACKAGES[cloud]
    except KeyError:
        raise pulumi.RunError(f"kumo:cloud = {cloud!r}: must be one of {', '.join(CLOUD_PACKAGES)}") from None
    return importlib.import_module(module)


def read_config() -> tuple[str, Any]:
    """(cloud, validated spec) from the stack's config, checked as `kumo validate` checks it (the spec, the
    location keys, the version on this cloud today); a bad one is one clean Pulumi error."""
    from components.facts import check_stack, facts, today
    from components.spec import SpecError

    config = pulumi.Config("kumo")
    cloud = config.require("cloud")
    if cloud not in CLOUD_PACKAGES:
        raise pulumi.RunError(f"kumo:cloud = {cloud!r}: must be one of {', '.join(CLOUD_PACKAGES)}")
    location = {
        key.key: pulumi.Config(key.key.split(":")[0]).get(key.key.split(":", 1)[1])
        for key in facts(cloud).LOCATION.required
    }
    try:
        spec, warnings = check_stack(
            cloud,
            location,
            config.get_object("cluster"),
            pulumi.get_stack(),
            f"Pulumi.{pulumi.get_stack()}.yaml",
            today(),
        )
    except SpecError as error:
        raise pulumi.RunError(str(error)) from None  # a clean Pulumi error, not a Python traceback
    for warning in warnings:
        pulumi.log.warn(warning)
    return cloud, spec


def build_layer(layer: str, cloud: str, spec: Any) -> dict[str, Any]:
    """Create one layer's resources; returns its named outputs (what the program exports)."""
    from components.layers.contract import LayerRef

    module = cloud_layers(cloud)
    if layer == "data":
        return dict(module.DataLayer(spec.name, spec).outputs)
    data = LayerRef("data", spec.name)
    if layer == "cluster":
        return dict(module.ClusterLayer(spec.name, spec, data).outputs)
    from components.kubernetes.in_cluster import InCluster

    cluster = LayerRef("cluster", spec.name)
    return dict(
        InCluster(
            spec.name, spec, data=data, cluster=cluster, parts=module.in_cluster(spec.name, spec, cluster)
        ).outputs
    )


def run(layer: str) -> None:
    """The whole program of one layer's project."""
    check_layer(layer)
    project_layer = LAYER_OF_PROJECT.get(pulumi.get_project())
    if project_layer is not None and project_layer != layer:
        raise pulumi.RunError(
            f"the {layer} layer's program runs in project {pulumi.get_project()!r}, "
            f"which is the {project_layer} layer's"
        )
    cloud, spec = read_config()
    for key, value in build_layer(layer, cloud, spec).items():
        pulumi.export(key, value)
