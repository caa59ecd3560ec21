"""The registry: every cloud fills every field of its record, and every lazy module has what its protocol names."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from components import clouds
from components.clouds import (
    CLOUDS,
    Cloud,
    CloudFacts,
    CloudLayers,
    CloudMocks,
    CloudPackageError,
    CloudPreflight,
    CloudPricing,
    CloudReadback,
    Lazy,
    UnknownCloudError,
    cloud,
    of_type,
)

PROTOCOLS = {"facts": CloudFacts, "layers": CloudLayers, "mocks": CloudMocks, "preflight": CloudPreflight,
             "readback": CloudReadback, "pricing": CloudPricing}  # fmt: skip
MAY_BE_EMPTY = {"retired_resources"}  # a cloud may have retired nothing


def members(protocol: type) -> set[str]:
    """What a protocol asks of a module: its annotated attributes and its methods."""
    names = set(getattr(protocol, "__annotations__", {}))
    return names | {n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")}


def test_the_clouds_in_report_order() -> None:
    assert CLOUDS == ("aws", "azure", "gcp")


@pytest.mark.parametrize("name", CLOUDS)
def test_every_cloud_fills_every_field(name: str) -> None:
    record = cloud(name)
    assert record.name == name
    for field in dataclasses.fields(Cloud):
        value = getattr(record, field.name)
        assert value is not None, field.name
        if field.name not in MAY_BE_EMPTY and not isinstance(value, Lazy):
            assert value, f"{name}: {field.name} is empty"


@pytest.mark.parametrize("name", CLOUDS)
@pytest.mark.parametrize("part", sorted(PROTOCOLS))
def test_every_module_has_what_its_protocol_names(name: str, part: str) -> None:
    value = getattr(cloud(name), part)
    module = value.load() if isinstance(value, Lazy) else value
    missing = sorted(m for m in members(PROTOCOLS[part]) if not hasattr(module, m))
    assert missing == [], f"{module.__name__} lacks {missing}"


@pytest.mark.parametrize("name", CLOUDS)
def test_the_records_translate_every_size_scheme_and_effect(name: str) -> None:
    record = cloud(name)
    assert set(record.machine_types) == {"small", "medium", "large", "xlarge"}
    assert set(record.lb_annotations) == {"public", "internal"}
    assert set(record.taint_effects) == {"NoSchedule", "PreferNoSchedule", "NoExecute"}
    assert record.region_key in {key.key for key in record.location.required}


def test_what_each_record_says() -> None:
    rows = [(c.service, c.provider_package, c.sdk_module, c.region_key, c.block_provisioner, c.shared_provisioner,
             c.cluster_type) for c in map(cloud, CLOUDS)]  # fmt: skip
    assert rows == [
        ("EKS", "aws", "pulumi_aws", "aws:region", "ebs.csi.aws.com", "efs.csi.aws.com", "aws:eks/cluster:Cluster"),
        ("AKS", "azure-native", "pulumi_azure_native", "azure-native:location", "disk.csi.azure.com",
         "file.csi.azure.com", "azure-native:containerservice:ManagedCluster"),
        ("GKE", "gcp", "pulumi_gcp", "gcp:region", "pd.csi.storage.gke.io", "filestore.csi.storage.gke.io",
         "gcp:container/cluster:Cluster"),
    ]  # fmt: skip


def test_a_type_token_names_its_cloud() -> None:
    assert [getattr(of_type(t), "name", None) for t in (
        "aws:eks/cluster:Cluster", "azure-native:storage:StorageAccount", "gcp:filestore/instance:Instance",
        "kubernetes:core/v1:Service", "kumo:aws:DataLayer", "pulumi:providers:aws",
    )] == ["aws", "azure", "gcp", None, None, None]  # fmt: skip


@pytest.mark.parametrize("name", ["oracle", "", "AWS", None])
def test_an_unknown_cloud_names_the_clouds_there_are(name: object) -> None:
    with pytest.raises(UnknownCloudError) as caught:
        cloud(name)  # type: ignore[arg-type]
    assert str(caught.value) == f"unknown cloud {name!r}: kumo provisions aws, azure, gcp"


def test_a_registered_package_without_its_record_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(clouds.REGISTRY, "ibm", "components.sizes")
    cloud.cache_clear()
    try:
        with pytest.raises(CloudPackageError) as caught:
            cloud("ibm")
    finally:
        cloud.cache_clear()
    assert str(caught.value) == ("components.sizes must define CLOUD = Cloud(name='ibm', ...) (components/clouds.py)")


def test_a_missing_lazy_module_is_named() -> None:
    with pytest.raises(CloudPackageError) as caught:
        Lazy("components.aws.nothing_here").load()
    assert str(caught.value) == (
        "components.aws.nothing_here is missing: every cloud package provides it (components/clouds.py)"
    )


def test_an_import_error_inside_a_module_is_not_hidden() -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency"):
        Lazy("tests.fixtures.imports_a_missing_module").load()


def test_reading_every_record_imports_no_pulumi() -> None:
    code = ("import sys\nfrom components.clouds import CLOUDS, cloud\n[cloud(c) for c in CLOUDS]\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0].startswith('pulumi')))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
