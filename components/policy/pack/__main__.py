"""kumo's rules as a Pulumi CrossGuard policy pack: the SAME rule functions `kumo check` runs.

Each rule becomes one `StackValidationPolicy` (kumo's rules read several resources at once: a node group and
its launch template, a key and its grants). The pack adapts CrossGuard's `PolicyResource`s to the offline
engine's `Resource` records and calls `components.policy.engine.evaluate`, so there is never a second copy of
a rule. Pack config (`--policy-pack-config`): `spec`, the stack's raw `kumo:cluster` mapping (intent and
waivers), and `stack`, its name. Without a spec, rules that need intent fall back to what the plan shows and
no waivers apply.

Importing this module builds nothing: `policies()` lists the policies, and only `main()` (run as a script,
as the Pulumi CLI does) builds the `PolicyPack`, which starts the analyzer's gRPC server.

CrossGuard does not expose `retainOnDelete` or `deletedWith`; DATA-01 notes the former as unknown there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # the CLI runs the pack from its own directory
    sys.path.insert(0, str(ROOT))

from pulumi_policy import (  # noqa: E402
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from components.clouds import of_type  # noqa: E402
from components.policy.engine import evaluate, rules  # noqa: E402
from components.policy.model import Rule, cloud_packages  # noqa: E402
from components.records import Resource  # noqa: E402

PACK_NAME = "kumo"


def to_record(resource: PolicyResource) -> Resource:
    """A CrossGuard resource as an offline-engine record (props are the engine's camelCase names)."""
    opts = resource.opts
    provider = resource.provider
    return Resource(
        urn=resource.urn,
        id=str(resource.props.get("id")) if resource.props.get("id") is not None else None,
        type=resource.resource_type,
        name=resource.name,
        parent=resource.parent.urn if resource.parent is not None else (opts.parent if opts else None),
        custom=True,
        provider=f"{provider.urn}::{provider.props.get('id', '')}" if provider is not None else None,
        inputs=dict(resource.props),
        secret_paths=[],
        property_dependencies={k: [d.urn for d in deps] for k, deps in resource.property_dependencies.items()},
        options={
            "protect": bool(opts.protect) if opts else False,
            "retain_on_delete": None,  # not visible to policy packs
            "ignore_changes": list(opts.ignore_changes) if opts else [],
            "depends_on": [d.urn for d in resource.dependencies],
            "deleted_with": None,
            "delete_before_replace": bool(opts.delete_before_replace) if opts else False,
        },
    )


def records(args: StackValidationArgs) -> list[Resource]:
    """Every stack resource, plus the providers they use (their default tags and labels matter)."""
    found = {r.urn: to_record(r) for r in args.resources}
    for r in args.resources:
        p = r.provider
        if p is not None and p.urn not in found:
            found[p.urn] = Resource(
                urn=p.urn,
                id=str(p.props.get("id", "")),
                type=p.resource_type,
                name=p.name,
                parent=None,
                custom=True,
                provider=None,
                inputs=dict(p.props),
                secret_paths=[],
                property_dependencies={},
                options={},
            )
    return list(found.values())


def spec_from_config(config: Any) -> Any:
    """The ClusterSpec from the pack config's `spec` (None without one)."""
    from components.spec import parse_spec

    raw = config.get("spec") if config else None
    if raw is None:
        return None
    return parse_spec(raw, default_name=str(config.get("stack") or "stack"))


def validator(rule: Rule) -> Any:
    """The CrossGuard callback running one kumo rule through the shared engine."""

    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = records(args)
        if not any(of_type(r.type) for r in resources):
            args.not_applicable(f"no {cloud_packages()} resources in the stack")
        spec = spec_from_config(args.get_config())
        report = evaluate(resources, spec, only=[rule.id])
        result = report.results[0]
        if result.status == "n/a":
            args.not_applicable(result.reason)
        if result.status != "fail":
            return
        for finding in result.failures:
            report_violation(f"{finding.found}. Fix: {finding.fix}", finding.urn)

    return validate


def policies() -> list[StackValidationPolicy]:
    """One mandatory stack policy per kumo rule, in catalog order (no server is started)."""
    out = []
    for rule in rules():
        ids = ([f"CIS {', '.join(rule.cis)}"] if rule.cis else []) + [*rule.checkov, *rule.avd]
        out.append(
            StackValidationPolicy(
                name=rule.id.lower(),
                description=f"{rule.id}: {rule.title}" + (f" ({'; '.join(ids)})" if ids else ""),
                validate=validator(rule),
                enforcement_level=EnforcementLevel.MANDATORY,
                display_name=f"{rule.id} {rule.title}",
                remediation_steps="; ".join(f"{cloud}: {note}" for cloud, note in rule.notes.items()),
                tags=[rule.id.split("-")[0].lower(), rule.severity],
            )
        )
    return out


def main() -> None:
    """Serve the pack to the Pulumi CLI (blocks: PolicyPack starts a gRPC server)."""
    from pulumi_policy import PolicyPack

    PolicyPack(name=PACK_NAME, policies=list(policies()), enforcement_level=EnforcementLevel.MANDATORY)


if __name__ == "__main__":
    main()
