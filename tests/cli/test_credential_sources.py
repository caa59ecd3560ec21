"""Where each cloud's credentials would come from, read from its record's needs (components/<cloud>/cloud.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.prerequisites import credential_source


@pytest.mark.parametrize(
    ("cloud", "env", "found"),
    [
        (
            "aws",
            {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s"},
            "environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        ),
        ("aws", {"AWS_ACCESS_KEY_ID": "a"}, None),  # half a pair is not credentials
        ("azure", {"ARM_CLIENT_ID": "c", "ARM_USE_OIDC": "true"}, "environment: ARM_CLIENT_ID, ARM_USE_OIDC"),
        ("gcp", {"GOOGLE_APPLICATION_CREDENTIALS": "/k.json"}, "environment: GOOGLE_APPLICATION_CREDENTIALS"),
        ("gcp", {}, None),
    ],
)
def test_credentials_from_the_environment(cloud: str, env: dict[str, str], found: str | None, tmp_path: Path) -> None:
    # Config directories that hold nothing, so no file of this machine's counts.
    env = {"HOME": str(tmp_path), "CLOUDSDK_CONFIG": str(tmp_path), "AZURE_CONFIG_DIR": str(tmp_path), **env}
    assert credential_source(cloud, env, allow_sdk=False) == found


def test_a_relocated_login_file_counts(tmp_path: Path) -> None:
    (tmp_path / "azureProfile.json").write_text("{}")
    assert credential_source("azure", {"AZURE_CONFIG_DIR": str(tmp_path)}, allow_sdk=False) == (
        f"file: {tmp_path / 'azureProfile.json'}"
    )


def test_aws_asks_boto3_last(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE",
                 "AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance role on a test machine
    assert credential_source("aws", {"HOME": str(tmp_path)}) is None
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    # Not in the environment the check reads, so only boto3's own chain can find them.
    assert credential_source("aws", {"HOME": str(tmp_path)}) == "boto3 credential chain (env)"
