"""kumo's command line. The console script enters at `main` here, which guards Ctrl-C before anything heavy
is imported: the first ~0.2 s of a run import the Typer app, and a Ctrl-C there would otherwise print
Python's KeyboardInterrupt traceback. `cli.app.main` then installs kumo's own handler (cli/interrupts.py)."""

from __future__ import annotations

import os
import signal
from types import FrameType

from cli.interrupts import EXIT_CODE, LINE  # standard library only: cheap before anything else


def _interrupted_while_starting(signum: int, frame: FrameType | None) -> None:
    """Nothing has run yet: say so and end (exit 130, like every interrupted command)."""
    del signum, frame
    os.write(2, f"{LINE}\n".encode())
    os._exit(EXIT_CODE)


def main() -> int:
    """The `kumo` console script."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # started with SIGINT ignored (nohup): keep it
        signal.signal(signal.SIGINT, _interrupted_while_starting)
    from cli.app import main as run

    return run()
