"""The preflight interface: every check runs, dependencies skip with the reason, a crash stops nothing."""

from __future__ import annotations

from components.preflight import Check, CheckResult, PreflightReport, Result, Skip, StackReport, run_checks


def _boom(ctx: object) -> Result:
    raise KeyError("surprise")


def _no_login(ctx: object) -> Result:
    raise Skip("no credentials", fix="log in", prerequisite="X credentials")


CHECKS = [
    Check("x.login", "login", lambda ctx: Result.passed("ok")),
    Check("x.region", "region", lambda ctx: Result.failed("region off", "turn it on"), requires=("x.login",)),
    Check("x.zones", "zones", lambda ctx: Result.passed("3 zones"), requires=("x.region",)),
    Check("x.crash", "crash", _boom, requires=("x.login",)),
    Check("x.after", "after the crash", lambda ctx: Result.passed("still ran")),
    Check("x.unknown", "needs a check not in the list", lambda ctx: Result.passed("?"), requires=("x.nope",)),
]


def test_every_check_runs_and_dependencies_skip_with_the_reason() -> None:
    results = {r.id: r.result for r in run_checks(CHECKS, ctx=None)}
    assert results == {
        "x.login": Result.passed("ok"),
        "x.region": Result.failed("region off", "turn it on"),
        "x.zones": Result.skipped("not run: x.region failed"),
        "x.crash": Result.skipped("could not run: KeyError: 'surprise'"),
        "x.after": Result.passed("still ran"),
        "x.unknown": Result.skipped("not run: x.nope did not run"),
    }


def test_skip_carries_the_missing_prerequisite() -> None:
    [result] = run_checks([Check("x.login", "login", _no_login)], ctx=None)
    assert result.result == Result.skipped("no credentials", fix="log in", prerequisite="X credentials")


def _report(*results: Result) -> PreflightReport:
    checks = [CheckResult(f"x.{i}", "t", r) for i, r in enumerate(results)]
    return PreflightReport([StackReport("s", "aws", "us-east-1", checks)])


def test_report_verdicts() -> None:
    assert _report(Result.passed("a"), Result.skipped("not applicable")).ok
    missing = _report(
        Result.passed("a"), Result.skipped("b", prerequisite="az CLI"), Result.skipped("c", prerequisite="az CLI")
    )
    assert (missing.ok, missing.missing, missing.failed) == (False, ["az CLI"], [])
    failed = _report(Result.failed("a", "fix"))
    assert [(stack, r.id) for stack, r in failed.failed] == [("s", "x.0")]
    assert failed.to_json()["summary"] == {"passed": 0, "failed": 1, "skipped": 0}
