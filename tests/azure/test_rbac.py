"""Who may do what on Azure (components/azure/rbac.py, identity.py, propagation.py), held against the plan.

The built-in role ids and every grant kumo makes are pinned with exact values copied from their sources; then
every planned role assignment is checked to be exactly a documented grant (role, scope, principal), and every
wait to last the documented propagation bound after exactly the grants it names. What this does not prove:
that Azure still documents the same after 2026-12-01, or that a real grant takes effect within the bound.
"""

from __future__ import annotations

import pytest

from components.azure import facts, mocks, rbac
from components.azure.identity import deployer_principal_type
from components.records import Plan
from tests.azure.conftest import SUBSCRIPTION, arm, named

CLUSTER = "azure-native:containerservice:ManagedCluster"
ROLE = "azure-native:authorization:RoleAssignment"
WAIT = "pulumi-python:dynamic/kumo:RolePropagation"

# -- Roles and grants ---------------------------------------------------------------------------------------


def test_built_in_role_ids() -> None:
    # Microsoft's "Azure built-in roles" table (the same ids in every tenant).
    assert {name: role.guid for name, role in rbac.ROLES.items()} == {
        "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
        "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
        "Key Vault Contributor": "f25e0fa2-a7c8-4377-a976-54943a77a395",
        "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        "Managed Identity Operator": "f1a07417-d97a-45cb-824c-7a7467783830",
        "Reader": "acdd72a7-3385-48ef-bd42-f6fb9c1fd2f2",
        "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
        "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        "Azure Kubernetes Service RBAC Cluster Admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
        "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    }
    assert {g.role for g in rbac.GRANTS} | set(rbac.DEPLOYER_PREREQUISITES) == set(rbac.ROLES)


# The words GRANTS uses for principals and scopes -> the planned resource (name suffix) each one means.
PRINCIPALS = {
    "disk encryption set": "des",
    "shared-store identity": "shared-identity",
    "flow-log identity": "flow-logs-identity",
    "control-plane identity": "control-plane",
}
SCOPES = {
    "disk key": "disks",
    "shared-store key": "shared-key",
    "etcd key": "etcd",
    "cluster vault": "kv",
    "kubelet identity": "kubelet",
    "virtual network": "vnet",
    "disk encryption set": "des",
    "shared-store account": "shared-account",
    "flow-log account": "flow-logs",
    "network resource group": "rg",
    "cluster": "aks",
}


def test_every_planned_grant_is_a_documented_grant_and_every_grant_is_planned(dev_plan: Plan) -> None:
    """dev1 has every optional grant (shared storage, a static load-balancer IP)."""
    planned = {r.name.removeprefix("dev1-"): r for r in dev_plan.of_type(ROLE)}
    assert sorted(planned) == sorted(g.suffix for g in rbac.GRANTS)
    for fact in rbac.GRANTS:
        r = planned[fact.suffix]
        assert (r.layer, r.inputs["roleDefinitionId"].rsplit("/", 1)[-1]) == (
            fact.layer,
            rbac.ROLES[fact.role].guid,
        ), fact.suffix
        assert r.inputs["scope"] == arm(dev_plan, f"dev1-{SCOPES[fact.scope]}"), fact.suffix
        if fact.principal == "deployer":
            assert r.inputs["principalId"] == mocks.OBJECT_ID
        else:
            assert r.property_dependencies["principalId"] == [
                named(dev_plan, f"dev1-{PRINCIPALS[fact.principal]}").urn
            ], fact.suffix
            assert r.inputs["principalType"] == "ServicePrincipal"
        assert fact.source.url.startswith("https://learn.microsoft.com/azure/")


@pytest.mark.parametrize(
    ("client_id", "principal_type"),
    [
        ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "User"),  # az login
        ("1950a258-227b-4e31-a9cf-717495945fc2", "User"),  # Connect-AzAccount
        (mocks.CLIENT_ID, "ServicePrincipal"),  # a CI service principal, workload identity or managed identity
        (None, None),  # unknown: left out, ARM looks the principal up
    ],
)
def test_deployer_principal_type(client_id: str | None, principal_type: str | None) -> None:
    assert deployer_principal_type(client_id) == principal_type
    assert set(rbac.USER_SIGN_IN_APPS) == {
        "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
        "1950a258-227b-4e31-a9cf-717495945fc2",
    }

    assert rbac.USER_SIGN_IN_SOURCE.url == (
        "https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in"
    )


def test_every_wait_lasts_the_documented_propagation_bound(prod_plan: Plan, dev_plan: Plan) -> None:
    assert (facts.ROLE_PROPAGATION.seconds, facts.ROLE_PROPAGATION.source.url) == (
        600,
        "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting"
        "#symptom---role-assignment-changes-are-not-being-detected",
    )
    for plan in (prod_plan, dev_plan):
        waits = plan.of_type(WAIT)
        assert len(waits) == 4
        assert {w.inputs["seconds"] for w in waits} == {600.0}
        for w in waits:  # each waits for exactly the grants it names
            assert sorted(w.options["depends_on"]) == sorted(
                r.urn for r in plan.of_type(ROLE) if r.id in w.inputs["grants"]
            )


