"""The mutation that makes each rule fail on each cloud it checks, and the (rule, cloud) pairs it cannot check."""

from __future__ import annotations

import json

from components.aws.lb_controller_policy import upstream_policy
from components.records import Resource
from tests.policy.mutations import AKS, DROP, LB_AWS, POOL0, SVC, Mutation, drop, option, put

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
    ("NET-09", "aws", put("v1:NetworkPolicy", "spec.policyTypes", ["Ingress"], name="guardrail-netpol-deny")),
    ("NET-09", "azure", drop("v1:NetworkPolicy")),
    (
        "NET-09",
        "gcp",
        put("v1:NetworkPolicy", "spec.egress", [{"ports": [{"port": 443}]}], name="guardrail-netpol-app"),
    ),
    ("ENC-01", "aws", put("eks/cluster:Cluster", "encryptionConfig", DROP)),
    ("ENC-01", "azure", put(AKS, "securityProfile.azureKeyVaultKms.enabled", False)),
    ("ENC-01", "gcp", put("container/cluster:Cluster", "databaseEncryption.state", "DECRYPTED")),
    ("ENC-02", "aws", put("kms/key:Key", "enableKeyRotation", DROP, name="key")),
    ("ENC-02", "azure", put("keyvault:Vault", "properties.enablePurgeProtection", DROP)),
    ("ENC-07", "azure", put("keyvault:Key", "properties.rotationPolicy.attributes", DROP)),
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
    ("LOG-03", "aws", drop("ec2/flowLog:FlowLog")),
    ("LOG-03", "azure", put("network:FlowLog", "retentionPolicy.days", 7.0)),
    ("LOG-03", "gcp", put("compute/subnetwork:Subnetwork", "logConfig.flowSampling", 0.5)),
    ("LOG-04", "aws", put("eks/cluster:Cluster", "enabledClusterLogTypes", ["api", "authenticator"])),
    ("LOG-04", "azure", put("monitor:DiagnosticSetting", "logs", [{"category": "kube-audit-admin", "enabled": True}])),
    ("LOG-04", "gcp", drop("projects/iAMAuditConfig:IAMAuditConfig")),
    ("LOG-04", "gcp", put("projects/iAMAuditConfig:IAMAuditConfig", "auditLogConfigs", [{"logType": "DATA_WRITE"}])),
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
    ("DATA-03", "aws", drop("backup/selection:Selection")),  # automatic backups off, and no plan of kumo's
    ("DATA-03", "azure", put("storage:FileServiceProperties", "shareDeleteRetentionPolicy.enabled", False)),
    ("DATA-03", "gcp", drop("backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation")),
    ("DATA-04", "aws", option("efs/fileSystem:FileSystem", "delete_before_replace", True)),
    ("DATA-04", "azure", option(AKS, "delete_before_replace", True)),
    ("DATA-04", "gcp", option("filestore/instance:Instance", "delete_before_replace", True)),
    ("DATA-05", "aws", put("eks/cluster:Cluster", "kubernetesNetworkConfig.serviceIpv4Cidr", DROP)),
    ("DATA-05", "azure", put(AKS, "dnsPrefix", DROP)),
    ("DATA-06", "azure", put("authorization:ManagementLockByScope", "level", "ReadOnly", name="shared-lock")),
    ("DATA-05", "gcp", put("container/cluster:Cluster", "privateClusterConfig.masterIpv4CidrBlock", DROP)),
    ("GOV-01", "aws", put("core/v1:Namespace", "metadata.labels", {})),
    ("GOV-01", "azure", put(AKS, "addonProfiles.azurepolicy", DROP)),
    ("GOV-01", "gcp", put("container/cluster:Cluster", "binaryAuthorization", DROP)),
    ("GOV-01", "azure", drop("authorization:PolicyAssignment")),  # the add-on with nothing to enforce
    ("GOV-01", "azure", put("authorization:PolicyAssignment", "parameters.effect.value", "Audit")),
    ("GOV-01", "gcp", drop("binaryauthorization/policy:Policy")),  # the switch on, the project policy allows all
    ("GOV-01", "gcp", put("binaryauthorization/policy:Policy", "defaultAdmissionRule.evaluationMode", "ALWAYS_ALLOW")),
    ("GOV-01", "gcp", put("binaryauthorization/policy:Policy", "globalPolicyEvaluationMode", "DISABLE")),
    (
        "GOV-01",
        "gcp",
        put("binaryauthorization/policy:Policy", "admissionWhitelistPatterns", [{"namePattern": "docker.io/**"}]),
    ),
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

FAILING += [
    ("GOV-04", "aws", drop("v1:ValidatingAdmissionPolicyBinding")),
    ("GOV-04", "azure", put("v1:ValidatingAdmissionPolicyBinding", "spec.validationActions", ["Audit"])),
    ("GOV-04", "gcp", put("v1:ValidatingAdmissionPolicy", "spec.validations", [], name="guardrail-volumes")),
    # GOV-05 on the old app's values: a tag-only image, uid 101; and on an unset runAsUser (the image decides).
    ("GOV-05", "aws", put("apps/v1:Deployment", "spec.template.spec.containers.0.image", "nginx:1.27-alpine")),
    ("GOV-05", "azure", put("apps/v1:Deployment", "spec.template.spec.securityContext.runAsUser", 101.0)),
    ("GOV-05", "gcp", put("apps/v1:Deployment", "spec.template.spec.securityContext.runAsUser", DROP)),
]

NOT_APPLICABLE = {("NODE-01", "aws"), ("REL-03", "aws"), ("IAM-03", "azure"), ("NODE-03", "azure")}
NOT_APPLICABLE |= {("ENC-07", "aws"), ("ENC-07", "gcp"), ("DATA-06", "aws"), ("DATA-06", "gcp")}

# IAM-06 and DATA-07: the plan as kumo made it before they existed (the controller's upstream policy, EFS automatic
# backups into AWS's vault, a Backup for GKE plan without a key) fails them.
FAILING += [
    (
        "IAM-06",
        "aws",
        put("iam/rolePolicy:RolePolicy", "policy", json.dumps(upstream_policy()), name="lb-controller-policy"),
    ),
    ("DATA-07", "aws", put("efs/backupPolicy:BackupPolicy", "backupPolicy.status", "ENABLED")),
    ("DATA-07", "gcp", put("gkebackup/backupPlan:BackupPlan", "backupConfig.encryptionKey", DROP)),
]
NOT_APPLICABLE |= {("IAM-06", "azure"), ("IAM-06", "gcp"), ("DATA-07", "azure")}
