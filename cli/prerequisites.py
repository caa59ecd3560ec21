"""What a real run needs on this machine, as data: the Pulumi CLI, each cloud's CLI and auth plugin, and
where each cloud's credentials can come from. `kumo doctor` reports it; the engine checks it before a run.

Pure lookups of PATH, environment variables and files (no cloud SDK, no network), except the AWS chain,
which asks boto3 (it also covers SSO, containers and instance roles) only when nothing local was found.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from cli.errors import MissingPrerequisite
from components.clouds import cloud as cloud_record
from components.needs import CloudNeeds, Tool

PULUMI_INSTALL = "install the Pulumi CLI: curl -fsSL https://get.pulumi.com | sh (https://www.pulumi.com/docs/install/)"
MIN_PULUMI = (3, 181)  # inline programs for refresh/destroy (`--client`) need 3.181+
SKIP_CREDENTIAL_CHECK = "KUMO_SKIP_CREDENTIAL_CHECK"


def version_problem(tool: Tool, path: str) -> str | None:
    """Why the installed `tool` at `path` will not do (its major version is not the one required, or it does
    not say its version), or None."""
    if tool.version_pattern is None or tool.major is None:
        return None
    try:  # AWS CLI v1 printed its version on stderr, v2 prints it on stdout
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"`{tool.command} --version` did not run ({type(exc).__name__})"
    found = re.search(tool.version_pattern, f"{done.stdout}\n{done.stderr}")
    if found is None:
        return f"`{tool.command} --version` does not say which version it is; version {tool.major} is required"
    if int(found.group(1)) != tool.major:
        return f"it reports {found.group(0)}: version {tool.major} is required"
    return None


def pulumi_path() -> str | None:
    return shutil.which("pulumi")


def require_pulumi() -> str:
    """The Pulumi CLI's path, or exit 4 with how to install it (checked before any workspace is made, so
    the Automation API never creates and leaks a temporary directory)."""
    path = pulumi_path()
    if path is None:
        raise MissingPrerequisite(
            "the Pulumi CLI is not installed (kumo drives it through the Automation API)", hint=PULUMI_INSTALL
        )
    return path


def pulumi_version(path: str) -> str | None:
    try:
        done = subprocess.run(
            [path, "version"],
            capture_output=True,
            text=True,
            timeout=20,
            env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip().lstrip("v") or None


def version_ok(version: str | None) -> bool:
    if not version:
        return False
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= MIN_PULUMI


def _expand(path: str, needs: CloudNeeds, env: Mapping[str, str]) -> Path:
    for var, default in needs.env_overrides.items():
        path = path.replace(f"${var}", env.get(var) or default)
    return Path(path).expanduser()


def credential_source(cloud: str, env: Mapping[str, str] | None = None, *, allow_sdk: bool = True) -> str | None:
    """Where this cloud's credentials would come from (a description), or None when none was found."""
    env = os.environ if env is None else env
    needs = cloud_record(cloud).needs
    for names in needs.credential_env:
        if all(env.get(name) for name in names):
            return "environment: " + ", ".join(names)
    for raw in needs.credential_files:
        path = _expand(raw, needs, env)
        if path.exists():
            return f"file: {path}"
    if allow_sdk and needs.sdk_chain is not None:
        return needs.sdk_chain()
    return None


def require_credentials(cloud: str, stack: str) -> None:
    """Exit 4 before any cloud call when nothing on this machine could authenticate to the stack's cloud."""
    if os.environ.get(SKIP_CREDENTIAL_CHECK):
        return
    if credential_source(cloud) is None:
        raise MissingPrerequisite(
            f"{stack}: no {cloud} credentials found",
            hint=cloud_record(cloud).needs.login + f" (or set {SKIP_CREDENTIAL_CHECK}=1 if the "
            "provider finds them some other way)",
        )


# Phrases the providers print when they cannot authenticate: a failed run with one of these is a missing
# prerequisite (exit 4), not a cloud failure.
CREDENTIAL_ERRORS: tuple[str, ...] = (
    "no valid credential sources",
    "NoCredentialProviders",
    "failed to refresh cached credentials",
    "ExpiredToken",
    "InvalidClientTokenId",
    "could not find default credentials",
    "google: could not find default credentials",
    "Please run 'az login'",
    "az login",
    "DefaultAzureCredential",
    "unable to authenticate",
    "AADSTS",
)
PASSPHRASE_ERRORS: tuple[str, ...] = (
    "incorrect passphrase",
    "passphrase must be set",
    "PULUMI_CONFIG_PASSPHRASE",
)
