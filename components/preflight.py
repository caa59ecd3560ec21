"""Preflight: catch what would fail a real `up` before it starts (quotas, zones, machine types, names).

One interface for every cloud: a `Check` has an id, a title and `run(ctx) -> Result`; each cloud's
`components/<cloud>/preflight.py` exposes `CHECKS` (its check list, in order) and `context(target, ...)`
(what its checks share: clients or a command runner, and facts found by earlier checks). `run_checks`
runs every check and collects every result: it never stops at the first failure. A check that cannot run
(no credentials, no CLI, no permission to ask) is *skipped with the reason*, never passed.

This module imports no cloud SDK; the cloud modules import theirs inside the functions that run checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from components.spec import ClusterSpec

Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Result:
    """What one check found."""

    status: Status
    detail: str
    """One line: what was found (passed), what is wrong (failed), or why it could not run (skipped)."""
    fix: str | None = None
    """For a failure: what to change. For a skip: how to make the check runnable."""
    prerequisite: str | None = None
    """For a skip caused by something missing on this side (credentials, a CLI, a permission): its name."""

    @classmethod
    def passed(cls, detail: str) -> Result:
        return cls("passed", detail)

    @classmethod
    def failed(cls, detail: str, fix: str) -> Result:
        return cls("failed", detail, fix)

    @classmethod
    def skipped(cls, detail: str, *, fix: str | None = None, prerequisite: str | None = None) -> Result:
        return cls("skipped", detail, fix, prerequisite)


@dataclass(frozen=True)
class Check:
    """One preflight check of one cloud."""

    id: str
    """Stable identifier, `<cloud>.<what>` (`aws.quota.on_demand`); `--json` consumers key on it."""
    title: str
    """What is checked, as a short sentence fragment ("vCPU quota: On-Demand")."""
    run: Callable[[Any], Result]
    """Runs the check against the cloud context; may raise `Skip` or `Fail` instead of returning."""
    requires: tuple[str, ...] = ()
    """Checks that must pass first (credentials, the region); otherwise this one is skipped, naming them."""


class Skip(Exception):
    """Raised inside a check that cannot run; becomes a skipped `Result`."""

    def __init__(self, detail: str, *, fix: str | None = None, prerequisite: str | None = None) -> None:
        super().__init__(detail)
        self.result = Result.skipped(detail, fix=fix, prerequisite=prerequisite)


class Fail(Exception):
    """Raised inside a check that found a problem deep in a helper; becomes a failed `Result`."""

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(detail)
        self.result = Result.failed(detail, fix)


@dataclass(frozen=True)
class CheckResult:
    """A check together with its result."""

    id: str
    title: str
    result: Result

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "id": self.id,
            "title": self.title,
            "status": r.status,
            "detail": r.detail,
            "fix": r.fix,
            "prerequisite": r.prerequisite,
        }


@dataclass(frozen=True)
class Target:
    """What the checks of one stack look at: the validated spec and where it goes."""

    stack: str
    cloud: str
    location: str
    spec: ClusterSpec
    config: dict[str, Any] = field(default_factory=dict)
    """The stack file's config (`gcp:project`, `azure-native:subscriptionId`, ...)."""
    backend_url: str | None = None
    """The Pulumi state backend in use, if known (`s3://...`, `gs://...`, `azblob://...`, `file://...`)."""
    machine_types: dict[str, str] = field(default_factory=dict)
    """Pool name -> the machine type it runs on (its override or the cloud's size table: `sizes.pool_machine_types`)."""

    def max_vcpu(self, *, spot: bool) -> int:
        """vCPUs of every on-demand (or spot) pool at its maximum size, summed."""
        return sum(p.max_nodes * p.vcpu for p in self.spec.node_pools if p.spot == spot)


def run_checks(checks: Sequence[Check], ctx: Any) -> list[CheckResult]:
    """Run every check in order and collect every result; a failing or crashing check stops nothing."""
    done: dict[str, Result] = {}
    results: list[CheckResult] = []
    for check in checks:
        blocking = [need for need in check.requires if done.get(need, Result.skipped("")).status != "passed"]
        if blocking:
            states = ", ".join(f"{need} {done[need].status if need in done else 'did not run'}" for need in blocking)
            result = Result.skipped(f"not run: {states}")
        else:
            result = _run_one(check, ctx)
        done[check.id] = result
        results.append(CheckResult(check.id, check.title, result))
    return results


