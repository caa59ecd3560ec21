"""Admission with a policy behind it (GOV-01) and the Kubernetes API's reads audited (LOG-04) on GKE.

- Binary Authorization: the cluster enforces the project's singleton policy (gke.py); this module writes that
  policy: every image is denied unless Google's global policy (GKE system images) or an allowlist pattern (the
  reference app's image and spec.gcp.allowed_registries) admits it. Blocked deployments are audit-logged.
- Data Access audit logs (ADMIN_READ, DATA_READ) for container.googleapis.com: reads of Secrets through the
  Kubernetes API are recorded (who read which Secret, never its value).

Both are project singletons (one Binary Authorization policy per project; one audit config per service):
kumo assumes one cluster per project, as its default stacks have. A second kumo cluster in the same project
would overwrite the policy with its own allowlist, and destroying either stack would reset it to Google's
default (allow all). Facts and sources: admission_facts.py.
"""

from __future__ import annotations

import pulumi_gcp as gcp

from components.gcp import admission_facts as facts
from components.gcp.scope import GcpScope
from components.spec import ClusterSpec


def build_admission_policy(name: str, spec: ClusterSpec, scope: GcpScope) -> gcp.binaryauthorization.Policy:
    """The project's Binary Authorization policy: deny by default, allowlist per the spec, global policy on."""
    app_image = spec.app.image if spec.app.enabled else None
    return gcp.binaryauthorization.Policy(
        f"{name}-admission",
        project=scope.project,
        description=f"kumo cluster {name}: only allow-listed images and GKE system images",
        admission_whitelist_patterns=[
            {"name_pattern": p} for p in facts.admitted_patterns(app_image, spec.gcp.allowed_registries)
        ],
        default_admission_rule={
            "evaluation_mode": facts.DEFAULT_RULE["evaluation_mode"],
            "enforcement_mode": facts.DEFAULT_RULE["enforcement_mode"],
        },
        global_policy_evaluation_mode=facts.GLOBAL_POLICY,
        opts=scope.opts("binaryauthorization"),
    )


def build_read_audit(name: str, scope: GcpScope) -> gcp.projects.IAMAuditConfig:
    """Data Access audit logs (reads) for the Kubernetes API of the project's clusters."""
    return gcp.projects.IAMAuditConfig(
        f"{name}-read-audit",
        project=scope.project,
        service=facts.AUDITED_SERVICE,
        audit_log_configs=[{"log_type": t} for t in facts.READ_LOG_TYPES],
        opts=scope.opts("container"),
    )
