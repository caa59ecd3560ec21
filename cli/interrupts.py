"""Ctrl-C: every command exits 130 with one `interrupted` line and nothing else; a second Ctrl-C ends at once.

`cli.app.main` installs kumo's SIGINT handler for the run. The first Ctrl-C does what fits the work under way:

- an Automation API operation registered a cancel (`cancellable`, cli/engine/session.py): the cancel is
  asked for (the session forwards one SIGINT to each Pulumi CLI, whose graceful cancel finishes in-flight
  resource operations and releases the stack's lock) and kumo waits for the CLIs to stop;
- the offline engine is running a program (`components.offline.engine_running`): kumo ends at once. That
  work has no effect outside this process, and the Pulumi runtime cannot be stopped midway: a
  KeyboardInterrupt inside its asyncio tasks and executor threads hangs, or turns into a misleading error,
  or prints "Task was destroyed but it is pending!" at exit;
- anything else: worker processes planning for kumo (cli/plan.py) are killed, and KeyboardInterrupt is
  raised, so `finally` blocks run (a temporary file holding a stack's state is removed) and the error
  boundary prints the line. One that lands in a finalizer or a weakref callback, where Python drops it and
  prints "Exception ignored", is raised again at the next call, quietly.

A second Ctrl-C ends at once: what the running operation registered to stop now runs (a second SIGINT to
each Pulumi CLI), the line is printed unless it already was, and the process exits 130 without unwinding.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn

LINE = "error: interrupted"
"""What an interrupted command prints on stderr (the error boundary prints the same through cli.render)."""
EXIT_CODE = 130  # ExitCode.INTERRUPTED (cli.errors), the shell's 128 + SIGINT


@dataclass
class _Run:
    count: int = 0  # Ctrl-Cs received
    announced: bool = False  # the line was printed
    cancel: Callable[[], None] | None = None
    stop: Callable[[], None] | None = None
    previous_unraisable: Callable[[Any], object] | None = None


_run = _Run()


def interrupted() -> bool:
    """Whether Ctrl-C was pressed during this run (a command that swallowed it still exits 130)."""
    return _run.count > 0


def announce() -> None:
    """Mark the line as printed (the error boundary printed it): a second Ctrl-C does not repeat it."""
    _run.announced = True


@contextmanager
def handled() -> Iterator[None]:
    """Install kumo's SIGINT handler for one run and restore the previous one after. Nothing is installed
    outside the main thread, or when SIGINT is ignored (`nohup`, a background job of a script)."""
    _run.count, _run.announced, _run.cancel, _run.stop = 0, False, None, None
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield
        return
    previous, _run.previous_unraisable = signal.signal(signal.SIGINT, _on_sigint), sys.unraisablehook
    sys.unraisablehook = _unraisable
    try:
        yield
    finally:
        sys.unraisablehook = _run.previous_unraisable
        profile = sys.getprofile()
        if isinstance(profile, _RaiseAgain):
            sys.setprofile(profile.previous)
        if signal.getsignal(signal.SIGINT) is _on_sigint:  # not replaced by `exiting`
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def exiting(code: int) -> None:
    """The run is over and has reported its result: a Ctrl-C while the interpreter shuts down ends the
    process at once with `code`, quietly, while threads are joined; after the exit handlers it is ignored
    (Python would otherwise let the signal kill the process during the second or so it spends finalizing
    the Pulumi SDKs' modules). For the console script only: nothing runs after it but the shutdown."""
    if signal.getsignal(signal.SIGINT) is _on_sigint:
        signal.signal(signal.SIGINT, lambda signum, frame: _exit(code))
        atexit.register(signal.signal, signal.SIGINT, signal.SIG_IGN)


@contextmanager
def cancellable(cancel: Callable[[], None], stop: Callable[[], None]) -> Iterator[None]:
    """While an operation that must be cancelled cleanly runs: the first Ctrl-C calls `cancel` (inside the
    signal handler, so it must only set a flag the operation polls), a second calls `stop`, then ends. No
    operation starts after a Ctrl-C."""
    if _run.count:
        raise KeyboardInterrupt
    saved = _run.cancel, _run.stop
    _run.cancel, _run.stop = cancel, stop
    try:
        yield
    finally:
        _run.cancel, _run.stop = saved


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """Hold SIGINT in this thread for the block: processes and threads started inside are born with it
    blocked (the parent answers Ctrl-C for its workers); one that arrives meanwhile is handled after.
    Where there are no signal masks (Windows), the block runs as it is."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def end_now() -> NoReturn:
    """Stop what the running operation registered, print the line once, and exit 130 without unwinding."""
    if _run.stop is not None:
        with suppress(Exception):
            _run.stop()
    _kill_workers()
    _flush()  # what was printed before the line
    if not _run.announced:
        _run.announced = True
        os.write(2, (LINE + "\n").encode())
    os._exit(EXIT_CODE)


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _run.count += 1
    if _run.count > 1 or _engine_running():
        end_now()
    if _run.cancel is not None:
        _run.cancel()
        return
    _kill_workers()
    raise KeyboardInterrupt


def _unraisable(hook_args: Any) -> None:
    if _run.count and isinstance(hook_args.exc_value, KeyboardInterrupt):
        current = sys.getprofile()
        sys.setprofile(_RaiseAgain(current.previous if isinstance(current, _RaiseAgain) else current))
    elif _run.previous_unraisable is not None:
        _run.previous_unraisable(hook_args)


class _RaiseAgain:
    """A KeyboardInterrupt that a finalizer or a weakref callback dropped (Python would print "Exception
    ignored in ..."): raised again at this thread's next call or return outside the hook that saw it drop,
    by a profile function that then gives the profiler back."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous

    def __call__(self, frame: FrameType, event: str, arg: object) -> None:
        if frame.f_code is _unraisable.__code__:
            return
        sys.setprofile(self.previous)
        raise KeyboardInterrupt


def _engine_running() -> bool:
    offline = sys.modules.get("components.offline")  # not imported: not running
    return offline is not None and bool(offline.engine_running())


def _kill_workers() -> None:
    """Kill the worker processes kumo started (multiprocessing's children: only cli/plan.py starts any).
    They plan offline and have nothing to clean up; the pool that waits for them then stops at once."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return
    for child in multiprocessing.active_children():
        child.kill()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()


def _exit(code: int) -> NoReturn:
    _flush()
    os._exit(code)
