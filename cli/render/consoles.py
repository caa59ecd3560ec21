"""The two consoles: results on stdout, diagnostics and progress on stderr.

Piped output (a file, `grep`, a CI log) is never cut: with stdout not a terminal (and no COLUMNS asked for),
the result console is as wide as its widest line, so a table keeps every value whole on one row. At a
terminal, tables fit the window and fold long values; `--wide` (`widen()`) gives the piped layout there too.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console

UNBOUNDED = 100_000
"""The result console's width when nothing bounds it: wider than any line kumo prints (rich pads nothing to
it: tables and trees are as wide as their content)."""


def _terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a replaced stream without isatty, or a closed one
        return False


out = Console(
    highlight=False, soft_wrap=False, width=None if _terminal(sys.stdout) or "COLUMNS" in os.environ else UNBOUNDED
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def widen() -> None:
    """`--wide`: full values on one row at a terminal too (as when piped)."""
    out.width = UNBOUNDED


def stderr_is_terminal() -> bool:
    """A person watches stderr: progress lines are worth printing (never into a pipe or a log)."""
    return _terminal(sys.stderr)
