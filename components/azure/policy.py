"""Azure Policy for Kubernetes with a policy behind it (GOV-01): the built-in "Kubernetes cluster pod security
baseline standards for Linux-based workloads" initiative, assigned at the cluster's scope with effect Deny.

The AKS Azure Policy add-on (aks.py: addonProfiles.azurepolicy) only runs Gatekeeper; without an assignment it
enforces nothing. The assignment makes the add-on refuse privileged containers, host network/PID/IPC, added
capabilities beyond the baseline set and hostPath volumes, outside the initiative's default excluded
namespaces (kube-system, gatekeeper-system, azure-arc), the same bar as the Pod Security Admission labels
kumo puts on its namespaces, cluster-wide.

Source (read 2026-12-02): the initiative's definition in Azure/azure-policy,
built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json (version 1.2.0): id
/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d, parameter
`effect` (Audit by default; Deny allowed), `excludedNamespaces` (default the three above).
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import authorization

from components.azure.scope import AzureScope

BASELINE_INITIATIVE = "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d"
"""Kubernetes cluster pod security baseline standards for Linux-based workloads (built-in initiative)."""
EFFECT = "Deny"
EXCLUDED_NAMESPACES: tuple[str, ...] = ("kube-system", "gatekeeper-system", "azure-arc")
"""The initiative's own default exclusions, written out so the plan shows them."""


def build_pod_security_assignment(
    name: str, scope: AzureScope, *, cluster_id: pulumi.Input[str]
) -> authorization.PolicyAssignment:
    """The baseline initiative assigned to the cluster (Deny), enforced by the Azure Policy add-on."""
    return authorization.PolicyAssignment(
        f"{name}-pod-security",
        policy_assignment_name=f"{name}-pod-security-baseline"[:64],
        scope=cluster_id,
        policy_definition_id=BASELINE_INITIATIVE,
        display_name=f"kumo {name}: Kubernetes pod security baseline (deny)",
        enforcement_mode="Default",
        parameters={
            "effect": {"value": EFFECT},
            "excludedNamespaces": {"value": list(EXCLUDED_NAMESPACES)},
        },
        opts=scope.opts(),
    )
