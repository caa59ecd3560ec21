"""The endpoint the in-cluster layer and kubectl use, and an exec-based kubeconfig for it.

- Public cluster: the IP endpoint (`cluster.endpoint`, a bare IP), verified against the cluster's own CA.
- Private cluster: the DNS-based endpoint (`gke-<id>.<region>.gke.goog`), identity-gated and reachable from
  anywhere (gke.py). It presents a certificate for its DNS name that chains to a public root, not the
  cluster CA: `gcloud container clusters get-credentials --dns-endpoint` writes the server with no
  certificate-authority-data at all (Google Cloud SDK, googlecloudsdk/api_lib/container/kubeconfig.py:
  `Cluster(..., has_dns_endpoint=True)` drops ca_data), so clients verify it with the system trust store.
  Pinning the cluster CA there would fail verification.

No static credential either way: gke-gcloud-auth-plugin fetches short-lived tokens for the caller's Google
identity (which the DNS endpoint also checks against IAM).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_gcp as gcp

INSTALL_HINT = (
    "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin "
    "(see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)"
)


def _dns_endpoint(config: Any) -> str:
    endpoint = config.dns_endpoint_config.endpoint if config and config.dns_endpoint_config else None
    if not endpoint:
        raise pulumi.RunError(
            "GKE returned no DNS-based control-plane endpoint "
            "(control_plane_endpoints_config.dns_endpoint_config.endpoint)"
        )
    return str(endpoint)


def api_host(cluster: gcp.container.Cluster, *, public: bool) -> pulumi.Output[str]:
    """The host the kubeconfig points at: the IP endpoint of a public cluster, the DNS endpoint otherwise."""
    if public:
        return cluster.endpoint
    return cluster.control_plane_endpoints_config.apply(_dns_endpoint)


def render_kubeconfig(context: str, host: str, ca: str | None) -> str:
    """The kubeconfig document: `ca` (base64 PEM) pins the cluster CA; None trusts the system roots."""
    server: dict[str, str] = {"server": f"https://{host}"}
    if ca is not None:
        server["certificate-authority-data"] = ca
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": context, "cluster": server}],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
            "current-context": context,
            "preferences": {},
            "users": [
                {
                    "name": context,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "gke-gcloud-auth-plugin",
                            "provideClusterInfo": True,
                            "interactiveMode": "IfAvailable",
                            "installHint": INSTALL_HINT,
                        }
                    },
                }
            ],
        },
        indent=2,
    )


def kubeconfig(
    project: str, region: str, name: str, cluster: gcp.container.Cluster, *, public: bool
) -> pulumi.Output[str]:
    """The cluster's kubeconfig (see the module docstring for which endpoint and which trust)."""
    context = f"gke_{project}_{region}_{name}"  # the name gcloud gives the same cluster
    host = api_host(cluster, public=public)
    if not public:
        return host.apply(lambda h: render_kubeconfig(context, h, None))
    ca = cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate or "")
    return pulumi.Output.all(host, ca).apply(lambda args: render_kubeconfig(context, args[0], args[1]))
