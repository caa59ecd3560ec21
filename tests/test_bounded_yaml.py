"""components/bounded_yaml.py and components/echo.py: what a stranger's YAML may hold, and how a bad value is
shown. The CLI cases are in tests/cli/test_hostile_input.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.bounded_yaml import UnreadableYaml, parse, read_yaml
from components.echo import echo, echo_text
from components.stackfiles import StackNameError, check_stack_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("a: 1\nb: [x, 2.5, true, null]\n", {"a": 1, "b": ["x", 2.5, True, None]}),
        ("when: 2026-12-02\n", {"when": "2026-12-02"}),  # a date stays the string Pulumi config holds
        ("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  x: 3\n", {"base": {"x": 1, "y": 2}, "other": {"x": 3, "y": 2}}),
        ("a: !!str 1\n", {"a": "1"}),
    ],
)
def test_plain_data_and_small_aliases_are_read(text: str, expected: object) -> None:
    assert parse(text, "f.yaml") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml: line 3: duplicate key 'a' (first on line 1)"),
        ("{a: 1, 'a': 2}", "f.yaml: line 1: duplicate key 'a' (first on line 1)"),
        ("a: &a [1, *a]\n", "f.yaml: line 1: an alias (*name) refers to the value that contains it"),
        (
            "a: !!binary aGk=\n",
            "f.yaml: line 1: tag '!!binary' is not allowed; a stack file holds plain strings, "
            "numbers, booleans, lists and mappings",
        ),
        (
            "a: !!python/object/apply:os.system [id]\n",
            "f.yaml: line 1: tag '!!python/object/apply:os.system' is not "
            "allowed; a stack file holds plain strings, numbers, booleans, "
            "lists and mappings",
        ),
        (
            "a: !!set {x}\n",
            "f.yaml: line 1: tag '!!set' is not allowed; a stack file holds plain strings, numbers, "
            "booleans, lists and mappings",
        ),
        ("[" * 65 + "]" * 65, "f.yaml: line 1: nested more than 64 levels deep"),
        ("[" + ", ".join(["1"] * 20_000) + "]", "f.yaml: more than 20000 values; a stack file may hold at most 20000"),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml: not valid YAML: expected a single document in the stream line 1, column 1 but "
            "found another document line 2, column 1",
        ),
    ],
)
def test_what_is_refused_is_named_with_its_line(text: str, message: str) -> None:
    with pytest.raises(UnreadableYaml) as caught:
        parse(text, "f.yaml")
    assert str(caught.value) == message


def test_the_bounds_are_the_limits_themselves() -> None:
    assert parse("[" * 64 + "]" * 64, "f.yaml") is not None
    assert len(parse("[" + ", ".join(["1"] * 19_999) + "]", "f.yaml")) == 19_999  # the list is value 20000


def test_a_large_alias_bomb_is_measured_once_per_node(monkeypatch: pytest.MonkeyPatch) -> None:
    """A billion laughs twelve levels deep (10^12 values): each node is measured once, so the walk makes a
    few hundred steps (walking the expansion would make 10^4 before even the first bound stopped it)."""
    from components import bounded_yaml

    steps = []
    measure = bounded_yaml._Checker.size
    monkeypatch.setattr(bounded_yaml._Checker, "size", lambda self, node: steps.append(1) or measure(self, node))
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    with pytest.raises(UnreadableYaml, match="its aliases"):
        parse("\n".join(lines) + "\n", "f.yaml")
    assert len(steps) < 200, len(steps)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "x: 1\n".encode("utf-16"),
            "f.yaml: not UTF-8 text (it looks like UTF-16, as some Windows editors save): save it as UTF-8",
        ),
        ("x: é\n".encode("latin-1"), "f.yaml: not UTF-8 text (byte 3 is 0xe9): save it as UTF-8"),
    ],
)
def test_text_that_is_not_utf8_is_named(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "f.yaml").write_bytes(data)
    with pytest.raises(UnreadableYaml) as caught:
        read_yaml(tmp_path / "f.yaml")
    assert str(caught.value) == message


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_bytes(b"\xef\xbb\xbfx: 1\n")
    assert read_yaml(tmp_path / "f.yaml") == {"x": 1}


@pytest.mark.parametrize("name", ["a", "aws-dev", "A_b.c-1", "9x", "x" * 100, "a..b"])
def test_valid_stack_names(name: str) -> None:
    assert check_stack_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "../x", "a/b", "/abs", ".hidden", "-x", "_x", "a\n", "a b", "é", "x" * 101, "a\\b", "a:b"]
)
def test_invalid_stack_names(name: str) -> None:
    with pytest.raises(StackNameError) as caught:
        check_stack_name(name, "--env-like")
    assert str(caught.value).startswith(f"--env-like {echo(name)}: letters, digits, '-', '_' and '.', starting ")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "'short'"),
        ("a" * 78, "'" + "a" * 78 + "'"),  # 80 characters with its quotes: shown whole
        ("a" * 79, "'" + "a" * 79 + "… (79 characters)"),
        (list(range(40)), str(list(range(40)))[:80] + "… (40 entries)"),
        ({"k": "v" * 100}, "{'k': '" + "v" * 73 + "… (1 entry)"),
        (10**100, str(10**100)[:80] + "… (101 characters)"),
    ],
)
def test_echo_is_bounded(value: object, shown: str) -> None:
    assert echo(value) == shown


def test_echo_text_quotes_what_is_not_printable() -> None:
    assert (echo_text("node_pools"), echo_text("a\x1b[31m"), echo_text("k" * 81)) == (
        "node_pools",
        "'a\\x1b[31m'",
        "k" * 80 + "… (81 characters)",
    )
