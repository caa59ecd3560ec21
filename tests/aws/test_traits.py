"""The AWS traits tables: exact, complete, and consistent with the neutral sizes."""

from __future__ import annotations

import json

import pytest

from components.aws import facts, traits
from components.aws.lb_controller_policy import lb_controller_policy
from components.clouds import cloud
from components.sizes import SIZES, machine_types

# vCPU and GiB of each type, from the EC2 general-purpose instance-type pages (checked by hand, not derived).
EC2_SHAPES = {
    "m7i.large": (2, 8),
    "m7i.xlarge": (4, 16),
    "m7i.2xlarge": (8, 32),
    "m7i.4xlarge": (16, 64),
    "m6i.large": (2, 8),
    "m6i.xlarge": (4, 16),
    "m6i.2xlarge": (8, 32),
    "m6i.4xlarge": (16, 64),
    "m7a.large": (2, 8),
    "m7a.xlarge": (4, 16),
    "m7a.2xlarge": (8, 32),
    "m7a.4xlarge": (16, 64),
    "m6a.large": (2, 8),
    "m6a.xlarge": (4, 16),
    "m6a.2xlarge": (8, 32),
    "m6a.4xlarge": (16, 64),
}


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("small", "m7i.large"),
        ("medium", "m7i.xlarge"),
        ("large", "m7i.2xlarge"),
        ("xlarge", "m7i.4xlarge"),
    ],
)
def test_each_size_maps_to_exactly_its_shape(size: str, expected: str) -> None:
    assert traits.MACHINE_TYPES[size] == expected
    assert EC2_SHAPES[expected] == (SIZES[size].vcpu, SIZES[size].memory_gib)


def test_every_size_is_mapped_and_nothing_else() -> None:
    assert set(traits.MACHINE_TYPES) == set(SIZES)
    assert machine_types("aws") == traits.MACHINE_TYPES


def test_instance_shape_table_matches_the_ec2_pages() -> None:
    assert traits.INSTANCE_SHAPES == EC2_SHAPES


@pytest.mark.parametrize("size", sorted(SIZES))
def test_spot_alternatives_have_the_same_shape_and_architecture(size: str) -> None:
    alternatives = traits.SPOT_ALTERNATIVES[size]
    assert alternatives[0] == traits.MACHINE_TYPES[size]
    assert len(set(alternatives)) == len(alternatives) == 4
    for instance_type in alternatives:
        assert EC2_SHAPES[instance_type] == (SIZES[size].vcpu, SIZES[size].memory_gib), instance_type
        assert traits.ami_type(instance_type) == "AL2023_x86_64_STANDARD", instance_type


@pytest.mark.parametrize(
    ("instance_type", "ami"),
    [
        ("m7i.large", "AL2023_x86_64_STANDARD"),
        ("m6a.4xlarge", "AL2023_x86_64_STANDARD"),
        ("c5n.xlarge", "AL2023_x86_64_STANDARD"),
        ("m7g.large", "AL2023_ARM_64_STANDARD"),
        ("c7gn.xlarge", "AL2023_ARM_64_STANDARD"),
        ("r8gd.2xlarge", "AL2023_ARM_64_STANDARD"),
        ("t4g.small", "AL2023_ARM_64_STANDARD"),
        ("g5.xlarge", "AL2023_x86_64_STANDARD"),
    ],
)
def test_ami_type_follows_the_architecture(instance_type: str, ami: str) -> None:
    assert traits.ami_type(instance_type) == ami


def test_taint_effects_use_the_eks_spelling_for_every_kubernetes_effect() -> None:
    assert traits.TAINT_EFFECTS == {
        "NoSchedule": "NO_SCHEDULE",
        "PreferNoSchedule": "PREFER_NO_SCHEDULE",
        "NoExecute": "NO_EXECUTE",
    }


def test_region_key_and_capacity_types() -> None:
    assert cloud("aws").region_key == "aws:region"
    assert traits.CAPACITY_TYPES == {False: "ON_DEMAND", True: "SPOT"}


