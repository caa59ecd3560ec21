"""Where a layer deploys on AWS: its explicit provider, the account and region, and the zones it uses.

Both layers (data and cluster) build one of these: each is its own stack, so each has its own `aws.Provider`
(the same resource name `{name}-aws` in both) and asks AWS itself who is deploying and which zones exist
(by zone ID: the same name is another physical zone in another account).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.aws.keys import Account
from components.aws.zones import eks_zones
from components.spec import ClusterSpec


@dataclass(frozen=True)
class Deployment:
    """The explicit provider of one layer and what one caller-identity lookup tells about it."""

    provider: aws.Provider
    account: Account
    tags: dict[str, str]
    """kumo's tags, on every resource through the provider's default tags."""

    @property
    def region(self) -> str:
        return self.account.region

    def child(self, parent: pulumi.Resource) -> pulumi.ResourceOptions:
        """Options of a child of `parent` created through this provider."""
        return pulumi.ResourceOptions(parent=parent, provider=self.provider)

    @property
    def invoke(self) -> pulumi.InvokeOptions:
        return pulumi.InvokeOptions(provider=self.provider)


def deployment(name: str, spec: ClusterSpec, parent: pulumi.Resource) -> Deployment:
    """The provider `{name}-aws` (region from `aws:region`, kumo's tags as default tags) and the account."""
    region = pulumi.Config("aws").require("region")
    tags = traits.kumo_tags(name, spec.tags)
    provider = aws.Provider(
        f"{name}-aws", region=region, default_tags={"tags": tags}, opts=pulumi.ResourceOptions(parent=parent)
    )
    caller = aws.get_caller_identity(opts=pulumi.InvokeOptions(provider=provider))
    account = Account(
        account_id=caller.account_id, partition=caller.arn.split(":")[1], region=region, caller_arn=caller.arn
    )
    return Deployment(provider=provider, account=account, tags=tags)


def region_zones(target: Deployment) -> dict[str, str]:
    """This account's regular available zones in the region: name -> zone ID (one lookup).

    Regular zones only: Local and Wavelength Zones lack EKS control-plane and NAT support."""
    found = aws.get_availability_zones(
        state="available", filters=[{"name": "opt-in-status", "values": ["opt-in-not-required"]}], opts=target.invoke
    )
    return dict(zip(found.names, found.zone_ids, strict=True))


def available_zones(spec: ClusterSpec, target: Deployment, zone_ids: dict[str, str] | None = None) -> list[str]:
    """The `network.zones` zones the cluster uses: the first by name among those whose zone IDs EKS accepts
    for control-plane subnets (components/aws/zones.py; the IDs EKS refuses are facts.EKS_UNSUPPORTED_ZONE_IDS).
    """
    return eks_zones(target.region, zone_ids if zone_ids is not None else region_zones(target), spec.network.zones)
