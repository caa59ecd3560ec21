"""`kumo cost`: what each stack would cost per month, offline, from kumo's dated price table.

Each stack is planned offline (as `kumo plan` does) and every resource its layers create is priced by its
cloud's pricing module (components/<cloud>/pricing.py): a monthly range, pools at their minimum and maximum
node counts, with its line items. `--refresh` first re-reads the prices from the clouds' public price lists
and caches them; a list it cannot read (no network, no credentials) leaves the shipped prices in use, the
estimate is still shown, and the command exits 4 with the hint.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.errors import MissingPrerequisite
from cli.options import AllOpt, CostJsonOpt, StacksArg, WideOpt

RefreshOpt = Annotated[
    bool,
    typer.Option(
        "--refresh",
        metavar="",
        help="Re-read the prices the stacks need from the clouds' price lists and cache them (network; AWS "
        "and Google need credentials).",
    ),
]

SummaryOpt = Annotated[bool, typer.Option("--summary", metavar="", help="Only the stacks side by side: no line items.")]


def cost(
    stacks: StacksArg = None,
    all_: AllOpt = False,
    json_: CostJsonOpt = False,
    refresh: RefreshOpt = False,
    summary: SummaryOpt = False,
    wide: WideOpt = False,
) -> None:
    """Estimate each stack's monthly cost (USD) offline: ranges and line items, from dated prices."""
    from cli import render
    from cli.plan import plan_stacks
    from cli.render import cost as show
    from cli.selection import select_stacks
    from components import estimate
    from components.clouds import CLOUDS
    from components.facts import today as today_

    files = select_stacks(stacks, all_)
    planned = plan_stacks(files, progress=render.plan_progress("planning", len(files)))
    today = today_()
    costs = estimate.estimates(planned, today)
    failed = []
    if refresh:
        results = estimate.refresh(estimate.wanted_prices(costs), today)
        show.refresh_results(results)
        failed = [r for r in results if r.error is not None]
        costs = estimate.estimates(planned, today)  # with what was read (a cloud that failed keeps its prices)
    document = estimate.document(costs, today)
    entries: list[dict[str, Any]] = document["stacks"]  # type: ignore[assignment]
    if json_:
        render.json_document(document)
    else:
        if wide:
            render.widen()
        for entry in [] if summary else entries:
            show.stack_items(entry)
        present = [name for name in CLOUDS if any(e["cloud"] == name for e in entries)]
        if summary or len(entries) > 1:
            show.side_by_side(estimate.environments(entries), present, "monthly cost (USD), side by side")
    show.price_age(entries, today)
    for entry in entries:
        missing = [i["resource"] for i in entry["items"] if i["no_price"]]
        if missing:
            render.warning(
                f"{entry['stack']}: no price for {len(missing)} item(s) ({'; '.join(missing)}): its totals are partial"
            )
    if failed:
        raise MissingPrerequisite(
            "; ".join(f"could not refresh {r.cloud}'s prices: {r.error}" for r in failed)
            + " (the estimate above uses the prices kumo had)",
            hint="; ".join(r.error.hint for r in failed if r.error is not None),
        )
