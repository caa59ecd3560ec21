"""Build kumo's shipped price tables from the clouds' public price lists.

    python tools/prices.py                 # every cloud, every region of its facts table
    python tools/prices.py aws             # one cloud
    python tools/prices.py gcp --region us-central1 --region europe-west1
    python tools/prices.py --check         # what each shipped table lacks (no network)

For each cloud it asks the pricing module (components/<cloud>/pricing.py) which SKUs kumo may charge in each
region (`catalog`), reads their prices from the cloud's price list (`refresh`: the AWS Price List Query API,
the Azure Retail Prices API, the Google Cloud Billing Catalog API; AWS and Google need credentials, see each
module), and merges them into `components/<cloud>/prices.json` with the day they were read. A price the list
does not answer keeps its shipped entry; nothing is invented. Review the diff and commit it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.clouds import CLOUDS, cloud  # noqa: E402
from components.cost import PriceSourceError, PriceTable, read_prices, write_prices  # noqa: E402


def wanted(name: str, regions: list[str]) -> list[tuple[str, str]]:
    """Every (sku, region) kumo may charge on cloud `name` in `regions`."""
    pricing = cloud(name).pricing.load()
    return [(sku, region) for region in regions for sku in pricing.catalog(region)]


def missing(name: str, regions: list[str]) -> list[tuple[str, str]]:
    """What the shipped table of cloud `name` lacks of its catalog in `regions`."""
    pricing = cloud(name).pricing.load()
    table = PriceTable().add(read_prices(pricing.PRICES))
    return [(sku, region) for sku, region in wanted(name, regions) if table.get(sku, region) is None]


def build(name: str, regions: list[str], today: date) -> int:
    """Read the catalog's prices and merge them into the shipped table; the number read."""
    pricing = cloud(name).pricing.load()
    fresh = pricing.refresh(wanted(name, regions), today)
    merged = PriceTable().add(read_prices(pricing.PRICES)).add(fresh)
    write_prices(pricing.PRICES, merged.prices.values())
    return len(fresh)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build kumo's shipped price tables from the clouds' public price lists."
    )
    parser.add_argument("clouds", nargs="*", metavar="CLOUD", help=f"{', '.join(CLOUDS)} (default: every cloud)")
    parser.add_argument("--region", action="append", help="default: every region of the cloud's facts table")
    parser.add_argument("--check", action="store_true", help="list what the shipped tables lack; read nothing")
    args = parser.parse_args(argv)
    unknown = [name for name in args.clouds if name not in CLOUDS]
    if unknown:
        parser.error(f"unknown cloud {unknown[0]!r}: kumo provisions {', '.join(CLOUDS)}")
    status = 0
    for name in args.clouds or CLOUDS:
        regions = args.region or sorted(cloud(name).location.regions)
        if args.check:
            lacking = missing(name, regions)
            covered = len(set(regions) - {r for _, r in lacking})
            print(f"{name}: {covered}/{len(regions)} regions fully priced, {len(lacking)} prices missing")
            for sku, region in lacking:
                print(f"  {region} {sku}")
            continue
        try:
            print(f"{name}: {build(name, regions, date.today())} prices read")
        except PriceSourceError as error:
            print(f"{name}: {error} ({error.hint})", file=sys.stderr)
            status = 4
    return status


if __name__ == "__main__":
    sys.exit(main())
