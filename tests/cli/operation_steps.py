"""What the operation tests (tests/cli/test_operations.py, test_operation_faults.py, test_durable_data.py)
script the fake Pulumi CLI with and expect it to be called with: resource types, the argv of each step, a
scripted `up`."""

from __future__ import annotations

import re

from tests.cli.fake_pulumi import FakePulumi, step, summary, urn

EKS = "aws:eks/cluster:Cluster"
EFS = "aws:efs/fileSystem:FileSystem"
SG = "aws:ec2/securityGroup:SecurityGroup"
EIP = "aws:ec2/eip:Eip"  # not a stateful type: stateful only when marked protect
ACCESS_POINT = "aws:efs/accessPoint:AccessPoint"  # not a stateful type: durable only under SharedStorage
STORE = "kumo:aws:SharedStorage"


def argv(call: list[str]) -> list[str]:
    """An argv with the ephemeral ports of the SDK's gRPC servers replaced."""
    return [re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", a) for a in call]


def calls(fake: FakePulumi) -> list[list[str]]:
    return [argv(c) for c in fake.calls]


DATA = ("--layer", "data")
"""The mechanisms below (argv, gate, confirmation, faults) on one layer; tests/cli/test_layers.py runs them
across layers."""


SELECT = ["--non-interactive", "stack", "select", "--stack", "t-aws"]
PREVIEW = [
    "--non-interactive",
    "preview",
    "--client=127.0.0.1:PORT",
    "--exec-kind",
    "auto.inline",
    "--event-log",
    "tcp://127.0.0.1:PORT",
    "--stack",
    "t-aws",
]
UP = [
    "--non-interactive",
    "up",
    "--yes",
    "--skip-preview",
    "--client=127.0.0.1:PORT",
    "--exec-kind",
    "auto.inline",
    "--event-log",
    "tcp://127.0.0.1:PORT",
    "--stack",
    "t-aws",
]
OUTPUTS = [
    ["--non-interactive", "stack", "output", "--json", "--stack", "t-aws"],
    ["--non-interactive", "stack", "output", "--json", "--show-secrets", "--stack", "t-aws"],
]
HISTORY = [
    "--non-interactive",
    "stack",
    "history",
    "--json",
    "--show-secrets",
    "--page-size",
    "1",
    "--page",
    "1",
    "--stack",
    "t-aws",
]


def planned(op: str, urn_: str, type_: str, **kw) -> list[dict]:
    """The preview events of one step: the pre event and the planned outputs event."""
    return [step(op, urn_, type_, **kw), step(op, urn_, type_, kind="resOutputsEvent", planning=True, **kw)]


def script_up(fake: FakePulumi, preview_events: list[dict], changes: dict[str, int]) -> None:
    fake.add_stack("t-aws", outputs={"cluster_name": "t-aws", "kubeconfig": "apiVersion: v1"}, secret=("kubeconfig",))
    fake.script("preview", "t-aws", events=[*preview_events, summary(changes)])
    fake.script(
        "up",
        "t-aws",
        events=[step("create", urn("t-aws", SG, "t-aws-sg"), SG, kind="resOutputsEvent"), summary(changes)],
    )
