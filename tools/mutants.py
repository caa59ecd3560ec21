"""A repeatable mutation run over named mutants: each is one deliberate bug of the kind a translation or a
check could have, applied to the source, the tests that should catch it run, the source restored.

    python tools/mutants.py            # every mutant; prints each verdict and the score
    python tools/mutants.py NAME ...   # only these

A mutant is *killed* when its tests fail. The list holds the mutants issue 13 named (translations that must
show as differences, constants tested against themselves, missing boundary cases) and the checks layers and
cloud facts added. Add a mutant with every bug a test should have caught.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant("eks-spot-becomes-on-demand", "components/aws/traits.py",
           'CAPACITY_TYPES: dict[bool, str] = {False: "ON_DEMAND", True: "SPOT"}',
           'CAPACITY_TYPES: dict[bool, str] = {False: "ON_DEMAND", True: "ON_DEMAND"}',
           ("tests/aws/test_readback.py", "tests/cli/test_plan_equivalence.py")),
    Mutant("aks-medium-gets-8-vcpu", "components/azure/traits.py",
           '"medium": "Standard_D4s_v5",', '"medium": "Standard_D8s_v5",',
           ("tests/azure/test_readback.py", "tests/cli/test_plan_equivalence.py")),
    Mutant("gke-limits-per-zone", "components/gcp/node_pools.py",
           '"total_min_node_count": pool.min_nodes,\n            "total_max_node_count": pool.max_nodes,',
           '"min_node_count": pool.min_nodes,\n            "max_node_count": pool.max_nodes,',
           ("tests/gcp/test_readback.py", "tests/cli/test_plan_equivalence.py")),
    Mutant("aks-audit-category-dropped", "components/azure/traits.py",
           '"kube-audit-admin", "kube-apiserver",', '"kube-apiserver",', ("tests/azure/test_aks.py",)),
    Mutant("azure-nfs-noresvport-dropped", "components/azure/traits.py",
           '["nconnect=4", "noresvport", "actimeo=30"]', '["nconnect=4", "actimeo=30"]',
           ("tests/azure/test_storage_and_lb.py",)),
    Mutant("cloud-default-class-left-default", "components/kubernetes/storage.py",
           "        for builtin in builtin_default_classes:", "        for builtin in builtin_default_classes[:0]:",
           ("tests/contract/test_contract.py",)),
    Mutant("service-range-12-accepted", "components/spec/network.py",
           'private_range(value, 16, 24, "EKS accepts', 'private_range(value, 12, 24, "EKS accepts',
           ("tests/test_spec.py",)),
    Mutant("gate-ignores-deletes", "cli/gate.py",
           'DESTRUCTIVE_OPS = ("delete", "replace",', 'DESTRUCTIVE_OPS = ("replace",',
           ("tests/cli/test_operations.py", "tests/cli/test_layers.py")),
    Mutant("log-retention-30-days-passes", "components/policy/logging.py",
           "MIN_RETENTION_DAYS = 90", "MIN_RETENTION_DAYS = 30", ("tests/policy/test_rules.py",)),
    Mutant("version-end-day-refused", "components/facts.py",
           "    if today > fact.end_of_standard:", "    if today >= fact.end_of_standard:",
           ("tests/test_facts.py",)),
    Mutant("unreachable-api-let-through", "cli/layer_checks.py",
           "        if not found.ok:", "        if False:", ("tests/cli/test_layers.py",)),
    Mutant("migration-keeps-cross-layer-dependencies", "components/migration.py",
           'state["dependencies"] = sorted({in_layer[d] for d in record.get("dependencies", []) if d in in_layer})',
           'state["dependencies"] = sorted({in_layer.get(d, d) for d in record.get("dependencies", [])})',
           ("tests/test_migration.py",)),
    Mutant("migration-writes-mock-urns", "components/migration.py",
           "    if len(parts) >= 3 and parts[1].startswith(ROOT_PREFIX):", "    if False:",
           ("tests/test_migration.py",)),
)


def run(mutant: Mutant) -> tuple[bool, float]:
    """(killed, seconds)."""
    path = ROOT / mutant.path
    original = path.read_text()
    if original.count(mutant.old) != 1:
        raise SystemExit(f"{mutant.name}: the text to mutate is not found exactly once in {mutant.path}")
    started = time.monotonic()
    path.write_text(original.replace(mutant.old, mutant.new))
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "2",
                               *mutant.tests], cwd=ROOT, capture_output=True, text=True)
    finally:
        path.write_text(original)
    return done.returncode != 0, time.monotonic() - started


def main(names: list[str]) -> int:
    chosen = [m for m in MUTANTS if not names or m.name in names]
    killed = 0
    for mutant in chosen:
        dead, seconds = run(mutant)
        killed += dead
        print(f"{'killed ' if dead else 'SURVIVED'} {mutant.name} ({seconds:.0f} s)", flush=True)
    print(f"score: {killed}/{len(chosen)} killed")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
