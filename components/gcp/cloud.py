"""Google Cloud in kumo's registry (components/clouds.py): what shared code may know of it, as data.

Pure data, like traits.py and facts.py: the layer builders, mocks, preflight and readback are named here and
imported only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.clouds import Cloud, Lazy
from components.gcp import facts, traits
from components.needs import CloudNeeds, Tool

if TYPE_CHECKING:  # the type checker holds each lazily imported module to its protocol in components/clouds.py
    from components.clouds import CloudLayers, CloudMocks, CloudPreflight, CloudPricing, CloudReadback
    from components.gcp import layers, mocks, preflight, pricing, readback

    _: tuple[CloudLayers, CloudMocks, CloudPreflight, CloudReadback, CloudPricing] = (
        layers,
        mocks,
        preflight,
        readback,
        pricing,
    )

CLOUD = Cloud(
    name="gcp",
    service="GKE",
    extended_support="extended channel",
    provider_package="gcp",
    sdk_module="pulumi_gcp",
    cluster_type="gcp:container/cluster:Cluster",
    location=facts.LOCATION,
    machine_types=traits.MACHINE_TYPES,
    taint_effects=traits.TAINT_EFFECTS,
    block_provisioner=traits.BLOCK_PROVISIONER,
    shared_provisioner=traits.SHARED_CSI_DRIVER,
    lb_annotations=traits.LB_ANNOTATIONS,
    stateful_types=traits.STATEFUL_TYPES,
    retired_resources=(),
    facts=facts,
    layers=Lazy("components.gcp.layers"),
    mocks=Lazy("components.gcp.mocks"),
    preflight=Lazy("components.gcp.preflight"),
    needs=CloudNeeds(
        tools=(
            Tool(
                "gcloud",
                "login and project selection",
                "install the gcloud CLI: https://cloud.google.com/sdk/docs/install",
            ),
            Tool(
                "gke-gcloud-auth-plugin",
                "kubeconfig exec credentials for GKE",
                "gcloud components install gke-gcloud-auth-plugin",
            ),
        ),
        credential_env=(
            ("GOOGLE_CREDENTIALS",),
            ("GOOGLE_APPLICATION_CREDENTIALS",),
            ("GOOGLE_OAUTH_ACCESS_TOKEN",),
            ("CLOUDSDK_AUTH_ACCESS_TOKEN",),
        ),
        credential_files=("$CLOUDSDK_CONFIG/application_default_credentials.json",),
        login="run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
        env_overrides={"CLOUDSDK_CONFIG": "~/.config/gcloud"},
    ),
    readback=Lazy("components.gcp.readback"),
    pricing=Lazy("components.gcp.pricing"),
)
