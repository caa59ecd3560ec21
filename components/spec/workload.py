"""How workloads are exposed (the load balancer) and the reference app."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from components.spec.errors import Problem, raise_problems
from components.spec.limits import MAX_AUTHORIZED_CIDRS, Cidr, SpecModel

SERVICE_REF_RE = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
"""namespace/name: two DNS-1123 labels (a Service name is a label: at most 63 characters)."""


class PublicService(SpecModel):
    """A Service of type LoadBalancer allowed to be public, and the only client ranges it may open."""

    service: str
    """namespace/name of the Service, e.g. web/frontend."""
    source_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """Its loadBalancerSourceRanges must be a non-empty subset of these (write 0.0.0.0/0 to open it fully).
    Left out: refused (exit 2), since a public Service must say who may reach it."""

    @field_validator("service")
    @classmethod
    def _service(cls, service: str) -> str:
        if not re.match(SERVICE_REF_RE, service):
            raise ValueError(
                "must be NAMESPACE/NAME of a Service (lowercase letters, digits and '-'), e.g. web/frontend"
            )
        return service

    @model_validator(mode="after")
    def _needs_ranges(self) -> PublicService:
        if not self.source_cidrs:
            raise_problems(
                [
                    Problem(
                        ("source_cidrs",),
                        [],
                        f"a public Service needs the client ranges it may open: add source_cidrs (e.g. "
                        f"[203.0.113.0/24]) for {self.service}, or leave it internal",
                    )
                ]
            )
        return self


class GuardrailsSpec(SpecModel):
    """Cluster-wide admission guardrails (ValidatingAdmissionPolicies); turning one off needs a GOV-04 waiver."""

    internal_load_balancers: bool = True
    """Refuse LoadBalancer Services that are not internal, unless in load_balancer.public_services. Left out: on."""
    host_volumes: bool = True
    """Refuse hostPath and inline nfs volumes in Pods outside kube-system. Left out: on."""


class LoadBalancerSpec(SpecModel):
    """How the reference app's Service is exposed: an L4 load balancer."""

    scheme: Literal["public", "internal"] = "internal"
    """public (internet-facing) or internal (reachable from the network only). Left out: internal."""
    source_cidrs: list[Cidr] = Field(default_factory=list, max_length=MAX_AUTHORIZED_CIDRS)
    """Client ranges allowed through (loadBalancerSourceRanges). Left out: no restriction."""
    static_ip: bool = False
    """Reserve a static public address for a public load balancer. Left out: the cloud assigns one."""
    ports: list[Annotated[int, Field(ge=1, le=65535)]] = Field(default_factory=lambda: [80], min_length=1, max_length=5)
    """Service ports, each forwarded to the app's port. Left out: [80]."""
    public_services: list[PublicService] = Field(default_factory=list, max_length=50)
    """Other Services (namespace/name) allowed a public load balancer, each with its source_cidrs. Left out:
    none (every other LoadBalancer Service must be internal)."""

    @model_validator(mode="after")
    def _static_needs_public(self) -> LoadBalancerSpec:
        problems = []
        if self.static_ip and self.scheme == "internal":
            problems.append(Problem(("static_ip",), True, "a static public IP needs scheme: public"))
        if len(set(self.ports)) != len(self.ports):
            problems.append(Problem(("ports",), self.ports, "lists the same port twice"))
        names = [p.service for p in self.public_services]
        for i, name in enumerate(names):
            if name in names[:i]:
                problems.append(Problem(("public_services", i, "service"), name, "is already listed"))
        raise_problems(problems)
        return self


class AppSpec(SpecModel):
    """The reference workload: replicated web servers behind the load balancer, sharing one volume."""

    enabled: bool = False
    """Deploy the reference app. Left out: false."""
    image: str = "nginxinc/nginx-unprivileged:1.27-alpine"
    """Container image; it must serve HTTP on `port` as a non-root user. Left out: unprivileged nginx."""
    replicas: int = Field(default=3, ge=1, le=100)
    """Replica count, spread across zones. Left out: 3."""
    port: int = Field(default=8080, ge=1, le=65535)
    """Container port the app listens on. Left out: 8080."""

    @field_validator("image")
    @classmethod
    def _image(cls, image: str) -> str:
        if not image or any(c.isspace() for c in image):
            raise ValueError("must be a container image reference such as nginxinc/nginx-unprivileged:1.27")
        return image
