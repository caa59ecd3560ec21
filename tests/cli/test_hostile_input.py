"""Hostile stack names and stack files (issue 14), through the front door: each is one error line that names
the file or the value (bounded), exit 2, with bounded memory, and never runs code from outside the project."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest

from tests.cli.conftest import STACKS

RULE = (
    "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 100 characters "
    "(Pulumi's stack-name rule)"
)
ESCAPE = "d/../../../elsewhere/stacks/x"  # with stacks/Pulumi.d/ present: <tmp>/elsewhere/stacks/x.yaml
MARKER = "print-if-run.txt"
HOSTILE_PROGRAM = f"""from pathlib import Path
Path(__file__).with_name("{MARKER}").write_text("ran")
"""


@pytest.fixture
def elsewhere(project: Path) -> Path:
    """A kumo project outside the user's, whose programs leave a marker if anything runs them, reachable from
    stacks/ by `..` through a Pulumi.d/ directory (the issue's demonstrated escape)."""
    root = project.parent / "elsewhere"
    (project / "stacks" / "Pulumi.d").mkdir()
    (root / "stacks").mkdir(parents=True)
    (root / "Pulumi.yaml").write_text("name: kumo\nruntime: python\nmain: stacks/\n")
    for layer in ("data", "cluster", "in-cluster"):
        (root / "stacks" / layer).mkdir()
        (root / "stacks" / layer / "__main__.py").write_text(HOSTILE_PROGRAM)
    for name in ("x.yaml", "Pulumi.away.yaml"):
        (root / "stacks" / name).write_text(STACKS["t-aws"])
    return root


def ran_elsewhere(root: Path) -> list[Path]:
    return sorted(root.rglob(MARKER))


@pytest.mark.parametrize(
    "args",
    [
        ["plan", ESCAPE],
        ["check", ESCAPE],
        ["preflight", ESCAPE],
        ["preview", ESCAPE],
        ["up", ESCAPE, "--yes"],
        ["refresh", ESCAPE],
        ["destroy", ESCAPE, "--yes"],
        ["outputs", ESCAPE],
        ["migrate", ESCAPE, "--yes"],
        ["kubeconfig", ESCAPE],
    ],
)
def test_a_stack_name_cannot_leave_the_stack_directory(elsewhere: Path, fake, kumo, args: list[str]) -> None:
    r = kumo(*args)
    assert r.code == 2, r
    assert r.stderr.splitlines()[0] == f"error: stack name {ESCAPE!r}: {RULE}"
    assert ran_elsewhere(elsewhere) == [] and fake.calls == []


def test_validate_reports_a_bad_name_as_that_stack_s_problem(elsewhere: Path, kumo) -> None:
    r = kumo("validate", "t-aws", ESCAPE, "--json")
    assert r.code == 2, r
    assert json.loads(r.stdout)["stacks"][1] == {
        "stack": ESCAPE,
        "valid": False,
        "warnings": [],
        "problems": [f"stack name {ESCAPE!r}: {RULE}"],
    }


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../t-aws", "'../t-aws'"),
        ("stacks/Pulumi.t-aws", "'stacks/Pulumi.t-aws'"),
        ("/etc/passwd", "'/etc/passwd'"),
        (".hidden", "'.hidden'"),
        ("t-aws\n", "'t-aws\\n'"),
        ("a b", "'a b'"),
        ("x" * 101, "'" + "x" * 79 + "… (101 characters)"),
        ("x" * 100_000, "'" + "x" * 79 + "… (100000 characters)"),
    ],
)
def test_every_bad_name_is_one_bounded_line(project: Path, kumo, name: str, shown: str) -> None:
    r = kumo("plan", name)
    assert r.code == 2, r
    assert r.stderr.splitlines() == [f"error: stack name {shown}: {RULE}"]


def test_the_program_always_comes_from_the_project(elsewhere: Path, project: Path) -> None:
    """plan_stack on a stack file from another directory still runs this project's layer programs."""
    from components.offline import plan_stack
    from components.stackfiles import load_stack

    plan_stack(load_stack("away", elsewhere / "stacks"))
    assert ran_elsewhere(elsewhere) == []
    assert [(project / "stacks" / layer / "ran.txt").read_text() for layer in ("data", "cluster", "in-cluster")] == [
        "__main__"
    ] * 3


