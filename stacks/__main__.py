"""The kumo Pulumi program: stack config -> ClusterSpec -> build_cluster -> exports.

`pulumi up` runs this file on a stack; `kumo plan` and the tests run the very same file under mocks.
"""

import pulumi

from components.cluster import CLUSTER_CLASSES, build_cluster
from components.spec import SpecError, parse_spec

config = pulumi.Config("kumo")
cloud = config.require("cloud")
if cloud not in CLUSTER_CLASSES:
    raise pulumi.RunError(f"kumo:cloud = {cloud!r}: must be one of {', '.join(CLUSTER_CLASSES)}")
try:
    spec = parse_spec(config.get_object("cluster"), default_name=pulumi.get_stack())
except SpecError as error:
    raise pulumi.RunError(str(error)) from None  # a clean Pulumi error, not a Python traceback

cluster = build_cluster(spec.name, spec, cloud)
for output in ("cluster_name", "endpoint", "kubeconfig", "node_pools", "storage_classes", "shared_volume",
               "load_balancer_address", "app_url"):
    pulumi.export(output, getattr(cluster, output))
