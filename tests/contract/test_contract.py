"""The promises every kumo cluster keeps, on every cloud (one suite, parametrized over aws/azure/gcp).

What this proves: the program registers, on each cloud, the resources and Kubernetes objects below with
these exact inputs and options. What it does not prove: that the cloud accepts them (see README).
"""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pytest

from components.records import Plan, Resource
from components.spec import parse_spec
from tests.conftest import CLOUDS, CONTRACT_SPEC, LOCATION, cached_spec_plan

LAYER_COMPONENTS = {  # layer -> the component every resource of that layer lives under
    "aws": {"data": "kumo:aws:DataLayer", "cluster": "kumo:aws:ClusterLayer", "in-cluster": "kumo:k8s:InCluster"},
    "azure": {"data": "kumo:azure:DataLayer", "cluster": "kumo:azure:ClusterLayer", "in-cluster": "kumo:k8s:InCluster"},
    "gcp": {"data": "kumo:gcp:DataLayer", "cluster": "kumo:gcp:ClusterLayer", "in-cluster": "kumo:k8s:InCluster"},
}
CLUSTER_TYPES = {
    "aws": "aws:eks/cluster:Cluster",
    "azure": "azure-native:containerservice:ManagedCluster",
    "gcp": "gcp:container/cluster:Cluster",
}
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
STACK_REFERENCE = "pulumi:pulumi:StackReference"
EXEC_COMMANDS = {"aws", "kubelogin", "gke-gcloud-auth-plugin"}
CLUSTER_OUTPUTS = {"cluster_name", "endpoint", "kubeconfig", "node_pools", "block_class", "load_balancer", "api_access"}
IN_CLUSTER_OUTPUTS = {"storage_classes", "shared_volume", "load_balancer_address", "app_url"}


def component(plan: Plan, cloud: str, layer: str) -> Resource:
    return plan.one(LAYER_COMPONENTS[cloud][layer])


def cluster_resource(plan: Plan, cloud: str) -> Resource:
    return plan.one(CLUSTER_TYPES[cloud])


def k8s_objects(plan: Plan) -> list[Resource]:
    return [
        r
        for r in plan.resources
        if r.type.startswith("kubernetes:") and "helm.sh" not in r.type and not r.type.endswith("Patch")
    ]


