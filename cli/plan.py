"""`kumo plan`: run the program for each stack offline and show what would be created."""

from __future__ import annotations

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


def plan_document(stack_files: list[Any]) -> dict[str, Any]:
    """The versioned plan document (ARCHITECTURE.md): every stack's resources and summary, and the
    cross-cloud equivalence report."""
    from components.equivalence import compare
    from components.offline import plan_stack
    from components.spec import SpecError
    from components.summary import summarize

    problems: list[str] = []
    specs = {}
    for stack in stack_files:  # validate every stack before planning any: all problems at once
        try:
            specs[stack.name] = stack.spec()
        except SpecError as exc:
            problems.append(str(exc))
    if problems:
        raise BadInput("\n".join(problems))
    stacks = []
    for stack in stack_files:
        plan = plan_stack(stack)
        stacks.append({
            "stack": stack.name, "cloud": stack.cloud, "location": stack.location,
            "resources": [r.to_json() for r in plan.resources],
            "summary": summarize(stack.cloud, stack.location, specs[stack.name], plan),
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
        for stack in document["stacks"]:
            render.plan_tree(stack)
        render.equivalence_table(document["equivalence"])
