"""app.image: NAME[:TAG][@sha256:DIGEST]; a malformed digest is one clear error (issue 16)."""

from __future__ import annotations

import pytest

from components.spec import parse_spec
from tests.spec.helpers import problems

DIGEST = "26b0bf6fbf07297983cb341998d79c831508787de26627dd2a112321b9c3a4af"
SHARED = {"shared": {"size_gb": 1024}}


@pytest.mark.parametrize(
    "image",
    [
        f"nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha256:{DIGEST}",
        f"nginxinc/nginx-unprivileged@sha256:{DIGEST}",
        f"registry.example.com:5000/team/web@sha256:{DIGEST}",
        "nginxinc/nginx-unprivileged:1.31.6-alpine",  # a tag alone is the user's choice; GOV-05 fails it
        "nginx",
    ],
)
def test_accepted(image: str) -> None:
    assert parse_spec({"app": {"enabled": True, "image": image}, "storage": SHARED}, default_name="t1").app.image == (
        image
    )


DIGEST_RULE = "it must be sha256: and 64 lowercase hex digits (NAME[:TAG]@sha256:<64 hex digits>)"
REFERENCE_RULE = (
    "must be a container image reference NAME[:TAG][@sha256:DIGEST], e.g. "
    "nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha256:<64 hex digits>"
)


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("nginx@sha256:abc", f"app.image = 'nginx@sha256:abc': the digest after '@' is 'sha256:abc': {DIGEST_RULE}"),
        (
            f"nginx@sha256:{DIGEST.upper()}",
            f"app.image = 'nginx@sha256:{DIGEST.upper()}': the digest after '@' is 'sha256:{DIGEST.upper()}': "
            f"{DIGEST_RULE}",
        ),
        (
            f"nginx@md5:{DIGEST[:32]}",
            f"app.image = 'nginx@md5:{DIGEST[:32]}': the digest after '@' is 'md5:{DIGEST[:32]}': {DIGEST_RULE}",
        ),
        ("nginx:1.27@", f"app.image = 'nginx:1.27@': the digest after '@' is '': {DIGEST_RULE}"),
        (f"@sha256:{DIGEST}", f"app.image = '@sha256:{DIGEST}': {REFERENCE_RULE}"),
        ("Nginx:1.27", f"app.image = 'Nginx:1.27': {REFERENCE_RULE}"),
        ("nginx:1.27\n", f"app.image = 'nginx:1.27\\n': {REFERENCE_RULE}"),
        ("", f"app.image = '': {REFERENCE_RULE}"),
    ],
)
def test_refused_with_the_path_the_value_and_what_is_allowed(image: str, expected: str) -> None:
    assert problems({"app": {"enabled": True, "image": image}, "storage": SHARED}) == [expected]
