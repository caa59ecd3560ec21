"""The rule engine's vocabulary: rules, findings and the context a rule reads.

A rule is pure: per cloud, a function from a `Context` (one stack's planned resources, the offline
engine's `Resource` records, plus the stack's `ClusterSpec` where intent matters) to `Finding`s, one per
thing it looked at, passed or failed. A rule that finds nothing to look at fails (kumo's rules demand
explicit values: an absent setting is a failure, never a silent pass). Where a rule cannot be met on a
cloud, the rule says so and reports "not applicable" there, with the reason.

The clouds are the registry's (components/clouds.py): a rule registers one check per cloud name, and what
is a fact of the cloud rather than of a rule (its cluster's type token, its Pulumi package, its CSI
drivers) is read from the cloud's record, `Context.cloud_record`.

Imports no Pulumi and no cloud SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from components import clouds
from components.policy.inputs import equal, get, show

if TYPE_CHECKING:
    from components.records import Resource
    from components.spec import ClusterSpec

Severity = Literal["critical", "high", "medium", "low"]
Status = Literal["pass", "fail", "waived", "n/a"]


@dataclass(frozen=True)
class Finding:
    """One thing a rule looked at: the resource, what was found, and (when it failed) the fix."""

    passed: bool
    urn: str | None
    """The resource's URN; None for a finding about the stack as a whole."""
    name: str
    """The resource's name (or the stack's, for a stack-wide finding)."""
    found: str
    """What the rule saw, with the input path and value."""
    fix: str = ""
    """What to set to pass (failures only)."""
    rule: str = ""
    """The rule id (filled in by the engine)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "urn": self.urn,
            "name": self.name,
            "found": self.found,
            "fix": self.fix,
        }


class NotApplicable(Exception):
    """Raised by a check when the rule has nothing to govern in this stack (with the reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Check = Callable[["Context"], list[Finding]]


def _known(names: Iterable[str], what: str) -> None:
    unknown = [name for name in names if name not in clouds.CLOUDS]
    if unknown:
        raise clouds.UnknownCloudError(f"{what} names {unknown}: kumo provisions {', '.join(clouds.CLOUDS)}")


@dataclass
class Rule:
    """One kumo rule (SECURITY-RULES.md section 6) with its public ids and its check per cloud."""

    id: str
    title: str
    severity: Severity
    cis: tuple[str, ...] = ()
    checkov: tuple[str, ...] = ()
    avd: tuple[str, ...] = ()
    """Trivy / Aqua AVD ids."""
    notes: dict[str, str] = field(default_factory=dict)
    """Per cloud: what the rule reads there, or why it cannot be met there."""
    checks: dict[str, Check] = field(default_factory=dict)
    not_applicable: dict[str, str] = field(default_factory=dict)
    """Cloud -> why the rule cannot be met (or checked) there."""

    def on(self, *names: str) -> Callable[[Check], Check]:
        """Register `fn` as this rule's check on the clouds `names` (registry names: aws, azure, gcp)."""
        _known(names, f"{self.id}.on()")

        def register(fn: Check) -> Check:
            for name in names:
                self.checks[name] = fn
            return fn

        return register

    def applies_to(self, cloud: str) -> bool:
        return cloud in self.checks

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "cis": list(self.cis),
            "checkov": list(self.checkov),
            "avd": list(self.avd),
            "notes": dict(self.notes),
            "not_applicable": dict(self.not_applicable),
        }


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    title: str,
    *,
    severity: Severity,
    cis: Iterable[str] = (),
    checkov: Iterable[str] = (),
    avd: Iterable[str] = (),
    notes: dict[str, str] | None = None,
    not_applicable: dict[str, str] | None = None,
) -> Rule:
    """Declare a rule (once) in the registry."""
    if id in RULES:
        raise ValueError(f"rule {id} declared twice")
    _known([*(notes or {}), *(not_applicable or {})], f"rule {id}'s notes")
    declared = Rule(
        id=id,
        title=title,
        severity=severity,
        cis=tuple(cis),
        checkov=tuple(checkov),
        avd=tuple(avd),
        notes=dict(notes or {}),
        not_applicable=dict(not_applicable or {}),
    )
    RULES[id] = declared
    return declared


# ---------------------------------------------------------------------------------------------------------
# The context


def clock() -> date:
    """Today, for rules that judge by date (a seam the tests pin)."""
    return date.today()


