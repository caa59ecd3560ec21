"""Every rule, both ways, on every cloud it applies to: the hand-built good plan passes; one mutation fails it.

A rule that cannot be met on a cloud must report "n/a" there with its reason (never a silent pass).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.policy.catalog import RULE_IDS
from components.policy.engine import check_catalog, evaluate
from components.policy.model import RULES
from components.records import Resource
from tests.policy.fixtures import plan, spec

Mutation = Callable[[list[Resource]], Any]


def put(type_: str, path: str, value: Any, name: str | None = None) -> Mutation:
    """Set (or, with value DROP, remove) an input on every matching resource."""

    def mutate(resources: list[Resource]) -> None:
        hits = [r for r in resources if r.type.endswith(type_) and (name is None or r.name == name)]
        assert hits, type_
        for r in hits:
            *parents, leaf = path.split(".")
            node: Any = r.inputs
            for key in parents:
                node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
            if value is DROP:
                node.pop(leaf, None)
            else:
                node[leaf] = value

    return mutate


def drop(type_: str) -> Mutation:
    def mutate(resources: list[Resource]) -> None:
        before = len(resources)
        resources[:] = [r for r in resources if not r.type.endswith(type_)]
        assert len(resources) < before, type_

    return mutate


def option(type_: str, key: str, value: Any) -> Mutation:
    def mutate(resources: list[Resource]) -> None:
        for r in resources:
            if r.type.endswith(type_):
                r.options[key] = value

    return mutate


DROP = object()
AKS = "containerservice:ManagedCluster"
POOL0 = "agentPoolProfiles.0"
SVC = "core/v1:Service"
LB_AWS = "service.beta.kubernetes.io/aws-load-balancer-scheme"

# (rule, cloud, mutation that must make it fail). Absent values are tested as often as wrong ones.
FAILING: list[tuple[str, str, Mutation]] = [
    ("NET-01", "aws", put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True)),
    ("NET-01", "azure", put(AKS, "apiServerAccessProfile.enablePrivateCluster", DROP)),
    ("NET-01", "gcp", put("container/cluster:Cluster", "privateClusterConfig.enablePrivateEndpoint", False)),
    ("NET-02", "aws", put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", DROP)),  # absent = public, no list
    (
        "NET-02",
        "azure",
        put(AKS, "apiServerAccessProfile", {"enablePrivateCluster": False, "authorizedIPRanges": ["0.0.0.0/0"]}),
    ),
    (
        "NET-02",
        "gcp",
        put("container/cluster:Cluster", "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled", DROP),
    ),
    ("NET-03", "aws", put("ec2/subnet:Subnet", "mapPublicIpOnLaunch", DROP, name="private-us-east-1a")),
    ("NET-03", "azure", put("AgentPool", "enableNodePublicIP", True)),
    ("NET-03", "gcp", put("container/cluster:Cluster", "privateClusterConfig.enablePrivateNodes", False)),
    ("NET-04", "aws", put("eks/addon:Addon", "configurationValues", "{}")),
    ("NET-04", "azure", put(AKS, "networkProfile.networkPolicy", DROP)),
    ("NET-04", "gcp", put("container/cluster:Cluster", "datapathProvider", "LEGACY_DATAPATH")),
    ("NET-05", "aws", put("eks/nodeGroup:NodeGroup", "remoteAccess", {"ec2SshKey": "k"})),
    ("NET-05", "azure", put(AKS, f"{POOL0}.securityProfile.sshAccess", DROP)),
    (
        "NET-05",
        "gcp",
        lambda rs: rs.append(
            Resource(
                urn="urn:fw",
                id="fw",
                type="gcp:compute/firewall:Firewall",
                name="ssh",
                parent=None,
                custom=True,
                provider=None,
                inputs={"sourceRanges": ["0.0.0.0/0"], "allows": [{"protocol": "tcp", "ports": ["20-30"]}]},
                secret_paths=[],
                property_dependencies={},
                options={},
            )
        ),
    ),
    ("NET-06", "aws", put("ec2/subnet:Subnet", "availabilityZone", "us-east-1a")),
    ("NET-06", "azure", put(AKS, "networkProfile.networkPlugin", "kubenet")),
    ("NET-06", "gcp", put("container/cluster:Cluster", "ipAllocationPolicy", DROP)),
    ("NET-07", "aws", put(SVC, "metadata.annotations", {LB_AWS: "internet-facing"})),
    ("NET-07", "azure", put(AKS, "networkProfile.loadBalancerSku", "basic")),
    ("NET-07", "gcp", put(SVC, "metadata.annotations", {})),
    (
        "NET-08",
        "aws",
        put(
            SVC,
            "metadata.annotations",
            {LB_AWS: "internet-facing", "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn"},
        ),
    ),
    ("NET-08", "azure", put(SVC, "metadata.annotations", {})),
    ("NET-08", "gcp", put(SVC, "metadata.annotations", {})),
    ("ENC-01", "aws", put("eks/cluster:Cluster", "encryptionConfig", DROP)),
    ("ENC-01", "azure", put(AKS, "securityProfile.azureKeyVaultKms.enabled", False)),
    ("ENC-01", "gcp", put("container/cluster:Cluster", "databaseEncryption.state", "DECRYPTED")),
    ("ENC-02", "aws", put("kms/key:Key", "enableKeyRotation", DROP, name="key")),
    ("ENC-02", "azure", put("keyvault:Vault", "properties.enablePurgeProtection", DROP)),
    ("ENC-02", "gcp", put("kms/cryptoKey:CryptoKey", "rotationPeriod", "31536000s", name="secrets")),
    ("ENC-03", "aws", put("ec2/launchTemplate:LaunchTemplate", "blockDeviceMappings.0.ebs.encrypted", "false")),
    ("ENC-03", "azure", put(AKS, f"{POOL0}.enableEncryptionAtHost", DROP)),
    ("ENC-03", "gcp", put("container/nodePool:NodePool", "nodeConfig.bootDiskKmsKey", DROP)),
    ("ENC-04", "aws", put("v1:StorageClass", "parameters.kmsKeyId", DROP, name="kumo-block")),
    ("ENC-04", "azure", put("v1:StorageClass", "parameters", {}, name="kumo-block-retain")),
    ("ENC-04", "gcp", drop("v1:StorageClass")),
    ("ENC-05", "aws", put("efs/fileSystem:FileSystem", "encrypted", DROP)),
    ("ENC-05", "azure", put("storage:StorageAccount", "encryption.requireInfrastructureEncryption", False)),
    ("ENC-05", "gcp", put("filestore/instance:Instance", "kmsKeyName", DROP)),
    ("ENC-06", "aws", drop("efs/fileSystemPolicy:FileSystemPolicy")),
    ("ENC-06", "azure", put("storage:StorageAccount", "publicNetworkAccess", "Enabled")),
    ("ENC-06", "gcp", put("filestore/instance:Instance", "fileShares.nfsExportOptions.0.squashMode", "NO_ROOT_SQUASH")),
    ("IAM-01", "aws", drop("openIdConnectProvider:OpenIdConnectProvider")),
    ("IAM-01", "azure", put(AKS, "securityProfile.workloadIdentity", DROP)),
    ("IAM-01", "gcp", put("container/cluster:Cluster", "workloadIdentityConfig", DROP)),
    (
        "IAM-02",
        "aws",
        lambda rs: rs.append(
            Resource(
                urn="urn:att",
                id="att",
                type="aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name="node-cni",
                parent=None,
                custom=True,
                provider=None,
                inputs={"policyArn": "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"},
                secret_paths=[],
                property_dependencies={"role": ["urn:pulumi:aws::kumo::aws:iam/role:Role::node-role"]},
                options={},
            )
        ),
    ),
    ("IAM-02", "azure", put(AKS, "identityProfile", DROP)),
    ("IAM-02", "gcp", put("projects/iAMMember:IAMMember", "role", "roles/editor")),
    ("IAM-03", "aws", put("ec2/launchTemplate:LaunchTemplate", "metadataOptions.httpPutResponseHopLimit", 2.0)),
    ("IAM-03", "gcp", put("container/nodePool:NodePool", "nodeConfig.workloadMetadataConfig.mode", "GCE_METADATA")),
    ("IAM-04", "aws", put("eks/cluster:Cluster", "accessConfig.authenticationMode", "CONFIG_MAP")),
    ("IAM-04", "azure", put(AKS, "disableLocalAccounts", DROP)),
    ("IAM-04", "gcp", put("container/cluster:Cluster", "enableLegacyAbac", True)),
    ("IAM-05", "aws", put("eks/cluster:Cluster", "accessConfig.authenticationMode", "CONFIG_MAP")),
    ("IAM-05", "azure", put(AKS, "aadProfile.enableAzureRBAC", False)),
    ("IAM-05", "gcp", put("container/cluster:Cluster", "authenticatorGroupsConfig", {"securityGroup": "x@y.z"})),
    ("LOG-01", "aws", put("eks/cluster:Cluster", "enabledClusterLogTypes", ["api"])),
    ("LOG-01", "azure", drop("monitor:DiagnosticSetting")),
    ("LOG-01", "azure", drop("monitor:DataCollectionRuleAssociation")),  # Container insights would collect nothing
    ("LOG-01", "gcp", put("container/cluster:Cluster", "loggingConfig", DROP)),
    ("LOG-02", "aws", put("cloudwatch/logGroup:LogGroup", "kmsKeyId", DROP)),
    ("LOG-02", "azure", put("operationalinsights:Workspace", "retentionInDays", 30.0)),
    ("LOG-02", "gcp", drop("logging/projectBucketConfig:ProjectBucketConfig")),
    ("NODE-01", "azure", put("AgentPool", "securityProfile.enableVTPM", False)),
    ("NODE-01", "gcp", put("container/nodePool:NodePool", "nodeConfig.shieldedInstanceConfig.enableSecureBoot", DROP)),
    ("NODE-02", "aws", put("eks/nodeGroup:NodeGroup", "amiType", "AL2_x86_64")),
    ("NODE-02", "azure", put("AgentPool", "osSKU", DROP)),
    ("NODE-02", "gcp", put("container/nodePool:NodePool", "nodeConfig.imageType", "UBUNTU_CONTAINERD")),
    ("NODE-03", "aws", put("eks/nodeGroup:NodeGroup", "nodeRepairConfig", DROP)),
    ("NODE-03", "gcp", put("container/nodePool:NodePool", "management.autoRepair", False)),
    ("NODE-04", "aws", put("eks/cluster:Cluster", "upgradePolicy.supportType", "EXTENDED")),
    ("NODE-04", "azure", drop("containerservice:MaintenanceConfiguration")),
    ("NODE-04", "gcp", put("container/nodePool:NodePool", "management.autoUpgrade", DROP)),
    ("NODE-05", "aws", put("eks/cluster:Cluster", "version", "1.27")),
    ("NODE-05", "azure", put("AgentPool", "orchestratorVersion", "1.37")),  # a pool newer than the control plane
    ("NODE-05", "azure", put("containerservice:ManagedCluster", "kubernetesVersion", "1.34")),  # LTS-only on 12-01
    ("NODE-05", "aws", put("eks/cluster:Cluster", "version", "1.33")),  # EKS extended support only
    ("NODE-05", "gcp", put("container/cluster:Cluster", "minMasterVersion", "1.33")),
    ("NODE-05", "gcp", put("container/cluster:Cluster", "minMasterVersion", DROP)),
    ("NODE-06", "aws", put("eks/nodeGroup:NodeGroup", "updateConfig", DROP)),
    ("NODE-06", "azure", put("AgentPool", "upgradeSettings", DROP)),
    ("NODE-06", "gcp", put("container/nodePool:NodePool", "upgradeSettings.maxUnavailable", 1.0)),
    ("REL-01", "aws", put("eks/nodeGroup:NodeGroup", "subnetIds", ["subnet-us-east-1a"])),
    ("REL-01", "azure", put(AKS, f"{POOL0}.availabilityZones", ["1"])),
    ("REL-01", "gcp", put("container/cluster:Cluster", "location", "us-central1-a")),
    ("REL-02", "aws", put("eks/nodeGroup:NodeGroup", "scalingConfig.minSize", 1.0)),
    ("REL-02", "azure", put(AKS, f"{POOL0}.scaleSetPriority", "Spot")),
    ("REL-02", "gcp", put("container/nodePool:NodePool", "nodeConfig.labels", {"kumo.io/pool": "other"})),
    ("REL-03", "azure", put(AKS, "sku.tier", "Free")),
    ("REL-03", "gcp", put("container/cluster:Cluster", "location", "us-central1-a")),
    ("REL-04", "aws", put("eks/cluster:Cluster", "deletionProtection", DROP)),
    ("REL-04", "azure", put("authorization:ManagementLockByScope", "level", "ReadOnly")),
    ("REL-04", "gcp", put("container/cluster:Cluster", "deletionProtection", False)),
    ("DATA-01", "aws", option("efs/fileSystem:FileSystem", "protect", False)),
    (
        "DATA-01",
        "azure",
        option("kms/key:Key", "protect", False)
        if False
        else option("resources:ResourceGroup", "retain_on_delete", False),
    ),
    (
        "DATA-01",
        "gcp",
        lambda rs: next(r for r in rs if r.type.endswith("filestore/instance:Instance")).property_dependencies.update(
            {"network": ["urn:pulumi:gcp::kumo::gcp:container/cluster:Cluster::t1"]}
        ),
    ),
    ("DATA-02", "aws", put("v1:StorageClass", "reclaimPolicy", "Delete", name="kumo-block-retain")),
    ("DATA-02", "azure", put("v1:StorageClass", "allowVolumeExpansion", DROP, name="kumo-block")),
    ("DATA-02", "gcp", put("core/v1:PersistentVolume", "spec.persistentVolumeReclaimPolicy", "Delete")),
    ("DATA-03", "aws", put("efs/backupPolicy:BackupPolicy", "backupPolicy.status", "DISABLED")),
    ("DATA-03", "azure", put("storage:FileServiceProperties", "shareDeleteRetentionPolicy.enabled", False)),
    ("DATA-03", "gcp", drop("backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation")),
    ("DATA-04", "aws", option("efs/fileSystem:FileSystem", "delete_before_replace", True)),
    ("DATA-04", "azure", option(AKS, "delete_before_replace", True)),
    ("DATA-04", "gcp", option("filestore/instance:Instance", "delete_before_replace", True)),
    ("DATA-05", "aws", put("eks/cluster:Cluster", "kubernetesNetworkConfig.serviceIpv4Cidr", DROP)),
    ("DATA-05", "azure", put(AKS, "dnsPrefix", DROP)),
    ("DATA-05", "gcp", put("container/cluster:Cluster", "privateClusterConfig.masterIpv4CidrBlock", DROP)),
    ("GOV-01", "aws", put("core/v1:Namespace", "metadata.labels", {})),
    ("GOV-01", "azure", put(AKS, "addonProfiles.azurepolicy", DROP)),
    ("GOV-01", "gcp", put("container/cluster:Cluster", "binaryAuthorization", DROP)),
    (
        "GOV-02",
        "aws",
        lambda rs: rs.append(
            Resource(
                urn="urn:dash",
                id="d",
                type="kubernetes:helm.sh/v3:Release",
                name="dash",
                parent=None,
                custom=True,
                provider=None,
                inputs={"chart": "kubernetes-dashboard"},
                secret_paths=[],
                property_dependencies={},
                options={},
            )
        ),
    ),
    ("GOV-02", "azure", put(AKS, "addonProfiles.httpApplicationRouting", {"enabled": True})),
    ("GOV-02", "gcp", put("container/cluster:Cluster", "enableKubernetesAlpha", DROP)),
    ("GOV-03", "aws", put("providers:aws", "defaultTags", '{"tags": {"env": "test"}}')),
    ("GOV-03", "azure", put("storage:StorageAccount", "tags", {"env": "test", "owner": "platform"})),
    ("GOV-03", "gcp", put("container/nodePool:NodePool", "nodeConfig.resourceLabels", DROP)),
]

NOT_APPLICABLE = {("NODE-01", "aws"), ("REL-03", "aws"), ("IAM-03", "azure"), ("NODE-03", "azure")}


def status(resources: list[Resource], cloud: str, rule_id: str, **kw: Any) -> Any:
    return evaluate(resources, kw.pop("spec", spec()), cloud=cloud, only=[rule_id], **kw).results[0]  # type: ignore[arg-type]


def test_catalog_and_rules_agree() -> None:
    assert check_catalog() == []
    assert sorted(RULES) == sorted(RULE_IDS)


def test_every_rule_is_tested_both_ways_on_every_cloud() -> None:
    covered = {(rule, cloud) for rule, cloud, _ in FAILING} | NOT_APPLICABLE
    assert covered == {(rule, cloud) for rule in RULE_IDS for cloud in ("aws", "azure", "gcp")}


def test_every_rule_carries_its_public_ids_and_cloud_notes() -> None:
    for rule in RULES.values():
        assert rule.title and rule.severity
        assert set(rule.notes) == {"aws", "azure", "gcp"}, rule.id


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_good_plan_passes_every_rule(cloud: str) -> None:
    report = evaluate(plan(cloud), spec(), cloud=cloud)  # type: ignore[arg-type]
    assert {r.rule.id: r.status for r in report.results} == {
        rule: "n/a" if (rule, cloud) in NOT_APPLICABLE else "pass" for rule in RULE_IDS
    }


@pytest.mark.parametrize(("rule_id", "cloud", "mutate"), FAILING, ids=[f"{r}-{c}" for r, c, _ in FAILING])
def test_rule_fails(rule_id: str, cloud: str, mutate: Mutation) -> None:
    resources = plan(cloud)
    assert status(resources, cloud, rule_id).status == "pass"
    mutate(resources)
    result = status(resources, cloud, rule_id)
    assert result.status == "fail", result
    assert all(f.rule == rule_id and f.fix for f in result.failures)


@pytest.mark.parametrize(("rule_id", "cloud"), sorted(NOT_APPLICABLE))
def test_not_applicable_says_why(rule_id: str, cloud: str) -> None:
    result = status(plan(cloud), cloud, rule_id)
    assert result.status == "n/a" and len(result.reason) > 20 and not result.findings


def test_rule_with_nothing_to_check_fails() -> None:
    result = status([r for r in plan("aws") if not r.type.endswith("nodeGroup:NodeGroup")], "aws", "NODE-02")
    assert result.status == "fail" and result.failures[0].found.startswith("no node group")


def test_no_shared_storage_is_not_applicable_not_a_pass() -> None:
    resources = [r for r in plan("gcp") if not r.type.endswith("filestore/instance:Instance")]
    result = status(resources, "gcp", "ENC-05", spec=spec(storage={}))
    assert (result.status, result.reason) == ("n/a", "the stack has no shared (RWX) storage")


def test_shared_storage_in_the_spec_but_not_the_plan_fails() -> None:
    resources = [r for r in plan("gcp") if not r.type.endswith("filestore/instance:Instance")]
    assert status(resources, "gcp", "ENC-05").status == "fail"


def test_public_endpoint_with_allow_list_passes_net02_and_fails_on_open_cidr() -> None:
    resources = plan("aws")
    put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True)(resources)
    put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24"])(resources)
    assert status(resources, "aws", "NET-02").status == "pass"
    put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", ["203.0.113.0/24", "0.0.0.0/0"])(resources)
    assert status(resources, "aws", "NET-02").status == "fail"


def test_data04_and_data05_compare_with_the_previous_plan() -> None:
    before = plan("aws")
    after = plan("aws")
    assert status(after, "aws", "DATA-04", previous=before).status == "pass"
    put("efs/fileSystem:FileSystem", "performanceMode", "maxIO")(after)
    assert status(after, "aws", "DATA-04", previous=before).status == "fail"
    assert status(after, "aws", "DATA-05", previous=before).status == "fail"
    assert status(after, "aws", "DATA-05").status == "pass"  # statically still explicit
    gone = [r for r in plan("aws") if not r.type.endswith("efs/fileSystem:FileSystem")]
    assert "deleted" in status(gone, "aws", "DATA-04", previous=before).failures[0].found


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    from pathlib import Path

    from components.policy.docs import rules_markdown

    assert (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text() == rules_markdown(), (
        "regenerate: python -m components.policy.docs > docs/rules.md"
    )


def test_readme_lists_every_rule_with_its_public_ids() -> None:
    from pathlib import Path

    from components.policy.docs import rules_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert block == rules_table(), "regenerate the README's rule table from components.policy.docs.rules_table()"


BPA = "backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation"
BDR_PLAN = "backupdisasterrecovery/backupPlan:BackupPlan"


def test_data03_gcp_passes_on_a_scheduled_backup_and_dr_association_of_the_instance() -> None:
    result = status(plan("gcp"), "gcp", "DATA-03")
    assert result.status == "pass"
    found = {f.name: f.found for f in result.findings}
    assert found == {
        "filestore": "Backup and DR association filestore-bpa -> plan filestore-plan (rules daily) -> vault vault",
        "gke-backup": "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore share)",
    }


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (
            put("filestore/instance:Instance", "tier", "BASIC_HDD"),
            "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore",
        ),
        (
            put("filestore/instance:Instance", "tier", "BASIC_SSD"),
            "tier = 'BASIC_SSD': Backup and DR does not protect basic-tier Filestore",
        ),
        (drop(BPA), "no Backup and DR plan association of the instance"),
        (put(BDR_PLAN, "backupRules", []), "plan filestore-plan: no backupRule with a standardSchedule and retention"),
        (
            put(BDR_PLAN, "backupRules.0.standardSchedule", DROP),
            "plan filestore-plan: no backupRule with a standardSchedule",
        ),
        (put(BDR_PLAN, "resourceType", "compute.googleapis.com/Disk"), "plan filestore-plan: resourceType = "),
        (put("backupdisasterrecovery/backupVault:BackupVault", "forceDelete", True), "vault vault: forceDelete"),
        (
            lambda rs: next(r for r in rs if r.type.endswith(BPA)).property_dependencies.update({"resource": []}),
            "no Backup and DR plan association of the instance",
        ),
    ],
)
def test_data03_gcp_fails_without_real_protection_of_the_share(mutate: Mutation, problem: str) -> None:
    resources = plan("gcp")
    mutate(resources)
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert problem in result.failures[0].found


def test_data03_gcp_backup_for_gke_or_a_one_off_backup_never_counts_for_the_share() -> None:
    """Backup for GKE skips Filestore volumes; a single filestore Backup is not a schedule (the old false pass)."""
    resources = plan("gcp")
    drop(BPA)(resources)
    inst = next(r for r in resources if r.type.endswith("filestore/instance:Instance"))
    put("filestore/instance:Instance", "tier", "BASIC_HDD")(resources)
    resources.append(
        Resource(
            urn="urn:pulumi:gcp::kumo::gcp:filestore/backup:Backup::once",
            id="once",
            type="gcp:filestore/backup:Backup",
            name="once",
            parent=None,
            custom=True,
            provider=None,
            inputs={},
            secret_paths=[],
            property_dependencies={"sourceInstance": [inst.urn]},
            options={},
        )
    )
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert "filestore Backup once is a single backup, not a schedule" in result.failures[0].found
    assert [f.name for f in result.findings if f.passed] == ["gke-backup"]  # reported apart, never for the share


def test_data03_gcp_an_unscheduled_backup_for_gke_plan_is_its_own_failure() -> None:
    resources = plan("gcp")
    put("gkebackup/backupPlan:BackupPlan", "backupSchedule", DROP)(resources)
    result = status(resources, "gcp", "DATA-03")
    assert [f.name for f in result.failures] == ["gke-backup"]


WORKFLOW = "workflows/workflow:Workflow"
JOB = "cloudscheduler/job:Job"


def _edit_source(old: str, new: str) -> Mutation:
    """Replace text in the backup workflow's YAML source (asserting it was there)."""

    def mutate(resources: list[Resource]) -> None:
        w = next(r for r in resources if r.type.endswith(WORKFLOW))
        assert old in w.inputs["sourceContents"], old
        w.inputs["sourceContents"] = w.inputs["sourceContents"].replace(old, new)

    return mutate


