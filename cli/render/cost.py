"""What `kumo cost` prints: each stack's line items, the stacks side by side, the age of the prices.

Reads the cost document (components/estimate.py `document`), the same one `--json` prints, so the table and
the JSON never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.markup import escape
from rich.table import Table

from cli.render.consoles import err, out


def money(amount: float) -> str:
    """$1,234.56."""
    return f"${amount:,.2f}"


def span(monthly: dict[str, float] | None) -> str:
    """`$73.00` when min and max agree, else `$1,234.00 – $5,678.00`; `no price` for none."""
    if monthly is None:
        return "no price"
    low, high = money(monthly["min"]), money(monthly["max"])
    return low if low == high else f"{low} – {high}"


def _quantity(quantity: dict[str, float], unit: str) -> str:
    low, high = (f"{quantity[k]:,.6g}" for k in ("min", "max"))
    return f"{low} {unit}" if low == high else f"{low}–{high} {unit}"


def _total(stack: dict[str, Any]) -> str:
    return span(stack["monthly"]) + (" (partial)" if stack["partial"] else "")


def stack_items(stack: dict[str, Any]) -> None:
    """One stack's line items, in layer order, its total as the title; what is not included below it."""
    title = f"{stack['stack']} ({stack['cloud']}, {stack['region']}): {_total(stack)} per month"
    table = Table(title=escape(title), title_justify="left")
    for column, justify in (
        ("layer", "left"),
        ("resource", "left"),
        ("sku", "left"),
        ("quantity / month", "right"),
        ("unit price", "right"),
        ("monthly", "right"),
        ("price date", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for item in stack["items"]:
        resource = escape(item["resource"])
        if item["note"]:
            resource += f"\n[dim]{escape(item['note'])}[/]"
        if item["no_price"]:
            resource += f"\n[yellow]{escape(item['no_price'])}[/]"
        unit_price = "-" if item["unit_price"] is None else f"${item['unit_price']:g}/{item['unit']}"
        table.add_row(
            item["layer"],
            resource,
            escape(item["sku"]),
            _quantity(item["quantity"], item["unit"]),
            unit_price,
            span(item["monthly"]),
            item["price_date"] or "-",
        )
    out.print(table)
    if stack["not_included"]:
        out.print(
            "[dim]usage-based, not included:[/] " + escape("; ".join(stack["not_included"])),
            highlight=False,
            soft_wrap=True,
        )
    out.print()


def side_by_side(rows: dict[str, dict[str, dict[str, Any]]], clouds: list[str], title: str) -> None:
    """Environment x cloud: each stack's monthly range (the cost row of the equivalence report)."""
    table = Table(title=title, title_justify="left")
    table.add_column("environment")
    for name in clouds:
        table.add_column(name, justify="right")
    for env, stacks in rows.items():
        cells = []
        for name in clouds:
            stack = stacks.get(name)
            cells.append("-" if stack is None else f"{escape(stack['stack'])}\n{_total(stack)}")
        table.add_row(escape(env), *cells)
    out.print(table)


def price_age(stacks: list[dict[str, Any]], today: date) -> None:
    """How old the prices are (on stderr: a diagnostic), and how to read them again."""
    dates = sorted({item["price_date"] for s in stacks for item in s["items"] if item["price_date"]})
    if not dates:
        return
    oldest = date.fromisoformat(dates[0])
    age = (today - oldest).days
    err.print(
        f"prices read {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1 else "") + f" (the oldest {age} days old);"
        " `kumo cost --refresh` reads them again from the clouds' price lists",
        markup=False,
        highlight=False,
    )


def refresh_results(results: list[Any]) -> None:
    """Per cloud: how many prices `--refresh` read and cached, or why it could not (on stderr)."""
    for result in results:
        if result.error is None:
            err.print(f"refreshed {result.cloud}: {result.read} of {result.wanted} prices read", markup=False)
        else:
            err.print(f"[yellow]not refreshed {result.cloud}:[/] {escape(str(result.error))}", highlight=False)


def cost_rows(rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    """`kumo plan`'s cost rows (the plan document's equivalence.costs): each stack's monthly range, like stacks
    side by side, and where the line items are."""
    if not rows:
        return
    by_cloud = {
        env: {entry["cloud"]: {"stack": stack, **entry} for stack, entry in stacks.items()}
        for env, stacks in rows.items()
    }
    from components.clouds import CLOUDS

    present = [c for c in CLOUDS if any(c in row for row in by_cloud.values())]
    side_by_side(by_cloud, present, "monthly cost (USD): `kumo cost STACK...` lists the line items")
