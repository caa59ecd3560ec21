"""Table tests of the GCP traits: every neutral word has exactly one GCP spelling, with the right shape."""

from __future__ import annotations

import re

import pytest

from components import sizes
from components.gcp import traits

# Compute Engine machine-type catalogue (cloud.google.com/compute/docs/general-purpose-machines#n2_series):
# n2-standard-N has N vCPUs and 4 GB (GiB) per vCPU.
CATALOGUE = {"n2-standard-2": (2, 8), "n2-standard-4": (4, 16), "n2-standard-8": (8, 32), "n2-standard-16": (16, 64)}


@pytest.mark.parametrize("size", sorted(sizes.SIZES))
def test_every_size_maps_to_a_machine_with_exactly_its_shape(size: str) -> None:
    machine = traits.MACHINE_TYPES[size]
    expected = (sizes.SIZES[size].vcpu, sizes.SIZES[size].memory_gib)
    assert CATALOGUE[machine] == expected
    assert traits.MACHINE_SHAPES[machine] == expected


def test_size_tables_cover_exactly_the_neutral_sizes() -> None:
    assert set(traits.MACHINE_TYPES) == set(sizes.SIZES)
    assert sizes.machine_types("gcp") is traits.MACHINE_TYPES


@pytest.mark.parametrize(
    ("effect", "gke"),
    [("NoSchedule", "NO_SCHEDULE"), ("PreferNoSchedule", "PREFER_NO_SCHEDULE"), ("NoExecute", "NO_EXECUTE")],
)
def test_taint_effects(effect: str, gke: str) -> None:
    assert traits.TAINT_EFFECTS[effect] == gke


def test_taint_table_covers_every_spec_effect() -> None:
    from typing import get_args

    from components.spec import Taint

    assert set(traits.TAINT_EFFECTS) == set(get_args(Taint.model_fields["effect"].annotation))


@pytest.mark.parametrize(("tier", "disk"), [("ssd", "pd-balanced"), ("performance", "pd-ssd")])
def test_block_tiers(tier: str, disk: str) -> None:
    assert traits.BLOCK_DISK_TYPES[tier] == disk


def test_block_tiers_cover_the_spec() -> None:
    from typing import get_args

    from components.spec import BlockStorageSpec

    assert set(traits.BLOCK_DISK_TYPES) == set(get_args(BlockStorageSpec.model_fields["tier"].annotation))


def test_load_balancer_annotations_per_scheme() -> None:
    assert traits.LB_ANNOTATIONS == {"internal": {"networking.gke.io/load-balancer-type": "Internal"}, "public": {}}


def test_fixed_words() -> None:
    assert traits.BLOCK_PROVISIONER == "pd.csi.storage.gke.io"
    assert traits.SHARED_CSI_DRIVER == "filestore.csi.storage.gke.io"
    assert traits.BLOCK_KMS_PARAMETER == "disk-encryption-kms-key"


def test_shared_words_are_not_spelt_again_here() -> None:
    """The pool label is components.spec's, the region key the registry's (cloud("gcp").region_key)."""
    from components.clouds import cloud

    assert {"POOL_LABEL", "LOCATION_KEY", "PROJECT_KEY"} & set(vars(traits)) == set()
    assert cloud("gcp").region_key == "gcp:region"


def test_key_rotation_is_at_most_90_days() -> None:
    assert traits.KEY_ROTATION_PERIOD.endswith("s")
    assert int(traits.KEY_ROTATION_PERIOD[:-1]) == 90 * 24 * 3600


def test_shared_tier_preference_names_every_tier_that_takes_a_key_and_no_other() -> None:
    """Every CMEK tier, so a size facts.spec_problems accepts always gets a tier (layout.filestore_tier)."""
    from components.gcp import facts

    assert traits.SHARED_TIER_PREFERENCE == ("ZONAL", "REGIONAL", "ENTERPRISE")
    assert sorted(traits.SHARED_TIER_PREFERENCE) == sorted(t.tier for t in facts.cmek_tiers())
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,15}", traits.FILESTORE_SHARE)  # valid on every tier


def test_admin_range_candidates_are_private_and_large_enough_for_direct_vpc() -> None:
    import ipaddress

    from components.gcp import service_facts

    for cidr in traits.NFS_ADMIN_RANGE_CANDIDATES:
        net = ipaddress.ip_network(cidr)
        assert net.is_private and net.prefixlen <= service_facts.DIRECT_VPC_MAX_PREFIX, cidr
        assert not any(net.overlaps(ipaddress.ip_network(p)) for p in traits.PSA_RANGE_CANDIDATES), cidr


def test_vulnerability_mode_is_supported() -> None:
    from components.gcp import service_facts

    assert service_facts.VULNERABILITY_MODES[traits.VULNERABILITY_MODE].supported


def test_traits_import_no_pulumi() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(traits))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__"}
