"""How the Azure preflight checks (preflight.py) ask: the `az` CLI with `-o json` and, when the stack names one,
`--subscription`, through the checks' shared context, and which az failures mean "cannot ask" (signed out, no
RBAC permission: a skip naming the fix).

Why the CLI and not the Python SDKs: the same questions need five management SDKs (subscription, compute,
containerservice, storage, identity) plus azure-identity, a heavy dependency set for read-only look-ups, while
`az` is what AKS users already have and sign in with (`az login`, which Pulumi's azure-native provider also
reads). Its JSON output for these commands is stable and documented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any

from components.preflight import CommandError, CommandRunner, Result, Skip, Target, run_json

INSTALL = "install the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli)"
LOGIN_FIX = (
    "sign in: `az login` (or set the ARM_* / AZURE_* service-principal variables and `az login --service-principal`)"
)
LOGIN_HINTS = ("az login", "AADSTS", "expired", "Please run 'az login'")
DENIED_HINTS = ("AuthorizationFailed", "does not have authorization", "Forbidden")


@dataclass
class AzureContext:
    """What the Azure checks share: the command runner and facts found on the way."""

    target: Target
    run: CommandRunner
    zones: list[str] = field(default_factory=list)
    skus: dict[str, dict[str, Any]] = field(default_factory=dict)
    """VM size name -> its `az vm list-skus` entry (filled by the machine-type check)."""
    today: date = field(default_factory=date.today)
    """The day the version facts are read for (tests pin it)."""

    @property
    def location(self) -> str:
        return self.target.location

    def az(self, *args: str, subscription: bool = True) -> Any:
        argv = ["az", *args, "-o", "json"]
        sub = self.target.config.get("azure-native:subscriptionId")
        if subscription and sub:
            argv += ["--subscription", str(sub)]
        return run_json(self.run, argv, tool="az", install=INSTALL)


def az_call(permission: str) -> Callable[[Callable[[AzureContext], Result]], Callable[[AzureContext], Result]]:
    """Turn `az` failures that mean "cannot ask" (not signed in, no RBAC permission) into skips."""

    def wrap(check: Callable[[AzureContext], Result]) -> Callable[[AzureContext], Result]:
        @wraps(check)
        def run(ctx: AzureContext) -> Result:
            try:
                return check(ctx)
            except CommandError as exc:
                if any(hint in exc.stderr for hint in LOGIN_HINTS):
                    raise Skip(f"not signed in to Azure ({exc})", fix=LOGIN_FIX, prerequisite="Azure login") from None
                if any(hint in exc.stderr for hint in DENIED_HINTS):
                    raise Skip(
                        f"not allowed: {exc}",
                        fix=f"grant {permission} to the identity kumo runs as",
                        prerequisite=f"Azure permission {permission}",
                    ) from None
                raise

        return run

    return wrap
