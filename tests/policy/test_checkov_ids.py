"""Every checkov id a rule cites agrees with the rule's verdict on kumo's default stacks (issue 16).

Each id below was cited once, and its checkov check (bridgecrewio/checkov, the file named in the row) fails
on a default stack whose rule passes. The id is no longer cited and the cloud's note says why; the facts
that make checkov fail are pinned on the planned stacks, so a change that makes an id hold again shows up.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.offline import plan_stack
from components.policy.engine import Report, evaluate
from components.policy.model import RULES
from components.records import Resource
from components.stackfiles import load_stack

UNCITED = [
    # (rule, cloud, id, checkov's source file, stack whose plan checkov would fail)
    ("IAM-05", "gcp", "CKV_GCP_65", "gcp/GKEKubernetesRBACGoogleGroups.py", "gcp-dev"),
    ("ENC-02", "gcp", "CKV_GCP_82", "gcp/GoogleKMSPreventDestroy.py", "gcp-dev"),
    ("NET-04", "gcp", "CKV_GCP_12", "gcp/GKENetworkPolicyEnabled.py", "gcp-dev"),
    ("REL-02", "azure", "CKV_AZURE_232", "azure/AKSOnlyCriticalPodsOnSystemNodes.py", "azure-dev"),
    ("ENC-06", "azure", "CKV_AZURE_3", "azure/StorageAccountsTransportEncryption.py", "azure-dev"),
    ("DATA-03", "azure", "CKV2_AZURE_38", "graph_checks/azure/AzureStorageAccountEnableSoftDelete.yaml", "azure-dev"),
    ("ENC-07", "azure", "CKV_AZURE_40", "azure/KeyExpirationDate.py", "azure-dev"),
    ("DATA-03", "aws", "CKV2_AWS_9", "graph_checks/aws/EBSAddedBackup.yaml", "aws-prod"),
    ("NODE-05", "aws", "CKV_AWS_339", "aws/EKSPlatformVersion.py", "aws-prod"),
    ("NET-08", "aws", "CKV_AWS_91", "aws/ELBv2AccessLogs.py", "aws-prod"),
    ("NET-08", "aws", "CKV_AWS_150", "aws/LBDeletionProtection.py", "aws-prod"),
    ("NET-08", "aws", "CKV2_AWS_20", "graph_checks/aws/ALBRedirectsHTTPToHTTPS.yaml", "aws-prod"),
]

CHECKOV_339_VERSIONS = ("1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35")
"""EKSPlatformVersion.get_expected_values in checkov's source read on 2026-12-02."""


@pytest.fixture(scope="module")
def stacks() -> dict[str, tuple[list[Resource], Report]]:
    out = {}
    for name in ("aws-prod", "azure-dev", "gcp-dev"):
        stack = load_stack(name)
        resources = plan_stack(stack).resources
        out[name] = (resources, evaluate(resources, stack.spec(), cloud=stack.cloud, stack=name))  # type: ignore[arg-type]
    return out


def of(resources: list[Resource], type_: str) -> list[Resource]:
    return [r for r in resources if r.type == type_]


def status(report: Report, rule: str) -> str:
    return next(r.status for r in report.results if r.rule.id == rule)


@pytest.mark.parametrize(("rule", "cloud", "id_", "source", "stack"), UNCITED)
def test_an_id_checkov_fails_while_the_rule_passes_is_not_cited(
    stacks: dict[str, tuple[list[Resource], Report]], rule: str, cloud: str, id_: str, source: str, stack: str
) -> None:
    cited = {r.id for r in RULES.values() for c in r.checkov if c.split(" ")[0] == id_}
    # DATA-01 keeps CKV_GCP_82 as an analogue: it fails (waived) on the dev stacks whose keys are unprotected.
    assert cited == ({"DATA-01"} if id_ == "CKV_GCP_82" else set())
    assert f"{id_} is not cited" in RULES[rule].notes[cloud] or f"{id_} (" in RULES[rule].notes[cloud]
    expected = "n/a" if (rule, cloud) == ("IAM-05", "gcp") else "pass"
    assert status(stacks[stack][1], rule) == expected