def test_each_layer_publishes_the_output_contract(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    cluster = plan.layers["cluster"].exports
    assert set(cluster) >= CLUSTER_OUTPUTS, CLUSTER_OUTPUTS - set(cluster)
    assert cluster["cluster_name"] == "contract"
    assert cluster["node_pools"] == ["system", "general", "batch"]
    assert cluster["endpoint"].startswith("https://")
    assert cluster["api_access"]["public"] is True and cluster["api_access"]["port"] == 443
    assert "kubeconfig" in plan.layers["cluster"].secret_exports
    store = plan.layers["data"].exports["shared_store"]
    assert sorted(store) == [
        "capacity_gb",
        "class_parameters",
        "csi_driver",
        "mount_options",
        "volume_attributes",
        "volume_handle",
    ]
    assert store["capacity_gb"] == 2560
    outputs = plan.layers["in-cluster"].exports
    assert set(outputs) == IN_CLUSTER_OUTPUTS
    assert outputs["storage_classes"] == ["kumo-block", "kumo-block-retain", "kumo-shared"]
    assert outputs["shared_volume"] == {"namespace": "kumo", "name": "kumo-shared"}
    assert outputs["load_balancer_address"]
    assert outputs["app_url"] == f"http://{outputs['load_balancer_address']}/"


def test_layers_read_earlier_layers_only_through_stack_references(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    refs = {
        layer: sorted((r.name, r.id) for r in plan.layers[layer].of_type(STACK_REFERENCE))
        for layer in ("data", "cluster", "in-cluster")
    }
    assert refs == {
        "data": [],
        "cluster": [("contract-data-layer", f"organization/kumo-data/{cloud}-contract")],
        "in-cluster": [
            ("contract-cluster-layer", f"organization/kumo-cluster/{cloud}-contract"),
            ("contract-data-layer", f"organization/kumo-data/{cloud}-contract"),
        ],
    }
    for layer in ("cluster", "in-cluster"):
        mine = {r.urn for r in plan.in_layer(layer)}
        for r in plan.in_layer(layer):
            assert plan.dependencies(r) <= mine, f"{r.name} depends on another layer's resource"


def test_data_and_cluster_layers_register_no_kubernetes_object(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    for layer in ("data", "cluster"):
        kinds = {r.type for r in plan.in_layer(layer)}
        assert not {k for k in kinds if k.startswith(("kubernetes:", "pulumi:providers:kubernetes"))}, layer
    assert {r.layer for r in plan.resources if r.type.startswith("kubernetes:")} == {"in-cluster"}


def test_storage_classes_are_identical_with_one_default(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    classes = {r.inputs["metadata"]["name"]: r for r in plan.of_type(STORAGE_CLASS)}
    assert sorted(classes) == ["kumo-block", "kumo-block-retain", "kumo-shared"]
    semantics = {
        name: (
            r.inputs["reclaimPolicy"],
            r.inputs["volumeBindingMode"],
            r.inputs["allowVolumeExpansion"],
            r.inputs["metadata"].get("annotations", {}).get("storageclass.kubernetes.io/is-default-class"),
        )
        for name, r in classes.items()
    }
    assert semantics == {
        "kumo-block": ("Delete", "WaitForFirstConsumer", True, "true"),
        "kumo-block-retain": ("Retain", "WaitForFirstConsumer", True, "false"),
        "kumo-shared": ("Retain", "Immediate", True, None),
    }
    assert classes["kumo-block"].inputs["provisioner"] == classes["kumo-block-retain"].inputs["provisioner"]
    patches = plan.of_type("kubernetes:storage.k8s.io/v1:StorageClassPatch")
    # The class each cloud marks default itself (EKS marks none since 1.30): un-marked once kumo-block exists.
    assert [p.inputs["metadata"]["name"] for p in patches] == {
        "aws": [],
        "azure": ["default"],
        "gcp": ["standard-rwo"],
    }[cloud]
    for patch in patches:
        assert patch.inputs["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "false"}
        assert classes["kumo-block"].urn in patch.options["depends_on"]


def test_durable_data_lives_outside_the_cluster_lifecycle(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    cluster = cluster_resource(plan, cloud)
    assert cluster.layer == "cluster"
    cluster_layer = {r.urn for r in plan.in_layer("cluster")}
    durable = [r for r in plan.resources if r.custom and r.options["retain_on_delete"]]
    assert durable, "no durable resource"
    for r in durable:
        assert r.layer == "data", f"{r.name} is durable but lives in the {r.layer} layer"
        assert r.options["protect"] is True, r.name  # the contract spec asks for protect
        assert not cluster_layer & {a.urn for a in plan.ancestors(r)}, f"{r.name} is parented in the cluster layer"
        assert not cluster_layer & plan.all_dependencies(r), f"{r.name} depends on the cluster layer"
        assert not r.type.startswith("kubernetes:")


def test_static_volume_binds_the_durable_store(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    pv = plan.one("kubernetes:core/v1:PersistentVolume")
    pvc = plan.one("kubernetes:core/v1:PersistentVolumeClaim")
    assert pv.inputs["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
    assert pv.inputs["spec"]["accessModes"] == ["ReadWriteMany"]
    assert pv.inputs["spec"]["capacity"] == {"storage": "2560Gi"}
    assert pv.inputs["spec"]["claimRef"] == {"namespace": "kumo", "name": "kumo-shared"}
    assert pvc.inputs["spec"]["volumeName"] == pv.inputs["metadata"]["name"]
    assert pvc.inputs["spec"]["storageClassName"] == pv.inputs["spec"]["storageClassName"] == "kumo-shared"
    store = plan.layers["data"].exports["shared_store"]
    assert pv.inputs["spec"]["csi"] == {
        "driver": store["csi_driver"],
        "volumeHandle": store["volume_handle"],
        "volumeAttributes": store["volume_attributes"],
    }
    assert pv.inputs["spec"]["csi"]["volumeHandle"]


def test_load_balancer_exposure_is_the_spec(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    service = plan.one("kubernetes:core/v1:Service")
    spec = service.inputs["spec"]
    assert spec["type"] == "LoadBalancer"
    assert [(p["port"], p["targetPort"], p["protocol"]) for p in spec["ports"]] == [
        (80, 8080, "TCP"),
        (443, 8080, "TCP"),
    ]
    assert spec["loadBalancerSourceRanges"] == ["198.51.100.0/24"]
    assert service.inputs["metadata"]["labels"]["kumo.io/scheme"] == "public"


def test_app_mounts_the_shared_claim_and_is_hardened(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    deployment = plan.one("kubernetes:apps/v1:Deployment")
    pod = deployment.inputs["spec"]["template"]["spec"]
    assert {"name": "shared", "persistentVolumeClaim": {"claimName": "kumo-shared"}} in pod["volumes"]
    assert deployment.inputs["spec"]["replicas"] == 3
    container = pod["containers"][0]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
    }
    assert [c["topologyKey"] for c in pod["topologySpreadConstraints"]] == [
        "topology.kubernetes.io/zone",
        "kubernetes.io/hostname",
    ]
    pvc = plan.one("kubernetes:core/v1:PersistentVolumeClaim")
    assert pvc.urn in deployment.options["depends_on"]


def test_every_kubernetes_object_validates_against_the_official_schema(cloud: str) -> None:
    plan = cached_spec_plan(cloud)
    objects = k8s_objects(plan)
    assert len(objects) >= 8
    for r in objects:
        manifest = {
            k: v
            for k, v in r.inputs.items()
            if k
            in (
                "apiVersion",
                "kind",
                "metadata",
                "spec",
                "data",
                "provisioner",
                "parameters",
                "reclaimPolicy",
                "volumeBindingMode",
                "allowVolumeExpansion",
                "mountOptions",
            )
        }
        kubernetes_validate.validate(manifest, "1.33", strict=True)


def test_kubernetes_manifests_are_identical_but_for_cloud_vocabulary() -> None:
    """The app, its budget, claim and namespace are byte-for-byte the same on every cloud."""

    def neutral(cloud: str) -> dict[str, Any]:
        plan = cached_spec_plan(cloud)
        picked = {}
        for type_ in (
            "kubernetes:apps/v1:Deployment",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:core/v1:PersistentVolumeClaim",
            "kubernetes:core/v1:Namespace",
        ):
            picked[type_] = plan.one(type_).inputs
        service = dict(plan.one("kubernetes:core/v1:Service").inputs)
        service["metadata"] = {k: v for k, v in service["metadata"].items() if k != "annotations"}
        service["spec"] = {k: v for k, v in service["spec"].items() if k != "loadBalancerIP"}
        picked["service"] = service
        return picked

    assert neutral("aws") == neutral("azure") == neutral("gcp")


@pytest.mark.parametrize("cloud_name", CLOUDS)
def test_layer_component_is_parent_of_everything_in_its_layer(cloud_name: str) -> None:
    plan = cached_spec_plan(cloud_name)
    for layer in ("data", "cluster", "in-cluster"):
        top = component(plan, cloud_name, layer)
        assert top.layer == layer and top.name == "contract"
        for r in plan.in_layer(layer):
            assert r.name.startswith("contract"), f"{r.type} {r.name}: child names derive from the component's"
            if r.urn == top.urn or r.type == STACK_REFERENCE:  # a layer's inputs are read at the stack's root
                continue
            assert top.urn in {a.urn for a in plan.ancestors(r)}, f"{r.type} {r.name} is not under the {layer} layer"


def test_two_clusters_share_no_resource_name(cloud: str) -> None:
    """Names derive from the spec's name: two environments on one cloud account never collide."""
    from components.offline import plan_spec

    other = plan_spec(
        cloud,
        parse_spec({**CONTRACT_SPEC, "name": "other"}, default_name="other"),
        LOCATION[cloud],
        stack=f"{cloud}-other",
    )
    mine = {(r.type, r.name) for r in cached_spec_plan(cloud).resources}
    assert len(other.resources) == len(cached_spec_plan(cloud).resources)
    assert not mine & {(r.type, r.name) for r in other.resources}


def _taint(key: str, value: str | None, effect: str) -> tuple[str, str, str]:
    return (key, value or "", effect)


def _aks_taint(spelt: str, effects: dict[str, str]) -> tuple[str, str, str]:
    """'key=value:Effect' or 'key:Effect' (AKS's spelling, Kubernetes' own) -> (key, value, Kubernetes effect)."""
    pair, _, effect = spelt.rpartition(":")
    key, _, value = pair.partition("=")
    return _taint(key, value, effects[effect])


def node_marks(cloud: str) -> dict[str, tuple[dict[str, str], list[tuple[str, str, str]]]]:
    """Per pool, the labels and taints its nodes end up with, read from the planned node-pool resources and
    spelt back the Kubernetes way (each cloud's TAINT_EFFECTS inverted)."""
    import importlib

    traits = importlib.import_module(f"components.{cloud}.traits")
    effects = {spelt: kube for kube, spelt in traits.TAINT_EFFECTS.items()}
    plan = cached_spec_plan(cloud)
    marks: dict[str, tuple[dict[str, str], list[tuple[str, str, str]]]] = {}
    if cloud == "aws":
        for group in plan.of_type("aws:eks/nodeGroup:NodeGroup"):
            labels = group.inputs["labels"]
            marks[labels["kumo.io/pool"]] = (
                labels,
                [_taint(t["key"], t.get("value"), effects[t["effect"]]) for t in group.inputs.get("taints", [])],
            )
    elif cloud == "azure":
        # The inline system pool and the AgentPool resources, plus what AKS puts on the nodes itself.
        profiles = plan.one("azure-native:containerservice:ManagedCluster").inputs["agentPoolProfiles"]
        assert len(profiles) == 1
        pools = [profiles[0], *(p.inputs for p in plan.of_type("azure-native:containerservice:AgentPool"))]
        for pool in pools:
            spot = pool.get("scaleSetPriority") == "Spot"
            labels = {**pool.get("nodeLabels", {}), **(traits.SPOT_NODE_LABELS if spot else {})}
            spelt = [*pool.get("nodeTaints", []), *(traits.SPOT_NODE_TAINTS if spot else ())]
            marks[labels["kumo.io/pool"]] = (labels, [_aks_taint(t, effects) for t in spelt])
    else:
        for pool in plan.of_type("gcp:container/nodePool:NodePool"):
            config = pool.inputs["nodeConfig"]
            labels = config["labels"]
            marks[labels["kumo.io/pool"]] = (
                labels,
                [_taint(t["key"], t.get("value"), effects[t["effect"]]) for t in config.get("taints", [])],
            )
    return marks


def test_node_labels_and_taints_are_identical_on_every_cloud() -> None:
    """What kubectl shows on a kumo node (labels, taints) is the same on EKS, AKS and GKE: the contract
    spec's spot pool included, whose AKS spot label and taint kumo declares on EKS and GKE."""
    from components.spec import node_labels, node_taints

    spec = parse_spec(CONTRACT_SPEC, default_name="contract")
    expected = {p.name: (node_labels(p), [(t.key, t.value, t.effect) for t in node_taints(p)]) for p in spec.node_pools}
    assert expected["batch"] == (
        {"kumo.io/pool": "batch", "kumo.io/workload": "batch", "kubernetes.azure.com/scalesetpriority": "spot"},
        [("kumo.io/workload", "batch", "NoSchedule"), ("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule")],
    )
    for cloud in CLOUDS:
        assert node_marks(cloud) == expected, cloud
