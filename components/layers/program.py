"""The program each layer's project runs (`stacks/<layer>/__main__.py` calls `run`).

`pulumi up -C stacks/<layer> -s STACK`, `kumo up STACK` and the offline engine all run this same code:
the stack's config (the environment's spec file) -> ClusterSpec -> the layer's component -> its exports.
"""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds import CLOUDS, CloudLayers, UnknownCloudError, cloud
from components.layers import LAYER_OF_PROJECT, check_layer


def cloud_layers(name: str) -> CloudLayers:
    """The cloud's layer module: DataLayer, ClusterLayer and in_cluster() (imported lazily: an AWS stack never
    imports pulumi_azure_native)."""
    try:
        return cloud(name).layers.load()
    except UnknownCloudError:
        raise pulumi.RunError(unknown_cloud(name)) from None


def unknown_cloud(name: str) -> str:
    return f"kumo:cloud = {name!r}: must be one of {', '.join(CLOUDS)}"


def read_config() -> tuple[str, Any]:
    """(cloud, validated spec) from the stack's config, checked as `kumo validate` checks it (the spec, the
    location keys, the version on this cloud today); a bad one is one clean Pulumi error."""
    from components.facts import check_stack, today
    from components.spec import SpecError

    config = pulumi.Config("kumo")
    name = config.require("cloud")
    try:
        record = cloud(name)
    except UnknownCloudError:
        raise pulumi.RunError(unknown_cloud(name)) from None
    location = {
        key.key: pulumi.Config(key.key.split(":")[0]).get(key.key.split(":", 1)[1]) for key in record.location.required
    }
    try:
        spec, warnings = check_stack(
            name,
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
    return name, spec


def build_layer(layer: str, cloud_name: str, spec: Any) -> dict[str, Any]:
    """Create one layer's resources; returns its named outputs (what the program exports)."""
    from components.layers.contract import LayerRef

    module = cloud_layers(cloud_name)
    if layer == "data":
        return dict(module.DataLayer(spec.name, spec).outputs)
    data = LayerRef("data", spec.name)
    if layer == "cluster":
        return dict(module.ClusterLayer(spec.name, spec, data).outputs)
    from components.kubernetes.in_cluster import InCluster

    cluster = LayerRef("cluster", spec.name)
    return dict(
        InCluster(
            spec.name,
            spec,
            data=data,
            cluster=cluster,
            parts=module.in_cluster(spec.name, spec, cluster),
            internal_annotations=cloud(cloud_name).lb_annotations["internal"],
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
