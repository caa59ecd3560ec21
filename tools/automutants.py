"""Generated mutants for tools/mutants.py --auto: every small operator change in a module, one at a time.

Each mutant changes one node of the module's syntax tree and the module is written back with `ast.unparse`
(comments are lost in the scratch copy, behaviour is not: the unmutated unparse is run first and must pass):
- a comparison's operator: < <=, > >=, == !=, in / not in, is / is not (each to its neighbour);
- `and` / `or`;
- `not x` -> `x`;
- the condition of an `if`, `while` or conditional expression negated (when it is not a comparison);
- `True` / `False` swapped, an integer n -> n + 1;
- a `return value` -> `return None`.
Docstrings, `if TYPE_CHECKING:` blocks and `__all__` are left alone. A survivor is killed by a new test or
listed in EQUIVALENT, keyed by module, line and change, with the reason it behaves exactly like the original.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

AUTO: dict[str, tuple[str, ...]] = {
    "cli/gate.py": (
        "tests/cli/test_gate_table.py",
        "tests/cli/test_durable_data.py",
        "tests/cli/test_operations.py",
        "tests/cli/test_layers.py",
        "tests/cli/test_doctor_and_units.py",
    ),
    "components/equivalence.py": (
        "tests/cli/test_equivalence_report.py",
        "tests/cli/test_doctor_and_units.py",
        "tests/cli/test_plan_equivalence.py",
        "tests/cli/test_planted_differences.py",
    ),
    "components/facts.py": ("tests/test_facts.py", "tests/cli/test_cloud_facts_input.py"),
    "components/fact_types.py": ("tests/test_fact_types.py", "tests/test_facts.py"),
    "components/sizes.py": ("tests/test_sizes.py",),
    "components/cost.py": ("tests/test_cost.py",),
    "components/aws/pricing_items.py": ("tests/aws/test_pricing.py", "tests/aws/test_pricing_plan.py"),
    "components/spec/sizes.py": ("tests/test_sizes.py",),
    "components/aws/readback.py": (
        "tests/aws/test_readback.py",
        "tests/aws/test_readback_lookup.py",
        "tests/test_network_readback.py",
    ),
    "components/azure/readback.py": (
        "tests/azure/test_readback.py",
        "tests/azure/test_readback_pools.py",
        "tests/test_network_readback.py",
    ),
    "components/gcp/readback.py": (
        "tests/gcp/test_readback.py",
        "tests/gcp/test_cluster_readback.py",
        "tests/gcp/test_network_readback.py",
        "tests/test_network_readback.py",
    ),
}
"""Module -> the tests that should kill its mutants."""

EQUIVALENT: dict[str, str] = {
    "cli/gate.py:22:19 True -> False": "Step(frozen=False): no code assigns to a Step; frozen only guards that",
    "cli/gate.py:34:19 True -> False": "Violation(frozen=False): no code assigns to a Violation",
    "components/equivalence.py:71:31 < -> <=": "environment(): when no part is the cloud, the parts joined are "
    "the stack name itself, so both branches give the same",
    "components/equivalence.py:82:53 2 -> 3": "in-cluster sorts last either way (unknown layers get 9)",
    "components/equivalence.py:84:100 9 -> 10": "any rank above in-cluster's puts an unknown layer last",
    "components/equivalence.py:89:39 0 -> 1": "every member of a group has the same summary features "
    "(summary.LAYER_FEATURES per layer), so any member answers",
    # components/facts.py, components/sizes.py
    "components/fact_types.py:23:19 True -> False": "KubernetesMinor(frozen=False): no code assigns to or hashes one",
    "components/fact_types.py:39:19 True -> False": "LocationKey(frozen=False): no code assigns to or hashes one",
    "components/fact_types.py:49:19 True -> False": "LocationFacts(frozen=False): no code assigns to or hashes one",
    "components/fact_types.py:63:19 True -> False": "FactProblem(frozen=False): no code assigns to or hashes one",
    "components/facts.py:63:86 1 -> 2": "only close[0] is read: the first anagram region is the same either way",
    "components/facts.py:64:76 1 -> 2": "only close[0] is read: get_close_matches puts the best match first for any n",
    "components/spec/sizes.py:14:19 True -> False": "NodeSize(frozen=False): no code assigns to or hashes one",
    # components/aws/readback.py
    "components/aws/readback.py:251:10 > -> >=": "network(): the elif runs only when len(gateways) != 1, where "
    ">= 1 and > 1 agree",
    # components/azure/readback.py
    # components/gcp/readback.py
}
"""`module:line:column change` of a mutant that cannot be killed -> why it behaves exactly like the original."""

_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


@dataclass(frozen=True)
class Generated:
    key: str
    """`module:line:column change`, stable while the line stays."""
    source: str


def _skipped(tree: ast.Module) -> set[int]:
    """ids of nodes not to mutate: docstrings, TYPE_CHECKING blocks, __all__."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            skip.update(id(n) for n in ast.walk(body[0]))
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            skip.update(id(n) for n in ast.walk(node))
    return skip


