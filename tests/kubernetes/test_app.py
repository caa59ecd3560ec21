"""The reference app's pod (issue 16): its image pinned by digest, pulled Always, run as uid/gid 10101."""

from __future__ import annotations

from typing import Any

from components.kubernetes.app import pod_spec
from components.spec import parse_spec
from components.spec.workload import APP_IMAGE, pinned

DIGEST = "26b0bf6fbf07297983cb341998d79c831508787de26627dd2a112321b9c3a4af"


def app_pod(**app: Any) -> Any:
    spec = parse_spec({"storage": {"shared": {"size_gb": 1024}}, "app": {"enabled": True, **app}}, default_name="t1")
    return pod_spec(spec, "kumo-shared")


def test_the_default_image_is_nginx_unprivileged_pinned_by_its_index_digest() -> None:
    assert f"nginxinc/nginx-unprivileged:1.31.6-alpine3.24@sha256:{DIGEST}" == APP_IMAGE
    [container] = app_pod()["containers"]
    assert (container["image"], container["image_pull_policy"]) == (APP_IMAGE, "Always")


def test_the_pod_runs_as_10101_and_keeps_the_old_group_for_old_files() -> None:
    assert app_pod()["security_context"] == {
        "run_as_non_root": True,
        "run_as_user": 10101,
        "run_as_group": 10101,
        "fs_group": 10101,
        "supplemental_groups": [101],
        "fs_group_change_policy": "OnRootMismatch",
        "seccomp_profile": {"type": "RuntimeDefault"},
    }


def test_the_container_stays_locked_down_with_tmp_its_only_writable_path() -> None:
    [container] = app_pod()["containers"]
    assert container["security_context"] == {
        "allow_privilege_escalation": False,
        "read_only_root_filesystem": True,
        "run_as_non_root": True,
        "capabilities": {"drop": ["ALL"]},
    }
    # The image keeps its pid file and temporary paths under /tmp (nginx.conf: pid /tmp/nginx.pid,
    # *_temp_path /tmp/...): an emptyDir there, the shared claim, and nothing else writable.
    assert container["volume_mounts"] == [
        {"name": "shared", "mount_path": "/usr/share/nginx/html/shared"},
        {"name": "tmp", "mount_path": "/tmp"},
    ]
    assert app_pod()["volumes"] == [
        {"name": "shared", "persistent_volume_claim": {"claim_name": "kumo-shared"}},
        {"name": "tmp", "empty_dir": {"size_limit": "64Mi"}},
    ]


def test_a_users_image_goes_into_the_pod_as_given() -> None:
    [container] = app_pod(image="registry.example.com/web/site:2.1")["containers"]
    assert container["image"] == "registry.example.com/web/site:2.1"


def test_pinned_needs_a_sha256_digest() -> None:
    assert pinned(APP_IMAGE) is True
    assert pinned(f"nginxinc/nginx-unprivileged@sha256:{DIGEST}") is True
    assert pinned("nginxinc/nginx-unprivileged:1.27-alpine") is False
    assert pinned("nginx@sha256:abc") is False
    assert pinned(f"nginx@sha256:{DIGEST.upper()}") is False
    assert pinned(f"nginx@sha512:{DIGEST}{DIGEST}") is False
