"""Output users can trust: JSON that is stable, sorted, integral and published as a schema (checked against the
commands' real output). (Verdicts on stdout, diagnostics on stderr, whole values in piped tables, progress only
at a terminal: test_output_streams.py; help, completion, doctor's AWS CLI version and kubeconfig errors:
test_help_and_completion.py.)

The plan and check documents come from the real commands on the repository's stacks; each stack is planned
once per session (tests/conftest.py) and in this process (one worker), which is what makes them cheap here.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.cli.conftest import REPO

PAIR = ("aws-dev", "azure-dev")
SCHEMAS = REPO / "schemas"

pytestmark = pytest.mark.usefixtures("result_width")


def schema(name: str) -> dict[str, Any]:
    document = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(document)
    return document


def closed(node: Any) -> Any:
    """The schema with every object that lists its properties closed to others: the real output validates
    against it only if the schema documents every field the commands print."""
    if isinstance(node, dict):
        node = {key: closed(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [closed(item) for item in node]
    return node


def errors(document: Any, against: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(against).iter_errors(document)]


def integral_floats(node: Any, path: str = "") -> list[str]:
    if isinstance(node, float) and node.is_integer():
        return [f"{path} = {node}"]
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in integral_floats(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in integral_floats(value, f"{path}[{i}]")]
    return []


# ---------------------------------------------------------------------------------------------------------
# The plan and check documents: stable, sorted, integral, and as their schemas say


@pytest.fixture
def plan_json(repo_stacks: None, kumo: Any) -> str:
    r = kumo("plan", *PAIR, "--json")
    assert r.code == 0 and r.stderr == "", r  # piped: no progress line
    return r.stdout


@pytest.fixture
def check_json(repo_stacks: None, kumo: Any) -> str:
    r = kumo("check", *PAIR, "--json")
    assert r.code == 0 and r.stderr == "", r
    return r.stdout


@pytest.mark.parametrize("name", ["plan_json", "check_json"])
def test_the_json_documents_have_sorted_keys_and_whole_numbers_as_integers(
    name: str, request: pytest.FixtureRequest
) -> None:
    text = request.getfixturevalue(name)
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert integral_floats(document) == []


def test_counts_sizes_ports_and_replicas_are_integers_in_the_plan(plan_json: str) -> None:
    entries = {(e["stack"], e["layer"]): e for e in json.loads(plan_json)["stacks"]}
    lb = entries["aws-dev", "in-cluster"]["summary"]["load_balancer"]
    assert lb["ports"] == [80] and type(lb["ports"][0]) is int
    pools = entries["aws-dev", "cluster"]["summary"]["node_pools"]
    assert [(p["name"], p["min_nodes"], p["max_nodes"]) for p in pools] == [("apps", 1, 4), ("system", 2, 3)]
    [group] = [
        r
        for r in entries["aws-dev", "cluster"]["resources"]
        if r["name"] == "aws-dev-system" and r["type"] == "aws:eks/nodeGroup:NodeGroup"
    ]
    assert group["inputs"]["scalingConfig"] == {"desiredSize": 2, "maxSize": 3, "minSize": 2}
    assert all(type(v) is int for v in group["inputs"]["scalingConfig"].values())


def test_depends_on_is_sorted(plan_json: str) -> None:
    lists = [r["options"]["depends_on"] for e in json.loads(plan_json)["stacks"] for r in e["resources"]]
    assert sum(len(urns) > 1 for urns in lists) > 10  # many resources wait for several others
    assert all(urns == sorted(urns) for urns in lists)


@pytest.mark.parametrize(("name", "fixture"), [("plan", "plan_json"), ("check", "check_json")])
def test_the_real_documents_match_their_published_schemas(
    name: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    document = json.loads(request.getfixturevalue(fixture))
    assert errors(document, schema(name)) == []
    assert errors(document, closed(schema(name))) == []  # every field the command prints is documented


def _delete(document: dict[str, Any], *path: Any) -> dict[str, Any]:
    document = copy.deepcopy(document)
    *parents, last = path
    node: Any = document
    for step in parents:
        node = node[step]
    del node[last]
    return document


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("kumo_plan",), "[]: 'kumo_plan' is a required property"),
        (
            ("stacks", 0, "resources", 0, "options", "depends_on"),
            "['stacks', 0, 'resources', 0, 'options']: 'depends_on' is a required property",
        ),
        (("stacks", 1, "summary", "node_pools"), "['stacks', 1, 'summary']: 'node_pools' is a required property"),
        (
            ("stacks", 2, "summary", "load_balancer", "ports"),
            "['stacks', 2, 'summary', 'load_balancer']: 'ports' is a required property",
        ),
        (
            ("equivalence", "groups", "dev/cluster", "equivalent"),
            "['equivalence', 'groups', 'dev/cluster']: 'equivalent' is a required property",
        ),
    ],
)
def test_the_plan_schema_refuses_a_document_missing_a_required_key(
    plan_json: str, path: tuple[Any, ...], message: str
) -> None:
    document = json.loads(plan_json)
    assert [(e["stack"], e["layer"]) for e in document["stacks"][:3]] == [
        ("aws-dev", "data"),
        ("aws-dev", "cluster"),
        ("aws-dev", "in-cluster"),
    ]
    assert errors(_delete(document, *path), schema("plan")) == [message]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("ok",), "[]: 'ok' is a required property"),
        (
            ("stacks", 0, "results", 0, "findings", 0, "fix"),
            "['stacks', 0, 'results', 0, 'findings', 0]: 'fix' is a required property",
        ),
        (("rules", 0, "severity"), "['rules', 0]: 'severity' is a required property"),
    ],
)
def test_the_check_schema_refuses_a_document_missing_a_required_key(
    check_json: str, path: tuple[Any, ...], message: str
) -> None:
    assert errors(_delete(json.loads(check_json), *path), schema("check")) == [message]
