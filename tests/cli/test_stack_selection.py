"""One stack-selection rule for every command that takes stacks (cli/selection.py): STACK... or --all, never
"all" by omission, and the commands as module-level functions, registered once, in cli/app.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli.app
from cli import check, cost, doctor, init, migrate, operations, outputs, plan, preflight, stacks
from cli.errors import BadInput
from cli.selection import stack_names
from tests.cli.fake_pulumi import FakePulumi

TAKE_STACKS = ("validate", "plan", "check", "cost", "preflight", "preview", "up", "refresh", "destroy")
"""Every command with a STACK... argument."""


@pytest.mark.parametrize("command", TAKE_STACKS)
def test_no_stack_names_and_no_all_is_bad_input_naming_the_stacks(fake: FakePulumi, kumo, command: str) -> None:
    r = kumo(command)
    assert (r.code, r.stdout, r.stderr) == (2, "", "error: give stack names or --all (stacks: t-aws, t-gcp)\n")
    assert fake.calls == []  # nothing ran: no Pulumi command, whatever the command


@pytest.mark.parametrize("command", TAKE_STACKS)
def test_stack_names_and_all_together_are_bad_input(fake: FakePulumi, kumo, command: str) -> None:
    r = kumo(command, "t-aws", "--all", "--yes" if command in ("up", "destroy") else "--json")
    assert (r.code, r.stdout, r.stderr) == (2, "", "error: give stack names or --all, not both\n")
    assert fake.calls == []


@pytest.mark.parametrize("command", TAKE_STACKS)
@pytest.mark.parametrize("args", [(), ("--all",)], ids=["no-names", "all"])
def test_a_project_without_stack_files_says_how_to_write_one(
    project: Path, kumo, command: str, args: tuple[str, ...]
) -> None:
    for file in (project / "stacks").glob("Pulumi.*.yaml"):
        file.unlink()
    r = kumo(command, *args)
    assert (r.code, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "error: no stack files in stacks/",
        "hint: `kumo init STACK --cloud C --location L` writes one",
    ]


def test_all_is_every_stack_in_the_folder_in_name_order(project: Path) -> None:
    (project / "stacks" / "Pulumi.a-first.yaml").write_text("config: {}\n")
    assert stack_names(None, True) == ["a-first", "t-aws", "t-gcp"]
    assert stack_names([], True) == ["a-first", "t-aws", "t-gcp"]


def test_names_are_taken_as_given_in_their_order(project: Path) -> None:
    assert stack_names(["t-gcp", "t-aws"], False) == ["t-gcp", "t-aws"]
    assert stack_names(["not-checked-here"], False) == ["not-checked-here"]  # load_stack names an unknown one


def test_validate_with_all_reports_every_stack(project: Path, kumo) -> None:
    r = kumo("validate", "--all", "--json")
    assert r.code == 0, r
    assert '"stack": "t-aws"' in r.stdout and '"stack": "t-gcp"' in r.stdout


# ---------------------------------------------------------------------------------------------------------
# Commands are module-level functions, registered in one place


def test_each_command_is_registered_once_in_help_order() -> None:
    registered = [(c.name, c.callback) for c in cli.app.app.registered_commands]
    assert registered == [
        ("stacks", stacks.stacks_command),
        ("validate", stacks.validate_command),
        ("init", init.init_command),
        ("plan", plan.plan),
        ("check", check.check),
        ("cost", cost.cost),
        ("preflight", preflight.preflight),
        ("preview", operations.preview),
        ("up", operations.up),
        ("refresh", operations.refresh),
        ("destroy", operations.destroy),
        ("migrate", migrate.migrate),
        ("outputs", outputs.outputs),
        ("kubeconfig", outputs.kubeconfig),
        ("doctor", doctor.doctor),
    ]
    [group] = cli.app.app.registered_groups
    assert group.name == "backend" and group.typer_instance is not None
    assert [(c.name, c.callback) for c in group.typer_instance.registered_commands] == [
        ("create", cli.app.backend.create)
    ]


def test_a_command_can_be_called_as_a_function(project: Path) -> None:
    with pytest.raises(BadInput) as refused:
        stacks.validate_command(stacks=None, all_=False)
    assert refused.value.message == "give stack names or --all (stacks: t-aws, t-gcp)"
    with pytest.raises(BadInput) as refused:
        operations.destroy(stacks=["t-aws"], all_=True)
    assert refused.value.message == "give stack names or --all, not both"
