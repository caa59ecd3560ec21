"""The workflow that backs up the shared store (components/gcp/filestore_backups.py workflow_source): its YAML
parsed and asserted step by step, the retention arithmetic, and the ids it makes (the resources around it:
test_filestore_backups.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from components.gcp import layout, traits
from components.gcp.filestore_backups import CREATE, DELETE, LIST, workflow_source
from components.records import Plan
from tests.gcp.helpers import PROJECT, REGION

WORKFLOW = "gcp:workflows/workflow:Workflow"
JOB = "gcp:cloudscheduler/job:Job"
ROLE = "gcp:projects/iAMCustomRole:IAMCustomRole"
ACCOUNT = "gcp:serviceaccount/account:Account"
MEMBER = "gcp:projects/iAMMember:IAMMember"
ZONE = f"{REGION}-b"
INSTANCE = f"projects/{PROJECT}/locations/{ZONE}/instances/prod1-shared"
PARENT = f"projects/{PROJECT}/locations/{REGION}"  # backups of a zonal instance live in its REGION


def steps_of(plan: Plan) -> list[dict[str, Any]]:
    return yaml.safe_load(plan.one(WORKFLOW).inputs["sourceContents"])["main"]["steps"]


def step(steps: list[dict[str, Any]], name: str) -> Any:
    return next(s[name] for s in steps if name in s)


def test_workflow_steps_exactly(prod_plan: Plan) -> None:
    steps = steps_of(prod_plan)
    assert [next(iter(s)) for s in steps] == [
        "init",
        "create_backup",
        "list_backups",
        "expire_old_backups",
        "next_page",
        "done",
    ]
    assert step(steps, "init") == {
        "assign": [
            {"now": "${sys.now()}"},
            {"stamp": '${text.substring(text.replace_all_regex(time.format(now), "[^0-9]", ""), 0, 14)}'},
            {"backup_id": '${"prod1-shared-" + stamp}'},
            {"cutoff": "${now - 2592000}"},
            {"page_token": ""},
        ]
    }
    assert step(steps, "create_backup") == {
        "call": "googleapis.file.v1.projects.locations.backups.create",
        "args": {
            "parent": PARENT,
            "backupId": "${backup_id}",
            "body": {
                "sourceInstance": INSTANCE,
                "sourceFileShare": "kumo",
                "description": "kumo scheduled backup of prod1-shared/kumo (cluster prod1)",
                "labels": {"kumo-backup": "scheduled", "kumo-cluster": "prod1", "managed-by": "kumo"},
                # Encrypted with the store's own key, not Google's default.
                "kmsKey": f"projects/kumo-test/locations/{REGION}/keyRings/prod1-shared-keys/cryptoKeys/shared",
            },
            "connector_params": {"timeout": 21600},
        },
        "result": "created",
    }
    assert step(steps, "list_backups") == {
        "call": "googleapis.file.v1.projects.locations.backups.list",
        "args": {"parent": PARENT, "pageToken": "${page_token}"},
        "result": "page",
    }
    loop = step(steps, "expire_old_backups")["for"]
    assert (loop["value"], loop["in"]) == ("backup", '${default(map.get(page, "backups"), [])}')
    [branch] = step(loop["steps"], "check_age")["switch"]
    assert branch["condition"] == (
        '${text.match_regex(default(map.get(backup, "sourceInstance"), ""), '
        f'"^projects/[^/]+/locations/{ZONE}/instances/prod1-shared$") and '
        'map.get(backup, "sourceFileShare") == "kumo" and '
        'map.get(backup, ["labels", "kumo-backup"]) == "scheduled" and '
        "time.parse(backup.createTime) < cutoff}"
    )
    assert branch["steps"] == [
        {
            "delete_backup": {
                "call": "googleapis.file.v1.projects.locations.backups.delete",
                "args": {"name": "${backup.name}"},
            }
        }
    ]
    assert step(steps, "next_page") == {
        "switch": [
            {
                "condition": '${"nextPageToken" in page and page.nextPageToken != ""}',
                "assign": [{"page_token": "${page.nextPageToken}"}],
                "next": "list_backups",
            }
        ]
    }
    assert step(steps, "done") == {"return": "${backup_id}"}


def test_create_comes_before_any_delete(prod_plan: Plan) -> None:
    """Prune only after a new backup is READY: when the instance is gone the create fails and nothing is deleted."""
    text = prod_plan.one(WORKFLOW).inputs["sourceContents"]
    assert text.index(CREATE) < text.index(LIST) < text.index(DELETE)
    assert text.count(DELETE) == 1 and text.count(CREATE) == 1
    assert "try:" not in text and "except:" not in text  # a failed create must stop the execution


@pytest.mark.parametrize(("days", "seconds"), [(1, 86400), (7, 604800), (30, 2592000), (35, 3024000), (365, 31536000)])
def test_retention_arithmetic(days: int, seconds: int) -> None:
    source = workflow_source(
        project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c", retain_days=days
    )
    init = step(yaml.safe_load(source)["main"]["steps"], "init")["assign"]
    assert {"cutoff": f"${{now - {seconds}}}"} in init
    assert f"kept {days} days" in source.splitlines()[0]


def test_retention_default_is_the_traits_constant() -> None:
    assert traits.FILESTORE_BACKUP_RETAIN_DAYS == 30
    source = workflow_source(project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c")
    assert "${now - 2592000}" in source
    with pytest.raises(ValueError):
        workflow_source(project="p", zone="us-central1-a", instance="s", share="kumo", cluster="c", retain_days=0)


def _stamp(seconds: float) -> str:
    """What the workflow's stamp expression yields: the first 14 digits of time.format(seconds)."""
    formatted = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return re.sub("[^0-9]", "", formatted)[:14]


