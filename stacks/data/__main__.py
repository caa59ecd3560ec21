"""kumo's data layer: `pulumi up -C stacks/data -s STACK` (or `kumo up STACK --layer data`)."""

from components.layers.program import run

run("data")
