"""`kumo plan`: run the program for each stack offline and show what would be created."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from cli.errors import BadInput

StacksArg = Annotated[list[str] | None, typer.Argument(help="Stack names (see `kumo stacks`).", show_default=False)]
AllOpt = Annotated[bool, typer.Option("--all", help="Every stack in stacks/.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the plan document (JSON) on stdout.")]

PLAN_FORMAT = 1


def select_stacks(stacks: list[str] | None, all_: bool) -> list[Any]:
    """Load the named stack files (or all of them); every unknown name is bad input."""
    from components.offline import list_stacks, load_stack

    if all_ and stacks:
        raise BadInput("give stack names or --all, not both")
    names = list_stacks() if all_ or not stacks else stacks
    if not names:
        raise BadInput("no stack files in stacks/", hint="`kumo init` writes one")
    return [load_stack(name) for name in names]


@dataclass(frozen=True)
class PlannedStack:
    """One stack planned offline and checked against the rules."""

    stack: Any
    spec: Any
    plan: Any
    report: Any


def plan_stacks(stack_files: list[Any]) -> list[PlannedStack]:
    """Validate every stack first (all problems at once, exit 2), then plan each and run the rules on it.

    Stacks of different clouds are planned in parallel processes, one per cloud (each imports only its
    cloud's SDK, which is most of a cold plan's time); mocked Pulumi programs cannot share a process's
    runtime concurrently, but processes are independent.
    """
    import os

    from components.spec import SpecError

    problems: list[str] = []
    for stack in stack_files:
        try:
            stack.spec()
        except SpecError as exc:
            problems.append(str(exc))
    if problems:
        raise BadInput("\n".join(problems))
    groups: dict[str, list[Any]] = {}
    for stack in stack_files:
        groups.setdefault(stack.cloud, []).append(stack)
    workers = min(os.cpu_count() or 1, len(groups))
    if workers < 2:
        planned = plan_group(stack_files)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            planned = [p for done in pool.map(plan_group, groups.values()) for p in done]
    order = {stack.name: i for i, stack in enumerate(stack_files)}
    return sorted(planned, key=lambda p: order[p.stack.name])


def plan_group(stack_files: list[Any]) -> list[PlannedStack]:
    """Plan stacks one after the other in this process, and run the rules on each plan."""
    from components.offline import plan_stack
    from components.policy.engine import evaluate

    planned = []
    for stack in stack_files:
        spec = stack.spec()
        plan = plan_stack(stack)
        report = evaluate(plan.resources, spec, cloud=stack.cloud, stack=stack.name)
        planned.append(PlannedStack(stack, spec, plan, report))
    return planned


def plan_document(stack_files: list[Any]) -> dict[str, Any]:
    """The versioned plan document (ARCHITECTURE.md): one entry per stack and layer (data, cluster,
    in-cluster: each a Pulumi stack of its own) with its resources and summary, and the cross-cloud
    equivalence report, which compares like layers."""
    from components.equivalence import compare
    from components.summary import layer_summaries

    stacks = []
    for p in plan_stacks(stack_files):
        summaries = layer_summaries(p.stack.cloud, p.stack.location, p.spec, p.plan, p.report)
        for layer, summary in summaries.items():
            stacks.append({
                "stack": p.stack.name, "layer": layer, "cloud": p.stack.cloud, "location": p.stack.location,
                "resources": [r.to_json() for r in p.plan.in_layer(layer)],
                "summary": summary,
            })
    return {"kumo_plan": PLAN_FORMAT, "stacks": stacks, "equivalence": compare(stacks)}


def register(app: typer.Typer) -> None:
    @app.command()
    def plan(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False) -> None:  # noqa: D401
        """Plan stacks offline (no cloud, no credentials): the resources, pools and the equivalence report."""
        from cli import render

        document = plan_document(select_stacks(stacks, all_))
        if json_:
            render.json_document(document)
            return
        environments: dict[str, list[dict[str, Any]]] = {}
        for entry in document["stacks"]:
            environments.setdefault(entry["stack"], []).append(entry)
        for entries in environments.values():
            render.plan_tree(entries)
        render.equivalence_table(document["equivalence"])
