"""The cloud-neutral spec: valid specs, portable limits, and the shape of its errors."""

from __future__ import annotations

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.spec import ClusterSpec, NodePoolSpec, SpecError, parse_spec
from tests.spec.helpers import problems


def test_defaults_are_a_valid_secure_cluster() -> None:
    spec = parse_spec(None, default_name="aws-dev")
    assert spec.name == "aws-dev"
    assert spec.kubernetes_version is None
    assert spec.api.public is False
    assert spec.network.zones == 3 and spec.network.nat == "per_zone"
    assert [(p.name, p.size, p.min_nodes, p.max_nodes, p.system) for p in spec.node_pools] == [
        ("system", "medium", 3, 6, True)
    ]
    assert spec.load_balancer.scheme == "internal"
    assert spec.storage.shared is None and spec.app.enabled is False
    assert spec.deletion_protection is True


def test_spec_is_frozen() -> None:
    spec = parse_spec({}, default_name="t1")
    with pytest.raises(pydantic.ValidationError, match="frozen_instance"):
        spec.name = "other"  # type: ignore[misc]


def test_every_field_documents_what_leaving_it_out_does() -> None:
    import components.spec as package

    models = [getattr(package, name) for name in package.__all__]
    models = [
        m for m in models if isinstance(m, type) and issubclass(m, package.SpecModel) and m is not package.SpecModel
    ]
    assert len(models) == 17
    for model in models:
        for field_name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{field_name} has no docstring"
            if not info.is_required():
                assert "Left out" in info.description, f"{model.__name__}.{field_name}: say what a default does"


def test_every_problem_is_reported_at_once() -> None:
    raw = {
        "name": "Bad_Name",
        "kubernetes_version": "latest",
        "node_pools": [
            {"name": "System", "system": True, "spot": True, "min_nodes": 1, "max_nodes": 1},
            {"name": "b", "system": True},
        ],
        "network": {"cidr": "10.0.0.0/24"},
        "app": {"enabled": True},
        "colour": "blue",
    }
    assert [p.split(" = ")[0] for p in problems(raw)] == [
        "name",
        "kubernetes_version",
        "network.cidr",
        "node_pools[0].name",
        "colour",
        "node_pools",
        "app.enabled",
    ]


def test_error_names_the_stack_file_root() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({"name": "UPPER"}, default_name="x1", root="Pulumi.aws-dev.yaml: kumo:cluster")
    assert str(caught.value).splitlines() == [
        "invalid cluster spec (1 problem):",
        "  Pulumi.aws-dev.yaml: kumo:cluster.name = 'UPPER': must be lowercase letters, digits and '-', start with "
        "a letter and end with a letter or digit (GKE's rule)",
    ]


def test_non_mapping_spec() -> None:
    assert problems(["a"]) == ["(spec) = ['a']: must be a mapping of spec keys"]  # type: ignore[arg-type]


# No deadline (a loaded CI machine must not fail a correct validator) and a fixed example sequence: the suite
# gives the same verdict on every run.
DETERMINISTIC = settings(deadline=None, derandomize=True, max_examples=300)


@DETERMINISTIC
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_A.", min_size=0, max_size=45))
def test_cluster_name_validator_matches_the_portable_rule(name: str) -> None:
    """The validator accepts exactly the names GKE, AKS and EKS all accept (GKE's rule is the strictest)."""
    import re

    gke = re.fullmatch(r"[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?", name) is not None
    aks = re.fullmatch(r"[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]", name) is not None
    eks = re.fullmatch(r"[0-9A-Za-z][A-Za-z0-9_-]*", name) is not None and len(name) <= 100
    portable = gke and aks and eks and len(name) >= 2
    from pydantic import ValidationError

    try:
        ClusterSpec.model_validate({"name": name})
        accepted = True
    except ValidationError as error:
        assert [e["loc"] for e in error.errors()] == [("name",)]  # rejected for its name, nothing else
        accepted = False
    assert accepted == portable


@DETERMINISTIC
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-A", min_size=0, max_size=14))
def test_pool_name_validator_matches_aks(name: str) -> None:
    import re

    from pydantic import ValidationError

    aks = re.fullmatch(r"[a-z][a-z0-9]{0,11}", name) is not None  # the AKS agent pool rule, from its API
    try:
        NodePoolSpec.model_validate({"name": name})
        accepted = True
    except ValidationError as error:
        assert [e["loc"] for e in error.errors()] == [("name",)]
        accepted = False
    assert accepted == aks
