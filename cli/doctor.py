"""`kumo doctor`: what a real run needs on this machine, each missing piece with its fix (exit 4)."""

from __future__ import annotations

import shutil
from typing import Annotated, Any

import typer

from cli import completion
from cli.errors import BadInput, MissingPrerequisite
from cli.options import CLOUD_METAVAR, IntendedBackendOpt, JsonOpt


def _check(name: str, ok: bool, detail: str, fix: str = "", *, required: bool = True) -> dict[str, Any]:
    status = "ok" if ok else ("missing" if required else "warn")
    return {"name": name, "status": status, "detail": detail, "fix": fix, "required": required}


def clouds_in_use() -> tuple[list[str], list[dict[str, Any]]]:
    """The clouds the stack files use (all three when there are none), and a failed check for each stack
    file that cannot be read, naming it and its problem (`kumo validate` fails on it; doctor goes on)."""
    from components.clouds import CLOUDS
    from components.stackfiles import StackFileError, list_stacks, load_stack

    used = set()
    unreadable = []
    for name in list_stacks():
        try:
            used.add(load_stack(name).cloud)
        except StackFileError as exc:
            unreadable.append(
                _check(
                    f"stack {name}", False, str(exc), f"fix the file; `kumo validate {name}` checks it", required=False
                )
            )
    return [c for c in CLOUDS if c in used] or list(CLOUDS), unreadable


def checks(clouds: list[str], backend_flag: str | None) -> list[dict[str, Any]]:
    import os

    from cli import prerequisites as pre
    from cli import render, settings
    from components.clouds import cloud as cloud_record
    from components.stackfiles import project_dir

    found: list[dict[str, Any]] = []
    path = pre.pulumi_path()
    version = pre.pulumi_version(path) if path else None
    found.append(
        _check(
            "Pulumi CLI",
            path is not None and pre.version_ok(version),
            f"{path} (v{version})" if path else "not found on PATH",
            pre.PULUMI_INSTALL
            if path is None
            else f"upgrade to {'.'.join(map(str, pre.MIN_PULUMI))} or newer: pulumi self-update",
        )
    )
    backend = settings.resolve_backend(backend_flag, project_dir())
    found.append(_check("state backend", True, backend.describe()))
    passphrase = any(os.environ.get(v) is not None for v in settings.PASSPHRASE_VARS)
    asked = render.interactive()
    found.append(
        _check(
            "secrets passphrase",
            passphrase or backend.is_cloud,
            "Pulumi Cloud encrypts secrets"
            if backend.is_cloud
            else "set"
            if passphrase
            else ("not set; kumo will ask for it" if asked else "not set and no terminal to ask"),
            "export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE), "
            "or use --secrets-provider with a KMS key",
            required=not asked,
        )
    )
    for cloud in clouds:
        needs = cloud_record(cloud).needs
        for tool in needs.tools:
            where = shutil.which(tool.command)
            problem = pre.version_problem(tool, where) if where else None
            detail = (
                f"not found ({tool.why})"
                if where is None
                else f"{where}: {problem} ({tool.why})"
                if problem
                else f"{where} ({tool.why})"
            )
            found.append(
                _check(f"{cloud}: {tool.command}", where is not None and problem is None, detail, tool.install)
            )
        source = pre.credential_source(cloud)
        found.append(_check(f"{cloud}: credentials", source is not None, source or "none found", needs.login))
    return found


def doctor(
    cloud: Annotated[
        str | None,
        typer.Option(
            "--cloud",
            metavar=CLOUD_METAVAR,
            autocompletion=completion.clouds,
            show_default=False,
            help="Check only this cloud. Default: the clouds your stack files use.",
        ),
    ] = None,
    backend: IntendedBackendOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Check what a real run needs: Pulumi CLI, cloud CLIs and auth plugins, credentials, backend,
    passphrase. Exit 4 if something required is missing."""
    from cli import render
    from components.clouds import CLOUDS
    from components.echo import echo

    if cloud is not None and cloud not in CLOUDS:
        raise BadInput(f"--cloud {echo(cloud)}: must be one of {', '.join(CLOUDS)}")
    clouds, unreadable = clouds_in_use()
    found = checks([cloud] if cloud else clouds, backend) + unreadable
    if json_:
        render.json_document({"kumo_doctor": 1, "checks": found})
    else:
        render.doctor_report(found)
    missing = [c["name"] for c in found if c["status"] == "missing"]
    if missing:
        raise MissingPrerequisite(f"missing: {', '.join(missing)}", hint="each line above says how to fix it")
