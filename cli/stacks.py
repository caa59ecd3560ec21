"""`kumo stacks`, `kumo validate`: the stack files themselves, offline and fast (`kumo init`: cli/init.py).

Nothing here imports Pulumi or a cloud SDK: stack files are YAML, the spec is pydantic, and the cloud
details shown (location key, machine types) come from the clouds' pure-data traits modules.
"""

from __future__ import annotations

from typing import Any

from cli.errors import BadInput
from cli.options import AllOpt, JsonOpt, StacksArg, WideOpt


def pools_line(pools: Any) -> str:
    """`system 2-3×small (system), apps 1-4×medium spot`: the pools as the stack file writes them."""
    if pools is None:
        return "default pools"
    if not isinstance(pools, list):
        return "?"
    parts = []
    for p in pools:
        if not isinstance(p, dict):
            parts.append("?")
            continue
        flags = "".join((" spot" if p.get("spot") else "", " (system)" if p.get("system") else ""))
        parts.append(
            f"{p.get('name', '?')} {p.get('min_nodes', '?')}-{p.get('max_nodes', '?')}×{p.get('size', 'medium')}{flags}"
        )
    return ", ".join(parts)


def stack_rows() -> list[dict[str, Any]]:
    """Each stack file's cloud, location and pools, read as YAML only (`kumo validate` checks the spec)."""
    from components.stackfiles import StackFileError, list_stacks, load_stack

    rows = []
    for name in list_stacks():  # one unreadable file is its row's problem; the others are still listed
        row: dict[str, Any] = {"stack": name, "cloud": None, "location": None, "pools": None, "problem": None}
        rows.append(row)
        try:
            stack = load_stack(name)
        except StackFileError as exc:
            row["problem"] = f"{exc}: `kumo validate {name}`"
            continue
        spec = stack.raw_spec
        row.update(
            cloud=stack.cloud,
            location=stack.location or None,
            pools=pools_line(spec.get("node_pools") if isinstance(spec, dict) else None),
        )
    return rows


def validate_stacks(names: list[str]) -> list[dict[str, Any]]:
    """Every stack's problems (all of them, each with its path); unknown names are problems too."""
    from components.echo import echo_text
    from components.spec import SpecError
    from components.stackfiles import STACK_NAME_RE, StackFileError, UnknownStackError, load_stack

    results = []
    for given in names:
        name = given if STACK_NAME_RE.fullmatch(given) else echo_text(given)  # shown bounded, never a path
        try:
            stack = load_stack(given)
            stack.spec()
            results.append({"stack": name, "valid": True, "problems": [], "warnings": stack.warnings()})
        except SpecError as exc:
            results.append(
                {"stack": name, "valid": False, "problems": [p.render(exc.root) for p in exc.problems], "warnings": []}
            )
        except (StackFileError, UnknownStackError) as exc:
            results.append({"stack": name, "valid": False, "problems": [str(exc).strip("'\"")], "warnings": []})
    return results


def stacks_command(json_: JsonOpt = False, wide: WideOpt = False) -> None:
    """List the stack files with their cloud, location and node pools."""
    from cli import render
    from cli.selection import NO_STACKS_HINT
    from components.stackfiles import stray_entries

    rows = stack_rows()
    for line in stray_entries():
        render.warning(line)
    if json_:
        render.json_document({"kumo_stacks": 1, "stacks": rows})
    elif rows:
        if wide:
            render.widen()
        render.stacks_table(rows)
    else:
        render.note(f"no stack files yet; {NO_STACKS_HINT}")


def validate_command(stacks: StacksArg = None, all_: AllOpt = False, json_: JsonOpt = False) -> None:
    """Validate stack files offline, reporting every problem at once (exit 2 if any)."""
    from cli import render
    from cli.selection import stack_names

    results = validate_stacks(stack_names(stacks, all_))
    if json_:
        render.json_document({"kumo_validate": 1, "stacks": results})
    else:
        render.validation(results)
    bad = [r["stack"] for r in results if not r["valid"]]
    if bad:
        raise BadInput(f"{len(bad)} of {len(results)} stack(s) invalid: {', '.join(bad)}")
