"""The six default stacks through the real program and the offline engine, rule by rule.

Goal (issue 6): every prod stack passes every rule with no waiver; each dev stack fails only the rules its
waivers name. Rules that cannot be met on a cloud are n/a there, each for a documented reason.
"""

from __future__ import annotations

import pytest

from components.offline import plan_stack
from components.policy.engine import Report, evaluate
from components.rule_ids import RULE_IDS
from components.stackfiles import load_stack

STACKS = ("aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod")
NOT_APPLICABLE = {
    "aws": {"NODE-01", "REL-03", "ENC-07", "DATA-06"},
    "azure": {"IAM-06", "DATA-07", "IAM-03", "NODE-03"},
    "gcp": {"IAM-06", "IAM-05", "ENC-07", "DATA-06"},
}
DEV_WAIVERS = frozenset({"NET-01", "NET-07", "NET-08", "REL-04", "DATA-01"})
DEV_NOT_APPLICABLE = {"azure": {"DATA-06"}}  # no lock is asked for with deletion_protection off


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    out = {}
    for name in STACKS:
        stack = load_stack(name)
        out[name] = evaluate(plan_stack(stack).resources, stack.spec(), cloud=stack.cloud, stack=name)  # type: ignore[arg-type]
    return out


def goal(name: str) -> dict[str, str]:
    cloud, env = name.split("-")
    expected = {}
    for rule in RULE_IDS:
        if rule in NOT_APPLICABLE[cloud] or (env == "dev" and rule in DEV_NOT_APPLICABLE.get(cloud, set())):
            expected[rule] = "n/a"
        elif env == "dev" and rule in DEV_WAIVERS:
            expected[rule] = "waived"
        else:
            expected[rule] = "pass"
    return expected


@pytest.mark.parametrize("name", STACKS)
def test_results_exactly(reports: dict[str, Report], name: str) -> None:
    expected = goal(name)
    assert reports[name].statuses() == expected


@pytest.mark.parametrize("name", ["gcp-dev", "gcp-prod"])
def test_gcp_data03_passes_on_the_shares_scheduled_backups(reports: dict[str, Report], name: str) -> None:
    """The share passes through its own schedule (not Backup for GKE, which is reported apart)."""
    result = next(r for r in reports[name].results if r.rule.id == "DATA-03")
    assert result.status == "pass"
    assert {f.name: f.found for f in result.findings} == {
        f"{name}-shared-filestore": f"Cloud Scheduler job {name}-shared-backup-schedule (0 1 * * *) -> workflow "
        f"{name}-shared-backup-workflow: backups.create of {name}-shared/kumo, expired "
        "backups deleted",
        f"{name}-backup": "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore "
        "share)",
    }


@pytest.mark.parametrize("name", STACKS)
def test_waivers(reports: dict[str, Report], name: str) -> None:
    waivers = {w.rule: w.used for w in reports[name].waivers}
    assert waivers == (dict.fromkeys(DEV_WAIVERS, True) if name.endswith("-dev") else {})
