"""docs/rules.md, generated from the rule registry so the README's rule list never drifts from the code.

Regenerate with `python -m components.policy.docs > docs/rules.md` (a test compares them).
"""

from __future__ import annotations

from components.clouds import CLOUDS
from components.policy.engine import rules

HEADER = """# kumo's security and reliability rules

`kumo check [STACK...|--all] [--json]` runs these rules on each stack's offline plan (no cloud, no
credentials) and exits 3 on any failure a stack does not waive. The same rule functions run in Pulumi
CrossGuard: `pulumi preview --policy-pack components/policy/pack` (pass the stack's `kumo:cluster` mapping as
the pack config key `spec` to apply its waivers).

Rules demand explicit values: a setting left to the cloud's default fails. A rule that cannot be met on a
cloud reports **n/a** there with the reason, never a silent pass. The only way to accept a failure is a
waiver in the stack's spec, with a reason; every report lists the stack's waivers:

```yaml
kumo:cluster:
  waivers:
    - {rule: NET-01, reason: "dev clusters are reached from laptops through an allow-listed public endpoint"}
```

Ids: CIS benchmarks (EKS 1.8.0, AKS 1.8, GKE 1.9.0), checkov (`CKV_*`), trivy / Aqua (`AVD-*`).
Generated from `components/policy/` by `python -m components.policy.docs`.
"""


def rules_table() -> str:
    """The rule list with public ids: in docs/rules.md and, between markers, in the README."""
    lines = ["| Rule | Title | Severity | CIS | checkov | trivy (AVD) |", "|---|---|---|---|---|---|"]
    for rule in rules():
        lines.append(
            f"| {rule.id} | {rule.title} | {rule.severity} | {', '.join(rule.cis) or '—'} | "
            f"{', '.join(rule.checkov) or '—'} | {', '.join(rule.avd) or '—'} |"
        )
    return "\n".join(lines)


def rules_markdown() -> str:
    lines = [HEADER, rules_table()]
    lines.append("\n## What each rule reads, per cloud\n")
    for rule in rules():
        lines.append(f"### {rule.id}: {rule.title}\n")
        for cloud in CLOUDS:
            if cloud in rule.not_applicable:
                lines.append(f"- **{cloud}**: *not applicable*: {rule.not_applicable[cloud]}")
            else:
                lines.append(f"- **{cloud}**: {rule.notes.get(cloud, '')}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(rules_markdown(), end="")
