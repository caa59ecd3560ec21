"""GcpScope (components/gcp/scope.py): the one way a GCP child gets its parent, provider and the APIs it waits for,
and the only module of the package that spells `parent=` or `provider=`."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pulumi

from components.gcp.scope import GcpScope
from components.scope import Scope

PACKAGE = Path(__file__).resolve().parents[2] / "components" / "gcp"


class Stand(pulumi.Resource):
    """A stand-in for a resource, never registered: the scope only hands it on."""

    def __init__(self, name: str) -> None:  # no super().__init__: nothing to register
        self.label = name

    def __repr__(self) -> str:
        return self.label


PARENT, PROVIDER, NESTED = Stand("parent"), Stand("provider"), Stand("nested")
COMPUTE, IAM, GRANT = Stand("api-compute"), Stand("api-iam"), Stand("grant")


def scope(**apis: Any) -> GcpScope:
    return GcpScope(
        parent=PARENT,  # type: ignore[arg-type]
        provider=PROVIDER,  # type: ignore[arg-type]
        cluster="prod1",
        project="kumo-test",
        region="europe-west1",
        labels={"managed-by": "kumo"},
        apis=apis,
    )


def test_is_the_shared_scope() -> None:
    assert issubclass(GcpScope, Scope)
    assert scope().name("shared") == "prod1-shared"


def test_opts_set_parent_and_provider_and_wait_for_the_apis_named() -> None:
    opts = scope(compute=COMPUTE, iam=IAM).opts("compute", "logging", depends_on=[GRANT], protect=True)
    assert (opts.parent, opts.provider, opts.protect) == (PARENT, PROVIDER, True)
    assert opts.depends_on == [COMPUTE, GRANT]  # logging is not among the scope's APIs: nothing to wait for


def test_opts_without_needs_have_no_depends_on() -> None:
    opts = scope(compute=COMPUTE).opts(retain_on_delete=True)
    assert (opts.parent, opts.provider, opts.depends_on, opts.retain_on_delete) == (PARENT, PROVIDER, None, True)


def test_under_keeps_everything_but_the_parent() -> None:
    outer = scope(compute=COMPUTE)
    inner = outer.under(NESTED)  # type: ignore[arg-type]
    assert inner.parent is NESTED
    assert (inner.provider, inner.project, inner.apis) == (PROVIDER, "kumo-test", {"compute": COMPUTE})
    assert inner.opts("compute").depends_on == [COMPUTE]


def test_a_nested_component_gets_the_parent_and_no_provider() -> None:
    opts = scope().component_opts(pulumi.ResourceOptions(protect=True))
    assert (opts.parent, opts.provider, opts.protect) == (PARENT, None, True)
    assert scope().component_opts().parent is PARENT


def test_only_the_scope_module_spells_parent_or_provider() -> None:
    """Every builder and component creates its children through the scope: no hand-passed parent/provider."""
    spelt = sorted(
        f"{path.name}:{node.lineno} {node.arg}"
        for path in PACKAGE.glob("*.py")
        if path.name != "scope.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.keyword) and node.arg in {"parent", "provider"}
    )
    assert spelt == []
