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
from dataclasses import dataclass, field
from pathlib import Path

from cli.errors import MissingPrerequisite

PULUMI_INSTALL = "install the Pulumi CLI: curl -fsSL https://get.pulumi.com | sh (https://www.pulumi.com/docs/install/)"
MIN_PULUMI = (3, 181)  # inline programs for refresh/destroy (`--client`) need 3.181+
SKIP_CREDENTIAL_CHECK = "KUMO_SKIP_CREDENTIAL_CHECK"


@dataclass(frozen=True)
class Tool:
    """A command-line tool a cloud needs, and how to install it."""

    command: str
    why: str
    install: str
    version_pattern: str | None = None
    """A regex whose first group is the major version in `COMMAND --version`'s output (None: any version)."""
    major: int | None = None
    """The major version required (with `version_pattern`)."""


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


@dataclass(frozen=True)
class CloudNeeds:
    """One cloud's tools and credential sources."""

    tools: tuple[Tool, ...]
    credential_env: tuple[tuple[str, ...], ...]
    """Sets of environment variables that together are credentials (any one set is enough)."""
    credential_files: tuple[str, ...]
    """Files (~ and $VARS expanded) whose presence means a login happened."""
    login: str
    """The fix when no credentials are found."""
    env_overrides: dict[str, str] = field(default_factory=dict)
    """Variables that relocate the credential files (CLOUDSDK_CONFIG, AZURE_CONFIG_DIR, ...)."""


CLOUD_NEEDS: dict[str, CloudNeeds] = {
    "aws": CloudNeeds(
        tools=(
            Tool(
                "aws",
                "kubeconfig exec credentials (aws eks get-token)",
                "install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
                version_pattern=r"aws-cli/(\d+)[.\d]*",
                major=2,
            ),
        ),  # v2 only (v1: maintenance mode)
        credential_env=(
            ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
            ("AWS_PROFILE",),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI",),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",),
        ),
        credential_files=("~/.aws/credentials", "~/.aws/sso/cache"),
        login="run `aws configure sso` / `aws sso login`, "
        "or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
    ),
    "azure": CloudNeeds(
        tools=(
            Tool(
                "az",
                "login for the azure-native provider and `az aks` credentials",
                "install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli",
            ),
            Tool(
                "kubelogin",
                "kubeconfig exec credentials for Entra ID (AAD) clusters",
                "az aks install-cli (or https://azure.github.io/kubelogin/install.html)",
            ),
        ),
        credential_env=(
            ("ARM_CLIENT_ID", "ARM_CLIENT_SECRET"),
            ("ARM_CLIENT_ID", "ARM_USE_OIDC"),
            ("ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH"),
            ("ARM_USE_MSI",),
            ("AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"),
        ),
        credential_files=("$AZURE_CONFIG_DIR/azureProfile.json",),
        login="run `az login` (and `az account set -s SUBSCRIPTION`), or set ARM_CLIENT_ID with a secret, OIDC or MSI",
        env_overrides={"AZURE_CONFIG_DIR": "~/.azure"},
    ),
    "gcp": CloudNeeds(
        tools=(
            Tool(
                "gcloud",
                "login and project selection",
                "install the gcloud CLI: https://cloud.google.com/sdk/docs/install",
            ),
            Tool(
                "gke-gcloud-auth-plugin",
                "kubeconfig exec credentials for GKE",
                "gcloud components install gke-gcloud-auth-plugin",
            ),
        ),
        credential_env=(
            ("GOOGLE_CREDENTIALS",),
            ("GOOGLE_APPLICATION_CREDENTIALS",),
            ("GOOGLE_OAUTH_ACCESS_TOKEN",),
            ("CLOUDSDK_AUTH_ACCESS_TOKEN",),
        ),
        credential_files=("$CLOUDSDK_CONFIG/application_default_credentials.json",),
        login="run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
        env_overrides={"CLOUDSDK_CONFIG": "~/.config/gcloud"},
    ),
}


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
    needs = CLOUD_NEEDS[cloud]
    for names in needs.credential_env:
        if all(env.get(name) for name in names):
            return "environment: " + ", ".join(names)
    for raw in needs.credential_files:
        path = _expand(raw, needs, env)
        if path.exists():
            return f"file: {path}"
    if allow_sdk and cloud in SDK_CHAINS:
        return SDK_CHAINS[cloud]()
    return None


def _aws_chain() -> str | None:
    """boto3's own provider chain (config-file profiles, SSO, container and instance roles)."""
    try:
        import boto3
    except ImportError:  # pragma: no cover - boto3 is a dependency
        return None
    try:
        credentials = boto3.Session().get_credentials()
    except Exception:
        return None
    return f"boto3 credential chain ({credentials.method})" if credentials is not None else None


SDK_CHAINS = {"aws": _aws_chain}


def require_credentials(cloud: str, stack: str) -> None:
    """Exit 4 before any cloud call when nothing on this machine could authenticate to the stack's cloud."""
    if os.environ.get(SKIP_CREDENTIAL_CHECK):
        return
    if credential_source(cloud) is None:
        raise MissingPrerequisite(
            f"{stack}: no {cloud} credentials found",
            hint=CLOUD_NEEDS[cloud].login + f" (or set {SKIP_CREDENTIAL_CHECK}=1 if the "
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
