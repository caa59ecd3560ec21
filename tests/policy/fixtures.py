"""Hand-built plans that pass every rule, one per cloud: the smallest set of Resource records the rules read.

Each test mutates a deep copy to make exactly one rule fail (tests/policy/test_rules.py).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from components.records import Resource
from components.spec import ClusterSpec, parse_spec

RAW_SPEC: dict[str, Any] = {
    "name": "t1",
    "kubernetes_version": "1.36",
    "network": {"zones": 2},
    "node_pools": [{"name": "system", "min_nodes": 2, "max_nodes": 3, "system": True}],
    "storage": {"shared": {"size_gb": 1024, "protect": True}},
    "tags": {"env": "test", "owner": "platform"},
}
TAGS = {"env": "test", "owner": "platform"}


def spec(**changes: Any) -> ClusterSpec:
    return parse_spec({**RAW_SPEC, **changes}, default_name="t1")


class Builder:
    """Collects Resource records; `add` returns the record so later ones can depend on it."""

    def __init__(self, stack: str) -> None:
        self.stack = stack
        self.resources: list[Resource] = []

    def add(
        self,
        type_: str,
        name: str,
        inputs: dict[str, Any],
        *,
        id: str | None = None,
        deps: dict[str, list[Resource]] | None = None,
        parent: Resource | None = None,
        provider: Resource | None = None,
        **options: Any,
    ) -> Resource:
        r = Resource(
            urn=f"urn:pulumi:{self.stack}::kumo::{type_}::{name}",
            id=id or f"{name}-id",
            type=type_,
            name=name,
            parent=parent.urn if parent else None,
            custom=True,
            provider=f"{provider.urn}::{provider.id}" if provider else None,
            inputs=inputs,
            secret_paths=[],
            property_dependencies={k: [d.urn for d in v] for k, v in (deps or {}).items()},
            options={
                "protect": False,
                "retain_on_delete": False,
                "ignore_changes": [],
                "depends_on": [],
                "deleted_with": None,
                "delete_before_replace": False,
                **options,
            },
        )
        self.resources.append(r)
        return r


def k8s(
    b: Builder,
    cloud: str,
    provisioner: str,
    block_params: dict[str, str],
    shared_driver: str,
    internal: tuple[str, str],
) -> None:
    """The cloud-neutral Kubernetes layer: namespace, classes, shared PV, internal LB Service."""
    labels = {"app.kubernetes.io/managed-by": "kumo"}
    b.add(
        "kubernetes:core/v1:Namespace",
        "ns",
        {"metadata": {"name": "kumo", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}},
    )
    for name, reclaim in (("kumo-block", "Delete"), ("kumo-block-retain", "Retain")):
        b.add(
            "kubernetes:storage.k8s.io/v1:StorageClass",
            name,
            {
                "metadata": {"name": name, "labels": labels},
                "provisioner": provisioner,
                "parameters": dict(block_params),
                "reclaimPolicy": reclaim,
                "allowVolumeExpansion": True,
                "volumeBindingMode": "WaitForFirstConsumer",
            },
        )
    b.add(
        "kubernetes:storage.k8s.io/v1:StorageClass",
        "kumo-shared",
        {
            "metadata": {"name": "kumo-shared", "labels": labels},
            "provisioner": shared_driver,
            "parameters": {},
            "reclaimPolicy": "Retain",
            "allowVolumeExpansion": True,
            "volumeBindingMode": "Immediate",
        },
    )
    b.add(
        "kubernetes:core/v1:PersistentVolume",
        "shared-pv",
        {
            "spec": {
                "accessModes": ["ReadWriteMany"],
                "persistentVolumeReclaimPolicy": "Retain",
                "mountOptions": ["tls"],
                "csi": {"driver": shared_driver, "volumeHandle": "h", "volumeAttributes": {"encryptInTransit": "true"}},
            }
        },
    )
    b.add(
        "kubernetes:core/v1:Service",
        "app-svc",
        {
            "metadata": {"name": "app", "annotations": {internal[0]: internal[1]}},
            "spec": {"type": "LoadBalancer", "ports": [{"port": 80.0}]},
        },
    )


KEEP = {"protect": True, "retain_on_delete": True}


def aws() -> list[Resource]:
    b = Builder("aws")
    prov = b.add("pulumi:providers:aws", "aws", {"region": "us-east-1", "defaultTags": json.dumps({"tags": TAGS})})
    key = b.add(
        "aws:kms/key:Key",
        "key",
        {
            "enableKeyRotation": True,
            "deletionWindowInDays": 30.0,
            "policy": json.dumps(
                {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "kms:*"}]}
            ),
        },
        provider=prov,
        **KEEP,
    )
    subnets = [
        b.add(
            "aws:ec2/subnet:Subnet",
            f"private-{z}",
            {"availabilityZone": z, "mapPublicIpOnLaunch": False},
            id=f"subnet-{z}",
            provider=prov,
        )
        for z in ("us-east-1a", "us-east-1b")
    ]
    cluster = b.add(
        "aws:eks/cluster:Cluster",
        "t1",
        {
            "name": "t1",
            "version": "1.36",
            "deletionProtection": True,
            "vpcConfig": {"endpointPrivateAccess": True, "endpointPublicAccess": False},
            "accessConfig": {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
            "encryptionConfig": {"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:k"}},
            "enabledClusterLogTypes": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.96.0.0/16", "ipFamily": "ipv4"},
            "upgradePolicy": {"supportType": "STANDARD"},
            "tags": {},
        },
        provider=prov,
        deps={"encryptionConfig": [key]},
    )
    b.add(
        "aws:cloudwatch/logGroup:LogGroup",
        "logs",
        {"name": "/aws/eks/t1/cluster", "retentionInDays": 365.0, "kmsKeyId": "arn:aws:kms:k"},
        provider=prov,
    )
    b.add(
        "aws:eks/addon:Addon",
        "vpc-cni",
        {"addonName": "vpc-cni", "configurationValues": json.dumps({"enableNetworkPolicy": "true"})},
    )
    b.add(
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        "oidc",
        {"clientIdLists": ["sts.amazonaws.com"]},
        deps={"url": [cluster]},
    )
    role = b.add("aws:iam/role:Role", "node-role", {})
    for policy in ("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"):
        b.add(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            f"node-{policy}",
            {"policyArn": f"arn:aws:iam::aws:policy/{policy}"},
            deps={"role": [role]},
        )
    lt = b.add(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "system-lt",
        {
            "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 1.0, "httpEndpoint": "enabled"},
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"encrypted": "true", "kmsKeyId": "arn:aws:kms:k"}}
            ],
        },
        id="lt-1",
    )
    b.add(
        "aws:eks/nodeGroup:NodeGroup",
        "system",
        {
            "nodeRoleArn": "arn:aws:iam::1:role/node",
            "subnetIds": ["subnet-us-east-1a", "subnet-us-east-1b"],
            "amiType": "AL2023_x86_64_STANDARD",
            "capacityType": "ON_DEMAND",
            "labels": {"kumo.io/pool": "system"},
            "launchTemplate": {"id": lt.id, "version": "1"},
            "scalingConfig": {"minSize": 2.0, "maxSize": 3.0},
            "updateConfig": {"maxUnavailablePercentage": 33.0},
            "nodeRepairConfig": {"enabled": True},
            "tags": {},
        },
        deps={"nodeRoleArn": [role]},
        provider=prov,
    )
    efs_key = b.add(
        "aws:kms/key:Key",
        "shared-key",
        {"enableKeyRotation": True, "deletionWindowInDays": 30.0, "policy": json.dumps({"Statement": []})},
        provider=prov,
        **KEEP,
    )
    fs = b.add(
        "aws:efs/fileSystem:FileSystem",
        "efs",
        {
            "encrypted": True,
            "kmsKeyId": "arn:aws:kms:s",
            "performanceMode": "generalPurpose",
            "tags": {"stateful": "true"},
        },
        deps={"kmsKeyId": [efs_key]},
        provider=prov,
        **KEEP,
    )
    b.add(
        "aws:efs/fileSystemPolicy:FileSystemPolicy",
        "efs-policy",
        {
            "policy": json.dumps(
                {
                    "Statement": [
                        {
                            "Effect": "Deny",
                            "Principal": {"AWS": "*"},
                            "Action": "*",
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    ]
                }
            )
        },
        deps={"fileSystemId": [fs]},
    )
    b.add(
        "aws:efs/backupPolicy:BackupPolicy",
        "efs-backup",
        {"backupPolicy": {"status": "ENABLED"}},
        deps={"fileSystemId": [fs]},
    )
    del subnets
    k8s(
        b,
        "aws",
        "ebs.csi.aws.com",
        {"encrypted": "true", "kmsKeyId": "arn:aws:kms:k"},
        "efs.csi.aws.com",
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
    )
    return b.resources


AZ_POOL: dict[str, Any] = {
    "enableNodePublicIP": False,
    "enableEncryptionAtHost": True,
    "osSKU": "AzureLinux",
    "availabilityZones": ["1", "2"],
    "orchestratorVersion": "1.36",
    "securityProfile": {"sshAccess": "Disabled", "enableSecureBoot": True, "enableVTPM": True},
    "upgradeSettings": {"maxSurge": "33%", "drainTimeoutInMinutes": 30.0},
}


def azure() -> list[Resource]:
    b = Builder("azure")
    group = b.add("azure-native:resources:ResourceGroup", "rg", {"tags": TAGS})
    kubelet = b.add("azure-native:managedidentity:UserAssignedIdentity", "kubelet", {}, id="/ids/kubelet")
    cluster = b.add(
        "azure-native:containerservice:ManagedCluster",
        "t1",
        {
            "dnsPrefix": "t1",
            "kubernetesVersion": "1.36",
            "tags": TAGS,
            "enableRBAC": True,
            "disableLocalAccounts": True,
            "apiServerAccessProfile": {"enablePrivateCluster": True, "enablePrivateClusterPublicFQDN": False},
            "securityProfile": {
                "azureKeyVaultKms": {
                    "enabled": True,
                    "keyId": "https://kv/keys/k/1",
                    "keyVaultNetworkAccess": "Public",
                },
                "workloadIdentity": {"enabled": True},
            },
            "oidcIssuerProfile": {"enabled": True},
            "diskEncryptionSetID": "/des",
            "aadProfile": {"managed": True, "enableAzureRBAC": True, "adminGroupObjectIDs": []},
            "networkProfile": {
                "networkPlugin": "azure",
                "networkPolicy": "cilium",
                "loadBalancerSku": "standard",
                "serviceCidr": "10.96.0.0/16",
            },
            "identityProfile": {"kubeletidentity": {"resourceId": kubelet.id}},
            "autoUpgradeProfile": {"upgradeChannel": "patch", "nodeOSUpgradeChannel": "NodeImage"},
            "sku": {"tier": "Standard"},
            "addonProfiles": {"omsagent": {"enabled": True}, "azurepolicy": {"enabled": True}},
            "agentPoolProfiles": [{**AZ_POOL, "name": "system", "mode": "System", "minCount": 2.0}],
        },
        deps={"resourceGroupName": [group]},
    )
    b.add("azure-native:containerservice:AgentPool", "apps", {**AZ_POOL, "mode": "User", "tags": TAGS})
    b.add(
        "azure-native:containerservice:MaintenanceConfiguration",
        "window",
        {"configName": "aksManagedAutoUpgradeSchedule"},
        deps={"resourceName": [cluster]},
    )
    b.add(
        "azure-native:authorization:ManagementLockByScope", "lock", {"level": "CanNotDelete"}, deps={"scope": [cluster]}
    )
    ws = b.add("azure-native:operationalinsights:Workspace", "logs", {"retentionInDays": 90.0, "tags": TAGS})
    b.add(
        "azure-native:monitor:DiagnosticSetting",
        "audit",
        {
            "workspaceId": "/ws",
            "logs": [
                {"category": c, "enabled": True}
                for c in ("kube-audit-admin", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "guard")
            ],
        },
        deps={"resourceUri": [cluster], "workspaceId": [ws]},
    )
    dcr = b.add("azure-native:monitor:DataCollectionRule", "insights", {"kind": "Linux"})
    b.add(
        "azure-native:monitor:DataCollectionRuleAssociation",
        "insights-association",
        {"associationName": "ContainerInsightsExtension"},
        deps={"resourceUri": [cluster], "dataCollectionRuleId": [dcr]},
    )
    b.add(
        "azure-native:keyvault:Vault",
        "kv",
        {
            "tags": TAGS,
            "properties": {"enablePurgeProtection": True, "enableSoftDelete": True, "enableRbacAuthorization": True},
        },
    )
    b.add(
        "azure-native:keyvault:Key",
        "etcd",
        {
            "properties": {
                "rotationPolicy": {
                    "lifetimeActions": [{"action": {"type": "rotate"}, "trigger": {"timeAfterCreate": "P90D"}}]
                }
            }
        },
    )
    data_rg = b.add("azure-native:resources:ResourceGroup", "shared-rg", {"tags": TAGS}, **KEEP)
    account = b.add(
        "azure-native:storage:StorageAccount",
        "account",
        {
            "accountName": "t1nfs",
            "kind": "FileStorage",
            "resourceGroupName": "shared-rg",
            "tags": {**TAGS, "stateful": "true"},
            "minimumTlsVersion": "TLS1_2",
            "publicNetworkAccess": "Disabled",
            "networkRuleSet": {"defaultAction": "Deny"},
            "encryption": {
                "keySource": "Microsoft.Keyvault",
                "keyVaultProperties": {"keyName": "k"},
                "requireInfrastructureEncryption": True,
            },
        },
        deps={"resourceGroupName": [data_rg]},
        **KEEP,
    )
    b.add(
        "azure-native:storage:FileShare",
        "share",
        {"shareName": "kumo-shared", "enabledProtocols": "NFS"},
        deps={"accountName": [account]},
        **KEEP,
    )
    b.add(
        "azure-native:storage:FileServiceProperties",
        "files",
        {"shareDeleteRetentionPolicy": {"enabled": True, "days": 14.0}},
        deps={"accountName": [account]},
    )
    b.add("azure-native:network:PrivateEndpoint", "endpoint", {}, deps={"privateLinkServiceConnections": [account]})
    k8s(
        b,
        "azure",
        "disk.csi.azure.com",
        {"diskEncryptionSetID": "/des"},
        "file.csi.azure.com",
        ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
    )
    return b.resources


GKE_NODE: dict[str, Any] = {
    "bootDiskKmsKey": "projects/p/locations/r/keyRings/k/cryptoKeys/disks",
    "imageType": "COS_CONTAINERD",
    "serviceAccount": "t1-nodes@p.iam.gserviceaccount.com",
    "metadata": {"disable-legacy-endpoints": "true"},
    "workloadMetadataConfig": {"mode": "GKE_METADATA"},
    "shieldedInstanceConfig": {"enableSecureBoot": True, "enableIntegrityMonitoring": True},
}


def gcp() -> list[Resource]:
    b = Builder("gcp")
    prov = b.add("pulumi:providers:gcp", "gcp", {"defaultLabels": json.dumps(TAGS)})
    account = b.add("gcp:serviceaccount/account:Account", "nodes", {}, provider=prov)
    b.add(
        "gcp:projects/iAMMember:IAMMember",
        "log-writer",
        {"role": "roles/logging.logWriter"},
        deps={"member": [account]},
    )
    b.add(
        "gcp:kms/cryptoKey:CryptoKey", "secrets", {"rotationPeriod": "7776000s"}, provider=prov, retain_on_delete=True
    )
    cluster = b.add(
        "gcp:container/cluster:Cluster",
        "t1",
        {
            "name": "t1",
            "location": "us-central1",
            "nodeLocations": ["us-central1-a", "us-central1-b"],
            "network": "vpc",
            "subnetwork": "subnet",
            "networkingMode": "VPC_NATIVE",
            "minMasterVersion": "1.36",
            "ipAllocationPolicy": {"clusterSecondaryRangeName": "pods", "servicesSecondaryRangeName": "services"},
            "privateClusterConfig": {
                "enablePrivateNodes": True,
                "enablePrivateEndpoint": True,
                "masterIpv4CidrBlock": "172.16.0.0/28",
            },
            "masterAuthorizedNetworksConfig": {"cidrBlocks": [], "gcpPublicCidrsAccessEnabled": False},
            "datapathProvider": "ADVANCED_DATAPATH",
            "masterAuth": {"clientCertificateConfig": {"issueClientCertificate": False}},
            "enableLegacyAbac": False,
            "enableKubernetesAlpha": False,
            "enableShieldedNodes": True,
            "workloadIdentityConfig": {"workloadPool": "p.svc.id.goog"},
            "databaseEncryption": {
                "state": "ENCRYPTED",
                "keyName": "projects/p/locations/r/keyRings/k/cryptoKeys/secrets",
            },
            "loggingConfig": {
                "enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
            },
            "monitoringConfig": {"enableComponents": ["SYSTEM_COMPONENTS"]},
            "releaseChannel": {"channel": "REGULAR"},
            "maintenancePolicy": {"dailyMaintenanceWindow": {"startTime": "03:00"}},
            "binaryAuthorization": {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
            "securityPostureConfig": {"mode": "BASIC"},
            "deletionProtection": True,
        },
        provider=prov,
    )
    b.add(
        "gcp:container/nodePool:NodePool",
        "system",
        {
            "nodeConfig": {**GKE_NODE, "labels": {"kumo.io/pool": "system"}, "resourceLabels": TAGS},
            "autoscaling": {"totalMinNodeCount": 2.0, "totalMaxNodeCount": 3.0},
            "management": {"autoRepair": True, "autoUpgrade": True},
            "upgradeSettings": {"strategy": "SURGE", "maxSurge": 1.0, "maxUnavailable": 0.0},
        },
        deps={"nodeConfig": [account], "cluster": [cluster]},
        provider=prov,
    )
    b.add(
        "gcp:logging/projectBucketConfig:ProjectBucketConfig",
        "log-bucket",
        {"bucketId": "_Default", "retentionDays": 90.0},
    )
    key = b.add("gcp:kms/cryptoKey:CryptoKey", "shared-key", {"rotationPeriod": "7776000s"}, provider=prov, **KEEP)
    inst = b.add(
        "gcp:filestore/instance:Instance",
        "filestore",
        {
            "name": "t1-shared",
            "location": "us-central1-a",
            "tier": "ZONAL",
            "kmsKeyName": "projects/p/.../shared",
            "deletionProtectionEnabled": True,
            "labels": {"stateful": "true"},
            "networks": [{"connectMode": "PRIVATE_SERVICE_ACCESS"}],
            "fileShares": {
                "name": "kumo",
                "nfsExportOptions": [{"ipRanges": ["10.0.0.0/16"], "squashMode": "ROOT_SQUASH"}],
            },
        },
        deps={"kmsKeyName": [key]},
        provider=prov,
        **KEEP,
    )
    # DATA-03: Backup and DR protects ZONAL/REGIONAL/ENTERPRISE Filestore (not kumo's basic tiers).
    vault = b.add(
        "gcp:backupdisasterrecovery/backupVault:BackupVault",
        "vault",
        {"backupVaultId": "t1-vault", "location": "us-central1", "backupMinimumEnforcedRetentionDuration": "604800s"},
        provider=prov,
        **KEEP,
    )
    bdr_plan = b.add(
        "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
        "filestore-plan",
        {
            "backupPlanId": "t1-filestore",
            "location": "us-central1",
            "resourceType": "file.googleapis.com/Instance",
            "backupRules": [
                {
                    "ruleId": "daily",
                    "backupRetentionDays": 30.0,
                    "standardSchedule": {
                        "recurrenceType": "DAILY",
                        "timeZone": "UTC",
                        "backupWindow": {"startHourOfDay": 2.0, "endHourOfDay": 8.0},
                    },
                }
            ],
        },
        deps={"backupVault": [vault]},
        provider=prov,
    )
    b.add(
        "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
        "filestore-bpa",
        {
            "backupPlanAssociationId": "t1-filestore",
            "location": "us-central1",
            "resourceType": "file.googleapis.com/Instance",
            "resource": "projects/p/locations/us-central1-a/instances/t1",
        },
        deps={"resource": [inst], "backupPlan": [bdr_plan]},
        provider=prov,
    )
    b.add(
        "gcp:gkebackup/backupPlan:BackupPlan",
        "gke-backup",
        {
            "backupConfig": {"includeVolumeData": True, "allNamespaces": True},
            "backupSchedule": {"cronSchedule": "0 2 * * *"},
        },
        deps={"cluster": [cluster]},
        provider=prov,
    )
    k8s(
        b,
        "gcp",
        "pd.csi.storage.gke.io",
        {"disk-encryption-kms-key": "projects/p/.../disks"},
        "filestore.csi.storage.gke.io",
        ("networking.gke.io/load-balancer-type", "Internal"),
    )
    return b.resources


BACKUP_WORKFLOW = """\
main:
  steps:
  - init:
      assign:
      - now: ${sys.now()}
      - backup_id: ${"t1-shared-" + text.substring(text.replace_all_regex(time.format(now), "[^0-9]", ""), 0, 14)}
      - cutoff: ${now - 2592000}
  - create_backup:
      call: googleapis.file.v1.projects.locations.backups.create
      args:
        parent: projects/p/locations/us-central1
        backupId: ${backup_id}
        body: {sourceInstance: projects/p/locations/us-central1-a/instances/t1-shared, sourceFileShare: kumo}
  - list_backups:
      call: googleapis.file.v1.projects.locations.backups.list
      args: {parent: projects/p/locations/us-central1}
      result: page
  - expire:
      for:
        value: backup
        in: ${default(map.get(page, "backups"), [])}
        steps:
        - check_age:
            switch:
            - condition: ${backup.sourceInstance == "projects/p/locations/us-central1-a/instances/t1-shared" and time.parse(backup.createTime) < cutoff}
              steps:
              - delete_backup:
                  call: googleapis.file.v1.projects.locations.backups.delete
                  args:
                    name: ${backup.name}
