"""Where state lives and how secrets are unlocked: the backend and the secrets passphrase.

Pure decisions over the environment, the project's Pulumi.yaml and the stack file; no Pulumi import.
The user's choice always wins, in the order the issue gives: `--backend`, `PULUMI_BACKEND_URL`,
`backend.url` in Pulumi.yaml, an existing `pulumi login`; with none, a file backend under ~/.kumo/state.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cli.errors import BadInput, MissingPrerequisite

DEFAULT_STATE_DIR = Path("~/.kumo/state")
PASSPHRASE_VARS = ("PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE")


@dataclass(frozen=True)
class Backend:
    """The state backend a run uses, and who chose it."""

    url: str | None
    """The backend URL, or None when the Pulumi CLI decides on its own (Pulumi.yaml, `pulumi login`)."""
    source: str
    """Who chose it: "--backend", "PULUMI_BACKEND_URL", "Pulumi.yaml backend.url", "pulumi login", "kumo default"."""

    @property
    def env(self) -> dict[str, str]:
        """What to hand the Pulumi CLI so it uses this backend. Nothing when the CLI already finds it itself:
        the environment variable is passed through, Pulumi.yaml and the login are read by the CLI."""
        if self.source in ("--backend", "kumo default") and self.url:
            return {"PULUMI_BACKEND_URL": self.url}
        return {}

    @property
    def is_cloud(self) -> bool:
        """Pulumi Cloud (or self-hosted Pulumi Cloud): secrets are encrypted by the service, no passphrase."""
        return bool(self.url) and str(self.url).startswith(("https://", "http://"))

    def describe(self) -> str:
        return f"{self.url or '(the Pulumi CLI’s current login)'} (from {self.source})"


def pulumi_home(env: Mapping[str, str]) -> Path:
    return Path(env.get("PULUMI_HOME") or Path.home() / ".pulumi")


def current_login(env: Mapping[str, str]) -> str | None:
    """The backend an earlier `pulumi login` selected (credentials.json "current"), if any."""
    path = pulumi_home(env) / "credentials.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    current = data.get("current") if isinstance(data, dict) else None
    return str(current) if current else None


def project_backend(project: Path) -> str | None:
    """`backend.url` from the project's Pulumi.yaml, if set."""
    from components.stackfiles import StackFileError, project_settings

    try:
        data = project_settings(project)
    except StackFileError:
        return None
    backend = data.get("backend")
    url = backend.get("url") if isinstance(backend, dict) else None
    return str(url) if url else None


def resolve_backend(flag: str | None, project: Path, env: Mapping[str, str] | None = None) -> Backend:
    """The backend for this run, by the issue's precedence."""
    env = os.environ if env is None else env
    if flag:
        return Backend(flag, "--backend")
    if env.get("PULUMI_BACKEND_URL"):
        return Backend(env["PULUMI_BACKEND_URL"], "PULUMI_BACKEND_URL")
    pinned = project_backend(project)
    if pinned:
        return Backend(pinned, "Pulumi.yaml backend.url")
    login = current_login(env)
    if login:
        return Backend(login, "pulumi login")
    return Backend(default_backend_url(), "kumo default")


def default_backend_url() -> str:
    return "file://" + str(DEFAULT_STATE_DIR.expanduser())


def ensure_default_state_dir(backend: Backend) -> None:
    """Create ~/.kumo/state (private to the user) when kumo's default backend is used."""
    if backend.source == "kumo default":
        directory = DEFAULT_STATE_DIR.expanduser()
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)


def stack_secrets_provider(stack_config: Mapping[str, Any]) -> str | None:
    """The secrets provider a stack file records (`secretsprovider:`), None for the passphrase default."""
    value = stack_config.get("secretsprovider")
    return str(value) if value else None


def needs_passphrase(backend: Backend, flag: str | None, stack_document: Mapping[str, Any]) -> bool:
    """The passphrase secrets provider is in use: no KMS provider by flag or in the stack file, and a
    self-managed backend (Pulumi Cloud encrypts secrets itself unless told otherwise)."""
    provider = flag or stack_secrets_provider(stack_document)
    if provider:
        return provider == "passphrase"
    if stack_document.get("encryptionsalt"):
        return True
    return not backend.is_cloud


def passphrase_env(
    required: bool, *, env: Mapping[str, str] | None = None, interactive: bool, prompt: Callable[[], str]
) -> dict[str, str]:
    """Extra environment for the CLI so it can unlock the stack's secrets.

    PULUMI_CONFIG_PASSPHRASE(_FILE) are passed through untouched; otherwise the passphrase is asked for when
    a person is there to answer, and never stored anywhere but the child's environment.
    """
    env = os.environ if env is None else env
    if not required or any(env.get(name) is not None for name in PASSPHRASE_VARS):
        file = env.get("PULUMI_CONFIG_PASSPHRASE_FILE")
        if required and file and env.get("PULUMI_CONFIG_PASSPHRASE") is None and not Path(file).is_file():
            raise MissingPrerequisite(
                f"PULUMI_CONFIG_PASSPHRASE_FILE={file}: no such file",
                hint="point it at the file holding the stack's secrets passphrase",
            )
        return {}
    if not interactive:
        raise MissingPrerequisite(
            "the stack's secrets need a passphrase and there is no terminal to ask for it",
            hint="set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or use a KMS secrets provider "
            "(--secrets-provider awskms://…, azurekeyvault://…, gcpkms://…)",
        )
    return {"PULUMI_CONFIG_PASSPHRASE": prompt()}


def check_secrets_provider(flag: str | None) -> None:
    """`--secrets-provider`: passphrase, or a cloud KMS URL the Pulumi CLI understands."""
    if flag is None or flag == "passphrase":
        return
    if not flag.startswith(("awskms://", "azurekeyvault://", "gcpkms://", "hashivault://", "default")):
        raise BadInput(
            f"--secrets-provider {flag!r}: must be passphrase, default, or a KMS URL "
            "(awskms://…, azurekeyvault://…, gcpkms://…, hashivault://…)"
        )
