"""How workloads are exposed (the load balancer) and the reference app."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from components.spec.errors import Problem, raise_problems
from components.spec.limits import MAX_AUTHORIZED_CIDRS, Cidr, SpecModel


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

    @model_validator(mode="after")
    def _static_needs_public(self) -> LoadBalancerSpec:
        problems = []
        if self.static_ip and self.scheme == "internal":
            problems.append(Problem(("static_ip",), True, "a static public IP needs scheme: public"))
        if len(set(self.ports)) != len(self.ports):
            problems.append(Problem(("ports",), self.ports, "lists the same port twice"))
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
