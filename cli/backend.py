"""`kumo backend create s3://BUCKET --region R`: a hardened S3 bucket for Pulumi state, idempotently.

Exit codes: 0 created, or already compliant (nothing changed); 3 the bucket exists but differs from
kumo's hardened settings (reported, not modified: a security rule failed); 2 bad input (not s3://, an
invalid bucket name, an unknown region); 4 no AWS credentials; 1 AWS refused (name taken, access denied).
Azure Blob and GCS are not implemented: their URLs are bad input with a pointer to the manual steps.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.errors import BadInput, MissingPrerequisite, OperationFailed, RulesFailed

UrlArg = Annotated[
    str, typer.Argument(metavar="s3://BUCKET", help="The bucket to create or check.", show_default=False)
]
RegionOpt = Annotated[
    str, typer.Option("--region", metavar="REGION", help="AWS region to create the bucket in.", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", metavar="", help="Print the result (JSON) on stdout.")]


def create_backend(url: str, region: str) -> dict[str, object]:
    """Validate, then create or check the bucket; returns the result document (see BackendResult)."""
    from components.aws.preflight import region_problem
    from components.aws.state_backend import InvalidBackendUrl, bucket_from_url

    if url.startswith(("azblob://", "gs://")):
        raise BadInput(
            f"{url.split('://')[0]}:// backends are not created by kumo yet",
            hint="create the container/bucket with `az storage` or `gcloud storage`, then set "
            "PULUMI_BACKEND_URL; `kumo preflight` checks it is reachable",
        )
    try:
        bucket = bucket_from_url(url)
    except InvalidBackendUrl as exc:
        raise BadInput(str(exc)) from None
    problem = region_problem(region)
    if problem:
        raise BadInput(f"--region {problem}")
    return _ensure(bucket, region)


def _ensure(bucket: str, region: str) -> dict[str, object]:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    from components.aws.state_backend import BucketUnavailable, ensure_bucket

    try:
        result = ensure_bucket(bucket, region)
    except NoCredentialsError:
        raise MissingPrerequisite(
            "no AWS credentials found", hint="`aws sso login`, `aws configure`, or set AWS_PROFILE"
        ) from None
    except BucketUnavailable as exc:
        raise OperationFailed(str(exc)) from None
    except (ClientError, BotoCoreError) as exc:
        raise OperationFailed(f"AWS refused: {exc}") from None
    return result.to_json()


def register(app: typer.Typer) -> None:
    backend_app = typer.Typer(
        name="backend",
        no_args_is_help=True,
        help="A hardened S3 bucket for Pulumi state: `kumo backend create` makes one, or "
        "reports how an existing one differs (exit 3).",
    )

    @backend_app.command("create")
    def create(url: UrlArg, region: RegionOpt, json_: JsonOpt = False) -> None:
        """Create a hardened S3 bucket for Pulumi state (versioned, SSE-KMS, private, TLS-only, old versions
        expire after 90 days) and print the PULUMI_BACKEND_URL; re-running changes nothing."""
        from cli import render

        document = create_backend(url, region)
        if json_:
            render.json_document(document)
        else:
            render.backend_result(document)
        if document["status"] == "non-compliant":
            raise RulesFailed(
                f"bucket {document['bucket']} exists but is not hardened; kumo did not change it",
                hint="fix the differences listed above (or choose a new bucket name)",
            )

    app.add_typer(backend_app, name="backend")
