"""Which stacks a command runs on: one rule for every command that takes stacks.

`STACK...` names them, `--all` takes every stack in stacks/; one of the two is required, and not both. No
command means "all" by omission: `kumo destroy` with no name must not reach every environment, and a rule
that differed between commands (`plan` all, `up` none) would teach the dangerous reading. Leaving both out
is bad input that names the stacks there are, so the next command is easy to type (as `pulumi` asks for
`--stack` where no stack is selected, and eksctl for `--name`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.errors import BadInput

if TYPE_CHECKING:
    from components.stackfiles import StackFile

NO_STACKS_HINT = "`kumo init STACK --cloud C --location L` writes one"


def stack_names(stacks: list[str] | None, all_: bool) -> list[str]:
    """The stack names to run on: those given, or with `--all` every stack in stacks/ (exit 2 when there is
    none); neither or both is bad input (exit 2)."""
    from components.stackfiles import list_stacks

    if stacks and all_:
        raise BadInput("give stack names or --all, not both")
    if stacks:
        return list(stacks)
    there = list_stacks()
    if not there:
        raise BadInput("no stack files in stacks/", hint=NO_STACKS_HINT)
    if all_:
        return there
    raise BadInput(f"give stack names or --all (stacks: {', '.join(there)})")


def select_stacks(stacks: list[str] | None, all_: bool) -> list[StackFile]:
    """The chosen stack files, loaded; an unknown name is bad input (`stack_names` decides the names)."""
    from components.stackfiles import load_stack

    return [load_stack(name) for name in stack_names(stacks, all_)]


def select_valid(stacks: list[str] | None, all_: bool, *, lifecycle: bool = True) -> list[StackFile]:
    """The chosen stack files with every spec valid: all problems of all stacks at once, exit 2. Without
    `lifecycle` the Kubernetes minor's support window is not judged: an environment whose version has left
    standard support can still be refreshed, read, migrated and destroyed."""
    from components.spec import SpecError

    files = select_stacks(stacks, all_)
    problems = []
    for stack in files:
        try:
            stack.spec(lifecycle=lifecycle)
        except SpecError as exc:
            problems.append(str(exc))
    if problems:
        raise BadInput("\n".join(problems), hint="`kumo validate` lists the problems of every stack")
    return files
