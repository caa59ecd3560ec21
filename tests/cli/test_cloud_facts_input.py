"""What the clouds would refuse, refused offline: `kumo validate` and `kumo plan` exit 2 with one line per
problem (path, value, what is allowed) before any resource is registered. The day is pinned: support
windows end on dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

DAY = date(2026, 12, 1)
AWS = "config:\n  aws:region: us-east-1\n  kumo:cloud: aws\n"
GCP = "config:\n  gcp:project: kumo-test-project\n  gcp:region: us-central1\n  kumo:cloud: gcp\n"


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("components.facts.today", lambda: DAY)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            AWS + '  kumo:cluster: {kubernetes_version: "1.33"}\n',
            "Pulumi.bad.yaml: kumo:cluster.kubernetes_version = '1.33': left standard support on aws on 2026-07-29; after "
            "it aws offers it only under extended or long-term support, until 2027-07-29: aws supports 1.34 to 1.36 on "
            "2026-12-01 (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)",
        ),
        (
            AWS + '  kumo:cluster: {kubernetes_version: "1.99"}\n',
            "Pulumi.bad.yaml: kumo:cluster.kubernetes_version = '1.99': is not a Kubernetes minor aws offers: aws supports "
            "1.34 to 1.36 on 2026-12-01",
        ),
        (
            AWS + '  kumo:cluster: {kubernetes_version: "latest-ish"}\n',
            "Pulumi.bad.yaml: kumo:cluster.kubernetes_version = 'latest-ish': must be a minor version \"1.NN\" such as "
            '"1.33" (patch versions are the cloud\'s to choose)',
        ),
        (
            "config:\n  aws:region: us-esat-1\n  kumo:cloud: aws\n",
            "Pulumi.bad.yaml: aws:region = 'us-esat-1': is an unknown AWS region: did you mean 'us-east-1'? ",
        ),
        (
            "config:\n  gcp:region: us-central1\n  kumo:cloud: gcp\n",
            "Pulumi.bad.yaml: gcp:project = None: is required: the Google Cloud project ID this stack goes to",
        ),
        (
            GCP + "  kumo:cluster: {storage: {shared: {size_gb: 10496}}}\n",
            "Pulumi.bad.yaml: kumo:cluster.storage.shared.size_gb = 10496: is a size no Filestore tier with a customer-"
            "managed key takes: ZONAL and REGIONAL take 1024-9984 GiB in steps of 256 or 10240-102400 GiB in steps of "
            "2560; ENTERPRISE takes 1024-10240 GiB in steps of 256 (https://cloud.google.com/filestore/docs/service-tiers, "
            "checked 2026-12-01)",
        ),
    ],
)
def test_validate_refuses_what_the_cloud_would(project: Path, kumo, text: str, line: str) -> None:
    (project / "stacks" / "Pulumi.bad.yaml").write_text(text)
    r = kumo("validate", "bad", "--json")
    assert r.code == 2, r
    [problem] = json.loads(r.stdout)["stacks"][0]["problems"]
    assert problem.startswith(line), problem
    planned = kumo("plan", "bad")
    assert planned.code == 2 and line in planned.stderr, planned


def test_a_version_near_its_end_validates_with_a_warning(project: Path, kumo) -> None:
    (project / "stacks" / "Pulumi.old.yaml").write_text(AWS + '  kumo:cluster: {kubernetes_version: "1.34"}\n')
    r = kumo("validate", "old")
    assert r.code == 0, r
    assert (
        "warning: kubernetes_version 1.34 leaves standard support on aws on 2026-12-02 (1 days): plan the "
        "upgrade (aws supports 1.34 to 1.36 on 2026-12-01)"
    ) in r.stderr


def test_an_environment_out_of_support_can_still_be_destroyed_and_read(project: Path, kumo, fake: object) -> None:
    """Refusing a version is for what would be created: destroy, refresh and outputs still work on it."""
    (project / "stacks" / "Pulumi.old.yaml").write_text(AWS + '  kumo:cluster: {kubernetes_version: "1.33"}\n')
    assert kumo("up", "old", "--yes").code == 2
    destroyed = kumo("destroy", "old", "--yes")
    assert destroyed.code == 0, destroyed
    assert "skipped old/in-cluster: not deployed" in destroyed.stdout
    assert kumo("outputs", "old").code == 2  # nothing deployed: a clean error, not the version
    assert "no layer of it is deployed" in kumo("outputs", "old").stderr
