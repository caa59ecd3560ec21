"""Amazon Web Services in kumo's registry (components/clouds.py): what shared code may know of it, as data.

Pure data, like traits.py and facts.py: the layer builders, mocks, preflight and readback are named here and
imported only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.aws import facts, traits
from components.clouds import Cloud, Lazy

if TYPE_CHECKING:  # the type checker holds each lazily imported module to its protocol in components/clouds.py
    from components.aws import layers, mocks, preflight, readback
    from components.clouds import CloudLayers, CloudMocks, CloudPreflight, CloudReadback

    _: tuple[CloudLayers, CloudMocks, CloudPreflight, CloudReadback] = (layers, mocks, preflight, readback)

CLOUD = Cloud(
    name="aws",
    service="EKS",
    extended_support="extended support",
    provider_package="aws",
    sdk_module="pulumi_aws",
    cluster_type="aws:eks/cluster:Cluster",
    location=facts.LOCATION,
    machine_types=traits.MACHINE_TYPES,
    taint_effects=traits.TAINT_EFFECTS,
    block_provisioner=traits.EBS_CSI_DRIVER,
    shared_provisioner=traits.EFS_CSI_DRIVER,
    lb_annotations=traits.LB_ANNOTATIONS,
    stateful_types=traits.STATEFUL_TYPES,
    retired_resources=traits.RETIRED_RESOURCES,
    facts=facts,
    layers=Lazy("components.aws.layers"),
    mocks=Lazy("components.aws.mocks"),
    preflight=Lazy("components.aws.preflight"),
    readback=Lazy("components.aws.readback"),
)
