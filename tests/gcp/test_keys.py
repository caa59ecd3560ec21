"""The cluster's Cloud KMS keys and the service-agent grants on them, through the offline engine
(components/gcp/keys.py; which agent uses which key: test_service_facts.py)."""

from __future__ import annotations

import pytest

from components.records import Plan
from tests.gcp.helpers import PROJECT_NUMBER, REGION

CLUSTER = "gcp:container/cluster:Cluster"


def test_cluster_keys(prod_plan: Plan, dev_plan: Plan) -> None:
    for plan, protect in ((prod_plan, True), (dev_plan, False)):
        name = plan.one(CLUSTER).name
        ring = plan.one("gcp:kms/keyRing:KeyRing", f"{name}-keys")
        assert ring.inputs == {"location": REGION}  # auto-named: key rings can never be deleted
        for key in ("secrets", "disks"):
            r = plan.one("gcp:kms/cryptoKey:CryptoKey", f"{name}-{key}")
            assert r.inputs["name"] == key
            assert r.inputs["rotationPeriod"] == "7776000s"
            assert r.inputs["purpose"] == "ENCRYPT_DECRYPT"
            assert (r.options["protect"], r.options["retain_on_delete"]) == (protect, True)
        assert (ring.options["protect"], ring.options["retain_on_delete"]) == (protect, True)


@pytest.mark.parametrize(
    ("grant", "key", "agent"),
    [
        ("prod1-secrets-gke", "secrets", "container-engine-robot"),
        ("prod1-disks-compute", "disks", "compute-system"),
    ],
)
def test_service_agent_grants(prod_plan: Plan, grant: str, key: str, agent: str) -> None:
    r = prod_plan.one("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", grant).inputs
    assert r["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert r["member"] == f"serviceAccount:service-{PROJECT_NUMBER}@{agent}.iam.gserviceaccount.com"
    assert r["cryptoKeyId"].endswith(f"/cryptoKeys/{key}")
