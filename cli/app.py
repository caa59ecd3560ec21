"""kumo: equivalent Kubernetes clusters on AWS, Azure and Google Cloud from one spec.

The Typer app and its single error boundary. Command modules are imported here, but each imports heavy
modules (pulumi, cloud SDKs) only inside the command that needs them, so `kumo --help` stays instant.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli import backend, check, doctor, operations, outputs, preflight, stacks
from cli import plan as plan_commands
from cli.errors import ExitCode

app = typer.Typer(
    name="kumo",
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
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show kumo's version and exit.")] = False,
) -> None:
    """Equivalent EKS, AKS and GKE clusters from one cloud-neutral spec."""
    STATE.debug = debug


for family in (stacks, plan_commands, check, preflight, operations, outputs, doctor, backend):
    family.register(app)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the app inside the error boundary and return the exit code."""
    from cli import render
    from cli.errors import classify

    args = sys.argv[1:] if argv is None else argv
    STATE.debug = "--debug" in args
    try:
        app(args=args, standalone_mode=False, prog_name="kumo")
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except typer.Abort:
        render.error("aborted")
        return ExitCode.INTERRUPTED
    except typer.TyperException as exc:  # usage errors: a bad flag, a missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            render.error(exc.format_message())
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        render.error("interrupted")
        return ExitCode.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one error boundary
        known = classify(exc)
        if STATE.debug or known is None:
            if known is None and not STATE.debug:
                render.error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
                return ExitCode.FAILED
            import traceback

            traceback.print_exc()
        if known is None:
            return ExitCode.FAILED
        render.error(known.message, hint=known.hint)
        return known.code
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
