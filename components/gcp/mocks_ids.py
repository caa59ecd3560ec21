"""What every GCP mock answer is built from: the mock project's number, and ids, addresses and digests derived
from the inputs and the stack config, so a plan's ids are stable from run to run. Pure: no SDK."""

from __future__ import annotations

import hashlib
import ipaddress
from typing import Any

PROJECT_NUMBER = "123456789012"
COMPUTE = "https://www.googleapis.com/compute/v1"


def project_id(ctx: Any, inputs: dict[str, Any] | None = None) -> str:
    return str((inputs or {}).get("project") or ctx.config.get("gcp:project", "mock-project"))


def region_of(ctx: Any, inputs: dict[str, Any]) -> str:
    return str(inputs.get("region") or inputs.get("location") or ctx.config.get("gcp:region", "us-central1"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def public_ip(seed: str) -> str:
    d = bytes.fromhex(digest(seed)[:6])
    return f"34.{d[0] % 200 + 20}.{d[1]}.{d[2] % 250 + 2}"


def host(cidr: str, index: int) -> str:
    return str(ipaddress.ip_network(cidr)[index])


def last(path: Any) -> str:
    return str(path).rstrip("/").rsplit("/", 1)[-1]
