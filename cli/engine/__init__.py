"""The only module that uses `pulumi.automation`: preview, up, refresh, destroy and outputs of stacks.

An environment is three stacks, one per layer project (components/layers). For each, it runs the very
program `pulumi up` runs (stacks/<layer>/__main__.py) as an inline program in a LocalWorkspace whose
`work_dir` is that layer's project directory, so the Pulumi CLI reads the checked-in stacks/<layer>/Pulumi.yaml
and the environment's stack file under its `stackConfigDir` exactly as it would on its own. No Pulumi.yaml
is ever written (no `project_settings` is passed). Several stacks run concurrently, one thread each; the Pulumi CLI
processes run in their own session so a terminal Ctrl-C reaches kumo only, and kumo forwards exactly one
interrupt to each (the CLI's graceful cancel), starts no other, waits for them to stop, then exits 130; a
second Ctrl-C is forwarded too and kumo exits at once (cli/interrupts.py).
"""

from cli.engine.command import InterruptiblePulumiCommand, inline_program, make_command
from cli.engine.results import (
    Context,
    Interrupted,
    Reporter,
    StackResult,
    masked_outputs,
    translate,
)
from cli.engine.session import Session

__all__ = [
    "Context",
    "Interrupted",
    "InterruptiblePulumiCommand",
    "Reporter",
    "Session",
    "StackResult",
    "inline_program",
    "make_command",
    "masked_outputs",
    "translate",
]
