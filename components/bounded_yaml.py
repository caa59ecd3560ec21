"""A YAML file reader for files a stranger may have written (a stack file in a pull request).

`read_yaml(path)` returns the document, or raises `UnreadableYaml` with one line that names the file and its
problem. Time and memory are bounded whatever the file holds:

- at most `MAX_BYTES`, refused from its size before it is read; only regular files (a directory, a FIFO or a
  device named like a stack file is refused by name, and never blocks);
- UTF-8 text (a UTF-16 file, as some Windows editors save, is named as such);
- at most `MAX_NODES` values written and `MAX_DEPTH` levels of nesting, counted while the document is
  composed, so a huge file stops early;
- aliases (`*name`) are allowed, as Pulumi allows them, but the document they expand to may hold at most
  `MAX_VALUES` values. Counting aliases would not bound it: nine aliases of nine aliases ("billion laughs")
  expand to 387 million values in 2 KB. The expanded size is computed once per node, in time proportional
  to the nodes written; an alias to the value that contains it is refused;
- no duplicate keys (YAML forbids them; PyYAML keeps the last silently, so a second `node_pools:` would make
  a pool vanish), reported with the key and both lines;
- only plain data: strings, numbers, booleans, null, lists and mappings (no `!!binary`, `!!set`,
  `!!timestamp` or application tags); an unquoted date stays a string, as Pulumi config values are.

libyaml scans and parses (in C) where PyYAML has it; composing is PyYAML's own Composer, with the counts.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from components.echo import echo

MAX_BYTES = 1024 * 1024
MAX_NODES = 20_000
MAX_VALUES = 20_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
MERGE_TAG = _TAG + "merge"


class UnreadableYaml(ValueError):
    """A file that cannot be read as a bounded YAML document; the message names the file."""


class _Refused(Exception):
    """A bound crossed while composing or checking the document (the message omits the file's name)."""


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES (checked on the open file, before reading)."""
    try:  # O_NONBLOCK: opening a named pipe must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableYaml(f"{shown}: cannot be read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableYaml(f"{shown}: not a regular file ({_kind(info.st_mode)})")
        raise UnreadableYaml(f"{shown}: {info.st_size} bytes; a stack file may be at most {MAX_BYTES} bytes")
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while being read
        raise UnreadableYaml(f"{shown}: more than {MAX_BYTES} bytes; a stack file may be at most {MAX_BYTES} bytes")
    return data


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is dropped); anything else is named, UTF-16 with a hint."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise UnreadableYaml(
            f"{shown}: not UTF-8 text (it looks like UTF-16, as some Windows editors save): save it as UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableYaml(
            f"{shown}: not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x}): save it as UTF-8"
        ) from None


class _Resolver(Resolver):
    """YAML 1.1's implicit types, less timestamps: `2026-01-01` stays the string it is in Pulumi config."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}

_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)  # yaml imports cyaml if it has libyaml
if _Parser is None:  # PyYAML built without libyaml: the pure-Python reader, scanner and parser
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PyParser(Reader, Scanner, Parser):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

    _Parser = _PyParser


class _BoundedLoader(Composer, _Parser, SafeConstructor, _Resolver):  # type: ignore[misc]
    """PyYAML's safe loader with Composer's node building counted: values written and nesting depth."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.nodes = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} values; a stack file may hold at most {MAX_NODES}")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            line = self.peek_event().start_mark.line + 1
            raise _Refused(f"line {line}: nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Checker:
    """One pass over the composed nodes: plain tags only, no duplicate keys, no alias cycle, and the size the
    document expands to (each node measured once, so shared aliases cost nothing to measure)."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.aliased = False

    def size(self, node: Node) -> int:
        key = id(node)
        if key in self.sizes:
            self.aliased = True
            return self.sizes[key]
        if key in self.open:
            raise _Refused(f"line {_line(node)}: an alias (*name) refers to the value that contains it")
        if node.tag not in PLAIN_TAGS and not (node.tag == MERGE_TAG and isinstance(node, ScalarNode)):
            tag = "!!" + node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else node.tag
            raise _Refused(
                f"line {_line(node)}: tag {echo(tag)} is not allowed; a stack file holds plain "
                "strings, numbers, booleans, lists and mappings"
            )
        self.open.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(self.size(item) for item in node.value)
        elif isinstance(node, MappingNode):
            self.unique_keys(node)
            total += sum(self.size(k) + self.size(v) for k, v in node.value)
        self.open.discard(key)
        if total > MAX_VALUES:
            raise _Refused(
                f"its aliases (*name) expand to more than {MAX_VALUES} values; a stack file may hold "
                f"at most {MAX_VALUES}"
            )
        self.sizes[key] = total
        return total

    @staticmethod
    def unique_keys(node: MappingNode) -> None:
        seen: dict[tuple[str, str], ScalarNode] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode) or key.tag == MERGE_TAG:
                continue
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise _Refused(f"line {_line(key)}: duplicate key {echo(key.value)} (first on line {_line(first)})")


def parse(text: str, shown: str) -> Any:
    """The document in `text`, within the bounds above."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _Checker().size(node)
        return loader.construct_document(node)
    except _Refused as exc:
        raise UnreadableYaml(f"{shown}: {exc}") from None
    except yaml.YAMLError as exc:
        where = str(exc).replace('in "<unicode string>", ', "")
        raise UnreadableYaml(f"{shown}: not valid YAML: {' '.join(where.split())}") from None
    finally:
        loader.dispose()


def read_yaml(path: Path, shown: str | None = None) -> Any:
    """The YAML document in `path` (None for an empty file); `UnreadableYaml` names the file (as `shown`,
    by default its name) and the first bound it crosses."""
    shown = shown or path.name
    return parse(decode(read_bytes(path, shown), shown), shown)
