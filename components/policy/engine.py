"""`evaluate(plan_resources, spec) -> Report`: every rule on one stack's plan, with the spec's waivers applied.

A failed rule that the spec waives is reported as "waived" with the reason; waivers are listed in every
report, and a waiver for a rule that passes is flagged unused (it can go). A rule that cannot be met on the
stack's cloud is "n/a" with the reason, never a silent pass. `Report.failed` lists the unwaived failures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from components.clouds import CLOUDS
from components.policy import (
    access,
    audit_reads,
    azure_data,
    backup_keys,
    backups,
    controller_iam,
    data,
    encryption,
    endpoint,
    exposure,
    flow_logs,
    governance,
    guardrails,
    identity,
    logging,
    network,
    nodes,
    reliability,
    replacement,
    shared_storage,
    versions,
    workloads,
)
from components.policy.model import RULES, Context, Finding, NotApplicable, Rule, Status, detect_cloud
from components.rule_ids import RULE_IDS

if TYPE_CHECKING:
    from components.records import Resource
    from components.spec import ClusterSpec

CONCERNS = (
    endpoint,
    network,
    exposure,
    guardrails,
    encryption,
    azure_data,
    shared_storage,
    identity,
    controller_iam,
    access,
    logging,
    flow_logs,
    audit_reads,
    nodes,
    versions,
    reliability,
    data,
    backups,
    backup_keys,
    replacement,
    governance,
    workloads,
)  # importing them registers the rules


def rules() -> list[Rule]:
    """Every rule, in catalog order."""
    return [RULES[rule_id] for rule_id in RULE_IDS]


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome on one stack."""

    rule: Rule
    status: Status
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""
    """Why the rule is not applicable, or the waiver's reason."""

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "title": self.rule.title,
            "severity": self.rule.severity,
            "status": self.status,
            "reason": self.reason,
            "ids": {"cis": list(self.rule.cis), "checkov": list(self.rule.checkov), "avd": list(self.rule.avd)},
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class WaiverUse:
    rule: str
    reason: str
    used: bool
    """False when the waived rule passed (or does not apply): the waiver can go."""


@dataclass(frozen=True)
class Report:
    """Every rule's outcome on one stack, and the waivers it carries."""

    stack: str
    cloud: str
    results: list[RuleResult]
    waivers: list[WaiverUse]

    @property
    def failed(self) -> list[RuleResult]:
        """Unwaived failures: what makes `kumo check` exit 3."""
        return [r for r in self.results if r.status == "fail"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def status(self, rule_id: str) -> Status:
        return next(r.status for r in self.results if r.rule.id == rule_id)

    def statuses(self) -> dict[str, Status]:
        return {r.rule.id: r.status for r in self.results}

    def to_json(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return {
            "stack": self.stack,
            "cloud": self.cloud,
            "ok": self.ok,
            "counts": counts,
            "waivers": [{"rule": w.rule, "reason": w.reason, "used": w.used} for w in self.waivers],
            "results": [r.to_json() for r in self.results],
        }


def run_rule(rule: Rule, ctx: Context) -> RuleResult:
    """One rule on one context, before waivers."""
    if not rule.applies_to(ctx.cloud):
        reason = rule.not_applicable.get(ctx.cloud) or rule.notes.get(ctx.cloud, "no check on this cloud")
        return RuleResult(rule, "n/a", reason=reason)
    try:
        findings = rule.checks[ctx.cloud](ctx)
    except NotApplicable as exc:
        return RuleResult(rule, "n/a", reason=exc.reason)
    if not findings:  # a rule that saw nothing proves nothing
        findings = [ctx.missing("resource this rule governs", "see the rule's notes")]
    findings = [replace(f, rule=rule.id) for f in findings]
    return RuleResult(rule, "pass" if all(f.passed for f in findings) else "fail", findings)


def evaluate(
    plan_resources: Sequence[Resource],
    spec: ClusterSpec | None,
    *,
    cloud: str | None = None,
    stack: str = "",
    previous: Sequence[Resource] | None = None,
    waivers: Iterable[tuple[str, str]] | None = None,
    only: Iterable[str] | None = None,
) -> Report:
    """Run every rule (or `only` these ids) on one stack's planned resources and apply its waivers.

    Waivers come from `spec.waivers`, or `waivers` (rule id, reason) when given (the policy pack's config).
    """
    resources = list(plan_resources)
    cloud = cloud or detect_cloud(resources)
    ctx = Context(
        resources=resources,
        spec=spec,
        cloud=cloud,
        stack=stack or (spec.name if spec else ""),
        previous=list(previous) if previous is not None else None,
    )
    given = list(waivers) if waivers is not None else [(w.rule, w.reason) for w in (spec.waivers if spec else [])]
    reasons = dict(given)
    wanted = set(only) if only is not None else None
    results = []
    for rule in rules():
        if wanted is not None and rule.id not in wanted:
            continue
        result = run_rule(rule, ctx)
        if result.status == "fail" and rule.id in reasons:
            result = RuleResult(rule, "waived", result.findings, reason=reasons[rule.id])
        results.append(result)
    statuses = {r.rule.id: r.status for r in results}
    uses = [WaiverUse(rule_id, reason, statuses.get(rule_id) == "waived") for rule_id, reason in given]
    return Report(stack=ctx.stack, cloud=cloud, results=results, waivers=uses)


def check_catalog() -> list[str]:
    """Problems keeping the catalog and the rules in sync (empty when they agree)."""
    problems = [f"{rule_id} is in the catalog but has no rule" for rule_id in RULE_IDS if rule_id not in RULES]
    problems += [f"{rule_id} has a rule but is not in the catalog" for rule_id in RULES if rule_id not in RULE_IDS]
    for rule in RULES.values():
        for cloud in CLOUDS:
            if cloud not in rule.checks and cloud not in rule.not_applicable:
                problems.append(f"{rule.id} neither checks {cloud} nor says why it does not apply there")
            if not rule.notes.get(cloud):
                problems.append(f"{rule.id} has no note saying what it reads on {cloud}")
    return problems


__all__ = ["CONCERNS", "Report", "RuleResult", "WaiverUse", "check_catalog", "evaluate", "rules", "run_rule"]
