"""The top-level project `kumo`: where single-stack environments lived before layers (issue 11).

An environment is now applied as three stacks, one per layer project (stacks/data, stacks/cluster,
stacks/in-cluster). This program declares nothing on purpose: run on a stack of this project, `pulumi up`
would otherwise plan the deletion of every resource such a stack holds. It stops with the way forward.
"""

import pulumi

from components.layers import LAYERS

stack = pulumi.get_stack()
raise pulumi.RunError(
    f"the project 'kumo' holds single-stack environments from before layers; {stack} is applied as three "
    f"stacks now: `kumo migrate {stack}` moves an existing environment's state into them without replacing "
    "anything, then "
    + ", ".join(f"`pulumi up -C stacks/{layer} -s {stack}`" for layer in LAYERS)
    + " (or `kumo up "
    + stack
    + "`)"
)
