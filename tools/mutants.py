"""A repeatable mutation run: deliberate bugs applied one at a time to a scratch copy of the project, the
tests that should catch each run there; the checkout itself is never modified.

    python tools/mutants.py                  # the named mutants; prints each verdict and the score
    python tools/mutants.py NAME ...         # only these
    python tools/mutants.py --auto           # every generated mutant of the modules in AUTO (tools/automutants.py)
    python tools/mutants.py --auto cli/gate.py

A mutant is *killed* when its tests fail. The named list holds the mutants issue 13 named (translations that
must show as differences, constants tested against themselves, missing boundary cases) and the checks layers
and cloud facts added: add one with every bug a test should have caught. The generated mutants flip every
comparison, boolean operator, condition, boolean and integer constant and returned value of a module
(tools/automutants.py); a survivor is either killed by a new test or listed in EQUIVALENT with the reason it
cannot be (the mutant behaves exactly like the original).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "*.pyc", "mutants")


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant(
        "eks-spot-becomes-on-demand",
        "components/aws/traits.py",
        'CAPACITY_TYPES: dict[bool, str] = {False: "ON_DEMAND", True: "SPOT"}',
        'CAPACITY_TYPES: dict[bool, str] = {False: "ON_DEMAND", True: "ON_DEMAND"}',
        ("tests/aws/test_readback.py", "tests/cli/test_plan_equivalence.py"),
    ),
    Mutant(
        "aks-medium-gets-8-vcpu",
        "components/azure/traits.py",
        '"medium": "Standard_D4s_v5",',
        '"medium": "Standard_D8s_v5",',
        ("tests/azure/test_readback.py", "tests/cli/test_plan_equivalence.py"),
    ),
    Mutant(
        "gke-limits-per-zone",
        "components/gcp/node_pools.py",
        '"total_min_node_count": pool.min_nodes,\n            "total_max_node_count": pool.max_nodes,',
        '"min_node_count": pool.min_nodes,\n            "max_node_count": pool.max_nodes,',
        ("tests/gcp/test_readback.py", "tests/cli/test_plan_equivalence.py"),
    ),
    Mutant(
        "aks-audit-category-dropped",
        "components/azure/traits.py",
        '    "kube-audit",\n    "kube-apiserver",',
        '    "kube-apiserver",',
        ("tests/azure/test_aks.py",),
    ),
    Mutant(
        "azure-nfs-noresvport-dropped",
        "components/azure/traits.py",
        '["nconnect=4", "noresvport", "actimeo=30"]',
        '["nconnect=4", "actimeo=30"]',
        ("tests/azure/test_storage_and_lb.py",),
    ),
    Mutant(
        "cloud-default-class-left-default",
        "components/kubernetes/storage.py",
        "        for builtin in builtin_default_classes:",
        "        for builtin in builtin_default_classes[:0]:",
        ("tests/contract/",),
    ),
    Mutant(
        "service-range-12-accepted",
        "components/spec/network.py",
        'private_range(value, 16, 24, "EKS accepts',
        'private_range(value, 12, 24, "EKS accepts',
        ("tests/spec/",),
    ),
    Mutant(
        "gate-ignores-deletes",
        "cli/gate.py",
        'DESTRUCTIVE_OPS = ("delete", "replace",',
        'DESTRUCTIVE_OPS = ("replace",',
        ("tests/cli/test_operations.py", "tests/cli/test_layers.py"),
    ),
    Mutant(
        "log-retention-30-days-passes",
        "components/policy/logging.py",
        "MIN_RETENTION_DAYS = 90",
        "MIN_RETENTION_DAYS = 30",
        ("tests/policy/test_rules.py",),
    ),
    Mutant(
        "version-end-day-refused",
        "components/facts.py",
        "    if today > fact.end_of_standard:",
        "    if today >= fact.end_of_standard:",
        ("tests/test_facts.py",),
    ),
    Mutant(
        "unreachable-api-let-through",
        "cli/layer_checks.py",
        "        if not found.ok:",
        "        if False:",
        ("tests/cli/test_layers.py",),
    ),
    Mutant(
        "migration-keeps-cross-layer-dependencies",
        "components/migration.py",
        'state["dependencies"] = sorted({in_layer[d] for d in record.get("dependencies", []) if d in in_layer})',
        'state["dependencies"] = sorted({in_layer.get(d, d) for d in record.get("dependencies", [])})',
        ("tests/test_migration.py",),
    ),
    Mutant(
        "migration-writes-mock-urns",
        "components/migration.py",
        "    if len(parts) >= 3 and parts[1].startswith(ROOT_PREFIX):",
        "    if False:",
        ("tests/test_migration.py",),
    ),
)


def scratch_copy() -> Path:
    """A copy of the project (no .git, no virtualenv) where mutants are applied; tests import from it."""
    target = Path(tempfile.mkdtemp(prefix="kumo-mutants-")) / "kumo"
    shutil.copytree(ROOT, target, ignore=_SKIP)
    return target


TIMEOUT_S = 120
"""A mutant whose tests run longer than this hangs (a loop that no longer ends): killed, as by a timeout in CI."""


def _default_sigint() -> None:
    """Run from a background job, SIGINT is ignored and children inherit that: the interruption tests need it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_tests(copy: Path, path: str, source: str, tests: tuple[str, ...]) -> bool:
    """Write `source` to `path` in the copy, run `tests` there (stop at the first failure), restore the file;
    True when the tests failed or hung (the mutant is killed)."""
    target = copy / path
    original = target.read_text()
    target.write_text(source)
    try:
        env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
        with subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *tests],
            cwd=copy,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_default_sigint,
        ) as process:
            try:
                return process.wait(timeout=TIMEOUT_S) != 0
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return True
    finally:
        target.write_text(original)


def run(copy: Path, mutant: Mutant) -> tuple[bool, float]:
    """(killed, seconds)."""
    original = (copy / mutant.path).read_text()
    if original.count(mutant.old) != 1:
        raise SystemExit(f"{mutant.name}: the text to mutate is not found exactly once in {mutant.path}")
    started = time.monotonic()
    killed = run_tests(copy, mutant.path, original.replace(mutant.old, mutant.new), mutant.tests)
    return killed, time.monotonic() - started


def main(args: list[str]) -> int:
    copy = scratch_copy()
    try:
        if args[:1] == ["--auto"]:
            from automutants import run_auto  # tools/ is on sys.path when this file runs as a script

            return run_auto(copy, args[1:], run_tests)
        chosen = [m for m in MUTANTS if not args or m.name in args]
        killed = 0
        for mutant in chosen:
            dead, seconds = run(copy, mutant)
            killed += dead
            print(f"{'killed ' if dead else 'SURVIVED'} {mutant.name} ({seconds:.0f} s)", flush=True)
        print(f"score: {killed}/{len(chosen)} killed")
        return 0 if killed == len(chosen) else 1
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
