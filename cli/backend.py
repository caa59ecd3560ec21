"""`kumo backend create URL --region R`: a hardened store for Pulumi state, created idempotently (S3 today).

Exit codes: 0 created, or already compliant (nothing changed); 3 the bucket exists but differs from
kumo's hardened settings (reported, not modified: a security rule failed); 2 bad input (not s3://, an
invalid bucket name, an unknown region); 4 no AWS credentials; 1 AWS refused (name taken, access denied).
Azure Blob and GCS are not implemented: their URLs are bad input with a pointer to the manual steps. Each
scheme's store is made by cli/state_backends/<scheme>.py.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.errors import RulesFailed
from cli.options import BackendJsonOpt

HELP = (
    "A hardened S3 bucket for Pulumi state: `kumo backend create` makes one, or reports how an existing one "
    "differs (exit 3)."
)
"""The `kumo backend` group's help (cli/app.py registers the group and its commands)."""

UrlArg = Annotated[
    str, typer.Argument(metavar="s3://BUCKET", help="The bucket to create or check.", show_default=False)
]
RegionOpt = Annotated[
    str, typer.Option("--region", metavar="REGION", help="AWS region to create the bucket in.", show_default=False)
]


def create(url: UrlArg, region: RegionOpt, json_: BackendJsonOpt = False) -> None:
    """Create a hardened S3 bucket for Pulumi state (versioned, SSE-KMS, private, TLS-only, old versions
    expire after 90 days) and print the PULUMI_BACKEND_URL; re-running changes nothing."""
    from cli import render, state_backends

    document = state_backends.create(url, region)
    if json_:
        render.json_document(document)
    else:
        render.backend_result(document)
    if document["status"] == "non-compliant":
        raise RulesFailed(
            f"bucket {document['bucket']} exists but is not hardened; kumo did not change it",
            hint="fix the differences listed above (or choose a new bucket name)",
        )
