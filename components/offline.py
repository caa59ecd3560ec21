"""The offline engine: run the real kumo program under recording Pulumi mocks, with no cloud at all.

`kumo plan` and the test suite both use it, so what is tested is what users see. An environment is planned
as `pulumi up` applies it: one program run per layer (data, cluster, in-cluster; components/layers), in
order, each layer's stack references answered with the exports recorded for the layers before it. For
each program run it
resets the Pulumi runtime, installs `PlanMocks` (realistic outputs per resource type, answered by the
stack's cloud's `components/<cloud>/mocks.py` and `components/kubernetes/mocks.py`) and a `MockMonitor`
subclass that records every `RegisterResourceRequest`: type, name, parent, provider, inputs (engine
camelCase names, secrets unwrapped), property dependencies and options. Nothing leaves the process.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from components.layers import DEFAULT_ORGANIZATION, LAYERS, PROJECTS, stack_reference
from components.records import Plan, Resource, unwrap_secrets
from components.stackfiles import (
    PROJECT,
    StackFile,
    project_dir,
    project_settings,
)

if TYPE_CHECKING:
    from components.spec import ClusterSpec


def mock_modules(cloud_name: str) -> list[ModuleType]:
    """What answers a program run's resources and invokes: the cloud's mocks, then the Kubernetes layer's."""
    from components.clouds import cloud
    from components.kubernetes import mocks as kubernetes_mocks

    return [cast(ModuleType, cloud(cloud_name).mocks.load()), kubernetes_mocks]


# ---------------------------------------------------------------------------------------------------------
# Mocks


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


def _make_mocks(
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


def _make_monitor(mocks: Any, plan: Plan) -> Any:
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


# Mocked programs share the Pulumi runtime's globals: never run two at once in one process.
_RUN_LOCK = threading.Lock()


def engine_running() -> bool:
    """Whether a program is running under the mocks in this process. A KeyboardInterrupt must not be raised
    then: the Pulumi runtime's asyncio tasks and executor threads cannot be stopped midway (it hangs, fails
    with a misleading error, or prints "Task was destroyed but it is pending!"); the run has no effect
    outside the process, so kumo's SIGINT handler ends the process instead (cli/interrupts.py)."""
    return _RUN_LOCK.locked()


def run_program(
    program: Callable[[], Any],
    *,
    cloud: str,
    stack: str,
    config: dict[str, str],
    secret_keys: list[str] | None = None,
    project: str = PROJECT,
    layer: str | None = None,
    references: dict[str, Plan] | None = None,
) -> Plan:
    """Run `program` under recording mocks and return what it registered. `references` answers stack
    references: fully qualified stack name -> that stack's plan (its exports)."""
    import pulumi
    from pulumi.runtime import settings
    from pulumi.runtime.config import set_all_config
    from pulumi.runtime.mocks import set_mocks
    from pulumi.runtime.stack import run_in_stack
    from pulumi.runtime.sync_await import _sync_await

    plan = Plan(stack=stack, cloud=cloud, config=config, layer=layer)
    ctx = MockContext(config=config, stack=stack, project=project)
    modules = mock_modules(cloud)
    mocks = _make_mocks(modules, ctx, plan, references or {})
    with _RUN_LOCK:
        settings.ROOT.set(None)
        set_all_config(config, secret_keys=secret_keys or [])
        set_mocks(
            mocks,
            project=project,
            stack=stack,
            preview=False,
            monitor=_make_monitor(mocks, plan),
            organization=DEFAULT_ORGANIZATION,
        )
        settings.ROOT.set(None)  # set_mocks made a finished root Stack; the program gets a live one below
        runtime_settings: Any = settings.SETTINGS
        runtime_settings.rpc_manager.clear()
        runtime_settings.outputs.clear()

        def body() -> None:
            result = program()
            if isinstance(result, pulumi.Output):
                _sync_await(result.future())

        # Like `pulumi up`: the program runs inside a Stack resource, which registers its exports.
        _sync_await(run_in_stack(body))
    # Registrations arrive from executor threads in whatever order their inputs resolve: sort them so a
    # plan (and its JSON) is the same on every run.
    plan.resources.sort(key=lambda r: r.urn)
    return plan


def run_layers(
    cloud: str,
    stack: str,
    config: dict[str, str],
    layer_program: Callable[[str], Any],
    *,
    secret_keys: list[str] | None = None,
    layers: tuple[str, ...] = LAYERS,
) -> Plan:
    """Plan an environment layer by layer, as `kumo up` applies it, and merge the runs into one plan.

    `layer_program(layer)` runs one layer's program. Each layer sees the earlier layers' exports through
    its stack references, exactly the outputs that layer's program exported.
    """
    merged = Plan(stack=stack, cloud=cloud, config=config)
    references: dict[str, Plan] = {}
    for layer in layers:
        plan = run_program(
            lambda layer=layer: layer_program(layer),
            cloud=cloud,
            stack=stack,
            config=config,
            secret_keys=secret_keys,
            project=PROJECTS[layer],
            layer=layer,
            references=references,
        )
        references[stack_reference(layer, stack)] = plan
        merged.layers[layer] = plan
        merged.resources.extend(plan.resources)
        merged.outputs.update(plan.outputs)
        merged.invokes.extend(plan.invokes)
    merged.resources.sort(key=lambda r: r.urn)
    return merged


def plan_spec(
    cloud: str, spec: ClusterSpec, config: dict[str, str], *, stack: str = "test", layers: tuple[str, ...] = LAYERS
) -> Plan:
    """Plan one environment from a spec (component tests): every layer, merged (`Plan.layers` has each)."""
    import pulumi

    from components.layers.program import build_layer

    def program(layer: str) -> None:
        for key, value in build_layer(layer, cloud, spec).items():
            pulumi.export(key, value)

    return run_layers(cloud, stack, {"kumo:cloud": cloud, **config}, program, layers=layers)


def program_path(project: Path | None = None, layer: str | None = None) -> Path:
    """The program `pulumi up` runs: a layer project's `__main__.py` (stacks/<layer>/), or with no layer the
    top-level project's main (the guard on single-stack environments from before layers). Always the
    project's own (its Pulumi.yaml's `main`), never one found beside a stack file."""
    root = project or project_dir()
    main = root / str(project_settings(root).get("main", "."))
    return (main / layer if layer else main) / "__main__.py"


def plan_stack(stack: StackFile, layers: tuple[str, ...] = LAYERS) -> Plan:
    """Plan a stack file by running each layer's real program (stacks/<layer>/__main__.py) on its config.

    The programs are the project's (`project_dir()`), wherever the stack file is. The spec is validated
    first, so a bad spec raises `SpecError` before anything is registered.
    """
    stack.spec()
    config, secret_keys = stack.engine_config()
    project = project_dir()

    def program(layer: str) -> None:
        runpy.run_path(str(program_path(project, layer)), run_name="__main__")

    return run_layers(stack.cloud, stack.name, config, program, secret_keys=secret_keys, layers=layers)


__all__ = [
    "MockContext",
    "engine_running",
    "mock_modules",
    "plan_spec",
    "plan_stack",
    "program_path",
    "run_layers",
    "run_program",
]
