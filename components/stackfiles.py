"""Stack files: Pulumi.<stack>.yaml in the project's stack-config directory, as kumo reads them.

Cheap to import (YAML only): `kumo stacks` lists stacks without loading the spec models or Pulumi.

A stack name is where a user's text becomes a path, so one rule guards every way in (`check_stack_name`:
command arguments, `kumo init`'s name and `--env-like`, `--all` discovery), and the file must resolve inside
the stack directory (`stack_path`). Every stack file and Pulumi.yaml is read by `components.bounded_yaml`:
size, nesting, alias expansion, duplicate keys and encoding are bounded or refused, each with the file's name.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from components.clouds import CLOUDS, cloud
from components.echo import echo
from components.records import SECRET

if TYPE_CHECKING:
    from components.spec import ClusterSpec

PROJECT = "kumo"
STACK_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")
"""Pulumi's stack-name rule, at most 100 of A-Z a-z 0-9 _ . - (pulumi/pulumi sdk/go/common/tokens:
`^[A-Za-z0-9_.-]{1,100}$`; the docs: "Stack names may only contain alphanumeric characters, hyphens,
underscores, or periods", https://www.pulumi.com/docs/iac/concepts/stacks/, read 2026-12-02), and kumo's
own stricter start, a letter or digit: no '/', no '..' at the start, no leading '-' that would read as an
option, nothing a path could climb out with.
Anchored at both ends (backslash-Z: `$` would let a trailing newline through), so `match` and
`fullmatch` agree."""
STACK_NAME_RULE = (
    "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 100 characters "
    "(Pulumi's stack-name rule)"
)


class UnknownStackError(LookupError):
    """A stack name with no stack file; the message lists the stacks there are."""


class StackFileError(ValueError):
    """A stack file that cannot be read (bad YAML, no kumo:cloud, an unknown cloud, not a file, too large,
    outside the stack directory), or a name that cannot be a stack's."""


class StackNameError(StackFileError):
    """A stack name that breaks Pulumi's rule (and so could name a path outside the stack directory)."""


def check_stack_name(name: str, label: str = "stack name") -> str:
    """`name` if it is a valid stack name, else `StackNameError`: `stack name '../x': letters, digits, ...`.
    `label` names where it came from (`--env-like`, `STACK`)."""
    if not STACK_NAME_RE.fullmatch(name):
        raise StackNameError(f"{label} {echo(name)}: {STACK_NAME_RULE}")
    return name


def read_document(path: Path, shown: str | None = None) -> Any:
    """A stack file's (or Pulumi.yaml's) YAML document, bounded (components.bounded_yaml); `StackFileError`
    names the file and its problem."""
    from components.bounded_yaml import UnreadableYaml, read_yaml  # YAML only when a file is read

    try:
        return read_yaml(path, shown)
    except UnreadableYaml as exc:
        raise StackFileError(str(exc)) from None


def project_dir() -> Path:
    """The kumo project: the nearest directory upwards from the cwd holding a kumo Pulumi.yaml, else the
    checkout this package was installed from."""
    for base in (Path.cwd(), *Path.cwd().parents):
        candidate = base / "Pulumi.yaml"
        if candidate.is_file() and _is_kumo_project(candidate):
            return base
    return Path(__file__).resolve().parent.parent


def _is_kumo_project(path: Path) -> bool:
    try:
        data = read_document(path)
    except StackFileError:
        return False
    return isinstance(data, dict) and data.get("name") == PROJECT


def project_settings(project: Path | None = None) -> dict[str, Any]:
    """The project's Pulumi.yaml as a mapping; `StackFileError` names it when it cannot be read."""
    path = (project or project_dir()) / "Pulumi.yaml"
    data = read_document(path, str(path)) or {}
    if not isinstance(data, dict):
        raise StackFileError(f"{path}: not a mapping of Pulumi project settings")
    return data


def stacks_dir(project: Path | None = None) -> Path:
    """The stack-config directory named by Pulumi.yaml's stackConfigDir (stacks/ by default)."""
    root = project or project_dir()
    return root / str(project_settings(root).get("stackConfigDir", "stacks"))


def list_stacks(directory: Path | None = None) -> list[str]:
    """Stack names with a Pulumi.<stack>.yaml entry in the stack directory, sorted. An entry whose name is not
    a valid stack name is not a stack (`stray_entries` names it); one that is not a readable regular file is
    listed, and `load_stack` says what it is."""
    directory = directory or stacks_dir()
    names = (p.name[len("Pulumi.") : -len(".yaml")] for p in directory.glob("Pulumi.*.yaml"))
    return sorted(name for name in names if STACK_NAME_RE.fullmatch(name))


