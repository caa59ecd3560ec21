"""State backends `kumo backend create` makes, keyed by the URL's scheme (s3:// today).

Each scheme's module (cli/state_backends/<scheme>.py) has `create(url, region) -> dict`: it validates the
URL and the region (bad input, exit 2), creates the store or checks an existing one, and returns the result
document. The schemes Pulumi supports that kumo does not create yet (azblob://, gs://) are bad input with
the manual steps; anything else is bad input naming what is supported.
"""

from __future__ import annotations

import importlib

from cli.errors import BadInput
from components.echo import echo

CREATED: dict[str, str] = {"s3": "cli.state_backends.s3"}
"""URL scheme -> the module that creates its store (imported on use: it needs the cloud's SDK)."""

NOT_CREATED: dict[str, str] = {
    "azblob": "create the container with `az storage`",
    "gs": "create the bucket with `gcloud storage`",
}
"""Scheme -> how to create the store by hand, for the Pulumi backends kumo does not create yet."""


def create(url: str, region: str) -> dict[str, object]:
    """Create (or check) the store `url` names, in `region`; its result document (status, backend_url, ...)."""
    scheme, separator, _ = url.partition("://")
    if separator and scheme in NOT_CREATED:
        raise BadInput(
            f"{scheme}:// backends are not created by kumo yet",
            hint=f"{NOT_CREATED[scheme]}, then set PULUMI_BACKEND_URL; `kumo preflight` checks it is reachable",
        )
    if not separator or scheme not in CREATED:
        supported = ", ".join(f"{s}://BUCKET" for s in CREATED)
        raise BadInput(f"{echo(url)} is not a URL kumo backend create supports: {supported}")
    module = importlib.import_module(CREATED[scheme])
    result: dict[str, object] = module.create(url, region)
    return result
