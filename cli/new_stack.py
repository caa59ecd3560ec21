"""The stack file `kumo init` writes, built from its flags: secure defaults, the copied `--env-like` spec, and
every problem of the flags, the spec and what the cloud would refuse, reported at once (exit 2).

Pure data and validation: no Pulumi, no cloud SDK (cli/init.py writes the file and shows its verdict).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from cli.errors import BadInput
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