def stray_entries(directory: Path | None = None) -> list[str]:
    """Each Pulumi.*.yaml entry that `list_stacks` leaves out, with why (its name is not a stack name)."""
    directory = directory or stacks_dir()
    names = sorted(p.name for p in directory.glob("Pulumi.*.yaml"))
    stems = ((name, name[len("Pulumi.") : -len(".yaml")]) for name in names)
    return [
        f"{echo(name)} ignored: stack name {echo(stem)}: {STACK_NAME_RULE}"
        for name, stem in stems
        if not STACK_NAME_RE.fullmatch(stem)
    ]


def stack_path(name: str, directory: Path | None = None) -> tuple[Path, Path]:
    """(Pulumi.<name>.yaml in the stack directory, the file it resolves to): the name checked, the file
    required to exist and to resolve inside the stack directory (a link out of it is refused)."""
    check_stack_name(name)
    directory = directory or stacks_dir()
    path = directory / f"Pulumi.{name}.yaml"
    if not os.path.lexists(path):
        known = list_stacks(directory)
        listing = ", ".join(known) if known else "none"
        raise UnknownStackError(f"unknown stack {name!r} (no {path}); stacks: {listing}")
    try:
        real = path.resolve(strict=True)
        base = directory.resolve(strict=True)
    except FileNotFoundError:
        raise StackFileError(f"{path.name}: a link to a file that does not exist") from None
    except (OSError, RuntimeError) as exc:  # a link loop
        raise StackFileError(f"{path.name}: cannot be resolved: {getattr(exc, 'strerror', None) or exc}") from None
    if not real.is_relative_to(base):
        raise StackFileError(
            f"{path.name}: a link to {real}, outside {base}; a stack file must be inside the stack directory"
        )
    return path, real


@dataclass(frozen=True)
class StackFile:
    """One stack's configuration, as its Pulumi.<stack>.yaml holds it."""

    name: str
    path: Path
    config: dict[str, Any]
    """Every config key of the file (`aws:region`, `kumo:cloud`, `kumo:cluster`, ...), values as parsed."""

    @property
    def cloud(self) -> str:
        return str(self.config["kumo:cloud"])

    @property
    def location(self) -> str:
        """The provider's location key's value (region or Azure location), as the cloud's record names it."""
        return str(self.config.get(cloud(self.cloud).region_key, ""))

    @property
    def raw_spec(self) -> Any:
        return self.config.get("kumo:cluster")

    def spec(self, today: date | None = None, *, lifecycle: bool = True) -> ClusterSpec:
        """The validated spec, or `SpecError` listing every problem: the spec's own, and what the stack's
        cloud would refuse (a location key missing or unknown, a Kubernetes minor out of standard support
        on `today`, by default the current date)."""
        from components import facts

        return facts.check_stack(
            self.cloud,
            self.config,
            self.raw_spec,
            self.name,
            self.path.name,
            today or facts.today(),
            lifecycle=lifecycle,
        )[0]

    def warnings(self, today: date | None = None) -> list[str]:
        """What is valid today but will not stay so (a version near the end of its standard support)."""
        from components import facts

        return facts.check_stack(
            self.cloud, self.config, self.raw_spec, self.name, self.path.name, today or facts.today()
        )[1]

    def engine_config(self) -> tuple[dict[str, str], list[str]]:
        """Config as the Pulumi engine hands it to a program: strings, objects as JSON, secrets redacted."""
        values: dict[str, str] = {}
        secret_keys: list[str] = []
        for key, value in self.config.items():
            if isinstance(value, dict) and set(value) == {"secure"}:
                values[key] = SECRET  # ciphertext cannot be decrypted offline
                secret_keys.append(key)
            elif isinstance(value, str):
                values[key] = value
            else:
                values[key] = json.dumps(value)
        return values, secret_keys


def load_stack(name: str, directory: Path | None = None) -> StackFile:
    """Read Pulumi.<name>.yaml; `StackNameError` for a name Pulumi refuses, `UnknownStackError` (listing the
    stacks there are) when there is no such file, `StackFileError` naming the file for anything else."""
    path, real = stack_path(name, directory)
    data = read_document(real, path.name) or {}
    config = data.get("config") if isinstance(data, dict) else None
    if not isinstance(config, dict):
        raise StackFileError(f"{path.name}: has no config: mapping")
    odd = next((key for key in config if not isinstance(key, str)), None)
    if odd is not None:
        raise StackFileError(f"{path.name}: config key {echo(odd)}: must be a string such as aws:region")
    cloud = config.get("kumo:cloud")
    if cloud not in CLOUDS:
        raise StackFileError(f"{path.name}: kumo:cloud = {echo(cloud)}: must be one of {', '.join(CLOUDS)}")
    return StackFile(name=name, path=path, config=config)
