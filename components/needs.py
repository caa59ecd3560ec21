"""What a real run needs on the user's machine, per cloud: the command-line tools and where credentials can
come from. Each cloud's record (components/<cloud>/cloud.py) fills a `CloudNeeds`; `kumo doctor` reports it and
the engine checks it before a run (cli/prerequisites.py). Pure data types: no Pulumi, no cloud SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


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
    sdk_chain: Callable[[], str | None] | None = None
    """The cloud SDK's own credential lookup, asked last (it may read config files or ask a metadata service):
    a description of where credentials come from, or None."""
