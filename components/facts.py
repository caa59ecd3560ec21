"""Cloud facts as data: what each cloud accepts today, each fact with the document it comes from and the
date it was read. Mocks accept anything; these tables are what kumo checks a stack against offline, so a
stack the cloud would refuse is refused before a 15-minute failure (preflight confirms them live).

This module holds the checks every cloud shares, reading each cloud's tables through the registry
(components/clouds.py); the tables are written in the records of components/fact_types.py and live in
`components/<cloud>/facts.py` (pure data, no Pulumi, no cloud SDK), which provides:

- `KUBERNETES`: tuple[KubernetesMinor, ...], the minors the cloud offers, with their support dates;
- `LOCATION`: LocationFacts, the stack-config keys that say where a stack goes, and the real regions;
- its own tables (storage tiers, roles, service agents, zones) that its layers and tests read.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import TYPE_CHECKING, Any

from components.clouds import CLOUDS, Cloud, CloudFacts, cloud
from components.fact_types import FactProblem, KubernetesMinor, LocationFacts

if TYPE_CHECKING:
    from collections.abc import Iterable

WARN_DAYS = 90
"""A version whose standard support ends within this many days is valid, with a warning."""


def today() -> date:
    """The day stacks are judged on (support windows end on dates); the seam tests pin."""
    return date.today()


def facts(name: str) -> CloudFacts:
    """The cloud's fact tables (components/<cloud>/facts.py)."""
    return cloud(name).facts


def location_problems(cloud: str, config: dict[str, Any]) -> list[FactProblem]:
    """Missing location keys, malformed ones, and a region that does not exist (with a "did you mean")."""
    import re

    table: LocationFacts = facts(cloud).LOCATION
    problems: list[FactProblem] = []
    for key in table.required:
        value = config.get(key.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(FactProblem((key.key,), value, f"is required: the {key.meaning} this stack goes to"))
            continue
        if not isinstance(value, str):
            problems.append(FactProblem((key.key,), value, f"must be a string naming the {key.meaning}"))
            continue
        pattern = table.formats.get(key.key)
        if pattern and not re.fullmatch(pattern, value):
            problems.append(FactProblem((key.key,), value, f"is not a valid {key.meaning} (must match {pattern})"))
        if key.key == table.region_key and value not in table.regions:
            # The display name (`East US` for eastus), then two letters swapped (`us-esat-1`): difflib alone
            # ranks `us-west-1` above `us-east-1` there.
            squeezed = value.lower().replace(" ", "")
            close = (
                ([squeezed] if squeezed in table.regions else [])
                or [r for r in sorted(table.regions) if sorted(r) == sorted(value)][:1]
                or difflib.get_close_matches(value, list(table.regions), n=1, cutoff=0.75)
            )
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"one of {len(table.regions)} regions, e.g. " + ", ".join(sorted(table.regions)[:4])
            )
            problems.append(
                FactProblem(
                    (key.key,),
                    value,
                    f"is an unknown {key.meaning}: {hint} "
                    f"({table.source.url}, checked "
                    f"{table.source.checked.isoformat()})",
                )
            )
    return problems


def minor_table(cloud: str) -> dict[str, KubernetesMinor]:
    return {m.minor: m for m in facts(cloud).KUBERNETES}


def supported_minors(cloud: str, today: date) -> list[str]:
    """Minors in standard support on `today`, oldest first."""
    table = minor_table(cloud)
    return sorted(
        (m for m, f in table.items() if f.released <= today <= f.end_of_standard), key=lambda m: int(m.split(".")[1])
    )


def support_on(cloud: str, minor: str | None, today: date) -> str:
    """ "standard" or "extended": which support a cluster of `minor` is under on `today` (what its control plane
    is billed as). A minor kumo has no row for, or None (the cloud's default), is taken as standard."""
    fact = minor_table(cloud).get(minor) if minor else None
    return "extended" if fact is not None and today > fact.end_of_standard else "standard"


