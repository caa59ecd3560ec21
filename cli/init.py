"""`kumo init`: write a new stack file from flags, with secure defaults, and show its rule verdict.

A stack written with only the required flags (the name, --cloud, --location, --project on gcp, and the
owner and env tags, asked for at a terminal) passes `kumo check`: kumo writes what the rules want rather
than leaving it to the cloud's defaults. Anything less safe is a flag away, and a failed rule it causes is
accepted only by a waiver with a reason (`--waive RULE=REASON`). The verdict plans the stack offline,
exactly as `kumo check` does (the only time this command imports Pulumi). The file's content and every
problem with the flags: cli/new_stack.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from cli import completion
from cli.errors import BadInput, RulesFailed
from cli.new_stack import InitOptions, MissingTags, build_stack_document
from cli.options import CLOUD_METAVAR


def write_new(path: Path, text: str) -> None:
    """Create the file; never overwrite (O_EXCL, so two concurrent inits cannot both win)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BadInput(
            f"{path} already exists; kumo init never overwrites a stack file",
            hint="edit it, or pick another stack name",
        ) from None
    with os.fdopen(fd, "w") as file:
        file.write(text)


def show_verdict(stack: str) -> None:
    """The rules on the stack just written (`kumo check STACK`): a line of counts; with a failure, its table,
    and exit 3 (the file stays: `kumo up` refuses it until it is fixed or waived)."""
    from cli import render
    from cli.check import WAIVE_HINT, check_document, failed_rules
    from components.stackfiles import load_stack

    document = check_document([load_stack(stack)])
    report = document["stacks"][0]
    counts = report["counts"]
    render.out.print(
        f"rules on {stack}: "
        + ", ".join(f"{counts.get(status, 0)} {status}" for status in ("pass", "fail", "waived", "n/a")),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if failed_rules(document) is not None:
        render.check_table(report)
        failed = ", ".join(r["rule"] for r in report["results"] if r["status"] == "fail")
        raise RulesFailed(
            f"wrote {stack}, but it fails security rules ({failed}): `kumo up` refuses it",
            hint=f"{WAIVE_HINT} (`kumo init --waive RULE=REASON` writes one)",
        )


def _opt(flag: str, metavar: str, help_: str, complete: Any = None) -> Any:
    return typer.Option(flag, metavar=metavar, help=help_, show_default=False, autocompletion=complete)


Many = list[str] | None


def init_command(
    stack: Annotated[str, typer.Argument(metavar="STACK", help="Name of the new stack, e.g. gcp-staging.")],
    cloud: Annotated[str, _opt("--cloud", CLOUD_METAVAR, "The cloud.", completion.clouds)],
    location: Annotated[str, _opt("--location", "REGION", "Region (aws, gcp) or location (azure).")],
    project: Annotated[
        str | None, _opt("--project", "PROJECT_ID", "Google Cloud project id (gcp only, required there).")
    ] = None,
    owner: Annotated[
        str | None, _opt("--owner", "TEAM", "The owner tag (GOV-03); asked for at a terminal, required otherwise.")
    ] = None,
    env: Annotated[
        str | None,
        _opt("--env", "NAME", "The env tag (GOV-03), e.g. dev or prod; asked for at a terminal, required otherwise."),
    ] = None,
    tags: Annotated[Many, _opt("--tag", "KEY=VALUE", "A tag on every resource (repeatable; GCP label rules).")] = None,
    waivers: Annotated[
        Many, _opt("--waive", "RULE=REASON", "Accept a failed rule, with the reason on record (repeatable).")
    ] = None,
    like: Annotated[
        str | None,
        _opt(
            "--env-like",
            "STACK",
            "Copy the spec of this stack (an equivalent cluster on another cloud).",
            completion.stack_names,
        ),
    ] = None,
    version: Annotated[
        str | None,
        _opt("--kubernetes-version", "1.NN", "Default: the newest minor in the cloud's standard support today."),
    ] = None,
    zones: Annotated[
        int | None, _opt("--zones", "2|3", "Availability zones: 2 or 3 (EKS needs at least 2); default 3.")
    ] = None,
    public_api: Annotated[
        bool,
        _opt(
            "--public-api",
            "",
            "Public API endpoint, reachable from --authorized-cidr only; fails NET-01 unless waived.",
        ),
    ] = False,
    cidrs: Annotated[
        Many, _opt("--authorized-cidr", "CIDR", "IPv4 network allowed to reach a public API (repeatable).")
    ] = None,
    pools: Annotated[
        Many, _opt("--pool", "NAME:SIZE:MIN:MAX[:spot]", "A node pool (repeatable); the first is the system pool.")
    ] = None,
    shared_gb: Annotated[
        int | None,
        _opt("--shared-storage-gb", "GB", "Durable shared (RWX) storage of this size, protected and kept on delete."),
    ] = None,
) -> None:
    """Write stacks/Pulumi.STACK.yaml from flags (validated; never overwrites) and show its rule verdict."""
    import yaml

    from cli import render
    from components.stackfiles import STACK_NAME_RE, stacks_dir

    options = InitOptions(
        stack=stack,
        cloud=cloud,
        location=location,
        project=project,
        like=like,
        version=version,
        zones=zones,
        public_api=public_api,
        cidrs=list(cidrs or []),
        pools=list(pools or []),
        shared_gb=shared_gb,
        owner=owner,
        env=env,
        tags=list(tags or []),
        waivers=list(waivers or []),
    )
    path = stacks_dir() / f"Pulumi.{stack}.yaml"
    if STACK_NAME_RE.fullmatch(stack) and path.exists():  # a bad name is reported with every other problem
        raise BadInput(
            f"{path} already exists; kumo init never overwrites a stack file",
            hint="edit it, or pick another stack name",
        )
    try:
        document = build_stack_document(options)
    except MissingTags as missing:
        if not render.interactive():
            raise
        for key in missing.keys:  # asked only once every other flag is right
            setattr(options, key, typer.prompt(f"{key} tag (GOV-03)", err=True).strip())
        document = build_stack_document(options)
    origin = f" (spec copied from {like})" if like else ""
    header = f"# kumo stack {stack} on {cloud}{origin}, written by `kumo init`.\n"
    write_new(path, header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False))
    render.note(f"wrote {path}; `kumo plan {stack}` shows what it builds")
    show_verdict(stack)
