"""The owner job's script, run by a real shell against stand-ins for ls, chown and chmod: what it changes on a new
share, on a share the app already owns, and on a share an earlier uid/gid (101:101) owns (issue 16)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from components.gcp.share_owner import owner_script

SHELL = shutil.which("sh")
LS = '#!/bin/sh\necho "drwxrws--- 3 $OWNER 4096 Dec  2 08:07 $2"\n'
"""`ls -ldn PATH` as busybox and coreutils print it: mode, links, uid, gid, size, date, path."""
LOGGED = '#!/bin/sh\necho "${0##*/} $*" >> "$LOG"\n[ "$*" != "$FAIL" ]\n'
"""chown/chmod: log the call; fail the one call equal to $FAIL."""


def run(tmp_path: Path, owner: str, fail: str = "") -> tuple[int, list[str]]:
    bin_ = tmp_path / "bin"
    bin_.mkdir(exist_ok=True)
    for name, text in (("ls", LS), ("chown", LOGGED), ("chmod", LOGGED)):
        (bin_ / name).write_text(text)
        (bin_ / name).chmod(0o755)
    log = tmp_path / "log"
    log.write_text("")
    assert SHELL is not None
    done = subprocess.run(
        [SHELL, "-c", owner_script()],
        env={"PATH": f"{bin_}:/usr/bin:/bin", "OWNER": owner, "LOG": str(log), "FAIL": fail},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, log.read_text().splitlines()


@pytest.mark.parametrize("owner", ["0 0", "10101 10101"])
def test_a_new_share_or_the_apps_own_gets_its_root_only(tmp_path: Path, owner: str) -> None:
    assert run(tmp_path, owner) == (0, ["chown 10101:10101 /mnt/share", "chmod 2770 /mnt/share"])


@pytest.mark.parametrize("owner", ["101 101", "101 0", "1000 1000"])
def test_a_share_an_earlier_uid_owns_is_re_owned_whole_before_its_root(tmp_path: Path, owner: str) -> None:
    assert run(tmp_path, owner) == (
        0,
        ["chown -hR 10101:10101 /mnt/share", "chown 10101:10101 /mnt/share", "chmod 2770 /mnt/share"],
    )


def test_a_failed_re_own_fails_the_run_and_leaves_the_root_to_the_retry(tmp_path: Path) -> None:
    """The root is handed over last: a run that stops half-way leaves the old owner on the root, so Cloud Run's
    retry (max_retries 3) walks the whole tree again instead of seeing a finished share."""
    code, calls = run(tmp_path, "101 101", fail="-hR 10101:10101 /mnt/share")
    assert (code != 0, calls) == (True, ["chown -hR 10101:10101 /mnt/share"])