def test_data03_gcp_passes_on_scheduled_filestore_backups_of_a_basic_instance() -> None:
    """kumo's GCP shape: BASIC_HDD, no Backup and DR, a daily job running a create-then-expire workflow."""
    result = status(plan("gcp-scheduled"), "gcp", "DATA-03")
    assert result.status == "pass"
    assert {f.name: f.found for f in result.findings} == {
        "filestore": "Cloud Scheduler job backup-schedule (0 1 * * *) -> workflow backup-workflow: backups.create of "
        "t1-shared/kumo, expired backups deleted",
        "gke-backup": "Backup for GKE: cluster objects and Persistent Disk volumes, scheduled (not the Filestore share)",
    }


@pytest.mark.parametrize(
    "mutate, problem",
    [
        (put(JOB, "schedule", DROP), "job backup-schedule: schedule = (absent)"),
        (put(JOB, "schedule", ""), "job backup-schedule: schedule = ''"),
        (put(JOB, "paused", True), "job backup-schedule: paused = True"),
        (put(JOB, "httpTarget.uri", "https://example.com/hook"), "job backup-schedule: httpTarget.uri = "),
        (drop(JOB), "workflow backup-workflow: no Cloud Scheduler job runs it"),
        (
            lambda rs: next(r for r in rs if r.type.endswith(JOB)).property_dependencies.update({"httpTarget": []}),
            "workflow backup-workflow: no Cloud Scheduler job runs it",
        ),
        # The workflow backs up another instance, or another share: it is no backup of this one.
        (
            _edit_source("instances/t1-shared, sourceFileShare", "instances/other-shared, sourceFileShare"),
            "workflow backup-workflow backs up ['projects/p/locations/us-central1-a/instances/other-shared'] share "
            "['kumo'], not t1-shared/kumo",
        ),
        (
            _edit_source(
                "us-central1-a/instances/t1-shared, sourceFileShare",
                "us-central1-b/instances/t1-shared, sourceFileShare",
            ),
            "nothing schedules Filestore backups of it",
        ),
        (_edit_source("sourceFileShare: kumo", "sourceFileShare: other"), "share ['other'], not t1-shared/kumo"),
        # No retention: backups pile up forever (and nothing proves they are kept for a known time).
        (
            _edit_source("googleapis.file.v1.projects.locations.backups.delete", "sys.log"),
            "workflow backup-workflow: no retention step (googleapis.file.v1.projects.locations.backups.delete",
        ),
        (
            _edit_source(
                "parent: projects/p/locations/us-central1\n        backupId",
                "parent: projects/p/locations/europe-west1\n        backupId",
            ),
            "workflow backup-workflow: backups.create parent ['projects/p/locations/europe-west1'] is not the instance's "
            "region us-central1",
        ),
        (
            _edit_source(
                "googleapis.file.v1.projects.locations.backups.create",
                "googleapis.file.v1.projects.locations.backups.get",
            ),
            "nothing schedules Filestore backups of it",
        ),
        (
            put(WORKFLOW, "sourceContents", "main: [unclosed"),
            "workflow backup-workflow: sourceContents is not valid YAML",
        ),
        (
            drop(WORKFLOW),
            "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore, and nothing schedules",
        ),
    ],
)
def test_data03_gcp_scheduled_backups_fail_unless_scheduled_of_this_share_and_expiring(
    mutate: Mutation, problem: str
) -> None:
    resources = plan("gcp-scheduled")
    mutate(resources)
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert [f.name for f in result.failures] == ["filestore"]
    assert problem in result.failures[0].found, result.failures[0].found


