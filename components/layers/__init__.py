"""The layers one environment is applied in: data -> cluster -> in-cluster, each an ordinary Pulumi stack.

One spec file (`stacks/Pulumi.<stack>.yaml`) describes an environment. Each layer is its own Pulumi project
(`stacks/<layer>/Pulumi.yaml`, whose `stackConfigDir` is `stacks/`), so the stack `<stack>` of each of the
three projects reads that same file, and `pulumi up -C stacks/<layer> -s <stack>` applies one layer:

| layer      | project          | holds                                                     | talks to        |
|------------|------------------|-----------------------------------------------------------|-----------------|
| data       | kumo-data        | network, keys, the durable shared store and its backups   | cloud APIs      |
| cluster    | kumo-cluster     | control plane, node pools, identities, cloud add-ons      | cloud APIs      |
| in-cluster | kumo-in-cluster  | every Kubernetes object and Helm release                  | the API server  |

A layer reads the layers before it through their named outputs (stack references), never their resources.
Cheap to import: no Pulumi, no cloud SDK (the CLI reads it for `--layer` and help text).
"""

from __future__ import annotations

LAYERS: tuple[str, ...] = ("data", "cluster", "in-cluster")
"""In the order `kumo up` applies them (`kumo destroy` goes the other way)."""

PROJECTS: dict[str, str] = {"data": "kumo-data", "cluster": "kumo-cluster", "in-cluster": "kumo-in-cluster"}
"""Pulumi project of each layer (the stacks of an environment share its name across the three projects)."""

LAYER_OF_PROJECT: dict[str, str] = {project: layer for layer, project in PROJECTS.items()}

LEGACY_PROJECT = "kumo"
"""The project single-stack environments (before layers) were created in; `kumo migrate` moves them."""

DEFAULT_ORGANIZATION = "organization"
"""The organization part of stack names on Pulumi's DIY backends (file, s3, azblob, gs)."""


class UnknownLayerError(ValueError):
    """A layer name that is not one of LAYERS."""


def check_layer(name: str) -> str:
    """`name` if it is a layer, else `UnknownLayerError` naming the layers there are."""
    if name not in LAYERS:
        raise UnknownLayerError(f"unknown layer {name!r}: the layers are {', '.join(LAYERS)}")
    return name


def previous(layer: str) -> tuple[str, ...]:
    """The layers `layer` reads outputs from (every layer before it)."""
    return LAYERS[: LAYERS.index(check_layer(layer))]


def stack_reference(layer: str, stack: str, organization: str = DEFAULT_ORGANIZATION) -> str:
    """The fully qualified name of an environment's stack in a layer's project: `<org>/<project>/<stack>`."""
    return f"{organization}/{PROJECTS[check_layer(layer)]}/{stack}"
