"""Where a layer deploys on AWS: its explicit provider, the account and region, and kumo's tags.

Both layers (data and cluster) build an `AwsScope` with `layer_scope`: each is its own stack, so each has its
own `aws.Provider` (the same resource name `{name}-aws` in both) and asks AWS itself who is deploying. Every
builder of the package creates its children with `scope.opts(...)`; a nested component passes
`scope.under(self)` to its own (components/scope.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import traits
from components.scope import Scope
from components.spec import ClusterSpec


@dataclass(frozen=True)
class Account:
    """Where the stack deploys: from one get_caller_identity, known when the program runs."""

    account_id: str
    partition: str
    region: str
    caller_arn: str

    def arn(self, service: str, resource: str, *, region: bool = True, account: bool = True) -> str:
        return (
            f"arn:{self.partition}:{service}:{self.region if region else ''}:"
            f"{self.account_id if account else ''}:{resource}"
        )

    def managed_policy(self, name: str) -> str:
        """ARN of an AWS managed IAM policy."""
        return f"arn:{self.partition}:iam::aws:policy/{name}"


@dataclass(frozen=True)
class AwsScope(Scope[aws.Provider]):
    """The parent and explicit provider of a kumo AWS component's children, and what one caller-identity
    lookup tells about where they go."""

    account: Account
    tags: dict[str, str]
    """kumo's tags, on every resource through the provider's default tags."""

    @property
    def region(self) -> str:
        return self.account.region


def layer_scope(name: str, spec: ClusterSpec, parent: pulumi.Resource) -> AwsScope:
    """The provider `{name}-aws` under `parent` (region from `aws:region`, kumo's tags as default tags), the
    account it deploys to, and the scope of `parent`'s children."""
    region = pulumi.Config("aws").require("region")
    tags = traits.kumo_tags(name, spec.tags)
    provider = aws.Provider(
        f"{name}-aws", region=region, default_tags={"tags": tags}, opts=pulumi.ResourceOptions(parent=parent)
    )
    caller = aws.get_caller_identity(opts=pulumi.InvokeOptions(provider=provider))
    account = Account(
        account_id=caller.account_id, partition=caller.arn.split(":")[1], region=region, caller_arn=caller.arn
    )
    return AwsScope(parent=parent, provider=provider, cluster=name, account=account, tags=tags)