Undo = Callable[[], None]


def _set(node: ast.AST, field: str, value: object) -> Undo:
    """Set one field of a node in place; returns the undo."""
    before = getattr(node, field)
    setattr(node, field, value)
    return lambda: setattr(node, field, before)


def _changes(node: ast.AST, parent: ast.AST | None) -> Iterator[tuple[str, Callable[[], Undo]]]:
    """(description, apply) for each mutation of this node; apply edits the tree in place, returns the undo."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _SWAPS:
                new = _SWAPS[type(op)]
                ops = [*node.ops[:i], new(), *node.ops[i + 1 :]]
                yield f"{_SYMBOL[type(op)]} -> {_SYMBOL[new]}", lambda ops=ops: _set(node, "ops", ops)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield ("and -> or" if other is ast.Or else "or -> and"), lambda: _set(node, "op", other())
    elif isinstance(node, (ast.If, ast.While, ast.IfExp)) and not isinstance(node.test, ast.Compare):
        yield "condition negated", lambda: _set(node, "test", ast.UnaryOp(op=ast.Not(), operand=node.test))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and parent is not None:
        yield "not dropped", lambda: _replace(parent, node, node.operand)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"{node.value} -> {not node.value}", lambda: _set(node, "value", not node.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        number: int = node.value
        yield f"{number} -> {number + 1}", lambda: _set(node, "value", number + 1)
    elif (
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ):
        yield "return None", lambda: _set(node, "value", None)


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> Undo:
    """Put `new` where `old` is among `parent`'s fields; returns the undo."""
    for field, value in ast.iter_fields(parent):
        if value is old:
            return _set(parent, field, new)
        if isinstance(value, list) and any(v is old for v in value):
            return _set(parent, field, [new if v is old else v for v in value])
    raise LookupError("node not found under its parent")


def generate(root: Path, module: str) -> Iterator[Generated]:
    """Every mutant of `module` (a path relative to `root`), in source order of the nodes' walk."""
    tree = ast.parse((root / module).read_text())
    skip = _skipped(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in [n for n in ast.walk(tree) if id(n) not in skip]:
        for what, apply in _changes(node, parents.get(id(node))):
            undo = apply()
            try:
                source = ast.unparse(tree)
            finally:
                undo()
            where = f"{getattr(node, 'lineno', 0)}:{getattr(node, 'col_offset', 0) + 1}"
            yield Generated(f"{module}:{where} {what}", source)


def run_auto(copy: Path, modules: list[str], run_tests: Callable[[Path, str, str, tuple[str, ...]], bool]) -> int:
    """Run every generated mutant of `modules` (default: all of AUTO) in the scratch copy; print each survivor
    and the score; exit 1 when a survivor is not listed in EQUIVALENT."""
    unknown = [m for m in modules if m not in AUTO]
    if unknown:
        raise SystemExit(f"no tests listed for {', '.join(unknown)} in tools/automutants.py AUTO: {', '.join(AUTO)}")
    killed = total = 0
    unexplained: list[str] = []
    for module in modules or list(AUTO):
        tests = AUTO[module]
        original = (copy / module).read_text()
        if run_tests(copy, module, ast.unparse(ast.parse(original)), tests):
            raise SystemExit(
                f"{module}: its tests fail on the unmutated module as ast.unparse writes it "
                f"(run them: python -m pytest {' '.join(tests)})"
            )
        started, before = time.monotonic(), killed
        mutants = sorted(generate(copy, module), key=lambda m: [int(p) for p in m.key.split(" ")[0].split(":")[1:]])
        for mutant in mutants:
            total += 1
            if run_tests(copy, module, mutant.source, tests):
                killed += 1
            elif mutant.key in EQUIVALENT:
                print(f"equivalent {mutant.key}: {EQUIVALENT[mutant.key]}", flush=True)
            else:
                unexplained.append(mutant.key)
                print(f"SURVIVED   {mutant.key}", flush=True)
        print(f"{module}: {killed - before}/{len(mutants)} killed ({time.monotonic() - started:.0f} s)", flush=True)
    print(
        f"score: {killed}/{total} killed, {total - killed - len(unexplained)} equivalent, "
        f"{len(unexplained)} unexplained"
    )
    return 1 if unexplained else 0