BACKUP_ID = re.compile(r"^[a-z][-a-z0-9]{0,62}$")


@pytest.mark.parametrize("instance", ["prod1-shared", "a" * 40 + "-shared", "x-" + "abcdefghij" * 4 + "-shared"])
def test_backup_ids_are_valid_filestore_ids(instance: str) -> None:
    prefix = layout.backup_id_prefix(instance)
    backup_id = f"{prefix}-{_stamp(1767229200.123456)}"
    assert backup_id.endswith("-20260101010000")
    assert BACKUP_ID.match(backup_id) and not backup_id.endswith("-") and len(backup_id) <= 63, backup_id
    assert prefix == instance if len(instance) <= 48 else len(prefix) == 48


def test_backup_id_prefixes_of_long_names_differ() -> None:
    a, b = ("c" * 40 + "-one-shared"), ("c" * 40 + "-two-shared")
    assert layout.backup_id_prefix(a) != layout.backup_id_prefix(b)


@pytest.mark.parametrize(
    ("zone", "region"),
    [("europe-west1-b", "europe-west1"), ("us-central1-f", "us-central1"), ("asia-southeast1-a", "asia-southeast1")],
)
def test_zone_region(zone: str, region: str) -> None:
    assert layout.zone_region(zone) == region


def test_zone_region_rejects_a_region() -> None:
    with pytest.raises(ValueError):
        layout.zone_region("europe-west1")


@pytest.mark.parametrize("name", ["prod1-shared-backup", "a" * 47 + "-backup"])
def test_custom_role_ids(name: str) -> None:
    role = layout.custom_role_id(name, "files")
    assert re.fullmatch(r"[a-zA-Z0-9_.]{3,64}", role), role


def test_dev_workflow_backs_up_the_dev_instance(dev_plan: Plan) -> None:
    create = step(steps_of(dev_plan), "create_backup")["args"]
    assert create["parent"] == PARENT
    assert create["body"]["sourceInstance"] == f"projects/{PROJECT}/locations/{ZONE}/instances/dev1-shared"
    assert create["body"]["sourceFileShare"] == traits.FILESTORE_SHARE
