"""The two consoles: results on stdout, diagnostics and progress on stderr."""

from __future__ import annotations

import os
import sys

from rich.console import Console

# Piped output (a file, a CI log) is not cut at 80 columns: tables keep their rows whole.
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)
