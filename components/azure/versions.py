"""Which AKS support plan a cluster's Kubernetes minor needs on a given day (facts.KUBERNETES).

AKS offers a minor under `KubernetesOfficial` only during its community (standard) support; after that,
only under long-term support (`AKSLongTermSupport`), which AKS sells only on the Premium tier. A cluster
asking for `KubernetesOfficial` on a minor past its standard support is refused (K8sVersionNotSupported).
`kumo validate` already refuses a minor out of standard support (components/facts.py); this is the same
fact as the cluster sees it, so the plan can never carry a combination AKS refuses.
"""

from __future__ import annotations

from datetime import date

from components.azure import facts


def today() -> date:
    """The day the cluster layer reads the version facts for (tests pin it, so plans do not age)."""
    return date.today()


class UnsupportedVersion(ValueError):
    """AKS offers the minor under no plan this cluster can have on that day."""


def support_plan(minor: str | None, tier: str, today: date) -> str:
    """The ManagedCluster.supportPlan for `minor` on `today` with control-plane tier `tier`.

    None (AKS's default version at creation) and a minor in standard support get KubernetesOfficial. A minor
    only in long-term support gets AKSLongTermSupport on the Premium tier; on any other tier, or outside both
    windows, AKS offers it under no plan and this raises UnsupportedVersion naming the dates."""
    if minor is None:
        return facts.SUPPORT_PLANS["standard"]
    table = {m.minor: m for m in facts.KUBERNETES}
    fact = table.get(minor)
    if fact is None:
        raise UnsupportedVersion(f"AKS does not offer Kubernetes {minor} (known: {', '.join(table)})")
    if today < fact.released:
        raise UnsupportedVersion(
            f"Kubernetes {minor} is not generally available on AKS before {fact.released.isoformat()}"
        )
    if today <= fact.end_of_standard:
        return facts.SUPPORT_PLANS["standard"]
    lts_end = fact.end_of_extended
    if lts_end is not None and today <= lts_end:
        if tier == facts.LONG_TERM_TIER:
            return facts.SUPPORT_PLANS["long_term"]
        raise UnsupportedVersion(
            f"Kubernetes {minor} left AKS standard support on {fact.end_of_standard.isoformat()}; until "
            f"{lts_end.isoformat()} AKS offers it only under long-term support, which needs "
            f"azure.sku_tier = {facts.LONG_TERM_TIER} (this cluster: {tier})"
        )
    raise UnsupportedVersion(
        f"Kubernetes {minor} is out of every AKS support plan since {(lts_end or fact.end_of_standard).isoformat()}"
    )
