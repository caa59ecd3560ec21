"""Every argument and option more than one command takes, declared once (Typer's `Annotated` aliases).

A command module imports the aliases it takes; an option only one command has stays beside that command.
Flags show no metavar (`--json`, not `--json BOOLEAN`: cli/render/help.py); the stack arguments complete
from stacks/ (cli/completion.py). Where commands print different documents, `--json` says which: each
variant is declared here too, so no command spells a shared flag of its own.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli import completion
from components.clouds import CLOUDS

CLOUD_METAVAR = "|".join(CLOUDS)
"""What a --cloud option takes: aws|azure|gcp."""


def _flag(name: str, help_: str, *aliases: str) -> Any:
    return typer.Option(name, *aliases, metavar="", help=help_)


def _json(help_: str) -> Any:
    return _flag("--json", help_)


# ---------------------------------------------------------------------------------------------------------
# Which stacks (cli/selection.py applies them: STACK... or --all)

StacksArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="STACK...",
        help="Stack names (see `kumo stacks`).",
        show_default=False,
        autocompletion=completion.stack_names,
    ),
]
StackArg = Annotated[
    str,
    typer.Argument(
        metavar="STACK",
        help="Stack name (see `kumo stacks`).",
        show_default=False,
        autocompletion=completion.stack_names,
    ),
]
AllOpt = Annotated[bool, _flag("--all", "Every stack in stacks/.")]
LayerOpt = Annotated[
    str | None,
    typer.Option(
        "--layer",
        metavar="LAYER",
        autocompletion=completion.layers,
        help="Run one layer only: data, cluster or in-cluster (default: all, in order).",
        show_default=False,
    ),
]

# ---------------------------------------------------------------------------------------------------------
# What is printed

JsonOpt = Annotated[bool, _json("Print JSON on stdout.")]
PlanJsonOpt = Annotated[bool, _json("Print the plan document (JSON) on stdout.")]
CheckJsonOpt = Annotated[bool, _json("Print the check document (JSON) on stdout.")]
PreflightJsonOpt = Annotated[bool, _json("Print the preflight report (JSON) on stdout.")]
OperationJsonOpt = Annotated[bool, _json("Print the result document (JSON) on stdout.")]
BackendJsonOpt = Annotated[bool, _json("Print the result (JSON) on stdout.")]
CostJsonOpt = Annotated[bool, _json("Print the cost document (JSON, docs/cost.schema.json) on stdout.")]
WideOpt = Annotated[bool, _flag("--wide", "Full values on one row at a terminal too (as when piped): nothing folded.")]
ShowSecretsOpt = Annotated[bool, _flag("--show-secrets", "Show secret values.")]

# ---------------------------------------------------------------------------------------------------------
# Real runs: confirmation, state and secrets

YesOpt = Annotated[bool, _flag("--yes", "Do not ask for confirmation.", "-y")]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="State backend URL (file://, s3://, azblob://, gs://, https://api.pulumi.com). Default: "
        "PULUMI_BACKEND_URL, Pulumi.yaml backend.url, your `pulumi login`, else ~/.kumo/state.",
        show_default=False,
    ),
]
CheckedBackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        metavar="URL",
        help="State backend URL to check (default: PULUMI_BACKEND_URL, Pulumi.yaml, `pulumi login`).",
        show_default=False,
    ),
]
IntendedBackendOpt = Annotated[
    str | None,
    typer.Option("--backend", metavar="URL", help="The backend you intend to use.", show_default=False),
]
SecretsOpt = Annotated[
    str | None,
    typer.Option(
        "--secrets-provider",
        help="passphrase (default) or a KMS URL: awskms://…, azurekeyvault://…, gcpkms://…",
        show_default=False,
    ),
]
