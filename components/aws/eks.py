"""EksCluster: kumo's cluster on AWS (type token kumo:aws:EksCluster).

Builds, as children of the component and through one explicit `aws.Provider` (region from `aws:region`,
kumo's tags as provider default tags): KMS keys, the network, the durable shared store (EFS, outside the
cluster's lifecycle), IAM roles, the EKS control plane with access entries, the managed add-ons, one
managed node group per pool, the AWS Load Balancer Controller and the cluster autoscaler. The shared
Kubernetes layer (StorageClasses, shared volume, load balancer, app) is built by `ManagedCluster`.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components.aws import addons, traits
from components.aws.control_plane import (
    admin_access,
    admin_principals,
    control_plane,
    kubeconfig,
    log_group_name,
)
from components.aws.identity import ClusterRoles, Irsa, oidc_provider
from components.aws.keys import Account, customer_key, ebs_statement, key_policy, logs_statement, root_statement
from components.aws.network import Network
from components.aws.node_pools import node_pool
from components.aws.storage import SharedStorage
from components.cluster import BlockClass, CloudParts, LoadBalancerExposure, ManagedCluster
from components.spec import ClusterSpec


class EksCluster(ManagedCluster):
    """An EKS cluster with managed node groups, EBS/EFS storage and NLB load balancing."""

    def __init__(self, name: str, spec: ClusterSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("kumo:aws:EksCluster", name, spec, opts)

    def _build_cloud(self, name: str, spec: ClusterSpec) -> CloudParts:
        region = pulumi.Config("aws").require("region")
        tags = {**spec.tags, "kumo-cluster": name, "managed-by": "kumo"}
        provider = aws.Provider(f"{name}-aws", region=region, default_tags={"tags": tags},
                                opts=pulumi.ResourceOptions(parent=self))
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        invoke = pulumi.InvokeOptions(provider=provider)

        caller = aws.get_caller_identity(opts=invoke)
        account = Account(account_id=caller.account_id, partition=caller.arn.split(":")[1], region=region,
                          caller_arn=caller.arn)
        # An assumed-role session ARN is not an IAM principal; its role's ARN is.
        deployer = aws.iam.get_session_context(arn=caller.arn, opts=invoke).issuer_arn
        # Regular zones only: Local and Wavelength Zones lack EKS control-plane and NAT support.
        zones = list(aws.get_availability_zones(
            state="available", filters=[{"name": "opt-in-status", "values": ["opt-in-not-required"]}],
            opts=invoke).names)[: spec.network.zones]
        if len(zones) < spec.network.zones:
            raise ValueError(f"network.zones = {spec.network.zones}: region {region} has only {len(zones)} "
                             "available zones")

        # Keys. Cluster key: Secrets, control-plane logs, node root volumes (the cluster's lifecycle).
        cluster_key, _ = customer_key(
            f"{name}-cluster", description=f"kumo cluster {name}: Secrets, control-plane logs, node disks",
            alias=f"kumo/{name}/cluster",
            policy=key_policy(root_statement(account), ebs_statement(account),
                              logs_statement(account, log_group_name(name))),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, protect=spec.deletion_protection))
        # Volume key: EBS persistent volumes. kumo-block-retain volumes outlive the cluster, so the key that
        # decrypts them must too: it is retained when the stack forgets it, and protected like the data.
        shared_spec = spec.storage.shared
        volume_key, _ = customer_key(
            f"{name}-volumes", description=f"kumo cluster {name}: EBS persistent volumes",
            alias=f"kumo/{name}/volumes", policy=key_policy(root_statement(account), ebs_statement(account)),
            opts=pulumi.ResourceOptions(
                parent=self, provider=provider, retain_on_delete=True,
                protect=spec.deletion_protection or (shared_spec is not None and shared_spec.protect)))

        network = Network(f"{name}-network", cidr=spec.network.cidr, zones=zones, nat=spec.network.nat,
                          cluster_name=name, provider=provider, opts=pulumi.ResourceOptions(parent=self))

        # Durable data first: it needs the network only, never the cluster.
        shared = None
        if spec.storage.shared is not None:
            shared = SharedStorage(f"{name}-shared", spec=spec.storage.shared, network=network, account=account,
                                   cluster_name=name, provider=provider, opts=pulumi.ResourceOptions(parent=self))

        roles = ClusterRoles(name, account=account, cluster_key=cluster_key, opts=child)
        cluster = control_plane(name, spec, role=roles.cluster, subnets=network.private_subnets, key=cluster_key,
                                depends_on=roles.ready, opts=child)
        issuer = cluster.identities.apply(lambda ids: (ids[0].oidcs or [])[0].issuer or "")
        irsa = Irsa(name, account=account, provider=oidc_provider(name, issuer, child), issuer_url=issuer,
                    opts=child)
        admins = admin_access(name, cluster, admin_principals(spec, deployer), account, child)

        # Networking add-ons before the nodes, so nodes come up with pod networking and policy enforcement.
        cni = irsa.role("vpc-cni", namespace=addons.KUBE_SYSTEM, service_account="aws-node",
                        managed_policies=[traits.CNI_POLICY])
        before_nodes = [
            addons.managed_addon(name, "vpc-cni", cluster=cluster, role=cni.role,
                                 configuration={"enableNetworkPolicy": "true"}, depends_on=cni.grants,
                                 parent=self, provider=provider),
            addons.managed_addon(name, "kube-proxy", cluster=cluster, parent=self, provider=provider),
        ]
        node_groups = {
            pool.name: node_pool(name, pool, cluster=cluster, cluster_name=name, node_role=roles.node,
                                 subnets=network.private_subnets, node_security_group=network.node_security_group,
                                 disk_key=cluster_key, depends_on=[*roles.ready, *before_nodes], parent=self,
                                 provider=provider)
            for pool in spec.node_pools
        }
        nodes = list(node_groups.values())

        ebs = irsa.role("ebs-csi", namespace=addons.KUBE_SYSTEM, service_account="ebs-csi-controller-sa",
                        managed_policies=[traits.EBS_CSI_POLICY], inline_policy=addons.ebs_kms_policy(volume_key.arn))
        after_nodes = [
            addons.managed_addon(name, "coredns", cluster=cluster, depends_on=nodes, parent=self, provider=provider),
            addons.managed_addon(name, "aws-ebs-csi-driver", cluster=cluster, role=ebs.role,
                                 depends_on=[*nodes, *ebs.grants], parent=self, provider=provider),
        ]
        if shared is not None:
            efs = irsa.role("efs-csi", namespace=addons.KUBE_SYSTEM, service_account="efs-csi-*",
                            managed_policies=[traits.EFS_CSI_POLICY])
            after_nodes.append(addons.managed_addon(name, "aws-efs-csi-driver", cluster=cluster, role=efs.role,
                                                    depends_on=[*nodes, *efs.grants, *shared.mount_targets],
                                                    parent=self, provider=provider))

        ready = [*admins, *nodes, *after_nodes]

        def controllers(k8s_provider: k8s.Provider) -> list[pulumi.Resource]:
            """The Helm-installed controllers, through ManagedCluster's provider, once the API (the deployer's
            access entry), the nodes and the add-ons are ready."""
            return [
                addons.lb_controller(name, spec=spec, account=account, irsa=irsa, cluster_name=name,
                                     vpc_id=network.vpc.id, tags=tags, k8s_provider=k8s_provider, depends_on=ready,
                                     parent=self),
                addons.cluster_autoscaler(name, spec=spec, account=account, irsa=irsa, cluster_name=name,
                                          k8s_provider=k8s_provider, depends_on=ready, parent=self),
            ]

        return CloudParts(
            cluster=cluster,
            cluster_name=cluster.name,
            endpoint=cluster.endpoint,
            kubeconfig=kubeconfig(cluster, name, region),
            node_pools=dict(node_groups),
            block=BlockClass(provisioner=traits.EBS_CSI_DRIVER, parameters={
                **traits.BLOCK_PARAMETERS[spec.storage.block.tier], "kmsKeyId": volume_key.arn,
                "tagSpecification_1": f"kumo-cluster={name}", "tagSpecification_2": "managed-by=kumo"}),
            shared=shared.store if shared is not None else None,
            load_balancer=self._exposure(name, spec, network, provider),
            builtin_default_classes=list(traits.BUILTIN_DEFAULT_CLASSES),
            addons=ready,
            # The Service waits for these (the Load Balancer Controller makes its NLB): ManagedCluster adds
            # them to the load balancer's depends_on.
            controllers=controllers,
        )

    def _exposure(self, name: str, spec: ClusterSpec, network: Network, provider: aws.Provider
                  ) -> LoadBalancerExposure:
        """NLB annotations for the scheme; with static_ip, one Elastic IP per zone pinned to the public subnets."""
        annotations: dict[str, pulumi.Input[str]] = dict(traits.LB_ANNOTATIONS[spec.load_balancer.scheme])
        if spec.load_balancer.static_ip:
            eips = [aws.ec2.Eip(f"{name}-lb-{zone}", domain="vpc", tags={"Name": f"{name}-lb-{zone}"},
                                opts=pulumi.ResourceOptions(parent=self, provider=provider))
                    for zone in network.zones]
            # An NLB takes exactly one EIP per subnet: name the subnets so the two lists line up.
            annotations[traits.EIP_ALLOCATIONS_ANNOTATION] = pulumi.Output.all(
                *[e.allocation_id for e in eips]).apply(lambda ids: ",".join(ids))
            annotations[traits.SUBNETS_ANNOTATION] = pulumi.Output.all(
                *[s.id for s in network.public_subnets]).apply(lambda ids: ",".join(ids))
        return LoadBalancerExposure(annotations=annotations)
