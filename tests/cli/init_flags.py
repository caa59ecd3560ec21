"""What the `kumo init` tests share: each cloud's required flags, the tags GOV-03 wants, the verdict line of a
clean stack, and the stack file as written (the day they are judged on: conftest.DAY)."""

from __future__ import annotations

from pathlib import Path

import yaml

REQUIRED = {
    "aws": ["--cloud", "aws", "--location", "us-east-1"],
    "azure": ["--cloud", "azure", "--location", "eastus"],
    "gcp": ["--cloud", "gcp", "--location", "us-central1", "--project", "kumo-new-project"],
}
TAGS = ["--owner", "platform", "--env", "dev"]
CLEAN = r"rules on {}: \d+ pass, 0 fail, {} waived, \d+ n/a"


def written(project: Path, stack: str) -> dict:
    return yaml.safe_load((project / "stacks" / f"Pulumi.{stack}.yaml").read_text())
