"""The README's generated parts stay equal to their sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from components.facts import support_table

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def test_the_version_table_is_the_fact_tables() -> None:
    assert support_table() in README.read_text(), (
        'regenerate: python -c "from components.facts import support_table; print(support_table())"'
    )


def test_the_default_version_is_in_standard_support_where_the_readme_says() -> None:
    from datetime import date

    from components.facts import minor_table

    ends = {cloud: minor_table(cloud)["1.36"].end_of_standard for cloud in ("aws", "azure", "gcp")}
    assert min(ends.values()) == date(2027, 6, 30)  # AKS ends first, as the README says
    assert "in standard support on all three clouds until 2027-06-30 (AKS, the first to end)" in README.read_text()


# ---------------------------------------------------------------------------------------------------------
# Sample outputs: each ```console block after `<!-- output: kumo ARGS -->` is what `kumo ARGS` prints, run on
# the repository's stack files (plus the fixture files the marker names) on a pinned day. To rewrite them
# from real runs after a change:   python -m tests.test_readme --write

OUTPUT_BLOCK = re.compile(r"<!-- output: (?P<marker>[^>]*?) -->\n```console\n(?P<body>.*?)```\n", re.S)
DAY = date(2026, 12, 1)
"""The day the samples are judged on (validation warns of versions near their end of support)."""


@dataclass(frozen=True)
class Sample:
    """One marked block: the command, the fixture files it needs beside the repository's stacks, its text."""

    command: str
    fixtures: tuple[str, ...]
    body: str


def samples(text: str) -> list[Sample]:
    """`<!-- output: kumo validate bad (+ tests/fixtures/readme/Pulumi.bad.yaml) -->` -> its sample."""
    found = []
    for match in OUTPUT_BLOCK.finditer(text):
        command, _, extra = match["marker"].partition(" (+ ")
        fixtures = tuple(extra.rstrip(")").split(", ")) if extra else ()
        found.append(Sample(command.strip(), fixtures, match["body"]))
    return found


def real_output(sample: Sample) -> str:
    """What `sample.command` prints (stdout, then stderr), run in a copy of the project through the front door,
    as the block shows it: the command line (with its exit code when not 0), then each line without trailing
    blanks."""
    import contextlib
    import io
    import os
    import shlex
    import shutil
    import tempfile
    from unittest import mock

    import cli.app
    from cli.render import consoles

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copy(REPO / "Pulumi.yaml", project / "Pulumi.yaml")
        shutil.copytree(REPO / "stacks", project / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
        for fixture in sample.fixtures:
            shutil.copy(REPO / fixture, project / "stacks" / Path(fixture).name)
        stdout, stderr = io.StringIO(), io.StringIO()
        cwd = Path.cwd()
        os.chdir(project)
        try:
            with (
                mock.patch("components.facts.today", lambda: DAY),
                mock.patch.dict(os.environ, {"KUMO_CACHE_DIR": str(project / "cache")}),  # shipped prices only
                mock.patch.object(consoles.out, "_width", consoles.UNBOUNDED),
                contextlib.redirect_stdout(stdout),
                contextlib.redirect_stderr(stderr),
            ):
                code = cli.app.main(shlex.split(sample.command)[1:])
        finally:
            os.chdir(cwd)
    lines = [f"$ {sample.command}" + (f"    # exit {code}" if code else "")]
    lines += (stdout.getvalue() + stderr.getvalue()).splitlines()
    return "".join(line.rstrip() + "\n" for line in lines)


def regenerated(text: str) -> str:
    """The README with every marked block replaced by its real output."""

    def block(match: re.Match[str]) -> str:
        [sample] = samples(match[0])
        return f"<!-- output: {match['marker']} -->\n```console\n{real_output(sample)}```\n"

    return OUTPUT_BLOCK.sub(block, text)


def test_the_readme_marks_its_sample_outputs() -> None:
    assert [(s.command, s.fixtures) for s in samples(README.read_text())] == [
        ("kumo validate bad", ("tests/fixtures/readme/Pulumi.bad.yaml",)),
        ("kumo stacks", ()),
        ("kumo validate --all", ()),
        ("kumo cost --all --summary", ()),
        ("kumo cost aws-dev", ()),
    ]


@pytest.mark.parametrize("sample", samples(README.read_text()), ids=lambda s: s.command)
def test_a_readme_sample_output_is_what_the_command_prints(sample: Sample) -> None:
    assert sample.body == real_output(sample), "regenerate: python -m tests.test_readme --write"


def test_a_sample_that_differs_from_the_real_output_is_rewritten() -> None:
    stale = "<!-- output: kumo stacks -->\n```console\n$ kumo stacks\nstack  cloud\nold-dev  aws\n```\n"
    fresh = regenerated(stale)
    assert fresh.startswith("<!-- output: kumo stacks -->\n```console\n$ kumo stacks\nstack       cloud  location")
    assert "old-dev" not in fresh
    assert fresh.count("\n") == 2 + 1 + 1 + 6 + 1  # marker, fence, command, header, six stacks, fence


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_readme --write   (rewrites README.md's marked sample outputs)")
    README.write_text(regenerated(README.read_text()))
