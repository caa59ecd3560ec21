"""How workloads are exposed (the load balancer) and the reference app."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from components.echo import echo
from components.spec.errors import Problem, raise_problems
from components.spec.limits import MAX_AUTHORIZED_CIDRS, Cidr, SpecModel

APP_IMAGE = (
    "nginxinc/nginx-unprivileged:1.31.6-alpine3.24"
    "@sha256:26b0bf6fbf07297983cb341998d79c831508787de26627dd2a112321b9c3a4af"
)
"""The reference app's default image: NGINX's unprivileged nginx 1.31.6 on Alpine 3.24, the newest mainline
release found published with a digest (upstream nginx/docker-nginx-unprivileged PR #424, merged 2026-09-15),
pinned by the digest of its multi-arch OCI image index, so every node pulls the same image for its platform
whatever the tag later points to (CKV_K8S_43). Source: buenhyden/hy-home.docker,
projects/storybook/nextjs/Dockerfile at commit e811e159afa2dc7245bb2d6b562a91cf931283fe, whose task record
(SPEC-0206-TSK-0001) says the digest was checked on 2026-10-03 to serve amd64 and arm64; another public
Dockerfile pins it as "the :alpine OCI index as of 2026-10-03 (amd64 + arm64 + 14 more)". Upstream rebuilds its
tags weekly and does not clean up the images a rebuild leaves untagged on Docker Hub (its README), so the digest
stays pullable. Refresh with `docker buildx imagetools inspect nginxinc/nginx-unprivileged:<version>-alpine`."""
APP_UID = 10101
APP_GID = 10101
"""The uid and gid the reference app runs as, and that the shared store on every cloud is handed to: at least
10000, so they match no user or group of the node (CKV_K8S_40). The image runs under any uid (read in
nginx/docker-nginx-unprivileged: Dockerfile-alpine-slim.template, unchanged since 2025-04-27, and the
entrypoint scripts): nginx.conf has no `user` directive, keeps its pid file and temporary paths under /tmp (the
pod's emptyDir) and listens on 8080; nginx only reads /etc/nginx and /usr/share/nginx/html, which are
world-readable; the entrypoint scripts skip what they cannot write. The image's uid 101 owns /etc/nginx and
/var/cache/nginx only so that the entrypoint may edit them, which the read-only root filesystem refuses anyway,
and no passwd entry is needed for a uid that nginx never looks up."""
LEGACY_APP_GID = 101
"""The gid the app ran as before (the image's own nginx user). The pod keeps it as a supplementary group so a
shared store still grouped 101 stays the app's until it is handed over: an Azure share is re-grouped by the
CSI driver only when a node next mounts it (components/azure/traits.py, SHARED_FSGROUP_CHANGE_POLICY). On a
new store nothing belongs to it."""
IMAGE_RE = re.compile(
    r"(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
    r"|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
)
"""NAME[:TAG] as the distribution project's reference grammar has it (distribution/reference, regexp.go)."""
DIGEST_RE = re.compile(r"sha256:[0-9a-f]{64}")
"""What follows the "@" of a pinned image: a sha256 digest, 64 lowercase hex digits (OCI image spec)."""


def pinned(image: str) -> bool:
    """Whether `image` names one image by its digest (NAME[:TAG]@sha256:HEX), whatever its tag says."""
    _, at, digest = image.partition("@")
    return bool(at) and DIGEST_RE.fullmatch(digest) is not None


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
    image: str = APP_IMAGE
    """Container image, NAME[:TAG][@sha256:DIGEST]; it must serve HTTP on `port` as uid/gid 10101 (APP_UID) with a
    read-only root filesystem. Without a digest GOV-05 fails. Left out: unprivileged nginx, pinned by digest."""
    replicas: int = Field(default=3, ge=1, le=100)
    """Replica count, spread across zones. Left out: 3."""
    port: int = Field(default=8080, ge=1, le=65535)
    """Container port the app listens on. Left out: 8080."""

    @field_validator("image")
    @classmethod
    def _image(cls, image: str) -> str:
        name, at, digest = image.partition("@")
        if not IMAGE_RE.fullmatch(name):
            raise ValueError(
                "must be a container image reference NAME[:TAG][@sha256:DIGEST], e.g. "
                "nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha256:<64 hex digits>"
            )
        if at and not DIGEST_RE.fullmatch(digest):
            raise ValueError(
                f"the digest after '@' is {echo(digest)}: it must be sha256: and 64 lowercase hex digits "
                "(NAME[:TAG]@sha256:<64 hex digits>)"
            )
        return image