def _run_one(check: Check, ctx: Any) -> Result:
    try:
        return check.run(ctx)
    except (Skip, Fail) as exc:
        return exc.result
    except Exception as exc:
        return Result.skipped(f"could not run: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------------------------
# Cloud CLIs (az, gcloud): one runner interface that tests replace with recorded responses.


@dataclass(frozen=True)
class Completed:
    """What a CLI command returned."""

    returncode: int
    stdout: str
    stderr: str = ""


class CommandRunner(Protocol):
    """Runs a command (argv list, no shell) and returns its output; raises `FileNotFoundError` when the
    program is not installed."""

    def __call__(self, argv: list[str]) -> Completed: ...


class CommandError(Exception):
    """A CLI command that exited non-zero; `stderr` holds what it said."""

    def __init__(self, argv: list[str], returncode: int, stderr: str) -> None:
        first = next((line for line in stderr.splitlines() if line.strip()), f"exit code {returncode}")
        super().__init__(f"`{' '.join(argv[:4])}` failed: {first.strip()}")
        self.argv = argv
        self.returncode = returncode
        self.stderr = stderr


def subprocess_runner(timeout: float = 120.0) -> CommandRunner:
    """The real runner: the program on PATH, output captured, no shell, no stdin (never prompts)."""

    def run(argv: list[str]) -> Completed:
        program = shutil.which(argv[0])
        if program is None:
            raise FileNotFoundError(argv[0])
        done = subprocess.run(
            [program, *argv[1:]], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
        )
        return Completed(done.returncode, done.stdout, done.stderr)

    return run


def run_json(runner: CommandRunner, argv: list[str], *, tool: str, install: str) -> Any:
    """Run a CLI command that prints JSON and parse it; `Skip` when the CLI is missing or hangs,
    `CommandError` when it exits non-zero."""
    try:
        done = runner(argv)
    except FileNotFoundError:
        raise Skip(f"the {tool} CLI is not installed", fix=install, prerequisite=f"{tool} CLI") from None
    except subprocess.TimeoutExpired:
        raise Skip(f"`{' '.join(argv[:4])}` did not answer in time") from None
    if done.returncode != 0:
        raise CommandError(argv, done.returncode, done.stderr)
    text = done.stdout.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise Skip(f"`{' '.join(argv[:4])}` did not print JSON: {text[:80]!r}") from None


def is_kumo_cluster(tags: dict[str, str] | None, name: str) -> bool:
    """Whether a cluster found under the spec's name carries the tags kumo puts on its own clusters."""
    tags = tags or {}
    return tags.get("managed-by") == "kumo" and tags.get("kumo-cluster") == name


# ---------------------------------------------------------------------------------------------------------
# Reports


@dataclass(frozen=True)
class StackReport:
    """Every check result of one stack."""

    stack: str
    cloud: str
    location: str
    results: list[CheckResult]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.result.status == status)

    def to_json(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "cloud": self.cloud,
            "location": self.location,
            "checks": [r.to_json() for r in self.results],
            "summary": {s: self.count(s) for s in ("passed", "failed", "skipped")},
        }


PREFLIGHT_FORMAT = 1


@dataclass(frozen=True)
class PreflightReport:
    """The results of every stack's checks, and what they mean for `up`."""

    stacks: list[StackReport]
    backend_url: str | None = None

    def count(self, status: Status) -> int:
        return sum(s.count(status) for s in self.stacks)

    @property
    def failed(self) -> list[tuple[str, CheckResult]]:
        """(stack, result) of every failed check."""
        return [(s.stack, r) for s in self.stacks for r in s.results if r.result.status == "failed"]

    @property
    def missing(self) -> list[str]:
        """Prerequisites missing on this side (credentials, CLIs, permissions), each once."""
        seen: dict[str, None] = {}
        for s in self.stacks:
            for r in s.results:
                if r.result.prerequisite:
                    seen[r.result.prerequisite] = None
        return list(seen)

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was skipped for a missing prerequisite."""
        return not self.failed and not self.missing

    def to_json(self) -> dict[str, Any]:
        return {
            "kumo_preflight": PREFLIGHT_FORMAT,
            "backend_url": self.backend_url,
            "stacks": [s.to_json() for s in self.stacks],
            "summary": {s: self.count(s) for s in ("passed", "failed", "skipped")},
            "missing_prerequisites": self.missing,
        }
