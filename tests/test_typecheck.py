"""Type-check kumo against the Pulumi SDKs' types: the closest offline check of what a provider accepts.

The SDKs' nested `...ArgsDict` types catch a misspelt or mistyped argument at any depth, which the mocks
never would (they accept any input).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.typecheck
def test_pyright_reports_no_errors() -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which("pyright")
    assert pyright, "pyright is a test dependency: pip install -e '.[test]'"
    # The SDKs are resolved from the interpreter running the tests, whatever virtualenv (or none) it is.
    result = subprocess.run(
        [pyright, "--outputjson", "--pythonpath", sys.executable, "components", "cli", "stacks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    errors = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert errors == [], "\n".join(errors)
    assert report["summary"]["filesAnalyzed"] >= 30
