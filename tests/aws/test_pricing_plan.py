"""What an AWS stack's line items say beyond their numbers, and how they follow the plan rather than the spec
(prices: tests/aws/test_pricing.py)."""

from __future__ import annotations

from components.aws import pricing
from components.cost import Span
from components.records import Plan, Resource
from components.stackfiles import load_stack
from tests.aws.test_pricing import SHIPPED, TODAY, stack_cost
from tests.conftest import cached_stack_plan


def test_a_pool_of_one_instance_type_carries_no_note_and_a_spot_pool_says_how_it_is_priced() -> None:
    notes = {i.charge.resource: i.charge.note for i in stack_cost("aws-dev").items}
    assert notes["node group system: 2-3 x m7i.large (on-demand)"] == ""
    assert notes["node group apps: 1-4 x m7a.xlarge (spot)"] == (
        "spot price varies and is not in the AWS Price List: on-demand m7a.xlarge shown as the upper bound; "
        "the pool may run m7i.xlarge, m6i.xlarge, m7a.xlarge, m6a.xlarge; m7a.xlarge is the dearest on demand"
    )


def test_a_service_that_is_not_a_load_balancer_costs_nothing() -> None:
    plan = cached_stack_plan("aws-dev")
    extra = Resource(
        "urn:pulumi:aws-dev::kumo-in-cluster::kubernetes:core/v1:Service::plain",
        None,
        "kubernetes:core/v1:Service",
        "plain",
        None,
        True,
        None,
        {"metadata": {"name": "plain"}, "spec": {"type": "ClusterIP"}},
        [],
        {},
        {},
        layer="in-cluster",
    )
    bigger = Plan(plan.stack, plan.cloud, plan.config, [*plan.resources, extra])
    spec = load_stack("aws-dev").spec()
    before = pricing.charges(plan, spec, "us-east-1", TODAY, table=SHIPPED)
    assert pricing.charges(bigger, spec, "us-east-1", TODAY, table=SHIPPED) == before


def test_the_file_system_is_priced_at_its_volumes_declared_size_not_the_specs() -> None:
    """The PersistentVolume of the file system (matched by its volumeHandle) wins over the spec's size_gb."""
    plan = cached_stack_plan("aws-dev")
    resized = []
    for r in plan.resources:
        if r.type == "kubernetes:core/v1:PersistentVolume":
            spec = {**r.inputs["spec"], "capacity": {"storage": "2Ti"}}
            r = Resource(**{**vars(r), "inputs": {**r.inputs, "spec": spec}})
        resized.append(r)
    other = Plan(plan.stack, plan.cloud, plan.config, resized)
    found = pricing.charges(other, load_stack("aws-dev").spec(), "us-east-1", TODAY, table=SHIPPED)
    [efs] = [c for c in found if c.sku == "efs:standard"]
    assert (efs.resource, efs.quantity) == ("EFS file system aws-dev-shared-efs: 2048 GB Standard", Span(2048, 2048))


def test_a_rotated_key_says_that_each_rotation_adds_a_billed_backing_key() -> None:
    notes = {i.charge.resource: i.charge.note for i in stack_cost("aws-dev").items if i.charge.sku == "kms:key"}
    assert notes == {
        f"KMS key aws-dev-{name}-key (customer managed)": (
            "rotated every 365 days: AWS KMS bills each new backing key too, from the first rotation on"
        )
        for name in ("cluster", "volumes", "shared")
    }