@dataclass
class Context:
    """What a rule reads: one stack's planned resources, its spec (may be None) and its cloud's name."""

    resources: list[Resource]
    spec: ClusterSpec | None
    cloud: str
    """The registry name of the stack's cloud (aws, azure, gcp)."""
    stack: str = ""
    previous: list[Resource] | None = None
    """The same stack's previous plan, when comparing (DATA-04, DATA-05)."""
    today: date = field(default_factory=lambda: clock())
    """The day the rules judge by: support windows (NODE-05) end on dates."""

    @property
    def cloud_record(self) -> clouds.Cloud:
        """What the registry says of the stack's cloud (its cluster type, CSI drivers, ...)."""
        return clouds.cloud(self.cloud)

    def of(self, *types: str) -> list[Resource]:
        return [r for r in self.resources if r.type in types]

    def by_urn(self, urn: str) -> Resource | None:
        return next((r for r in self.resources if r.urn == urn), None)

    def by_id(self, id_: Any) -> Resource | None:
        return next((r for r in self.resources if id_ is not None and r.id == id_), None)

    def clusters(self) -> list[Resource]:
        return self.of(self.cloud_record.cluster_type)

    def provider_of(self, resource: Resource) -> Resource | None:
        """The explicit provider resource a resource uses (its reference is `<urn>::<id>`)."""
        ref = resource.provider
        if not ref:
            return None
        return next((r for r in self.resources if r.urn == ref.rsplit("::", 1)[0]), None)

    def depends_on(self, resource: Resource, input_name: str) -> list[Resource]:
        """Resources an input of `resource` was computed from."""
        urns = resource.property_dependencies.get(input_name, [])
        return [r for r in self.resources if r.urn in urns]

    def ancestors(self, resource: Resource) -> list[Resource]:
        chain: list[Resource] = []
        parent = resource.parent
        while parent:
            found = self.by_urn(parent)
            if found is None:
                break
            chain.append(found)
            parent = found.parent
        return chain

    def all_dependencies(self, resource: Resource) -> set[str]:
        """URNs `resource` depends on, transitively (explicit depends_on, inputs, and components' children)."""

        def direct(r: Resource) -> set[str]:
            deps = set(r.options.get("depends_on", []) or [])
            for urns in r.property_dependencies.values():
                deps.update(urns)
            return deps

        seen: set[str] = set()
        todo = list(direct(resource))
        while todo:
            urn = todo.pop()
            if urn in seen:
                continue
            seen.add(urn)
            found = self.by_urn(urn)
            if found is not None:
                todo.extend(direct(found))
                todo.extend(r.urn for r in self.resources if r.parent == urn)
        return seen

    # Findings -------------------------------------------------------------------------------------------

    def ok(self, resource: Resource | None, found: str) -> Finding:
        return Finding(True, resource.urn if resource else None, resource.name if resource else self.stack, found)

    def bad(self, resource: Resource | None, found: str, fix: str) -> Finding:
        return Finding(False, resource.urn if resource else None, resource.name if resource else self.stack, found, fix)

    def expect(self, resource: Resource, path: str, want: Any, fix: str | None = None) -> Finding:
        """Pass when the input at `path` equals `want` exactly (explicit; absent fails)."""
        value = get(resource.inputs, path)
        if equal(value, want):
            return self.ok(resource, f"{path} = {show(value)}")
        return self.bad(resource, f"{path} = {show(value)}", fix or f"set {path} = {show(want)}")

    def expect_set(self, resource: Resource, path: str, fix: str) -> Finding:
        """Pass when the input at `path` is present and non-empty."""
        value = get(resource.inputs, path)
        if value not in (None, "", [], {}):
            return self.ok(resource, f"{path} = {show(value)}")
        return self.bad(resource, f"{path} = {show(value)}", fix)

    def missing(self, what: str, fix: str) -> Finding:
        """A stack-wide failure: the resource the rule governs is not in the plan."""
        return self.bad(None, f"no {what} in the plan", fix)


def cloud_packages() -> str:
    """The clouds' Pulumi packages, for a message: "aws, azure-native or gcp"."""
    names = [clouds.cloud(name).provider_package for name in clouds.CLOUDS]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def detect_cloud(resources: Iterable[Resource]) -> str:
    """The cloud a plan is for, from its managed-cluster resource, else its resources' Pulumi packages."""
    types = {r.type for r in resources}
    records = [clouds.cloud(name) for name in clouds.CLOUDS]
    for record in records:
        if record.cluster_type in types:
            return record.name
    counts = {record.name: sum(1 for t in types if t.startswith(f"{record.provider_package}:")) for record in records}
    best = max(clouds.CLOUDS, key=lambda name: counts[name])
    if counts[best] == 0:
        raise ValueError(f"cannot tell the plan's cloud: no {cloud_packages()} resources")
    return best
