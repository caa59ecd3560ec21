"""The promises every kumo cluster keeps, written once and run against every cloud (fsspec's abstract tests).

`ClusterContract` holds the tests; each cloud's test module (tests/contract/test_<cloud>.py) runs them by
mixing in its fixtures: a few lines of that cloud's own words (its layer components' type tokens, its cluster
resource, the StorageClass it marks default itself, how its node pools spell labels and taints). A new cloud
gets the whole suite by writing those lines.

What this proves: the program registers, on each cloud, the resources and Kubernetes objects below with
these exact inputs and options. What it does not prove: that the cloud accepts them (see README).
"""

from __future__ import annotations

from typing import ClassVar

import kubernetes_validate
import pytest

from components.records import Plan, Resource
from components.spec import parse_spec
from tests.conftest import CONTRACT_SPEC, LOCATION, cached_spec_plan

STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
STACK_REFERENCE = "pulumi:pulumi:StackReference"
CLUSTER_OUTPUTS = {"cluster_name", "endpoint", "kubeconfig", "node_pools", "block_class", "load_balancer", "api_access"}
IN_CLUSTER_OUTPUTS = {"storage_classes", "shared_volume", "load_balancer_address", "app_url"}

NodeMarks = dict[str, tuple[dict[str, str], list[tuple[str, str, str]]]]
"""Per pool: the labels and the (key, value, Kubernetes effect) taints its nodes end up with."""


def k8s_objects(plan: Plan) -> list[Resource]:
    return [
        r
        for r in plan.resources
        if r.type.startswith("kubernetes:") and "helm.sh" not in r.type and not r.type.endswith("Patch")
    ]


def taint(key: str, value: str | None, effect: str) -> tuple[str, str, str]:
    return (key, value or "", effect)


class CloudFixtures:
    """What a cloud's test module provides (literal values, never read from the code under test)."""

    cloud: ClassVar[str]
    layer_types: ClassVar[dict[str, str]]
    """Layer -> type token of the component every resource of that layer lives under."""
    cluster_type: ClassVar[str]
    """Type token of the managed cluster resource."""
    cloud_default_classes: ClassVar[list[str]]
    """The StorageClasses the cloud marks default itself (kumo un-marks them)."""

    @staticmethod
    def node_marks(plan: Plan) -> NodeMarks:
        """Per pool, the labels and taints its nodes end up with, read from the planned pool resources."""
        raise NotImplementedError


class ClusterContract(CloudFixtures):
    """The suite: every test runs once per cloud that mixes in its fixtures."""

    @pytest.fixture
    def plan(self) -> Plan:
        return cached_spec_plan(self.cloud)

    def test_each_layer_publishes_the_output_contract(self, plan: Plan) -> None:
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

    def test_layers_read_earlier_layers_only_through_stack_references(self, plan: Plan) -> None:
        refs = {
            layer: sorted((r.name, r.id) for r in plan.layers[layer].of_type(STACK_REFERENCE))
            for layer in ("data", "cluster", "in-cluster")
        }
        assert refs == {
            "data": [],
            "cluster": [("contract-data-layer", f"organization/kumo-data/{self.cloud}-contract")],
            "in-cluster": [
                ("contract-cluster-layer", f"organization/kumo-cluster/{self.cloud}-contract"),
                ("contract-data-layer", f"organization/kumo-data/{self.cloud}-contract"),
            ],
        }
        for layer in ("cluster", "in-cluster"):
            mine = {r.urn for r in plan.in_layer(layer)}
            for r in plan.in_layer(layer):
                assert plan.dependencies(r) <= mine, f"{r.name} depends on another layer's resource"

    def test_data_and_cluster_layers_register_no_kubernetes_object(self, plan: Plan) -> None:
        for layer in ("data", "cluster"):
            kinds = {r.type for r in plan.in_layer(layer)}
            assert not {k for k in kinds if k.startswith(("kubernetes:", "pulumi:providers:kubernetes"))}, layer
        assert {r.layer for r in plan.resources if r.type.startswith("kubernetes:")} == {"in-cluster"}

    def test_storage_classes_are_identical_with_one_default(self, plan: Plan) -> None:
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
        assert [p.inputs["metadata"]["name"] for p in patches] == self.cloud_default_classes
        for patch in patches:
            assert patch.inputs["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "false"}
            assert classes["kumo-block"].urn in patch.options["depends_on"]

    def test_durable_data_lives_outside_the_cluster_lifecycle(self, plan: Plan) -> None:
        cluster = plan.one(self.cluster_type)
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

    def test_static_volume_binds_the_durable_store(self, plan: Plan) -> None:
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

    def test_load_balancer_exposure_is_the_spec(self, plan: Plan) -> None:
        service = plan.one("kubernetes:core/v1:Service")
        spec = service.inputs["spec"]
        assert spec["type"] == "LoadBalancer"
        assert [(p["port"], p["targetPort"], p["protocol"]) for p in spec["ports"]] == [
            (80, 8080, "TCP"),
            (443, 8080, "TCP"),
        ]
        assert spec["loadBalancerSourceRanges"] == ["198.51.100.0/24"]
        assert service.inputs["metadata"]["labels"]["kumo.io/scheme"] == "public"

    def test_app_mounts_the_shared_claim_and_is_hardened(self, plan: Plan) -> None:
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

    def test_every_kubernetes_object_validates_against_the_official_schema(self, plan: Plan) -> None:
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

    def test_layer_component_is_parent_of_everything_in_its_layer(self, plan: Plan) -> None:
        for layer in ("data", "cluster", "in-cluster"):
            top = plan.one(self.layer_types[layer])
            assert top.layer == layer and top.name == "contract"
            for r in plan.in_layer(layer):
                assert r.name.startswith("contract"), f"{r.type} {r.name}: child names derive from the component's"
                if r.urn == top.urn or r.type == STACK_REFERENCE:  # a layer's inputs are read at the stack's root
                    continue
                assert top.urn in {a.urn for a in plan.ancestors(r)}, (
                    f"{r.type} {r.name} is not under the {layer} layer"
                )

    def test_two_clusters_share_no_resource_name(self) -> None:
        """Names derive from the spec's name: two environments on one cloud account never collide."""
        from components.offline import plan_spec

        other = plan_spec(
            self.cloud,
            parse_spec({**CONTRACT_SPEC, "name": "other"}, default_name="other"),
            LOCATION[self.cloud],
            stack=f"{self.cloud}-other",
        )
        mine = {(r.type, r.name) for r in cached_spec_plan(self.cloud).resources}
        assert len(other.resources) == len(cached_spec_plan(self.cloud).resources)
        assert not mine & {(r.type, r.name) for r in other.resources}

    def test_node_labels_and_taints_are_the_specs(self, plan: Plan) -> None:
        """What kubectl shows on a kumo node (labels, taints) is what the spec says, the same on every cloud:
        the contract spec's spot pool included, whose AKS spot label and taint kumo declares everywhere."""
        assert self.node_marks(plan) == EXPECTED_NODE_MARKS


def _expected_node_marks() -> NodeMarks:
    from components.spec import node_labels, node_taints

    spec = parse_spec(CONTRACT_SPEC, default_name="contract")
    return {p.name: (node_labels(p), [(t.key, t.value, t.effect) for t in node_taints(p)]) for p in spec.node_pools}


EXPECTED_NODE_MARKS = _expected_node_marks()
