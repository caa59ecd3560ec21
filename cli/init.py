"""`kumo init`: write a new stack file from flags, with secure defaults, and show its rule verdict.

A stack written with only the required flags (the name, --cloud, --location, --project on gcp, and the
owner and env tags, asked for at a terminal) passes `kumo check`: kumo writes what the rules want rather
than leaving it to the cloud's defaults. Anything less safe is a flag away, and a failed rule it causes is
accepted only by a waiver with a reason (`--waive RULE=REASON`). The verdict plans the stack offline,
exactly as `kumo check` does (the only time this command imports Pulumi).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from cli import completion
from cli.errors import BadInput, RulesFailed
from components.echo import echo, echo_text

REQUIRED_TAGS = ("owner", "env")
"""The tags GOV-03 wants on every resource: who to ask about it, and which environment it belongs to."""


@dataclass
class InitOptions:
    """What the flags ask for; lists hold each repeated flag's texts as given."""

    stack: str
    cloud: str
    location: str
    project: str | None = None
    like: str | None = None
    version: str | None = None
    zones: int | None = None
    public_api: bool = False
    cidrs: list[str] = field(default_factory=list)
    pools: list[str] = field(default_factory=list)
    shared_gb: int | None = None
    owner: str | None = None
    env: str | None = None
    tags: list[str] = field(default_factory=list)
    """`KEY=VALUE` texts of --tag."""
    waivers: list[str] = field(default_factory=list)
    """`RULE=REASON` texts of --waive."""


def parse_pool(text: str, index: int) -> dict[str, Any]:
    """`NAME:SIZE:MIN:MAX[:spot]` -> a node pool (the first pool given is the system pool)."""
    parts = text.split(":")
    if len(parts) not in (4, 5) or (len(parts) == 5 and parts[4] != "spot"):
        raise BadInput(
            f"--pool {echo(text)}: expected NAME:SIZE:MIN:MAX or NAME:SIZE:MIN:MAX:spot "
            "(for example system:medium:3:6 or batch:large:0:10:spot)"
        )
    name, size, low, high = parts[:4]
    pool: dict[str, Any] = {"name": name, "size": size}
    for key, value in (("min_nodes", low), ("max_nodes", high)):
        pool[key] = int(value) if value.isdigit() else value  # a non-number is reported by the spec
    if len(parts) == 5:
        pool["spot"] = True
    if index == 0:
        pool["system"] = True
    return pool


def parse_pairs(flag: str, texts: list[str], shape: str) -> tuple[dict[str, str], list[str]]:
    """`KEY=VALUE` texts (split at the first `=`) -> a mapping, and a problem for each malformed text and
    each key given twice with different values."""
    pairs: dict[str, str] = {}
    problems: list[str] = []
    for text in texts:
        key, sep, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            problems.append(f"{flag} {echo(text)}: expected {shape}")
        elif key in pairs and pairs[key] != value:
            problems.append(f"{flag} {echo(key)} is given twice, with different values")
        else:
            pairs[key] = value
    return pairs, problems


def source_spec(like: str | None) -> dict[str, Any]:
    """A copy of the --env-like stack's spec (valid: its shape is relied on; its version may have left
    support, a new --kubernetes-version replaces it), or an empty one."""
    if not like:
        return {}
    from components.stackfiles import check_stack_name, load_stack

    check_stack_name(like, "--env-like")
    source = load_stack(like)
    source.spec(lifecycle=False)
    return dict(source.raw_spec or {})


