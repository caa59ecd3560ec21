"""The exec-based kubeconfig of an EKS cluster: the cluster layer's secret `kubeconfig` output.

No credential is stored in it: `aws eks get-token` mints a 15-minute token for whoever runs kubectl (or the
in-cluster layer), from their own AWS credentials, and access entries decide what that identity may do.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws


def kubeconfig(cluster: aws.eks.Cluster, cluster_name: str, region: str) -> pulumi.Output[str]:
    """An exec-based kubeconfig: `aws eks get-token` mints a 15-minute token; no credential is stored."""

    def render(args: list[str]) -> str:
        endpoint, ca_data = args
        return json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": cluster_name,
                "preferences": {},
                "clusters": [
                    {"name": cluster_name, "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}
                ],
                "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
                "users": [
                    {
                        "name": cluster_name,
                        "user": {
                            "exec": {
                                "apiVersion": "client.authentication.k8s.io/v1beta1",
                                "command": "aws",
                                "args": [
                                    "eks",
                                    "get-token",
                                    "--cluster-name",
                                    cluster_name,
                                    "--region",
                                    region,
                                    "--output",
                                    "json",
                                ],
                                "interactiveMode": "Never",
                            }
                        },
                    }
                ],
            },
            indent=2,
        )

    ca = cluster.certificate_authority.apply(lambda authority: authority.data or "")
    return pulumi.Output.all(cluster.endpoint, ca).apply(render)
