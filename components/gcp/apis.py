"""The Google APIs kumo's resources need, enabled in the project before anything uses them.

Modelled on terraform-google-kubernetes-engine's `activate_apis`: each API is a `gcp.projects.Service`
that is never disabled on destroy (`disable_on_destroy=False`), so tearing one cluster down cannot break
another cluster, or anything else, in the same project; enabling an enabled API is a no-op, so two
clusters in one project may both declare them. Each child `depends_on` the APIs it calls (GcpScope.opts).

They are the data layer's, and cover every layer: the cluster layer's resources (the GKE cluster, its
backup plan, logs and identities) call APIs this layer enabled before that layer ever runs, so a
cluster-layer destroy and re-create never touches them.

Not covered: the invokes that run before any resource (`compute.get_zones`, `organizations.get_project`)
need the Compute Engine and Cloud Resource Manager APIs already on, and enabling APIs needs the Service
Usage API; `kumo doctor`/preflight is where those belong.
"""

from __future__ import annotations

import pulumi_gcp as gcp

from components.gcp import traits
from components.gcp.scope import GcpScope


def enable_apis(name: str, scope: GcpScope, *, shared_store: bool = False) -> dict[str, gcp.projects.Service]:
    """One project service per API in traits.APIS (plus traits.SHARED_STORE_APIS for a cluster with a shared
    store: its scheduled backups), keyed by its short name."""
    apis = {**traits.APIS, **(traits.SHARED_STORE_APIS if shared_store else {})}
    return {
        short: gcp.projects.Service(
            f"{name}-api-{short}",
            project=scope.project,
            service=service,
            disable_on_destroy=False,  # other workloads in the project may use it
            disable_dependent_services=False,
            opts=scope.opts(),
        )
        for short, service in apis.items()
    }