def test_traits_keep_no_copy_of_a_neutral_or_registry_name() -> None:
    """The pool label is components.spec's and the region key the registry's: one spelling each."""
    assert {"POOL_LABEL", "LOCATION_KEY"} & set(vars(traits)) == set()


@pytest.mark.parametrize(("scheme", "aws_scheme"), [("public", "internet-facing"), ("internal", "internal")])
def test_load_balancer_annotations_per_scheme(scheme: str, aws_scheme: str) -> None:
    assert traits.LB_ANNOTATIONS[scheme] == {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": aws_scheme,
        "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
    }


def test_block_parameters_are_encrypted_for_every_tier() -> None:
    assert traits.BLOCK_PARAMETERS == {
        "ssd": {"type": "gp3", "encrypted": "true", "csi.storage.k8s.io/fstype": "ext4"},
        "performance": {
            "type": "io2",
            "iopsPerGB": "50",
            "allowAutoIOPSPerGBIncrease": "true",
            "encrypted": "true",
            "csi.storage.k8s.io/fstype": "ext4",
        },
    }
    assert (traits.EBS_CSI_DRIVER, traits.EFS_CSI_DRIVER) == ("ebs.csi.aws.com", "efs.csi.aws.com")


def test_autoscaler_image_of_each_minor_eks_offers() -> None:
    """One autoscaler per minor of facts.KUBERNETES, of the same minor (the newest patch on 2026-12-01)."""
    assert traits.CLUSTER_AUTOSCALER_IMAGE_TAGS == {
        "1.31": "v1.31.5",
        "1.32": "v1.32.7",
        "1.33": "v1.33.6",
        "1.34": "v1.34.5",
        "1.35": "v1.35.2",
        "1.36": "v1.36.1",
    }
    assert set(traits.CLUSTER_AUTOSCALER_IMAGE_TAGS) == {m.minor for m in facts.KUBERNETES}
    for minor, tag in traits.CLUSTER_AUTOSCALER_IMAGE_TAGS.items():
        assert tag.startswith(f"v{minor}."), (minor, tag)


def test_charts_are_pinned() -> None:
    assert traits.LB_CONTROLLER_CHART == {
        "chart": "aws-load-balancer-controller",
        "version": "3.5.0",
        "repo": "https://aws.github.io/eks-charts",
    }
    assert traits.CLUSTER_AUTOSCALER_CHART == {
        "chart": "cluster-autoscaler",
        "version": "9.59.0",
        "repo": "https://kubernetes.github.io/autoscaler",
    }


@pytest.mark.parametrize("partition", ["aws", "aws-us-gov", "aws-cn"])
def test_lb_controller_policy_is_in_the_partition_and_scoped_by_cluster_tags(partition: str) -> None:
    document = json.loads(lb_controller_policy(partition, "c", f"arn:{partition}:ec2:r:1:vpc/vpc-1"))
    statements = document["Statement"]
    assert document["Version"] == "2012-10-17"
    arns = [
        arn
        for s in statements
        for arn in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])
        if arn != "*"
    ]
    assert len(arns) >= 10 and all(arn.startswith(f"arn:{partition}:") for arn in arns)
    assert "arn:aws:" not in json.dumps(document) or partition == "aws"
    # Destructive actions are allowed only on resources the controller tagged as its own.
    deleting = [s for s in statements if "elasticloadbalancing:DeleteLoadBalancer" in s["Action"]]
    assert deleting and all(
        "aws:ResourceTag/elbv2.k8s.aws/cluster" in json.dumps(s["Condition"])
        or "aws:ResourceTag/ingress.k8s.aws/cluster" in json.dumps(s["Condition"])
        or "aws:ResourceTag/service.k8s.aws/cluster" in json.dumps(s["Condition"])
        for s in deleting
    )
    assert not any(s["Action"] == "*" or s["Action"] == ["*"] for s in statements)
