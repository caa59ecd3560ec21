"""How the Google Cloud preflight checks (preflight.py) ask: the `gcloud` CLI with `--format=json` and the stack's
`--project`, through the checks' shared context, and which gcloud failures mean "cannot ask" (signed out, no
IAM permission: a skip naming the fix) or "not there" (a 404, which a check may read as its answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from components.preflight import CommandError, CommandRunner, Result, Skip, Target, run_json

INSTALL = "install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install)"
LOGIN_FIX = "sign in: `gcloud auth login` and `gcloud auth application-default login` (Pulumi uses the latter)"
LOGIN_HINTS = (
    "gcloud auth login",
    "active account",
    "Reauthentication",
    "refreshing your current auth tokens",
    "invalid_grant",
)
DENIED_HINTS = ("PERMISSION_DENIED", "Required '", "does not have permission", "code=403", "HTTPError 403")
NOT_FOUND_HINTS = ("code=404", "NOT_FOUND", "Not found", "was not found", "HTTPError 404")


@dataclass
class GcpContext:
    """What the GCP checks share: the command runner and facts found on the way."""

    target: Target
    run: CommandRunner
    region_info: dict[str, Any] = field(default_factory=dict)
    """`gcloud compute regions describe` of the region (status, zones, quotas)."""
    zones: list[str] = field(default_factory=list)

    @property
    def region(self) -> str:
        return self.target.location

    @property
    def project(self) -> str:
        return str(self.target.config.get("gcp:project") or "")

    def gcloud(self, *args: str, project: bool = True) -> Any:
        argv = ["gcloud", *args, "--format=json"]
        if project:
            argv.append(f"--project={self.project}")
        return run_json(self.run, argv, tool="gcloud", install=INSTALL)


def gcloud_call(permission: str) -> Callable[[Callable[[GcpContext], Result]], Callable[[GcpContext], Result]]:
    """Turn gcloud failures that mean "cannot ask" (signed out, no IAM permission) into skips."""

    def wrap(check: Callable[[GcpContext], Result]) -> Callable[[GcpContext], Result]:
        @wraps(check)
        def run(ctx: GcpContext) -> Result:
            try:
                return check(ctx)
            except CommandError as exc:
                if any(hint in exc.stderr for hint in LOGIN_HINTS):
                    raise Skip(
                        f"not signed in to Google Cloud ({exc})", fix=LOGIN_FIX, prerequisite="gcloud login"
                    ) from None
                if any(hint in exc.stderr for hint in DENIED_HINTS):
                    raise Skip(
                        f"not allowed: {exc}",
                        fix=f"grant {permission} on project {ctx.project}",
                        prerequisite=f"IAM permission {permission}",
                    ) from None
                raise

        return run

    return wrap


def basename(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1]
