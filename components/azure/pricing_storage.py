"""The storage and key charges of an AKS stack (components/azure/pricing_items.py dispatches to them): Premium
SSD disks, SSD (premium) file shares, claims on kumo's Azure Disk classes, Key Vault keys.

Pure data: no Pulumi, no SDK.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from components.azure import traits
from components.cost import HOURS_PER_MONTH, Charge, Span

if TYPE_CHECKING:
    from components.azure.pricing_context import Context
    from components.records import Resource

PREMIUM_SSD_TIERS: tuple[tuple[str, int], ...] = (
    ("P1", 4),
    ("P2", 8),
    ("P3", 16),
    ("P4", 32),
    ("P6", 64),
    ("P10", 128),
    ("P15", 256),
    ("P20", 512),
    ("P30", 1024),
    ("P40", 2048),
    ("P50", 4096),
    ("P60", 8192),
    ("P70", 16384),
    ("P80", 32767),
)
"""Premium SSD size tiers and the GiB each holds (the "Premium SSD sizes" table of
https://learn.microsoft.com/azure/virtual-machines/disks-types, its include file dated 2023-02-14 in
MicrosoftDocs, read 2026-12-02). A disk is billed as the smallest tier that holds its provisioned size."""


def premium_ssd_tier(size_gib: float) -> str:
    """The Premium SSD tier a disk of `size_gib` is billed as; the largest tier above its range."""
    return next((tier for tier, gib in PREMIUM_SSD_TIERS if size_gib <= gib), PREMIUM_SSD_TIERS[-1][0])


# -- storage ----------------------------------------------------------------------------------------------------


def file_share(ctx: Context, r: Resource) -> list[Charge]:
    """A share on an SSD (premium) FileStorage account (`Premium_LRS`, `Premium_ZRS`): provisioned v1, billed
    on its quota by the account's redundancy (kumo's shares are 1024 GiB or more, above the model's 100 GiB
    floor). Any other account SKU is charged under its own name, unpriced."""
    account = next(
        (
            a
            for a in ctx.plan.of_type("azure-native:storage:StorageAccount")
            if a.inputs.get("accountName") == r.inputs.get("accountName")
        ),
        None,
    )
    sku = str(((account.inputs.get("sku") if account else None) or {}).get("name") or "unknown")
    quota = float(r.inputs.get("shareQuota") or 0)
    layer = r.layer or "data"
    text = f"file share {r.inputs.get('shareName') or r.name}: {quota:g} GiB provisioned ({sku})"
    match = re.fullmatch(r"Premium_(LRS|ZRS)", sku)
    if match is None:
        note = "only SSD (premium) shares under provisioned v1 are priced by kumo"
        return [Charge(layer, text, f"files:{sku}", ctx.region, "GiB-month", Span.exactly(quota), note)]
    return [Charge(layer, text, f"files:premium:{match.group(1)}", ctx.region, "GiB-month", Span.exactly(quota))]


def claim(ctx: Context, r: Resource) -> list[Charge]:
    """A claim on one of kumo's Azure Disk StorageClasses: one Premium SSD of the requested size (Premium SSD v2
    bills capacity, IOPS and throughput apart and is charged unpriced). Claims on other classes cost nothing
    themselves (the shared store is its file share)."""
    spec = r.inputs.get("spec") or {}
    classes = {
        (c.inputs.get("metadata") or {}).get("name"): c.inputs
        for c in ctx.plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
    }
    storage_class = classes.get(spec.get("storageClassName")) or {}
    if storage_class.get("provisioner") != traits.BLOCK_PROVISIONER:
        return []
    sku = str((storage_class.get("parameters") or {}).get("skuName") or "")
    gib = _gib(str(((spec.get("resources") or {}).get("requests") or {}).get("storage") or "0"))
    meta = r.inputs.get("metadata") or {}
    text = f"volume {meta.get('namespace', 'default')}/{meta.get('name', r.name)}: {gib:g} GiB ({sku})"
    layer = r.layer or "in-cluster"
    match = re.fullmatch(r"Premium_(LRS|ZRS)", sku)
    if match is None:
        return [Charge(layer, text, f"disk:{sku}", ctx.region, "month", Span.exactly(1), "not priced by kumo")]
    tier = premium_ssd_tier(gib)
    return [Charge(layer, text, f"disk:{tier}:{match.group(1)}", ctx.region, "month", Span.exactly(1))]


def _gib(quantity: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?", quantity.strip())
    if match is None:
        return 0.0
    scale = {
        "Ki": 2**-20,
        "Mi": 2**-10,
        "Gi": 1,
        "Ti": 2**10,
        "K": 1e3 / 2**30,
        "M": 1e6 / 2**30,
        "G": 1e9 / 2**30,
        "T": 1e12 / 2**30,
        None: 1 / 2**30,
    }
    return float(match.group(1)) * scale[match.group(2)]


# -- keys -------------------------------------------------------------------------------------------------------


def key(ctx: Context, r: Resource) -> list[Charge]:
    """A Key Vault key: its scheduled rotations (each one billed) and, HSM-protected, the key itself by the
    month. Software keys have no monthly fee; their operations are usage (NOT_INCLUDED)."""
    props = r.inputs.get("properties") or {}
    layer = r.layer or "data"
    found: list[Charge] = []
    if str(props.get("kty", "")).endswith("-HSM"):
        text = f"key {r.name}: HSM-protected {props.get('kty')} {props.get('keySize', '')}".rstrip()
        found.append(Charge(layer, text, "keyvault:hsm-key", ctx.region, "month", Span.exactly(1)))
    for action in (props.get("rotationPolicy") or {}).get("lifetimeActions") or []:
        if str((action.get("action") or {}).get("type", "")).lower() != "rotate":
            continue
        period = str((action.get("trigger") or {}).get("timeAfterCreate") or "")
        days = re.fullmatch(r"P(\d+)D", period)
        text = f"key {r.name}: automatic rotation every {period}"
        if days is None:
            per_month, note = 0.0, f"rotation period {period!r} not counted: kumo reads whole days (PnD)"
        else:
            per_month = HOURS_PER_MONTH / (int(days.group(1)) * 24)
            note = f"{per_month:.3f} rotations a month (730 h / {days.group(1)} days)"
        found.append(Charge(layer, text, "keyvault:rotation", ctx.region, "rotation", Span.exactly(per_month), note))
    return found
