"""Kubeconfig files: write one, or merge it into an existing one the way `aws eks update-kubeconfig` and
`az aks get-credentials` do: entries of the same name are replaced, every other entry is kept, and the
new context becomes current. Files are written atomically with mode 0600. Pure YAML, no Pulumi.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from cli.errors import BadInput, OperationFailed

SECTIONS = ("clusters", "users", "contexts")


def parse(value: Any, source: str) -> dict[str, Any]:
    """A kubeconfig given as a mapping, YAML or JSON text."""
    if isinstance(value, Mapping):
        return dict(value)
    try:
        data = yaml.safe_load(value) if isinstance(value, str) else None
    except yaml.YAMLError as exc:
        raise OperationFailed(f"{source}: not a kubeconfig: {where_broken(exc)}") from None
    if not isinstance(data, dict) or not data.get("contexts"):
        raise OperationFailed(f"{source}: not a kubeconfig (no contexts)")
    return data


def where_broken(exc: Exception) -> str:
    """Where a kubeconfig's YAML breaks, by line and column, never the text there: PyYAML's own message
    quotes the offending line, and a kubeconfig's lines hold tokens, keys and certificates."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    if mark is None:
        return "not valid YAML"
    return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}"


def named(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The stack's kubeconfig reduced to its current context, with the cluster, user and context all
    called `name` (so two stacks never overwrite each other's entries)."""
    contexts = {c["name"]: c["context"] for c in config.get("contexts") or []}
    current = config.get("current-context") or next(iter(contexts), None)
    if current not in contexts:
        raise OperationFailed("the stack's kubeconfig names no usable context")
    context = dict(contexts[current])
    clusters = {c["name"]: c["cluster"] for c in config.get("clusters") or []}
    users = {u["name"]: u["user"] for u in config.get("users") or []}
    if context.get("cluster") not in clusters or context.get("user") not in users:
        raise OperationFailed(f"the stack's kubeconfig context {current!r} points at a missing cluster or user")
    cluster, user = clusters[context["cluster"]], users[context["user"]]
    context.update(cluster=name, user=name)
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "clusters": [{"name": name, "cluster": cluster}],
        "users": [{"name": name, "user": user}],
        "contexts": [{"name": name, "context": context}],
        "current-context": name,
    }


def merge(existing: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """`new`'s entries replace same-named ones in `existing`; all others stay, in their order."""
    merged: dict[str, Any] = {"apiVersion": "v1", "kind": "Config", "preferences": {}}
    merged.update({k: v for k, v in (existing or {}).items() if v is not None})
    for section in SECTIONS:
        incoming = {entry["name"]: entry for entry in new.get(section) or []}
        kept = [entry for entry in merged.get(section) or [] if entry.get("name") not in incoming]
        merged[section] = kept + list(incoming.values())
    merged["current-context"] = new["current-context"]
    return merged


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """Where merges go: the first file of $KUBECONFIG (as `aws eks update-kubeconfig` does), else
    ~/.kube/config."""
    env = os.environ if env is None else env
    first = next((p for p in (env.get("KUBECONFIG") or "").split(os.pathsep) if p), None)
    return Path(first).expanduser() if first else Path.home() / ".kube" / "config"


def read(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise BadInput(
            f"{path}: cannot read it: {exc.strerror or type(exc).__name__}",
            hint="fix or move the file, or write elsewhere with --file",
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"{path}: cannot read it as a kubeconfig: {where_broken(exc)}",
            hint="fix or move the file, or write elsewhere with --file",
        ) from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise BadInput(f"{path}: not a kubeconfig (not a mapping)", hint="write elsewhere with --file")
    return data


def write_private(path: Path, config: Mapping[str, Any]) -> Path:
    """Atomically replace `path` (following a symlink to its target) with mode 0600."""
    target = path.resolve() if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = yaml.safe_dump(json.loads(json.dumps(config)), sort_keys=False, default_flow_style=False)
    fd, temp = tempfile.mkstemp(prefix=".kumo-kubeconfig-", dir=target.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
