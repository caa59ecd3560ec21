"""What kumo's Binary Authorization policy and Kubernetes audit config hold: pure data and functions, no Pulumi.
GOV-01 and LOG-04 judge the planned policy with their own reading of these documents (components/policy).

Sources (read 2026-12-02):
- Policy fields and enums: https://cloud.google.com/binary-authorization/docs/reference/rest/v1/projects.policy
  (globalPolicyEvaluationMode ENABLE: "a Google-maintained global admission policy for common system-level
  images" is evaluated first, so GKE's own system images need no allowlist entry here).
- Allowlist pattern form: "registry/path/to/image", a trailing `*` (not matching `/`) or `**` (any depth),
  wildcards only after the `registry/` part (AdmissionWhitelistPattern.namePattern).
- GKE Data Access audit logs: https://cloud.google.com/kubernetes-engine/docs/concepts/audit-policy (ADMIN_READ:
  "read metadata about Kubernetes resources, such as listing Pods"; DATA_READ: "read data in Kubernetes
  resources"); both are off until enabled for container.googleapis.com, and billed as Cloud Logging ingestion.
"""

from __future__ import annotations

DEFAULT_RULE: dict[str, str] = {
    "evaluation_mode": "ALWAYS_DENY",
    "enforcement_mode": "ENFORCED_BLOCK_AND_AUDIT_LOG",
}
"""The project's default admission rule: deny every image no allowlist pattern (or the global policy) admits."""
GLOBAL_POLICY = "ENABLE"

AUDITED_SERVICE = "container.googleapis.com"
"""The service whose Data Access audit logs carry the Kubernetes API's reads (GKE audit policy)."""
READ_LOG_TYPES: tuple[str, ...] = ("ADMIN_READ", "DATA_READ")
"""Both read types: GKE files a list of Secrets under ADMIN_READ and reads of resource data under DATA_READ;
GKE's Kubernetes audit policy records Secrets at the Metadata level (names, never values)."""

DOCKER_HUB = "docker.io"


def image_pattern(image: str) -> str:
    """The allowlist pattern admitting exactly `image` (its tag or digest kept), with Docker Hub's implicit
    registry (and `library/` for official images) made explicit: "nginx:1.27" -> "docker.io/library/nginx:1.27"."""
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return image
    return f"{DOCKER_HUB}/{image}" if rest else f"{DOCKER_HUB}/library/{image}"


def admitted_patterns(app_image: str | None, allowed: list[str]) -> list[str]:
    """The policy's allowlist: the reference app's image (when deployed) and the spec's own patterns, in order,
    without repeats."""
    patterns = ([image_pattern(app_image)] if app_image else []) + list(allowed)
    return list(dict.fromkeys(patterns))