def test_data03_gcp_a_backup_and_dr_association_of_a_basic_instance_fails_even_with_a_schedule() -> None:
    """Backup and DR would reject the association of a basic instance: a plan holding one is wrong as planned."""
    resources = plan("gcp")
    put("filestore/instance:Instance", "tier", "BASIC_HDD")(resources)
    resources += [r for r in plan("gcp-scheduled") if r.type.endswith((WORKFLOW, JOB))]
    result = status(resources, "gcp", "DATA-03")
    assert result.status == "fail"
    assert result.failures[0].found.startswith(
        "tier = 'BASIC_HDD': Backup and DR does not protect basic-tier Filestore (its association would be rejected)"
    )


def test_data03_gcp_either_path_passes_alone_and_together() -> None:
    both = plan("gcp") + [r for r in plan("gcp-scheduled") if r.type.endswith((WORKFLOW, JOB))]
    result = status(both, "gcp", "DATA-03")
    assert result.status == "pass"
    found = next(f.found for f in result.findings if f.name == "filestore")
    assert (
        found.startswith("Cloud Scheduler job backup-schedule") and "Backup and DR association filestore-bpa" in found
    )


def _ranges(count: int) -> list[str]:
    return [f"203.0.{i // 256}.{i % 256}/32" for i in range(count)]


