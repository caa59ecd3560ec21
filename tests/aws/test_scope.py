"""The scope every AWS builder creates its children with (components/aws/scope.py): what `layer_scope` reads
from the stack and from AWS, and how a child and a nested component's children are placed. The provider's
own inputs (region, default tags) are test_eks.test_explicit_provider_with_region_and_default_tags's."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.aws.scope import Account, AwsScope, layer_scope
from components.offline import run_program
from components.spec import parse_spec

REGION = "eu-west-1"


def test_layer_scope_and_the_children_it_places() -> None:
    scopes: list[AwsScope] = []

    def program() -> None:
        layer = pulumi.ComponentResource("kumo:test:Layer", "shop")
        scope = layer_scope("shop", parse_spec({"name": "shop", "tags": {"team": "web"}}, default_name="shop"), layer)
        scopes.append(scope)
        aws.ec2.Eip(scope.name("eip"), domain="vpc", opts=scope.opts(protect=True))
        nested = pulumi.ComponentResource(
            "kumo:test:Nested", scope.name("nested"), opts=pulumi.ResourceOptions(parent=layer)
        )
        inner = scope.under(nested)
        scopes.append(inner)
        aws.ec2.Eip(inner.name("inner"), domain="vpc", opts=inner.opts())

    plan = run_program(program, cloud="aws", stack="aws-scope", config={"aws:region": REGION})
    scope, inner = scopes
    assert scope.account == Account(
        account_id="123456789012",
        partition="aws",
        region=REGION,
        caller_arn="arn:aws:sts::123456789012:assumed-role/kumo-deployer/kumo",
    )
    assert (scope.cluster, scope.region) == ("shop", REGION)
    assert scope.tags == {"team": "web", "kumo-cluster": "shop", "managed-by": "kumo"}
    # A nested component's scope: another parent, everything else the same.
    assert (inner.provider, inner.account, inner.tags, inner.cluster) == (
        scope.provider,
        scope.account,
        scope.tags,
        scope.cluster,
    )

    layer, nested = plan.one("kumo:test:Layer"), plan.one("kumo:test:Nested")
    provider = plan.one("pulumi:providers:aws")
    assert (provider.name, provider.parent) == ("shop-aws", layer.urn)
    eips = {r.name: r for r in plan.of_type("aws:ec2/eip:Eip")}
    assert sorted(eips) == ["shop-eip", "shop-inner"]
    assert (eips["shop-eip"].parent, eips["shop-inner"].parent) == (layer.urn, nested.urn)
    for eip in eips.values():
        assert eip.provider == f"{provider.urn}::{provider.id}", eip.name
    assert (eips["shop-eip"].options["protect"], eips["shop-inner"].options["protect"]) == (True, False)