"""


def gcp_scheduled() -> list[Resource]:
    """The GCP plan with kumo's own shape: a basic-tier share backed up by a scheduled workflow (no Backup and DR)."""
    resources = [r for r in gcp() if "backupdisasterrecovery" not in r.type]
    b = Builder("gcp")
    b.resources = resources
    prov = next(r for r in resources if r.type == "pulumi:providers:gcp")
    inst = next(r for r in resources if r.type == "gcp:filestore/instance:Instance")
    inst.inputs["tier"] = "BASIC_HDD"
    workflow = b.add(
        "gcp:workflows/workflow:Workflow",
        "backup-workflow",
        {"name": "t1-shared-backup", "region": "us-central1", "sourceContents": BACKUP_WORKFLOW},
        id="projects/p/locations/us-central1/workflows/t1-shared-backup",
        deps={"sourceContents": [inst]},
        provider=prov,
        **KEEP,
    )
    b.add(
        "gcp:cloudscheduler/job:Job",
        "backup-schedule",
        {
            "name": "t1-shared-backup",
            "region": "us-central1",
            "schedule": "0 1 * * *",
            "timeZone": "Etc/UTC",
            "paused": False,
            "httpTarget": {
                "uri": f"https://workflowexecutions.googleapis.com/v1/{workflow.id}/executions",
                "httpMethod": "POST",
                "oauthToken": {"serviceAccountEmail": "t1-run@p.iam.gserviceaccount.com"},
            },
        },
        deps={"httpTarget": [workflow]},
        provider=prov,
        **KEEP,
    )
    return b.resources


GOOD = {"aws": aws, "azure": azure, "gcp": gcp, "gcp-scheduled": gcp_scheduled}


def plan(cloud: str) -> list[Resource]:
    return copy.deepcopy(GOOD[cloud]())


def one(resources: list[Resource], type_: str, name: str | None = None) -> Resource:
    found = [r for r in resources if r.type.endswith(type_) and (name is None or r.name == name)]
    assert len(found) == 1, (type_, name, [r.name for r in found])
    return found[0]