def test_the_rules_whose_ids_changed_cite_exactly() -> None:
    assert {r: RULES[r].checkov for r in ("IAM-05", "REL-02", "NODE-05", "ENC-07", "NET-07")} == {
        "IAM-05": (),
        "REL-02": (),
        "NODE-05": (),
        "ENC-07": ("CKV_AZURE_109", "CKV_AZURE_189"),
        "NET-07": (),
    }
    assert RULES["ENC-02"].checkov == (
        "CKV_AWS_7",
        "CKV_AWS_33",
        "CKV2_AWS_64",
        "CKV_AZURE_110",
        "CKV_AZURE_111",
        "CKV_AZURE_42",
        "CKV_GCP_43",
    )
    assert RULES["NET-04"].checkov == ("CKV_AZURE_7", "CKV2_AZURE_29")
    assert RULES["ENC-06"].checkov == ("CKV_AZURE_44", "CKV_AZURE_35", "CKV_AZURE_59", "CKV2_AZURE_33")
    assert RULES["DATA-03"].checkov == ("CKV2_AWS_18",)
    assert RULES["NET-08"].checkov == ("CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_74")


def test_gcp_dev_plan_fails_the_uncited_gcp_checks(stacks: dict[str, tuple[list[Resource], Report]]) -> None:
    resources, _ = stacks["gcp-dev"]
    (cluster,) = of(resources, "gcp:container/cluster:Cluster")
    got = {k: cluster.inputs.get(k) for k in ("authenticatorGroupsConfig", "networkPolicy", "datapathProvider")}
    # CKV_GCP_65 reads authenticator_groups_config.security_group; CKV_GCP_12 needs a network_policy block.
    assert got == {"authenticatorGroupsConfig": None, "networkPolicy": None, "datapathProvider": "ADVANCED_DATAPATH"}
    keys = of(resources, "gcp:kms/cryptoKey:CryptoKey")
    # CKV_GCP_82 wants prevent_destroy (Pulumi's protect) on every key.
    assert keys and {(k.name, k.options["protect"], k.options["retain_on_delete"]) for k in keys} == {
        (k.name, False, True) for k in keys
    }


def _attr(resource: Resource, path: str) -> Any:
    value: Any = resource.inputs
    for part in path.split("."):
        value = (value or {}).get(part)
    return value


def test_azure_dev_plan_fails_the_uncited_azure_checks(stacks: dict[str, tuple[list[Resource], Report]]) -> None:
    resources, _ = stacks["azure-dev"]
    (cluster,) = of(resources, "azure-native:containerservice:ManagedCluster")
    # CKV_AZURE_232: default_node_pool only_critical_addons_enabled (the CriticalAddonsOnly taint).
    assert [(p["mode"], p.get("nodeTaints")) for p in cluster.inputs["agentPoolProfiles"]] == [("System", [])]
    accounts = {a.name: a for a in of(resources, "azure-native:storage:StorageAccount")}
    shared = accounts["azure-dev-shared-account"]
    # CKV_AZURE_3 wants enable_https_traffic_only; CKV2_AZURE_38 fails every FileStorage account.
    assert (shared.inputs["kind"], shared.inputs["enableHttpsTrafficOnly"]) == ("FileStorage", False)
    # CKV_AZURE_40 reads the key's own expiration date.
    keys = of(resources, "azure-native:keyvault:Key")
    assert keys and [_attr(k, "properties.attributes.expires") for k in keys] == [None] * len(keys)


def test_aws_prod_plan_fails_the_uncited_aws_checks(stacks: dict[str, tuple[list[Resource], Report]]) -> None:
    resources, _ = stacks["aws-prod"]
    (cluster,) = of(resources, "aws:eks/cluster:Cluster")
    assert cluster.inputs["version"] == "1.36" and cluster.inputs["version"] not in CHECKOV_339_VERSIONS
    (service,) = [s for s in of(resources, "kubernetes:core/v1:Service") if s.name == "aws-prod-app-lb-svc"]
    annotations = service.inputs["metadata"]["annotations"]
    assert annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal"
    # CKV_AWS_91 (access logs), CKV_AWS_150 (deletion protection), CKV2_AWS_20 (port 80 not redirected).
    assert "service.beta.kubernetes.io/aws-load-balancer-access-log-enabled" not in annotations
    assert annotations["service.beta.kubernetes.io/aws-load-balancer-attributes"] == (
        "load_balancing.cross_zone.enabled=true"
    )
    assert [(p["protocol"], p["port"]) for p in service.inputs["spec"]["ports"]] == [("TCP", 80.0)]
    # CKV2_AWS_9: no aws_ebs_volume is in a backup selection; kumo creates none (the CSI driver does).
    assert of(resources, "aws:ebs/volume:Volume") == []