def chosen_tags(options: InitOptions, source: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The copied stack's tags, then --tag, then --owner / --env; and the problems with them."""
    copied = source.get("tags")
    tags: dict[str, str] = dict(copied) if isinstance(copied, dict) else {}
    flagged, problems = parse_pairs("--tag", options.tags, "KEY=VALUE, for example --tag team=payments")
    tags.update(flagged)
    for key, value in (("owner", options.owner), ("env", options.env)):
        if value is None:
            continue
        if key in flagged and flagged[key] != value:
            problems.append(f"--{key} {echo(value)} and --tag {key}={echo(flagged[key])} disagree: give one")
        tags[key] = value
    return tags, problems


class MissingTags(BadInput):
    """Only the owner or env tag is missing (`keys`): at a terminal, kumo init asks for it."""

    keys: tuple[str, ...] = ()


def build_stack_document(options: InitOptions) -> dict[str, Any]:
    """The new stack file's content, or BadInput listing every problem (of the flags, the spec, and what the
    cloud would refuse: its regions, its Kubernetes minors today, its zones)."""
    from components import facts
    from components.clouds import CLOUDS, cloud
    from components.spec import SpecError
    from components.stackfiles import StackNameError, check_stack_name

    o = options
    problems: list[str] = []
    try:
        check_stack_name(o.stack, "STACK")
    except StackNameError as exc:
        problems.append(str(exc))
    if o.cloud not in CLOUDS:
        raise BadInput(f"--cloud {echo(o.cloud)}: must be one of {', '.join(CLOUDS)}")
    location = cloud(o.cloud).location
    # The location and project values: a cloud with projects names a key beside its region key.
    project_key = next((k.key for k in location.required if k.key != location.region_key), None)
    if project_key and not o.project:
        problems.append(f"--project is required for {o.cloud} ({project_key})")
    elif o.project and not project_key:
        problems.append(f"--project applies only to clouds with projects; {o.cloud} has none")
    spec = source_spec(o.like)
    spec.pop("name", None)  # the new stack's cluster is named after the new stack
    if o.version:
        spec["kubernetes_version"] = o.version
    elif "kubernetes_version" not in spec:  # NODE-05: the newest supported minor, not the cloud's default
        supported = facts.supported_minors(o.cloud, facts.today())
        if supported:
            spec["kubernetes_version"] = supported[-1]
        else:
            problems.append(f"{o.cloud} has no Kubernetes minor in standard support today: give --kubernetes-version")
    if o.zones is not None:
        spec["network"] = {**spec.get("network", {}), "zones": o.zones}
    problems += _api(o, spec)
    if o.pools:
        spec["node_pools"] = [parse_pool(text, i) for i, text in enumerate(o.pools)]
    if o.shared_gb is not None:  # DATA-01: durable data is protected and outlives its stack
        spec["storage"] = {
            **spec.get("storage", {}),
            "shared": {"size_gb": o.shared_gb, "protect": True, "retain_on_delete": True},
        }
    tags, tag_problems = chosen_tags(o, spec)
    problems += tag_problems
    missing = [key for key in REQUIRED_TAGS if key not in tags]
    if missing:
        problems.append(
            f"{' and '.join('--' + key for key in missing)} required (or --tag {missing[0]}=...): "
            "GOV-03 wants owner and env tags on every resource; kumo init asks for them at a terminal"
        )
    spec["tags"] = tags
    waivers, waiver_problems = _waivers(o, spec)
    problems += waiver_problems
    if waivers:
        spec["waivers"] = waivers
    config: dict[str, Any] = {location.region_key: o.location}
    if project_key:
        config[project_key] = o.project
    config["kumo:cloud"] = o.cloud
    config["kumo:cluster"] = spec
    try:
        facts.check_stack(o.cloud, config, spec, o.stack, f"Pulumi.{o.stack}.yaml", facts.today())
    except SpecError as exc:
        said = {project_key} if project_key and not o.project else set()  # "--project is required" said it
        problems += [p.render(exc.root) for p in exc.problems if not (p.path and p.path[0] in said)]
    if problems:
        message = f"cannot write stack {echo_text(o.stack)}:\n" + "\n".join(f"  {p}" for p in problems)
        if missing and len(problems) == 1:
            error = MissingTags(message, hint="`kumo init --help` describes each flag")
            error.keys = tuple(missing)
            raise error
        raise BadInput(message, hint="`kumo init --help` describes each flag")
    return {"config": config}


def _api(o: InitOptions, spec: dict[str, Any]) -> list[str]:
    """NET-01: the API endpoint stays private unless --public-api, which needs the networks allowed in."""
    if not o.public_api:
        return [f"--authorized-cidr applies only with --public-api (given: {echo(o.cidrs)})"] if o.cidrs else []
    if not o.cidrs:
        return ["--public-api needs at least one --authorized-cidr CIDR: the networks allowed to reach the API"]
    problems = []
    for cidr in o.cidrs:
        try:
            ipaddress.IPv4Network(cidr, strict=True)
        except ValueError:
            problems.append(f"--authorized-cidr {echo(cidr)}: not an IPv4 network such as 203.0.113.0/24")
    if not problems:
        spec["api"] = {"public": True, "authorized_cidrs": o.cidrs}
    return problems


def _waivers(o: InitOptions, spec: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """The copied stack's waivers with --waive added (a --waive replaces a copied waiver of the same rule)."""
    given, problems = parse_pairs(
        "--waive",
        o.waivers,
        'RULE=REASON, for example --waive NET-01="reached from laptops through an allow-listed endpoint"',
    )
    copied = spec.get("waivers")
    kept = (
        [w for w in copied if not (isinstance(w, dict) and w.get("rule") in given)] if isinstance(copied, list) else []
    )
    return kept + [{"rule": rule, "reason": reason} for rule, reason in given.items()], problems


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
    cloud: Annotated[str, _opt("--cloud", "aws|azure|gcp", "The cloud.", completion.clouds)],
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


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
