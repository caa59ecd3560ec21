"""Where a cloud component's children go: the one idiom every cloud package uses to create them.

A layer's component makes its explicit provider, then a `Scope` (the cloud's subclass, with what every child
of that cloud needs: region, location, project, tags or labels). Every builder takes the scope and creates
its resources with `scope.opts(...)`, so each child has `parent` and `provider` set the same way on every
cloud; a nested component registers itself with `scope.component_opts(opts)` and passes `scope.under(self)`
to its own children. Children are named from the cluster's name (`scope.name("<part>")`, or
`f"{name}-<part>"`): names and parents are in every resource's URN, so neither may change without an alias
(tests/test_resource_urns.py pins them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Generic, Self, TypeVar

import pulumi

P = TypeVar("P", bound=pulumi.ProviderResource)


@dataclass(frozen=True)
class Scope(Generic[P]):
    """The parent and explicit provider of a component's children."""

    parent: pulumi.Resource
    provider: P
    cluster: str
    """The environment's name (the spec's name): children are named from it, `name("shared")` ->
    `<cluster>-shared`, and kumo's tags or labels carry it."""

    def name(self, *parts: str) -> str:
        """A child's name: the cluster's name and `parts`, joined with "-"."""
        return "-".join((self.cluster, *parts))

    def opts(self, **options: Any) -> pulumi.ResourceOptions:
        """Options for a child: this scope's parent and provider, plus `options` (depends_on, protect, ...)."""
        return pulumi.ResourceOptions(parent=self.parent, provider=self.provider, **options)

    def invoke_opts(self) -> pulumi.InvokeOutputOptions:
        """Options for a data source (invoke) made on behalf of the component."""
        return pulumi.InvokeOutputOptions(parent=self.parent, provider=self.provider)

    def component_opts(self, opts: pulumi.ResourceOptions | None = None) -> pulumi.ResourceOptions:
        """Options for a nested component itself: this scope's parent, merged with `opts`. No provider: its
        children get theirs from `scope.under(component)`."""
        return pulumi.ResourceOptions.merge(pulumi.ResourceOptions(parent=self.parent), opts)

    def under(self, parent: pulumi.Resource) -> Self:
        """The same scope for the children of a nested component."""
        return replace(self, parent=parent)
