"""kumo: equivalent Kubernetes clusters on AWS, Azure and Google Cloud from one spec.

The Typer app, its commands and its single error boundary. Each command is a module-level function in its
family's module (cli/stacks.py, cli/plan.py, ...), registered here, in the order `kumo --help` lists them.
Command modules are imported here, but each imports heavy modules (pulumi, cloud SDKs) only inside the
command that needs them, so `kumo --help` stays instant.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli import backend, check, cost, doctor, init, interrupts, migrate, operations, outputs, plan, preflight, stacks
from cli.errors import ExitCode
from cli.render.help import PlainHelpGroup

app = typer.Typer(
    name="kumo",
    cls=PlainHelpGroup,  # help shows metavars, never Python types (cli/render/help.py)
    help="Equivalent EKS, AKS and GKE clusters from one cloud-neutral spec.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    debug = False


STATE = _State()


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"kumo {version('kumo')}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an error.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show kumo's version and exit.")
    ] = False,
) -> None:
    """Equivalent EKS, AKS and GKE clusters from one cloud-neutral spec."""
    STATE.debug = debug


app.command("stacks")(stacks.stacks_command)
app.command("validate")(stacks.validate_command)
app.command("init")(init.init_command)
app.command("plan")(plan.plan)
app.command("check")(check.check)
app.command("cost")(cost.cost)
app.command("preflight")(preflight.preflight)
app.command("preview")(operations.preview)
app.command("up")(operations.up)
app.command("refresh")(operations.refresh)
app.command("destroy")(operations.destroy)
app.command("migrate")(migrate.migrate)
app.command("outputs")(outputs.outputs)
app.command("kubeconfig")(outputs.kubeconfig)
app.command("doctor")(doctor.doctor)

backend_app = typer.Typer(name="backend", no_args_is_help=True, help=backend.HELP)
backend_app.command("create")(backend.create)
app.add_typer(backend_app, name="backend")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the app inside the error boundary and return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    STATE.debug = "--debug" in args
    with interrupts.handled():
        code = _run(args)
        if argv is None:  # the console script: only the interpreter's shutdown is left
            interrupts.exiting(code)
    return code


def _run(args: list[str]) -> int:
    try:
        # Not standalone: Typer returns an `Exit`'s code instead of raising it, 130 for a KeyboardInterrupt.
        code = app(args=args, standalone_mode=False, prog_name="kumo")
    except BaseException as exc:
        return _failure(exc)
    if code == ExitCode.INTERRUPTED or interrupts.interrupted():
        return _interrupted()
    return code if isinstance(code, int) and not isinstance(code, bool) else ExitCode.OK


def _interrupted() -> int:
    from cli import render

    render.error("interrupted")
    interrupts.announce()  # a second Ctrl-C now ends without repeating it
    return ExitCode.INTERRUPTED


def _failure(exc: BaseException) -> int:
    """One clear line and the exit code for a failure (the traceback too with --debug)."""
    from cli import render  # imported only on failure: `kumo --help` stays light
    from cli.errors import KumoError, classify

    if isinstance(exc, KumoError) and exc.code == ExitCode.INTERRUPTED:
        render.error(exc.message, hint=exc.hint)  # the operation's account of its cancel, and what next
        interrupts.announce()
        return ExitCode.INTERRUPTED
    if isinstance(exc, KeyboardInterrupt) or interrupts.interrupted():
        return _interrupted()  # whatever a Ctrl-C turned into on its way out
    if isinstance(exc, typer.Abort):  # a prompt that met the end of its input
        render.error("aborted")
        return ExitCode.INTERRUPTED
    if isinstance(exc, typer.TyperException):  # usage errors: a bad flag, a missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            render.error(exc.format_message())
        return ExitCode.BAD_INPUT
    if not isinstance(exc, Exception):
        raise exc  # SystemExit and the like are not errors to report
    known = classify(exc)
    if STATE.debug or known is None:
        if known is None and not STATE.debug:
            render.error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            return ExitCode.FAILED
        import traceback

        traceback.print_exception(exc)
    if known is None:
        return ExitCode.FAILED
    render.error(known.message, hint=known.hint)
    return known.code


if __name__ == "__main__":
    sys.exit(main())
