"""The offline engine: run the real kumo program under recording Pulumi mocks, with no cloud at all.

`kumo plan` and the test suite both use it, so what is tested is what users see. An environment is planned
as `pulumi up` applies it: one program run per layer (data, cluster, in-cluster; components/layers), in
order, each layer's stack references answered with the exports recorded for the layers before it. For
each program run it
resets the Pulumi runtime and installs the recording mocks of components/recording.py: realistic outputs
per resource type from the stack's cloud's mocks, and a record of every registration. Nothing leaves the
process.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from components.layers import DEFAULT_ORGANIZATION, LAYERS, PROJECTS, stack_reference
from components.recording import MockContext, make_mocks, make_monitor, mock_modules
from components.records import Plan
from components.stackfiles import (
    PROJECT,
    StackFile,
    project_dir,
    project_settings,
)

if TYPE_CHECKING:
    from components.spec import ClusterSpec


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
    mocks = make_mocks(modules, ctx, plan, references or {})
    with _RUN_LOCK:
        settings.ROOT.set(None)
        set_all_config(config, secret_keys=secret_keys or [])
        set_mocks(
            mocks,
            project=project,
            stack=stack,
            preview=False,
            monitor=make_monitor(mocks, plan),
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