@pytest.mark.parametrize(
    ("cloud", "limit", "public"),
    [
        (
            "aws",
            40,
            lambda cidrs: [
                put("eks/cluster:Cluster", "vpcConfig.endpointPublicAccess", True),
                put("eks/cluster:Cluster", "vpcConfig.publicAccessCidrs", cidrs),
            ],
        ),
        (
            "azure",
            200,
            lambda cidrs: [
                put(AKS, "apiServerAccessProfile", {"enablePrivateCluster": False, "authorizedIPRanges": cidrs})
            ],
        ),
        (
            "gcp",
            50,
            lambda cidrs: [
                put("container/cluster:Cluster", "privateClusterConfig.enablePrivateEndpoint", False),
                put(
                    "container/cluster:Cluster",
                    "masterAuthorizedNetworksConfig.cidrBlocks",
                    [{"cidrBlock": c} for c in cidrs],
                ),
            ],
        ),
    ],
)
def test_net02_allow_list_at_and_over_the_clouds_limit(cloud: str, limit: int, public: Any) -> None:
    """EKS takes 40 public access CIDRs, AKS 200 authorized ranges, GKE 50 authorized networks: one more fails."""
    at, over = plan(cloud), plan(cloud)
    for mutate in public(_ranges(limit)):
        mutate(at)
    for mutate in public(_ranges(limit + 1)):
        mutate(over)
    assert status(at, cloud, "NET-02").status == "pass"
    result = status(over, cloud, "NET-02")
    assert result.status == "fail"
    assert result.failures[-1].found.endswith(f"has {limit + 1} entries (limit {limit})")


@pytest.mark.parametrize(
    ("cloud", "type_", "path"),
    [
        ("aws", "cloudwatch/logGroup:LogGroup", "retentionInDays"),
        ("azure", "operationalinsights:Workspace", "retentionInDays"),
        ("gcp", "logging/projectBucketConfig:ProjectBucketConfig", "retentionDays"),
    ],
)
@pytest.mark.parametrize(("days", "expected"), [(89, "fail"), (90, "pass"), (365, "pass"), (None, "fail")])
def test_log02_retention_boundary(cloud: str, type_: str, path: str, days: Any, expected: str) -> None:
    resources = plan(cloud)
    put(type_, path, DROP if days is None else days)(resources)
    assert status(resources, cloud, "LOG-02").status == expected