def test_each_layers_grants_are_in_its_accounts_subscription(prod_plan: Plan) -> None:
    """The data layer's account (scope.Account) is its provider's own, read from the client configuration; the
    cluster layer's is the data layer's outputs, so its role definition ids come through the stack reference."""
    reference = prod_plan.layers["cluster"].one("pulumi:pulumi:StackReference", "prod1-data-layer").urn
    dependencies = {
        r.name: (r.layer, r.property_dependencies.get("roleDefinitionId") or []) for r in prod_plan.of_type(ROLE)
    }
    assert dependencies == {
        "prod1-des-key-access": ("data", []),
        "prod1-shared-key-access": ("data", []),
        "prod1-flow-logs-writer": ("data", []),
        "prod1-kms-key-user": ("cluster", [reference]),
        "prod1-kms-private-link": ("cluster", [reference]),
        "prod1-kubelet-operator": ("cluster", [reference]),
        "prod1-vnet-network": ("cluster", [reference]),
        "prod1-des-reader": ("cluster", [reference]),
        "prod1-shared-csi-access": ("cluster", [reference]),
        "prod1-deployer-cluster-admin": ("cluster", [reference]),
    }
    assert prod_plan.layers["data"].exports["subscription_id"] == SUBSCRIPTION


def test_role_assignments_are_exact(prod_plan: Plan) -> None:
    grants = {
        r.name: (r.inputs["roleDefinitionId"].rsplit("/", 1)[-1], r.inputs["scope"], r.inputs["principalType"])
        for r in prod_plan.of_type(ROLE)
    }
    roles = {name: role.guid for name, role in rbac.ROLES.items()}
    assert grants == {
        "prod1-deployer-cluster-admin": (
            roles["Azure Kubernetes Service RBAC Cluster Admin"],
            prod_plan.one(CLUSTER).id,
            "ServicePrincipal",
        ),
        "prod1-des-key-access": (
            roles["Key Vault Crypto Service Encryption User"],
            arm(prod_plan, "prod1-disks"),
            "ServicePrincipal",
        ),
        "prod1-kms-key-user": (roles["Key Vault Crypto User"], arm(prod_plan, "prod1-etcd"), "ServicePrincipal"),
        # KMS with a private vault: AKS makes the vault's private endpoint as the KMS identity.
        "prod1-kms-private-link": (roles["Key Vault Contributor"], arm(prod_plan, "prod1-kv"), "ServicePrincipal"),
        "prod1-kubelet-operator": (
            roles["Managed Identity Operator"],
            arm(prod_plan, "prod1-kubelet"),
            "ServicePrincipal",
        ),
        "prod1-vnet-network": (roles["Network Contributor"], arm(prod_plan, "prod1-vnet"), "ServicePrincipal"),
        "prod1-des-reader": (roles["Reader"], arm(prod_plan, "prod1-des"), "ServicePrincipal"),
        "prod1-shared-key-access": (
            roles["Key Vault Crypto Service Encryption User"],
            arm(prod_plan, "prod1-shared-key"),
            "ServicePrincipal",
        ),
        "prod1-shared-csi-access": (
            roles["Storage Account Contributor"],
            arm(prod_plan, "prod1-shared-account"),
            "ServicePrincipal",
        ),
        "prod1-flow-logs-writer": (
            roles["Storage Blob Data Contributor"],
            arm(prod_plan, "prod1-flow-logs"),
            "ServicePrincipal",
        ),
    }
    # The deployer is whoever the provider signs in as (mocks: a service principal, not the az CLI app).
    assert named(prod_plan, "prod1-deployer-cluster-admin").inputs["principalId"] == mocks.OBJECT_ID
    for r in prod_plan.of_type(ROLE):
        assert r.inputs["roleDefinitionId"].startswith(
            f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/"
        )
    control_plane_grants = {
        "prod1-kms-key-user",
        "prod1-kms-private-link",
        "prod1-kubelet-operator",
        "prod1-vnet-network",
        "prod1-des-reader",
        "prod1-shared-csi-access",
    }
    cp_urn = named(prod_plan, "prod1-control-plane").urn
    for name in control_plane_grants:
        assert named(prod_plan, name).property_dependencies["principalId"] == [cp_urn], name


def test_cluster_waits_for_its_grants_to_propagate(prod_plan: Plan) -> None:
    """Issue 12: the KMS key grant was created seconds before the cluster that checks it. The cluster now
    waits for a RolePropagation that exists only once its five grants have had Azure's documented 600 s."""
    cluster = prod_plan.one(CLUSTER)
    wait = named(prod_plan, "prod1-identity-grants-propagation")
    grants = [
        "prod1-kms-key-user",
        "prod1-kms-private-link",
        "prod1-kubelet-operator",
        "prod1-vnet-network",
        "prod1-des-reader",
    ]
    assert wait.urn in cluster.options["depends_on"]
    assert sorted(wait.options["depends_on"]) == sorted(named(prod_plan, n).urn for n in grants)
    assert wait.inputs["grants"] == [arm(prod_plan, n) for n in grants]  # a replaced grant waits again
    assert wait.inputs["seconds"] == 600.0
    assert (wait.parent, wait.provider) == (prod_plan.one("kumo:azure:ClusterLayer").urn, None)
    # The disk key's grant and the node subnet are the data layer's: applied (a whole stack) before this one,
    # whose own wait runs before the first node disk.
    assert {named(prod_plan, n).layer for n in ("prod1-des-key-access", "prod1-nodes")} == {"data"}


def test_in_cluster_layer_starts_after_its_grants_propagated(prod_plan: Plan, dev_plan: Plan) -> None:
    """The grants the in-cluster layer relies on at once (the deployer's Kubernetes role, the file CSI grant,
    the load-balancer IP grant) are the last wait of the cluster stack."""
    for plan, prefix, grants in (
        (prod_plan, "prod1", ["shared-csi-access", "deployer-cluster-admin"]),
        (dev_plan, "dev1", ["shared-csi-access", "deployer-cluster-admin", "lb-ip-network"]),
    ):
        wait = named(plan, f"{prefix}-access-grants-propagation")
        assert wait.layer == "cluster"
        assert wait.inputs["grants"] == [arm(plan, f"{prefix}-{g}") for g in grants]
        assert sorted(wait.options["depends_on"]) == sorted(named(plan, f"{prefix}-{g}").urn for g in grants)
