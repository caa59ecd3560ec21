"""The offline engine and the program: stack files, config as the engine passes it, and clean errors."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pulumi
import pytest

from components.offline import program_path, run_program
from components.stackfiles import SECRET, StackFileError, UnknownStackError, list_stacks, load_stack
from tests.conftest import cached_stack_plan

DEFAULT_STACKS = ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]


def test_the_six_default_stacks_are_listed() -> None:
    assert list_stacks() == DEFAULT_STACKS


def test_unknown_stack_lists_the_stacks_there_are() -> None:
    with pytest.raises(UnknownStackError) as caught:
        load_stack("aws-staging")
    assert str(caught.value).endswith("; stacks: " + ", ".join(DEFAULT_STACKS))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("config: [", "Pulumi.broken.yaml: not valid YAML"),
        ("name: x\n", "Pulumi.broken.yaml: has no config: mapping"),
        (
            "config:\n  kumo:cloud: oracle\n",
            "Pulumi.broken.yaml: kumo:cloud = 'oracle': must be one of aws, azure, gcp",
        ),
    ],
)
def test_broken_stack_files_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "Pulumi.broken.yaml").write_text(text)
    with pytest.raises(StackFileError) as caught:
        load_stack("broken", tmp_path)
    assert str(caught.value).startswith(message)


def test_engine_config_is_what_pulumi_passes_a_program(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.s.yaml").write_text(
        "config:\n  kumo:cloud: aws\n  aws:region: eu-west-1\n  kumo:cluster: {network: {zones: 2}}\n"
        "  kumo:token:\n    secure: v1:abc\n"
    )
    stack = load_stack("s", tmp_path)
    config, secret_keys = stack.engine_config()
    assert config == {
        "kumo:cloud": "aws",
        "aws:region": "eu-west-1",
        "kumo:cluster": json.dumps({"network": {"zones": 2}}),
        "kumo:token": SECRET,
    }
    assert secret_keys == ["kumo:token"]
    assert stack.location == "eu-west-1"


def test_a_real_pulumi_run_fails_on_a_bad_spec_with_a_clean_error() -> None:
    """stacks/__main__.py turns SpecError into pulumi.RunError: the CLI prints it without a traceback."""
    bad = {
        "kumo:cloud": "aws",
        "aws:region": "us-east-1",
        "kumo:cluster": json.dumps({"node_pools": [{"name": "Bad!", "system": True}]}),
    }
    with pytest.raises(pulumi.RunError) as caught:
        run_program(
            lambda: runpy.run_path(str(program_path(layer="data")), run_name="__main__"),
            cloud="aws",
            stack="bad",
            config=bad,
            project="kumo-data",
            layer="data",
        )
    assert str(caught.value).splitlines() == [
        "invalid cluster spec (1 problem):",
        "  Pulumi.bad.yaml: kumo:cluster.node_pools[0].name = 'Bad!': must be lowercase letters and digits, starting "
        "with a letter (AKS agent pool rule)",
    ]


@pytest.mark.parametrize("layer", ["data", "cluster", "in-cluster"])
def test_a_real_pulumi_run_rejects_an_unknown_cloud(layer: str) -> None:
    with pytest.raises(pulumi.RunError, match=r"kumo:cloud = 'oracle': must be one of aws, azure, gcp"):
        run_program(
            lambda: runpy.run_path(str(program_path(layer=layer)), run_name="__main__"),
            cloud="aws",
            stack="bad",
            config={"kumo:cloud": "oracle"},
            project=f"kumo-{layer}",
            layer=layer,
        )


def test_a_layer_program_refuses_to_run_in_another_layers_project() -> None:
    with pytest.raises(
        pulumi.RunError,
        match=r"^the data layer's program runs in project 'kumo-cluster', which is "
        r"the cluster layer's$",
    ):
        run_program(
            lambda: runpy.run_path(str(program_path(layer="data")), run_name="__main__"),
            cloud="aws",
            stack="x",
            config={"kumo:cloud": "aws"},
            project="kumo-cluster",
            layer="cluster",
        )


def test_the_legacy_project_refuses_to_run_and_points_at_migrate() -> None:
    """`pulumi up` on a single stack from before layers must not plan the deletion of everything it holds."""
    with pytest.raises(pulumi.RunError) as caught:
        run_program(
            lambda: runpy.run_path(str(program_path()), run_name="__main__"),
            cloud="aws",
            stack="aws-prod",
            config={"kumo:cloud": "aws"},
        )
    assert str(caught.value) == (
        "the project 'kumo' holds single-stack environments from before layers; aws-prod is applied as three "
        "stacks now: `kumo migrate aws-prod` moves an existing environment's state into them without replacing "
        "anything, then `pulumi up -C stacks/data -s aws-prod`, `pulumi up -C stacks/cluster -s aws-prod`, "
        "`pulumi up -C stacks/in-cluster -s aws-prod` (or `kumo up aws-prod`)"
    )


def test_plan_records_secrets_unwrapped_and_redacts_them_for_display() -> None:
    plan = cached_stack_plan("aws-dev")
    provider = plan.one("pulumi:providers:kubernetes", "aws-dev-k8s")
    assert provider.inputs["kubeconfig"].startswith("{") or provider.inputs["kubeconfig"].startswith("apiVersion")
    assert provider.to_json()["inputs"]["kubeconfig"] == SECRET
    assert provider.to_json(show_secrets=True)["inputs"]["kubeconfig"] == provider.inputs["kubeconfig"]


def test_each_layer_program_exports_its_outputs() -> None:
    plan = cached_stack_plan("gcp-dev")
    exported = {
        layer: set(plan.outputs[f"urn:pulumi:gcp-dev::kumo-{layer}::pulumi:pulumi:Stack::kumo-{layer}-gcp-dev"])
        for layer in ("data", "cluster", "in-cluster")
    }
    assert exported == {
        "data": {"shared_store", "zones", "network", "subnetwork", "secrets_key", "disks_key", "psa_range"},
        "cluster": {
            "cluster_name",
            "endpoint",
            "kubeconfig",
            "node_pools",
            "block_class",
            "load_balancer",
            "api_access",
        },
        "in-cluster": {"storage_classes", "shared_volume", "load_balancer_address", "app_url"},
    }
    assert {layer: set(plan.layers[layer].exports) for layer in exported} == exported


def test_one_process_plans_each_stack_from_scratch() -> None:
    """Two runs of the same stack register the same resources: nothing leaks between programs."""
    from components.offline import plan_stack

    first = [(r.layer, r.type, r.name) for r in plan_stack(load_stack("azure-dev")).resources]
    second = [(r.layer, r.type, r.name) for r in plan_stack(load_stack("azure-dev")).resources]
    assert sorted(first) == sorted(second) and len(first) == len(set(first))
