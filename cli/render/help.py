"""Help screens as eksctl's and gh's read: `--json` (not `--json <bool>`), `STACK...` (not `stacks...
<list[str]>`), `--backend URL` (not `--backend <str>`).

Typer prints each parameter's Python type beside it. `PlainHelpGroup`, the app's group class, drops the type
of every parameter of every command (and subcommand) it hands out: a flag shows nothing, an option its
metavar (its name in capitals when none is declared), an argument its metavar. A docstring's line breaks
within a paragraph are joined (rich would print them as they wrap in the source).
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption


class _PlainArgument(TyperArgument):
    """An argument shown by its metavar alone: `STACK...` in the usage line and the arguments panel."""

    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "arg").upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.metavar is None and self.nargs != 1 else "")
        return name if self.required else f"[{name}]"


def plain_types(command: Any, ctx: Any) -> None:
    """Drop the types from the help of `command` (its help option included) and of every subcommand."""
    _plain_own(command, ctx)
    for sub in (getattr(command, "commands", None) or {}).values():
        plain_types(sub, ctx)


def _plain_own(command: Any, ctx: Any) -> None:
    if command.help:  # a docstring's line breaks are the source's, not the text's: rich would keep them
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)
    help_option = command.get_help_option(ctx)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument  # the same argument; only how help shows it differs
        elif isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = "" if param.is_flag or param.count else (param.name or "value").upper()


class PlainHelpGroup(TyperGroup):
    """kumo's command group: help without Python types (see the module's docstring)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            plain_types(command, ctx)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_own(self, ctx)  # the group's own options (--debug, --version, completion)
        return super().format_help(ctx, formatter)
