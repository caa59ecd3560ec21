"""The reference workload: the scenario the platform exists for.

N web-server replicas spread across zones, behind the load balancer, every one mounting the shared
volume at /usr/share/nginx/html/shared: a file written there through one replica is served by all of them
at http://ADDRESS/shared/FILE, and survives the pods, the nodes and the cluster itself.
"""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes.load_balancer import LoadBalancer
from components.layers.contract import LoadBalancerExposure
from components.spec import ClusterSpec
from components.spec.workload import APP_GID, APP_UID, LEGACY_APP_GID

APP_NAME = "kumo-app"
SHARED_MOUNT = "/usr/share/nginx/html/shared"
LABELS = {"app.kubernetes.io/name": APP_NAME}


def pod_spec(spec: ClusterSpec, claim_name: str) -> k8s.core.v1.PodSpecArgsDict:
    """The app's pod: non-root, read-only root filesystem, probes, limits, zone spread, shared volume."""
    app = spec.app
    spread: list[k8s.core.v1.TopologySpreadConstraintArgsDict] = [
        {
            "max_skew": 1,
            "topology_key": key,
            "when_unsatisfiable": "ScheduleAnyway",
            "label_selector": {"match_labels": LABELS},
        }
        for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
    ]
    readiness: k8s.core.v1.ProbeArgsDict = {
        "http_get": {"path": "/", "port": "http"},
        "period_seconds": 10,
        "timeout_seconds": 2,
        "initial_delay_seconds": 2,
        "failure_threshold": 3,
    }
    liveness: k8s.core.v1.ProbeArgsDict = {
        "http_get": {"path": "/", "port": "http"},
        "period_seconds": 10,
        "timeout_seconds": 2,
        "initial_delay_seconds": 10,
        "failure_threshold": 6,
    }
    return {
        "automount_service_account_token": False,
        "security_context": {
            "run_as_non_root": True,
            # uid/gid >= 10000 (CKV_K8S_40), the ids every cloud's shared store is handed to (APP_UID).
            "run_as_user": APP_UID,
            "run_as_group": APP_GID,
            "fs_group": APP_GID,
            # Files a store still holds from before under the old group stay the app's (LEGACY_APP_GID).
            "supplemental_groups": [LEGACY_APP_GID],
            # The kubelet changes group ownership only when the volume's root does not match
            # already: on a root-squashed NFS share it could not walk a 2770 tree as root.
            "fs_group_change_policy": "OnRootMismatch",
            "seccomp_profile": {"type": "RuntimeDefault"},
        },
        "topology_spread_constraints": spread,
        "containers": [
            {
                "name": "web",
                "image": app.image,
                # A tag can be re-pushed: pull on every start so a node never runs a stale or planted copy
                # of it (CKV_K8S_15). With the registry reachable, the pull re-checks the digest only; an
                # image pinned by digest (the default, CKV_K8S_43) cannot change, only be taken away.
                "image_pull_policy": "Always",
                "ports": [{"name": "http", "container_port": app.port, "protocol": "TCP"}],
                "readiness_probe": readiness,
                "liveness_probe": liveness,
                "resources": {
                    "requests": {"cpu": "50m", "memory": "64Mi"},
                    "limits": {"cpu": "500m", "memory": "128Mi"},
                },
                "security_context": {
                    "allow_privilege_escalation": False,
                    "read_only_root_filesystem": True,
                    "run_as_non_root": True,
                    "capabilities": {"drop": ["ALL"]},
                },
                "volume_mounts": [
                    {"name": "shared", "mount_path": SHARED_MOUNT},
                    {"name": "tmp", "mount_path": "/tmp"},
                ],
            }
        ],
        "volumes": [
            {"name": "shared", "persistent_volume_claim": {"claim_name": claim_name}},
            {"name": "tmp", "empty_dir": {"size_limit": "64Mi"}},
        ],
    }


class ReferenceApp(pulumi.ComponentResource):
    """Deployment + PodDisruptionBudget + LoadBalancer Service for the reference app."""

    address: pulumi.Output[str | None]
    url: pulumi.Output[str | None]

    def __init__(
        self,
        name: str,
        *,
        spec: ClusterSpec,
        exposure: LoadBalancerExposure,
        namespace: str,
        claim_name: str,
        provider: k8s.Provider,
        depends_on: list[pulumi.Resource],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:k8s:App", name, None, opts)
        meta: k8s.meta.v1.ObjectMetaArgsDict = {
            "name": APP_NAME,
            "namespace": namespace,
            "labels": {**LABELS, "app.kubernetes.io/managed-by": "kumo"},
        }
        deployment_spec: k8s.apps.v1.DeploymentSpecArgsDict = {
            "replicas": spec.app.replicas,
            "selector": {"match_labels": LABELS},
            "strategy": {"type": "RollingUpdate", "rolling_update": {"max_unavailable": 0, "max_surge": 1}},
            "template": {"metadata": {"labels": LABELS}, "spec": pod_spec(spec, claim_name)},
        }
        deployment = k8s.apps.v1.Deployment(
            f"{name}-deployment",
            metadata=meta,
            spec=deployment_spec,
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=depends_on),
        )
        k8s.policy.v1.PodDisruptionBudget(
            f"{name}-pdb",
            metadata=meta,
            spec={"max_unavailable": 1, "selector": {"match_labels": LABELS}},
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=depends_on),
        )
        lb = LoadBalancer(
            f"{name}-lb",
            spec=spec.load_balancer,
            exposure=exposure,
            namespace=namespace,
            service_name=APP_NAME,
            selector=LABELS,
            target_port=spec.app.port,
            provider=provider,
            depends_on=[*depends_on, deployment],
            opts=pulumi.ResourceOptions(parent=self),
        )
        port = spec.load_balancer.ports[0]
        self.address = lb.address
        self.url = lb.address.apply(lambda a: app_url(a, port))
        self.register_outputs({"address": self.address, "url": self.url})


def app_url(address: str | None, port: int) -> str | None:
    """http://ADDRESS/ (with the port when it is not 80), or None before the address is known."""
    if address is None:
        return None
    return f"http://{address}/" if port == 80 else f"http://{address}:{port}/"