def test_a_link_out_of_the_stack_directory_is_refused(elsewhere: Path, project: Path, kumo) -> None:
    stacks = project / "stacks"
    (stacks / "Pulumi.evil.yaml").symlink_to(elsewhere / "stacks" / "Pulumi.away.yaml")
    (stacks / "Pulumi.alias.yaml").symlink_to(stacks / "Pulumi.t-aws.yaml")  # a link inside is fine
    target = elsewhere / "stacks" / "Pulumi.away.yaml"
    r = kumo("plan", "evil")
    assert r.code == 2, r
    assert r.stderr.splitlines()[0] == (
        f"error: Pulumi.evil.yaml: a link to {target}, outside {stacks}; a stack "
        "file must be inside the stack directory"
    )
    assert ran_elsewhere(elsewhere) == []
    r = kumo("validate", "alias")
    assert r.code == 0, r


BOMB = [
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    *(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
]
HEAD = "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n"
BOMB_IN_CLUSTER = HEAD + "  kumo:cluster:\n    tags:\n" + "".join(f"      {line}\n" for line in BOMB)
BOMB_BESIDE = HEAD + "  kumo:laughs:\n" + "".join(f"    {line}\n" for line in BOMB) + "  kumo:more: *i\n"


@pytest.mark.parametrize("text", [BOMB_IN_CLUSTER, BOMB_BESIDE], ids=["in-kumo-cluster", "beside-it"])
@pytest.mark.parametrize("command", ["validate", "plan", "check"])
def test_an_alias_bomb_is_refused_in_bounded_memory(project: Path, kumo, text: str, command: str) -> None:
    assert len(text) < 2048  # 9 aliases of 9 aliases: 387 million values once expanded
    (project / "stacks" / "Pulumi.bomb.yaml").write_text(text)
    tracemalloc.start()
    try:
        r = kumo(command, "bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.code == 2, r
    assert (
        "Pulumi.bomb.yaml: its aliases (*name) expand to more than 20000 values; a stack file may hold at most 20000"
    ) in (r.stdout if command == "validate" else r.stderr)  # validate's verdict: stdout
    assert peak < 200 * 2**20, peak


DUPLICATE = (
    HEAD
    + """  kumo:cluster:
    node_pools:
      - {name: system, size: small, min_nodes: 2, max_nodes: 3, system: true}
    storage: {shared: {size_gb: 1024}}
    node_pools:
      - {name: apps, size: medium, min_nodes: 1, max_nodes: 4}
"""
)


def test_a_duplicate_key_is_named_with_its_lines(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.dup.yaml").write_text(DUPLICATE)
    expected = "Pulumi.dup.yaml: line 8: duplicate key 'node_pools' (first on line 5)"
    r = kumo("validate", "dup", "--json")
    assert r.code == 2, r
    assert json.loads(r.stdout)["stacks"][0]["problems"] == [expected]
    r = kumo("plan", "dup")
    assert (r.code, r.stderr.splitlines()[0]) == (2, f"error: {expected}")


def test_markup_in_a_quoted_value_is_printed_as_text(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.dup.yaml").write_text(HEAD + "  '[/red]': 1\n  '[/red]': 2\n")
    r = kumo("plan", "dup")
    assert (r.code, r.stderr.splitlines()) == (
        2,
        ["error: Pulumi.dup.yaml: line 5: duplicate key '[/red]' (first on line 4)"],
    )


UTF16 = "Pulumi.u16.yaml: not UTF-8 text (it looks like UTF-16, as some Windows editors save): save it as UTF-8"


def test_a_utf16_file_is_named_and_the_others_still_listed(
    project: Path, kumo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "stacks" / "Pulumi.u16.yaml").write_bytes(STACKS["t-aws"].encode("utf-16"))
    r = kumo("stacks", "--json")
    assert r.code == 0, r
    rows = json.loads(r.stdout)["stacks"]
    assert [(row["stack"], row["problem"]) for row in rows] == [
        ("t-aws", None),
        ("t-gcp", None),
        ("u16", f"{UTF16}: `kumo validate u16`"),
    ]
    r = kumo("validate", "u16", "--json")
    assert r.code == 2 and json.loads(r.stdout)["stacks"][0]["problems"] == [UTF16], r
    r = kumo("plan", "u16")
    assert (r.code, r.stderr.splitlines()[0]) == (2, f"error: {UTF16}")
    bin_dir = tmp_path / "bin"  # doctor: everything present, the file reported as a failed check
    bin_dir.mkdir()
    for tool, output in (("pulumi", "v3.272.0"), ("aws", "aws-cli/2.27.50 Python/3.13.4")):
        (bin_dir / tool).write_text(f"#!/bin/sh\necho '{output}'\n")
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    r = kumo("doctor", "--cloud", "aws", "--json")
    assert r.code == 0, r
    assert json.loads(r.stdout)["checks"][-1] == {
        "name": "stack u16",
        "status": "warn",
        "detail": UTF16,
        "required": False,
        "fix": "fix the file; `kumo validate u16` checks it",
    }


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: p.mkdir(), "a directory"),
        (lambda p: os.mkfifo(p), "a named pipe"),  # opening it must not wait for a writer
    ],
)
def test_an_entry_that_is_not_a_file_is_named(project: Path, kumo, make, kind: str) -> None:
    make(project / "stacks" / "Pulumi.x.yaml")
    expected = f"Pulumi.x.yaml: not a regular file ({kind})"
    r = kumo("plan", "x")
    assert (r.code, r.stderr.splitlines()[0]) == (2, f"error: {expected}")
    r = kumo("stacks", "--json")
    assert r.code == 0 and json.loads(r.stdout)["stacks"][2]["problem"] == f"{expected}: `kumo validate x`", r


def test_an_oversize_file_is_refused_before_it_is_read(project: Path, kumo) -> None:
    text = STACKS["t-aws"] + "#" * 1024 * 1024
    (project / "stacks" / "Pulumi.big.yaml").write_text(text[: 1024 * 1024 + 1])
    r = kumo("validate", "big", "--json")
    assert json.loads(r.stdout)["stacks"][0]["problems"] == [
        "Pulumi.big.yaml: 1048577 bytes; a stack file may be at most 1048576 bytes"
    ], r
    (project / "stacks" / "Pulumi.big.yaml").write_text(text[: 1024 * 1024])  # the limit itself is fine
    assert kumo("validate", "big").code == 0


def test_a_huge_value_is_echoed_bounded(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.tagged.yaml").write_text(
        STACKS["t-aws"] + f"    tags:\n      ? {'k' * 100_000}\n      : x\n      owner: {'a' * 100_000}\n"
    )
    r = kumo("validate", "tagged")
    assert r.code == 2, r
    shown = "  Pulumi.tagged.yaml: kumo:cluster.tags = {'" + "k" * 78 + "… (2 entries): "
    assert r.stdout.splitlines()[1:] + r.stderr.splitlines() == [  # the verdict on stdout, the error on stderr
        shown + "tag key '" + "k" * 79 + "… (100000 characters) must be 1 to 63 characters",
        "error: 1 of 1 stack(s) invalid: tagged",
    ]
    r = kumo("plan", "tagged")
    assert r.code == 2 and max(len(line) for line in r.stderr.splitlines()) < 300, r


def test_names_that_are_not_stack_names_are_left_out_of_all(project: Path, kumo) -> None:
    for name in ("Pulumi.a b.yaml", "Pulumi..hidden.yaml"):
        (project / "stacks" / name).write_text(STACKS["t-aws"])
    r = kumo("stacks", "--json")
    assert [row["stack"] for row in json.loads(r.stdout)["stacks"]] == ["t-aws", "t-gcp"], r
    assert r.stderr.splitlines() == [
        f"warning: 'Pulumi..hidden.yaml' ignored: stack name '.hidden': {RULE}",
        f"warning: 'Pulumi.a b.yaml' ignored: stack name 'a b': {RULE}",
    ]
    assert kumo("validate", "--all").code == 0
