"""Shell completion: stack names for every stack argument and `--env-like`, and the choices of enum options.

`kumo --install-completion` installs it; the shell then runs kumo with `_KUMO_COMPLETE` set on each Tab. That
run must be instant and must never fail loudly: it reads the stack directory's file names (no YAML of the
stacks, no spec models, no Pulumi) and offers nothing when there is no project to read.

The stack arguments that use these are declared once, in cli/options.py, so every command completes them alike.
"""

from __future__ import annotations

import typer

from components.clouds import CLOUDS
from components.layers import LAYERS


def stack_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """The stacks in stacks/ that start with what was typed, less those already on the command line."""
    from components.stackfiles import StackFileError, list_stacks

    try:
        names = list_stacks()
    except (StackFileError, OSError):  # no readable project here: nothing to offer, and no error on a Tab
        return []
    given = ctx.params.get("stacks") or []
    return [name for name in names if name.startswith(incomplete) and name not in given]


def clouds(incomplete: str) -> list[str]:
    return [cloud for cloud in CLOUDS if cloud.startswith(incomplete)]


def layers(incomplete: str) -> list[str]:
    return [layer for layer in LAYERS if layer.startswith(incomplete)]