def version_problems(cloud: str, minor: str | None, today: date) -> tuple[list[FactProblem], list[str]]:
    """(problems, warnings) for a spec's Kubernetes minor on `cloud` on `today`: unknown or out of standard
    support is a problem naming the dates and the supported range; within WARN_DAYS of the end, a warning.
    None (the cloud's default at creation) is always accepted."""
    if minor is None:
        return [], []
    path = ("kumo:cluster", "kubernetes_version")
    table = minor_table(cloud)
    supported = supported_minors(cloud, today)
    allowed = (
        f"{cloud} supports {supported[0]} to {supported[-1]} on {today.isoformat()}"
        if supported
        else f"{cloud} has no minor in standard support on {today.isoformat()}"
    )
    fact = table.get(minor)
    if fact is None:
        return [FactProblem(path, minor, f"is not a Kubernetes minor {cloud} offers: {allowed}")], []
    if today < fact.released:
        return [
            FactProblem(path, minor, f"is not released on {cloud} yet (from {fact.released.isoformat()}): {allowed}")
        ], []
    if today > fact.end_of_standard:
        after = (
            f"; after it {cloud} offers it only under extended or long-term support, until "
            f"{fact.end_of_extended.isoformat()}"
            if fact.end_of_extended
            else ""
        )
        return [
            FactProblem(
                path,
                minor,
                f"left standard support on {cloud} on {fact.end_of_standard.isoformat()}"
                f"{after}: {allowed} ({fact.source.url})",
            )
        ], []
    left = (fact.end_of_standard - today).days
    if left <= WARN_DAYS:
        return [], [
            f"kubernetes_version {minor} leaves standard support on {cloud} on "
            f"{fact.end_of_standard.isoformat()} ({left} days): plan the upgrade ({allowed})"
        ]
    return [], []


def check_stack(
    cloud: str,
    config: dict[str, Any],
    raw_spec: Any,
    default_name: str,
    file: str,
    today: date,
    *,
    lifecycle: bool = True,
) -> tuple[Any, list[str]]:
    """(the validated ClusterSpec, warnings) for one stack's config, or `SpecError` with every problem at once:
    the location keys, the spec itself, and (with `lifecycle`) the spec's Kubernetes minor on this cloud."""
    from components.spec import SpecError, parse_spec
    from components.spec.errors import Problem

    config_root = f"{file}: "  # then the config key: `Pulumi.aws-dev.yaml: aws:region = ...`
    problems = [Problem(p.path, p.value, p.message) for p in location_problems(cloud, config)]
    try:
        spec = parse_spec(raw_spec, default_name=default_name, root=f"{file}: kumo:cluster")
    except SpecError as error:
        own = [Problem(("kumo:cluster", *p.path), p.value, p.message) for p in error.problems]
        raise SpecError([*problems, *own], root=config_root) from None
    found, warnings = version_problems(cloud, spec.kubernetes_version, today) if lifecycle else ([], [])
    problems += [Problem(p.path, p.value, p.message) for p in found]
    region = config.get(facts(cloud).LOCATION.region_key)
    zones = facts(cloud).LOCATION.regions.get(region) if isinstance(region, str) else None
    if zones is not None and len(zones) < spec.network.zones:
        with_zones = sorted(r for r, z in facts(cloud).LOCATION.regions.items() if len(z) >= spec.network.zones)
        problems.append(
            Problem(
                ("kumo:cluster", "network", "zones"),
                spec.network.zones,
                f"{region} has {len(zones)} zone(s): lower network.zones or choose a region with "
                f"{spec.network.zones}" + (f", such as {', '.join(with_zones[:4])}" if with_zones else ""),
            )
        )
    # What only this cloud cannot do with a valid spec (e.g. a shared-store size no key-taking tier holds).
    problems += [Problem(p.path, p.value, p.message) for p in facts(cloud).spec_problems(spec)]
    if problems:
        raise SpecError(problems, root=config_root)
    return spec, warnings


def support_table(records: Iterable[Cloud] | None = None) -> str:
    """The README's table of Kubernetes minors per cloud (by default every cloud's) with their support dates
    (a test keeps the README's equal to it)."""
    lines = [
        "| cloud | minor | available | standard support ends | then, until | source (checked) |",
        "|---|---|---|---|---|---|",
    ]
    for record in map(cloud, CLOUDS) if records is None else records:
        for m in sorted(record.facts.KUBERNETES, key=lambda m: int(m.minor.split(".")[1])):
            after = f"{record.extended_support}: {m.end_of_extended.isoformat()}" if m.end_of_extended else "-"
            lines.append(
                f"| {record.service} | {m.minor} | {m.released.isoformat()} | {m.end_of_standard.isoformat()} "
                f"| {after} | [{m.source.url.split('/')[2]}]({m.source.url}) ({m.source.checked.isoformat()}) |"
            )
    return "\n".join(lines)
