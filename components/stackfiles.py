"""Stack files: Pulumi.<stack>.yaml in the project's stack-config directory, as kumo reads them.

Cheap to import (YAML only): `kumo stacks` lists stacks without loading the spec models or Pulumi.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from components.spec import ClusterSpec

PROJECT = "kumo"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (the C one where available)

SECRET = "[secret]"
CLOUDS = ("aws", "azure", "gcp")




class UnknownStackError(LookupError):
    """A stack name with no stack file; the message lists the stacks there are."""


class StackFileError(ValueError):
    """A stack file that cannot be read (bad YAML, no kumo:cloud, an unknown cloud)."""


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
        data = _load_yaml(path.read_text())
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and data.get("name") == PROJECT


def stacks_dir(project: Path | None = None) -> Path:
    """The stack-config directory named by Pulumi.yaml's stackConfigDir (stacks/ by default)."""
    root = project or project_dir()
    data = _load_yaml((root / "Pulumi.yaml").read_text()) or {}
    return root / str(data.get("stackConfigDir", "stacks"))


def list_stacks(directory: Path | None = None) -> list[str]:
    """Stack names with a Pulumi.<stack>.yaml in the stack directory, sorted."""
    directory = directory or stacks_dir()
    return sorted(p.name[len("Pulumi."):-len(".yaml")] for p in directory.glob("Pulumi.*.yaml"))


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
        """The provider's location key's value (region or Azure location), from the cloud's traits."""
        traits = importlib.import_module(f"components.{self.cloud}.traits")
        return str(self.config.get(traits.LOCATION_KEY, ""))

    @property
    def raw_spec(self) -> Any:
        return self.config.get("kumo:cluster")

    def spec(self, today: date | None = None, *, lifecycle: bool = True) -> ClusterSpec:
        """The validated spec, or `SpecError` listing every problem: the spec's own, and what the stack's
        cloud would refuse (a location key missing or unknown, a Kubernetes minor out of standard support
        on `today`, by default the current date)."""
        from components import facts

        return facts.check_stack(self.cloud, self.config, self.raw_spec, self.name, self.path.name,
                                 today or facts.today(), lifecycle=lifecycle)[0]

    def warnings(self, today: date | None = None) -> list[str]:
        """What is valid today but will not stay so (a version near the end of its standard support)."""
        from components import facts

        return facts.check_stack(self.cloud, self.config, self.raw_spec, self.name, self.path.name,
                                 today or facts.today())[1]

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
    """Read Pulumi.<name>.yaml; `UnknownStackError` lists the stacks there are."""
    directory = directory or stacks_dir()
    path = directory / f"Pulumi.{name}.yaml"
    if not path.is_file():
        known = list_stacks(directory)
        listing = ", ".join(known) if known else "none"
        raise UnknownStackError(f"unknown stack {name!r} (no {path}); stacks: {listing}")
    try:
        data = _load_yaml(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise StackFileError(f"{path.name}: not valid YAML: {exc}") from None
    config = data.get("config") if isinstance(data, dict) else None
    if not isinstance(config, dict):
        raise StackFileError(f"{path.name}: has no config: mapping")
    cloud = config.get("kumo:cloud")
    if cloud not in CLOUDS:
        raise StackFileError(f"{path.name}: kumo:cloud = {cloud!r}: must be one of {', '.join(CLOUDS)}")
    return StackFile(name=name, path=path, config=config)
