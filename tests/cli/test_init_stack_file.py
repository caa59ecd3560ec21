"""`kumo init` through the front door: the stack file it writes (pools, zones, shared storage, a spec
copied from another cloud's stack) and the files it refuses to write. (Moved from test_stack_files.py; its
flags and verdict: test_init.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.cli.init_flags import CLEAN, REQUIRED, TAGS, written

pytestmark = pytest.mark.usefixtures("real_programs")


# ---------------------------------------------------------------------------------------------------------
# The stack file itself (moved from test_stack_files.py)


def test_init_writes_pools_zones_and_protected_shared_storage(project: Path, kumo) -> None:
    r = kumo(
        "init",
        "gcp-stage",
        "--cloud",
        "gcp",
        "--location",
        "europe-west1",
        "--project",
        "kumo-stage-1",
        *TAGS,
        "--zones",
        "2",
        "--pool",
        "system:medium:2:4",
        "--pool",
        "batch:large:0:6:spot",
        "--shared-storage-gb",
        "2048",
    )
    assert r.code == 0, r
    assert written(project, "gcp-stage") == {
        "config": {
            "gcp:region": "europe-west1",
            "gcp:project": "kumo-stage-1",
            "kumo:cloud": "gcp",
            "kumo:cluster": {
                "kubernetes_version": "1.37",
                "network": {"zones": 2},
                "node_pools": [
                    {"name": "system", "size": "medium", "min_nodes": 2, "max_nodes": 4, "system": True},
                    {"name": "batch", "size": "large", "min_nodes": 0, "max_nodes": 6, "spot": True},
                ],
                "storage": {"shared": {"size_gb": 2048, "protect": True, "retain_on_delete": True}},
                "tags": {"owner": "platform", "env": "dev"},
            },
        }
    }
    assert re.fullmatch(CLEAN.format("gcp-stage", 0), r.stdout.strip()), r
    assert kumo("validate", "gcp-stage").code == 0


def test_init_env_like_copies_the_spec_to_another_cloud(project: Path, kumo) -> None:
    r = kumo(
        "init",
        "azure-t",
        "--cloud",
        "azure",
        "--location",
        "westeurope",
        "--env-like",
        "t-aws",
        *TAGS,
        "--waive",
        "DATA-01=the copied test spec keeps its shared store unprotected",
    )
    assert r.code == 0, r
    old = yaml.safe_load((project / "stacks" / "Pulumi.t-aws.yaml").read_text())["config"]["kumo:cluster"]
    assert written(project, "azure-t")["config"] == {
        "azure-native:location": "westeurope",
        "kumo:cloud": "azure",
        "kumo:cluster": {
            **old,
            "tags": {"owner": "platform", "env": "dev"},
            "waivers": [{"rule": "DATA-01", "reason": "the copied test spec keeps its shared store unprotected"}],
        },
    }
    assert re.fullmatch(CLEAN.format("azure-t", 1), r.stdout.strip()), r


def test_init_env_like_needs_a_valid_stack_to_copy(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.broken.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n  kumo:cluster: {network: 7}\n"
    )
    r = kumo("init", "azure-b", "--cloud", "azure", "--location", "eastus", "--env-like", "broken", *TAGS)
    assert r.code == 2, r
    assert "Pulumi.broken.yaml: kumo:cluster.network = 7" in r.stderr
    r = kumo("init", "azure-b", "--cloud", "azure", "--location", "eastus", "--env-like", "nope", *TAGS)
    assert r.code == 2 and "unknown stack 'nope'" in r.stderr, r
    assert not (project / "stacks" / "Pulumi.azure-b.yaml").exists()


def test_init_never_overwrites(project: Path, kumo) -> None:
    path = project / "stacks" / "Pulumi.t-aws.yaml"
    before = path.read_text()
    r = kumo("init", "t-aws", "--cloud", "aws", "--location", "us-west-2", *TAGS)
    assert r.code == 2, r
    assert "already exists" in r.stderr
    assert path.read_text() == before


def test_init_reports_every_bad_flag(project: Path, kumo) -> None:
    r = kumo(
        "init", "gcp-x", "--cloud", "gcp", "--location", "Not A Region", "--pool", "system:giant:1:2", "--zones", "7"
    )
    assert r.code == 2, r
    for expected in (
        "--project is required for gcp (gcp:project)",
        "--owner and --env required (or --tag owner=...)",
        "gcp:region = 'Not A Region': is an unknown Google Cloud region",
        "node_pools[0].size = 'giant'",
        "network.zones = 7",
    ):
        assert expected in r.stderr, r
    assert "gcp:project = None" not in r.stderr  # said once, as the flag
    assert not (project / "stacks" / "Pulumi.gcp-x.yaml").exists()


def test_init_rejects_project_for_a_cloud_without_projects(project: Path, kumo) -> None:
    r = kumo("init", "aws-x", "--cloud", "aws", "--location", "us-east-1", "--project", "kumo-proj-1", *TAGS)
    assert r.code == 2, r
    assert "--project applies only to clouds with projects; aws has none" in r.stderr


def test_init_unknown_cloud(project: Path, kumo) -> None:
    r = kumo("init", "x1", "--cloud", "ibm", "--location", "us-south")
    assert r.code == 2 and "--cloud 'ibm': must be one of aws, azure, gcp" in r.stderr, r


def test_init_rejects_a_stack_name_that_leaves_the_folder(project: Path, kumo) -> None:
    r = kumo("init", "../escape", *REQUIRED["aws"], *TAGS)
    assert r.code == 2, r
    assert r.stderr.startswith("error: cannot write stack ../escape:\n  STACK '../escape': letters, digits"), r
    assert not (project / "escape.yaml").exists() and not (project / "Pulumi.escape.yaml").exists()
