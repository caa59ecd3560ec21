"""LoadBalancer: a Service of type LoadBalancer built from the neutral spec and the cloud's exposure.

The ports, scheme and source ranges come from `LoadBalancerSpec` and are the same on every cloud; only the
annotations (and a reserved address) come from the cloud's package. The address output is whichever the
cloud's load balancer reports, hostname (AWS NLB) or IP (Azure, GCP): read from the Service status, not
decided by the cloud's name.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.layers.contract import LoadBalancerExposure
from components.spec import LoadBalancerSpec


def ingress_address(status: Any) -> str | None:
    """The first ingress point's hostname, else its IP, from a Service status (None until assigned)."""
    lb = getattr(status, "load_balancer", None) if status is not None else None
    ingress = (getattr(lb, "ingress", None) or []) if lb is not None else []
    if not ingress:
        return None
    return ingress[0].hostname or ingress[0].ip


class LoadBalancer(pulumi.ComponentResource):
    """An L4 load balancer in front of the pods `selector` picks, forwarding every port to `target_port`."""

    address: pulumi.Output[str | None]
    service: k8s.core.v1.Service

    def __init__(
        self,
        name: str,
        *,
        spec: LoadBalancerSpec,
        exposure: LoadBalancerExposure,
        namespace: str,
        service_name: str,
        selector: dict[str, str],
        target_port: int,
        provider: k8s.Provider,
        depends_on: list[pulumi.Resource],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("kumo:k8s:LoadBalancer", name, None, opts)
        service_spec: k8s.core.v1.ServiceSpecArgsDict = {
            "type": "LoadBalancer",
            "selector": selector,
            "ports": [
                {"name": f"tcp-{port}", "port": port, "target_port": target_port, "protocol": "TCP"}
                for port in spec.ports
            ],
        }
        if spec.source_cidrs:
            service_spec["load_balancer_source_ranges"] = list(spec.source_cidrs)
        if exposure.load_balancer_ip is not None:
            service_spec["load_balancer_ip"] = exposure.load_balancer_ip
        self.service = k8s.core.v1.Service(
            f"{name}-svc",
            metadata={
                "name": service_name,
                "namespace": namespace,
                "annotations": exposure.annotations,
                "labels": {"app.kubernetes.io/managed-by": "kumo", "kumo.io/scheme": spec.scheme},
            },
            spec=service_spec,
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[*depends_on, *exposure.depends_on]),
        )
        self.address = self.service.status.apply(ingress_address)
        self.register_outputs({"address": self.address})
