"""`kumo plan`: run the program for each stack offline and show what would be created."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cli.errors import BadInput
from cli.options import AllOpt, PlanJsonOpt, StacksArg, WideOpt

PLAN_FORMAT = 1
Progress = Callable[[str], None]
"""Called with a stack's name as its plan starts (render.plan_progress)."""


@dataclass(frozen=True)
class PlannedStack:
    """One stack planned offline and checked against the rules."""

    stack: Any
    spec: Any
    plan: Any
    report: Any


def plan_stacks(stack_files: list[Any], *, progress: Progress | None = None) -> list[PlannedStack]:
    """Validate every stack first (all problems at once, exit 2), then plan each and run the rules on it.

    Stacks of different clouds are planned in parallel processes, one per cloud (each imports only its
    cloud's SDK, which is most of a cold plan's time); mocked Pulumi programs cannot share a process's
    runtime concurrently, but processes are independent. `progress` hears of each stack as its plan starts,
    in whichever process plans it.
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
        planned = plan_group(stack_files, progress)
    else:
        planned = _plan_in_workers(list(groups.values()), workers, progress)
    order = {stack.name: i for i, stack in enumerate(stack_files)}
    return sorted(planned, key=lambda p: order[p.stack.name])


def _plan_in_workers(groups: list[list[Any]], workers: int, progress: Progress | None) -> list[PlannedStack]:
    """Each group in a worker process; the stack names the workers announce are relayed to `progress`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from cli.interrupts import sigint_blocked

    context = multiprocessing.get_context("spawn")
    names = context.Queue() if progress is not None else None
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(names,)
    ) as pool:
        with sigint_blocked():  # the workers start with SIGINT blocked: Ctrl-C is this process's to answer
            futures = [pool.submit(plan_group, group) for group in groups]
        if progress is not None and names is not None:
            _relay(names, futures, sum(len(group) for group in groups), progress)
        return [p for future in futures for p in future.result()]


def _relay(names: Any, futures: list[Any], total: int, progress: Progress) -> None:
    """Hand each announced stack name to `progress` as it arrives, until all `total` have, or the workers are
    done and nothing more comes (a worker that failed announces no more stacks)."""
    from queue import Empty

    relayed = 0
    while relayed < total:
        finished = all(future.done() for future in futures)
        try:  # a finished worker's last name may still be in the pipe: wait for it a little longer
            progress(names.get(timeout=1.0 if finished else 0.2))
        except Empty:
            if finished:
                return
            continue
        relayed += 1


_ANNOUNCE: Progress | None = None
"""In a worker process: where it announces each stack it starts (the parent relays them to its progress)."""


def _start_worker(names: Any) -> None:
    global _ANNOUNCE
    _ANNOUNCE = names.put if names is not None else None


def plan_group(stack_files: list[Any], progress: Progress | None = None) -> list[PlannedStack]:
    """Plan stacks one after the other in this process, and run the rules on each plan."""
    from components.offline import plan_stack
    from components.policy.engine import evaluate

    announce = progress or _ANNOUNCE
    planned = []
    for stack in stack_files:
        if announce is not None:
            announce(stack.name)
        spec = stack.spec()
        plan = plan_stack(stack)
        report = evaluate(plan.resources, spec, cloud=stack.cloud, stack=stack.name)
        planned.append(PlannedStack(stack, spec, plan, report))
    return planned


def plan_document(stack_files: list[Any], *, progress: Progress | None = None) -> dict[str, Any]:
    """The versioned plan document (ARCHITECTURE.md): one entry per stack and layer (data, cluster,
    in-cluster: each a Pulumi stack of its own) with its resources and summary, and the cross-cloud
    equivalence report, which compares like layers. Whole numbers are integers (`render.whole_numbers`)."""
    from cli.render import whole_numbers
    from components.equivalence import compare
    from components.estimate import estimates
    from components.facts import today
    from components.summary import layer_summaries

    stacks = []
    planned = plan_stacks(stack_files, progress=progress)
    costs = [cost.to_json() for cost in estimates(planned, today())]
    for p in planned:
        summaries = layer_summaries(p.stack.cloud, p.stack.location, p.spec, p.plan, p.report)
        for layer, summary in summaries.items():
            stacks.append(
                {
                    "stack": p.stack.name,
                    "layer": layer,
                    "cloud": p.stack.cloud,
                    "location": p.stack.location,
                    "resources": [r.to_json() for r in p.plan.in_layer(layer)],
                    "summary": summary,
                }
            )
    equivalence = compare(stacks)
    equivalence["costs"] = cost_rows(costs)
    return whole_numbers({"kumo_plan": PLAN_FORMAT, "stacks": stacks, "equivalence": equivalence})


def cost_rows(costs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """The equivalence report's cost row of each environment: stack -> its cloud and monthly range (USD),
    partial when an item has no price (`kumo cost` has the line items)."""
    from components.estimate import environments

    return {
        env: {
            entry["stack"]: {"cloud": entry["cloud"], "monthly": entry["monthly"], "partial": entry["partial"]}
            for entry in by_cloud.values()
        }
        for env, by_cloud in environments(costs).items()
    }


def plan(stacks: StacksArg = None, all_: AllOpt = False, json_: PlanJsonOpt = False, wide: WideOpt = False) -> None:
    """Plan stacks offline (no cloud, no credentials): the resources, pools and the equivalence report."""
    from cli import render
    from cli.selection import select_stacks

    files = select_stacks(stacks, all_)
    document = plan_document(files, progress=render.plan_progress("planning", len(files)))
    if json_:
        render.json_document(document)
        return
    if wide:
        render.widen()
    environments: dict[str, list[dict[str, Any]]] = {}
    for entry in document["stacks"]:
        environments.setdefault(entry["stack"], []).append(entry)
    for entries in environments.values():
        render.plan_tree(entries)
    render.equivalence_table(document["equivalence"])
    render.cost_rows(document["equivalence"]["costs"])
