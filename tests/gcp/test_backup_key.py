"""Backup for GKE under kumo's key (DATA-07): the plan names the data layer's disk key, and the GKE service agent
that encrypts the plan's config backups may use it (else every backup fails "Missing IAM binding")."""

from __future__ import annotations

import pytest

from components.gcp.keys import key_users
from components.records import Plan

GRANT = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"


def test_disk_key_users_are_compute_backup_and_gke() -> None:
    assert sorted(key_users("disks")) == ["compute", "container", "gkebackup"]


@pytest.mark.parametrize("fixture", ["prod_plan", "dev_plan"])
def test_plan_key_is_granted_to_the_gke_and_backup_agents(request: pytest.FixtureRequest, fixture: str) -> None:
    plan: Plan = request.getfixturevalue(fixture)
    name = "prod1" if fixture == "prod_plan" else "dev1"
    disks = next(r for r in plan.of_type("gcp:kms/cryptoKey:CryptoKey") if r.inputs["name"] == "disks")
    backup = plan.one("gcp:gkebackup/backupPlan:BackupPlan")
    assert backup.inputs["backupConfig"]["encryptionKey"] == {"gcpKmsEncryptionKey": disks.id}
    members = {
        g.name: g.inputs["member"]
        for g in plan.of_type(GRANT)
        if g.inputs["cryptoKeyId"] == disks.id and g.inputs["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    }
    assert members == {
        f"{name}-disks-compute": "serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com",
        f"{name}-disks-gke": "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com",
        f"{name}-disks-gkebackup": "serviceAccount:service-123456789012@gcp-sa-gkebackup.iam.gserviceaccount.com",
    }
    # The grant is the data layer's: applied before the cluster layer creates the plan that needs it.
    grant = next(g for g in plan.of_type(GRANT) if g.name == f"{name}-disks-gke")
    assert (grant.layer, backup.layer) == ("data", "cluster")
