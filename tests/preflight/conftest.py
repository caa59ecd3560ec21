"""Preflight fixtures: fake AWS credentials (nothing reaches a network), targets built from raw specs, and a
command runner that replays recorded `az` / `gcloud` output and fails on any command it was not given."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from components.preflight import Completed, Target
from components.sizes import pool_machine_types
from components.spec import parse_spec

FIXTURES = Path(__file__).parent / "fixtures"

AWS_SPEC: dict[str, Any] = {
    "name": "shop",
    "kubernetes_version": "1.33",
    "network": {"zones": 3},
    "node_pools": [
        {"name": "system", "size": "medium", "min_nodes": 3, "max_nodes": 6, "system": True},  # 24 vCPU
        {"name": "general", "size": "large", "min_nodes": 1, "max_nodes": 4},  # 32 vCPU
        {"name": "batch", "size": "xlarge", "min_nodes": 0, "max_nodes": 5, "spot": True},  # 80 vCPU spot
    ],
}
"""On-demand pools need 6*4 + 4*8 = 56 vCPUs at max_nodes, the spot pool 5*16 = 80."""


def target(
    cloud: str,
    location: str,
    raw: dict[str, Any] | None = None,
    *,
    config: dict[str, Any] | None = None,
    backend_url: str | None = None,
) -> Target:
    spec = parse_spec(raw or AWS_SPEC, default_name="t")
    return Target(
        stack=f"{cloud}-test",
        cloud=cloud,
        location=location,
        spec=spec,
        config=config or {},
        backend_url=backend_url,
        machine_types=pool_machine_types(cloud, spec),
    )


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fake credentials and no shared config, so boto3 never finds real ones nor asks IMDS."""
    for key in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "PULUMI_BACKEND_URL",
        "AZURE_STORAGE_ACCOUNT",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    yield


@pytest.fixture
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)


class RecordedRunner:
    """Answers each expected argv with a recorded response; any other command fails the test."""

    def __init__(self, responses: dict[tuple[str, ...], Completed | str]) -> None:
        self.responses = responses
        self.calls: list[list[str]] = []

    def __call__(self, argv: list[str]) -> Completed:
        self.calls.append(argv)
        key = tuple(argv)
        if key not in self.responses:
            raise AssertionError(f"unexpected command: {argv}")
        answer = self.responses[key]
        if isinstance(answer, Completed):
            return answer
        return Completed(0, (FIXTURES / answer).read_text())


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def missing_cli(argv: list[str]) -> Completed:
    raise FileNotFoundError(argv[0])
