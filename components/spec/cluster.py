"""ClusterSpec: one cluster, described once, valid on EKS, AKS and GKE; and `parse_spec`."""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from components.echo import echo
from components.rule_ids import RULE_IDS
from components.spec.errors import Problem, SpecError, problems_from, raise_problems
from components.spec.limits import CLUSTER_NAME_RE, MAX_POOLS, MIN_KUBERNETES_MINOR, VERSION_RE, SpecModel, Tags
from components.spec.network import ApiSpec, NetworkSpec
from components.spec.nodes import NodePoolSpec
from components.spec.storage import StorageSpec
from components.spec.workload import AppSpec, GuardrailsSpec, LoadBalancerSpec


class Waiver(SpecModel):
    """Accepts one failed security rule for this stack, with the reason on record."""

    rule: str
    """The rule id, such as NET-01."""
    reason: str = Field(min_length=10)
    """Why the failure is accepted (at least 10 characters)."""

    @field_validator("rule")
    @classmethod
    def _known(cls, rule: str) -> str:
        if rule not in RULE_IDS:
            near = difflib.get_close_matches(rule, RULE_IDS, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise ValueError(f"is not a kumo rule id{hint} (known: {', '.join(RULE_IDS)})")
        return rule


class AwsOptions(SpecModel):
    """AWS-only knobs."""

    admin_role_arns: list[str] = Field(default_factory=list)
    """IAM role ARNs given cluster-admin through EKS access entries. Left out: none."""

    @field_validator("admin_role_arns")
    @classmethod
    def _arns(cls, arns: list[str]) -> list[str]:
        for arn in arns:
            if not re.match(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", arn):
                raise ValueError(f"{echo(arn)} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)")
        return arns


class AzureOptions(SpecModel):
    """Azure-only knobs."""

    admin_group_object_ids: list[str] = Field(default_factory=list)
    """Entra ID group object ids given cluster-admin through Azure RBAC. Left out: none."""
    sku_tier: Literal["Free", "Standard", "Premium"] = "Standard"
    """AKS control-plane tier; Standard carries the uptime SLA. Left out: Standard."""
    hsm_keys: bool = False
    """Create kumo's Key Vault keys (etcd, disks, shared store) as HSM-protected RSA-HSM keys in Premium vaults
    instead of software-protected RSA keys in Standard vaults. The trade-off is price:
    an HSM-protected key is billed per key each month and its operations at the Premium rate, a software key only
    per operation (https://azure.microsoft.com/pricing/details/key-vault/). Key Vault cannot change an existing
    key's type: choose before the first `kumo up`. Left out: off (software-protected keys)."""

    @field_validator("admin_group_object_ids")
    @classmethod
    def _uuids(cls, ids: list[str]) -> list[str]:
        for gid in ids:
            if not re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", gid):
                raise ValueError(f"{echo(gid)} is not a lowercase object id (a UUID)")
        return ids


BINAUTHZ_PATTERN_RE = re.compile(r"^[a-z0-9.-]+\.[a-z0-9.-]+(:[0-9]+)?/(?=.)[A-Za-z0-9._/@:-]*\*{0,2}$")
"""A Binary Authorization allowlist pattern: registry/path, wildcards only trailing and after the registry's
/ (https://cloud.google.com/binary-authorization/docs/reference/rest/v1/projects.policy, read 2026-12-02)."""


class GcpOptions(SpecModel):
    """Google Cloud-only knobs."""

    security_group: str | None = None
    """Google Groups for RBAC group (gke-security-groups@DOMAIN). Left out: off."""
    release_channel: Literal["RAPID", "REGULAR", "STABLE"] = "REGULAR"
    """GKE release channel for automatic upgrades. Left out: REGULAR."""
    allowed_registries: list[str] = Field(default_factory=list, max_length=50)
    """Binary Authorization allowlist patterns beyond the reference app's image: `registry/path/image`, a
    trailing `*` (one level) or `**` (any depth) after the registry's `/`, e.g. us-docker.pkg.dev/PROJECT/REPO/**.
    GKE's own system images are admitted by Google's global policy. Left out: the app's image only."""

    @field_validator("allowed_registries")
    @classmethod
    def _registries(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if not BINAUTHZ_PATTERN_RE.match(pattern):
                raise ValueError(
                    f"{echo(pattern)} is not a Binary Authorization image pattern: registry/path with an optional "
                    "trailing * or ** after the registry's / (e.g. us-docker.pkg.dev/my-project/my-repo/**)"
                )
        return patterns

    @field_validator("security_group")
    @classmethod
    def _group(cls, group: str | None) -> str | None:
        if group is not None and not re.match(r"^gke-security-groups@[a-z0-9.-]+\.[a-z]{2,}$", group):
            raise ValueError("must be gke-security-groups@YOUR-DOMAIN")
        return group


class ClusterSpec(SpecModel):
    """One cluster, described once, built the same way on EKS, AKS and GKE."""

    name: str
    """Cluster name: 2-40 lowercase letters, digits and hyphens, letter first (GKE's limit). Left out: the
    stack name."""
    kubernetes_version: str | None = None
    """Kubernetes minor version "1.NN". Left out: the cloud's default at creation."""
    network: NetworkSpec = NetworkSpec()
    """The cluster's network. Left out: 10.0.0.0/16 over 3 zones with a NAT per zone."""
    api: ApiSpec = ApiSpec()
    """API server exposure. Left out: private endpoint only."""
    node_pools: list[NodePoolSpec] = Field(
        default_factory=lambda: [NodePoolSpec(name="system", size="medium", min_nodes=3, max_nodes=6, system=True)],
        min_length=1,
        max_length=MAX_POOLS,
    )
    """Worker pools (1-30); exactly one is the system pool. Left out: one medium system pool of 3-6 nodes."""
    storage: StorageSpec = StorageSpec()
    """Persistent storage. Left out: block classes only, no shared store."""
    load_balancer: LoadBalancerSpec = LoadBalancerSpec()
    """Load-balancer exposure of the reference app. Left out: internal, port 80."""
    app: AppSpec = AppSpec()
    """The reference workload. Left out: not deployed."""
    guardrails: GuardrailsSpec = GuardrailsSpec()
    """Cluster-wide admission guardrails. Left out: all on."""
    deletion_protection: bool = True
    """Refuse to delete the cluster (GKE/EKS deletion protection, an AKS CanNotDelete lock). Left out: on."""
    tags: Tags = Field(default_factory=dict)
    """Tags / labels on every cloud resource (GCP label rules). Left out: only kumo's own."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Accepted security-rule failures, each with a reason. Left out: none."""
    aws: AwsOptions = AwsOptions()
    """AWS-only settings. Left out: defaults."""
    azure: AzureOptions = AzureOptions()
    """Azure-only settings. Left out: defaults."""
    gcp: GcpOptions = GcpOptions()
    """Google Cloud-only settings. Left out: defaults."""

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not 2 <= len(name) <= 40:
            raise ValueError("must be 2 to 40 characters (GKE's limit)")
        if not CLUSTER_NAME_RE.match(name):
            raise ValueError(
                "must be lowercase letters, digits and '-', start with a letter and end with a "
                "letter or digit (GKE's rule)"
            )
        return name

    @field_validator("kubernetes_version")
    @classmethod
    def _version(cls, version: str | None) -> str | None:
        if version is None:
            return None
        match = VERSION_RE.match(version)
        if not match:
            raise ValueError(
                'must be a minor version "1.NN" such as "1.33" (patch versions are the cloud\'s to choose)'
            )
        if int(match.group(1)) < MIN_KUBERNETES_MINOR:
            raise ValueError(
                f"must be 1.{MIN_KUBERNETES_MINOR} or newer: older versions are out of standard "
                "support on EKS, AKS and GKE"
            )
        return version

    @model_validator(mode="after")
    def _cross(self) -> ClusterSpec:
        problems = _cluster_problems(
            [(p.name, p.system) for p in self.node_pools], self.app.enabled, self.storage.shared is not None
        )
        zones = self.network.zones
        for i, pool in enumerate(self.node_pools):
            # Pools start with the same number of nodes in every zone (GKE's regional pools): some whole
            # number per zone must land between min_nodes and max_nodes.
            if not any(pool.min_nodes <= per_zone * zones <= pool.max_nodes for per_zone in range(pool.max_nodes + 1)):
                problems.append(
                    Problem(
                        ("node_pools", i, "max_nodes"),
                        pool.max_nodes,
                        f"must allow an equal number of nodes in each of the {zones} zones: "
                        f"raise max_nodes to at least {-(-max(pool.min_nodes, 1) // zones) * zones} "
                        f"or lower min_nodes",
                    )
                )
        raise_problems(problems)
        return self

    @property
    def system_pool(self) -> NodePoolSpec:
        """The pool that runs system add-ons."""
        return next(p for p in self.node_pools if p.system)


def _cluster_problems(pools: list[tuple[Any, Any]], app_enabled: bool, has_shared: bool) -> list[Problem]:
    """Rules across sections: unique pool names, exactly one system pool, the app needs shared storage.

    Also run on the raw data when other fields fail, so these problems are reported in the same run."""
    problems: list[Problem] = []
    names = [name for name, _ in pools]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(Problem(("node_pools", i, "name"), name, "is already used by another pool"))
    system = [i for i, (_, is_system) in enumerate(pools) if is_system is True]
    if len(system) != 1:
        problems.append(
            Problem(("node_pools",), names, f"must have exactly one pool with system: true (found {len(system)})")
        )
    if app_enabled and not has_shared:
        problems.append(
            Problem(
                ("app", "enabled"),
                True,
                "the reference app serves files from the shared "
                "volume: set storage.shared (for example {size_gb: 1024})",
            )
        )
    return problems


def _raw_cluster_problems(data: dict[str, Any]) -> list[Problem]:
    pools = data.get("node_pools")
    if pools is None:
        pools = [{"name": "system", "system": True}]
    pairs = [(p.get("name"), p.get("system")) for p in pools if isinstance(p, dict)] if isinstance(pools, list) else []
    app = data.get("app") if isinstance(data.get("app"), dict) else {}
    storage = data.get("storage") if isinstance(data.get("storage"), dict) else {}
    return _cluster_problems(pairs, (app or {}).get("enabled") is True, (storage or {}).get("shared") is not None)


_CROSS_MESSAGES = {p.message for p in _cluster_problems([("a", False), ("a", False)], True, False)}


def parse_spec(data: Any, *, default_name: str, root: str = "kumo:cluster") -> ClusterSpec:
    """Validate raw stack config into a `ClusterSpec`, or raise `SpecError` listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecError([Problem((), data, "must be a mapping of spec keys")], root)
    if "name" not in data:
        data = {**data, "name": default_name}
    try:
        return ClusterSpec.model_validate(data)
    except ValidationError as error:
        problems = problems_from(error, ClusterSpec)
        if not any(p.path[:1] in (("node_pools",), ("app",)) and p.message in _CROSS_MESSAGES for p in problems):
            # The cross-section checks did not run (a field failed): run them on the raw data.
            problems += [p for p in _raw_cluster_problems(data) if p not in problems]
        raise SpecError(problems, root) from None
