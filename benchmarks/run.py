"""kumo's speed and memory, measured against its floor and its peers, side by side in one run.

    python benchmarks/run.py [--runs 5] [--fleet 30] [--skip-tests] [--out benchmarks/results/latest.json]

Every figure is the median of several runs. Prints a table and writes JSON. Targets (2-core machine):
`kumo --help` <= 0.2 s and faster than the cloud CLIs; warm plan <= 1.3x the floor; a 30-stack fleet in
<= 30 s with flat per-stack time; peak memory <= 500 MB; the test suite <= 120 s.

The floor: the same SDK resource classes registering the same resources (same types, names and inputs,
recorded from kumo's own plan) under plain Pulumi mocks, with none of kumo's logic. The ratio is what
kumo's spec parsing, component structure and recording cost on top of Pulumi itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.floor import floor_program  # noqa: E402 (after the path)

BIN = Path(sys.executable).parent
TARGETS = {"help_s": 0.2, "plan_ratio": 1.3, "fleet_s": 30.0, "peak_mb": 500.0, "tests_s": 120.0}


def timed(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float | None:
    """Median wall time of a command, or None when it is absent or fails."""
    if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
        return None
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
        samples.append(time.perf_counter() - start)
        if done.returncode != 0:
            return None
    return statistics.median(samples)


def startup(runs: int) -> dict[str, Any]:
    kumo = str(BIN / "kumo")
    peers = {"aws --version": ["aws", "--version"], "gcloud version": ["gcloud", "version"]}
    result: dict[str, Any] = {
        "kumo --help": timed([kumo, "--help"], runs),
        "kumo stacks": timed([kumo, "stacks"], runs),
    }
    for label, argv in peers.items():
        result[label] = timed(argv, max(1, runs // 2))
        if result[label] is None:
            result[label] = "absent"
    return result


def plans(runs: int) -> dict[str, Any]:
    """Cold `kumo plan --all` (a fresh process), then each stack warm in-process against the floor."""
    cold = timed([str(BIN / "kumo"), "plan", "--all", "--json"], max(1, runs // 2))
    from pulumi.runtime import settings
    from pulumi.runtime.mocks import MockMonitor, set_mocks
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    from components.layers import PROJECTS
    from components.offline import plan_stack
    from components.stackfiles import list_stacks, load_stack

    def answers(stack: Any) -> Any:
        from components.recording import MockContext, make_mocks, mock_modules
        from components.records import Plan

        config, _ = stack.engine_config()
        modules = mock_modules(stack.cloud)
        return make_mocks(modules, MockContext(config=config, stack=stack.name), Plan(stack.name, stack.cloud, config))

    per_stack: dict[str, Any] = {}
    for name in list_stacks():
        stack = load_stack(name)
        plan_stack(stack)  # warm: imports and caches
        kumo_times, floor_times = [], []
        layers: dict[str, Any] = {}
        for _ in range(runs):
            start = time.perf_counter()
            plan = plan_stack(stack)
            kumo_times.append(time.perf_counter() - start)
            layers = plan.layers
        for _ in range(runs):
            fallbacks: list[str] = []
            start = time.perf_counter()
            # One program run per layer, as kumo plans them (stack references replayed as plain resources).
            for layer, layer_plan in layers.items():
                # Stack-reference reads carry no registration to replay: their outputs are inputs already.
                program = floor_program([r for r in layer_plan.resources if not r.options.get("read")], fallbacks)
                settings.ROOT.set(None)
                # The same realistic mock answers kumo's engine gives (output shapes must match the SDK
                # types), under the stock MockMonitor: no recording, no kumo logic.
                mocks = answers(stack)
                set_mocks(mocks, project=PROJECTS[layer], stack=name, preview=False, monitor=MockMonitor(mocks))
                _sync_await(run_pulumi_func(program))
            floor_times.append(time.perf_counter() - start)
        k, f = statistics.median(kumo_times), statistics.median(floor_times)
        recorded = [r for layer_plan in layers.values() for r in layer_plan.resources]
        per_stack[name] = {
            "resources": len(recorded),
            "kumo_s": round(k, 4),
            "floor_s": round(f, 4),
            "ratio": round(k / f, 2),
            "floor_fallbacks": len(fallbacks),
        }
    return {"plan --all cold_s": cold, "stacks": per_stack, "worst_ratio": max(s["ratio"] for s in per_stack.values())}


def fleet(size: int) -> dict[str, Any]:
    """`size` generated stacks (equal thirds per cloud, several pools each) planned in one process."""
    from components.offline import plan_spec
    from components.spec import parse_spec

    locations = {
        "aws": {"aws:region": "us-east-1"},
        "azure": {"azure-native:location": "eastus"},
        "gcp": {"gcp:project": "fleet-project", "gcp:region": "us-central1"},
    }
    clouds = list(locations)
    times = []
    start_all = time.perf_counter()
    for i in range(size):
        cloud = clouds[i % 3]
        spec = parse_spec(
            {
                "name": f"fleet-{i}",
                "node_pools": [{"name": "system", "system": True, "min_nodes": 2, "max_nodes": 4}]
                + [
                    {
                        "name": f"pool{j}",
                        "size": ["small", "medium", "large", "xlarge"][j % 4],
                        "min_nodes": 0,
                        "max_nodes": 5 + j,
                        "spot": j % 2 == 1,
                        "labels": {"kumo.io/tier": f"t{j}"},
                    }
                    for j in range(4)
                ],
                "storage": {"shared": {"size_gb": 1024}},
                "app": {"enabled": True},
                "tags": {f"tag{k}": f"v{k}" for k in range(10)},
            },
            default_name=f"fleet-{i}",
        )
        t0 = time.perf_counter()
        plan_spec(cloud, spec, locations[cloud], stack=f"fleet-{i}")
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start_all
    steady = times[3:]  # the first of each cloud pays its SDK's imports
    n = len(steady)
    xs = list(range(n))
    mean_x, mean_y = statistics.mean(xs), statistics.mean(steady)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, steady, strict=False)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return {
        "stacks": size,
        "total_s": round(total, 2),
        "median_per_stack_s": round(statistics.median(steady), 3),
        "slope_s_per_stack": round(slope, 5),
        "first_third_median_s": round(statistics.median(steady[: n // 3]), 3),
        "last_third_median_s": round(statistics.median(steady[-(n // 3) :]), 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def test_suite() -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True
    )
    tail = done.stdout.strip().splitlines()[-1:] if done.stdout else []
    return {"wall_s": round(time.perf_counter() - start, 1), "exit": done.returncode, "result": tail}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fleet", type=int, default=30)
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    parser.add_argument("--fleet-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fleet_only:  # a fresh process, so peak memory is the fleet's own
        print(json.dumps(fleet(args.fleet)))
        return 0

    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d"),
        },
        "targets": TARGETS,
    }
    report["startup"] = startup(args.runs)
    report["plan"] = plans(args.runs)
    done = subprocess.run(
        [sys.executable, __file__, "--fleet-only", "--fleet", str(args.fleet)],
        capture_output=True,
        text=True,
        check=True,
    )
    report["fleet"] = json.loads(done.stdout.strip().splitlines()[-1])
    if not args.skip_tests:
        report["tests"] = test_suite()

    help_s = report["startup"]["kumo --help"]
    peers = [v for k, v in report["startup"].items() if not k.startswith("kumo") and isinstance(v, float)]
    report["verdict"] = {
        "help": help_s is not None and help_s <= TARGETS["help_s"] and all(help_s < p for p in peers),
        "plan_ratio": report["plan"]["worst_ratio"] <= TARGETS["plan_ratio"],
        "fleet": report["fleet"]["total_s"] <= TARGETS["fleet_s"],
        "flat": report["fleet"]["last_third_median_s"] <= 1.2 * report["fleet"]["first_third_median_s"],
        "memory": report["fleet"]["peak_mb"] <= TARGETS["peak_mb"],
    }
    if "tests" in report:
        report["verdict"]["tests"] = report["tests"]["wall_s"] <= TARGETS["tests_s"]

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    _print(report)
    return 0


def _print(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"kumo benchmarks ({report['machine']['cpus']} CPUs, Python {report['machine']['python']})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target")

    def fmt(v: Any) -> str:
        return f"{v:.3f} s" if isinstance(v, float) else str(v)

    for k, v in report["startup"].items():
        table.add_row(f"start-up: {k}", fmt(v), "<= 0.2 s, faster than peers" if k == "kumo --help" else "")
    table.add_row("plan --all, cold", fmt(report["plan"]["plan --all cold_s"]), "")
    for name, s in report["plan"]["stacks"].items():
        table.add_row(
            f"plan {name} warm ({s['resources']} resources)",
            f"{s['kumo_s']:.3f} s / floor {s['floor_s']:.3f} s = {s['ratio']}x",
            "<= 1.3x",
        )
    f = report["fleet"]
    table.add_row(f"fleet of {f['stacks']} stacks", f"{f['total_s']} s", "<= 30 s")
    table.add_row(
        "fleet per stack (median, slope)", f"{f['median_per_stack_s']} s, {f['slope_s_per_stack']} s/stack", "flat"
    )
    table.add_row("peak memory", f"{f['peak_mb']} MB", "<= 500 MB")
    if "tests" in report:
        table.add_row("test suite", f"{report['tests']['wall_s']} s", "<= 120 s")
    table.add_row("verdict", ", ".join(f"{k}={'ok' if v else 'MISSED'}" for k, v in report["verdict"].items()), "")
    Console().print(table)


if __name__ == "__main__":
    sys.exit(main())
