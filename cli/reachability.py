"""Does the cluster's API server answer from here? Asked before the in-cluster layer changes anything.

A private EKS or AKS endpoint answers only inside its network (or over VPN / peering with DNS); run from
anywhere else, the first Kubernetes call would hang until Pulumi's timeout and leave the layer half-applied.
So kumo resolves the endpoint and opens a TCP connection to it, bounded by a few seconds in all (a resolver
that never answers counts as not reachable), and stops with the ways in that the cluster layer published.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Probe:
    """What one attempt found."""

    ok: bool
    reason: str
    """`answers`, or why not: does not resolve, refused, timed out..."""


def probe(host: str, port: int, timeout: float | None = None) -> Probe:
    """Resolve `host` and connect to `port`, all within `timeout` seconds (TIMEOUT_S when None)."""
    timeout = TIMEOUT_S if timeout is None else timeout
    outcome: list[Probe] = []

    def attempt() -> None:
        try:
            addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            outcome.append(Probe(False, f"{host} does not resolve here ({exc.strerror or exc})"))
            return
        last = "no address"
        for family, kind, proto, _, address in addresses:
            try:
                with socket.socket(family, kind, proto) as sock:
                    sock.settimeout(timeout)
                    sock.connect(address)
                outcome.append(Probe(True, "answers"))
                return
            except TimeoutError:
                last = f"no answer from {address[0]}:{port} within {timeout:g} s"
            except OSError as exc:
                last = f"{address[0]}:{port} {exc.strerror or exc}".strip()
        outcome.append(Probe(False, last))

    worker = threading.Thread(target=attempt, name="kumo-reachability", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:  # a resolver or connect that never returns: the thread is left to die with the process
        return Probe(False, f"no answer from {host}:{port} within {timeout:g} s")
    return outcome[0]


def unreachable_message(stack: str, access: dict[str, Any], found: Probe) -> tuple[str, str]:
    """(message, hint) for an endpoint that does not answer, naming the ways in the cloud published."""
    host, port = access.get("host"), access.get("port", 443)
    message = (
        f"{stack}: the cluster's API endpoint {host}:{port} does not answer from here ({found.reason}); "
        "the in-cluster layer was not changed (the data and cluster layers are as they were)"
    )
    ways = list(access.get("ways_in") or [])
    if ways:
        hint = "run it where the endpoint answers: " + "; or ".join(ways)
    elif access.get("public"):
        hint = "the endpoint is public: check that this machine's address is in api.authorized_cidrs"
    else:  # private, yet reachable from anywhere: an identity-gated endpoint (GKE's DNS-based one)
        hint = (
            "the endpoint is identity-gated: check that this machine reaches the endpoint's host and that "
            "your identity may connect to the cluster"
        )
    return message, hint
