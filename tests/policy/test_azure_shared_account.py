"""Which Azure storage account is the shared store: the one its file share lives in, not the VNet flow-log account
(LOG-03) nor any other account a plan holds. The shared-store rules read that one alone; GOV-03 reads every
account's tags but asks stateful=true of the shared store's only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from components.policy import resources
from components.policy.model import Context
from components.records import Resource
from tests.policy.fixtures import plan
from tests.policy.fixtures.builder import TAGS
from tests.policy.mutations import status

ACCOUNT = "azure-native:storage:StorageAccount"
SHARED_STORE_RULES = ("ENC-05", "ENC-06", "DATA-01", "DATA-03", "DATA-04", "DATA-06", "GOV-03")


def _with_bare_account(tags: dict[str, str]) -> list[Resource]:
    """The good plan plus a storage account nothing refers to (no share, no flow log, no protection)."""
    resources_ = plan("azure")
    template = next(r for r in resources_ if r.name == "flow-logs")
    bare = replace(
        template,
        urn=template.urn.replace("flow-logs", "bare"),
        name="bare",
        inputs={"accountName": "t1bare", "kind": "StorageV2", "tags": tags},
        property_dependencies={},
    )
    return [*resources_, bare]


@pytest.mark.parametrize("rule", SHARED_STORE_RULES)
def test_the_flow_log_account_and_a_bare_account_are_not_the_shared_store(rule: str) -> None:
    result = status(_with_bare_account(TAGS), "azure", rule)
    assert result.status == "pass", [(f.name, f.found) for f in result.failures]


@pytest.mark.parametrize("rule", ("ENC-05", "ENC-06", "DATA-01", "DATA-03", "DATA-06", "GOV-03"))
def test_taking_every_account_for_the_shared_store_fails_them(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the rules did before the flow-log account existed: every storage account was the shared store."""
    monkeypatch.setattr(resources, "HELD_IN", {})
    result = status(plan("azure"), "azure", rule)
    assert result.status == "fail"
    assert "flow-logs" in {f.name for f in result.failures}


def test_gov03_still_reads_every_accounts_tags() -> None:
    result = status(_with_bare_account({"env": "test"}), "azure", "GOV-03")
    assert result.status == "fail"
    assert [(f.name, f.found) for f in result.failures] == [("bare", "tags lack ['owner']")]


def test_gov03_asks_stateful_of_the_shared_store_only() -> None:
    result = status(plan("azure"), "azure", "GOV-03")
    found = {f.name: f.found for f in result.findings}
    assert found["flow-logs"] == "tags owner=platform, env=test"
    assert found["account"] == "tags owner=platform, env=test"


def test_an_account_named_by_the_share_is_the_shared_store_without_a_dependency() -> None:
    """A share whose accountName is a literal (an imported share) still marks its account."""
    resources_ = plan("azure")
    share = next(r for r in resources_ if r.type == "azure-native:storage:FileShare")
    share.property_dependencies.clear()
    share.inputs["accountName"] = "t1nfs"
    ctx = Context(resources=resources_, spec=None, cloud="azure", stack="t")
    assert [r.name for r in resources.stores_of(ctx, ACCOUNT)] == ["account"]


def test_without_a_share_no_account_is_the_shared_store() -> None:
    resources_ = [r for r in plan("azure") if r.type != "azure-native:storage:FileShare"]
    result = status(resources_, "azure", "ENC-05")
    assert result.status == "fail"
    assert [f.found for f in result.failures] == ["no storage account in the plan"]
