"""kumo on AWS as three layers (components/layers): DataLayer, ClusterLayer and in_cluster().

- `DataLayer` (kumo:aws:DataLayer): the network, every KMS key and the durable shared store (EFS). Long-lived;
  it never depends on anything of the cluster (which is another stack).
- `ClusterLayer` (kumo:aws:ClusterLayer): IAM, the EKS control plane and its audit logs, access entries,
  OIDC/IRSA, managed add-ons, node groups, the controllers' IRSA roles, the load balancer's Elastic IPs. It
  reads the data layer through its outputs only (`data.get`), and registers no Kubernetes object: it applies
  from anywhere.
- `in_cluster()` (components/aws/controllers.py): the Helm-installed controllers, as data.

Each layer has its own explicit `aws.Provider` and the scope of its children (scope.py: `layer_scope`).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import addons, traits
from components.aws.api_access import api_access, private_access_rules
from components.aws.audit import log_group_name
from components.aws.controllers import in_cluster
from components.aws.eks import admin_access, admin_principals, control_plane
from components.aws.flow_logs import flow_log_group_name, vpc_flow_logs
from components.aws.identity import ClusterRoles, Irsa, oidc_provider
from components.aws.keys import customer_key, ebs_statement, key_policy, logs_statement, root_statement
from components.aws.kubeconfig import kubeconfig
from components.aws.load_balancer import exposure
from components.aws.network import Network, available_zones, region_zones
from components.aws.node_pools import node_pool
from components.aws.scope import Account, layer_scope
from components.aws.storage import SharedStorage, block_parameters
from components.aws.zones import refused_message
from components.layers.contract import SHARED_STORE, BlockClass, LayerRef
from components.spec import ClusterSpec

__all__ = ["ClusterLayer", "DataLayer", "in_cluster"]


class DataLayer(pulumi.ComponentResource):
    """The data layer on AWS: network, keys, the durable shared store.

    Outputs (stack outputs the cluster layer reads):
    - `region`, `account_id`: where it was applied (the cluster layer checks it applies to the same place).
    - `zones`: the zones used, in order (chosen by zone ID: none where EKS refuses control-plane subnets); the
      subnet lists below follow it.
    - `vpc_id`, `public_subnet_ids`, `private_subnet_ids`: the VPC and its subnets, one of each per zone.
    - `node_security_group_id`: the group that marks the nodes (EFS admits NFS from it; launch templates add it).
    - `cluster_key_arn`: the KMS key for Secrets, control-plane and VPC flow logs, and node root volumes.
    - `volume_key_arn`: the KMS key for EBS persistent volumes (kumo-block classes).
    - `shared_store`: the EFS store as the static PersistentVolume sees it, or None without shared storage.
    """

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("kumo:aws:DataLayer", name, None, opts)
        scope = layer_scope(name, spec, self)
        account = scope.account
        zones = available_zones(spec, scope)

        # Cluster key: Secrets, control-plane logs, node root volumes. It outlives a replaced cluster, so the
        # control-plane logs and Secrets of the next one stay under the same key policy.
        cluster_key, _ = customer_key(
            scope.name("cluster"),
            scope=scope,
            description=f"kumo cluster {name}: Secrets, control-plane logs, node disks",
            alias=f"kumo/{name}/cluster",
            policy=key_policy(
                root_statement(account),
                ebs_statement(account),
                logs_statement(account, log_group_name(name), flow_log_group_name(name)),
            ),
            protect=spec.deletion_protection,
        )
        # Volume key: EBS persistent volumes. kumo-block-retain volumes outlive the cluster, so the key that
        # decrypts them must too: it is retained when the stack forgets it, and protected like the data.
        shared_spec = spec.storage.shared
        volume_key, _ = customer_key(
            scope.name("volumes"),
            scope=scope,
            description=f"kumo cluster {name}: EBS persistent volumes",
            alias=f"kumo/{name}/volumes",
            policy=key_policy(root_statement(account), ebs_statement(account)),
            protect=spec.deletion_protection or (shared_spec is not None and shared_spec.protect),
            retain_on_delete=True,
        )

        network = Network(scope.name("network"), spec.network, zones=zones, scope=scope)
        vpc_flow_logs(network.vpc, cluster_key.arn, scope=scope)  # LOG-03
        shared = None
        if shared_spec is not None:
            shared = SharedStorage(
                scope.name("shared"), shared_spec, scope=scope, network=network, backup_key_arn=volume_key.arn
            )

        self.outputs = {
            "region": scope.region,
            "account_id": account.account_id,
            "zones": zones,
            "vpc_id": network.vpc.id,
            "public_subnet_ids": [s.id for s in network.public_subnets],
            "private_subnet_ids": [s.id for s in network.private_subnets],
            "node_security_group_id": network.node_security_group.id,
            "cluster_key_arn": cluster_key.arn,
            "volume_key_arn": volume_key.arn,
            SHARED_STORE: shared.store.to_output() if shared is not None else None,
        }
        self.register_outputs(self.outputs)


def same_place(data: LayerRef, *, account: Account, zones: list[str], zone_ids: dict[str, str]) -> pulumi.Output[None]:
    """Fails unless the data layer was applied in this account and these zones, none of them a zone EKS refuses
    control-plane subnets in (by this account's zone IDs): the cluster layer names its Elastic IPs by zone and
    must not build a cluster against another account's (absent) network, nor one EKS rejects after minutes."""

    def check(args: list[Any]) -> None:
        data_account, data_zones = args
        if data_account != account.account_id:
            raise pulumi.RunError(
                f"the data layer ({data.name}) is in account {data_account}, these credentials "
                f"are for {account.account_id}: apply every layer of an environment in one account"
            )
        refused = refused_message(account.region, list(data_zones), zone_ids)
        if refused:
            raise pulumi.RunError(
                f"the data layer ({data.name}) put the cluster's subnets in zones "
                f"{', '.join(data_zones)}; {refused}: re-apply the data layer first (it now "
                f"chooses {', '.join(zones)})"
            )
        if list(data_zones) != zones:
            raise pulumi.RunError(
                f"the data layer ({data.name}) uses zones {', '.join(data_zones)}, the region "
                f"now offers {', '.join(zones)}: re-apply the data layer first"
            )

    return pulumi.Output.all(data.get("account_id"), data.get("zones")).apply(check)


class ClusterLayer(pulumi.ComponentResource):
    """The cluster layer on AWS: the EKS cluster, its node groups, identities and managed add-ons.

    Outputs: every `contract.CLUSTER_OUTPUTS` key, and for the in-cluster layer's controllers
    - `region`, `vpc_id`: given to the Load Balancer Controller (pods cannot reach IMDS to discover them).
    - `lb_controller_role_arn`: the Load Balancer Controller's IRSA role.
    - `cluster_autoscaler_role_arn`: the cluster autoscaler's IRSA role.
    """

    outputs: dict[str, pulumi.Input[Any]]

    def __init__(
        self, name: str, spec: ClusterSpec, data: LayerRef, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("kumo:aws:ClusterLayer", name, None, opts)
        scope = layer_scope(name, spec, self)
        account = scope.account
        # An assumed-role session ARN is not an IAM principal; its role's ARN is.
        deployer = aws.iam.get_session_context(arn=account.caller_arn, opts=scope.invoke_opts()).issuer_arn
        zone_ids = region_zones(scope)
        zones = available_zones(spec, scope, zone_ids)
        checked = same_place(data, account=account, zones=zones, zone_ids=zone_ids)
        private_subnet_ids = pulumi.Output.all(data.get("private_subnet_ids"), checked).apply(lambda a: list(a[0]))
        cluster_key_arn, volume_key_arn = data.get("cluster_key_arn"), data.get("volume_key_arn")

        roles = ClusterRoles(scope=scope, cluster_key_arn=cluster_key_arn)
        cluster = control_plane(
            spec,
            scope=scope,
            role=roles.cluster,
            subnet_ids=private_subnet_ids,
            key_arn=cluster_key_arn,
            depends_on=roles.ready,
        )
        private_access_rules(spec, cluster, scope=scope)
        issuer = cluster.identities.apply(lambda ids: (ids[0].oidcs or [])[0].issuer or "")
        irsa = Irsa(scope=scope, oidc=oidc_provider(issuer, scope=scope), issuer_url=issuer)
        admin_access(cluster, admin_principals(spec, deployer), scope=scope)

        # Networking add-ons before the nodes, so nodes come up with pod networking and policy enforcement.
        cni = irsa.role(
            "vpc-cni", namespace=addons.KUBE_SYSTEM, service_account="aws-node", managed_policies=[traits.CNI_POLICY]
        )
        before_nodes = [
            addons.managed_addon(
                "vpc-cni",
                scope=scope,
                cluster=cluster,
                role=cni.role,
                configuration={"enableNetworkPolicy": "true"},
                depends_on=cni.grants,
            ),
            addons.managed_addon("kube-proxy", scope=scope, cluster=cluster),
        ]
        nodes: list[pulumi.Resource] = [
            node_pool(
                pool,
                scope=scope,
                cluster=cluster,
                node_role=roles.node,
                subnet_ids=private_subnet_ids,
                node_security_group_id=data.get("node_security_group_id"),
                disk_key_arn=cluster_key_arn,
                depends_on=[*roles.ready, *before_nodes],
            )
            for pool in spec.node_pools
        ]

        ebs = irsa.role(
            "ebs-csi",
            namespace=addons.KUBE_SYSTEM,
            service_account="ebs-csi-controller-sa",
            managed_policies=[traits.EBS_CSI_POLICY],
            inline_policy=addons.ebs_kms_policy(volume_key_arn),
        )
        addons.managed_addon("coredns", scope=scope, cluster=cluster, depends_on=nodes)
        addons.managed_addon(
            "aws-ebs-csi-driver", scope=scope, cluster=cluster, role=ebs.role, depends_on=[*nodes, *ebs.grants]
        )
        if spec.storage.shared is not None:
            # The mount targets are the data layer's: applied before this layer, so nothing to wait for here.
            efs = irsa.role(
                "efs-csi",
                namespace=addons.KUBE_SYSTEM,
                service_account="efs-csi-*",
                managed_policies=[traits.EFS_CSI_POLICY],
            )
            addons.managed_addon(
                "aws-efs-csi-driver", scope=scope, cluster=cluster, role=efs.role, depends_on=[*nodes, *efs.grants]
            )

        # The in-cluster layer's controllers run under these (it reads their ARNs).
        lb_controller = addons.lb_controller_role(irsa, data.get("vpc_id"))
        autoscaler = addons.cluster_autoscaler_role(irsa)
        load_balancer = exposure(spec, scope=scope, zones=zones, public_subnet_ids=data.get("public_subnet_ids"))
        vpc_id = data.get("vpc_id")

        block = BlockClass(
            provisioner=traits.EBS_CSI_DRIVER, parameters=block_parameters(spec.storage.block, volume_key_arn, name)
        )
        self.outputs = {
            "cluster_name": cluster.name,
            "endpoint": cluster.endpoint,
            "kubeconfig": pulumi.Output.secret(kubeconfig(cluster, name, scope.region)),
            "node_pools": [pool.name for pool in spec.node_pools],
            "block_class": block.to_output(),
            "load_balancer": load_balancer.to_output(),
            "api_access": api_access(spec, endpoint=cluster.endpoint, vpc_id=vpc_id, region=scope.region),
            "region": scope.region,
            "vpc_id": vpc_id,
            "lb_controller_role_arn": lb_controller.role.arn,
            "cluster_autoscaler_role_arn": autoscaler.role.arn,
        }
        self.register_outputs(self.outputs)
