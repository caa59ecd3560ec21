"""Where AWS credentials come from when no variable or file says so: boto3's own provider chain.

Asked last by `kumo doctor` and before a run (components/needs.py `sdk_chain`): boto3 is imported only then.
"""

from __future__ import annotations


def boto3_chain() -> str | None:
    """boto3's own provider chain (config-file profiles, SSO, container and instance roles): where it found
    credentials, or None."""
    try:
        import boto3
    except ImportError:  # pragma: no cover - boto3 is a dependency
        return None
    try:
        credentials = boto3.Session().get_credentials()
    except Exception:
        return None
    return f"boto3 credential chain ({credentials.method})" if credentials is not None else None
