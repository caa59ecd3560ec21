"""The recording mocks the offline engine runs a program under (components/offline.py).

`make_mocks` answers each resource and invoke from the stack's cloud's mocks module (the registry's
`mocks`), then `components/kubernetes/mocks.py`, and answers stack references with the exports recorded
for the layers before; `make_monitor` is Pulumi's mock monitor plus a record of every registration: type,
name, parent, provider, inputs (engine camelCase names, secrets unwrapped), property dependencies and options.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast

from components.clouds import cloud
from components.records import Plan, Resource, unwrap_secrets
from components.stackfiles import PROJECT


def mock_modules(cloud_name: str) -> list[ModuleType]:
    """What answers a program run's resources and invokes: the cloud's mocks, then the Kubernetes layer's."""
    from components.kubernetes import mocks as kubernetes_mocks  # the Kubernetes layer's, only when a plan runs

    return [cast(ModuleType, cloud(cloud_name).mocks.load()), kubernetes_mocks]


@dataclass(frozen=True)
class MockContext:
    """What a cloud's mocks may look at: the stack's flat config and names."""

    config: dict[str, str]
    stack: str
    project: str = PROJECT


def _mocks_base() -> tuple[type, type]:
    from pulumi.runtime.mocks import MockMonitor, Mocks

    return Mocks, MockMonitor


STACK_REFERENCE = "pulumi:pulumi:StackReference"


def make_mocks(
    modules: list[ModuleType], ctx: MockContext, plan: Plan, references: dict[str, Plan] | None = None
) -> Any:
    Mocks, _ = _mocks_base()

    class PlanMocks(Mocks):  # type: ignore[misc, valid-type]
        """Answers each resource and invoke from the cloud's mocks module, else echoes the inputs; a stack
        reference gets the exports recorded for that stack (an unknown one is an error, as in Pulumi)."""

        def new_resource(self, args: Any) -> tuple[str | None, dict[str, Any]]:
            inputs = unwrap_secrets(args.inputs, [])
            if args.typ == STACK_REFERENCE:
                target = str(inputs.get("name") or args.resource_id or args.name)
                if references is None or target not in references:
                    raise ValueError(
                        f"offline engine: stack reference {target!r} has no planned stack "
                        f"(planned: {', '.join(sorted(references or {})) or 'none'})"
                    )
                ref = references[target]
                return target, {"name": target, "outputs": ref.exports, "secretOutputNames": ref.secret_exports}
            for module in modules:
                answer = module.new_resource(args.typ, args.name, inputs, ctx)
                if answer is not None:
                    return answer
            return (f"{args.name}-id" if args.custom else None), inputs

        def call(self, args: Any) -> dict[str, Any]:
            call_args = unwrap_secrets(args.args, [])
            plan.invokes.append((args.token, call_args))
            for module in modules:
                answer = module.call(args.token, call_args, ctx)
                if answer is not None:
                    return answer
            raise NotImplementedError(f"offline engine: no mock for invoke {args.token}")

    return PlanMocks()


def make_monitor(mocks: Any, plan: Plan) -> Any:
    from pulumi.runtime import rpc

    _, MockMonitor = _mocks_base()
    lock = threading.Lock()

    class RecordingMonitor(MockMonitor):  # type: ignore[misc, valid-type]
        """The stock mock monitor, plus a record of every registration request."""

        def RegisterResource(self, request: Any) -> Any:
            response = super().RegisterResource(request)
            if request.type == "pulumi:pulumi:Stack":
                return response
            secret_paths: list[str] = []
            raw = rpc.deserialize_properties(request.object, keep_unknowns=True)
            inputs = unwrap_secrets(raw, secret_paths)
            record = Resource(
                layer=plan.layer,
                urn=response.urn,
                id=response.id or None,
                type=request.type,
                name=request.name,
                parent=request.parent or None,
                custom=bool(request.custom),
                provider=request.provider or None,
                inputs=inputs,
                secret_paths=secret_paths,
                property_dependencies={k: sorted(v.urns) for k, v in request.propertyDependencies.items()},
                options={
                    "protect": bool(request.protect),
                    "retain_on_delete": bool(request.retainOnDelete),
                    "ignore_changes": list(request.ignoreChanges),
                    "depends_on": sorted(request.dependencies),
                    "deleted_with": request.deletedWith or None,
                    "delete_before_replace": bool(request.deleteBeforeReplace),
                    "replace_on_changes": list(request.replaceOnChanges),
                    "additional_secret_outputs": list(request.additionalSecretOutputs),
                    "custom_timeouts": {
                        k: getattr(request.customTimeouts, k)
                        for k in ("create", "update", "delete")
                        if getattr(request.customTimeouts, k)
                    },
                },
            )
            with lock:
                plan.resources.append(record)
            return response

        def ReadResource(self, request: Any) -> Any:
            """A read (a stack reference, a `.get`): recorded like a registration, with its id."""
            response = super().ReadResource(request)
            inputs = unwrap_secrets(rpc.deserialize_properties(request.properties, keep_unknowns=True), [])
            record = Resource(
                layer=plan.layer,
                urn=response.urn,
                id=request.id or None,
                type=request.type,
                name=request.name,
                parent=request.parent or None,
                custom=True,
                provider=request.provider or None,
                inputs=inputs,
                secret_paths=[],
                property_dependencies={},
                options={
                    "protect": False,
                    "retain_on_delete": False,
                    "ignore_changes": [],
                    "depends_on": sorted(request.dependencies),
                    "deleted_with": None,
                    "delete_before_replace": False,
                    "replace_on_changes": [],
                    "additional_secret_outputs": [],
                    "custom_timeouts": {},
                    "read": True,
                },
            )
            with lock:
                plan.resources.append(record)
            return response

        def RegisterResourceOutputs(self, request: Any) -> Any:
            secret_paths: list[str] = []
            outputs = unwrap_secrets(rpc.deserialize_properties(request.outputs, keep_unknowns=True), secret_paths)
            with lock:
                plan.outputs[request.urn] = outputs
                if "::pulumi:pulumi:Stack::" in request.urn:
                    plan.exports = outputs
                    plan.secret_exports = sorted({p.split(".")[0].split("[")[0] for p in secret_paths})
            return super().RegisterResourceOutputs(request)

    return RecordingMonitor(mocks)
