"""`kumo stacks`, `kumo init`, `kumo validate`: the stack files themselves, offline and fast.

Nothing here imports Pulumi or a cloud SDK: stack files are YAML, the spec is pydantic, and the cloud
details shown (location key, machine types) come from the clouds' pure-data traits modules.
"""

from __future__ import annotations

import importlib
import ipaddress
import os
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import BadInput

StacksArg = Annotated[list[str] | None, typer.Argument(help="Stack names (see `kumo stacks`).", show_default=False)]
AllOpt = Annotated[bool, typer.Option("--all", help="Every stack in stacks/.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]

STACK_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")  # Pulumi's stack-name rule
LOCATION_RE = re.compile(r"^[a-z][a-z0-9-]{1,40}[a-z0-9]$")  # us-east-1, eastus, us-central1
GCP_PROJECT_RE = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")  # Google's project-id rule


def _traits(cloud: str) -> Any:
    return importlib.import_module(f"components.{cloud}.traits")


def pools_line(pools: Any) -> str:
    """`system 2-3×small (system), apps 1-4×medium spot`: the pools as the stack file writes them."""
    if pools is None:
        return "default pools"
    if not isinstance(pools, list):
        return "?"
    parts = []
    for p in pools:
        if not isinstance(p, dict):
            parts.append("?")
            continue
        flags = "".join((" spot" if p.get("spot") else "", " (system)" if p.get("system") else ""))
        parts.append(f"{p.get('name', '?')} {p.get('min_nodes', '?')}-{p.get('max_nodes', '?')}×"
                     f"{p.get('size', 'medium')}{flags}")
    return ", ".join(parts)


def stack_rows() -> list[dict[str, Any]]:
    """Each stack file's cloud, location and pools, read as YAML only (`kumo validate` checks the spec)."""
    from components.stackfiles import StackFileError, list_stacks, load_stack

    rows = []
    for name in list_stacks():
        row: dict[str, Any] = {"stack": name, "cloud": None, "location": None, "pools": None, "problem": None}
        rows.append(row)
        try:
            stack = load_stack(name)
        except StackFileError as exc:
            row["problem"] = f"{exc}: `kumo validate {name}`"
            continue
        spec = stack.raw_spec
        row.update(cloud=stack.cloud, location=stack.location or None,
                   pools=pools_line(spec.get("node_pools") if isinstance(spec, dict) else None))
    return rows


def validate_stacks(names: list[str]) -> list[dict[str, Any]]:
    """Every stack's problems (all of them, each with its path); unknown names are problems too."""
    from components.spec import SpecError
    from components.stackfiles import StackFileError, UnknownStackError, load_stack

    results = []
    for name in names:
        try:
            stack = load_stack(name)
            stack.spec()
            results.append({"stack": name, "valid": True, "problems": [], "warnings": stack.warnings()})
        except SpecError as exc:
            results.append({"stack": name, "valid": False,
                            "problems": [p.render(exc.root) for p in exc.problems], "warnings": []})
        except (StackFileError, UnknownStackError) as exc:
            results.append({"stack": name, "valid": False, "problems": [str(exc).strip("'\"")], "warnings": []})
    return results


def parse_pool(text: str, index: int) -> dict[str, Any]:
    """`NAME:SIZE:MIN:MAX[:spot]` -> a node pool (the first pool given is the system pool)."""
    parts = text.split(":")
    if len(parts) not in (4, 5) or (len(parts) == 5 and parts[4] != "spot"):
        raise BadInput(f"--pool {text!r}: expected NAME:SIZE:MIN:MAX or NAME:SIZE:MIN:MAX:spot "
                       "(for example system:medium:3:6 or batch:large:0:10:spot)")
    name, size, low, high = parts[:4]
    pool: dict[str, Any] = {"name": name, "size": size}
    for key, value in (("min_nodes", low), ("max_nodes", high)):
        pool[key] = int(value) if value.isdigit() else value  # a non-number is reported by the spec
    if len(parts) == 5:
        pool["spot"] = True
    if index == 0:
        pool["system"] = True
    return pool


def build_stack_document(stack: str, cloud: str, location: str, project: str | None, like: str | None,
                         version: str | None, zones: int | None, public_api: bool, cidrs: list[str],
                         pools: list[str], shared_gb: int | None) -> dict[str, Any]:
    """The new stack file's content, or BadInput listing every problem."""
    from components.offline import CLOUDS, load_stack
    from components.spec import SpecError, parse_spec

    problems: list[str] = []
    if not STACK_NAME_RE.match(stack):
        problems.append(f"STACK {stack!r}: letters, digits, '-', '_' and '.', at most 100 characters")
    if cloud not in CLOUDS:
        raise BadInput(f"--cloud {cloud!r}: must be one of {', '.join(CLOUDS)}")
    traits = _traits(cloud)
    if not LOCATION_RE.match(location):
        problems.append(f"--location {location!r}: a region or location name such as us-east-1, eastus, us-central1")
    project_key = getattr(traits, "PROJECT_KEY", None)
    if project_key and not project:
        problems.append(f"--project is required for {cloud} ({project_key})")
    elif project and not project_key:
        problems.append(f"--project applies only to clouds with projects; {cloud} has none")
    elif project and not GCP_PROJECT_RE.match(project):
        problems.append(f"--project {project!r}: 6-30 lowercase letters, digits and '-', starting with a letter")
    spec: dict[str, Any] = {}
    if like:
        source = load_stack(like)
        spec = dict(source.raw_spec or {})
    if version:
        spec["kubernetes_version"] = version
    if zones is not None:
        spec["network"] = {**spec.get("network", {}), "zones": zones}
    if public_api or cidrs:
        for cidr in cidrs:
            try:
                ipaddress.ip_network(cidr, strict=True)
            except ValueError:
                problems.append(f"--authorized-cidr {cidr!r}: not an IPv4 network such as 203.0.113.0/24")
        spec["api"] = {"public": True, "authorized_cidrs": cidrs}
    if pools:
        spec["node_pools"] = [parse_pool(text, i) for i, text in enumerate(pools)]
    if shared_gb is not None:
        spec["storage"] = {**spec.get("storage", {}), "shared": {"size_gb": shared_gb}}
    try:
        parse_spec(spec, default_name=stack, root=f"Pulumi.{stack}.yaml: kumo:cluster")
    except SpecError as exc:
        problems.extend(p.render(exc.root) for p in exc.problems)
    if problems:
        raise BadInput(f"cannot write stack {stack}:\n" + "\n".join(f"  {p}" for p in problems))
    config: dict[str, Any] = {traits.LOCATION_KEY: location}
    if project_key:
        config[project_key] = project
    config["kumo:cloud"] = cloud
    if spec:
        config["kumo:cluster"] = spec
    return {"config": config}


def write_new(path: Any, text: str) -> None:
    """Create the file; never overwrite (O_EXCL, so two concurrent inits cannot both win)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BadInput(f"{path} already exists; kumo init never overwrites a stack file",
                       hint="edit it, or pick another stack name") from None
    with os.fdopen(fd, "w") as file:
        file.write(text)


def register(app: typer.Typer) -> None:
    @app.command("stacks")
    def stacks_command(json_: JsonOpt = False) -> None:
        """List the stack files with their cloud, location and node pools."""
        from cli import render

        rows = stack_rows()
        if json_:
            render.json_document({"kumo_stacks": 1, "stacks": rows})
        elif rows:
            render.stacks_table(rows)
        else:
            render.note("no stack files yet; `kumo init STACK --cloud C --location L` writes one")

    @app.command("validate")
    def validate_command(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False) -> None:
        """Validate stack files offline, reporting every problem at once (exit 2 if any)."""
        from cli import render
        from components.offline import list_stacks

        if all_ == bool(stacks):
            raise BadInput("give stack names or --all" + (", not both" if all_ else ""))
        results = validate_stacks(list_stacks() if all_ else list(stacks or []))
        if json_:
            render.json_document({"kumo_validate": 1, "stacks": results})
        else:
            render.validation(results)
        bad = [r["stack"] for r in results if not r["valid"]]
        if bad:
            raise BadInput(f"{len(bad)} of {len(results)} stack(s) invalid: {', '.join(bad)}")

    @app.command("init")
    def init_command(
        stack: Annotated[str, typer.Argument(help="Name of the new stack, e.g. gcp-staging.")],
        cloud: Annotated[str, typer.Option("--cloud", help="aws | azure | gcp.")],
        location: Annotated[str, typer.Option("--location", help="Region (aws, gcp) or location (azure).")],
        project: Annotated[str | None, typer.Option("--project", help="Google Cloud project id (gcp only).")] = None,
        like: Annotated[str | None, typer.Option("--env-like", help="Copy the spec of this stack (an "
                                                 "equivalent cluster on another cloud).")] = None,
        version: Annotated[str | None, typer.Option("--kubernetes-version", help='"1.NN"; default: the '
                                                    "cloud's default.")] = None,
        zones: Annotated[int | None, typer.Option("--zones", help="1-3; default 3.")] = None,
        public_api: Annotated[bool, typer.Option("--public-api", help="Public API endpoint (give "
                                                 "--authorized-cidr).")] = False,
        cidrs: Annotated[list[str] | None, typer.Option("--authorized-cidr", help="CIDR allowed to reach a "
                                                        "public API (repeatable).")] = None,
        pools: Annotated[list[str] | None, typer.Option("--pool", help="NAME:SIZE:MIN:MAX[:spot], repeatable; "
                                                        "the first is the system pool.")] = None,
        shared_gb: Annotated[int | None, typer.Option("--shared-storage-gb", help="Durable shared (RWX) "
                                                      "storage of this size.")] = None,
    ) -> None:
        """Write stacks/Pulumi.STACK.yaml from flags (validated; never overwrites an existing file)."""
        import yaml

        from cli import render
        from components.offline import stacks_dir

        path = stacks_dir() / f"Pulumi.{stack}.yaml"
        if path.exists():
            raise BadInput(f"{path} already exists; kumo init never overwrites a stack file",
                           hint="edit it, or pick another stack name")
        document = build_stack_document(stack, cloud, location, project, like, version, zones, public_api,
                                        list(cidrs or []), list(pools or []), shared_gb)
        origin = f" (spec copied from {like})" if like else ""
        header = f"# kumo stack {stack} on {cloud}{origin}, written by `kumo init`.\n"
        write_new(path, header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False))
        render.note(f"wrote {path}; `kumo plan {stack}` shows what it builds")
