"""Bounded echo of a user's value in an error line: a 100,000-character tag must not make a 100 KB line.

Imports nothing: the spec's errors, the stack-file reader and the CLI all use it.
"""

from __future__ import annotations

from typing import Any

LIMIT = 80
"""Characters of a value's repr shown before it is cut (the length is said instead of the rest)."""


def echo(value: Any, limit: int = LIMIT) -> str:
    """`repr(value)`, or its first `limit` characters, an ellipsis and the value's size when it is longer:
    `'aaaa…' (100000 characters)`."""
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str | bytes):
        size = f"{len(value)} characters"
    elif isinstance(value, list | tuple | dict | set | frozenset):
        size = f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    else:
        size = f"{len(text)} characters"
    return f"{text[:limit]}… ({size})"


def echo_text(text: str, limit: int = LIMIT) -> str:
    """A name or key shown unquoted (a path part such as a mapping's key), cut like `echo`; quoted as `echo`
    shows it when it holds a character that is not printable (a newline, a terminal escape)."""
    if not text.isprintable():
        return echo(text, limit)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"
