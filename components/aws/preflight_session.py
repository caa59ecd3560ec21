"""What the AWS preflight checks share: one boto3 session and its clients, and the errors that mean "cannot ask".

Credentials come from the standard chain (env, profile, SSO, instance role), as Pulumi's aws provider finds
them. boto3 and botocore are imported inside the functions that run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from components.preflight import Result, Skip, Target

CREDENTIALS_FIX = "sign in: `aws sso login`, `aws configure`, or set AWS_PROFILE / AWS_ACCESS_KEY_ID"
AUTH_CODES = {
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "AuthFailure",
}
"""Error codes of credentials AWS rejects."""
DENIED_CODES = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden"}
"""Error codes of a call the identity may not make."""


@dataclass
class AwsContext:
    """What the AWS checks share: one boto3 session, clients by service, and facts found on the way."""

    target: Target
    session: Any
    clients: dict[str, Any] = field(default_factory=dict)
    zones: list[str] = field(default_factory=list)
    """The zones the cluster will use: the region's first `spec.network.zones` available AZs by name whose
    zone IDs EKS accepts for control-plane subnets (components/aws/zones.py)."""

    @property
    def region(self) -> str:
        return self.target.location

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = self.session.client(service, region_name=self.region)
        return self.clients[service]


def context(target: Target, *, session: Any = None, clients: dict[str, Any] | None = None) -> AwsContext:
    """The context for `target`'s checks; tests pass pre-built (for instance Stubber-wrapped) clients."""
    if session is None:
        import boto3

        session = boto3.Session()
    return AwsContext(target=target, session=session, clients=dict(clients or {}))


def aws_call(action: str) -> Callable[[Callable[[AwsContext], Result]], Callable[[AwsContext], Result]]:
    """Turn the errors that mean "cannot ask" into a skip that names what is missing."""

    def wrap(check: Callable[[AwsContext], Result]) -> Callable[[AwsContext], Result]:
        @wraps(check)
        def run(ctx: AwsContext) -> Result:
            from botocore.exceptions import (
                BotoCoreError,
                ClientError,
                EndpointConnectionError,
                NoCredentialsError,
                PartialCredentialsError,
                SSOError,
                TokenRetrievalError,
            )

            try:
                return check(ctx)
            except (NoCredentialsError, PartialCredentialsError, SSOError, TokenRetrievalError) as exc:
                raise Skip(
                    f"no usable AWS credentials ({exc})", fix=CREDENTIALS_FIX, prerequisite="AWS credentials"
                ) from None
            except EndpointConnectionError as exc:
                raise Skip(f"cannot reach AWS: {exc}") from None
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in DENIED_CODES:
                    raise Skip(
                        f"not allowed to call {action}",
                        fix=f"grant {action} to the identity kumo runs as",
                        prerequisite=f"IAM permission {action}",
                    ) from None
                raise
            except BotoCoreError:
                raise

        return run

    return wrap
