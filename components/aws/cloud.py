"""Amazon Web Services in kumo's registry (components/clouds.py): what shared code may know of it, as data.

Pure data, like traits.py and facts.py: the layer builders, mocks, preflight and readback are named here and
imported only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.aws import facts, traits
from components.aws.credentials import boto3_chain
from components.clouds import Cloud, Lazy
from components.needs import CloudNeeds, Tool

if TYPE_CHECKING:  # the type checker holds each lazily imported module to its protocol in components/clouds.py
    from components.aws import layers, mocks, preflight, pricing, readback
    from components.clouds import CloudLayers, CloudMocks, CloudPreflight, CloudPricing, CloudReadback

    _: tuple[CloudLayers, CloudMocks, CloudPreflight, CloudReadback, CloudPricing] = (
        layers,
        mocks,
        preflight,
        readback,
        pricing,
    )

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
    needs=CloudNeeds(
        tools=(
            Tool(
                "aws",
                "kubeconfig exec credentials (aws eks get-token)",
                "install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
                version_pattern=r"aws-cli/(\d+)[.\d]*",
                major=2,
            ),
        ),  # v2 only (v1: maintenance mode)
        credential_env=(
            ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
            ("AWS_PROFILE",),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI",),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",),
        ),
        credential_files=("~/.aws/credentials", "~/.aws/sso/cache"),
        login="run `aws configure sso` / `aws sso login`, "
        "or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
        sdk_chain=boto3_chain,
    ),
    readback=Lazy("components.aws.readback"),
    pricing=Lazy("components.aws.pricing"),
)
