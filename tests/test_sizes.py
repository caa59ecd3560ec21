"""Every (cloud x size) pair maps to a machine type with exactly the size's shape; overrides win."""

from __future__ import annotations

import pytest

from components.clouds import CLOUDS, UnknownCloudError
from components.sizes import SIZES, machine_type, machine_types, pool_machine_types
from components.spec import NodePoolSpec, parse_spec

# Vendor facts (EC2 instance types, Azure Dv5 sizes, GCE N2 standard): vCPU and GiB of each type used.
EXPECTED = {
    ("aws", "small"): ("m7i.large", 2, 8),
    ("aws", "medium"): ("m7i.xlarge", 4, 16),
    ("aws", "large"): ("m7i.2xlarge", 8, 32),
    ("aws", "xlarge"): ("m7i.4xlarge", 16, 64),
    ("azure", "small"): ("Standard_D2s_v5", 2, 8),
    ("azure", "medium"): ("Standard_D4s_v5", 4, 16),
    ("azure", "large"): ("Standard_D8s_v5", 8, 32),
    ("azure", "xlarge"): ("Standard_D16s_v5", 16, 64),
    ("gcp", "small"): ("n2-standard-2", 2, 8),
    ("gcp", "medium"): ("n2-standard-4", 4, 16),
    ("gcp", "large"): ("n2-standard-8", 8, 32),
    ("gcp", "xlarge"): ("n2-standard-16", 16, 64),
}


def test_the_table_covers_every_cloud_and_size() -> None:
    assert set(EXPECTED) == {(cloud, size) for cloud in CLOUDS for size in SIZES}


@pytest.mark.parametrize(("cloud", "size"), sorted(EXPECTED))
def test_each_size_maps_to_a_type_with_exactly_its_shape(cloud: str, size: str) -> None:
    name, vcpu, gib = EXPECTED[(cloud, size)]
    assert machine_types(cloud)[size] == name
    assert (SIZES[size].vcpu, SIZES[size].memory_gib) == (vcpu, gib)
    pool = NodePoolSpec(name="p", size=size)  # type: ignore[arg-type]
    assert machine_type(cloud, pool) == name


def test_a_per_cloud_override_wins_on_its_cloud_only() -> None:
    pool = NodePoolSpec(name="p", size="large", machine_types={"aws": "m6i.2xlarge"})  # type: ignore[arg-type]
    assert [machine_type(cloud, pool) for cloud in CLOUDS] == ["m6i.2xlarge", "Standard_D8s_v5", "n2-standard-8"]


def test_unknown_cloud_is_a_clear_error() -> None:
    with pytest.raises(UnknownCloudError, match=r"^unknown cloud 'oracle': kumo provisions aws, azure, gcp$"):
        machine_types("oracle")


def test_each_pool_gets_its_machine_type() -> None:
    spec = parse_spec(
        {"node_pools": [
            {"name": "system", "size": "medium", "system": True},
            {"name": "big", "size": "xlarge", "machine_types": {"gcp": "c3-standard-22"}},
        ]},
        default_name="t1",
    )  # fmt: skip
    assert pool_machine_types("gcp", spec) == {"system": "n2-standard-4", "big": "c3-standard-22"}
    assert pool_machine_types("azure", spec) == {"system": "Standard_D4s_v5", "big": "Standard_D16s_v5"}
